// SPDX-License-Identifier: MIT
// The board's storage as a block device, for littlefs (ports/cortexm/vfs/vfs_lfs.c). Each
// port/board provides one implementation (ports/cortexm/storage_*.c).
// Functions return 0 or a negative MP_Exxx errno.
#ifndef MPWASM_VFS_STORAGE_H
#define MPWASM_VFS_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

// Make the storage usable; -MP_ENODEV when this board (or this run) has none.
int storage_init(void);
uint32_t storage_block_size(void); // the erase block, in bytes
uint32_t storage_block_count(void);
int storage_read(uint32_t block, uint32_t off, void *buf, uint32_t len);
// Program bytes of an erased block (`off` and `len` multiples of 16).
int storage_prog(uint32_t block, uint32_t off, const void *buf, uint32_t len);
int storage_erase(uint32_t block);
int storage_sync(void);

// Skip boot.py and main.py this boot (safe boot), as the board was asked to.
bool storage_safe_boot(void);

#endif // MPWASM_VFS_STORAGE_H
