// SPDX-License-Identifier: MIT
// The host port's `os`: the calls WASI's preopens make (modwasm/binding/wasi_files.c:
// stat, mkdir, rmdir, remove, rename, ilistdir, utime), listdir, getcwd and chdir, over POSIX on the
// host's own files, with the boards' `os` signatures (ports/cortexm/vfs/vfs.c). It lets a
// WASI program use a real host directory (tests/fuzz/wasi_files.py compares
// that with wasmtime). Errors are OSError(errno) with Linux's numbers, which
// MicroPython's are on this port.

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "py/runtime.h"

// OSError(errno, path), as the boards' os raises it (ports/cortexm/vfs/vfs.c vfs_raise);
// OSError(errno) for a call on an fd (path NULL)
static NORETURN void host_os_raise(const char *path) {
    if (path == NULL) {
        mp_raise_OSError(errno);
    }
    mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(errno), mp_obj_new_str(path, strlen(path)) };
    nlr_raise(mp_obj_exception_make_new(&mp_type_OSError, 2, 0, args));
}

// A time of struct stat in ns (as CPython's st_mtime_ns): an int past 64 bits
// from 2262 on (a file's time set past it, which WASI's u64 of ns can ask; the
// product overflowed until session 35).
static mp_obj_t host_os_ns(struct timespec t) {
    mp_obj_t s = mp_binary_op(MP_BINARY_OP_MULTIPLY, mp_obj_new_int_from_ll(t.tv_sec), MP_OBJ_NEW_SMALL_INT(1000000000));
    return mp_binary_op(MP_BINARY_OP_ADD, s, MP_OBJ_NEW_SMALL_INT(t.tv_nsec));
}

// stat(path or fd): (mode, ino, dev, nlink, uid, gid, size, atime, mtime,
// ctime), the times in whole seconds, the ten items of MicroPython's os.stat;
// stat_ns(path or fd): the same with the times in ns (CPython's st_atime_ns,
// ...: what WASI's filestat says, modwasm/binding/wasi_files.c; a tuple of its
// own, so that os.stat keeps its ten items). An int is an open file's
// descriptor (CPython's os.stat(fd), a file's fileno()): fstat. The mode's
// type bits are the boards' (0x4000 a directory, 0x8000 a file).
static mp_obj_t host_os_stat_in(mp_obj_t path_in, bool ns) {
    struct stat st;
    const char *path = mp_obj_is_int(path_in) ? NULL : mp_obj_str_get_str(path_in);
    int r = mp_obj_is_int(path_in) ? fstat(mp_obj_get_int(path_in), &st) : stat(path, &st);
    if (r != 0) {
        host_os_raise(path);
    }
    mp_obj_t t[10] = {
        MP_OBJ_NEW_SMALL_INT(st.st_mode),
        mp_obj_new_int_from_ull(st.st_ino),
        mp_obj_new_int_from_ull(st.st_dev),
        MP_OBJ_NEW_SMALL_INT(st.st_nlink),
        MP_OBJ_NEW_SMALL_INT(st.st_uid),
        MP_OBJ_NEW_SMALL_INT(st.st_gid),
        mp_obj_new_int_from_ll(st.st_size),
        ns ? host_os_ns(st.st_atim) : mp_obj_new_int_from_ll(st.st_atime),
        ns ? host_os_ns(st.st_mtim) : mp_obj_new_int_from_ll(st.st_mtime),
        ns ? host_os_ns(st.st_ctim) : mp_obj_new_int_from_ll(st.st_ctime),
    };
    return mp_obj_new_tuple(10, t);
}

static mp_obj_t host_os_stat(mp_obj_t path_in) {
    return host_os_stat_in(path_in, false);
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_stat_obj, host_os_stat);

static mp_obj_t host_os_stat_ns(mp_obj_t path_in) {
    return host_os_stat_in(path_in, true);
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_stat_ns_obj, host_os_stat_ns);

static mp_obj_t host_os_mkdir(mp_obj_t path_in) {
    const char *path = mp_obj_str_get_str(path_in);
    if (mkdir(path, 0777) != 0) {
        host_os_raise(path);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_mkdir_obj, host_os_mkdir);

static mp_obj_t host_os_rmdir(mp_obj_t path_in) {
    const char *path = mp_obj_str_get_str(path_in);
    if (rmdir(path) != 0) {
        host_os_raise(path);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_rmdir_obj, host_os_rmdir);

static mp_obj_t host_os_remove(mp_obj_t path_in) {
    const char *path = mp_obj_str_get_str(path_in);
    if (unlink(path) != 0) {
        host_os_raise(path);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_remove_obj, host_os_remove);

static mp_obj_t host_os_rename(mp_obj_t old_in, mp_obj_t new_in) {
    const char *old = mp_obj_str_get_str(old_in);
    if (rename(old, mp_obj_str_get_str(new_in)) != 0) {
        host_os_raise(old);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(host_os_rename_obj, host_os_rename);

// getcwd(): the process's working directory, which a relative path (open(),
// every os call, a relative WASI preopen at each call) starts from.
static mp_obj_t host_os_getcwd(void) {
    char buf[4096];
    if (getcwd(buf, sizeof(buf)) == NULL) {
        host_os_raise(".");
    }
    return mp_obj_new_str(buf, strlen(buf));
}
static MP_DEFINE_CONST_FUN_OBJ_0(host_os_getcwd_obj, host_os_getcwd);

// chdir(path), as MicroPython's unix port has it.
static mp_obj_t host_os_chdir(mp_obj_t path_in) {
    const char *path = mp_obj_str_get_str(path_in);
    if (chdir(path) != 0) {
        host_os_raise(path);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_chdir_obj, host_os_chdir);

// One time of utime(): None leaves it as it is (UTIME_OMIT); else seconds
// (int or float, ns false) or nanoseconds (int, ns true).
static struct timespec host_os_time(mp_obj_t v, bool ns) {
    struct timespec t = { 0, UTIME_OMIT };
    if (v == mp_const_none) {
        return t;
    }
    if (ns) {
        // any int (Python's floor division and modulo: ns past 64 bits, or
        // before 1970, split with 0 <= tv_nsec < 10**9)
        mp_obj_t g = MP_OBJ_NEW_SMALL_INT(1000000000);
        t.tv_sec = (time_t)mp_obj_get_int(mp_binary_op(MP_BINARY_OP_FLOOR_DIVIDE, v, g));
        t.tv_nsec = mp_obj_get_int(mp_binary_op(MP_BINARY_OP_MODULO, v, g));
    } else {
        mp_float_t f = mp_obj_get_float(v);
        t.tv_sec = (time_t)f;
        t.tv_nsec = (long)((f - (mp_float_t)t.tv_sec) * 1e9);
    }
    if (t.tv_nsec < 0) {          // a time before 1970 truncated toward 0
        t.tv_sec -= 1;
        t.tv_nsec += 1000000000;
    }
    return t;
}

// utime(path or fd, times=None, ns=None): CPython's (an int is an open
// file's descriptor: futimens; ns may also come third, as
// WASI's fd_filestat_set_times passes it, modwasm/binding/wasi_files.c):
// times (atime, mtime) in seconds, or ns (atime, mtime) in nanoseconds, or
// neither: both now. A time of None is left as it is (not CPython's: what
// WASI's set_times needs when it sets one time only).
static mp_obj_t host_os_utime(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_path, ARG_times, ARG_ns };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_path, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_times, MP_ARG_OBJ, {.u_obj = mp_const_none} },
        { MP_QSTR_ns, MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    bool fd = mp_obj_is_int(args[ARG_path].u_obj);
    const char *path = fd ? NULL : mp_obj_str_get_str(args[ARG_path].u_obj);
    mp_obj_t pair = args[ARG_ns].u_obj != mp_const_none ? args[ARG_ns].u_obj : args[ARG_times].u_obj;
    if (args[ARG_ns].u_obj != mp_const_none && args[ARG_times].u_obj != mp_const_none) {
        mp_raise_ValueError(MP_ERROR_TEXT("utime: either times or ns, not both"));
    }
    struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    if (pair != mp_const_none) {
        mp_obj_t *t;
        mp_obj_get_array_fixed_n(pair, 2, &t);
        for (int i = 0; i < 2; i++) {
            ts[i] = host_os_time(t[i], args[ARG_ns].u_obj != mp_const_none);
        }
    }
    if ((fd ? futimens(mp_obj_get_int(args[ARG_path].u_obj), ts) : utimensat(AT_FDCWD, path, ts, 0)) != 0) {
        host_os_raise(path);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(host_os_utime_obj, 1, host_os_utime);

// A directory stream on path_in, or on a copy of the open directory's
// descriptor it is (an int: CPython's os.listdir(fd)), read from its start.
static DIR *host_os_opendir(mp_obj_t path_in) {
    if (!mp_obj_is_int(path_in)) {
        const char *path = mp_obj_str_get_str(path_in);
        DIR *d = opendir(path);
        if (d == NULL) {
            host_os_raise(path);
        }
        return d;
    }
    int fd = fcntl(mp_obj_get_int(path_in), F_DUPFD_CLOEXEC, 0);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (d == NULL) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        errno = e;
        host_os_raise(NULL);
    }
    rewinddir(d);             // the copy shares its offset with the descriptor
    return d;
}

// ilistdir(path or fd): a list of (name, type, inode) without "." and "..",
// type as stat's. An fd is an open directory's (WASI's fd_readdir of one,
// modwasm/binding/wasi_files.c): removed since, it lists nothing (glibc's
// readdir ends at the ENOENT of a removed directory).
static mp_obj_t host_os_ilistdir(mp_obj_t path_in) {
    DIR *d = host_os_opendir(path_in);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0))) {
                continue;
            }
            bool dir = e->d_type == DT_DIR;
            struct stat st;
            if (e->d_type == DT_UNKNOWN && fstatat(dirfd(d), e->d_name, &st, 0) == 0) {
                dir = S_ISDIR(st.st_mode); // a filesystem that leaves the type out
            }
            mp_obj_t t[3] = {
                mp_obj_new_str(e->d_name, strlen(e->d_name)),
                MP_OBJ_NEW_SMALL_INT(dir ? S_IFDIR : S_IFREG),
                mp_obj_new_int_from_ull(e->d_ino),
            };
            mp_obj_list_append(list, mp_obj_new_tuple(3, t));
        }
        nlr_pop();
    } else {
        closedir(d);
        nlr_jump(nlr.ret_val); // MemoryError: the directory closed first
    }
    closedir(d);
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_ilistdir_obj, host_os_ilistdir);

static mp_obj_t host_os_listdir(mp_obj_t path_in) {
    mp_obj_t list = host_os_ilistdir(path_in);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    for (size_t i = 0; i < n; i++) {
        mp_obj_t *e;
        size_t en;
        mp_obj_tuple_get(items[i], &en, &e);
        items[i] = e[0];
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_listdir_obj, host_os_listdir);

static const mp_rom_map_elem_t host_os_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_os) },
    { MP_ROM_QSTR(MP_QSTR_stat), MP_ROM_PTR(&host_os_stat_obj) },
    { MP_ROM_QSTR(MP_QSTR_stat_ns), MP_ROM_PTR(&host_os_stat_ns_obj) },
    { MP_ROM_QSTR(MP_QSTR_mkdir), MP_ROM_PTR(&host_os_mkdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_rmdir), MP_ROM_PTR(&host_os_rmdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&host_os_remove_obj) },
    { MP_ROM_QSTR(MP_QSTR_rename), MP_ROM_PTR(&host_os_rename_obj) },
    { MP_ROM_QSTR(MP_QSTR_ilistdir), MP_ROM_PTR(&host_os_ilistdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_listdir), MP_ROM_PTR(&host_os_listdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_utime), MP_ROM_PTR(&host_os_utime_obj) },
    { MP_ROM_QSTR(MP_QSTR_getcwd), MP_ROM_PTR(&host_os_getcwd_obj) },
    { MP_ROM_QSTR(MP_QSTR_chdir), MP_ROM_PTR(&host_os_chdir_obj) },
};
static MP_DEFINE_CONST_DICT(host_os_module_globals, host_os_module_globals_table);

const mp_obj_module_t mp_module_host_os = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&host_os_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_os, mp_module_host_os);
