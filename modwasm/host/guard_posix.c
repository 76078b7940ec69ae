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

// The bytes all reservations have open, and the most they may (0: no limit).
// A memory's bytes are not in the embedder's heap, so this is what bounds
// them, as the heap bounded them without guard pages.
static size_t opened_now, opened_limit;
static void *(*keep_hook)(void *base);
static void (*collect_hook)(void);

// Each reservation's size and count of open bytes are in a page of its own
// before it (wasm reaches nothing below the base), read when it is given
// back: a collector's keeper gives back a base alone.
#define HEADER 4096u
typedef struct {
    size_t opened, size;
} header;
static header *header_of(void *base) {
    return (header *)(void *)((uint8_t *)base - HEADER);
}

// reserved, none of it accessible, never backed by swap until committed
static void *reserve_once(size_t size) {
    uint8_t *p = mmap(NULL, HEADER + size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    if (mprotect(p, HEADER, PROT_READ | PROT_WRITE) != 0) {
        munmap(p, HEADER + size);
        return NULL;
    }
    *(header *)(void *)p = (header){ 0, size };
    return p + HEADER;
}

static bool commit_once(void *base, size_t at, size_t size) {
    if (opened_limit != 0 && size > opened_limit - opened_now) {
        return false;
    }
    if (mprotect((uint8_t *)base + at, size, PROT_READ | PROT_WRITE) != 0) {
        return false;
    }
    opened_now += size;
    header_of(base)->opened += size;
    return true;
}

// A refusal may be the address space or the limit held by memories no one
// can reach any more: the embedder's collector gives their reservations
// back (their keepers), then once more.
static void *reserve(size_t size) {
    void *p = reserve_once(size);
    if (p == NULL && collect_hook != NULL) {
        collect_hook();
        p = reserve_once(size);
    }
    return p;
}

static bool commit(void *base, size_t at, size_t size) {
    if (commit_once(base, at, size)) {
        return true;
    }
    if (collect_hook == NULL) {
        return false;
    }
    collect_hook();
    return commit_once(base, at, size);
}

void mw_guard_posix_release(void *base) {
    opened_now -= header_of(base)->opened;
    munmap((uint8_t *)base - HEADER, HEADER + header_of(base)->size);
}

static void release(void *base, size_t size) {
    (void)size;               // (the header's)
    mw_guard_posix_release(base);
}

static size_t room(void) {
    return opened_limit == 0 ? SIZE_MAX : opened_limit - opened_now;
}

static void *keep(void *base) {
    return keep_hook(base);
}

static struct sigaction prev_segv, prev_bus;

// the engine's register order (x86-64 encoding) in ucontext's gregs
static const int greg_of[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

// The context of the fault the engine is resolving on this thread (its
// slow path's bytes touched from mw_guard_fault), NULL if none.
static _Thread_local ucontext_t *resolving;

// A fault while the engine did a faulting access on the bytes the slow
// path found (a board region's page, say): the handler before is given it
// as the wasm access's own, with the interpreter's registers (its frame
// top: the region's MemoryFault says where) and the access's address, so
// the stack of the two handlers is left as one fault's.
static void as_the_access(ucontext_t *uc, const ucontext_t *outer) {
    for (int i = 0; i < 16; i++) {
        uc->uc_mcontext.gregs[greg_of[i]] = outer->uc_mcontext.gregs[greg_of[i]];
    }
    uc->uc_mcontext.gregs[REG_RIP] = outer->uc_mcontext.gregs[REG_RIP];
    uc->uc_mcontext.gregs[REG_EFL] = outer->uc_mcontext.gregs[REG_EFL];
}

static void on_fault(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = ctx;
    if (resolving != NULL) {
        as_the_access(uc, resolving);
        resolving = NULL;
    } else {
        uint64_t regs[16];
        for (int i = 0; i < 16; i++) {
            regs[i] = (uint64_t)uc->uc_mcontext.gregs[greg_of[i]];
        }
        uint64_t ip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
        resolving = uc;
        mw_guard_result r = mw_guard_fault(regs, &ip);
        resolving = NULL;
        switch (r) {
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

void mw_guard_posix_install(size_t limit, void *(*keeper)(void *base), void (*collect)(void)) {
    static mw_guard_ops ops = { reserve, commit, release, room, NULL };
    ops.keep = keeper != NULL ? keep : NULL;
    keep_hook = keeper;
    collect_hook = collect;
    opened_limit = limit;
    mw_guard_set_ops(&ops);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &prev_segv);
    sigaction(SIGBUS, &sa, &prev_bus);
}
