// SPDX-License-Identifier: MIT
// MPU programming from the board's generated region table.
//
// ARMv7-M (M3, M4, M7; DDI0403E B3.5): the privileged default memory map is
// the background (PRIVDEFENA); region 0 makes the flash read-only, board
// regions follow, and the stack guard has the highest number, so it wins.
//
// ARMv8-M (M33; DDI0553 B10): regions may not overlap and the privileged
// default map cannot deny access, so the background is off and everything the
// firmware touches has an explicit region: flash, RAM below and above the
// stack guard, the peripheral space, and each rw/ro board region. A `none`
// region and the stack guard are holes: touching them faults.

#include "board_config.h"
#include "cortexm.h"
#include "mpu.h"
#include "ports/common/regions.h"

#include <string.h>

#define MPU_TYPE        REG32(0xE000ED90u)
#define MPU_CTRL        REG32(0xE000ED94u)
#define MPU_RNR         REG32(0xE000ED98u)
#define MPU_RBAR        REG32(0xE000ED9Cu)
#define MPU_RASR        REG32(0xE000EDA0u) // ARMv7-M
#define MPU_RLAR        REG32(0xE000EDA0u) // ARMv8-M
#define MPU_MAIR0       REG32(0xE000EDC0u) // ARMv8-M

#define CTRL_ENABLE     (1u << 0)
#define CTRL_PRIVDEFENA (1u << 2)

extern uint32_t _sstack, _estack;

// The generated access codes are the regions API's.
_Static_assert(MPWASM_ACCESS_NONE == MPWASM_REGION_NONE && MPWASM_ACCESS_RO == MPWASM_REGION_RO
    && MPWASM_ACCESS_RW == MPWASM_REGION_RW, "access codes differ");

#define REGION_ROW(name, base, size, access, exec, cacheable, shareable) { name, base, size, access },
static const mpwasm_region_t board_regions[] = {
    MPWASM_REGIONS(REGION_ROW)
};

// What only the MPU needs: execute permission and memory attributes.
typedef struct {
    uint8_t executable;
    uint8_t cacheable;
    uint8_t shareable;
} region_attrs_t;
#define REGION_ATTRS(name, base, size, access, exec, cacheable, shareable) { exec, cacheable, shareable },
static const region_attrs_t board_region_attrs[] = {
    MPWASM_REGIONS(REGION_ATTRS)
};
#define NUM_BOARD_REGIONS (sizeof(board_regions) / sizeof(board_regions[0]))

static uint32_t guard_base(void) {
    return (uint32_t)&_sstack;
}

bool mpu_in_stack_guard(uint32_t addr) {
    return addr - guard_base() < MPU_STACK_GUARD_SIZE;
}

const mpwasm_region_t *mpwasm_region_get(size_t i) {
    return i < NUM_BOARD_REGIONS ? &board_regions[i] : NULL;
}

const mpwasm_region_t *mpwasm_region_find(const char *name) {
    for (size_t i = 0; i < NUM_BOARD_REGIONS; i++) {
        if (strcmp(board_regions[i].name, name) == 0) {
            return &board_regions[i];
        }
    }
    return NULL;
}

const char *mpwasm_region_describe(uintptr_t addr, const mpwasm_region_t **region) {
    *region = NULL;
    for (size_t i = 0; i < NUM_BOARD_REGIONS; i++) {
        if (addr - board_regions[i].base < board_regions[i].size) {
            *region = &board_regions[i];
            return board_regions[i].name;
        }
    }
    if (mpu_in_stack_guard(addr)) {
        return "stack guard";
    }
    if (addr - MPWASM_FLASH_BASE < MPWASM_FLASH_SIZE) {
        return "flash";
    }
    if (addr - MPWASM_RAM_BASE < MPWASM_RAM_SIZE) {
        return "ram";
    }
    return "unmapped";
}

// Read-only regions hold constants the firmware writes before the MPU locks
// them: byte i is i & 0xff, as on the host port, so tests and demos can check
// what they read. (A build that places real data there would copy it here.)
static void fill_ro_regions(void) {
    for (size_t i = 0; i < NUM_BOARD_REGIONS; i++) {
        if (board_regions[i].access == MPWASM_REGION_RO) {
            volatile uint8_t *p = (volatile uint8_t *)board_regions[i].base;
            for (size_t j = 0; j < board_regions[i].size; j++) {
                p[j] = (uint8_t)j;
            }
        }
    }
}

#if !MPWASM_ARCH_V8M

// MPU_RASR fields (B3.5.9).
#define RASR_ENABLE     (1u << 0)
#define RASR_SIZE(log2) (((log2) - 1u) << 1)
#define RASR_B          (1u << 16)
#define RASR_C          (1u << 17)
#define RASR_S          (1u << 18)
#define RASR_TEX(x)     ((x) << 19)
#define RASR_AP_NONE    (0u << 24)
#define RASR_AP_RW      (3u << 24)
#define RASR_AP_RO      (6u << 24)
#define RASR_XN         (1u << 28)
// Normal memory, write-back write-allocate (TEX=001, C=1, B=1), or
// non-cacheable (TEX=001, C=0, B=0); B3.5.7 table B3-13.
#define RASR_NORMAL     (RASR_TEX(1) | RASR_C | RASR_B)
#define RASR_NORMAL_NC  (RASR_TEX(1))

static uint32_t log2_u32(uint32_t v) {
    return 31u - __builtin_clz(v);
}

static void region_set(uint32_t n, uint32_t base, uint32_t size, uint32_t attrs) {
    MPU_RNR = n;
    MPU_RBAR = base;
    MPU_RASR = attrs | RASR_SIZE(log2_u32(size)) | RASR_ENABLE;
}

void mpu_init(void) {
    static const uint32_t ap[] = { RASR_AP_NONE, RASR_AP_RO, RASR_AP_RW };
    MPU_CTRL = 0;
    fill_ro_regions();
    uint32_t n = 0;
    region_set(n++, MPWASM_FLASH_BASE, MPWASM_FLASH_SIZE, RASR_AP_RO | RASR_NORMAL);
    for (size_t i = 0; i < NUM_BOARD_REGIONS; i++) {
        const mpwasm_region_t *r = &board_regions[i];
        const region_attrs_t *a = &board_region_attrs[i];
        uint32_t attrs = ap[r->access] | (a->cacheable ? RASR_NORMAL : RASR_NORMAL_NC)
            | (a->shareable ? RASR_S : 0) | (a->executable ? 0 : RASR_XN);
        region_set(n++, r->base, r->size, attrs);
    }
    region_set(n++, guard_base(), MPU_STACK_GUARD_SIZE, RASR_AP_NONE | RASR_NORMAL | RASR_XN);
    while (n < (MPU_TYPE >> 8 & 0xffu)) {
        MPU_RNR = n++;
        MPU_RASR = 0;
    }
    MPU_CTRL = CTRL_ENABLE | CTRL_PRIVDEFENA;
    dsb_isb();
}

#else // ARMv8-M

// MPU_RBAR / MPU_RLAR fields (D1.2.160, D1.2.161); MAIR attribute 0 is
// normal write-back memory, 1 device nGnRE, 2 normal non-cacheable.
#define RBAR_XN         (1u << 0)
#define RBAR_AP_RW      (0u << 1) // privileged read-write
#define RBAR_AP_RO      (2u << 1) // privileged read-only
#define RBAR_SH_NONE    (0u << 3)
#define RBAR_SH_INNER   (3u << 3)
#define RLAR_ENABLE     (1u << 0)
#define RLAR_ATTR(i)    ((i) << 1)
#define MAIR_NORMAL_WB  (0xffu)
#define MAIR_DEVICE     (0x04u)
#define MAIR_NORMAL_NC  (0x44u)

// Peripherals the firmware drives (UART, and on these SoCs everything from
// 0x40000000 to 0x5fffffff is peripheral space, Secure and Non-secure aliases).
#define PERIPH_BASE     (0x40000000u)
#define PERIPH_END      (0x60000000u)

static void region_set(uint32_t n, uint32_t base, uint32_t end, uint32_t rbar, uint32_t attr) {
    if (end <= base) {
        return; // empty (e.g. no RAM above the guard)
    }
    MPU_RNR = n;
    MPU_RBAR = (base & ~31u) | rbar;
    MPU_RLAR = ((end - 1u) & ~31u) | RLAR_ATTR(attr) | RLAR_ENABLE;
}

// The RAM below the stack guard (data, bss and the MicroPython heap) is
// execute-never, except in the firmware that loads native .mpy modules
// (make firmware WASM=natmod), whose code runs from the heap (wasm.mpy,
// docs/natmod.md "Compatibility"). ARMv7-M leaves it executable either way:
// no region covers it there, the default memory map does (PRIVDEFENA).
#if MPWASM_FIRMWARE_NATMOD
#define RAM_XN          (0u)
#else
#define RAM_XN          RBAR_XN
#endif

void mpu_init(void) {
    MPU_CTRL = 0;
    fill_ro_regions();
    MPU_MAIR0 = MAIR_NORMAL_WB | (MAIR_DEVICE << 8) | (MAIR_NORMAL_NC << 16);
    uint32_t ram_end = MPWASM_RAM_BASE + MPWASM_RAM_SIZE;
    uint32_t n = 0;
    region_set(n++, MPWASM_FLASH_BASE, MPWASM_FLASH_BASE + MPWASM_FLASH_SIZE, RBAR_AP_RO, 0);
    region_set(n++, MPWASM_RAM_BASE, guard_base(), RBAR_AP_RW | RAM_XN, 0);
    region_set(n++, guard_base() + MPU_STACK_GUARD_SIZE, ram_end, RBAR_AP_RW | RBAR_XN, 0);
    region_set(n++, PERIPH_BASE, PERIPH_END, RBAR_AP_RW | RBAR_XN, 1);
    for (size_t i = 0; i < NUM_BOARD_REGIONS; i++) {
        const mpwasm_region_t *r = &board_regions[i];
        if (r->access == MPWASM_REGION_NONE) {
            continue; // a hole: no region, so every access faults
        }
        const region_attrs_t *a = &board_region_attrs[i];
        uint32_t rbar = (r->access == MPWASM_REGION_RO ? RBAR_AP_RO : RBAR_AP_RW) | (a->executable ? 0 : RBAR_XN)
            | (a->shareable ? RBAR_SH_INNER : RBAR_SH_NONE);
        region_set(n++, r->base, r->base + r->size, rbar, a->cacheable ? 0 : 2);
    }
    while (n < (MPU_TYPE >> 8 & 0xffu)) {
        MPU_RNR = n++;
        MPU_RLAR = 0;
    }
    MPU_CTRL = CTRL_ENABLE; // no PRIVDEFENA: what no region covers faults
    dsb_isb();
}

#endif
