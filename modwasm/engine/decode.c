// SPDX-License-Identifier: MIT
// decode.c: binary module decoding and module-level validation (spec 5.5, 3.4).
// Function bodies are handed to lower.c, which validates and lowers them.
#include "decode.h"

// ---- allocation helpers ------------------------------------------------------

// The module's arrays that grow while loading (mw_module's fields `types` to
// `datas`), one row each: where the field is and its element size.
// load_state.caps[a] (m->caps while loading) is array a's capacity.
typedef enum mod_array {
    A_TYPES, A_IMPORTS, A_FUNCTYPES, A_FUNCS, A_TABLES, A_MEMS, A_GLOBALS, A_EXPORTS, A_ELEMS, A_DATAS, MOD_ARRAYS
} mod_array;

static const struct {
    uint16_t at;              // offsetof the field in mw_module
    uint8_t size;             // bytes per element
} mod_arrays[MOD_ARRAYS] = {
    {offsetof(mw_module, types), sizeof(mw_functype *)},
    {offsetof(mw_module, imports), sizeof(mw_importdef)},
    {offsetof(mw_module, functypes), sizeof(uint32_t)},
    {offsetof(mw_module, funcs), sizeof(mw_funcdef)},
    {offsetof(mw_module, tables), sizeof(mw_tabledef)},
    {offsetof(mw_module, mems), sizeof(mw_limits)},
    {offsetof(mw_module, globals), sizeof(mw_globaldef)},
    {offsetof(mw_module, exports), sizeof(mw_exportdef)},
    {offsetof(mw_module, elems), sizeof(mw_elemdef)},
    {offsetof(mw_module, datas), sizeof(mw_datadef)},
};

// The field holding array a of m.
static void **mod_field(mw_module *m, mod_array a) {
    return (void **)(void *)((uint8_t *)m + mod_arrays[a].at);
}

static void *mod_alloc(mw_reader *r, mw_module *m, size_t n) {
    void *p = mw_alloc(r->rt, mw_nz(n));
    if (p == NULL) {
        mw_rd_fail(r, MW_ERR_NOMEM, MW_D_NONE);
    } else {
        m->ram += mw_nz(n);
    }
    return p;
}

// Grow module array a from `n` to `n + add` zeroed elements; the block is one
// byte longer, so never 0.
static bool mod_grow(mw_reader *r, mw_module *m, mod_array a, uint32_t n, uint32_t add) {
    if ((uint64_t)n + add > MW_MAX_SECTION_COUNT) {
        return mw_rd_malformed(r, MW_D_LENGTH_OUT_OF_BOUNDS);
    }
    void **arr = mod_field(m, a);
    size_t sz = mod_arrays[a].size;
    uint32_t *cap = &m->caps[a];
    size_t old = *arr ? *cap * sz + 1 : 0;
    void *p = mw_realloc(r->rt, *arr, old, (n + add) * sz + 1);
    if (p == NULL) {
        return mw_rd_fail(r, MW_ERR_NOMEM, MW_D_NONE);
    }
    *cap = n + add;
    memset((uint8_t *)p + n * sz, 0, add * sz);
    m->ram += (n + add) * sz + 1 - old;
    *arr = p;
    return true;
}

// A vector length whose elements need at least `min_size` bytes each.
static bool rd_count(mw_reader *r, uint32_t *n, size_t min_size) {
    if (!mw_rd_u32(r, n)) {
        return false;
    }
    if ((uint64_t)*n * min_size > (uint64_t)(r->end - r->p)) {
        return mw_rd_malformed(r, MW_D_LENGTH_OUT_OF_BOUNDS);
    }
    return true;
}

// UTF-8 (spec 5.2.4, Unicode 3.9): a lead byte says how many continuation
// bytes follow (1-3); no overlong form, no surrogate, nothing past U+10FFFF.
static bool utf8_valid(const uint8_t *s, uint32_t n) {
    static const uint32_t least[3] = {0x80, 0x800, 0x10000};
    const uint8_t *end = s + n;
    while (s < end) {
        uint32_t cp = *s++;
        if (cp < 0x80) {
            continue;
        }
        uint32_t more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : 1;
        if (cp < 0xc0 || cp > 0xf7 || (uint32_t)(end - s) < more) {
            return false;
        }
        uint32_t min = least[more - 1];
        cp &= 0x3fu >> more;
        while (more--) {
            if ((*s & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (*s++ & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
            return false;
        }
    }
    return true;
}

// A name's length (spec 5.2.4), its bytes valid UTF-8 from r->p on.
static bool rd_name_len(mw_reader *r, uint32_t *n) {
    if (!mw_rd_u32(r, n)) {
        return false;
    }
    if (*n > (uint64_t)(r->end - r->p)) {
        return mw_rd_malformed(r, MW_D_UNEXPECTED_END);
    }
    if (!utf8_valid(r->p, *n)) {
        return mw_rd_malformed(r, MW_D_MALFORMED_UTF8);
    }
    return true;
}

#if MW_FUNC_NAMES
// A LEB128 u32 at *p before end, quietly: the name section is read only as
// far as it reads well (spec 7.4.1: its errors are no load errors), never
// through the reader, whose failures set the report.
static bool names_u32(const uint8_t **p, const uint8_t *end, uint32_t *out) {
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        v |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

// A custom section named "name" (spec 7.4), p its content after the
// section's name: its function names (subsection 1) where they lie in a
// borrowed binary, else a copy of them if `keep` (MW_LOAD_NAMES). False only
// when the copy finds no memory (the load fails: what was asked for is missing).
static bool names_note(mw_reader *sr, mw_module *m, bool keep, const uint8_t *p, const uint8_t *end) {
    uint32_t size;
    while (m->fnames_len == 0 && p < end) {
        uint8_t id = *p++;
        if (!names_u32(&p, end, &size) || size > (size_t)(end - p)) {
            return true;
        }
        if (id == 1 && size > 0) {
            if (!m->borrowed) {
                uint8_t *copy = keep ? mod_alloc(sr, m, size) : NULL;
                if (copy == NULL) {
                    return !keep;
                }
                memcpy(copy, p, size);
                p = copy;
            }
            m->fnames = p;
            m->fnames_len = size;
        }
        p += size;
    }
    return true;
}
#endif

bool mw_module_func_name(const mw_module *m, uint32_t func, const char **name, uint32_t *len) {
    #if MW_FUNC_NAMES
    if (m->fnames_len == 0) {
        return false;
    }
    const uint8_t *p = m->fnames, *end = p + m->fnames_len;
    uint32_t n, idx, nlen;
    if (!names_u32(&p, end, &n)) {
        return false;
    }
    // (the map is sorted by index, spec 7.4.1: a scan)
    while (n-- > 0 && names_u32(&p, end, &idx) && names_u32(&p, end, &nlen) && nlen <= (size_t)(end - p)) {
        if (idx == func) {
            if (!utf8_valid(p, nlen)) {
                return false;
            }
            *name = (const char *)p;
            *len = nlen;
            return true;
        }
        p += nlen;
    }
    #else
    (void)m;
    (void)func;
    (void)name;
    (void)len;
    #endif
    return false;
}

#if MW_FUNC_NAMES
mw_detail mw_names_check(const uint8_t *names, uint32_t len, uint32_t nfuncs, uint32_t *at) {
    const uint8_t *p = names, *end = names + len, *entry = p;
    uint32_t n, idx, nlen;
    uint64_t next = 0;            // the least index the next entry may have
    mw_detail d = MW_D_NONE;
    if (!names_u32(&p, end, &n)) {
        d = MW_D_IMAGE_NAMES_END;
    }
    while (d == MW_D_NONE && n-- > 0) {
        entry = p;
        if (!names_u32(&p, end, &idx) || !names_u32(&p, end, &nlen) || nlen > (size_t)(end - p)) {
            d = MW_D_IMAGE_NAMES_END;
        } else if (idx < next || idx >= nfuncs) {
            d = MW_D_IMAGE_NAMES_ORDER;
        } else if (!utf8_valid(p, nlen)) {
            d = MW_D_MALFORMED_UTF8;
        } else {
            next = (uint64_t)idx + 1;
            p += nlen;
        }
    }
    if (d == MW_D_NONE && p != end) {
        entry = p;
        d = MW_D_IMAGE_NAMES_EXTRA;
    }
    *at = (uint32_t)(entry - names);
    return d;
}
#endif

// A name (spec 5.2.4): copied into its own NUL-terminated block.
static bool rd_name(mw_reader *r, mw_module *m, const char **out, uint32_t *len) {
    uint32_t n;
    if (!rd_name_len(r, &n)) {
        return false;
    }
    if (m->names_borrowed) {
        *out = (const char *)r->p;    // in the image, not NUL-terminated
        *len = n;
        r->p += n;
        return true;
    }
    char *s = mod_alloc(r, m, n + 1);
    if (s == NULL) {
        return false;
    }
    memcpy(s, r->p, n);
    s[n] = 0;
    r->p += n;
    *out = s;
    *len = n;
    return true;
}

// Limits (spec 5.3.8); memories also take the custom-page-sizes flag 0x08.
// Both bounds are u32 (no memory64): compared in 32 bits, stored widened.
static bool rd_limits(mw_reader *r, mw_limits *lim, bool memory) {
    uint8_t flags;
    uint32_t min, max = 0;
    if (!mw_rd_byte(r, &flags)) {
        return false;
    }
    if (flags & ~(memory ? 0x09 : 0x01)) {
        r->p--;
        mw_detail d = !memory ? MW_D_INTEGER_TOO_LARGE
                      : flags & 0x02 ? MW_D_UNSUPPORTED_THREADS  // shared memory
                      : flags & 0x04 ? MW_D_UNSUPPORTED_MEMORY64
                                     : MW_D_MALFORMED_LIMITS_FLAGS;
        return mw_rd_malformed(r, d);
    }
    bool has_max = flags & 1;
    if (!mw_rd_u32(r, &min) || (has_max && !mw_rd_u32(r, &max))) {
        return false;
    }
    uint32_t log2 = 16;
    if (flags & 0x08) {
        if (!mw_rd_u32(r, &log2)) {
            return false;
        }
        if (log2 != 0 && log2 != 16) {
            return mw_rd_fail(r, log2 > 64 ? MW_ERR_MALFORMED : MW_ERR_INVALID, MW_D_INVALID_CUSTOM_PAGE_SIZE);
        }
    }
    lim->min = min;
    lim->max = max;
    lim->has_max = has_max;
    lim->page_log2 = (uint8_t)log2;
    if (has_max && max < min) {
        return mw_rd_invalid(r, MW_D_SIZE_MINIMUM_MUST_NOT_BE_GREATER_THAN_MAXIMUM);
    }
    // 64 KiB pages: at most 2^16 (spec 3.2.5); 1-byte pages: any u32
    if (memory && log2 == 16 && (min > MW_MAX_PAGES_64K || max > MW_MAX_PAGES_64K)) {
        return mw_rd_invalid(r, MW_D_MEM_TOO_BIG_PAGES);
    }
    return true;
}

static bool rd_tabletype(mw_reader *r, mw_tabledef *t) {
    return mw_rd_reftype(r, &t->elem) && rd_limits(r, &t->limits, false);
}

static bool rd_globaltype(mw_reader *r, mw_globaldef *g) {
    uint8_t mut;
    if (!mw_rd_valtype(r, &g->type) || !mw_rd_byte(r, &mut)) {
        return false;
    }
    if (mut > 1) {
        r->p--;
        return mw_rd_malformed(r, MW_D_MALFORMED_MUTABILITY);
    }
    g->mut = mut;
    return true;
}

// Function x may be referenced (ref.func, spec 3.4.10 "C.refs").
static void declare_ref(mw_module *m, uint32_t x) {
    m->declared_refs[x >> 3] |= (uint8_t)(1 << (x & 7));
}

// A function index of ref.func or an element segment, declared.
static bool rd_funcref(mw_reader *r, mw_module *m, uint32_t *x) {
    if (!mw_rd_u32(r, x)) {
        return false;
    }
    if (*x >= m->nfuncs) {
        return mw_rd_invalid(r, MW_D_UNKNOWN_FUNCTION);
    }
    declare_ref(m, *x);
    return true;
}

// Constant expression (spec 3.3.10) of type `type`: one instruction then end.
static bool rd_constexpr(mw_reader *r, mw_module *m, uint8_t type, mw_constexpr *ce) {
    uint8_t op, t = 0;
    uint64_t v;
    if (!mw_rd_byte(r, &op)) {
        return false;
    }
    ce->op = op;
    ce->val.i64 = 0;
    switch (op) {
        case MW_W_I32_CONST:
        case MW_W_I64_CONST:
        case MW_W_F32_CONST:
        case MW_W_F64_CONST:
            if (!mw_rd_const(r, op, &v)) {
                return false;
            }
            ce->val.i64 = v;
            t = mw_const_type(op);
            break;
        case MW_W_REF_NULL:
            if (!mw_rd_reftype(r, &t)) {
                return false;
            }
            break;
        case MW_W_REF_FUNC:
            if (!rd_funcref(r, m, &ce->idx)) {
                return false;
            }
            t = MW_FUNCREF;
            break;
        case MW_W_GLOBAL_GET:
            if (!mw_rd_u32(r, &ce->idx)) {
                return false;
            }
            // Wasm 2.0 (spec 3.4.10): only imported, immutable globals
            if (ce->idx >= m->nglobal_imports) {
                return mw_rd_invalid(r, MW_D_UNKNOWN_GLOBAL);
            }
            if (m->globals[ce->idx].mut) {
                return mw_rd_invalid(r, MW_D_CONSTANT_EXPRESSION_REQUIRED);
            }
            t = m->globals[ce->idx].type;
            break;
        case MW_W_END:
            return mw_rd_invalid(r, MW_D_TYPE_MISMATCH);
        default:
            r->p--;
            return mw_rd_invalid(r, MW_D_CONSTANT_EXPRESSION_REQUIRED);
    }
    if (!mw_rd_byte(r, &op)) {
        return false;
    }
    if (op != MW_W_END) {
        r->p--;
        bool constant = op == MW_W_I32_CONST || op == MW_W_I64_CONST || op == MW_W_F32_CONST || op == MW_W_F64_CONST
                        || op == MW_W_REF_NULL || op == MW_W_REF_FUNC || op == MW_W_GLOBAL_GET || op == MW_W_NOP;
        return mw_rd_invalid(r, constant ? MW_D_TYPE_MISMATCH : MW_D_CONSTANT_EXPRESSION_REQUIRED);
    }
    if (t != type) {
        return mw_rd_invalid(r, MW_D_TYPE_MISMATCH);
    }
    return true;
}

// ---- sections -------------------------------------------------------------------

static bool sec_type(mw_reader *r, mw_module *m) {
    uint32_t n;
    if (!rd_count(r, &n, 3)) {
        return false;
    }
    if (!mod_grow(r, m, A_TYPES, 0, n)) {
        return false;
    }
    m->ntypes = n;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t form;
        uint32_t np, nr;
        if (!mw_rd_byte(r, &form)) {
            return false;
        }
        if (form != 0x60) {
            r->p--;
            return mw_rd_malformed(r, MW_D_INTEGER_REPRESENTATION_TOO_LONG);
        }
        if (!rd_count(r, &np, 1)) {
            return false;
        }
        const uint8_t *pp = r->p;
        r->p += np;
        if (!rd_count(r, &nr, 1)) {
            return false;
        }
        if (np > MW_MAX_FUNC_PARAMS || nr > MW_MAX_FUNC_RESULTS) {
            return mw_rd_invalid(r, MW_D_TOO_MANY_PARAMS_OR_RESULTS);
        }
        mw_functype *ft = mod_alloc(r, m, sizeof(mw_functype) + np + nr);
        if (ft == NULL) {
            return false;
        }
        m->types[i] = ft;
        ft->nparams = (uint16_t)np;
        ft->nresults = (uint16_t)nr;
        // the parameters' types (before the results' count), then the
        // results' (a byte each)
        const uint8_t *rp = r->p;
        r->p = pp;
        for (uint32_t k = 0; k < np + nr; k++) {
            if (k == np) {
                r->p = rp;
            }
            if (!mw_rd_valtype(r, &ft->types[k])) {
                return false;
            }
        }
        r->p = rp + nr;
    }
    return true;
}

// Per import or export kind (MW_KIND_FUNC .. MW_KIND_GLOBAL): where mw_module
// counts its entries, imported and defined, and its imported ones, the array
// an entry of the kind grows, and the fewest bytes a definition of it takes
// in its section (rd_count). (One row per kind where sec_import and
// sec_export had a case each: -112 B of Thumb-2; the function, table,
// memory and global sections one function by these rows: sec_defs.)
static const struct {
    uint8_t count, imports, array, min;
} kind_rows[4] = {
    {offsetof(mw_module, nfuncs), offsetof(mw_module, nfunc_imports), A_FUNCTYPES, 1},
    {offsetof(mw_module, ntables), offsetof(mw_module, ntable_imports), A_TABLES, 3},
    {offsetof(mw_module, nmems), offsetof(mw_module, nmem_imports), A_MEMS, 2},
    {offsetof(mw_module, nglobals), offsetof(mw_module, nglobal_imports), A_GLOBALS, 4},
};
_Static_assert(offsetof(mw_module, nglobal_imports) <= 0xff && MW_KIND_FUNC == 0 && MW_KIND_TABLE == 1
               && MW_KIND_MEMORY == 2 && MW_KIND_GLOBAL == 3, "kind_rows: a byte's offsets, in kind order");

// The count at offset `at` of m (a kind_rows field).
static uint32_t *kind_count(mw_module *m, uint32_t at) {
    return (uint32_t *)(void *)((uint8_t *)m + at);
}

// Entry x of the kind's array, its type read: an import's, or a definition
// of the function, table, memory or global section (a function's: its type
// index; a global's init is its section's).
static bool rd_kind_entry(mw_reader *r, mw_module *m, uint32_t kind, uint32_t x) {
    switch (kind) {
        case MW_KIND_FUNC:
            if (!mw_rd_u32(r, &m->functypes[x])) {
                return false;
            }
            return m->functypes[x] < m->ntypes || mw_rd_invalid(r, MW_D_UNKNOWN_TYPE);
        case MW_KIND_TABLE:
            return rd_tabletype(r, &m->tables[x]);
        case MW_KIND_MEMORY:
            return rd_limits(r, &m->mems[x], true);
        default:
            return rd_globaltype(r, &m->globals[x]);
    }
}

static bool sec_import(mw_reader *r, mw_module *m) {
    uint32_t n;
    if (!rd_count(r, &n, 4)) {
        return false;
    }
    if (!mod_grow(r, m, A_IMPORTS, 0, n)) {
        return false;
    }
    m->nimports = n;
    for (uint32_t i = 0; i < n; i++) {
        mw_importdef *im = &m->imports[i];
        uint8_t kind;
        if (!rd_name(r, m, &im->module, &im->module_len) || !rd_name(r, m, &im->name, &im->name_len)
            || !mw_rd_byte(r, &kind)) {
            return false;
        }
        if (kind > MW_KIND_GLOBAL) {
            r->p--;
            return mw_rd_malformed(r, MW_D_MALFORMED_IMPORT_KIND);
        }
        im->kind = kind;
        // entry x of the kind's array (a function's: its type index)
        uint32_t *count = kind_count(m, kind_rows[kind].count), x = *count;
        if (!mod_grow(r, m, (mod_array)kind_rows[kind].array, x, 1)) {
            return false;
        }
        if (!rd_kind_entry(r, m, kind, x)) {
            return false;
        }
        im->index = x;
        (*count)++;
        (*kind_count(m, kind_rows[kind].imports))++;
    }
    return true;
}

// The function, table, memory and global sections' ids follow the import
// kinds' order: the section id less MW_SEC_FUNCTION is sec_defs' kind.
_Static_assert(MW_SEC_TABLE - MW_SEC_FUNCTION == MW_KIND_TABLE && MW_SEC_MEMORY - MW_SEC_FUNCTION == MW_KIND_MEMORY
                   && MW_SEC_GLOBAL - MW_SEC_FUNCTION == MW_KIND_GLOBAL,
    "sec_defs' kinds");

// The function, table, memory and global sections (kind: the section's id
// less MW_SEC_FUNCTION): the kind's definitions, after its imports. A
// function's type index goes to its mw_funcdef too; a global's type is
// followed by its init. (Out of line, for its one caller: load_section -32
// B of Thumb-2.)
static MW_NOINLINE bool sec_defs(mw_reader *r, mw_module *m, uint32_t kind) {
    uint32_t n, *count = kind_count(m, kind_rows[kind].count);
    if (!rd_count(r, &n, kind_rows[kind].min) || !mod_grow(r, m, (mod_array)kind_rows[kind].array, *count, n)
        || (kind == MW_KIND_FUNC && !mod_grow(r, m, A_FUNCS, 0, n))) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t x = *count;
        if (!rd_kind_entry(r, m, kind, x)
            || (kind == MW_KIND_GLOBAL && !rd_constexpr(r, m, m->globals[x].type, &m->globals[x].init))) {
            return false;
        }
        if (kind == MW_KIND_FUNC) {
            m->funcs[i].type = m->functypes[x];
        }
        (*count)++;
    }
    return true;
}

static bool sec_export(mw_reader *r, mw_module *m) {
    uint32_t n;
    if (!rd_count(r, &n, 3)) {
        return false;
    }
    if (!mod_grow(r, m, A_EXPORTS, 0, n)) {
        return false;
    }
    m->nexports = n;              // zeroed entries: mw_module_free frees the names read so far
    for (uint32_t i = 0; i < n; i++) {
        mw_exportdef *e = &m->exports[i];
        uint8_t kind;
        if (!rd_name(r, m, &e->name, &e->name_len) || !mw_rd_byte(r, &kind) || !mw_rd_u32(r, &e->index)) {
            return false;
        }
        e->kind = kind;
        if (kind > MW_KIND_GLOBAL) {
            return mw_rd_malformed(r, MW_D_MALFORMED_EXPORT_KIND);
        }
        if (e->index >= *kind_count(m, kind_rows[kind].count)) {
            static const uint8_t unknown[] = {MW_D_UNKNOWN_FUNCTION, MW_D_UNKNOWN_TABLE, MW_D_UNKNOWN_MEMORY, MW_D_UNKNOWN_GLOBAL};
            return mw_rd_invalid(r, (mw_detail)unknown[kind]);
        }
        if (kind == MW_KIND_FUNC) {
            declare_ref(m, e->index);
        }
        for (uint32_t k = 0; k < i; k++) {
            if (m->exports[k].name_len == e->name_len && memcmp(m->exports[k].name, e->name, e->name_len) == 0) {
                return mw_rd_invalid(r, MW_D_DUPLICATE_EXPORT_NAME);
            }
        }
    }
    return true;
}

static bool sec_elem(mw_reader *r, mw_module *m) {
    uint32_t n;
    if (!rd_count(r, &n, 1)) {
        return false;
    }
    if (!mod_grow(r, m, A_ELEMS, 0, n)) {
        return false;
    }
    m->nelems = n;
    for (uint32_t i = 0; i < n; i++) {
        mw_elemdef *e = &m->elems[i];
        uint32_t flags, cnt;
        if (!mw_rd_u32(r, &flags)) {
            return false;
        }
        if (flags > 7) {
            return mw_rd_malformed(r, MW_D_MALFORMED_ELEMENTS_SEGMENT_KIND);
        }
        // bit 0: passive/declarative, bit 1: explicit table (active) or
        // declarative (passive), bit 2: expressions instead of indices.
        // (bit 0 shifted left by bit 1: active 0, passive 1, declarative 2; -16 B)
        _Static_assert(MW_SEG_ACTIVE == 0 && MW_SEG_PASSIVE == 1 && MW_SEG_DECLARATIVE == 2, "e->mode's shift");
        e->mode = (uint8_t)((flags & 1) << ((flags & 2) >> 1));
        e->type = MW_FUNCREF;
        e->table = 0;
        if (e->mode == MW_SEG_ACTIVE) {
            if ((flags & 2) && !mw_rd_u32(r, &e->table)) {
                return false;
            }
            if (e->table >= m->ntables) {
                return mw_rd_invalid(r, MW_D_UNKNOWN_TABLE);
            }
            if (!rd_constexpr(r, m, MW_I32, &e->offset)) {
                return false;
            }
        }
        if (flags & 3) {
            if (flags & 4) {
                if (!mw_rd_reftype(r, &e->type)) {
                    return false;
                }
            } else {
                uint8_t kind;
                if (!mw_rd_byte(r, &kind)) {
                    return false;
                }
                if (kind != 0) {
                    return mw_rd_malformed(r, MW_D_MALFORMED_ELEMENT_KIND);
                }
            }
        }
        if (!rd_count(r, &cnt, 1)) {
            return false;
        }
        e->items = mod_alloc(r, m, cnt * sizeof(mw_constexpr));
        if (e->items == NULL) {
            return false;
        }
        e->count = cnt;
        for (uint32_t k = 0; k < cnt; k++) {
            mw_constexpr *ce = &e->items[k];
            if (flags & 4) {
                if (!rd_constexpr(r, m, e->type, ce)) {
                    return false;
                }
            } else {
                ce->op = 0xd2;
                if (!rd_funcref(r, m, &ce->idx)) {
                    return false;
                }
            }
        }
        if (e->mode == MW_SEG_ACTIVE && m->tables[e->table].elem != e->type) {
            return mw_rd_invalid(r, MW_D_TYPE_MISMATCH);
        }
    }
    return true;
}

// Close the last code chunk, which holds functions [first, end): shrink it
// to `used` units; if the block moved, its functions follow it.
static void code_close(mw_reader *r, mw_module *m, uint32_t first, uint32_t end, uint32_t used) {
    mw_code_chunk *c = &m->chunks[m->nchunks - 1];
    mw_code_unit *w = mw_realloc(r->rt, c->words, c->cap * sizeof(mw_code_unit), used * sizeof(mw_code_unit));
    if (w == NULL) {
        return;                   // could not shrink: keep the block, tail unused
    }
    m->ram -= (c->cap - used) * sizeof(mw_code_unit);
    c->words = w;
    c->cap = used;
    for (uint32_t i = first, at = 0; i < end; i++) {
        m->funcs[i].code = w + at;
        at += m->funcs[i].code_len;
    }
}

// A new code chunk of `words` units at the end of m->chunks.
static bool code_chunk_new(mw_reader *r, mw_module *m, uint32_t words) {
    if (m->nchunks == m->cap_chunks) {
        uint32_t nc = m->cap_chunks ? m->cap_chunks * 2 : 4;
        mw_code_chunk *n = mw_realloc(r->rt, m->chunks, m->cap_chunks * sizeof(mw_code_chunk),
            nc * sizeof(mw_code_chunk));
        if (n == NULL) {
            return mw_rd_fail(r, MW_ERR_NOMEM, MW_D_NONE);
        }
        m->ram += (nc - m->cap_chunks) * sizeof(mw_code_chunk);
        m->chunks = n;
        m->cap_chunks = nc;
    }
    mw_code_unit *w = mw_alloc(r->rt, words * sizeof(mw_code_unit));
    if (w == NULL) {
        return mw_rd_fail(r, MW_ERR_NOMEM, MW_D_NONE);
    }
    m->ram += words * sizeof(mw_code_unit);
    m->chunks[m->nchunks].words = w;
    m->chunks[m->nchunks].cap = words;
    m->nchunks++;
    return true;
}

// The code section is lowered one body at a time (sec_code, or the stream
// loader reading each body on its own): what carries over between bodies.
typedef struct code_state {
    mw_lower_work work;
    uint32_t first, used;         // the last chunk: its first function, units used
} code_state;

// The body of defined function `i`: `r` is at its size.
static bool code_body(mw_reader *r, mw_module *m, uint32_t i, code_state *cs) {
    uint32_t size;
    if (!mw_rd_u32(r, &size)) {
        return false;
    }
    if (size > (uint64_t)(r->end - r->p)) {
        return mw_rd_malformed(r, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION);
    }
    const uint8_t *body_end = r->p + size;
    mw_funcdef *fd = &m->funcs[i];
    fd->body_offset = (uint32_t)(r->p - r->base);
    fd->body_size = size;
    // lazy: validated without lowering (lower_check.c check_run)
    if (mw_lower_func(r->rt, m, fd, &cs->work, r->base, r->p, body_end, m->lazy) != MW_OK) {
        return false;
    }
    if (m->lazy) {
        // lowered on its first call (lazy.c), from the borrowed binary or
        // from the module's copy of the code section
        if (!m->borrowed) {
            memcpy((uint8_t *)m->code_bytes + (fd->body_offset - m->code_base), r->p, size);
        }
        fd->code = m->lazy_stubs + i * MW_LAZY_STUB;
        r->p = body_end;
        return true;
    }
    uint32_t len = fd->code_len;
    #if MW_CHECK_CODE
    mw_funcdef chk = *fd;
    chk.code = cs->work.code;
    mw_detail cd;
    uint32_t at;
    mw_status cst = mw_code_check(r->rt, m, &chk, &cd, &at);
    if (cst != MW_OK) {
        return mw_rd_fail(r, cst, cd);
    }
    #endif
    #if MW_THREADED
    // threaded into the chunk (code.c), by lowering's plan of it (its
    // branches reach)
    uint32_t compact = len;
    len = cs->work.plan.units;
    fd->code_len = len;
    #endif
    if (m->nchunks == 0 || m->chunks[m->nchunks - 1].cap - cs->used < len) {
        if (m->nchunks > 0) {
            code_close(r, m, cs->first, i, cs->used);
        }
        if (!code_chunk_new(r, m, len > MW_CODE_CHUNK_UNITS ? len : MW_CODE_CHUNK_UNITS)) {
            return false;
        }
        cs->first = i;
        cs->used = 0;
    }
    fd->code = m->chunks[m->nchunks - 1].words + cs->used;
    #if MW_THREADED
    mw_thread_fill(fd->code, cs->work.code, compact, &cs->work.plan);
    #else
    memcpy(fd->code, cs->work.code, len * sizeof(mw_code_unit));
    #endif
    #if MW_OP_PROFILE
    mw_op_profile_code(fd->code, len, cs->work.sites, cs->work.nsites, m->nfunc_imports + i);
    #endif
    cs->used += len;
    m->nlowered++;
    m->nlowerings++;
    r->p = body_end;
    return true;
}

// MW_LOAD_LAZY: where the bodies will be read again on first calls. The
// borrowed binary itself, else a copy of the code section's `size` bytes at
// `offset` (filled body by body: code_body).
static bool code_keep(mw_reader *r, mw_module *m, uint32_t offset, uint32_t size) {
    if (!m->lazy) {
        return true;
    }
    if (mw_lazy_stubs(r->rt, m) != MW_OK) {
        return mw_rd_fail(r, MW_ERR_NOMEM, MW_D_NONE);
    }
    if (m->borrowed) {
        m->code_bytes = m->binary;
        m->code_base = 0;
        return true;
    }
    uint8_t *copy = mw_alloc(r->rt, mw_nz(size));
    if (copy == NULL) {
        return mw_rd_fail(r, MW_ERR_NOMEM, MW_D_NONE);
    }
    m->ram += mw_nz(size);
    m->code_bytes = copy;
    m->code_base = offset;
    m->code_copy_len = size;
    return true;
}

static bool code_count(mw_reader *r, uint32_t *n, uint32_t ndefined) {
    if (!rd_count(r, n, 1)) {
        return false;
    }
    if (*n != ndefined) {
        return mw_rd_malformed(r, MW_D_FUNCTION_AND_CODE_SECTION_HAVE_INCONSISTENT_LENGTHS);
    }
    return true;
}

// After the last body (ok) or a failure: the last chunk shrunk, the work
// freed. (Out of line: -10 B of Thumb-2.)
static MW_NOINLINE bool code_end(mw_reader *r, mw_module *m, uint32_t n, code_state *cs, bool ok) {
    if (ok && m->nchunks > 0) {
        code_close(r, m, cs->first, n, cs->used);
    }
    mw_lower_work_free(r->rt, &cs->work);
    return ok;
}

static bool sec_code(mw_reader *r, mw_module *m, uint32_t ndefined) {
    uint32_t n;
    if (!code_keep(r, m, (uint32_t)(r->p - r->base), (uint32_t)(r->end - r->p)) || !code_count(r, &n, ndefined)) {
        return false;
    }
    code_state cs;
    memset(&cs, 0, sizeof(cs));
    bool ok = true;
    for (uint32_t i = 0; ok && i < n; i++) {
        ok = code_body(r, m, i, &cs);
    }
    return code_end(r, m, n, &cs, ok);
}

static bool sec_data(mw_reader *r, mw_module *m, uint32_t datacount) {
    uint32_t n;
    if (!rd_count(r, &n, 1)) {
        return false;
    }
    if (m->has_datacount && n != datacount) {
        return mw_rd_malformed(r, MW_D_DATA_COUNT_AND_DATA_SECTION_HAVE_INCONSISTENT_LENGTHS);
    }
    if (!m->has_datacount && !mod_grow(r, m, A_DATAS, 0, n)) {
        return false;
    }
    m->ndatas = n;
    for (uint32_t i = 0; i < n; i++) {
        mw_datadef *d = &m->datas[i];
        uint32_t flags, len;
        if (!mw_rd_u32(r, &flags)) {
            return false;
        }
        if (flags > 2) {
            return mw_rd_malformed(r, MW_D_MALFORMED_DATA_SEGMENT_KIND);
        }
        d->mode = flags == 1 ? MW_SEG_PASSIVE : MW_SEG_ACTIVE;
        d->mem = 0;
        if (flags == 2 && !mw_rd_u32(r, &d->mem)) {
            return false;
        }
        if (d->mode == MW_SEG_ACTIVE) {
            if (d->mem >= m->nmems) {
                return mw_rd_invalid(r, MW_D_UNKNOWN_MEMORY);
            }
            if (!rd_constexpr(r, m, MW_I32, &d->offset)) {
                return false;
            }
        }
        if (!mw_rd_u32(r, &len)) {
            return false;
        }
        if (len > (uint64_t)(r->end - r->p)) {
            return mw_rd_malformed(r, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION);
        }
        if (m->borrowed) {
            d->bytes = r->p;
        } else {
            uint8_t *copy = mod_alloc(r, m, len);
            if (copy == NULL) {
                return false;
            }
            memcpy(copy, r->p, len);
            d->bytes = copy;
        }
        d->len = len;
        r->p += len;
    }
    return true;
}

// ---- module -------------------------------------------------------------------

// Section order (spec 5.5.2): the data count section (12) sits between elem (9)
// and code (10).
static int section_rank(uint8_t id) {
    static const uint8_t rank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
    return rank[id];
}

// What decoding carries from one section to the next.
typedef struct load_state {
    uint32_t ndefined, datacount;
    bool have_code, have_funcs;
    bool no_code;                 // MW_LOAD_NO_CODE: the caller brings the lowered code
    #if MW_FUNC_NAMES
    bool keep_names;              // MW_LOAD_NAMES
    #endif
    int last_rank;
    uint32_t caps[MOD_ARRAYS];    // (after the others: they are in a 16-bit load's reach)
} load_state;

static mw_module *load_begin(mw_runtime *rt, load_state *ls, uint32_t flags) {
    memset(ls, 0, sizeof(*ls));
    mw_module *m = mw_alloc(rt, sizeof(mw_module));
    if (m == NULL) {
        mw_fail_nomem(rt, MW_REPORT_MODULE);
        return NULL;
    }
    m->caps = ls->caps;
    m->ram = sizeof(mw_module);
    m->start = UINT32_MAX;
    m->borrowed = (flags & MW_LOAD_BORROW) != 0;
    m->lazy = (flags & MW_LOAD_LAZY) != 0;
    m->multi_memory = (flags & MW_LOAD_NO_MULTI_MEMORY) == 0;
    ls->no_code = (flags & MW_LOAD_NO_CODE) != 0;
    #if MW_FUNC_NAMES
    ls->keep_names = (flags & MW_LOAD_NAMES) != 0;
    #endif
    m->names_borrowed = ls->no_code && m->borrowed;
    return m;
}

// The 8-byte preamble (spec 5.5.16): magic and version.
static bool load_preamble(mw_reader *r) {
    size_t len = r->end - r->p;
    if (len < 4 || memcmp(r->p, "\0asm", 4) != 0) {
        return mw_rd_malformed(r, MW_D_MAGIC_HEADER_NOT_DETECTED);
    }
    if (len < 8) {
        r->p = r->end;
        return mw_rd_malformed(r, MW_D_UNEXPECTED_END);
    }
    if (memcmp(r->p + 4, "\1\0\0\0", 4) != 0) {
        r->p += 4;
        return mw_rd_malformed(r, MW_D_UNKNOWN_BINARY_VERSION);
    }
    r->p += 8;
    return true;
}

// The bitmap of functions that may be referenced (ref.func, spec 3.4.10
// "C.refs"), a bit a function, zeroed (mw_alloc): made once the function
// count is known (the first section from the table section on, or the end).
static bool refs_ready(mw_reader *r, mw_module *m) {
    if (m->declared_refs == NULL) {
        m->declared_refs = mod_alloc(r, m, m->nfuncs / 8 + 1);
    }
    return m->declared_refs != NULL;
}

// A section's id, checked, and its order; `r` is just after the id byte.
static MW_NOINLINE bool section_start(mw_reader *r, uint8_t id) {    // (out of line: -8 B)
    if (id > MW_SEC_DATA_COUNT) {
        r->p--;
        // 13 is the exception-handling proposal's tag section
        return mw_rd_malformed(r, id == 13 ? MW_D_UNSUPPORTED_EXCEPTIONS : MW_D_MALFORMED_SECTION_ID);
    }
    return true;
}

// Decode section `id` whose content is `sr` (the whole of it); `r` is the
// outer reader, at the section's start, for errors about the section itself.
// What every section `id` does first, whichever loader reads it: its place
// in the order, and from section 4 on the bitmap of functions that may be
// referenced (ref.func, spec 3.4.10 "C.refs"), sized by the function count.
// `r` is the outer reader, at the section's start.
static bool section_begin(mw_reader *r, mw_module *m, load_state *ls, uint8_t id) {
    if (id != MW_SEC_CUSTOM) {
        if (section_rank(id) <= ls->last_rank) {
            return mw_rd_malformed(r, MW_D_UNEXPECTED_CONTENT_AFTER_LAST_SECTION);
        }
        ls->last_rank = section_rank(id);
    }
    return id < MW_SEC_TABLE || refs_ready(r, m);
}

static bool load_section(mw_reader *r, mw_reader *sr, mw_module *m, load_state *ls, uint8_t id) {
    const uint8_t *sec_end = sr->end;
    if (!section_begin(r, m, ls, id)) {
        return false;
    }
    bool ok = true;
    switch (id) {
        case MW_SEC_CUSTOM: {
            uint32_t nlen;
            ok = rd_name_len(sr, &nlen);    // (its name checked, its content skipped)
            #if MW_FUNC_NAMES
            if (ok && nlen == 4 && memcmp(sr->p, "name", 4) == 0) {
                ok = names_note(sr, m, ls->keep_names, sr->p + 4, sec_end);
            }
            #endif
            sr->p = sec_end;
            break;
        }
        case MW_SEC_TYPE:
            ok = sec_type(sr, m);
            break;
        case MW_SEC_IMPORT:
            ok = sec_import(sr, m);
            break;
        case MW_SEC_FUNCTION:
        case MW_SEC_TABLE:
        case MW_SEC_MEMORY:
        case MW_SEC_GLOBAL:
            ok = sec_defs(sr, m, id - MW_SEC_FUNCTION);
            if (id == MW_SEC_FUNCTION) {
                ls->ndefined = m->nfuncs - m->nfunc_imports;
                ls->have_funcs = true;
            }
            break;
        case MW_SEC_EXPORT:
            ok = sec_export(sr, m);
            break;
        case MW_SEC_START:
            ok = mw_rd_u32(sr, &m->start);
            if (ok && m->start >= m->nfuncs) {
                ok = mw_rd_invalid(sr, MW_D_UNKNOWN_FUNCTION);
            }
            if (ok) {
                const mw_functype *ft = m->types[m->functypes[m->start]];
                if (ft->nparams || ft->nresults) {
                    ok = mw_rd_invalid(sr, MW_D_START_FUNCTION);
                }
            }
            break;
        case MW_SEC_ELEMENT:
            ok = sec_elem(sr, m);
            break;
        case MW_SEC_DATA_COUNT:
            ok = mw_rd_u32(sr, &ls->datacount);
            if (ok) {
                m->has_datacount = true;
                ok = mod_grow(sr, m, A_DATAS, 0, ls->datacount);
                m->ndatas = ls->datacount;
            }
            break;
        case MW_SEC_CODE:
            if (ls->no_code) {
                ok = mw_rd_malformed(r, MW_D_IMAGE_LAYOUT);
                break;
            }
            ok = sec_code(sr, m, ls->ndefined);
            ls->have_code = true;
            break;
        case MW_SEC_DATA:
            ok = sec_data(sr, m, ls->datacount);
            break;
    }
    // Wasm 2.0 (spec 3.4.12, "there must not be more than one memory").
    if (ok && !m->multi_memory && m->nmems > 1) {
        ok = mw_rd_invalid(sr, MW_D_MULTIPLE_MEMORIES);
    }
    if (!ok) {
        return false;
    }
    if (sr->p != sec_end) {
        // at sr's place, by sr's base: a stream's section is a chunk of its own, whose
        // base is not r's (the offset was a distance between two buffers until session 35)
        return mw_rd_malformed(sr, MW_D_SECTION_SIZE_MISMATCH);
    }
    return true;
}

// Checks across sections, once all are read.
static bool load_end(mw_reader *r, mw_module *m, load_state *ls) {
    if (ls->have_funcs && ls->ndefined > 0 && !ls->have_code && !ls->no_code) {
        return mw_rd_malformed(r, MW_D_FUNCTION_AND_CODE_SECTION_HAVE_INCONSISTENT_LENGTHS);
    }
    if (m->has_datacount && m->ndatas != ls->datacount) {
        return mw_rd_malformed(r, MW_D_DATA_COUNT_AND_DATA_SECTION_HAVE_INCONSISTENT_LENGTHS);
    }
    if (m->has_datacount && ls->datacount > 0 && !(ls->last_rank >= 12)) {
        // data count given but no data section
        return mw_rd_malformed(r, MW_D_DATA_COUNT_AND_DATA_SECTION_HAVE_INCONSISTENT_LENGTHS);
    }
    if (!refs_ready(r, m)) {
        return false;
    }
    m->caps = NULL;               // every array now holds exactly its count
    return true;
}

mw_status mw_module_load(mw_runtime *rt, const uint8_t *bytes, size_t len, uint32_t flags, mw_module **out) {
    mw_reader rd = {rt, bytes, bytes, bytes + len};
    mw_reader *r = &rd;
    load_state ls;
    mw_module *m = load_begin(rt, &ls, flags);
    *out = NULL;
    if (m == NULL) {
        return rt->report.status;
    }
    m->binary = m->borrowed ? bytes : NULL;
    if (!load_preamble(r)) {
        goto fail;
    }
    while (r->p < r->end) {
        uint8_t id;
        uint32_t size;
        if (!mw_rd_byte(r, &id) || !section_start(r, id) || !mw_rd_u32(r, &size)) {
            goto fail;
        }
        if (size > (uint64_t)(r->end - r->p)) {
            mw_rd_malformed(r, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION);
            goto fail;
        }
        mw_reader sr = {rt, bytes, r->p, r->p + size};
        if (!load_section(r, &sr, m, &ls, id)) {
            goto fail;
        }
        r->p += size;
    }
    if (!load_end(r, m, &ls)) {
        goto fail;
    }
    *out = m;
    return MW_OK;
fail:
    mw_module_free(rt, m);
    return rt->report.status;
}

// ---- loading from a stream ------------------------------------------------------
// Sections are read one at a time into a buffer the size of the section, and
// the code section one function body at a time, so the binary is never whole
// in RAM: the peak is the largest section other than code, or the largest body.

typedef struct stream_src {
    mw_runtime *rt;
    mw_read_fn read;
    void *ctx;
    uint32_t offset;              // of the next byte in the binary
    uint8_t *buf;                 // the current section or body
    size_t cap;
    size_t peak;                  // the largest buf
    bool eof;                     // a read ended before the bytes asked for
} stream_src;

// Exactly n bytes, or false (with the error set) at the end or on a read error.
static bool src_read(stream_src *s, uint8_t *dst, size_t n, bool *at_end) {
    size_t got = 0;
    while (got < n) {
        long k = s->read(s->ctx, dst + got, n - got);
        if (k < 0) {
            mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_UNEXPECTED_END, s->offset + got);
            return false;
        }
        if (k == 0) {
            if (at_end != NULL && got == 0) {
                *at_end = true;
                return false;
            }
            s->eof = true;
            mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_UNEXPECTED_END, s->offset + got);
            return false;
        }
        got += (size_t)k;
    }
    s->offset += n;
    return true;
}

// The reader base that puts p at offset `off` of the binary: before p's buffer, so
// made with integers, as lower_block's (pointer arithmetic before an array is undefined:
// UBSan's bounds check stopped at `pre - s.offset` once fuzz_load loaded from a stream)
static const uint8_t *base_at(const uint8_t *p, uint32_t off) {
    return (const uint8_t *)((uintptr_t)p - off);
}

// A u32 LEB128 from the stream, its bytes appended to `hdr` (at most 5).
static bool src_leb(stream_src *s, uint8_t *hdr, uint32_t *hlen, uint32_t *out) {
    uint32_t start = *hlen;
    do {
        if (*hlen - start >= 5 || !src_read(s, hdr + *hlen, 1, NULL)) {
            if (*hlen - start >= 5) {
                // at its fifth byte, the one that goes on, as mw_rd_leb says (one further until session 35)
                mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_INTEGER_REPRESENTATION_TOO_LONG, s->offset - 1);
            }
            return false;
        }
        (*hlen)++;
    } while (hdr[*hlen - 1] & 0x80);
    mw_reader r = {s->rt, base_at(hdr, s->offset - *hlen), hdr + start, hdr + *hlen};
    return mw_rd_u32(&r, out);
}

// `hlen` bytes already read (in hdr) then `n` more from the stream, in one
// buffer; `r` reads them with offsets relative to the whole binary.
static bool src_chunk(stream_src *s, const uint8_t *hdr, uint32_t hlen, uint32_t n, mw_reader *r) {
    size_t need = (size_t)hlen + n;
    if (need > s->cap || s->buf == NULL) {
        // (a byte at least: an empty first section reads no null pointer, UBSan's nonnull)
        size_t cap = need > 0 ? need : 1;
        uint8_t *b = mw_realloc(s->rt, s->buf, s->cap, cap);
        if (b == NULL) {
            mw_fail(s->rt, MW_ERR_NOMEM, MW_D_NONE, s->offset);
            return false;
        }
        s->buf = b;
        s->cap = cap;
        s->peak = cap > s->peak ? cap : s->peak;
    }
    memcpy(s->buf, hdr, hlen);
    uint32_t at = s->offset - hlen;  // of the chunk's first byte in the binary
    if (!src_read(s, s->buf + hlen, n, NULL)) {
        // the binary ends inside: said where the section or body begins, as mw_module_load does
        mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION, at + hlen);
        return false;
    }
    r->rt = s->rt;
    r->base = base_at(s->buf, at);
    r->p = s->buf;
    r->end = s->buf + need;
    return true;
}

// Whether a LEB128 just read from the stream (`ok`: whole) used a byte past
// the section's end, or wanted one there at the binary's end: the whole
// section's reader says "unexpected end" at that end (since session 37 for a
// count or a body size that goes on there; the count's since session 35 but
// where it ran on five bytes).
static bool leb_past(const stream_src *s, bool ok, uint32_t sec_end) {
    return s->offset > sec_end || (!ok && s->eof && s->offset >= sec_end);
}

// The code section (`size` bytes) body by body.
static bool stream_code(stream_src *s, mw_reader *r, mw_module *m, load_state *ls, uint32_t size) {
    uint8_t hdr[5];
    uint32_t hlen = 0, n;
    uint32_t sec_start = s->offset, sec_end = s->offset + size;
    if (!section_begin(r, m, ls, MW_SEC_CODE)) {
        goto failed;
    }
    bool ok = src_leb(s, hdr, &hlen, &n);
    if (leb_past(s, ok, sec_end)) {
        // the count runs past the section's end (read from the stream all the same)
        goto past_end;
    }
    if (!ok) {
        goto failed;
    }
    // as rd_count and code_count would on the whole section
    mw_reader cr = {s->rt, base_at(hdr, s->offset - hlen), hdr + hlen, hdr + hlen};
    if (n > size - hlen) {
        mw_rd_malformed(&cr, MW_D_LENGTH_OUT_OF_BOUNDS);
        goto failed;
    }
    if (n != ls->ndefined) {
        mw_rd_malformed(&cr, MW_D_FUNCTION_AND_CODE_SECTION_HAVE_INCONSISTENT_LENGTHS);
        goto failed;
    }
    if (!code_keep(&cr, m, sec_start, size)) {
        goto failed;
    }
    code_state cs;
    memset(&cs, 0, sizeof(cs));
    bool past = false;
    for (uint32_t i = 0; ok && i < n; i++) {
        uint32_t blen = 0, bsize;
        mw_reader br;
        ok = src_leb(s, hdr, &blen, &bsize);
        past = leb_past(s, ok, sec_end);
        if (ok && !past && (uint64_t)s->offset + bsize > sec_end) {
            // said at the body's start, as code_body would (its size just read)
            mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION, s->offset);
            ok = false;
        }
        ok = ok && !past && src_chunk(s, hdr, blen, bsize, &br) && code_body(&br, m, i, &cs);
    }
    ok = code_end(r, m, n, &cs, ok);
    if (past) {
        goto past_end;
    }
    if (ok && s->offset != sec_end) {
        mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_SECTION_SIZE_MISMATCH, s->offset);
        ok = false;
    }
    ls->have_code = true;
    if (ok) {
        return true;
    }
failed:
    // mw_module_load, which has the whole binary, says first that it ends before
    // the section does (at the section's start, before anything in it): the stream
    // reads on to the section's end to know, the bytes dropped (since session 37)
    while (!s->eof && s->offset < sec_end) {
        uint8_t skip[32];
        uint32_t k = sec_end - s->offset;
        if (!src_read(s, skip, k < sizeof(skip) ? k : sizeof(skip), NULL)) {
            break;    // (a read error is said as src_read says it)
        }
    }
    if (s->eof) {
        mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_UNEXPECTED_END_OF_SECTION_OR_FUNCTION, sec_start);
    }
    return false;
past_end:
    mw_fail(s->rt, MW_ERR_MALFORMED, MW_D_UNEXPECTED_END, sec_end);
    return false;
}

mw_status mw_module_load_stream(mw_runtime *rt, mw_read_fn read, void *ctx, uint32_t flags, size_t *peak,
    mw_module **out) {
    stream_src s = {rt, read, ctx, 0, NULL, 0, 0, false};
    load_state ls;
    mw_module *m = load_begin(rt, &ls, flags & ~MW_LOAD_BORROW);
    *out = NULL;
    if (m == NULL) {
        return rt->report.status;
    }
    uint8_t pre[8];
    uint32_t npre = 0;
    while (npre < 8) {
        long k = read(ctx, pre + npre, 8 - npre);
        if (k <= 0) {
            break;
        }
        npre += (uint32_t)k;
    }
    s.offset = npre;
    mw_reader r = {rt, pre, pre, pre + npre};
    if (!load_preamble(&r)) {
        goto fail;
    }
    for (;;) {
        uint8_t hdr[6];
        uint32_t hlen = 0, size;
        bool at_end = false;
        if (!src_read(&s, hdr, 1, &at_end)) {
            if (at_end) {
                break;
            }
            goto fail;
        }
        hlen = 1;
        mw_reader hr = {rt, base_at(hdr, s.offset - 1), hdr + 1, hdr + 1};
        if (!section_start(&hr, hdr[0]) || !src_leb(&s, hdr, &hlen, &size)) {
            goto fail;
        }
        // errors about the section as a whole point at its content's start
        mw_reader outer = {rt, base_at(hdr, s.offset - hlen), hdr + hlen, hdr + hlen};
        if (hdr[0] == MW_SEC_CODE) {
            // read as it streams in, not as one chunk
            if (!stream_code(&s, &outer, m, &ls, size)) {
                goto fail;
            }
            continue;
        }
        mw_reader sr;
        if (!src_chunk(&s, hdr, 0, size, &sr) || !load_section(&outer, &sr, m, &ls, hdr[0])) {
            goto fail;
        }
    }
    {
        mw_reader end = {rt, base_at(pre, s.offset), pre, pre};
        if (!load_end(&end, m, &ls)) {
            goto fail;
        }
    }
    if (s.buf != NULL) {
        mw_free(rt, s.buf, s.cap);
    }
    if (peak != NULL) {
        *peak = s.peak;
    }
    *out = m;
    return MW_OK;
fail:
    if (s.buf != NULL) {
        mw_free(rt, s.buf, s.cap);
    }
    mw_module_free(rt, m);
    return rt->report.status;
}

// Every block with its exact size. A half-loaded module's arrays may hold
// more elements than their counts say (m->caps); those are still zero, so
// their pointers are NULL and free nothing.
void mw_module_free(mw_runtime *rt, mw_module *m) {
    if (m == NULL) {
        return;
    }
    uint32_t n[MOD_ARRAYS] = {
        [A_TYPES] = m->ntypes, [A_IMPORTS] = m->nimports, [A_FUNCTYPES] = m->nfuncs,
        [A_FUNCS] = m->nfuncs - m->nfunc_imports, [A_TABLES] = m->ntables, [A_MEMS] = m->nmems,
        [A_GLOBALS] = m->nglobals, [A_EXPORTS] = m->nexports, [A_ELEMS] = m->nelems, [A_DATAS] = m->ndatas,
    };
    if (m->caps != NULL) {
        memcpy(n, m->caps, sizeof(n));
    }
    for (uint32_t i = 0; i < n[A_TYPES] && m->types; i++) {
        mw_functype *ft = m->types[i];
        mw_free(rt, ft, ft ? sizeof(mw_functype) + ft->nparams + ft->nresults : 0);
    }
    for (uint32_t i = 0; i < n[A_IMPORTS] && m->imports && !m->names_borrowed; i++) {
        mw_free(rt, (void *)m->imports[i].module, m->imports[i].module_len + 1);
        mw_free(rt, (void *)m->imports[i].name, m->imports[i].name_len + 1);
    }
    for (uint32_t i = 0; i < m->nchunks; i++) {
        mw_free(rt, m->chunks[i].words, m->chunks[i].cap * sizeof(mw_code_unit));
    }
    mw_free(rt, m->chunks, m->cap_chunks * sizeof(mw_code_chunk));
    mw_lazy_free(rt, m);
    if (m->code_bytes != NULL && !m->borrowed) {
        mw_free(rt, (void *)m->code_bytes, mw_nz(m->code_copy_len));
    }
    for (uint32_t i = 0; i < n[A_EXPORTS] && m->exports && !m->names_borrowed; i++) {
        mw_free(rt, (void *)m->exports[i].name, m->exports[i].name_len + 1);
    }
    for (uint32_t i = 0; i < n[A_ELEMS] && m->elems; i++) {
        mw_free(rt, m->elems[i].items, mw_nz(m->elems[i].count * sizeof(mw_constexpr)));
    }
    for (uint32_t i = 0; i < n[A_DATAS] && m->datas && !m->borrowed; i++) {
        mw_free(rt, (void *)m->datas[i].bytes, mw_nz(m->datas[i].len));
    }
    for (int a = 0; a < MOD_ARRAYS; a++) {
        // as mod_grow allocated them
        mw_free(rt, *mod_field(m, (mod_array)a), n[a] * mod_arrays[a].size + 1);
    }
    mw_free(rt, m->declared_refs, m->nfuncs / 8 + 1);
    #if MW_FUNC_NAMES
    if (m->fnames_len > 0 && !m->borrowed) {
        mw_free(rt, (void *)m->fnames, m->fnames_len);
    }
    #endif
    mw_free(rt, m, sizeof(*m));
}

// ---- introspection ----------------------------------------------------------------

size_t mw_module_ram(const mw_module *m) {
    return m->ram;
}

uint32_t mw_module_num_funcs(const mw_module *m) {
    return m->nfuncs - m->nfunc_imports;
}

uint32_t mw_module_num_lowered(const mw_module *m) {
    return m->nlowered;
}

uint32_t mw_module_num_lowerings(const mw_module *m) {
    return m->nlowerings;
}

uint32_t mw_module_num_imports(const mw_module *m) {
    return m->nimports;
}

uint32_t mw_module_num_exports(const mw_module *m) {
    return m->nexports;
}

static void describe(const mw_module *m, uint8_t kind, uint32_t idx, mw_extern_desc *out) {
    out->kind = (mw_kind)kind;
    out->index = idx;
    out->func = NULL;
    out->valtype = 0;
    out->mut = false;
    memset(&out->limits, 0, sizeof(out->limits));
    switch (kind) {
        case MW_KIND_FUNC:
            out->func = m->types[m->functypes[idx]];
            break;
        case MW_KIND_TABLE:
            out->valtype = (mw_valtype)m->tables[idx].elem;
            out->limits = m->tables[idx].limits;
            break;
        case MW_KIND_MEMORY:
            out->limits = m->mems[idx];
            break;
        case MW_KIND_GLOBAL:
            out->valtype = (mw_valtype)m->globals[idx].type;
            out->mut = m->globals[idx].mut;
            break;
    }
}

void mw_module_import(const mw_module *m, uint32_t i, mw_extern_desc *out) {
    const mw_importdef *im = &m->imports[i];
    describe(m, im->kind, im->index, out);
    out->module = im->module;
    out->module_len = im->module_len;
    out->name = im->name;
    out->name_len = im->name_len;
}

void mw_module_export(const mw_module *m, uint32_t i, mw_extern_desc *out) {
    const mw_exportdef *e = &m->exports[i];
    describe(m, e->kind, e->index, out);
    out->module = NULL;
    out->module_len = 0;
    out->name = e->name;
    out->name_len = e->name_len;
}
