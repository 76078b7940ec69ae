// SPDX-License-Identifier: MIT
// mpwasm firmware entry: board set-up, then MicroPython's REPL forever, with
// Ctrl-D soft resets.

#include <stdint.h>
#include <string.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "shared/runtime/pyexec.h"

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "counter.h"
#include "mpu.h"
#include "serial.h"
#include "ports/common/soft_reset.h"
#include "ports/common/timer.h"
#include "vfs/storage.h"
#include "vfs/vfs.h"

// Linker symbols (sections.ld): heap between bss and the C stack.
extern uint32_t _heap_start, _heap_end, _sstack, _estack;
void systick_init(void);

// Register writes the board asks for before the UART is used (clocks, pins).
static void board_init_writes(void) {
    #define INIT_WRITE(addr, mask, value) REG32(addr) = (REG32(addr) & ~(uint32_t)(mask)) | (uint32_t)(value);
    MPWASM_INIT_WRITES(INIT_WRITE)
    #undef INIT_WRITE
}

// The board's storage as littlefs at "/": formatted when blank (first boot)
// or unreadable. Without storage the board runs with nothing at "/".
static void boot_filesystem(void) {
    if (storage_init() < 0) {
        return;
    }
    mp_obj_t storage = MP_OBJ_FROM_PTR(&vfs_storage_obj);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t fs = MP_OBJ_TYPE_GET_SLOT(&vfs_lfs2_type, make_new)(&vfs_lfs2_type, 1, 0, &storage);
        nlr_buf_t nlr2;
        if (nlr_push(&nlr2) == 0) {
            vfs_mount(fs, "/", false, false);
            nlr_pop();
        } else {
            mp_printf(&mp_plat_print, "filesystem: no littlefs on the storage, formatting it\n");
            vfs_mount(fs, "/", false, true);
        }
        nlr_pop();
    } else {
        mp_printf(&mp_plat_print, "filesystem: cannot mount the storage: ");
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
}

int main(void) {
    const char *clock_err = clock_init();
    board_init_writes();
    mpu_init();
    uart_init();
    counter_init();
    systick_init();
    __asm volatile ("cpsie i");
    if (clock_err != NULL) {
        mp_hal_stdout_tx_strn("mpwasm: ", 8);
        mp_hal_stdout_tx_strn(clock_err, strlen(clock_err));
        mp_hal_stdout_tx_strn("\r\n", 2);
    }

    for (;;) {
        mp_stack_set_top(&_estack);
        // Python stops recursing 1 KiB above the stack guard: room for C
        // functions that do not check, and for raising the error.
        mp_stack_set_limit((char *)&_estack - (char *)&_sstack - MPU_STACK_GUARD_SIZE - 1024);
        gc_init(&_heap_start, &_heap_end);
        // The roots mp_init does not set (the REPL's history, the scheduler's
        // queue, the `wasm` runtime, the emergency exception's traceback)
        // would still point into the old heap, and keep whatever lands there.
        soft_reset_roots();
        mp_init();
        vfs_init();
        boot_filesystem();

        // boot.py, then main.py (not after a raw-REPL soft reset: that is
        // mpremote taking over); Ctrl-C stops either, an exception is printed.
        if (!storage_safe_boot()) {
            int ret = pyexec_file_if_exists("boot.py");
            if (!(ret & PYEXEC_FORCED_EXIT) && pyexec_mode_kind == PYEXEC_MODE_FRIENDLY_REPL) {
                pyexec_file_if_exists("main.py");
            }
        } else {
            mp_printf(&mp_plat_print, "safe boot: boot.py and main.py skipped\n");
        }

        for (;;) {
            int ret = pyexec_mode_kind == PYEXEC_MODE_RAW_REPL ? pyexec_raw_repl() : pyexec_friendly_repl();
            if (ret != 0) {
                break; // Ctrl-D: soft reset
            }
        }

        mp_printf(&mp_plat_print, "MPY: soft reboot\n");
        sampler_deinit(); // the sample timer stops before its Sampler is freed
        vfs_umount_all(); // open files are closed: their data reaches the storage
        gc_sweep_all();
        mp_deinit();
    }
}

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
