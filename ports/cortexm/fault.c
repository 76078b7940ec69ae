// SPDX-License-Identifier: MIT
// Fault handling: recoverable faults become exceptions, the rest are reported
// (fault registers, PC) and reset the board.
//
// Thread mode runs on the process stack (PSP) and handlers on the main stack
// (MSP), so a C stack overflow into the guard still leaves the handler a stack.
// Recovery never long-jumps out of handler mode: the handler rewrites the
// stacked return address to fault_trampoline() and returns; the trampoline, in
// thread mode, raises, and MicroPython's nlr unwinds to the nearest handler
// (a `try`, or the REPL). ARMv7-M ARM B1.5.6 (exception entry and return).

#include <stdint.h>

#include "py/mpstate.h"
#include "py/runtime.h"

#include "board_config.h"
#include "cortexm.h"
#include "ports/common/regions.h"
#include "mpu.h"
#include "modwasm/engine/mw_config.h"   // MW_FAULT_WHERE, MW_CODE_REG_NAME

#define FPCCR           REG32(0xE000EF34u)
#define FPCCR_LSPACT    (1u << 0)

// CFSR bits (B3.2.15): MemManage in [7:0], BusFault in [15:8].
#define CFSR_IACCVIOL   (1u << 0)
#define CFSR_DACCVIOL   (1u << 1)
#define CFSR_MUNSTKERR  (1u << 3)
#define CFSR_MSTKERR    (1u << 4)
#define CFSR_MLSPERR    (1u << 5)
#define CFSR_MMARVALID  (1u << 7)
#define CFSR_IBUSERR    (1u << 8)
#define CFSR_PRECISERR  (1u << 9)
#define CFSR_UNSTKERR   (1u << 11)
#define CFSR_STKERR     (1u << 12)
#define CFSR_LSPERR     (1u << 13)
#define CFSR_BFARVALID  (1u << 15)
#define CFSR_STACKING   (CFSR_MSTKERR | CFSR_MLSPERR | CFSR_STKERR | CFSR_LSPERR)

#define EXC_MEMMANAGE   (4u)
#define EXC_BUSFAULT    (5u)
// EXC_RETURN for thread mode, process stack, basic frame (v7-M and, with the
// Secure/default-stacking bits set, v8-M Secure).
#define EXC_RETURN_THREAD_PSP (0xFFFFFFFDu)
#define EXC_RETURN_MODE_THREAD (1u << 3)
#define XPSR_THUMB      (1u << 24)
#define XPSR_ALIGN_PAD  (1u << 9)

// Room the trampoline gets above the guard after a stack overflow: raising
// allocates an exception and formats its message.
#define TRAMPOLINE_STACK (1024u)

extern uint32_t _sstack;
void fault_report(uint32_t *frame, uint32_t exc_return);

// The last recoverable fault, for the trampoline.
static struct {
    uint32_t address;
    const char *access;
    bool stack_overflow;
    uint32_t frame_top;     // the engine's frame register at the fault (mpwasm_fault_frame_top)
} last_fault;

uintptr_t mpwasm_fault_frame_top(void) {
    return last_fault.frame_top;
}

// Is the 16/32-bit Thumb instruction at pc a store? (ARMv7-M ARM A5.2, A5.3:
// the load/store encodings carry L in bit 11 (16-bit) or bit 20 (32-bit).)
static bool insn_is_store(uint32_t pc) {
    uint16_t hw1 = *(const uint16_t *)(pc & ~1u);
    if ((hw1 >> 11) >= 0x1d) { // 32-bit encoding
        if ((hw1 & 0xfe00u) == 0xf800u || (hw1 & 0xfe00u) == 0xe800u || (hw1 & 0xee00u) == 0xec00u) {
            return !(hw1 & (1u << 4)); // single, multiple/dual/exclusive, VFP
        }
        return false;
    }
    if ((hw1 >> 12) == 0x5) {
        return ((hw1 >> 9) & 7u) <= 2u; // STR, STRH, STRB (register)
    }
    if ((hw1 >> 13) == 0x3 || (hw1 >> 12) == 0x8 || (hw1 >> 12) == 0x9 || (hw1 >> 12) == 0xc) {
        return !(hw1 & (1u << 11)); // immediate, halfword, SP-relative, STM/LDM
    }
    return (hw1 & 0xfe00u) == 0xb400u; // PUSH
}

static bool pc_is_readable(uint32_t pc) {
    return pc - MPWASM_FLASH_BASE < MPWASM_FLASH_SIZE;
}

NORETURN static void fault_trampoline(void) {
    if (last_fault.stack_overflow) {
        mp_raise_msg_varg(&mp_type_RuntimeError,
            MP_ERROR_TEXT("stack overflow: C stack reached its guard at 0x%08x"), (unsigned)last_fault.address);
    }
    mpwasm_raise_memory_fault(last_fault.address, last_fault.access);
}

// Called by the MemManage/BusFault entry with the stacked frame and the
// engine's frame register as the faulting code left it (callee-saved: not
// stacked, untouched on entry); returns the EXC_RETURN value to return with
// (the same, or one for a rebuilt frame).
__attribute__((used)) uint32_t fault_recover(uint32_t *frame, uint32_t exc_return, uint32_t frame_top) {
    uint32_t exception = SCB_ICSR & 0x1ffu;
    uint32_t cfsr = SCB_CFSR;
    bool thread = exc_return & EXC_RETURN_MODE_THREAD;
    bool precise = exception == EXC_MEMMANAGE || (cfsr & (CFSR_PRECISERR | CFSR_STKERR | CFSR_IBUSERR));
    if (!thread || !precise || MP_STATE_THREAD(nlr_top) == NULL) {
        fault_report(frame, exc_return); // no Python to hand it to: report, reset
    }

    bool stacking = cfsr & CFSR_STACKING;
    uint32_t address;
    if (exception == EXC_MEMMANAGE && (cfsr & CFSR_MMARVALID)) {
        address = SCB_MMFAR;
    } else if (exception == EXC_BUSFAULT && (cfsr & CFSR_BFARVALID)) {
        address = SCB_BFAR;
    } else if (stacking) {
        address = (uint32_t)&_sstack;
    } else {
        address = frame[6]; // instruction fetch: the PC itself
    }
    last_fault.address = address;
    last_fault.stack_overflow = stacking || mpu_in_stack_guard(address);
    last_fault.frame_top = frame_top;
    if (cfsr & (CFSR_IACCVIOL | CFSR_IBUSERR)) {
        last_fault.access = "execute";
    } else if (!stacking && pc_is_readable(frame[6])) {
        last_fault.access = insn_is_store(frame[6]) ? "write" : "read";
    } else {
        last_fault.access = "write";
    }
    SCB_CFSR = cfsr; // write-one-to-clear what we handled

    if (last_fault.stack_overflow) {
        // The stack pointer is in (or at) the guard: the frame may not even
        // have been stacked. Give the trampoline a fresh one above the guard.
        frame = (uint32_t *)(((uint32_t)&_sstack + MPU_STACK_GUARD_SIZE + TRAMPOLINE_STACK) & ~7u);
        __asm volatile ("msr psp, %0" : : "r" (frame));
        exc_return = EXC_RETURN_THREAD_PSP;
        #if MPWASM_HAS_FPU
        FPCCR &= ~FPCCR_LSPACT; // drop any pending lazy FP state for the old frame
        #endif
        frame[7] = XPSR_THUMB;
    } else {
        frame[7] = XPSR_THUMB | (frame[7] & XPSR_ALIGN_PAD);
    }
    frame[5] = 0xffffffffu; // the trampoline never returns
    frame[6] = (uint32_t)fault_trampoline & ~1u;
    return exc_return;
}

__attribute__((naked)) void memfault_handler(void) {
    // r0 = the frame on the process stack (thread mode) or main stack.
    __asm volatile (
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov r1, lr\n"
        #if MW_FAULT_WHERE
        // the interpreter's frame top where the fault was in wasm code
        // (mw_config.h MW_CODE_REG_NAME; the engine checks it is one)
        "mov r2, " MW_CODE_REG_NAME "\n"
        #else
        "movs r2, #0\n"
        #endif
        "bl fault_recover\n"
        "bx r0\n"
        );
}
