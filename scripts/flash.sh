#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Write build/<board>/firmware.bin to a real board with the flash tool its
# board.py names (flash_tool). Usage: scripts/flash.sh BOARD
set -euo pipefail
cd "$(dirname "$0")/.."
board=${1:?usage: scripts/flash.sh BOARD}
gen=build/$board/gen
[ -f "$gen/board.mk" ] || { echo "flash: $gen/board.mk missing: run make firmware BOARD=$board" >&2; exit 2; }
tool=$(sed -n 's/^BOARD_FLASH_TOOL = *//p' "$gen/board.mk")
base=$(sed -n 's/^#define MPWASM_FLASH_BASE (\(0x[0-9a-fA-F]*\)u)/\1/p' "$gen/board_config.h")
bin=build/$board/firmware.bin
elf=build/$board/firmware.elf
need() {
    command -v "$1" >/dev/null || { echo "flash: $1 not found: sudo apt-get install $2" >&2; exit 2; }
}
case "$tool" in
    dfu-util)
        # STM32 system bootloader: hold BOOT0 high (pyboard: jumper 3V3-P1/BOOT0) and reset.
        need dfu-util dfu-util
        dfu-util -a 0 -d 0483:df11 -s "$base:leave" -D "$bin"
        ;;
    st-flash)
        need st-flash stlink-tools
        st-flash --reset write "$bin" "$base"
        ;;
    openocd)
        need openocd openocd
        openocd -f interface/stlink.cfg -f target/stm32f4x.cfg -c "program $elf verify reset exit"
        ;;
    uf2)
        # RP2350 boot ROM: hold BOOTSEL while plugging the board in; it mounts as a drive named RP2350.
        uf2=build/$board/firmware.uf2
        drive=${UF2_DRIVE:-$(findmnt -rn -o TARGET -S LABEL=RP2350 2>/dev/null || true)}
        if [ -z "$drive" ]; then
            echo "flash: no RP2350 drive mounted: hold BOOTSEL, plug the board in, mount it (or set UF2_DRIVE=/path)" >&2
            exit 2
        fi
        cp "$uf2" "$drive/" && sync
        echo "flash: copied $uf2 to $drive; the board reboots into it"
        ;;
    "")
        echo "flash: board $board has no flash tool (a QEMU board: use make run BOARD=$board)" >&2
        exit 2
        ;;
    *)
        echo "flash: unknown flash tool '$tool' for board $board" >&2
        exit 2
        ;;
esac
