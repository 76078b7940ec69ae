// SPDX-License-Identifier: MIT
// open() for the host port: binary and text files over POSIX file descriptors.
// (MicroPython's VFS lives in extmod/, which we do not have.)

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "py/builtin.h"
#include "py/mperrno.h"
#include "py/runtime.h"
#include "py/stream.h"

typedef struct _host_file_obj_t {
    mp_obj_base_t base;
    int fd;
} host_file_obj_t;

static const mp_obj_type_t host_file_type_binary;
static const mp_obj_type_t host_file_type_text;

static void host_file_check_open(host_file_obj_t *self) {
    if (self->fd < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("I/O operation on closed file"));
    }
}

static mp_uint_t host_file_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    host_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    host_file_check_open(self);
    ssize_t n;
    do {
        n = read(self->fd, buf, size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        *errcode = errno;
        return MP_STREAM_ERROR;
    }
    return n;
}

static mp_uint_t host_file_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    host_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    host_file_check_open(self);
    ssize_t n;
    do {
        n = write(self->fd, buf, size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        *errcode = errno;
        return MP_STREAM_ERROR;
    }
    return n;
}

static mp_uint_t host_file_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    host_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (request == MP_STREAM_CLOSE) {
        if (self->fd >= 0) {
            close(self->fd);
            self->fd = -1;
        }
        return 0;
    }
    host_file_check_open(self);
    if (request == MP_STREAM_SEEK) {
        struct mp_stream_seek_t *s = (struct mp_stream_seek_t *)arg;
        off_t off = lseek(self->fd, s->offset, s->whence);
        if (off < 0) {
            *errcode = errno;
            return MP_STREAM_ERROR;
        }
        s->offset = off;
        return 0;
    }
    if (request == MP_STREAM_FLUSH) {
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

static mp_obj_t host_file___exit__(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    return mp_stream_close(args[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(host_file___exit___obj, 4, 4, host_file___exit__);

// truncate([size]): the file cut or grown with zeros to size (by default the
// position), which stays where it was; the new size, as CPython's io. A file
// not open for writing: OSError(EINVAL), as Linux's ftruncate.
static mp_obj_t host_file_truncate(size_t n_args, const mp_obj_t *args) {
    host_file_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    host_file_check_open(self);
    off_t size = n_args > 1 ? (off_t)mp_obj_get_int(args[1]) : lseek(self->fd, 0, SEEK_CUR);
    int r;
    do {
        r = ftruncate(self->fd, size);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        mp_raise_OSError(errno);
    }
    return mp_obj_new_int_from_ll(size);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(host_file_truncate_obj, 1, 2, host_file_truncate);

// fileno(): the file's descriptor, as CPython's (os.stat and os.utime take
// it: WASI's fd_filestat_get and fd_filestat_set_times of an open file).
static mp_obj_t host_file_fileno(mp_obj_t self_in) {
    host_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    host_file_check_open(self);
    return MP_OBJ_NEW_SMALL_INT(self->fd);
}
static MP_DEFINE_CONST_FUN_OBJ_1(host_file_fileno_obj, host_file_fileno);

static void host_file_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    host_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<io.%s %d>", mp_obj_get_type_str(self_in), self->fd);
}

static const mp_rom_map_elem_t host_file_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_seek), MP_ROM_PTR(&mp_stream_seek_obj) },
    { MP_ROM_QSTR(MP_QSTR_tell), MP_ROM_PTR(&mp_stream_tell_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
    { MP_ROM_QSTR(MP_QSTR_truncate), MP_ROM_PTR(&host_file_truncate_obj) },
    { MP_ROM_QSTR(MP_QSTR_fileno), MP_ROM_PTR(&host_file_fileno_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&mp_identity_obj) },
    { MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&host_file___exit___obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&mp_stream_close_obj) },
};
static MP_DEFINE_CONST_DICT(host_file_locals_dict, host_file_locals_dict_table);

static const mp_stream_p_t host_file_stream_binary = {
    .read = host_file_read,
    .write = host_file_write,
    .ioctl = host_file_ioctl,
};

static const mp_stream_p_t host_file_stream_text = {
    .read = host_file_read,
    .write = host_file_write,
    .ioctl = host_file_ioctl,
    .is_text = true,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    host_file_type_binary,
    MP_QSTR_FileIO,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, host_file_print,
    protocol, &host_file_stream_binary,
    locals_dict, &host_file_locals_dict
    );

static MP_DEFINE_CONST_OBJ_TYPE(
    host_file_type_text,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, host_file_print,
    protocol, &host_file_stream_text,
    locals_dict, &host_file_locals_dict
    );

static mp_obj_t host_open(size_t n_args, const mp_obj_t *args) {
    const char *path = mp_obj_str_get_str(args[0]);
    const char *mode = n_args > 1 ? mp_obj_str_get_str(args[1]) : "r";
    int flags = 0;
    bool binary = false;
    for (const char *m = mode; *m; m++) {
        switch (*m) {
            case 'r':
                flags = O_RDONLY;
                break;
            case 'w':
                flags = O_WRONLY | O_CREAT | O_TRUNC;
                break;
            case 'a':
                flags = O_WRONLY | O_CREAT | O_APPEND;
                break;
            case 'x':
                flags = O_WRONLY | O_CREAT | O_EXCL;
                break;
            case '+':
                flags = (flags & ~O_ACCMODE) | O_RDWR;
                break;
            case 'b':
                binary = true;
                break;
            case 't':
                binary = false;
                break;
            default:
                mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid mode '%s'"), mode);
        }
    }
    int fd;
    do {
        fd = open(path, flags | O_CLOEXEC, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        mp_raise_OSError_with_filename(errno, path);
    }
    host_file_obj_t *f = mp_obj_malloc_with_finaliser(host_file_obj_t,
        binary ? &host_file_type_binary : &host_file_type_text);
    f->fd = fd;
    return MP_OBJ_FROM_PTR(f);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_builtin_open_obj, 1, 2, host_open);
