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
# .P files of mkrules.mk, from gcc -MD) and the flags it was compiled with,
# which no .P names: $(BUILD)/cflags.txt holds them and is rewritten when they
# change (another PROFILE= or CFLAGS_EXTRA=, a board's generated flags), so
# every object is compiled again rather than mixed with objects of other
# flags (an engine struct's layout follows its MW_ switches). Under make -n
# or -q nothing is written: the objects are then out of date through FORCE.
# The build folder's own path is left out (a copy of the folder keeps its
# objects: tests/support/images.py); mkrules.mk adds a flag of its own from
# MICROPY_ROM_TEXT_COMPRESSION.
FLAGS_STAMP := $(BUILD)/cflags.txt
FLAGS_TEXT = $(subst $(BUILD),BUILD,$(CFLAGS)) ROM_TEXT_COMPRESSION=$(MICROPY_ROM_TEXT_COMPRESSION)
# (Compared stripped: GNU make 4.3's $(file <) here kept the file's last newline.)
FLAGS_BEFORE := $(file <$(FLAGS_STAMP))
ifneq ($(strip $(FLAGS_BEFORE)),$(strip $(FLAGS_TEXT)))
ifneq ($(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS))),)
$(FLAGS_STAMP): FORCE
	@: the flags changed since the objects were compiled
else
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_STAMP),$(FLAGS_TEXT))
endif
endif
$(OBJ): $(FLAGS_STAMP)

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
