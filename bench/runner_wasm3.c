// SPDX-License-Identifier: MIT
// runner_wasm3.c: wasm3 (built by bench/run.py from the pinned pywasm3 sdist's
// C sources in build/bench/, never from this repository) running one kernel,
// with the same command line and output lines as runner_mw.c.
//
//   runner_wasm3 KERNEL.wasm EXPORT N REPS
//
// Besides runner_common.h's lines, wasm3's RAM as glibc's heap saw it
// (mallinfo2: bytes in use, mmap'ed blocks included), linear memory excluded:
//   module_ram=<bytes>      m3_ParseModule + m3_LoadModule + m3_FindFunction, which
//                           compiles the export (module and instance are one in wasm3)
//   compiled_ram=<bytes>    code pages of the callees compiled lazily by the first call
#include "runner_wasm3.h"

// Out of line, as in runner_mw.c: callgrind's --toggle-collect=bench_call.
static __attribute__((noinline)) M3Result bench_call(IM3Function f, uint32_t n, uint32_t *res) {
    M3Result r = m3_CallV(f, n);
    if (r == m3Err_none) {
        r = m3_GetResultsV(f, res);
    }
    return r;
}

static int body(void *arg) {
    bench_kernel_job *j = arg;
    size_t len;
    uint8_t *bytes = bench_read_file(j->path, &len);
    IM3Environment env = m3_NewEnvironment();
    IM3Runtime rt = env ? m3_NewRuntime(env, M3_STACK_BYTES, NULL) : NULL;
    if (rt == NULL) {
        fprintf(stderr, "wasm3: out of memory\n");
        return 1;
    }
    size_t before_load = heap_in_use();
    IM3Module mod;
    M3Result r = m3_ParseModule(env, &mod, bytes, (uint32_t)len);
    if (r == m3Err_none) {
        r = m3_LoadModule(rt, mod);   // the runtime owns the module from here
    }
    IM3Function f = NULL;
    if (r == m3Err_none) {
        r = m3_FindFunction(&f, rt, j->export_name);
    }
    if (r != m3Err_none) {
        fprintf(stderr, "wasm3: %s\n", r);
        return 1;
    }
    size_t after_load = heap_in_use();
    size_t after_first_call = after_load;
    double *times = calloc((size_t)j->reps, sizeof(double));
    size_t times_bytes = heap_in_use() - after_load;
    uint32_t first = 0;
    bench_repaint();
    for (int i = 0; i < j->reps; i++) {
        uint32_t res = 0;
        double t0 = bench_now();
        r = bench_call(f, j->n, &res);
        times[i] = bench_now() - t0;
        if (r != m3Err_none) {
            fprintf(stderr, "wasm3 call: %s\n", r);
            return 1;
        }
        if (bench_result_differs(i, res, &first)) {
            return 1;
        }
        if (i == 0) {
            after_first_call = heap_in_use() - times_bytes;
        }
    }
    bench_print_run(first, bench_stack_used(), times, j->reps);
    printf("module_ram=%lu\n", (unsigned long)(after_load - before_load - m3_GetMemorySize(rt)));
    printf("compiled_ram=%lu\n", (unsigned long)(after_first_call - after_load));
    free(times);
    m3_FreeRuntime(rt);
    m3_FreeEnvironment(env);
    free(bytes);
    return 0;
}

int main(int argc, char **argv) {
    return bench_kernel_main(argc, argv, body);
}
