// SPDX-License-Identifier: MIT
// load_image.c: loads each precompiled image named on the command line as
// the engine it is built with would (any target: the word size and byte
// order check is wasm-cross's too), and prints per image "ok" or the load
// error's message and offset. Built with the small profile's switches by
// tests/host/test_images.py, whose engine runs only its own lowering's ops
// (mw_config.h MW_ALL_OPS=0) and refuses an image with any other.
#include <stdio.h>
#include <stdlib.h>
#include "image.h"
#include "mw_malloc.h"

int main(int argc, char **argv) {
    mw_config cfg = {0};
    cfg.alloc = mw_malloc_alloc;
    mw_runtime *rt;
    if (mw_runtime_new(&cfg, &rt) != MW_OK) {
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            return 2;
        }
        static uint64_t words[1 << 17];      // 1 MiB, aligned for the code units
        uint8_t *img = (uint8_t *)words;
        size_t len = fread(img, 1, sizeof(words), f);
        fclose(f);
        mw_module *m;
        if (mw_image_load(rt, img, len, 0, true, &m) == MW_OK) {
            printf("ok\n");
            mw_module_free(rt, m);
        } else {
            const mw_report *r = mw_last_report(rt);
            printf("%s at offset 0x%x\n", r->msg, (unsigned)r->offset);
        }
    }
    mw_runtime_free(rt);
    return 0;
}
