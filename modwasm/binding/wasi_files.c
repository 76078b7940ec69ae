// SPDX-License-Identifier: MIT
// wasi_files.c: wasm.WASI's files under preopened directories
// (WASI(preopens={"/data": "/flash/data"})): guest paths and their checks,
// path_open, the fds of files and directories (fd_read/fd_write/fd_pread/
// fd_pwrite/fd_seek/fd_tell/fd_close/fd_sync on files, fd_filestat_get,
// fd_filestat_set_size, fd_fdstat_set_flags, fd_allocate, fd_readdir),
// path_filestat_get, path_create_directory, path_remove_directory,
// path_unlink_file, path_rename, the flushes littlefs needs and the other fds
// of a file opened again. The object, stdio and the function table are
// wasi.c's; what both share is wasi.h.
#include "py/mperrno.h"
#include "py/objarray.h"
#include "py/smallint.h"
#include "wasi.h"

#if MICROPY_PY_WASM && MICROPY_PY_WASM_WASI

// ---- files under preopened directories ---------------------------------------------------
// Every operation goes through the port's open() and os module (ports/cortexm/vfs/ on the
// boards): files live in the board's filesystem. A guest path is relative to
// a directory fd; it may not be absolute nor climb above its preopen with
// "..": NOTCAPABLE (littlefs has no symlinks to follow out).

#if !defined(MP_ENOTEMPTY) || !defined(MP_ENAMETOOLONG)
// ENOTEMPTY and ENAMETOOLONG, which MicroPython's list leaves out, where the
// port's numbers for them are not known when this is built (wasm.mpy: our
// boards' newlib says 90 and 91, a stock port's littlefs raises Linux's 39 and
// 36): the firmware's errno module's, else Linux's.
static uint32_t modwasi_oserror_unlisted(mp_int_t e) {
    volatile mp_int_t notempty = 39, nametoolong = 36;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t errno_module = mp_import_name(MP_QSTR_errno, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        notempty = mp_obj_get_int(mp_load_attr(errno_module, MP_QSTR_ENOTEMPTY));
        nametoolong = mp_obj_get_int(mp_load_attr(errno_module, MP_QSTR_ENAMETOOLONG));
        nlr_pop();
    }
    return e == notempty ? WASI_ENOTEMPTY : e == nametoolong ? WASI_ENAMETOOLONG : WASI_EIO;
}
#endif

// A WASI errno for the OSError being handled (MicroPython's errno values are Linux's).
static uint32_t modwasi_oserror(mp_obj_t exc) {
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(&mp_type_OSError))) {
        nlr_raise(exc);       // not a filesystem error (KeyboardInterrupt, MemoryError): to Python
    }
    mp_obj_t v = mp_obj_exception_get_value(exc);
    mp_int_t e = mp_obj_is_small_int(v) ? MP_OBJ_SMALL_INT_VALUE(v) : 0;
    // the port's errno values (MP_E*: Linux's on the host, newlib's on the boards)
    static const struct { int16_t port; uint8_t wasi; } map[] = {
        { MP_ENOENT, WASI_ENOENT }, { MP_EBADF, WASI_EBADF }, { MP_EACCES, WASI_EACCES },
        { MP_EEXIST, WASI_EEXIST }, { MP_ENOTDIR, WASI_ENOTDIR }, { MP_EISDIR, WASI_EISDIR },
        { MP_EINVAL, WASI_EINVAL }, { MP_ENOSPC, WASI_ENOSPC }, { MP_EROFS, WASI_EROFS },
        #ifdef MP_ENAMETOOLONG
        { MP_ENAMETOOLONG, WASI_ENAMETOOLONG },
        #endif
        #ifdef MP_ENOTEMPTY
        { MP_ENOTEMPTY, WASI_ENOTEMPTY },
        #endif
    };
    for (size_t i = 0; i < MP_ARRAY_SIZE(map); i++) {
        if (map[i].port == e) {
            return map[i].wasi;
        }
    }
    #if !defined(MP_ENOTEMPTY) || !defined(MP_ENAMETOOLONG)
    return modwasi_oserror_unlisted(e);
    #else
    return WASI_EIO;
    #endif
}

static void modwasi_reopen(modwasi_fd_t *f);
#if MICROPY_PY_WASM_WASI_POSIX_FILES
static mp_obj_t modwasi_fileno_of(mp_obj_t file);
static void modwasi_open_dir(modwasi_fd_t *f);
// The descriptor of fd f's open file or opened directory (modwasi_fileno_of,
// taken when it was opened), or MP_OBJ_NULL.
#define modwasi_fileno(f) ((f)->no)
#else
#define modwasi_fileno(f) (MP_OBJ_NULL)
#endif

// What one fd changes, the other fds open on its file must show (on littlefs
// each fd is a handle of its own, with its own size and blocks, which saw
// nothing another handle wrote: found by tests/fuzz/wasi_files.py on
// mps2_an385). Three callers share one scan, each with its own function:
// modwasi_mark_shared (path_open), modwasi_show_change (a write, a truncate)
// and modwasi_forget_path (an unlink, a rename over). A file's identity is its
// host path string: on littlefs, which has no links, two fds on one file have
// one path where the preopens name each directory one way (docs/wasi.md). With
// MICROPY_PY_WASM_WASI_POSIX_FILES (the host port) a file with fileno() is a
// POSIX descriptor, which sees what every other one writes and keeps its file
// across a rename or an unlink (filestats and set_times through it: fstat,
// futimens): it is never opened again, so a file two preopens reach by two
// paths (a symlink, "..") needs no match there.

// What modwasi_on_each does to each other fd on a file.
#define MODWASI_ON_MARK (0)       // mark it and f MODWASI_SHARED
#define MODWASI_ON_CHANGE (1)     // open it again, f's change flushed first
#define MODWASI_ON_FORGET (2)     // its path "": its file has no name any more

// The fds a scan looks at (modwasi_on_each's `kinds`, modwasi_fd_kind): a
// file's, an opened directory's. A preopen is neither: it is its path.
#define MODWASI_FD_FILE (1)
#define MODWASI_FD_DIR (2)

static uint8_t modwasi_fd_kind(const modwasi_fd_t *g) {
    return g->file != MP_OBJ_NULL ? MODWASI_FD_FILE : g->guest == MP_OBJ_NULL ? MODWASI_FD_DIR : 0;
}

// `what` done to each fd other than `f`, of `kinds`, open at host path `path`.
// Path "" (a file unlinked or renamed over) names no file.
static void modwasi_on_each(modwasi_ctx_t *c, modwasi_fd_t *f, mp_obj_t path, uint8_t what, uint8_t kinds) {
    for (uint32_t i = 3; i < MODWASI_MAX_FDS && path != MP_OBJ_NEW_QSTR(MP_QSTR_); i++) {
        modwasi_fd_t *g = &c->fds[i];
        if (g == f || g->path == MP_OBJ_NULL || !(modwasi_fd_kind(g) & kinds) || !mp_obj_equal(g->path, path)) {
            continue;
        }
        if (what == MODWASI_ON_FORGET) {
            g->path = MP_OBJ_NEW_QSTR(MP_QSTR_);
        } else if (what == MODWASI_ON_MARK) {
            g->rw |= MODWASI_SHARED;
            f->rw |= MODWASI_SHARED;
        } else {
            modwasi_flush_dirty(c);   // f's change first (nothing left to flush after the first)
            modwasi_reopen(g);
        }
    }
}

#if MICROPY_PY_WASM_WASI_SHARED_MARK
// path_open: fd f (a file opened just now) and every other fd on its file
// marked MODWASI_SHARED: a write or truncate of an fd not marked shows nothing
// to others (modwasi_show_change returns at once: a file open once costs no
// scan). The mark stays after the other fd closes (a scan that finds none); a
// rename or an unlink never puts two fds on one path (those on the path renamed
// over or unlinked get ""), so an open is the only way a file becomes shared.
static void modwasi_mark_shared(modwasi_ctx_t *c, modwasi_fd_t *f) {
    modwasi_on_each(c, f, f->path, MODWASI_ON_MARK, MODWASI_FD_FILE);
}
#endif

// After fd f wrote or truncated its file (MODWASI_DIRTY): the file flushed and
// each other fd on it opened again at its offset, which then sees the change.
static void modwasi_show_change(modwasi_ctx_t *c, modwasi_fd_t *f) {
    #if MICROPY_PY_WASM_WASI_SHARED_MARK
    if (!(f->rw & MODWASI_SHARED)) {
        return;
    }
    #endif
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    if (modwasi_fileno(f) != MP_OBJ_NULL) {
        return;               // a POSIX descriptor: every other one sees what it wrote
    }
    #endif
    modwasi_on_each(c, f, f->path, MODWASI_ON_CHANGE, MODWASI_FD_FILE);
}

// `path` was unlinked or renamed over: the fds open on it keep the file they
// have (POSIX) under the path "", which names no file (never opened again);
// with MICROPY_PY_WASM_WASI_POSIX_FILES the opened directories' fds on it too
// (path_remove_directory, a path_rename over an empty directory): their path
// calls are ENOENT from then on (modwasi_path), never a new directory's of
// that name.
static void modwasi_forget_path(modwasi_ctx_t *c, mp_obj_t path) {
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    modwasi_on_each(c, NULL, path, MODWASI_ON_FORGET, MODWASI_FD_FILE | MODWASI_FD_DIR);
    #else
    modwasi_on_each(c, NULL, path, MODWASI_ON_FORGET, MODWASI_FD_FILE);
    #endif
}

// obj.<name>(*args), the os module's <name> for obj MP_OBJ_NULL, the global
// <name> (open) for mp_const_none: its result in *r, or an OSError as a WASI
// errno (*r untouched); anything else is raised again. Every os and file call
// of a WASI function goes through here (one nlr for them all).
static uint32_t modwasi_call(mp_obj_t obj, qstr name, size_t n, const mp_obj_t *args, mp_obj_t *r) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t fun = obj == mp_const_none ? mp_load_global(name) : MP_OBJ_NULL;
        if (obj == MP_OBJ_NULL) {
            *r = modwasi_os_call(name, n, args);
        } else {
            *r = mp_call_function_n_kw(fun != MP_OBJ_NULL ? fun : mp_load_attr(obj, name), n, 0, args);
        }
        nlr_pop();
        return WASI_ESUCCESS;
    }
    return modwasi_oserror(MP_OBJ_FROM_PTR(nlr.ret_val));   // re-raises anything but OSError
}

#if MICROPY_PY_WASM_WASI_TIMES
// The os module in *os (MP_OBJ_NULL without one) and its stat_ns where it has
// one (the host port's os.stat with its times in ns, ports/host/modos.c),
// else its stat (whole seconds: a Python os of a script's); *ns says which.
// The os imported once a filestat, the name a qstr of the build (until
// session 35 made at run time, 2,400 Ir a filestat: wasm.mpy keeps no times,
// the name costs it its qstr only).
static qstr modwasi_stat_name(mp_obj_t *os, bool *ns) {
    mp_obj_t dest[2] = { MP_OBJ_NULL, MP_OBJ_NULL };
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        *os = mp_import_name(MP_QSTR_os, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        mp_load_method_maybe(*os, MP_QSTR_stat_ns, dest);
        nlr_pop();
    }
    *ns = dest[0] != MP_OBJ_NULL;
    return *ns ? MP_QSTR_stat_ns : MP_QSTR_stat;
}
#endif

// os.stat(obj)[0] and [6] (mode, size) of a host path (or, with
// MICROPY_PY_WASM_WASI_POSIX_FILES, an open file's fileno()), and with
// MICROPY_PY_WASM_WASI_TIMES and t not NULL its atime, mtime, ctime in ns
// into t[0..2] (items 7-9: one call gives a filestat all it needs); or the
// OSError's WASI errno (ENOENT when missing).
static uint32_t modwasi_stat_st(mp_obj_t obj, mp_int_t *mode, mp_int_t *size, uint64_t *t) {
    qstr name = MP_QSTR_stat;
    mp_obj_t os = MP_OBJ_NULL;    // modwasi_call's "the os module" until looked up here
    #if MICROPY_PY_WASM_WASI_TIMES
    bool ns = false;
    if (t != NULL) {
        name = modwasi_stat_name(&os, &ns);
    }
    #else
    (void)t;
    #endif
    mp_obj_t st = MP_OBJ_NULL;
    uint32_t err = modwasi_call(os, name, 1, &obj, &st);
    if (err == WASI_ESUCCESS) {
        *mode = mp_obj_get_int(mp_obj_subscr(st, MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_SENTINEL));
        *size = mp_obj_get_int(mp_obj_subscr(st, MP_OBJ_NEW_SMALL_INT(6), MP_OBJ_SENTINEL));
        #if MICROPY_PY_WASM_WASI_TIMES
        for (int k = 0; k < 3 && t != NULL; k++) {
            mp_obj_t v = mp_obj_subscr(st, MP_OBJ_NEW_SMALL_INT(7 + k), MP_OBJ_SENTINEL);
            // a u64 of ns (a time past 2262 is an int past int64's range; one before
            // 1970 wraps, as it did)
            t[k] = (uint64_t)mp_obj_int_get_truncated(v) * (ns ? 1u : 1000000000u);
        }
        #endif
    }
    return err;
}

// modwasi_stat_st of a path, the result's mode and size only.
static uint32_t modwasi_stat(mp_obj_t path, mp_int_t *mode, mp_int_t *size) {
    return modwasi_stat_st(path, mode, size, NULL);
}

// modwasi_stat's errno for a path that must be a directory: ENOTDIR if it is something else.
static uint32_t modwasi_stat_dir(mp_obj_t path) {
    mp_int_t mode, size;
    uint32_t err = modwasi_stat(path, &mode, &size);
    return err == WASI_ESUCCESS && !(mode & MODWASI_S_IFDIR) ? WASI_ENOTDIR : err;
}

// The first index from i on (up to len) whose byte is not (slash) or is (!slash) a '/'.
MP_NOINLINE static uint32_t modwasi_skip(const char *p, uint32_t i, uint32_t len, bool slash) {
    while (i < len && (p[i] == '/') == slash) {
        i++;
    }
    return i;
}

// Whether [p, p + len) is UTF-8 (each lead byte followed by its continuation
// bytes; overlong forms and surrogates are not looked for). Here, not py/'s
// utf8_check: that exists only with MICROPY_PY_BUILTINS_STR_UNICODE, and not for wasm.mpy.
static bool modwasi_utf8(const uint8_t *p, uint32_t len) {
    for (uint32_t i = 0; i < len;) {
        uint8_t b = p[i++];
        uint32_t more = b < 0x80 ? 0 : (b & 0xe0) == 0xc0 ? 1 : (b & 0xf0) == 0xe0 ? 2 : (b & 0xf8) == 0xf0 ? 3 : 4;
        if (more == 4 || more > len - i) {
            return false;
        }
        for (; more > 0; more--) {
            if ((p[i++] & 0xc0) != 0x80) {
                return false;
            }
        }
    }
    return true;
}

// How a guest path ends (modwasi_path's *tail): a name, ".", "..", a name then '/'.
#define MODWASI_TAIL_NAME (0)
#define MODWASI_TAIL_DOT (1)
#define MODWASI_TAIL_DOTDOT (2)
#define MODWASI_TAIL_SLASH (3)
#define MODWASI_TAIL_LONG (4)     // a last name longer than 255 bytes: ENAMETOOLONG

// The host path of guest path [ptr, ptr + len) under directory fd `dirfd`, or an
// errno; *tail says how it ended (a last '/' is each call's to judge). As POSIX
// resolves a path: empty is ENOENT; a name followed by "." or ".." must be a
// directory (ENOENT, ENOTDIR); ".." may not climb above the fd's directory
// (NOTCAPABLE, as an absolute path). Only those names are looked up (os.stat):
// any other is the os call's to find. Under a directory fd whose path is ""
// (removed since: modwasi_forget_path) every path is ENOENT, "." too (Linux's
// *at() calls in a removed directory; wasmtime's "." is the directory itself).
static uint32_t modwasi_path(modwasi_ctx_t *c, uint32_t dirfd, uint32_t ptr, uint32_t len, mp_obj_t *out,
    uint8_t *tail) {
    modwasi_fd_t *d = modwasi_fd(c, dirfd);
    if (d == NULL) {
        return WASI_EBADF;
    }
    if (d->file != MP_OBJ_NULL) {
        return WASI_ENOTDIR;
    }
    const char *p = (const char *)modwasi_native(c, ptr, len);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    if (!modwasi_utf8((const uint8_t *)p, len)) {
        return WASI_EILSEQ;   // witx strings are UTF-8 (wasmtime: the same)
    }
    if (len == 0) {
        return WASI_ENOENT;
    }
    if (p[0] == '/') {
        return WASI_ENOTCAPABLE;
    }
    size_t base_len;
    const char *base = mp_obj_str_get_data(d->path, &base_len);
    vstr_t v;
    vstr_init(&v, base_len + len + 2);    // room for all: the loop never grows it
    vstr_add_strn(&v, base, base_len);
    size_t floor = v.len;     // ".." may not go below the directory fd's path
    *tail = MODWASI_TAIL_NAME;
    bool too_long = false;
    for (uint32_t i = 0; i < len;) {
        p = (const char *)modwasi_native(c, ptr, len);   // taken again after each allocation and os.stat()
        if (p == NULL) {
            return WASI_EFAULT;
        }
        uint32_t j = modwasi_skip(p, i, len, false);
        uint32_t n = j - i;
        if (memchr(p + i, 0, n) != NULL) {
            return WASI_EINVAL;
        }
        if (n > 255) {
            // Linux's NAME_MAX, littlefs's LFS_NAME_MAX (littlefs finds no such
            // name: ENOENT); the last name's length is each call's to judge, after
            // what it looks up first (Linux: rename's two directories)
            if (modwasi_skip(p, j, len, true) < len) {
                return WASI_ENAMETOOLONG;
            }
            too_long = true;
        }
        bool dot = n == 1 && p[i] == '.', dotdot = n == 2 && p[i] == '.' && p[i + 1] == '.';
        if (dotdot) {
            if (v.len <= floor) {
                return WASI_ENOTCAPABLE;
            }
            while (v.len > floor && v.buf[v.len - 1] != '/') {
                v.len--;
            }
            v.len--;          // the '/' before the component
        } else if (n > 0 && !dot) {
            vstr_add_char(&v, '/');
            vstr_add_strn(&v, p + i, n);
            // a next name "." or ".." has this one looked up
            uint32_t k = modwasi_skip(p, j, len, true);
            uint32_t m = modwasi_skip(p, k, len, false);
            bool dots = (m - k == 1 && p[k] == '.') || (m - k == 2 && p[k] == '.' && p[k + 1] == '.');
            #if MICROPY_PY_WASM_WASI_POSIX_FILES
            bool removed = floor == 0;    // a removed directory's fd: no "/name" of the host's root looked up
            #else
            bool removed = false;
            #endif
            uint32_t e = !dots ? WASI_ESUCCESS : removed ? WASI_ENOENT : modwasi_stat_dir(mp_obj_new_str(v.buf, v.len));
            if (e != WASI_ESUCCESS) {
                return e;
            }
        }
        if (n > 0) {
            *tail = dot ? MODWASI_TAIL_DOT : dotdot ? MODWASI_TAIL_DOTDOT : MODWASI_TAIL_NAME;
        }
        i = j + 1;
    }
    p = (const char *)modwasi_native(c, ptr, len);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    if (floor == 0) {
        return WASI_ENOENT;   // a removed directory's fd: nothing is in it
    }
    #endif
    if (too_long) {
        *tail = MODWASI_TAIL_LONG;
    } else if (p[len - 1] == '/' && *tail == MODWASI_TAIL_NAME) {
        *tail = MODWASI_TAIL_SLASH;   // "a/", "a//"
    }
    *out = mp_obj_new_str_from_vstr(&v);
    return WASI_ESUCCESS;
}

static uint32_t modwasi_new_fd(modwasi_ctx_t *c, mp_obj_t path, mp_obj_t file, uint32_t *fd) {
    for (uint32_t i = 3; i < MODWASI_MAX_FDS; i++) {
        if (c->fds[i].path == MP_OBJ_NULL) {
            c->fds[i].path = path;
            c->fds[i].file = file;
            c->fds[i].guest = MP_OBJ_NULL;
            #if MICROPY_PY_WASM_WASI_POSIX_FILES
            c->fds[i].dir = MP_OBJ_NULL;
            c->fds[i].no = file == MP_OBJ_NULL ? MP_OBJ_NULL : modwasi_fileno_of(file);
            #endif
            c->fds[i].rw = 0;
            c->fds[i].fdflags = 0;
            *fd = i;
            return WASI_ESUCCESS;
        }
    }
    return 33;                // WASI_EMFILE
}

// fd_prestat_get(fd, prestat*): tag 0 (a directory) and its name's length.
uint32_t modwasi_fd_prestat_get(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL || f->guest == MP_OBJ_NULL) {
        return WASI_EBADF;    // wasi-libc probes fds from 3 up until BADF
    }
    uint8_t *st = modwasi_native_w(c, a[1].i32, 8);
    if (st == NULL) {
        return WASI_EFAULT;
    }
    size_t len;
    mp_obj_str_get_data(f->guest, &len);
    memset(st, 0, 8);
    modwasi_put32(st + 4, (uint32_t)len);
    return WASI_ESUCCESS;
}

uint32_t modwasi_fd_prestat_dir_name(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL || f->guest == MP_OBJ_NULL) {
        return WASI_EBADF;
    }
    size_t len;
    const char *name = mp_obj_str_get_data(f->guest, &len);
    uint8_t *buf = modwasi_native_w(c, a[1].i32, a[2].i32);
    if (buf == NULL) {
        return WASI_EFAULT;
    }
    memcpy(buf, name, len < a[2].i32 ? len : a[2].i32);
    return WASI_ESUCCESS;
}


static mp_obj_t modwasi_file_call(mp_obj_t file, qstr meth, size_t n, mp_obj_t *args, uint32_t *err);

// Whether the directory host path `path` is in exists: ENOENT, ENOTDIR or success.
static uint32_t modwasi_parent(mp_obj_t path) {
    size_t len;
    const char *p = mp_obj_str_get_data(path, &len);
    while (len > 1 && p[len - 1] == '/') {
        len--;
    }
    while (len > 1 && p[len - 1] != '/') {
        len--;
    }
    return modwasi_stat_dir(mp_obj_new_str(p, len > 1 ? len - 1 : len));
}

// open(path, mode) for path_open; its OSError as a WASI errno
static uint32_t modwasi_open(mp_obj_t path, const char *m, mp_obj_t *file) {
    mp_obj_t args[2] = { path, mp_obj_new_str(m, strlen(m)) };
    return modwasi_call(mp_const_none, MP_QSTR_open, 2, args, file);
}

// path_open(dirfd, dirflags, path, path_len, oflags, rights, rights_inheriting, fdflags, fd*)
// As wasmtime and Linux answer (tests/fuzz/wasi_files.py): DIRECTORY with CREAT,
// EXCL or TRUNC is EINVAL and the synchronized-I/O fdflags (DSYNC, RSYNC, SYNC: writes
// here reach the storage at fd_sync or fd_close only) ENOTSUP, before the path
// is looked at; a directory opened with the write right is EISDIR, as CREAT
// of a name with a last '/'; CREAT or TRUNC open a file for writing whatever
// the rights, and one without FD_WRITE reads (wasmtime's fd then does both).
uint32_t modwasi_path_open(modwasi_ctx_t *c, const mw_val *a) {
    uint32_t oflags = a[4].i32, fdflags = a[7].i32;
    uint64_t rights = a[5].i64;
    // wasmtime's order: the path's UTF-8, the fd, the fdflags, the oflags
    const uint8_t *name = modwasi_native(c, a[2].i32, a[3].i32);
    if (name != NULL && !modwasi_utf8(name, a[3].i32)) {
        return WASI_EILSEQ;
    }
    modwasi_fd_t *d = modwasi_fd(c, a[0].i32);
    if (d == NULL || d->file != MP_OBJ_NULL) {
        return d == NULL ? WASI_EBADF : WASI_ENOTDIR;
    }
    if (fdflags & (WASI_FDFLAGS_DSYNC | WASI_FDFLAGS_RSYNC | WASI_FDFLAGS_SYNC)) {
        return WASI_ENOTSUP;
    }
    if ((oflags & WASI_OFLAGS_DIRECTORY) && (oflags & (WASI_OFLAGS_CREAT | WASI_OFLAGS_EXCL | WASI_OFLAGS_TRUNC))) {
        return WASI_EINVAL;
    }
    mp_obj_t path;
    uint8_t tail;
    uint32_t err = modwasi_path(c, a[0].i32, a[2].i32, a[3].i32, &path, &tail);
    uint8_t *fd_out = modwasi_native_w(c, a[8].i32, 4);
    if (err != WASI_ESUCCESS || tail == MODWASI_TAIL_LONG) {
        return err != WASI_ESUCCESS ? err : WASI_ENAMETOOLONG;
    }
    if (fd_out == NULL) {
        return WASI_EFAULT;
    }
    // CREAT and TRUNC open for writing whatever the rights, as wasmtime
    bool wr = (rights & WASI_RIGHTS_FD_WRITE) != 0 || (oflags & (WASI_OFLAGS_CREAT | WASI_OFLAGS_TRUNC)) != 0;
    bool rd = (rights & WASI_RIGHTS_FD_READ) != 0 || !(rights & WASI_RIGHTS_FD_WRITE);
    mp_int_t mode = 0, size = 0;
    err = modwasi_stat(path, &mode, &size);
    if (err != WASI_ESUCCESS && err != WASI_ENOENT) {
        return err;
    }
    bool exists = err == WASI_ESUCCESS;
    uint32_t fd = 0;
    if (tail == MODWASI_TAIL_SLASH && (oflags & WASI_OFLAGS_CREAT)) {
        err = exists ? WASI_ESUCCESS : modwasi_parent(path);
        return err != WASI_ESUCCESS ? err : WASI_EISDIR;  // Linux: "x/" names a directory
    }
    if (exists && (mode & MODWASI_S_IFDIR)) {
        if ((oflags & WASI_OFLAGS_CREAT) && (oflags & WASI_OFLAGS_EXCL)) {
            return WASI_EEXIST;
        }
        if ((oflags & (WASI_OFLAGS_CREAT | WASI_OFLAGS_TRUNC)) || wr) {
            return WASI_EISDIR;
        }
        err = modwasi_new_fd(c, path, MP_OBJ_NULL, &fd);
        if (err == WASI_ESUCCESS) {
            c->fds[fd].rw = MODWASI_RD;   // fd_fdstat_get's FD_READ right, no NONBLOCK: as wasmtime
            #if MICROPY_PY_WASM_WASI_POSIX_FILES
            modwasi_open_dir(&c->fds[fd]);
            #endif
        }
    } else {
        if (oflags & WASI_OFLAGS_DIRECTORY) {
            return exists ? WASI_ENOTDIR : WASI_ENOENT;
        }
        if (exists && (oflags & WASI_OFLAGS_CREAT) && (oflags & WASI_OFLAGS_EXCL)) {
            return WASI_EEXIST;
        }
        if (!exists && !(oflags & WASI_OFLAGS_CREAT)) {
            return WASI_ENOENT;
        }
        if (tail == MODWASI_TAIL_SLASH) {
            return WASI_ENOTDIR;      // a file's name with a last '/'
        }
        mp_obj_t file = MP_OBJ_NULL;
        // never "a": an APPEND fd writes at the end by seeking there first
        // (modwasi_file_rw), so fd_fdstat_set_flags can turn APPEND on and off
        // (Linux's O_APPEND and littlefs's append went on appending)
        const char *m = !wr ? "rb" : (!exists || (oflags & WASI_OFLAGS_TRUNC)) ? (rd ? "w+b" : "wb") : "r+b";
        err = modwasi_open(path, m, &file);
        if (err != WASI_ESUCCESS) {
            return err;
        }
        err = modwasi_new_fd(c, path, file, &fd);
        if (err != WASI_ESUCCESS) {
            mp_call_function_0(mp_load_attr(file, MP_QSTR_close));
        } else {
            #if MICROPY_PY_WASM_WASI_SHARED_MARK
            modwasi_mark_shared(c, &c->fds[fd]);    // a file open twice: its fds marked MODWASI_SHARED
            #endif
            c->fds[fd].rw |= (wr ? MODWASI_WR : 0) | (wr && !rd ? 0 : MODWASI_RD);
            // a read-only fd's APPEND too (fd_fdstat_get)
            c->fds[fd].fdflags = (uint8_t)(fdflags & (WASI_FDFLAGS_APPEND | WASI_FDFLAGS_NONBLOCK));
            if (oflags & WASI_OFLAGS_TRUNC) {
                c->fds[fd].rw |= MODWASI_DIRTY;   // littlefs commits the emptied file at a sync
                c->dirty = true;
                modwasi_show_change(c, &c->fds[fd]);    // the other fds see it emptied
            }
        }
    }
    if (err == WASI_ESUCCESS) {
        // taken again after open() and os.stat() (Python)
        err = modwasi_put_count(c, a[8].i32, fd);
        if (err != WASI_ESUCCESS) {
            modwasi_fd_close(c, &(mw_val){ .i32 = fd });
        }
    }
    return err;
}

// A file method call; its OSError as a WASI errno in *err (result MP_OBJ_NULL).
static mp_obj_t modwasi_file_call(mp_obj_t file, qstr meth, size_t n, mp_obj_t *args, uint32_t *err) {
    mp_obj_t r = MP_OBJ_NULL;
    *err = modwasi_call(file, meth, n, args, &r);
    return r;
}

#if MICROPY_PY_WASM_WASI_POSIX_FILES
// The descriptor of an open file object (its fileno()), or MP_OBJ_NULL for one
// without (a Python filesystem's: littlefs's ways then). Taken once, when the
// fd is opened (it was looked up at each write and filestat until session 35).
// The name made at run time, as utime's (modwasi_utime).
static mp_obj_t modwasi_fileno_of(mp_obj_t file) {
    qstr fileno = qstr_from_str("fileno");
    mp_obj_t dest[2], no = MP_OBJ_NULL;
    mp_load_method_maybe(file, fileno, dest);
    if (dest[0] != MP_OBJ_NULL && modwasi_call(file, fileno, 0, NULL, &no) != WASI_ESUCCESS) {
        no = MP_OBJ_NULL;     // a fileno() that raises OSError (CPython's io.UnsupportedOperation): none
    }
    return mp_obj_is_small_int(no) ? no : MP_OBJ_NULL;
}

// Directory fd f (path_open's, just made) holds its directory open where the
// port's open() takes one and gives it a fileno() (the host port's, over
// open(2)): its filestat, set_times and readdir are then the directory's
// itself (fstat, futimens, fdopendir), as wasmtime's, after it was removed or
// renamed too. Else it stays its path.
static void modwasi_open_dir(modwasi_fd_t *f) {
    mp_obj_t dir;
    if (modwasi_open(f->path, "rb", &dir) == WASI_ESUCCESS) {
        f->no = modwasi_fileno_of(dir);
        f->dir = f->no != MP_OBJ_NULL ? dir : MP_OBJ_NULL;
        if (f->no == MP_OBJ_NULL) {
            uint32_t err;
            modwasi_file_call(dir, MP_QSTR_close, 0, NULL, &err);
        }
    }
}
#endif

// fd_read / fd_write on a file: readinto / write over the guest's own bytes (no copy).
uint32_t modwasi_file_rw(modwasi_ctx_t *c, modwasi_fd_t *f, const mw_val *a, bool write) {
    if (f->file == MP_OBJ_NULL) {
        return WASI_EISDIR;
    }
    if (!(f->rw & (write ? MODWASI_WR : MODWASI_RD))) {
        return WASI_EBADF;    // as the file's own read()/write() would, a 0-byte one too
    }
    mp_obj_t seek[2] = { MP_OBJ_NULL, MP_OBJ_NULL };
    if (write && (f->fdflags & WASI_FDFLAGS_APPEND)) {
        mp_load_method_maybe(f->file, MP_QSTR_seek, seek);   // a file object of Python's may have none
    }
    if (seek[0] != MP_OBJ_NULL) {
        // an APPEND fd writes at the end, also from past it (littlefs's append
        // moves a position before the end only, and wrote zeros up to one past
        // it: found by tests/fuzz/wasi_files.py on mps2_an385)
        mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(2) };
        uint32_t err;
        if (modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err) == MP_OBJ_NULL) {
            return err;
        }
    }
    uint32_t err = modwasi_io_args(c, a, !write);
    if (err != WASI_ESUCCESS) {
        return WASI_EFAULT;
    }
    uint32_t done = 0;
    for (uint32_t i = 0; i < a[2].i32; i++) {
        mp_obj_array_t *v = m_new_obj(mp_obj_array_t);   // before the pointers: it may collect
        const uint8_t *e = modwasi_iov(c, a, i);
        if (e == NULL) {
            return WASI_EFAULT;       // gone while an earlier call ran Python
        }
        uint32_t len = modwasi_get32(e + 4);
        uint8_t *buf = write ? modwasi_native(c, modwasi_get32(e), len) : modwasi_native_w(c, modwasi_get32(e), len);
        if (buf == NULL) {
            return WASI_EFAULT;
        }
        // a memoryview, not a bytearray by reference: a file object in Python
        // (a wrapped open(), a Python filesystem) could grow a bytearray, which
        // reallocates its items, here an address inside guest memory (heap
        // corruption); a memoryview cannot grow
        mp_obj_memoryview_init(v, 'B' | (write ? 0 : MP_OBJ_ARRAY_TYPECODE_FLAG_RW), 0, len, buf);
        mp_obj_t view = MP_OBJ_FROM_PTR(v);
        mp_obj_t r = modwasi_file_call(f->file, write ? MP_QSTR_write : MP_QSTR_readinto, 1, &view, &err);
        // the bytes are the guest's during the call only (as CPython releases
        // the memoryview readinto got): kept, the view is empty, never a
        // pointer into memory a grow moved and freed (an address inside a
        // block does not keep it alive)
        v->len = 0;
        v->items = NULL;
        if (r == MP_OBJ_NULL) {
            return done > 0 ? WASI_ESUCCESS : err;
        }
        mp_int_t n = r == mp_const_none ? 0 : mp_obj_get_int(r);
        if (n < 0 || (mp_uint_t)n > len) {
            return WASI_EIO;          // a count it cannot have done (CPython: OSError)
        }
        done += (uint32_t)n;
        if ((uint32_t)n < len) {
            break;
        }
    }
    if (write && done > 0) {
        f->rw |= MODWASI_DIRTY;
        c->dirty = true;
        modwasi_show_change(c, f);
    }
    if (done == 0 && seek[0] != MP_OBJ_NULL) {
        // an APPEND fd's write leaves it at the end, a write of nothing too (wasmtime)
        mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(2) };
        if (modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err) == MP_OBJ_NULL) {
            return err;
        }
    }
    return modwasi_put_count(c, a[3].i32, done);
}

// fd_pread(fd, iovs, iovs_len, offset, nread*) / fd_pwrite(..., nwritten*):
// fd_read / fd_write at `offset`, the fd's position kept (seek there, the
// transfer, seek back: one fd per file object, nothing else moves it between).
// The standard streams do not seek: SPIPE (POSIX's pread on a pipe or tty),
// BADF the way they do not go (a pread of stdout, as wasmtime).
static uint32_t modwasi_fd_prw(modwasi_ctx_t *c, const mw_val *a, bool write) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL) {
        return a[0].i32 > 2 || write != (a[0].i32 != 0) ? WASI_EBADF : WASI_ESPIPE;
    }
    if (f->file == MP_OBJ_NULL || !(f->rw & (write ? MODWASI_WR : MODWASI_RD))) {
        return modwasi_file_rw(c, f, a, write);   // its EISDIR or EBADF
    }
    if (a[3].i64 > (uint64_t)MP_SMALL_INT_MAX) {
        return WASI_EINVAL;   // an offset a file's seek() cannot take (as fd_seek)
    }
    mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(1) };
    uint32_t err;
    mp_obj_t at = modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err);
    if (at == MP_OBJ_NULL) {
        return err;
    }
    args[0] = MP_OBJ_NEW_SMALL_INT((mp_int_t)a[3].i64);
    args[1] = MP_OBJ_NEW_SMALL_INT(0);
    if (modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err) == MP_OBJ_NULL) {
        return err;
    }
    mw_val b[4] = { a[0], a[1], a[2], a[4] };
    err = modwasi_file_rw(c, f, b, write);
    args[0] = at;
    uint32_t back;
    modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &back);
    return err != WASI_ESUCCESS ? err : back;
}

uint32_t modwasi_fd_pread(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_fd_prw(c, a, false);
}

uint32_t modwasi_fd_pwrite(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_fd_prw(c, a, true);
}

// fd_close(fd): a file is closed (its data reaches the storage); a directory forgotten.
// A standard stream is closed for the guest only (every fd_* call on it is BADF from
// then on, as after close(1) natively: modwasi_host_body); the host's stream stays
// open. Programs that close stdout at exit to see that their output was written
// (jq, GNU tools' close_stdout) take success as success.
uint32_t modwasi_fd_close(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL) {
        if (a[0].i32 > 2) {
            return WASI_EBADF;
        }
        c->std_closed |= (uint8_t)(1u << a[0].i32);
        return WASI_ESUCCESS;
    }
    uint32_t err = WASI_ESUCCESS;
    if (f->file != MP_OBJ_NULL) {
        modwasi_file_call(f->file, MP_QSTR_close, 0, NULL, &err);
    }
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    if (f->dir != MP_OBJ_NULL) {
        uint32_t e;
        modwasi_file_call(f->dir, MP_QSTR_close, 0, NULL, &e);
    }
    f->dir = f->no = MP_OBJ_NULL;
    #endif
    f->path = f->file = f->guest = MP_OBJ_NULL;
    return err;
}

// fd_seek(fd, offset, whence, newoffset*); fd_tell(fd, offset*)
uint32_t modwasi_file_seek(modwasi_ctx_t *c, modwasi_fd_t *f, int64_t off, uint32_t whence, uint32_t out) {
    if (f->file == MP_OBJ_NULL) {
        return WASI_EISDIR;
    }
    uint8_t *res = modwasi_native_w(c, out, 8);
    if (res == NULL) {
        return WASI_EFAULT;
    }
    if (whence > 2 || off < -(int64_t)MP_SMALL_INT_MAX || off > (int64_t)MP_SMALL_INT_MAX) {
        return WASI_EINVAL;   // an offset a file's seek() cannot take (until session 31 its OverflowError left the call)
    }
    mp_obj_t args[2] = { mp_obj_new_int_from_ll(off), MP_OBJ_NEW_SMALL_INT(whence) };
    uint32_t err;
    mp_obj_t r = modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err);
    res = modwasi_native_w(c, out, 8);    // taken again after seek() (Python)
    if (r != MP_OBJ_NULL && res == NULL) {
        return WASI_EFAULT;
    }
    if (r != MP_OBJ_NULL) {
        modwasi_put64(res, (uint64_t)mp_obj_get_int(r));
    }
    return err;
}

#if MICROPY_PY_WASM_WASI_TIMES
// os.utime(path, None, (atime_ns, mtime_ns)) as fst_flags `fst` asks: ATIM the
// time given, ATIM_NOW the REALTIME clock's now, neither None (left as it is;
// the host port's utime, ports/host/modos.c); MTIM, MTIM_NOW the same. A time
// given is a u64 of ns after 1970, as wasmtime takes it (2**63 and up are after
// 2262, which a file system may clamp; until session 35 taken as signed: before
// 1970). ENOSYS where the os has no utime (a Python os of a script's).
static uint32_t modwasi_utime(mp_obj_t path, const mw_val *t) {
    uint32_t fst = t[2].i32;
    mp_obj_t ns[2], dest[2] = { MP_OBJ_NULL, MP_OBJ_NULL };
    for (int i = 0; i < 2; i++, fst >>= 2) {
        ns[i] = (fst & WASI_FSTFLAGS_ATIM_NOW) ? mp_obj_new_int_from_ll((int64_t)modwasi_clock_ns(0))
            : (fst & WASI_FSTFLAGS_ATIM) ? mp_obj_new_int_from_ull(t[i].i64) : mp_const_none;
    }
    // the name made at run time: wasm.mpy's qstrs are every MP_QSTR_ token of
    // the sources, compiled or not (7 B more of wasm.mpy for this one)
    qstr utime = qstr_from_str("utime");
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_load_method_maybe(mp_import_name(MP_QSTR_os, mp_const_none, MP_OBJ_NEW_SMALL_INT(0)), utime, dest);
        nlr_pop();
    }
    if (dest[0] == MP_OBJ_NULL) {
        return WASI_ENOSYS;
    }
    mp_obj_t args[3] = { path, mp_const_none, mp_obj_new_tuple(2, ns) }, r;
    return modwasi_call(MP_OBJ_NULL, utime, 3, args, &r);
}

NORETURN static void modwasi_bad_flags(void);

// Both a time and its _NOW: EINVAL, before the fd or path is looked at; a bit
// fstflags does not have a trap (wasmtime).
static bool modwasi_fst_bad(uint32_t fst) {
    if (fst > 15) {
        modwasi_bad_flags();
    }
    return (fst & (WASI_FSTFLAGS_ATIM | WASI_FSTFLAGS_ATIM_NOW)) == (WASI_FSTFLAGS_ATIM | WASI_FSTFLAGS_ATIM_NOW)
           || (fst & (WASI_FSTFLAGS_MTIM | WASI_FSTFLAGS_MTIM_NOW)) == (WASI_FSTFLAGS_MTIM | WASI_FSTFLAGS_MTIM_NOW);
}

// fd_filestat_set_times(fd, atim, mtim, fst_flags): the times of the fd's file,
// the open file itself (MICROPY_PY_WASM_WASI_POSIX_FILES: os.utime(fileno()),
// futimens, as wasmtime: an fd whose file was unlinked or renamed over too;
// else by its path, there ENOENT), or its directory's by its path; fds 0-2
// ENOSYS, as fd_filestat_get.
uint32_t modwasi_fd_filestat_set_times(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (modwasi_fst_bad(a[3].i32)) {
        return WASI_EINVAL;
    }
    if (f == NULL) {
        return a[0].i32 <= 2 ? WASI_ENOSYS : WASI_EBADF;
    }
    mp_obj_t no = modwasi_fileno(f);
    return modwasi_utime(no != MP_OBJ_NULL ? no : f->path, a + 1);
}

// path_filestat_set_times(dirfd, lookupflags, path, path_len, atim, mtim, fst_flags):
// as path_filestat_get finds the path (a file's name with a last '/' ENOTDIR).
uint32_t modwasi_path_filestat_set_times(modwasi_ctx_t *c, const mw_val *a) {
    if (modwasi_fst_bad(a[6].i32)) {
        return WASI_EINVAL;
    }
    mp_obj_t path;
    uint8_t tail;
    uint32_t err = modwasi_path(c, a[0].i32, a[2].i32, a[3].i32, &path, &tail);
    // looked up first (Linux's utimensat with no time to set looks up nothing,
    // a missing path's success: found by tests/fuzz/wasi_files.py), as wasmtime:
    // a last '/' names a directory; without SYMLINK_FOLLOW and no time to set
    // only the directory the name is in (wasmtime's utimensat there: a name
    // too long too), else the name
    bool none = !(a[1].i32 & 1) && a[6].i32 == 0;
    if (err != WASI_ESUCCESS || (tail == MODWASI_TAIL_LONG && !none)) {
        return err != WASI_ESUCCESS ? err : WASI_ENAMETOOLONG;
    }
    mp_int_t mode, size;
    if (tail == MODWASI_TAIL_SLASH) {
        err = modwasi_stat_dir(path);
    } else if (none) {
        err = modwasi_parent(path);
    } else {
        err = modwasi_stat(path, &mode, &size);
    }
    return err != WASI_ESUCCESS ? err : modwasi_utime(path, a + 4);
}
#endif

// A filestat of type `mode` and `size`, its times t[0..2] (atim, mtim, ctim in
// ns: MICROPY_PY_WASM_WASI_TIMES, modwasi_stat_st's; else 0), written to the
// guest's `out` (taken again: Python ran since the call checked it).
static uint32_t modwasi_filestat(modwasi_ctx_t *c, uint32_t out, const uint64_t *t, mp_int_t mode, mp_int_t size) {
    #if !MICROPY_PY_WASM_WASI_TIMES
    (void)t;
    #endif
    uint8_t *st = modwasi_native_w(c, out, WASI_FILESTAT_SIZE);
    if (st == NULL) {
        return WASI_EFAULT;
    }
    memset(st, 0, WASI_FILESTAT_SIZE);
    st[16] = (mode & MODWASI_S_IFDIR) ? WASI_FILETYPE_DIRECTORY : WASI_FILETYPE_REGULAR_FILE;
    modwasi_put64(st + 24, 1);
    modwasi_put64(st + 32, (uint64_t)size);
    #if MICROPY_PY_WASM_WASI_TIMES
    for (int k = 0; k < 3; k++) {
        modwasi_put64(st + 40 + 8 * k, t[k]);   // atim, mtim, ctim, little-endian as the guest reads them
    }
    #endif
    return WASI_ESUCCESS;
}

// fd_filestat_get(fd, filestat*)
uint32_t modwasi_fd_filestat_get(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL) {
        return a[0].i32 <= 2 ? WASI_ENOSYS : WASI_EBADF;
    }
    uint8_t *st = modwasi_native_w(c, a[1].i32, WASI_FILESTAT_SIZE);
    if (st == NULL) {
        return WASI_EFAULT;
    }
    uint32_t err = WASI_ESUCCESS;
    mp_int_t mode = MODWASI_S_IFREG, size = 0;
    uint64_t t[3] = { 0, 0, 0 };   // the times, where the os gives them
    mp_obj_t no;
    if ((no = modwasi_fileno(f)) != MP_OBJ_NULL) {
        // the open file's or directory's own stat (fstat), not its path's: it
        // may have been renamed, unlinked or removed since (wasmtime)
        err = modwasi_stat_st(no, &mode, &size, t);
    } else if (f->file != MP_OBJ_NULL) {
        // the open file's own size (seek to its end and back), not its path's:
        // it may have been renamed or unlinked since (POSIX's fstat, wasmtime)
        mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(1) };
        mp_obj_t at = modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err);
        args[1] = MP_OBJ_NEW_SMALL_INT(2);
        mp_obj_t end = at == MP_OBJ_NULL ? MP_OBJ_NULL : modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err);
        if (end == MP_OBJ_NULL) {
            return err;
        }
        args[0] = at;
        args[1] = MP_OBJ_NEW_SMALL_INT(0);
        modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err);
        size = mp_obj_get_int(end);
        #if MICROPY_PY_WASM_WASI_TIMES
        mp_int_t m, n;        // the times of its path's file, if it has one (else 0)
        modwasi_stat_st(f->path, &m, &n, t);
        #endif
    } else {
        err = modwasi_stat_st(f->path, &mode, &size, t);
    }
    if (err != WASI_ESUCCESS) {
        return err;
    }
    return modwasi_filestat(c, a[1].i32, t, mode, size);
}

// path_filestat_get(dirfd, flags, path, path_len, filestat*)
uint32_t modwasi_path_filestat_get(modwasi_ctx_t *c, const mw_val *a) {
    mp_obj_t path;
    uint8_t tail;
    uint32_t err = modwasi_path(c, a[0].i32, a[2].i32, a[3].i32, &path, &tail);
    if (err != WASI_ESUCCESS || tail == MODWASI_TAIL_LONG) {
        return err != WASI_ESUCCESS ? err : WASI_ENAMETOOLONG;
    }
    uint8_t *st = modwasi_native_w(c, a[4].i32, WASI_FILESTAT_SIZE);
    if (st == NULL) {
        return WASI_EFAULT;
    }
    mp_int_t mode, size;
    uint64_t t[3] = { 0, 0, 0 };
    err = modwasi_stat_st(path, &mode, &size, t);
    if (err != WASI_ESUCCESS) {
        return err;
    }
    if (tail == MODWASI_TAIL_SLASH && !(mode & MODWASI_S_IFDIR)) {
        return WASI_ENOTDIR;      // a file's name with a last '/'
    }
    return modwasi_filestat(c, a[4].i32, t, mode, size);
}

// path_create_directory / path_remove_directory / path_unlink_file (dirfd, path, path_len).
// A path ending in "." or "..": rmdir EINVAL, unlink EISDIR, as wasmtime (Linux's
// rmdir gives EINVAL and ENOTEMPTY); mkdir finds it exists.
static uint32_t modwasi_path_os(modwasi_ctx_t *c, const mw_val *a, qstr op) {
    mp_obj_t path;
    uint8_t tail;
    uint32_t err = modwasi_path(c, a[0].i32, a[1].i32, a[2].i32, &path, &tail);
    if (err != WASI_ESUCCESS || tail == MODWASI_TAIL_LONG) {
        return err != WASI_ESUCCESS ? err : WASI_ENAMETOOLONG;
    }
    if ((tail == MODWASI_TAIL_DOT || tail == MODWASI_TAIL_DOTDOT) && op != MP_QSTR_mkdir) {
        return op == MP_QSTR_rmdir ? WASI_EINVAL : WASI_EISDIR;
    }
    if (tail == MODWASI_TAIL_SLASH && op == MP_QSTR_remove) {
        mp_int_t mode, size;      // "x/": never a file's unlink (littlefs would remove x)
        err = modwasi_stat(path, &mode, &size);
        return err != WASI_ESUCCESS ? err : (mode & MODWASI_S_IFDIR) ? WASI_EISDIR : WASI_ENOTDIR;
    }
    mp_obj_t r;
    err = modwasi_call(MP_OBJ_NULL, op, 1, &path, &r);
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    bool forget = op != MP_QSTR_mkdir;    // a file unlinked, or a directory removed (its fds' paths "")
    #else
    bool forget = op == MP_QSTR_remove;
    #endif
    if (err == WASI_ESUCCESS && forget) {
        modwasi_forget_path(c, path);
    }
    return err;
}

uint32_t modwasi_path_create_directory(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_path_os(c, a, MP_QSTR_mkdir);
}

uint32_t modwasi_path_remove_directory(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_path_os(c, a, MP_QSTR_rmdir);
}

uint32_t modwasi_path_unlink_file(modwasi_ctx_t *c, const mw_val *a) {
    return modwasi_path_os(c, a, MP_QSTR_remove);
}

// A renamed file's fd opened again at its new path, at the same offset: a
// littlefs file renamed while open writes nowhere from then on (its bytes
// written after the rename were lost at close: found by tests/fuzz/wasi_files.py
// on mps2_an385). If it cannot be, the fd keeps the file it had.
static void modwasi_reopen(modwasi_fd_t *f) {
    const char *m = !(f->rw & MODWASI_WR) ? "rb" : "r+b";
    mp_obj_t file, args[2] = { MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(1) };
    uint32_t err;
    mp_obj_t at = modwasi_file_call(f->file, MP_QSTR_seek, 2, args, &err);
    if (at == MP_OBJ_NULL || modwasi_open(f->path, m, &file) != WASI_ESUCCESS) {
        return;
    }
    args[0] = at;
    args[1] = MP_OBJ_NEW_SMALL_INT(0);
    modwasi_file_call(file, MP_QSTR_seek, 2, args, &err);
    modwasi_file_call(f->file, MP_QSTR_close, 0, NULL, &err);
    f->file = file;
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    f->no = modwasi_fileno_of(file);
    #endif
}

// path_rename(dirfd, old, old_len, new_dirfd, new, new_len). Either path ending in
// "." or "..": EBUSY (Linux, wasmtime); a last '/' on either names a directory,
// so a file's is ENOTDIR.
uint32_t modwasi_path_rename(modwasi_ctx_t *c, const mw_val *a) {
    // wasmtime's order: both fds, both paths' UTF-8, then each path and the directory it is in
    for (int i = 0; i < 2; i++) {
        modwasi_fd_t *d = modwasi_fd(c, a[3 * i].i32);
        if (d == NULL || d->file != MP_OBJ_NULL) {
            return d == NULL ? WASI_EBADF : WASI_ENOTDIR;
        }
    }
    for (int i = 0; i < 2; i++) {
        const uint8_t *name = modwasi_native(c, a[3 * i + 1].i32, a[3 * i + 2].i32);
        if (name != NULL && !modwasi_utf8(name, a[3 * i + 2].i32)) {
            return WASI_EILSEQ;
        }
    }
    mp_obj_t paths[2];
    uint8_t tails[2];
    for (int i = 0; i < 2; i++) {
        uint32_t err = modwasi_path(c, a[3 * i].i32, a[3 * i + 1].i32, a[3 * i + 2].i32, &paths[i], &tails[i]);
        if (err == WASI_ESUCCESS) {
            err = modwasi_parent(paths[i]);
        }
        if (err != WASI_ESUCCESS) {
            return err;
        }
    }
    uint32_t err;
    for (int i = 0; i < 2; i++) {
        if (tails[i] == MODWASI_TAIL_DOT || tails[i] == MODWASI_TAIL_DOTDOT) {
            return WASI_EBUSY;
        }
    }
    if (tails[0] == MODWASI_TAIL_LONG) {
        return WASI_ENAMETOOLONG;
    }
    if (tails[1] == MODWASI_TAIL_LONG) {
        mp_int_t mode, size;          // Linux looks the old name up before it judges the new one's
        uint32_t e = modwasi_stat(paths[0], &mode, &size);
        return e != WASI_ESUCCESS ? e : WASI_ENAMETOOLONG;
    }
    if (tails[0] == MODWASI_TAIL_SLASH || tails[1] == MODWASI_TAIL_SLASH) {
        err = modwasi_stat_dir(paths[0]);
        if (err != WASI_ESUCCESS) {
            return err;
        }
    }
    mp_obj_t r;
    err = modwasi_call(MP_OBJ_NULL, MP_QSTR_rename, 2, paths, &r);
    if (err != WASI_ESUCCESS) {
        return err;
    }
    modwasi_forget_path(c, paths[1]);     // the file renamed over, if any
    // the fds open on the old path or under it follow it (a directory fd is its
    // path here; POSIX's and wasmtime's are the directory itself)
    size_t olen, nlen;
    const char *o = mp_obj_str_get_data(paths[0], &olen);
    const char *n = mp_obj_str_get_data(paths[1], &nlen);
    for (uint32_t i = 3; i < MODWASI_MAX_FDS; i++) {
        if (c->fds[i].path == MP_OBJ_NULL) {
            continue;
        }
        size_t plen;
        const char *p = mp_obj_str_get_data(c->fds[i].path, &plen);
        if (plen >= olen && memcmp(p, o, olen) == 0 && (plen == olen || p[olen] == '/')) {
            vstr_t v;
            vstr_init(&v, nlen + plen - olen);
            vstr_add_strn(&v, n, nlen);
            vstr_add_strn(&v, p + olen, plen - olen);
            c->fds[i].path = mp_obj_new_str_from_vstr(&v);
            if (c->fds[i].file != MP_OBJ_NULL && plen == olen && modwasi_fileno(&c->fds[i]) == MP_OBJ_NULL) {
                modwasi_reopen(&c->fds[i]);   // not a POSIX descriptor, which keeps its file
            }
        }
    }
    return WASI_ESUCCESS;
}

// fd_readdir(fd, buf, buf_len, cookie, bufused*): entries from index `cookie`
// on ("." and ".." first), each a dirent then its name; the last may be cut
// (bufused == buf_len tells the program to ask again from its d_next).
uint32_t modwasi_fd_readdir(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL) {
        return WASI_EBADF;
    }
    if (f->file != MP_OBJ_NULL) {
        return WASI_ENOTDIR;
    }
    uint32_t len = a[2].i32;
    uint8_t *buf = modwasi_native_w(c, a[1].i32, len);
    uint8_t *used = modwasi_native_w(c, a[4].i32, 4);
    if (buf == NULL || used == NULL) {
        return WASI_EFAULT;
    }
    mp_obj_t list;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        list = mp_obj_new_list(0, NULL);
        mp_obj_t *where = &f->path;
        #if MICROPY_PY_WASM_WASI_POSIX_FILES
        // the opened directory itself where it is held (os.ilistdir(fileno):
        // removed since, it is empty, as wasmtime's), else its path
        mp_obj_t no = modwasi_fileno(f);
        where = no != MP_OBJ_NULL ? &no : where;
        #endif
        mp_obj_t iter = mp_getiter(modwasi_os_call(MP_QSTR_ilistdir, 1, where), NULL);
        mp_obj_t item;
        while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            mp_obj_list_append(list, item);
        }
        nlr_pop();
    } else {
        return modwasi_oserror(MP_OBJ_FROM_PTR(nlr.ret_val));
    }
    // taken again after os.ilistdir() (Python)
    buf = modwasi_native_w(c, a[1].i32, len);
    if (buf == NULL || modwasi_native_w(c, a[4].i32, 4) == NULL) {
        return WASI_EFAULT;
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    uint64_t cookie = a[3].i64;
    uint32_t pos = 0;
    for (uint64_t k = cookie; k < n + 2 && pos < len; k++) {
        const char *name = k == 0 ? "." : "..";
        size_t nlen = k < 2 ? k + 1 : 0;
        uint8_t type = WASI_FILETYPE_DIRECTORY;
        if (k >= 2) {
            mp_obj_t *e;
            size_t en;
            mp_obj_tuple_get(items[k - 2], &en, &e);
            name = mp_obj_str_get_data(e[0], &nlen);
            type = (mp_obj_get_int(e[1]) & MODWASI_S_IFDIR) ? WASI_FILETYPE_DIRECTORY : WASI_FILETYPE_REGULAR_FILE;
        }
        uint8_t d[WASI_DIRENT_SIZE];
        memset(d, 0, sizeof(d));
        modwasi_put64(d, k + 1);
        modwasi_put64(d + 8, k + 1);
        modwasi_put32(d + 16, (uint32_t)nlen);
        d[20] = type;
        uint32_t take = len - pos < WASI_DIRENT_SIZE ? len - pos : WASI_DIRENT_SIZE;
        memcpy(buf + pos, d, take);
        pos += take;
        take = len - pos < nlen ? len - pos : (uint32_t)nlen;
        memcpy(buf + pos, name, take);
        pos += take;
    }
    return modwasi_put_count(c, a[4].i32, pos);
}

// fd_sync / fd_datasync(fd): flush a file.
uint32_t modwasi_fd_sync(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    if (f == NULL) {
        return a[0].i32 <= 2 ? WASI_ESUCCESS : WASI_EBADF;
    }
    uint32_t err = WASI_ESUCCESS;
    if (f->file != MP_OBJ_NULL) {
        modwasi_file_call(f->file, MP_QSTR_flush, 0, NULL, &err);
    }
    return err;
}

// fd_filestat_set_size(fd, size): a file cut, or grown with zeros, by its
// truncate() (POSIX's ftruncate; the position stays). As wasmtime: a file fd not
// open for writing EINVAL (Linux's ftruncate), a directory or stdio EBADF, a
// size above 2^63 - 1 EINVAL; one above the port's small int (2^62 host, 2^30
// boards) EFBIG, as a size past the filesystem's largest file. A file object
// without truncate() (a stock firmware's, with wasm.mpy): ENOSYS, as before.
uint32_t modwasi_fd_filestat_set_size(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    mp_obj_t dest[2] = { MP_OBJ_NULL, MP_OBJ_NULL };
    if (f == NULL || f->file == MP_OBJ_NULL) {
        return WASI_EBADF;
    }
    if (!(f->rw & MODWASI_WR) || (int64_t)a[1].i64 < 0) {
        return WASI_EINVAL;
    }
    if (a[1].i64 > (uint64_t)MP_SMALL_INT_MAX) {
        return WASI_EFBIG;
    }
    mp_load_method_maybe(f->file, MP_QSTR_truncate, dest);
    if (dest[0] == MP_OBJ_NULL) {
        return WASI_ENOSYS;
    }
    mp_obj_t size = MP_OBJ_NEW_SMALL_INT((mp_int_t)a[1].i64);
    uint32_t err;
    if (modwasi_file_call(f->file, MP_QSTR_truncate, 1, &size, &err) != MP_OBJ_NULL) {
        f->rw |= MODWASI_DIRTY;   // littlefs commits the new size at a sync, as a write's bytes
        c->dirty = true;
        modwasi_show_change(c, f);
    }
    return err;
}

#if MICROPY_PY_WASM_WASI_FLAG_TRAP || MICROPY_PY_WASM_WASI_TIMES
// A flags value with a bit its witx type does not have: a trap, as wasmtime's
// ("Invalid flag value Fdflags"), before anything else is looked at.
NORETURN static void modwasi_bad_flags(void) {
    mp_raise_msg(&modwasm_type_Trap, MP_ERROR_TEXT("invalid flags"));
}
#endif

// fd_fdstat_set_flags(fd, flags): APPEND and NONBLOCK on or off (fcntl F_SETFL;
// an APPEND fd's writes seek to the end, modwasi_file_rw). As wasmtime: DSYNC,
// RSYNC, SYNC EINVAL, a directory or stdio EBADF; a bit outside preview1's
// fdflags a trap, whatever the fd (MICROPY_PY_WASM_WASI_FLAG_TRAP; until
// session 33, and off, EINVAL).
uint32_t modwasi_fd_fdstat_set_flags(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    uint32_t flags = a[1].i32;
    #if MICROPY_PY_WASM_WASI_FLAG_TRAP
    if (flags > 31) {
        modwasi_bad_flags();
    }
    #endif
    if (f == NULL || f->file == MP_OBJ_NULL) {
        return WASI_EBADF;
    }
    if (flags & ~(uint32_t)(WASI_FDFLAGS_APPEND | WASI_FDFLAGS_NONBLOCK)) {
        return WASI_EINVAL;
    }
    f->fdflags = (uint8_t)flags;
    return WASI_ESUCCESS;
}

// fd_allocate(fd, offset, len): ENOTSUP on a file, as wasmtime (preview1's
// posix_fallocate; wasi-libc's answers EOPNOTSUPP); a directory or stdio EBADF.
uint32_t modwasi_fd_allocate(modwasi_ctx_t *c, const mw_val *a) {
    modwasi_fd_t *f = modwasi_fd(c, a[0].i32);
    return f == NULL || f->file == MP_OBJ_NULL ? WASI_EBADF : WASI_ENOTSUP;
}

// Every file written since its last flush, flushed: what one fd wrote is what
// the filesystem shows to the next call (a stat, a listing, another fd's read),
// as POSIX has it; littlefs shows a file's new bytes and size only after a sync
// (found by tests/fuzz/wasi_files.py on mps2_an385). Run before every call but
// fd_write, so a run of writes costs nothing more. An error here (ENOSPC)
// comes again at fd_sync or fd_close.
void modwasi_flush_dirty(modwasi_ctx_t *c) {
    c->dirty = false;
    for (uint32_t i = 3; i < MODWASI_MAX_FDS; i++) {
        modwasi_fd_t *f = &c->fds[i];
        mp_obj_t dest[2];
        if (f->path != MP_OBJ_NULL && f->file != MP_OBJ_NULL && (f->rw & MODWASI_DIRTY)) {
            f->rw &= ~MODWASI_DIRTY;
            mp_load_method_maybe(f->file, MP_QSTR_flush, dest);   // a file object of Python's may have none
            uint32_t err;
            if (dest[0] != MP_OBJ_NULL) {
                modwasi_file_call(f->file, MP_QSTR_flush, 0, NULL, &err);
            }
        }
    }
}

#endif // MICROPY_PY_WASM && MICROPY_PY_WASM_WASI
