// SPDX-License-Identifier: MIT
// wasi_shim.h: the part of WASI preview1 the bench runners give whole
// programs (bench/programs), the same code for our engine
// (runner_mw_wasi.c) and for wasm3 (runner_wasm3_wasi.c), so both run a
// program in exactly the same world. Header-only, engine-agnostic: each
// function takes the instance's linear memory (base, size) and the call's
// arguments widened to 64 bits, and returns a WASI errno.
//
// The world: argv from the command line, no environment, stdout captured in
// a buffer (hashed and compared across engines by bench/run.py), stderr
// passed through, stdin at end of file, no files (no preopens), a deterministic
// clock and a deterministic random_get: a program that reads the time (Lua's
// os.clock, Duktape's Date) runs the same path in every run and engine, so
// callgrind counts repeat exactly. MicroPython's wasm.WASI (modwasm) is the product;
// this is only the bench's harness, kept small.
#ifndef BENCH_WASI_SHIM_H
#define BENCH_WASI_SHIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// errno values (witx)
#define SHIM_ESUCCESS 0
#define SHIM_EBADF 8
#define SHIM_EFAULT 21
#define SHIM_EINVAL 28
#define SHIM_ENOSYS 52
#define SHIM_ESPIPE 70

// The clock starts at 2024-01-01 00:00:00 UTC and advances 1 us per reading:
// it never stands still (a program waiting for time to pass still ends) and
// never depends on the host.
#define SHIM_CLOCK_START_NS 1704067200000000000ull
#define SHIM_CLOCK_STEP_NS 1000u

typedef struct shim_wasi {
    int argc;
    char **argv;
    uint8_t *out;           // captured stdout
    size_t out_len, out_cap;
    bool exited;
    int32_t exit_code;
    uint32_t rng;
    uint64_t clock_ns;      // the deterministic clock's next reading
} shim_wasi;

typedef struct shim_mem {
    uint8_t *base;
    uint64_t size;
} shim_mem;

// The one overflow-safe bounds check: NULL unless [addr, addr+len) is in memory.
static inline uint8_t *shim_ptr(shim_mem m, uint64_t addr, uint64_t len) {
    if (addr > m.size || len > m.size - addr) {
        return NULL;
    }
    return m.base + addr;
}

static inline uint32_t shim_get32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void shim_put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void shim_put64(uint8_t *p, uint64_t v) {
    shim_put32(p, (uint32_t)v);
    shim_put32(p + 4, (uint32_t)(v >> 32));
}

static inline void shim_reset(shim_wasi *w) {
    w->out_len = 0;
    w->exited = false;
    w->exit_code = 0;
    w->rng = 0x9e3779b9u;
    w->clock_ns = SHIM_CLOCK_START_NS;
}

typedef uint32_t (*shim_fn)(shim_wasi *w, shim_mem m, const uint64_t *a);

static uint32_t shim_args_sizes_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    uint8_t *pc = shim_ptr(m, a[0], 4), *ps = shim_ptr(m, a[1], 4);
    if (pc == NULL || ps == NULL) {
        return SHIM_EFAULT;
    }
    uint32_t size = 0;
    for (int i = 0; i < w->argc; i++) {
        size += (uint32_t)strlen(w->argv[i]) + 1;
    }
    shim_put32(pc, (uint32_t)w->argc);
    shim_put32(ps, size);
    return SHIM_ESUCCESS;
}

static uint32_t shim_args_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    uint64_t vec = a[0], buf = a[1];
    for (int i = 0; i < w->argc; i++) {
        size_t len = strlen(w->argv[i]) + 1;
        uint8_t *pv = shim_ptr(m, vec + 4 * (uint64_t)i, 4), *pb = shim_ptr(m, buf, len);
        if (pv == NULL || pb == NULL) {
            return SHIM_EFAULT;
        }
        shim_put32(pv, (uint32_t)buf);
        memcpy(pb, w->argv[i], len);
        buf += len;
    }
    return SHIM_ESUCCESS;
}

static uint32_t shim_environ_sizes_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w;
    uint8_t *pc = shim_ptr(m, a[0], 4), *ps = shim_ptr(m, a[1], 4);
    if (pc == NULL || ps == NULL) {
        return SHIM_EFAULT;
    }
    shim_put32(pc, 0);
    shim_put32(ps, 0);
    return SHIM_ESUCCESS;
}

static uint32_t shim_environ_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w, (void)m, (void)a;
    return SHIM_ESUCCESS;
}

static uint32_t shim_fd_write(shim_wasi *w, shim_mem m, const uint64_t *a) {
    uint32_t fd = (uint32_t)a[0];
    if (fd != 1 && fd != 2) {
        return SHIM_EBADF;
    }
    uint8_t *iov = shim_ptr(m, a[1], a[2] * 8), *pn = shim_ptr(m, a[3], 4);
    if (iov == NULL || pn == NULL) {
        return SHIM_EFAULT;
    }
    uint32_t done = 0;
    for (uint64_t i = 0; i < a[2]; i++) {
        uint32_t len = shim_get32(iov + 8 * i + 4);
        uint8_t *buf = shim_ptr(m, shim_get32(iov + 8 * i), len);
        if (buf == NULL) {
            return SHIM_EFAULT;
        }
        if (fd == 2) {
            fwrite(buf, 1, len, stderr);
        } else {
            if (w->out_len + len > w->out_cap) {
                size_t cap = (w->out_len + len) * 2 + 4096;
                uint8_t *nb = realloc(w->out, cap);
                if (nb == NULL) {
                    return SHIM_EFAULT;
                }
                w->out = nb;
                w->out_cap = cap;
            }
            memcpy(w->out + w->out_len, buf, len);
            w->out_len += len;
        }
        done += len;
    }
    shim_put32(pn, done);
    return SHIM_ESUCCESS;
}

static uint32_t shim_fd_read(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w;
    if (a[0] != 0) {
        return SHIM_EBADF;
    }
    uint8_t *pn = shim_ptr(m, a[3], 4);
    if (pn == NULL) {
        return SHIM_EFAULT;
    }
    shim_put32(pn, 0);   // end of file
    return SHIM_ESUCCESS;
}

static uint32_t shim_fd_fdstat_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w;
    if (a[0] > 2) {
        return SHIM_EBADF;
    }
    uint8_t *st = shim_ptr(m, a[1], 24);
    if (st == NULL) {
        return SHIM_EFAULT;
    }
    memset(st, 0, 24);
    st[0] = 2;   // filetype: character device
    shim_put64(st + 8, a[0] == 0 ? 2 : 64);   // rights: fd_read or fd_write
    return SHIM_ESUCCESS;
}

static uint32_t shim_fd_close(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w, (void)m;
    return a[0] <= 2 ? SHIM_ESUCCESS : SHIM_EBADF;
}

static uint32_t shim_fd_seek(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w, (void)m;
    return a[0] <= 2 ? SHIM_ESPIPE : SHIM_EBADF;
}

static uint32_t shim_badf(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w, (void)m, (void)a;
    return SHIM_EBADF;
}

static uint32_t shim_nosys(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w, (void)m, (void)a;
    return SHIM_ENOSYS;
}

static uint32_t shim_ok(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w, (void)m, (void)a;
    return SHIM_ESUCCESS;
}

static uint32_t shim_clock_res_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)w;
    uint8_t *p = shim_ptr(m, a[1], 8);
    if (p == NULL) {
        return SHIM_EFAULT;
    }
    shim_put64(p, SHIM_CLOCK_STEP_NS);
    return SHIM_ESUCCESS;
}

static uint32_t shim_clock_time_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    uint8_t *p = shim_ptr(m, a[2], 8);
    if (p == NULL) {
        return SHIM_EFAULT;
    }
    if (a[0] > 3) {
        return SHIM_EINVAL;
    }
    shim_put64(p, w->clock_ns);
    w->clock_ns += SHIM_CLOCK_STEP_NS;
    return SHIM_ESUCCESS;
}

static uint32_t shim_random_get(shim_wasi *w, shim_mem m, const uint64_t *a) {
    uint8_t *p = shim_ptr(m, a[0], a[1]);
    if (p == NULL) {
        return SHIM_EFAULT;
    }
    for (uint64_t i = 0; i < a[1]; i++) {
        uint32_t x = w->rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        w->rng = x;
        p[i] = (uint8_t)x;
    }
    return SHIM_ESUCCESS;
}

static uint32_t shim_proc_exit(shim_wasi *w, shim_mem m, const uint64_t *a) {
    (void)m;
    w->exited = true;
    w->exit_code = (int32_t)(uint32_t)a[0];
    return SHIM_ESUCCESS;
}

// Every preview1 function with its signature in wasm3's notation (i = i32,
// I = i64, v = no result): the ones above do something, the rest answer
// EBADF (fd_*) or ENOSYS.
typedef struct shim_entry {
    const char *name;
    const char *sig;
    shim_fn fn;
} shim_entry;

static const shim_entry shim_table[] = {
    { "args_get", "i(ii)", shim_args_get },
    { "args_sizes_get", "i(ii)", shim_args_sizes_get },
    { "environ_get", "i(ii)", shim_environ_get },
    { "environ_sizes_get", "i(ii)", shim_environ_sizes_get },
    { "clock_res_get", "i(ii)", shim_clock_res_get },
    { "clock_time_get", "i(iIi)", shim_clock_time_get },
    { "fd_advise", "i(iIIi)", shim_badf },
    { "fd_allocate", "i(iII)", shim_badf },
    { "fd_close", "i(i)", shim_fd_close },
    { "fd_datasync", "i(i)", shim_badf },
    { "fd_fdstat_get", "i(ii)", shim_fd_fdstat_get },
    { "fd_fdstat_set_flags", "i(ii)", shim_badf },
    { "fd_fdstat_set_rights", "i(iII)", shim_badf },
    { "fd_filestat_get", "i(ii)", shim_badf },
    { "fd_filestat_set_size", "i(iI)", shim_badf },
    { "fd_filestat_set_times", "i(iIIi)", shim_badf },
    { "fd_pread", "i(iiiIi)", shim_badf },
    { "fd_prestat_get", "i(ii)", shim_badf },
    { "fd_prestat_dir_name", "i(iii)", shim_badf },
    { "fd_pwrite", "i(iiiIi)", shim_badf },
    { "fd_read", "i(iiii)", shim_fd_read },
    { "fd_readdir", "i(iiiIi)", shim_badf },
    { "fd_renumber", "i(ii)", shim_badf },
    { "fd_seek", "i(iIii)", shim_fd_seek },
    { "fd_sync", "i(i)", shim_badf },
    { "fd_tell", "i(ii)", shim_fd_seek },
    { "fd_write", "i(iiii)", shim_fd_write },
    { "path_create_directory", "i(iii)", shim_nosys },
    { "path_filestat_get", "i(iiiii)", shim_nosys },
    { "path_filestat_set_times", "i(iiiiIIi)", shim_nosys },
    { "path_link", "i(iiiiiii)", shim_nosys },
    { "path_open", "i(iiiiiIIii)", shim_nosys },
    { "path_readlink", "i(iiiiii)", shim_nosys },
    { "path_remove_directory", "i(iii)", shim_nosys },
    { "path_rename", "i(iiiiii)", shim_nosys },
    { "path_symlink", "i(iiiii)", shim_nosys },
    { "path_unlink_file", "i(iii)", shim_nosys },
    { "poll_oneoff", "i(iiii)", shim_nosys },
    { "proc_exit", "v(i)", shim_proc_exit },
    { "proc_raise", "i(i)", shim_nosys },
    { "sched_yield", "i()", shim_ok },
    { "random_get", "i(ii)", shim_random_get },
    { "sock_accept", "i(iii)", shim_nosys },
    { "sock_recv", "i(iiiiii)", shim_nosys },
    { "sock_send", "i(iiiii)", shim_nosys },
    { "sock_shutdown", "i(ii)", shim_nosys },
};
#define SHIM_COUNT (sizeof(shim_table) / sizeof(shim_table[0]))

static inline const shim_entry *shim_find(const char *name, size_t len) {
    for (size_t i = 0; i < SHIM_COUNT; i++) {
        if (strlen(shim_table[i].name) == len && memcmp(shim_table[i].name, name, len) == 0) {
            return &shim_table[i];
        }
    }
    return NULL;
}

// 32-bit FNV-1a of the captured stdout: the run's checksum across engines.
static inline uint32_t shim_out_hash(const shim_wasi *w) {
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < w->out_len; i++) {
        h = (h ^ w->out[i]) * 0x01000193u;
    }
    return h;
}

// Where runners write the first run's stdout (for bench/run.py to show and
// compare): `path` "-" means nowhere.
static inline void shim_save_out(const shim_wasi *w, const char *path) {
    if (strcmp(path, "-") == 0) {
        return;
    }
    FILE *f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(w->out, 1, w->out_len, f);
        fclose(f);
    }
}

#endif // BENCH_WASI_SHIM_H
