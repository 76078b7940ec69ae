// SPDX-License-Identifier: MIT
// lazy.c: lowering a function on its first call (MW_LOAD_LAZY).
//
// At load every body is validated as usual (decode.c lowers it into the
// reused work buffer and keeps nothing but its frame size and code length),
// and each function's code points at its stub: `LAZY defidx`. The call path
// is the same for every function (exec.c call_def: frame checked and pushed,
// then dispatch at code[0]), so calling a function not lowered yet
// dispatches LAZY, whose handler lowers the body here and continues at the
// new code's first instruction. Nothing is added to the hot path: a lowered
// function's code never holds LAZY, and the handler finds its function from
// its immediate (not from a variable the interpreter would have to keep
// alive across every instruction).
#include "decode.h"

// The stubs' block: MW_LAZY_STUB units per defined function.
static size_t stubs_size(const mw_module *m) {
    return mw_nz((size_t)(m->nfuncs - m->nfunc_imports) * MW_LAZY_STUB * sizeof(mw_code_unit));
}

mw_status mw_lazy_stubs(mw_runtime *rt, mw_module *m) {
    uint32_t n = m->nfuncs - m->nfunc_imports;
    m->lazy_stubs = mw_alloc(rt, stubs_size(m));
    if (m->lazy_stubs == NULL) {
        return MW_ERR_NOMEM;
    }
    m->ram += stubs_size(m);
    for (uint32_t i = 0; i < n; i++) {
        // X(LAZY, I, ...): the op, then the function's index among the defined ones
        m->lazy_stubs[i * MW_LAZY_STUB] = MW_OP_LAZY;
        mw_code_put_u32(m->lazy_stubs + i * MW_LAZY_STUB + 1, i);
    }
    return MW_OK;
}

void mw_lazy_free(mw_runtime *rt, mw_module *m) {
    if (m->lazy_stubs != NULL) {
        mw_free(rt, m->lazy_stubs, stubs_size(m));
    }
}

// Room for `len` units in the module's last code chunk, or a new chunk of
// at least MW_LAZY_CHUNK_UNITS, or of all the code still to lower if that is
// less (chunks here are never shrunk: a later function may use the rest).
// NULL when out of memory, nothing changed.
static mw_code_unit *lazy_room(mw_runtime *rt, mw_module *m, uint32_t len) {
    mw_code_chunk *last = m->nchunks > 0 ? &m->chunks[m->nchunks - 1] : NULL;
    if (last != NULL && last->cap - m->lazy_used >= len) {
        return last->words + m->lazy_used;
    }
    // the last chunk's unused tail: given back where the allocator can
    // shrink a block in place (the embedder's resize hook; MicroPython's GC
    // can), else it stays (and counts in mw_module_ram)
    if (last != NULL && m->lazy_used > 0 && last->cap > m->lazy_used && rt->cfg.resize != NULL
        && rt->cfg.resize(rt->cfg.ctx, last->words, last->cap * sizeof(mw_code_unit),
            m->lazy_used * sizeof(mw_code_unit))) {
        m->ram -= (last->cap - m->lazy_used) * sizeof(mw_code_unit);
        last->cap = m->lazy_used;
    }
    // never more than the functions still unlowered can use
    uint32_t words = len > MW_LAZY_CHUNK_UNITS ? len : MW_LAZY_CHUNK_UNITS;
    words = words < m->lazy_pending ? words : m->lazy_pending;
    mw_code_unit *w = mw_alloc(rt, words * sizeof(mw_code_unit));
    if (w == NULL) {
        return NULL;
    }
    if (m->nchunks == m->cap_chunks) {
        uint32_t nc = m->cap_chunks ? m->cap_chunks * 2 : 4;
        mw_code_chunk *n = mw_realloc(rt, m->chunks, m->cap_chunks * sizeof(mw_code_chunk),
            nc * sizeof(mw_code_chunk));
        if (n == NULL) {
            mw_free(rt, w, words * sizeof(mw_code_unit));
            return NULL;
        }
        m->ram += (nc - m->cap_chunks) * sizeof(mw_code_chunk);
        m->chunks = n;
        m->cap_chunks = nc;
    }
    m->ram += words * sizeof(mw_code_unit);
    m->chunks[m->nchunks].words = w;
    m->chunks[m->nchunks].cap = words;
    m->nchunks++;
    m->lazy_used = 0;
    return w;
}

mw_status mw_lazy_lower(mw_runtime *rt, mw_module *m, mw_funcdef *fd) {
    const uint8_t *p = m->code_bytes + (fd->body_offset - m->code_base);
    // offsets in reports stay those of the binary, as at load
    const uint8_t *base = (const uint8_t *)((uintptr_t)p - fd->body_offset);
    mw_lower_work work;
    memset(&work, 0, sizeof(work));
    uint32_t len = fd->code_len;
    mw_status st = mw_lower_func(rt, m, fd, &work, base, p, p + fd->body_size);
    if (st == MW_OK && fd->code_len != len) {
        // the body was validated at load and lowering is deterministic
        st = mw_fail(rt, MW_ERR_INVALID, MW_D_CODE_CHECK, fd->body_offset);
    }
    #if MW_CHECK_CODE
    if (st == MW_OK) {
        mw_funcdef chk = *fd;
        chk.code = work.code;
        mw_detail cd;
        uint32_t at;
        st = mw_code_check(rt, m, &chk, &cd, &at);
        if (st != MW_OK) {
            mw_fail(rt, st, cd, fd->body_offset);
        }
    }
    #endif
    mw_code_unit *code = st == MW_OK ? lazy_room(rt, m, len) : NULL;
    if (st == MW_OK && code == NULL) {
        st = mw_fail(rt, MW_ERR_NOMEM, MW_D_OUT_OF_MEMORY, fd->body_offset);
    }
    if (st == MW_OK) {
        memcpy(code, work.code, len * sizeof(mw_code_unit));
        m->lazy_used += len;
        m->lazy_pending -= len;
        m->nlowered++;
        fd->code = code;
    } else {
        // mw_lower_func cleared it: the function stays unlowered
        fd->code = m->lazy_stubs + (fd - m->funcs) * MW_LAZY_STUB;
    }
    mw_lower_work_free(rt, &work);
    return st;
}

#if MW_UNLOWER
// Each function back on its stub, as after the load, then the code chunks
// freed (as mw_module_free does; not shared with it, so a build without
// MW_UNLOWER pays nothing). Only while nothing runs on rt, so no frame
// points into the code.
mw_status mw_module_unlower(mw_runtime *rt, mw_module *m) {
    if (!m->lazy) {
        return mw_fail(rt, MW_ERR_ARG, MW_D_UNLOWER_EAGER, 0);
    }
    if (rt->nesting > 0) {
        return mw_fail(rt, MW_ERR_ARG, MW_D_UNLOWER_RUNNING, 0);
    }
    m->lazy_pending = 0;
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        m->funcs[i].code = m->lazy_stubs + i * MW_LAZY_STUB;
        m->lazy_pending += m->funcs[i].code_len;
    }
    for (uint32_t i = 0; i < m->nchunks; i++) {
        mw_free(rt, m->chunks[i].words, m->chunks[i].cap * sizeof(mw_code_unit));
        m->ram -= m->chunks[i].cap * sizeof(mw_code_unit);
    }
    mw_free(rt, m->chunks, m->cap_chunks * sizeof(mw_code_chunk));
    m->ram -= m->cap_chunks * sizeof(mw_code_chunk);
    m->chunks = NULL;
    m->nchunks = m->cap_chunks = 0;
    m->lazy_used = 0;
    m->nlowered = 0;
    return MW_OK;
}
#endif
