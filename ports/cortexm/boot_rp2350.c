// SPDX-License-Identifier: MIT
// The RP2350 boot ROM boots a flash image only if it finds an IMAGE_DEF
// metadata block in the first 4 KiB (RP2350 datasheet 5.9.5, "minimum viable
// image metadata"). This is that block: one IMAGE_TYPE item saying "Arm,
// Secure, executable, RP2350", placed right after the vector table
// (sections.ld keeps .boot_block there). With no entry-point item the ROM
// enters through the vector table at the start of flash (SP, then reset).

#include <stdint.h>

__attribute__((section(".boot_block"), used, aligned(4)))
const uint32_t rp2350_image_def[5] = {
    0xffffded3u, // PICOBIN_BLOCK_MARKER_START
    0x10210142u, // item 0x42 IMAGE_TYPE, 1 word: EXE | CHIP RP2350 | CPU ARM | SECURITY SECURE
    0x000001ffu, // item 0xff LAST, covering 1 word of items
    0x00000000u, // offset of the next block in the loop: 0, this block links to itself
    0xab123579u, // PICOBIN_BLOCK_MARKER_END
};
