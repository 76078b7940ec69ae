// SPDX-License-Identifier: MIT
// Engine unit tests of shared heaps (engine/sheap.c), without MicroPython:
// run by tests/host/test_sheap_unit.py, also under ASan/UBSan. The allocator's
// headers live in the heap, so wasm can scribble over them: every walk must
// then fail safe (no allocation, free refused) and never touch bytes outside.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "check.h"

#define TOP 0x100000000ull

// (module (memory (export "m") 1))
static const uint8_t MOD_MEM[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x05, 0x01, 0x01, 0x6d, 0x02, 0x00,
};

// A heap that must be made (NULL, after a failed CHECK, if it is not).
static mw_sheap *new_heap(mw_runtime *rt, uint8_t *bytes, uint32_t size, bool managed) {
    mw_sheap *h;
    CHECK(mw_sheap_new(rt, bytes, size, managed, NULL, &h) == MW_OK && h != NULL);
    return h;
}

static void test_allocator(mw_runtime *rt) {
    uint8_t *bytes = calloc(1, 256 + 64);
    uint8_t *heap = bytes + 32;            // canaries on both sides
    memset(bytes, 0xcc, 32);
    memset(heap + 256, 0xcc, 32);
    mw_sheap *h = new_heap(rt, heap, 256, true);
    CHECK(h != NULL && mw_sheap_start(h) == TOP - 256);
    uint32_t a = mw_sheap_malloc(h, 100), b = mw_sheap_malloc(h, 100);
    CHECK(a == TOP - 256 + 8 && b != 0 && b % 8 == 0);
    CHECK(mw_sheap_malloc(h, 100) == 0);           // 2 x 112 used, 32 left
    CHECK(mw_sheap_free_block(h, a) && !mw_sheap_free_block(h, a) && !mw_sheap_free_block(h, a + 8));
    CHECK(mw_sheap_malloc(h, 100) == a);
    // wasm overwrites every header: nothing allocates, nothing frees, no stray write
    memset(heap, 0xff, 256);
    CHECK(mw_sheap_malloc(h, 8) == 0 && !mw_sheap_free_block(h, b));
    memset(heap, 0, 256);                          // size 0 headers: no endless walk
    CHECK(mw_sheap_malloc(h, 8) == 0);
    uint32_t big[2] = { 0x1000, 0x46524545 };      // a free block running past the end
    memcpy(heap, big, 8);
    CHECK(mw_sheap_malloc(h, 8) == 0);
    CHECK(mw_sheap_reset(rt, h) == MW_OK && mw_sheap_malloc(h, 240) == a);
    // sizes near 2^32 never wrap to a small block (sheap.c's offsets are
    // 32-bit); the largest block that fits (248 + its header) still does
    CHECK(mw_sheap_reset(rt, h) == MW_OK && mw_sheap_malloc(h, 0xfffffff9u) == 0);
    CHECK(mw_sheap_malloc(h, 0xffffffffu) == 0 && mw_sheap_malloc(h, 257) == 0 && mw_sheap_malloc(h, 249) == 0);
    CHECK(mw_sheap_malloc(h, 248) == a && mw_sheap_malloc(h, 0) == 0);
    for (int i = 0; i < 32; i++) {
        CHECK(bytes[i] == 0xcc && heap[256 + i] == 0xcc);
    }
    mw_sheap *bad;
    CHECK(mw_sheap_new(rt, heap, 63, true, NULL, &bad) == MW_ERR_ARG && bad == NULL);
    CHECK(mw_sheap_new(rt, heap, 65, true, NULL, &bad) == MW_ERR_ARG && bad == NULL);
    CHECK(mw_sheap_new(rt, heap, 0, false, NULL, &bad) == MW_ERR_ARG && bad == NULL);
    CHECK(mw_sheap_new(rt, heap, 0x80000001u, false, NULL, &bad) == MW_ERR_ARG && bad == NULL);
    CHECK(mw_sheap_free(rt, h) == MW_OK);
    free(bytes);
}

static void test_chain_and_access(mw_runtime *rt) {
    static uint8_t b1[64], b2[128], b3[32];
    mw_sheap *h1 = new_heap(rt, b1, 64, false);
    mw_sheap *h2 = new_heap(rt, b2, 128, false);
    mw_sheap *h3 = new_heap(rt, b3, 32, false);
    CHECK(mw_sheap_chain(rt, h1, h1) == MW_ERR_ARG);
    CHECK(mw_sheap_chain(rt, h1, h2) == MW_OK && mw_sheap_start(h1) == TOP - 192);
    CHECK(mw_sheap_chain(rt, h3, h2) == MW_ERR_ARG);   // h2 is a body already
    CHECK(mw_sheap_chain(rt, h1, h3) == MW_ERR_ARG);   // h1 is chained already
    CHECK(mw_sheap_free(rt, h2) == MW_ERR_ARG);
    // translation: first/last byte of each heap, straddling, past the top
    CHECK(mw_sheap_native(h1, (uint32_t)(TOP - 192), 64) == b1);
    CHECK(mw_sheap_native(h1, (uint32_t)(TOP - 129), 1) == b1 + 63);
    CHECK(mw_sheap_native(h1, (uint32_t)(TOP - 130), 4) == NULL);
    CHECK(mw_sheap_native(h1, (uint32_t)(TOP - 128), 128) == b2);
    CHECK(mw_sheap_native(h1, 0xffffffffu, 1) == b2 + 127 && mw_sheap_native(h1, 0xffffffffu, 2) == NULL);
    CHECK(mw_sheap_native(h1, (uint32_t)(TOP - 193), 1) == NULL);
    uint32_t app;
    CHECK(mw_sheap_app_addr(h1, b2 + 5, 4, &app) && app == TOP - 123);
    CHECK(!mw_sheap_app_addr(h1, b2 + 126, 4, &app) && !mw_sheap_app_addr(h1, b3, 1, &app));

    // attached to an instance's memory 0: the memory slow path (mw_memory_native)
    mw_module *m;
    mw_module_load(rt, MOD_MEM, sizeof(MOD_MEM), 0, &m);
    mw_instance *inst = NULL;
    mw_inst_options opt = { .memory_limit = 65536 };   // pages grow, bytes stay 64 KiB
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, &opt, &inst) == MW_OK);
    mw_import ex;
    mw_instance_export(inst, 0, &ex);
    mw_memory *mem = ex.memory;
    CHECK(mw_instance_attach(rt, inst, h2, false) == MW_ERR_ARG);   // a body
    CHECK(mw_instance_attach(rt, inst, h1, true) == MW_OK && mw_sheap_in_use(h2));
    CHECK(mw_instance_attach(rt, inst, h1, false) == MW_ERR_ARG);
    CHECK(mw_sheap_unchain(rt, h1, false, &h3) == MW_ERR_ARG && mw_sheap_reset(rt, h1) == MW_ERR_ARG);
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 128), 4) == b2);   // miss, then cached
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 4), 4) == b2 + 124);
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 130), 4) == NULL); // straddles: not in the cached heap
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 192), 1) == b1);
    CHECK(mw_memory_native(rt, mem, 65536, 0) != NULL && mw_memory_native(rt, mem, 65536, 1) == NULL);
    CHECK(mw_memory_grow(rt, mem, 65533) == 1 && mw_memory_grow(rt, mem, 1) == 65534);
    CHECK(mw_memory_grow(rt, mem, 1) == -1);         // page 65535 would reach TOP - 192
    bool ro = false;
    CHECK(mw_instance_sheap(inst, &ro) == h1 && ro);
    mw_instance_detach(inst);
    CHECK(mw_instance_sheap(inst, NULL) == NULL && !mw_sheap_in_use(h1));
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 128), 4) == NULL); // cache dropped
    CHECK(mw_instance_attach(rt, inst, h1, false) == MW_OK);        // 65535 pages end below it
    mw_instance_detach(inst);
    CHECK(mw_memory_grow(rt, mem, 1) == 65535);                     // detached: up to 4 GiB
    CHECK(mw_instance_attach(rt, inst, h1, false) == MW_ERR_ARG);   // now reaches the heap
    mw_sheap *nh = NULL;
    CHECK(mw_sheap_unchain(rt, h1, false, &nh) == MW_OK && nh == h2 && mw_sheap_start(h1) == TOP - 64);
    CHECK(mw_sheap_unchain(rt, h2, true, &nh) == MW_ERR_ARG);       // alone: not a chain head
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    CHECK(mw_sheap_free(rt, h1) == MW_OK && mw_sheap_free(rt, h2) == MW_OK && mw_sheap_free(rt, h3) == MW_OK);
}

static void test_mark_unwind(mw_runtime *rt) {
    mw_mark mk;
    mw_runtime_mark(rt, &mk);
    mw_runtime_unwind(rt, &mk);                     // before any call: harmless
    static uint8_t region[16];
    mw_limits lim = { .min = 16, .page_log2 = 0 };
    mw_memory *mem;
    mw_memory_new_fixed(rt, region, &lim, &mem);
    CHECK(mem != NULL && mw_memory_data(mem) == region && mw_memory_size(mem) == 16);
    CHECK(mw_memory_grow(rt, mem, 1) == -1 && mw_memory_grow(rt, mem, 0) == 16);
    CHECK(mw_memory_native(rt, mem, 16, 1) == NULL);
    mw_memory_free(rt, mem);                        // the region stays
    CHECK(region[15] == 0);
}

// (module (import "e" "m" (memory 1)))
static const uint8_t MOD_IMPORT_MEM[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x02, 0x08, 0x01, 0x01, 0x65, 0x01, 0x6d, 0x02, 0x00, 0x01,
};

// Freeing an instance detaches the heap it attached (issue 17, 5a): before,
// the heap stayed "attached" forever, and an imported memory kept it mapped
// with a pointer to the freed instance.
static void test_free_detaches(mw_runtime *rt) {
    static uint8_t bytes[4096];
    mw_module *m;
    mw_module_load(rt, MOD_MEM, sizeof(MOD_MEM), 0, &m);
    mw_instance *inst = NULL;
    CHECK(m != NULL && mw_instantiate(rt, m, NULL, NULL, &inst) == MW_OK);
    mw_sheap *h = new_heap(rt, bytes, sizeof(bytes), true);
    CHECK(h != NULL && mw_instance_attach(rt, inst, h, false) == MW_OK && mw_sheap_in_use(h));
    mw_instance_free(rt, inst);
    CHECK(!mw_sheap_in_use(h));
    mw_module_free(rt, m);
    // memory 0 imported: a stand-alone memory that outlives the instance
    mw_limits lim = { .min = 1, .max = 1, .has_max = true, .page_log2 = 16 };
    mw_memory *mem;
    mw_memory_new(rt, &lim, &mem);
    mw_module_load(rt, MOD_IMPORT_MEM, sizeof(MOD_IMPORT_MEM), 0, &m);
    mw_import im = { .memory = mem };
    inst = NULL;
    CHECK(mem != NULL && m != NULL && mw_instantiate(rt, m, &im, NULL, &inst) == MW_OK);
    CHECK(mw_instance_attach(rt, inst, h, false) == MW_OK);
    CHECK(mw_memory_native(rt, mem, (uint32_t)(TOP - 4096), 4) == bytes);
    mw_instance_free(rt, inst);
    CHECK(!mw_sheap_in_use(h) && mw_memory_native(rt, mem, (uint32_t)(TOP - 4096), 4) == NULL);
    CHECK(mw_sheap_free(rt, h) == MW_OK);
    mw_module_free(rt, m);
    mw_memory_free(rt, mem);
}

// An instance's memory imported by another that attached a heap to it:
// freed importer first, the importer detaches; freed owner first, the
// memory's free detaches (the heap attached to nothing no more), and the
// importer, freed after, leaves the freed memory alone (under ASan: no read
// of it). Either way the heap can be freed after.
static void test_owner_and_importer_freed_in_either_order(mw_runtime *rt) {
    static uint8_t bytes[4096];
    mw_module *owner_mod, *importer_mod;
    CHECK(mw_module_load(rt, MOD_MEM, sizeof(MOD_MEM), 0, &owner_mod) == MW_OK);
    CHECK(mw_module_load(rt, MOD_IMPORT_MEM, sizeof(MOD_IMPORT_MEM), 0, &importer_mod) == MW_OK);
    for (int owner_first = 0; owner_first < 2; owner_first++) {
        mw_instance *owner = NULL, *importer = NULL;
        CHECK(mw_instantiate(rt, owner_mod, NULL, NULL, &owner) == MW_OK);
        mw_import im;
        mw_instance_export(owner, 0, &im);
        CHECK(im.memory != NULL && mw_instantiate(rt, importer_mod, &im, NULL, &importer) == MW_OK);
        mw_sheap *h = new_heap(rt, bytes, sizeof(bytes), true);
        CHECK(mw_instance_attach(rt, importer, h, false) == MW_OK && mw_sheap_in_use(h));
        CHECK(mw_memory_native(rt, im.memory, (uint32_t)(TOP - 4096), 4) == bytes);
        if (owner_first) {
            mw_instance_free(rt, owner);
            CHECK(!mw_sheap_in_use(h));
            mw_instance_free(rt, importer);
        } else {
            mw_instance_free(rt, importer);
            CHECK(!mw_sheap_in_use(h) && mw_memory_native(rt, im.memory, (uint32_t)(TOP - 4096), 4) == NULL);
            mw_instance_free(rt, owner);
        }
        CHECK(mw_sheap_free(rt, h) == MW_OK);
    }
    mw_module_free(rt, importer_mod);
    mw_module_free(rt, owner_mod);
}

// Blocks are 8-byte aligned at their app address (issue 17, 5b): a managed
// heap chained in front of heaps of 5 (or 12) bytes would start unaligned and
// hand out unaligned blocks, so that chain is refused; 16 bytes are fine.
static void test_managed_head_stays_aligned(mw_runtime *rt) {
    static uint8_t b5[5], b12[12], b16[16];
    static uint64_t mbytes[8];
    mw_sheap *h = new_heap(rt, (uint8_t *)mbytes, 64, true);
    mw_sheap *p5 = new_heap(rt, b5, 5, false);
    mw_sheap *p12 = new_heap(rt, b12, 12, false);
    mw_sheap *p16 = new_heap(rt, b16, 16, false);
    CHECK(mw_sheap_chain(rt, h, p5) == MW_ERR_ARG);
    CHECK(strcmp(mw_last_report(rt)->msg,
        "a managed heap must start 8-byte aligned: the heaps after it must total a multiple of 8 bytes") == 0);
    CHECK(mw_sheap_head(p5) == NULL && mw_sheap_start(h) == TOP - 64);
    CHECK(mw_sheap_chain(rt, p12, p5) == MW_OK);       // pre-allocated: any size
    CHECK(mw_sheap_chain(rt, h, p12) == MW_ERR_ARG);   // 17 bytes after it
    mw_sheap *nh;
    CHECK(mw_sheap_unchain(rt, p12, true, &nh) == MW_OK);
    CHECK(mw_sheap_chain(rt, h, p16) == MW_OK && mw_sheap_start(h) == TOP - 80);
    uint32_t a = mw_sheap_malloc(h, 8), b = mw_sheap_malloc(h, 3);
    CHECK(a == TOP - 72 && b % 8 == 0 && b != 0);
    // a pre-allocated head over a managed body: the body keeps its start
    CHECK(mw_sheap_unchain(rt, h, true, &nh) == MW_OK);
    CHECK(mw_sheap_chain(rt, p5, h) == MW_OK && mw_sheap_malloc(h, 8) % 8 == 0);
    CHECK(mw_sheap_unchain(rt, p5, true, &nh) == MW_OK);
    CHECK(mw_sheap_free(rt, h) == MW_OK && mw_sheap_free(rt, p5) == MW_OK);
    CHECK(mw_sheap_free(rt, p12) == MW_OK && mw_sheap_free(rt, p16) == MW_OK);
}

int main(void) {
    mw_config cfg = { .alloc = mw_malloc_alloc };
    mw_runtime *rt;
    mw_runtime_new(&cfg, &rt);
    test_allocator(rt);
    test_chain_and_access(rt);
    test_mark_unwind(rt);
    test_free_detaches(rt);
    test_owner_and_importer_freed_in_either_order(rt);
    test_managed_head_stays_aligned(rt);
    mw_runtime_free(rt);
    printf("%s\n", failures ? "FAILED" : "OK");
    return failures != 0;
}
