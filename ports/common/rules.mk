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

# Our sources are named from the repo root.
vpath %.c $(REPO)
vpath %.s $(REPO)

include $(MPY_DIR)/py/mkrules.mk
