// SPDX-License-Identifier: MIT
// reservations.c: with guard pages (GUARD=1, mw_config.h MW_GUARD_PAGES) a
// memory's bytes are a reservation of address space outside the GC heap,
// and the binding's memories are the collector's (mw_config gc_memory: the
// engine never frees them). Each reservation gets a keeper, a small object
// with a finaliser that the memory points to: collected with the memory, it
// gives the reservation back (mw.h mw_guard_ops keep). Without it every
// memory ever made kept 8 GiB of address space and its pages until exit
// (2,000 one-page memories: 8.6 TB of address space, +11 MB resident).
#include "py/gc.h"
#include "py/obj.h"
#include "py/runtime.h"
#include "modwasm/engine/mw_config.h"

#if MW_GUARD_PAGES
#include "modwasm/host/guard_posix.h"
#include "ports/host/reservations.h"

typedef struct {
    mp_obj_base_t base;
    void *reservation;        // NULL once given back
} keeper_obj_t;

static mp_obj_t keeper_del(mp_obj_t self_in) {
    keeper_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->reservation != NULL) {
        mw_guard_posix_release(self->reservation);
        self->reservation = NULL;
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(keeper_del_obj, keeper_del);

static const mp_rom_map_elem_t keeper_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&keeper_del_obj) },
};
static MP_DEFINE_CONST_DICT(keeper_locals, keeper_locals_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    keeper_type,
    MP_QSTR_reservation,
    MP_TYPE_FLAG_NONE,
    locals_dict, &keeper_locals
    );

// the engine's keep: NULL (no heap for it) and the engine takes the
// memory's bytes from the heap instead. gc_alloc, not m_new: the engine
// is running (no exception may leave here)
static void *keep(void *base) {
    keeper_obj_t *k = gc_alloc(sizeof(keeper_obj_t), GC_ALLOC_FLAG_HAS_FINALISER);
    if (k == NULL) {
        return NULL;
    }
    k->base.type = &keeper_type;
    k->reservation = base;
    return k;
}

static void collect(void) {
    gc_collect();
}

void reservations_install(size_t limit) {
    mw_guard_posix_install(limit, keep, collect);
}
#endif
