// SPDX-License-Identifier: MIT
// Faults become Python exceptions: a MemManage or BusFault in thread mode,
// with Python running, returns into a trampoline that raises
// board.MemoryFault (or RuntimeError for a C stack overflow into the guard).
#ifndef MPWASM_FAULT_H
#define MPWASM_FAULT_H

#include "py/obj.h"

// board.MemoryFault, an OSError: str() says what was accessed where;
// .address, .access ("read", "write", "execute") and .region name the facts.
extern const mp_obj_type_t mp_type_MemoryFault;

#endif // MPWASM_FAULT_H
