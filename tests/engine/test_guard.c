// SPDX-License-Identifier: MIT
// Memory 0's bounds test by guard pages (mw_config.h MW_GUARD_PAGES), without
// MicroPython: run by tests/host/test_guard_pages.py, built twice, with guard
// pages (and modwasm/host/guard_posix.c) and checked, and the two transcripts
// it prints compared line for line: every access's value or trap, the trap's
// wasm offset and the fuel left after it, at every width, at the memory's
// end and the reservation's, after grows, in a fused loop, in a call from a
// host function, through a shared heap, through the embedder's own bytes (no
// reservation: every access through the fault), and a fault that is not
// wasm's reaching the handler installed before. Lines starting with '#'
// differ between the builds by design (what the guard build alone checks).
// argv[1]: tests/engine/guard.wat built.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "mw.h"
#include "mw_config.h"
#include "check.h"
#if MW_GUARD_PAGES
#include "guard_posix.h"
#endif

static mw_runtime *rt;
static mw_module *mod;
static mw_func *cb_target;        // what the host function "cb" calls back
static volatile uint8_t *forbidden;   // a page no one may touch (foreign faults)
static bool cb_faults;            // "cb" touches it
static sigjmp_buf foreign_env;
static int foreign_faults;

static const struct {
    uint16_t nparams, nresults;
    uint8_t types[2];
} CB_TYPE = { 1, 1, { MW_I32, MW_I32 } };

// the handler installed before the engine's: a fault of the test's own
static void foreign_handler(int sig) {
    (void)sig;
    foreign_faults++;
    siglongjmp(foreign_env, 1);
}

#if MW_GUARD_PAGES
// --lookups N: what the engine's part of a fault costs, measured under
// callgrind (a real fault is not counted there): from a wasm call, each
// noted access's address N times, and an address no note names as often,
// given to mw_guard_fault with every register 0 (an address of no memory's:
// each answer MW_GUARD_NOT_OURS, after the note is found and its operands
// read). Each note's first field is its access's address relative to the
// field, 16 bytes a note (exec.c guard_site).
extern const char __start_mw_guard_sites[], __stop_mw_guard_sites[];
static long lookups;

static __attribute__((noinline)) long lookups_noted(void) {
    long ours = 0;
    for (const char *s = __start_mw_guard_sites; s < __stop_mw_guard_sites; s += 16) {
        int32_t rel;
        memcpy(&rel, s, sizeof(rel));
        uint64_t regs[16] = { 0 }, ip = (uint64_t)(uintptr_t)s + (uint64_t)(int64_t)rel;
        ours += mw_guard_fault(regs, &ip) != MW_GUARD_NOT_OURS;
    }
    return ours;
}

static __attribute__((noinline)) long lookups_foreign(void) {
    long ours = 0;
    for (const char *s = __start_mw_guard_sites; s < __stop_mw_guard_sites; s += 16) {
        uint64_t regs[16] = { 0 }, ip = (uint64_t)(uintptr_t)&lookups_foreign;
        ours += mw_guard_fault(regs, &ip) != MW_GUARD_NOT_OURS;
    }
    return ours;
}
#endif

static mw_status cb(void *ctx, mw_func *self, mw_val *slots) {
    (void)ctx;
    (void)self;
    #if MW_GUARD_PAGES
    if (lookups != 0) {
        long ours = 0;
        for (long i = 0; i < lookups; i++) {
            ours += lookups_noted() + lookups_foreign();
        }
        printf("# %ld x %ld lookups, %ld taken\n", lookups,
            (long)(__stop_mw_guard_sites - __start_mw_guard_sites) / 16, ours);
        return MW_OK;
    }
    #endif
    if (cb_faults) {
        return (mw_status)forbidden[0];   // faults: the handler before the engine's takes it
    }
    mw_val r;
    mw_status st = mw_call(rt, cb_target, slots, &r, NULL);
    printf("  cb(%u): %s %u\n", slots[0].i32, st == MW_OK ? "ok" : mw_status_str(st), st == MW_OK ? r.i32 : 0);
    slots[0].i32 = st == MW_OK ? r.i32 : 0xdead;
    return MW_OK;
}

static mw_func *func_of(mw_instance *inst, const char *name) {
    for (uint32_t i = 0; i < mw_module_num_exports(mod); i++) {
        mw_extern_desc d;
        mw_module_export(mod, i, &d);
        if (d.name_len == strlen(name) && memcmp(d.name, name, d.name_len) == 0) {
            mw_import imp;
            mw_instance_export(inst, i, &imp);
            return imp.func;
        }
    }
    printf("FAIL no export %s\n", name);
    exit(1);
}

static mw_instance *instantiate(mw_memory *mem, mw_func *cbf) {
    mw_import imports[2] = { { .memory = mem }, { .func = cbf } };
    mw_instance *inst = NULL;
    mw_status st = mw_instantiate(rt, mod, imports, NULL, &inst);
    CHECK(st == MW_OK && inst != NULL);
    return inst;
}

// name(a, b): its value (kind 'i' i32, 'l' i64, 'f' f64, 'v' none), or the
// trap with its wasm offset and the fuel left
static uint64_t call(mw_instance *inst, const char *name, char kind, uint32_t a, uint64_t b, int nargs) {
    mw_val args[2] = { { .i32 = a }, { .i64 = b } }, res = { .i64 = 0 };
    int64_t fuel = 1000000;
    mw_status st = mw_call(rt, func_of(inst, name), args, &res, &fuel);
    printf("%s(%u", name, a);
    if (nargs == 2) {
        printf(", %llu", (unsigned long long)b);
    }
    if (st == MW_OK) {
        if (kind == 'i') {
            printf(") -> %u", res.i32);
        } else if (kind == 'l') {
            printf(") -> %llu", (unsigned long long)res.i64);
        } else if (kind == 'f') {
            printf(") -> %a", res.f64);
        } else {
            printf(") -> ok");
        }
        printf(" fuel %lld\n", (long long)fuel);
        return kind == 'i' ? res.i32 : res.i64;
    }
    uint32_t off = 0;
    mw_status ost = mw_trap_offset(rt, 0, &off);
    printf(") -> trap '%s' at %s %u, depth %u, fuel %lld\n", mw_status_str(st),
        ost == MW_OK ? "offset" : "no offset", off, mw_trap_trace(rt, 0, &(mw_trap_frame){ 0 }), (long long)fuel);
    return UINT64_MAX;
}

static const struct {
    const char *name;
    char kind;
    uint32_t n;
} LOADS[] = {
    { "ld8u", 'i', 1 }, { "ld8s", 'i', 1 }, { "ld16u", 'i', 2 }, { "ld16s", 'l', 2 },
    { "ld32", 'i', 4 }, { "ld32s", 'l', 4 }, { "ld64", 'l', 8 }, { "ldf64", 'f', 8 },
};
static const struct {
    const char *name;
    uint32_t n;
} STORES[] = { { "st8", 1 }, { "st16", 2 }, { "st32", 4 }, { "st64", 8 } };

// every load and store at the last bytes of a memory of `size` bytes and
// past it, up to the top of the address space
static void edges(mw_instance *inst, uint32_t size) {
    for (size_t i = 0; i < sizeof(LOADS) / sizeof(LOADS[0]); i++) {
        uint32_t n = LOADS[i].n;
        const uint32_t at[] = { 0, size - n - 1, size - n, size - n + 1, size - 1, size, size + 4096,
                                0x7fffffffu, 0xfffffff8u, 0xffffffffu };
        for (size_t j = 0; j < sizeof(at) / sizeof(at[0]); j++) {
            call(inst, LOADS[i].name, LOADS[i].kind, at[j], 0, 1);
        }
    }
    for (size_t i = 0; i < sizeof(STORES) / sizeof(STORES[0]); i++) {
        uint32_t n = STORES[i].n;
        const uint32_t at[] = { size - n, size - n + 1, size, 0xffffffffu };
        for (size_t j = 0; j < sizeof(at) / sizeof(at[0]); j++) {
            call(inst, STORES[i].name, 'v', at[j], 0x1122334455667788ull + i, 2);
        }
    }
    call(inst, "stf32", 'v', size - 4, 0, 2);
    call(inst, "stf32", 'v', size - 3, 0, 2);
    call(inst, "ldfar", 'i', 0, 0, 1);
    call(inst, "ldfar", 'i', 0xffffffffu, 0, 1);
    call(inst, "ldoff", 'i', 0, 0, 1);
    call(inst, "ldoff", 'i', size - 65532 - 4, 0, 1);
    call(inst, "ldoff", 'i', size - 65532 - 3, 0, 1);
    call(inst, "ldoff", 'i', 0xffffffffu, 0, 1);
    call(inst, "ld64", 'l', size - 8, 0, 1);     // what the stores left
}

static void fill(mw_memory *mem) {
    uint8_t *p = mw_memory_data(mem);
    for (size_t i = 0; i < mw_memory_size(mem); i++) {
        p[i] = (uint8_t)(i * 7 + 3);
    }
}

static long vm_size_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "VmSize:", 7) == 0) {
            kb = strtol(line + 7, NULL, 10);
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return kb;
}

static void test_own_memory(mw_func *cbf) {
    printf("== a memory of the engine's (with guard pages: a reservation)\n");
    const mw_limits lim = { .min = 1, .max = 3, .has_max = true, .page_log2 = 16 };
    mw_memory *mem;
    CHECK(mw_memory_new(rt, &lim, &mem) == MW_OK);
    fill(mem);
    #if MW_GUARD_PAGES
    // a reservation: the byte after the memory faults (into the handler
    // before the engine's: no wasm call runs), then no longer once grown
    int faults = foreign_faults;
    if (sigsetjmp(foreign_env, 1) == 0) {
        (void)((volatile uint8_t *)mw_memory_data(mem))[65536];
    }
    printf("# the byte after the memory faults: %d\n", foreign_faults - faults);
    CHECK(foreign_faults == faults + 1);
    #endif
    mw_instance *inst = instantiate(mem, cbf);
    edges(inst, 65536);
    printf("== after memory.grow\n");
    call(inst, "grow", 'i', 1, 0, 1);
    call(inst, "size", 'i', 0, 0, 0);
    CHECK(mw_memory_data(mem)[65536] == 0 && mw_memory_data(mem)[2 * 65536 - 1] == 0);
    edges(inst, 2 * 65536);
    call(inst, "grow", 'i', 5, 0, 1);
    CHECK(mw_memory_grow(rt, mem, 1) == 2);       // the embedder's grow
    edges(inst, 3 * 65536);
    printf("== a fused loop that runs off the end\n");
    call(inst, "sum", 'i', 3 * 65536 - 16, 8, 2);
    call(inst, "ld32", 'i', 3 * 65536 - 16, 0, 1);
    call(inst, "sum", 'i', 3 * 65536 - 16, 4, 2);
    printf("== a host function's call back into wasm\n");
    cb_target = func_of(inst, "ld32");
    call(inst, "nested", 'i', 0xfffffff0u, 8, 2);
    call(inst, "nested", 'i', 8, 0xfffffff0u, 2);
    call(inst, "nested", 'i', 8, 16, 2);
    printf("== a shared heap at the top of the address space\n");
    static uint8_t heap_bytes[4096];
    for (size_t i = 0; i < sizeof(heap_bytes); i++) {
        heap_bytes[i] = (uint8_t)(i ^ 0x5a);
    }
    mw_sheap *heap;
    CHECK(mw_sheap_new(rt, heap_bytes, sizeof(heap_bytes), false, NULL, &heap) == MW_OK);
    CHECK(mw_instance_attach(rt, inst, heap, false) == MW_OK);
    const uint32_t top = 0xffffffffu - 4095;
    call(inst, "ld32", 'i', top, 0, 1);
    call(inst, "ld64", 'l', top + 4088, 0, 1);
    call(inst, "ld8s", 'i', top + 4095, 0, 1);
    call(inst, "ld32", 'i', top + 4094, 0, 1);    // past the heap's end
    call(inst, "ld32", 'i', top - 2, 0, 1);       // from below into it
    call(inst, "st32", 'v', top + 100, 0xa1b2c3d4u, 2);
    CHECK(heap_bytes[100] == 0xd4 && heap_bytes[103] == 0xa1);
    call(inst, "st8", 'v', top + 4095, 0x77, 2);
    CHECK(heap_bytes[4095] == 0x77);
    call(inst, "nested", 'i', top, top + 8, 2);
    mw_instance_detach(inst);
    CHECK(mw_instance_attach(rt, inst, heap, true) == MW_OK);
    call(inst, "ld32", 'i', top + 100, 0, 1);
    call(inst, "st32", 'v', top + 100, 1, 2);     // read-only: traps
    mw_instance_detach(inst);
    call(inst, "ld32", 'i', top, 0, 1);           // detached: traps
    mw_instance_free(rt, inst);
    mw_memory_free(rt, mem);
}

static void test_embedder_bytes(mw_func *cbf) {
    printf("== the embedder's bytes (with guard pages: every access through the fault)\n");
    static uint8_t bytes[65536];
    const mw_limits lim = { .min = 1, .max = 1, .has_max = true, .page_log2 = 16 };
    mw_memory *mem;
    CHECK(mw_memory_new_fixed(rt, bytes, &lim, &mem) == MW_OK);
    fill(mem);
    mw_instance *inst = instantiate(mem, cbf);
    edges(inst, 65536);
    call(inst, "sum", 'i', 65536 - 16, 8, 2);
    call(inst, "grow", 'i', 1, 0, 1);
    mw_instance_free(rt, inst);
    mw_memory_free(rt, mem);
}

static void test_many_instances(mw_func *cbf) {
    printf("== many instances, two at once\n");
    const mw_limits lim = { .min = 1, .max = 3, .has_max = true, .page_log2 = 16 };
    long before = vm_size_kb();
    bool ok = true;
    for (uint32_t i = 0; i < 3000 && ok; i++) {
        mw_memory *a, *b;
        CHECK(mw_memory_new(rt, &lim, &a) == MW_OK && mw_memory_new(rt, &lim, &b) == MW_OK);
        mw_instance *ia = instantiate(a, cbf), *ib = instantiate(b, cbf);
        mw_val args[2] = { { .i32 = 65532 }, { .i32 = i } }, r;
        ok = mw_call(rt, func_of(ia, "st32"), args, NULL, NULL) == MW_OK;
        args[1].i32 = ~i;
        ok = ok && mw_call(rt, func_of(ib, "st32"), args, NULL, NULL) == MW_OK;
        ok = ok && mw_call(rt, func_of(ia, "ld32"), args, &r, NULL) == MW_OK && r.i32 == i;
        ok = ok && mw_call(rt, func_of(ib, "ld32"), args, &r, NULL) == MW_OK && r.i32 == ~i;
        args[0].i32 = 65533;
        ok = ok && mw_call(rt, func_of(ia, "ld32"), args, &r, NULL) == MW_TRAP_MEM_OOB;
        mw_instance_free(rt, ia);
        mw_instance_free(rt, ib);
        mw_memory_free(rt, a);
        mw_memory_free(rt, b);
    }
    CHECK(ok);
    long after = vm_size_kb();
    // 6000 reservations of 8 GiB kept would be 48 TiB of address space
    printf("# address space before %ld kB, after %ld kB\n", before, after);
    CHECK(before > 0 && after - before < 1024 * 1024);
    printf("6000 instances: %s\n", ok ? "ok" : "failed");
}

static void test_foreign_faults(mw_func *cbf) {
    printf("== faults that are not wasm's go to the handler before\n");
    foreign_faults = 0;
    forbidden = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(forbidden != MAP_FAILED);
    if (sigsetjmp(foreign_env, 1) == 0) {
        (void)forbidden[0];
        printf("FAIL no fault\n");
    }
    printf("the test's own fault: %d\n", foreign_faults);
    const mw_limits lim = { .min = 1, .max = 3, .has_max = true, .page_log2 = 16 };
    mw_memory *mem;
    CHECK(mw_memory_new(rt, &lim, &mem) == MW_OK);
    mw_instance *inst = instantiate(mem, cbf);
    mw_mark mark;
    mw_runtime_mark(rt, &mark);
    cb_faults = true;
    if (sigsetjmp(foreign_env, 1) == 0) {
        call(inst, "nested", 'i', 0, 0, 2);
        printf("FAIL no fault\n");
    } else {
        mw_runtime_unwind(rt, &mark);
    }
    cb_faults = false;
    printf("a host function's fault in a wasm call: %d\n", foreign_faults);
    call(inst, "ld32", 'i', 65533, 0, 1);         // the engine's faults still its own
    call(inst, "ld32", 'i', 65532, 0, 1);
    mw_instance_free(rt, inst);
    mw_memory_free(rt, mem);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGSEGV, foreign_handler);
    #if MW_GUARD_PAGES
    mw_guard_posix_install(0, NULL, NULL);
    printf("# guard pages\n");
    #else
    printf("# checked\n");
    #endif
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
    static uint8_t wasm[1 << 16];
    size_t len = f != NULL ? fread(wasm, 1, sizeof(wasm), f) : 0;
    if (f == NULL || len == 0) {
        printf("FAIL no module\n");
        return 1;
    }
    fclose(f);
    mw_config cfg = { .alloc = mw_malloc_alloc };
    CHECK(mw_runtime_new(&cfg, &rt) == MW_OK);
    CHECK(mw_module_load(rt, wasm, len, MW_LOAD_BORROW, &mod) == MW_OK);
    mw_func *cbf;
    CHECK(mw_func_new_host(rt, (const mw_functype *)(const void *)&CB_TYPE, cb, NULL, &cbf) == MW_OK);
    if (failures != 0) {
        return 1;
    }
    #if MW_GUARD_PAGES
    if (argc > 3 && strcmp(argv[2], "--lookups") == 0) {
        const mw_limits lim = { .min = 1, .max = 1, .has_max = true, .page_log2 = 16 };
        mw_memory *mem;
        CHECK(mw_memory_new(rt, &lim, &mem) == MW_OK);
        mw_instance *inst = instantiate(mem, cbf);
        lookups = atol(argv[3]);
        call(inst, "nested", 'i', 0, 0, 2);
        mw_instance_free(rt, inst);
        mw_memory_free(rt, mem);
        return failures != 0;
    }
    #endif
    test_own_memory(cbf);
    test_embedder_bytes(cbf);
    test_many_instances(cbf);
    test_foreign_faults(cbf);
    mw_func_free(rt, cbf);
    mw_module_free(rt, mod);
    mw_runtime_free(rt);
    if (failures == 0) {
        printf("OK\n");
    } else {
        printf("%d FAILED\n", failures);
    }
    return failures != 0;
}
