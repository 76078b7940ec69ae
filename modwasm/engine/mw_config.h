// SPDX-License-Identifier: MIT
// mw_config.h: every engine tunable, with its default and the reason for it.
// Override with -D on the compiler command line.
#ifndef MW_CONFIG_H
#define MW_CONFIG_H

#include <stdint.h>

// Value stack in 8-byte slots and call depth limit (frames are 16 bytes on
// 32-bit targets). Microcontrollers: 1024 slots = 8 KiB + 256 frames = 4 KiB,
// enough for a couple of hundred frames of typical C code compiled to wasm and
// small next to a 64-128 KiB heap. 64-bit hosts: 16384 slots (128 KiB) and
// 2048 frames. Both are allocated on the first call, once per runtime.
#if UINTPTR_MAX > 0xffffffffu
#define MW_HOST_64 1
#else
#define MW_HOST_64 0
#endif
#ifndef MW_DEFAULT_STACK_SLOTS
#define MW_DEFAULT_STACK_SLOTS (MW_HOST_64 ? 16384 : 1024)
#endif
#ifndef MW_DEFAULT_MAX_FRAMES
#define MW_DEFAULT_MAX_FRAMES (MW_HOST_64 ? 2048 : 256)
#endif

// Frames of a failed call's path kept for mw_trap_trace (the top ones; the
// depth counts all): 12 bytes each on a 32-bit target, in the runtime.
#ifndef MW_TRACE_FRAMES
#define MW_TRACE_FRAMES 8
#endif

// A host function called from wasm has a frame of its own (exec.c
// do_call, mw_int.h MW_HOST_FRAME), so a failed call's path (mw_trap_trace)
// names it and goes on through its caller, and a host call counts against
// max_frames. Off where MW_UNLOWER is (the "small" profile: +118 B of Thumb-2
// its text has not got): there the path ends at the wasm called by a host
// function (or the embedder), and the host function's own failure is noted
// at its caller.
#ifndef MW_HOST_FRAMES
#define MW_HOST_FRAMES MW_UNLOWER
#endif

// wasm -> host -> wasm nesting limit: each level costs C stack in the embedder.
#ifndef MW_DEFAULT_MAX_NESTING
#define MW_DEFAULT_MAX_NESTING 8
#endif

// Loop back-edges + calls between two calls of the poll hook: large enough to
// keep the hook off the profile, small enough for a responsive Ctrl-C.
#ifndef MW_DEFAULT_POLL_INTERVAL
#define MW_DEFAULT_POLL_INTERVAL 10000
#endif

// Largest number of locals in one function (params included), a decoding
// bound (the JS API's limit). Whether a function's frame (its locals plus its
// operand slots) fits the runtime's value stack (stack_slots above) is checked
// at load: a function that could never be called is refused then
// ("function frame exceeds the value stack"), not trapped at every call.
// Windows per memory (window.c): the slow path looks them up linearly after
// the hit cache misses, so a handful keeps that walk short; 8 covers a ring,
// an output region and a few heaps per app.
#ifndef MW_MAX_WINDOWS
#define MW_MAX_WINDOWS 8
#endif

#ifndef MW_MAX_LOCALS
#define MW_MAX_LOCALS 50000
#endif

// Largest number of params, and of results, of one function type: a decoding
// bound (the JS API's limit, as for locals); mw_functype counts them in 16 bits.
#ifndef MW_MAX_FUNC_PARAMS
#define MW_MAX_FUNC_PARAMS 1000
#endif
#ifndef MW_MAX_FUNC_RESULTS
#define MW_MAX_FUNC_RESULTS 1000
#endif

// Spec limits (not tunable): a memory of 64 KiB pages has at most 2^16 pages
// (4 GiB, spec 3.2.5); with custom page sizes at most 2^32-1 bytes' worth.
#define MW_MAX_PAGES_64K 65536u
#define MW_MAX_PAGES_CUSTOM 0xffffffffu
// A table without a declared maximum may grow to 2^32-1 elements (its limits
// are u32, spec 3.2.4); MW_MAX_TABLE_ELEMS below caps what is allocated.
#define MW_MAX_TABLE_SIZE 0xffffffffu
// The app address space: 32-bit addresses end at 2^32. Shared heap chains end
// there, and windows and linear memory lie below it.
#define MW_APP_SPACE ((uint64_t)1 << 32)

// Largest table (elements): tables are arrays of pointers allocated whole, so
// a larger declared minimum is refused at instantiation ("table too large")
// and table.grow past it returns -1. 10 million pointers is 40-80 MB, far
// beyond any board and the spec suite's largest legal table.
#ifndef MW_MAX_TABLE_ELEMS
#define MW_MAX_TABLE_ELEMS 10000000u
#endif

// Largest element count of one module section array (types, functions,
// imports, exports, ...): a malformed count cannot make the loader allocate
// gigabytes before it reads the entries.
#ifndef MW_MAX_SECTION_COUNT
#define MW_MAX_SECTION_COUNT 1000000u
#endif

// Shared heaps live at the top of the 32-bit address space and keep the lowest
// 2^31 bytes for linear memory, so one heap or a whole chain is at most 2 GiB.
#define MW_SHEAP_SPACE 0x80000000u
// A managed heap keeps its allocator's 8-byte block headers in its own bytes
// (sheap.c): below 64 bytes it would hold hardly a block, so it is refused.
#define MW_SHEAP_MIN_MANAGED 64u

// Lowered code is packed into blocks of at least this many 16-bit units
// (decode.c): a load then makes one allocation per block instead of one per
// function, which keeps load time proportional to size on a GC heap. 4 KiB on
// microcontrollers (a block that size is easy to find in a 64-128 KiB heap),
// 16 KiB on 64-bit hosts. Every block is shrunk to what it holds.
#ifndef MW_CODE_CHUNK_UNITS
#define MW_CODE_CHUNK_UNITS (MW_HOST_64 ? 8192 : 2048)
#endif

// mw_module_unlower (lazy.c; the binding's Module.unlower()): a lazy module
// gives back the code lowered so far, for an embedder that keeps a module
// loaded between runs and wants the RAM back in between; and
// mw_module_set_code_budget (code_budget=): a lazy module keeps at most that
// much lowered code, dropping functions not running (second chance) to lower
// a new one (every running function's code is on its frame, mw_frame.code).
// On by default; a
// 256 KiB-flash board leaves it out (the "small" profile: -DMW_UNLOWER=0,
// scripts/boardcfg/generate.py), where it cost the last few hundred bytes.
#ifndef MW_UNLOWER
#define MW_UNLOWER 1
#endif

// A code budget over this many bytes keeps the module's lowered code in one
// block of the budget's size, allocated when the budget is set (lazy.c, the
// code arena), so code lowered again never scatters over the heap a memory
// grows in. At or below it there is none: a small module's code is a few
// blocks, and its Module.ram grows only as functions are first called (the
// binding's default budget has the same floor, MICROPY_PY_WASM_CODE_BUDGET_FLOOR;
// both scaled by MW_CODE_RAM_SCALE, below, where code is threaded).
#ifndef MW_CODE_ARENA_MIN
#define MW_CODE_ARENA_MIN (4096 * MW_CODE_RAM_SCALE / 100)
#endif

// The code arena holds at most this many percent of the function bodies'
// bytes, whatever the budget: the whole of a program's code lowered is 1.30-
// 1.47x its bodies over 40 of the 41 bench programs (cmark 1.61x; arena slots
// add 12-14 bytes a function), so a binary that is mostly data (vorbis: 3.75x
// its bodies) reserved up to 2x before and most of the rest was never used
// (docs/benchmarks-history.md, "House-keeping (session 27)"). A budget over the arena
// puts the code that does not fit in it in blocks of their own, as without an
// arena, rather than lowering code again (lazy.c arena_place). Threaded
// code (MW_THREADED, below: x86-64 hosts) is 2.2x the compact code's units
// (sqlite 2.24x, lua 2.21x, zlib 2.31x, xz 2.16x): 150% of 2.2, and the
// same margin over it.
#ifndef MW_CODE_ARENA_CAP
#define MW_CODE_ARENA_CAP (MW_THREADED ? 350 : 150)
#endif

// The RAM a function's code takes in this build per byte of a board's
// (compact) code, in percent: 225 where code is threaded (MW_THREADED: 2.2x
// the units, as above), else 100. The binding's default code budget
// (binding.h MICROPY_PY_WASM_CODE_BUDGET) is a board's share of the binary
// and its floor scaled by it, so a threaded host keeps about the functions a board keeps
// (cJSON's run: 3,533 lowerings under the unscaled share, docs/wasm.md).
#ifndef MW_CODE_RAM_SCALE
#define MW_CODE_RAM_SCALE (MW_THREADED ? 225 : 100)
#endif

// A function lowered under a budget with a code arena where the budget has
// to drop code for it, over MW_CODE_LARGE_SHARE percent of the arena, that
// would bring the code running in the arena over MW_CODE_RUNNING_SHARE percent
// of it gets a block of its own (lazy.c over_running_share), which does not
// count against the budget while it runs: running code cannot be dropped, so
// what it calls keeps at least the rest of the arena. Without it (session
// 34: a block of its own only where no slot fits) WavPack's two nested 32 and
// 26 KB functions left their callees 1 KB of a 64 KB budget and lowered 54x
// as often as under 16 KB, which they did not fit (docs/benchmarks-history.md, "Code
// budget (session 35)"). A smaller function goes in the arena: out, it would
// free little room and cost its block beside the arena.
#ifndef MW_CODE_RUNNING_SHARE
#define MW_CODE_RUNNING_SHARE 50
#endif
#ifndef MW_CODE_LARGE_SHARE
#define MW_CODE_LARGE_SHARE 12
#endif

// With cfg.gc_memory, a grow that moves a linear memory frees the old block
// unless the embedder lent it out (mw_memory_lend), and a pinned memory
// (mw_memory_pin) does not move, so old and new blocks do not outlive the
// copy together. 0: every old block is left to the collector (the "small"
// profile, as MW_UNLOWER: heaps of 64-128 KiB move a page at most; the
// binding's loans and pins cost 90 B of wasm.mpy, which netduinoplus2's heap
// has not got).
#ifndef MW_MOVE_FREES
#define MW_MOVE_FREES MW_UNLOWER
#endif

// mw_inst_options.grow_raises: a memory.grow the heap refuses stops the call
// (MW_ERR_NOMEM, the report naming the memory and the pages: exec.c
// grow_refused). Off where MW_UNLOWER is (the "small" profile: the option is
// ignored, memory.grow returns -1), for its text: ~100 B of Thumb-2 linked
// on lm3s6965evb, and ~320 B of ARM wasm.mpy with the binding's keyword and
// message, which would leave netduinoplus2's default stacks less than their
// 256 B of margin (tests/hil/test_natmod_board.py; docs/benchmarks.md "Memory
// grow (session 36)"). The count of such grows (mw_memory_refused) is in
// every profile.
#ifndef MW_GROW_RAISES
#define MW_GROW_RAISES MW_UNLOWER
#endif

// The name section's function names (mw_module_func_name): where it lies in
// the binary is noted at load (8 bytes a module) and a name is read from a
// borrowed binary when asked (a trap's message). Off where MW_UNLOWER is
// (the "small" profile), whose text is at its limit: indices only there.
#ifndef MW_FUNC_NAMES
#define MW_FUNC_NAMES MW_UNLOWER
#endif

// A failed call's path says where in each function it stopped, as the
// byte offset in the module of the wasm instruction (mw.h mw_trap_offset):
// the failure notes each frame's unit in its lowered code (exec.c
// trap_stop), and the offset is found only when asked, by lowering the
// function's body again with a recorder of which instruction each run of
// code came from (lower.c), so lowered code carries no offsets and
// Module.ram does not grow. Off where MW_UNLOWER is (the "small" profile,
// whose text is at its limit: its messages name the functions alone).
#ifndef MW_TRAP_OFFSETS
#define MW_TRAP_OFFSETS MW_UNLOWER
#endif

// The fused address ops (mw_int.h, MW_MEM_X_FUSED and the _XR/_XM rows: an
// add feeding a load or store's address) each do their access's in-bounds
// case themselves: 1-7% fewer instructions on the memory-heavy programs
// (docs/benchmarks-history.md, "Speed (session 4)") for about 115 bytes of Thumb-2 a
// handler. 0: they run as the plain add followed by the access (the same
// code and results, no fusion's gain, no handler text), which the "small"
// profile picks for a 256 KiB-flash board.
#ifndef MW_FUSED_MEM
#define MW_FUSED_MEM 1
#endif

// The fused arithmetic ops (mw_int.h: F32_MUL_ADD .. I64_MUL_ADD, a multiply
// feeding an add or subtract; I32_SHL_SHR_U .. I32_MUL_SHR_S, a shift or
// multiply feeding a shift or mask) with a handler each, made by lowering:
// speexdsp -9.9%, opus -4.7%, tommath -3.9% for the first four
// (docs/benchmarks-history.md, "Speed (session 6): arithmetic") for about 550 bytes
// of Thumb-2. 0: lowering leaves the ops apart and the rows share two small
// cold handlers (an image may hold them): the "small" profile, as
// MW_FUSED_MEM.
#ifndef MW_FUSED_ARITH
#define MW_FUSED_ARITH MW_FUSED_MEM
#endif

// The signed i32 truncations of a float (i32.trunc_f32_s, i32.trunc_f64_s and
// their _sat forms: a C program's (int) cast of a float) test their range and
// convert in a handler of their own; a NaN or a value out of range goes on to
// the sixteen forms' one routine (exec.c trunc_op), which alone traps or
// saturates. Out of line they were 6.6% of libgsm's Ir on x86-64; in line,
// libgsm -6.65%, samplerate -1.65%, libjpeg -1.11% (docs/benchmarks-history.md,
// "Speed table at the stop (session 40)"). Only where doubles are hardware's
// (a 64-bit host, an Arm core with a double FPU): on a Cortex-M without one the
// range test and the conversion are libgcc calls as trunc_op's are, and the
// four handlers +360 B of Thumb-2. 0: every form through trunc_op (the small
// profile, as MW_FUSED_ARITH).
#ifndef MW_TRUNC_INLINE
#if !defined(__arm__) || (defined(__ARM_FP) && (__ARM_FP & 8))
#define MW_TRUNC_INLINE MW_FUSED_ARITH
#else
#define MW_TRUNC_INLINE 0
#endif
#endif

// Lowering gives the i32 _IMM and compare-and-branch ops whose constant fits
// 16 bits their one-unit twins (mw_int.h MW_IMMH_OP_LIST, lower_narrow.c
// narrow_imm): 3.1-4.3% less lowered code (docs/benchmarks.md, "RAM (sessions
// 11, 12)"). They run in handlers of their own, or without MW_FUSED_ARITH in one
// cold handler (an image may hold them). 0: the wide ops only (the small
// profile, as MW_FUSED_ARITH; tests/engine test_immh narrows by hand there).
#ifndef MW_NARROW_IMM
#define MW_NARROW_IMM MW_FUSED_ARITH
#endif

// Lowering's fast paths, the same code made (docs/benchmarks-history.md "Lowering
// speed (session 14)"): reader.c reads a one-byte LEB128 (most indices,
// counts and small constants in a body) without its loop, and lower_emit.c
// emit_op5 makes room for an instruction once and writes its units
// unchecked; and a lazy load (MW_LOAD_LAZY) types the common instructions
// in lower_check.c check_run without lowering's pass (sqlite's load 2.3x fast
// again, +1.6 KB). 0: the plain loops, ~1.7 KB less Cortex-M text (the small
// profile, as MW_FUSED_ARITH).
#ifndef MW_LOWER_FAST
#define MW_LOWER_FAST MW_FUSED_ARITH
#endif

// Whether the engine runs every op of the lowered-code format (mw_int.h
// MW_OP_LIST), or only those its own lowering makes. 0 (the small profile,
// with MW_FUSED_MEM=0 and so MW_FUSED_ARITH=0 and MW_NARROW_IMM=0): the
// cold handlers that ran an image's fused ops (I32_DIV_S_IMM ..
// I32_REM_U_IMM and every row after MW_OP_LIST_BASE: mw_int.h mw_op_in_set)
// are left out, and the op tables stop at MW_OP_COUNT_SMALL; lowering makes
// none of the fused address ops either (they ran as the plain add, then the
// access: the same instructions), and mw_code_check refuses an image that
// holds one ("image holds a fused op of the full profile": make it with
// `wasm-cross --target cortex-m-small`, which lowers as this engine does).
// Cortex-M3 -Os: 2,405 B less text (docs/benchmarks-history.md "Engine text
// (session 14)").
#ifndef MW_ALL_OPS
#define MW_ALL_OPS 1
#endif
#if !MW_ALL_OPS && (MW_FUSED_MEM || MW_FUSED_ARITH || MW_NARROW_IMM)
#error "MW_ALL_OPS=0 needs MW_FUSED_MEM=0, MW_FUSED_ARITH=0 and MW_NARROW_IMM=0: its lowering makes no fused op"
#endif

// The small profile's interpreter (MW_ALL_OPS=0) runs each family of rows
// that differ only in what they compute in one handler, by row (exec.c; the
// rows' table entries lead to its label): the thirty integer compares (i32
// and i64 "d a b", i32 "d a imm"), the twelve float compares, the i64 add ..
// shr_u, the integer extensions, the bit counts, the divisions and
// remainders, the conversions to float, the bulk table and memory ops
// (bulk_op); one copy of the frame push; the float ops but add, sub, mul,
// div and f64.sqrt (float_op: abs .. sqrt, min, max, copysign; f32
// rounding, min, max and sqrt through the f64 code). Cortex-M3 -Os: exec.o 11,019 -> 8,407 B, for
// 0-7.5% more instructions on lm3s6965evb's kernels (docs/benchmarks-history.md
// "Engine text (session 23)"); float_op since session 27. The hot families (i32 arithmetic, loads and stores,
// compare-and-branch) keep a handler per row: shared, sha256 ran 41% more.
// 0: a handler per row, as the full profile. Needs computed goto.
#ifndef MW_COMPACT_EXEC
#define MW_COMPACT_EXEC (!MW_ALL_OPS && MW_COMPUTED_GOTO)
#endif

// MW_FUSED_DROP(op): fused ops (rows from F32_MUL_ADD on) this build leaves
// out: lowering never makes one and the handler table points its row at
// UNREACHABLE, so its handler is not compiled (bench/switches.py measures
// what each family of them buys this way: text against Ir). An expression of
// the row number op, e.g. -D'MW_FUSED_DROP(op)=((op) == MW_OP_I32_ROTL_XOR)';
// 0 (none) by default.
#ifndef MW_FUSED_DROP
#define MW_FUSED_DROP(op) 0
#endif

// Lowering of a function with a branch beyond 32 K code units (TARGET's
// reach: 64 KB of lowered code in that one function): again, through
// JMP_FAR (lower.c, mw_lower_func). 0 (the small profile): such a function
// is refused at load ("branch beyond 32 K code units"), ~1.3 KB less text;
// its code would not fit those boards' RAM anyway, and images lowered
// elsewhere with JMP_FAR still run. (So a lazy load lowers each body into
// scratch there, to know: mw_lower_func validates without lowering only
// with far lowering.)
#ifndef MW_FAR_LOWERING
#define MW_FAR_LOWERING 1
#endif

// An image whose lowered code the check refuses (image.c, mw_code_check)
// names where: "function 3 (name), pc 17, op 42: lowered code: <reason> at
// offset 0x..." (the function's index with imports first, its first export
// name cut to 24 bytes, the unit and the op of the instruction). About 200 B
// of Thumb-2 and 80 B more of the report's static buffer. 0 (the small
// profile): the reason and the byte offset in the image alone.
#ifndef MW_IMAGE_WHERE
#define MW_IMAGE_WHERE 1
#endif

// Lowering's definite assignment follows a block's branches out (lower_branch.c
// leave_sets): a local below 32 that every branch out and the way to the end
// assigned stays assigned, so a call does not zero it (clang's memcpy zeroed
// three locals a call: giflib -1.7%, docs/benchmarks-history.md "Calls and
// far-from-native programs (session 7)") for about 70 bytes of Thumb-2. 0:
// a block with a branch out forgets what it assigned (more zeroing, the same
// results). On in every profile since session 12 (72 B of the small one's
// text; off, the default build's callgrind quick: sqlite +1.1%, lua +0.7%;
// docs/benchmarks-history.md "Engine text (session 12)").
#ifndef MW_ASSIGN_BRANCHES
#define MW_ASSIGN_BRANCHES 1
#endif

// The call path's speed-ups that cost text (exec.c, session 11): RETURN1 and
// RETURN each with their own copy of the return (no jump to a shared one),
// CALL_INDIRECT of the running instance's function straight to call_same
// (+72 B of Cortex-M3 text; mps2_an385 call_indirect -5%). On in every
// profile since session 12 (lm3s6965evb, the small profile: call_indirect
// -5.4%; docs/benchmarks-history.md "Engine text (session 12)").
#ifndef MW_FAST_CALLS
#define MW_FAST_CALLS 1
#endif

// CALL_DEF (most calls) with its own copy of the frame push and the callee's
// entry instead of a jump to call_same: x86-64 -O3 then keeps fsp and fp in
// the registers the handlers use (at the shared join it moved both, and
// reloaded defs). CALL_INDIRECT of the running instance's own function too
// (session 19: at the join fp went through mw_exec's stack frame; onig
// -0.43%, jansson -0.27%). On Thumb-2 where mw_exec is compiled for speed
// (MW_DISPATCH_EACH) too: at the join GCC 12 kept the return pc and the
// caller's fp in the stack frame, two stores and two loads a call (mps2_an385
// fib -5.2%, calls -6.6%, call_indirect -3.5%, for +1,076 B of mw_exec;
// docs/benchmarks-history.md "Device speed (session 36)"). Off elsewhere on 32-bit
// targets: it costs text there.
#ifndef MW_CALL_DEF_OWN
#define MW_CALL_DEF_OWN (MW_HOST_64 || MW_DISPATCH_EACH)
#endif

// The six i64 rows of MW_SHIFT_COMB_OP_LIST (I64_SHL_ADD .. I64_SHR_U_XOR)
// in one handler that picks the shift and the op by row, instead of one
// handler each: on Thumb-2 a 64-bit shift by a count is ~80 B a copy (-Os:
// the six 488 B, the one 288 B). On where text is scarce (32-bit targets);
// 64-bit hosts keep a handler each (one x86-64 instruction a shift).
#ifndef MW_SHIFT_COMB_SHARED
#define MW_SHIFT_COMB_SHARED (!MW_HOST_64)
#endif

// The frame push (exec.c CALL_PUSH) tests copies of the stacks' high-water
// marks in mw_exec's own frame instead of rt's: on Thumb-2 -Os, where both
// live in mw_exec's stack frame, one `ldrd` instead of loading rt twice and
// each mark from it (Cortex-M3: 2 instructions less per call). Off on 64-bit
// hosts (x86-64 -O3 keeps rt in a register: nothing to gain, and its layout
// of mw_exec stays as measured) and in the small profile (+12 B of text).
#ifndef MW_CALL_HW_COPY
#define MW_CALL_HW_COPY (!MW_HOST_64 && MW_FUSED_ARITH)
#endif

// A call zeroes its callee's locals four slots a pass (exec.c CALL_BODY,
// the span whole MW_ZERO_STEPs on every target) with the pointer kept in a
// register: on x86-64 -O3 two 16-byte stores, the step and the compare for
// 4 slots, 4 instructions to set up against 14-16 (the 36 programs -0.23%
// Ir). Off on 32-bit targets: on Thumb-2 its register moved the calls that
// zero nothing (mps2_an385 fib +2.0%, calls +2.8% instructions)
// (docs/benchmarks-history.md "Calls (session 41)"); the boards' own asm
// loop there stores four slots a pass too (exec.c ZERO_LOCALS, since
// session 43: docs/benchmarks.md "Device speed (session 43)").
#ifndef MW_ZERO_PASS4
#define MW_ZERO_PASS4 MW_HOST_64
#endif

// MW_OP_PROFILE: every dispatch first calls mw_op_profile_hit(pc, fp)
// (mw_int.h), which the embedder defines: bench/op_profile.c counts executed
// ops, pairs of consecutive ops and the ops that read a slot the op before
// wrote, for `bench/run.py --op-profile`. Host benchmark
// builds only (a call per op); 0 everywhere else.
#ifndef MW_OP_PROFILE
#define MW_OP_PROFILE 0
#endif

// Largest frame (locals plus operand slots) of one function: lowered code
// names a slot in one 16-bit unit (mw_int.h, "lowered code"), which keeps code
// at about half the size of 32-bit words. A larger function is refused at load
// ("function frame exceeds 65535 slots"). Not tunable: it is the format's.
// Frames that large do not fit a board's value stack anyway (stack_slots).
#define MW_MAX_FRAME_SLOTS 65535

// Debug: after lowering, walk every function's code with the op table
// (mw_code_check) and fail the load as "internal error" if one is malformed.
// On in the engine unit tests and the spec shim; costs a pass over the code.
#ifndef MW_CHECK_CODE
#define MW_CHECK_CODE 0
#endif

// f32.convert_i64_u and _s (numeric.c) by the hardware's u32-to-f32
// conversion and a scaling by a power of two, not libgcc's __aeabi_ul2f and
// __aeabi_l2f: on a Cortex-M with a single-precision FPU (M4F, M33; M7 and
// M55 with a double one: __ARM_FP bit 2) those two are the only users of
// libgcc's soft f32 add, which they share one member with: 408 B of
// wasm.mpy's armv7emsp text, 416 B of the netduinoplus2 firmware's, for
// 138 B of the engine's (docs/benchmarks-history.md "wasm.mpy (session 29)").
// Elsewhere the C conversion (one instruction on x86-64,
// the same libgcc call on a Cortex-M without an FPU, where the soft f32 add
// is linked for f32.add anyway).
#ifndef MW_U64_F32_BY_U32
#if defined(__ARM_FP) && (__ARM_FP & 4) && !defined(__aarch64__)
#define MW_U64_F32_BY_U32 1
#else
#define MW_U64_F32_BY_U32 0
#endif
#endif

// Computed-goto dispatch (GCC/Clang "labels as values"); 0 = portable switch.
#ifndef MW_COMPUTED_GOTO
#if defined(__GNUC__)
#define MW_COMPUTED_GOTO 1
#else
#define MW_COMPUTED_GOTO 0
#endif
#endif

// The interpreter's cold handlers (exec.c NEXT_COLD) jump to one shared copy
// of the computed-goto dispatch instead of carrying their own: about 1.1 KB
// less Thumb-2 text for one branch more per cold op. On where text is scarce
// (32-bit targets); 64-bit hosts keep a copy per handler.
#ifndef MW_SHARED_COLD_DISPATCH
#define MW_SHARED_COLD_DISPATCH (!MW_HOST_64)
#endif

// A taken branch reads the op at its target as pc[offset + k] before it
// moves pc there (exec.c NEXT_AT, BACK_AT, JUMP_IF): x86-64 then addresses
// that op from pc and the offset and moves pc with one `lea`, where pc =
// target first took one more, and a loop's back edge polls in place instead
// of joining a shared block: one instruction fewer per taken branch, about
// -1.4% Ir on whole programs (docs/benchmarks-history.md "Host speed (session 38)").
// Thumb-2 not measured: 0 there, and its mw_exec is byte for byte what it
// was. 1 or 0.
#ifndef MW_BRANCH_AT
#if defined(__x86_64__) && MW_FUSED_ARITH
#define MW_BRANCH_AT 1
#else
#define MW_BRANCH_AT 0
#endif
#endif

// Branch twins (mw_int.h MW_BR_TWIN_ROWS): each compare-and-branch row
// lowering makes becomes, once the function's targets are final, a form
// that only jumps forward (no poll) or only back (a loop's back edge: it
// polls), so a taken branch need not test its side at run time (a `cmp`
// and a `jge` on x86-64; docs/benchmarks.md "Branch twins (session 42)").
// Their handlers are text no board has room for (the small profile's 36
// KiB, wasm.mpy's margin on netduinoplus2) and their ops lie past
// MW_OP_COUNT, outside the op table an image records: so on for 64-bit
// hosts with the full profile's lowering and computed goto; off on every
// board, in wasm-cross (its images are the boards'), and in the op profile
// (its tables are the image format's ops). 1 or 0.
#ifndef MW_BRANCH_TWINS
#define MW_BRANCH_TWINS (MW_HOST_64 && MW_COMPUTED_GOTO && MW_FUSED_ARITH && MW_NARROW_IMM && MW_ALL_OPS && !MW_OP_PROFILE)
#endif
// (forced on elsewhere: no handler has a twin without the fused ops'
// lowering, none is a case of the switch, and the op profile's tables
// stop at MW_OP_COUNT)
#if MW_BRANCH_TWINS && !(MW_COMPUTED_GOTO && MW_FUSED_ARITH && MW_NARROW_IMM && MW_ALL_OPS && !MW_OP_PROFILE)
#error "MW_BRANCH_TWINS needs computed goto and the full profile's lowering (MW_FUSED_ARITH, MW_NARROW_IMM), not MW_OP_PROFILE"
#endif

// Address-threaded code (docs/engine.md "Threaded code"): each op of the
// code in RAM starts with its handler's address (MW_THREAD_UNITS units)
// before its op unit, so a dispatch is the pc step and one memory-indirect
// jump (`add $n, pc; jmp *-k(pc)`), where an op index costs a load more
// (`movzwl (pc); add; jmp *(table, op, 8)`: 8.5% of the host's Ir,
// docs/benchmarks-history.md "Speed baseline (session 40)"). Code with addresses in
// it is only for the build that made it: lowering, the lazy path and the
// image loader make the compact code first and thread it into RAM
// (code.c mw_thread_fill), so images stay the same on every build. On for
// x86-64 GCC hosts with computed goto and the full profile, where RAM is
// plentiful and code never runs from flash; off on Cortex-M (an address is
// 4 B more per op of RAM, and boards run images from flash), in the small
// profile, with the op profile (its walkers read compact code) and with
// clang (its asm goto handling not checked). 1 or 0.
#ifndef MW_THREADED
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && MW_COMPUTED_GOTO && MW_ALL_OPS \
    && MW_FUSED_ARITH && !MW_OP_PROFILE
#define MW_THREADED 1
#else
#define MW_THREADED 0
#endif
#endif
// (forced on elsewhere: a head is a label's address, the dispatch a
// computed goto; the op profile's walkers read compact code; and nothing
// runs it without the full profile's lowering)
#if MW_THREADED && !(defined(__GNUC__) && MW_COMPUTED_GOTO && MW_ALL_OPS && MW_FUSED_ARITH && !MW_OP_PROFILE)
#error "MW_THREADED needs GCC's computed goto and the full profile's lowering (MW_FUSED_ARITH), not MW_OP_PROFILE"
#endif

// A build that lowers code for a threaded engine without being one: wasm-cross
// (tools/wasm-cross/Makefile), whose --target host images a threaded host
// threads at load, where an image's function cannot be lowered again with
// far branches: lowering checks each function's branches reach threaded
// (mw_lower_thread_reach, code.c) and makes them far where not. 1 or 0.
#ifndef MW_THREAD_REACH
#define MW_THREAD_REACH 0
#endif

// The interpreter's memory-0 base and fast limit (exec.c: m0, m0_lim) in two
// fixed callee-saved registers (GCC local register variables). Left to its
// allocator, GCC 12 keeps both in mw_exec's stack frame, so every load and
// store reloads them (2 of the 16 instructions of an x86-64 LOAD32_U,
// docs/benchmarks-history.md "Speed (session 5)"). The registers are ones GCC saves
// itself and no ABI reserves there: x86-64 r14/r15; Thumb-2 (ARMv7-M and
// v8-M, AAPCS) r8/r9, which Thumb-1 (Cortex-M0) could only move. 0 elsewhere,
// and with clang, which binds such variables only for asm operands.
#ifndef MW_M0_REGS
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__thumb2__))
#define MW_M0_REGS 1
#else
#define MW_M0_REGS 0
#endif
#endif
#if MW_M0_REGS && defined(__x86_64__)
#define MW_M0_BASE_REG "r14"
#define MW_M0_LIM_REG "r15"
#elif MW_M0_REGS
#define MW_M0_BASE_REG "r8"
#define MW_M0_LIM_REG "r9"
#endif

// The running function's code (exec.c: `code`, the base of its branch
// targets) in a callee-saved register of its own too, where MW_M0_REGS puts
// m0: left to the allocator, GCC 12 keeps it in mw_exec's stack frame, and
// every taken branch, call and return reloads or spills it (x86-64: one
// instruction of a taken BR_NE_IMM's 11; Thumb-2 also its return). x86-64
// r13, Thumb-2 r10; measured in docs/benchmarks-history.md "Per-op cost (session 10)".
// The handler table's address (exec.c: `labels`) gets one too, where the
// allocator put it before the dispatch had one site (x86-64 r12, Thumb-2 r11).
#ifndef MW_CODE_REG
#define MW_CODE_REG MW_M0_REGS
#endif
#if MW_CODE_REG && defined(__x86_64__)
#define MW_CODE_REG_NAME "r13"
#define MW_LABELS_REG_NAME "r12"
#elif MW_CODE_REG
#define MW_CODE_REG_NAME "r10"
#define MW_LABELS_REG_NAME "r11"
#endif

// A memory fault inside wasm code (an access an MPU region or an mprotect'ed
// window refuses: the port's handler leaves the interpreter mid-instruction
// by a non-local exit) says where, as a trap does (mw.h
// mw_runtime_fault_trace): the frame top is in its register
// (MW_CODE_REG_NAME), which the port's fault handler reads from the faulting
// context, and the running instance is noted in the runtime where a call or
// a return switches instance (exec.c call_def, ret_switch; nothing on the
// paths within one instance). Needs MW_CODE_REG; off in the small profile,
// as MW_UNLOWER (its text: docs/benchmarks-history.md "wasm.mpy (session 29)").
#ifndef MW_FAULT_WHERE
#define MW_FAULT_WHERE (MW_UNLOWER && MW_CODE_REG)
#endif

// 64-bit hosts: memory 0's bounds test by guard pages, as WAMR and wasmtime
// do there. A memory of 64 KiB pages is a reservation of 8 GiB and a bit
// (mw_int.h MW_GUARD_RESERVE: every effective address base + offset < 2^33)
// of which only its current size is accessible, so the interpreter's
// memory-0 loads and stores make no compare (exec.c M0_FAST, M0_LOAD,
// M0_STORE: -5.6% Ir over 11 programs, docs/benchmarks.md) and the MMU
// finds every access outside it. The fault comes back to the engine
// (exec.c mw_guard_fault, called by the platform's signal handler):
// an address the slow path resolves (the last bytes of a memory whose
// size is not a page's multiple, shared heaps, windows) is done there and
// the code goes on; anything else is the trap the checked path gives, at
// the same op. The reservation and the handler are the platform's
// (mw.h mw_guard_set_ops; modwasm/host/guard_posix.c on POSIX), and a
// memory without one (refused, or the embedder's bytes) runs every access
// through that fault: correct, slow. x86-64 and GCC only (the access is
// one asm instruction the fault handler decodes from its note), and only
// in an embedder that installs the platform part before its first memory
// (the bench's runner, tests/engine): off by default, off under ASan,
// whose shadow memory cannot hold 8 GiB reservations. The Cortex-M boards
// have no MMU: their test stays, their code byte for byte the same.
#ifndef MW_GUARD_PAGES
#define MW_GUARD_PAGES 0
#endif
#if MW_GUARD_PAGES && !(defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) \
    && MW_M0_REGS \
    && MW_FAULT_WHERE && MW_ALL_OPS)
#error "MW_GUARD_PAGES needs x86-64, GCC and the full profile (MW_M0_REGS, MW_FAULT_WHERE)"
#endif

// Thumb-2, full profile: the poll's countdown (exec.c: countdown) in a
// callee-saved register of its own, r5 (r7 is fp's with an FPU,
// MW_FP_REG_NAME). Left to the allocator, GCC 12 keeps it in mw_exec's
// stack frame, and every call and loop back-edge loads it, decrements it
// and stores it back: mps2_an385 -0.8% instructions over the device
// kernels, mps2_an505 -0.5% (docs/benchmarks-history.md "Native distance (session
// 24)"). Not on x86-64's checked build, where rbp measured no gain; not in
// the small profile (text).
#if MW_CODE_REG && defined(__thumb2__) && MW_FUSED_ARITH && !defined(MW_COUNTDOWN_REG_NAME)
#define MW_COUNTDOWN_REG_NAME "r5"
#endif
// x86-64 with guard pages (MW_GUARD_PAGES): r15, which memory 0's limit
// held (guard pages test no limit), so a loop's back edge and a call count
// down with `sub $1, %r15d; js` instead of a load, a subtract and a store
// of the frame's copy: -1.06% Ir over 6 programs beside the branch twins
// (docs/benchmarks.md "Branch twins (session 42)"; in session 19, with the
// limit in r15 still, r15 taken from it spilled others). The guard's note
// names the register (exec.c GUARD_ASM), the fault handler reads it there.
#if MW_GUARD_PAGES && defined(__x86_64__) && !defined(MW_COUNTDOWN_REG_NAME)
#define MW_COUNTDOWN_REG_NAME "r15"
#endif

// Thumb-2 (ARMv7-M, ARMv8-M mainline): the computed goto's dispatch as one
// `ldr pc` from the handler table, whose entries then carry the Thumb bit
// (exec.c dispatch_ix). GCC jumps through a label's address with
// `ldr r3, [table, op, lsl #2]; orr r3, #1; bx r3`, as a label has no Thumb
// bit; the load to pc takes the table's entry as it is. Needs the table in
// a register of its own (MW_CODE_REG). 1 or 0.
#ifndef MW_LDR_PC_DISPATCH
#if MW_CODE_REG && defined(__thumb2__)
#define MW_LDR_PC_DISPATCH 1
#else
#define MW_LDR_PC_DISPATCH 0
#endif
#endif

// Thumb-2, GCC: every handler ends in its own dispatch (`ldrh` of the next
// op, `ldr pc` from the table of handler addresses) instead of a branch to
// the one shared `tbh`: an instruction and a branch less per op. GCC copies
// the dispatch block into its predecessors only where it optimizes for
// speed, so mw_exec is then compiled at -O2 (MW_DISPATCH_EACH_OPT). Costs
// text: the full profile's only (off with MW_ALL_OPS=0, and in a
// position-independent build, whose table of addresses would need a
// relocation per op). 1 or 0.
#ifndef MW_DISPATCH_EACH
#if MW_LDR_PC_DISPATCH && MW_ALL_OPS && MW_COMPUTED_GOTO && defined(__GNUC__) && !defined(__clang__) \
    && !defined(__PIC__)
#define MW_DISPATCH_EACH 1
#else
#define MW_DISPATCH_EACH 0
#endif
#endif
// ... without GCC's auto-increment pass where the core has no FPU: the
// pass, which folds a pointer's step into a load (`ldrb r1, [r2], #14`),
// took the first byte of a handler's operands as the place to move pc, on
// a copy of it, as the next op is still read from the old pc: `mov r2, r6`
// before and `mov r6, r2` at the dispatch, two instructions where none was
// needed, in 52 of mw_exec's dispatch sites (the fused loads' fast paths
// among them). Without it a handler moves pc with one `adds` beside its
// loads, and where a branch or a return sets pc, the next op's read and
// its step are written as the one `ldrh r3, [r6], #2` (exec.c NEXT_TO). mps2_an385's
// kernels: crc32 -2.7%, matmul_i32 -2.7%, none higher; mps2_an500's
// (Cortex-M7, double-precision FPU) the same and mandel_f64 -2.8%. Off
// where the FPU is single precision only: there (pc bound to r6,
// MW_PC_REG_NAME below) it raised nearly every kernel (netduinoplus2 crc32
// +3.9%, mps2_an505 calls +1.6%) (docs/benchmarks-history.md "Device speed
// (session 41)"). 1 or 0.
#ifndef MW_DISPATCH_POSTINC
#if MW_DISPATCH_EACH && defined(__thumb2__) && !(defined(__ARM_FP) && !(__ARM_FP & 8))
#define MW_DISPATCH_POSTINC 1
#else
#define MW_DISPATCH_POSTINC 0
#endif
#endif
#ifndef MW_DISPATCH_EACH_OPT
#if MW_DISPATCH_POSTINC
#define MW_DISPATCH_EACH_OPT "O2", "no-auto-inc-dec",
#else
#define MW_DISPATCH_EACH_OPT "O2",
#endif
#endif
// ... and, on a core with an FPU, the frame's slots (exec.c: fp) in r7:
// left to the allocator at -O2 with a single-precision FPU (Cortex-M4F,
// M33), GCC 12 keeps fp in the stack frame and every handler reloads it
// (mw_exec loads from the stack 596 times instead of 175; mps2_an505 +2.0%
// instructions instead of -4.4%). Without an FPU it finds a register of
// its own, and binding one costs (mps2_an385 -3.8% instead of -4.8%).
#if MW_DISPATCH_EACH && defined(__ARM_FP) && !defined(MW_FP_REG_NAME)
#define MW_FP_REG_NAME "r7"
#endif
// ... and pc (exec.c) in r6 where the FPU is single precision only: with
// fp bound, GCC 12 kept pc in the stack frame instead, every handler
// loading it first and storing it back before its dispatch (`ldr r1, [sp,
// #12]` .. `str r1, [sp, #12]`, 687 loads of it in mps2_an505's mw_exec),
// two instructions an op. With a double-precision FPU (Cortex-M7, M55) GCC
// keeps pc in a register itself, and binding it cost (mps2_an500 kernels
// +1% to +7%) (docs/benchmarks-history.md "Device speed (session 41)").
#if MW_DISPATCH_EACH && defined(MW_FP_REG_NAME) && defined(__ARM_FP) && !(__ARM_FP & 8) \
    && !defined(MW_PC_REG_NAME)
#define MW_PC_REG_NAME "r6"
#endif

// Thumb-2: the handler table as halfwords and the dispatch as one `tbh`
// (exec.c dispatch_ix): the table is half the size (2 B an op instead of 4)
// and needs no relocation per op (the assembler computes the rows), for the
// same one instruction per op as `ldr pc`. Needs the one dispatch site that
// -Os leaves (exec.c NEXT) and every handler after it: the assembler refuses
// the build otherwise. Replaces MW_LDR_PC_DISPATCH where on. 1 or 0.
#ifndef MW_TBH_DISPATCH
#if MW_LDR_PC_DISPATCH && MW_COMPUTED_GOTO && defined(__GNUC__) && !defined(__clang__) && !MW_DISPATCH_EACH
#define MW_TBH_DISPATCH 1
#else
#define MW_TBH_DISPATCH 0
#endif
#endif
#if MW_TBH_DISPATCH
#undef MW_LDR_PC_DISPATCH
#define MW_LDR_PC_DISPATCH 0
#endif

// A target without a double-precision square-root instruction (Cortex-M3,
// M4F: numeric.c MW_HW_SQRT=0) takes libm's sqrt for f64.sqrt and f32.sqrt's
// positive finite operands instead of the engine's digit-by-digit one (-312 B
// of Thumb-2): for an embedder that links libm anyway (the Cortex-M firmware:
// MicroPython's math module and float formatting). The NaN, zero, infinity
// and negative cases stay the engine's. Needs a correctly rounded sqrt
// (IEEE 754 requires one; newlib's is fdlibm's bit-by-bit e_sqrt.c):
// tests/hil/test_spec_floats.py compares every result with the host's, bit
// for bit. wasm.mpy (no libm) keeps 0. 1 or 0.
#ifndef MW_LIBM_SQRT
#define MW_LIBM_SQRT 0
#endif

#endif // MW_CONFIG_H
