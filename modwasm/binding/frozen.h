// SPDX-License-Identifier: MIT
// frozen.h: the table of precompiled module images linked into a firmware
// (docs/images.md). `make firmware WASM_FROZEN=dir/` generates it (by
// scripts/gen_frozen_images.py: every dir/*.wasm through wasm-cross, as
// aligned const arrays in flash) and builds the binding with
// MICROPY_PY_WASM_FROZEN=1; wasm.frozen() lists the names and
// wasm.Module.frozen(name) loads one in place. No MicroPython includes: the
// generated file includes only this.
#ifndef MODWASM_FROZEN_H
#define MODWASM_FROZEN_H

#include <stddef.h>
#include <stdint.h>

typedef struct modwasm_frozen {
    const char *name;         // the .wasm file's name without ".wasm"
    const uint8_t *image;     // 8-byte aligned, in flash
    uint32_t len;
} modwasm_frozen_t;

extern const modwasm_frozen_t modwasm_frozen_images[];
extern const size_t modwasm_frozen_count;

#endif // MODWASM_FROZEN_H
