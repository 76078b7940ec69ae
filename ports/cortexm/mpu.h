// SPDX-License-Identifier: MIT
// Memory protection for the board's regions, the flash and the C stack.
#ifndef MPWASM_MPU_H
#define MPWASM_MPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Bytes of no-access guard at the bottom of the C stack. 256: the smallest
// size that still catches a typical C frame overflowing, and a power of two
// (ARMv7-M MPU rule) that the stack base is aligned to.
#define MPU_STACK_GUARD_SIZE (256u)

// Program and enable the MPU: flash read-only, the stack guard no-access,
// one region per board region with its access. Called once at boot.
void mpu_init(void);

// True if addr is in the stack guard.
bool mpu_in_stack_guard(uint32_t addr);

#endif // MPWASM_MPU_H
