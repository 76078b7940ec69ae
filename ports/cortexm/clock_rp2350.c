// SPDX-License-Identifier: MIT
// RP2350 clocks (RP2350 datasheet chapter 8): the 12 MHz crystal oscillator
// (XOSC) becomes clk_ref, PLL_SYS multiplies it to clk_sys, and clk_peri (the
// UARTs' clock) follows clk_sys. Then the blocks the firmware uses leave
// reset: IO_BANK0 and PADS_BANK0 (the UART pins) and both UARTs. Register
// values come from the validated board data (scripts/boardcfg/clocks.py).

#include <stdbool.h>

#include "board_config.h"
#include "clock.h"
#include "cortexm.h"

#define CLOCKS_BASE     0x40010000u
#define CLK_REF_CTRL    REG32(CLOCKS_BASE + 0x30u)
#define CLK_REF_DIV     REG32(CLOCKS_BASE + 0x34u)
#define CLK_REF_SEL     REG32(CLOCKS_BASE + 0x38u)
#define CLK_SYS_CTRL    REG32(CLOCKS_BASE + 0x3Cu)
#define CLK_SYS_DIV     REG32(CLOCKS_BASE + 0x40u)
#define CLK_SYS_SEL     REG32(CLOCKS_BASE + 0x44u)
#define CLK_PERI_CTRL   REG32(CLOCKS_BASE + 0x48u)
#define CLK_PERI_DIV    REG32(CLOCKS_BASE + 0x4Cu)

#define RESETS_BASE     0x40020000u
#define RESETS_RESET    REG32(RESETS_BASE + 0x0u)
#define RESETS_DONE     REG32(RESETS_BASE + 0x8u)
#define RESET_IO_BANK0  (1u << 6)
#define RESET_PADS_BANK0 (1u << 9)
#define RESET_PLL_SYS   (1u << 14)
#define RESET_UART0     (1u << 26)
#define RESET_UART1     (1u << 27)

#define XOSC_CTRL       REG32(0x40048000u)
#define XOSC_STATUS     REG32(0x40048004u)
#define XOSC_STARTUP    REG32(0x4004800Cu)
#define XOSC_ENABLE     (0xFABu << 12)
#define XOSC_RANGE_1_15MHZ (0xAA0u)
#define XOSC_STABLE     (1u << 31)

#define PLL_CS          REG32(0x40050000u)
#define PLL_PWR         REG32(0x40050004u)
#define PLL_FBDIV       REG32(0x40050008u)
#define PLL_PRIM        REG32(0x4005000Cu)
#define PLL_LOCK        (1u << 31)
#define PLL_PWR_PD      (1u << 0)
#define PLL_PWR_POSTDIVPD (1u << 3)
#define PLL_PWR_VCOPD   (1u << 5)

#define CLK_REF_SRC_XOSC (2u)
#define CLK_SYS_SRC_AUX (1u) // AUXSRC 0: PLL_SYS
#define CLK_PERI_ENABLE (1u << 11) // AUXSRC 0: clk_sys
#define DIV_ONE         (1u << 16) // INT in bits 31:16

uint32_t mpwasm_cpu_hz = MPWASM_CLOCK_RESET_HZ;
uint32_t mpwasm_uart_hz = MPWASM_CLOCK_RESET_HZ;

static void unreset(uint32_t bits) {
    RESETS_RESET &= ~bits;
    clock_wait_set(&RESETS_DONE, bits);
}

const char *clock_init(void) {
    const char *err = 0;
    // Startup delay in units of 256 crystal cycles: ~1 ms, times 4 for margin.
    XOSC_STARTUP = ((MPWASM_RP2350_XOSC_HZ / 1000u + 255u) / 256u) * 4u;
    XOSC_CTRL = XOSC_ENABLE | XOSC_RANGE_1_15MHZ;
    if (!clock_wait_set(&XOSC_STATUS, XOSC_STABLE)) {
        err = "XOSC did not start: clk_sys stays on the boot ROM's clock";
    } else {
        // clk_sys to clk_ref (glitchless), clk_ref to the crystal.
        CLK_SYS_CTRL &= ~CLK_SYS_SRC_AUX;
        clock_wait_set(&CLK_SYS_SEL, 1u << 0);
        CLK_REF_CTRL = CLK_REF_SRC_XOSC;
        CLK_REF_DIV = DIV_ONE;
        clock_wait_set(&CLK_REF_SEL, 1u << CLK_REF_SRC_XOSC);
        // PLL_SYS from reset: reference divider, feedback, power up, lock, post dividers.
        RESETS_RESET |= RESET_PLL_SYS;
        unreset(RESET_PLL_SYS);
        PLL_CS = MPWASM_RP2350_PLL_REFDIV;
        PLL_FBDIV = MPWASM_RP2350_PLL_FBDIV;
        PLL_PWR &= ~(PLL_PWR_PD | PLL_PWR_VCOPD);
        if (!clock_wait_set(&PLL_CS, PLL_LOCK)) {
            err = "PLL_SYS did not lock: clk_sys runs from the 12 MHz crystal";
            mpwasm_cpu_hz = MPWASM_RP2350_XOSC_HZ;
        } else {
            PLL_PRIM = (MPWASM_RP2350_PLL_POSTDIV1 << 16) | (MPWASM_RP2350_PLL_POSTDIV2 << 12);
            PLL_PWR &= ~PLL_PWR_POSTDIVPD;
            CLK_SYS_DIV = DIV_ONE;
            CLK_SYS_CTRL = CLK_SYS_SRC_AUX; // AUXSRC 0 = PLL_SYS, then select aux
            clock_wait_set(&CLK_SYS_SEL, 1u << 1);
            mpwasm_cpu_hz = MPWASM_CLOCK_HZ;
        }
    }
    CLK_PERI_DIV = DIV_ONE;
    CLK_PERI_CTRL = CLK_PERI_ENABLE;
    mpwasm_uart_hz = mpwasm_cpu_hz;
    unreset(RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_UART0 | RESET_UART1);
    return err;
}
