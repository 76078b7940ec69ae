// SPDX-License-Identifier: MIT
// wasi.c: wasm.WASI and wasm.Exit, a WASI preview1 subset for the `wasm` module: enough for C
// programs built with clang --target=wasm32-wasi and wasi-libc (printf, exit,
// argv, environ, clocks, random). Opt-in per instance:
//     wasm.Instance(m, wasi=wasm.WASI(args=["prog", "x"]))
// Functions follow witx/wasi_snapshot_preview1.witx of the WASI repository
// (WebAssembly/WASI, legacy/preview1). Every guest pointer goes through
// mw_memory_native, the engine's one overflow-safe bounds check: a bad one is
// errno FAULT returned to the program, never a host access.
//
// Supported: fd_write (fds 1, 2 -> WASI(stdout=, stderr=) objects, else the
// console: the bytes as they are where MICROPY_PY_WASM_WASI_RAW_STDIO, else
// through sys.stdout / sys.stderr like print), fd_read (fd 0,
// line at a time from the port's stdin), fd_fdstat_get (0-2: character
// devices; files, directories), fd_prestat_get / fd_prestat_dir_name (no preopens: BADF),
// fd_seek / fd_tell (0-2: SPIPE), fd_close (0-2: closed for the guest, BADF from then
// on), files under preopened directories (wasi_files.c)
// (WASI(preopens={"/data": "/flash/data"}): path_open, fd_read/fd_write/
// fd_pread/fd_pwrite/fd_seek/fd_tell/fd_close/fd_sync on files, fd_filestat_get,
// fd_filestat_set_size (the file's truncate()), fd_fdstat_set_flags (APPEND, NONBLOCK),
// fd_allocate (NOTSUP, as wasmtime),
// path_filestat_get, fd_readdir, path_create_directory,
// path_remove_directory, path_unlink_file, path_rename, through the port's
// open() and os module; paths may not leave their preopen), args_*, environ_*, clock_res_get /
// clock_time_get (ticks), poll_oneoff (clocks: sleeps), random_get,
// sched_yield, proc_exit (raises wasm.Exit). Any other wasi_snapshot_preview1
// function returning an errno is a stub: BADF for fd_* on fds other than 0-2,
// else NOSYS.
#include <string.h>

#include "py/runtime.h"
#include "py/mphal.h"
#include "py/stream.h"
#include "py/objexcept.h"
#include "py/mpstate.h"
#include "wasi.h"

#if MICROPY_PY_WASM && MICROPY_PY_WASM_WASI

#if defined(__linux__)
#include <errno.h>
#include <time.h>
#include <sys/random.h>
#endif

// witx constants only these functions use (the shared ones: wasi.h)
#define WASI_RIGHTS_ALL (0x1fffffffull)
#define WASI_FILETYPE_CHARACTER_DEVICE (2)
#define WASI_RIGHTS_FD_READDIR (1u << 14)
#define WASI_RIGHTS_POLL_FD_READWRITE (1u << 27)

#define WASI_EVENTTYPE_CLOCK (0)
#define WASI_EVENTTYPE_FD_WRITE (2)
#define WASI_SUBSCRIPTION_CLOCK_ABSTIME (1)
#define WASI_SUBSCRIPTION_SIZE (48)  // userdata u64 @0, tag u8 @8, clock: id u32 @16, timeout u64 @24, flags u16 @40
#define WASI_EVENT_SIZE (32)         // userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite @16

#define WASI_CLOCK_REALTIME (0)
#define WASI_CLOCK_THREAD_CPUTIME_ID (3)

#define WASI_IOVEC_SIZE (8)      // struct iovec { u32 buf; u32 buf_len; }
#define WASI_FDSTAT_SIZE (24)    // filetype u8 @0, flags u16 @2, rights u64 @8, @16

#if MICROPY_PY_SYS_STDFILES
extern struct _mp_dummy_t mp_sys_stdout_obj, mp_sys_stderr_obj;   // py/modsys.c: sys.stdout, sys.stderr
#endif

// ---- wasm.Exit ---------------------------------------------------------------------

// e.code is args[0]: the program's exit code as a C int (exit(-1) -> -1).
static void modwasi_exit_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_code) {
        dest[0] = mp_obj_exception_get_value(self_in);
        return;
    }
    mp_obj_exception_attr(self_in, attr, dest);
}

MP_DEFINE_CONST_OBJ_TYPE(modwasi_type_Exit, MP_QSTR_Exit, MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new, print, mp_obj_exception_print, attr, modwasi_exit_attr,
    parent, &mp_type_Exception);

// ---- wasm.WASI: what a program sees (args, environment) -------------------------------

// A str with no NUL (C strings in the guest); returns its bytes.
static const char *modwasi_cstr(mp_obj_t s, size_t *len) {
    const char *p = mp_obj_str_get_data(s, len);
    if (memchr(p, 0, *len) != NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("WASI strings can't contain NUL"));
    }
    return p;
}

static mp_obj_t modwasi_str_tuple(mp_obj_t iterable) {
    mp_obj_t list = mp_obj_new_list(0, NULL);
    mp_obj_t iter = mp_getiter(iterable, NULL);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        size_t len;
        modwasi_cstr(item, &len);
        mp_obj_list_append(list, item);
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    return mp_obj_new_tuple(n, items);
}

// stdout= / stderr=: None or any object with a write method.
static mp_obj_t modwasi_writer(mp_obj_t o, qstr name) {
    if (o != mp_const_none) {
        mp_obj_t dest[2];
        mp_load_method_protected(o, MP_QSTR_write, dest, true);
        if (dest[0] == MP_OBJ_NULL) {
            modwasm_raise_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q must have a write method"), name);
        }
    }
    return o;
}

// The port's os module (its filesystem), or MP_OBJ_NULL on a port without one.
static mp_obj_t modwasi_os(void) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t os = mp_import_name(MP_QSTR_os, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        nlr_pop();
        return os;
    }
    return MP_OBJ_NULL;
}

// os.<name>(args...)
mp_obj_t modwasi_os_call(qstr name, size_t n, const mp_obj_t *args) {
    mp_obj_t os = modwasi_os();
    if (os == MP_OBJ_NULL) {
        mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("no os module"));
    }
    return mp_call_function_n_kw(mp_load_attr(os, name), n, 0, args);
}

// preopens={"/guest": "/host/dir", ...}: each host directory must exist.
static mp_obj_t modwasi_preopens(mp_obj_t pre) {
    if (pre == mp_const_none) {
        return mp_const_empty_tuple;
    }
    if (!mp_obj_is_type(pre, &mp_type_dict)) {
        mp_raise_TypeError(MP_ERROR_TEXT("preopens must be a dict {guest path: host directory}"));
    }
    if (modwasi_os() == MP_OBJ_NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("preopens need a filesystem: this port has no os module"));
    }
    mp_map_t *map = mp_obj_dict_get_map(pre);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < map->alloc; i++) {
        if (!mp_map_slot_is_filled(map, i)) {
            continue;
        }
        size_t len;
        modwasi_cstr(map->table[i].key, &len);
        const char *host = modwasi_cstr(map->table[i].value, &len);
        mp_obj_t st = modwasi_os_call(MP_QSTR_stat, 1, &map->table[i].value);   // OSError(ENOENT) if missing
        if (!(mp_obj_get_int(mp_obj_subscr(st, MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_SENTINEL)) & MODWASI_S_IFDIR)) {
            modwasm_raise_varg(&mp_type_ValueError, MP_ERROR_TEXT("preopen '%s' is not a directory"), host);
        }
        mp_obj_t pair[2] = { map->table[i].key, map->table[i].value };
        mp_obj_list_append(list, mp_obj_new_tuple(2, pair));
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    if (n > MODWASI_MAX_FDS - 4) {
        mp_raise_ValueError(MP_ERROR_TEXT("too many preopens"));
    }
    return mp_obj_new_tuple(n, items);
}

// WASI(args=(), env=None, stdout=None, stderr=None, preopens=None): env a dict {"KEY": "value"}
// or strings "KEY=value"; stdout/stderr objects with write(bytes).
static mp_obj_t modwasi_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all_args) {
    enum { ARG_args, ARG_env, ARG_stdout, ARG_stderr, ARG_preopens };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_args, MP_ARG_OBJ, {.u_obj = mp_const_empty_tuple} },
        { MP_QSTR_env, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_stdout, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_stderr, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_preopens, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all_args, MP_ARRAY_SIZE(allowed), allowed, args);
    modwasi_obj_t *o = mp_obj_malloc(modwasi_obj_t, type);
    if (mp_obj_is_str(args[ARG_args].u_obj)) {
        mp_raise_TypeError(MP_ERROR_TEXT("args must be a list of str"));
    }
    o->args = modwasi_str_tuple(args[ARG_args].u_obj);
    o->out[0] = modwasi_writer(args[ARG_stdout].u_obj, MP_QSTR_stdout);
    o->out[1] = modwasi_writer(args[ARG_stderr].u_obj, MP_QSTR_stderr);
    o->preopens = modwasi_preopens(args[ARG_preopens].u_obj);
    mp_obj_t env = args[ARG_env].u_obj;
    if (env == mp_const_none) {
        o->env = mp_const_empty_tuple;
    } else if (mp_obj_is_type(env, &mp_type_dict)) {
        mp_map_t *map = mp_obj_dict_get_map(env);
        mp_obj_t list = mp_obj_new_list(0, NULL);
        for (size_t i = 0; i < map->alloc; i++) {
            if (mp_map_slot_is_filled(map, i)) {
                size_t klen, vlen;
                const char *k = modwasi_cstr(map->table[i].key, &klen);
                const char *v = modwasi_cstr(map->table[i].value, &vlen);
                vstr_t s;
                vstr_init(&s, klen + vlen + 2);
                vstr_add_strn(&s, k, klen);
                vstr_add_char(&s, '=');
                vstr_add_strn(&s, v, vlen);
                mp_obj_list_append(list, mp_obj_new_str_from_vstr(&s));
            }
        }
        o->env = modwasi_str_tuple(list);
    } else {
        o->env = modwasi_str_tuple(env);
    }
    return MP_OBJ_FROM_PTR(o);
}

// WASI.start(instance): run a command's _start (or a reactor's _initialize).
// Returns 0 when the program ends with code 0: main returned 0 or called
// exit(0); any other code raises wasm.Exit. (Calling _start directly raises
// wasm.Exit for every proc_exit, 0 included: it is the only way out of the
// program's stack.)
static mp_obj_t modwasi_start(mp_obj_t self_in, mp_obj_t inst) {
    (void)self_in;
    if (!mp_obj_is_type(inst, &modwasm_type_Instance)) {
        mp_raise_TypeError(MP_ERROR_TEXT("expected a wasm.Instance"));
    }
    mp_obj_t exports = mp_load_attr(inst, MP_QSTR_exports);
    mp_obj_t dest[2];
    mp_load_method_protected(exports, MP_QSTR__start, dest, true);
    if (dest[0] == MP_OBJ_NULL) {
        mp_load_method_protected(exports, MP_QSTR__initialize, dest, true);
    }
    if (dest[0] == MP_OBJ_NULL) {
        mp_raise_ValueError(MP_ERROR_TEXT("no _start or _initialize export"));
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_0(dest[0]);
        nlr_pop();
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    if (mp_obj_is_exact_type(exc, &modwasi_type_Exit)
        && mp_obj_equal(mp_obj_exception_get_value(exc), MP_OBJ_NEW_SMALL_INT(0))) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    nlr_jump(nlr.ret_val);
}
static MP_DEFINE_CONST_FUN_OBJ_2(modwasi_start_obj, modwasi_start);

static void modwasi_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    modwasi_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    if (attr == MP_QSTR_args) {
        dest[0] = self->args;
    } else if (attr == MP_QSTR_env) {
        dest[0] = self->env;
    } else if (attr == MP_QSTR_stdout) {
        dest[0] = self->out[0];
    } else if (attr == MP_QSTR_stderr) {
        dest[0] = self->out[1];
    } else if (attr == MP_QSTR_preopens) {
        dest[0] = self->preopens;
    } else {
        dest[1] = MP_OBJ_SENTINEL;    // continue in locals_dict
    }
}

static const mp_rom_map_elem_t modwasi_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_start), MP_ROM_PTR(&modwasi_start_obj) },
};
static MP_DEFINE_CONST_DICT(modwasi_locals, modwasi_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(modwasi_type_WASI, MP_QSTR_WASI, MP_TYPE_FLAG_NONE,
    make_new, modwasi_make_new, attr, modwasi_attr, locals_dict, &modwasi_locals);

// ---- guest memory -------------------------------------------------------------------------

// Native pointer to the guest bytes [app_addr, app_addr + len), or NULL
// (-> errno FAULT): the engine's bounds check, plus no memory at all.
uint8_t *modwasi_native(modwasi_ctx_t *c, uint32_t app_addr, uint64_t len) {
    modwindow_follow();           // Python may have run: a mapped bytearray may have moved
    if (c->mem == NULL || len > UINT32_MAX) {
        return NULL;
    }
    return mw_memory_native(c->rt, c->mem, app_addr, (uint32_t)len);
}

// The same for bytes WASI writes into the guest: NULL too where a wasm store
// would trap (a shared heap attached read-only).
uint8_t *modwasi_native_w(modwasi_ctx_t *c, uint32_t app_addr, uint64_t len) {
    modwindow_follow();
    if (c->mem == NULL || len > UINT32_MAX) {
        return NULL;
    }
    return mw_memory_native_w(c->rt, c->mem, app_addr, (uint32_t)len);
}

// No native pointer into guest memory is kept across Python code (a stream's
// write, open(), an os call into a Python filesystem, a callback scheduled
// while fd_read or poll_oneoff waits): that code may unmap the window the
// pointer lies in (whose object the collector may then free) or grow the
// memory. So a function checks every pointer before any side effect (EFAULT)
// and takes each one again, with the same check, after Python ran and before
// it writes (EFAULT then too, if it is gone). The pin (modwasi_host) keeps a
// grow from moving the memory meanwhile, the window table cannot be pinned.

// iovec i of fd_read / fd_write's array (checked by modwasi_io_args, taken again here).
const uint8_t *modwasi_iov(modwasi_ctx_t *c, const mw_val *a, uint32_t i) {
    return modwasi_native(c, a[1].i32 + i * WASI_IOVEC_SIZE, WASI_IOVEC_SIZE);
}

// The 32-bit count (bytes done) a function returns through app_addr, taken
// again after Python ran: success, or EFAULT if the word is no longer there.
uint32_t modwasi_put_count(modwasi_ctx_t *c, uint32_t app_addr, uint32_t v) {
    uint8_t *p = modwasi_native_w(c, app_addr, 4);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    modwasi_put32(p, v);
    return WASI_ESUCCESS;
}

// The arguments of fd_read and fd_write (fd, iovs, iovs_len, count*): the
// iovec array, every buffer it names (writable where WASI writes into it: a
// read), and the word the byte count goes to, all checked before any side
// effect; EFAULT if one is outside memory or a read's buffer is read-only.
uint32_t modwasi_io_args(modwasi_ctx_t *c, const mw_val *a, bool read) {
    uint32_t n = a[2].i32;
    if (modwasi_native(c, a[1].i32, (uint64_t)n * WASI_IOVEC_SIZE) == NULL || modwasi_native_w(c, a[3].i32, 4) == NULL) {
        return WASI_EFAULT;
    }
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *e = modwasi_iov(c, a, i);
        uint32_t addr = modwasi_get32(e), len = modwasi_get32(e + 4);
        if ((read ? modwasi_native_w(c, addr, len) : modwasi_native(c, addr, len)) == NULL) {
            return WASI_EFAULT;
        }
    }
    return WASI_ESUCCESS;
}

// ---- the functions: each returns a WASI errno; a[] are the wasm params -------------

// The guest's bytes [app_addr, app_addr + len) as a bytes copy, MP_OBJ_NULL
// (EFAULT) if they are gone: taken after the copy's allocation, which may
// collect (a collected instance's finaliser unmaps its windows in a memory it
// shared with this one).
static mp_obj_t modwasi_bytes(modwasi_ctx_t *c, uint32_t app_addr, uint32_t len) {
    vstr_t v;
    vstr_init(&v, (size_t)len + 1);
    const uint8_t *buf = modwasi_native(c, app_addr, len);
    if (buf == NULL) {
        return MP_OBJ_NULL;
    }
    vstr_add_strn(&v, (const char *)buf, len);
    return mp_obj_new_bytes_from_vstr(&v);
}

// One buffer to an object's write method, as a bytes copy (the object may keep
// it; guest memory may move or change). Returns the bytes written: write's
// int result, or all of them when it returns None; a count outside 0 .. len
// comes back as one past len, which the caller makes EIO (as a file's write,
// modwasi_file_rw; until session 29 clamped to len, or 0 if negative).
static mp_uint_t modwasi_write_obj(mp_obj_t out, mp_obj_t data, uint32_t len) {
    mp_obj_t r = mp_call_function_n_kw(mp_load_attr(out, MP_QSTR_write), 1, 0, &data);
    if (r == mp_const_none) {
        return len;
    }
    mp_int_t n = mp_obj_get_int(r);
    return n < 0 || (mp_uint_t)n > len ? (mp_uint_t)len + 1 : (mp_uint_t)n;
}

// One buffer to the console (no stdout=/stderr= object).
static mp_uint_t modwasi_write_console(uint32_t fd, const uint8_t *buf, uint32_t len) {
    #if MICROPY_PY_WASM_WASI_RAW_STDIO
    // the program's bytes as they are (the host port: what a pipe or file gets)
    (void)fd;
    return mp_hal_stdout_tx_strn((const char *)buf, len);
    #elif MICROPY_PY_SYS_STDFILES
    // like print: a serial REPL gets "\n" as "\r\n"
    mp_obj_t stream = MP_OBJ_FROM_PTR(fd == 1 ? &mp_sys_stdout_obj : &mp_sys_stderr_obj);
    int errcode = 0;
    mp_uint_t n = mp_stream_rw(stream, (void *)buf, len, &errcode, MP_STREAM_RW_WRITE);
    return n;
    #else
    (void)fd;
    mp_hal_stdout_tx_strn_cooked((const char *)buf, len);
    return len;
    #endif
}

// fd_write(fd, iovs, iovs_len, nwritten*): fds 1 and 2 to WASI(stdout=, stderr=)
// when given, else to the console (modwasi_write_console).
static uint32_t modwasi_fd_write(modwasi_ctx_t *c, const mw_val *a) {
    uint32_t fd = a[0].i32;
    if (modwasi_fd(c, fd) != NULL) {
        return modwasi_file_rw(c, modwasi_fd(c, fd), a, true);
    }
    if (fd != 1 && fd != 2) {
        return WASI_EBADF;
    }
    if (modwasi_io_args(c, a, false) != WASI_ESUCCESS) {
        return WASI_EFAULT;
    }
    uint32_t done = 0;
    for (uint32_t i = 0; i < a[2].i32; i++) {
        const uint8_t *e = modwasi_iov(c, a, i);
        if (e == NULL) {
            return WASI_EFAULT;       // gone while an earlier write ran Python
        }
        uint32_t addr = modwasi_get32(e), len = modwasi_get32(e + 4);
        mp_obj_t out = c->wasi->out[fd - 1];
        mp_uint_t n;
        if (out != mp_const_none) {
            mp_obj_t data = modwasi_bytes(c, addr, len);
            if (data == MP_OBJ_NULL) {
                return WASI_EFAULT;
            }
            n = modwasi_write_obj(out, data, len);
        } else {
            const uint8_t *buf = modwasi_native(c, addr, len);
            if (buf == NULL) {
                return WASI_EFAULT;
            }
            n = modwasi_write_console(fd, buf, len);
        }
        if (n > len) {
            return WASI_EIO;          // a count it cannot have done (CPython: OSError)
        }
        done += (uint32_t)n;
        if (n < len) {
            // the console's 0 is its error (mp_stream_rw); an object's 0 is
            // a count, as a file's (Python's io: 0 .. len is a count)
            if (done == 0 && out == mp_const_none) {
                return WASI_EIO;
            }
            break;
        }
    }
    return modwasi_put_count(c, a[3].i32, done);
}

// fd_read(fd, iovs, iovs_len, nread*): fd 0, a line at a time like a
// terminal: up to and including "\n" (CR read as "\n"), or until the buffers
// are full; Ctrl-D ends the input (0 bytes: end of file); Ctrl-C raises
// KeyboardInterrupt. Blocks until a line comes (the wait runs scheduled
// callbacks on the boards: each byte's place is taken after its wait).
static uint32_t modwasi_fd_read(modwasi_ctx_t *c, const mw_val *a) {
    if (modwasi_fd(c, a[0].i32) != NULL) {
        return modwasi_file_rw(c, modwasi_fd(c, a[0].i32), a, false);
    }
    if (a[0].i32 != 0) {
        return WASI_EBADF;
    }
    if (modwasi_io_args(c, a, true) != WASI_ESUCCESS) {
        return WASI_EFAULT;
    }
    uint32_t done = 0;
    bool eol = false;
    for (uint32_t i = 0; i < a[2].i32 && !eol; i++) {
        const uint8_t *e = modwasi_iov(c, a, i);
        if (e == NULL) {
            return WASI_EFAULT;
        }
        uint32_t addr = modwasi_get32(e), len = modwasi_get32(e + 4);
        for (uint32_t k = 0; k < len; k++) {
            int ch = mp_hal_stdin_rx_chr();
            if (ch == 3) {             // Ctrl-C
                mp_raise_type(&mp_type_KeyboardInterrupt);
            }
            if (ch == 4) {             // Ctrl-D
                eol = true;
                break;
            }
            uint8_t *dst = modwasi_native_w(c, addr + k, 1);
            if (dst == NULL) {
                return WASI_EFAULT;
            }
            *dst = ch == '\r' ? '\n' : (uint8_t)ch;
            done++;
            if (*dst == '\n') {
                eol = true;
                break;
            }
        }
    }
    return modwasi_put_count(c, a[3].i32, done);
}

// fd_fdstat_get(fd, fdstat*): fds 0-2 are character devices without seek or
// tell rights, which is what wasi-libc's isatty() looks for.
static uint32_t modwasi_fd_fdstat_get(modwasi_ctx_t *c, const mw_val *a) {
    uint32_t fd = a[0].i32;
    modwasi_fd_t *f = modwasi_fd(c, fd);
    if (f != NULL) {
        // files and directories: every right but FD_READ and FD_READDIR where
        // the fd may not read (a directory always lists), FD_WRITE where it
        // may not write, as wasmtime: wasi-libc's fcntl(F_GETFL) makes
        // O_RDONLY, O_WRONLY or O_RDWR of them; APPEND and NONBLOCK the flags
        uint8_t *st = modwasi_native_w(c, a[1].i32, WASI_FDSTAT_SIZE);
        if (st == NULL) {
            return WASI_EFAULT;
        }
        memset(st, 0, WASI_FDSTAT_SIZE);
        bool dir = f->file == MP_OBJ_NULL;
        st[0] = dir ? WASI_FILETYPE_DIRECTORY : WASI_FILETYPE_REGULAR_FILE;
        st[2] = f->fdflags;
        uint64_t rights = WASI_RIGHTS_ALL & ~(uint64_t)(WASI_RIGHTS_FD_READ | WASI_RIGHTS_FD_WRITE | WASI_RIGHTS_FD_READDIR);
        rights |= (f->rw & MODWASI_RD ? WASI_RIGHTS_FD_READ | WASI_RIGHTS_FD_READDIR : 0)
            | (f->rw & MODWASI_WR ? WASI_RIGHTS_FD_WRITE : 0) | (dir ? WASI_RIGHTS_FD_READDIR : 0);
        modwasi_put64(st + 8, rights);
        modwasi_put64(st + 16, WASI_RIGHTS_ALL);
        return WASI_ESUCCESS;
    }
    if (fd > 2) {
        return WASI_EBADF;
    }
    uint8_t *st = modwasi_native_w(c, a[1].i32, WASI_FDSTAT_SIZE);
    if (st == NULL) {
        return WASI_EFAULT;
    }
    memset(st, 0, WASI_FDSTAT_SIZE);
    st[0] = WASI_FILETYPE_CHARACTER_DEVICE;
    modwasi_put64(st + 8, (fd == 0 ? WASI_RIGHTS_FD_READ : WASI_RIGHTS_FD_WRITE) | WASI_RIGHTS_POLL_FD_READWRITE);
    return WASI_ESUCCESS;
}

// fd_seek / fd_tell: files seek; the standard streams are not seekable.
static uint32_t modwasi_fd_seek(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f != NULL) {
        return modwasi_file_seek(c, f, (int64_t)a[1].i64, a[2].i32, a[3].i32);
    }
    return a[0].i32 > 2 ? WASI_EBADF : WASI_ESPIPE;
}

static uint32_t modwasi_fd_tell(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f != NULL) {
        return modwasi_file_seek(c, f, 0, 1, a[1].i32);
    }
    return a[0].i32 > 2 ? WASI_EBADF : WASI_ESPIPE;
}

// Any other fd_* function: BADF for unknown fds, else NOSYS.
static uint32_t modwasi_fd_nosys(modwasi_ctx_t *c, const mw_val *a) {
    return a[0].i32 > 2 && modwasi_fd(c, a[0].i32) == NULL ? WASI_EBADF : WASI_ENOSYS;
}

static uint32_t modwasi_nosys(modwasi_ctx_t *c, const mw_val *a) {
    (void)c;
    (void)a;
    return WASI_ENOSYS;
}

// The strings of a tuple (*n of them, in *items) and the bytes they take
// as NUL-terminated C strings.
static size_t modwasi_strings_total(mp_obj_t strs, size_t *n, mp_obj_t **items) {
    mp_obj_tuple_get(strs, n, items);
    size_t total = 0;
    for (size_t i = 0; i < *n; i++) {
        size_t len;
        mp_obj_str_get_data((*items)[i], &len);
        total += len + 1;
    }
    return total;
}

// *_sizes_get(count*, buf_size*) for a tuple of strings.
static uint32_t modwasi_strings_sizes(modwasi_ctx_t *c, mp_obj_t strs, const mw_val *a) {
    uint8_t *count = modwasi_native_w(c, a[0].i32, 4);
    uint8_t *size = modwasi_native_w(c, a[1].i32, 4);
    if (count == NULL || size == NULL) {
        return WASI_EFAULT;
    }
    size_t n;
    mp_obj_t *items;
    size_t total = modwasi_strings_total(strs, &n, &items);
    modwasi_put32(count, (uint32_t)n);
    modwasi_put32(size, (uint32_t)total);
    return WASI_ESUCCESS;
}

// *_get(ptrs*, buf*): n pointers into buf, where the NUL-terminated strings go.
static uint32_t modwasi_strings_get(modwasi_ctx_t *c, mp_obj_t strs, const mw_val *a) {
    size_t n;
    mp_obj_t *items;
    size_t total = modwasi_strings_total(strs, &n, &items);
    uint32_t app_buf = a[1].i32;
    uint8_t *ptrs = modwasi_native_w(c, a[0].i32, (uint64_t)n * 4);
    uint8_t *buf = modwasi_native_w(c, app_buf, total);
    if (ptrs == NULL || buf == NULL) {
        return WASI_EFAULT;
    }
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *s = mp_obj_str_get_data(items[i], &len);
        modwasi_put32(ptrs + 4 * i, app_buf + (uint32_t)off);
        memcpy(buf + off, s, len);
        buf[off + len] = 0;
        off += len + 1;
    }
    return WASI_ESUCCESS;
}

static uint32_t modwasi_args_sizes_get(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_strings_sizes(c, c->wasi->args, a);
}

static uint32_t modwasi_args_get(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_strings_get(c, c->wasi->args, a);
}

static uint32_t modwasi_environ_sizes_get(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_strings_sizes(c, c->wasi->env, a);
}

static uint32_t modwasi_environ_get(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_strings_get(c, c->wasi->env, a);
}

// Microseconds since boot, 64 bits: the port's ticks, extended past their
// 32-bit wrap (every 71.6 minutes) when mp_uint_t is 32 bits; a wrap is seen
// as long as the program reads a clock at least once per wrap period.
// (File scope, not function-local statics: wasm.mpy keeps them in its bss.)
#if UINTPTR_MAX <= 0xffffffffu
static uint32_t modwasi_ticks_last, modwasi_ticks_high;
#endif
static uint64_t modwasi_ticks_us(void) {
    #if UINTPTR_MAX > 0xffffffffu
    return mp_hal_ticks_us();
    #else
    uint32_t now = (uint32_t)mp_hal_ticks_us();
    if (now < modwasi_ticks_last) {
        if (modwasi_ticks_last - now >= 0x80000000u) {
            modwasi_ticks_high++;           // wrapped
        } else {
            now = modwasi_ticks_last;       // a small step back (a read across a SysTick reload): hold
        }
    }
    modwasi_ticks_last = now;
    return ((uint64_t)modwasi_ticks_high << 32) | now;
    #endif
}

// clock_res_get(id, resolution*): 1 us for every clock.
static uint32_t modwasi_clock_res_get(modwasi_ctx_t *c, const mw_val *a) {
    if (a[0].i32 > WASI_CLOCK_THREAD_CPUTIME_ID) {
        return WASI_EINVAL;
    }
    uint8_t *out = modwasi_native_w(c, a[1].i32, 8);
    if (out == NULL) {
        return WASI_EFAULT;
    }
    modwasi_put64(out, 1000);
    return WASI_ESUCCESS;
}

// clock_time_get(id, precision, time*) in ns. REALTIME: the host's wall
// clock; on boards (no RTC) time since boot. MONOTONIC and the CPU-time
// clocks: time since boot (the program has the CPU to itself).
#if MICROPY_PY_WASM_WASI_TIMES
uint64_t modwasi_clock_ns(uint32_t id) {  // also set_times' _NOW (wasi_files.c)
#else
static uint64_t modwasi_clock_ns(uint32_t id) {
#endif
    #if defined(__linux__)
    if (id == WASI_CLOCK_REALTIME) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    #endif
    (void)id;
    return modwasi_ticks_us() * 1000u;
}

static uint32_t modwasi_clock_time_get(modwasi_ctx_t *c, const mw_val *a) {
    uint32_t id = a[0].i32;
    if (id > WASI_CLOCK_THREAD_CPUTIME_ID) {
        return WASI_EINVAL;
    }
    uint8_t *out = modwasi_native_w(c, a[2].i32, 8);
    if (out == NULL) {
        return WASI_EFAULT;
    }
    modwasi_put64(out, modwasi_clock_ns(id));
    return WASI_ESUCCESS;
}

// poll_oneoff(subscriptions*, events*, n, nevents*): clock subscriptions
// (relative or SUBSCRIPTION_CLOCK_ABSTIME) sleep until the earliest one is due,
// which is how wasi-libc's sleep(), usleep() and nanosleep() wait; fd_write
// subscriptions on fds 1 and 2 are always ready. Anything else (fd_read,
// other fds): NOTSUP for the whole call. The sleep runs MicroPython's pending
// work, so Ctrl-C interrupts it.
static uint32_t modwasi_poll_oneoff(modwasi_ctx_t *c, const mw_val *a) {
    uint32_t n = a[2].i32;
    if (n == 0) {
        return WASI_EINVAL;
    }
    const uint8_t *in = modwasi_native(c, a[0].i32, (uint64_t)n * WASI_SUBSCRIPTION_SIZE);
    uint8_t *out = modwasi_native_w(c, a[1].i32, (uint64_t)n * WASI_EVENT_SIZE);
    uint8_t *nevents = modwasi_native_w(c, a[3].i32, 4);
    if (in == NULL || out == NULL || nevents == NULL) {
        return WASI_EFAULT;
    }
    // the wait: until the earliest clock, 0 if an fd is ready
    uint64_t wait = UINT64_MAX;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *sub = in + i * WASI_SUBSCRIPTION_SIZE;
        uint64_t ns;
        if (sub[8] == WASI_EVENTTYPE_CLOCK) {
            uint32_t id = modwasi_get32(sub + 16);
            if (id > WASI_CLOCK_THREAD_CPUTIME_ID) {
                return WASI_EINVAL;
            }
            uint64_t timeout;
            memcpy(&timeout, sub + 24, 8);
            ns = timeout;
            if (sub[40] & WASI_SUBSCRIPTION_CLOCK_ABSTIME) {
                uint64_t now = modwasi_clock_ns(id);
                ns = timeout > now ? timeout - now : 0;
            }
        } else if (sub[8] == WASI_EVENTTYPE_FD_WRITE
                   && (modwasi_get32(sub + 16) == 1 || modwasi_get32(sub + 16) == 2)) {
            ns = 0;
        } else {
            return WASI_ENOTSUP;
        }
        if (ns < wait) {
            wait = ns;
        }
    }
    // Sleep until our own monotonic clock says so: mp_hal_delay_us takes 32
    // bits on the boards (slices of at most a second) and may return early.
    uint64_t end = modwasi_ticks_us() + (wait + 999) / 1000;
    for (uint64_t now = modwasi_ticks_us(); now < end; now = modwasi_ticks_us()) {
        uint64_t left = end - now;
        mp_hal_delay_us(left > 1000000 ? 1000000 : (mp_uint_t)left);
    }
    // taken again: the sleep ran pending work (Python)
    in = modwasi_native(c, a[0].i32, (uint64_t)n * WASI_SUBSCRIPTION_SIZE);
    out = modwasi_native_w(c, a[1].i32, (uint64_t)n * WASI_EVENT_SIZE);
    if (in == NULL || out == NULL) {
        return WASI_EFAULT;
    }
    // the events: every subscription that was due after `wait`
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *sub = in + i * WASI_SUBSCRIPTION_SIZE;
        bool due = sub[8] == WASI_EVENTTYPE_FD_WRITE;
        if (!due) {
            uint64_t timeout;
            memcpy(&timeout, sub + 24, 8);
            due = (sub[40] & WASI_SUBSCRIPTION_CLOCK_ABSTIME)
                ? modwasi_clock_ns(modwasi_get32(sub + 16)) >= timeout : timeout <= wait;
        }
        if (due) {
            // userdata and type taken first: the guest's events may overlap
            // its subscriptions (a memcpy of overlapping bytes, and the type
            // read from the event just written, until session 29)
            uint8_t head[9];
            memcpy(head, sub, 9);
            uint8_t *ev = out + count * WASI_EVENT_SIZE;
            memset(ev, 0, WASI_EVENT_SIZE);
            memcpy(ev, head, 8);          // userdata
            ev[10] = head[8];             // type; error 0; fd_readwrite.nbytes 0
            count++;
        }
    }
    return modwasi_put_count(c, a[3].i32, count);
}

// random_get(buf, len). Host: getrandom(2). Boards: splitmix64 seeded from
// the tick counters and stirred with the cycle counter on each call: fine for
// hash seeds and games, NOT cryptographic.
#if !defined(__linux__)
static uint64_t modwasi_prng_state;

static uint64_t modwasi_prng_next(void) {
    // splitmix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", 2014)
    uint64_t z = (modwasi_prng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
#endif

static uint32_t modwasi_random_get(modwasi_ctx_t *c, const mw_val *a) {
    uint32_t len = a[1].i32;
    uint8_t *buf = modwasi_native_w(c, a[0].i32, len);
    if (buf == NULL) {
        return WASI_EFAULT;
    }
    #if defined(__linux__)
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return WASI_EIO;
        }
        buf += n;
        len -= (uint32_t)n;
    }
    #else
    modwasi_prng_state ^= ((uint64_t)mp_hal_ticks_cpu() << 32) ^ mp_hal_ticks_us();
    while (len > 0) {
        uint64_t r = modwasi_prng_next();
        uint32_t k = len < 8 ? len : 8;
        memcpy(buf, &r, k);
        buf += k;
        len -= k;
    }
    #endif
    return WASI_ESUCCESS;
}

// sched_yield(): a chance for Ctrl-C and scheduled callbacks.
static uint32_t modwasi_sched_yield(modwasi_ctx_t *c, const mw_val *a) {
    (void)c;
    (void)a;
    mp_handle_pending(true);
    return WASI_ESUCCESS;
}

// proc_exit(code): unwinds the program by raising wasm.Exit(code).
static uint32_t modwasi_proc_exit(modwasi_ctx_t *c, const mw_val *a) {
    (void)c;
    mp_raise_type_arg(&modwasi_type_Exit, mp_obj_new_int((int32_t)a[0].i32));
}


// The implemented functions: each row's text is the name, a NUL, then the param
// types (i: i32, I: i64); every one's result is an errno but proc_exit's (none).
// (One string a row, not three fields: 8 bytes a row, and in wasm.mpy one
// relocation, not two.)
typedef struct _modwasi_row_t {
    const char *spec;
    modwasi_fn fn;
} modwasi_row_t;

static const modwasi_row_t modwasi_rows[] = {
    { "args_get\0ii", modwasi_args_get },
    { "args_sizes_get\0ii", modwasi_args_sizes_get },
    { "environ_get\0ii", modwasi_environ_get },
    { "environ_sizes_get\0ii", modwasi_environ_sizes_get },
    { "clock_res_get\0ii", modwasi_clock_res_get },
    { "clock_time_get\0iIi", modwasi_clock_time_get },
    { "fd_write\0iiii", modwasi_fd_write },
    { "fd_read\0iiii", modwasi_fd_read },
    { "fd_pread\0iiiIi", modwasi_fd_pread },
    { "fd_pwrite\0iiiIi", modwasi_fd_pwrite },
    { "fd_fdstat_get\0ii", modwasi_fd_fdstat_get },
    { "fd_prestat_get\0ii", modwasi_fd_prestat_get },
    { "fd_prestat_dir_name\0iii", modwasi_fd_prestat_dir_name },
    { "fd_seek\0iIii", modwasi_fd_seek },
    { "fd_tell\0ii", modwasi_fd_tell },
    { "fd_close\0i", modwasi_fd_close },
    { "fd_sync\0i", modwasi_fd_sync },
    { "fd_datasync\0i", modwasi_fd_sync },
    { "fd_filestat_get\0ii", modwasi_fd_filestat_get },
    { "fd_readdir\0iiiIi", modwasi_fd_readdir },
    { "fd_filestat_set_size\0iI", modwasi_fd_filestat_set_size },
    { "fd_fdstat_set_flags\0ii", modwasi_fd_fdstat_set_flags },
    { "fd_allocate\0iII", modwasi_fd_allocate },
    #if MICROPY_PY_WASM_WASI_TIMES
    { "fd_filestat_set_times\0iIIi", modwasi_fd_filestat_set_times },
    { "path_filestat_set_times\0iiiiIIi", modwasi_path_filestat_set_times },
    #endif
    { "path_open\0iiiiiIIii", modwasi_path_open },
    { "path_filestat_get\0iiiii", modwasi_path_filestat_get },
    { "path_create_directory\0iii", modwasi_path_create_directory },
    { "path_remove_directory\0iii", modwasi_path_remove_directory },
    { "path_unlink_file\0iii", modwasi_path_unlink_file },
    { "path_rename\0iiiiii", modwasi_path_rename },
    { "random_get\0ii", modwasi_random_get },
    { "poll_oneoff\0iiii", modwasi_poll_oneoff },
    { "sched_yield\0", modwasi_sched_yield },
    { "proc_exit\0i", modwasi_proc_exit },
};

// ---- glue: host function context, resolution, binding -------------------------------------

typedef struct _modwasi_call_t {
    modwasi_ctx_t *ctx;
    modwasi_fn fn;
    bool fd_first;            // an fd_* function: its first parameter is an fd
} modwasi_call_t;

// The body of every WASI import: the row's function, its errno as the result
// (BADF for a standard stream the guest closed).

static void modwasi_host_body(void *ctx, mw_func *self, mw_val *slots) {
    modwasi_call_t *call = ctx;
    uint32_t fd = slots[0].i32;
    if (call->ctx->dirty && call->fn != modwasi_fd_write) {
        modwasi_flush_dirty(call->ctx);
    }
    uint32_t err = call->fd_first && fd <= 2 && (call->ctx->std_closed >> fd) & 1
        ? WASI_EBADF : call->fn(call->ctx, slots);
    if (mw_func_type(self)->nresults == 1) {
        slots[0].i64 = err;
    }
}

// The one mw_host_fn of every WASI import. A Python exception (wasm.Exit,
// KeyboardInterrupt, an error of sys.stdout) goes back to Python as from any
// host function (modwasm_host_guard).
// The functions hold native pointers into the guest's memory (an iovec, the
// word a count goes to) across Python (a stream's write, open(), a callback
// scheduled while fd_read waits), which may grow that memory: it is pinned
// meanwhile (binding.h), so such a grow fails unless it extends in place, and
// no pointer is left into a block the move freed.
static mw_status modwasi_host(void *ctx, mw_func *self, mw_val *slots) {
    mw_memory *mem = ((modwasi_call_t *)ctx)->ctx->mem;
    modwasm_memory_pin(mem, true);
    mw_status st = modwasm_host_guard(modwasi_host_body, ctx, self, slots);
    modwasm_memory_pin(mem, false);
    return st;
}

void *modwasi_attach(mp_obj_t wasi) {
    if (wasi == mp_const_none) {
        return NULL;
    }
    if (!mp_obj_is_type(wasi, &modwasi_type_WASI)) {
        mp_raise_TypeError(MP_ERROR_TEXT("wasi must be a wasm.WASI"));
    }
    modwasi_ctx_t *c = m_new_obj(modwasi_ctx_t);
    c->wasi = MP_OBJ_TO_PTR(wasi);
    c->rt = NULL;
    c->mem = NULL;
    c->std_closed = 0;
    // fresh fds per instance: the preopens from 3 on
    memset(c->fds, 0, sizeof(c->fds));
    size_t n;
    mp_obj_t *pre;
    mp_obj_tuple_get(c->wasi->preopens, &n, &pre);
    for (size_t i = 0; i < n; i++) {
        mp_obj_t *pair = ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(pre[i]))->items;
        c->fds[3 + i].guest = pair[0];
        c->fds[3 + i].path = pair[1];
        c->fds[3 + i].file = MP_OBJ_NULL;
    }
    return c;
}

// An fd_* import whose first parameter is an i32 (every row's fd_* function: the fd).
static bool modwasi_fd_first(const mw_extern_desc *d) {
    const mw_functype *ft = d->func;
    return d->name_len > 3 && memcmp(d->name, "fd_", 3) == 0 && ft->nparams > 0 && ft->types[0] == MW_I32;
}

bool modwasi_resolve(void *ctx, mw_runtime *rt, const mw_extern_desc *d, mw_import *out) {
    modwasi_ctx_t *c = ctx;
    if (d->kind != MW_KIND_FUNC || !modwasm_name_is(d->module, d->module_len, "wasi_snapshot_preview1")) {
        return false;
    }
    c->rt = rt;
    // room for the longest row: path_open's 9 params and 1 result
    uint32_t type_buf[(sizeof(mw_functype) + 10 + 3) / 4];
    mw_functype *type = (mw_functype *)type_buf;
    modwasi_fn fn = NULL;
    bool fd_first = modwasi_fd_first(d);
    for (size_t i = 0; i < MP_ARRAY_SIZE(modwasi_rows); i++) {
        const modwasi_row_t *row = &modwasi_rows[i];
        if (modwasm_name_is(d->name, d->name_len, row->spec)) {
            const char *params = row->spec + strlen(row->spec) + 1;
            size_t np = strlen(params);
            type->nparams = (uint16_t)np;
            type->nresults = row->fn != modwasi_proc_exit;
            for (size_t k = 0; k < np; k++) {
                type->types[k] = params[k] == 'I' ? MW_I64 : MW_I32;
            }
            type->types[np] = MW_I32;
            fn = row->fn;
            break;
        }
    }
    if (fn == NULL) {
        // Not implemented: a stub with the declared type, when that returns an errno.
        const mw_functype *ft = d->func;
        if (ft->nresults != 1 || ft->types[ft->nparams] != MW_I32) {
            return false;
        }
        fn = fd_first ? modwasi_fd_nosys : modwasi_nosys;
        type = (mw_functype *)ft;
    }
    modwasi_call_t *call = m_new_obj(modwasi_call_t);
    call->ctx = c;
    call->fn = fn;
    call->fd_first = fd_first;
    memset(out, 0, sizeof(*out));
    // A declared type other than the row's fails at link time (LinkError).
    out->func = modwasm_host_func(rt, type, modwasi_host, call);
    return true;
}

void modwasi_bind(void *ctx, mw_instance *inst) {
    modwasi_ctx_t *c = ctx;
    uint32_t i;
    if (modwasm_find_export(mw_instance_module(inst), "memory", 6, &i)) {
        mw_import e;
        memset(&e, 0, sizeof(e));
        mw_instance_export(inst, i, &e);
        c->mem = e.memory;    // stays NULL if "memory" is not a memory
    }
}

#endif // MICROPY_PY_WASM && MICROPY_PY_WASM_WASI
