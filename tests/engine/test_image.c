// SPDX-License-Identifier: MIT
// test_image.c: the image loader (modwasm/engine/image.c) never crashes and
// never leaks on a damaged image. Each image named on the command line (made
// by wasm-cross --target host) is loaded whole, then ITERATIONS times with
// one to four bytes changed (in the header and function table half the time)
// and the checksum recomputed, so the damage reaches the checks behind it:
// every load must give a module or a load error with a message and an offset
// inside the image, and return every byte it allocated. Built with
// ASan/UBSan by tests/host/test_images.py. Prints "N loads, M loaded, 0 failures".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "image.h"

#define ITERATIONS 3000

static long outstanding;

static void *counting_alloc(void *ctx, void *p, size_t old, size_t n) {
    (void)ctx;
    outstanding += (long)n - (long)(p ? old : 0);
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static uint32_t rng = 12345;
static uint32_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static int failures;
static void check(int ok, const char *what, const char *file, int iter) {
    if (!ok) {
        printf("FAIL %s: %s (iteration %d)\n", file, what, iter);
        failures++;
    }
}

int main(int argc, char **argv) {
    long loads = 0, loaded = 0;
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (f == NULL) {
            perror(argv[a]);
            return 1;
        }
        static uint8_t orig[1 << 20];
        size_t len = fread(orig, 1, sizeof(orig), f);
        fclose(f);
        // 8-byte aligned copies, as frozen arrays and GC blocks are
        uint64_t *store = malloc(len + 8);
        uint8_t *img = (uint8_t *)store;
        mw_config cfg = {.alloc = counting_alloc};
        mw_runtime *rt = NULL;
        if (mw_runtime_new(&cfg, &rt) != MW_OK) {
            return 1;
        }
        uint32_t head = mw_image_u32(orig + MW_IMAGE_AT_CODE);   // header, metadata and function table
        for (int it = -1; it < ITERATIONS; it++) {
            memcpy(img, orig, len);
            if (it >= 0) {
                int n = 1 + (int)(next() % 4);
                for (int k = 0; k < n; k++) {
                    size_t at = next() % 2 ? next() % head : next() % len;
                    if (at < MW_IMAGE_AT_META) {
                        at = MW_IMAGE_AT_VERSION + next() % (MW_IMAGE_AT_META - MW_IMAGE_AT_VERSION);
                    }
                    img[at] = next() % 2 ? (uint8_t)next() : (uint8_t)(img[at] ^ (1u << (next() % 8)));
                }
                uint32_t crc = mw_image_crc32(0, img + MW_IMAGE_AT_META, len - MW_IMAGE_AT_META);
                memcpy(img + MW_IMAGE_AT_CRC, &crc, 4);   // little-endian hosts only
            }
            long before = outstanding;
            mw_module *m = NULL;
            mw_status st = mw_module_load_image(rt, img, len, 0, &m);
            loads++;
            if (m != NULL) {
                loaded++;
                check(st == MW_OK, "status of a loaded module", argv[a], it);
                mw_module_free(rt, m);
            } else {
                const mw_report *r = mw_last_report(rt);
                check(it >= 0, "the undamaged image loads", argv[a], it);
                check(st == MW_ERR_MALFORMED || st == MW_ERR_INVALID || st == MW_ERR_NOMEM, "load status", argv[a], it);
                check(r->msg != NULL && r->msg[0] != 0, "a message", argv[a], it);
                check(r->offset <= len, "offset inside the image", argv[a], it);
            }
            check(outstanding == before, "every byte returned", argv[a], it);
        }
        mw_runtime_free(rt);
        free(store);
    }
    printf("%ld loads, %ld loaded, %d failures\n", loads, loaded, failures);
    return failures != 0;
}
