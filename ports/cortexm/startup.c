// SPDX-License-Identifier: MIT
// Reset, vector table, SysTick and fault reporting for every Cortex-M board.

#include <stdint.h>

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"
#include "counter.h"
#include "reset.h"
#include "serial.h"
#include "ports/common/timer.h"

extern uint32_t _estack;
extern int main(void);

void Reset_Handler(void);
void default_irq_handler(void);
void fault_handler(void);
void memfault_handler(void);
void SysTick_Handler(void);

// 1 ms SysTick: it keeps QEMU's CMSDK UART model delivering input while the
// core sleeps in WFI, and reads the board's counter often enough that none
// of its wraps passes unseen (ticks.c). Its interrupts are counted for
// boards without a counter (counter_none.c).
volatile uint32_t systick_ms;

// Handlers run on their own stack (MSP), thread mode on the C stack (PSP),
// so a thread-mode stack overflow into the guard can still be handled.
// 2 KiB: the fault report and the UART and SysTick handlers need far less.
__attribute__((used, aligned(8))) uint32_t handler_stack[512];

__attribute__((naked, noreturn)) void Reset_Handler(void) {
    __asm volatile (
        "ldr r0, =_estack\n"
        "msr psp, r0\n"
        "movs r0, #2\n"         // CONTROL.SPSEL: thread mode uses PSP
        "msr control, r0\n"
        "isb\n"
        "ldr r0, =handler_stack + 2048\n"
        "msr msp, r0\n"
        "b reset_c\n"
        );
}

// Not static: Reset_Handler's asm names it, and under LTO (ports/cortexm/Makefile)
// a static function may be renamed in another partition than that asm's.
void reset_c(void);
__attribute__((noreturn, used)) void reset_c(void) {
    reset_ram_init();
    extern const void *const vector_table[];
    SCB_VTOR = (uint32_t)vector_table;
    // Trap unaligned doubleword and divide-by-zero in our own code as faults.
    SCB_CCR |= (1u << 4);
    // Separate MemManage, BusFault and UsageFault handlers (so they report which).
    SCB_SHCSR |= (1u << 16) | (1u << 17) | (1u << 18);
    main();
    system_reset();
}

void SysTick_Handler(void) {
    systick_ms++;
    (void)ticks_now();
}

void systick_init(void) {
    SYSTICK_RVR = mpwasm_cpu_hz / 1000u - 1u;
    SYSTICK_CVR = 0;
    SYSTICK_CSR = 7; // processor clock, interrupt, enable
}


__attribute__((noreturn)) void system_reset(void) {
    dsb_isb();
    SCB_AIRCR = AIRCR_VECTKEY | AIRCR_SYSRESETREQ;
    dsb_isb();
    for (;;) {
    }
}

static void fault_puts(const char *s) {
    while (*s) {
        uart_tx_byte((uint8_t)*s++);
    }
}

static void fault_puthex(const char *name, uint32_t value) {
    static const char hex[] = "0123456789abcdef";
    char buf[12];
    fault_puts(name);
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 8; i++) {
        buf[2 + i] = hex[(value >> (28 - 4 * i)) & 0xfu];
    }
    buf[10] = ' ';
    buf[11] = 0;
    fault_puts(buf);
}

void default_irq_handler(void) {
    // An interrupt nobody enabled: report which, then carry on without it.
    uint32_t irq = (SCB_ICSR & 0x1ffu) - 16u;
    nvic_disable_irq(irq);
    fault_puthex("\r\nmpwasm: unexpected IRQ disabled: ", irq);
    fault_puts("\r\n");
}

// Stacked exception frame: r0-r3, r12, lr, pc, xpsr (ARMv7-M ARM B1.5.6).
__attribute__((noreturn)) void fault_report(uint32_t *frame, uint32_t exc_return) {
    uint32_t exception = SCB_ICSR & 0x1ffu;
    static const char *const names[] = { "?", "?", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault", "SecureFault" };
    fault_puts("\r\n\r\nFATAL: ");
    fault_puts(exception < 8 ? names[exception] : "fault");
    fault_puts("\r\n");
    fault_puthex("PC=", frame[6]);
    fault_puthex("LR=", frame[5]);
    fault_puthex("XPSR=", frame[7]);
    fault_puthex("EXC_RETURN=", exc_return);
    fault_puts("\r\n");
    fault_puthex("CFSR=", SCB_CFSR);
    fault_puthex("HFSR=", SCB_HFSR);
    fault_puthex("MMFAR=", SCB_MMFAR);
    fault_puthex("BFAR=", SCB_BFAR);
    fault_puts("\r\nresetting\r\n");
    system_reset();
}

// A semihosting call (BKPT 0xAB) with no debugger or QEMU semihosting behind
// it traps here (DebugMonitor, or HardFault by escalation): answer -1, the
// call's failure value, and step over it (ports/cortexm/storage_semihosting.c).
__attribute__((used)) void fault_or_bkpt(uint32_t *frame, uint32_t exc_return) {
    uint32_t pc = frame[6];
    if (pc - MPWASM_FLASH_BASE < MPWASM_FLASH_SIZE && *(const uint16_t *)pc == 0xbeabu) {
        frame[0] = 0xffffffffu;
        frame[6] = pc + 2;
        SCB_HFSR = SCB_HFSR; // write one to clear DEBUGEVT
        return;
    }
    fault_report(frame, exc_return);
}

__attribute__((naked)) void fault_handler(void) {
    // Pass the frame on whichever stack was in use (EXC_RETURN bit 2).
    __asm volatile (
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov r1, lr\n"
        "b fault_or_bkpt\n"
        );
}

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used))
const void *const vector_table[16 + MPWASM_NUM_IRQS] = {
    [0] = &_estack,
    [1] = Reset_Handler,
    [2 ... 15] = fault_handler, // NMI, faults, and the reserved/unused slots
    [4] = memfault_handler, // MemManage: may become an exception (fault.c)
    [5] = memfault_handler, // BusFault: likewise
    [15] = SysTick_Handler,
    [16 ... 16 + MPWASM_NUM_IRQS - 1] = default_irq_handler,
    [16 + MPWASM_UART_IRQ] = uart_irq_handler,
    #if MPWASM_TIMER
    [16 + MPWASM_TIMER_IRQ] = timer_irq_handler, // machine.Sampler (sampler.c)
    #endif
};
