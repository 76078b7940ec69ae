// SPDX-License-Identifier: MIT
// fuzz_image.c: libFuzzer target for precompiled images (engine/image.c,
// docs/images.md). The input is an image (the seeds: wasm-cross --target host
// images of the load target's modules, build.py); the mutator changes it as
// libFuzzer does and then, seven times in eight, writes the checksum again
// (over what the length field says, or with the length set to the input's),
// so the damage reaches the checks behind the checksum; one time in eight it
// also changes a header byte (versions, the op count, the target). Every load
// (this target, and any target as wasm-cross's own check) must give a module
// or a load error with a message and an offset inside the image, the two
// alike but for the target check. A module that loads names its functions
// from inside the image, its failed call's frames their offsets from its
// offset map (checked at load) and, unless its code writes a table (run()), is
// instantiated with stub imports and its exports called with fuel, under ASan/UBSan: what
// docs/images.md promises of an image that passes the structural check (its
// code stays inside its frame, its function and the instance's arrays; every
// loop polls) is held to with code no lowering made. Nothing may leak (fuzz_alloc.h).
#include "image.h"
#define FUZZ_NAME "fuzz_image"
#include "fuzz_exec.h"

#define CAP (64u << 20)

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static void put_u32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
    size = LLVMFuzzerMutate(data, size, max_size);
    if (size < MW_IMAGE_HEADER || seed % 8 == 0) {
        return size;              // the checksum as the mutation left it
    }
    if (seed % 8 == 1) {
        put_u32(data + MW_IMAGE_AT_LENGTH, (uint32_t)size);   // a truncation or growth the length agrees with
    }
    if (seed % 8 == 2) {
        // the version, code format, op count, word size, byte order or unit
        data[MW_IMAGE_AT_VERSION + (seed / 8) % 9] ^= (uint8_t)(1u << ((seed / 64) % 8));
    }
    uint32_t length = mw_image_u32(data + MW_IMAGE_AT_LENGTH);
    if (length >= MW_IMAGE_AT_META && length <= size) {
        put_u32(data + MW_IMAGE_AT_CRC, mw_image_crc32(0, data + MW_IMAGE_AT_META, length - MW_IMAGE_AT_META));
    }
    return size;
}

// A load's answer: a module, or a load error whose report says what and where.
static void check_load(mw_runtime *rt, mw_status st, size_t size) {
    if (st != MW_OK) {
        const mw_report *r = mw_last_report(rt);
        check(st == MW_ERR_MALFORMED || st == MW_ERR_INVALID || st == MW_ERR_NOMEM, "load status");
        check(r->status == st && r->msg != NULL && r->msg[0] != 0, "load report");
        check(r->offset <= size, "report offset inside the image");
    }
}

// Every function's name (full profile: read in place) lies inside the image,
// and an index past the function space (imports first) has none.
static void check_names(const mw_module *m, const uint8_t *img, size_t size) {
    for (uint32_t i = 0; i <= m->nfuncs; i++) {
        const char *name;
        uint32_t len;
        if (mw_module_func_name(m, i, &name, &len)) {
            const uint8_t *p = (const uint8_t *)name;
            check(i < m->nfuncs && p >= img && p + len <= img + size, "a name inside the image");
        }
    }
}

// Whether any function's code writes a table: TABLE_SET, TABLE_FILL and
// TABLE_GROW store a slot's value, TABLE_INIT an element segment's items
// (whose global.get reads an immutable global: the code check does not ask
// whether a GLOBAL_SET names one). The code has passed the code check, so
// the walk stays inside it. The code in RAM: threaded where the build is
// (mw_config.h MW_THREADED, the guarded targets' GCC x86-64 build), each op
// after its handler's address (MW_OP_AT, MW_OP_HEAD units an op more; read
// as compact, that address's low unit was taken for an op: session 43's
// guarded campaign, tests/fuzz/regressions/image/threaded-walk.mwi).
static bool writes_a_table(const mw_module *m) {
    for (uint32_t f = 0; f < m->nfuncs - m->nfunc_imports; f++) {
        const mw_code_unit *code = m->funcs[f].code;
        for (uint32_t i = 0; i < m->funcs[f].code_len;) {
            const mw_code_unit *at = code + i + MW_THREAD_UNITS;   // the op's unit
            uint32_t op = *at, n = mw_op_units(op);
            if (op == MW_OP_TABLE_SET || op == MW_OP_TABLE_FILL || op == MW_OP_TABLE_GROW || op == MW_OP_TABLE_INIT) {
                return true;
            }
            if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
                n += (mw_code_u32(at + 1 + MW_W_SLOT) + 1) * (op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET);
            }
            i += MW_OP_HEAD + n;
        }
    }
    return false;
}

// The last failed call's frames, while their instance lives, with their
// offsets (MW_TRAP_OFFSETS): an image's offset map, read in place at a trap
// (lower.c map_offset) after loading checked it, gives each an offset at or
// after its function's body, or none.
static void check_offsets(mw_runtime *rt, const mw_instance *inst) {
    #if MW_TRAP_OFFSETS
    mw_trap_frame t;
    uint32_t depth = mw_trap_trace(rt, 0, &t);
    for (uint32_t i = 0; i < depth && i < MW_TRACE_FRAMES; i++) {
        uint32_t at;
        mw_trap_trace(rt, i, &t);
        if (t.inst == inst && t.host == NULL && mw_trap_offset(rt, i, &at) == MW_OK) {
            const mw_module *m = mw_instance_module(inst);
            check(at >= m->funcs[t.func - m->nfunc_imports].body_offset, "an offset inside its function");
        }
    }
    #else
    (void)rt;
    (void)inst;
    #endif
}

// A module whose code writes a table is loaded, not run: its code may put an
// integer where a reference goes, which mw_table_encode then takes for a
// function (types are not validated again, docs/images.md "Trusted or
// re-validated?"). A reference from a slot is followed nowhere else: a table
// the code only reads (call_indirect, table.get, .copy, .size) holds what
// instantiation put there, functions or null.
static void run(mw_runtime *rt, mw_module *m, uint64_t seed) {
    if (m->ntables != 0 && writes_a_table(m)) {
        return;
    }
    reenter re = {.rt = rt};
    stubs s;
    if (make_imports(rt, m, &s, &re)) {
        int64_t fuel;
        mw_instance *inst;
        if (instantiate(rt, m, &s, &fuel, &inst) == MW_OK) {
            exercise_calling_back(rt, inst, &re, seed, NULL);
            check_offsets(rt, inst);
        }
        mw_instance_free(rt, inst);
    }
    free_imports(rt, &s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // a block of the image's own size (ASan sees a read one byte past it),
    // aligned as a bytes object's is (the code must be)
    uint8_t *img = malloc(size + 1);
    check(img != NULL, "image buffer");
    memcpy(img, data, size);
    fz_heap heap = {.cap = CAP};
    mw_runtime *rt = fz_runtime(&heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, false);
    uint32_t flags = size & 1 ? MW_LOAD_NO_MULTI_MEMORY : 0;
    mw_module *m, *any;
    mw_status st = mw_module_load_image(rt, img, size, flags, &m);
    check_load(rt, st, size);
    bool target = st != MW_OK && strstr(mw_last_report(rt)->msg, "another target") != NULL;
    mw_status st_any = mw_image_load(rt, img, size, flags, true, &any);
    check_load(rt, st_any, size);
    // the same answer but where this one refused the target
    check(st == st_any || target, "a load for any target answers as this target's");
    mw_module_free(rt, any);
    if (st == MW_OK) {
        check(mw_module_ram(m) > 0, "module RAM");
        check_names(m, img, size);
        run(rt, m, size);
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    free(img);
    return 0;
}
