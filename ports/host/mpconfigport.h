// SPDX-License-Identifier: MIT
// MicroPython configuration of the host (Linux x86-64) port: the same core
// and user C modules as the firmware, for fast tests.
#include "ports/common/mpconfigcommon.h"

#define MICROPY_READER_POSIX                    (1)
#define MICROPY_ENABLE_EXTERNAL_IMPORT          (1)
#define MICROPY_PY_SYS_ARGV                     (1)
#define MICROPY_PY_SYS_PLATFORM                 "linux"
#define MICROPY_HW_BOARD_NAME                   "host"
#define MICROPY_HW_MCU_NAME                     "x86-64"
#define MICROPY_STACK_CHECK                     (1)
#define MICROPY_ALLOC_PATH_MAX                  (4096)
// WASI programs' stdout is their bytes exactly (no "\n" -> "\r\n"): piped or
// redirected output equals the same program's native build's (docs/wasi.md).
#define MICROPY_PY_WASM_WASI_RAW_STDIO          (1)
// WASI file times over this port's os.utime and os.stat (ports/host/modos.c)
#define MICROPY_PY_WASM_WASI_TIMES              (1)
// WASI's file fds are this port's POSIX descriptors (file.fileno(), os.stat
// and os.utime of one: fstat, futimens)
#define MICROPY_PY_WASM_WASI_POSIX_FILES        (1)

// make host WASM=natmod: no built-in `wasm`; native .mpy modules load (x64).
#if MPWASM_HOST_NATMOD
#define MICROPY_PERSISTENT_CODE_LOAD            (1)
#define MICROPY_EMIT_X64                        (1)
#endif

// The C stack is the process's; leave a margin for signal handlers.
#define MPWASM_HOST_STACK_LIMIT                 (1024 * 1024)
// 64 MiB: room for the spec suite's largest memories (803 pages of 64 KiB)
// beside the runner's scripts; -X heapsize=N overrides.
#define MPWASM_HOST_HEAP_DEFAULT                (64 * 1024 * 1024)

// Frozen modules are compiled by mpy-cross, which uses 16-bit MPZ digits.
#define MPZ_DIG_SIZE                            (16)

typedef long mp_off_t;

#define MICROPY_EVENT_POLL_HOOK \
    do { \
        extern void mp_handle_pending(bool); \
        mp_handle_pending(true); \
    } while (0);

#include <alloca.h>
