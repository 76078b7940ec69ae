// SPDX-License-Identifier: MIT
// STM32F4 clock tree (RM0090 6-7, RM0390 5-6): HSE (or HSI) -> PLL -> SYSCLK,
// with the register values the board generator computed and validated
// (scripts/boardcfg/clocks.py). Order: regulator scale 1, oscillator, PLL,
// over-drive (F446 above 168 MHz), flash wait states, prescalers, switch.

#include <stdbool.h>

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"

#define RCC_CR          REG32(0x40023800u)
#define RCC_PLLCFGR     REG32(0x40023804u)
#define RCC_CFGR        REG32(0x40023808u)
#define RCC_APB1ENR     REG32(0x40023840u)
#define PWR_CR          REG32(0x40007000u)
#define PWR_CSR         REG32(0x40007004u)
#define FLASH_ACR       REG32(0x40023C00u)

#define CR_HSEON        (1u << 16)
#define CR_HSERDY       (1u << 17)
#define CR_HSEBYP       (1u << 18)
#define CR_PLLON        (1u << 24)
#define CR_PLLRDY       (1u << 25)
#define APB1ENR_PWREN   (1u << 28)
#define PWR_CR_VOS      (3u << 14) // F405: bit 14 only (VOS=1: scale 1); F446: 0b11 = scale 1
#define PWR_CR_ODEN     (1u << 16)
#define PWR_CR_ODSWEN   (1u << 17)
#define PWR_CSR_ODRDY   (1u << 16)
#define PWR_CSR_ODSWRDY (1u << 17)
#define CFGR_SW_PLL     (2u << 0)
#define CFGR_SWS_MASK   (3u << 2)
#define CFGR_SWS_PLL    (2u << 2)

uint32_t mpwasm_cpu_hz = MPWASM_CLOCK_RESET_HZ;
uint32_t mpwasm_uart_hz = MPWASM_CLOCK_RESET_HZ;

const char *clock_init(void) {
    RCC_APB1ENR |= APB1ENR_PWREN;
    (void)RCC_APB1ENR;
    PWR_CR |= MPWASM_STM32_F446 ? PWR_CR_VOS : (1u << 14);
    #if MPWASM_STM32_HSE
    RCC_CR |= (MPWASM_STM32_HSE_BYPASS ? CR_HSEBYP : 0u) | CR_HSEON;
    if (!clock_wait_set(&RCC_CR, CR_HSERDY)) {
        RCC_CR &= ~CR_HSEON;
        return "HSE did not start: running on the 16 MHz HSI";
    }
    #endif
    RCC_PLLCFGR = MPWASM_STM32_PLLCFGR;
    RCC_CR |= CR_PLLON;
    if (!clock_wait_set(&RCC_CR, CR_PLLRDY)) {
        return "PLL did not lock: running on the 16 MHz HSI";
    }
    #if MPWASM_STM32_OVERDRIVE
    PWR_CR |= PWR_CR_ODEN;
    if (!clock_wait_set(&PWR_CSR, PWR_CSR_ODRDY)) {
        return "over-drive not ready: running on the 16 MHz HSI";
    }
    PWR_CR |= PWR_CR_ODSWEN;
    if (!clock_wait_set(&PWR_CSR, PWR_CSR_ODSWRDY)) {
        return "over-drive switch not ready: running on the 16 MHz HSI";
    }
    #endif
    // More wait states first, then the faster clock (RM0090 3.5.1).
    FLASH_ACR = MPWASM_STM32_FLASH_ACR;
    if ((FLASH_ACR & 0xfu) != (MPWASM_STM32_FLASH_ACR & 0xfu)) {
        return "flash latency not taken: running on the 16 MHz HSI";
    }
    RCC_CFGR = MPWASM_STM32_CFGR;
    RCC_CFGR = MPWASM_STM32_CFGR | CFGR_SW_PLL;
    for (uint32_t i = 0; (RCC_CFGR & CFGR_SWS_MASK) != CFGR_SWS_PLL; i++) {
        if (i == CLOCK_READY_POLLS) {
            RCC_CFGR = 0; // reset prescalers: the UART runs from the HSI as counted
            return "SYSCLK did not switch to the PLL: running on the 16 MHz HSI";
        }
    }
    mpwasm_cpu_hz = MPWASM_CLOCK_HZ;
    mpwasm_uart_hz = MPWASM_UART_CLOCK_HZ;
    return 0;
}
