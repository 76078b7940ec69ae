// SPDX-License-Identifier: MIT
// mpwasm firmware entry: board set-up, then MicroPython's REPL forever, with
// Ctrl-D soft resets.

#include <stdint.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "shared/runtime/gchelper.h"
#include "shared/runtime/pyexec.h"

#include "board_config.h"
#include "cortexm.h"
#include "mpu.h"
#include "serial.h"

// Linker symbols (sections.ld): heap between bss and the C stack.
extern uint32_t _heap_start, _heap_end, _sstack, _estack;
extern volatile uint32_t systick_ms;
void systick_init(void);

// Register writes the board asks for before the UART is used (clocks, pins).
static void board_init_writes(void) {
    #define INIT_WRITE(addr, mask, value) REG32(addr) = (REG32(addr) & ~(uint32_t)(mask)) | (uint32_t)(value);
    MPWASM_INIT_WRITES(INIT_WRITE)
    #undef INIT_WRITE
}

int main(void) {
    board_init_writes();
    mpu_init();
    uart_init();
    systick_init();
    __asm volatile ("cpsie i");

    for (;;) {
        mp_stack_set_top(&_estack);
        // Python stops recursing 1 KiB above the stack guard: room for C
        // functions that do not check, and for raising the error.
        mp_stack_set_limit((char *)&_estack - (char *)&_sstack - MPU_STACK_GUARD_SIZE - 1024);
        gc_init(&_heap_start, &_heap_end);
        mp_init();

        for (;;) {
            int ret = pyexec_mode_kind == PYEXEC_MODE_RAW_REPL ? pyexec_raw_repl() : pyexec_friendly_repl();
            if (ret != 0) {
                break; // Ctrl-D: soft reset
            }
        }

        mp_printf(&mp_plat_print, "MPY: soft reboot\n");
        gc_sweep_all();
        mp_deinit();
    }
}

mp_uint_t mp_hal_ticks_ms(void) {
    return systick_ms;
}

mp_uint_t mp_hal_ticks_us(void) {
    // Milliseconds from the interrupt count, microseconds from the counter;
    // read the count twice so an interrupt between the two reads is not missed.
    uint32_t ms, cvr;
    bool wrapped;
    do {
        ms = systick_ms;
        cvr = SYSTICK_CVR;
        wrapped = SCB_ICSR & ICSR_PENDSTSET;
    } while (ms != systick_ms);
    if (wrapped) {
        // The counter has reloaded but its interrupt has not counted the
        // millisecond yet (pending, or interrupts masked): count it here, and
        // read the counter again so it is the value after the reload.
        ms++;
        cvr = SYSTICK_CVR;
    }
    // Counts since the reload, scaled to the millisecond's 1000 us (exact for a
    // clock that is not a whole number of MHz, such as 12.5 MHz).
    return ms * 1000u + (SYSTICK_RVR - cvr) * 1000u / (MPWASM_CLOCK_HZ / 1000u);
}

void mp_hal_delay_ms(mp_uint_t ms) {
    uint32_t start = systick_ms;
    while (systick_ms - start < ms) {
        MICROPY_EVENT_POLL_HOOK
    }
}

void mp_hal_delay_us(mp_uint_t us) {
    uint32_t start = mp_hal_ticks_us();
    while (mp_hal_ticks_us() - start < us) {
        mp_handle_pending(true);
    }
}

void gc_collect(void) {
    gc_collect_start();
    gc_helper_collect_regs_and_stack();
    gc_collect_end();
}

// No filesystem: imports come from frozen modules only.
mp_import_stat_t mp_import_stat(const char *path) {
    (void)path;
    return MP_IMPORT_STAT_NO_EXIST;
}

mp_lexer_t *mp_lexer_new_from_file(qstr filename) {
    (void)filename;
    mp_raise_OSError(MP_ENOENT);
}

static mp_obj_t cortexm_open(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    (void)args;
    mp_raise_msg(&mp_type_OSError, MP_ERROR_TEXT("no filesystem on this board"));
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_builtin_open_obj, 1, 2, cortexm_open);

void nlr_jump_fail(void *val) {
    mp_printf(&mp_plat_print, "FATAL: uncaught exception %p\n", val);
    system_reset();
}

void NORETURN __fatal_error(const char *msg) {
    mp_printf(&mp_plat_print, "FATAL: %s\n", msg);
    system_reset();
}

#ifndef NDEBUG
void MP_WEAK __assert_func(const char *file, int line, const char *func, const char *expr) {
    (void)func;
    mp_printf(&mp_plat_print, "Assertion '%s' failed, at file %s:%d\n", expr, file, line);
    __fatal_error("Assertion failed");
}
#endif

// newlib's syscalls, reached only through libm/libc internals: nothing to do.
int _write(int fd, const char *buf, int len) {
    (void)fd;
    mp_hal_stdout_tx_strn(buf, len);
    return len;
}
