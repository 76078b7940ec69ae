// SPDX-License-Identifier: MIT
// Built with -matomics and a shared memory: mpwasm refuses it with CompileError naming threads.
_Atomic int counter;

__attribute__((export_name("inc"))) int inc(void) {
    return ++counter;
}
