// SPDX-License-Identifier: MIT
// guard_posix.c: see guard_posix.h. Outside the engine: the engine knows no
// signals, the address space or the registers' place in a signal's context;
// it is handed the registers and says what became of the fault.
#define _GNU_SOURCE // REG_RIP and friends in ucontext.h
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "mw.h"
#include "guard_posix.h"

// reserved, none of it accessible, never backed by swap until committed
static void *reserve(size_t size) {
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static bool commit(void *base, size_t size) {
    return mprotect(base, size, PROT_READ | PROT_WRITE) == 0;
}

static void release(void *base, size_t size) {
    munmap(base, size);
}

static struct sigaction prev_segv, prev_bus;

// the engine's register order (x86-64 encoding) in ucontext's gregs
static const int greg_of[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static void on_fault(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = ctx;
    uint64_t regs[16];
    for (int i = 0; i < 16; i++) {
        regs[i] = (uint64_t)uc->uc_mcontext.gregs[greg_of[i]];
    }
    uint64_t ip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    switch (mw_guard_fault(regs, &ip)) {
        case MW_GUARD_RESUMED:
            for (int i = 0; i < 16; i++) {
                uc->uc_mcontext.gregs[greg_of[i]] = (greg_t)regs[i];
            }
            uc->uc_mcontext.gregs[REG_RIP] = (greg_t)ip;
            return;
        case MW_GUARD_TRAPPED: {
            // the engine leaves by a longjmp, which restores no signal mask
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, sig);
            sigprocmask(SIG_UNBLOCK, &set, NULL);
            mw_guard_leave();
        }
        default:
            break;
    }
    const struct sigaction *prev = sig == SIGSEGV ? &prev_segv : &prev_bus;
    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, info, ctx);
    } else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
    } else {
        signal(sig, SIG_DFL);     // the instruction faults again, now fatally
    }
}

void mw_guard_posix_install(void) {
    static const mw_guard_ops ops = { reserve, commit, release };
    mw_guard_set_ops(&ops);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &prev_segv);
    sigaction(SIGBUS, &sa, &prev_bus);
}
