// SPDX-License-Identifier: MIT
// exec.c: the interpreter of lowered code (spec 4.4). Values and frames live on
// the runtime's stacks, never on the C stack: a wasm call is a jump, so the C
// stack use is constant per mw_call. Operands are frame slots named by the
// code (S(i): the slot in immediate i); dispatch is computed goto (one
// indirect jump per handler, MW_COMPUTED_GOTO) or a switch.
#include <math.h>
#include "mw_int.h"
#include "numeric.h"

#ifdef MW_CALL_TRACE
// Bench builds only (bench/calltrace.h, bench/budget_sim.py): each call's
// defined function and each return (UINT32_MAX), for the code budget's
// simulator; nothing otherwise.
void mw_call_trace(uint32_t defidx);
#define CALL_TRACE(x) mw_call_trace(x)
#else
#define CALL_TRACE(x) ((void)0)
#endif

// A float product and the add after it are two roundings (the fused ops
// F32_MUL_ADD ..): clang contracts within an expression by default, GCC
// across them (its function attributes below).
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// Operand access. Every read of an instruction's immediates goes through
// these, one per kind of MW_KINDS (mw_int.h, "lowered code"), so the format
// is read in one place. `i` is the immediate's position in code units after
// the opcode (the widths of the kinds before it in the op's layout);
// the _AT forms read at another pointer (a BR_TABLE entry).
#define SLOT_AT(p, i) ((uint32_t)(p)[i])          // a frame slot index
#define COUNT_AT(p, i) ((uint32_t)(p)[i])         // a number of slots
#define IMM32_AT(p, i) mw_code_u32((p) + (i))     // a 32-bit constant, offset or index
#define OFF_AT(p, i) ((uint32_t)(p)[i])           // a memory-0 offset (OFF16)
#define IMM16_AT(p, i) ((uint32_t)(int32_t)(int16_t)(p)[i])   // a constant in one unit (I16)
#define TARGET_AT(p, i) ((p) + (i) + (int16_t)(p)[i])   // a branch target: relative to its unit
#define SLOT(i) SLOT_AT(pc, i)
#define COUNT(i) COUNT_AT(pc, i)
#define IMM32(i) IMM32_AT(pc, i)
#define OFF(i) OFF_AT(pc, i)
#define IMM16(i) IMM16_AT(pc, i)
#define IDX(i) IMM32_AT(pc, i)                    // an index (function, table, memory, ...)
#define IDX16(i) ((uint32_t)pc[i])                // an index in one unit (IDX16: CALL_DEF's)
#define IMM64(i) mw_code_u64(pc + (i))            // a 64-bit constant
#define TARGET(i) TARGET_AT(pc, i)
// S(i): the frame slot named by immediate i of the current instruction.
#define S(i) fp[SLOT(i)]
// A slot pair in one unit (SLOT8 then SLOT8H, mw_int.h): its two slots, each
// read with one byte load (the unit's value is lo | hi << 8): SP(i) the
// first, SQ(i) the second, of the unit at i.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define SLOT8_AT(p, i) ((uint32_t)((const uint8_t *)((p) + (i)))[1])
#define SLOT8H_AT(p, i) ((uint32_t)((const uint8_t *)((p) + (i)))[0])
#else
#define SLOT8_AT(p, i) ((uint32_t)((const uint8_t *)((p) + (i)))[0])
#define SLOT8H_AT(p, i) ((uint32_t)((const uint8_t *)((p) + (i)))[1])
#endif
#define SP(i) fp[SLOT8_AT(pc, i)]
#define SQ(i) fp[SLOT8H_AT(pc, i)]
// An i32 result into slot x. Its high half is never read as the i32's
// (I32_ADD and the other BIN rows leave it as it was), so a 32-bit target
// writes the low word alone: on Thumb-2 the whole slot took two more
// instructions (a zero and its store). A 64-bit host writes the slot in
// one store, zero-extended, as it always did.
#if MW_HOST_64
#define SET_I32(x, v) ((x).i64 = (uint32_t)(v))
#else
#define SET_I32(x, v) ((x).i32 = (uint32_t)(v))
#endif
// the whole slot (an i64, or a load an i64 reads: mw_int.h I64_LOAD8_U)
#define SET_I64(x, v) ((x).i64 = (v))

// Native address of the `n` bytes at guest address base + off (the effective
// address, 33 bits: it never wraps) in any memory: in-bounds linear memory
// inline, everything else the one out-of-line slow path (memory.c: shared
// heaps, or NULL for a trap). The interpreter's memory-0 loads and stores
// make a conservative fast test instead (mw_ea_fast) against their cached
// base and limit. Out of line in the small profile, where only the cold
// paths call it (mem_access, bulk_op: -32 B of Thumb-2 there), and there
// straight to the slow path, which makes the same exact test first (-52 B).
#if MW_ALL_OPS
#define MEM_REF_INLINE inline
#else
#define MEM_REF_INLINE MW_NOINLINE
#endif
static MEM_REF_INLINE uint8_t *mem_ref(mw_memory *mem, uint32_t base, uint32_t off, uint32_t n) {
    uint64_t app_addr = (uint64_t)base + off;
    #if MW_ALL_OPS
    if (MW_LIKELY(mw_in_bounds(app_addr, n, mem->size))) {
        return mem->data + (size_t)app_addr;
    }
    #endif
    return mw_mem_slow(mem, n, app_addr);
}

// The same for stores (memory.fill/copy/init destinations too): the slow path
// also refuses read-only shared heaps.
static inline uint8_t *mem_ref_w(mw_memory *mem, uint32_t base, uint32_t off, uint32_t n) {
    uint64_t app_addr = (uint64_t)base + off;
    #if MW_ALL_OPS
    if (MW_LIKELY(mw_in_bounds(app_addr, n, mem->size))) {
        return mem->data + (size_t)app_addr;
    }
    #endif
    return mw_mem_slow_w(mem, n, app_addr);
}

// Memory 0's fast path, one access at the native address m0 + ea (ea the
// effective address M0_FAST computed; k: where the op whose trap this
// access would be lies, in code units from pc, as the slow path would
// have moved pc there: 0, or the first op's length + MW_OP_HEAD in a fused
// row).
// Checked (the default): M0_FAST is mw_ea_fast's add and compare, and
// the access a plain memcpy. With guard pages (mw_config.h MW_GUARD_PAGES)
// M0_FAST is the add alone and every access one x86-64 instruction in an
// asm statement that notes itself in the section mw_guard_sites: where it
// starts and ends, what it is (GUARD_KIND) and, as the assembler prints
// them, its memory operand and the registers holding its value, pc, fsp
// and the countdown. A fault there is then read back exactly (below,
// mw_guard_fault): asm operands are in the registers the note names at
// that instruction, whatever GCC does around it, so no pinned register
// and no store on the fast path is needed to find pc.
#if MW_GUARD_PAGES
#define M0_FAST(a, off, ea) (*(ea) = (size_t)(a) + (off), true)
// GUARD_KIND: the width in bytes, 0x10 sign-extending, 0x20 a store
// (the countdown as its register where it has one, mw_config.h
// MW_COUNTDOWN_REG_NAME: an "m" operand would need it in memory)
#ifdef MW_COUNTDOWN_REG_NAME
#define GUARD_CD "%q[cd]"
#define GUARD_CD_IN "r"
#else
#define GUARD_CD "%[cd]"
#define GUARD_CD_IN "m"
#endif
#define GUARD_ASM(insn, kind_, k_, outs, ...) \
    __asm__ volatile("1:\t" insn "\n2:\n" \
        "\t.pushsection .rodata.mw_guard_text,\"a\"\n3:\t.asciz \"%[m]|%q[v]|%q[pc]|%q[fsp]|" GUARD_CD "\"\n\t.popsection\n" \
        "\t.pushsection mw_guard_sites,\"a\"\n\t.balign 4\n\t.long 1b - ., 2b - ., 3b - .\n" \
        "\t.short %c[kind], %c[k]\n\t.popsection" \
        : outs : __VA_ARGS__, [pc] "r"(pc), [fsp] "r"(fsp), [cd] GUARD_CD_IN(countdown), [kind] "i"(kind_), [k] "i"(k_))
#define GUARD_AT(n, ea) (*(const uint8_t (*)[n])(const void *)(m0 + (ea)))
#define GUARD_AT_W(n, ea) (*(uint8_t (*)[n])(void *)(m0 + (ea)))
// lv_ (any integer lvalue) = the n bytes at ea as a ty (sign from ty); the
// range test tells GCC the register holds ty's value already extended, as
// the instruction leaves it, so no extension follows (a test of the value
// against its truncation made GCC 12 mask it instead)
#define GUARD_SIGN_BIT(n) ((n) < 8 ? 8 * (n) - 1 : 0)
#define M0_LOAD(lv_, n, ty, ea, k) do { \
        if ((ty)-1 < (ty)1) { \
            int64_t g_; \
            if (n == 1) { \
                GUARD_ASM("movsbq %[m], %q[v]", 0x11, k, [v] "=r"(g_), [m] "m"(GUARD_AT(1, ea))); \
            } else if (n == 2) { \
                GUARD_ASM("movswq %[m], %q[v]", 0x12, k, [v] "=r"(g_), [m] "m"(GUARD_AT(2, ea))); \
            } else { \
                GUARD_ASM("movslq %[m], %q[v]", 0x14, k, [v] "=r"(g_), [m] "m"(GUARD_AT(4, ea))); \
            } \
            if ((n) < 8 && (g_ < -((int64_t)1 << GUARD_SIGN_BIT(n)) || g_ >= ((int64_t)1 << GUARD_SIGN_BIT(n)))) { \
                __builtin_unreachable(); \
            } \
            lv_ = (ty)g_; \
        } else { \
            uint64_t g_; \
            if (n == 1) { \
                GUARD_ASM("movzbl %[m], %k[v]", 0x01, k, [v] "=r"(g_), [m] "m"(GUARD_AT(1, ea))); \
            } else if (n == 2) { \
                GUARD_ASM("movzwl %[m], %k[v]", 0x02, k, [v] "=r"(g_), [m] "m"(GUARD_AT(2, ea))); \
            } else if (n == 4) { \
                GUARD_ASM("movl %[m], %k[v]", 0x04, k, [v] "=r"(g_), [m] "m"(GUARD_AT(4, ea))); \
            } else { \
                GUARD_ASM("movq %[m], %q[v]", 0x08, k, [v] "=r"(g_), [m] "m"(GUARD_AT(8, ea))); \
            } \
            if (g_ > (uint64_t)(ty)-1) { \
                __builtin_unreachable(); \
            } \
            lv_ = (ty)g_; \
        } \
    } while (0)
// the n bytes of the lvalue x (an integer or a float: its bits) to ea
#define M0_STORE(ea, n, x, k) do { \
        uint64_t g_ = 0; \
        memcpy(&g_, &(x), n); \
        if (n == 1) { \
            GUARD_ASM("movb %b[v], %[m]", 0x21, k, [m] "+m"(GUARD_AT_W(1, ea)), [v] "r"(g_)); \
        } else if (n == 2) { \
            GUARD_ASM("movw %w[v], %[m]", 0x22, k, [m] "+m"(GUARD_AT_W(2, ea)), [v] "r"(g_)); \
        } else if (n == 4) { \
            GUARD_ASM("movl %k[v], %[m]", 0x24, k, [m] "+m"(GUARD_AT_W(4, ea)), [v] "r"(g_)); \
        } else { \
            GUARD_ASM("movq %q[v], %[m]", 0x28, k, [m] "+m"(GUARD_AT_W(8, ea)), [v] "r"(g_)); \
        } \
    } while (0)
#else
#define M0_FAST(a, off, ea) mw_ea_fast(a, off, m0_lim, ea)
#define M0_LOAD(v, n, ty, ea, k) memcpy(&(v), m0 + (ea), n)
#define M0_STORE(ea, n, x, k) memcpy(m0 + (ea), &(x), n)
#endif

#if !MW_COMPACT_EXEC
// memory.copy's and memory.fill's short lengths without a call to the C
// library (GIFLIB runs 3.25 M four-byte memory.copy ops, the guest's memcpy):
// n <= MW_SHORT_BULK bytes as two overlapping words (or three bytes), each
// read before any is written, so an overlap is as memmove's.
#define MW_SHORT_BULK 16
static inline void copy_short(uint8_t *d, const uint8_t *s, uint32_t n) {
    if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n > 0) {
        uint8_t a = s[0], b = s[n >> 1], c = s[n - 1];
        d[0] = a;
        d[n >> 1] = b;
        d[n - 1] = c;
    }
}
static inline void fill_short(uint8_t *d, uint8_t v, uint32_t n) {
    uint64_t w = v * UINT64_C(0x0101010101010101);
    if (n >= 8) {
        memcpy(d, &w, 8);
        memcpy(d + n - 8, &w, 8);
    } else if (n >= 4) {
        memcpy(d, &w, 4);
        memcpy(d + n - 4, &w, 4);
    } else if (n > 0) {
        d[0] = v;
        d[n >> 1] = v;
        d[n - 1] = v;
    }
}
#endif

_Static_assert(MW_N_LOAD8_S == MW_N_STORE64 && MW_N_LOAD32_U_W == MW_N_STORE32_W
               && MW_N_LOAD64_W == MW_N_STORE32_W && MW_N_LOAD8_S_W == MW_N_STORE32_W
               && MW_N_STORE16_W == MW_N_STORE32_W,
               "the loads and stores of one layout: mw_exec's mem0_slow steps over them alike");

// A load or store in memory `mem` of the layout "x a offset", k its row
// from LOAD8_S (LOAD8_S .. LOAD64, STORE8 .. STORE64). Loads: x = d, a =
// address; stores: x = address, a = value. false: trap. MLOAD / MSTORE (any
// memory but 0), and memory 0's where mw_ea_fast refused the address
// (mw_exec's mem0_slow: the last bytes, shared heaps, the trap).
static MW_NOINLINE bool mem_access(mw_memory *mem, uint32_t k, mw_val *x, const mw_val *a, uint32_t off) {
    static const uint8_t size[] = {1, 1, 2, 2, 4, 4, 8, 1, 2, 4, 8};
    uint32_t n = size[k];
    if (k >= MW_OP_STORE8 - MW_OP_LOAD8_S) {
        uint8_t *native = mem_ref_w(mem, x->i32, off, n);
        uint64_t v = a->i64;
        if (native == NULL) {
            return false;
        }
        for (uint32_t i = 0; i < n; i++) {
            native[i] = (uint8_t)v;         // little endian
            v >>= 8;
        }
        return true;
    }
    uint8_t *native = mem_ref(mem, a->i32, off, n);
    if (native == NULL) {
        return false;
    }
    // the _S rows (and LOAD64, whose 8 bytes shift the fill out) start from
    // the sign's fill; the bytes from the most significant, little endian
    uint64_t v = (k & 1) == 0 && (native[n - 1] & 0x80) ? ~(uint64_t)0 : 0;
    for (uint32_t i = n; i-- > 0;) {
        v = v << 8 | native[i];
    }
    x->i64 = v;
    return true;
}

// Memory 0 of `inst` for the interpreter's cache: its base, and the limit
// of mw_ea_fast (mw_int.h) for its size (none: NULL and 0, so every
// access takes the slow path; validation leaves no loads or stores in a
// module without memory).
static inline uint8_t *mem0_base(const mw_instance *inst) {
    #if MW_GUARD_PAGES
    // (its reservation, or where every access faults: mw_int.h exec_base)
    return inst->mems[0] != NULL ? inst->mems[0]->exec_base : NULL;
    #else
    return inst->mems[0] != NULL ? inst->mems[0]->data : NULL;
    #endif
}
static inline size_t mem0_lim(const mw_instance *inst) {
    return inst->mems[0] != NULL ? mw_fast_lim(inst->mems[0]->size) : 0;
}

// The exact bounds of a signed i32 truncation (trunc_op's, and the
// MW_TRUNC_INLINE handlers'): it fits iff -2^31 - 1 < v < 2^31.
#define TRUNC_I32_S_LO (-2147483649.0)
#define TRUNC_I32_S_HI 2147483648.0

// Float -> integer truncation (spec 4.3.3 trunc and trunc_sat), the sixteen
// opcodes in one routine off the hot path. A float widens to double exactly,
// so each result type has one pair of exact bounds: trunc(v) fits iff
// lo < v < hi. Trapping forms: NaN is "invalid conversion to integer", out of
// range "integer overflow"; saturating forms give 0 and the type's min/max
// (max: the type's width of ones, one bit less signed; min: 0 unsigned, max
// + 1 signed, the sign bit alone). Every value that fits converts through
// int64_t but an i64 unsigned one's (the i32 ones' low 32 bits).
static MW_NOINLINE mw_status trunc_op(uint32_t op, mw_val *out, mw_val a) {
    static const double lo[4] = {TRUNC_I32_S_LO, -1.0, -9223372036854777856.0, -1.0};
    static const double hi[4] = {TRUNC_I32_S_HI, 4294967296.0, 9223372036854775808.0, 18446744073709551616.0};
    bool sat = op <= MW_OP_I64_TRUNC_SAT_F64_U;   // sat rows come before the numeric ones
    // k = i64 result << 2 | f64 operand << 1 | unsigned (the rows' order)
    uint32_t k = sat ? op - MW_OP_I32_TRUNC_SAT_F32_S
                 : op <= MW_OP_I32_TRUNC_F64_U ? op - MW_OP_I32_TRUNC_F32_S : 4 + op - MW_OP_I64_TRUNC_F32_S;
    uint32_t t = (k >> 1 & 2) | (k & 1);          // result: i32 s, i32 u, i64 s, i64 u
    double v = (k & 2) ? a.f64 : (double)a.f32;
    uint64_t max = t & 2 ? UINT64_MAX : UINT32_MAX;
    if ((t & 1) == 0) {
        max >>= 1;
    }
    mw_val r;
    r.i64 = 0;
    if (v != v) {
        if (!sat) {
            return MW_TRAP_INVALID_CONV;
        }
    } else if (!(v > lo[t] && v < hi[t])) {
        if (!sat) {
            return MW_TRAP_INT_OVERFLOW;
        }
        r.i64 = v > 0 ? max : t & 1 ? 0 : max + 1;
    } else if (t == 3) {
        r.i64 = (uint64_t)v;
    } else {
        int64_t s = (int64_t)v;
        r.i64 = t & 2 ? (uint64_t)s : (uint32_t)s;
    }
    *out = r;
    return MW_OK;
}

#if MW_COMPACT_EXEC
// The small profile's float ops but add, sub, mul and div (and f64.sqrt):
// abs, neg, the roundings and sqrt ("d a"), min, max and copysign ("d a b"),
// of f32 and of f64 (k: the rows' order from F32_ABS and from F64_ABS), in
// one cold routine by row; returns the units to step. Where the core has no FPU for them
// (Cortex-M3) each is a call or a few bit operations, beside which the
// routine's call is small. f32 rounding, min and max go through the f64 code:
// an f32 is exactly an f64, and each result is exactly an f32 again (a NaN
// comes back quiet with its payload's top bits, as the f32 code makes it;
// tests/engine test_compares checks them against numeric.h's f32 code).
static MW_NOINLINE uint32_t float_op(uint32_t op, const mw_code_unit *pc, mw_val *fp) {
    uint32_t row = op - MW_OP_F32_ABS, k = row % 14;    // abs neg ceil floor trunc nearest sqrt; min max copysign 11 .. 13
    bool f64 = row >= 14;
    uint64_t sign = (uint64_t)1 << (f64 ? 63 : 31);
    mw_val a = k < 7 ? S(1) : SQ(0), b = S(1);
    if (k == 0) {
        a.i64 &= ~sign;
    } else if (k == 1) {
        a.i64 ^= sign;
    } else if (k == 13) {
        a.i64 = (a.i64 & ~sign) | (b.i64 & sign);
    } else {
        double x = f64 ? a.f64 : (double)a.f32, y = f64 ? b.f64 : (double)b.f32, r;
        if (k >= 11) {
            r = mw_f64_minmax(x, y, k == 12);
        } else if (k == 6) {
            r = mw_f64_sqrt(x);
        } else if (k == 5) {
            r = mw_f64_nearest(x);
        } else {        // ceil, floor, trunc
            r = mw_f64_from(mw_f64_round(mw_f64_bits(x), k == 2 ? 1 : k == 3 ? -1 : 0));
        }
        if (f64) {
            a.f64 = r;
        } else {
            a.f32 = (float)r;
        }
    }
    if (k < 7) {
        S(0) = a;
        return MW_N(F32_ABS);
    }
    SP(0) = a;
    return MW_N(F32_MIN);
}
#endif

#if !MW_FUSED_ARITH && MW_ALL_OPS
// The fused multiply-adds (mw_int.h, F32_MUL_ADD ..) in one cold handler,
// for an image that holds them (the small profile's lowering makes none).
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
static MW_NOINLINE void mul_fused(uint32_t op, const mw_code_unit *pc, mw_val *fp) {
    if (op == MW_OP_F64_ADD_PROMOTE_MUL) {
        float p = S(2).f32 * S(3).f32;
        S(0).f64 = S(1).f64 + mw_promote(p);
    } else if (op == MW_OP_F64_MUL_PROMOTE_ADD) {
        double p = S(1).f64 * mw_promote(S(2).f32);
        S(0).f64 = p + S(3).f64;
    } else if (op >= MW_OP_I32_ADD3) {
        uint32_t a = S(1).i32, b = S(2).i32, c = S(3).i32;
        S(0).i64 = op == MW_OP_I32_ADD3 ? a + b + c : a ^ b ^ c;
    } else if (op >= MW_OP_I32_MUL_ADD) {
        // the low 32 bits of the 64-bit sum are the i32 one's
        uint64_t v = S(1).i64 * S(2).i64 + S(3).i64;
        S(0).i64 = op == MW_OP_I32_MUL_ADD ? (uint32_t)v : v;
    } else {
        float p = S(1).f32 * S(2).f32, c = S(3).f32;
        S(0).f32 = p + (op == MW_OP_F32_MUL_ADD ? c : -c);   // p - c is p + -c, -0.0 and all
    }
}
#endif

// rotl of a by k, 0 .. 63 (the i64 _IMM rotation)
#define MW_ROTL64_K(a, k) (((a) << (k)) | ((a) >> ((64 - (k)) & 63)))

#if !MW_FUSED_ARITH && MW_ALL_OPS
// rotl of x by k, 0 .. 63, on 32-bit halves (the small profile's i64
// rotations: I64_ROTL_IMM, I64_XOR_ROTL, I64_ROTL_XOR; one copy, 60 B of
// Thumb-2 fewer than each inline 64-bit shift pair); (h >> 1) >> (31 - k) is
// h >> (32 - k), 0 for k = 0
static MW_NOINLINE uint64_t rotl64(uint64_t x, uint32_t k) {
    uint32_t lo = (uint32_t)x, hi = (uint32_t)(x >> 32);
    if (k & 32) {
        uint32_t t = lo;
        lo = hi;
        hi = t;
    }
    k &= 31;
    uint32_t nlo = (lo << k) | ((hi >> 1) >> (31 - k)), nhi = (hi << k) | ((lo >> 1) >> (31 - k));
    return (uint64_t)nhi << 32 | nlo;
}

// The fused shifts (mw_int.h, I32_SHL_SHR_U ..) in one cold handler, as
// mul_fused.
static MW_NOINLINE void shift_fused(uint32_t op, const mw_code_unit *pc, mw_val *fp) {
    uint32_t a = S(1).i32;
    if (op == MW_OP_I32_SHL_SHR_U) {
        a = (a << IMM16(2)) >> IMM16(3);
    } else if (op == MW_OP_I32_SHR_U_AND) {
        a = (a >> IMM16(2)) & IMM32(3);
    } else if (op == MW_OP_I32_ROTL_XOR) {
        uint32_t k = IMM16(3);
        a = ((a << k) | (a >> ((32 - k) & 31))) ^ S(2).i32;
    } else if (op == MW_OP_I32_SHL_OR) {
        a = (a << IMM16(3)) | S(2).i32;
    } else {
        a = (uint32_t)((int32_t)(a * S(2).i32) >> IMM16(3));
    }
    SET_I32(S(0), a);
}

// The carries and rotations (mw_int.h MW_CARRY_ROT_OP_LIST) in one cold
// handler, as mul_fused: one rotl64, an i32 rotation as the low half of the
// rotation of the value in both halves (rotl32(a, k) for k 0 .. 31)
static MW_NOINLINE void carry_rot(uint32_t op, const mw_code_unit *pc, mw_val *fp) {
    uint64_t x = S(1).i64, y = S(2).i64;
    if (op == MW_OP_I32_ADD_LT_U) {
        SET_I32(S(0), S(3).i32 + ((uint32_t)x < (uint32_t)y));
        return;
    }
    if (op != MW_OP_I64_ROTL_XOR) {
        x ^= y;     // the xor before the rotation, nothing after it
        y = 0;
    }
    bool i32 = op == MW_OP_I32_XOR_ROTL;
    x = rotl64(i32 ? (uint64_t)(uint32_t)x * 0x100000001u : x, IMM16(3)) ^ y;
    S(0).i64 = i32 ? (uint32_t)x : x;
}
#endif

#if !MW_FUSED_ARITH && MW_ALL_OPS
// The fused float compare-and-branch's condition (mw_int.h MW_BRF_OP_LIST;
// row: the op's offset from BR_F32_EQ) in one cold routine, as mul_fused. An f32
// widens to double exactly (NaN stays NaN), so one double comparison does both widths.
static MW_NOINLINE bool brf_cond(const mw_code_unit *pc, const mw_val *fp) {
    uint32_t row = pc[-1] - MW_OP_BR_F32_EQ;
    double a = row < 6 ? (double)S(0).f32 : S(0).f64, b = row < 6 ? (double)S(1).f32 : S(1).f64;
    uint32_t k = row % 6;             // EQ NE LT LE NLT NLE
    bool r = k < 2 ? a == b : k == 2 || k == 4 ? a < b : a <= b;
    return k == 1 || k >= 4 ? !r : r;
}
#endif

#if MW_COMPACT_EXEC
// The small profile's bulk table and memory ops (mw_exec's TABLE_FILL,
// TABLE_COPY, TABLE_INIT, MEMORY_FILL, MEMORY_COPY, MEMORY_INIT) in one cold
// routine, by op: MW_OK, or the trap.
_Static_assert(MW_N_MEMORY_FILL == MW_N_TABLE_FILL && MW_N_TABLE_INIT == MW_N_TABLE_COPY
               && MW_N_MEMORY_COPY == MW_N_TABLE_COPY && MW_N_MEMORY_INIT == MW_N_TABLE_COPY,
               "the bulk ops of one layout: mw_exec's TABLE_FILL handler steps over them alike");
static MW_NOINLINE mw_status bulk_op(mw_instance *inst, uint32_t op, const mw_code_unit *pc, mw_val *fp) {
    if (op == MW_OP_TABLE_FILL) {
        mw_table *tab = inst->tables[IDX(0)];
        uint32_t d = S(2).i32, n = S(4).i32;
        void *ref = mw_table_encode(tab, S(3).ref);
        if (!mw_in_bounds(d, n, tab->size)) {
            return MW_TRAP_TABLE_OOB;
        }
        for (uint32_t i = 0; i < n; i++) {
            tab->elems[d + i] = ref;
        }
        return MW_OK;
    }
    if (op == MW_OP_MEMORY_FILL) {
        uint32_t d = S(2).i32, n = S(4).i32;
        uint8_t *native = mem_ref_w(inst->mems[IDX(0)], d, 0, n);
        if (native == NULL) {
            return MW_TRAP_MEM_OOB;
        }
        memset(native, (int)(S(3).i32 & 0xff), n);
        return MW_OK;
    }
    // "x y a b c": TABLE_COPY dst src, TABLE_INIT elem table, MEMORY_COPY
    // dst src, MEMORY_INIT data mem
    uint32_t x = IDX(0), y = IDX(2), d = S(4).i32, s = S(5).i32, n = S(6).i32;
    if (op == MW_OP_MEMORY_COPY || op == MW_OP_MEMORY_INIT) {
        const uint8_t *ps;
        uint8_t *pd;
        if (op == MW_OP_MEMORY_COPY) {
            pd = mem_ref_w(inst->mems[x], d, 0, n);
            ps = mem_ref(inst->mems[y], s, 0, n);
        } else {
            const mw_datadef *dd = &inst->mod->datas[x];
            pd = mem_ref_w(inst->mems[y], d, 0, n);
            ps = mw_in_bounds(s, n, inst->data_dropped[x] ? 0 : dd->len) ? dd->bytes + s : NULL;
        }
        if (pd == NULL || ps == NULL) {
            return MW_TRAP_MEM_OOB;
        }
        memmove(pd, ps, n);
        return MW_OK;
    }
    if (op == MW_OP_TABLE_COPY) {
        mw_table *td = inst->tables[x], *ts = inst->tables[y];
        if (!mw_in_bounds(s, n, ts->size) || !mw_in_bounds(d, n, td->size)) {
            return MW_TRAP_TABLE_OOB;
        }
        if (td->owner == ts->owner) {
            memmove(td->elems + d, ts->elems + s, n * sizeof(void *));
            return MW_OK;
        }
        return mw_table_copy_across(td, d, ts, s, n);
    }
    // TABLE_INIT: the segment's items, evaluated from the module (mw_int.h, mw_instance)
    const mw_elemdef *e = &inst->mod->elems[x];
    mw_table *tab = inst->tables[y];
    if (!mw_in_bounds(s, n, inst->elem_dropped[x] ? 0 : e->count) || !mw_in_bounds(d, n, tab->size)) {
        return MW_TRAP_TABLE_OOB;
    }
    for (uint32_t k = 0; k < n; k++) {
        mw_status st = mw_elem_item(inst, tab, &e->items[s + k], &tab->elems[d + k]);
        if (st != MW_OK) {
            return st;
        }
    }
    return MW_OK;
}
#endif

#if !MW_FUSED_ARITH && MW_ALL_OPS
// The i64 _IMM ops (mw_int.h MW_IMM64_OP_LIST) in one cold handler, as
// mul_fused; returns the op's units.
static MW_NOINLINE uint32_t imm64_op(uint32_t row, const mw_code_unit *pc, mw_val *fp) {
    uint64_t a = SQ(0).i64;
    enum { SHL = MW_OP_I64_SHL_IMM - MW_OP_I64_ADD_IMM, SHR_S, SHR_U, ROTL };
    if (row >= SHL) {
        uint32_t k = pc[1];
        a = row == SHL ? a << k : row == SHR_S ? (uint64_t)((int64_t)a >> k) : row == SHR_U ? a >> k : rotl64(a, k);
        SP(0).i64 = a;
        return MW_N(I64_SHL_IMM);
    }
    if (row == 2) {
        SP(0).i64 = a & IMM64(1);     // AND: a 64-bit constant
        return MW_N(I64_AND_IMM);
    }
    uint64_t k = (uint64_t)(int64_t)(int32_t)IMM32(1);
    SP(0).i64 = row == 0 ? a + k : row == 1 ? a * k : row == 3 ? a | k : a ^ k;
    return MW_N(I64_ADD_IMM);
}
#endif

#if !MW_FUSED_ARITH && MW_ALL_OPS
// The 16-bit twins (mw_int.h MW_IMMH_OP_LIST) in one cold handler, as
// mul_fused: row < MW_IMMH_N_ARITH "d a imm" (add mul and or xor), else
// a branch "a imm target" (BR_EQ_IMM .. BR_ANDZ's order): returns the code
// that runs next (the next instruction, or a taken branch's target).
static MW_NOINLINE const mw_code_unit *immh_op(const mw_code_unit *pc, mw_val *fp) {
    uint32_t row = pc[-1] - MW_OP_I32_ADD_IMMH, k = IMM16(1);
    if (row < MW_IMMH_N_ARITH) {
        uint32_t a = SQ(0).i32;
        SP(0).i64 = row == 0 ? a + k : row == 1 ? a * k : row == 2 ? a & k : row == 3 ? a | k : a ^ k;
        return pc + MW_N(I32_ADD_IMMH);
    }
    // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u (the odd ones unsigned),
    // then andnz andz: ne and eq of a & k with 0; r = -1, 0, 1 for a below,
    // equal to, above k, and bit r + 1 of the row's three in 0x366e426a
    // says whether it is taken (eq 010, ne 101, lt 001, gt 100, le 011, ge 110)
    uint32_t a = S(0).i32, c = row - MW_IMMH_N_ARITH;
    if (c >= 10) {
        a &= k;
        k = 0;
        c = 11 - c;
    }
    int r = c & 1 ? (a > k) - (a < k) : ((int32_t)a > (int32_t)k) - ((int32_t)a < (int32_t)k);
    return (0x366e426au >> (3 * c + (uint32_t)(r + 1))) & 1 ? TARGET(2) : pc + MW_N(BR_EQ_IMMH);
}
#endif

// The interpreter's one way out on a failure (mw_exec's trap:, rt->fsp
// written): the report, then where it stopped (mw.h mw_trap_trace): the
// frames from the top (rt->fsp; inst the running instance) down,
// each its instance and function, which its code names (lazy.c
// mw_code_func: at the failure, so the code budget cannot have moved or
// dropped it yet). A tagged pc switches to the caller's instance (mw_frame);
// below an embedder's call (inst NULL) a host function's frame names its
// caller's; anything else there is an embedder's call from outside wasm (a
// poll hook's), whose callers are not known: the path ends.
// With MW_TRAP_OFFSETS each frame's unit in its code is noted too (pc: the
// top frame's, NULL where not known; a caller's is the return address in
// the frame above, a host function's caller's in that frame's fp): what
// mw_trap_offset maps back to the wasm.
#if MW_TRAP_OFFSETS
#define TRAP_PC(pc) , (pc)
#define TRAP_PC_PARAM , const mw_code_unit *pc
#else
#define TRAP_PC(pc)
#define TRAP_PC_PARAM
#endif
static MW_NOINLINE mw_status trap_stop(mw_runtime *rt, mw_status st, const mw_instance *inst TRAP_PC_PARAM) {
    mw_fail(rt, st, MW_D_NONE, 0);
    uint32_t n = 0;
    for (const mw_frame *f = rt->fsp; f > rt->frames;) {
        f--;
        #if MW_TRAP_OFFSETS
        const mw_code_unit *at = pc;
        pc = MW_FRAME_RET(f);    // the caller's
        if (MW_HOST_FRAME(f)) {
            pc = (const mw_code_unit *)(const void *)f->fp;
        }
        #endif
        bool host = MW_HOST_FRAMES && MW_HOST_FRAME(f);
        if (inst == NULL && !host) {
            break;
        }
        if (n < MW_TRACE_FRAMES) {
            mw_trap_frame *t = &rt->trace[n];
            const mw_instance *fi = host ? f->inst : inst;
            const mw_func *hf = host ? (const mw_func *)(const void *)f->code : NULL;
            uint32_t x = fi->mod->nfunc_imports;
            if (host) {
                // the caller's import it is, else UINT32_MAX (the scan's end)
                while (x-- > 0 && fi->funcs[x] != hf) {
                }
            } else {
                x = mw_code_func(fi->mod, f->code);   // (a frame's code is always found)
            }
            t->inst = fi;
            t->host = hf;
            t->func = x;
            #if MW_TRAP_OFFSETS
            // (0 for a host function, and for a function whose first call
            // stopped in its stub: lowering it failed, nothing of it ran)
            const mw_code_unit *stubs = fi->mod->lazy_stubs;
            bool stub = stubs != NULL && f->code >= stubs
                        && f->code < stubs + (fi->mod->nfuncs - fi->mod->nfunc_imports) * MW_LAZY_STUB;
            // (in compact units, as the maps that read it: mw_int.h MW_OP_AT)
            #if MW_THREADED
            MW_TRACE_UNITS(rt)[n] = host || stub || at == NULL ? 0 : mw_unthread_at(f->code, (uint32_t)(at - f->code));
            #else
            MW_TRACE_UNITS(rt)[n] = host || stub || at == NULL ? 0 : (uint32_t)(at - f->code);
            #endif
            #endif
        }
        n++;
        if ((uintptr_t)f->pc & 1) {
            inst = f->inst;
        }
    }
    rt->trace_depth = n;
    return st;
}

// A memory.grow the heap refused, under mw_inst_options.grow_raises: the
// call stops as at a trap, the report saying which memory asked for how
// many pages (mw.h mw_report; rt->fsp written).
#if MW_GROW_RAISES
static MW_NOINLINE mw_status grow_refused(mw_runtime *rt, const mw_instance *inst, uint32_t mem, uint32_t pages TRAP_PC_PARAM) {
    trap_stop(rt, MW_ERR_NOMEM, inst TRAP_PC(pc));
    rt->report.offset = MW_REPORT_GROW;
    rt->report.index = mem;
    rt->report.need = pages;
    #if MW_GUARD_PAGES
    mw_guard_note_room(inst->mems[mem]);     // a reservation's refusal is the platform's
    #endif
    return MW_ERR_NOMEM;
}
#endif

// A host function called from wasm (mw_exec's do_call; rt->countdown
// written), out of the interpreter: in mw_exec its frame's stack check (a
// call, since host functions have frames) kept the callee's slots live
// across a call, and GCC 12's allocation paid for it on every wasm call
// (Cortex-M3: an instruction a direct call, three an indirect one;
// docs/benchmarks-history.md "Device speed (session 36)").
// A failure is noted here as trap: notes it (trap_stop, rt->fsp the frame
// top with the host function's frame where it has one), or, the failure of
// a call the host function made, passed on with that call's path. Without
// host frames (the small profile) no call is left in it: inlined, 14 B
// less than a function of its own.
#if MW_HOST_FRAMES
MW_NOINLINE
#endif
static mw_status host_call(mw_runtime *rt, mw_frame *fsp, mw_instance *inst, mw_func *callee, mw_val *nfp TRAP_PC_PARAM) {
    const mw_functype *ft = callee->type;
    uint32_t nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
    rt->fsp = fsp;
    #if MW_HOST_FRAMES
    if (MW_UNLIKELY(!mw_stack_reach(rt, fsp, nfp, nslots))) {
        return trap_stop(rt, MW_TRAP_STACK, inst TRAP_PC(pc));
    }
    // the host function's own frame (mw_int.h MW_HOST_FRAME): what names
    // it and its caller's instance in a failed call's path (trap_stop)
    fsp->pc = (const mw_code_unit *)1;
    fsp->inst = inst;
    fsp->code = (const mw_code_unit *)(const void *)callee;
    #if MW_TRAP_OFFSETS
    fsp->fp = (mw_val *)(uintptr_t)pc;    // (mw_int.h MW_HOST_FRAME)
    #endif
    rt->fsp = fsp + 1;
    rt->trace_depth = 0;
    #else
    if (MW_UNLIKELY(nslots > (size_t)(rt->stack_end - nfp))) {
        return trap_stop(rt, MW_TRAP_STACK, inst TRAP_PC(pc));
    }
    #endif
    rt->sp = nfp + nslots;
    // (the caller stays on the frames, rt->fsp, with its code: the code
    // budget sees it running while the host calls back into wasm)
    mw_status st = callee->host(callee->u.ctx, callee, nfp);
    if (st != MW_OK) {
        #if MW_HOST_FRAMES
        if (rt->report.status == st && rt->trace_depth != 0) {
            // the failure of a call the host function made, passed on:
            // that call's path (deeper, through this frame) stays
            return st;
        }
        #endif
        return trap_stop(rt, st, inst TRAP_PC(pc));
    }
    #if MW_HOST_FRAMES
    fsp->inst = NULL;     // as a return: a popped frame keeps no instance
    #endif
    return MW_OK;
}

// A memory fault's path (mw.h mw_runtime_fault_trace, mw_config.h
// MW_FAULT_WHERE): the interpreter's frame top as the fault found it in its
// register, a frame top of this runtime's running call (between the last
// one noted, rt->fsp, and the high-water mark, on a frame's boundary), and
// the instance it last switched to, read as trap_stop reads a trap's.
#if MW_FAULT_WHERE
#define FAULT_RUNNING(i) (rt->running = (i))
uint32_t mw_runtime_fault_trace(mw_runtime *rt, uintptr_t top) {
    uintptr_t lo = (uintptr_t)rt->frames;
    rt->trace_depth = 0;
    if (rt->running == NULL || rt->frames == NULL || top <= lo || top < (uintptr_t)rt->fsp
        || top > (uintptr_t)rt->frames_hw || (top - lo) % sizeof(mw_frame) != 0) {
        return 0;
    }
    rt->fsp = (mw_frame *)top;
    trap_stop(rt, MW_TRAP_MEM_OOB, rt->running TRAP_PC(NULL));
    return rt->trace_depth;
}
#else
#define FAULT_RUNNING(i) ((void)0)
#endif

#if MW_GUARD_PAGES
// ---- guard pages (mw_config.h MW_GUARD_PAGES): a memory-0 access that faulted ----

// exec.c's note of one memory-0 access (M0_LOAD, M0_STORE): its first and
// next instruction and its operands' text, each as an offset from the field
// that holds it (no relocation at load time), its kind (GUARD_KIND) and k.
typedef struct {
    int32_t start, end, text;
    uint16_t kind, k;
} guard_site;
extern const guard_site __start_mw_guard_sites[], __stop_mw_guard_sites[];
#define GUARD_REL(s, f) ((uintptr_t)&(s)->f + (uintptr_t)(intptr_t)(s)->f)

// A register's number (x86-64 encoding) from its AT&T name at *t ("%rax",
// "%r13"), moving *t past it; -1 if not a 64-bit general register.
static int guard_reg(const char **t) {
    static const char names[] = "raxrcxrdxrbxrsprbprsirdi";
    const char *p = *t;
    if (p[0] != '%' || p[1] != 'r') {
        return -1;
    }
    if (p[2] >= '0' && p[2] <= '9') {
        int n = p[2] - '0';
        p += 3;
        if (*p >= '0' && *p <= '9') {
            n = n * 10 + (*p++ - '0');
        }
        *t = p;
        return n >= 8 && n <= 15 ? n : -1;
    }
    for (int i = 0; i < 8; i++) {
        if (p[1] == names[3 * i] && p[2] == names[3 * i + 1] && p[3] == names[3 * i + 2]) {
            *t = p + 4;
            return i;
        }
    }
    return -1;
}

// An operand's value (a register) or address (a memory operand,
// "disp(base,index,scale)"), false if it is neither.
static bool guard_operand(const char **t, const uint64_t regs[16], bool *mem, uint64_t *out) {
    const char *p = *t;
    if (*p == '%') {
        int r = guard_reg(&p);
        if (r < 0) {
            return false;
        }
        *mem = false;
        *out = regs[r];
        *t = p;
        return true;
    }
    int64_t disp = 0;
    bool neg = *p == '-';
    p += neg;
    while (*p >= '0' && *p <= '9') {
        disp = disp * 10 + (*p++ - '0');
    }
    uint64_t addr = (uint64_t)(neg ? -disp : disp);
    if (*p++ != '(') {
        return false;
    }
    if (*p == '%') {
        int b = guard_reg(&p);
        if (b < 0) {
            return false;
        }
        addr += regs[b];
    }
    if (*p == ',') {
        p++;
        int x = guard_reg(&p);
        uint64_t scale = 1;
        if (x < 0) {
            return false;
        }
        if (*p == ',') {
            scale = (uint64_t)(p[1] - '0');
            p += 2;
        }
        addr += regs[x] * scale;
    }
    if (*p++ != ')') {
        return false;
    }
    *mem = true;
    *out = addr;
    *t = p;
    return true;
}

// The note of the access at ip, NULL if none. The assembler adds notes in
// the order it emits the accesses, which is their address order when all
// are in one text section (GCC's x86-64 -O3 build of mw_exec: 102 notes);
// checked once, at the first fault: then a binary search (~7 steps),
// else the walk over every note (one text section split in two, say).
static const guard_site *guard_site_at(uint64_t ip) {
    static int sorted = -1;       // -1 not yet known (a race writes the same value)
    const guard_site *lo = __start_mw_guard_sites, *hi = __stop_mw_guard_sites;
    if (sorted < 0) {
        sorted = 1;
        for (const guard_site *s = lo; s + 1 < hi; s++) {
            if (GUARD_REL(s, start) >= GUARD_REL(s + 1, start)) {
                sorted = 0;
            }
        }
    }
    if (!sorted) {
        for (const guard_site *s = lo; s < hi; s++) {
            if (GUARD_REL(s, start) == ip) {
                return s;
            }
        }
        return NULL;
    }
    while (lo < hi) {
        const guard_site *mid = lo + (hi - lo) / 2;
        uint64_t at = GUARD_REL(mid, start);
        if (at == ip) {
            return mid;
        }
        if (at < ip) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

mw_guard_result mw_guard_fault(uint64_t regs[16], uint64_t *ip) {
    mw_runtime *rt = mw_guard_running();
    if (rt == NULL || rt->running == NULL || rt->running->mems[0] == NULL) {
        return MW_GUARD_NOT_OURS;
    }
    const guard_site *s = guard_site_at(*ip);
    if (s == NULL) {
        return MW_GUARD_NOT_OURS;
    }
    // "mem|value|pc|fsp|countdown" as the assembler printed them
    uint64_t op[5];
    bool is_mem[5];
    const char *t = (const char *)GUARD_REL(s, text);
    for (int i = 0; i < 5; i++) {
        if (!guard_operand(&t, regs, &is_mem[i], &op[i]) || *t != (i < 4 ? '|' : '\0')) {
            return MW_GUARD_NOT_OURS;
        }
        t++;
    }
    mw_memory *mem = rt->running->mems[0];
    uint64_t app_addr = op[0] - (uint64_t)(uintptr_t)mem->exec_base;
    if (!is_mem[0] || is_mem[1] || app_addr >= ((uint64_t)1 << 33)) {
        return MW_GUARD_NOT_OURS;     // not this memory's access
    }
    uint32_t n = s->kind & 0xf;
    bool store = (s->kind & 0x20) != 0;
    uint8_t *native = store ? mw_mem_slow_w(mem, n, app_addr) : mw_mem_slow(mem, n, app_addr);
    if (native == NULL) {
        int32_t countdown = (int32_t)op[4];     // (its register's low half, or in memory:)
        if (is_mem[4]) {
            memcpy(&countdown, (const void *)(uintptr_t)op[4], sizeof(countdown));
        }
        // the trap as trap_mem stops it, with the frame top, the countdown
        // and the op's pc that the note names
        rt->fsp = (mw_frame *)(uintptr_t)op[3];
        rt->countdown = countdown;
        trap_stop(rt, MW_TRAP_MEM_OOB, rt->running TRAP_PC((const mw_code_unit *)(uintptr_t)op[2] + s->k));
        return MW_GUARD_TRAPPED;
    }
    // the one instruction, done on the bytes the slow path found
    int vreg = 0;
    const char *v = strchr((const char *)GUARD_REL(s, text), '|') + 1;
    vreg = guard_reg(&v);
    if (store) {
        uint64_t x = regs[vreg];
        for (uint32_t i = 0; i < n; i++) {
            native[i] = (uint8_t)x;       // little endian
            x >>= 8;
        }
    } else {
        uint64_t x = 0;
        for (uint32_t i = n; i-- > 0;) {
            x = x << 8 | native[i];
        }
        if ((s->kind & 0x10) && n < 8 && (x >> (8 * n - 1)) & 1) {
            x |= ~(uint64_t)0 << (8 * n);     // movs*q: sign-extended
        }
        regs[vreg] = x;                 // movz*l, movl: the upper half zero
    }
    *ip = GUARD_REL(s, end);
    return MW_GUARD_RESUMED;
}
#endif

// Handler labels and the dispatch step. NEXT() is the only dispatch point of
// a handler; it is a macro because it is either an indirect goto or a jump
// back to the switch. Compact code holds plain op indices (it contains no
// addresses, so it is the same on every build and can execute from flash):
// computed goto jumps through a const table of handler addresses, one load
// more than an address in the code costs (threaded code, MW_THREADED below,
// holds the addresses: the RAM copy of a 64-bit host). Every NEXT() reads the next
// op into next_op_ix and jumps to the one `goto *labels[..]` (dispatch_ix),
// so the table load and the jump are one block that GCC duplicates back
// into each handler where it optimizes for speed (x86-64 -O3: one
// `jmp *(table,op,8)`; written as `goto *labels[*pc++]` in each handler, GCC
// factored the gotos into one `jmp *reg` block and left the table load
// behind in each handler, a `mov` more per op: -5.4% Ir, docs/benchmarks-history.md
// "Per-op cost (session 10)"); at -Os (Cortex-M) it stays one shared tail,
// as the factored jump already was, now with the table load in it (the same
// instructions per op, -884 B of Thumb-2).
#if MW_OP_PROFILE
#define PROFILE_OP() mw_op_profile_hit(pc, fp)
#else
#define PROFILE_OP() ((void)0)
#endif
#if MW_THREADED
// Threaded code (mw_config.h MW_THREADED): the next op's head holds its
// handler's address; pc steps over the head and the op unit, and the one
// dispatch block jumps through the address MW_OP_HEAD units back (GCC
// duplicates it into each handler: `add $n, pc; jmp *-10(pc)`).
#define OP(name) L_##name
#define NEXT() do { PROFILE_OP(); pc += MW_OP_HEAD; goto dispatch_ix; } while (0)
#elif MW_COMPUTED_GOTO
#define OP(name) L_##name
#define NEXT() do { PROFILE_OP(); next_op_ix = *pc++; goto dispatch_ix; } while (0)
#else
#define OP(name) case MW_OP_##name
#define NEXT() do { PROFILE_OP(); goto dispatch; } while (0)
#endif
// A dispatch from a pc that was loaded or computed, not stepped: a taken
// branch's target, a return's pc. With MW_DISPATCH_POSTINC (mw_config.h:
// Thumb-2, every handler's own dispatch, no FPU) mw_exec is built without
// GCC's auto-increment pass, which wrote the next op's read and pc's step
// past it as one `ldrh r3, [r6], #2`; a handler that steps pc (`adds r6,
// #n`, then `ldrh r3, [r6, #-2]`) lost nothing, these did (`ldrh r3,
// [r2]; adds r6, r2, #2`: JMP 4 -> 5 instructions, RETURN0 5 -> 6), so the
// post-increment is written here. The asm reads the code unit at pc; its
// pc is bound to r6, where GCC keeps pc in the handlers (given any
// register, it gave the asm a copy, `mov r2, r6` before and `mov r6, r2`
// after; as NEXT() in every handler, GCC moved pc to r7 and back).
#if MW_COMPUTED_GOTO && MW_DISPATCH_POSTINC
_Static_assert(sizeof(mw_code_unit) == 2, "NEXT_TO steps pc by 2 bytes");
#define NEXT_TO() do { \
        PROFILE_OP(); \
        register const mw_code_unit *to_pc __asm__("r6") = pc; \
        __asm__("ldrh %0, [%1], #2" : "=r"(next_op_ix), "+r"(to_pc) : "Q"(*to_pc)); \
        pc = to_pc; \
        goto dispatch_ix; \
    } while (0)
#else
#define NEXT_TO() NEXT()
#endif
// A return's dispatch: a frame's pc is already MW_RET_BIAS units on (mw_int.h
// MW_FRAME_RET), at the op's immediates where code is threaded (no op
// profile there: mw_config.h MW_THREADED)
#if MW_THREADED
#define NEXT_RET() goto dispatch_ix
#else
#define NEXT_RET() NEXT_TO()
#endif
// A taken branch with MW_BRANCH_AT (mw_config.h): NEXT_AT(k) is pc += k
// and NEXT() with the op there read as pc[k] first, so that x86-64
// addresses it from pc and the branch's offset in k and moves pc with one
// `lea` (pc = target first took one more); BACK_AT(i, o) the same for a
// loop's back edge to pc + i + o, the poll's countdown first and pc moved
// only on the way to the poll. Forward: JUMP_IF(c, i, n) to TARGET(i) if
// c, else to pc + n; JUMP_UNLESS(c, i, n) the other way round; JUMP_AT(n,
// k) to TARGET_AT(pc + n, k). Elsewhere each is what it replaced.
#if MW_BRANCH_AT && MW_COMPUTED_GOTO && !MW_OP_PROFILE
#define TARGET_OFF(i) ((i) + (intptr_t)(int16_t)pc[i])    // TARGET(i) - pc
#if MW_THREADED
#define NEXT_AT(k) do { intptr_t k_ = (k); pc += k_ + MW_OP_HEAD; goto dispatch_ix; } while (0)
#else
#define NEXT_AT(k) do { intptr_t k_ = (k); next_op_ix = pc[k_]; pc += k_ + 1; goto dispatch_ix; } while (0)
#endif
#define BACK_AT(i, o) do { \
        if (MW_UNLIKELY(COUNTDOWN_DOWN())) { \
            MW_KEEP_IN_REG(o); \
            pc += (i) + (o); \
            goto poll; \
        } \
        NEXT_AT((i) + (o)); \
    } while (0)
#define JUMP_IF(c, i, n) do { \
        if (c) { \
            NEXT_AT(TARGET_OFF(i)); \
        } \
        NEXT_AT(n); \
    } while (0)
#define JUMP_UNLESS(c, i, n) JUMP_IF(!(c), i, n)
#define JUMP_AT(n, k) NEXT_AT(TARGET_OFF((n) + (k)))
#else
#define JUMP_IF(c, i, n) do { \
        pc = (c) ? TARGET(i) : pc + (n); \
        NEXT_TO(); \
    } while (0)
#define JUMP_UNLESS(c, i, n) do { \
        pc = (c) ? pc + (n) : TARGET(i); \
        NEXT_TO(); \
    } while (0)
#define JUMP_AT(n, k) do { \
        pc = TARGET_AT(pc + (n), k); \
        NEXT_TO(); \
    } while (0)
#endif
// An engine that runs only its own lowering's ops (mw_config.h MW_ALL_OPS=0,
// the small profile): mw_code_check refuses the others in an image
// (mw_op_in_set), so none is ever dispatched. Its handler table stops at the
// last of its rows (mw_int.h MW_OP_COUNT_SMALL); the four divisions by a
// constant among them point at UNREACHABLE's handler (a label of their own
// each would cost a branch to it: GCC gives every label whose address is
// taken a block of its own, 2 B of Thumb-2 apiece). A switch's default:
// traps the same way.
#if MW_ALL_OPS
// (a row this build leaves out, MW_FUSED_DROP: at UNREACHABLE's handler)
#define MW_X_TBH_FUSED(name, layout, doc) \
    __asm__ volatile(".subsection 1\n\t.hword (%a0 - .Lmw_tbh_site) / 2\n\t.subsection 0\n\t" \
        ".pushsection .mw_tbh_check, \"\", %%progbits\n\t.hword (%a0 - .Lmw_tbh_site) - 65535\n\t.popsection" \
        : : "X"(MW_FUSED_DROP(MW_OP_##name) ? &&L_UNREACHABLE : &&L_##name));
#else
#define L_I32_DIV_S_IMM L_UNREACHABLE
#define L_I32_DIV_U_IMM L_UNREACHABLE
#define L_I32_REM_S_IMM L_UNREACHABLE
#define L_I32_REM_U_IMM L_UNREACHABLE
#endif

// i64.load8_u and i64.load32_u (mw_int.h I64_LOAD8_U, I64_LOAD32_U) run at
// LOAD8_U's and LOAD32_U's handlers where those write the whole slot: on a
// 64-bit host (SET_I32 does), and without the fused address ops
// (MW_FUSED_MEM=0, the small profile: its loads fuse with nothing, and
// wasm.mpy on netduinoplus2 has no 36 B for a handler more)
#define MW_I64_LOAD8_U_SHARED (MW_HOST_64 || !MW_FUSED_MEM)
#if MW_I64_LOAD8_U_SHARED && MW_COMPUTED_GOTO
#define L_I64_LOAD8_U L_LOAD8_U
#define L_I64_LOAD32_U L_LOAD32_U
#if MW_FUSED_ARITH
#define L_I64_LOAD16_U L_LOAD16_U
#endif
#endif
// and an i64.load32_u's fused address rows (mw_int.h
// MW_I64_LOAD32_X_OP_LIST) at LOAD32_U's rows' handlers on a 64-bit host
#define MW_I64_X_SHARED (MW_HOST_64 && MW_FUSED_MEM && MW_FUSED_ARITH)
#if MW_I64_X_SHARED && MW_COMPUTED_GOTO
#define L_I64_LOAD32_U_X L_LOAD32_U_X
#define L_I64_LOAD32_U_XR L_LOAD32_U_XR
#define L_I64_LOAD32_U_XM L_LOAD32_U_XM
#define L_I64_LOAD32_U_XD L_LOAD32_U_XD
#define L_I64_LOAD32_U_XRD L_LOAD32_U_XRD
#define L_I64_LOAD32_U_XMD L_LOAD32_U_XMD
#endif

// MW_COMPACT_EXEC (mw_config.h): the rows of a family that share a handler
// lead to the first row's label (computed goto: the table holds its address
// for each; a label of their own would cost a block apiece)
#if MW_COMPACT_EXEC && MW_COMPUTED_GOTO
// (the handlers compute a row's place in its family from these orders)
_Static_assert(MW_OP_I32_GE_U_IMM - MW_OP_I32_EQ_IMM == 9 && MW_OP_I32_EQ_IMM < MW_OP_I32_EQ
               && MW_OP_I32_GE_U - MW_OP_I32_EQ == 9 && MW_OP_I64_EQ - MW_OP_I32_EQ == 11
               && MW_OP_I64_GE_U - MW_OP_I64_EQ == 9, "the integer compares' rows, in mw_int.h's order");
_Static_assert(MW_OP_F64_GE - MW_OP_F32_EQ == 11 && MW_OP_F64_COPYSIGN - MW_OP_F32_ABS == 27
               && MW_OP_F32_ADD - MW_OP_F32_ABS == 7 && MW_OP_F64_ABS - MW_OP_F32_ABS == 14
               && MW_OP_F32_CEIL - MW_OP_F32_ABS == 2 && MW_OP_F32_NEAREST - MW_OP_F32_ABS == 5
               && MW_OP_F32_SQRT - MW_OP_F32_ABS == 6 && MW_OP_F32_MIN - MW_OP_F32_ABS == 11
               && MW_OP_F64_PROMOTE_F32 - MW_OP_F32_CONVERT_I32_S == 9, "the float rows, in mw_int.h's order");
_Static_assert(MW_OP_I32_POPCNT - MW_OP_I32_CLZ == 2 && MW_OP_I64_POPCNT - MW_OP_I64_CLZ == 2
               && MW_OP_I32_REM_U - MW_OP_I32_DIV_S == 3 && MW_OP_I64_REM_U - MW_OP_I64_DIV_S == 3
               && MW_OP_I64_DIV_S - MW_OP_I32_DIV_S >= 4 && MW_OP_I64_CLZ - MW_OP_I32_CLZ >= 3,
               "the bit counts' and divisions' rows, in mw_int.h's order");
#define L_I32_NE_IMM L_I32_EQ_IMM
#define L_I32_LT_S_IMM L_I32_EQ_IMM
#define L_I32_LT_U_IMM L_I32_EQ_IMM
#define L_I32_GT_S_IMM L_I32_EQ_IMM
#define L_I32_GT_U_IMM L_I32_EQ_IMM
#define L_I32_LE_S_IMM L_I32_EQ_IMM
#define L_I32_LE_U_IMM L_I32_EQ_IMM
#define L_I32_GE_S_IMM L_I32_EQ_IMM
#define L_I32_GE_U_IMM L_I32_EQ_IMM
#define L_I32_EQ L_I32_EQ_IMM
#define L_I32_NE L_I32_EQ_IMM
#define L_I32_LT_S L_I32_EQ_IMM
#define L_I32_LT_U L_I32_EQ_IMM
#define L_I32_GT_S L_I32_EQ_IMM
#define L_I32_GT_U L_I32_EQ_IMM
#define L_I32_LE_S L_I32_EQ_IMM
#define L_I32_LE_U L_I32_EQ_IMM
#define L_I32_GE_S L_I32_EQ_IMM
#define L_I32_GE_U L_I32_EQ_IMM
#define L_I64_EQ L_I32_EQ_IMM
#define L_I64_NE L_I32_EQ_IMM
#define L_I64_LT_S L_I32_EQ_IMM
#define L_I64_LT_U L_I32_EQ_IMM
#define L_I64_GT_S L_I32_EQ_IMM
#define L_I64_GT_U L_I32_EQ_IMM
#define L_I64_LE_S L_I32_EQ_IMM
#define L_I64_LE_U L_I32_EQ_IMM
#define L_I64_GE_S L_I32_EQ_IMM
#define L_I64_GE_U L_I32_EQ_IMM
#define L_I64_SUB L_I64_ADD
#define L_I64_MUL L_I64_ADD
#define L_I64_AND L_I64_ADD
#define L_I64_OR L_I64_ADD
#define L_I64_XOR L_I64_ADD
#define L_I64_SHL L_I64_ADD
#define L_I64_SHR_S L_I64_ADD
#define L_I64_SHR_U L_I64_ADD
#define L_I64_EXTEND_I32_U L_I64_EXTEND_I32_S
#define L_I32_EXTEND8_S L_I64_EXTEND_I32_S
#define L_I32_EXTEND16_S L_I64_EXTEND_I32_S
#define L_I64_EXTEND8_S L_I64_EXTEND_I32_S
#define L_I64_EXTEND16_S L_I64_EXTEND_I32_S
#define L_I64_EXTEND32_S L_I64_EXTEND_I32_S
#define L_I32_CTZ L_I32_CLZ
#define L_I32_POPCNT L_I32_CLZ
#define L_I64_CLZ L_I32_CLZ
#define L_I64_CTZ L_I32_CLZ
#define L_I64_POPCNT L_I32_CLZ
#define L_I32_DIV_U L_I32_DIV_S
#define L_I32_REM_S L_I32_DIV_S
#define L_I32_REM_U L_I32_DIV_S
#define L_I64_DIV_S L_I32_DIV_S
#define L_I64_DIV_U L_I32_DIV_S
#define L_I64_REM_S L_I32_DIV_S
#define L_I64_REM_U L_I32_DIV_S
#define L_F32_CONVERT_I32_U L_F32_CONVERT_I32_S
#define L_F32_CONVERT_I64_S L_F32_CONVERT_I32_S
#define L_F32_CONVERT_I64_U L_F32_CONVERT_I32_S
#define L_F32_DEMOTE_F64 L_F32_CONVERT_I32_S
#define L_F64_CONVERT_I32_S L_F32_CONVERT_I32_S
#define L_F64_CONVERT_I32_U L_F32_CONVERT_I32_S
#define L_F64_CONVERT_I64_S L_F32_CONVERT_I32_S
#define L_F64_CONVERT_I64_U L_F32_CONVERT_I32_S
#define L_F64_PROMOTE_F32 L_F32_CONVERT_I32_S
#define L_TABLE_COPY L_TABLE_FILL
#define L_TABLE_INIT L_TABLE_FILL
#define L_MEMORY_FILL L_TABLE_FILL
#define L_MEMORY_COPY L_TABLE_FILL
#define L_MEMORY_INIT L_TABLE_FILL
#define L_F32_NE L_F32_EQ
#define L_F32_LT L_F32_EQ
#define L_F32_GT L_F32_EQ
#define L_F32_LE L_F32_EQ
#define L_F32_GE L_F32_EQ
#define L_F64_EQ L_F32_EQ
#define L_F64_NE L_F32_EQ
#define L_F64_LT L_F32_EQ
#define L_F64_GT L_F32_EQ
#define L_F64_LE L_F32_EQ
#define L_F64_GE L_F32_EQ
#define L_F32_NEG L_F32_ABS
#define L_F32_CEIL L_F32_ABS
#define L_F32_FLOOR L_F32_ABS
#define L_F32_TRUNC L_F32_ABS
#define L_F32_NEAREST L_F32_ABS
#define L_F32_SQRT L_F32_ABS
#define L_F32_MIN L_F32_ABS
#define L_F32_MAX L_F32_ABS
#define L_F32_COPYSIGN L_F32_ABS
#define L_F64_ABS L_F32_ABS
#define L_F64_NEG L_F32_ABS
#define L_F64_CEIL L_F32_ABS
#define L_F64_FLOOR L_F32_ABS
#define L_F64_TRUNC L_F32_ABS
#define L_F64_NEAREST L_F32_ABS
#define L_F64_MIN L_F32_ABS
#define L_F64_MAX L_F32_ABS
#define L_F64_COPYSIGN L_F32_ABS
#endif
// NEXT_COLD(): the dispatch of the cold handlers (tables, bulk memory, other
// memories, i64 division, rotates and bit counts, most float conversions, and
// the float ops below): a jump to one shared copy of the dispatch (next_op)
// instead of a copy in each handler, ~8 bytes of Thumb-2 a handler (Cortex-M3
// -Os: -1.1 KB) for one branch more per cold op. The hot handlers keep their
// own copy (MW_SHARED_COLD_DISPATCH).
#if MW_COMPUTED_GOTO && MW_SHARED_COLD_DISPATCH
#define NEXT_COLD() goto next_op
#else
#define NEXT_COLD() NEXT()
#endif
// The float handlers dispatch as cold ones where the core has no FPU for
// their width (Cortex-M3: f32 and f64; M4F: f64): each is then mostly a
// libgcc call, next to which the extra branch is small.
#if defined(__ARM_FP) && (__ARM_FP & 4)
#define NEXT_F32() NEXT()
#else
#define NEXT_F32() NEXT_COLD()
#endif
#if defined(__ARM_FP) && (__ARM_FP & 8)
#define NEXT_F64() NEXT()
#else
#define NEXT_F64() NEXT_COLD()
#endif
// ... but the most run of them (add, subtract, multiply, by a constant,
// fused, promoted) keep a dispatch of their own where every hot handler has
// one (MW_DISPATCH_EACH: the full profile on Thumb-2): the branch to the
// shared block and its move of pc were 1-2 of such an op's ~12 instructions
// around its call (docs/benchmarks-history.md "Device speed (session 40)").
#if MW_DISPATCH_EACH
#define NEXT_F32_HOT() NEXT()
#define NEXT_F64_HOT() NEXT()
#else
#define NEXT_F32_HOT() NEXT_F32()
#define NEXT_F64_HOT() NEXT_F64()
#endif

// The loads feeding a float op (mw_int.h MW_LOADF_FUSED) and F32_DEMOTE_XV
// have handlers of their own where the core computes their width itself
// (MW_LOADF_32: f32, MW_LOADF_64: f64; the host, Cortex-M4F for f32) and
// computed goto dispatches (their slow path is the plain load's handler);
// elsewhere each is mostly a libgcc call, next to which the dispatch saved
// is small (+61 to +120 B of Thumb-2 a row), and they run as their plain
// load (or demote): labels beside its handler, the op after it next.
#ifndef MW_LOADF_32
#if MW_COMPUTED_GOTO && (!defined(__arm__) || (defined(__ARM_FP) && (__ARM_FP & 4)))
#define MW_LOADF_32 1
#else
#define MW_LOADF_32 0
#endif
#endif
#ifndef MW_LOADF_64
#if MW_COMPUTED_GOTO && (!defined(__arm__) || (defined(__ARM_FP) && (__ARM_FP & 8)))
#define MW_LOADF_64 1
#else
#define MW_LOADF_64 0
#endif
#endif
// each row's width (its op's), and the handler or the label for it
#define LOADF_HW_F32_ADD MW_LOADF_32
#define LOADF_HW_F32_SUB MW_LOADF_32
#define LOADF_HW_F32_MUL MW_LOADF_32
#define LOADF_HW_F32_MUL_ADD MW_LOADF_32
#define LOADF_HW_F64_MUL_PROMOTE MW_LOADF_64
#define LOADF_HW_F64_MUL_PROMOTE_ADD MW_LOADF_64
#define LOADF_HW_F64_ADD MW_LOADF_64
#define LOADF_HW_F64_SUB MW_LOADF_64
#define LOADF_HW_F64_MUL MW_LOADF_64
#define LOADF_HW_I32_ADD_IMMH MW_COMPUTED_GOTO    // (integer: every core)
#define LOADF_HW_I32_ADD MW_COMPUTED_GOTO
#define LOADF_HW_COPY MW_COMPUTED_GOTO      // (MW_LOADI_FUSED's, as the two above)
#define LOADF_HW_I32_SUB MW_COMPUTED_GOTO
#define LOADF_HW_I32_XOR MW_COMPUTED_GOTO
#define LOADF_HW_I32_ADD_MUL MW_COMPUTED_GOTO
#define LOADF_HW_STORE32 MW_LOADF_STORE    // (a store: LOADF_CASE2)
#define LOADF_HW_STORE64 MW_LOADF_STORE
#if MW_COMPUTED_GOTO
#define MW_LOADF_STORE 2
#else
#define MW_LOADF_STORE 0
#endif
#define LOADF_PICK_(f, hw, load, op) f##hw(load, op)
#define LOADF_PICK(f, hw, load, op) LOADF_PICK_(f, hw, load, op)

// The poll (back_edge's slow path): the hook may run anything (memory too
// may change); then carry on at pc. In the source where it is laid out:
// with MW_TBH_DISPATCH just before the dispatch, so that GCC's block
// ordering puts the dispatch, which the poll falls into, right after the
// prologue and every handler after it (placed at back_edge, the first few
// handlers went before the dispatch, where `tbh` cannot reach); elsewhere
// after back_edge, as the other builds' layouts were measured.
// A poll that stops the call (fuel, an interrupt) is between instructions
// (a call's entry, a branch's target): it names none in its frame (trap_stop)
#if MW_TRAP_OFFSETS
#define POLL_NO_PC() (pc = NULL)
#else
#define POLL_NO_PC() ((void)0)
#endif
#define POLL_BLOCK() \
poll: \
    rt->fsp = fsp; \
    rt->countdown = countdown; \
    st = mw_poll_slow(rt); \
    countdown = rt->countdown; \
    if (st != MW_OK) { \
        POLL_NO_PC(); \
        goto trap; \
    } \
    m0 = mem0_base(inst); \
    m0_lim = mem0_lim(inst); \
    NEXT()

// A call's entry and a loop's back edge count the poll's countdown down
// and poll when it goes negative. With the countdown in a register of its
// own (Thumb-2, full profile) GCC 12 compares it with 0 again after the
// `subs` that set the flags (`subs r5, #1; cmp r5, #0; blt`): written as
// the two instructions, one fewer per call and per loop iteration (an
// `asm goto` with an output: GCC 11 on).
// COUNTDOWN_DOWN() counts it down and is true where it went negative. On
// x86-64 with guard pages the countdown is r15 (mw_config.h
// MW_COUNTDOWN_REG_NAME: `sub $1, %r15d; js`); in the checked build it
// lives in mw_exec's stack frame (r15 holds memory 0's limit). There the
// subtract on memory with its sign flag as the asm's output keeps it one
// `subl $1, mem; js` whatever else names the countdown's memory (with guard
// pages' asm notes naming it, GCC 12 wrote a load, a subtract, a store and
// a `js` before the countdown had its register: session 42, docs/benchmarks.md
// "Calls and the poll (session 42)").
#if defined(__x86_64__) && defined(__GCC_ASM_FLAG_OUTPUTS__) && !defined(MW_COUNTDOWN_REG_NAME)
#define COUNTDOWN_DOWN() __extension__ ({ \
        bool neg_; \
        __asm__ ("subl $1, %0" : "+m"(countdown), "=@ccs"(neg_)); \
        neg_; \
    })
#else
#define COUNTDOWN_DOWN() (--countdown < 0)
#endif
#if defined(MW_COUNTDOWN_REG_NAME) && defined(__thumb2__) && defined(__GNUC__) && !defined(__clang__) \
    && __GNUC__ >= 11
#define COUNTDOWN_POLL() __asm__ goto("subs %0, %0, #1\n\tbmi %l[poll]" : "+r"(countdown) : : "cc" : poll)
#else
#define COUNTDOWN_POLL() do { \
        if (MW_UNLIKELY(COUNTDOWN_DOWN())) { \
            goto poll; \
        } \
    } while (0)
#endif

// GCC turns the loops that zero a callee's locals and copy results into
// memset/memcpy calls, which cost more than the few words they move. On
// Thumb-2 (GCC 12 -Os) value-range propagation's jump threading also leaves
// the handlers' next pc in another register, moved back at the shared
// dispatch tail: without it mw_exec is 260 B smaller and runs 4.3% fewer
// instructions on a Cortex-M3 (docs/benchmarks-history.md "Engine text (session 4)";
// measure again when the handlers change).
// fp-contract=off: a product and the add after it stay two roundings
// (F32_MUL_ADD ..), where the core has a fused multiply-add (Cortex-M4F
// VFMA; x86-64 with FMA); GCC's default in GNU C is to contract them.
#if defined(__GNUC__) && !defined(__clang__) && defined(__thumb__) && MW_DISPATCH_EACH
__attribute__((optimize(MW_DISPATCH_EACH_OPT "no-tree-loop-distribute-patterns", "no-tree-vrp", "fp-contract=off")))
#elif defined(__GNUC__) && !defined(__clang__) && defined(__thumb__)
__attribute__((optimize("no-tree-loop-distribute-patterns", "no-tree-vrp", "fp-contract=off")))
#elif defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns", "fp-contract=off")))
#endif
#if MW_BRANCH_TWINS && MW_TBH_DISPATCH
#error "MW_BRANCH_TWINS: the halfword table has no rows for the twins (mw_config.h)"
#endif
mw_status mw_exec(mw_runtime *rt, mw_func *f) {
    #if MW_TBH_DISPATCH
    // The handler table as halfwords (mw_config.h MW_TBH_DISPATCH): each
    // op's row, in op order, is the distance from the dispatch's `tbh` to its
    // handler in halfwords, which the assembler works out (the labels and the
    // table are in one section: mw_exec's, the table in its subsection 1,
    // after the code). One asm per op, as an asm takes at most 30 operands;
    // they emit no instruction. Each also writes the distance in bytes less
    // 65535 into a section that is not loaded (.mw_tbh_check): a 2-byte
    // field takes -65535 .. 65535, so the assembler refuses the build ("value
    // of .. too large for field of 2 bytes") if a handler lies before the
    // `tbh` or more than 128 KiB after it, where `tbh` cannot reach it.
    __asm__ volatile(".subsection 1\n\t.balign 2\nmw_tbh_table:\n\t.subsection 0");
    #define MW_X_TBH(name, layout, doc) \
    __asm__ volatile(".subsection 1\n\t.hword (%a0 - .Lmw_tbh_site) / 2\n\t.subsection 0\n\t" \
        ".pushsection .mw_tbh_check, \"\", %%progbits\n\t.hword (%a0 - .Lmw_tbh_site) - 65535\n\t.popsection" \
        : : "X"(&&L_##name));
    MW_OP_LIST_BASE(MW_X_TBH)
    #if MW_ALL_OPS      // (the small profile's table ends before them: never dispatched there)
    MW_OP_LIST_MEM(MW_X_TBH)
    MW_OP_LIST_FUSED(MW_X_TBH_FUSED)
    MW_OP_LIST_FULL(MW_X_TBH_FUSED)
    #endif
    #undef MW_X_TBH
    extern const uint16_t mw_tbh_table[] __asm__("mw_tbh_table") __attribute__((visibility("hidden")));
    register const uint16_t *labels __asm__(MW_LABELS_REG_NAME) = mw_tbh_table;
    MW_KEEP_IN_REG(labels);
    #elif MW_COMPUTED_GOTO
    static const void *const label_table[] = {
        // + 1: the Thumb bit, for MW_LDR_PC_DISPATCH's `ldr pc`
        #define MW_X_TABLE(name, layout, doc) (const char *)&&L_##name + MW_LDR_PC_DISPATCH,
        #define MW_X_TABLE_FUSED(name, layout, doc) \
            (const char *)(MW_FUSED_DROP(MW_OP_##name) ? &&L_UNREACHABLE : &&L_##name) + MW_LDR_PC_DISPATCH,
        MW_OP_LIST_BASE(MW_X_TABLE)
        #if MW_ALL_OPS      // (as the halfword table)
        MW_OP_LIST_MEM(MW_X_TABLE)
        MW_OP_LIST_FUSED(MW_X_TABLE_FUSED)
        MW_OP_LIST_FULL(MW_X_TABLE_FUSED)
        #endif
        #if MW_BRANCH_TWINS     // (mw_int.h MW_BR_TWIN_ROWS: from MW_OP_COUNT on)
        #define MW_X_TABLE_FWD(br, back) (const char *)&&L_##br##_FWD + MW_LDR_PC_DISPATCH,
        #define MW_X_TABLE_BACK(br, back) (const char *)&&MW_BACK_LABEL_##back(br) + MW_LDR_PC_DISPATCH,
        #define MW_BACK_LABEL_OWN(br) L_##br##_BACK
        #define MW_BACK_LABEL_ROW(br) L_##br
        MW_BR_TWIN_ROWS(MW_X_TABLE_FWD)
        MW_BR_TWIN_ROWS(MW_X_TABLE_BACK)
        #undef MW_X_TABLE_FWD
        #undef MW_X_TABLE_BACK
        #undef MW_BACK_LABEL_OWN
        #undef MW_BACK_LABEL_ROW
        #endif
        #undef MW_X_TABLE_FUSED
        #undef MW_X_TABLE
    };
    // The table's address stays in a register: without the empty asm the
    // compiler reloads it from a literal pool at every dispatch (Thumb-2);
    // with one dispatch site, Thumb-2 also needs it bound to a register
    // (MW_LABELS_REG_NAME) and the asm at that site, or GCC spills it.
    #if MW_CODE_REG
    register const void *const *labels __asm__(MW_LABELS_REG_NAME) = label_table;
    #else
    const void *const *labels = label_table;
    #endif
    #if !MW_THREADED
    MW_KEEP_IN_REG(labels);
    #else
    (void)labels;
    if (MW_UNLIKELY(rt == NULL)) {
        mw_exec_handlers = label_table;     // (code.c mw_thread_fill fills the heads from it)
        return MW_OK;
    }
    #endif
    #endif
    mw_status st = MW_OK;
    mw_instance *inst = NULL;     // running instance (NULL: the embedder)
    #ifdef MW_PC_REG_NAME
    register const mw_code_unit *pc __asm__(MW_PC_REG_NAME) = NULL;
    #else
    const mw_code_unit *pc = NULL;
    #endif
    #if MW_DISPATCH_EACH && defined(MW_FP_REG_NAME)
    register mw_val *fp __asm__(MW_FP_REG_NAME) = NULL;
    #else
    mw_val *fp = NULL;
    #endif
    mw_func *callee;
    uint64_t rot;                 // I64_ROTL/ROTR: the right-rotate count
    #if !MW_FUSED_ARITH && MW_ALL_OPS
    double fb;                    // F64_ADD, F64_MUL: b (the small profile's promotes)
    #endif
    #if !MW_FUSED_ARITH
    const mw_code_unit *br_t = NULL;    // a taken compare-and-branch's target (br_taken)
    #endif
    #if MW_FUSED_MEM
    uint32_t lbv;                 // a fused load-and-branch's loaded value
    #endif
    uint32_t mem_k;               // MEM0_SLOW's row of the access (mem0_slow)
    const mw_funcdef *d = f->u.wasm.def;    // the callee
    mw_instance *ninst = f->u.wasm.inst;    // and its instance
    mw_val *nfp = rt->sp;         // the callee's frame: its arguments are there
    // The frame stack's top: fsp[-1] is the running function's frame, whose
    // `code` is that function's own code (mw_int.h mw_frame), so the running
    // code needs no variable of its own, and fsp has the register that held
    // it (MW_CODE_REG): on Thumb-2 GCC kept fsp in mw_exec's stack frame, a
    // load or two and a store at every call and return.
    #if MW_CODE_REG
    register mw_frame *fsp __asm__(MW_CODE_REG_NAME) = rt->fsp;
    #else
    mw_frame *fsp = rt->fsp;
    #endif
    #if MW_CALL_HW_COPY
    // the high-water marks (runtime.c mw_stack_reach) as the frame push
    // last saw them: never above rt's (which only rise while this runs), so
    // a call past rt's always takes the slow path, and one past only these
    // (a host call's nested calls raised rt's) takes it once more
    struct { mw_frame *frames; mw_val *slots; } hw = { rt->frames_hw, rt->slots_hw };
    #endif
    // memory 0 of inst: its base and fast limit (mem0_base, mem0_lim), in
    // registers of their own (mw_config.h, MW_M0_REGS)
    #if MW_M0_REGS && MW_GUARD_PAGES
    register uint8_t *m0 __asm__(MW_M0_BASE_REG) = NULL;
    size_t m0_lim = 0;            // (unused: guard pages test the bounds)
    (void)m0_lim;
    #elif MW_M0_REGS
    register uint8_t *m0 __asm__(MW_M0_BASE_REG) = NULL;
    register size_t m0_lim __asm__(MW_M0_LIM_REG) = 0;
    #else
    uint8_t *m0 = NULL;
    size_t m0_lim = 0;
    #endif
    const mw_funcdef *defs = NULL;    // inst->mod->funcs, for CALL_DEF
    // polls when it goes negative; rt->countdown is its home outside this
    // loop (written back before anything that reads it: polls, host calls,
    // leaving); a register of its own where mw_config.h names one
    #ifdef MW_COUNTDOWN_REG_NAME
    register int32_t countdown __asm__(MW_COUNTDOWN_REG_NAME) = rt->countdown;
    #else
    int32_t countdown = rt->countdown;
    #endif
    #if MW_COMPUTED_GOTO && !MW_THREADED
    uint32_t next_op_ix;
    #endif
    goto call_def;

    #if MW_TBH_DISPATCH
    POLL_BLOCK();
    #endif

    #if MW_COMPUTED_GOTO
    #if MW_SHARED_COLD_DISPATCH
next_op:
    #endif
    NEXT();
dispatch_ix:
    #if MW_THREADED
    // the one computed goto, through the head: GCC makes it one memory-
    // indirect jump and copies it into each handler, as the table's
    {
        void *handler;
        memcpy(&handler, pc - MW_OP_HEAD, sizeof(handler));     // (2-byte aligned)
        goto *handler;
    }
    #endif
    #if MW_CODE_REG
    MW_KEEP_IN_REG(labels);
    #endif
    #if MW_LDR_PC_DISPATCH
    // Thumb-2: one `ldr pc, [labels, op, lsl #2]` (the table's entries carry
    // the Thumb bit) instead of GCC's `ldr; orr #1; bx` for the goto below,
    // which it still believes follows: nothing of the interpreter's state
    // can change between the two, as they are one block whose every exit is
    // an abnormal edge into a handler (no moves can be placed on one), and a
    // volatile asm is a scheduling barrier. Two instructions fewer per op
    // (mw_config.h MW_LDR_PC_DISPATCH).
    __asm__ volatile("ldr pc, [%0, %1, lsl #2]" : : "r"(labels), "r"(next_op_ix));
    goto *(void *)labels;
    #endif
    #if MW_TBH_DISPATCH
    // The same with the halfword table: `tbh` branches to its own address
    // + 4 (.Lmw_tbh_site, which the rows count from) + twice the row. The
    // goto after it never runs; it is there so that GCC sees every handler
    // (their addresses are taken above) reached from this point, with this
    // point's registers, as for the table of addresses. The asm is at one
    // place only: a second copy would define .Lmw_tbh_site twice, which the
    // assembler refuses.
    __asm__ volatile("tbh [%0, %1, lsl #1]\n.Lmw_tbh_site:" : : "r"(labels), "r"(next_op_ix));
    goto *(void *)labels;
    #elif !MW_LDR_PC_DISPATCH && !MW_THREADED
    goto *labels[next_op_ix];
    #endif
    #else
dispatch:
    switch (*pc++) {
    #endif

    #if !MW_FUSED_ARITH && MW_ALL_OPS
    // the full-only rows (mw_int.h MW_ADD_ROT_OP_LIST): mw_code_check refuses
    // them without MW_FUSED_ARITH, so none runs here (MW_ALL_OPS=0: they lie
    // past the handler table's end, as every row after MW_OP_COUNT_SMALL)
    OP(I32_ADD_ROTL): OP(I32_ADD_ROTL_XOR): OP(I32_ADD_ROTL_ADD): OP(I32_ROTL_ADD):
    #define MW_X_SHIFT_COMB(name, layout, doc) OP(name):
    MW_SHIFT_COMB_OP_LIST(MW_X_SHIFT_COMB)
    #undef MW_X_SHIFT_COMB
    #define MW_X_LOADF(X, load, op) OP(load##_##op):
    MW_LOADF_FUSED(MW_X_LOADF, _) OP(F32_DEMOTE_XV):
    #undef MW_X_LOADF
    #define MW_X_CALL_ARG(name, layout, doc) OP(name):
    MW_CALL_ARG_OP_LIST(MW_X_CALL_ARG)
    #undef MW_X_CALL_ARG
    OP(I32_ADD_IMMH_GLOBAL_SET): OP(GLOBAL_GET_ADD_SET): OP(I64_LOAD16_U):
    #define MW_X_I64_X(name, layout, doc) OP(name):
    MW_I64_LOAD32_X_OP_LIST(MW_X_I64_X)
    #undef MW_X_I64_X
    #define MW_X_ADDBR(X, br) OP(I32_ADD_IMMH_##br):
    MW_ADDBR_FUSED(MW_X_ADDBR, _)
    #undef MW_X_ADDBR
    #define MW_X_XD(X, name, fam, layout, doc) OP(name##fam##D):
    MW_MEM_XD_FUSED(MW_X_XD, _)
    #undef MW_X_XD
    OP(CALL_INDIRECT_OWN): OP(CONST16_CONST16): OP(STORE8_K): OP(STORE16_K):
    OP(I32_ADD_I32_ADD_IMMH): OP(I32_ADD_MUL_I32_ADD_IMMH): OP(COPY_JMP): OP(CONST16_JMP):
    OP(CONST16_SELECT):
    #define MW_X_WIDE(name, layout, doc) OP(name):
    MW_WIDE_OP_LIST(MW_X_WIDE)
    #undef MW_X_WIDE
    #define MW_X_LOADI(X, load, op) OP(load##_##op):
    MW_LOADI_FUSED(MW_X_LOADI, _)
    #undef MW_X_LOADI
    #define MW_X_SEQ(name, layout, doc) OP(name):
    MW_SEQ_OP_LIST(MW_X_SEQ)
    MW_LOOP_SEQ_OP_LIST(MW_X_SEQ)
    #undef MW_X_SEQ
    #define MW_X_STOREADD(X, store) OP(store##_I32_ADD_IMMH):
    MW_STOREADD_FUSED(MW_X_STOREADD, _)
    #undef MW_X_STOREADD
    #endif
    OP(UNREACHABLE): {
        st = MW_TRAP_UNREACHABLE;
        goto trap;
    }
    OP(JMP): {
        JUMP_AT(0, 0);
    }
    OP(JMP_LOOP): {
        #if MW_BRANCH_AT && MW_COMPUTED_GOTO && !MW_OP_PROFILE
        intptr_t o = (int16_t)pc[0];
        BACK_AT(0, o);
        #endif
        pc = TARGET(0);
        #if MW_FUSED_ARITH && !MW_TBH_DISPATCH
        // back_edge's poll written out here: GCC -O3 copies it into this
        // handler only while mw_exec stays under its size limits (with the
        // eight MW_MINMAX_OP_LIST handlers it jumped there: x86-64 tomcrypt
        // +0.43%). Not with the halfword table: there the poll is laid out
        // before the dispatch, and a jump to it from here drew the first
        // handlers there too, where `tbh` cannot reach them.
        COUNTDOWN_POLL();
        NEXT();
        #else
        goto back_edge;
        #endif
    }
    OP(JMP_FAR): {
        // a branch of a far function (lower.c): a unit index, whatever the
        // distance; backward, a loop's back-edge
        const mw_code_unit *t = fsp[-1].code + IMM32(0);
        bool back = t <= pc;
        pc = t;
        if (back) {
            goto back_edge;
        }
        NEXT_COLD();
    }
    OP(BR_IF_LOOP): {
        if (S(0).i32) {
            #if MW_BRANCH_AT && MW_COMPUTED_GOTO && !MW_OP_PROFILE
            intptr_t o = (int16_t)pc[1];
            BACK_AT(1, o);
            #endif
            pc = TARGET(1);
            goto back_edge;
        }
        pc += MW_N(BR_IF_LOOP);
        NEXT();
    }
    OP(BR): {
        mw_val *dst = fp + SLOT(MW_W_TARGET);
        const mw_val *src = fp + SLOT(MW_W_TARGET + 2);
        for (uint32_t i = 0, n = COUNT(MW_W_TARGET + 1); i < n; i++) {
            dst[i] = src[i];
        }
        pc = TARGET(0);
        goto back_edge;
    }
    OP(BR_IF): {
        if (S(0).i32) {
            mw_val *dst = fp + SLOT(1 + MW_W_TARGET);
            const mw_val *src = fp + SLOT(3 + MW_W_TARGET);
            for (uint32_t i = 0, n = COUNT(2 + MW_W_TARGET); i < n; i++) {
                dst[i] = src[i];
            }
            pc = TARGET(1);
            goto back_edge;
        }
        pc += MW_N(BR_IF);
        NEXT();
    }
    OP(BR_IF_JMP): {
        JUMP_IF(S(0).i32, 1, MW_N(BR_IF_JMP));
    }
    OP(BR_UNLESS): {
        JUMP_UNLESS(S(0).i32, 1, MW_N(BR_UNLESS));
    }
    OP(BR_TABLE): {
        uint32_t i = S(0).i32;
        uint32_t count = IMM32(1);
        const mw_code_unit *e = pc + MW_N(BR_TABLE) + MW_BR_ENTRY * (i < count ? i : count);
        mw_val *dst = fp + SLOT_AT(e, MW_W_TARGET);
        const mw_val *src = fp + SLOT_AT(e, MW_W_TARGET + 2);
        for (uint32_t k = 0, n = COUNT_AT(e, MW_W_TARGET + 1); k < n; k++) {
            dst[k] = src[k];
        }
        pc = TARGET_AT(e, 0);
        goto back_edge;
    }
    OP(BR_TABLE_JMP): {
        // every target forward, no values to move: no copies, no poll
        uint32_t i = S(0).i32;
        uint32_t count = IMM32(1);
        JUMP_AT(MW_N(BR_TABLE_JMP), MW_W_TARGET * (i < count ? i : count));
    }
    // The return: the caller's pc and fp from the popped frame (the caller's
    // code is in its own frame, now the top); a tagged pc (call_def) also
    // restores the caller's instance (ret_switch).
    // With MW_FAST_CALLS RETURN1 (most returns) and RETURN have their own
    // copy, so they do not depend on where the compiler places the shared
    // one (x86-64 -O3 put a jump more before it in some builds)
    #if MW_FAST_CALLS
    #define RET_TAIL() do { \
        CALL_TRACE(UINT32_MAX); \
        pc = fsp[-1].pc; \
        fp = fsp[-1].fp; \
        fsp--; \
        if (MW_UNLIKELY((uintptr_t)pc & 1)) { \
            goto ret_switch; \
        } \
        NEXT_RET(); \
    } while (0)
    #else
    #define RET_TAIL() goto ret
    #endif
    // The frame push of a call of d at nfp: past a high-water mark
    // (runtime.c), raise it, or the stack is exhausted. The slots' test
    // compares addresses (nfp below slots_hw, max_slots at most
    // MW_MAX_FRAME_SLOTS: no wrap), one instruction less than a pointer
    // difference scaled to slots. A macro: call_def's two paths each have
    // their copy, so CALL_DEF (always the running instance) skips the
    // instance test. A frame holds its caller's instance only where the
    // call switches instance: there call_def tags the return pc (bit 0: code
    // units are 2-byte aligned), and the return tests the tag instead of
    // comparing instances; other frames' inst stays NULL (mw_int.h mw_frame).
    #if MW_CALL_HW_COPY
    #define CALL_PUSH_TEST() do { \
        if (MW_UNLIKELY(fsp >= hw.frames \
            || (uintptr_t)nfp + d->max_slots * sizeof(mw_val) > (uintptr_t)hw.slots)) { \
            if (!mw_stack_reach(rt, fsp, nfp, d->max_slots)) { \
                st = MW_TRAP_STACK; \
                goto trap; \
            } \
            hw.frames = rt->frames_hw; \
            hw.slots = rt->slots_hw; \
        } \
    } while (0)
    #else
    #define CALL_PUSH_TEST() do { \
        if (MW_UNLIKELY(fsp == rt->frames_hw \
            || (uintptr_t)nfp + d->max_slots * sizeof(mw_val) > (uintptr_t)rt->slots_hw) \
            && !mw_stack_reach(rt, fsp, nfp, d->max_slots)) { \
            st = MW_TRAP_STACK; \
            goto trap; \
        } \
    } while (0)
    #endif
    // CALL_FRAME(ret): the push itself, ret the return pc MW_RET_BIAS units
    // on (mw_int.h MW_FRAME_RET)
    #define CALL_FRAME(ret) do { \
        fsp->pc = (ret); \
        fsp->fp = fp; \
        fsp->code = d->code; \
        fsp++; \
        fp = nfp; \
    } while (0)
    #define CALL_PUSH(ret_pc) do { \
        CALL_PUSH_TEST(); \
        CALL_FRAME((ret_pc) + MW_RET_BIAS); \
    } while (0)
    // The callee's entry: the locals some path reads before writing zeroed
    // (zero_hi is 0 where there are none, so one test of it, not of the
    // range: lower.c, image.c), its first instruction, the poll. The span
    // is whole MW_ZERO_STEPs (mw_int.h). ZERO_LOCALS(lo, hi) zeroes fp[lo ..
    // hi), never an empty span (lower.c zero_span; image.c refuses one, as
    // the first pass stores before the end test): with MW_ZERO_PASS4 four
    // slots a pass, no leftover to test (z kept in a register: GCC otherwise
    // works out a trip count first, or a loop of its own for vector
    // stores). On Thumb-2 where every handler has its
    // own dispatch (MW_DISPATCH_EACH: the full profile's firmware) the
    // stores with their step are written here (as a zero register twice:
    // Thumb-2's strd takes one register as both halves): without GCC's
    // auto-increment pass (MW_DISPATCH_POSTINC) the loop's `strd r6, r7,
    // [r3, #8]!` became a store and an add a slot (KISS FFT's calls zero 34
    // locals: +0.65% of its run).
    #if MW_ZERO_PASS4
    _Static_assert(MW_ZERO_STEP == 4, "CALL_BODY zeroes four slots a pass");
    #define ZERO_LOCALS(lo, hi) do { \
        mw_val *z_ = fp + (lo), *z_end_ = fp + (hi); \
        do { \
            MW_KEEP_IN_REG(z_); \
            z_[0].i64 = 0; \
            z_[1].i64 = 0; \
            z_[2].i64 = 0; \
            z_[3].i64 = 0; \
            z_ += MW_ZERO_STEP; \
        } while (z_ != z_end_); \
    } while (0)
    #elif MW_DISPATCH_EACH && defined(__thumb2__)
    // (four slots a pass here too, as the span is whole MW_ZERO_STEPs on
    // every target since format 78: the loop of one slot a pass zeroed up
    // to three slots more than the function's own and tested after each,
    // KISS FFT +0.16% and TinyScheme +0.23% on mps2_an385; the loop's
    // registers and its shape as before, which the calls that zero nothing
    // depend on: session 41's four-slot loop in C moved them. On Cortex-M4F
    // and M33, which kept GCC's loop of a slot a pass, KISS FFT -3.9% on
    // mps2_an505: docs/benchmarks.md "Device speed (session 43)")
    _Static_assert(MW_ZERO_STEP == 4, "ZERO_LOCALS zeroes four slots a pass");
    #define ZERO_LOCALS(lo, hi) do { \
        mw_val *z_ = fp + (lo); \
        mw_val *z_end_ = fp + (hi); \
        uint32_t zero_ = 0; \
        while (z_ < z_end_) { \
            __asm__("strd %2, %2, [%0], #32\n\t" \
                "strd %2, %2, [%0, #-24]\n\t" \
                "strd %2, %2, [%0, #-16]\n\t" \
                "strd %2, %2, [%0, #-8]" \
                : "+r"(z_), "=m"(*(mw_val (*)[MW_ZERO_STEP])z_) : "r"(zero_)); \
        } \
    } while (0)
    #else
    #define ZERO_LOCALS(lo, hi) do { \
        for (uint32_t i = (lo); i < (hi); i++) { \
            fp[i].i64 = 0; \
        } \
    } while (0)
    #endif
    // ZERO_HI_SET(d): d->zero_hi != 0. GCC 12 -O3 on x86-64 loads it into a
    // register and tests that (a pair the core fuses); compared in memory it
    // is one instruction less at every call (the value is read again where
    // the call zeroes).
    #if defined(__x86_64__) && defined(__GCC_ASM_FLAG_OUTPUTS__)
    #define ZERO_HI_SET(d) __extension__ ({ \
        bool set_; \
        __asm__ ("cmpl $0, %1" : "=@ccne"(set_) : "m"((d)->zero_hi)); \
        set_; \
    })
    #else
    #define ZERO_HI_SET(d) ((d)->zero_hi != 0)
    #endif
    #define CALL_BODY() do { \
        CALL_TRACE((uint32_t)(d - inst->mod->funcs)); \
        if (MW_UNLIKELY(ZERO_HI_SET(d))) { \
            ZERO_LOCALS(d->zero_lo, d->zero_hi); \
        } \
        pc = d->code; \
        COUNTDOWN_POLL();    /* in the callee, before its first instruction */ \
        NEXT(); \
    } while (0)
    OP(RETURN1): {
        // one result (most functions): no count, no loop
        fp[0] = S(0);
        RET_TAIL();
    }
    OP(RETURN): {
        const mw_val *src = fp + SLOT(1);
        for (uint32_t i = 0, n = COUNT(0); i < n; i++) {
            fp[i] = src[i];
        }
        RET_TAIL();
    }
    OP(RETURN0): {
    #if !MW_FAST_CALLS
    ret:
    #endif
        CALL_TRACE(UINT32_MAX);
        // (read before the decrement: GCC then loads from fsp - 1 with no
        // copy of fsp, one Thumb-2 instruction less)
        pc = fsp[-1].pc;
        fp = fsp[-1].fp;
        fsp--;
        if (MW_UNLIKELY((uintptr_t)pc & 1)) {
        #if MW_FAST_CALLS
        ret_switch:
        #endif
            // the call switched instance (call_def tagged its pc): back to
            // the caller's, which its frame holds
            pc = (const mw_code_unit *)((uintptr_t)pc - 1);
            inst = fsp->inst;
            fsp->inst = NULL; // a popped frame must not keep its instance alive
            FAULT_RUNNING(inst);
            if (inst == NULL) {
                rt->countdown = countdown;
                return MW_OK;
            }
            m0 = mem0_base(inst);
            m0_lim = mem0_lim(inst);
            defs = inst->mod->funcs;
        }
        NEXT_RET();
    }
    OP(CALL): {
        callee = inst->funcs[IDX(0)];
        nfp = fp + SLOT(2);
        pc += MW_N(CALL);
        goto do_call;
    }
    // CALL_OWN(n): the call of d at nfp in the running instance, pc at the
    // call's immediates, n its units (CALL_DEF_AT, CALL_INDIRECT's
    // own-instance paths). Where code is threaded (x86-64) the stack test's
    // slow path is one block out of line, call_def_reach, which pushes the
    // frame and enters the callee itself: with the call to mw_stack_reach
    // in each handler GCC moved fsp into its argument register on the fast
    // path (`mov %r13, %rsi`), one instruction a call. pc steps past the
    // next op's head at once (MW_RET_BIAS): the frame's return pc with no
    // step of its own (with the slow path inline, x86-64 -O3 made it in
    // another register, pc kept for the trap's offset).
    #if MW_CALL_DEF_OWN && MW_THREADED && !MW_CALL_HW_COPY
    #define CALL_REACH_COLD 1
    #define CALL_OWN(n) do { \
        pc += (n) + MW_RET_BIAS; \
        if (MW_UNLIKELY(fsp == rt->frames_hw \
            || (uintptr_t)nfp + d->max_slots * sizeof(mw_val) > (uintptr_t)rt->slots_hw)) { \
            goto call_def_reach; \
        } \
        CALL_FRAME(pc); \
        CALL_BODY(); \
    } while (0)
    #else
    #define CALL_REACH_COLD 0
    #define CALL_OWN(n) do { \
        CALL_PUSH(pc + (n)); \
        CALL_BODY(); \
    } while (0)
    #endif
    // CALL_DEF, pc at its immediates: its handler's, and the ops fused
    // before it (MW_CALL_ARG_OP_LIST) each have their copy
    #if CALL_REACH_COLD
    #define CALL_DEF_AT() do { \
        d = &defs[IDX16(0)]; \
        nfp = fp + SLOT(1); \
        CALL_OWN(MW_N(CALL_DEF)); \
    } while (0)
    #elif MW_CALL_DEF_OWN
    #define CALL_DEF_AT() do { \
        d = &defs[IDX16(0)]; \
        nfp = fp + SLOT(1); \
        pc += MW_N(CALL_DEF); \
        CALL_PUSH(pc); \
        CALL_BODY(); \
    } while (0)
    #else
    #define CALL_DEF_AT() do { \
        d = &defs[IDX16(0)]; \
        nfp = fp + SLOT(1); \
        pc += MW_N(CALL_DEF); \
        goto call_same; \
    } while (0)
    #endif
    OP(CALL_DEF): {
        // a function of the running instance: no instance to switch to
        CALL_DEF_AT();
    }
    // A table entry that is a function object (or none): CALL_INDIRECT's,
    // and CALL_INDIRECT_OWN's; the same type object needs no structural
    // comparison
    #define CALL_INDIRECT_OBJECT() do { \
        if (MW_UNLIKELY(callee == NULL)) { \
            st = MW_TRAP_UNINIT_ELEM; \
            goto trap; \
        } \
        const mw_functype *want = inst->mod->types[IDX(0)]; \
        if (MW_UNLIKELY(callee->type != want && !mw_functype_eq(callee->type, want))) { \
            st = MW_TRAP_SIG_MISMATCH; \
            goto trap; \
        } \
        pc += MW_N(CALL_INDIRECT); \
        goto do_call; \
    } while (0)
    OP(CALL_INDIRECT): {
        mw_table *tab = inst->tables[IDX(2)];
        uint32_t i = S(4).i32;
        if (MW_UNLIKELY(i >= tab->size)) {
            st = MW_TRAP_UNDEF_ELEM;
            goto trap;
        }
        callee = tab->elems[i];
        nfp = fp + SLOT(5);
        if (MW_LIKELY((uintptr_t)callee & 1)) {
            // defined function k of the table's owner (mw_table); the
            // usual owner is the running instance (its functions at defs),
            // and the same type index in the same module needs no
            // structural comparison
            #if MW_FAST_CALLS
            if (MW_LIKELY(tab->owner == inst)) {
                // no instance to switch to: past call_def's test (ninst
                // not written: at call_same's join x86-64 -O3 kept it and
                // fp in mw_exec's stack frame, a store and its reload per
                // call; with MW_CALL_DEF_OWN the push is this handler's)
                d = defs + ((uintptr_t)callee >> 1);
                if (MW_UNLIKELY(d->type != IDX(0)
                    && !mw_functype_eq(inst->mod->types[d->type], inst->mod->types[IDX(0)]))) {
                    st = MW_TRAP_SIG_MISMATCH;
                    goto trap;
                }
                #if MW_CALL_DEF_OWN
                CALL_OWN(MW_N(CALL_INDIRECT));
                #else
                pc += MW_N(CALL_INDIRECT);
                goto call_same;
                #endif
            }
            #endif
            ninst = tab->owner;
            d = (ninst == inst ? defs : ninst->mod->funcs) + ((uintptr_t)callee >> 1);
            if (MW_UNLIKELY((d->type != IDX(0) || (ninst != inst && ninst->mod != inst->mod))
                && !mw_functype_eq(ninst->mod->types[d->type], inst->mod->types[IDX(0)]))) {
                st = MW_TRAP_SIG_MISMATCH;
                goto trap;
            }
            pc += MW_N(CALL_INDIRECT);
            goto call_def;
        }
        CALL_INDIRECT_OBJECT();
    }
    OP(LAZY): {
        // the first call of a function not lowered yet (lazy.c): call_def
        // has just entered its stub with the frame set up; lower it, then
        // run it. Out of memory unwinds the call and leaves it unlowered.
        d = &defs[IDX(0)];
        rt->fsp = fsp;
        rt->countdown = countdown;
        st = mw_lazy_lower(rt, (mw_module *)inst->mod, (mw_funcdef *)d, fp);
        if (MW_UNLIKELY(st != MW_OK)) {
            return st;    // as trap: does, keeping lazy.c's report (the function, the bytes; no path)
        }
        const mw_code_unit *code = d->code;
        #if MW_UNLOWER
        if (MW_OP_AT(code) == MW_OP_LAZY) {
            // lowered under a code budget, it starts armed (on its stub):
            // its code is in the module's table of blocks (lazy.c)
            code = inst->mod->lazy_blocks[IDX(0)];
        }
        #endif
        fsp[-1].code = code;    // its frame held the stub
        pc = code;
        NEXT_COLD();
    }
    OP(COPY): {
        SP(0) = SQ(0);
        pc += MW_N(COPY);
        NEXT();
    }
    // COPY2 d a b: d = a, d+1 = b, both read before either is written (a
    // may be d+1); COPY2_CALL_DEF's copy too
    #define COPY2_SLOTS() do { \
        mw_val a_ = S(1), b_ = S(2); \
        mw_val *d_ = &S(0); \
        d_[0] = a_; \
        d_[1] = b_; \
    } while (0)
    OP(COPY2): {
        COPY2_SLOTS();
        pc += MW_N(COPY2);
        NEXT();
    }
    OP(MOVE2): {
        // in order: x may be a, b may be d
        S(0) = S(1);
        S(2) = S(3);
        pc += MW_N(MOVE2);
        NEXT();
    }
    OP(SELECT): {
        S(0) = S(3).i32 ? S(1) : S(2);
        pc += MW_N(SELECT);
        NEXT();
    }
    OP(GLOBAL_GET): {
        S(0) = inst->globals[IDX(1)]->val;
        pc += MW_N(GLOBAL_GET);
        NEXT();
    }
    OP(GLOBAL_SET): {
        inst->globals[IDX(0)]->val = S(2);
        pc += MW_N(GLOBAL_SET);
        NEXT();
    }
    OP(TABLE_GET): {
        mw_table *tab = inst->tables[IDX(1)];
        uint32_t i = S(3).i32;
        if (MW_UNLIKELY(i >= tab->size)) {
            st = MW_TRAP_TABLE_OOB;
            goto trap;
        }
        void *ref;
        st = mw_table_decode(tab, tab->elems[i], &ref);
        if (MW_UNLIKELY(st != MW_OK)) {
            goto trap;
        }
        S(0).i64 = 0;
        S(0).ref = ref;
        pc += MW_N(TABLE_GET);
        NEXT_COLD();
    }
    OP(TABLE_SET): {
        mw_table *tab = inst->tables[IDX(0)];
        uint32_t i = S(2).i32;
        if (MW_UNLIKELY(i >= tab->size)) {
            st = MW_TRAP_TABLE_OOB;
            goto trap;
        }
        tab->elems[i] = mw_table_encode(tab, S(3).ref);
        pc += MW_N(TABLE_SET);
        NEXT_COLD();
    }
    OP(TABLE_SIZE): {
        S(0).i64 = inst->tables[IDX(1)]->size;
        pc += MW_N(TABLE_SIZE);
        NEXT_COLD();
    }
    OP(TABLE_GROW): {
        #if MW_UNLOWER
        // out of memory, it gives back lowered code not running (lazy.c)
        rt->fsp = fsp;
        const mw_code_unit *was = fsp[-1].code;
        int64_t r = mw_table_grow_running(rt, inst->tables[IDX(1)], S(4).i32, S(3).ref, inst, was);
        // short of heap, the grow may have moved this code (lazy.c arena_shrink)
        pc = fsp[-1].code + (pc - was);
        #else
        int64_t r = mw_table_grow(rt, inst->tables[IDX(1)], S(4).i32, S(3).ref);
        #endif
        SET_I32(S(0), r);
        pc += MW_N(TABLE_GROW);
        NEXT_COLD();
    }
    #if !MW_COMPACT_EXEC
    OP(TABLE_FILL): {
        mw_table *tab = inst->tables[IDX(0)];
        uint32_t d = S(2).i32, n = S(4).i32;
        void *ref = mw_table_encode(tab, S(3).ref);
        if (MW_UNLIKELY(!mw_in_bounds(d, n, tab->size))) {
            st = MW_TRAP_TABLE_OOB;
            goto trap;
        }
        for (uint32_t i = 0; i < n; i++) {
            tab->elems[d + i] = ref;
        }
        pc += MW_N(TABLE_FILL);
        NEXT_COLD();
    }
    OP(TABLE_COPY): {
        mw_table *td = inst->tables[IDX(0)], *ts = inst->tables[IDX(2)];
        uint32_t d = S(4).i32, s = S(5).i32, n = S(6).i32;
        if (MW_UNLIKELY(!mw_in_bounds(s, n, ts->size) || !mw_in_bounds(d, n, td->size))) {
            st = MW_TRAP_TABLE_OOB;
            goto trap;
        }
        if (MW_LIKELY(td->owner == ts->owner)) {
            memmove(td->elems + d, ts->elems + s, n * sizeof(void *));
        } else {
            st = mw_table_copy_across(td, d, ts, s, n);
            if (st != MW_OK) {
                goto trap;
            }
        }
        pc += MW_N(TABLE_COPY);
        NEXT_COLD();
    }
    OP(TABLE_INIT): {
        // the segment's items, evaluated from the module (mw_int.h, mw_instance)
        const mw_elemdef *e = &inst->mod->elems[IDX(0)];
        mw_table *tab = inst->tables[IDX(2)];
        uint32_t d = S(4).i32, s = S(5).i32, n = S(6).i32;
        uint32_t count = inst->elem_dropped[IDX(0)] ? 0 : e->count;
        if (MW_UNLIKELY(!mw_in_bounds(s, n, count) || !mw_in_bounds(d, n, tab->size))) {
            st = MW_TRAP_TABLE_OOB;
            goto trap;
        }
        for (uint32_t k = 0; k < n; k++) {
            st = mw_elem_item(inst, tab, &e->items[s + k], &tab->elems[d + k]);
            if (MW_UNLIKELY(st != MW_OK)) {
                goto trap;
            }
        }
        pc += MW_N(TABLE_INIT);
        NEXT_COLD();
    }
    #endif
    OP(ELEM_DROP): {
        inst->elem_dropped[IDX(0)] = 1;
        pc += MW_N(ELEM_DROP);
        NEXT_COLD();
    }
    // Loads and stores of memory 0 (almost all of them): its base and fast
    // limit are cached in m0 / m0_lim (reloaded wherever they can change:
    // calls, returns, memory.grow, host calls, polls), so the fast path is one
    // add and one compare in size_t (mw_ea_fast: no 64-bit arithmetic on a
    // 32-bit target); anything else goes to the one slow path,
    // mw_mem_slow(_w) (the last 7 bytes of the memory, shared heaps through
    // their hit cache, or a trap; one call, not the hit test inlined in all
    // eleven handlers: -396 B of Thumb-2 for a call more per shared-heap
    // access). Loads: d a offset, the value written after the address is
    // read; stores: a(address) b(value) offset.
    // (`off`: OFF(1) after the slot pair, or IMM32(2) for the wide forms
    // LOAD32_U_W / STORE32_W / LOAD64_W / STORE64_W, whose slots are units:
    // D, A and B name them)
    // (LOAD0_AT: the access itself, `slow` what any address mw_ea_fast
    // refuses does; the loads feeding a float op, MW_LOADF_FUSED, use it too.
    // For the loads and stores "x a offset" that is MEM0_SLOW: one copy of
    // the slow path for all of them, mem0_slow below, mem_k their row)
    // (`set` writes D: SET_I32 for a value an i32 or f32 reads, SET_I64)
    #define LOAD0_AT(n, ty, ext, off, D, A, slow, set) \
        size_t app_addr; \
        ty v; \
        uint64_t r; \
        if (MW_LIKELY(M0_FAST(A.i32, off, &app_addr))) { \
            M0_LOAD(v, n, ty, app_addr, 0); \
            r = ext v; \
        } else { \
            slow \
        } \
        set(D, r);
    #define MEM0_SLOW(row, label) \
            mem_k = MW_OP_##row - MW_OP_LOAD8_S; \
            goto label;
    #define LOAD0(name, n, ty, ext, off, D, A, slow, set) \
    OP(name): { \
        LOAD0_AT(n, ty, ext, off, D, A, slow, set) \
        pc += MW_N(name); \
        NEXT(); \
    }
    // STORE0(name, n, ty, value, off, A, slow): `value` the expression
    // stored, off the offset, A the address slot (stores: a b offset, its
    // value SQ(0); the stores of a constant below: a value offset, their
    // value the immediate, and their own slow path, STORE0_SLOW)
    #define STORE0(name, n, ty, value, off, A, slow) \
    OP(name): { \
        size_t app_addr; \
        ty v = (ty)(value); \
        if (MW_LIKELY(M0_FAST(A.i32, off, &app_addr))) { \
            M0_STORE(app_addr, n, v, 0); \
        } else { \
            slow \
        } \
        pc += MW_N(name); \
        NEXT(); \
    }
    #define STORE0_SLOW(n, off, A) \
            uint8_t *native = mw_mem_slow_w(inst->mems[0], n, mw_ea_wide(A.i32, off, app_addr)); \
            if (native == NULL) { \
                goto trap_mem; \
            } \
            memcpy(native, &v, n);
    #if !MW_FUSED_MEM && MW_ALL_OPS
    // without their handlers the fused load-and-branch ops (MW_LOAD_BR_FUSED)
    // are their plain load: BR runs next
    #define MW_X_CASE(L, br, X) OP(L##_##br):
    #else
    #define MW_X_CASE(L, br, X)
    #endif
    #if MW_I64_LOAD8_U_SHARED && !MW_COMPUTED_GOTO
    #define I64_LOAD_CASE(name) OP(I64_##name):    // (as L_I64_LOAD8_U)
    #else
    #define I64_LOAD_CASE(name)
    #endif
    // (LOAD8_U's and LOAD32_U's value: an i32's or f32's where an i64 load
    // has a row of its own)
    #if MW_I64_LOAD8_U_SHARED
    #define LOAD_I32_SET SET_I64
    #else
    #define LOAD_I32_SET SET_I32
    #endif
    // (LOAD16_U's the same where the full profile's lowering gives
    // i64.load16_u its own row, mw_int.h I64_LOAD16_U)
    #if !MW_I64_LOAD8_U_SHARED && MW_FUSED_ARITH
    #define LOAD16_SET(d, v) do { \
            if (MW_FUSED_DROP(MW_OP_I64_LOAD16_U)) { \
                SET_I64(d, v); \
            } else { \
                SET_I32(d, v); \
            } \
        } while (0)
    #else
    #define LOAD16_SET SET_I64
    #endif
    #if MW_I64_LOAD8_U_SHARED && MW_FUSED_ARITH && !MW_COMPUTED_GOTO
    #define I64_LOAD16_CASE OP(I64_LOAD16_U):    // (as L_I64_LOAD16_U)
    #else
    #define I64_LOAD16_CASE
    #endif
    LOAD0(LOAD8_S, 1, int8_t, (uint64_t)(int64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD8_S, mem0_slow), SET_I64)
    MW_LOAD_BR_FUSED(MW_X_CASE, LOAD8_U, _)
    I64_LOAD_CASE(LOAD8_U)
    LOAD0(LOAD8_U, 1, uint8_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD8_U, mem0_slow), LOAD_I32_SET)
    LOAD0(LOAD16_S, 2, int16_t, (uint64_t)(int64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD16_S, mem0_slow), SET_I64)
    I64_LOAD16_CASE
    LOAD0(LOAD16_U, 2, uint16_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD16_U, mem0_slow), LOAD16_SET)
    #undef I64_LOAD16_CASE
    LOAD0(LOAD32_S, 4, int32_t, (uint64_t)(int64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD32_S, mem0_slow), SET_I64)
    MW_LOAD_BR_FUSED(MW_X_CASE, LOAD32_U, _)
    #if MW_FUSED_ARITH
    // the loads feeding a float op without a handler (MW_LOADF_32, _64): the
    // plain load, then the op after it by itself
    #define LOADF_LABEL0(load, op) OP(load##_##op):
    #define LOADF_LABEL1(load, op)
    #define LOADF_LABEL2(load, op)
    #define MW_X_LOADF(X, load, op) LOADF_PICK(LOADF_LABEL, LOADF_HW_##op, load, op)
    MW_LOADF32_FUSED(MW_X_LOADF, _)
    MW_LOADI_FUSED(MW_X_LOADF, _)
    #endif
    #if !MW_FUSED_MEM && MW_ALL_OPS
    OP(LOAD32_U_PAIR):    // the first load alone; the second runs next
    OP(LOAD32_U_RMW):     // the load alone; the add and the store run next
    OP(LOAD32_U_RMWF):    // the load alone; the XV op and the store run next
    #endif
    I64_LOAD_CASE(LOAD32_U)
    LOAD0(LOAD32_U, 4, uint32_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD32_U, mem0_slow), LOAD_I32_SET)
    #undef LOAD_I32_SET
    #undef I64_LOAD_CASE
    #undef MW_X_CASE
    #if MW_FUSED_ARITH
    MW_LOADF64_FUSED(MW_X_LOADF, _)
    #undef MW_X_LOADF
    #endif
    #if !MW_FUSED_MEM && MW_ALL_OPS
    OP(LOAD64_RMWF):      // the load alone; the XV op and the store run next
    #endif
    LOAD0(LOAD64, 8, uint64_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD64, mem0_slow), SET_I64)
    #if !MW_I64_LOAD8_U_SHARED
    // i64.load8_u, i64.load32_u: LOAD8_U, LOAD32_U with the whole slot written
    LOAD0(I64_LOAD8_U, 1, uint8_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD8_U, mem0_slow), SET_I64)
    LOAD0(I64_LOAD32_U, 4, uint32_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD32_U, mem0_slow), SET_I64)
    #if MW_FUSED_ARITH
    LOAD0(I64_LOAD16_U, 2, uint16_t, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(LOAD16_U, mem0_slow), SET_I64)
    #endif
    #endif
    STORE0(STORE8, 1, uint8_t, SQ(0).i32, OFF(1), SP(0), MEM0_SLOW(STORE8, mem0_slow))
    STORE0(STORE16, 2, uint16_t, SQ(0).i32, OFF(1), SP(0), MEM0_SLOW(STORE16, mem0_slow))
    STORE0(STORE32, 4, uint32_t, SQ(0).i32, OFF(1), SP(0), MEM0_SLOW(STORE32, mem0_slow))
    STORE0(STORE64, 8, uint64_t, SQ(0).i64, OFF(1), SP(0), MEM0_SLOW(STORE64, mem0_slow))
    LOAD0(LOAD32_U_W, 4, uint32_t, (uint64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD32_U, mem0_slow_w), SET_I64)
    STORE0(STORE32_W, 4, uint32_t, S(1).i32, IMM32(2), S(0), MEM0_SLOW(STORE32, mem0_slow_w))
    LOAD0(LOAD64_W, 8, uint64_t, (uint64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD64, mem0_slow_w), SET_I64)
    STORE0(STORE64_W, 8, uint64_t, S(1).i64, IMM32(2), S(0), MEM0_SLOW(STORE64, mem0_slow_w))
    #if MW_FUSED_ARITH
    // the other widths' (mw_int.h MW_WIDE_OP_LIST): full profile only
    LOAD0(LOAD8_S_W, 1, int8_t, (uint64_t)(int64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD8_S, mem0_slow_w), SET_I64)
    LOAD0(LOAD8_U_W, 1, uint8_t, (uint64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD8_U, mem0_slow_w), SET_I64)
    LOAD0(LOAD16_S_W, 2, int16_t, (uint64_t)(int64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD16_S, mem0_slow_w), SET_I64)
    LOAD0(LOAD16_U_W, 2, uint16_t, (uint64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD16_U, mem0_slow_w), SET_I64)
    LOAD0(LOAD32_S_W, 4, int32_t, (uint64_t)(int64_t), IMM32(2), S(0), S(1), MEM0_SLOW(LOAD32_S, mem0_slow_w), SET_I64)
    STORE0(STORE8_W, 1, uint8_t, S(1).i32, IMM32(2), S(0), MEM0_SLOW(STORE8, mem0_slow_w))
    STORE0(STORE16_W, 2, uint16_t, S(1).i32, IMM32(2), S(0), MEM0_SLOW(STORE16, mem0_slow_w))
    #endif
    // STORE32_K / STORE64_K "a value offset": a store of a constant (mw_int.h),
    // the value a 32-bit immediate, sign-extended for STORE64_K
    #if MW_FUSED_MEM
    STORE0(STORE32_K, 4, uint32_t, (int32_t)IMM32(1), OFF(3), S(0), STORE0_SLOW(4, OFF(3), S(0)))
    STORE0(STORE64_K, 8, uint64_t, (int32_t)IMM32(1), OFF(3), S(0), STORE0_SLOW(8, OFF(3), S(0)))
    #if MW_FUSED_ARITH
    STORE0(STORE8_K, 1, uint8_t, IMM32(1), OFF(3), S(0), STORE0_SLOW(1, OFF(3), S(0)))
    STORE0(STORE16_K, 2, uint16_t, IMM32(1), OFF(3), S(0), STORE0_SLOW(2, OFF(3), S(0)))
    #endif
    #else
    // the small profile: both in one cold handler
    OP(STORE32_K):
    OP(STORE64_K): {
        uint32_t n = pc[-1] == MW_OP_STORE32_K ? 4 : 8;
        uint64_t v = (uint64_t)(int64_t)(int32_t)IMM32(1);
        uint8_t *native = mem_ref_w(inst->mems[0], S(0).i32, OFF(3), n);
        if (MW_UNLIKELY(native == NULL)) {
            goto trap_mem;
        }
        for (uint32_t i = 0; i < n; i++) {
            native[i] = (uint8_t)(v >> (8 * i));        // little endian
        }
        pc += MW_N(STORE32_K);
        NEXT_COLD();
    }
    #endif
    // Fused address ops (mw_int.h, MW_MEM_X_FUSED): `NAME_X x a imm` computes
    // the address x = a + imm, then does the in-bounds case of the NAME that
    // follows it ("d x offset" / "x b offset": after the pc step below, S(i)
    // reads NAME's immediates); any other address runs NAME itself, the
    // next op, which takes its slow path (shared heaps, windows, the trap).
    #if MW_FUSED_MEM
    // (a fused row's load of n bytes, `set` writing it as NAME's handler
    // does: an i32's or f32's low word alone (LOAD16_U's where lowering
    // makes I64_LOAD16_U: LOAD16_SET), LOAD64's whole slot; an i64.load32_u
    // has rows of its own, MW_I64_LOAD32_X_OP_LIST.
    // A 64-bit host writes the whole slot in one store either way, and
    // as SET_I64 GCC -O3 lays mw_exec out as before: as SET_I32, 240 B
    // smaller and lua +0.14% Ir)
    #if MW_HOST_64
    #define LOADX_I32 SET_I64
    #define LOADX_I16 SET_I64
    #else
    #define LOADX_I32 SET_I32
    #define LOADX_I16 LOAD16_SET
    #endif
    // (on a 64-bit host an i64.load32_u's fused row runs at LOAD32_U's: a
    // case label before it where the handlers are a switch's cases)
    #if MW_I64_X_SHARED && !MW_COMPUTED_GOTO
    #define I64_X_CASE(name) OP(I64_##name):
    #else
    #define I64_X_CASE(name)
    #endif
    // `xname` computes the address `addr` into slot xd ("x a imm", "x a b":
    // x a a slot pair; "x a b imm"); NAME's offset is 0 (mw_code_check)
    #define LOADX(xname, name, addr, xd, n, ty, ext, set) \
    OP(xname): { \
        uint32_t x = addr; \
        SET_I32(xd, x); \
        size_t app_addr; \
        if (MW_UNLIKELY(!M0_FAST(x, 0, &app_addr))) { \
            pc += MW_N(xname); \
            NEXT(); \
        } \
        ty v; \
        M0_LOAD(v, n, ty, app_addr, MW_N(xname) + MW_OP_HEAD); \
        set(fp[SLOT8_AT(pc, MW_N(xname) + MW_OP_HEAD)], ext v); \
        pc += MW_N(xname) + MW_OP_HEAD + MW_N(name); \
        NEXT(); \
    }
    // the in-bounds case of the store NAME after a fused op XNAME (whose
    // operands end one unit before NAME's offset): store val as a ty at addr
    // + NAME's offset, or leave the pc at NAME to take its slow path. NAME's
    // operands are read at xs_pc (XS_SP, XS_SQ) and pc moves once, on either
    // way: moved first, GCC kept both pcs, a `lea` more on the fast path.
    #define XS_SP(i) fp[SLOT8_AT(xs_pc, i)]
    #define XS_SQ(i) fp[SLOT8H_AT(xs_pc, i)]
    #define X_STORE_TAIL(xname, name, addr, ty, val, next) \
        const mw_code_unit *xs_pc = pc + MW_N(xname) + MW_OP_HEAD; \
        size_t app_addr; \
        if (MW_UNLIKELY(!M0_FAST(addr, OFF_AT(xs_pc, 1), &app_addr))) { \
            pc += MW_N(xname); \
            next(); \
        } \
        ty v_ = val; \
        M0_STORE(app_addr, sizeof(ty), v_, MW_N(xname) + MW_OP_HEAD); \
        pc += MW_N(xname) + MW_OP_HEAD + MW_N(name); \
        next()
    #define STOREX(name, ty, m) \
    OP(name##_X): { \
        uint32_t x = ADDR_IMM; \
        SET_I32(SP(0), x); \
        X_STORE_TAIL(name##_X, name, x, ty, (ty)XS_SQ(0).m, NEXT); \
    }
    #define ADDR_IMM (SQ(0).i32 + IMM32(1))
    #define ADDR_ADD (SQ(0).i32 + S(1).i32)
    #define ADDR_MUL (S(1).i32 + S(2).i32 * IMM32(3))
    LOADX(LOAD8_U_X, LOAD8_U, ADDR_IMM, SP(0), 1, uint8_t, (uint64_t), LOADX_I32)
    LOADX(LOAD16_U_X, LOAD16_U, ADDR_IMM, SP(0), 2, uint16_t, (uint64_t), LOADX_I16)
    I64_X_CASE(LOAD32_U_X)
    LOADX(LOAD32_U_X, LOAD32_U, ADDR_IMM, SP(0), 4, uint32_t, (uint64_t), LOADX_I32)
    LOADX(LOAD64_X, LOAD64, ADDR_IMM, SP(0), 8, uint64_t, (uint64_t), SET_I64)
    STOREX(STORE32, uint32_t, i32)
    STOREX(STORE64, uint64_t, i64)
    LOADX(LOAD8_U_XR, LOAD8_U, ADDR_ADD, SP(0), 1, uint8_t, (uint64_t), LOADX_I32)
    LOADX(LOAD16_U_XR, LOAD16_U, ADDR_ADD, SP(0), 2, uint16_t, (uint64_t), LOADX_I16)
    I64_X_CASE(LOAD32_U_XR)
    LOADX(LOAD32_U_XR, LOAD32_U, ADDR_ADD, SP(0), 4, uint32_t, (uint64_t), LOADX_I32)
    LOADX(LOAD16_U_XM, LOAD16_U, ADDR_MUL, S(0), 2, uint16_t, (uint64_t), LOADX_I16)
    I64_X_CASE(LOAD32_U_XM)
    LOADX(LOAD32_U_XM, LOAD32_U, ADDR_MUL, S(0), 4, uint32_t, (uint64_t), LOADX_I32)
    #if MW_FUSED_ARITH && !MW_I64_X_SHARED
    LOADX(I64_LOAD32_U_X, I64_LOAD32_U, ADDR_IMM, SP(0), 4, uint32_t, (uint64_t), SET_I64)
    LOADX(I64_LOAD32_U_XR, I64_LOAD32_U, ADDR_ADD, SP(0), 4, uint32_t, (uint64_t), SET_I64)
    LOADX(I64_LOAD32_U_XM, I64_LOAD32_U, ADDR_MUL, S(0), 4, uint32_t, (uint64_t), SET_I64)
    #endif
    #if MW_FUSED_ARITH
    // the same where the load's d is x and its offset 0 (mw_int.h
    // MW_MEM_XD_FUSED): the in-bounds case loads from x into x's own slot,
    // reading nothing of the load; any other address writes x and leaves
    // the load to run next
    #define LOADXD(xname, name, addr, xd, n, ty, ext, set) \
    OP(xname): { \
        uint32_t x = addr; \
        size_t app_addr; \
        if (MW_UNLIKELY(!M0_FAST(x, 0, &app_addr))) { \
            SET_I32(xd, x); \
            pc += MW_N(xname); \
            NEXT(); \
        } \
        ty v; \
        M0_LOAD(v, n, ty, app_addr, MW_N(xname) + MW_OP_HEAD); \
        set(xd, ext v); \
        pc += MW_N(xname) + MW_OP_HEAD + MW_N(name); \
        NEXT(); \
    }
    LOADXD(LOAD8_U_XD, LOAD8_U, ADDR_IMM, SP(0), 1, uint8_t, (uint64_t), LOADX_I32)
    I64_X_CASE(LOAD32_U_XD)
    #if !MW_LOADF_32
    OP(LOAD32_U_XD_F32_MUL_ADD):    // (no float hardware: the fused load, then F32_MUL_ADD dispatched)
    #endif
    LOADXD(LOAD32_U_XD, LOAD32_U, ADDR_IMM, SP(0), 4, uint32_t, (uint64_t), LOADX_I32)
    LOADXD(LOAD64_XD, LOAD64, ADDR_IMM, SP(0), 8, uint64_t, (uint64_t), SET_I64)
    LOADXD(LOAD8_U_XRD, LOAD8_U, ADDR_ADD, SP(0), 1, uint8_t, (uint64_t), LOADX_I32)
    I64_X_CASE(LOAD32_U_XRD)
    LOADXD(LOAD32_U_XRD, LOAD32_U, ADDR_ADD, SP(0), 4, uint32_t, (uint64_t), LOADX_I32)
    LOADXD(LOAD16_U_XD, LOAD16_U, ADDR_IMM, SP(0), 2, uint16_t, (uint64_t), LOADX_I16)
    I64_X_CASE(LOAD32_U_XMD)
    LOADXD(LOAD32_U_XMD, LOAD32_U, ADDR_MUL, S(0), 4, uint32_t, (uint64_t), LOADX_I32)
    #if !MW_I64_X_SHARED
    LOADXD(I64_LOAD32_U_XD, I64_LOAD32_U, ADDR_IMM, SP(0), 4, uint32_t, (uint64_t), SET_I64)
    LOADXD(I64_LOAD32_U_XRD, I64_LOAD32_U, ADDR_ADD, SP(0), 4, uint32_t, (uint64_t), SET_I64)
    LOADXD(I64_LOAD32_U_XMD, I64_LOAD32_U, ADDR_MUL, S(0), 4, uint32_t, (uint64_t), SET_I64)
    #endif
    // a fused address load, then the op after its load on that op's
    // immediates, no dispatch between (mw_int.h MW_LOOP_SEQ_OP_LIST): x
    // written (`xset`: not where the load's d is x, an XD row), the loaded
    // value into the load's d as the load's handler writes it (`set`), then
    // `expr` with pc at the op; any other address: x written, the load next
    // (its slow path, its trap), the op after it dispatched by itself
    #define XLOAD_SEQ(row, name, n, ty, xset, set, then, expr) \
    OP(row): { \
        uint32_t x = ADDR_IMM; \
        size_t app_addr; \
        if (MW_UNLIKELY(!M0_FAST(x, 0, &app_addr))) { \
            SET_I32(SP(0), x); \
            pc += MW_N(row); \
            NEXT(); \
        } \
        ty v; \
        M0_LOAD(v, n, ty, app_addr, MW_N(row) + MW_OP_HEAD); \
        xset; \
        pc += MW_N(row) + MW_OP_HEAD; \
        set(SP(0), (uint64_t)v); \
        pc += MW_N(name) + MW_OP_HEAD; \
        expr; \
        pc += MW_N(then); \
        NEXT(); \
    }
    #if MW_LOADF_32
    XLOAD_SEQ(LOAD32_U_XD_F32_MUL_ADD, LOAD32_U, 4, uint32_t, (void)0, LOADX_I32, F32_MUL_ADD,
              { float p_ = S(1).f32 * S(2).f32; S(0).f32 = p_ + S(3).f32; })
    #endif
    XLOAD_SEQ(LOAD8_U_X_I32_SHL_IMM, LOAD8_U, 1, uint8_t, SET_I32(SP(0), x), LOADX_I32, I32_SHL_IMM,
              SET_I32(SP(0), SQ(0).i32 << IMM16(1)))
    #undef XLOAD_SEQ
    #endif
    #undef I64_X_CASE
    // `NAME_XV x a imm`: x is the value of the store NAME after it ("p x
    // offset"); STORE32_XVR "x a b" the same for an i32.add
    #define STOREXV(xname, name, val, xd, ty) \
    OP(xname): { \
        uint32_t x = val; \
        SET_I32(xd, x); \
        X_STORE_TAIL(xname, name, XS_SP(0).i32, ty, (ty)x, NEXT); \
    }
    STOREXV(STORE32_XV, STORE32, ADDR_IMM, SP(0), uint32_t)
    STOREXV(STORE32_XVR, STORE32, ADDR_ADD, SP(0), uint32_t)
    // a float add or subtract "x a b" whose x the store after it stores
    // (MW_XVF_OP_LIST): the plain op's expression, then the store's
    // in-bounds case (the value's bits as the plain store copies them)
    #define STOREXF(xname, name, m, ty, expr, next) \
    OP(xname): { \
        ty x = expr(SQ(0).m, S(1).m); \
        SP(0).m = x; \
        X_STORE_TAIL(xname, name, XS_SP(0).i32, ty, x, next); \
    }
    STOREXF(F32_ADD_XV, STORE32, f32, float, MW_ADD, NEXT_F32)
    STOREXF(F32_SUB_XV, STORE32, f32, float, MW_SUB, NEXT_F32)
    STOREXF(F64_ADD_XV, STORE64, f64, double, MW_ADD, NEXT_F64)
    STOREXF(F64_SUB_XV, STORE64, f64, double, MW_SUB, NEXT_F64)
    #if MW_FUSED_ARITH && MW_LOADF_64
    // a demote whose x the STORE32 after it stores (mw_int.h F32_DEMOTE_XV):
    // F32_DEMOTE_F64's expression and slot (its high half zeroed), then the
    // store's in-bounds case
    OP(F32_DEMOTE_XV): {
        mw_val x;
        x.i64 = 0;
        x.f32 = mw_demote(S(1).f64);
        S(0) = x;
        X_STORE_TAIL(F32_DEMOTE_XV, STORE32, XS_SP(0).i32, uint32_t, x.i32, NEXT);
    }
    #endif
    #define XVF_PLAIN(name)
    #elif !MW_ALL_OPS
    // (not made by this engine's lowering, refused in images: past the table)
    #define XVF_PLAIN(name)
    #else
    // without their handlers: the address alone (I32_ADD_IMM, I32_ADD or
    // I32_ADD_MUL), then NAME
    #define MW_X_CASE(X, name) OP(name##X):
    #if MW_FUSED_ARITH
    OP(LOAD8_U_XD): OP(LOAD32_U_XD): OP(LOAD64_XD): OP(LOAD16_U_XD):    // (MW_MEM_XD_FUSED's _X rows)
    OP(I64_LOAD32_U_X): OP(I64_LOAD32_U_XD):    // (MW_I64_LOAD32_X_OP_LIST's)
    #endif
    MW_MEM_X_FUSED(MW_X_CASE, _X) MW_MEM_XV_FUSED(MW_X_CASE, _XV) {
        SET_I32(SP(0), SQ(0).i32 + IMM32(1));
        pc += MW_N(LOAD8_U_X);
        NEXT();
    }
    #undef MW_X_CASE
    #define MW_X_CASE(X, name) OP(name##_XR):
    #if MW_FUSED_ARITH
    OP(LOAD8_U_XRD): OP(LOAD32_U_XRD):    // (MW_MEM_XD_FUSED's _XR rows)
    OP(I64_LOAD32_U_XR): OP(I64_LOAD32_U_XRD):
    #endif
    MW_MEM_XR_FUSED(MW_X_CASE, _) OP(STORE32_XVR): {
        SET_I32(SP(0), SQ(0).i32 + S(1).i32);
        pc += MW_N(LOAD8_U_XR);
        NEXT();
    }
    #undef MW_X_CASE
    // F32_ADD_XV .. F64_SUB_XV: a label beside the plain op's handler, which
    // reads the same "d a b" (then the store runs by itself)
    #define XVF_PLAIN(name) OP(name##_XV):
    #define MW_X_CASE(X, name) OP(name##_XM):
    #if MW_FUSED_ARITH
    OP(LOAD32_U_XMD):    // (MW_MEM_XD_FUSED's _XM row)
    OP(I64_LOAD32_U_XM): OP(I64_LOAD32_U_XMD):
    #endif
    MW_MEM_XM_FUSED(MW_X_CASE, _) {
        SET_I32(S(0), S(1).i32 + S(2).i32 * IMM32(3));
        pc += MW_N(LOAD16_U_XM);
        NEXT();
    }
    #undef MW_X_CASE
    #endif
    // any other memory (multi-memory): cold, one routine
    OP(MLOAD):
    OP(MSTORE): {
        if (MW_UNLIKELY(!mem_access(inst->mems[IDX(4)], IDX(6) - MW_OP_LOAD8_S, &S(0), &S(1), IMM32(2)))) {
            goto trap_mem;
        }
        pc += MW_N(MLOAD);
        NEXT_COLD();
    }
    OP(MEMORY_SIZE): {
        S(0).i64 = inst->mems[IDX(1)]->pages;
        pc += MW_N(MEMORY_SIZE);
        NEXT_COLD();
    }
    OP(MEMORY_GROW): {
        mw_memory *gm = inst->mems[IDX(1)];
        #if MW_UNLOWER
        // out of memory, it gives back lowered code not running (lazy.c)
        rt->fsp = fsp;
        const mw_code_unit *was = fsp[-1].code;
        int64_t r = mw_memory_grow_running(rt, gm, S(3).i32, inst, was);
        // short of heap, the grow may have moved this code (lazy.c arena_shrink)
        pc = fsp[-1].code + (pc - was);
        #else
        int64_t r = mw_memory_grow(rt, gm, S(3).i32);
        #endif
        #if MW_GROW_RAISES
        // the heap's refusal: -1 to the program (as an i32 MW_GROW_NOMEM is
        // -1), or the call stops
        if (MW_UNLIKELY(r == MW_GROW_NOMEM) && inst->grow_raises) {
            rt->fsp = fsp;
            rt->countdown = countdown;
            return grow_refused(rt, inst, IDX(1), (uint32_t)(gm->pages + S(3).i32) TRAP_PC(pc));
        }
        #endif
        SET_I32(S(0), r);
        m0 = mem0_base(inst);
        m0_lim = mem0_lim(inst);
        pc += MW_N(MEMORY_GROW);
        NEXT_COLD();
    }
    #if MW_COMPACT_EXEC
    // the small profile: the bulk table and memory ops in one cold handler (bulk_op)
    OP(TABLE_FILL): {   // (L_TABLE_COPY, L_TABLE_INIT, L_MEMORY_FILL, L_MEMORY_COPY, L_MEMORY_INIT)
        uint32_t op = pc[-1];
        st = bulk_op(inst, op, pc, fp);
        if (MW_UNLIKELY(st != MW_OK)) {
            goto trap;
        }
        pc += op == MW_OP_TABLE_FILL || op == MW_OP_MEMORY_FILL ? MW_N(TABLE_FILL) : MW_N(TABLE_COPY);
        NEXT_COLD();
    }
    #else
    OP(MEMORY_FILL): {
        uint32_t d = S(2).i32, v = S(3).i32, n = S(4).i32;
        uint8_t *native = mem_ref_w(inst->mems[IDX(0)], d, 0, n);
        if (MW_UNLIKELY(native == NULL)) {
            goto trap_mem;
        }
        if (n <= MW_SHORT_BULK) {
            fill_short(native, (uint8_t)v, n);
        } else {
            memset(native, (int)(v & 0xff), n);
        }
        pc += MW_N(MEMORY_FILL);
        NEXT_COLD();
    }
    OP(MEMORY_COPY): {
        uint32_t d = S(4).i32, s = S(5).i32, n = S(6).i32;
        uint8_t *pd = mem_ref_w(inst->mems[IDX(0)], d, 0, n);
        uint8_t *ps = mem_ref(inst->mems[IDX(2)], s, 0, n);
        if (MW_UNLIKELY(pd == NULL || ps == NULL)) {
            goto trap_mem;
        }
        if (n <= MW_SHORT_BULK) {
            copy_short(pd, ps, n);
        } else {
            memmove(pd, ps, n);
        }
        pc += MW_N(MEMORY_COPY);
        NEXT_COLD();
    }
    OP(MEMORY_INIT): {
        const mw_datadef *dd = &inst->mod->datas[IDX(0)];
        uint32_t len = inst->data_dropped[IDX(0)] ? 0 : dd->len;
        uint32_t d = S(4).i32, s = S(5).i32, n = S(6).i32;
        uint8_t *pd = mem_ref_w(inst->mems[IDX(2)], d, 0, n);
        if (MW_UNLIKELY(pd == NULL || !mw_in_bounds(s, n, len))) {
            goto trap_mem;
        }
        memcpy(pd, dd->bytes + s, n);
        pc += MW_N(MEMORY_INIT);
        NEXT_COLD();
    }
    #endif
    OP(DATA_DROP): {
        inst->data_dropped[IDX(0)] = 1;
        pc += MW_N(DATA_DROP);
        NEXT_COLD();
    }
    OP(CONST32): {
        S(0).i64 = IMM32(1);
        pc += MW_N(CONST32);
        NEXT();
    }
    OP(CONST16): {
        S(0).i64 = IMM16(1);
        pc += MW_N(CONST16);
        NEXT();
    }
    OP(CONST64): {
        S(0).i64 = IMM64(1);
        pc += MW_N(CONST64);
        NEXT();
    }
    OP(REF_IS_NULL): {
        S(0).i64 = S(1).ref == NULL;
        pc += MW_N(REF_IS_NULL);
        NEXT_COLD();
    }
    OP(REF_FUNC): {
        mw_func *fn;
        st = mw_instance_funcref(inst, IDX(1), &fn);
        if (MW_UNLIKELY(st != MW_OK)) {
            goto trap;
        }
        S(0).i64 = 0;
        S(0).ref = fn;
        pc += MW_N(REF_FUNC);
        NEXT_COLD();
    }

    // ---- fused i32 compare-and-branch: "a b target" / "a imm target" ----
    // (the target after a slot b or after a two-unit imm)
    // A taken branch backward is a loop back-edge: it polls.
    // TAKE(tpos): jump to the target at immediate tpos, polling if backward.
    // The small profile's taken branches share one copy (br_taken: one jump
    // more when taken, ~29 B less a handler; netduinoplus2's wasm.mpy is heap).
    #if MW_BRANCH_AT && MW_COMPUTED_GOTO && !MW_OP_PROFILE
    #define TAKE(tpos) \
    do { \
        intptr_t to_ = (int16_t)pc[tpos]; \
        if (to_ <= -(intptr_t)(tpos)) { \
            MW_KEEP_IN_REG(to_); \
            BACK_AT(tpos, to_); \
        } \
        MW_KEEP_IN_REG(to_); \
        NEXT_AT((tpos) + to_); \
    } while (0)
    #elif MW_FUSED_ARITH
    #define TAKE(tpos) \
    do { \
        const mw_code_unit *t = TARGET(tpos); \
        bool back = t <= pc; \
        pc = t; \
        if (back) { \
            goto back_edge; \
        } \
        NEXT(); \
    } while (0)
    #else
    #define TAKE(tpos) \
    do { \
        br_t = TARGET(tpos); \
        goto br_taken; \
    } while (0)
    #endif
    // TAKE_BACK(tpos): the same for a target known to lie at or before the
    // op (BR_ADD_NZ, a _BACK twin): it polls, no test of the side
    #if MW_BRANCH_AT && MW_COMPUTED_GOTO && !MW_OP_PROFILE
    #define TAKE_BACK(tpos) do { \
        intptr_t to_ = (int16_t)pc[tpos]; \
        BACK_AT(tpos, to_); \
    } while (0)
    #elif MW_FUSED_ARITH
    #define TAKE_BACK(tpos) do { \
        pc = TARGET(tpos); \
        goto back_edge; \
    } while (0)
    #else
    #define TAKE_BACK(tpos) TAKE(tpos)
    #endif
    #define BRCMP(name, ty, op, bval, tpos) BRIF(name, (ty)S(0).i32 op (ty)(bval), tpos)
    #define BRIF(name, cond, tpos) \
    OP(name): { \
        if (cond) { \
            TAKE(tpos); \
        } \
        pc += MW_N(name); \
        NEXT(); \
    } \
    BR_TWINS(name, cond, tpos)
    // the row's branch twins (mw_int.h MW_BR_TWIN_ROWS), each beside its
    // row: _FWD jumps forward with no poll, _BACK polls whenever it jumps;
    // neither tests the side of its target (mw_code_check has)
    #if MW_BRANCH_TWINS
    // (a _BACK whose row runs it, MW_BR_TWIN_ROWS' ROW, leaves its label
    // unused: GCC drops the handler no table entry reaches)
    #define BR_TWINS(name, cond, tpos) \
    OP(name##_FWD): { \
        JUMP_IF(cond, tpos, MW_N(name)); \
    } \
    OP(name##_BACK): __attribute__((unused)); { \
        if (cond) { \
            TAKE_BACK(tpos); \
        } \
        pc += MW_N(name); \
        NEXT(); \
    }
    #else
    #define BR_TWINS(name, cond, tpos)
    #endif
    BRCMP(BR_EQ, uint32_t, ==, S(1).i32, 2)
    BRCMP(BR_NE, uint32_t, !=, S(1).i32, 2)
    BRCMP(BR_LT_S, int32_t, <, S(1).i32, 2)
    BRCMP(BR_LT_U, uint32_t, <, S(1).i32, 2)
    BRCMP(BR_GT_S, int32_t, >, S(1).i32, 2)
    BRCMP(BR_GT_U, uint32_t, >, S(1).i32, 2)
    BRCMP(BR_LE_S, int32_t, <=, S(1).i32, 2)
    BRCMP(BR_LE_U, uint32_t, <=, S(1).i32, 2)
    BRCMP(BR_GE_S, int32_t, >=, S(1).i32, 2)
    BRCMP(BR_GE_U, uint32_t, >=, S(1).i32, 2)
    BRCMP(BR_EQ_IMM, uint32_t, ==, IMM32(1), 3)
    BRCMP(BR_NE_IMM, uint32_t, !=, IMM32(1), 3)
    BRCMP(BR_LT_S_IMM, int32_t, <, IMM32(1), 3)
    BRCMP(BR_LT_U_IMM, uint32_t, <, IMM32(1), 3)
    BRCMP(BR_GT_S_IMM, int32_t, >, IMM32(1), 3)
    BRCMP(BR_GT_U_IMM, uint32_t, >, IMM32(1), 3)
    BRCMP(BR_LE_S_IMM, int32_t, <=, IMM32(1), 3)
    BRCMP(BR_LE_U_IMM, uint32_t, <=, IMM32(1), 3)
    BRCMP(BR_GE_S_IMM, int32_t, >=, IMM32(1), 3)
    BRCMP(BR_GE_U_IMM, uint32_t, >=, IMM32(1), 3)
    BRIF(BR_ANDNZ, (S(0).i32 & IMM32(1)) != 0, 3)
    BRIF(BR_ANDZ, (S(0).i32 & IMM32(1)) == 0, 3)
    // a loop counter (lower_branch.c emit_cond): d = a + imm, jump while non-zero;
    // I32_ADD_IMMH_BR_ADD_NZ's branch too. Lowering makes it for a loop's
    // br_if alone, so a taken one polls with no test of its direction (one
    // that jumps forward, from an image, polls too: format 77); the small
    // profile's shared br_taken tests it still
    #define BR_ADD_NZ_AT() do { \
        uint32_t v_ = S(1).i32 + IMM32(2); \
        SET_I32(S(0), v_); \
        if (v_ != 0) { \
            TAKE_BACK(4); \
        } \
        pc += MW_N(BR_ADD_NZ); \
    } while (0)
    OP(BR_ADD_NZ): {
        BR_ADD_NZ_AT();
        NEXT();
    }
    // Fused load-and-branch (mw_int.h, MW_LOAD_BR_FUSED): `L_BR d a offset`
    // loads into d, then does the branch BR after it, whose immediates
    // ("d ...": d is its operand a) pc then points at; one tail per BR,
    // shared by the loads. Any address mw_ea_fast refuses takes the plain
    // load's slow path (MEM0_SLOW), after which BR runs by itself. (The
    // small profile runs them as the plain load: at LOAD8_U, LOAD32_U.)
    #if MW_FUSED_MEM
    #if MW_GUARD_PAGES
    #define LOADBR_GET(n) M0_LOAD(lbv, n, uint32_t, app_addr, 0)
    #else
    #define LOADBR_GET(n) \
        lbv = m0[app_addr]; \
        if (n == 4) { \
            memcpy(&lbv, m0 + app_addr, 4); \
        }
    #endif
    #define LOADBR(L, br, n) \
    OP(L##_##br): { \
        size_t app_addr; \
        if (MW_UNLIKELY(!M0_FAST(SQ(0).i32, OFF(1), &app_addr))) { \
            MEM0_SLOW(L, mem0_slow) \
        } \
        LOADBR_GET(n); \
        SET_I32(SP(0), lbv);    /* (an i32: an i64 load has a row of its own, unfused) */ \
        pc += MW_N(L) + MW_OP_HEAD; \
        goto lb_##br; \
    }
    MW_LOAD_BR_FUSED(LOADBR, LOAD8_U, 1)
    MW_LOAD_BR_FUSED(LOADBR, LOAD32_U, 4)
    // the branch's tail: BRIF's, on the loaded value
    #define LBIF(br, cond, tpos) \
    lb_##br: \
        if (cond) { \
            TAKE(tpos); \
        } \
        pc += MW_N(br); \
        NEXT();
    LBIF(BR_EQ_IMM, lbv == IMM32(1), 3)
    LBIF(BR_NE_IMM, lbv != IMM32(1), 3)
    LBIF(BR_ANDNZ, (lbv & IMM32(1)) != 0, 3)
    LBIF(BR_ANDZ, (lbv & IMM32(1)) == 0, 3)
    LBIF(BR_EQ, lbv == S(1).i32, 2)
    LBIF(BR_NE, lbv != S(1).i32, 2)
    // BR_IF_JMP and BR_UNLESS jump forward only (no poll)
    lb_BR_IF_JMP:
        JUMP_IF(lbv, 1, MW_N(BR_IF_JMP));
    lb_BR_UNLESS:
        JUMP_UNLESS(lbv, 1, MW_N(BR_UNLESS));
    // Two LOAD32_U in a row (mw_int.h, LOAD32_U_PAIR "d a offset"): the
    // first, then the second's in-bounds case with its immediates (its a may
    // be the first's d: read after d is written); any other address runs
    // that load by itself, as the next op (the first: load32_plain).
    OP(LOAD32_U_PAIR): {
        size_t app_addr;
        uint32_t v;
        if (MW_UNLIKELY(!M0_FAST(SQ(0).i32, OFF(1), &app_addr))) {
            goto load32_plain;
        }
        M0_LOAD(v, 4, uint32_t, app_addr, 0);
        SET_I32(SP(0), v);
        // (the second's operands at pc + k1 + MW_OP_HEAD, pc moved once on either
        // way, as X_STORE_TAIL's)
        enum { k1 = MW_N(LOAD32_U_PAIR) };
        if (MW_UNLIKELY(!M0_FAST(fp[SLOT8H_AT(pc, k1 + MW_OP_HEAD)].i32, OFF_AT(pc, k1 + MW_OP_HEAD + 1), &app_addr))) {
            pc += k1;
            NEXT();
        }
        M0_LOAD(v, 4, uint32_t, app_addr, k1 + MW_OP_HEAD);
        SET_I32(fp[SLOT8_AT(pc, k1 + MW_OP_HEAD)], v);
        pc += k1 + MW_OP_HEAD + MW_N(LOAD32_U);
        NEXT();
    }
    // A read-modify-write (mw_int.h, LOAD32_U_RMW "d a offset", then
    // STORE32_XV "x d imm" and STORE32 "a x offset"): the store's address
    // is the load's, in bounds and writable (linear memory 0) once the load
    // passed mw_ea_fast; any other address: the load alone (load32_plain),
    // then the two ops after it by themselves.
    OP(LOAD32_U_RMW): {
        size_t app_addr;
        uint32_t v;
        if (MW_UNLIKELY(!M0_FAST(SQ(0).i32, OFF(1), &app_addr))) {
            goto load32_plain;
        }
        M0_LOAD(v, 4, uint32_t, app_addr, 0);
        SET_I32(SP(0), v);
        pc += MW_N(LOAD32_U_RMW) + MW_OP_HEAD;
        v += IMM32(1);
        SET_I32(SP(0), v);
        M0_STORE(app_addr, 4, v, MW_N(STORE32_XV) + MW_OP_HEAD);
        pc += MW_N(STORE32_XV) + MW_OP_HEAD + MW_N(STORE32);
        NEXT();
    }
    // the load alone (any address mw_ea_fast refused: the last bytes of
    // memory, shared heaps, the trap: MEM0_SLOW), then a pair's second load,
    // or a read-modify-write's add and store, runs as the next op
    load32_plain:
    MEM0_SLOW(LOAD32_U, mem0_slow)
    load64_plain:         // LOAD64_RMWF's
    MEM0_SLOW(LOAD64, mem0_slow)
    #endif

    // ---- i32 with a constant operand: "d a imm" ----
    // (the shift and rotate counts: I16, read with IMM16; IMMH)
    // (d a: a slot pair, SP and SQ; lower_emit.c emit_wide for slots over 255)
    #define IMMK(name, ty, expr, imm) \
    OP(name): { \
        SET_I32(SP(0), expr((ty)SQ(0).i32, (ty)imm(1))); \
        pc += MW_N(name); \
        NEXT(); \
    }
    #define IMM(name, ty, expr) IMMK(name, ty, expr, IMM32)
    #define IMMH(name, ty, expr) IMMK(name, ty, expr, IMM16)
    #define MW_EQ(a, b) ((a) == (b))
    #define MW_NE(a, b) ((a) != (b))
    #define MW_LT(a, b) ((a) < (b))
    #define MW_GT(a, b) ((a) > (b))
    #define MW_LE(a, b) ((a) <= (b))
    #define MW_GE(a, b) ((a) >= (b))
    #if MW_COMPACT_EXEC
    // the small profile: every integer compare in one handler, by row: an
    // i32 compare is the same compare of its operands in the top half of
    // 64 bits; a signed one is an unsigned one with the sign bits flipped;
    // a > b is b < a, a <= b is !(b < a), a >= b is !(a < b)
    OP(I32_EQ_IMM): {      // (every row up to I64_GE_U but the EQZ ones: L_I32_NE_IMM ..)
        uint32_t k = pc[-1];
        uint64_t a = SQ(0).i64, b;
        mw_val *d = &SP(0);
        if (k <= MW_OP_I32_GE_U_IMM) {
            b = IMM32(1);
            k -= MW_OP_I32_EQ_IMM;
            pc += MW_N(I32_EQ_IMM) - MW_N(I32_EQ);
        } else {
            b = S(1).i64;
            k -= MW_OP_I32_EQ;
        }
        if (k <= MW_OP_I32_GE_U - MW_OP_I32_EQ) {
            a <<= 32;
            b <<= 32;
        } else {
            k -= MW_OP_I64_EQ - MW_OP_I32_EQ;
        }
        uint32_t r;
        if (k < 2) {    // EQ, NE
            r = (a == b) ^ k;
        } else {        // LT_S, LT_U, GT_S, GT_U, LE_S, LE_U, GE_S, GE_U
            k -= 2;
            if ((k & 1) == 0) {
                a ^= (uint64_t)1 << 63;
                b ^= (uint64_t)1 << 63;
            }
            k >>= 1;    // LT, GT, LE, GE
            if (k == 1 || k == 2) {
                uint64_t t = a;
                a = b;
                b = t;
            }
            r = (a < b) ^ (k >= 2);
        }
        d->i64 = r;
        pc += MW_N(I32_EQ);
        NEXT_COLD();
    }
    #else
    IMM(I32_EQ_IMM, uint32_t, MW_EQ)
    IMM(I32_NE_IMM, uint32_t, MW_NE)
    IMM(I32_LT_S_IMM, int32_t, MW_LT)
    IMM(I32_LT_U_IMM, uint32_t, MW_LT)
    IMM(I32_GT_S_IMM, int32_t, MW_GT)
    IMM(I32_GT_U_IMM, uint32_t, MW_GT)
    IMM(I32_LE_S_IMM, int32_t, MW_LE)
    IMM(I32_LE_U_IMM, uint32_t, MW_LE)
    IMM(I32_GE_S_IMM, int32_t, MW_GE)
    IMM(I32_GE_U_IMM, uint32_t, MW_GE)
    #endif
    IMM(I32_ADD_IMM, uint32_t, MW_ADD)
    IMM(I32_SUB_IMM, uint32_t, MW_SUB)
    IMM(I32_MUL_IMM, uint32_t, MW_MUL)
    IMM(I32_AND_IMM, uint32_t, MW_AND)
    IMM(I32_OR_IMM, uint32_t, MW_OR)
    IMM(I32_XOR_IMM, uint32_t, MW_XOR)
    // a shift's or rotation's count was taken mod 32 at lowering (lower.c): 0 .. 31
    #define MW_SHL_K(a, k) ((a) << (k))
    #define MW_SHR_K(a, k) ((a) >> (k))
    #define MW_ROTL_K(a, k) (((a) << (k)) | ((a) >> ((32 - (k)) & 31)))
    #define MW_ROTR_K(a, k) (((a) >> (k)) | ((a) << ((32 - (k)) & 31)))
    IMMH(I32_SHL_IMM, uint32_t, MW_SHL_K)
    IMMH(I32_SHR_S_IMM, int32_t, MW_SHR_K)   // >> of a negative int32_t: arithmetic in gcc and clang (numeric.h)
    IMMH(I32_SHR_U_IMM, uint32_t, MW_SHR_K)
    IMMH(I32_ROTL_IMM, uint32_t, MW_ROTL_K)
    IMMH(I32_ROTR_IMM, uint32_t, MW_ROTR_K)
    #define MW_RSUB(a, k) ((k) - (a))
    IMM(I32_RSUB_IMM, uint32_t, MW_RSUB)
    // a division by a constant that is neither 0 nor -1 (lower.c keeps those
    // in I32_DIV_S .., mw_code_check refuses them): no trap to test for. Its
    // own dispatch, as the other IMM rows: not a cold op (giflib's qsort
    // comparator, two `% 3` a call: I32_REM_S_IMM 3.9% of its ops)
    #if MW_FUSED_ARITH
    #define DIVK(name, ty, op) \
    OP(name): { \
        SET_I32(SP(0), (ty)SQ(0).i32 op (ty)IMM32(1)); \
        pc += MW_N(name); \
        NEXT(); \
    }
    DIVK(I32_DIV_S_IMM, int32_t, /)
    DIVK(I32_DIV_U_IMM, uint32_t, /)
    DIVK(I32_REM_S_IMM, int32_t, %)
    DIVK(I32_REM_U_IMM, uint32_t, %)
    #elif MW_ALL_OPS
    // the small profile (which makes none: an image may hold them) in one
    // handler: bit 0 of the row unsigned, bit 1 the remainder a - q * k
    OP(I32_DIV_S_IMM):
    OP(I32_DIV_U_IMM):
    OP(I32_REM_S_IMM):
    OP(I32_REM_U_IMM): {
        uint32_t a = SQ(0).i32, k = IMM32(1), row = pc[-1] - MW_OP_I32_DIV_S_IMM;
        uint32_t q = row & 1 ? a / k : (uint32_t)((int32_t)a / (int32_t)k);
        SET_I32(SP(0), row & 2 ? a - q * k : q);
        pc += MW_N(I32_DIV_S_IMM);
        NEXT_COLD();
    }
    #endif
    // ---- i64 with a constant operand: "d a imm" (MW_IMM64_OP_LIST) ----
    // (the constant 32 bits sign-extended; counts 0 .. 63, in one unit)
    #if MW_FUSED_ARITH
    #define IMM64K(name, expr, imm) \
    OP(name): { \
        SP(0).i64 = expr(SQ(0).i64, imm(1)); \
        pc += MW_N(name); \
        NEXT(); \
    }
    #define IMMS64(i) ((uint64_t)(int64_t)(int32_t)IMM32(i))
    #define MW_SAR64(a, k) ((uint64_t)((int64_t)(a) >> (k)))  // arithmetic in gcc and clang (numeric.h)
    IMM64K(I64_ADD_IMM, MW_ADD, IMMS64)
    IMM64K(I64_MUL_IMM, MW_MUL, IMMS64)
    IMM64K(I64_AND_IMM, MW_AND, IMM64)
    IMM64K(I64_OR_IMM, MW_OR, IMMS64)
    IMM64K(I64_XOR_IMM, MW_XOR, IMMS64)
    IMM64K(I64_SHL_IMM, MW_SHL_K, IMM16)
    IMM64K(I64_SHR_S_IMM, MW_SAR64, IMM16)
    IMM64K(I64_SHR_U_IMM, MW_SHR_K, IMM16)
    IMM64K(I64_ROTL_IMM, MW_ROTL64_K, IMM16)
    #elif MW_ALL_OPS
    // the small profile (which makes none: an image may hold them) in one
    // handler, by row (imm64_op)
    OP(I64_ADD_IMM):
    OP(I64_MUL_IMM):
    OP(I64_AND_IMM):
    OP(I64_OR_IMM):
    OP(I64_XOR_IMM):
    OP(I64_SHL_IMM):
    OP(I64_SHR_S_IMM):
    OP(I64_SHR_U_IMM):
    OP(I64_ROTL_IMM): {
        uint32_t row = pc[-1] - MW_OP_I64_ADD_IMM;
        pc += imm64_op(row, pc, fp);
        NEXT_COLD();
    }
    #endif
    // an array element's address: base + index * size (lower.c add_mul_at)
    OP(I32_ADD_MUL): {
        SET_I32(S(0), S(1).i32 + S(2).i32 * IMM32(3));
        pc += MW_N(I32_ADD_MUL);
        NEXT();
    }
    // a multiply feeding an add or subtract (lower.c mul_fused), "d a b c":
    // the product is a value of its own type, rounded (f32) or wrapped
    // before the add, as two wasm instructions; mw_exec compiles with
    // fp-contract off, so the compiler never makes it one fused multiply-add
    #if MW_FUSED_ARITH
    #define MULF(name, m, ty, op, next) \
    OP(name): { \
        ty p = (ty)(S(1).m * S(2).m); \
        S(0).m = (ty)(p op S(3).m); \
        pc += MW_N(name); \
        next(); \
    }
    MULF(F32_MUL_ADD, f32, float, +, NEXT_F32_HOT)
    MULF(F32_MUL_SUB, f32, float, -, NEXT_F32_HOT)
    MULF(I64_MUL_ADD, i64, uint64_t, +, NEXT)
    // two links of a sum of products into d (lower.c mul_add_chain): d is
    // written between them, so an x or y that is d reads the first's sum
    OP(I64_MUL_ADD2): {
        uint64_t v = S(0).i64 + S(1).i64 * S(2).i64;
        S(0).i64 = v;
        S(0).i64 = v + S(3).i64 * S(4).i64;
        pc += MW_N(I64_MUL_ADD2);
        NEXT();
    }
    OP(I32_MUL_ADD): {
        SET_I32(S(0), S(1).i32 * S(2).i32 + S(3).i32);
        pc += MW_N(I32_MUL_ADD);
        NEXT();
    }
    // a shift or multiply and the shift or mask after it (lower.c
    // imm_fused), counts 0 .. 31
    OP(I32_SHL_SHR_U): {
        SET_I32(S(0), (S(1).i32 << IMM16(2)) >> IMM16(3));
        pc += MW_N(I32_SHL_SHR_U);
        NEXT();
    }
    OP(I32_SHR_U_AND): {
        SET_I32(S(0), (S(1).i32 >> IMM16(2)) & IMM32(3));
        pc += MW_N(I32_SHR_U_AND);
        NEXT();
    }
    OP(I32_MUL_SHR_S): {
        SET_I32(S(0), (int32_t)(S(1).i32 * S(2).i32) >> IMM16(3));
        pc += MW_N(I32_MUL_SHR_S);
        NEXT();
    }
    // an add or xor feeding the same op (lower.c mul_fused)
    OP(I32_ADD3): {
        SET_I32(S(0), S(1).i32 + S(2).i32 + S(3).i32);
        pc += MW_N(I32_ADD3);
        NEXT();
    }
    OP(I32_XOR3): {
        SET_I32(S(0), S(1).i32 ^ S(2).i32 ^ S(3).i32);
        pc += MW_N(I32_XOR3);
        NEXT();
    }
    // a rotation by a constant feeding an xor (lower.c mul_fused)
    OP(I32_ROTL_XOR): {
        uint32_t a = S(1).i32, k = IMM16(3);
        SET_I32(S(0), MW_ROTL_K(a, k) ^ S(2).i32);
        pc += MW_N(I32_ROTL_XOR);
        NEXT();
    }
    // a shift left by a constant feeding an or (lower.c mul_fused)
    OP(I32_SHL_OR): {
        SET_I32(S(0), (S(1).i32 << IMM16(3)) | S(2).i32);
        pc += MW_N(I32_SHL_OR);
        NEXT();
    }
    // a select of the two values an i32 compare just compared (lower.c
    // select_minmax): their minimum or maximum, the other one a slot or a
    // constant
    #define MINMAX(name, ty, cmp, b, n) \
    OP(name): { \
        ty a_ = (ty)SQ(0).i32, b_ = (ty)(b); \
        SET_I32(SP(0), a_ cmp b_ ? a_ : b_); \
        pc += n; \
        NEXT(); \
    }
    MINMAX(I32_MIN_S, int32_t, <, S(1).i32, MW_N(I32_MIN_S))
    MINMAX(I32_MIN_U, uint32_t, <, S(1).i32, MW_N(I32_MIN_S))
    MINMAX(I32_MAX_S, int32_t, >, S(1).i32, MW_N(I32_MIN_S))
    MINMAX(I32_MAX_U, uint32_t, >, S(1).i32, MW_N(I32_MIN_S))
    MINMAX(I32_MIN_S_IMM, int32_t, <, IMM32(1), MW_N(I32_MIN_S_IMM))
    MINMAX(I32_MIN_U_IMM, uint32_t, <, IMM32(1), MW_N(I32_MIN_S_IMM))
    MINMAX(I32_MAX_S_IMM, int32_t, >, IMM32(1), MW_N(I32_MIN_S_IMM))
    MINMAX(I32_MAX_U_IMM, uint32_t, >, IMM32(1), MW_N(I32_MIN_S_IMM))
    #undef MINMAX
    // an f32 promoted for the f64 add or multiply after it, as its right
    // operand (lower.c mul_fused): mw_promote and the operation, in the
    // order of the two ops
    OP(F64_ADD_PROMOTE): {
        double b = mw_promote(S(1).f32);
        SP(0).f64 = SQ(0).f64 + b;
        pc += MW_N(F64_ADD_PROMOTE);
        NEXT_F64_HOT();
    }
    OP(F64_MUL_PROMOTE): {
        double b = mw_promote(S(1).f32);
        SP(0).f64 = SQ(0).f64 * b;
        pc += MW_N(F64_MUL_PROMOTE);
        NEXT_F64_HOT();
    }
    // an add of a constant, and the I32_ADD_IMM after it (lower.c
    // pair_add_imm; mw_code_check: it is one, so no test of its op: the
    // test cost what the dispatch it saves does, format 77)
    OP(I32_ADD_IMM2): {
        SET_I32(SP(0), SQ(0).i32 + IMM32(1));
        pc += MW_N(I32_ADD_IMM2) + MW_OP_HEAD;
        SET_I32(SP(0), SQ(0).i32 + IMM32(1));
        pc += MW_N(I32_ADD_IMM);
        NEXT();
    }
    #elif MW_ALL_OPS
    OP(I32_ADD_IMM2): {
        SET_I32(SP(0), SQ(0).i32 + IMM32(1));
        pc += MW_N(I32_ADD_IMM2);
        NEXT_COLD();
    }
    // the minimum and maximum (MW_MINMAX_OP_LIST: bit 0 of the row
    // unsigned, bit 1 the maximum, bit 2 a constant): an unsigned compare is
    // the signed one of the values with their top bits flipped
    OP(I32_MIN_S):
    OP(I32_MIN_U):
    OP(I32_MAX_S):
    OP(I32_MAX_U):
    OP(I32_MIN_S_IMM):
    OP(I32_MIN_U_IMM):
    OP(I32_MAX_S_IMM):
    OP(I32_MAX_U_IMM): {
        uint32_t row = pc[-1] - MW_OP_I32_MIN_S, a = SQ(0).i32, b = row & 4 ? IMM32(1) : S(1).i32;
        uint32_t flip = row & 1 ? 0x80000000u : 0;
        bool lt = (int32_t)(a ^ flip) < (int32_t)(b ^ flip);
        SET_I32(SP(0), lt != ((row >> 1) & 1) ? a : b);
        pc += row & 4 ? MW_N(I32_MIN_S_IMM) : MW_N(I32_MIN_S);
        NEXT_COLD();
    }
    OP(I32_SHL_SHR_U):
    OP(I32_SHR_U_AND):
    OP(I32_MUL_SHR_S):
    OP(I32_ROTL_XOR):
    OP(I32_SHL_OR): {
        uint32_t op = pc[-1];
        shift_fused(op, pc, fp);
        pc += op == MW_OP_I32_SHR_U_AND ? MW_N(I32_SHR_U_AND) : MW_N(I32_SHL_SHR_U);   // SSHU, SSHH / SSSH (2)
        NEXT_COLD();
    }
    OP(F32_MUL_ADD):
    OP(F32_MUL_SUB):
    OP(I32_MUL_ADD):
    OP(I64_MUL_ADD):
    OP(I32_ADD3):
    OP(I32_XOR3):
    OP(F64_MUL_PROMOTE_ADD):
    OP(F64_ADD_PROMOTE_MUL): {
        mul_fused(pc[-1], pc, fp);      // all "d a b c" (SSSS)
        pc += MW_N(I64_MUL_ADD);
        NEXT_COLD();
    }
    OP(I64_MUL_ADD2): {
        // its two links "d a b d" and "d x y d" through mul_fused's
        // I64_MUL_ADD (small profile text: 56 B of Thumb-2 a link inline)
        mw_code_unit w[4] = {pc[0], pc[1], pc[2], pc[0]};
        mul_fused(MW_OP_I64_MUL_ADD, w, fp);
        w[1] = pc[3];
        w[2] = pc[4];
        mul_fused(MW_OP_I64_MUL_ADD, w, fp);
        pc += MW_N(I64_MUL_ADD2);
        NEXT_COLD();
    }
    #endif

    // ---- numeric (spec 4.3): unary "d a", binary "d a b" ----
    // Each row is one handler: read the operands, compute, write d. A binary
    // op's d a are a slot pair (PQS: SP(0), SQ(0); b S(1)).
    #define UN_(name, m, expr, next) \
    OP(name): { \
        S(0).m = expr(S(1).m); \
        pc += MW_N(name); \
        next(); \
    }
    #define UN(name, m, expr) UN_(name, m, expr, NEXT)
    #define UN_COLD(name, m, expr) UN_(name, m, expr, NEXT_COLD)
    #define BIN_(name, m, expr, next) \
    OP(name): { \
        SP(0).m = expr(SQ(0).m, S(1).m); \
        pc += MW_N(name); \
        next(); \
    }
    #define BIN(name, m, expr) BIN_(name, m, expr, NEXT)
    #define CMP_(name, m, ty, op, next) \
    OP(name): { \
        SET_I32(SP(0), (ty)SQ(0).m op (ty)S(1).m); \
        pc += MW_N(name); \
        next(); \
    }
    #define CMP(name, m, ty, op) CMP_(name, m, ty, op, NEXT)
    OP(I32_EQZ): {
        SET_I32(S(0), S(1).i32 == 0);
        pc += MW_N(I32_EQZ);
        NEXT();
    }
    #if !MW_COMPACT_EXEC
    CMP(I32_EQ, i32, uint32_t, ==)
    CMP(I32_NE, i32, uint32_t, !=)
    CMP(I32_LT_S, i32, int32_t, <)
    CMP(I32_LT_U, i32, uint32_t, <)
    CMP(I32_GT_S, i32, int32_t, >)
    CMP(I32_GT_U, i32, uint32_t, >)
    CMP(I32_LE_S, i32, int32_t, <=)
    CMP(I32_LE_U, i32, uint32_t, <=)
    CMP(I32_GE_S, i32, int32_t, >=)
    CMP(I32_GE_U, i32, uint32_t, >=)
    #endif
    OP(I64_EQZ): {
        SET_I32(S(0), S(1).i64 == 0);
        pc += MW_N(I64_EQZ);
        NEXT();
    }
    #if MW_COMPACT_EXEC
    // the small profile: the float compares in one handler, by row (EQ NE
    // LT GT LE GE per width): a > b is b < a, a >= b is b <= a; one libgcc
    // compare each
    OP(F32_EQ): {          // (F32_EQ .. F64_GE: L_F32_NE ..)
        uint32_t k = pc[-1] - MW_OP_F32_EQ, r;
        mw_val a = SQ(0), b = S(1);
        mw_val *d = &SP(0);
        if (k == 3 || k == 5 || k == 9 || k == 11) {    // GT, GE: b < a, b <= a
            mw_val t = a;
            a = b;
            b = t;
            k--;
        }
        if (k < 6) {
            float x = a.f32, y = b.f32;
            r = k < 2 ? (x == y) ^ k : k == 2 ? x < y : x <= y;
        } else {
            double x = a.f64, y = b.f64;
            k -= 6;
            r = k < 2 ? (x == y) ^ k : k == 2 ? x < y : x <= y;
        }
        d->i64 = r;
        pc += MW_N(F32_EQ);
        NEXT_COLD();
    }
    #else
    CMP(I64_EQ, i64, uint64_t, ==)
    CMP(I64_NE, i64, uint64_t, !=)
    CMP(I64_LT_S, i64, int64_t, <)
    CMP(I64_LT_U, i64, uint64_t, <)
    CMP(I64_GT_S, i64, int64_t, >)
    CMP(I64_GT_U, i64, uint64_t, >)
    CMP(I64_LE_S, i64, int64_t, <=)
    CMP(I64_LE_U, i64, uint64_t, <=)
    CMP(I64_GE_S, i64, int64_t, >=)
    CMP(I64_GE_U, i64, uint64_t, >=)
    CMP_(F32_EQ, f32, float, ==, NEXT_F32)
    CMP_(F32_NE, f32, float, !=, NEXT_F32)
    CMP_(F32_LT, f32, float, <, NEXT_F32)
    CMP_(F32_GT, f32, float, >, NEXT_F32)
    CMP_(F32_LE, f32, float, <=, NEXT_F32)
    CMP_(F32_GE, f32, float, >=, NEXT_F32)
    CMP_(F64_EQ, f64, double, ==, NEXT_F64)
    CMP_(F64_NE, f64, double, !=, NEXT_F64)
    CMP_(F64_LT, f64, double, <, NEXT_F64)
    CMP_(F64_GT, f64, double, >, NEXT_F64)
    CMP_(F64_LE, f64, double, <=, NEXT_F64)
    CMP_(F64_GE, f64, double, >=, NEXT_F64)
    #endif
    #if MW_COMPACT_EXEC
    // the small profile: the bit counts in one handler, by row, on 64 bits
    // (an i32 zero-extended: its clz is 32 less; its ctz of 0 is 32, the
    // bit above it set)
    OP(I32_CLZ): {      // (L_I32_CTZ, L_I32_POPCNT, L_I64_CLZ ..)
        uint32_t k = pc[-1] - MW_OP_I32_CLZ;
        uint64_t a = S(1).i64;
        uint32_t less = 0;
        if (k < 3) {
            a = (uint32_t)a | (k == 1 ? (uint64_t)1 << 32 : 0);
            less = 32;
        } else {
            k -= MW_OP_I64_CLZ - MW_OP_I32_CLZ;
        }
        S(0).i64 = k == 0 ? mw_clz64(a) - less : k == 1 ? mw_ctz64(a) : mw_popcnt64(a);
        pc += MW_N(I32_CLZ);
        NEXT_COLD();
    }
    #else
    UN(I32_CLZ, i32, mw_clz32)
    UN(I32_CTZ, i32, mw_ctz32)
    UN(I32_POPCNT, i32, mw_popcnt32)
    #endif
    BIN(I32_ADD, i32, MW_ADD)
    BIN(I32_SUB, i32, MW_SUB)
    BIN(I32_MUL, i32, MW_MUL)
    #if MW_COMPACT_EXEC
    // the small profile: the divisions and remainders in one handler, by
    // row (DIV_S DIV_U REM_S REM_U), i32 in 32 bits, i64 in 64
    OP(I32_DIV_S): {    // (L_I32_DIV_U .. L_I32_REM_U, L_I64_DIV_S .. L_I64_REM_U)
        uint32_t k = pc[-1] - MW_OP_I32_DIV_S;
        uint64_t a = SQ(0).i64, b = S(1).i64;
        bool w = k >= 4;
        if (w) {
            k -= MW_OP_I64_DIV_S - MW_OP_I32_DIV_S;
        } else {
            b = (uint32_t)b;
        }
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        bool minus1 = w ? b == UINT64_MAX : b == UINT32_MAX;
        if (k == 0 && minus1 && (w ? a == (uint64_t)INT64_MIN : (uint32_t)a == (uint32_t)INT32_MIN)) {
            st = MW_TRAP_INT_OVERFLOW;
            goto trap;
        }
        if (k == 2 && minus1) {
            a = 0;      // x rem -1 (and INT_MIN rem -1, which C leaves undefined)
        } else if (w) {
            a = k == 0 ? (uint64_t)((int64_t)a / (int64_t)b) : k == 1 ? a / b
                : k == 2 ? (uint64_t)((int64_t)a % (int64_t)b) : a % b;
        } else {
            uint32_t x = (uint32_t)a, y = (uint32_t)b;
            a = k == 0 ? (uint32_t)((int32_t)x / (int32_t)y) : k == 1 ? x / y
                : k == 2 ? (uint32_t)((int32_t)x % (int32_t)y) : x % y;
        }
        SP(0).i64 = a;
        pc += MW_N(I32_DIV_S);
        NEXT_COLD();
    }
    #else
    OP(I32_DIV_S): {
        int32_t a = (int32_t)SQ(0).i32, b = (int32_t)S(1).i32;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        if (MW_UNLIKELY(a == INT32_MIN && b == -1)) {
            st = MW_TRAP_INT_OVERFLOW;
            goto trap;
        }
        SP(0).i32 = (uint32_t)(a / b);
        pc += MW_N(I32_DIV_S);
        NEXT();
    }
    OP(I32_DIV_U): {
        uint32_t a = SQ(0).i32, b = S(1).i32;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        SP(0).i32 = a / b;
        pc += MW_N(I32_DIV_U);
        NEXT();
    }
    OP(I32_REM_S): {
        int32_t a = (int32_t)SQ(0).i32, b = (int32_t)S(1).i32;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        SP(0).i32 = b == -1 ? 0 : (uint32_t)(a % b);
        pc += MW_N(I32_REM_S);
        NEXT();
    }
    OP(I32_REM_U): {
        uint32_t a = SQ(0).i32, b = S(1).i32;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        SP(0).i32 = a % b;
        pc += MW_N(I32_REM_U);
        NEXT();
    }
    #endif
    BIN(I32_AND, i32, MW_AND)
    BIN(I32_OR, i32, MW_OR)
    BIN(I32_XOR, i32, MW_XOR)
    BIN(I32_SHL, i32, mw_shl32)
    BIN(I32_SHR_S, i32, mw_shr_s32)
    BIN(I32_SHR_U, i32, mw_shr_u32)
    BIN(I32_ROTL, i32, mw_rotl32)
    BIN(I32_ROTR, i32, mw_rotr32)
    #if !MW_COMPACT_EXEC
    UN_COLD(I64_CLZ, i64, mw_clz64)
    UN_COLD(I64_CTZ, i64, mw_ctz64)
    UN_COLD(I64_POPCNT, i64, mw_popcnt64)
    #endif
    #if MW_COMPACT_EXEC
    // the small profile: the i64 add, subtract, multiply, bitwise ops and
    // shifts in one handler, by row (division and rotations below)
    OP(I64_ADD): {      // (L_I64_SUB .. L_I64_SHR_U but the divisions)
        uint64_t a = SQ(0).i64, b = S(1).i64;
        switch (pc[-1]) {
            case MW_OP_I64_ADD:
                a += b;
                break;
            case MW_OP_I64_SUB:
                a -= b;
                break;
            case MW_OP_I64_MUL:
                a *= b;
                break;
            case MW_OP_I64_AND:
                a &= b;
                break;
            case MW_OP_I64_OR:
                a |= b;
                break;
            case MW_OP_I64_XOR:
                a ^= b;
                break;
            case MW_OP_I64_SHL:
                a = mw_shl64(a, b);
                break;
            case MW_OP_I64_SHR_S:
                a = mw_shr_s64(a, b);
                break;
            default:    // I64_SHR_U
                a = mw_shr_u64(a, b);
                break;
        }
        SP(0).i64 = a;
        pc += MW_N(I64_ADD);
        NEXT_COLD();
    }
    #else
    BIN(I64_ADD, i64, MW_ADD)
    BIN(I64_SUB, i64, MW_SUB)
    BIN(I64_MUL, i64, MW_MUL)
    #endif
    #if !MW_COMPACT_EXEC
    OP(I64_DIV_S): {
        int64_t a = (int64_t)SQ(0).i64, b = (int64_t)S(1).i64;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        if (MW_UNLIKELY(a == INT64_MIN && b == -1)) {
            st = MW_TRAP_INT_OVERFLOW;
            goto trap;
        }
        SP(0).i64 = (uint64_t)(a / b);
        pc += MW_N(I64_DIV_S);
        NEXT_COLD();
    }
    OP(I64_DIV_U): {
        uint64_t a = SQ(0).i64, b = S(1).i64;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        SP(0).i64 = a / b;
        pc += MW_N(I64_DIV_U);
        NEXT_COLD();
    }
    OP(I64_REM_S): {
        int64_t a = (int64_t)SQ(0).i64, b = (int64_t)S(1).i64;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        SP(0).i64 = b == -1 ? 0 : (uint64_t)(a % b);
        pc += MW_N(I64_REM_S);
        NEXT_COLD();
    }
    OP(I64_REM_U): {
        uint64_t a = SQ(0).i64, b = S(1).i64;
        if (MW_UNLIKELY(b == 0)) {
            st = MW_TRAP_DIV_ZERO;
            goto trap;
        }
        SP(0).i64 = a % b;
        pc += MW_N(I64_REM_U);
        NEXT_COLD();
    }
    #endif
    #if !MW_COMPACT_EXEC
    BIN(I64_AND, i64, MW_AND)
    BIN(I64_OR, i64, MW_OR)
    BIN(I64_XOR, i64, MW_XOR)
    BIN(I64_SHL, i64, mw_shl64)
    BIN(I64_SHR_S, i64, mw_shr_s64)
    BIN(I64_SHR_U, i64, mw_shr_u64)
    #endif
    // rotl by n is rotr by -n (mod 64): the two share one 64-bit rotate, long
    // on 32-bit cores
    OP(I64_ROTL): {
        rot = 0 - S(1).i64;
        goto rotr64;
    }
    OP(I64_ROTR): {
        rot = S(1).i64;
    rotr64:
        SP(0).i64 = mw_rotr64(SQ(0).i64, rot);
        pc += MW_N(I64_ROTR);
        NEXT_COLD();
    }
    #if MW_COMPACT_EXEC
    // the small profile: the float ops but add, sub, mul, div and f64.sqrt in
    // one cold routine (float_op: abs .. sqrt, min, max, copysign)
    OP(F32_ABS): {      // (L_F32_NEG .. L_F64_COPYSIGN but the rows with a handler below)
        pc += float_op(pc[-1], pc, fp);
        NEXT_COLD();
    }
    // (f64.sqrt, in numeric code the one of them that runs often, by itself:
    // through float_op bench/'s nbody_f64 ran 0.9% more instructions)
    UN_(F64_SQRT, f64, mw_f64_sqrt, NEXT_F64)
    #else
    UN_(F32_ABS, i32, mw_f32_abs, NEXT_F32)
    UN_(F32_NEG, i32, mw_f32_neg, NEXT_F32)
    UN_(F32_CEIL, f32, mw_f32_ceil, NEXT_F32)
    UN_(F32_FLOOR, f32, mw_f32_floor, NEXT_F32)
    UN_(F32_TRUNC, f32, mw_f32_trunc, NEXT_F32)
    UN_(F32_NEAREST, f32, mw_f32_nearest, NEXT_F32)
    UN_(F32_SQRT, f32, mw_f32_sqrt, NEXT_F32)
    #endif
    // both profiles (each in its own order as before: the same code)
    XVF_PLAIN(F32_ADD) BIN_(F32_ADD, f32, MW_ADD, NEXT_F32_HOT)
    XVF_PLAIN(F32_SUB) BIN_(F32_SUB, f32, MW_SUB, NEXT_F32_HOT)
    BIN_(F32_MUL, f32, MW_MUL, NEXT_F32_HOT)
    BIN_(F32_DIV, f32, MW_DIV, NEXT_F32)
    #if MW_COMPACT_EXEC
    BIN_(F64_ADD, f64, MW_ADD, NEXT_F64_HOT)
    BIN_(F64_MUL, f64, MW_MUL, NEXT_F64_HOT)
    BIN_(F64_SUB, f64, MW_SUB, NEXT_F64_HOT)
    BIN_(F64_DIV, f64, MW_DIV, NEXT_F64)
    #else
    BIN_(F32_MIN, f32, mw_f32_min, NEXT_F32)
    BIN_(F32_MAX, f32, mw_f32_max, NEXT_F32)
    BIN_(F32_COPYSIGN, i32, mw_f32_copysign, NEXT_F32)
    UN_(F64_ABS, i64, mw_f64_abs, NEXT_F64)
    UN_(F64_NEG, i64, mw_f64_neg, NEXT_F64)
    UN_(F64_CEIL, f64, mw_f64_ceil, NEXT_F64)
    UN_(F64_FLOOR, f64, mw_f64_floor, NEXT_F64)
    UN_(F64_TRUNC, f64, mw_f64_trunc, NEXT_F64)
    UN_(F64_NEAREST, f64, mw_f64_nearest, NEXT_F64)
    UN_(F64_SQRT, f64, mw_f64_sqrt, NEXT_F64)
    #if MW_FUSED_ARITH || !MW_ALL_OPS
    XVF_PLAIN(F64_ADD) BIN_(F64_ADD, f64, MW_ADD, NEXT_F64_HOT)
    BIN_(F64_MUL, f64, MW_MUL, NEXT_F64_HOT)
    #else
    // the promotes feeding an add or multiply without MW_FUSED_ARITH (an
    // image may hold them): the f32 promoted, then the plain op's code with
    // it as b
    OP(F64_ADD_PROMOTE):
    OP(F64_MUL_PROMOTE): {
        fb = mw_promote(S(1).f32);
        if (pc[-1] == MW_OP_F64_MUL_PROMOTE) {
            goto f64_mul;
        }
        goto f64_add;
    }
    XVF_PLAIN(F64_ADD) OP(F64_ADD): {
        fb = S(1).f64;
    f64_add:
        SP(0).f64 = SQ(0).f64 + fb;
        pc += MW_N(F64_ADD);
        NEXT_F64_HOT();
    }
    OP(F64_MUL): {
        fb = S(1).f64;
    f64_mul:
        SP(0).f64 = SQ(0).f64 * fb;
        pc += MW_N(F64_MUL);
        NEXT_F64_HOT();
    }
    #endif
    XVF_PLAIN(F64_SUB) BIN_(F64_SUB, f64, MW_SUB, NEXT_F64_HOT)
    BIN_(F64_DIV, f64, MW_DIV, NEXT_F64)
    BIN_(F64_MIN, f64, mw_f64_min, NEXT_F64)
    BIN_(F64_MAX, f64, mw_f64_max, NEXT_F64)
    BIN_(F64_COPYSIGN, i64, mw_f64_copysign, NEXT_F64)
    #endif
    #if MW_FUSED_ARITH
    // F64_MUL_PROMOTE's product feeding an f64 add (lower.c mul_fused): a * promote(b),
    // rounded, then + c (fp-contract off: two roundings, as the wasm ops)
    OP(F64_MUL_PROMOTE_ADD): {
        double p = S(1).f64 * mw_promote(S(2).f32);
        S(0).f64 = p + S(3).f64;
        pc += MW_N(F64_MUL_PROMOTE_ADD);
        NEXT_F64_HOT();
    }
    #endif
    // ---- float add and multiply with a constant: "d a imm" (MW_FIMM_OP_LIST) ----
    // (here, after the plain float ops: placed beside the fused multiplies
    // GCC -O3 laid mw_exec out otherwise and BR lost its copy of back_edge,
    // tomcrypt +0.44%; here the integer programs' Ir is main's to the digit)
    // (the constant's bits: f32 one U32, f64 two; a sub is the add of -k)
    #if MW_FUSED_ARITH
    #define FIMM(name, m, ty, expr, imm, next) \
    OP(name): { \
        mw_val k; \
        k.i64 = imm(1); \
        SP(0).m = (ty)expr(SQ(0).m, k.m); \
        pc += MW_N(name); \
        next(); \
    }
    FIMM(F32_ADD_IMM, f32, float, MW_ADD, IMM32, NEXT_F32_HOT)
    FIMM(F32_MUL_IMM, f32, float, MW_MUL, IMM32, NEXT_F32_HOT)
    FIMM(F64_ADD_IMM, f64, double, MW_ADD, IMM64, NEXT_F64_HOT)
    FIMM(F64_MUL_IMM, f64, double, MW_MUL, IMM64, NEXT_F64_HOT)
    #elif MW_ALL_OPS
    // the small profile (which makes none: an image may hold them) in one
    // cold handler, by row: bit 0 the multiply, bit 1 f64
    OP(F32_ADD_IMM):
    OP(F32_MUL_IMM):
    OP(F64_ADD_IMM):
    OP(F64_MUL_IMM): {
        uint32_t row = pc[-1] - MW_OP_F32_ADD_IMM;
        mw_val k;
        if (row & 2) {
            k.i64 = IMM64(1);
            SP(0).f64 = row & 1 ? SQ(0).f64 * k.f64 : SQ(0).f64 + k.f64;
            pc += MW_N(F64_ADD_IMM);
        } else {
            k.i64 = IMM32(1);
            SP(0).f32 = row & 1 ? SQ(0).f32 * k.f32 : SQ(0).f32 + k.f32;
            pc += MW_N(F32_ADD_IMM);
        }
        NEXT_COLD();
    }
    #endif
    // ---- fused float compare-and-branch: "a b target" (MW_BRF_OP_LIST) ----
    // (the C comparison itself: false with a NaN, so NLT / NLE, !(a < b)
    // and !(a <= b), jump when either is one; forward only, no poll, as
    // BR_IF_JMP: lowering fuses no loop's back-edge)
    #if MW_FUSED_ARITH
    #define BRF(name, m, cond) \
    OP(name): { \
        JUMP_IF(cond(S(0).m, S(1).m), 2, MW_N(name)); \
    }
    #define BRF_EQ(a, b) ((a) == (b))
    #define BRF_NE(a, b) ((a) != (b))
    #define BRF_LT(a, b) ((a) < (b))
    #define BRF_LE(a, b) ((a) <= (b))
    #define BRF_NLT(a, b) (!((a) < (b)))
    #define BRF_NLE(a, b) (!((a) <= (b)))
    BRF(BR_F32_EQ, f32, BRF_EQ)
    BRF(BR_F32_NE, f32, BRF_NE)
    BRF(BR_F32_LT, f32, BRF_LT)
    BRF(BR_F32_LE, f32, BRF_LE)
    BRF(BR_F32_NLT, f32, BRF_NLT)
    BRF(BR_F32_NLE, f32, BRF_NLE)
    BRF(BR_F64_EQ, f64, BRF_EQ)
    BRF(BR_F64_NE, f64, BRF_NE)
    BRF(BR_F64_LT, f64, BRF_LT)
    BRF(BR_F64_LE, f64, BRF_LE)
    BRF(BR_F64_NLT, f64, BRF_NLT)
    BRF(BR_F64_NLE, f64, BRF_NLE)
    #elif MW_ALL_OPS
    // the small profile (which makes none: an image may hold them) in one
    // cold handler (brf_cond; the full profile's Cortex-M3 build runs its
    // own handlers too: with this one instead, GCC -Os made exec.o 422 B
    // larger)
    OP(BR_F32_EQ):
    OP(BR_F32_NE):
    OP(BR_F32_LT):
    OP(BR_F32_LE):
    OP(BR_F32_NLT):
    OP(BR_F32_NLE):
    OP(BR_F64_EQ):
    OP(BR_F64_NE):
    OP(BR_F64_LT):
    OP(BR_F64_LE):
    OP(BR_F64_NLT):
    OP(BR_F64_NLE): {
        pc = brf_cond(pc, fp) ? TARGET(2) : pc + MW_N(BR_F32_EQ);
        NEXT_COLD();
    }
    #endif
    OP(I32_WRAP_I64):
    OP(I32_REINTERPRET_F32):
    OP(I64_REINTERPRET_F64):
    OP(F32_REINTERPRET_I32):
    OP(F64_REINTERPRET_I64): {
        st = MW_TRAP_UNREACHABLE;     // never emitted: no-ops on 64-bit slots
        goto trap;
    }
    // float -> int truncation, trapping and saturating: cold, so the sixteen
    // forms share one handler and one out-of-line routine (trunc_op), which
    // the opcode (the unit before pc) tells which it is; with MW_TRUNC_INLINE
    // a signed i32 one whose value fits converts in its own handler first
    // (the exact bounds are trunc_op's: -2^31 - 1 < v < 2^31)
#if MW_TRUNC_INLINE
    #define TRUNC_I32_S(name, value) \
    OP(name): { \
        double v_ = (value); \
        if (MW_LIKELY(v_ > TRUNC_I32_S_LO && v_ < TRUNC_I32_S_HI)) { \
            S(0).i64 = (uint32_t)(int32_t)v_; \
            pc += MW_N(name); \
            NEXT(); \
        } \
        goto trunc_cold; \
    }
    TRUNC_I32_S(I32_TRUNC_F32_S, (double)S(1).f32)
    TRUNC_I32_S(I32_TRUNC_F64_S, S(1).f64)
    TRUNC_I32_S(I32_TRUNC_SAT_F32_S, (double)S(1).f32)
    TRUNC_I32_S(I32_TRUNC_SAT_F64_S, S(1).f64)
    #undef TRUNC_I32_S
#else
    OP(I32_TRUNC_F32_S):
    OP(I32_TRUNC_F64_S):
    OP(I32_TRUNC_SAT_F32_S):
    OP(I32_TRUNC_SAT_F64_S):
#endif
    OP(I32_TRUNC_F32_U):
    OP(I32_TRUNC_F64_U):
    OP(I64_TRUNC_F32_S):
    OP(I64_TRUNC_F32_U):
    OP(I64_TRUNC_F64_S):
    OP(I64_TRUNC_F64_U):
    OP(I32_TRUNC_SAT_F32_U):
    OP(I32_TRUNC_SAT_F64_U):
    OP(I64_TRUNC_SAT_F32_S):
    OP(I64_TRUNC_SAT_F32_U):
    OP(I64_TRUNC_SAT_F64_S):
    OP(I64_TRUNC_SAT_F64_U): {
#if MW_TRUNC_INLINE
    trunc_cold:
#endif
        st = trunc_op(pc[-1], &S(0), S(1));
        if (MW_UNLIKELY(st != MW_OK)) {
            goto trap;
        }
        pc += MW_N(I64_TRUNC_SAT_F64_U);
        NEXT_COLD();
    }
    // conversions "d a": the operand is read before the result is written
    #define CONV_(name, from, to, cast, next) \
    OP(name): { \
        mw_val r; \
        r.i64 = 0; \
        r.to = cast(S(1).from); \
        S(0) = r; \
        pc += MW_N(name); \
        next(); \
    }
    #define CONV(name, from, to, cast) CONV_(name, from, to, cast, NEXT)
    #define CONV_COLD(name, from, to, cast) CONV_(name, from, to, cast, NEXT_COLD)
    #if MW_COMPACT_EXEC
    // the small profile: the integer extensions in one handler, by row, on
    // 32-bit halves (the low one sign-extended from 8 or 16 bits, the high
    // one its sign, or 0 for an i32 result and I64_EXTEND_I32_U)
    OP(I64_EXTEND_I32_S): {     // (L_I64_EXTEND_I32_U, L_I32_EXTEND8_S .. L_I64_EXTEND32_S)
        uint32_t k = pc[-1];
        uint32_t lo = S(1).i32;
        if (k == MW_OP_I32_EXTEND8_S || k == MW_OP_I64_EXTEND8_S) {
            lo = (uint32_t)(int32_t)(int8_t)lo;
        } else if (k == MW_OP_I32_EXTEND16_S || k == MW_OP_I64_EXTEND16_S) {
            lo = (uint32_t)(int32_t)(int16_t)lo;
        }
        uint32_t hi = k == MW_OP_I64_EXTEND_I32_U || k - MW_OP_I32_EXTEND8_S < 2 ? 0 : (uint32_t)((int32_t)lo >> 31);
        S(0).i64 = (uint64_t)hi << 32 | lo;
        pc += MW_N(I64_EXTEND_I32_S);
        NEXT_COLD();
    }
    #else
    CONV(I64_EXTEND_I32_S, i32, i64, (uint64_t)(int64_t)(int32_t))
    CONV(I64_EXTEND_I32_U, i32, i64, (uint64_t))
    #endif
    #if MW_COMPACT_EXEC
    // the small profile: the conversions to float in one handler, by row
    OP(F32_CONVERT_I32_S): {    // (L_F32_CONVERT_I32_U .. L_F64_PROMOTE_F32)
        mw_val a = S(1), r;
        r.i64 = 0;
        switch (pc[-1] - MW_OP_F32_CONVERT_I32_S) {
            case 0: r.f32 = (float)(int32_t)a.i32; break;
            case 1: r.f32 = (float)a.i32; break;
            case 2: r.f32 = mw_i64_to_f32(a.i64); break;
            case 3: r.f32 = mw_u64_to_f32(a.i64); break;
            case 4: r.f32 = mw_demote(a.f64); break;
            case 5: r.f64 = (double)(int32_t)a.i32; break;
            case 6: r.f64 = (double)a.i32; break;
            case 7: r.f64 = (double)(int64_t)a.i64; break;
            case 8: r.f64 = (double)a.i64; break;
            default: r.f64 = mw_promote(a.f32); break;
        }
        S(0) = r;
        pc += MW_N(F32_CONVERT_I32_S);
        NEXT_COLD();
    }
    #else
    CONV_(F32_CONVERT_I32_S, i32, f32, (float)(int32_t), NEXT_F32)
    CONV_(F32_CONVERT_I32_U, i32, f32, (float), NEXT_F32)
    CONV_COLD(F32_CONVERT_I64_S, i64, f32, mw_i64_to_f32)
    CONV_COLD(F32_CONVERT_I64_U, i64, f32, mw_u64_to_f32)
    #if MW_FUSED_ARITH && (!MW_FUSED_MEM || !MW_LOADF_64)
    OP(F32_DEMOTE_XV):    // (without its handler: the demote, then the store by itself)
    #endif
    CONV_COLD(F32_DEMOTE_F64, f64, f32, mw_demote)
    CONV_COLD(F64_CONVERT_I32_S, i32, f64, (double)(int32_t))
    CONV_COLD(F64_CONVERT_I32_U, i32, f64, (double))
    CONV_COLD(F64_CONVERT_I64_S, i64, f64, (double)(int64_t))
    CONV_COLD(F64_CONVERT_I64_U, i64, f64, (double))
    CONV_COLD(F64_PROMOTE_F32, f32, f64, mw_promote)
    #endif
    #if !MW_COMPACT_EXEC
    CONV(I32_EXTEND8_S, i32, i32, (uint32_t)(int32_t)(int8_t))
    CONV(I32_EXTEND16_S, i32, i32, (uint32_t)(int32_t)(int16_t))
    CONV(I64_EXTEND8_S, i64, i64, (uint64_t)(int64_t)(int8_t))
    CONV(I64_EXTEND16_S, i64, i64, (uint64_t)(int64_t)(int16_t))
    CONV(I64_EXTEND32_S, i64, i64, (uint64_t)(int64_t)(int32_t))
    #endif

    // ---- the 16-bit twins (mw_int.h MW_IMMH_OP_LIST): the constant from one
    // unit (IMM16, sign-extended); the small profile's: one cold handler
    // (immh_op). Here, after every other handler: beside their wide twins
    // GCC -O3 (x86-64) laid mw_exec out otherwise (picosat, tre, libyaml
    // +0.1-0.3%: docs/benchmarks-history.md "RAM (session 12)")
    #if MW_FUSED_ARITH
    IMMH(I32_ADD_IMMH, uint32_t, MW_ADD)
    IMMH(I32_MUL_IMMH, uint32_t, MW_MUL)
    IMMH(I32_AND_IMMH, uint32_t, MW_AND)
    IMMH(I32_OR_IMMH, uint32_t, MW_OR)
    IMMH(I32_XOR_IMMH, uint32_t, MW_XOR)
    #endif
    #if MW_FUSED_ARITH
    BRCMP(BR_EQ_IMMH, uint32_t, ==, IMM16(1), 2)
    BRCMP(BR_NE_IMMH, uint32_t, !=, IMM16(1), 2)
    BRCMP(BR_LT_S_IMMH, int32_t, <, IMM16(1), 2)
    BRCMP(BR_LT_U_IMMH, uint32_t, <, IMM16(1), 2)
    BRCMP(BR_GT_S_IMMH, int32_t, >, IMM16(1), 2)
    BRCMP(BR_GT_U_IMMH, uint32_t, >, IMM16(1), 2)
    BRCMP(BR_LE_S_IMMH, int32_t, <=, IMM16(1), 2)
    BRCMP(BR_LE_U_IMMH, uint32_t, <=, IMM16(1), 2)
    BRCMP(BR_GE_S_IMMH, int32_t, >=, IMM16(1), 2)
    BRCMP(BR_GE_U_IMMH, uint32_t, >=, IMM16(1), 2)
    BRIF(BR_ANDNZH, (S(0).i32 & IMM16(1)) != 0, 2)
    BRIF(BR_ANDZH, (S(0).i32 & IMM16(1)) == 0, 2)
    #elif MW_ALL_OPS
    // the small profile (which makes none: an image may hold them) in one
    // handler, by row (immh_op)
    #define MW_X_IMMH_LABEL(name, layout, doc) OP(name):
    MW_IMMH_OP_LIST(MW_X_IMMH_LABEL) {
        br_t = immh_op(pc, fp);     // (not taken: the next instruction, forward)
        goto br_taken;
    }
    #undef MW_X_IMMH_LABEL
    #endif
    OP(CALL_DEF_W): {
        // CALL_DEF of a defidx over 65535 (a module of more than 65,536
        // defined functions): cold, so after every other handler
        d = &defs[IDX(0)];
        nfp = fp + SLOT(2);
        pc += MW_N(CALL_DEF_W);
        goto call_same;
    }
    // ---- carries and rotations (mw_int.h MW_CARRY_ROT_OP_LIST) ----
    // (here, after every other handler, as the twins: GCC -O3 lays the rest
    // of mw_exec out as before them)
    #if MW_FUSED_ARITH
    // a carry-out compare feeding an add (lower.c mul_fused): c + (a <u b)
    OP(I32_ADD_LT_U): {
        SET_I32(S(0), S(3).i32 + (S(1).i32 < S(2).i32));
        pc += MW_N(I32_ADD_LT_U);
        NEXT();
    }
    // an xor feeding a rotation by a constant (lower.c imm_fused)
    OP(I32_XOR_ROTL): {
        uint32_t a = S(1).i32 ^ S(2).i32, k = IMM16(3);
        SET_I32(S(0), MW_ROTL_K(a, k));
        pc += MW_N(I32_XOR_ROTL);
        NEXT();
    }
    OP(I64_XOR_ROTL): {
        uint64_t a = S(1).i64 ^ S(2).i64;
        uint32_t k = IMM16(3);
        S(0).i64 = MW_ROTL64_K(a, k);
        pc += MW_N(I64_XOR_ROTL);
        NEXT();
    }
    // a 64-bit rotation by a constant feeding an xor (lower.c mul_fused)
    OP(I64_ROTL_XOR): {
        uint64_t a = S(1).i64;
        uint32_t k = IMM16(3);
        S(0).i64 = MW_ROTL64_K(a, k) ^ S(2).i64;
        pc += MW_N(I64_ROTL_XOR);
        NEXT();
    }
    #elif MW_ALL_OPS
    OP(I32_ADD_LT_U):
    OP(I32_XOR_ROTL):
    OP(I64_XOR_ROTL):
    OP(I64_ROTL_XOR): {
        carry_rot(pc[-1], pc, fp);
        pc += MW_N(I32_XOR_ROTL);     // SSSS, SSSH: 4 units
        NEXT_COLD();
    }
    #endif
    #if MW_FUSED_MEM
    // ---- a float read-modify-write (mw_int.h MW_RMWF_OP_LIST): the load
    // "d a offset", then the F*_ADD_XV / F*_SUB_XV after it ("x p q", the
    // plain op's expression on its slots, d written first) and its store's
    // in-bounds case at the load's address; any other address: the load
    // alone (load32_plain, load64_plain), the two ops after it by themselves.
    // (Here, after every other handler, as the 16-bit twins above. NEXT, not
    // NEXT_F32: on Cortex-M3 -Os the f32 one with the shared cold dispatch
    // made exec.o 844 B larger, with its own 80 B.)
    #define RMWF(name, xv, n, m, ty, uty, slow) \
    OP(name): { \
        size_t app_addr; \
        if (MW_UNLIKELY(!M0_FAST(SQ(0).i32, OFF(1), &app_addr))) { \
            goto slow; \
        } \
        uty v; \
        M0_LOAD(v, n, uty, app_addr, 0); \
        SP(0).i64 = v; \
        pc += MW_N(name) + MW_OP_HEAD; \
        ty x = pc[-1] == MW_OP_##xv ? MW_ADD(SQ(0).m, S(1).m) : MW_SUB(SQ(0).m, S(1).m); \
        SP(0).m = x; \
        M0_STORE(app_addr, n, x, MW_N(xv) + MW_OP_HEAD); \
        pc += MW_N(xv) + MW_OP_HEAD + MW_N(STORE32); \
        NEXT(); \
    }
    RMWF(LOAD32_U_RMWF, F32_ADD_XV, 4, f32, float, uint32_t, load32_plain)
    RMWF(LOAD64_RMWF, F64_ADD_XV, 8, f64, double, uint64_t, load64_plain)
    #undef RMWF
    #endif
    // ---- sums rotated by a constant (mw_int.h MW_ADD_ROT_OP_LIST) ----
    // (here, before the selects: after them GCC -O3 laid mw_exec out
    // otherwise, tre +0.13%, picosat +0.08% in callgrind; here tre,
    // picosat, tinyscheme and duktape run exactly as before)
    #if MW_FUSED_ARITH
    // an add feeding a rotation by a constant (lower.c imm_fused)
    OP(I32_ADD_ROTL): {
        uint32_t a = S(1).i32 + S(2).i32, k = IMM16(3);
        SET_I32(S(0), MW_ROTL_K(a, k));
        pc += MW_N(I32_ADD_ROTL);
        NEXT();
    }
    // that rotation feeding an xor or an add (lower.c mul_fused)
    OP(I32_ADD_ROTL_XOR): {
        uint32_t a = S(1).i32 + S(2).i32, k = IMM32(4);
        SET_I32(S(0), MW_ROTL_K(a, k) ^ S(3).i32);
        pc += MW_N(I32_ADD_ROTL_XOR);
        NEXT();
    }
    OP(I32_ADD_ROTL_ADD): {
        uint32_t a = S(1).i32 + S(2).i32, k = IMM32(4);
        SET_I32(S(0), MW_ROTL_K(a, k) + S(3).i32);
        pc += MW_N(I32_ADD_ROTL_ADD);
        NEXT();
    }
    // a rotation by a constant feeding an add (lower.c mul_fused)
    OP(I32_ROTL_ADD): {
        uint32_t a = S(1).i32, k = IMM16(3);
        SET_I32(S(0), MW_ROTL_K(a, k) + S(2).i32);
        pc += MW_N(I32_ROTL_ADD);
        NEXT();
    }
    // ---- a shift by a constant feeding an add, or or xor (mw_int.h
    // MW_SHIFT_COMB_OP_LIST, lower.c mul_fused): "d a b k", d = (a sh k) op b
    #define SHIFT_COMB(name, ty, sh, comb) \
    OP(name): { \
        SET_I##ty(S(0), (uint##ty##_t)(sh(S(1).i##ty, IMM16(3)) comb S(2).i##ty)); \
        pc += MW_N(name); \
        NEXT(); \
    }
    #define MW_SAR32(a, k) ((uint32_t)((int32_t)(a) >> (k)))     // arithmetic in gcc and clang (numeric.h)
    #if !MW_SHIFT_COMB_SHARED
    SHIFT_COMB(I64_SHL_ADD, 64, MW_SHL_K, +)
    SHIFT_COMB(I64_SHR_S_ADD, 64, MW_SAR64, +)
    SHIFT_COMB(I64_SHR_U_ADD, 64, MW_SHR_K, +)
    SHIFT_COMB(I64_SHL_OR, 64, MW_SHL_K, |)
    SHIFT_COMB(I64_SHR_U_OR, 64, MW_SHR_K, |)
    SHIFT_COMB(I64_SHR_U_XOR, 64, MW_SHR_K, ^)
    #else
    // the six i64 rows in one handler, by row (mw_config.h)
    OP(I64_SHL_ADD): OP(I64_SHR_S_ADD): OP(I64_SHR_U_ADD): OP(I64_SHL_OR): OP(I64_SHR_U_OR): OP(I64_SHR_U_XOR): {
        uint32_t row = pc[-1] - MW_OP_I64_SHL_ADD, k = IMM16(3);     // shl, shr_s, shr_u add; shl, shr_u or; shr_u xor
        uint64_t a = S(1).i64, b = S(2).i64;
        a = row == 1 ? MW_SAR64(a, k) : row == 0 || row == 3 ? a << k : a >> k;
        S(0).i64 = row < 3 ? a + b : row < 5 ? a | b : a ^ b;
        pc += MW_N(I64_SHL_ADD);
        NEXT();
    }
    #endif
    SHIFT_COMB(I32_SHR_S_ADD, 32, MW_SAR32, +)
    SHIFT_COMB(I32_SHR_U_ADD, 32, MW_SHR_K, +)
    SHIFT_COMB(I32_SHR_U_OR, 32, MW_SHR_K, |)
    SHIFT_COMB(I32_SHL_XOR, 32, MW_SHL_K, ^)
    SHIFT_COMB(I32_SHR_U_XOR, 32, MW_SHR_K, ^)
    #undef SHIFT_COMB
    #undef MW_SAR32
    #endif
    // ---- a select with its i32 compare (MW_SELCMP_OP_LIST, lower.c
    // select_fused), "d a b x y": the condition, then the arm, copied whole
    // (any type, as SELECT). After every other handler, as the twins.
    #if MW_FUSED_ARITH
    #define SELCMP(name, cond, n) \
    OP(name): { \
        S(0) = (cond) ? S(1) : S(2); \
        pc += n; \
        NEXT(); \
    }
    SELCMP(SELECT_EQ, S(3).i32 == S(4).i32, MW_N(SELECT_EQ))
    SELCMP(SELECT_AND, (S(3).i32 & S(4).i32) != 0, MW_N(SELECT_EQ))
    SELCMP(SELECT_LT_S, (int32_t)S(3).i32 < (int32_t)S(4).i32, MW_N(SELECT_EQ))
    SELCMP(SELECT_LT_U, S(3).i32 < S(4).i32, MW_N(SELECT_EQ))
    SELCMP(SELECT_EQ_IMM, S(3).i32 == IMM32(4), MW_N(SELECT_EQ_IMM))
    SELCMP(SELECT_AND_IMM, (S(3).i32 & IMM32(4)) != 0, MW_N(SELECT_EQ_IMM))
    SELCMP(SELECT_LT_S_IMM, (int32_t)S(3).i32 < (int32_t)IMM32(4), MW_N(SELECT_EQ_IMM))
    SELCMP(SELECT_LT_U_IMM, S(3).i32 < IMM32(4), MW_N(SELECT_EQ_IMM))
    #undef SELCMP
    #elif MW_ALL_OPS
    // the small profile (which makes none: an image may hold them) in one
    // cold handler: row bit 2 a constant y, bit 1 a less-than (bit 0 then
    // unsigned: the signed compare of the values with their top bits
    // flipped), else bit 0 AND, EQ
    OP(SELECT_EQ):
    OP(SELECT_AND):
    OP(SELECT_LT_S):
    OP(SELECT_LT_U):
    OP(SELECT_EQ_IMM):
    OP(SELECT_AND_IMM):
    OP(SELECT_LT_S_IMM):
    OP(SELECT_LT_U_IMM): {
        uint32_t row = pc[-1] - MW_OP_SELECT_EQ, x = S(3).i32, y = row & 4 ? IMM32(4) : S(4).i32;
        uint32_t flip = row & 1 ? 0x80000000u : 0;
        bool c = row & 2 ? (int32_t)(x ^ flip) < (int32_t)(y ^ flip) : row & 1 ? (x & y) != 0 : x == y;
        S(0) = c ? S(1) : S(2);
        pc += row & 4 ? MW_N(SELECT_EQ_IMM) : MW_N(SELECT_EQ);
        NEXT_COLD();
    }
    #endif
    #if MW_FUSED_ARITH
    // a float product promoted and added to a double (lower.c promote_mul):
    // the three ops' expressions in their order (fp-contract off)
    OP(F64_ADD_PROMOTE_MUL): {
        float p = MW_MUL(S(2).f32, S(3).f32);
        S(0).f64 = S(1).f64 + mw_promote(p);
        pc += MW_N(F64_ADD_PROMOTE_MUL);
        NEXT();
    }
    #endif
    #if MW_FUSED_ARITH
    // ---- a float load feeding the op after it (mw_int.h MW_LOADF_FUSED):
    // the plain load's access (LOAD0_AT), then op's expression (LOADF_op,
    // that of op's handler) with pc at op's immediates; any other address:
    // the plain load's slow path (MEM0_SLOW: the last bytes, shared heaps,
    // the trap), which dispatches op after it. (A `goto` into op's handler instead, fewer
    // bytes, made GCC -O3 lay all of mw_exec out worse: +4.2 to +6.2%
    // callgrind Ir on four float programs; docs/benchmarks-history.md "Float
    // programs (session 15)".)
    #define LOADF_W_LOAD32_U 4
    #define LOADF_TY_LOAD32_U uint32_t
    #define LOADF_SET_LOAD32_U SET_I32    // (an i32's or f32's: i64.load32_u is I64_LOAD32_U, unfused)
    #define LOADF_W_LOAD64 8
    #define LOADF_TY_LOAD64 uint64_t
    #define LOADF_SET_LOAD64 SET_I64
    #define LOADF_F32_ADD SP(0).f32 = MW_ADD(SQ(0).f32, S(1).f32)
    #define LOADF_F32_SUB SP(0).f32 = MW_SUB(SQ(0).f32, S(1).f32)
    #define LOADF_F32_MUL SP(0).f32 = MW_MUL(SQ(0).f32, S(1).f32)
    #define LOADF_F32_MUL_ADD { float p_ = S(1).f32 * S(2).f32; S(0).f32 = p_ + S(3).f32; }
    #define LOADF_F64_MUL_PROMOTE SP(0).f64 = SQ(0).f64 * mw_promote(S(1).f32)
    #define LOADF_F64_MUL_PROMOTE_ADD { double p_ = S(1).f64 * mw_promote(S(2).f32); S(0).f64 = p_ + S(3).f64; }
    #define LOADF_F64_ADD SP(0).f64 = MW_ADD(SQ(0).f64, S(1).f64)
    #define LOADF_F64_SUB SP(0).f64 = MW_SUB(SQ(0).f64, S(1).f64)
    #define LOADF_F64_MUL SP(0).f64 = MW_MUL(SQ(0).f64, S(1).f64)
    #define LOADF_I32_ADD_IMMH SET_I32(SP(0), SQ(0).i32 + (uint32_t)IMM16(1))
    #define LOADF_I32_ADD SET_I32(SP(0), SQ(0).i32 + S(1).i32)
    #define LOADF_COPY SP(0) = SQ(0)
    #define LOADF_I32_SUB SET_I32(SP(0), SQ(0).i32 - S(1).i32)
    #define LOADF_I32_XOR SET_I32(SP(0), SQ(0).i32 ^ S(1).i32)
    #define LOADF_I32_ADD_MUL SET_I32(S(0), S(1).i32 + S(2).i32 * IMM32(3))
    #define LOADF_CASE0(load, op)
    // a store after the load: its in-bounds case, else the store by itself
    // (its slow path, its trap) with the loaded value written
    #define LOADF_W_STORE32 4
    #define LOADF_TY_STORE32 uint32_t
    #define LOADF_W_STORE64 8
    #define LOADF_TY_STORE64 uint64_t
    #define LOADF_CASE2(load, op) \
    OP(load##_##op): { \
        LOAD0_AT(LOADF_W_##load, LOADF_TY_##load, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(load, mem0_slow), \
                 LOADF_SET_##load) \
        /* (the store's operands at pc + k1 + MW_OP_HEAD, pc moved once on either */ \
        /* way, as X_STORE_TAIL's) */ \
        enum { k1 = MW_N(load##_##op) }; \
        size_t st_addr; \
        if (MW_LIKELY(M0_FAST(fp[SLOT8_AT(pc, k1 + MW_OP_HEAD)].i32, OFF_AT(pc, k1 + MW_OP_HEAD + 1), &st_addr))) { \
            LOADF_TY_##op st_v = (LOADF_TY_##op)fp[SLOT8H_AT(pc, k1 + MW_OP_HEAD)].i64; \
            M0_STORE(st_addr, LOADF_W_##op, st_v, k1 + MW_OP_HEAD); \
            pc += k1 + MW_OP_HEAD + MW_N(op); \
            NEXT(); \
        } \
        pc += k1; \
        NEXT(); \
    }
    #define LOADF_CASE1(load, op) \
    OP(load##_##op): { \
        LOAD0_AT(LOADF_W_##load, LOADF_TY_##load, (uint64_t), OFF(1), SP(0), SQ(0), MEM0_SLOW(load, mem0_slow), \
                 LOADF_SET_##load) \
        pc += MW_N(load##_##op) + MW_OP_HEAD; \
        LOADF_##op; \
        pc += MW_N(op); \
        NEXT(); \
    }
    #define MW_X_LOADF(X, load, op) LOADF_PICK(LOADF_CASE, LOADF_HW_##op, load, op)
    MW_LOADF_FUSED(MW_X_LOADF, _)
    MW_LOADI_FUSED(MW_X_LOADF, _)
    #undef MW_X_LOADF
    #endif
    #if MW_FUSED_ARITH
    // ---- a call's last argument put in place right before it (mw_int.h
    // MW_CALL_ARG_OP_LIST): the op's own expression, then the CALL_DEF after
    // it on that op's immediates, no dispatch between
    OP(COPY_CALL_DEF): {
        SP(0) = SQ(0);
        pc += MW_N(COPY_CALL_DEF) + MW_OP_HEAD;
        CALL_DEF_AT();
    }
    OP(COPY2_CALL_DEF): {
        COPY2_SLOTS();
        pc += MW_N(COPY2_CALL_DEF) + MW_OP_HEAD;
        CALL_DEF_AT();
    }
    OP(CONST16_CALL_DEF): {
        S(0).i64 = IMM16(1);
        pc += MW_N(CONST16_CALL_DEF) + MW_OP_HEAD;
        CALL_DEF_AT();
    }
    // two constants (mw_int.h CONST16_CONST16): this one, then the CONST16
    // after it on its immediates
    OP(CONST16_CONST16): {
        S(0).i64 = IMM16(1);
        pc += MW_N(CONST16_CONST16) + MW_OP_HEAD;
        S(0).i64 = IMM16(1);
        pc += MW_N(CONST16);
        NEXT();
    }
    // a copy or a constant, then the JMP after it to its target (mw_int.h
    // COPY_JMP; a forward jump: no poll, as JMP)
    OP(COPY_JMP): {
        SP(0) = SQ(0);
        pc += MW_N(COPY_JMP) + MW_OP_HEAD;
        JUMP_AT(0, 0);
    }
    OP(CONST16_JMP): {
        S(0).i64 = IMM16(1);
        pc += MW_N(CONST16_JMP) + MW_OP_HEAD;
        JUMP_AT(0, 0);
    }
    // a select's constant arm, then the SELECT after it on its immediates
    // (mw_int.h CONST16_SELECT)
    OP(CONST16_SELECT): {
        S(0).i64 = IMM16(1);
        pc += MW_N(CONST16_SELECT) + MW_OP_HEAD;
        S(0) = S(3).i32 ? S(1) : S(2);
        pc += MW_N(SELECT);
        NEXT();
    }
    // a sum, then the I32_ADD_IMMH after it on its immediates, adding its
    // constant to the sum in the register (mw_int.h I32_ADD_I32_ADD_IMMH:
    // mw_code_check wants the I32_ADD_IMMH's a to be the sum's d)
    OP(I32_ADD_I32_ADD_IMMH): {
        uint32_t v = SQ(0).i32 + S(1).i32;
        SP(0).i32 = v;
        pc += MW_N(I32_ADD_I32_ADD_IMMH) + MW_OP_HEAD;
        SET_I32(SP(0), v + (uint32_t)IMM16(1));
        pc += MW_N(I32_ADD_IMMH);
        NEXT();
    }
    OP(I32_ADD_MUL_I32_ADD_IMMH): {
        uint32_t v = S(1).i32 + S(2).i32 * IMM32(3);
        S(0).i64 = v;
        pc += MW_N(I32_ADD_MUL_I32_ADD_IMMH) + MW_OP_HEAD;
        SET_I32(SP(0), v + (uint32_t)IMM16(1));
        pc += MW_N(I32_ADD_IMMH);
        NEXT();
    }
    // a store, then the I32_ADD_IMMH after it on its immediates (mw_int.h
    // MW_STOREADD_FUSED): the store's in-bounds case, else the plain store's
    // slow path (mem0_slow: pc then at the add, which runs by itself). The
    // add: one copy for the three where text is scarce (as
    // MW_SHARED_COLD_DISPATCH: -92 B of Thumb-2 for a branch more; x86-64
    // +0.06% Ir over 36), else each its own
    #if MW_SHARED_COLD_DISPATCH
    #define STOREADD_ADD() goto store_add
    #else
    #define STOREADD_ADD() \
        pc += MW_N(STORE8_I32_ADD_IMMH) + MW_OP_HEAD; \
        SET_I32(SP(0), SQ(0).i32 + (uint32_t)IMM16(1)); \
        pc += MW_N(I32_ADD_IMMH); \
        NEXT()
    #endif
    _Static_assert(MW_N(STORE8_I32_ADD_IMMH) == MW_N(LOAD8_S) && MW_N(STORE64_I32_ADD_IMMH) == MW_N(LOAD8_S),
                   "mem0_slow steps over a PQO row");
    #define STOREADD(store, n, ty, value) \
    OP(store##_I32_ADD_IMMH): { \
        size_t app_addr; \
        ty v = (ty)(value); \
        if (MW_UNLIKELY(!M0_FAST(SP(0).i32, OFF(1), &app_addr))) { \
            MEM0_SLOW(store, mem0_slow) \
        } \
        M0_STORE(app_addr, n, v, 0); \
        STOREADD_ADD(); \
    }
    STOREADD(STORE8, 1, uint8_t, SQ(0).i32)
    STOREADD(STORE32, 4, uint32_t, SQ(0).i32)
    STOREADD(STORE64, 8, uint64_t, SQ(0).i64)
    #undef STOREADD
    #if MW_SHARED_COLD_DISPATCH
store_add:
    pc += MW_N(STORE8_I32_ADD_IMMH) + MW_OP_HEAD;
    SET_I32(SP(0), SQ(0).i32 + (uint32_t)IMM16(1));
    pc += MW_N(I32_ADD_IMMH);
    NEXT();
    #endif
    #undef STOREADD_ADD
    // two ops one after the other (mw_int.h MW_SEQ_OP_LIST): the first, then
    // the second on its own immediates, no dispatch between
    OP(I32_ADD_I32_ADD): {
        SET_I32(SP(0), SQ(0).i32 + S(1).i32);
        pc += MW_N(I32_ADD_I32_ADD) + MW_OP_HEAD;
        SET_I32(SP(0), SQ(0).i32 + S(1).i32);
        pc += MW_N(I32_ADD);
        NEXT();
    }
    // a sum, then an add of a wide constant (mw_int.h MW_LOOP_SEQ_OP_LIST)
    OP(I32_ADD_I32_ADD_IMM): {
        SET_I32(SP(0), SQ(0).i32 + S(1).i32);
        pc += MW_N(I32_ADD_I32_ADD_IMM) + MW_OP_HEAD;
        SET_I32(SP(0), SQ(0).i32 + IMM32(1));
        pc += MW_N(I32_ADD_IMM);
        NEXT();
    }
    OP(I32_ADD_I32_SUB_IMM): {
        SET_I32(SP(0), SQ(0).i32 + S(1).i32);
        pc += MW_N(I32_ADD_I32_SUB_IMM) + MW_OP_HEAD;
        SET_I32(SP(0), SQ(0).i32 - IMM32(1));
        pc += MW_N(I32_SUB_IMM);
        NEXT();
    }
    OP(COPY2_COPY_CALL_DEF): {
        COPY2_SLOTS();
        pc += MW_N(COPY2_COPY_CALL_DEF) + MW_OP_HEAD;
        SP(0) = SQ(0);
        pc += MW_N(COPY_CALL_DEF) + MW_OP_HEAD;
        CALL_DEF_AT();
    }
    // a load after a copy or a store: its in-bounds case, else the
    // LOAD32_U by itself (its slow path, its trap)
    // (the load's operands read at pc + k + MW_OP_HEAD, k the first op's length, and
    // pc moved once on either way, as X_STORE_TAIL's)
    #define SEQ_LOAD32_U(k) do { \
        size_t ld_addr; \
        uint32_t ld_v; \
        if (MW_UNLIKELY(!M0_FAST(fp[SLOT8H_AT(pc, (k) + MW_OP_HEAD)].i32, OFF_AT(pc, (k) + MW_OP_HEAD + 1), &ld_addr))) { \
            pc += (k); \
            NEXT(); \
        } \
        M0_LOAD(ld_v, 4, uint32_t, ld_addr, (k) + MW_OP_HEAD); \
        SET_I32(fp[SLOT8_AT(pc, (k) + MW_OP_HEAD)], ld_v); \
        pc += (k) + MW_OP_HEAD + MW_N(LOAD32_U); \
        NEXT(); \
    } while (0)
    OP(COPY_LOAD32_U): {
        SP(0) = SQ(0);
        SEQ_LOAD32_U(MW_N(COPY_LOAD32_U));
    }
    OP(STORE32_LOAD32_U): {
        size_t app_addr;
        uint32_t v = SQ(0).i32;
        if (MW_UNLIKELY(!M0_FAST(SP(0).i32, OFF(1), &app_addr))) {
            MEM0_SLOW(STORE32, mem0_slow)
        }
        M0_STORE(app_addr, 4, v, 0);
        SEQ_LOAD32_U(MW_N(STORE32_LOAD32_U));
    }
    #undef SEQ_LOAD32_U
    // CALL_INDIRECT through a table the module defines (mw_int.h): its
    // owner is the running instance, so a defined function's entry needs
    // no test of it
    OP(CALL_INDIRECT_OWN): {
        _Static_assert(MW_N(CALL_INDIRECT_OWN) == MW_N(CALL_INDIRECT), "one layout: CALL_INDIRECT_OBJECT");
        mw_table *tab = inst->tables[IDX(2)];
        uint32_t i = S(4).i32;
        if (MW_UNLIKELY(i >= tab->size)) {
            st = MW_TRAP_UNDEF_ELEM;
            goto trap;
        }
        callee = tab->elems[i];
        nfp = fp + SLOT(5);
        if (MW_LIKELY((uintptr_t)callee & 1)) {
            d = defs + ((uintptr_t)callee >> 1);
            if (MW_UNLIKELY(d->type != IDX(0)
                && !mw_functype_eq(inst->mod->types[d->type], inst->mod->types[IDX(0)]))) {
                st = MW_TRAP_SIG_MISMATCH;
                goto trap;
            }
            #if MW_CALL_DEF_OWN
            CALL_OWN(MW_N(CALL_INDIRECT_OWN));
            #else
            pc += MW_N(CALL_INDIRECT_OWN);
            goto call_same;
            #endif
        }
        CALL_INDIRECT_OBJECT();
    }
    // an add, then the GLOBAL_SET after it on its own immediates (mw_int.h
    // I32_ADD_IMMH_GLOBAL_SET: the stack pointer moved and put back); pc at
    // the add's immediates: its handler's, and GLOBAL_GET_ADD_SET's after
    // the read
    #define ADD_SET_AT() do { \
        SET_I32(SP(0), SQ(0).i32 + (uint32_t)IMM16(1)); \
        pc += MW_N(I32_ADD_IMMH_GLOBAL_SET) + MW_OP_HEAD; \
        inst->globals[IDX(0)]->val = S(2); \
        pc += MW_N(GLOBAL_SET); \
    } while (0)
    OP(I32_ADD_IMMH_GLOBAL_SET): {
        ADD_SET_AT();
        NEXT();
    }
    OP(GLOBAL_GET_ADD_SET): {
        S(0) = inst->globals[IDX(1)]->val;
        pc += MW_N(GLOBAL_GET_ADD_SET) + MW_OP_HEAD;
        ADD_SET_AT();
        NEXT();
    }
    // ---- an add of a constant, then the compare-and-branch after it
    // (mw_int.h MW_ADDBR_FUSED): the add, then the branch's own handler
    // body on its immediates, no dispatch between. The branch's first
    // slot is the add's d (mw_code_check): its value is taken from the add,
    // not read back from the slot just written (a store and a dependent
    // load: ~6 cycles on x86-64 against a register's 1)
    #define ADDBR_ADD(br) \
    uint32_t v_ = SQ(0).i32 + (uint32_t)IMM16(1); \
    SET_I32(SP(0), v_); \
    pc += MW_N(I32_ADD_IMMH_##br) + MW_OP_HEAD
    #define ADDBR(br, cond, tpos) \
    OP(I32_ADD_IMMH_##br): { \
        ADDBR_ADD(br); \
        if (cond) { \
            TAKE(tpos); \
        } \
        pc += MW_N(br); \
        NEXT(); \
    }
    ADDBR(BR_NE, v_ != S(1).i32, 2)
    ADDBR(BR_LT_S, (int32_t)v_ < (int32_t)S(1).i32, 2)
    ADDBR(BR_LT_U, v_ < S(1).i32, 2)
    ADDBR(BR_GE_U, v_ >= S(1).i32, 2)
    ADDBR(BR_NE_IMMH, v_ != (uint32_t)IMM16(1), 2)
    ADDBR(BR_LT_U_IMMH, v_ < (uint32_t)IMM16(1), 2)
    ADDBR(BR_GT_U_IMMH, v_ > (uint32_t)IMM16(1), 2)
    OP(I32_ADD_IMMH_BR_ADD_NZ): {
        // BR_ADD_NZ reads its own a (mostly another counter than the add's)
        SET_I32(SP(0), SQ(0).i32 + (uint32_t)IMM16(1));
        pc += MW_N(I32_ADD_IMMH_BR_ADD_NZ) + MW_OP_HEAD;
        BR_ADD_NZ_AT();
        NEXT();
    }
    OP(I32_ADD_IMMH_BR_TABLE_JMP): {
        // the index from the add (read back, x86-64 ran the row slower than
        // the two ops apart)
        ADDBR_ADD(BR_TABLE_JMP);
        uint32_t count_ = IMM32(1);
        JUMP_AT(MW_N(BR_TABLE_JMP), MW_W_TARGET * (v_ < count_ ? v_ : count_));
    }
    #undef ADDBR
    #undef ADDBR_ADD
    #endif
    #if !MW_COMPUTED_GOTO
        default:
            st = MW_TRAP_UNREACHABLE;
            goto trap;
    }
    #endif

#if !MW_FUSED_ARITH
br_taken: {
    bool back = br_t <= pc;
    pc = br_t;
    if (!back) {
        NEXT();
    }
}
#endif
back_edge:
    // every loop iteration passes here: fuel and the embedder's poll hook
    COUNTDOWN_POLL();
    NEXT();

    #if !MW_TBH_DISPATCH
    POLL_BLOCK();
    #endif

do_call:
    // callee's arguments are at nfp; results come back there
    if (callee->host != NULL) {
        rt->countdown = countdown;
        st = host_call(rt, fsp, inst, callee, nfp TRAP_PC(pc));
        if (MW_UNLIKELY(st != MW_OK)) {
            return st;    // its path noted (host_call)
        }
        countdown = rt->countdown;
        m0 = mem0_base(inst);
        m0_lim = mem0_lim(inst);
        NEXT();
    }
    d = callee->u.wasm.def;
    ninst = callee->u.wasm.inst;
call_def:
    #if MW_COMPACT_EXEC
    // the small profile: one copy of the frame push, the return pc tagged
    // first where the call switches instance, then tested
    if (MW_UNLIKELY(ninst != inst)) {
        pc = (const mw_code_unit *)((uintptr_t)pc | 1);
    }
call_same:
    CALL_PUSH(pc);
    if (MW_UNLIKELY((uintptr_t)pc & 1)) {
    #else
    if (MW_UNLIKELY(ninst != inst)) {
        CALL_PUSH((const mw_code_unit *)((uintptr_t)pc | 1));
    #endif
        fsp[-1].inst = inst;
        // m0 follows the running instance; within one instance it is
        // kept up to date by memory.grow, host calls and polls
        inst = ninst;
        FAULT_RUNNING(inst);
        m0 = mem0_base(inst);
        m0_lim = mem0_lim(inst);
        defs = inst->mod->funcs;
        goto call_body;
    }
    #if !MW_COMPACT_EXEC
call_same:
    CALL_PUSH(pc);
    #endif
call_body:
    CALL_BODY();
    #if CALL_REACH_COLD
call_def_reach:
    // CALL_OWN past a high-water mark (pc past its next op's head)
    if (!mw_stack_reach(rt, fsp, nfp, d->max_slots)) {
        pc -= MW_RET_BIAS;
        st = MW_TRAP_STACK;
        goto trap;
    }
    CALL_FRAME(pc);
    CALL_BODY();
    #endif

    // (MEM0_SLOW_REREAD: the slow path reads its operands from pc again,
    // on Thumb-2 where every handler has its own dispatch, MW_DISPATCH_EACH:
    // GCC 12 otherwise kept what a fast path had worked out for the slow
    // one in registers the join shares, and every plain load's and store's
    // fast path paid for it: the address slot's address (`add.w ip, r7, r2,
    // lsl #3`), a store's value slot's too and a copy of m0_lim, on the
    // M4F/M33 builds (pc bound to r6) pc's copy to r4 and back besides:
    // Cortex-M3 LOAD8_U 14 -> 13 instructions, STORE32 16 -> 13; M33
    // LOAD8_U 16 -> 13. On M4F/M33 GCC then keeps a call's return pc on the
    // stack (mps2_an505 calls +2.2%), where the programs still run 2-4%
    // fewer instructions: docs/benchmarks.md "Device speed (session 43)")
    #if MW_DISPATCH_EACH
    #define MEM0_SLOW_REREAD() MW_KEEP_IN_REG(pc)
    #else
    #define MEM0_SLOW_REREAD() ((void)0)
    #endif
    // MEM0_SLOW's one copy: a load or store "x a offset" (mem_k its row from
    // LOAD8_S) whose address mw_ea_fast refused: the last bytes of memory,
    // shared heaps, the trap (mem_access). mem0_slow_w: LOAD32_U_W /
    // STORE32_W and the other wide rows, their slots units and the offset a
    // U32.
mem0_slow:
    MEM0_SLOW_REREAD();
    if (MW_UNLIKELY(!mem_access(inst->mems[0], mem_k, &SP(0), &SQ(0), OFF(1)))) {
        goto trap_mem;
    }
    pc += MW_N(LOAD8_S);
    NEXT();
mem0_slow_w:
    MEM0_SLOW_REREAD();
    if (MW_UNLIKELY(!mem_access(inst->mems[0], mem_k, &S(0), &S(1), IMM32(2)))) {
        goto trap_mem;
    }
    pc += MW_N(LOAD32_U_W);
    NEXT();

trap_mem:
    st = MW_TRAP_MEM_OOB;
trap:
    rt->fsp = fsp; // mw_call clears the frames the trap leaves
    rt->countdown = countdown;
    return trap_stop(rt, st, inst TRAP_PC(pc));
}
