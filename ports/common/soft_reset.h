// SPDX-License-Identifier: MIT
// What a port does at each start of MicroPython (cold boot or Ctrl-D) that
// mp_init leaves out (ports/common/soft_reset.c).
#ifndef MPWASM_SOFT_RESET_H
#define MPWASM_SOFT_RESET_H

// Every root the collector scans, zero as at a cold boot: call after
// gc_init() and before mp_init(), with no nlr handler pushed.
void soft_reset_roots(void);

#endif // MPWASM_SOFT_RESET_H
