// SPDX-License-Identifier: MIT
// machine.Sampler: an interrupt-driven producer for a wasm pipeline
// (docs/pipeline.md). The board's sample timer (timer_*.c) interrupts at
// `rate` Hz; each interrupt writes one sample of a deterministic synthetic
// signal into a ring of int32 in a board region, or counts it dropped when
// the ring is full (the pipeline is behind). Every `block` samples it
// schedules (mp_sched_schedule) a call of the pipeline: each function is
// called with (start, count), the ring slot of the block's first sample and
// the block length; a block is consumed when every function returned.

#include <string.h>

#include "py/runtime.h"
#include "py/mphal.h"

#include "ports/common/regions.h"
#include "ports/common/timer.h"

typedef struct _sampler_obj_t {
    mp_obj_base_t base;
    const mpwasm_region_t *region;
    int32_t *ring;
    uint32_t offset;        // bytes from the region's base to the ring
    uint32_t size;          // ring slots, a power of two
    uint32_t block;         // samples per pipeline call; divides size
    uint32_t rate;          // Hz
    volatile uint32_t ticks;    // timer interrupts since start: the signal's time index
    volatile uint32_t produced; // samples written
    volatile uint32_t dropped;  // samples not written: the ring was full
    volatile uint32_t consumed; // samples every pipeline function has seen
    volatile bool pending;      // a service call is scheduled
    bool running;
    uint32_t lcg;
    uint64_t busy_us;       // time spent in pipeline calls
    mp_obj_t pipeline;      // tuple of callables
    mp_obj_t error;         // the exception that stopped the pipeline, or MP_OBJ_NULL
} sampler_obj_t;

MP_REGISTER_ROOT_POINTER(struct _sampler_obj_t *machine_sampler);

// The sampler the interrupt feeds (also a root pointer while running).
static sampler_obj_t *volatile sampler_isr;

// The signal (docs/pipeline.md; tests/cases/pipeline_cases.py computes the same):
// a triangle of period 256 and amplitude 2048 centred on 0, plus LCG noise in
// -128..127, plus a 3000 spike every 97th sample.
static int32_t sampler_signal(sampler_obj_t *s, uint32_t k) {
    s->lcg = s->lcg * 1664525u + 1013904223u;
    int32_t noise = (int32_t)(s->lcg >> 24) - 128;
    uint32_t p = k & 255u;
    int32_t tri = (int32_t)(p < 128u ? p * 16u : (256u - p) * 16u) - 1024;
    int32_t spike = (k % 97u) == 0 ? 3000 : 0;
    return tri + noise + spike;
}

static mp_obj_t sampler_service(mp_obj_t self_in);
static MP_DEFINE_CONST_FUN_OBJ_1(sampler_service_obj, sampler_service);

void sampler_tick(void) {
    sampler_obj_t *s = sampler_isr;
    if (s == NULL) {
        return;
    }
    uint32_t k = s->ticks++;
    int32_t v = sampler_signal(s, k);
    uint32_t produced = s->produced;
    if (produced - s->consumed >= s->size) {
        s->dropped++;
        return;
    }
    s->ring[produced & (s->size - 1u)] = v;
    s->produced = ++produced;
    if (produced % s->block == 0 && !s->pending) {
        s->pending = mp_sched_schedule(MP_OBJ_FROM_PTR(&sampler_service_obj), MP_OBJ_FROM_PTR(s));
    }
}

static void sampler_halt(sampler_obj_t *s) {
    timer_stop();
    sampler_isr = NULL;
    s->running = false;
}

// Scheduled from the interrupt: run the pipeline over every complete block.
static mp_obj_t sampler_service(mp_obj_t self_in) {
    sampler_obj_t *s = MP_OBJ_TO_PTR(self_in);
    s->pending = false;
    size_t n;
    mp_obj_t *fs;
    mp_obj_tuple_get(s->pipeline, &n, &fs);
    while (s->running && s->produced - s->consumed >= s->block) {
        mp_obj_t start = MP_OBJ_NEW_SMALL_INT(s->consumed & (s->size - 1u));
        mp_obj_t count = MP_OBJ_NEW_SMALL_INT(s->block);
        uint32_t t0 = mp_hal_ticks_us();
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            for (size_t i = 0; i < n; i++) {
                mp_call_function_2(fs[i], start, count);
            }
            nlr_pop();
        } else {
            // Stop producing; stop() raises the exception in Python.
            sampler_halt(s);
            s->error = MP_OBJ_FROM_PTR(nlr.ret_val);
            break;
        }
        s->busy_us += (uint32_t)(mp_hal_ticks_us() - t0);
        s->consumed += s->block;
    }
    return mp_const_none;
}

static bool is_pow2(mp_int_t v) {
    return v > 0 && (v & (v - 1)) == 0;
}

// Sampler(region="shared", rate=1000, block=64, size=1024, offset=0)
static mp_obj_t sampler_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_region, ARG_rate, ARG_block, ARG_size, ARG_offset };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_region, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_shared)} },
        { MP_QSTR_rate, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1000} },
        { MP_QSTR_block, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 64} },
        { MP_QSTR_size, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1024} },
        { MP_QSTR_offset, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    if (timer_clock_hz == 0) {
        mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("no sample timer on this board (board.py has no timer)"));
    }
    const char *name = mp_obj_str_get_str(args[ARG_region].u_obj);
    const mpwasm_region_t *region = mpwasm_region_find(name);
    if (region == NULL) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown region '%s'"), name);
    }
    if (region->access != MPWASM_REGION_RW) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("region '%s' is not read-write"), name);
    }
    mp_int_t rate = args[ARG_rate].u_int;
    mp_int_t block = args[ARG_block].u_int;
    mp_int_t size = args[ARG_size].u_int;
    mp_int_t offset = args[ARG_offset].u_int;
    if (rate < 1 || rate > 1000000) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("rate %d Hz outside 1..1000000"), (int)rate);
    }
    if (!is_pow2(size) || size > 0x100000) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("size %d must be a power of two"), (int)size);
    }
    if (block < 1 || block > size || size % block) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("block %d must divide size %d"), (int)block, (int)size);
    }
    if (offset < 0 || offset % 4 || (size_t)offset + 4u * (size_t)size > region->size) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("ring of %d samples at offset %d does not fit region '%s' (%u bytes)"),
            (int)size, (int)offset, name, (unsigned)region->size);
    }
    sampler_obj_t *s = mp_obj_malloc(sampler_obj_t, type);
    s->region = region;
    s->ring = (int32_t *)(region->base + (uintptr_t)offset);
    s->offset = offset;
    s->size = size;
    s->block = block;
    s->rate = rate;
    s->pipeline = mp_const_empty_tuple;
    s->error = MP_OBJ_NULL;
    s->running = false;
    s->pending = false;
    return MP_OBJ_FROM_PTR(s);
}

// start(pipeline): zero the counters and the ring, start the timer.
static mp_obj_t sampler_start(mp_obj_t self_in, mp_obj_t pipeline) {
    sampler_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (sampler_isr != NULL) {
        mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("the sample timer is busy: stop() the running Sampler first"));
    }
    size_t n;
    mp_obj_t *fs;
    mp_obj_get_array(pipeline, &n, &fs);
    for (size_t i = 0; i < n; i++) {
        if (!mp_obj_is_callable(fs[i])) {
            mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("pipeline[%d] is not callable"), (int)i);
        }
    }
    s->pipeline = mp_obj_new_tuple(n, fs);
    s->ticks = 0;
    s->produced = 0;
    s->dropped = 0;
    s->consumed = 0;
    s->busy_us = 0;
    s->lcg = 12345u;
    s->error = MP_OBJ_NULL;
    s->pending = false;
    memset(s->ring, 0, 4u * s->size);
    MP_STATE_PORT(machine_sampler) = s;
    s->running = true;
    sampler_isr = s;
    if (!timer_start(s->rate)) {
        sampler_halt(s);
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("rate %u Hz is beyond the timer (%u Hz clock)"),
            (unsigned)s->rate, (unsigned)timer_clock_hz);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(sampler_start_obj, sampler_start);

// stop(): stop the timer; raise the exception that stopped the pipeline, if any.
static mp_obj_t sampler_stop(mp_obj_t self_in) {
    sampler_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (sampler_isr == s) {
        sampler_halt(s);
    }
    s->running = false;
    if (MP_STATE_PORT(machine_sampler) == s) {
        MP_STATE_PORT(machine_sampler) = NULL;
    }
    if (s->error != MP_OBJ_NULL) {
        mp_obj_t e = s->error;
        s->error = MP_OBJ_NULL;
        nlr_raise(e);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(sampler_stop_obj, sampler_stop);

static void sampler_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    sampler_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return; // read-only attributes
    }
    switch (attr) {
        case MP_QSTR_produced:
            dest[0] = mp_obj_new_int_from_uint(s->produced);
            return;
        case MP_QSTR_dropped:
            dest[0] = mp_obj_new_int_from_uint(s->dropped);
            return;
        case MP_QSTR_processed:
            dest[0] = mp_obj_new_int_from_uint(s->consumed);
            return;
        case MP_QSTR_busy_us:
            dest[0] = mp_obj_new_int_from_ull(s->busy_us);
            return;
        case MP_QSTR_running:
            dest[0] = mp_obj_new_bool(s->running);
            return;
        case MP_QSTR_rate:
            dest[0] = mp_obj_new_int_from_uint(s->rate);
            return;
        case MP_QSTR_block:
            dest[0] = mp_obj_new_int_from_uint(s->block);
            return;
        case MP_QSTR_size:
            dest[0] = mp_obj_new_int_from_uint(s->size);
            return;
        case MP_QSTR_offset:
            dest[0] = mp_obj_new_int_from_uint(s->offset);
            return;
        case MP_QSTR_region:
            dest[0] = mp_obj_new_str(s->region->name, strlen(s->region->name));
            return;
        default:
            dest[1] = MP_OBJ_SENTINEL; // continue in locals_dict
            return;
    }
}

static void sampler_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    sampler_obj_t *s = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<Sampler %s+%u size=%u block=%u rate=%u %s>", s->region->name, (unsigned)s->offset,
        (unsigned)s->size, (unsigned)s->block, (unsigned)s->rate, s->running ? "running" : "stopped");
}

static const mp_rom_map_elem_t sampler_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_start), MP_ROM_PTR(&sampler_start_obj) },
    { MP_ROM_QSTR(MP_QSTR_stop), MP_ROM_PTR(&sampler_stop_obj) },
};
static MP_DEFINE_CONST_DICT(sampler_locals, sampler_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(
    machine_sampler_type,
    MP_QSTR_Sampler,
    MP_TYPE_FLAG_NONE,
    make_new, sampler_make_new,
    print, sampler_print,
    attr, sampler_attr,
    locals_dict, &sampler_locals
    );

// A soft reset stops a running sampler (ports/cortexm/main.c).
void sampler_deinit(void) {
    timer_stop();
    sampler_isr = NULL;
    MP_STATE_PORT(machine_sampler) = NULL;
}
