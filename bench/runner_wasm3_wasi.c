// SPDX-License-Identifier: MIT
// runner_wasm3_wasi.c: wasm3 (the pinned pywasm3 sdist's C core, built by
// bench/run.py in build/bench/) running a whole WASI program with
// wasi_shim.h's world: the same functions our engine's runner_mw_wasi.c gives.
// The sdist carries no WASI of its own (m3_api_wasi.c is not in it).
//
//   runner_wasm3_wasi PROG.wasm REPS OUTFILE ARGV0 [ARGS...]
//
// Same lines as runner_mw_wasi.c. wasm3 has no module/instance split: each
// run parses and loads the module into a fresh runtime (timed: load=, first
// run), links the imports, finds _start; then times _start alone (which
// includes wasm3's lazy compilation of every function the run reaches).
// module_ram= is the glibc heap in use after parse+load, linear memory
// excluded; compiled_ram= what the first run's lazy compilation added.
#include "runner_wasm3.h"
#include "wasi_shim.h"

static shim_wasi wasi;

static m3ApiRawFunction(wasm3_wasi_host) {
    const shim_entry *e = _ctx->userdata;
    const char *sig = e->sig;
    uint64_t *ret = NULL;
    if (sig[0] == 'i') {
        ret = _sp++;
    }
    uint64_t a[10] = { 0 };
    int n = 0;
    for (const char *p = sig + 2; *p != ')' && n < 10; p++, n++) {
        a[n] = *p == 'I' ? *_sp : *(uint32_t *)_sp;
        _sp++;
    }
    shim_mem m = { _mem, m3_GetMemorySize(runtime) };
    uint32_t err = e->fn(&wasi, m, a);
    if (wasi.exited) {
        return m3Err_trapExit;
    }
    if (ret != NULL) {
        *(uint32_t *)ret = err;
    }
    return m3Err_none;
}

// Out of line: callgrind's --toggle-collect=bench_call.
static __attribute__((noinline)) M3Result bench_call(IM3Function f) {
    return m3_CallV(f);
}

static int body(void *arg) {
    bench_wasi_job *j = arg;
    size_t len;
    uint8_t *bytes = bench_read_file(j->path, &len);
    wasi.argc = j->argc;
    wasi.argv = j->argv;
    double *times = calloc((size_t)j->reps, sizeof(double));
    uint32_t first = 0;
    int32_t first_exit = 0;
    double load = 0;
    size_t module_ram = 0, compiled_ram = 0, stack = 0;
    uint32_t linear = 0;
    for (int r = 0; r < j->reps; r++) {
        IM3Environment env = m3_NewEnvironment();
        IM3Runtime rt = env ? m3_NewRuntime(env, M3_STACK_BYTES, NULL) : NULL;
        if (rt == NULL) {
            fprintf(stderr, "wasm3: out of memory\n");
            return 1;
        }
        size_t before = heap_in_use();
        double t0 = bench_now();
        IM3Module mod;
        M3Result res = m3_ParseModule(env, &mod, bytes, (uint32_t)len);
        if (res == m3Err_none) {
            res = m3_LoadModule(rt, mod);
        }
        if (r == 0) {
            load = bench_now() - t0;
        }
        for (size_t i = 0; res == m3Err_none && i < SHIM_COUNT; i++) {
            M3Result lr = m3_LinkRawFunctionEx(mod, "wasi_snapshot_preview1", shim_table[i].name, shim_table[i].sig,
                wasm3_wasi_host, &shim_table[i]);
            if (lr != m3Err_none && lr != m3Err_functionLookupFailed) {
                res = lr;
            }
        }
        IM3Function start = NULL;
        if (res == m3Err_none) {
            res = m3_FindFunction(&start, rt, "_start");
        }
        if (res != m3Err_none) {
            fprintf(stderr, "wasm3: %s\n", res);
            return 1;
        }
        size_t after_load = heap_in_use();
        uint32_t mem_before = m3_GetMemorySize(rt);
        size_t out_cap_before = wasi.out_cap;
        if (r == 0) {
            module_ram = after_load - before - m3_GetMemorySize(rt);
        }
        shim_reset(&wasi);
        bench_repaint();
        double t = bench_now();
        res = bench_call(start);
        times[r] = bench_now() - t;
        if (r == 0) {
            stack = bench_stack_used();
        }
        if (res != m3Err_none && !wasi.exited) {
            M3ErrorInfo info;
            m3_GetErrorInfo(rt, &info);
            fprintf(stderr, "wasm3 _start: %s %s\n", res, info.message ? info.message : "");
            return 1;
        }
        uint32_t h = shim_out_hash(&wasi);
        if (r == 0) {
            first = h;
            first_exit = wasi.exit_code;
            linear = m3_GetMemorySize(rt);
            // what the run added besides linear memory growth and the captured stdout
            compiled_ram = heap_in_use() - after_load - (linear - mem_before) - (wasi.out_cap - out_cap_before);
            shim_save_out(&wasi, j->outfile);
        } else if (h != first || wasi.exit_code != first_exit) {
            fprintf(stderr, "run %d printed something else than run 0\n", r);
            return 1;
        }
        m3_FreeRuntime(rt);
        m3_FreeEnvironment(env);
    }
    bench_print_run(first, stack, times, j->reps);
    printf("exit=%d\n", (int)first_exit);
    printf("load=%.6f\n", load);
    printf("module_ram=%lu\n", (unsigned long)module_ram);
    printf("compiled_ram=%ld\n", (long)compiled_ram);
    printf("linear_memory=%lu\n", (unsigned long)linear);
    free(times);
    free(bytes);
    free(wasi.out);
    return 0;
}

int main(int argc, char **argv) {
    return bench_wasi_main(argc, argv, body);
}
