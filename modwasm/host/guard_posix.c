// SPDX-License-Identifier: MIT
// guard_posix.c: see guard_posix.h. Outside the engine: the engine knows no
// signals, the address space or the registers' place in a signal's context;
// it is handed the registers and says what became of the fault.
#define _GNU_SOURCE // REG_RIP and friends in ucontext.h
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

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

// ---- shown pages: heaps' and windows' bytes mapped into reservations ----
// A heap's or a window's bytes can be shown at their app address in a
// reservation (mw.h mw_guard_ops show) where they are a file's pages mapped
// MAP_SHARED (a memfd, a POSIX shm object): mapped again there from the same
// file, one page is then seen at both addresses, in every reservation that
// shows it. The pages a show maps must be whole and agree within a page
// (native and app address equal modulo PAGE); anything else stays to the
// fault path.
#define PAGE ((uint64_t)4096)
#define MAX_SHAREABLE 8

typedef struct {
    const uint8_t *bytes;
    size_t size;
    int fd;                   // the file, mapped at offset, open while registered
    off_t offset;
} shareable;
static shareable shareables[MAX_SHAREABLE];
static size_t nshareable;
static bool show_none;        // mw_guard_posix_show_none: no show op

void mw_guard_posix_show_none(void) {
    show_none = true;
}

bool mw_guard_posix_shareable(const void *bytes, size_t size, int fd, off_t offset) {
    if (nshareable == MAX_SHAREABLE || (uintptr_t)bytes % PAGE != 0 || offset % (off_t)PAGE != 0) {
        return false;
    }
    shareables[nshareable++] = (shareable){ bytes, size, fd, offset };
    return true;
}

void mw_guard_posix_unshareable(const void *bytes) {
    for (size_t i = 0; i < nshareable; i++) {
        if (shareables[i].bytes == bytes) {
            shareables[i] = shareables[--nshareable];
            return;
        }
    }
}

void *mw_guard_posix_shared_bytes(size_t size, bool exec, const char *name) {
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    void *p = MAP_FAILED;
    if (ftruncate(fd, (off_t)size) == 0) {
        p = mmap(NULL, size, PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0), MAP_SHARED, fd, 0);
    }
    if (p != MAP_FAILED && !mw_guard_posix_shareable(p, size, fd, 0)) {
        munmap(p, size);
        p = MAP_FAILED;
    }
    if (p == MAP_FAILED) {
        close(fd);
        return NULL;
    }
    return p;
}

// The registered file holding all `size` bytes at p, or NULL.
static const shareable *shareable_of(const uint8_t *p, uint64_t size) {
    for (size_t i = 0; i < nshareable; i++) {
        const shareable *s = &shareables[i];
        if (p >= s->bytes && (uint64_t)(p - s->bytes) <= s->size && size <= s->size - (uint64_t)(p - s->bytes)) {
            return s;
        }
    }
    return NULL;
}

// The reservations not given back: a show or hide may name one that was
// (an instance's finaliser detaching after its memory's keeper gave the
// reservation back in the same collection), and must then touch nothing:
// the addresses are no longer ours.
static void **live;
static size_t nlive, live_cap;

static bool live_add(void *base) {
    if (nlive == live_cap) {
        size_t cap = live_cap != 0 ? 2 * live_cap : 64;
        void **n = realloc(live, cap * sizeof(*live));
        if (n == NULL) {
            return false;
        }
        live = n;
        live_cap = cap;
    }
    live[nlive++] = base;
    return true;
}

static bool live_has(const void *base) {
    for (size_t i = nlive; i-- > 0;) {
        if (live[i] == base) {
            return true;
        }
    }
    return false;
}

static void live_drop(const void *base) {
    for (size_t i = nlive; i-- > 0;) {
        if (live[i] == base) {
            live[i] = live[--nlive];
            return;
        }
    }
}

// [at, at + size) of the reservation at base inaccessible again: one new
// mapping as the reservation's own, in place of whatever was shown there
static void unshow(uint8_t *at, uint64_t size) {
    mmap(at, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
}

static bool show(void *base, uint64_t at, const uint8_t *native, uint64_t size, bool readonly, bool seam_below) {
    uint64_t lo = (at + PAGE - 1) & ~(PAGE - 1);
    uint64_t hi = (at + size) & ~(PAGE - 1);
    if (seam_below && lo == at) {
        lo += PAGE;
    }
    if (lo >= hi || ((uintptr_t)native - at) % PAGE != 0 || !live_has(base)) {
        return false;
    }
    const uint8_t *from = native + (lo - at);
    const shareable *s = shareable_of(from, hi - lo);
    if (s == NULL) {
        return false;
    }
    uint8_t *to = (uint8_t *)base + lo;
    if (mmap(to, hi - lo, PROT_READ | (readonly ? 0 : PROT_WRITE), MAP_SHARED | MAP_FIXED, s->fd,
        s->offset + (off_t)(from - s->bytes)) == MAP_FAILED) {
        unshow(to, hi - lo);      // (a refused MAP_FIXED may have unmapped the range)
        return false;
    }
    return true;
}

static void hide(void *base, uint64_t at, uint64_t size) {
    uint64_t lo = at & ~(PAGE - 1);
    uint64_t hi = (at + size + PAGE - 1) & ~(PAGE - 1);
    if (lo < hi && live_has(base)) {
        unshow((uint8_t *)base + lo, hi - lo);
    }
}

// reserved, none of it accessible, never backed by swap until committed
static void *reserve_once(size_t size) {
    uint8_t *p = mmap(NULL, HEADER + size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
    if (mprotect(p, HEADER, PROT_READ | PROT_WRITE) != 0 || !live_add(p + HEADER)) {
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
    live_drop(base);
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
    static mw_guard_ops ops = { reserve, commit, release, room, NULL, NULL, NULL };
    if (!show_none && sysconf(_SC_PAGESIZE) == (long)PAGE) {
        ops.show = show;
        ops.hide = hide;
    }
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
