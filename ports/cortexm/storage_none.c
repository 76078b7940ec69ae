// SPDX-License-Identifier: MIT
// A board without storage (no `storage` in its board.py): no filesystem at
// "/"; vfs.Storage() raises OSError(ENODEV), other filesystems still mount.

#include "py/mperrno.h"

#include "vfs/storage.h"

bool storage_safe_boot(void) {
    return false;
}

int storage_init(void) {
    return -MP_ENODEV;
}

uint32_t storage_block_size(void) {
    return 0;
}

uint32_t storage_block_count(void) {
    return 0;
}

int storage_read(uint32_t block, uint32_t off, void *buf, uint32_t len) {
    return -MP_ENODEV;
}

int storage_prog(uint32_t block, uint32_t off, const void *buf, uint32_t len) {
    return -MP_ENODEV;
}

int storage_erase(uint32_t block) {
    return -MP_ENODEV;
}

int storage_sync(void) {
    return 0;
}
