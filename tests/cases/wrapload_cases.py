# SPDX-License-Identifier: MIT
"""An i64.load32_u wrapped by i32.wrap_i64 (which emits nothing) into the
op a LOAD32_U fuses with, its destination an i64 local holding -1 (a
non-zero high word), read back as an i64 after (tests/programs/
engine_wrapload.wat): the load must write the whole slot. At 7d94faf the
fused rows (LOAD32_U_I32_ADD, _IMMH, the load-and-branch rows, LOAD32_U_RMW,
LOAD32_U_F32_ADD) wrote the low word alone on 32-bit targets (exec.c,
19c1858: xxhash printed other bytes on mps2_an385); the host writes whole
slots. Since format 71 (session 38) an i64.load32_u is I64_LOAD32_U, which
fuses with nothing after it, so those rows write the low word alone again
and these shapes check that no i64 load reaches them. The same for
i64.load8_u (I64_LOAD8_U, never fused). The same bodies
run on the host (tests/host/test_wrapload.py, built-in and wasm.mpy) and on
every board (tests/hil/test_wrapload_board.py).

Each case prints one line: the function's i64 result (the loaded value,
zero-extended), then what the fused op did (the add's sum, whether the
branch was taken: 1 taken, 2 not, the stored word, the float sum). The f32
rows run fused only on a core with an FPU (exec.c MW_LOADF_32: netduinoplus2,
mps2_an500; mps2_an385 runs them as the plain load, which writes the whole
slot)."""

from __future__ import annotations

PROGRAMS = ("engine_wrapload",)

# each case: a fresh instance (its memory's words as the data put them), its
# calls and what they printed
SETUP = r"""
e = wasm.Instance(wasm.Module(ENGINE_WRAPLOAD)).exports
s = e.sum
def w(a):
    m = memoryview(e.mem)
    return m[a] | m[a + 1] << 8 | m[a + 2] << 16 | m[a + 3] << 24
"""

CALLS = [
    # LOAD32_U_I32_ADD, LOAD32_U_I32_ADD_IMMH
    ("add32", "p(e.add32(0, 1, -1), s.value & 0xffffffff)", [(0x9ABCDEF1, 0x9ABCDEF2)]),
    ("addk32", "p(e.addk32(0, -1), s.value & 0xffffffff)", [(0x9ABCDEF1, 0x9ABCDEF6)]),
    # LOAD32_U_BR_EQ_IMM, LOAD32_U_BR_NE: taken and not
    ("eqk32", "p(e.eqk32(0, 0, -1), s.value, e.eqk32(4, 0, -1), s.value)", [(0x9ABCDEF1, 1, 0, 2)]),
    ("ne32", "p(e.ne32(0, 0, -1), s.value, e.ne32(0, -0x6543210f, -1), s.value)", [(0x9ABCDEF1, 1, 0x9ABCDEF1, 2)]),
    # LOAD32_U_RMW, twice
    ("rmw32", "p(e.rmw32(16, -1), w(16), e.rmw32(16, -1), w(16))", [(0xFFFFFFFE, 1, 1, 4)]),
    # LOAD32_U_F32_ADD: the load's value not read by the add, then read by it
    ("f32add32", "p(e.f32add32(0, 1.0, 2.0, -1), e.fsum.value)", [(0x9ABCDEF1, 3.0)]),
    ("f32bits32", "p(e.f32bits32(12, 2.0, -1), e.fsum.value)", [(0x3F800000, 3.0)]),
    # I64_LOAD8_U in the same shapes
    ("add8", "p(e.add8(8, 1, -1), s.value)", [(0xA5, 0xA6)]),
    ("eqk8", "p(e.eqk8(8, 0, -1), s.value, e.eqk8(9, 0, -1), s.value)", [(0xA5, 1, 0, 2)]),
    ("ne8", "p(e.ne8(8, 0, -1), s.value, e.ne8(8, 0xa5, -1), s.value)", [(0xA5, 1, 0xA5, 2)]),
    ("rmw8", "p(e.rmw8(24, -1), w(24), e.rmw8(24, -1), w(24))", [(0xFF, 2, 2, 5)]),
    # I64_LOAD32_U_X, _XR, _XM at address 0 and 8, and at 60 (memory's last
    # word: the load's own slow path, after the fused row's fast test)
    ("x32", "p(e.x32(-4, -1), e.x32(4, -1), e.x32(56, -1))", [(0x9ABCDEF1, 0xA5, 0x78563412)]),
    ("xr32", "p(e.xr32(0, 0, -1), e.xr32(4, 4, -1), e.xr32(60, 0, -1))", [(0x9ABCDEF1, 0xA5, 0x78563412)]),
    ("xm32", "p(e.xm32(0, 0, -1), e.xm32(4, 1, -1))", [(0x9ABCDEF1, 0xA5)]),
    # I64_LOAD32_U_XD, _XRD, _XMD into a slot whose high word was all ones
    ("xd32", "p(e.xd32(-4), e.xd32(4), e.xd32(56))", [(0x9ABCDEF1, 0xA5, 0x78563412)]),
    ("xrd32", "p(e.xrd32(0, 0), e.xrd32(4, 4))", [(0x9ABCDEF1, 0xA5)]),
    ("xmd32", "p(e.xmd32(0, 0), e.xmd32(4, 1))", [(0x9ABCDEF1, 0xA5)]),
    # I64_LOAD16_U plain, after an add, into the address's slot
    ("ld16", "p(e.ld16(0, -1), e.ld16(2, -1))", [(0xDEF1, 0x9ABC)]),
    ("xr16", "p(e.xr16(0, 0, -1), e.xr16(1, 1, -1))", [(0xDEF1, 0x9ABC)]),
    ("xd16", "p(e.xd16(-4), e.xd16(-2))", [(0xDEF1, 0x9ABC)]),
    # LOAD32_U_XD, LOAD16_U_XD: an i32's
    ("xd32i", "p(e.xd32i(-4), e.xd32i(4), e.xd16i(-4))", [(0x9ABCDEF1 - (1 << 32), 0xA5, 0xDEF1)]),
]

CASES = [(name, SETUP + call + "\n", expected) for name, call, expected in CALLS]
