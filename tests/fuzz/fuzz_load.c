// SPDX-License-Identifier: MIT
// fuzz_load.c: libFuzzer target for decode + validate + lower. The input is
// a module binary; it is loaded copied (Wasm 2.0 + multi-memory, its function
// names kept and read back), borrowed (Wasm 2.0 alone) and from a stream in
// short reads (mw_module_load_stream, names kept: since session 35), which
// must load what the copied load loads and refuse what it refuses with the
// same text at the same offset (since session 37). A load either fails with a load status, a
// message and an offset inside the input, or gives a module whose imports
// and exports can be described; nothing may leak (fuzz_alloc.h). Every
// lowering is walked by the code check (MW_CHECK_CODE, build.py).
#define FUZZ_NAME "fuzz_load"
#include "fuzz_common.h"

#define CAP (64u << 20)

static void names(const mw_module *m, uint32_t nfuncs) {
    for (uint32_t i = 0; i < nfuncs; i++) {
        const char *name;
        uint32_t len;
        check(!mw_module_func_name(m, i, &name, &len) || name != NULL, "function name");
    }
}

static void describe(const mw_module *m) {
    for (uint32_t i = 0; i < mw_module_num_imports(m); i++) {
        mw_extern_desc d;
        mw_module_import(m, i, &d);
        check(d.module != NULL && d.name != NULL && d.kind <= MW_KIND_GLOBAL, "import description");
        check(d.kind != MW_KIND_FUNC || d.func != NULL, "import function type");
    }
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_module_export(m, i, &d);
        check(d.name != NULL && d.kind <= MW_KIND_GLOBAL, "export description");
        check(d.kind != MW_KIND_FUNC || d.func != NULL, "export function type");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const uint32_t flags[] = {MW_LOAD_NAMES, MW_LOAD_BORROW | MW_LOAD_NO_MULTI_MEMORY};
    mw_status first = MW_OK;   // the copied load's answer, which the stream's must repeat
    char first_msg[512] = "";   // (its text: the next load writes over the report's)
    uint32_t first_offset = 0;
    fz_heap heap = {.cap = CAP};
    mw_runtime *rt = fz_runtime(&heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, false);
    for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++) {
        mw_status st = MW_OK;
        mw_module *m;
        st = mw_module_load(rt, data, size, flags[k], &m);
        if (st != MW_OK) {
            const mw_report *r = mw_last_report(rt);
            check(st == MW_ERR_MALFORMED || st == MW_ERR_INVALID || st == MW_ERR_NOMEM, "load status");
            check(r->status == st && r->msg != NULL && r->msg[0] != 0, "load report");
            check(r->offset <= size, "report offset inside the input");
            // the targets' engine is built with MW_CHECK_CODE (build.py): a lowering whose
            // code its own check refuses is a bug, not a module to refuse
            check(strstr(r->msg, "lowered code") == NULL, "lowered code refused by the code check");
            if (k == 0) {
                first = st;
                snprintf(first_msg, sizeof(first_msg), "%s", r->msg);
                first_offset = r->offset;
            }
            continue;
        }
        check(st == MW_OK, "status of a loaded module");
        describe(m);
        check(mw_module_ram(m) > 0, "module RAM");
        names(m, mw_module_num_funcs(m));
        mw_module_free(rt, m);
    }
    pieces s = {.p = data, .n = size, .step = 1 + size % 251};
    mw_module *m;
    mw_status st = mw_module_load_stream(rt, read_piece, &s, MW_LOAD_NAMES, NULL, &m);
    // it must load what the copied load loads and refuse what it refuses, saying the
    // same at the same offset (the text and offset found three stream bugs in session 35
    // and a code section the binary ends inside of in session 37)
    if (st != MW_ERR_NOMEM && first != MW_ERR_NOMEM) {
        check((st == MW_OK) == (first == MW_OK), "a stream loads what the copied load loads");
        const mw_report *r = mw_last_report(rt);
        bool same = st == MW_OK
                    || (st == first && r->offset == first_offset && strncmp(r->msg, first_msg, sizeof(first_msg) - 1) == 0);
        check(same, "a stream refuses as the copied load does, at the same offset");
    }
    if (st == MW_OK) {
        describe(m);
        names(m, mw_module_num_funcs(m));
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    return 0;
}
