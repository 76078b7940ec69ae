// SPDX-License-Identifier: MIT
// fuzz_load.c: libFuzzer target for decode + validate + lower. The input is
// a module binary; it is loaded copied (Wasm 2.0 + multi-memory) and
// borrowed (Wasm 2.0 alone). A load either fails with a load status, a
// message and an offset inside the input, or gives a module whose imports
// and exports can be described; nothing may leak (fuzz_alloc.h). Every
// lowering is walked by the code check (MW_CHECK_CODE, build.py).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mw.h"
#include "fuzz_alloc.h"

#define CAP (64u << 20)

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "fuzz_load: %s\n", what);
        abort();
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
    static const uint32_t flags[] = {0, MW_LOAD_BORROW | MW_LOAD_NO_MULTI_MEMORY};
    fz_heap heap = {.cap = CAP};
    mw_config cfg = {.alloc = fz_alloc, .ctx = &heap, .stack_slots = 1024, .max_frames = 256};
    mw_runtime *rt;
    mw_runtime_new(&cfg, &rt);
    check(rt != NULL, "runtime");
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
            continue;
        }
        check(st == MW_OK, "status of a loaded module");
        describe(m);
        check(mw_module_ram(m) > 0, "module RAM");
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    return 0;
}
