// SPDX-License-Identifier: MIT
// natmod_rt.c: the MicroPython runtime functions the binding calls that a
// firmware does not export to native modules, rebuilt on mp_fun_table with
// the firmware's own names and signatures (declared by py/*.h), plus the few
// C library functions the compiler emits calls to. See natmod.h.

// ---- types and const tables ----------------------------------------------------------

// A qstr as natmod_qstr_rom.h encodes it: the number, or its place in
// mp_native_qstr_table with bit 15 set.
static qstr mpnm_rom_qstr(qstr q) {
    return (q & MPNM_QSTR_NATIVE) ? mp_native_qstr_table[q & ~MPNM_QSTR_NATIVE] : q;
}

mp_obj_t mpnm_rom_obj(mp_rom_obj_t o) {
    mp_obj_t obj = (mp_obj_t)o;
    return MPNM_IS_QSTR(obj) ? MP_OBJ_NEW_QSTR(mpnm_rom_qstr(MPNM_QSTR_VALUE(obj))) : obj;
}

mp_obj_t mpnm_exception_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    return MP_OBJ_TYPE_GET_SLOT(&mp_type_Exception, make_new)(type, n_args, n_kw, args);
}

void mpnm_exception_print(const mp_print_t *print, mp_obj_t o_in, mp_print_kind_t kind) {
    MP_OBJ_TYPE_GET_SLOT(&mp_type_Exception, print)(print, o_in, kind);
}

void mpnm_exception_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    MP_OBJ_TYPE_GET_SLOT(&mp_type_Exception, attr)(self_in, attr, dest);
}

// A slot's index byte: `slot` counts from slot_index_make_new.
#define MPNM_SLOT_INDEX(t, slot) ((&(t)->slot_index_make_new)[slot])
#define MPNM_SLOT(f) (offsetof(mp_obj_type_t, slot_index_##f) - offsetof(mp_obj_type_t, slot_index_make_new))

// Exception's own slot where t's holds the function that calls it.
static void mpnm_slot_from_exception(mp_obj_type_t *t, size_t slot, const void *caller) {
    const mp_obj_type_t *exc = &mp_type_Exception;
    size_t i = MPNM_SLOT_INDEX(t, slot);
    if (i != 0 && t->slots[i - 1] == caller) {
        t->slots[i - 1] = exc->slots[MPNM_SLOT_INDEX(exc, slot) - 1];
    }
}

void mpnm_type_init(mp_obj_type_t *t) {
    t->base.type = &mp_type_type;
    t->name = mpnm_rom_qstr(t->name);
    mpnm_slot_from_exception(t, MPNM_SLOT(make_new), mpnm_exception_make_new);
    mpnm_slot_from_exception(t, MPNM_SLOT(print), mpnm_exception_print);
    mpnm_slot_from_exception(t, MPNM_SLOT(attr), mpnm_exception_attr);
    if (t->slot_index_locals_dict != 0) {
        // the binding's const dict, its qstrs made real where it is (once: a
        // dict is one type's)
        mp_map_t *map = &((mp_obj_dict_t *)t->slots[t->slot_index_locals_dict - 1])->map;
        for (size_t i = 0; i < map->used; i++) {
            map->table[i].key = mpnm_rom_obj(map->table[i].key);
            map->table[i].value = mpnm_rom_obj(map->table[i].value);
        }
    }
}

// The builtins module, not the caller's globals: a user's `MemoryError = 1`
// must not change what the module raises.
const mp_obj_type_t *mpnm_builtin_type(qstr name) {
    mp_obj_t builtins = mp_import_name(MP_QSTR_builtins, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    return MP_OBJ_TO_PTR(mp_load_attr(builtins, name));
}

// array.array, or a type nothing is an instance of when the firmware has no array.
const mp_obj_type_t *mpnm_type_array(void) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t mod = mp_import_name(MP_QSTR_array, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        const mp_obj_type_t *t = MP_OBJ_TO_PTR(mp_load_attr(mod, MP_QSTR_array));
        nlr_pop();
        return t;
    }
    return &mpnm_placeholder_type;
}

// ---- allocation and raising -------------------------------------------------------------

void *mpnm_malloc(size_t n) {
    void *p = mp_fun_table.realloc_(NULL, n, false);
    if (p == NULL && n != 0) {
        mp_raise_type(&mp_type_MemoryError);
    }
    return p;
}

// Raising with a message as the built-in module does (binding.c
// modwasm_raise_text): a str object around the text (not copied) and the
// exception, or where the heap has no room for them static ones, so the
// words survive a full heap here too (the firmware's mp_raise_msg, through
// mp_fun_table.raise_msg, would give a bare exception there unless the port
// has an emergency exception buffer). Formatted messages: modwasm_raise_varg.
NORETURN void mpnm_raise_msg(const mp_obj_type_t *type, const char *msg) {
    modwasm_raise_text(type, msg);
}

void *m_malloc0(size_t n) {
    return memset(mpnm_malloc(n), 0, n);
}

// ---- vstr (py/vstr.c's contract, over the module's allocator) ------------------------------

void vstr_init(vstr_t *vstr, size_t alloc) {
    if (alloc < 1) {
        alloc = 1;
    }
    vstr->alloc = alloc;
    vstr->len = 0;
    vstr->buf = m_malloc(alloc);
    vstr->fixed_buf = false;
}

static void mpnm_vstr_ensure(vstr_t *vstr, size_t extra) {
    if (vstr->len + extra > vstr->alloc) {
        size_t alloc = vstr->len + extra + 16;
        char *buf = m_realloc_maybe(vstr->buf, alloc, true);
        if (buf == NULL) {
            mp_raise_type(&mp_type_MemoryError);
        }
        vstr->buf = buf;
        vstr->alloc = alloc;
    }
}

void vstr_add_strn(vstr_t *vstr, const char *str, size_t len) {
    mpnm_vstr_ensure(vstr, len);
    memcpy(vstr->buf + vstr->len, str, len);
    vstr->len += len;
}

void vstr_add_str(vstr_t *vstr, const char *str) {
    vstr_add_strn(vstr, str, strlen(str));
}

void vstr_add_byte(vstr_t *vstr, byte b) {
    vstr_add_strn(vstr, (const char *)&b, 1);
}

void vstr_add_char(vstr_t *vstr, unichar c) {
    // The binding only adds ASCII.
    vstr_add_byte(vstr, (byte)c);
}

static void mpnm_vstr_print(void *data, const char *str, size_t len) {
    vstr_add_strn(data, str, len);
}

void vstr_vprintf(vstr_t *vstr, const char *fmt, va_list ap) {
    mp_print_t print = {vstr, mpnm_vstr_print};
    mp_vprintf(&print, fmt, ap);
}

void vstr_printf(vstr_t *vstr, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vstr_vprintf(vstr, fmt, ap);
    va_end(ap);
}

mp_obj_t mp_obj_new_str_from_vstr(vstr_t *vstr) {
    mp_obj_t s = mp_obj_new_str(vstr->buf, vstr->len);
    m_free(vstr->buf);
    vstr->buf = NULL;
    return s;
}

mp_obj_t mp_obj_new_bytes_from_vstr(vstr_t *vstr) {
    mp_obj_t b = mp_obj_new_bytes((const byte *)vstr->buf, vstr->len);
    m_free(vstr->buf);
    vstr->buf = NULL;
    return b;
}

// ---- ints wider than a machine word, through Python arithmetic -----------------------

#define MPNM_WORD_BITS (8 * sizeof(mp_uint_t))

static mp_obj_t mpnm_shift_add(mp_obj_t hi, mp_uint_t lo) {
    mp_obj_t shifted = mp_binary_op(MP_BINARY_OP_LSHIFT, hi, MP_OBJ_NEW_SMALL_INT(MPNM_WORD_BITS / 2));
    shifted = mp_binary_op(MP_BINARY_OP_LSHIFT, shifted, MP_OBJ_NEW_SMALL_INT(MPNM_WORD_BITS / 2));
    return mp_binary_op(MP_BINARY_OP_ADD, shifted, mp_obj_new_int_from_uint(lo));
}

mp_obj_t mp_obj_new_int_from_ll(long long v) {
    if (MPNM_WORD_BITS >= 64 || (v >= -0x40000000LL && v < 0x40000000LL)) {
        return mp_obj_new_int((mp_int_t)v);
    }
    return mpnm_shift_add(mp_obj_new_int((mp_int_t)(v >> 32)), (mp_uint_t)(uint32_t)v);
}

mp_obj_t mp_obj_new_int_from_ull(unsigned long long v) {
    if (MPNM_WORD_BITS >= 64 || v < 0x40000000ULL) {
        return mp_obj_new_int_from_uint((mp_uint_t)v);
    }
    return mpnm_shift_add(mp_obj_new_int_from_uint((mp_uint_t)(v >> 32)), (mp_uint_t)(uint32_t)v);
}

mp_int_t mp_obj_int_get_truncated(mp_const_obj_t o) {
    return (mp_int_t)mp_fun_table.native_from_obj((mp_obj_t)o, MP_NATIVE_TYPE_UINT);
}

int mp_obj_int_sign(mp_obj_t o) {
    if (mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, o, MP_OBJ_NEW_SMALL_INT(0)))) {
        return -1;
    }
    return mp_obj_is_true(o) ? 1 : 0;
}

// Little-endian two's complement, wrapped to len bytes (the binding's only use).
void mp_obj_int_to_bytes_impl(mp_obj_t o, bool big_endian, size_t len, byte *buf) {
    (void)big_endian;
    for (size_t i = 0; i < len; i += sizeof(mp_uint_t)) {
        mp_uint_t w = (mp_uint_t)mp_obj_int_get_truncated(o);
        for (size_t k = 0; k < sizeof(mp_uint_t) && i + k < len; k++) {
            buf[i + k] = (byte)(w >> (8 * k));
        }
        o = mp_binary_op(MP_BINARY_OP_RSHIFT, o, MP_OBJ_NEW_SMALL_INT(MPNM_WORD_BITS / 2));
        o = mp_binary_op(MP_BINARY_OP_RSHIFT, o, MP_OBJ_NEW_SMALL_INT(MPNM_WORD_BITS / 2));
    }
}

// ---- containers and objects ------------------------------------------------------------------

void mp_obj_tuple_get(mp_obj_t self_in, size_t *len, mp_obj_t **items) {
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(self_in);
    *len = t->len;
    *items = &t->items[0];
}

void mp_obj_list_get(mp_obj_t self_in, size_t *len, mp_obj_t **items) {
    mp_obj_list_t *l = MP_OBJ_TO_PTR(self_in);
    *len = l->len;
    *items = l->items;
}

bool mp_obj_equal(mp_obj_t a, mp_obj_t b) {
    return a == b || mp_obj_is_true(mp_binary_op(MP_BINARY_OP_EQUAL, a, b));
}

// Lookup only (the binding's one use): a scan, the maps are small.
mp_map_elem_t *mp_map_lookup(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t kind) {
    (void)kind;
    size_t n = map->is_ordered ? map->used : map->alloc;
    for (size_t i = 0; i < n; i++) {
        mp_map_elem_t *e = &map->table[i];
        if (mp_map_slot_is_filled(map, i) && mp_obj_equal(e->key, index)) {
            return e;
        }
    }
    return NULL;
}

qstr mp_obj_str_get_qstr(mp_obj_t o) {
    // Keyword names are interned; a str built at run time is no keyword here.
    return MPNM_IS_QSTR(o) ? MPNM_QSTR_VALUE(o) : 0;
}

// A qstr's bytes, through the str buffer protocol (they live in the qstr pool).
const byte *qstr_data(qstr q, size_t *len) {
    return (const byte *)mp_obj_str_get_data(MP_OBJ_NEW_QSTR(q), len);
}

mp_obj_t mp_obj_exception_get_value(mp_obj_t exc) {
    mp_obj_t args = mp_load_attr(exc, MP_QSTR_args);
    size_t n;
    mp_obj_t *items;
    mp_obj_tuple_get(args, &n, &items);
    return n == 0 ? mp_const_none : items[0];
}

// module.name(*args) of a firmware module (builtins, gc)
static mp_obj_t mpnm_module_call(qstr module, qstr name, size_t n, mp_obj_t *args) {
    mp_obj_t mod = mp_import_name(module, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    return mp_call_function_n_kw(mp_load_attr(mod, name), n, 0, args);
}

bool mp_obj_is_subclass_fast(mp_const_obj_t object, mp_const_obj_t classinfo) {
    mp_obj_t args[2] = {(mp_obj_t)object, (mp_obj_t)classinfo};
    return mp_obj_is_true(mpnm_module_call(MP_QSTR_builtins, MP_QSTR_issubclass, 2, args));
}

bool mp_obj_is_callable(mp_obj_t o) {
    return mp_obj_is_true(mpnm_module_call(MP_QSTR_builtins, MP_QSTR_callable, 1, &o));
}

void mp_load_method_protected(mp_obj_t obj, qstr attr, mp_obj_t *dest, bool catch_all_exc) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_load_method_maybe(obj, attr, dest);
        nlr_pop();
    } else {
        if (!catch_all_exc) {
            nlr_jump(nlr.ret_val);
        }
        dest[0] = MP_OBJ_NULL;
    }
}

// ---- Ctrl-C -------------------------------------------------------------------------------

// The VM checks for a pending exception (Ctrl-C, or one a callback scheduled)
// at every branch: `a or a` is one. Made with the firmware's own eval at
// import; a firmware without a compiler gets no Ctrl-C inside wasm calls.
void mpnm_poll_init(void) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t builtins = mp_import_name(MP_QSTR_builtins, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        static const char src[] = "lambda a: a or a";
        mp_obj_t arg = mp_obj_new_str(src, sizeof(src) - 1);
        mpnm_root.poll_fn = mp_call_function_n_kw(mp_load_attr(builtins, MP_QSTR_eval), 1, 0, &arg);
        nlr_pop();
    } else {
        mpnm_root.poll_fn = MP_OBJ_NULL;
    }
}

// The engine's poll: never raises (the engine must unwind first); the caught
// exception waits in mpnm_root.pending for mp_handle_pending.
mp_obj_t mpnm_poll_pending(void) {
    if (mpnm_root.pending != MP_OBJ_NULL || mpnm_root.poll_fn == MP_OBJ_NULL) {
        return mpnm_root.pending;
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t none = mp_const_none;
        mp_call_function_n_kw(mpnm_root.poll_fn, 1, 0, &none);
        nlr_pop();
    } else {
        mpnm_root.pending = MP_OBJ_FROM_PTR(nlr.ret_val);
    }
    return mpnm_root.pending;
}

// mp_handle_pending(true): raise what the poll caught, or what is pending now.
void mpnm_handle_pending(void) {
    mp_obj_t exc = mpnm_root.pending;
    if (exc != MP_OBJ_NULL) {
        mpnm_root.pending = MP_OBJ_NULL;
        mp_raise_dyn(exc);
    }
    if (mpnm_root.poll_fn != MP_OBJ_NULL) {
        mp_obj_t none = mp_const_none;
        mp_call_function_n_kw(mpnm_root.poll_fn, 1, 0, &none);
    }
}

// ---- the heap, through the firmware's `gc` module -------------------------------------------

// Only `free` (gc.mem_free()), all the binding reads (a refused grow's
// MemoryError says it); the other fields are left as they were.
void gc_info(gc_info_t *info) {
    info->free = (size_t)mp_obj_get_int(mpnm_module_call(MP_QSTR_gc, MP_QSTR_mem_free, 0, NULL));
}

// ---- the HAL, through the firmware's `sys` and `time` modules -------------------------------

void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    mp_printf(&mp_plat_print, "%.*s", (int)len, str);
}

int mp_hal_stdin_rx_chr(void) {
    mp_obj_t sys = mp_import_name(MP_QSTR_sys, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t dest[3];
    mp_load_method_maybe(sys, MP_QSTR_stdin, dest);
    if (dest[0] == MP_OBJ_NULL) {
        return 4;   // no stdin: end of file
    }
    mp_obj_t s = mp_call_function_n_kw(mp_load_attr(dest[0], MP_QSTR_read), 1, 0,
        (mp_obj_t[]) {MP_OBJ_NEW_SMALL_INT(1)});
    size_t len;
    const char *p = mp_obj_str_get_data(s, &len);
    return len == 0 ? 4 : (unsigned char)p[0];
}

static mp_obj_t mpnm_time(qstr fn, mp_obj_t arg) {
    if (mpnm_root.time_module == MP_OBJ_NULL) {
        mpnm_root.time_module = mp_import_name(MP_QSTR_time, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    }
    mp_obj_t f = mp_load_attr(mpnm_root.time_module, fn);
    return mp_call_function_n_kw(f, arg == MP_OBJ_NULL ? 0 : 1, 0, &arg);
}

// time.ticks_us() wraps at a port's own period (2**30 on most): extend it
// with time.ticks_diff into a counter that wraps at the machine word.
mp_uint_t mp_hal_ticks_us(void) {
    mp_obj_t now = mpnm_time(MP_QSTR_ticks_us, MP_OBJ_NULL);
    if (mpnm_root.ticks_acc == 0 && mpnm_root.ticks_last == 0) {
        mpnm_root.ticks_acc = 1;
    } else {
        mp_obj_t args[2] = {now, mp_obj_new_int_from_uint(mpnm_root.ticks_last)};
        mp_obj_t f = mp_load_attr(mpnm_root.time_module, MP_QSTR_ticks_diff);
        mp_int_t d = mp_obj_get_int(mp_call_function_n_kw(f, 2, 0, args));
        mpnm_root.ticks_acc += (uint64_t)(d > 0 ? d : 0);
    }
    mpnm_root.ticks_last = (mp_uint_t)mp_obj_get_int_truncated(now);
    return (mp_uint_t)mpnm_root.ticks_acc;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return mp_hal_ticks_us() / 1000;
}

mp_uint_t mp_hal_ticks_cpu(void) {
    return mp_hal_ticks_us();
}

void mp_hal_delay_us(mp_uint_t us) {
    mpnm_time(MP_QSTR_sleep_us, mp_obj_new_int_from_uint(us));
}

void mp_hal_delay_ms(mp_uint_t ms) {
    mpnm_time(MP_QSTR_sleep_ms, mp_obj_new_int_from_uint(ms));
}

// ---- the C library calls the compiler emits ---------------------------------------------------

// Our own, not mp_fun_table's memset_/memmove_: GCC (12, x86-64 -Os) turned
// `return mp_fun_table.memmove_(d, s, n)` inside a function named memmove
// into a forward `rep movsb`, which breaks overlapping copies (the spec
// suite's memory.copy and table.copy cases caught it). Word at a time when
// both pointers are aligned.
void *memset(void *s, int c, size_t n) {
    unsigned char *p = s;
    while (n > 0 && ((uintptr_t)p & (sizeof(mp_uint_t) - 1)) != 0) {
        *p++ = (unsigned char)c;
        n--;
    }
    mp_uint_t w = (unsigned char)c;
    w |= w << 8;
    w |= w << 16;
    w |= (w << 16) << 16;
    for (; n >= sizeof(mp_uint_t); n -= sizeof(mp_uint_t), p += sizeof(mp_uint_t)) {
        *(mp_uint_t *)p = w;
    }
    while (n > 0) {
        *p++ = (unsigned char)c;
        n--;
    }
    return s;
}

void *memmove(void *dest, const void *src, size_t n) {
    unsigned char *d = dest;
    const unsigned char *s = src;
    const size_t w = sizeof(mp_uint_t);
    bool aligned = (((uintptr_t)d | (uintptr_t)s) & (w - 1)) == 0;
    if (d < s || d >= s + n) {
        size_t i = 0;
        if (aligned) {
            for (; i + w <= n; i += w) {
                *(mp_uint_t *)(d + i) = *(const mp_uint_t *)(s + i);
            }
        }
        for (; i < n; i++) {
            d[i] = s[i];
        }
    } else if (d != s) {
        size_t i = n;
        if (aligned) {
            while ((i & (w - 1)) != 0) {
                i--;
                d[i] = s[i];
            }
            for (; i >= w; i -= w) {
                *(mp_uint_t *)(d + i - w) = *(const mp_uint_t *)(s + i - w);
            }
        }
        while (i > 0) {
            i--;
            d[i] = s[i];
        }
    }
    return dest;
}

void *memcpy(void *dest, const void *src, size_t n) {
    return memmove(dest, src, n);
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *p = a, *q = b;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != q[i]) {
            return p[i] - q[i];
        }
    }
    return 0;
}

void *memchr(const void *s, int c, size_t n) {
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == (unsigned char)c) {
            return (void *)(p + i);
        }
    }
    return NULL;
}

size_t strlen(const char *s) {
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

int strcmp(const char *a, const char *b) {
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}
