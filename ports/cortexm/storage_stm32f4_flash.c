// SPDX-License-Identifier: MIT
// Storage in an STM32F4's internal flash: the 128 KiB sectors the board gives
// the filesystem (boards/<name>/board.py `storage`), one sector per littlefs
// block. RM0090 3.5 to 3.9: unlock with the two keys, erase a sector with
// SER/SNB/STRT, program 32-bit words with PG (PSIZE x32 needs 2.7-3.6 V, as a
// pyboard has), wait on BSY, check the error flags. Flash reads stall while
// an operation runs, so nothing has to run from RAM. Not exercised in CI
// (QEMU does not model the flash interface): test on the board.

#include <string.h>

#include "py/mperrno.h"

#include "board_config.h"
#include "cortexm.h"
#include "vfs/storage.h"

#define FLASH_ACR       REG32(0x40023c00u)
#define FLASH_KEYR      REG32(0x40023c04u)
#define FLASH_SR        REG32(0x40023c0cu)
#define FLASH_CR        REG32(0x40023c10u)
#define FLASH_KEY1      (0x45670123u)
#define FLASH_KEY2      (0xcdef89abu)
#define SR_BSY          (1u << 16)
#define SR_ERRORS       (0xf2u) // PGSERR PGPERR PGAERR WRPERR OPERR
#define SR_EOP          (1u << 0)
#define CR_PG           (1u << 0)
#define CR_SER          (1u << 1)
#define CR_SNB_SHIFT    (3)
#define CR_PSIZE_X32    (2u << 8)
#define CR_STRT         (1u << 16)
#define CR_LOCK         (1u << 31)
#define ACR_DCEN        (1u << 10)
#define ACR_DCRST       (1u << 12)

// Sectors 5.. are 128 KiB from 0x08020000 (RM0090 table 5).
#define FLASH_BANK      (0x08000000u)
#define SECTOR5_ADDR    (FLASH_BANK + 0x20000u)
#define SECTOR_SIZE     (0x20000u)

bool storage_safe_boot(void) {
    return false;
}

int storage_init(void) {
    return 0;
}

uint32_t storage_block_size(void) {
    return MPWASM_STORAGE_BLOCK_SIZE;
}

uint32_t storage_block_count(void) {
    return MPWASM_STORAGE_SIZE / MPWASM_STORAGE_BLOCK_SIZE;
}

static uint32_t block_addr(uint32_t block) {
    return MPWASM_STORAGE_BASE + block * MPWASM_STORAGE_BLOCK_SIZE;
}

static int flash_wait(void) {
    while (FLASH_SR & SR_BSY) {
    }
    uint32_t sr = FLASH_SR;
    FLASH_SR = sr & (SR_ERRORS | SR_EOP); // write one to clear
    return (sr & SR_ERRORS) ? -MP_EIO : 0;
}

static void flash_unlock(void) {
    if (FLASH_CR & CR_LOCK) {
        FLASH_KEYR = FLASH_KEY1;
        FLASH_KEYR = FLASH_KEY2;
    }
}

static void flash_lock(void) {
    FLASH_CR = CR_LOCK;
    if (FLASH_ACR & ACR_DCEN) {
        // the data cache may hold what was there before (RM0090 3.5.2)
        FLASH_ACR &= ~ACR_DCEN;
        FLASH_ACR |= ACR_DCRST;
        FLASH_ACR &= ~ACR_DCRST;
        FLASH_ACR |= ACR_DCEN;
    }
}

int storage_read(uint32_t block, uint32_t off, void *buf, uint32_t len) {
    memcpy(buf, (const void *)(block_addr(block) + off), len);
    return 0;
}

int storage_prog(uint32_t block, uint32_t off, const void *buf, uint32_t len) {
    flash_unlock();
    int err = flash_wait();
    FLASH_CR = CR_PG | CR_PSIZE_X32;
    volatile uint32_t *dst = (volatile uint32_t *)(block_addr(block) + off);
    const uint8_t *src = buf;
    for (uint32_t i = 0; err == 0 && i < len; i += 4) {
        uint32_t word;
        memcpy(&word, src + i, 4); // littlefs buffers need not be aligned
        dst[i / 4] = word;
        err = flash_wait();
    }
    flash_lock();
    return err;
}

int storage_erase(uint32_t block) {
    uint32_t sector = 5 + (block_addr(block) - SECTOR5_ADDR) / SECTOR_SIZE;
    flash_unlock();
    int err = flash_wait();
    if (err == 0) {
        FLASH_CR = CR_SER | CR_PSIZE_X32 | (sector << CR_SNB_SHIFT);
        FLASH_CR |= CR_STRT;
        err = flash_wait();
    }
    flash_lock();
    return err;
}

int storage_sync(void) {
    return 0;
}
