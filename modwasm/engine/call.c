// SPDX-License-Identifier: MIT
// call.c: mw_call, the one way into the interpreter (exec.c) for the
// embedder and for instantiation's start function: arguments onto the value
// stack, a call's own fuel, nesting (wasm -> host -> wasm), results back,
// and after a trap or at the outermost return the stacks left clean for the
// collector. It stands on runtime.c (stacks, fuel, the report) and exec.c;
// neither of them calls it.
#include "mw_int.h"

#if MW_GUARD_PAGES
#include <setjmp.h>
// mw_exec with guard pages (mw_config.h MW_GUARD_PAGES): this thread's
// guard state names rt, and a trap found by a fault (memory.c
// mw_guard_fault, noted there as trap_mem notes it) comes back here by
// mw_guard_leave's longjmp, as mw_exec's own MW_TRAP_MEM_OOB. Nothing of
// this frame changes after the setjmp; a nested call (a host function's)
// saves and restores the state around its own.
static MW_NOINLINE mw_status exec_guarded(mw_runtime *rt, mw_func *f) {
    jmp_buf leave;
    mw_guard_state saved;
    mw_guard_enter(rt, &leave, &saved);
    if (setjmp(leave) != 0) {
        mw_guard_exit(&saved);
        return MW_TRAP_MEM_OOB;
    }
    mw_status st = mw_exec(rt, f);
    mw_guard_exit(&saved);
    return st;
}
#define mw_exec exec_guarded
#endif

mw_status mw_call(mw_runtime *rt, mw_func *f, const mw_val *args, mw_val *results, int64_t *fuel) {
    const mw_functype *ft = f->type;
    if (!mw_stacks_ready(rt)) {
        return MW_ERR_NOMEM;          // the report names the stacks
    }
    if (rt->nesting >= rt->cfg.max_nesting) {
        return mw_fail(rt, MW_TRAP_STACK, MW_D_NESTING_TOO_DEEP, 0);
    }
    mw_val *base = rt->sp;
    mw_frame *fbase = rt->fsp;
    uint32_t nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
    if (base + nslots > rt->stack_end) {
        return mw_fail(rt, MW_TRAP_STACK, MW_D_NONE, 0);
    }
    bool saved_on = rt->fuel_on;
    int64_t saved_left = mw_fuel_left(rt);
    if (fuel != NULL) {
        rt->fuel_on = true;
        mw_fuel_window(rt, *fuel);
    }
    if (ft->nparams) {
        memcpy(base, args, ft->nparams * sizeof(mw_val));
    }
    if (base + nslots > rt->slots_hw) {
        rt->slots_hw = base + nslots;
    }
    rt->nesting++;
    rt->trace_depth = 0;      // (mw_trap_trace: this call's failure, if any)
    mw_status st;
    if (f->host != NULL) {
        rt->sp = base + nslots;
        st = f->host(f->u.ctx, f, base);
    } else {
        #if MW_FAULT_WHERE
        const mw_instance *running = rt->running;     // (a call from a host function: its caller's)
        st = mw_exec(rt, f);
        rt->running = running;
        #else
        st = mw_exec(rt, f);
        #endif
    }
    rt->nesting--;
    if (st == MW_OK && ft->nresults) {
        memcpy(results, base, ft->nresults * sizeof(mw_val));
    }
    if (st != MW_OK && rt->report.status != st) {
        mw_fail(rt, st, MW_D_NONE, 0);
    }
    if (st != MW_OK && rt->fsp > fbase) {
        // A trap leaves the frames it unwound; clear them (RETURN clears what
        // it pops), so the collector scanning this block keeps no instance.
        memset(fbase, 0, (size_t)(rt->fsp - fbase) * sizeof(mw_frame));
    }
    rt->sp = base;
    rt->fsp = fbase;
    #if MW_UNLOWER
    if (f->host == NULL) {
        mw_lazy_settle(rt, f->u.wasm.inst->mod);
    }
    #endif
    if (rt->nesting == 0) {
        mw_stacks_clear(rt);
    }
    if (fuel != NULL) {
        *fuel = mw_fuel_left(rt);
        rt->fuel_on = saved_on;
        mw_fuel_window(rt, saved_left);
    }
    return st;
}
