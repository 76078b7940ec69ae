// SPDX-License-Identifier: MIT
// mw_config.h: every engine tunable, with its default and the reason for it.
// Override with -D on the compiler command line.
#ifndef MW_CONFIG_H
#define MW_CONFIG_H

// Value stack in 8-byte slots: 2048 slots = 16 KiB, enough for a few hundred
// frames of typical C code compiled to wasm, small enough for a 128 KiB MCU.
#ifndef MW_DEFAULT_STACK_SLOTS
#define MW_DEFAULT_STACK_SLOTS 2048
#endif

// Call depth limit (12 bytes per frame on 32-bit targets).
#ifndef MW_DEFAULT_MAX_FRAMES
#define MW_DEFAULT_MAX_FRAMES 512
#endif

// wasm -> host -> wasm nesting limit: each level costs C stack in the embedder.
#ifndef MW_DEFAULT_MAX_NESTING
#define MW_DEFAULT_MAX_NESTING 8
#endif

// Loop back-edges + calls between two calls of the poll hook: large enough to
// keep the hook off the profile, small enough for a responsive Ctrl-C.
#ifndef MW_DEFAULT_POLL_INTERVAL
#define MW_DEFAULT_POLL_INTERVAL 10000
#endif

// Largest number of locals in one function (params included): bounds the
// frame size so one frame can never exceed the value stack by itself.
#ifndef MW_MAX_LOCALS
#define MW_MAX_LOCALS 50000
#endif

// Computed-goto dispatch (GCC/Clang "labels as values"); 0 = portable switch.
#ifndef MW_COMPUTED_GOTO
#if defined(__GNUC__)
#define MW_COMPUTED_GOTO 1
#else
#define MW_COMPUTED_GOTO 0
#endif
#endif

#endif // MW_CONFIG_H
