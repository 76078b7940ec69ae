# SPDX-License-Identifier: MIT
# What makes an object out of date beyond its source and the headers its
# dependency file names: one set of rules for the ports (rules.mk) and for
# wasm.mpy (ports/natmod/Makefile). Set before including it:
#   FLAGS_STAMP  the file that keeps the flags (build folder/cflags.txt)
#   FLAGS_TEXT   the flags, as the objects are compiled with them
#   STAMPED_OBJ  the objects compiled with FLAGS_TEXT
#   DEP_OBJ      the objects that have a dependency file, named after the
#   DEP_SUFFIX   object with this suffix (.P for mkrules.mk, .d for gcc -MMD)
#
# The flags: no dependency file names them, so FLAGS_STAMP holds them and is
# rewritten when they change (another PROFILE= or CFLAGS_EXTRA=, a board's
# generated flags), and every object is compiled again rather than mixed with
# objects of other flags (an engine struct's layout follows its MW_ switches).
# Under make -n or -q nothing is written: the objects are then out of date
# through FORCE. Compared stripped: GNU make 4.3's $(file <) here kept the
# file's last newline, and every build recompiled everything.
FLAGS_BEFORE := $(file <$(FLAGS_STAMP))
ifneq ($(strip $(FLAGS_BEFORE)),$(strip $(FLAGS_TEXT)))
ifneq ($(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS))),)
$(FLAGS_STAMP): FORCE
	@: the flags changed since the objects were compiled
else
$(shell mkdir -p $(dir $(FLAGS_STAMP)))
$(file >$(FLAGS_STAMP),$(FLAGS_TEXT))
endif
endif
$(STAMPED_OBJ): $(FLAGS_STAMP)

# An object whose dependency file is missing (a build interrupted between the
# compile and the file, or the file deleted) would follow none of its
# headers: it is out of date. A clean build compiles each object once and a
# second make compiles nothing, the dependency files being there then
# (tests/host/test_build_deps.py). Not the `%.o: %.d` + empty `%.d:` rule
# idiom: mkrules.mk writes its .P after the object, so the .P would stay
# newer and every make would compile every object again.
DEPS_MISSING := $(filter-out $(wildcard $(DEP_OBJ:.o=$(DEP_SUFFIX))),$(DEP_OBJ:.o=$(DEP_SUFFIX)))
$(DEPS_MISSING:$(DEP_SUFFIX)=.o): FORCE

.PHONY: FORCE
FORCE:
