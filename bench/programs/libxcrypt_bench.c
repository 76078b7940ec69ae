// SPDX-License-Identifier: MIT
// libxcrypt 4.4.33 (Debian's libxcrypt source package, lib/ unchanged, every
// hash enabled as Debian builds it): password hashing. yescrypt, its GOST
// R 34.11-2012 variant and scrypt fill and walk megabytes of memory (yescrypt's
// pwxform multiplies 32 x 32 -> 64 bits and mixes 64-bit words; Salsa20/8
// blocks), SHA-512-crypt and the GOST hash rotate and add 64-bit words, bcrypt
// runs Blowfish key schedules, and SHA-256-, SHA-1-, MD5- and SunMD5-crypt,
// NT and BSDi DES run their rounds. This driver makes settings with
// crypt_gensalt_rn from fixed "random" bytes (so the salts are the same on
// every build), hashes passwords with crypt_rn, checks that hashing again with
// the result as the setting gives the result back (as a login would), and
// prints and hashes every result.
//   libxcrypt_bench N      (N passwords per method, more for the cheap ones; yescrypt
//                            at 1 MiB N/4 + 1 times, at 2 MiB once from N = 4, SunMD5
//                            N/8 + 1 times)
#include "prog_common.h"

#include <crypt.h>

static uint32_t h = PROG_FNV_INIT;
static int failures;

// one password hashed under `setting`, checked against itself, printed if `show`
static void hash_one(const char *name, const char *setting, const char *phrase, int show) {
    static struct crypt_data data;  // 32 KiB: not on the stack
    char result[CRYPT_OUTPUT_SIZE];
    memset(&data, 0, sizeof data);
    const char *out = crypt_rn(phrase, setting, &data, (int)sizeof data);
    if (out == NULL || out[0] == '*') {
        printf("%-14s %s: failed\n", name, setting);
        failures++;
        return;
    }
    snprintf(result, sizeof result, "%s", out);
    memset(&data, 0, sizeof data);
    const char *again = crypt_rn(phrase, result, &data, (int)sizeof data);
    if (again == NULL || strcmp(again, result) != 0) {
        printf("%-14s %s: does not verify\n", name, result);
        failures++;
    }
    h = prog_fnv(h, result, strlen(result) + 1);
    if (show) {
        printf("%-14s %s\n", name, result);
    }
}

// a setting for `prefix` at `count` from "random" bytes of the seed
static int setting_for(const char *prefix, unsigned long count, uint32_t seed, char *out, int size) {
    char rbytes[16];
    prog_rng r = { seed };
    for (size_t i = 0; i < sizeof rbytes; i++) {
        rbytes[i] = (char)(prog_rand(&r) >> 24);
    }
    return crypt_gensalt_rn(prefix, count, rbytes, (int)sizeof rbytes, out, size) != NULL;
}

static void password(char *out, size_t size, long i) {
    static const char *const words[] = { "correct", "horse", "battery", "staple", "tr0ub4dor", "&3", "ünïcödé", "" };
    snprintf(out, size, "%s-%s-%ld", words[i % 8], words[(i * 3 + 1) % 8], i * 7919);
}

static void method(const char *name, const char *prefix, unsigned long count, long times) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    char phrase[64];
    for (long i = 0; i < times; i++) {
        if (!setting_for(prefix, count, 0x5eed0000u + (uint32_t)i * 2654435761u, setting, (int)sizeof setting)) {
            printf("%-14s gensalt %s %lu failed\n", name, prefix, count);
            failures++;
            return;
        }
        password(phrase, sizeof phrase, i);
        hash_one(name, setting, phrase, i == 0);
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    printf("libxcrypt %s, %ld passwords per method\n", XCRYPT_VERSION_STR, n);
    method("yescrypt 1M", "$y$", 1, n / 4 + 1);
    if (n >= 4) {
        method("yescrypt 2M", "$y$", 2, 1);
    }
    method("gost-yescrypt", "$gy$", 1, 1);
    // scrypt's cheapest setting is 32 MiB (N = 8192, r = 32): N = 256 (its character 3 in
    // the setting, log2 N in crypt's base 64) makes it 1 MiB
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (setting_for("$7$", 6, 0x5c7e, setting, (int)sizeof setting)) {
        setting[3] = '6';
        hash_one("scrypt 1M", setting, "scrypt-password", 1);
    } else {
        printf("scrypt gensalt failed\n");
        failures++;
    }
    method("bcrypt 2b", "$2b$", 4, n);
    method("bcrypt 2y", "$2y$", 4, n / 2 + 1);
    method("sha512crypt", "$6$", 1000, n);
    method("sha256crypt", "$5$", 1000, n);
    method("sha1crypt", "$sha1", 1000, n);
    method("sunmd5", "$md5", 0, n / 8 + 1);  // at least 32,768 rounds, as the library insists
    method("md5crypt", "$1$", 0, 4 * n);
    method("nt", "$3$", 0, 16 * n);
    method("bsdicrypt", "_", 725, 4 * n);
    printf("checksum=0x%08x\n", (unsigned)h);
    if (failures == 0) {
        printf("all ok\n");
    }
    return failures != 0;
}
