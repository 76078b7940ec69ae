# SPDX-License-Identifier: MIT
"""What QEMU's machines map, for the validator's two boot rules (validate.py
check_boot, check_init_writes): a board whose firmware is linked where the
core does not read its vectors at reset, or that writes at boot to a register
QEMU does not map (a BusFault before the UART works), hangs without a word.

BOOT: the addresses where each machine's core sees its reset vector table: the
reset VTOR (`info qtree`: init-svtor; 0 on every ARMv7-M core) and each alias
QEMU maps of the same memory at the same offset (`info mtree -f`).
IO: the device ranges of the core's address space (`info mtree -f`, the flat
view holding cpu-memory-0: its `i/o` entries, QEMU's unimplemented devices
among them, adjacent ones merged).

From QEMU 7.2.22 (Debian 1:7.2+dfsg-7). Regenerate IO, and see the aliases and
init-svtor BOOT is read from, with:

    python3 scripts/boardcfg/qemu_maps.py mps2-an385 netduino2
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

BOOT: dict[str, tuple[int, ...]] = {
    "lm3s6965evb": (0x0000_0000,),  # stellaris.flash at 0 only
    "mps2-an385": (0x0000_0000, 0x0040_0000),  # mps.ssram1 at 0, again at 0x00400000
    "mps2-an500": (0x0000_0000, 0x0040_0000),  # mps.ssram1 at 0, again at 0x00400000
    "mps2-an505": (0x1000_0000,),  # init-svtor 0x10000000 (the secure alias of SSRAM1)
    "mps2-an511": (0x0000_0000,),  # mps.blockram at 0; 0x00400000 is another RAM, mps.ssram1
    "mps3-an547": (0x0000_0000, 0x1000_0000),  # init-svtor 0: sse300-itcm, again at 0x10000000
    "netduino2": (0x0000_0000, 0x0800_0000),  # STM32F205.flash at 0 and at 0x08000000
    "netduinoplus2": (0x0000_0000, 0x0800_0000),  # STM32F405.flash at 0 and at 0x08000000
}

# Real boards (no QEMU): where the chip boots from its flash (clocks.py names the chip).
# STM32F4 with BOOT0 low: main flash, aliased at 0 (RM0090 2.4); RP2350: the boot ROM
# runs the image whose IMAGE_DEF it finds at the start of flash, XIP at 0x10000000 (RP2350 5.1).
CHIP_BOOT: dict[str, tuple[int, ...]] = {
    "stm32f405": (0x0000_0000, 0x0800_0000),
    "stm32f446": (0x0000_0000, 0x0800_0000),
    "rp2350": (0x1000_0000,),
}

IO: dict[str, tuple[tuple[int, int], ...]] = {
    "lm3s6965evb": (
        (0x2200_0000, 0x2400_0000),
        (0x4000_0000, 0x4000_1000),
        (0x4000_2000, 0x4000_3000),
        (0x4000_4000, 0x4000_9000),
        (0x4000_C000, 0x4000_F000),
        (0x4002_0000, 0x4002_2000),
        (0x4002_4000, 0x4002_7000),
        (0x4002_8000, 0x4002_9000),
        (0x4002_C000, 0x4002_E000),
        (0x4003_0000, 0x4003_4000),
        (0x4003_8000, 0x4003_9000),
        (0x4003_C000, 0x4003_D000),
        (0x4004_8000, 0x4004_9000),
        (0x400F_C000, 0x400F_F000),
        (0x4200_0000, 0x4400_0000),
        (0xE000_0000, 0xE010_0000),
    ),
    "mps2-an385": (
        (0x0080_0000, 0x0100_0000),
        (0x0101_0000, 0x2000_0000),
        (0x2080_0000, 0x2100_0000),
        (0x2200_0000, 0x2400_0000),
        (0x4000_0000, 0x4020_0100),
        (0x4100_0000, 0x4120_0000),
        (0x4200_0000, 0x4400_0000),
        (0xE000_0000, 0xE010_0000),
    ),
    "mps2-an500": (
        (0x0080_0000, 0x2000_0000),
        (0x2080_0000, 0x2400_0000),
        (0x4000_0000, 0x4020_0000),
        (0x4100_0000, 0x4120_0000),
        (0x4200_0000, 0x4400_0000),
        (0xA000_0000, 0xA000_0100),
        (0xE000_0000, 0xE010_0000),
    ),
    "mps2-an505": (
        (0x0000_0000, 0x0080_0000),
        (0x1000_0000, 0x1080_0000),
        (0x2000_0000, 0x2000_8000),
        (0x2800_0000, 0x2840_0000),
        (0x3000_0000, 0x3000_8000),
        (0x3800_0000, 0x3840_0000),
        (0x4000_0000, 0x4000_3000),
        (0x4002_0000, 0x4002_1000),
        (0x4002_F000, 0x4003_0000),
        (0x4008_0000, 0x4008_2000),
        (0x4010_0000, 0x4010_4000),
        (0x4011_0000, 0x4011_4000),
        (0x4020_0000, 0x4020_E000),
        (0x4030_0000, 0x4030_3000),
        (0x4100_0000, 0x4114_0000),
        (0x4200_0000, 0x4200_0100),
        (0x4800_7000, 0x4800_8000),
        (0x5000_0000, 0x5000_3000),
        (0x5002_0000, 0x5002_2000),
        (0x5002_E000, 0x5003_0000),
        (0x5008_0000, 0x5008_2000),
        (0x5008_3000, 0x5008_4000),
        (0x5010_0000, 0x5010_4000),
        (0x5011_0000, 0x5011_4000),
        (0x5020_0000, 0x5020_E000),
        (0x5030_0000, 0x5030_3000),
        (0x5100_0000, 0x5114_0000),
        (0x5200_0000, 0x5200_0100),
        (0x5800_7000, 0x5800_A000),
        (0xE000_0000, 0xE010_0000),
    ),
    "mps2-an511": (
        (0x00C0_0000, 0x2000_0000),
        (0x2080_0000, 0x2100_0000),
        (0x2200_0000, 0x2400_0000),
        (0x4000_0000, 0x4020_0100),
        (0x4100_0000, 0x4120_0000),
        (0x4200_0000, 0x4400_0000),
        (0xE000_0000, 0xE010_0000),
    ),
    "mps3-an547": (
        (0x0100_0000, 0x0120_0000),
        (0x1100_0000, 0x1120_0000),
        (0x2100_0000, 0x2140_0000),
        (0x2800_0000, 0x2880_0000),
        (0x3100_0000, 0x3140_0000),
        (0x3800_0000, 0x3880_0000),
        (0x4001_2000, 0x4001_3000),
        (0x4001_F000, 0x4002_0000),
        (0x4008_0000, 0x4008_1000),
        (0x4110_0000, 0x4110_4000),
        (0x4140_0000, 0x4160_0000),
        (0x4800_0000, 0x4800_4000),
        (0x4800_7000, 0x4800_8000),
        (0x4802_0000, 0x4802_1000),
        (0x4802_E000, 0x4803_0000),
        (0x4804_0000, 0x4804_2000),
        (0x4810_1000, 0x4810_4000),
        (0x4920_0000, 0x4920_7000),
        (0x4920_8000, 0x4920_9000),
        (0x4930_0000, 0x4930_9000),
        (0x4930_A000, 0x4930_C000),
        (0x5001_1000, 0x5001_3000),
        (0x5001_F000, 0x5002_0000),
        (0x5002_3000, 0x5002_4000),
        (0x5002_8000, 0x5002_A000),
        (0x5008_0000, 0x5008_1000),
        (0x5008_3000, 0x5008_5000),
        (0x5110_0000, 0x5110_4000),
        (0x5140_0000, 0x5160_0000),
        (0x5700_0000, 0x5700_3000),
        (0x5800_0000, 0x5800_4000),
        (0x5800_7000, 0x5800_8000),
        (0x5802_0000, 0x5802_3000),
        (0x5802_E000, 0x5803_0000),
        (0x5804_0000, 0x5804_2000),
        (0x5810_0000, 0x5810_4000),
        (0x5920_0000, 0x5920_7000),
        (0x5920_8000, 0x5920_9000),
        (0x5930_0000, 0x5930_9000),
        (0x5930_A000, 0x5930_C000),
        (0x6000_0000, 0xE010_0000),
    ),
    "netduino2": (
        (0x2200_0000, 0x2400_0000),
        (0x4000_0000, 0x4000_1000),
        (0x4000_3800, 0x4000_4000),
        (0x4000_4400, 0x4000_5400),
        (0x4001_1000, 0x4001_1800),
        (0x4001_2000, 0x4001_2300),
        (0x4001_3000, 0x4001_3400),
        (0x4001_3800, 0x4001_3C00),
        (0x4200_0000, 0x4400_0000),
        (0xE000_0000, 0xE010_0000),
    ),
    "netduinoplus2": (
        (0x2200_0000, 0x2400_0000),
        (0x4000_0000, 0x4000_2400),
        (0x4000_2800, 0x4000_3400),
        (0x4000_3800, 0x4000_6000),
        (0x4000_6400, 0x4000_6C00),
        (0x4000_7000, 0x4000_7C00),
        (0x4001_0000, 0x4001_0800),
        (0x4001_1000, 0x4001_1800),
        (0x4001_2000, 0x4001_2600),
        (0x4001_2C00, 0x4001_4C00),
        (0x4001_5000, 0x4001_5800),
        (0x4002_0000, 0x4002_2400),
        (0x4002_3000, 0x4002_3400),
        (0x4002_3800, 0x4002_4400),
        (0x4002_6000, 0x4002_6800),
        (0x4002_8000, 0x4002_9400),
        (0x4004_0000, 0x4007_0000),
        (0x4200_0000, 0x4400_0000),
        (0x5000_0000, 0x5003_1000),
        (0x5005_0000, 0x5005_0400),
        (0x5006_0800, 0x5006_0C00),
        (0xE000_0000, 0xE010_0000),
    ),
}


def dump(machine: str) -> str:
    """`info mtree -f` and `info qtree` of `machine`, stopped before it runs (-S)."""
    cmd = ["qemu-system-arm", "-M", machine, "-nographic", "-S", "-monitor", "stdio", "-serial", "null"]
    out = subprocess.run(cmd, input="info mtree -f\ninfo qtree\nquit\n", capture_output=True, text=True, timeout=30)
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.stdout)


def io_ranges(text: str) -> list[tuple[int, int]]:
    """The merged `i/o` ranges of the flat view whose address spaces include cpu-memory-0."""
    views = re.split(r"\nFlatView #\d+\n", text)
    view = next(v for v in views if 'AS "cpu-memory-0"' in v)
    spans = []
    for m in re.finditer(r"^\s+([0-9a-f]{16})-([0-9a-f]{16}) \(prio -?\d+, i/o\)", view, re.M):
        spans.append((int(m[1], 16), int(m[2], 16) + 1))
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def main() -> int:
    ap = argparse.ArgumentParser(description="Print QEMU machines' IO rows and what BOOT is read from.")
    ap.add_argument("machines", nargs="+", help="QEMU machine names (qemu-system-arm -M help)")
    args = ap.parse_args()
    for machine in args.machines:
        text = dump(machine)
        print(f"# {machine}: " + "; ".join(sorted(set(re.findall(r"init-svtor = \S+ \((0x[0-9a-f]+)\)", text)))))
        print(f'    "{machine}": (')
        for lo, hi in io_ranges(text):
            print(f"        (0x{lo:09_X}, 0x{hi:09_X}),")  # as ruff formats them
        print("    ),")
    return 0


if __name__ == "__main__":
    sys.exit(main())
