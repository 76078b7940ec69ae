// SPDX-License-Identifier: MIT
// The fixed memory regions a port offers to wasm (from the board config on
// Cortex-M, mmap'ed at start-up on the host), and the MemoryFault exception
// raised when one is touched against its access rights. Each port implements
// the mpwasm_region_* functions; memfault.c is shared.
#ifndef MPWASM_REGIONS_H
#define MPWASM_REGIONS_H

#include <stddef.h>
#include <stdint.h>

#include "py/obj.h"

#define MPWASM_REGION_NONE (0)
#define MPWASM_REGION_RO (1)
#define MPWASM_REGION_RW (2)

typedef struct _mpwasm_region_t {
    const char *name;
    uintptr_t base;     // native address
    size_t size;        // bytes
    uint8_t access;     // MPWASM_REGION_NONE / RO / RW, enforced by MPU or mprotect
} mpwasm_region_t;

// Port: the region called `name`, or NULL.
const mpwasm_region_t *mpwasm_region_find(const char *name);
// Port: region number i (0 ..), or NULL past the last; for listing them.
const mpwasm_region_t *mpwasm_region_get(size_t i);
// Port: a name for what lies at addr, for fault reports: a region's name,
// or e.g. "flash", "stack guard", "unmapped". *region gets the region or NULL.
const char *mpwasm_region_describe(uintptr_t addr, const mpwasm_region_t **region);

// Text for an access right: "none", "ro", "rw".
const char *mpwasm_region_access_str(uint8_t access);

// board.MemoryFault, an OSError (errno EFAULT): str() says what was accessed
// where; .address, .access ("read", "write", "execute") and .region.
extern const mp_obj_type_t mp_type_MemoryFault;

// Raise MemoryFault for an access ("read", "write", "execute") at addr.
NORETURN void mpwasm_raise_memory_fault(uintptr_t addr, const char *access);

// Port: the engine's frame register (modwasm/engine/mw_config.h
// MW_CODE_REG_NAME) in the faulting context of the last MemoryFault its
// handler raised, or 0 where the engine keeps none (MW_FAULT_WHERE): what
// the binding hands mw_runtime_fault_trace to say where in wasm code a
// fault happened.
uintptr_t mpwasm_fault_frame_top(void);

#endif // MPWASM_REGIONS_H
