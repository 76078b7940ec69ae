// SPDX-License-Identifier: MIT
// Host port regions: fixed memory areas like a board's, each its own mmap
// with mprotect enforcing its access; a SIGSEGV/SIGBUS inside one becomes
// board.MemoryFault in the running Python code, as the MPU fault does on the
// boards. A region may be backed by a POSIX shared-memory object, so two
// host processes share it with zero copy.
//
// Default regions mirror the QEMU boards': shared (rw), rodata (ro, filled
// with a known pattern before it is protected), guard (none). More with
//   micropython -X region=NAME:SIZE[:ACCESS[:SHM]]
// e.g. -X region=ipc:65536:rw:/mpwasm-ipc (SHM is created if missing).

#define _GNU_SOURCE // REG_RIP and friends in ucontext.h
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "py/mpstate.h"
#include "py/runtime.h"

#include "ports/common/regions.h"
#include "ports/host/regions_host.h"
#include "modwasm/engine/mw_config.h"   // MW_FAULT_WHERE, MW_GUARD_PAGES
#if MW_GUARD_PAGES
#include "modwasm/host/guard_posix.h"
#endif

#define MAX_REGIONS (16)
#define NAME_MAX_LEN (31)

typedef struct {
    mpwasm_region_t r;
    char name[NAME_MAX_LEN + 1];
    int fd;                   // the file a shown rw region is mapped from (kept open), else -1
} host_region_t;

static host_region_t regions[MAX_REGIONS];
static size_t num_regions;

// The last fault, for the trampoline (one thread: no locking).
static uintptr_t fault_addr;
static const char *fault_access;
static uintptr_t fault_frame_top;   // the engine's frame register (mpwasm_fault_frame_top)
// ... in a signal's context (mw_config.h MW_CODE_REG_NAME: r13 on x86-64;
// the engine checks it is a frame top)
#if MW_FAULT_WHERE && defined(__x86_64__)
#define FRAME_TOP(uc) ((uintptr_t)(uc)->uc_mcontext.gregs[REG_R13])
#else
#define FRAME_TOP(uc) ((uintptr_t)0)
#endif

uintptr_t mpwasm_fault_frame_top(void) {
    return fault_frame_top;
}

static const host_region_t *region_at(uintptr_t addr) {
    for (size_t i = 0; i < num_regions; i++) {
        if (addr - regions[i].r.base < regions[i].r.size) {
            return &regions[i];
        }
    }
    return NULL;
}

const mpwasm_region_t *mpwasm_region_get(size_t i) {
    return i < num_regions ? &regions[i].r : NULL;
}

const mpwasm_region_t *mpwasm_region_find(const char *name) {
    for (size_t i = 0; i < num_regions; i++) {
        if (strcmp(regions[i].name, name) == 0) {
            return &regions[i].r;
        }
    }
    return NULL;
}

const char *mpwasm_region_describe(uintptr_t addr, const mpwasm_region_t **region) {
    const host_region_t *r = region_at(addr);
    *region = r ? &r->r : NULL;
    return r ? r->name : "unmapped";
}

static int prot_of(uint8_t access) {
    return access == MPWASM_REGION_RW ? PROT_READ | PROT_WRITE : access == MPWASM_REGION_RO ? PROT_READ : PROT_NONE;
}

static bool parse_access(const char *s, uint8_t *access) {
    for (uint8_t a = MPWASM_REGION_NONE; a <= MPWASM_REGION_RW; a++) {
        if (strcmp(s, mpwasm_region_access_str(a)) == 0) {
            *access = a;
            return true;
        }
    }
    return false;
}

// Map a region; returns an error message or NULL.
static const char *region_add(const char *name, size_t size, uint8_t access, const char *shm) {
    if (strlen(name) == 0 || strlen(name) > NAME_MAX_LEN) {
        return "name must be 1 to 31 characters";
    }
    if (size == 0 || size % (size_t)sysconf(_SC_PAGESIZE) != 0) {
        return "size must be a positive multiple of the page size (4096)";
    }
    host_region_t *slot = NULL;
    for (size_t i = 0; i < num_regions; i++) {
        if (strcmp(regions[i].name, name) == 0) {
            #if MW_GUARD_PAGES
            if (regions[i].fd >= 0) {
                mw_guard_posix_unshareable((void *)regions[i].r.base);
                close(regions[i].fd);
            }
            #endif
            munmap((void *)regions[i].r.base, regions[i].r.size);
            slot = &regions[i];
        }
    }
    if (slot == NULL) {
        if (num_regions == MAX_REGIONS) {
            return "too many regions (16 at most)";
        }
        slot = &regions[num_regions++];
    }
    void *p;
    int fd = -1;
    if (shm != NULL) {
        fd = shm_open(shm, O_RDWR | O_CREAT, 0600);
        if (fd < 0) {
            return strerror(errno);
        }
        if (ftruncate(fd, size) != 0) {
            close(fd);
            return strerror(errno);
        }
    }
    #if MW_GUARD_PAGES
    else if (access == MPWASM_REGION_RW) {
        // a file's pages (a memfd), as the GC heap's (main.c): a heap or a
        // window over the region is then shown in each memory's reservation
        // (modwasm/host/guard_posix.h). Refused: private pages, the fault path
        fd = memfd_create(name, MFD_CLOEXEC);
        if (fd >= 0 && ftruncate(fd, size) != 0) {
            close(fd);
            fd = -1;
        }
    }
    #endif
    if (fd >= 0) {
        p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    } else {
        p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    #if MW_GUARD_PAGES
    // a rw region's pages only: the others' faults are the regions' own
    // (board.MemoryFault), which a shown page would not raise
    if (fd >= 0 && (p == MAP_FAILED || access != MPWASM_REGION_RW || !mw_guard_posix_shareable(p, size, fd, 0))) {
        close(fd);
        fd = -1;
    }
    #else
    if (fd >= 0) {
        close(fd);
        fd = -1;
    }
    #endif
    if (p == MAP_FAILED) {
        return strerror(errno);
    }
    if (access == MPWASM_REGION_RO && shm == NULL) {
        // Constant data "placed by the build": byte i is i & 0xff.
        for (size_t i = 0; i < size; i++) {
            ((uint8_t *)p)[i] = (uint8_t)i;
        }
    }
    mprotect(p, size, prot_of(access));
    strcpy(slot->name, name);
    slot->r.name = slot->name;
    slot->r.base = (uintptr_t)p;
    slot->r.size = size;
    slot->r.access = access;
    slot->fd = fd;
    return NULL;
}

bool regions_host_add_spec(const char *spec) {
    // NAME:SIZE[:ACCESS[:SHM]]
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", spec);
    char *fields[4] = { NULL };
    char *save = NULL;
    int n = 0;
    for (char *tok = strtok_r(buf, ":", &save); tok && n < 4; tok = strtok_r(NULL, ":", &save)) {
        fields[n++] = tok;
    }
    uint8_t access = MPWASM_REGION_RW;
    char *end = NULL;
    size_t size = n >= 2 ? strtoul(fields[1], &end, 0) : 0;
    const char *err = NULL;
    if (n < 2 || *end != '\0') {
        err = "expected NAME:SIZE[:ACCESS[:SHM]]";
    } else if (n >= 3 && !parse_access(fields[2], &access)) {
        err = "access must be rw, ro or none";
    } else {
        err = region_add(fields[0], size, access, n >= 4 ? fields[3] : NULL);
    }
    if (err != NULL) {
        fprintf(stderr, "micropython: -X region=%s: %s\n", spec, err);
        return false;
    }
    return true;
}

NORETURN static void fault_trampoline(void) {
    mpwasm_raise_memory_fault(fault_addr, fault_access);
}

static void fault_signal(int sig, siginfo_t *info, void *ctx) {
    ucontext_t *uc = ctx;
    uintptr_t addr = (uintptr_t)info->si_addr;
    if (region_at(addr) == NULL || MP_STATE_THREAD(nlr_top) == NULL) {
        // Not ours to recover: die as the signal would have made us.
        fprintf(stderr, "micropython: fatal signal %d at address %p\n", sig, info->si_addr);
        signal(sig, SIG_DFL);
        return; // the instruction faults again, now fatally
    }
    fault_addr = addr;
    // x86-64 page-fault error code: bit 1 set for a write, bit 4 for a fetch.
    greg_t err = uc->uc_mcontext.gregs[REG_ERR];
    fault_access = (err & 16) ? "execute" : (err & 2) ? "write" : "read";
    // the interpreter's frame top, where the fault was in wasm code
    fault_frame_top = FRAME_TOP(uc);
    // Return into the trampoline as if the faulting code had called it: below
    // the red zone, 16-byte aligned less the return address.
    uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
    sp = ((sp - 128) & ~(uintptr_t)15) - 8;
    uc->uc_mcontext.gregs[REG_RSP] = (greg_t)sp;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)fault_trampoline;
}

void regions_host_init(void) {
    static const struct {
        const char *name;
        size_t size;
        uint8_t access;
    } defaults[] = {
        { "shared", 64 * 1024, MPWASM_REGION_RW },
        { "rodata", 4 * 1024, MPWASM_REGION_RO },
        { "guard", 4 * 1024, MPWASM_REGION_NONE },
    };
    for (size_t i = 0; i < MP_ARRAY_SIZE(defaults); i++) {
        if (mpwasm_region_find(defaults[i].name) == NULL) {
            region_add(defaults[i].name, defaults[i].size, defaults[i].access, NULL);
        }
    }
    struct sigaction sa = { 0 };
    sa.sa_sigaction = fault_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}
