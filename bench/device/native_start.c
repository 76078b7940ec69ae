// SPDX-License-Identifier: MIT
// Start-up and the smallest syscall layer for a whole bench program (bench/programs.py) built
// natively for a board's CPU with newlib (bench/board/native_board.py): the physical limit our engine's
// instruction counts on the device are set against. Not part of any firmware.
//
// Reset copies .data, clears .bss, runs newlib's constructors, reads the board's free-running
// counter, calls main(argc, argv) with the arguments native_board.py compiled in (native_argv.c),
// and when the program exits (main's return goes through exit(), which flushes stdio) reads the
// counter again. Under QEMU -icount shift=0 a counter tick is 10^9 / counter_hz() instructions.
// stdout goes to the board's UART byte for byte (the port's driver, uart_<kind>.c), then one
// line after it: "\x1bNATIVE-END status=S ticks=T hz=H heap=B refused=R\n" (B: the bytes malloc
// may have, R: how often sbrk refused it more); stderr goes to QEMU's console by
// semihosting; a fault prints "\x1bNATIVE-FAULT exception=E cfsr=C hfsr=H\n". Then semihosting SYS_EXIT ends QEMU.
// malloc's sbrk takes the RAM between .bss and the stack (its size: the wasm build's, --defsym).

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "counter.h"
#include "reset.h"
#include "serial.h"

extern uint32_t _estack, _heap_start, _heap_end;
extern int main(int argc, char **argv);
extern void __libc_init_array(void);
extern int native_argc;
extern char *native_argv[];

void Reset_Handler(void);
void native_fault(void);
void native_irq(void);

static uint32_t start_ticks;
static uint32_t sbrk_refused; // malloc asked for more than the RAM has: the program does not fit

// ARM semihosting (BKPT 0xAB): QEMU answers with -semihosting-config enable=on.
static uint32_t semihost(uint32_t op, const void *arg) {
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

#define SYS_WRITEC 0x03u
#define SYS_EXIT 0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u

static void uart_puts(const char *s) {
    while (*s) {
        uart_tx_byte((uint8_t)*s++);
    }
}

static void uart_putu(uint32_t v) {
    char buf[11];
    int i = sizeof buf;
    buf[--i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    uart_puts(&buf[i]);
}

__attribute__((noreturn)) static void semihost_exit(int ok) {
    for (;;) {
        (void)semihost(SYS_EXIT, (const void *)(ok ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR));
    }
}

__attribute__((noreturn)) void _exit(int status) {
    uint32_t ticks = counter_read() - start_ticks;
    uart_puts("\x1bNATIVE-END status=");
    uart_putu((uint32_t)status);
    uart_puts(" ticks=");
    uart_putu(ticks);
    uart_puts(" hz=");
    uart_putu(counter_hz());
    uart_puts(" heap=");
    uart_putu((uint32_t)((char *)&_heap_end - (char *)&_heap_start));
    uart_puts(" refused=");
    uart_putu(sbrk_refused);
    uart_puts("\n");
    semihost_exit(status == 0);
}

__attribute__((naked, noreturn)) void Reset_Handler(void) {
    __asm__ volatile(
        "ldr r0, =_estack\n"
        "msr msp, r0\n"
        "b native_reset\n");
}

void native_reset(void);
__attribute__((noreturn, used)) void native_reset(void) {
    reset_ram_init();
    #define INIT_WRITE(addr, mask, value) REG32(addr) = (REG32(addr) & ~(uint32_t)(mask)) | (uint32_t)(value);
    MPWASM_INIT_WRITES(INIT_WRITE)
    #undef INIT_WRITE
    (void)clock_init();
    uart_init();
    counter_init();
    __libc_init_array();
    start_ticks = counter_read();
    exit(main(native_argc, native_argv));
}

// No interrupt is expected (the UART's RX line is idle): one that comes is disabled and ignored.
void native_irq(void) {
    uint32_t exception = SCB_ICSR & 0x1ffu;
    if (exception >= 16u) {
        nvic_disable_irq(exception - 16u);
    }
}

void native_fault(void) {
    uart_puts("\x1bNATIVE-FAULT exception=");
    uart_putu(SCB_ICSR & 0x1ffu);
    uart_puts(" cfsr=");
    uart_putu(SCB_CFSR);
    uart_puts(" hfsr=");
    uart_putu(SCB_HFSR);
    uart_puts("\n");
    semihost_exit(0);
}

// The port's UART driver's receive side, unused here (its interrupt is disabled when it comes).
bool serial_rx_room(void) {
    return false;
}

void serial_rx_byte(uint8_t c) {
    (void)c;
}

// ---- newlib's system calls: the smallest set a program's stdio and malloc need ----

int _write(int fd, const char *buf, int len) {
    for (int i = 0; i < len; i++) {
        if (fd == 1) {
            uart_tx_byte((uint8_t)buf[i]);
        } else {
            (void)semihost(SYS_WRITEC, &buf[i]);
        }
    }
    return len;
}

int _read(int fd, char *buf, int len) {
    (void)fd;
    (void)buf;
    (void)len;
    return 0; // stdin is empty
}

void *_sbrk(ptrdiff_t incr) {
    static char *brk = (char *)&_heap_start;
    if (incr > (char *)&_heap_end - brk || incr < (char *)&_heap_start - brk) {
        sbrk_refused++;
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

int _fstat(int fd, struct stat *st) {
    (void)fd;
    *st = (struct stat){.st_mode = S_IFCHR}; // a character device: stdio's default buffer (BUFSIZ)
    return 0;
}

int _isatty(int fd) {
    (void)fd;
    return 0; // stdout fully buffered, as the host's piped into the bench
}

int _close(int fd) {
    (void)fd;
    return -1;
}

int _lseek(int fd, int offset, int whence) {
    (void)fd;
    (void)offset;
    (void)whence;
    return -1;
}

// newlib's __libc_init_array calls these (crti.o's, which -nostartfiles leaves out).
void _init(void) {
}

void _fini(void) {
}

__attribute__((section(".isr_vector"), used))
const void *const native_vectors[16 + MPWASM_NUM_IRQS] = {
    [0] = &_estack,
    [1] = Reset_Handler,
    [2 ... 15] = native_fault,
    [11] = native_irq, // SVCall
    [14] = native_irq, // PendSV
    [15] = native_irq, // SysTick (never started)
    [16 ... 16 + MPWASM_NUM_IRQS - 1] = native_irq,
};
