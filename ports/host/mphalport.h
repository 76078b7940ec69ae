// SPDX-License-Identifier: MIT
// Host port HAL: stdio is the process's stdin/stdout.
#include <unistd.h>

static inline void mp_hal_set_interrupt_char(int c) {
    (void)c; // Ctrl-C arrives as SIGINT (see main.c).
}

// The scheduler's queue is shared with the SIGALRM handler of machine.Sampler
// (timer_host.c): block that signal while it is changed.
#include <signal.h>
static inline mp_uint_t mpwasm_host_atomic_begin(void) {
    sigset_t alarm, old;
    sigemptyset(&alarm);
    sigaddset(&alarm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alarm, &old);
    return sigismember(&old, SIGALRM);
}
static inline void mpwasm_host_atomic_end(mp_uint_t was_blocked) {
    if (!was_blocked) {
        sigset_t alarm;
        sigemptyset(&alarm);
        sigaddset(&alarm, SIGALRM);
        sigprocmask(SIG_UNBLOCK, &alarm, NULL);
    }
}
#define MICROPY_BEGIN_ATOMIC_SECTION()      mpwasm_host_atomic_begin()
#define MICROPY_END_ATOMIC_SECTION(state)   mpwasm_host_atomic_end(state)
