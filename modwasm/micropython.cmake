# SPDX-License-Identifier: MIT
# MicroPython user C module for `wasm`, for the cmake-based ports (rp2,
# esp32, ...): the same sources as micropython.mk, for
#   make -C ports/rp2 USER_C_MODULES=/path/to/mpwasm/modwasm/micropython.cmake
# (docs/add-to-firmware.md). py/usermod.cmake includes this file; the target
# below joins `usermod`, so every source is built into the firmware and the
# binding's qstrs are found.
#
# Features, one cache option each (-DMODWASM_WASI=OFF on the cmake line, or
# set() before the ports' cmake includes this file):
#   MODWASM_WASI        wasm.WASI and wasm.Exit (MICROPY_PY_WASM_WASI)
#   MODWASM_STACK_SLOTS engine value stack in 8-byte slots (MW_DEFAULT_STACK_SLOTS; 0 = the engine's default)
#   MODWASM_MAX_FRAMES  engine call depth (MW_DEFAULT_MAX_FRAMES; 0 = the engine's default)
#   MODWASM_UNLOWER     Module.unlower() (MW_UNLOWER; OFF saves its flash on a full board)
# Shared heaps, multiple memories, tables and globals are always in: the
# binding has no switch for them (docs/add-to-firmware.md says what they cost).

option(MODWASM_WASI "wasm.WASI: run WASI programs (printf, argv, exit, clocks)" ON)
set(MODWASM_STACK_SLOTS 0 CACHE STRING "wasm value stack slots per runtime (0: engine default)")
set(MODWASM_MAX_FRAMES 0 CACHE STRING "wasm call depth per runtime (0: engine default)")
option(MODWASM_UNLOWER "Module.unlower(): a lazy module gives back its lowered code" ON)

add_library(usermod_wasm INTERFACE)

file(GLOB MODWASM_BINDING_SOURCES ${CMAKE_CURRENT_LIST_DIR}/binding/*.c)
file(GLOB MODWASM_ENGINE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/engine/*.c)
target_sources(usermod_wasm INTERFACE ${MODWASM_BINDING_SOURCES} ${MODWASM_ENGINE_SOURCES})

# engine/ for mw.h; the repo root for ports/common/regions.h (noregions.c
# implements it on any firmware but mpwasm's own).
target_include_directories(usermod_wasm INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}/engine
    ${CMAKE_CURRENT_LIST_DIR}/..
)

if(MODWASM_WASI)
    target_compile_definitions(usermod_wasm INTERFACE MICROPY_PY_WASM_WASI=1)
else()
    target_compile_definitions(usermod_wasm INTERFACE MICROPY_PY_WASM_WASI=0)
endif()
if(MODWASM_STACK_SLOTS)
    target_compile_definitions(usermod_wasm INTERFACE MW_DEFAULT_STACK_SLOTS=${MODWASM_STACK_SLOTS})
endif()
if(MODWASM_MAX_FRAMES)
    target_compile_definitions(usermod_wasm INTERFACE MW_DEFAULT_MAX_FRAMES=${MODWASM_MAX_FRAMES})
endif()
if(NOT MODWASM_UNLOWER)
    target_compile_definitions(usermod_wasm INTERFACE MW_UNLOWER=0)
endif()

target_link_libraries(usermod INTERFACE usermod_wasm)
