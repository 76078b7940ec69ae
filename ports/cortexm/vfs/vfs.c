// SPDX-License-Identifier: MIT
// The mount table, the current directory, and what goes through them: the
// `os` and `vfs` modules, open(), import of .py/.mpy files (mp_import_stat,
// mp_reader_new_file). See vfs.h for the filesystem protocol.

#include <errno.h>
#include <string.h>

#include "genhdr/mpversion.h"
#include "py/builtin.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/objstr.h"
#include "py/reader.h"
#include "py/runtime.h"
#include "py/stream.h"

#include "vfs/vfs.h"

// One mount: `path` is absolute and normalised ("/" or "/a/b"), never with a
// trailing slash except for "/" itself.
typedef struct _vfs_mount_t {
    const char *path;
    size_t len;
    mp_obj_t obj;
    struct _vfs_mount_t *next;
} vfs_mount_t;

MP_REGISTER_ROOT_POINTER(struct _vfs_mount_t *vfs_mounts);
MP_REGISTER_ROOT_POINTER(mp_obj_t vfs_cwd);

#define VFS_MOUNTS (MP_STATE_VM(vfs_mounts))
#define VFS_CWD (MP_STATE_VM(vfs_cwd))

void vfs_init(void) {
    VFS_MOUNTS = NULL;
    VFS_CWD = MP_OBJ_NEW_QSTR(qstr_from_str("/"));
    mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(qstr_from_str("/lib")));
}

NORETURN void vfs_raise(int errno_, const char *path) {
    // OSError(errno, path): prints as "[Errno 2] ENOENT: path"
    mp_obj_t args[2] = { MP_OBJ_NEW_SMALL_INT(errno_), mp_obj_new_str(path, strlen(path)) };
    nlr_raise(mp_obj_exception_make_new(&mp_type_OSError, 2, 0, args));
}

// --- paths -------------------------------------------------------------------

// `path` made absolute against the cwd, "." and ".." resolved, "//" folded.
static void vfs_abspath(const char *path, vstr_t *out) {
    vstr_init(out, 32);
    const char *parts[2] = { NULL, path };
    if (path[0] != '/') {
        parts[0] = mp_obj_str_get_str(VFS_CWD);
    }
    for (int i = 0; i < 2; i++) {
        const char *p = parts[i];
        while (p != NULL && *p) {
            while (*p == '/') {
                p++;
            }
            const char *start = p;
            while (*p && *p != '/') {
                p++;
            }
            size_t n = p - start;
            if (n == 0 || (n == 1 && start[0] == '.')) {
                continue;
            }
            if (n == 2 && start[0] == '.' && start[1] == '.') {
                // drop the last component
                while (out->len > 0 && out->buf[out->len - 1] != '/') {
                    out->len--;
                }
                if (out->len > 0) {
                    out->len--;
                }
                continue;
            }
            vstr_add_byte(out, '/');
            vstr_add_strn(out, start, n);
        }
    }
    if (out->len == 0) {
        vstr_add_byte(out, '/');
    }
    vstr_null_terminated_str(out);
}

// The mount holding absolute path `abs`, and the path within it ("/..."); NULL if none.
static vfs_mount_t *vfs_lookup(const char *abs, const char **sub) {
    vfs_mount_t *best = NULL;
    for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
        bool match;
        if (m->len == 1) {
            match = true; // "/" holds everything not mounted further down
        } else {
            match = strncmp(abs, m->path, m->len) == 0 && (abs[m->len] == '\0' || abs[m->len] == '/');
        }
        if (match && (best == NULL || m->len > best->len)) {
            best = m;
        }
    }
    if (best != NULL && sub != NULL) {
        const char *rest = best->len == 1 ? abs : abs + best->len;
        *sub = *rest ? rest : "/";
    }
    return best;
}

// Call `method` of the filesystem holding `path` with the path within it
// (and `extra`, if not MP_OBJ_NULL). No filesystem there: ENOENT.
static mp_obj_t vfs_call(const char *path, qstr method, mp_obj_t extra) {
    vstr_t abs;
    vfs_abspath(path, &abs);
    const char *sub;
    vfs_mount_t *m = vfs_lookup(abs.buf, &sub);
    if (m == NULL) {
        vfs_raise(MP_ENOENT, path);
    }
    mp_obj_t args[4];
    mp_load_method(m->obj, method, args);
    args[2] = mp_obj_new_str(sub, strlen(sub));
    args[3] = extra;
    mp_obj_t ret = mp_call_method_n_kw(extra == MP_OBJ_NULL ? 1 : 2, 0, args);
    vstr_clear(&abs);
    return ret;
}

static const char *vfs_path_arg(mp_obj_t path_in) {
    return mp_obj_str_get_str(path_in);
}

// --- mount, umount -----------------------------------------------------------

void vfs_mount(mp_obj_t fs, const char *path, bool readonly, bool mkfs) {
    vstr_t abs;
    vfs_abspath(path, &abs);
    for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
        if (strcmp(m->path, abs.buf) == 0) {
            vfs_raise(MP_EPERM, abs.buf); // already a mount point
        }
    }
    mp_obj_t args[4];
    mp_load_method(fs, MP_QSTR_mount, args);
    args[2] = mp_obj_new_bool(readonly);
    args[3] = mp_obj_new_bool(mkfs);
    mp_call_method_n_kw(2, 0, args);

    vfs_mount_t *m = m_new_obj(vfs_mount_t);
    m->len = abs.len;
    m->path = vstr_null_terminated_str(&abs);
    m->obj = fs;
    m->next = VFS_MOUNTS;
    VFS_MOUNTS = m;
}

static mp_obj_t vfs_mount_fun(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    if (n_args == 0) {
        // vfs.mount(): the list of (filesystem, mount point)
        mp_obj_t list = mp_obj_new_list(0, NULL);
        for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
            mp_obj_t t[2] = { m->obj, mp_obj_new_str(m->path, m->len) };
            mp_obj_list_append(list, mp_obj_new_tuple(2, t));
        }
        return list;
    }
    enum { ARG_fs, ARG_path, ARG_readonly, ARG_mkfs };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_fs, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_path, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_readonly, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
        { MP_QSTR_mkfs, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    vfs_mount(args[ARG_fs].u_obj, vfs_path_arg(args[ARG_path].u_obj), args[ARG_readonly].u_bool,
        args[ARG_mkfs].u_bool);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(vfs_mount_obj, 0, vfs_mount_fun);

static void vfs_unlink(vfs_mount_t *target) {
    for (vfs_mount_t **pm = &VFS_MOUNTS; *pm != NULL; pm = &(*pm)->next) {
        if (*pm == target) {
            *pm = target->next;
            break;
        }
    }
    // a cwd inside the unmounted filesystem falls back to "/"
    const char *cwd = mp_obj_str_get_str(VFS_CWD);
    if (target->len > 1 && strncmp(cwd, target->path, target->len) == 0
        && (cwd[target->len] == '\0' || cwd[target->len] == '/')) {
        VFS_CWD = MP_OBJ_NEW_QSTR(qstr_from_str("/"));
    }
}

static mp_obj_t vfs_umount_fun(mp_obj_t target_in) {
    vfs_mount_t *found = NULL;
    if (mp_obj_is_str(target_in)) {
        vstr_t abs;
        vfs_abspath(mp_obj_str_get_str(target_in), &abs);
        for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
            if (strcmp(m->path, abs.buf) == 0) {
                found = m;
            }
        }
        vstr_clear(&abs);
    } else {
        for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
            if (m->obj == target_in) {
                found = m;
            }
        }
    }
    if (found == NULL) {
        mp_raise_OSError(MP_EINVAL);
    }
    vfs_unlink(found);
    mp_obj_t dest[2];
    mp_load_method(found->obj, MP_QSTR_umount, dest);
    mp_call_method_n_kw(0, 0, dest);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(vfs_umount_obj, vfs_umount_fun);

void vfs_umount_all(void) {
    while (VFS_MOUNTS != NULL) {
        vfs_mount_t *m = VFS_MOUNTS;
        VFS_MOUNTS = m->next;
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_obj_t dest[2];
            mp_load_method(m->obj, MP_QSTR_umount, dest);
            mp_call_method_n_kw(0, 0, dest);
            nlr_pop();
        } else {
            mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
        }
    }
}

// --- os ------------------------------------------------------------------------

static mp_obj_t os_getcwd(void) {
    return VFS_CWD;
}
static MP_DEFINE_CONST_FUN_OBJ_0(os_getcwd_obj, os_getcwd);

static mp_obj_t os_chdir(mp_obj_t path_in) {
    const char *path = vfs_path_arg(path_in);
    vstr_t abs;
    vfs_abspath(path, &abs);
    const char *sub;
    vfs_mount_t *m = vfs_lookup(abs.buf, &sub);
    if (m == NULL) {
        if (strcmp(abs.buf, "/") != 0) {
            vfs_raise(MP_ENOENT, path);
        }
    } else {
        mp_obj_t args[3];
        mp_load_method(m->obj, MP_QSTR_chdir, args);
        args[2] = mp_obj_new_str(sub, strlen(sub));
        mp_call_method_n_kw(1, 0, args);
    }
    VFS_CWD = mp_obj_new_str(abs.buf, abs.len);
    vstr_clear(&abs);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_chdir_obj, os_chdir);

// Mount points directly inside absolute directory `abs`, as ilistdir entries
// (a filesystem mounted at "/remote" shows as "remote" in "/").
static void vfs_add_mount_points(const char *abs, mp_obj_t list) {
    size_t alen = strlen(abs);
    for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
        if (m->len <= 1) {
            continue;
        }
        const char *name = strrchr(m->path, '/') + 1;
        size_t parent_len = name - 1 - m->path;
        bool inside = alen == 1 ? parent_len == 0 : (parent_len == alen && strncmp(m->path, abs, alen) == 0);
        if (!inside) {
            continue;
        }
        mp_obj_t name_obj = mp_obj_new_str(name, strlen(name));
        size_t n;
        mp_obj_t *items;
        mp_obj_list_get(list, &n, &items);
        bool present = false;
        for (size_t i = 0; i < n && !present; i++) {
            size_t tl;
            mp_obj_t *t;
            mp_obj_get_array(items[i], &tl, &t);
            present = tl > 0 && mp_obj_equal(t[0], name_obj);
        }
        if (present) {
            continue;
        }
        mp_obj_t t[4] = { name_obj, MP_OBJ_NEW_SMALL_INT(VFS_S_IFDIR), MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(0) };
        mp_obj_list_append(list, mp_obj_new_tuple(4, t));
    }
}

// ilistdir as a list of tuples (name, type, inode[, size]).
static mp_obj_t vfs_ilistdir_list(const char *path) {
    vstr_t abs;
    vfs_abspath(path, &abs);
    const char *sub;
    vfs_mount_t *m = vfs_lookup(abs.buf, &sub);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    if (m != NULL) {
        mp_obj_t args[3];
        mp_load_method(m->obj, MP_QSTR_ilistdir, args);
        args[2] = mp_obj_new_str(sub, strlen(sub));
        mp_obj_t iter = mp_getiter(mp_call_method_n_kw(1, 0, args), NULL);
        mp_obj_t item;
        while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            mp_obj_list_append(list, item);
        }
    } else if (strcmp(abs.buf, "/") != 0) {
        vfs_raise(MP_ENOENT, path);
    }
    vfs_add_mount_points(abs.buf, list);
    vstr_clear(&abs);
    return list;
}

static mp_obj_t os_ilistdir(size_t n_args, const mp_obj_t *args) {
    const char *path = n_args > 0 ? vfs_path_arg(args[0]) : "";
    return mp_getiter(vfs_ilistdir_list(path), NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(os_ilistdir_obj, 0, 1, os_ilistdir);

static mp_obj_t os_listdir(size_t n_args, const mp_obj_t *args) {
    const char *path = n_args > 0 ? vfs_path_arg(args[0]) : "";
    mp_obj_t list = vfs_ilistdir_list(path);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(list, &n, &items);
    for (size_t i = 0; i < n; i++) {
        mp_obj_t *t;
        size_t len;
        mp_obj_get_array(items[i], &len, &t);
        items[i] = t[0];
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(os_listdir_obj, 0, 1, os_listdir);

static mp_obj_t os_stat(mp_obj_t path_in) {
    const char *path = vfs_path_arg(path_in);
    vstr_t abs;
    vfs_abspath(path, &abs);
    vfs_mount_t *m = vfs_lookup(abs.buf, NULL);
    if (m == NULL && strcmp(abs.buf, "/") == 0) {
        // the root with nothing mounted on it: an empty directory
        mp_obj_t t[10];
        t[0] = MP_OBJ_NEW_SMALL_INT(VFS_S_IFDIR);
        for (int i = 1; i < 10; i++) {
            t[i] = MP_OBJ_NEW_SMALL_INT(0);
        }
        return mp_obj_new_tuple(10, t);
    }
    return vfs_call(path, MP_QSTR_stat, MP_OBJ_NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_stat_obj, os_stat);

mp_uint_t vfs_stat_mode(const char *path) {
    nlr_buf_t nlr;
    mp_uint_t mode = 0;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t st = os_stat(mp_obj_new_str(path, strlen(path)));
        mp_obj_t *items;
        size_t len;
        mp_obj_get_array(st, &len, &items);
        mode = len > 0 ? mp_obj_get_int(items[0]) : 0;
        nlr_pop();
    }
    return mode;
}

static mp_obj_t os_statvfs(mp_obj_t path_in) {
    return vfs_call(vfs_path_arg(path_in), MP_QSTR_statvfs, MP_OBJ_NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_statvfs_obj, os_statvfs);

static mp_obj_t os_remove(mp_obj_t path_in) {
    return vfs_call(vfs_path_arg(path_in), MP_QSTR_remove, MP_OBJ_NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_remove_obj, os_remove);

static mp_obj_t os_mkdir(mp_obj_t path_in) {
    return vfs_call(vfs_path_arg(path_in), MP_QSTR_mkdir, MP_OBJ_NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_mkdir_obj, os_mkdir);

static mp_obj_t os_rmdir(mp_obj_t path_in) {
    return vfs_call(vfs_path_arg(path_in), MP_QSTR_rmdir, MP_OBJ_NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_1(os_rmdir_obj, os_rmdir);

static mp_obj_t os_rename(mp_obj_t old_in, mp_obj_t new_in) {
    const char *old_path = vfs_path_arg(old_in);
    const char *new_path = vfs_path_arg(new_in);
    vstr_t old_abs, new_abs;
    vfs_abspath(old_path, &old_abs);
    vfs_abspath(new_path, &new_abs);
    const char *old_sub, *new_sub;
    vfs_mount_t *m_old = vfs_lookup(old_abs.buf, &old_sub);
    vfs_mount_t *m_new = vfs_lookup(new_abs.buf, &new_sub);
    if (m_old == NULL) {
        vfs_raise(MP_ENOENT, old_path);
    }
    if (m_old != m_new) {
        vfs_raise(MP_EXDEV, new_path); // across filesystems: copy, then remove
    }
    mp_obj_t args[4];
    mp_load_method(m_old->obj, MP_QSTR_rename, args);
    args[2] = mp_obj_new_str(old_sub, strlen(old_sub));
    args[3] = mp_obj_new_str(new_sub, strlen(new_sub));
    return mp_call_method_n_kw(2, 0, args);
}
static MP_DEFINE_CONST_FUN_OBJ_2(os_rename_obj, os_rename);

static mp_obj_t os_sync(void) {
    for (vfs_mount_t *m = VFS_MOUNTS; m != NULL; m = m->next) {
        mp_obj_t dest[2];
        mp_load_method_maybe(m->obj, MP_QSTR_sync, dest);
        if (dest[0] != MP_OBJ_NULL) {
            mp_call_method_n_kw(0, 0, dest);
        }
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(os_sync_obj, os_sync);

static const qstr os_uname_fields[] = {
    MP_QSTR_sysname, MP_QSTR_nodename, MP_QSTR_release, MP_QSTR_version, MP_QSTR_machine
};

static mp_obj_t os_uname(void) {
    static const char version[] = MICROPY_VERSION_STRING " on " MICROPY_BUILD_DATE;
    static const char machine[] = MICROPY_HW_BOARD_NAME " with " MICROPY_HW_MCU_NAME;
    mp_obj_t items[5] = {
        MP_OBJ_NEW_QSTR(MP_QSTR_mpwasm),
        MP_OBJ_NEW_QSTR(MP_QSTR_mpwasm),
        mp_obj_new_str(MICROPY_VERSION_STRING, strlen(MICROPY_VERSION_STRING)),
        mp_obj_new_str(version, strlen(version)),
        mp_obj_new_str(machine, strlen(machine)),
    };
    return mp_obj_new_attrtuple(os_uname_fields, 5, items);
}
static MP_DEFINE_CONST_FUN_OBJ_0(os_uname_obj, os_uname);

static const mp_rom_map_elem_t os_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_os) },
    { MP_ROM_QSTR(MP_QSTR_sep), MP_ROM_QSTR(MP_QSTR__slash_) },
    { MP_ROM_QSTR(MP_QSTR_getcwd), MP_ROM_PTR(&os_getcwd_obj) },
    { MP_ROM_QSTR(MP_QSTR_chdir), MP_ROM_PTR(&os_chdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_ilistdir), MP_ROM_PTR(&os_ilistdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_listdir), MP_ROM_PTR(&os_listdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_stat), MP_ROM_PTR(&os_stat_obj) },
    { MP_ROM_QSTR(MP_QSTR_statvfs), MP_ROM_PTR(&os_statvfs_obj) },
    { MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&os_remove_obj) },
    { MP_ROM_QSTR(MP_QSTR_rename), MP_ROM_PTR(&os_rename_obj) },
    { MP_ROM_QSTR(MP_QSTR_mkdir), MP_ROM_PTR(&os_mkdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_rmdir), MP_ROM_PTR(&os_rmdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_sync), MP_ROM_PTR(&os_sync_obj) },
    { MP_ROM_QSTR(MP_QSTR_uname), MP_ROM_PTR(&os_uname_obj) },
    { MP_ROM_QSTR(MP_QSTR_mount), MP_ROM_PTR(&vfs_mount_obj) },
    { MP_ROM_QSTR(MP_QSTR_umount), MP_ROM_PTR(&vfs_umount_obj) },
};
static MP_DEFINE_CONST_DICT(os_module_globals, os_module_globals_table);

const mp_obj_module_t os_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&os_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR_os, os_module);

static const mp_rom_map_elem_t vfs_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_vfs) },
    { MP_ROM_QSTR(MP_QSTR_mount), MP_ROM_PTR(&vfs_mount_obj) },
    { MP_ROM_QSTR(MP_QSTR_umount), MP_ROM_PTR(&vfs_umount_obj) },
    { MP_ROM_QSTR(MP_QSTR_VfsLfs2), MP_ROM_PTR(&vfs_lfs2_type) },
    { MP_ROM_QSTR(MP_QSTR_Storage), MP_ROM_PTR(&vfs_storage_type) },
};
static MP_DEFINE_CONST_DICT(vfs_module_globals, vfs_module_globals_table);

const mp_obj_module_t vfs_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&vfs_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR_vfs, vfs_module);

// --- open() --------------------------------------------------------------------

static mp_obj_t vfs_open(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_file, ARG_mode, ARG_buffering, ARG_encoding };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_file, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_mode, MP_ARG_OBJ, {.u_obj = MP_OBJ_NEW_QSTR(MP_QSTR_r)} },
        { MP_QSTR_buffering, MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_encoding, MP_ARG_OBJ, {.u_obj = mp_const_none} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, args);
    if (!mp_obj_is_str(args[ARG_file].u_obj)) {
        mp_raise_TypeError(MP_ERROR_TEXT("open: file must be a path (str)"));
    }
    mp_obj_str_get_str(args[ARG_mode].u_obj); // a str, or TypeError
    return vfs_call(mp_obj_str_get_str(args[ARG_file].u_obj), MP_QSTR_open, args[ARG_mode].u_obj);
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_builtin_open_obj, 1, vfs_open);

// --- imports -------------------------------------------------------------------

mp_import_stat_t mp_import_stat(const char *path) {
    mp_uint_t mode = vfs_stat_mode(path);
    if (mode & VFS_S_IFDIR) {
        return MP_IMPORT_STAT_DIR;
    }
    if (mode & VFS_S_IFREG) {
        return MP_IMPORT_STAT_FILE;
    }
    return MP_IMPORT_STAT_NO_EXIST;
}

// The lexer and the .mpy loader read a file a byte at a time through this
// buffer; the file is any stream the filesystem's open() returned.
#define VFS_READER_BUF (128)

typedef struct _vfs_reader_t {
    mp_obj_t file;
    uint16_t len;
    uint16_t pos;
    bool eof;
    byte buf[VFS_READER_BUF];
} vfs_reader_t;

static mp_uint_t vfs_reader_readbyte(void *data) {
    vfs_reader_t *r = data;
    if (r->pos >= r->len) {
        if (r->eof) {
            return MP_READER_EOF;
        }
        int err;
        mp_uint_t n = mp_stream_rw(r->file, r->buf, VFS_READER_BUF, &err, MP_STREAM_RW_READ | MP_STREAM_RW_ONCE);
        if (n == MP_STREAM_ERROR) {
            mp_raise_OSError(err);
        }
        if (n == 0) {
            r->eof = true;
            return MP_READER_EOF;
        }
        r->len = n;
        r->pos = 0;
    }
    return r->buf[r->pos++];
}

static void vfs_reader_close(void *data) {
    vfs_reader_t *r = data;
    mp_stream_close(r->file);
    m_del_obj(vfs_reader_t, r);
}

void mp_reader_new_file(mp_reader_t *reader, qstr filename) {
    mp_obj_t file = vfs_call(qstr_str(filename), MP_QSTR_open, MP_OBJ_NEW_QSTR(MP_QSTR_rb));
    mp_get_stream_raise(file, MP_STREAM_OP_READ);
    vfs_reader_t *r = m_new_obj(vfs_reader_t);
    r->file = file;
    r->len = 0;
    r->pos = 0;
    r->eof = false;
    reader->data = r;
    reader->readbyte = vfs_reader_readbyte;
    reader->close = vfs_reader_close;
}
