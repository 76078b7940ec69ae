// SPDX-License-Identifier: MIT
// An example user C module using the shared-heap C API (modwasm/include/native/mpwasm_sheap.h):
// native code reads and writes wasm shared-heap memory by app address, with
// the same bounds check as wasm's own loads and stores, and zero copy.
// Built into the host port (ports/host/Makefile), where tests use it.
//
//   import sheap_native
//   sheap_native.checksum(heap_or_instance, app_addr, n) -> sum of the n bytes
//   sheap_native.fill(heap_or_instance, app_addr, n, byte)
//   sheap_native.round_trip(heap_or_instance, app_addr) -> app address of its native pointer

#include <string.h>

#include "py/runtime.h"
#include "modwasm/include/native/mpwasm_sheap.h"

static uint8_t *native_or_raise(mp_obj_t obj, mp_obj_t app_addr_in, uint32_t n) {
    uint32_t app_addr = mp_obj_get_int_truncated(app_addr_in);
    uint8_t *p = mpwasm_sheap_native(obj, app_addr, n);
    if (p == NULL) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("%u bytes at app address 0x%08x are not in one heap"),
            (unsigned)n, (unsigned)app_addr);
    }
    return p;
}

static mp_obj_t sheap_native_checksum(mp_obj_t obj, mp_obj_t app_addr, mp_obj_t n_in) {
    uint32_t n = mp_obj_get_int(n_in);
    const uint8_t *p = native_or_raise(obj, app_addr, n);
    mp_uint_t sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        sum += p[i];
    }
    return mp_obj_new_int_from_uint(sum);
}
static MP_DEFINE_CONST_FUN_OBJ_3(sheap_native_checksum_obj, sheap_native_checksum);

static mp_obj_t sheap_native_fill(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    uint32_t n = mp_obj_get_int(args[2]);
    uint8_t *p = native_or_raise(args[0], args[1], n);
    memset(p, mp_obj_get_int(args[3]), n);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sheap_native_fill_obj, 4, 4, sheap_native_fill);

static mp_obj_t sheap_native_round_trip(mp_obj_t obj, mp_obj_t app_addr) {
    const uint8_t *p = native_or_raise(obj, app_addr, 1);
    uint32_t back;
    if (!mpwasm_sheap_app_addr(obj, p, 1, &back)) {
        mp_raise_ValueError(MP_ERROR_TEXT("native pointer not in a heap"));
    }
    return mp_obj_new_int_from_uint(back);
}
static MP_DEFINE_CONST_FUN_OBJ_2(sheap_native_round_trip_obj, sheap_native_round_trip);

// window(inst, buf, at): show buf to inst at app address at (the window C API);
// unwindow(inst, at) takes it away.
static mp_obj_t sheap_native_window(mp_obj_t inst, mp_obj_t buf, mp_obj_t at) {
    return mp_obj_new_int_from_uint(mpwasm_window_map(inst, buf, (uint32_t)mp_obj_get_int_truncated(at), false, false));
}
static MP_DEFINE_CONST_FUN_OBJ_3(sheap_native_window_obj, sheap_native_window);

static mp_obj_t sheap_native_unwindow(mp_obj_t inst, mp_obj_t at) {
    mpwasm_window_unmap(inst, (uint32_t)mp_obj_get_int_truncated(at));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(sheap_native_unwindow_obj, sheap_native_unwindow);

static const mp_rom_map_elem_t sheap_native_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_sheap_native) },
    { MP_ROM_QSTR(MP_QSTR_checksum), MP_ROM_PTR(&sheap_native_checksum_obj) },
    { MP_ROM_QSTR(MP_QSTR_fill), MP_ROM_PTR(&sheap_native_fill_obj) },
    { MP_ROM_QSTR(MP_QSTR_round_trip), MP_ROM_PTR(&sheap_native_round_trip_obj) },
    { MP_ROM_QSTR(MP_QSTR_window), MP_ROM_PTR(&sheap_native_window_obj) },
    { MP_ROM_QSTR(MP_QSTR_unwindow), MP_ROM_PTR(&sheap_native_unwindow_obj) },
};
static MP_DEFINE_CONST_DICT(sheap_native_module_globals, sheap_native_module_globals_table);

const mp_obj_module_t sheap_native_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&sheap_native_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_sheap_native, sheap_native_module);
