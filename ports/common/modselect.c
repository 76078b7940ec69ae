// SPDX-License-Identifier: MIT
// A small `select` module: poll objects over streams (sys.stdin.buffer,
// files). What `mpremote mount` needs to wait for the host with a timeout.
// (MicroPython's own lives in extmod/, which we do not have.)
//
//   p = select.poll(); p.register(sys.stdin, select.POLLIN)
//   p.poll(timeout_ms) -> [(obj, events)]; p.ipoll(timeout_ms) iterates them

#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stream.h"

typedef struct _select_poll_obj_t {
    mp_obj_base_t base;
    mp_obj_t entries; // a list of [obj, eventmask] pairs
} select_poll_obj_t;

static const mp_obj_type_t select_poll_type;

static mp_obj_t select_poll(void) {
    select_poll_obj_t *self = mp_obj_malloc(select_poll_obj_t, &select_poll_type);
    self->entries = mp_obj_new_list(0, NULL);
    return MP_OBJ_FROM_PTR(self);
}
static MP_DEFINE_CONST_FUN_OBJ_0(select_poll_obj, select_poll);

// The entry of `obj`, or -1.
static mp_int_t select_find(select_poll_obj_t *self, mp_obj_t obj) {
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(self->entries, &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (mp_obj_subscr(items[i], MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_SENTINEL) == obj) {
            return i;
        }
    }
    return -1;
}

static mp_obj_t select_poll_register(size_t n_args, const mp_obj_t *args) {
    select_poll_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    mp_get_stream_raise(args[1], MP_STREAM_OP_IOCTL);
    mp_obj_t mask = n_args > 2 ? args[2] : MP_OBJ_NEW_SMALL_INT(MP_STREAM_POLL_RD | MP_STREAM_POLL_WR);
    mp_obj_t pair[2] = { args[1], mask };
    mp_int_t i = select_find(self, args[1]);
    if (i >= 0) {
        mp_obj_subscr(self->entries, MP_OBJ_NEW_SMALL_INT(i), mp_obj_new_list(2, pair));
    } else {
        mp_obj_list_append(self->entries, mp_obj_new_list(2, pair));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(select_poll_register_obj, 2, 3, select_poll_register);
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(select_poll_modify_obj, 3, 3, select_poll_register);

static mp_obj_t select_poll_unregister(mp_obj_t self_in, mp_obj_t obj) {
    select_poll_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_int_t i = select_find(self, obj);
    if (i >= 0) {
        mp_obj_subscr(self->entries, MP_OBJ_NEW_SMALL_INT(i), MP_OBJ_NULL); // del entries[i]
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(select_poll_unregister_obj, select_poll_unregister);

// Wait until a registered stream is ready or `timeout` ms pass (-1: forever).
static mp_obj_t select_poll_poll(size_t n_args, const mp_obj_t *args) {
    select_poll_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    mp_int_t timeout = n_args > 1 && args[1] != mp_const_none ? mp_obj_get_int(args[1]) : -1;
    mp_uint_t start = mp_hal_ticks_ms();
    mp_obj_t ready = mp_obj_new_list(0, NULL);
    for (;;) {
        size_t n;
        mp_obj_t *items;
        mp_obj_list_get(self->entries, &n, &items);
        for (size_t i = 0; i < n; i++) {
            mp_obj_t obj = mp_obj_subscr(items[i], MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_SENTINEL);
            mp_uint_t mask = mp_obj_get_int(mp_obj_subscr(items[i], MP_OBJ_NEW_SMALL_INT(1), MP_OBJ_SENTINEL));
            const mp_stream_p_t *stream = mp_get_stream(obj);
            int err;
            mp_uint_t ret = stream->ioctl(obj, MP_STREAM_POLL, mask, &err);
            if (ret == MP_STREAM_ERROR) {
                ret = MP_STREAM_POLL_ERR;
            }
            if (ret != 0) {
                mp_obj_t t[2] = { obj, MP_OBJ_NEW_SMALL_INT(ret) };
                mp_obj_list_append(ready, mp_obj_new_tuple(2, t));
            }
        }
        if (mp_obj_get_int(mp_obj_len(ready)) > 0 || (timeout >= 0 && mp_hal_ticks_ms() - start >= (mp_uint_t)timeout)) {
            return ready;
        }
        MICROPY_EVENT_POLL_HOOK
    }
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(select_poll_poll_obj, 1, 2, select_poll_poll);

static mp_obj_t select_poll_ipoll(size_t n_args, const mp_obj_t *args) {
    return mp_getiter(select_poll_poll(n_args > 2 ? 2 : n_args, args), NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(select_poll_ipoll_obj, 1, 3, select_poll_ipoll);

static const mp_rom_map_elem_t select_poll_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_register), MP_ROM_PTR(&select_poll_register_obj) },
    { MP_ROM_QSTR(MP_QSTR_modify), MP_ROM_PTR(&select_poll_modify_obj) },
    { MP_ROM_QSTR(MP_QSTR_unregister), MP_ROM_PTR(&select_poll_unregister_obj) },
    { MP_ROM_QSTR(MP_QSTR_poll), MP_ROM_PTR(&select_poll_poll_obj) },
    { MP_ROM_QSTR(MP_QSTR_ipoll), MP_ROM_PTR(&select_poll_ipoll_obj) },
};
static MP_DEFINE_CONST_DICT(select_poll_locals, select_poll_locals_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    select_poll_type,
    MP_QSTR_poll,
    MP_TYPE_FLAG_NONE,
    locals_dict, &select_poll_locals
    );

static const mp_rom_map_elem_t select_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_select) },
    { MP_ROM_QSTR(MP_QSTR_poll), MP_ROM_PTR(&select_poll_obj) },
    { MP_ROM_QSTR(MP_QSTR_POLLIN), MP_ROM_INT(MP_STREAM_POLL_RD) },
    { MP_ROM_QSTR(MP_QSTR_POLLOUT), MP_ROM_INT(MP_STREAM_POLL_WR) },
    { MP_ROM_QSTR(MP_QSTR_POLLERR), MP_ROM_INT(MP_STREAM_POLL_ERR) },
    { MP_ROM_QSTR(MP_QSTR_POLLHUP), MP_ROM_INT(MP_STREAM_POLL_HUP) },
};
static MP_DEFINE_CONST_DICT(select_module_globals, select_module_globals_table);

const mp_obj_module_t select_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&select_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR_select, select_module);
