// SPDX-License-Identifier: MIT
// MicroPython configuration shared by every mpwasm port (host and Cortex-M).
// Each port's mpconfigport.h includes this first and adds what is its own.
#ifndef MPWASM_MPCONFIGCOMMON_H
#define MPWASM_MPCONFIGCOMMON_H

#include <stdint.h>

#define MICROPY_CONFIG_ROM_LEVEL                (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

// wasm needs the full i64 range and bit-exact doubles on every port.
#define MICROPY_LONGINT_IMPL                    (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL                      (MICROPY_FLOAT_IMPL_DOUBLE)

#define MICROPY_ENABLE_GC                       (1)
#define MICROPY_ENABLE_FINALISER                (1)
#define MICROPY_HELPER_REPL                     (1)
#define MICROPY_REPL_AUTO_INDENT                (1)
#define MICROPY_KBD_EXCEPTION                   (1)
#define MICROPY_ENABLE_SCHEDULER                (1)
#define MICROPY_ERROR_REPORTING                 (MICROPY_ERROR_REPORTING_DETAILED)
// A message raised where the heap has no room (full, or locked) keeps its
// words: the exception's str, its 1-tuple of arguments, the text decompressed
// from flash and a traceback go in this static buffer instead. 256 B: 52 B of
// str, tuple and traceback on 32-bit, then the longest message text (78 B in
// session 23's firmware, MP_MAX_UNCOMPRESSED_TEXT_LEN) with room to spare.
// Costs 256 B of every board's heap (docs/benchmarks.md, session 23).
#define MICROPY_ENABLE_EMERGENCY_EXCEPTION_BUF  (1)
#define MICROPY_EMERGENCY_EXCEPTION_BUF_SIZE    (256)
#define MICROPY_WARNINGS                        (1)
#define MICROPY_PY_BUILTINS_HELP                (1)
#define MICROPY_PY_BUILTINS_HELP_MODULES        (1)
#define MICROPY_PY_MICROPYTHON_MEM_INFO         (1)
#define MICROPY_PY_SYS_STDFILES                 (1)
#define MICROPY_PY_SYS_EXIT                     (1)
#define MICROPY_PY_IO_IOBASE                    (1)

// The sources come from a PyPI sdist that has no extmod/: every module backed
// by extmod is off. `time` and `machine` are our own (ports/common, ports/cortexm).
#define MICROPY_PY_TIME                         (0)
#define MICROPY_PY_OS                           (0)
#define MICROPY_PY_SELECT                       (0)
#define MICROPY_PY_UCTYPES                      (0)
#define MICROPY_PY_DEFLATE                      (0)
#define MICROPY_PY_JSON                         (0)
#define MICROPY_PY_RE                           (0)
#define MICROPY_PY_HEAPQ                        (0)
#define MICROPY_PY_HASHLIB                      (0)
#define MICROPY_PY_BINASCII                     (0)
#define MICROPY_PY_RANDOM                       (0)
#define MICROPY_PY_FRAMEBUF                     (0)
#define MICROPY_PY_PLATFORM                     (0)
#define MICROPY_PY_MACHINE                      (0)
#define MICROPY_PY_VFS                          (0)

// Both ports implement ports/common/regions.h: the `wasm` module offers their
// board regions (modwasm/binding/noregions.c stands in on other firmware).
#ifndef MICROPY_PY_WASM_REGIONS
#define MICROPY_PY_WASM_REGIONS                 (1)
#endif

// py/mphal.h would include extmod/virtpin.h (absent) without this.
#define mp_hal_pin_obj_t                        void *

#define MP_STATE_PORT MP_STATE_VM

// Machine words: 32 bits on Cortex-M, 64 on the host.
typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;

#endif // MPWASM_MPCONFIGCOMMON_H
