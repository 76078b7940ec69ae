// SPDX-License-Identifier: MIT
// runner_mw_wasi.c: our engine alone (modwasm/engine/*.c, no MicroPython)
// running a whole WASI program (bench/programs) with wasi_shim.h's world.
//
//   runner_mw_wasi PROG.wasm REPS OUTFILE ARGV0 [ARGS...]
//
// Loads the module once (timed: load=), then REPS times: a fresh instance,
// then _start (timed: times=; bench_call, callgrind's --toggle-collect). All
// runs must print the same stdout; the first is written to OUTFILE ("-":
// nowhere). Prints runner_common.h's lines (result= is the FNV-1a of stdout)
// and: exit=<code>, load=<s>, module_ram=, module_ram_api=, instance_ram=
// (after instantiation, linear memory excluded), linear_memory= (at the end
// of the first run), leaked=. With MW_BENCH_LAZY=1 in the environment the
// module is loaded with MW_LOAD_LAZY | MW_LOAD_BORROW (functions lowered on
// first call, so the first run's time and Ir include lowering) and it also
// prints module_ram_run= (mw_module_ram after the first run) and lowered=N/M;
// MW_BENCH_BUDGET=R adds a code budget (Module.ram as Cortex-M counts it,
// module_ram_run_m32=, within R times the binary, lazy.c), and
// lowerings= counts every lowering (again after the budget dropped code);
// MW_BENCH_BUDGET=NB (a number, then B) is a budget of N bytes, as
// code_budget=N sets it (a budget's sweep, docs/benchmarks-history.md "Code budget
// (session 35)").
// MW_BENCH_RAM_PARTS=1 prints ram_parts.h's lines after the first run.
#include "runner_mw.h"
#include "wasi_shim.h"
#include "ram_parts.h"
#ifdef MW_LAZY_TRACE
#include "lazy_trace.h"
#endif
#ifdef MW_CALL_TRACE
#include "calltrace.h"
#endif
#if MW_GUARD_PAGES
#include "guard_posix.h"
#endif

static shim_wasi wasi;
static mw_runtime *the_rt;
static mw_memory *the_mem;   // the running instance's memory 0 (export "memory")

static mw_status wasi_host(void *ctx, mw_func *self, mw_val *slots) {
    const shim_entry *e = ctx;
    const mw_functype *t = mw_func_type(self);
    uint64_t a[10] = { 0 };
    for (int i = 0; i < t->nparams && i < 10; i++) {
        a[i] = t->types[i] == MW_I64 ? slots[i].i64 : slots[i].i32;
    }
    shim_mem m = { NULL, 0 };
    if (the_mem != NULL) {
        m.base = mw_memory_data(the_mem);
        m.size = mw_memory_size(the_mem);
    }
    uint32_t err = e->fn(&wasi, m, a);
    if (wasi.exited) {
        return MW_ERR_HOST;   // unwinds the wasm stack; the runner sees wasi.exited
    }
    if (t->nresults == 1) {
        slots[0].i64 = 0;
        slots[0].i32 = err;
    }
    return MW_OK;
}

// Out of line: callgrind's --toggle-collect=bench_call counts the run alone.
static __attribute__((noinline)) mw_status bench_call(mw_runtime *rt, mw_func *f) {
    return mw_call(rt, f, NULL, NULL, NULL);
}

static int body(void *arg) {
    bench_wasi_job *j = arg;
    size_t len;
    uint8_t *bytes = bench_read_file(j->path, &len);
    alloc_stats stats = { 0 };
    mw_runtime *rt = counted_runtime(&stats);
    if (rt == NULL) {
        return 1;
    }
    the_rt = rt;
    wasi.argc = j->argc;
    wasi.argv = j->argv;
    size_t after_rt = stats.live;
    mw_status st;
    double t0 = bench_now();
    const char *lazy_env = getenv("MW_BENCH_LAZY");
    bool lazy = lazy_env != NULL && strcmp(lazy_env, "1") == 0;
    mw_module *m;
    st = mw_module_load(rt, bytes, len, lazy ? MW_LOAD_LAZY | MW_LOAD_BORROW : 0, &m);
    double load = bench_now() - t0;
    if (m == NULL) {
        return fail(rt, "load", st);
    }
    size_t module_ram = stats.live - after_rt;
    // MW_BENCH_BUDGET=R (lazy): a code budget that keeps Module.ram as a
    // Cortex-M build counts it (ram_parts_m32: what the board reads) within R
    // times the binary's size (R * len minus that RAM after the load)
    const char *budget_env = getenv("MW_BENCH_BUDGET");
    if (lazy && budget_env != NULL) {
        // a first budget makes the module's table of blocks (lazy.c), then
        // the RAM it leaves is known
        st = mw_module_set_code_budget(rt, m, 1);
        if (st != MW_OK) {
            return fail(rt, "budget", st);
        }
        size_t n = strlen(budget_env);
        double want = n > 0 && budget_env[n - 1] == 'B' ? atof(budget_env)
                                                        : atof(budget_env) * (double)len - (double)ram_parts_m32(m);
        st = mw_module_set_code_budget(rt, m, want > 1 ? (size_t)want : 1);
        if (st != MW_OK) {
            return fail(rt, "budget", st);
        }
        printf("code_budget=%lu\n", (unsigned long)mw_module_code_budget(m));
    }

    // one host function per import; WASI from the shim, anything else is an error
    uint32_t nimp = mw_module_num_imports(m);
    mw_import *imports = calloc(nimp ? nimp : 1, sizeof(mw_import));
    for (uint32_t i = 0; i < nimp; i++) {
        mw_extern_desc d;
        mw_module_import(m, i, &d);
        const shim_entry *e = NULL;
        if (d.kind == MW_KIND_FUNC && d.module_len == 22 && memcmp(d.module, "wasi_snapshot_preview1", 22) == 0) {
            e = shim_find(d.name, d.name_len);
        }
        if (e == NULL) {
            fprintf(stderr, "unsupported import %.*s.%.*s\n", (int)d.module_len, d.module, (int)d.name_len, d.name);
            return 1;
        }
        mw_func_new_host(rt, d.func, wasi_host, (void *)e, &imports[i].func);
    }

    double *times = calloc((size_t)j->reps, sizeof(double));
    uint32_t first = 0;
    int32_t first_exit = 0;
    size_t instance_ram = 0, linear = 0, stack = 0, module_ram_run = 0, module_ram_run_m32 = 0;
    for (int r = 0; r < j->reps; r++) {
        size_t before = stats.live;
        mw_instance *inst;
        st = mw_instantiate(rt, m, imports, NULL, &inst);
        if (st != MW_OK) {
            return fail(rt, "instantiate", st);
        }
        mw_func *start = NULL;
        the_mem = NULL;
        for (uint32_t i = 0; i < mw_module_num_exports(m); i++) {
            mw_extern_desc d;
            mw_import e;
            mw_module_export(m, i, &d);
            mw_instance_export(inst, i, &e);
            if (d.kind == MW_KIND_FUNC && d.name_len == 6 && memcmp(d.name, "_start", 6) == 0) {
                start = e.func;
            } else if (d.kind == MW_KIND_MEMORY && the_mem == NULL) {
                the_mem = e.memory;
            }
        }
        if (start == NULL) {
            fprintf(stderr, "no _start export\n");
            return 1;
        }
        if (r == 0) {
            // less memory 0's bytes where they came from the allocator; a memory under guard
            // pages is a reservation, not in stats.live (lwIP's 7 pages made it wrap below 0)
            size_t mem_bytes = the_mem ? mw_memory_size(the_mem) : 0;
            #if MW_GUARD_PAGES
            if (the_mem != NULL && the_mem->guarded) {
                mem_bytes = 0;
            }
            #endif
            instance_ram = stats.live - before - mem_bytes;
        }
        shim_reset(&wasi);
        bench_repaint();
        double t = bench_now();
        st = bench_call(rt, start);
        times[r] = bench_now() - t;
        if (r == 0) {
            stack = bench_stack_used();
            module_ram_run = mw_module_ram(m);
            module_ram_run_m32 = ram_parts_m32(m);
            // MW_BENCH_RAM_PARTS=1: the module's RAM part by part after the
            // first run (bench/ram_parts.py)
            if (getenv("MW_BENCH_RAM_PARTS") != NULL) {
                ram_parts_print(m);
            }
        }
        if (st != MW_OK && !wasi.exited) {
            return fail(rt, "_start", st);
        }
        uint32_t h = shim_out_hash(&wasi);
        if (r == 0) {
            first = h;
            first_exit = wasi.exit_code;
            linear = the_mem ? mw_memory_size(the_mem) : 0;
            shim_save_out(&wasi, j->outfile);
        } else if (h != first || wasi.exit_code != first_exit) {
            fprintf(stderr, "run %d printed something else than run 0\n", r);
            return 1;
        }
        the_mem = NULL;
        mw_instance_free(rt, inst);
    }
    bench_print_run(first, stack, times, j->reps);
    printf("exit=%d\n", (int)first_exit);
    printf("load=%.6f\n", load);
    printf("module_ram=%lu\n", (unsigned long)module_ram);
    printf("module_ram_api=%lu\n", (unsigned long)mw_module_ram(m));
    printf("instance_ram=%lu\n", (unsigned long)instance_ram);
    printf("module_ram_run=%lu\n", (unsigned long)module_ram_run);
    printf("module_ram_run_m32=%lu\n", (unsigned long)module_ram_run_m32);
    printf("lowered=%lu/%lu\n", (unsigned long)mw_module_num_lowered(m), (unsigned long)mw_module_num_funcs(m));
    printf("lowerings=%lu\n", (unsigned long)mw_module_num_lowerings(m));
    printf("linear_memory=%lu\n", (unsigned long)linear);
#ifdef MW_LAZY_TRACE
    lazy_trace_print();
#endif
#ifdef MW_CALL_TRACE
    calltrace_close();
#endif
    for (uint32_t i = 0; i < nimp; i++) {
        mw_func_free(rt, imports[i].func);
    }
    free(imports);
    free(times);
    mw_module_free(rt, m);
    mw_runtime_free(rt);
    printf("leaked=%lu\n", (unsigned long)stats.live);
    free(bytes);
    free(wasi.out);
    return 0;
}

int main(int argc, char **argv) {
    #if MW_GUARD_PAGES
    mw_guard_posix_install(0, NULL, NULL);    // memory 0's bounds test by guard pages (bench_programs.py GUARD_FLAGS)
    #endif
    return bench_wasi_main(argc, argv, body);
}
