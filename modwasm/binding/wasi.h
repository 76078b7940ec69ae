// SPDX-License-Identifier: MIT
// wasi.h: what the two files of wasm.WASI share (internal to modwasm/binding/).
// wasi.c: the object, stdio, args and environment, clocks, poll, random,
// proc_exit, and the glue (the function table, host function context,
// resolution, binding); wasi_files.c: files under preopened directories
// (paths, path_open, fds of files and directories, readdir, the littlefs
// flushes). What the rest of the binding sees of WASI is in binding.h.
#ifndef MODWASM_WASI_H
#define MODWASM_WASI_H

#include <string.h>

#include "binding.h"

// errno values (witx `errno`, a u16 returned as i32)
#define WASI_ESUCCESS (0)
#define WASI_EBADF (8)
#define WASI_EFAULT (21)
#define WASI_EINVAL (28)
#define WASI_EIO (29)
#define WASI_ENOSYS (52)
#define WASI_ENOTSUP (58)
#define WASI_ESPIPE (70)
#define WASI_EACCES (2)
#define WASI_EEXIST (20)
#define WASI_EBUSY (10)
#define WASI_EFBIG (22)
#define WASI_EILSEQ (25)
#define WASI_EISDIR (31)
#define WASI_ENAMETOOLONG (37)
#define WASI_ENOENT (44)
#define WASI_ENOSPC (51)
#define WASI_ENOTDIR (54)
#define WASI_ENOTEMPTY (55)
#define WASI_EROFS (69)
#define WASI_ENOTCAPABLE (76)

#define WASI_FILETYPE_DIRECTORY (3)
#define WASI_FILETYPE_REGULAR_FILE (4)
// os.stat()'s st_mode bits for a directory and a regular file (POSIX's S_IFDIR,
// S_IFREG; MicroPython's VFS and the host port's os report the same)
#define MODWASI_S_IFDIR (0x4000)
#define MODWASI_S_IFREG (0x8000)
#define WASI_OFLAGS_CREAT (1)
#define WASI_OFLAGS_DIRECTORY (2)
#define WASI_OFLAGS_EXCL (4)
#define WASI_OFLAGS_TRUNC (8)
#define WASI_FDFLAGS_APPEND (1)
#define WASI_FDFLAGS_DSYNC (2)
#define WASI_FDFLAGS_NONBLOCK (4)
#define WASI_FDFLAGS_RSYNC (8)
#define WASI_FDFLAGS_SYNC (16)
#define WASI_FSTFLAGS_ATIM (1)
#define WASI_FSTFLAGS_ATIM_NOW (2)
#define WASI_FSTFLAGS_MTIM (4)
#define WASI_FSTFLAGS_MTIM_NOW (8)
#define WASI_FILESTAT_SIZE (64)  // dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim, mtim, ctim
#define WASI_DIRENT_SIZE (24)    // d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20
#define MODWASI_MAX_FDS (16)     // 0-2 stdio, then preopens, then open files and directories

#define WASI_RIGHTS_FD_READ (1u << 1)
#define WASI_RIGHTS_FD_WRITE (1u << 6)

typedef struct _modwasi_obj_t {
    mp_obj_base_t base;
    mp_obj_t args;            // tuple of str: argv, argv[0] being the program name
    mp_obj_t env;             // tuple of str "KEY=value"
    mp_obj_t out[2];          // stdout, stderr: objects with write(), or None (the console)
    mp_obj_t preopens;        // tuple of (guest name, host directory) str pairs
} modwasi_obj_t;

// An open fd above 2: a preopened or opened directory (host path), or a file.
typedef struct _modwasi_fd_t {
    mp_obj_t path;            // host path (str); MP_OBJ_NULL: a free slot
    mp_obj_t file;            // the file object, or MP_OBJ_NULL for a directory
    mp_obj_t guest;           // a preopen's guest name (str), else MP_OBJ_NULL
    #if MICROPY_PY_WASM_WASI_POSIX_FILES
    mp_obj_t dir;             // an opened directory's open() on the host, else MP_OBJ_NULL
    mp_obj_t no;              // the fileno() of `file` or `dir` (a small int), else MP_OBJ_NULL
    #endif
    uint8_t rw;               // a file's access: MODWASI_RD | MODWASI_WR, and MODWASI_SHARED, MODWASI_DIRTY
    uint8_t fdflags;          // its WASI fdflags as opened or set: APPEND, NONBLOCK (a file never blocks: fd_fdstat_get says it)
} modwasi_fd_t;

#define MODWASI_RD (1)
#define MODWASI_WR (2)
#define MODWASI_SHARED (4)        // its file was open on another fd too when it or that one was opened
#define MODWASI_DIRTY (8)         // written since its last flush

// Per-instance state: the host functions' context.
typedef struct _modwasi_ctx_t {
    modwasi_obj_t *wasi;
    mw_runtime *rt;
    mw_memory *mem;           // the instance's exported "memory"; NULL before bind
    modwasi_fd_t fds[MODWASI_MAX_FDS];   // [0..2] unused (stdio)
    uint8_t std_closed;       // bit n: the guest closed standard stream n (0-2): BADF from then on
    bool dirty;               // a file fd is MODWASI_DIRTY
} modwasi_ctx_t;

// Every preview1 function: returns a WASI errno; a[] are the wasm params.
typedef uint32_t (*modwasi_fn)(modwasi_ctx_t *c, const mw_val *a);

// The open file or directory fd `fd` (above 2), or NULL. Inline in both files
// (out of line, called across them, wasm.mpy grew by 16 B).
static inline modwasi_fd_t *modwasi_fd(modwasi_ctx_t *c, uint32_t fd) {
    return fd > 2 && fd < MODWASI_MAX_FDS && c->fds[fd].path != MP_OBJ_NULL ? &c->fds[fd] : NULL;
}

// Guest memory is little-endian, as are all targets of the engine (mw.h).
static inline uint32_t modwasi_get32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline void modwasi_put32(uint8_t *p, uint32_t v) {
    memcpy(p, &v, 4);
}

static inline void modwasi_put64(uint8_t *p, uint64_t v) {
    memcpy(p, &v, 8);
}

// ---- wasi.c --------------------------------------------------------------------------------

// os.<name>(args...); OSError if the port has no os module.
mp_obj_t modwasi_os_call(qstr name, size_t n, const mp_obj_t *args);

#if MICROPY_PY_WASM_WASI_TIMES
// The WASI clock `id` (REALTIME 0, MONOTONIC 1, ...) in ns.
uint64_t modwasi_clock_ns(uint32_t id);
#endif

// Guest memory: a native pointer to [app_addr, app_addr + len), NULL (-> EFAULT)
// if outside it (_w: or not writable); taken again after any Python code.
uint8_t *modwasi_native(modwasi_ctx_t *c, uint32_t app_addr, uint64_t len);
uint8_t *modwasi_native_w(modwasi_ctx_t *c, uint32_t app_addr, uint64_t len);
// iovec i of fd_read / fd_write's array; the count written back through
// app_addr; the arguments of fd_read and fd_write checked (EFAULT or success).
const uint8_t *modwasi_iov(modwasi_ctx_t *c, const mw_val *a, uint32_t i);
uint32_t modwasi_put_count(modwasi_ctx_t *c, uint32_t app_addr, uint32_t v);
uint32_t modwasi_io_args(modwasi_ctx_t *c, const mw_val *a, bool read);

// ---- wasi_files.c ---------------------------------------------------------------------------

// fd_read / fd_write (write) on a file fd; fd_seek / fd_tell on one.
uint32_t modwasi_file_rw(modwasi_ctx_t *c, modwasi_fd_t *f, const mw_val *a, bool write);
uint32_t modwasi_file_seek(modwasi_ctx_t *c, modwasi_fd_t *f, int64_t off, uint32_t whence, uint32_t out);
// Every file written since its last flush, flushed (before each call but fd_write).
void modwasi_flush_dirty(modwasi_ctx_t *c);

// The preview1 functions on files, directories and paths (rows of wasi.c's table).
uint32_t modwasi_fd_prestat_get(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_prestat_dir_name(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_open(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_pread(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_pwrite(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_close(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_filestat_get(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_filestat_get(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_create_directory(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_remove_directory(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_unlink_file(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_rename(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_readdir(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_sync(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_filestat_set_size(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_fdstat_set_flags(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_fd_allocate(modwasi_ctx_t *c, const mw_val *a);
#if MICROPY_PY_WASM_WASI_TIMES
uint32_t modwasi_fd_filestat_set_times(modwasi_ctx_t *c, const mw_val *a);
uint32_t modwasi_path_filestat_set_times(modwasi_ctx_t *c, const mw_val *a);
#endif

#endif // MODWASM_WASI_H
