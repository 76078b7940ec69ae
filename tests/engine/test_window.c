// SPDX-License-Identifier: MIT
// Engine unit tests of windows, the address map per memory (engine/window.c),
// without MicroPython: run by tests/host/test_sheap_unit.py under ASan/UBSan.
// Accesses go through mw_memory_native / mw_memory_native_w, the same slow
// path (and hit cache) wasm loads and stores take.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "check.h"
#include "mw_config.h"

#define TOP 0x100000000ull
#define MAP(mem, buf, n, at, flags, out) mw_memory_map(rt, mem, buf, n, NULL, at, flags, NULL, out)

// (module (memory (export "m") 1))
static const uint8_t MOD_MEM[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x05, 0x01, 0x01, 0x6d, 0x02, 0x00,
};

static size_t count(const mw_memory *mem) {
    mw_window_info w;
    size_t n = 0;
    while (mw_memory_window(mem, n, &w)) {
        n++;
    }
    return n;
}

static void test_map_and_access(mw_runtime *rt, mw_instance *inst) {
    mw_memory *mem = mw_instance_memory0(inst);
    static uint8_t a[256], b[256], c[64];
    uint32_t at = 0;
    CHECK(MAP(mem, a, sizeof(a), 0x40000000, 0, &at) == MW_OK && at == 0x40000000);
    CHECK(MAP(mem, b, sizeof(b), 0x40000100, MW_MAP_READONLY, &at) == MW_OK);   // right after a
    // reads and writes land in the embedder's bytes; edges exact
    CHECK(mw_memory_native(rt, mem, 0x40000000, 4) == a);
    CHECK(mw_memory_native_w(rt, mem, 0x400000fc, 4) == a + 252);
    CHECK(mw_memory_native(rt, mem, 0x400000fd, 4) == NULL);    // straddles a and b
    CHECK(mw_memory_native(rt, mem, 0x3fffffff, 1) == NULL);    // one below a
    CHECK(mw_memory_native(rt, mem, 0x40000100, 1) == b);
    CHECK(mw_memory_native_w(rt, mem, 0x40000100, 1) == NULL);  // read-only, also after a cached read
    CHECK(mw_memory_native(rt, mem, 0x400001ff, 1) == b + 255);
    CHECK(mw_memory_native(rt, mem, 0x40000200, 1) == NULL);    // one past b
    CHECK(mw_memory_native(rt, mem, 100, 4) == mw_memory_data(mem) + 100);   // linear memory unchanged

    // refused, and nothing changed
    CHECK(MAP(mem, c, sizeof(c), 0x400000f0, 0, &at) == MW_ERR_ARG);         // overlaps a
    CHECK(MAP(mem, c, sizeof(c), 0x3fffffc1, 0, &at) == MW_ERR_ARG);         // its end overlaps a
    CHECK(MAP(mem, c, sizeof(c), 0x8000, 0, &at) == MW_ERR_ARG);             // inside linear memory
    CHECK(MAP(mem, c, sizeof(c), TOP - 32, 0, &at) == MW_ERR_ARG);           // past 2^32
    CHECK(MAP(mem, c, sizeof(c), TOP, 0, &at) == MW_ERR_ARG);
    CHECK(MAP(mem, c, 0, 0x50000000, 0, &at) == MW_ERR_ARG);                 // empty
    CHECK(count(mem) == 2);
    CHECK(MAP(mem, c, sizeof(c), TOP - 64, 0, &at) == MW_OK);                // right up to 2^32
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 1), 1) == c + 63);
    CHECK(mw_memory_unmap(rt, mem, (uint32_t)(TOP - 64)) == MW_OK);

    // anywhere: the highest free 8-aligned range, below the previous one
    CHECK(MAP(mem, c, 60, 0, MW_MAP_ANYWHERE, &at) == MW_OK && at == (uint32_t)(TOP - 64));
    uint32_t at2 = 0;
    CHECK(MAP(mem, c, 64, 0, MW_MAP_ANYWHERE, &at2) == MW_OK && at2 == (uint32_t)(TOP - 128));
    CHECK(count(mem) == 4);
    mw_window_info w;
    CHECK(mw_memory_window(mem, 0, &w) && w.start == 0x40000000 && !w.readonly);
    CHECK(mw_memory_window(mem, 1, &w) && w.start == 0x40000100 && w.readonly);
    CHECK(mw_memory_window(mem, 3, &w) && w.start == at && w.size == 60 && !mw_memory_window(mem, 4, &w));

    // at most MW_MAX_WINDOWS
    static uint8_t more[8];
    size_t n = count(mem);
    for (; n < MW_MAX_WINDOWS; n++) {
        CHECK(MAP(mem, more, 8, 0x20000000 + 16 * n, 0, &at) == MW_OK);
    }
    CHECK(MAP(mem, more, 8, 0x30000000, 0, &at) == MW_ERR_ARG && count(mem) == MW_MAX_WINDOWS);

    // unmap: the cache goes with it, unknown starts are refused
    CHECK(mw_memory_native(rt, mem, 0x40000004, 1) == a + 4);
    CHECK(mw_memory_unmap(rt, mem, 0x40000000) == MW_OK);
    CHECK(mw_memory_native(rt, mem, 0x40000004, 1) == NULL);
    CHECK(mw_memory_unmap(rt, mem, 0x40000000) == MW_ERR_ARG && mw_memory_unmap(rt, mem, 0x40000104) == MW_ERR_ARG);
    while (mw_memory_window(mem, 0, &w)) {
        CHECK(mw_memory_unmap(rt, mem, w.start) == MW_OK);
    }
}

// memory.grow stops below the lowest window; a window must sit above the memory
static void test_grow(mw_runtime *rt, mw_instance *inst) {
    mw_memory *mem = mw_instance_memory0(inst);
    static uint8_t a[16];
    uint32_t at;
    CHECK(MAP(mem, a, sizeof(a), 0x30000, 0, &at) == MW_OK);           // pages 3..
    CHECK(mw_memory_grow(rt, mem, 2) == 1);                            // to 3 pages: ends at the window
    CHECK(mw_memory_grow(rt, mem, 1) == -1);                           // would reach into it
    CHECK(mw_memory_unmap(rt, mem, 0x30000) == MW_OK && mw_memory_grow(rt, mem, 1) == 3);
    CHECK(MAP(mem, a, sizeof(a), 0x30000, 0, &at) == MW_ERR_ARG);      // now inside linear memory
    CHECK(MAP(mem, a, sizeof(a), 0x40000, 0, &at) == MW_OK && mw_memory_unmap(rt, mem, 0x40000) == MW_OK);
}

// windows and a shared-heap chain share the space above linear memory
static void test_with_heaps(mw_runtime *rt, mw_instance *inst) {
    mw_memory *mem = mw_instance_memory0(inst);
    static uint8_t hb[256], wb[64];
    mw_sheap *h;
    CHECK(mw_sheap_new(rt, hb, sizeof(hb), true, NULL, &h) == MW_OK);
    uint32_t at;
    CHECK(MAP(mem, wb, sizeof(wb), TOP - 128, 0, &at) == MW_OK);
    CHECK(mw_instance_attach(rt, inst, h, false) == MW_ERR_ARG);       // the chain would cover the window
    CHECK(mw_memory_unmap(rt, mem, (uint32_t)(TOP - 128)) == MW_OK);
    CHECK(mw_instance_attach(rt, inst, h, false) == MW_OK);
    CHECK(MAP(mem, wb, sizeof(wb), TOP - 300, 0, &at) == MW_ERR_ARG);  // ends inside the chain
    CHECK(MAP(mem, wb, sizeof(wb), 0, MW_MAP_ANYWHERE, &at) == MW_OK && at == (uint32_t)(TOP - 256 - 64));
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 256), 8) == hb);  // heap, then window, then heap
    CHECK(mw_memory_native(rt, mem, at, 8) == wb);
    CHECK(mw_memory_native_w(rt, mem, (uint32_t)(TOP - 8), 8) == hb + 248);
    CHECK(mw_memory_unmap(rt, mem, at) == MW_OK);
    mw_instance_detach(inst);

    // a heap shown in a window: in use (not freed, chained or reset) until unmapped
    CHECK(mw_memory_map(rt, mem, NULL, 0, h, 0x50000000, MW_MAP_READONLY, NULL, &at) == MW_OK);
    CHECK(mw_sheap_in_use(h) && mw_sheap_free(rt, h) == MW_ERR_ARG && mw_sheap_reset(rt, h) == MW_ERR_ARG);
    CHECK(mw_memory_native(rt, mem, 0x50000000 + 255, 1) == hb + 255 && mw_memory_native_w(rt, mem, 0x50000000, 1) == NULL);
    CHECK(mw_memory_unmap(rt, mem, 0x50000000) == MW_OK && !mw_sheap_in_use(h));
    CHECK(mw_memory_map(rt, mem, NULL, 0, h, 0x50000000, 0, NULL, &at) == MW_OK);
    // freeing the memory (with the instance) unmaps it: the heap is free again
}

int main(void) {
    mw_config cfg = { .alloc = mw_malloc_alloc };
    mw_runtime *rt;
    mw_runtime_new(&cfg, &rt);
    mw_module *m;
    mw_module_load(rt, MOD_MEM, sizeof(MOD_MEM), 0, &m);
    mw_instance *inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    test_map_and_access(rt, inst);
    test_grow(rt, inst);
    mw_instance_free(rt, inst);
    CHECK(mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    test_with_heaps(rt, inst);
    mw_window_info w;
    CHECK(mw_memory_window(mw_instance_memory0(inst), 0, &w) && w.heap != NULL);
    mw_sheap *h = w.heap;
    mw_instance_free(rt, inst);
    CHECK(!mw_sheap_in_use(h) && mw_sheap_free(rt, h) == MW_OK);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    printf("%s\n", failures ? "FAILED" : "OK");
    return failures != 0;
}
