// SPDX-License-Identifier: MIT
// runner_mw.c: our engine alone (modwasm/engine/*.c through mw.h, no
// MicroPython) running one benchmark kernel.
//
//   runner_mw KERNEL.wasm EXPORT N REPS
//
// Calls EXPORT(N) REPS times and prints the lines of runner_common.h, plus the
// engine RAM the allocator callback saw (bytes live, linear memory excluded):
//   module_ram=<bytes>      mw_module_load (lowered code, tables, copies)
//   module_ram_api=<bytes>  mw_module_ram(), the engine's own count
//   instance_ram=<bytes>    mw_instantiate, linear memories subtracted
//   instance_ram_api=<bytes> mw_instance_ram(), the engine's own count
//   runtime_ram=<bytes>     mw_runtime_new + the stacks allocated on first call
//   linear_memory=<bytes>   the instance's linear memory
//   leaked=<bytes>          still live after every *_free (should be 0)
//   size_mismatches=<n>     frees/reallocs whose old_size was not the block's size
#include "runner_mw.h"

// Out of line so `valgrind --tool=callgrind --toggle-collect=bench_call`
// counts the wasm call alone, not loading or validation.
static __attribute__((noinline)) mw_status bench_call(mw_runtime *rt, mw_func *f, mw_val *args, mw_val *res) {
    return mw_call(rt, f, args, res, NULL);
}

static int body(void *arg) {
    bench_kernel_job *j = arg;
    size_t len;
    uint8_t *bytes = bench_read_file(j->path, &len);
    alloc_stats stats = { 0, 0, 0 };
    mw_runtime *rt = counted_runtime(&stats);
    if (rt == NULL) {
        return 1;
    }
    size_t after_rt = stats.live;
    mw_status st;
    mw_module *m;
    st = mw_module_load(rt, bytes, len, 0, &m);
    if (st != MW_OK) {
        return fail(rt, "load", st);
    }
    size_t after_load = stats.live;
    mw_instance *inst;
    st = mw_instantiate(rt, m, NULL, NULL, &inst);
    if (st != MW_OK) {
        return fail(rt, "instantiate", st);
    }
    size_t after_inst = stats.live;

    mw_func *f = NULL;
    size_t linear = 0;
    for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
        mw_extern_desc d;
        mw_import e;
        mw_module_export(m, i, &d);
        mw_instance_export(inst, i, &e);
        if (d.kind == MW_KIND_FUNC && d.name_len == strlen(j->export_name)
            && memcmp(d.name, j->export_name, d.name_len) == 0) {
            f = e.func;
        } else if (d.kind == MW_KIND_MEMORY) {
            linear += mw_memory_size(e.memory);
        }
    }
    if (f == NULL) {
        fprintf(stderr, "no export %s\n", j->export_name);
        return 1;
    }

    double *times = calloc((size_t)j->reps, sizeof(double));
    uint32_t first = 0;
    size_t after_first_call = 0;
    bench_repaint();
    for (int r = 0; r < j->reps; r++) {
        mw_val args[1], res[1];
        args[0].i64 = 0;
        args[0].i32 = j->n;
        double t0 = bench_now();
        st = bench_call(rt, f, args, res);
        times[r] = bench_now() - t0;
        if (st != MW_OK) {
            return fail(rt, "call", st);
        }
        if (bench_result_differs(r, res[0].i32, &first)) {
            return 1;
        }
        if (r == 0) {
            after_first_call = stats.live;
        }
    }
    bench_print_run(first, bench_stack_used(), times, j->reps);
    printf("module_ram=%lu\n", (unsigned long)(after_load - after_rt));
    printf("module_ram_api=%lu\n", (unsigned long)mw_module_ram(m));
    printf("instance_ram=%lu\n", (unsigned long)(after_inst - after_load - linear));
    printf("instance_ram_api=%lu\n", (unsigned long)mw_instance_ram(inst));
    printf("runtime_ram=%lu\n", (unsigned long)(after_rt + after_first_call - after_inst));
    printf("linear_memory=%lu\n", (unsigned long)linear);
    free(times);
    mw_instance_free(rt, inst);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    // after everything is freed: a leak shows as live bytes, wrong sizes as mismatches
    printf("leaked=%lu\n", (unsigned long)stats.live);
    printf("size_mismatches=%lu\n", stats.size_mismatches);
    free(bytes);
    return 0;
}

int main(int argc, char **argv) {
    return bench_kernel_main(argc, argv, body);
}
