// SPDX-License-Identifier: MIT
// The compiler's dead stack is zeroed before the code it compiled runs.
//
// mp_compile's frames (compile_scope, the emitters) and the parser's before
// them leave the addresses of what they free (scopes, parse-tree chunks,
// emitters) on the C stack below the caller. The compiled code's frames are
// then built over that stack, and a slot that a frame never writes (a local
// of a path the code does not take) keeps such a word for as long as the
// code runs: the conservative collector follows it to whatever is allocated
// at that address later and keeps it alive. Found with gdb on lm3s6965evb
// built with LTO=1 (test_wasi_board's args_and_exit_codes): the module-level
// mp_execute_bytecode's frame, sp+32 (UNPACK_EX's sequence, never written by
// the snippet), kept compile_scope's freed scope_t address; the first
// Instance put a WASI host function's record there, which holds the instance
// and its 12 KiB memory, so the next Instance raised MemoryError. Every
// build leaves such words (lm3s6965evb: 367 below a snippet whose compile
// nests 30 calls; test_soak_board's test_compile_leaves_no_word_below_the_
// code_it_runs); which slot keeps one depends on the inlining.
//
// The link wraps mp_compile (-Wl,--wrap=mp_compile; py/compile.o stays out
// of LTO=1 so that every call reaches the wrap, scripts/check_wrap.py):
// after the compile, every word from the stack guard up to the caller's
// frame is zeroed, as a cold boot finds it (8 KiB at most, once per compile).

#include <stdint.h>

#include "py/compile.h"
#include "py/mphal.h"

#include "mpu.h"

extern uint32_t _sstack;

mp_obj_t __real_mp_compile(mp_parse_tree_t *parse_tree, qstr source_file, bool is_repl);
mp_obj_t __wrap_mp_compile(mp_parse_tree_t *parse_tree, qstr source_file, bool is_repl);

// Zero the stack below this function's own frame: a leaf, so nothing it calls
// lives there; an interrupt's stacked frame there is gone once it returns.
static MP_NOINLINE void compile_clear_dead_stack(void) {
    uint32_t sp;
    __asm volatile ("mov %0, sp" : "=r" (sp));
    volatile uint32_t *p = (volatile uint32_t *)((uintptr_t)&_sstack + MPU_STACK_GUARD_SIZE);
    while ((uintptr_t)p < sp) {
        *p++ = 0;
    }
}

mp_obj_t __wrap_mp_compile(mp_parse_tree_t *parse_tree, qstr source_file, bool is_repl) {
    mp_obj_t fun = __real_mp_compile(parse_tree, source_file, is_repl);
    compile_clear_dead_stack();
    return fun;
}
