# SPDX-License-Identifier: MIT
# MicroPython user C module fragment for `wasm`: the binding (scanned for
# qstrs) plus the pure-C engine (not scanned: it never includes py/).
MODWASM_DIR := $(USERMOD_DIR)

SRC_USERMOD_C += $(MODWASM_DIR)/modwasm.c
SRC_USERMOD_C += $(MODWASM_DIR)/modwasi.c
SRC_USERMOD_C += $(MODWASM_DIR)/modsheap.c

SRC_USERMOD_LIB_C += $(addprefix $(MODWASM_DIR)/engine/,\
	decode.c \
	lower.c \
	exec.c \
	instance.c \
	memory.c \
	numeric.c \
	errors.c \
	sheap.c \
	)

CFLAGS_USERMOD += -I$(MODWASM_DIR)/engine
