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
// Thumb-2 nlr and gc register helpers (shared/runtime/gchelper_thumb2.s).
#define MICROPY_GCREGS_SETJMP                   (0)
#define MICROPY_NLR_THUMB_USE_LONG_JUMP         (1)
#define MICROPY_EMIT_THUMB                      (0)
#define MICROPY_EMIT_INLINE_THUMB               (0)

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
