// SPDX-License-Identifier: MIT
// Storage for QEMU boards: a file on the host (build/<board>/fs.img), read and
// written through ARM semihosting, so the filesystem outlives QEMU.
//
// QEMU serves semihosting when run with `-semihosting-config enable=on,
// target=native` (scripts/run_qemu.py does); its arguments `fs=PATH` name the
// image and `safeboot` skips boot.py and main.py. Without semihosting the
// BKPT traps; the fault handler (startup.c) answers -1 and the board boots
// without a filesystem. Calls: "Semihosting for AArch32 and AArch64" (ARM
// IHI 0056) 5.x: SYS_OPEN 0x01, SYS_WRITE 0x05, SYS_READ 0x06, SYS_SEEK 0x0A,
// SYS_GET_CMDLINE 0x15; r0 = operation, r1 = argument block.

#include <string.h>

#include "py/mperrno.h"

#include "board_config.h"
#include "vfs/storage.h"

#define SYS_OPEN (0x01)
#define SYS_WRITE (0x05)
#define SYS_READ (0x06)
#define SYS_SEEK (0x0a)
#define SYS_GET_CMDLINE (0x15)
#define OPEN_MODE_RB_PLUS (3) // "r+b"
#define OPEN_MODE_WB_PLUS (7) // "w+b"

static int32_t semihosting_handle = -1;
static char semihosting_cmdline[256];
static bool semihosting_cmdline_read;

static int32_t semihosting_call(uint32_t op, void *args) {
    register uint32_t r0 __asm__ ("r0") = op;
    register void *r1 __asm__ ("r1") = args;
    __asm volatile ("bkpt 0xab" : "+r" (r0) : "r" (r1) : "memory");
    return (int32_t)r0;
}

// The value of `key=` among the space-separated arguments, or NULL; `key`
// alone (a flag) returns "".
static const char *semihosting_arg(const char *key, size_t *len) {
    if (!semihosting_cmdline_read) {
        semihosting_cmdline_read = true;
        uint32_t args[2] = { (uint32_t)semihosting_cmdline, sizeof(semihosting_cmdline) - 1 };
        if (semihosting_call(SYS_GET_CMDLINE, args) != 0) {
            semihosting_cmdline[0] = '\0';
        }
    }
    size_t klen = strlen(key);
    for (const char *p = semihosting_cmdline; *p;) {
        while (*p == ' ') {
            p++;
        }
        const char *end = p;
        while (*end && *end != ' ') {
            end++;
        }
        if ((size_t)(end - p) >= klen && strncmp(p, key, klen) == 0) {
            if (p[klen] == '=') {
                *len = end - p - klen - 1;
                return p + klen + 1;
            }
            if (p + klen == end) {
                *len = 0;
                return p + klen;
            }
        }
        p = end;
    }
    return NULL;
}

bool storage_safe_boot(void) {
    size_t len;
    return semihosting_arg("safeboot", &len) != NULL;
}

int storage_init(void) {
    if (semihosting_handle >= 0) {
        return 0; // kept across soft resets
    }
    static char name[200];
    size_t len;
    const char *path = semihosting_arg("fs", &len);
    if (path == NULL || len == 0 || len >= sizeof(name)) {
        path = "fs.img"; // in QEMU's working directory
        len = strlen(path);
    }
    memcpy(name, path, len);
    name[len] = '\0';
    uint32_t args[3] = { (uint32_t)name, OPEN_MODE_RB_PLUS, len };
    int32_t h = semihosting_call(SYS_OPEN, args);
    if (h == -1) {
        args[1] = OPEN_MODE_WB_PLUS; // first run: create it
        h = semihosting_call(SYS_OPEN, args);
    }
    if (h == -1) {
        return -MP_ENODEV;
    }
    semihosting_handle = h;
    return 0;
}

uint32_t storage_block_size(void) {
    return MPWASM_STORAGE_BLOCK_SIZE;
}

uint32_t storage_block_count(void) {
    return MPWASM_STORAGE_SIZE / MPWASM_STORAGE_BLOCK_SIZE;
}

static int semihosting_seek(uint32_t block, uint32_t off) {
    uint32_t args[2] = { (uint32_t)semihosting_handle, block * MPWASM_STORAGE_BLOCK_SIZE + off };
    return semihosting_call(SYS_SEEK, args) == 0 ? 0 : -MP_EIO;
}

int storage_read(uint32_t block, uint32_t off, void *buf, uint32_t len) {
    if (semihosting_seek(block, off) < 0) {
        return -MP_EIO;
    }
    uint32_t args[3] = { (uint32_t)semihosting_handle, (uint32_t)buf, len };
    int32_t left = semihosting_call(SYS_READ, args); // bytes not read
    if (left < 0 || (uint32_t)left > len) {
        return -MP_EIO;
    }
    // Past the end of a short image: erased flash.
    memset((uint8_t *)buf + (len - left), 0xff, left);
    return 0;
}

int storage_prog(uint32_t block, uint32_t off, const void *buf, uint32_t len) {
    if (semihosting_seek(block, off) < 0) {
        return -MP_EIO;
    }
    uint32_t args[3] = { (uint32_t)semihosting_handle, (uint32_t)buf, len };
    return semihosting_call(SYS_WRITE, args) == 0 ? 0 : -MP_EIO;
}

int storage_erase(uint32_t block) {
    // As flash does: the block reads 0xff (an image tool sees what littlefs sees).
    static const uint8_t erased[256] = { [0 ... 255] = 0xff };
    for (uint32_t off = 0; off < MPWASM_STORAGE_BLOCK_SIZE; off += sizeof(erased)) {
        int err = storage_prog(block, off, erased, sizeof(erased));
        if (err < 0) {
            return err;
        }
    }
    return 0;
}

int storage_sync(void) {
    return 0; // every write is already the host's
}
