// SPDX-License-Identifier: MIT
// The few Cortex-M core registers the port touches (ARMv7-M ARM B3.2,
// ARMv8-M ARM D1.2): SCB, SysTick, NVIC. Same addresses on every core we run.
#ifndef MPWASM_CORTEXM_H
#define MPWASM_CORTEXM_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

#define SCB_ICSR        REG32(0xE000ED04u)
#define SCB_VTOR        REG32(0xE000ED08u)
#define SCB_AIRCR       REG32(0xE000ED0Cu)
#define SCB_CCR         REG32(0xE000ED14u)
#define SCB_SHCSR       REG32(0xE000ED24u)
#define SCB_CFSR        REG32(0xE000ED28u)
#define SCB_HFSR        REG32(0xE000ED2Cu)
#define SCB_MMFAR       REG32(0xE000ED34u)
#define SCB_BFAR        REG32(0xE000ED38u)
#define SCB_CPACR       REG32(0xE000ED88u)

#define SYSTICK_CSR     REG32(0xE000E010u)
#define SYSTICK_RVR     REG32(0xE000E014u)
#define SYSTICK_CVR     REG32(0xE000E018u)

#define NVIC_ISER(n)    REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n)    REG32(0xE000E180u + 4u * (n))
#define NVIC_ICPR(n)    REG32(0xE000E280u + 4u * (n))
#define NVIC_IPR8(n)    (*(volatile uint8_t *)(0xE000E400u + (n)))

#define ICSR_PENDSTSET  (1u << 26)
#define AIRCR_VECTKEY   (0x05FAu << 16)
#define AIRCR_SYSRESETREQ (1u << 2)

static inline void nvic_enable_irq(unsigned irq) {
    NVIC_ICPR(irq / 32) = 1u << (irq % 32);
    NVIC_ISER(irq / 32) = 1u << (irq % 32);
}

static inline void nvic_disable_irq(unsigned irq) {
    NVIC_ICER(irq / 32) = 1u << (irq % 32);
}

static inline uint32_t irq_save(void) {
    uint32_t primask;
    __asm volatile ("mrs %0, primask\n cpsid i" : "=r" (primask) : : "memory");
    return primask;
}

static inline void irq_restore(uint32_t primask) {
    __asm volatile ("msr primask, %0" : : "r" (primask) : "memory");
}

static inline void dsb_isb(void) {
    __asm volatile ("dsb\n isb" : : : "memory");
}

__attribute__((noreturn)) void system_reset(void);

#endif // MPWASM_CORTEXM_H
