# SPDX-License-Identifier: MIT
# The MicroPython core for an mpwasm port: included by each port's Makefile
# after it sets REPO, MPY_DIR, BUILD, FROZEN_MANIFEST (and CROSS_COMPILE).

include $(MPY_DIR)/py/mkenv.mk

# py/makeversionhdr.py would describe our repo otherwise.
export MICROPY_GIT_TAG = v1.23.0
export MICROPY_GIT_HASH = mpwasm

# Every folder holding a micropython.mk (modwasm/) is a user C module.
USER_C_MODULES ?= $(REPO)

include $(MPY_DIR)/py/py.mk

CWARN = -Wall -Werror -Wdouble-promotion

# What both ports take from MicroPython's shared/: the REPL and stdio.
SHARED_SRC_C = \
	shared/runtime/pyexec.c \
	shared/runtime/stdout_helpers.c \
	shared/runtime/sys_stdio_mphal.c \
	shared/readline/readline.c \

# What both ports take from ports/common/.
SRC_C = \
	ports/common/memfault.c \
	ports/common/modtime.c \
