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

static const mp_rom_map_elem_t benchdev_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_benchdev) },
    { MP_ROM_QSTR(MP_QSTR_names), MP_ROM_PTR(&benchdev_names_obj) },
    { MP_ROM_QSTR(MP_QSTR_run), MP_ROM_PTR(&benchdev_run_obj) },
    { MP_ROM_QSTR(MP_QSTR_spin), MP_ROM_PTR(&benchdev_spin_obj) },
};
static MP_DEFINE_CONST_DICT(benchdev_globals, benchdev_globals_table);

const mp_obj_module_t benchdev_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&benchdev_globals,
};

MP_REGISTER_MODULE(MP_QSTR_benchdev, benchdev_module);
