// SPDX-License-Identifier: MIT
// MicroPython configuration of the bare-metal Cortex-M port, shared by every
// board; what differs per board comes from the generated board_config.h.
#include "ports/common/mpconfigcommon.h"
#include "board_config.h"

#define MICROPY_HW_BOARD_NAME                   MPWASM_BOARD_NAME
#define MICROPY_HW_MCU_NAME                     MPWASM_BOARD_CPU
#define MICROPY_PY_SYS_PLATFORM                 "mpwasm"

// Frozen modules (the generated `board`) are imported through sys.path.
#define MICROPY_ENABLE_EXTERNAL_IMPORT          (1)
#define MICROPY_STACK_CHECK                     (1)
#define MICROPY_ALLOC_PATH_MAX                  (256)
// Imports read .py and .mpy files through the VFS (ports/cortexm/vfs/vfs.c: mp_reader_new_file).
#define MICROPY_READER_VFS                      (1)
#define MICROPY_PERSISTENT_CODE_LOAD            (1)
// errno names (`errno` module, OSError messages) for what the filesystem
// raises, beyond MicroPython's default list; mpremote recognises them by name.
#include <errno.h>
#define MP_ENOTEMPTY                            ENOTEMPTY
#define MP_ENAMETOOLONG                         ENAMETOOLONG
#define MICROPY_PY_ERRNO_LIST \
    X(EPERM) X(ENOENT) X(EIO) X(EBADF) X(EAGAIN) X(ENOMEM) X(EACCES) X(EEXIST) X(ENODEV) X(EISDIR) \
    X(EINVAL) X(EOPNOTSUPP) X(ETIMEDOUT) X(EALREADY) X(EINPROGRESS) \
    X(ENOTDIR) X(ENOSPC) X(EROFS) X(EXDEV) X(EBUSY) X(EFBIG) X(ENOTEMPTY) X(ENAMETOOLONG)
// Thumb-2 nlr and gc register helpers (shared/runtime/gchelper_thumb2.s).
#define MICROPY_GCREGS_SETJMP                   (0)
#define MICROPY_NLR_THUMB_USE_LONG_JUMP         (1)
#if MPWASM_FIRMWARE_NATMOD
// make firmware WASM=natmod: no built-in `wasm`; native .mpy modules load
// from the filesystem (their code runs from the GC heap, which the MPU
// leaves executable): the loader needs the arch, i.e. the Thumb emitter.
#define MICROPY_EMIT_THUMB                      (1)
// Loaded code is Thumb: a call into it needs bit 0 of the address set.
#define MICROPY_MAKE_POINTER_CALLABLE(p)        ((void *)((uintptr_t)(p) | 1))
#else
#define MICROPY_EMIT_THUMB                      (0)
#endif
#define MICROPY_EMIT_INLINE_THUMB               (0)

// The "small" profile (board.py profile="small": 256 KiB of flash, 64 KiB of
// SRAM) drops what no test or wasm feature needs: complex numbers, help
// texts, async/await, input(), the rarer builtins, str methods, math
// functions and constants (str.count too), sys.atexit/ps1/ps2/tracebacklimit, and the
// interpreter's speed-for-size caches. The engine's value stack and call depth
// shrink with it, and Module.unlower() is left out (MW_UNLOWER=0, which
// MICROPY_PY_WASM_UNLOWER follows) (BOARD_CFLAGS_PROFILE, scripts/boardcfg/generate.py).
#if MPWASM_PROFILE_SMALL
#define MICROPY_PY_BUILTINS_COMPLEX             (0)
#undef MICROPY_PY_BUILTINS_HELP
#undef MICROPY_PY_BUILTINS_HELP_MODULES
#define MICROPY_PY_BUILTINS_HELP                (0)
#define MICROPY_PY_BUILTINS_HELP_MODULES        (0)
#define MICROPY_PY_BUILTINS_FROZENSET           (0)
#define MICROPY_PY_BUILTINS_NOTIMPLEMENTED      (0)
#define MICROPY_PY_BUILTINS_ROUND_INT           (0)
#define MICROPY_PY_MATH_SPECIAL_FUNCTIONS       (0)
#define MICROPY_PY_MATH_FACTORIAL               (0)
#define MICROPY_PY_MATH_ISCLOSE                 (0)
#define MICROPY_PY_CMATH                        (0)
#define MICROPY_PY_COLLECTIONS_DEQUE            (0)
#define MICROPY_PY_COLLECTIONS_ORDEREDDICT      (0)
#define MICROPY_PY_SYS_ATEXIT                   (0)
#define MICROPY_PY_SYS_PS1_PS2                  (0)
#define MICROPY_PY_SYS_TRACEBACKLIMIT           (0)
#define MICROPY_PY_MICROPYTHON_HEAP_LOCKED      (0)
#define MICROPY_PY_BUILTINS_STR_CENTER          (0)
#define MICROPY_PY_BUILTINS_STR_PARTITION       (0)
#define MICROPY_PY_BUILTINS_STR_COUNT           (0)
#define MICROPY_PY_BUILTINS_SLICE_INDICES       (0)
#define MICROPY_PY_BUILTINS_POW3                (0)
#define MICROPY_PY_BUILTINS_INPUT               (0)
#define MICROPY_PY_BUILTINS_BYTES_HEX           (0)
#define MICROPY_PY_ASYNC_AWAIT                  (0)
#define MICROPY_PY_GENERATOR_PEND_THROW         (0)
#define MICROPY_PY_MATH_CONSTANTS               (0)
#define MICROPY_PY_BUILTINS_DICT_FROMKEYS       (0)
#define MICROPY_PY_BUILTINS_SLICE_ATTRS         (0)
#define MICROPY_PY_BUILTINS_RANGE_ATTRS         (0)
#define MICROPY_PY_SYS_GETSIZEOF                (0)
#define MICROPY_PY_COLLECTIONS_NAMEDTUPLE__ASDICT (0)
// speed-for-size trades (and the map lookup cache's RAM): off
#define MICROPY_OPT_LOAD_ATTR_FAST_PATH         (0)
#define MICROPY_OPT_MAP_LOOKUP_CACHE            (0)
#define MICROPY_OPT_MPZ_BITWISE                 (0)
// (sys.stdin.buffer stays: `mpremote mount` talks to the host through it)
#endif

// newlib has no SSIZE_MAX.
#define MP_SSIZE_MAX                            (0x7fffffff)

typedef long mp_off_t;

// Wait for the next interrupt (SysTick at 1 kHz, or UART RX) when idle.
#define MICROPY_EVENT_POLL_HOOK \
    do { \
        extern void mp_handle_pending(bool); \
        mp_handle_pending(true); \
        __asm volatile ("wfi"); \
    } while (0);

#include <alloca.h>
