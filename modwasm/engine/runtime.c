// SPDX-License-Identifier: MIT
// runtime.c: the runtime every other file stands on: allocation through the
// embedder's callback, the failure report, the value and frame stacks, fuel
// and polling, and the unwinding of an aborted call. It calls no other
// engine file but errors.c (the message tables); mw_call, the way into
// exec.c, is call.c.
#include "mw_int.h"
#if MW_GUARD_PAGES
#include <setjmp.h>
#endif

// ---- allocation and the runtime ------------------------------------------------

void *mw_alloc(mw_runtime *rt, size_t n) {
    void *p = mw_realloc(rt, NULL, 0, n);
    if (p != NULL && !rt->cfg.alloc_zeroes) {
        memset(p, 0, n);
    }
    return p;
}

void *mw_realloc(mw_runtime *rt, void *p, size_t old, size_t n) {
    void *q = rt->cfg.alloc(rt->cfg.ctx, p, old, n);
    if (q == NULL) {
        rt->nomem_size = n;   // for the report (mw_fail)
    }
    return q;
}

void mw_free(mw_runtime *rt, void *p, size_t n) {
    if (p != NULL) {
        rt->cfg.alloc(rt->cfg.ctx, p, n, 0);
    }
}

// report.msg of a detail: errors.c unpacks the text here (detail_text.h).
// Static, not in the runtime: the runtime is a block the embedder's collector
// may scan. (Growing it by this buffer moved the board heap so that
// netduinoplus2's soak kept one 6 KB instance alive; not through an engine
// pointer: the soak's own traps.wasm bytes hold the aligned word 0x20002000,
// which the collector took for a pointer to the object there. The soak now
// keeps its binaries packed: tests/hil/test_soak_board.py.)
#if MW_IMAGE_WHERE
#define MW_WHERE_MAX 80       // "function " u32 " (" 24 bytes of name "), pc " u32 ", op " u16 ": "
#else
#define MW_WHERE_MAX 0
#endif
static char detail_buf[MW_DETAIL_MAX + MW_WHERE_MAX];

mw_status mw_fail(mw_runtime *rt, mw_status st, mw_detail d, uint32_t offset) {
    rt->report.status = st;
    rt->report.msg = d == MW_D_NONE ? mw_status_unpack(st, detail_buf) : mw_detail_unpack(d, detail_buf);
    rt->report.offset = offset;
    if (st != MW_ERR_NOMEM || d != MW_D_NONE) {
        rt->report.need = 0;
    } else if (rt->nomem_size != 0) {
        // an allocation failed: its bytes, and loading's unless the caller
        // says what it was for (mw.h mw_report); taken, so that the same
        // failure reported again (exec.c's trap path) keeps what it said
        size_t n = rt->nomem_size;
        rt->nomem_size = 0;
        rt->report.need = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
        rt->report.index = MW_REPORT_MODULE;
    }
    rt->trace_depth = 0;        // exec.c's trap path notes its own after this
    return st;
}

#if MW_IMAGE_WHERE
static char *put_text(char *o, const char *t) {
    while (*t) {
        *o++ = *t++;
    }
    return o;
}

static char *put_u32(char *o, uint32_t v) {
    char d[10];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        *o++ = d[--n];
    }
    return o;
}

void mw_report_where(mw_runtime *rt, uint32_t func, const char *name, uint32_t name_len, uint32_t pc, uint32_t op) {
    char pre[MW_WHERE_MAX];
    char *o = put_u32(put_text(pre, "function "), func);
    if (name != NULL) {
        // cut to 24 bytes; a NUL inside would end the message early
        o = put_text(o, " (");
        for (uint32_t k = 0; k < name_len && k < 24 && name[k]; k++) {
            *o++ = name[k];
        }
        *o++ = ')';
    }
    o = put_u32(put_text(o, ", pc "), pc);
    if (op <= 0xffffu) {
        o = put_u32(put_text(o, ", op "), op);
    }
    o = put_text(o, ": ");
    size_t n = (size_t)(o - pre);
    memmove(detail_buf + n, detail_buf, strlen(detail_buf) + 1);
    memcpy(detail_buf, pre, n);
    rt->report.msg = detail_buf;
}
#endif

mw_status mw_fail_arg(mw_runtime *rt, mw_detail d) {
    return mw_fail(rt, MW_ERR_ARG, d, 0);
}

mw_status mw_fail_nomem_of(mw_runtime *rt, uint32_t not_what) {
    mw_fail(rt, MW_ERR_NOMEM, MW_D_NONE, 0);
    rt->report.index = ~not_what;
    return MW_ERR_NOMEM;
}

const mw_report *mw_last_report(const mw_runtime *rt) {
    return &rt->report;
}

uint32_t mw_trap_trace(const mw_runtime *rt, uint32_t i, mw_trap_frame *out) {
    if (i < rt->trace_depth && i < MW_TRACE_FRAMES) {
        *out = rt->trace[i];
    }
    return rt->trace_depth;
}

void mw_trap_trace_clear(mw_runtime *rt) {
    memset(rt->trace, 0, sizeof(rt->trace));
    rt->trace_depth = 0;
}

// The stacks' blocks have one unused element past their ends: stack_end and
// frames_end (and the high-water marks, which can reach them) then point
// inside their own block. A pointer just past a block would be the first
// word of the next one, and a conservative collector (the runtime is a GC
// root) would keep whatever is allocated there alive for good. The value
// stack has MW_ZERO_SPARE (two; at least that one): a call's zeroing of
// whole steps writes up to that many slots past its frame's top (lower.c
// zero_span), past stack_end where the frame ends there. With an even
// count of slots its block is as many of MicroPython's 16-byte blocks as
// with one.
_Static_assert(MW_ZERO_SPARE >= 1, "STACK_BYTES: one slot past stack_end at least");
#define STACK_BYTES(rt) (((rt)->cfg.stack_slots + MW_ZERO_SPARE) * sizeof(mw_val))
// (and after the frames, MW_TRAP_OFFSETS: mw_int.h MW_TRACE_UNITS)
#define FRAMES_BYTES(rt) MW_FRAMES_BYTES((rt)->cfg.max_frames)

static void free_stacks(mw_runtime *rt) {
    mw_free(rt, rt->stack, STACK_BYTES(rt));
    mw_free(rt, rt->frames, FRAMES_BYTES(rt));
    rt->stack = NULL;
    rt->frames = NULL;
}

_Static_assert(sizeof(mw_runtime) <= MW_RUNTIME_BYTES, "mw.h MW_RUNTIME_BYTES is below sizeof(mw_runtime)");

mw_status mw_runtime_init(const mw_config *cfg, void *mem, size_t size, mw_runtime **out) {
    mw_runtime *rt = mem;
    *out = NULL;
    if (size < sizeof(mw_runtime)) {
        return MW_ERR_ARG;
    }
    memset(rt, 0, sizeof(*rt));
    rt->cfg = *cfg;
    if (!rt->cfg.stack_slots) {
        rt->cfg.stack_slots = MW_DEFAULT_STACK_SLOTS;
    }
    if (!rt->cfg.max_frames) {
        rt->cfg.max_frames = MW_DEFAULT_MAX_FRAMES;
    }
    if (!rt->cfg.max_nesting) {
        rt->cfg.max_nesting = MW_DEFAULT_MAX_NESTING;
    }
    if (!rt->cfg.poll_interval) {
        rt->cfg.poll_interval = MW_DEFAULT_POLL_INTERVAL;
    }
    rt->countdown = (int32_t)rt->cfg.poll_interval;
    *out = rt;
    return MW_OK;
}

mw_status mw_runtime_new(const mw_config *cfg, mw_runtime **out) {
    void *mem = cfg->alloc(cfg->ctx, NULL, 0, sizeof(mw_runtime));
    *out = NULL;
    if (mem == NULL) {
        return MW_ERR_NOMEM;
    }
    return mw_runtime_init(cfg, mem, sizeof(mw_runtime), out);
}

void mw_runtime_stacks(const mw_runtime *rt, uint32_t *slots, uint32_t *frames) {
    *slots = rt->cfg.stack_slots;
    *frames = rt->cfg.max_frames;
}

mw_status mw_runtime_set_stacks(mw_runtime *rt, uint32_t slots, uint32_t frames) {
    if (rt->nesting != 0 || slots == 0 || frames == 0) {
        return MW_ERR_ARG;
    }
    // between calls nothing points into the stacks: the next call allocates them
    free_stacks(rt);
    rt->sp = rt->slots_hw = rt->stack_end = NULL;
    rt->fsp = rt->frames_hw = rt->frames_end = NULL;
    rt->cfg.stack_slots = slots;
    rt->cfg.max_frames = frames;
    return MW_OK;
}

void mw_runtime_free(mw_runtime *rt) {
    if (rt == NULL) {
        return;
    }
    free_stacks(rt);
    rt->cfg.alloc(rt->cfg.ctx, rt, sizeof(*rt), 0);
}

// ---- stacks and fuel, for mw_call (call.c) and the interpreter ---------------------------

bool mw_stacks_ready(mw_runtime *rt) {
    if (rt->stack != NULL) {
        return true;
    }
    rt->stack = mw_alloc(rt, STACK_BYTES(rt));
    rt->frames = mw_alloc(rt, FRAMES_BYTES(rt));
    if (rt->stack == NULL || rt->frames == NULL) {
        free_stacks(rt);
        mw_fail_nomem(rt, MW_REPORT_STACKS);
        rt->report.need = (uint32_t)(STACK_BYTES(rt) + FRAMES_BYTES(rt));
        return false;
    }
    rt->stack_end = rt->stack + rt->cfg.stack_slots;
    rt->sp = rt->stack;
    rt->frames_end = rt->frames + rt->cfg.max_frames;
    rt->fsp = rt->frames;
    // Frames not in use hold no instance (a collector scans this block): see
    // RETURN in exec.c and the trap path of mw_call (call.c); slots and frames above
    // the high-water marks are zero (mw_alloc zeroed them, or the embedder's
    // allocator: mw_config.alloc_zeroes).
    rt->slots_hw = rt->stack;
    rt->frames_hw = rt->frames;
    return true;
}

MW_NOINLINE bool mw_stack_reach(mw_runtime *rt, const mw_frame *fsp, const mw_val *sp, size_t n) {
    if (fsp == rt->frames_end || n > (size_t)(rt->stack_end - sp)) {
        return false;
    }
    if (fsp >= rt->frames_hw) {
        rt->frames_hw = (mw_frame *)fsp + 1;
    }
    if (sp + n > rt->slots_hw) {
        rt->slots_hw = (mw_val *)sp + n;
    }
    return true;
}

void mw_stacks_clear(mw_runtime *rt) {
    memset(rt->stack, 0, (size_t)(rt->slots_hw - rt->stack) * sizeof(mw_val));
    memset(rt->frames, 0, (size_t)(rt->frames_hw - rt->frames) * sizeof(mw_frame));
    rt->slots_hw = rt->stack;
    rt->frames_hw = rt->frames;
}

// Fuel and polling share one counter: rt->countdown units are left in the
// current window; rt->fuel more after it (when fuel is on).
void mw_fuel_window(mw_runtime *rt, int64_t total) {
    int64_t w = rt->cfg.poll_interval;
    if (rt->fuel_on) {
        if (total < w) {
            w = total;
        }
        rt->fuel = total - w;
    }
    rt->countdown = (int32_t)w;
}

int64_t mw_fuel_left(const mw_runtime *rt) {
    return rt->fuel + (rt->countdown > 0 ? rt->countdown : 0);
}

// Called by the interpreter when the countdown went negative (one unit past
// the window).
MW_NOINLINE mw_status mw_poll_slow(mw_runtime *rt) {
    if (rt->fuel_on) {
        if (rt->fuel <= 0) {
            rt->countdown = 0;
            return MW_TRAP_FUEL;
        }
        mw_fuel_window(rt, rt->fuel - 1);
    } else {
        rt->countdown = (int32_t)rt->cfg.poll_interval;
    }
    if (rt->cfg.poll != NULL) {
        return rt->cfg.poll(rt->cfg.ctx);
    }
    return MW_OK;
}

// ---- guard pages (mw_config.h MW_GUARD_PAGES) -------------------------------------------

#if MW_GUARD_PAGES
// This thread's interpreter (call.c exec_guarded): whose fault is ours, and
// where mw_guard_leave goes.
static _Thread_local mw_guard_state guard_now;

void mw_guard_enter(mw_runtime *rt, void *leave, mw_guard_state *saved) {
    *saved = guard_now;
    guard_now.rt = rt;
    guard_now.leave = leave;
}

void mw_guard_exit(const mw_guard_state *saved) {
    guard_now = *saved;
}

void mw_guard_save(mw_guard_state *out) {
    *out = guard_now;
}

mw_runtime *mw_guard_running(void) {
    return guard_now.rt;
}

void mw_guard_leave(void) {
    longjmp(*(jmp_buf *)guard_now.leave, 1);
}

#endif

// ---- aborted calls ------------------------------------------------------------------------

void mw_runtime_mark(const mw_runtime *rt, mw_mark *m) {
    m->sp = rt->sp;
    m->fsp = rt->fsp;
    m->nesting = rt->nesting;
    m->countdown = rt->countdown;
    m->fuel_on = rt->fuel_on;
    m->fuel = rt->fuel;
    #if MW_GUARD_PAGES
    mw_guard_save((mw_guard_state *)(void *)m->guard);
    #endif
}

void mw_runtime_unwind(mw_runtime *rt, const mw_mark *m) {
    // a mark taken before the first call has no stacks yet: back to their bottom
    rt->sp = m->sp != NULL ? m->sp : rt->stack;
    rt->fsp = m->fsp != NULL ? m->fsp : rt->frames;
    rt->nesting = m->nesting;
    if (rt->frames != NULL && rt->nesting == 0) {
        mw_stacks_clear(rt);
    } else if (rt->frames != NULL) {
        // the aborted frames above the mark: rare, so all of them up to the high-water mark
        memset(rt->fsp, 0, (size_t)(rt->frames_hw - rt->fsp) * sizeof(mw_frame));
    }
    rt->countdown = m->countdown;
    rt->fuel_on = m->fuel_on;
    rt->fuel = m->fuel;
    #if MW_GUARD_PAGES
    // the guard state of the calls the exit left (call.c exec_guarded)
    mw_guard_exit((const mw_guard_state *)(const void *)m->guard);
    #endif
}
