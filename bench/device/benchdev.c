// SPDX-License-Identifier: MIT
// benchdev: the bench-only firmware's module (make firmware BOARD=x BENCH=1).
// It holds bench/kernels/*.c compiled natively for the board's CPU at -O2
// (each kernel's `run` renamed run_NAME by firmware.mk), the physical limit
// that bench/device.py sets our engine's instruction counts against, and a
// loop of known length to check the board's clock under QEMU -icount.
//
//   benchdev.names()          the kernels linked in, a tuple of str
//   benchdev.run(name, n)     run_NAME(n): the kernel's checksum, an int
//   benchdev.spin(n)          n iterations of a 2-instruction loop (n >= 1)
//   benchdev.w3_load(arena, wasm), benchdev.w3_run(n)   the same kernel on wasm3 (not on
//                             'small' boards): see below
#include "py/runtime.h"

#include <stdint.h>
#include <string.h>

// BENCHDEV_KERNELS is X(fib) X(crc32) ...: the kernels firmware.mk compiles.
#define BENCHDEV_DECLARE(name) uint32_t run_##name(uint32_t n);
BENCHDEV_KERNELS(BENCHDEV_DECLARE)

typedef struct {
    const char *name;
    uint32_t (*run)(uint32_t n);
} benchdev_kernel_t;

#define BENCHDEV_ROW(name) { #name, run_##name },
static const benchdev_kernel_t benchdev_kernels[] = {
    BENCHDEV_KERNELS(BENCHDEV_ROW)
};

#define BENCHDEV_COUNT (sizeof(benchdev_kernels) / sizeof(benchdev_kernels[0]))

static mp_obj_t benchdev_names(void) {
    mp_obj_t items[BENCHDEV_COUNT];
    for (size_t i = 0; i < BENCHDEV_COUNT; i++) {
        items[i] = mp_obj_new_str(benchdev_kernels[i].name, strlen(benchdev_kernels[i].name));
    }
    return mp_obj_new_tuple(BENCHDEV_COUNT, items);
}
static MP_DEFINE_CONST_FUN_OBJ_0(benchdev_names_obj, benchdev_names);

static mp_obj_t benchdev_run(mp_obj_t name_in, mp_obj_t n_in) {
    const char *name = mp_obj_str_get_str(name_in);
    uint32_t n = mp_obj_get_int_truncated(n_in);
    for (size_t i = 0; i < BENCHDEV_COUNT; i++) {
        if (strcmp(benchdev_kernels[i].name, name) == 0) {
            return mp_obj_new_int_from_uint(benchdev_kernels[i].run(n));
        }
    }
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("benchdev: no kernel '%s'"), name);
}
static MP_DEFINE_CONST_FUN_OBJ_2(benchdev_run_obj, benchdev_run);

// Exactly two instructions per iteration (subs, bne) on every Thumb core:
// under QEMU -icount shift=0 a call of spin(n) advances the virtual clock
// by 2n ns plus a fixed cost, which bench/device.py checks ticks_us against.
static mp_obj_t benchdev_spin(mp_obj_t n_in) {
    mp_int_t n = mp_obj_get_int(n_in);
    if (n < 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("benchdev.spin: n must be >= 1"));
    }
    uint32_t count = (uint32_t)n;
    __asm__ volatile(
        "1: subs %0, %0, #1\n"
        "   bne 1b\n"
        : "+l"(count)
        :
        : "cc");
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(benchdev_spin_obj, benchdev_spin);

#if BENCHDEV_WASM3
// wasm3 beside our engine (firmware.mk compiles its core when the board is not 'small').
// Its calloc/realloc/free are renamed to these: a bump allocator over an arena Python passes
// to w3_load (a bytearray it keeps), reset by the next w3_load; free is a no-op. Each block
// has its size in front, for realloc.
#include "wasm3.h"

static uint8_t *benchdev_w3_arena;
static size_t benchdev_w3_size;
static size_t benchdev_w3_used;

#define BENCHDEV_W3_HEADER 8 // the block's size, and 8-byte alignment for the data after it

void *benchdev_w3_calloc(size_t count, size_t size) {
    size_t bytes = (count * size + 7) & ~(size_t)7;
    if (benchdev_w3_arena == NULL || bytes + BENCHDEV_W3_HEADER > benchdev_w3_size - benchdev_w3_used) {
        return NULL;
    }
    uint8_t *block = benchdev_w3_arena + benchdev_w3_used;
    benchdev_w3_used += bytes + BENCHDEV_W3_HEADER;
    *(size_t *)block = bytes;
    memset(block + BENCHDEV_W3_HEADER, 0, bytes);
    return block + BENCHDEV_W3_HEADER;
}

void benchdev_w3_free(void *ptr) {
    (void)ptr;
}

void *benchdev_w3_realloc(void *ptr, size_t size) {
    void *fresh = benchdev_w3_calloc(1, size);
    if (fresh != NULL && ptr != NULL) {
        size_t old = *(size_t *)((uint8_t *)ptr - BENCHDEV_W3_HEADER);
        memcpy(fresh, ptr, old < size ? old : size);
    }
    return fresh;
}

static IM3Function benchdev_w3_run_fn;

static void benchdev_w3_check(M3Result r) {
    if (r != m3Err_none) {
        mp_raise_msg_varg(&mp_type_RuntimeError, MP_ERROR_TEXT("wasm3: %s"), r);
    }
}

#define BENCHDEV_W3_STACK (16 * 1024) // wasm3's value stack: fib's recursion needs a few KiB

// w3_load(arena, wasm): a fresh wasm3 environment and runtime in `arena` (a bytearray the
// caller keeps, as it keeps `wasm`: wasm3 compiles lazily from those bytes), `wasm` loaded,
// its export "run" found. w3_run(n) then calls it.
static mp_obj_t benchdev_w3_load(mp_obj_t arena_in, mp_obj_t wasm_in) {
    mp_buffer_info_t arena, wasm;
    mp_get_buffer_raise(arena_in, &arena, MP_BUFFER_WRITE);
    mp_get_buffer_raise(wasm_in, &wasm, MP_BUFFER_READ);
    benchdev_w3_run_fn = NULL;
    benchdev_w3_arena = (uint8_t *)(((uintptr_t)arena.buf + 7) & ~(uintptr_t)7);
    benchdev_w3_size = arena.len - (size_t)(benchdev_w3_arena - (uint8_t *)arena.buf);
    benchdev_w3_used = 0;
    IM3Environment env = m3_NewEnvironment();
    IM3Runtime rt = env ? m3_NewRuntime(env, BENCHDEV_W3_STACK, NULL) : NULL;
    if (rt == NULL) {
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("wasm3: arena too small for its runtime"));
    }
    IM3Module mod;
    benchdev_w3_check(m3_ParseModule(env, &mod, wasm.buf, (uint32_t)wasm.len));
    benchdev_w3_check(m3_LoadModule(rt, mod));
    benchdev_w3_check(m3_FindFunction(&benchdev_w3_run_fn, rt, "run"));
    return mp_obj_new_int_from_uint(benchdev_w3_used);
}
static MP_DEFINE_CONST_FUN_OBJ_2(benchdev_w3_load_obj, benchdev_w3_load);

static mp_obj_t benchdev_w3_run(mp_obj_t n_in) {
    if (benchdev_w3_run_fn == NULL) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("wasm3: nothing loaded"));
    }
    uint32_t res = 0;
    benchdev_w3_check(m3_CallV(benchdev_w3_run_fn, (uint32_t)mp_obj_get_int_truncated(n_in)));
    benchdev_w3_check(m3_GetResultsV(benchdev_w3_run_fn, &res));
    return mp_obj_new_int_from_uint(res);
}
static MP_DEFINE_CONST_FUN_OBJ_1(benchdev_w3_run_obj, benchdev_w3_run);
#endif

static const mp_rom_map_elem_t benchdev_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_benchdev) },
    { MP_ROM_QSTR(MP_QSTR_names), MP_ROM_PTR(&benchdev_names_obj) },
    { MP_ROM_QSTR(MP_QSTR_run), MP_ROM_PTR(&benchdev_run_obj) },
    { MP_ROM_QSTR(MP_QSTR_spin), MP_ROM_PTR(&benchdev_spin_obj) },
#if BENCHDEV_WASM3
    { MP_ROM_QSTR(MP_QSTR_w3_load), MP_ROM_PTR(&benchdev_w3_load_obj) },
    { MP_ROM_QSTR(MP_QSTR_w3_run), MP_ROM_PTR(&benchdev_w3_run_obj) },
#endif
};
static MP_DEFINE_CONST_DICT(benchdev_globals, benchdev_globals_table);

const mp_obj_module_t benchdev_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&benchdev_globals,
};

MP_REGISTER_MODULE(MP_QSTR_benchdev, benchdev_module);
