// SPDX-License-Identifier: MIT
// MemoryFault and the `_board` module both ports share: the exception a port's
// fault handler raises (through a trampoline, in thread context) when code
// touches a region against its access rights.

#include <string.h>

#include "py/mperrno.h"
#include "py/objarray.h"
#include "py/objexcept.h"
#include "py/runtime.h"

#include "ports/common/regions.h"

const char *mpwasm_region_access_str(uint8_t access) {
    static const char *const names[] = { "none", "ro", "rw" };
    return access <= MPWASM_REGION_RW ? names[access] : "?";
}

NORETURN void mpwasm_raise_memory_fault(uintptr_t addr, const char *access) {
    const mpwasm_region_t *region;
    const char *where = mpwasm_region_describe(addr, &region);
    vstr_t msg;
    mp_print_t print;
    vstr_init_print(&msg, 80, &print);
    mp_printf(&print, "%s at 0x%08lx in region '%s'", access, (unsigned long)addr, where);
    if (region != NULL) {
        mp_printf(&print, " (%s)", mpwasm_region_access_str(region->access));
    }
    mp_obj_t args[4] = {
        mp_obj_new_str_from_vstr(&msg),
        mp_obj_new_int_from_uint(addr),
        mp_obj_new_str(access, strlen(access)),
        mp_obj_new_str(where, strlen(where)),
    };
    nlr_raise(mp_obj_exception_make_new(&mp_type_MemoryFault, 4, 0, args));
}

static void memory_fault_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL) {
        mp_obj_exception_t *self = MP_OBJ_TO_PTR(self_in);
        size_t index = attr == MP_QSTR_address ? 1 : attr == MP_QSTR_access ? 2 : attr == MP_QSTR_region ? 3 : 0;
        if (index != 0 && self->args->len > index) {
            dest[0] = self->args->items[index];
            return;
        }
        if (attr == MP_QSTR_errno) {
            dest[0] = MP_OBJ_NEW_SMALL_INT(MP_EFAULT);
            return;
        }
    }
    mp_obj_exception_attr(self_in, attr, dest);
}

static void memory_fault_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mp_obj_exception_t *self = MP_OBJ_TO_PTR(self_in);
    mp_print_kind_t k = kind & ~PRINT_EXC_SUBCLASS;
    if (k == PRINT_REPR || k == PRINT_EXC) {
        mp_print_str(print, k == PRINT_REPR ? "MemoryFault(" : "MemoryFault: ");
    }
    if (self->args->len > 0) {
        mp_obj_print_helper(print, self->args->items[0], k == PRINT_REPR ? PRINT_REPR : PRINT_STR);
    }
    if (k == PRINT_REPR) {
        mp_print_str(print, ")");
    }
}

MP_DEFINE_CONST_OBJ_TYPE(
    mp_type_MemoryFault,
    MP_QSTR_MemoryFault,
    MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new,
    print, memory_fault_print,
    attr, memory_fault_attr,
    parent, &mp_type_OSError
    );

// _board.regions(): {name: (base, size, access)} of the port's regions.
static mp_obj_t board_c_regions(void) {
    mp_obj_t dict = mp_obj_new_dict(0);
    const mpwasm_region_t *r;
    for (size_t i = 0; (r = mpwasm_region_get(i)) != NULL; i++) {
        const char *access = mpwasm_region_access_str(r->access);
        mp_obj_t item[3] = {
            mp_obj_new_int_from_uint(r->base),
            mp_obj_new_int_from_uint(r->size),
            mp_obj_new_str(access, strlen(access)),
        };
        mp_obj_dict_store(dict, mp_obj_new_str(r->name, strlen(r->name)), mp_obj_new_tuple(3, item));
    }
    return dict;
}
static MP_DEFINE_CONST_FUN_OBJ_0(board_c_regions_obj, board_c_regions);

// _board.view(name): a writable memoryview of a whole region, zero copy.
// Writable whatever the region's access: the MPU (or mprotect) is what
// enforces it, and a forbidden access raises MemoryFault.
static mp_obj_t board_c_view(mp_obj_t name_in) {
    const char *name = mp_obj_str_get_str(name_in);
    const mpwasm_region_t *r = mpwasm_region_find(name);
    if (r == NULL) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("no region named '%s'"), name);
    }
    return mp_obj_new_memoryview('B' | MP_OBJ_ARRAY_TYPECODE_FLAG_RW, r->size, (void *)r->base);
}
static MP_DEFINE_CONST_FUN_OBJ_1(board_c_view_obj, board_c_view);

// _board.c_recurse(depth): C recursion with no stack check, 64 bytes of frame
// a level, so tests can overflow the C stack into its guard on purpose.
static uint32_t __attribute__((noinline)) c_recurse(uint32_t depth) {
    volatile uint32_t frame[16];
    frame[0] = depth;
    if (depth == 0) {
        return 0;
    }
    return c_recurse(depth - 1) + frame[0];
}

static mp_obj_t board_c_recurse(mp_obj_t depth_in) {
    return mp_obj_new_int_from_uint(c_recurse(mp_obj_get_int(depth_in)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(board_c_recurse_obj, board_c_recurse);

static const mp_rom_map_elem_t board_c_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__board) },
    { MP_ROM_QSTR(MP_QSTR_MemoryFault), MP_ROM_PTR(&mp_type_MemoryFault) },
    { MP_ROM_QSTR(MP_QSTR_regions), MP_ROM_PTR(&board_c_regions_obj) },
    { MP_ROM_QSTR(MP_QSTR_view), MP_ROM_PTR(&board_c_view_obj) },
    { MP_ROM_QSTR(MP_QSTR_c_recurse), MP_ROM_PTR(&board_c_recurse_obj) },
};
static MP_DEFINE_CONST_DICT(board_c_module_globals, board_c_module_globals_table);

const mp_obj_module_t mp_module_board_c = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&board_c_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR__board, mp_module_board_c);
