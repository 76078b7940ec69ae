# SPDX-License-Identifier: MIT
# The engine's switches of a profile, looked up in one place for every build
# that names a profile: the host port (PROFILE=), wasm.mpy (NATMOD_PROFILE=)
# and wasm-cross's small build. They live in scripts/boardcfg/generate.py's
# PROFILE_CFLAGS, which gen_board.py also writes into a board's generated
# BOARD_CFLAGS_PROFILE, so a board, the host and wasm.mpy of one profile are
# compiled with the same switches.
#
# $(call profile_cflags,NAME,VARIABLE): the flags of profile NAME ("" for
# "full"); $(call engine_cflags,NAME,VARIABLE): the code-generation flags of
# the engine's objects alone (ENGINE_CFLAGS). A NAME that is not a profile
# stops the build naming VARIABLE and the profiles there are; so does a
# generate.py that Python cannot read. Needs REPO; runs $(PYTHON), else
# python3. Take it into a `:=` variable (Python runs once, and a bad NAME
# stops the build at that line).
profile_cflags = $(call _profile_flags,$(call _profile_ask,PROFILE_CFLAGS,$(1)),$(1),$(2),PROFILE_CFLAGS)
engine_cflags = $(call _profile_flags,$(call _profile_ask,ENGINE_CFLAGS,$(1)),$(1),$(2),ENGINE_CFLAGS)
# $(call engine_file_cflags,NAME,VARIABLE): each cold engine file's own flags
# (ENGINE_FILE_CFLAGS) as `file=-fa,-fb` words, which
# $(call engine_flags_of,FILE,WORDS) turns back into FILE's flags (FILE: the
# source's name without .c; nothing for a file not named).
engine_file_cflags = $(call _profile_flags,$(call _profile_ask_files,$(1),ENGINE_FILE_CFLAGS),$(1),$(2),ENGINE_FILE_CFLAGS)
# $(call binding_file_cflags,NAME,VARIABLE): wasm.mpy's binding files' own
# (BINDING_FILE_CFLAGS), the same words.
binding_file_cflags = $(call _profile_flags,$(call _profile_ask_files,$(1),BINDING_FILE_CFLAGS),$(1),$(2),BINDING_FILE_CFLAGS)
# $(call file_cflags_compiler,CC,WORDS): a warning (not a failure) when
# WORDS, files' own flags, are given and CC is not the version they were found
# with (generate.py FILE_CFLAGS_GCC): the build is right with them, but what
# each buys was measured with that compiler (bench/engine_flags.py --check).
file_cflags_compiler = $(if $(strip $(2)),$(call _file_cflags_warn,$(1),$(shell $(1) -dumpfullversion 2>&1),$(shell \
	cd $(REPO)/scripts && $(or $(PYTHON),python3) -c 'from boardcfg.generate import FILE_CFLAGS_GCC as V; print(V)' 2>&1)))
_file_cflags_warn = $(if $(filter $(3),$(2)),,$(warning warning: the engine's and binding's own flags \
	(scripts/boardcfg/generate.py ENGINE_FILE_CFLAGS, BINDING_FILE_CFLAGS) were chosen with arm-none-eabi-gcc $(3); \
	this is $(1) $(or $(2),of no version): built with them, but what each flag buys may differ here (bench/engine_flags.py --check)))
engine_flags_of = $(subst $(_profile_comma), ,$(patsubst $(1)=%,%,$(filter $(1)=%,$(2))))
_profile_comma := ,
_profile_ask_files = $(shell cd $(REPO)/scripts && $(or $(PYTHON),python3) -c \
	'from boardcfg.generate import $(2) as P, engine_file_cflags as f; print("=", f("$(1)", P)) if "$(1)" in P else print("?", *P)' 2>&1)
# The answer is "= FLAGS", "? PROFILES" or Python's error.
_profile_ask = $(shell cd $(REPO)/scripts && $(or $(PYTHON),python3) -c \
	'from boardcfg.generate import $(1) as P; print("=", P["$(2)"]) if "$(2)" in P else print("?", *P)' 2>&1)
_profile_flags = $(if $(filter =,$(firstword $(1))),$(_profile_rest),$(error $(3)=$(2): $(_profile_wrong)))
_profile_rest = $(wordlist 2,$(words $(1)),$(1))
_profile_wrong = $(if $(filter ?,$(firstword $(1))),$(_profile_unknown),$(_profile_unread))
_profile_unknown = not a profile of scripts/boardcfg/generate.py ($(4): $(_profile_rest))
_profile_unread = scripts/boardcfg/generate.py's $(4) could not be read: $(or $(1),no answer from $(or $(PYTHON),python3))
