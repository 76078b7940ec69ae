// SPDX-License-Identifier: MIT
// The host port's `os`: the calls WASI's preopens make (modwasm/binding/wasi_files.c:
// stat, mkdir, rmdir, remove, rename, ilistdir) and listdir, over POSIX on the
// host's own files, with the boards' `os` signatures (vfs/vfs.c). It lets a
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

// OSError(errno, path), as the boards' os raises it (vfs/vfs.c vfs_raise)
static NORETURN void host_os_raise(const char *path) {
    mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(errno), mp_obj_new_str(path, strlen(path)) };
    nlr_raise(mp_obj_exception_make_new(&mp_type_OSError, 2, 0, args));
}

// stat(path): (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime);
// the mode's type bits are the boards' (0x4000 a directory, 0x8000 a file)
static mp_obj_t host_os_stat(mp_obj_t path_in) {
    const char *path = mp_obj_str_get_str(path_in);
    struct stat st;
    if (stat(path, &st) != 0) {
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
        mp_obj_new_int_from_ll(st.st_atime),
        mp_obj_new_int_from_ll(st.st_mtime),
        mp_obj_new_int_from_ll(st.st_ctime),
    };
    return mp_obj_new_tuple(10, t);
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_os_stat_obj, host_os_stat);

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

// ilistdir(path): a list of (name, type, inode) without "." and "..", type as stat's
static mp_obj_t host_os_ilistdir(mp_obj_t path_in) {
    const char *path = mp_obj_str_get_str(path_in);
    DIR *d = opendir(path);
    if (d == NULL) {
        host_os_raise(path);
    }
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
    { MP_ROM_QSTR(MP_QSTR_mkdir), MP_ROM_PTR(&host_os_mkdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_rmdir), MP_ROM_PTR(&host_os_rmdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&host_os_remove_obj) },
    { MP_ROM_QSTR(MP_QSTR_rename), MP_ROM_PTR(&host_os_rename_obj) },
    { MP_ROM_QSTR(MP_QSTR_ilistdir), MP_ROM_PTR(&host_os_ilistdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_listdir), MP_ROM_PTR(&host_os_listdir_obj) },
};
static MP_DEFINE_CONST_DICT(host_os_module_globals, host_os_module_globals_table);

const mp_obj_module_t mp_module_host_os = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&host_os_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_os, mp_module_host_os);
