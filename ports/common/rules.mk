# SPDX-License-Identifier: MIT
# Objects and build rules of an mpwasm port: included last by each port's
# Makefile, after it has added to SRC_C, SHARED_SRC_C, SRC_S and LIB_SRC_C.

OBJ = $(PY_O)
OBJ += $(addprefix $(BUILD)/, $(SRC_C:.c=.o))
OBJ += $(addprefix $(BUILD)/, $(SHARED_SRC_C:.c=.o))
OBJ += $(addprefix $(BUILD)/, $(SRC_S:.s=.o))
# Third-party C (deps/): compiled, but not scanned for qstrs.
OBJ += $(addprefix $(BUILD)/, $(LIB_SRC_C:.c=.o))
# Precompiled module images (wasm_frozen.mk), where the port includes it.
OBJ += $(WASM_FROZEN_OBJ)

SRC_QSTR += $(SRC_C) $(SHARED_SRC_C)

# makemanifest.py regenerates frozen_content.c only when a frozen .py changed,
# but which qstrs it declares depends on the port's own: start it afresh
# whenever those change.
$(BUILD)/frozen_content.c: $(BUILD)/frozen_content.stale
$(BUILD)/frozen_content.stale: $(HEADER_BUILD)/qstrdefs.generated.h
	$(Q)rm -f $(BUILD)/frozen_content.c
	$(Q)touch $@

# What an object depends on beyond its source: the headers it included (the
# .P files of mkrules.mk, from gcc -MD), and objdeps.mk's: the flags it was
# compiled with, kept in $(BUILD)/cflags.txt, and its .P being there. The
# build folder's own path is left out of the flags (a copy of the folder
# keeps its objects: tests/support/images.py); mkrules.mk adds a flag of its
# own from MICROPY_ROM_TEXT_COMPRESSION, and a port's ENGINE_CFLAGS and
# ENGINE_FILE_CFLAGS (the engine's objects' own flags) and OBJ_FLAGS_TEXT (what decides any other
# object's own flags: the cortexm port's NO_LTO and FAT_LTO lists) are written beside
# them. Assembler objects have no .P.
FLAGS_STAMP := $(BUILD)/cflags.txt
FLAGS_TEXT = $(subst $(BUILD),BUILD,$(CFLAGS)) ROM_TEXT_COMPRESSION=$(MICROPY_ROM_TEXT_COMPRESSION)$(if $(ENGINE_CFLAGS), ENGINE_CFLAGS=$(ENGINE_CFLAGS))$(if $(ENGINE_FILE_CFLAGS), ENGINE_FILE_CFLAGS=$(ENGINE_FILE_CFLAGS))$(if $(strip $(OBJ_FLAGS_TEXT)), $(strip $(OBJ_FLAGS_TEXT)))
STAMPED_OBJ = $(OBJ)
DEP_OBJ = $(filter-out $(addprefix $(BUILD)/, $(SRC_S:.s=.o)),$(OBJ))
DEP_SUFFIX = .P
include $(REPO)/ports/common/objdeps.mk

# The qstrs, module and root-pointer tables are extracted from the sources
# preprocessed with the configuration: MicroPython's rule extracts them again
# from every source when mpconfigport.h changes (QSTR_GLOBAL_DEPENDENCIES),
# but only from the changed sources otherwise. The configuration is also the
# headers mpconfigport.h includes (each port adds its own) and the flags.
QSTR_GLOBAL_DEPENDENCIES += $(REPO)/ports/common/mpconfigcommon.h $(FLAGS_STAMP)

# Our sources are named from the repo root.
vpath %.c $(REPO)
vpath %.s $(REPO)

include $(MPY_DIR)/py/mkrules.mk
