# SPDX-License-Identifier: MIT
# Precompiled module images in flash (docs/images.md): WASM_FROZEN=dir/ runs
# wasm-cross (tools/wasm-cross/) over dir/*.wasm and links the images as
# aligned const arrays with a name table ($(BUILD)/wasm_frozen.c, generated
# by scripts/gen_frozen_images.py); wasm.frozen() lists them and
# wasm.Module.frozen(name) runs one in place. Without WASM_FROZEN the table
# is empty. Included by a port's Makefile (with the built-in module) before
# rules.mk, which links $(WASM_FROZEN_OBJ).
WASM_FROZEN ?=
# a board of the small profile runs only its own lowering's ops (the engine's
# MW_ALL_OPS=0): its images come from wasm-cross-small (cortex-m-small)
WASM_FROZEN_TARGET ?= $(if $(filter small,$(BOARD_PROFILE)),cortex-m-small,cortex-m)
# 0: images without the modules' function names (a trap then names indices,
# "function 7"); they cost flash only, read in place (docs/images.md)
WASM_FROZEN_NAMES ?= 1
WASM_CROSS = $(REPO)/build/wasm-cross/wasm-cross
CFLAGS += -DMICROPY_PY_WASM_FROZEN=1
WASM_FROZEN_OBJ = $(BUILD)/wasm_frozen.o

.PHONY: wasm-cross-tool
wasm-cross-tool:
	$(Q)$(MAKE) --no-print-directory -f $(REPO)/tools/wasm-cross/Makefile

# Regenerated on every build; rewritten (and so recompiled) only when an
# image or the list changed.
$(BUILD)/wasm_frozen.c: FORCE $(if $(WASM_FROZEN),wasm-cross-tool)
	$(Q)mkdir -p $(BUILD)
	$(Q)$(PYTHON) $(REPO)/scripts/gen_frozen_images.py --tool $(WASM_CROSS) --target $(WASM_FROZEN_TARGET) \
		$(if $(filter 0,$(WASM_FROZEN_NAMES)),--strip-names) --out $@ $(WASM_FROZEN)
