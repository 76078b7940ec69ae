#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a UF2 file (Microsoft's USB flashing format, github.com/microsoft/uf2)
from a flat binary: what a board's USB mass-storage boot loader (the RP2350's
BOOTSEL drive) takes by file copy.

    python3 scripts/uf2.py build/pico2/firmware.bin build/pico2/firmware.uf2 --base 0x10000000 --family 0xe48bff59

Each 512-byte block carries 256 bytes of payload for one flash address, the
block number and count, and the family ID (flag 0x2000) the boot loader checks
the image against (RP2350 Arm Secure: 0xe48bff59).
"""

from __future__ import annotations

import argparse
import struct
from pathlib import Path

MAGIC_START0 = 0x0A324655  # "UF2\n"
MAGIC_START1 = 0x9E5D5157
MAGIC_END = 0x0AB16F30
FLAG_FAMILY_ID = 0x00002000
PAYLOAD = 256
BLOCK = 512
DATA_AREA = 476

FAMILIES = {"rp2350-arm-s": 0xE48BFF59}


def to_uf2(data: bytes, base: int, family: int) -> bytes:
    """The UF2 image of `data` written at flash address `base`."""
    if base % PAYLOAD:
        raise ValueError(f"base {base:#x} is not a multiple of {PAYLOAD}")
    chunks = [data[i : i + PAYLOAD] for i in range(0, len(data), PAYLOAD)] or [b""]
    out = bytearray()
    for n, chunk in enumerate(chunks):
        header = struct.pack(
            "<8I",
            MAGIC_START0,
            MAGIC_START1,
            FLAG_FAMILY_ID,
            base + n * PAYLOAD,
            PAYLOAD,
            n,
            len(chunks),
            family,
        )
        body = chunk.ljust(PAYLOAD, b"\0").ljust(DATA_AREA, b"\0")
        out += header + body + struct.pack("<I", MAGIC_END)
    assert len(out) == BLOCK * len(chunks)
    return bytes(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin", type=Path)
    ap.add_argument("uf2", type=Path)
    ap.add_argument("--base", type=lambda s: int(s, 0), required=True, help="flash address of the first byte")
    ap.add_argument("--family", type=lambda s: int(s, 0), required=True, help="UF2 family ID")
    args = ap.parse_args()
    args.uf2.write_bytes(to_uf2(args.bin.read_bytes(), args.base, args.family))


if __name__ == "__main__":
    main()
