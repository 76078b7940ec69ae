// SPDX-License-Identifier: MIT
// noregions.c: for a firmware without board regions, i.e. any but mpwasm's
// own ports (which set MICROPY_PY_WASM_REGIONS and implement
// ports/common/regions.h): no region has a name, so Memory(region=...) and
// SharedHeap(region=...) raise "unknown region", and MemoryFault is a type
// nothing raises (no MPU fault handler turns a fault into it).
#include "py/runtime.h"
#include "py/objexcept.h"
#include "ports/common/regions.h"

#ifndef MICROPY_PY_WASM_REGIONS
#define MICROPY_PY_WASM_REGIONS (0)
#endif

#if !MICROPY_PY_WASM_REGIONS

const mpwasm_region_t *mpwasm_region_find(const char *name) {
    (void)name;
    return NULL;
}

MP_DEFINE_CONST_OBJ_TYPE(mp_type_MemoryFault, MP_QSTR_MemoryFault, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, mp_obj_exception_attr,
    parent, &mp_type_OSError);

#endif // !MICROPY_PY_WASM_REGIONS
