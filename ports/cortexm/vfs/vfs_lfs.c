// SPDX-License-Identifier: MIT
// vfs.VfsLfs2: a littlefs v2 filesystem on a block device, and its files;
// vfs.Storage: the board's storage as a block device.
//
// A block device is vfs.Storage() (called straight from C) or any object with
// readblocks(block, buf, offset), writeblocks(block, buf, offset) and
// ioctl(op, arg) (op 3 sync, 4 block count, 5 block size, 6 erase block arg):
// a RAM disk in Python works, which is how the tests make small filesystems.

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "py/mperrno.h"
#include "py/objarray.h"
#include "py/runtime.h"
#include "py/stream.h"

#include "deps/littlefs/lfs.h"
#include "vfs/storage.h"
#include "vfs/vfs.h"

// littlefs tunables: reads and programs in units of 16 bytes, a 256-byte cache
// for reads, one for programs and one per open file; 32 bytes of lookahead
// track 256 blocks per allocation scan. Wear levelling moves a metadata block
// after 500 erases.
#define LFS_READ_SIZE (16)
#define LFS_PROG_SIZE (16)
#define LFS_CACHE_SIZE (256)
#define LFS_LOOKAHEAD_SIZE (32)
#define LFS_BLOCK_CYCLES (500)

#define BDEV_IOCTL_SYNC (3)
#define BDEV_IOCTL_BLOCK_COUNT (4)
#define BDEV_IOCTL_BLOCK_SIZE (5)
#define BDEV_IOCTL_BLOCK_ERASE (6)

typedef struct _vfs_lfs2_obj_t {
    mp_obj_base_t base;
    mp_obj_t bdev;
    bool native; // bdev is vfs.Storage(): no Python in between
    bool readonly;
    bool mounted;
    struct lfs_config config;
    lfs_t lfs;
    uint8_t buffers[2 * LFS_CACHE_SIZE + LFS_LOOKAHEAD_SIZE];
} vfs_lfs2_obj_t;

typedef struct _vfs_lfs2_file_obj_t {
    mp_obj_base_t base;
    vfs_lfs2_obj_t *vfs;
    bool open;
    lfs_file_t file;
    struct lfs_file_config config;
    uint8_t cache[LFS_CACHE_SIZE];
} vfs_lfs2_file_obj_t;

static const mp_obj_type_t vfs_lfs2_file_binary_type;
static const mp_obj_type_t vfs_lfs2_file_text_type;

// littlefs's errors are negative POSIX numbers (lfs.h enum lfs_error); the
// firmware's libc numbers some of them differently.
static int vfs_lfs2_errno(int err) {
    switch (err) {
        case LFS_ERR_NOENT:
            return MP_ENOENT;
        case LFS_ERR_EXIST:
            return MP_EEXIST;
        case LFS_ERR_NOTDIR:
            return MP_ENOTDIR;
        case LFS_ERR_ISDIR:
            return MP_EISDIR;
        case LFS_ERR_NOTEMPTY:
            return MP_ENOTEMPTY;
        case LFS_ERR_BADF:
            return MP_EBADF;
        case LFS_ERR_FBIG:
            return MP_EFBIG;
        case LFS_ERR_INVAL:
            return MP_EINVAL;
        case LFS_ERR_NOSPC:
            return MP_ENOSPC;
        case LFS_ERR_NOMEM:
            return MP_ENOMEM;
        case LFS_ERR_NAMETOOLONG:
            return MP_ENAMETOOLONG;
        default:
            return MP_EIO; // LFS_ERR_IO, LFS_ERR_CORRUPT
    }
}

static void vfs_lfs2_check(int err, const char *path) {
    if (err < 0) {
        vfs_raise(vfs_lfs2_errno(err), path);
    }
}

// --- the block device ------------------------------------------------------------

static mp_obj_t bdev_call(vfs_lfs2_obj_t *self, qstr method, size_t n, mp_obj_t a, mp_obj_t b, mp_obj_t c) {
    mp_obj_t args[5];
    mp_load_method(self->bdev, method, args);
    args[2] = a;
    args[3] = b;
    args[4] = c;
    return mp_call_method_n_kw(n, 0, args);
}

static int bdev_result(mp_obj_t ret) {
    return ret == mp_const_none ? 0 : mp_obj_get_int(ret);
}

static int bd_read(const struct lfs_config *c, lfs_block_t block, lfs_off_t off, void *buffer, lfs_size_t size) {
    vfs_lfs2_obj_t *self = c->context;
    if (self->native) {
        return storage_read(block, off, buffer, size);
    }
    return bdev_result(bdev_call(self, MP_QSTR_readblocks, 3, mp_obj_new_int_from_uint(block),
        mp_obj_new_bytearray_by_ref(size, buffer), mp_obj_new_int_from_uint(off)));
}

static int bd_prog(const struct lfs_config *c, lfs_block_t block, lfs_off_t off, const void *buffer, lfs_size_t size) {
    vfs_lfs2_obj_t *self = c->context;
    if (self->native) {
        return storage_prog(block, off, buffer, size);
    }
    return bdev_result(bdev_call(self, MP_QSTR_writeblocks, 3, mp_obj_new_int_from_uint(block),
        mp_obj_new_bytearray_by_ref(size, (void *)buffer), mp_obj_new_int_from_uint(off)));
}

static int bd_erase(const struct lfs_config *c, lfs_block_t block) {
    vfs_lfs2_obj_t *self = c->context;
    if (self->native) {
        return storage_erase(block);
    }
    return bdev_result(bdev_call(self, MP_QSTR_ioctl, 2, MP_OBJ_NEW_SMALL_INT(BDEV_IOCTL_BLOCK_ERASE),
        mp_obj_new_int_from_uint(block), MP_OBJ_NULL));
}

static int bd_sync(const struct lfs_config *c) {
    vfs_lfs2_obj_t *self = c->context;
    if (self->native) {
        return storage_sync();
    }
    bdev_call(self, MP_QSTR_ioctl, 2, MP_OBJ_NEW_SMALL_INT(BDEV_IOCTL_SYNC), MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NULL);
    return 0;
}

// --- vfs.Storage -------------------------------------------------------------------

const mp_obj_base_t vfs_storage_obj = { &vfs_storage_type };

static mp_obj_t vfs_storage_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 0, false);
    int err = storage_init();
    if (err < 0) {
        mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT("[Errno %d] no storage on this board (or run)"), -err);
    }
    return MP_OBJ_FROM_PTR(&vfs_storage_obj);
}

static mp_obj_t vfs_storage_blocks(size_t n_args, const mp_obj_t *args, bool write) {
    uint32_t block = mp_obj_get_int(args[1]);
    uint32_t off = n_args > 3 ? mp_obj_get_int(args[3]) : 0;
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[2], &buf, write ? MP_BUFFER_READ : MP_BUFFER_WRITE);
    uint32_t bs = storage_block_size();
    if (block >= storage_block_count() || off > bs || buf.len > (size_t)bs * storage_block_count() - off) {
        mp_raise_ValueError(MP_ERROR_TEXT("block range outside the storage"));
    }
    int err = write ? storage_prog(block, off, buf.buf, buf.len) : storage_read(block, off, buf.buf, buf.len);
    if (err < 0) {
        mp_raise_OSError(-err);
    }
    return mp_const_none;
}

static mp_obj_t vfs_storage_readblocks(size_t n_args, const mp_obj_t *args) {
    return vfs_storage_blocks(n_args, args, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(vfs_storage_readblocks_obj, 3, 4, vfs_storage_readblocks);

static mp_obj_t vfs_storage_writeblocks(size_t n_args, const mp_obj_t *args) {
    return vfs_storage_blocks(n_args, args, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(vfs_storage_writeblocks_obj, 3, 4, vfs_storage_writeblocks);

static mp_obj_t vfs_storage_ioctl(mp_obj_t self_in, mp_obj_t op_in, mp_obj_t arg_in) {
    switch (mp_obj_get_int(op_in)) {
        case BDEV_IOCTL_SYNC:
            return MP_OBJ_NEW_SMALL_INT(storage_sync());
        case BDEV_IOCTL_BLOCK_COUNT:
            return mp_obj_new_int_from_uint(storage_block_count());
        case BDEV_IOCTL_BLOCK_SIZE:
            return mp_obj_new_int_from_uint(storage_block_size());
        case BDEV_IOCTL_BLOCK_ERASE:
            return MP_OBJ_NEW_SMALL_INT(storage_erase(mp_obj_get_int(arg_in)));
        default:
            return mp_const_none;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_3(vfs_storage_ioctl_obj, vfs_storage_ioctl);

static const mp_rom_map_elem_t vfs_storage_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_readblocks), MP_ROM_PTR(&vfs_storage_readblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_writeblocks), MP_ROM_PTR(&vfs_storage_writeblocks_obj) },
    { MP_ROM_QSTR(MP_QSTR_ioctl), MP_ROM_PTR(&vfs_storage_ioctl_obj) },
};
static MP_DEFINE_CONST_DICT(vfs_storage_locals, vfs_storage_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(
    vfs_storage_type,
    MP_QSTR_Storage,
    MP_TYPE_FLAG_NONE,
    make_new, vfs_storage_make_new,
    locals_dict, &vfs_storage_locals
    );

// --- vfs.VfsLfs2 -------------------------------------------------------------------

static mp_obj_t vfs_lfs2_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    vfs_lfs2_obj_t *self = mp_obj_malloc(vfs_lfs2_obj_t, type);
    self->bdev = args[0];
    self->native = args[0] == MP_OBJ_FROM_PTR(&vfs_storage_obj);
    self->readonly = false;
    self->mounted = false;
    struct lfs_config *c = &self->config;
    memset(c, 0, sizeof(*c));
    c->context = self;
    c->read = bd_read;
    c->prog = bd_prog;
    c->erase = bd_erase;
    c->sync = bd_sync;
    c->read_size = LFS_READ_SIZE;
    c->prog_size = LFS_PROG_SIZE;
    c->cache_size = LFS_CACHE_SIZE;
    c->lookahead_size = LFS_LOOKAHEAD_SIZE;
    c->block_cycles = LFS_BLOCK_CYCLES;
    c->read_buffer = self->buffers;
    c->prog_buffer = self->buffers + LFS_CACHE_SIZE;
    c->lookahead_buffer = self->buffers + 2 * LFS_CACHE_SIZE;
    if (self->native) {
        c->block_size = storage_block_size();
        c->block_count = storage_block_count();
    } else {
        c->block_size = mp_obj_get_int(bdev_call(self, MP_QSTR_ioctl, 2,
            MP_OBJ_NEW_SMALL_INT(BDEV_IOCTL_BLOCK_SIZE), MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NULL));
        c->block_count = mp_obj_get_int(bdev_call(self, MP_QSTR_ioctl, 2,
            MP_OBJ_NEW_SMALL_INT(BDEV_IOCTL_BLOCK_COUNT), MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NULL));
    }
    if (c->block_size < 128 || c->block_size % LFS_CACHE_SIZE || c->block_count < 2) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("VfsLfs2: block size %u (a multiple of %d, >= 128) and count %u (>= 2) unusable"),
            (unsigned)c->block_size, LFS_CACHE_SIZE, (unsigned)c->block_count);
    }
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t vfs_lfs2_mkfs(mp_obj_t bdev_in) {
    mp_obj_t vfs = vfs_lfs2_make_new(&vfs_lfs2_type, 1, 0, &bdev_in);
    vfs_lfs2_obj_t *self = MP_OBJ_TO_PTR(vfs);
    vfs_lfs2_check(lfs_format(&self->lfs, &self->config), "mkfs");
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(vfs_lfs2_mkfs_fun_obj, vfs_lfs2_mkfs);
static MP_DEFINE_CONST_STATICMETHOD_OBJ(vfs_lfs2_mkfs_obj, MP_ROM_PTR(&vfs_lfs2_mkfs_fun_obj));

static mp_obj_t vfs_lfs2_mount(mp_obj_t self_in, mp_obj_t readonly, mp_obj_t mkfs) {
    vfs_lfs2_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->mounted) {
        mp_raise_OSError(MP_EBUSY);
    }
    if (mp_obj_is_true(mkfs)) {
        vfs_lfs2_check(lfs_format(&self->lfs, &self->config), "mkfs");
    }
    vfs_lfs2_check(lfs_mount(&self->lfs, &self->config), "mount");
    self->readonly = mp_obj_is_true(readonly);
    self->mounted = true;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(vfs_lfs2_mount_obj, vfs_lfs2_mount);

static vfs_lfs2_obj_t *vfs_lfs2_get(mp_obj_t self_in) {
    vfs_lfs2_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->mounted) {
        mp_raise_OSError(MP_ENODEV);
    }
    return self;
}

static void vfs_lfs2_writable(vfs_lfs2_obj_t *self, const char *path) {
    if (self->readonly) {
        vfs_raise(MP_EROFS, path);
    }
}

static mp_obj_t vfs_lfs2_umount(mp_obj_t self_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    // Close what is still open, so its data reaches the storage. Open files
    // are littlefs's list of metadata users (lfs_t.mlist); this VFS keeps no
    // directory open.
    while (self->lfs.mlist != NULL) {
        lfs_file_t *f = (lfs_file_t *)self->lfs.mlist;
        vfs_lfs2_file_obj_t *file = (vfs_lfs2_file_obj_t *)((char *)f - offsetof(vfs_lfs2_file_obj_t, file));
        file->open = false;
        if (lfs_file_close(&self->lfs, f) < 0 && self->lfs.mlist == (struct lfs_mlist *)f) {
            self->lfs.mlist = self->lfs.mlist->next; // never loop on a failing close
        }
    }
    lfs_unmount(&self->lfs);
    self->mounted = false;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(vfs_lfs2_umount_obj, vfs_lfs2_umount);

static mp_obj_t vfs_lfs2_stat(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    struct lfs_info info;
    vfs_lfs2_check(lfs_stat(&self->lfs, path, &info), path);
    mp_obj_t t[10];
    t[0] = MP_OBJ_NEW_SMALL_INT(info.type == LFS_TYPE_DIR ? VFS_S_IFDIR : VFS_S_IFREG);
    for (int i = 1; i < 10; i++) {
        t[i] = MP_OBJ_NEW_SMALL_INT(0);
    }
    t[6] = mp_obj_new_int_from_uint(info.type == LFS_TYPE_DIR ? 0 : info.size);
    return mp_obj_new_tuple(10, t);
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_stat_obj, vfs_lfs2_stat);

static mp_obj_t vfs_lfs2_statvfs(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    lfs_ssize_t used = lfs_fs_size(&self->lfs);
    vfs_lfs2_check(used, mp_obj_str_get_str(path_in));
    mp_uint_t bsize = self->config.block_size;
    mp_uint_t blocks = self->config.block_count;
    mp_uint_t free_blocks = blocks > (mp_uint_t)used ? blocks - used : 0;
    mp_obj_t t[10] = {
        mp_obj_new_int_from_uint(bsize), mp_obj_new_int_from_uint(bsize),
        mp_obj_new_int_from_uint(blocks), mp_obj_new_int_from_uint(free_blocks), mp_obj_new_int_from_uint(free_blocks),
        MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NEW_SMALL_INT(0),
        MP_OBJ_NEW_SMALL_INT(self->readonly ? 1 : 0), MP_OBJ_NEW_SMALL_INT(LFS_NAME_MAX),
    };
    return mp_obj_new_tuple(10, t);
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_statvfs_obj, vfs_lfs2_statvfs);

// The entries of a directory, read at once: (name, type, inode, size).
static mp_obj_t vfs_lfs2_ilistdir(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    lfs_dir_t dir;
    vfs_lfs2_check(lfs_dir_open(&self->lfs, &dir, path), path);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        struct lfs_info info;
        int res;
        while ((res = lfs_dir_read(&self->lfs, &dir, &info)) > 0) {
            if (strcmp(info.name, ".") == 0 || strcmp(info.name, "..") == 0) {
                continue;
            }
            mp_obj_t t[4] = {
                mp_obj_new_str(info.name, strlen(info.name)),
                MP_OBJ_NEW_SMALL_INT(info.type == LFS_TYPE_DIR ? VFS_S_IFDIR : VFS_S_IFREG),
                MP_OBJ_NEW_SMALL_INT(0),
                mp_obj_new_int_from_uint(info.type == LFS_TYPE_DIR ? 0 : info.size),
            };
            mp_obj_list_append(list, mp_obj_new_tuple(4, t));
        }
        vfs_lfs2_check(res, path);
        nlr_pop();
    } else {
        lfs_dir_close(&self->lfs, &dir); // out of memory half way: never leave it open
        nlr_jump(nlr.ret_val);
    }
    lfs_dir_close(&self->lfs, &dir);
    return mp_getiter(list, NULL);
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_ilistdir_obj, vfs_lfs2_ilistdir);

static mp_obj_t vfs_lfs2_remove(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    vfs_lfs2_writable(self, path);
    struct lfs_info info;
    vfs_lfs2_check(lfs_stat(&self->lfs, path, &info), path);
    if (info.type == LFS_TYPE_DIR) {
        vfs_raise(MP_EISDIR, path); // os.remove is for files; os.rmdir for directories
    }
    vfs_lfs2_check(lfs_remove(&self->lfs, path), path);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_remove_obj, vfs_lfs2_remove);

static mp_obj_t vfs_lfs2_rmdir(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    vfs_lfs2_writable(self, path);
    struct lfs_info info;
    vfs_lfs2_check(lfs_stat(&self->lfs, path, &info), path);
    if (info.type != LFS_TYPE_DIR) {
        vfs_raise(MP_ENOTDIR, path);
    }
    vfs_lfs2_check(lfs_remove(&self->lfs, path), path);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_rmdir_obj, vfs_lfs2_rmdir);

static mp_obj_t vfs_lfs2_mkdir(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    vfs_lfs2_writable(self, path);
    vfs_lfs2_check(lfs_mkdir(&self->lfs, path), path);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_mkdir_obj, vfs_lfs2_mkdir);

static mp_obj_t vfs_lfs2_rename(mp_obj_t self_in, mp_obj_t old_in, mp_obj_t new_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *old_path = mp_obj_str_get_str(old_in);
    const char *new_path = mp_obj_str_get_str(new_in);
    vfs_lfs2_writable(self, new_path);
    size_t n = strlen(old_path);
    if (strncmp(new_path, old_path, n) == 0 && new_path[n] == '/') {
        // into itself: littlefs would move the folder under its own child, out
        // of the tree (found by tests/fuzz/wasi_files.py on mps2_an385); POSIX: EINVAL
        vfs_raise(MP_EINVAL, new_path);
    }
    vfs_lfs2_check(lfs_rename(&self->lfs, old_path, new_path), old_path);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_3(vfs_lfs2_rename_obj, vfs_lfs2_rename);

static mp_obj_t vfs_lfs2_chdir(mp_obj_t self_in, mp_obj_t path_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    struct lfs_info info;
    vfs_lfs2_check(lfs_stat(&self->lfs, path, &info), path);
    if (info.type != LFS_TYPE_DIR) {
        vfs_raise(MP_ENOTDIR, path);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(vfs_lfs2_chdir_obj, vfs_lfs2_chdir);

static mp_obj_t vfs_lfs2_open(mp_obj_t self_in, mp_obj_t path_in, mp_obj_t mode_in) {
    vfs_lfs2_obj_t *self = vfs_lfs2_get(self_in);
    const char *path = mp_obj_str_get_str(path_in);
    const char *mode = mp_obj_str_get_str(mode_in);
    // r: read; w: write, truncate or create; a: append or create; x: create a
    // new file only; +: read and write; b: bytes; t: text (the default).
    char kind = 0;
    bool plus = false, text = true;
    for (const char *m = mode; *m; m++) {
        switch (*m) {
            case 'r':
            case 'w':
            case 'a':
            case 'x':
                if (kind) {
                    goto bad_mode;
                }
                kind = *m;
                break;
            case '+':
                plus = true;
                break;
            case 'b':
                text = false;
                break;
            case 't':
                text = true;
                break;
            default:
                goto bad_mode;
        }
    }
    if (!kind) {
        kind = 'r';
    }
    int flags;
    switch (kind) {
        case 'r':
            flags = LFS_O_RDONLY;
            break;
        case 'w':
            flags = LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC;
            break;
        case 'a':
            flags = LFS_O_WRONLY | LFS_O_CREAT | LFS_O_APPEND;
            break;
        default:
            flags = LFS_O_WRONLY | LFS_O_CREAT | LFS_O_EXCL;
            break;
    }
    if (plus) {
        flags = (flags & ~(LFS_O_RDONLY | LFS_O_WRONLY)) | LFS_O_RDWR;
    }
    if (kind != 'r' || plus) {
        vfs_lfs2_writable(self, path);
    }
    vfs_lfs2_file_obj_t *file = mp_obj_malloc_with_finaliser(vfs_lfs2_file_obj_t,
        text ? &vfs_lfs2_file_text_type : &vfs_lfs2_file_binary_type);
    file->vfs = self;
    file->open = false;
    memset(&file->config, 0, sizeof(file->config));
    file->config.buffer = file->cache;
    vfs_lfs2_check(lfs_file_opencfg(&self->lfs, &file->file, path, flags, &file->config), path);
    file->open = true;
    return MP_OBJ_FROM_PTR(file);

bad_mode:
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("open: bad mode '%s' (r, w, a or x, then + b t)"), mode);
}
static MP_DEFINE_CONST_FUN_OBJ_3(vfs_lfs2_open_obj, vfs_lfs2_open);

static void vfs_lfs2_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    vfs_lfs2_obj_t *self = MP_OBJ_TO_PTR(self_in);
    // one word: mpremote's df prints it in a column
    mp_printf(print, "<VfsLfs2:%ux%u%s>", (unsigned)self->config.block_count,
        (unsigned)self->config.block_size, self->native ? ":Storage" : "");
}

static const mp_rom_map_elem_t vfs_lfs2_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_mkfs), MP_ROM_PTR(&vfs_lfs2_mkfs_obj) },
    { MP_ROM_QSTR(MP_QSTR_mount), MP_ROM_PTR(&vfs_lfs2_mount_obj) },
    { MP_ROM_QSTR(MP_QSTR_umount), MP_ROM_PTR(&vfs_lfs2_umount_obj) },
    { MP_ROM_QSTR(MP_QSTR_open), MP_ROM_PTR(&vfs_lfs2_open_obj) },
    { MP_ROM_QSTR(MP_QSTR_ilistdir), MP_ROM_PTR(&vfs_lfs2_ilistdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_stat), MP_ROM_PTR(&vfs_lfs2_stat_obj) },
    { MP_ROM_QSTR(MP_QSTR_statvfs), MP_ROM_PTR(&vfs_lfs2_statvfs_obj) },
    { MP_ROM_QSTR(MP_QSTR_remove), MP_ROM_PTR(&vfs_lfs2_remove_obj) },
    { MP_ROM_QSTR(MP_QSTR_rename), MP_ROM_PTR(&vfs_lfs2_rename_obj) },
    { MP_ROM_QSTR(MP_QSTR_mkdir), MP_ROM_PTR(&vfs_lfs2_mkdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_rmdir), MP_ROM_PTR(&vfs_lfs2_rmdir_obj) },
    { MP_ROM_QSTR(MP_QSTR_chdir), MP_ROM_PTR(&vfs_lfs2_chdir_obj) },
};
static MP_DEFINE_CONST_DICT(vfs_lfs2_locals, vfs_lfs2_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(
    vfs_lfs2_type,
    MP_QSTR_VfsLfs2,
    MP_TYPE_FLAG_NONE,
    make_new, vfs_lfs2_make_new,
    print, vfs_lfs2_print,
    locals_dict, &vfs_lfs2_locals
    );

// --- files ---------------------------------------------------------------------------

static vfs_lfs2_file_obj_t *vfs_lfs2_file_get(mp_obj_t self_in) {
    vfs_lfs2_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->open) {
        mp_raise_ValueError(MP_ERROR_TEXT("I/O operation on closed file"));
    }
    return self;
}

static mp_uint_t vfs_lfs2_file_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    vfs_lfs2_file_obj_t *self = vfs_lfs2_file_get(self_in);
    lfs_ssize_t n = lfs_file_read(&self->vfs->lfs, &self->file, buf, size);
    if (n < 0) {
        *errcode = vfs_lfs2_errno(n);
        return MP_STREAM_ERROR;
    }
    return n;
}

static mp_uint_t vfs_lfs2_file_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    vfs_lfs2_file_obj_t *self = vfs_lfs2_file_get(self_in);
    lfs_ssize_t n = lfs_file_write(&self->vfs->lfs, &self->file, buf, size);
    if (n < 0) {
        *errcode = vfs_lfs2_errno(n);
        return MP_STREAM_ERROR;
    }
    return n;
}

static mp_uint_t vfs_lfs2_file_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    vfs_lfs2_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (request == MP_STREAM_CLOSE) {
        if (self->open) {
            self->open = false;
            if (self->vfs->mounted) {
                int err = lfs_file_close(&self->vfs->lfs, &self->file);
                if (err < 0) {
                    *errcode = vfs_lfs2_errno(err); // the data did not all reach the storage
                    return MP_STREAM_ERROR;
                }
            }
        }
        return 0;
    }
    if (!self->open) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    int err = 0;
    switch (request) {
        case MP_STREAM_SEEK: {
            struct mp_stream_seek_t *s = (struct mp_stream_seek_t *)arg;
            int whence = s->whence == 0 ? LFS_SEEK_SET : s->whence == 1 ? LFS_SEEK_CUR : LFS_SEEK_END;
            lfs_soff_t pos = lfs_file_seek(&self->vfs->lfs, &self->file, s->offset, whence);
            if (pos < 0) {
                err = pos;
                break;
            }
            s->offset = pos;
            return 0;
        }
        case MP_STREAM_FLUSH:
            err = lfs_file_sync(&self->vfs->lfs, &self->file);
            break;
        case MP_STREAM_POLL:
            return arg & (MP_STREAM_POLL_RD | MP_STREAM_POLL_WR);
        default:
            *errcode = MP_EINVAL;
            return MP_STREAM_ERROR;
    }
    if (err < 0) {
        *errcode = vfs_lfs2_errno(err);
        return MP_STREAM_ERROR;
    }
    return 0;
}

// truncate([size]): the file cut or grown with zeros to size (by default the
// position), which stays where it was (littlefs's lfs_file_truncate); the new
// size, as CPython's io. A file not open for writing: OSError(EINVAL), as
// Linux's ftruncate (littlefs only asserts it, and its asserts are off here).
static mp_obj_t vfs_lfs2_file_truncate(size_t n_args, const mp_obj_t *args) {
    vfs_lfs2_file_obj_t *self = vfs_lfs2_file_get(args[0]);
    mp_int_t size = n_args > 1 ? mp_obj_get_int(args[1]) : lfs_file_tell(&self->vfs->lfs, &self->file);
    int err = (self->file.flags & LFS_O_WRONLY) != LFS_O_WRONLY || size < 0 ? LFS_ERR_INVAL
        : lfs_file_truncate(&self->vfs->lfs, &self->file, (lfs_off_t)size);
    if (err < 0) {
        mp_raise_OSError(vfs_lfs2_errno(err));
    }
    return mp_obj_new_int(size);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(vfs_lfs2_file_truncate_obj, 1, 2, vfs_lfs2_file_truncate);

static void vfs_lfs2_file_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    vfs_lfs2_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<%s %s>", mp_obj_get_type_str(self_in), self->open ? "open" : "closed");
}

static const mp_rom_map_elem_t vfs_lfs2_file_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_readlines), MP_ROM_PTR(&mp_stream_unbuffered_readlines_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
    { MP_ROM_QSTR(MP_QSTR_truncate), MP_ROM_PTR(&vfs_lfs2_file_truncate_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR_seek), MP_ROM_PTR(&mp_stream_seek_obj) },
    { MP_ROM_QSTR(MP_QSTR_tell), MP_ROM_PTR(&mp_stream_tell_obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&mp_identity_obj) },
    { MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&mp_stream___exit___obj) },
};
static MP_DEFINE_CONST_DICT(vfs_lfs2_file_locals, vfs_lfs2_file_locals_table);

static const mp_stream_p_t vfs_lfs2_file_binary_stream = {
    .read = vfs_lfs2_file_read,
    .write = vfs_lfs2_file_write,
    .ioctl = vfs_lfs2_file_ioctl,
};

static const mp_stream_p_t vfs_lfs2_file_text_stream = {
    .read = vfs_lfs2_file_read,
    .write = vfs_lfs2_file_write,
    .ioctl = vfs_lfs2_file_ioctl,
    .is_text = true,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    vfs_lfs2_file_binary_type,
    MP_QSTR_FileIO,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, vfs_lfs2_file_print,
    protocol, &vfs_lfs2_file_binary_stream,
    locals_dict, &vfs_lfs2_file_locals
    );

static MP_DEFINE_CONST_OBJ_TYPE(
    vfs_lfs2_file_text_type,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, vfs_lfs2_file_print,
    protocol, &vfs_lfs2_file_text_stream,
    locals_dict, &vfs_lfs2_file_locals
    );
