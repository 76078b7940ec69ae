// SPDX-License-Identifier: MIT
// libmd (Debian's libmd source package, unchanged; its *hl.c helpers made from
// helper.c as its Makefile does): the BSD message digests, MD4, MD5, RIPEMD-160
// and SHA-1 (32-bit words and rotates), SHA-256, SHA-384 and SHA-512. Known
// answers first ("abc" and the empty string); then N KiB of generated data
// hashed by each in pieces of varying size, the same data at once (HASHData,
// must agree), and a chain of 64-byte messages (each the digest of the one
// before: the per-block overhead). Prints each digest and an FNV of all.
//   libmd_bench N [DIR]
// With DIR (a directory the program may write: a preopen under WASI) the data
// also goes through files: written with stdio in pieces, a part overwritten
// after a seek, read back, hashed by HASHFile and HASHFileChunk (open, lseek,
// read), the directory listed, the files removed; every digest must equal the
// in-memory one.
#include "prog_common.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "md4.h"
#include "md5.h"
#include "rmd160.h"
#include "sha1.h"
#include "sha2.h"

// One digest's functions, through the helpers' common shape.
typedef struct algo {
    const char *name;
    char *(*data)(const uint8_t *, size_t, char *);
    char *(*file)(const char *, char *);
    char *(*chunk)(const char *, char *, off_t, off_t);
    void (*pieces)(const uint8_t *, size_t, uint32_t, char *);
    const char *abc;  // the digest of "abc" (RFC 1320, 1321, 3174, FIPS 180-2, the RIPEMD-160 paper)
} algo;

#define PIECES(NAME, CTX)                                                     \
    static void NAME##_pieces(const uint8_t *p, size_t len, uint32_t seed, char *out) { \
        CTX ctx;                                                              \
        prog_rng r = { seed };                                                \
        NAME##Init(&ctx);                                                     \
        while (len > 0) {                                                     \
            size_t n = prog_rand(&r) % 300;                                   \
            n = n > len ? len : n;                                            \
            NAME##Update(&ctx, p, n);                                         \
            p += n;                                                           \
            len -= n;                                                         \
        }                                                                     \
        NAME##End(&ctx, out);                                                 \
    }
PIECES(MD4, MD4_CTX)
PIECES(MD5, MD5_CTX)
PIECES(RMD160, RMD160_CTX)
PIECES(SHA1, SHA1_CTX)
PIECES(SHA256, SHA2_CTX)
PIECES(SHA384, SHA2_CTX)
PIECES(SHA512, SHA2_CTX)

#define ALGO(NAME, ABC) { #NAME, NAME##Data, NAME##File, NAME##FileChunk, NAME##_pieces, ABC }
static const algo algos[] = {
    ALGO(MD4, "a448017aaf21d8525fc10ae87aa6729d"),
    ALGO(MD5, "900150983cd24fb0d6963f7d28e17f72"),
    ALGO(RMD160, "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
    ALGO(SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ALGO(SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ALGO(SHA384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                 "8086072ba1e7cc2358baeca134c825a7"),
    ALGO(SHA512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
};
#define NALGOS (sizeof(algos) / sizeof(algos[0]))

static uint32_t sum = PROG_FNV_INIT;

static void show(const char *what, const char *name, const char *hex) {
    printf("%-7s %-6s %s\n", what, name, hex);
    sum = prog_fnv(sum, hex, strlen(hex));
}

// The data through files in dir: every digest must be the in-memory one.
static void through_files(const char *dir, const uint8_t *data, size_t len, char want[][129]) {
    char path[512], other[512];
    snprintf(path, sizeof(path), "%s/libmd_data.bin", dir);
    snprintf(other, sizeof(other), "%s/libmd_half.bin", dir);
    FILE *f = fopen(path, "wb");
    prog_check("fopen for writing", f != NULL);
    if (f == NULL) {
        return;
    }
    // a wrong first quarter, then the rest in pieces; then the first quarter again after a seek
    size_t q = len / 4;
    for (size_t i = 0; i < q; i++) {
        fputc(data[i] ^ 0x5a, f);
    }
    prog_rng r = { 99 };
    for (size_t at = q; at < len;) {
        size_t n = prog_rand(&r) % 5000 + 1;
        n = n > len - at ? len - at : n;
        prog_check("fwrite", fwrite(data + at, 1, n, f) == n);
        at += n;
    }
    prog_check("ftell at the end", ftell(f) == (long)len);
    prog_check("fseek to 0", fseek(f, 0, SEEK_SET) == 0);
    prog_check("fwrite the first quarter", fwrite(data, 1, q, f) == q);
    prog_check("fclose", fclose(f) == 0);
    // read back with stdio, from the end first
    f = fopen(path, "rb");
    prog_check("fopen for reading", f != NULL);
    if (f == NULL) {
        return;
    }
    prog_check("fseek to the end", fseek(f, 0, SEEK_END) == 0 && ftell(f) == (long)len);
    uint8_t *back = malloc(len + 1);
    size_t got = 0;
    if (back == NULL) {
        printf("out of memory\n");
        exit(1);
    }
    prog_check("fseek back", fseek(f, 0, SEEK_SET) == 0);
    for (size_t n; (n = fread(back + got, 1, 777, f)) > 0;) {
        got += n;
    }
    fclose(f);
    prog_check("read back the bytes written", got == len && memcmp(back, data, len) == 0);
    free(back);
    // the second half alone, written as a file of its own
    f = fopen(other, "wb");
    prog_check("fopen the second file", f != NULL && fwrite(data + len / 2, 1, len - len / 2, f) == len - len / 2);
    if (f != NULL) {
        fclose(f);
    }
    struct stat st;
    prog_check("stat", stat(path, &st) == 0 && st.st_size == (off_t)len);
    int files = 0;
    DIR *d = opendir(dir);
    prog_check("opendir", d != NULL);
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        files += strncmp(e->d_name, "libmd_", 6) == 0;
    }
    if (d != NULL) {
        closedir(d);
    }
    printf("files: %d listed, %ld bytes\n", files, (long)st.st_size);
    for (size_t a = 0; a < NALGOS; a++) {
        char hex[129], part[129], tail[129];
        prog_check(algos[a].name, algos[a].file(path, hex) != NULL && strcmp(hex, want[a]) == 0);
        // the second half by HASHFileChunk (lseek) must be the second file's digest
        prog_check("chunk", algos[a].chunk(path, part, (off_t)(len / 2), (off_t)(len - len / 2)) != NULL);
        prog_check("second file", algos[a].file(other, tail) != NULL && strcmp(part, tail) == 0);
        show("chunk", algos[a].name, part);
    }
    prog_check("unlink", unlink(path) == 0 && unlink(other) == 0);
    prog_check("gone", stat(path, &st) != 0);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 64);
    size_t len = (size_t)n * 1024 + 37;  // not a whole number of blocks
    uint8_t *data = malloc(len);
    if (data == NULL) {  // a board's heap too small for the linear memory's growth
        printf("out of memory\n");
        return 1;
    }
    prog_text(data, len / 2, 26);
    prog_rng r = { 2026 };
    for (size_t i = len / 2; i < len; i++) {
        data[i] = (uint8_t)(prog_rand(&r) >> 11);
    }
    static char want[NALGOS][129];
    char hex[129];
    for (size_t a = 0; a < NALGOS; a++) {
        const algo *al = &algos[a];
        prog_check(al->name, strcmp(al->data((const uint8_t *)"abc", 3, hex), al->abc) == 0);
        al->data((const uint8_t *)"", 0, hex);
        show("empty", al->name, hex);
        al->pieces(data, len, (uint32_t)a + 1, want[a]);
        prog_check("pieces = at once", strcmp(al->data(data, len, hex), want[a]) == 0);
        show("data", al->name, want[a]);
        // a chain: each message the 64 bytes of the digest text before it
        uint8_t msg[64];
        memset(msg, 'x', sizeof(msg));
        for (long i = 0; i < n * 40; i++) {
            al->data(msg, sizeof(msg), hex);
            memcpy(msg, hex, sizeof(msg) < strlen(hex) ? sizeof(msg) : strlen(hex));
        }
        show("chain", al->name, hex);
    }
    if (argc > 2) {
        through_files(argv[2], data, len, want);
    }
    free(data);
    printf("libmd n=%ld: %s\n", n, prog_failures ? "FAILED" : "all digests agree");
    printf("checksum=0x%08x\n", (unsigned)sum);
    return prog_failures != 0;
}
