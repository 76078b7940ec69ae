# SPDX-License-Identifier: MIT
# MicroPython user C module fragment for `wasm`: the binding (modwasm/binding/,
# scanned for qstrs) plus the pure-C engine (modwasm/engine/, not scanned: it
# never includes py/).
MODWASM_DIR := $(USERMOD_DIR)

SRC_USERMOD_C += $(addprefix $(MODWASM_DIR)/binding/,\
	binding.c \
	memory.c \
	global.c \
	table.c \
	sharedheap.c \
	window.c \
	wasi.c \
	wasi_files.c \
	modwasm.c \
	noregions.c \
	)

SRC_USERMOD_LIB_C += $(addprefix $(MODWASM_DIR)/engine/,\
	decode.c \
	reader.c \
	code.c \
	image.c \
	lower.c \
	lower_emit.c \
	lower_branch.c \
	lower_check.c \
	lower_narrow.c \
	lazy.c \
	exec.c \
	instance.c \
	func.c \
	runtime.c \
	call.c \
	memory.c \
	numeric.c \
	errors.c \
	sheap.c \
	window.c \
	)

# engine/ for mw.h; the repo root for ports/common/regions.h (the region API
# mpwasm's ports implement; noregions.c stands in elsewhere).
CFLAGS_USERMOD += -I$(MODWASM_DIR)/engine -I$(MODWASM_DIR)/..
