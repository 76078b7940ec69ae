// SPDX-License-Identifier: MIT
// mpwasm's virtual filesystem: a mount table of filesystem objects, the `os`
// and `vfs` modules, open(), and imports from files.
//
// A filesystem is any object with the VFS protocol's methods: mount(readonly,
// mkfs), umount(), open(path, mode), ilistdir(path), stat(path), statvfs(path),
// remove(path), rename(old, new), mkdir(path), rmdir(path), chdir(path). The
// native one is vfs.VfsLfs2 (littlefs, vfs_lfs.c); a Python class works too,
// which is what `mpremote mount` pushes to the board. Paths handed to a
// filesystem are always absolute within it ("/", "/dir/file").
#ifndef MPWASM_VFS_H
#define MPWASM_VFS_H

#include "py/obj.h"

// Stat modes (the `st_mode` of os.stat) and ilistdir types.
#define VFS_S_IFDIR (0x4000)
#define VFS_S_IFREG (0x8000)

// At every (soft) boot after mp_init(): an empty mount table, cwd "/",
// and "/lib" on sys.path.
void vfs_init(void);

// Mount `fs` at `path` (as os.mount does). Raises OSError on failure.
void vfs_mount(mp_obj_t fs, const char *path, bool readonly, bool mkfs);

// Before a soft reset frees the heap: unmount everything, which closes the
// files still open on native filesystems (their data reaches the storage).
void vfs_umount_all(void);

// os.stat(path)[0] through the mount table; 0 when the path does not exist.
mp_uint_t vfs_stat_mode(const char *path);

// Raise OSError(errno) naming `path`.
NORETURN void vfs_raise(int errno_, const char *path);

// The littlefs filesystem type and the board's storage block device.
extern const mp_obj_type_t vfs_lfs2_type;
extern const mp_obj_type_t vfs_storage_type;
extern const mp_obj_base_t vfs_storage_obj;

#endif // MPWASM_VFS_H
