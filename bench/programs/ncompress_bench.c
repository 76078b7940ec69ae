// SPDX-License-Identifier: MIT
// ncompress (Debian's ncompress source package, compress42.c unchanged): the
// classic Unix compress, LZW with 9- to 16-bit codes over an open-addressing
// hash table of 69,001 entries (htab and codetab, ~400 KB of static memory on
// wasm32: the large-memory one of session 35's held-out programs), the code
// table cleared when the ratio drops (block mode). compress42.c is built with
// its main renamed and its read()/write() on file descriptors renamed to the
// two functions below, which read from and write to memory; its compress()
// and decompress() are called as its main would on stdin and stdout.
// This driver compresses text, structured binary records, a repetitive run
// and random bytes at every code width from 10 to 16 bits in block mode,
// decompresses each result and checks it is the input again.
//   ncompress_bench N      (N sets the input size: 24 KiB x N of each kind)

// the renames are for compress42.c (Program.defines apply to every file): not here
#undef main
#undef read
#undef write

#include "prog_common.h"

#include <sys/types.h>

void compress(int fdin, int fdout);
void decompress(int fdin, int fdout);
extern int maxbits;
extern int block_mode;
extern int exit_code;

enum { FD_IN = 0, FD_OUT = 1 };

// what read() and write() see: one input buffer and one growing output buffer
static const uint8_t *in_data;
static size_t in_len, in_pos;
static uint8_t *out_data;
static size_t out_len, out_cap;

ssize_t ncompress_read(int fd, void *buf, size_t n) {
    if (fd != FD_IN) {
        return -1;
    }
    size_t left = in_len - in_pos;
    size_t k = n < left ? n : left;
    memcpy(buf, in_data + in_pos, k);
    in_pos += k;
    return (ssize_t)k;
}

ssize_t ncompress_write(int fd, const void *buf, size_t n) {
    if (fd != FD_OUT) {
        return -1;
    }
    if (out_len + n > out_cap) {
        out_cap = (out_len + n) * 2;
        out_data = realloc(out_data, out_cap);
        if (out_data == NULL) {
            return -1;
        }
    }
    memcpy(out_data + out_len, buf, n);
    out_len += n;
    return (ssize_t)n;
}

// run compress() or decompress() from `data` to a new buffer (*out, its length returned)
static size_t run(void (*fn)(int, int), const uint8_t *data, size_t len, uint8_t **out) {
    in_data = data;
    in_len = len;
    in_pos = 0;
    out_data = NULL;
    out_len = out_cap = 0;
    exit_code = -1;
    fn(FD_IN, FD_OUT);
    *out = out_data;
    return out_len;
}

static uint32_t h = PROG_FNV_INIT;

static void round_trip(const char *kind, const uint8_t *data, size_t len) {
    // block mode only and 10 bits up: this version's own native build does not decompress what it
    // compresses at -b 9 or with -C (no block mode)
    for (int bits = 10; bits <= 16; bits++) {
        maxbits = bits;
        block_mode = 0x80;
        uint8_t *packed, *back;
        size_t plen = run(compress, data, len, &packed);
        size_t blen = run(decompress, packed, plen, &back);
        prog_check("decompressed equals the input", blen == len && memcmp(back, data, len) == 0);
        prog_check("no error", exit_code == -1);
        if (bits == 10 || bits == 13 || bits == 16) {
            printf("  %s %2d bits: %zu -> %zu bytes\n", kind, bits, len, plen);
        }
        h = prog_fnv(h, packed, plen);
        free(packed);
        free(back);
    }
}

// fixed-size records: a counter, a slowly varying field, a small enum, a name
static void records(uint8_t *buf, size_t len, uint32_t seed) {
    prog_rng r = { seed };
    static const char *const names[] = { "sensor", "timer", "uart", "adc", "gpio", "dma" };
    size_t i = 0;
    for (uint32_t k = 0; i < len; k++) {
        uint8_t rec[16];
        uint32_t x = prog_rand(&r);
        memcpy(rec, &k, 4);
        uint16_t slow = (uint16_t)(1000 + (k >> 4) + (x & 3));
        memcpy(rec + 4, &slow, 2);
        rec[6] = (uint8_t)(x >> 8) % 5;
        rec[7] = 0;
        memset(rec + 8, 0, 8);
        const char *nm = names[(x >> 16) % 6];
        memcpy(rec + 8, nm, strlen(nm));
        for (int j = 0; j < 16 && i < len; j++) {
            buf[i++] = rec[j];
        }
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    size_t len = (size_t)n * 24 * 1024;
    uint8_t *buf = malloc(len);
    printf("ncompress 4.2.4.6, %zu bytes each\n", len);
    prog_text(buf, len, 1234u);
    round_trip("text", buf, len);
    records(buf, len, 99u);
    round_trip("records", buf, len);
    for (size_t i = 0; i < len; i++) {
        buf[i] = "abcabcabdabcabcabe"[i % 18] + (uint8_t)(i / 4096 % 3);
    }
    round_trip("repeats", buf, len);
    prog_rng r = { 4242u };
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(prog_rand(&r) >> 24);
    }
    round_trip("random", buf, len);
    free(buf);
    return prog_end(h);
}
