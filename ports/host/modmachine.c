// SPDX-License-Identifier: MIT
// The host port's `machine` module: machine.Sampler only (docs/pipeline.md),
// its timer a SIGALRM (timer_host.c).

#include "py/runtime.h"

extern const mp_obj_type_t machine_sampler_type;

static const mp_rom_map_elem_t machine_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_machine) },
    { MP_ROM_QSTR(MP_QSTR_Sampler), MP_ROM_PTR(&machine_sampler_type) },
};
static MP_DEFINE_CONST_DICT(machine_module_globals, machine_module_globals_table);

const mp_obj_module_t mp_module_machine = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&machine_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_machine, mp_module_machine);
