// SPDX-License-Identifier: MIT
// The `machine` module of the Cortex-M port: raw memory access (mem8/16/32),
// reset, clock. (MicroPython's own lives in extmod/, which we do not have.)

#include "py/runtime.h"
#include "py/mphal.h"

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "shared/runtime/pyexec.h"

// machine.mem8 / mem16 / mem32: `machine.mem32[addr]` reads, `= v` writes.
typedef struct _machine_mem_obj_t {
    mp_obj_base_t base;
    unsigned width; // bytes: 1, 2 or 4
} machine_mem_obj_t;

static uintptr_t machine_mem_addr(const machine_mem_obj_t *self, mp_obj_t index) {
    uintptr_t addr = mp_obj_get_int_truncated(index);
    if (addr & (self->width - 1)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("address 0x%08x is not aligned to %u bytes"),
            (unsigned)addr, self->width);
    }
    return addr;
}

static mp_obj_t machine_mem_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    machine_mem_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (value == MP_OBJ_NULL) {
        mp_raise_TypeError(MP_ERROR_TEXT("memory can't be deleted"));
    }
    uintptr_t addr = machine_mem_addr(self, index);
    if (value == MP_OBJ_SENTINEL) {
        uint32_t v;
        switch (self->width) {
            case 1:
                v = *(volatile uint8_t *)addr;
                break;
            case 2:
                v = *(volatile uint16_t *)addr;
                break;
            default:
                v = *(volatile uint32_t *)addr;
                break;
        }
        return mp_obj_new_int_from_uint(v);
    }
    uint32_t v = mp_obj_get_int_truncated(value);
    switch (self->width) {
        case 1:
            *(volatile uint8_t *)addr = v;
            break;
        case 2:
            *(volatile uint16_t *)addr = v;
            break;
        default:
            *(volatile uint32_t *)addr = v;
            break;
    }
    return mp_const_none;
}

static void machine_mem_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    machine_mem_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<%u-bit memory>", 8 * self->width);
}

static MP_DEFINE_CONST_OBJ_TYPE(
    machine_mem_type,
    MP_QSTR_mem,
    MP_TYPE_FLAG_NONE,
    subscr, machine_mem_subscr,
    print, machine_mem_print
    );

static const machine_mem_obj_t machine_mem8_obj = { { &machine_mem_type }, 1 };
static const machine_mem_obj_t machine_mem16_obj = { { &machine_mem_type }, 2 };
static const machine_mem_obj_t machine_mem32_obj = { { &machine_mem_type }, 4 };

static mp_obj_t machine_reset(void) {
    system_reset();
}
static MP_DEFINE_CONST_FUN_OBJ_0(machine_reset_obj, machine_reset);

static mp_obj_t machine_soft_reset(void) {
    pyexec_system_exit = PYEXEC_FORCED_EXIT;
    mp_raise_type(&mp_type_SystemExit);
}
static MP_DEFINE_CONST_FUN_OBJ_0(machine_soft_reset_obj, machine_soft_reset);

static mp_obj_t machine_freq(void) {
    // What clock_init() achieved, not only what the board asked for.
    return mp_obj_new_int_from_uint(mpwasm_cpu_hz);
}
static MP_DEFINE_CONST_FUN_OBJ_0(machine_freq_obj, machine_freq);

static mp_obj_t machine_idle(void) {
    __asm volatile ("wfi");
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(machine_idle_obj, machine_idle);

extern const mp_obj_type_t machine_sampler_type;

static const mp_rom_map_elem_t machine_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_machine) },
    { MP_ROM_QSTR(MP_QSTR_mem8), MP_ROM_PTR(&machine_mem8_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem16), MP_ROM_PTR(&machine_mem16_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem32), MP_ROM_PTR(&machine_mem32_obj) },
    { MP_ROM_QSTR(MP_QSTR_reset), MP_ROM_PTR(&machine_reset_obj) },
    { MP_ROM_QSTR(MP_QSTR_soft_reset), MP_ROM_PTR(&machine_soft_reset_obj) },
    { MP_ROM_QSTR(MP_QSTR_freq), MP_ROM_PTR(&machine_freq_obj) },
    { MP_ROM_QSTR(MP_QSTR_idle), MP_ROM_PTR(&machine_idle_obj) },
    { MP_ROM_QSTR(MP_QSTR_Sampler), MP_ROM_PTR(&machine_sampler_type) },
};
static MP_DEFINE_CONST_DICT(machine_module_globals, machine_module_globals_table);

const mp_obj_module_t mp_module_machine = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&machine_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_machine, mp_module_machine);
