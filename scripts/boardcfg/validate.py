# SPDX-License-Identifier: MIT
"""The one validator of board configurations.

Every error is a `BoardConfigError` whose message names the board, the field
or region, and the rule broken, in the form:

    board 'mps2_an385': regions['scratch'].size: 0x3000 is not a power of two (rule: mpu-v7m-size)

The first error found is raised; a board file fixes one thing at a time.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .clocks import Rp2350Clock, Stm32f4Clock, check_clock, uart_bus_hz
from .pins import uart_pin_table
from .qemu_maps import BOOT, CHIP_BOOT, IO
from .schema import (
    Access,
    Board,
    CiSuite,
    Core,
    CounterKind,
    FlashTool,
    Fpu,
    Memory,
    Profile,
    Region,
    StorageKind,
    TimerKind,
    UartKind,
)

# MPU regions the port programs itself (ports/cortexm/mpu.c). ARMv7-M: flash
# (read-only) and the stack guard; the privileged default map is the
# background. ARMv8-M has no privileged no-access permission and its regions
# may not overlap, so the background is off and the port covers flash, RAM
# below and above the stack guard, and the peripherals; a board's `none`
# region is a hole there and needs no MPU region.
MPU_FIXED_REGIONS = {"armv7m": 2, "armv8m": 4}

# MPU regions the silicon has: ARMv7-M MPUs in the M3/M4/M7 have 8 (DDI0403E
# B3.5, MPU_TYPE.DREGION read 8 on QEMU 7.2); the M33 has up to 16 per security
# state (DDI0553 B10.1; QEMU 7.2 mps2-an505 reads MPU_TYPE.DREGION = 16).
MPU_REGIONS = {"armv7m": 8, "armv8m": 16}

# ARMv7-M: a region's size is a power of two >= 32 bytes and its base is a
# multiple of its size (DDI0403E B3.5.8 MPU_RASR.SIZE). ARMv8-M: base and limit
# are on 32-byte boundaries (DDI0553 D1.2.160 MPU_RBAR, MPU_RLAR).
MPU_MIN_SIZE = 32
MPU_V8M_GRANULE = 32

# External interrupts an NVIC can have: 496 on ARMv7-M (DDI0403E B3.4), 480 on ARMv8-M (DDI0553 B3.4).
MAX_IRQS = {"armv7m": 496, "armv8m": 480}

# Floating-point units each core can have (Cortex-M3 TRM: none; M4 TRM: FPv4-SP;
# M7 TRM: FPv5 single or double; M33 TRM: FPv5 single, optional).
FPU_ALLOWED: dict[str, tuple[str | None, ...]] = {
    "cortex-m3": (None,),
    "cortex-m4": (None, "sp"),
    "cortex-m7": (None, "sp", "dp"),
    "cortex-m33": (None, "sp"),
    "cortex-m55": (None, "sp", "dp"),  # M55 TRM: FPv5 single or single+double, with MVE
}

# The allowed values of each field come from the schema's Literal types.
CORES: tuple[str, ...] = get_args(Core)
FPUS: tuple[str | None, ...] = (None, *get_args(get_args(Fpu)[0]))
ACCESSES: tuple[str, ...] = get_args(Access)
if set(FPU_ALLOWED) != set(CORES):  # a new core in schema.Core needs its FPU row here
    raise RuntimeError(f"boardcfg: FPU_ALLOWED and schema.Core differ: {set(FPU_ALLOWED) ^ set(CORES)}")

UART_KINDS: tuple[str, ...] = get_args(UartKind)
TIMER_KINDS: tuple[str, ...] = get_args(TimerKind)
COUNTER_KINDS: tuple[str, ...] = get_args(CounterKind)
# Where a timer's registers may be: the "Peripheral" region of the ARMv7-M and
# ARMv8-M system address map (ARMv7-M ARM B3.1, table B3-1), outside every memory bank.
PERIPHERAL_SPACE = (0x4000_0000, 0x6000_0000)
PROFILES: tuple[str, ...] = get_args(Profile)
CI_SUITES: tuple[str, ...] = get_args(CiSuite)

# The least heap MicroPython is given (sections.ld's _heap_start.._heap_end): below it
# the REPL itself runs out of memory. fits.ld checks it at link time with data and bss.
MIN_HEAP = 16 * 1024

# AAPCS: the stack pointer is 8-byte aligned at public interfaces.
STACK_ALIGN = 8
# Linker MEMORY origins and sizes are kept word aligned.
MEMORY_ALIGN = 4

# Tools a real board can be flashed with: the values of schema.FlashTool.
FLASH_TOOLS: tuple[str, ...] = get_args(get_args(FlashTool)[0])

# littlefs: a block holds at least a metadata pair's worth of tags (lfs.c
# asserts block_size >= 128), and a filesystem needs its two superblocks plus
# room for a directory and a file or two.
STORAGE_MIN_BLOCK = 128
STORAGE_MIN_BLOCKS = 4
STORAGE_KINDS: tuple[str, ...] = get_args(StorageKind)
# STM32F4 flash (RM0090 3.3, table 5): sectors 0..3 are 16 KiB, 4 is 64 KiB and
# 5 onwards 128 KiB from base + 128 KiB; littlefs needs equal blocks, so a
# filesystem lives in the 128 KiB sectors and erases one sector per block.
STM32F4_SECTOR = 128 * 1024
STM32F4_UNIFORM_FROM = 128 * 1024

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class BoardConfigError(ValueError):
    """A board configuration breaks a rule; the message names board, field and rule."""

    def __init__(self, board: str, field: str, problem: str, rule: str) -> None:
        self.board = board
        self.field = field
        self.rule = rule
        super().__init__(f"board {board!r}: {field}: {problem} (rule: {rule})")


def _hex(v: int) -> str:
    return f"{v:#x}"


def _overlaps(a_base: int, a_size: int, b_base: int, b_size: int) -> bool:
    return a_base < b_base + b_size and b_base < a_base + a_size


def _is_pow2(v: int) -> bool:
    return v > 0 and (v & (v - 1)) == 0


class _Checker:
    def __init__(self, board: Board) -> None:
        self.board = board
        name = getattr(board, "name", None)
        self.name = name if isinstance(name, str) and name else "?"

    def fail(self, field: str, problem: str, rule: str) -> typing.NoReturn:
        raise BoardConfigError(self.name, field, problem, rule)

    # --- types ---------------------------------------------------------------

    def check_types(self, obj: Any, path: str) -> None:
        hints = get_type_hints(type(obj))
        for f in dataclasses.fields(obj):
            self.check_value(getattr(obj, f.name), hints[f.name], f"{path}{f.name}" if path else f.name)

    def check_value(self, value: Any, hint: Any, path: str) -> None:
        if not self.matches(value, hint, path):
            self.fail(path, f"{value!r} is not of type {_type_name(hint)}", "type")

    def matches(self, value: Any, hint: Any, path: str) -> bool:
        origin = get_origin(hint)
        if hint is Any:
            return True
        if hint is type(None):
            return value is None
        if origin in (Union, types.UnionType):
            return any(self.matches(value, h, path) for h in get_args(hint))
        if origin is Literal:
            # a string outside the Literal is a "bad value", reported by the
            # specific rules (unknown core, fpu, uart kind, access) below
            return (
                isinstance(value, str) if all(isinstance(a, str) for a in get_args(hint)) else value in get_args(hint)
            )
        if origin is tuple:
            if not isinstance(value, tuple):
                return False
            (item, _ellipsis) = get_args(hint)
            for i, v in enumerate(value):
                # Name an item by its name where it has one (regions['shared']), else its index.
                name = getattr(v, "name", None)
                self.check_value(v, item, f"{path}[{name!r}]" if isinstance(name, str) and name else f"{path}[{i}]")
            return True
        if hint is int:
            return isinstance(value, int) and not isinstance(value, bool)
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, hint):
                return False
            self.check_types(value, f"{path}.")
            return True
        return isinstance(value, hint)

    # --- rules ---------------------------------------------------------------

    def check(self) -> None:
        b = self.board
        if not isinstance(b, Board):
            self.fail("BOARD", f"{type(b).__name__} is not a Board", "type")
        self.check_types(b, "")
        if not _NAME_RE.match(b.name):
            self.fail("name", f"{b.name!r} must be lower case letters, digits and _", "name-format")
        if not b.description:
            self.fail("description", "is empty", "required")
        if not (b.description.isascii() and b.description.isprintable()):
            self.fail("description", f"{b.description!r} must be printable ASCII (it becomes a C string)", "ascii")
        self.check_cpu()
        if b.profile not in PROFILES:
            known = ", ".join(repr(p) for p in PROFILES)
            self.fail("profile", f"unknown profile {b.profile!r} (known: {known})", "known-profile")
        self.positive("clock_hz", b.clock_hz)
        if b.clock_hz % 1000:
            self.fail("clock_hz", f"{b.clock_hz} is not a whole number of kHz (SysTick counts 1 ms)", "clock-khz")
        check_clock(b.clock, self.fail, b.clock_hz)
        self.check_memories()
        self.check_uart()
        self.check_uart_clock()
        self.check_uart_pins()
        self.check_init_writes()
        self.check_run()
        self.check_regions()
        self.check_storage()
        self.check_timer()
        self.check_counter()
        self.check_boot()
        self.check_init_writes_mapped()

    def positive(self, field: str, v: int) -> None:
        if v <= 0:
            self.fail(field, f"{v} must be positive", "positive")

    def check_cpu(self) -> None:
        cpu = self.board.cpu
        if cpu.core not in CORES:
            self.fail("cpu.core", f"unknown core {cpu.core!r} (known: {', '.join(CORES)})", "known-core")
        if cpu.fpu not in FPUS:
            known = ", ".join(repr(f) for f in FPUS)
            self.fail("cpu.fpu", f"unknown fpu {cpu.fpu!r} (known: {known})", "known-fpu")
        if cpu.fpu not in FPU_ALLOWED[cpu.core]:
            allowed = ", ".join(repr(f) for f in FPU_ALLOWED[cpu.core])
            self.fail("cpu.fpu", f"{cpu.fpu!r} not available on {cpu.core} (allowed: {allowed})", "fpu-for-core")
        arch = self.board.arch
        n = self.board.num_irqs
        if not 1 <= n <= MAX_IRQS[arch]:
            self.fail("num_irqs", f"{n} outside 1..{MAX_IRQS[arch]} for {arch}", "num-irqs-range")

    def check_span(self, field: str, m: Memory) -> None:
        self.positive(f"{field}.size", m.size)
        if m.base < 0 or m.base + m.size > 1 << 32:
            self.fail(field, f"{_hex(m.base)}+{_hex(m.size)} outside the 32-bit address space", "address-space")
        if m.base % MEMORY_ALIGN or m.size % MEMORY_ALIGN:
            self.fail(
                field, f"base {_hex(m.base)} and size {_hex(m.size)} must be multiples of {MEMORY_ALIGN}", "aligned"
            )

    def bank_of(self, base: int, size: int) -> Memory | None:
        for bank in self.board.memories:
            if bank.base <= base and base + size <= bank.end:
                return bank
        return None

    def check_memories(self) -> None:
        b = self.board
        if not b.memories:
            self.fail("memories", "lists no memory bank", "required")
        seen: dict[str, Memory] = {}
        for i, bank in enumerate(b.memories):
            field = f"memories[{bank.name or i!r}]"
            if not bank.name:
                self.fail(field, "a memory bank needs a name", "required")
            if bank.name in seen:
                self.fail(field, "name used twice", "unique-name")
            self.check_span(field, bank)
            for other in seen.values():
                if _overlaps(bank.base, bank.size, other.base, other.size):
                    self.fail(
                        field,
                        f"{_hex(bank.base)}..{_hex(bank.end)} overlaps memories[{other.name!r}]"
                        f" {_hex(other.base)}..{_hex(other.end)}",
                        "no-overlap",
                    )
            seen[bank.name] = bank
        for field, m in (("flash", b.flash), ("ram", b.ram)):
            self.check_span(field, m)
            if self.bank_of(m.base, m.size) is None:
                self.fail(field, f"{_hex(m.base)}..{_hex(m.end)} is not inside one of memories", "inside-memory-map")
        if _overlaps(b.flash.base, b.flash.size, b.ram.base, b.ram.size):
            self.fail("ram", f"{_hex(b.ram.base)}..{_hex(b.ram.end)} overlaps flash", "ram-flash-overlap")
        self.positive("stack_size", b.stack_size)
        if b.stack_size % STACK_ALIGN:
            self.fail("stack_size", f"{b.stack_size} is not a multiple of {STACK_ALIGN} (AAPCS)", "stack-aligned")
        if b.stack_size >= b.ram.size:
            self.fail(
                "stack_size", f"{_hex(b.stack_size)} does not fit in ram size {_hex(b.ram.size)}", "stack-fits-ram"
            )
        if b.ram.size - b.stack_size < MIN_HEAP:
            # the link checks it again with data and bss (fits.ld); this catches the plain mistake early
            self.fail(
                "ram.size",
                f"{_hex(b.ram.size)} leaves {_hex(b.ram.size - b.stack_size)} beside the {_hex(b.stack_size)} stack,"
                f" under the {MIN_HEAP // 1024} KiB heap MicroPython needs",
                "ram-holds-heap",
            )

    def check_uart(self) -> None:
        u = self.board.uart
        self.known_kind("uart", u.kind, UART_KINDS)
        if u.base <= 0 or u.base % 4 or u.base >= 1 << 32:
            self.fail("uart.base", f"{_hex(u.base)} must be a positive word-aligned 32-bit address", "aligned")
        if not 0 <= u.irq < self.board.num_irqs:
            self.fail(
                "uart.irq",
                f"{u.irq} outside 0..{self.board.num_irqs - 1} (num_irqs {self.board.num_irqs})",
                "irq-range",
            )
        self.positive("uart.baud", u.baud)
        if u.clock_hz is not None:
            self.positive("uart.clock_hz", u.clock_hz)

    def chip(self) -> str:
        c = self.board.clock
        if isinstance(c, Stm32f4Clock):
            return c.chip
        if isinstance(c, Rp2350Clock):
            return "rp2350"
        return ""

    def check_uart_clock(self) -> None:
        b = self.board
        u = b.uart
        bus = uart_bus_hz(b.clock, u.kind, u.instance)
        if b.clock is not None and u.kind == "stm32" and bus is None:
            self.fail("uart.instance", f"{u.instance!r} is not a U(S)ART of {self.chip()}", "known-uart-instance")
        if bus is not None and u.clock_hz is not None and u.clock_hz != bus:
            self.fail("uart.clock_hz", f"{u.clock_hz} differs from its bus clock {bus} in the tree", "uart-clock-tree")
        clk = u.clock_hz or bus or b.clock_hz
        # Both dividers round clk / (16 * baud): STM32 BRR in 16ths, PL011 in 64ths. More than
        # 2 % off and the far end misreads bytes (a UART frame tolerates ~4 % in total).
        steps = 16 if u.kind == "stm32" else 64
        div = round(clk * steps / (16 * u.baud))
        if div < steps:
            self.fail("uart.baud", f"{u.baud} baud needs more than the {clk} Hz UART clock gives", "uart-baud-range")
        actual = clk * steps / (16 * div)
        if abs(actual - u.baud) / u.baud > 0.02:
            self.fail(
                "uart.baud",
                f"{u.baud} baud from a {clk} Hz clock comes out at {actual:.0f} ({abs(actual / u.baud - 1):.1%} off)",
                "uart-baud-error",
            )

    def check_uart_pins(self) -> None:
        u = self.board.uart
        if not (u.tx or u.rx):
            return
        chip = self.chip()
        table = uart_pin_table(chip)
        if table is None:
            self.fail("uart.tx", "pins need the chip: give the board a clock tree naming it", "uart-pins-chip")
        if u.instance not in table:
            self.fail(
                "uart.instance",
                f"{u.instance!r} is not a UART of {chip} (known: {', '.join(table)})",
                "known-uart-instance",
            )
        for field, pin, pins in (("uart.tx", u.tx, table[u.instance][0]), ("uart.rx", u.rx, table[u.instance][1])):
            if pin not in pins:
                self.fail(
                    field,
                    f"{pin or 'no pin'} cannot carry {u.instance} {field[-2:].upper()} on {chip} "
                    f"(it can: {', '.join(pins)})",
                    "uart-pin",
                )

    def check_timer(self) -> None:
        b = self.board
        t = b.timer
        if t is None:
            return
        self.known_kind("timer", t.kind, TIMER_KINDS)
        self.peripheral_base("timer", t.base)
        if not 0 <= t.irq < b.num_irqs:
            self.fail("timer.irq", f"{t.irq} outside 0..{b.num_irqs - 1} (num_irqs {b.num_irqs})", "irq-range")
        if t.irq == b.uart.irq:
            self.fail("timer.irq", f"{t.irq} is the UART's RX interrupt", "timer-not-uart")
        if t.clock_hz is not None:
            self.positive("timer.clock_hz", t.clock_hz)

    def known_kind(self, name: str, kind: str, kinds: Iterable[str]) -> None:
        """`name`.kind is one of `kinds` (the uart, timer, counter and storage kinds)."""
        if kind not in kinds:
            known = ", ".join(repr(k) for k in kinds)
            self.fail(f"{name}.kind", f"unknown {name} kind {kind!r} (known: {known})", f"known-{name}")

    def peripheral_base(self, name: str, base: int) -> None:
        """`name`.base: a word-aligned address in the peripheral space, in no memory bank, not the UART's."""
        b = self.board
        lo, hi = PERIPHERAL_SPACE
        if base % 4 or not lo <= base < hi:
            self.fail(
                f"{name}.base",
                f"{_hex(base)} must be a word-aligned address in the peripheral space {_hex(lo)}..{_hex(hi)}",
                "peripheral-address",
            )
        for bank in b.memories:
            if bank.base <= base < bank.end:
                self.fail(f"{name}.base", f"{_hex(base)} is inside memories[{bank.name!r}]", "peripheral-address")
        if base == b.uart.base:
            self.fail(f"{name}.base", f"{_hex(base)} is the UART's base", f"{name}-not-uart")

    def check_counter(self) -> None:
        b = self.board
        c = b.counter
        if c is None:
            return
        self.known_kind("counter", c.kind, COUNTER_KINDS)
        self.peripheral_base("counter", c.base)
        if b.timer is not None and c.base == b.timer.base and c.kind != "sse":
            self.fail("counter.base", f"{_hex(c.base)} is machine.Sampler's timer", "counter-not-timer")
        hz = c.clock_hz if c.clock_hz is not None else b.clock_hz
        self.positive("counter.clock_hz", hz)
        unit = 1_000_000 if c.kind == "stm32" else 1000
        if hz % unit or (c.kind == "stm32" and hz // unit > 1 << 16):
            what = "MHz up to 65536 MHz (prescaled to 1 MHz)" if unit > 1000 else "kHz (ticks_ms divides by it)"
            self.fail("counter.clock_hz", f"{hz} Hz must be a whole number of {what}", "counter-clock")

    def check_init_writes(self) -> None:
        for i, w in enumerate(self.board.init_writes):
            field = f"init_writes[{i}]"
            if w.addr <= 0 or w.addr % 4 or w.addr >= 1 << 32:
                self.fail(f"{field}.addr", f"{_hex(w.addr)} must be a word-aligned 32-bit address", "aligned")
            if not 0 < w.mask < 1 << 32:
                self.fail(f"{field}.mask", f"{_hex(w.mask)} must be a non-zero 32-bit mask", "mask-32bit")
            if w.value & ~w.mask:
                self.fail(f"{field}.value", f"{_hex(w.value)} sets bits outside mask {_hex(w.mask)}", "value-in-mask")
            if not w.why:
                self.fail(f"{field}.why", "every register write needs its reason", "required")

    def check_run(self) -> None:
        b = self.board
        if b.qemu is None and b.flash_tool is None:
            self.fail("qemu", "neither qemu nor flash_tool: nothing can run this board", "runnable")
        if b.qemu is not None and not re.match(r"^[a-z0-9][a-z0-9.-]*$", b.qemu.machine):
            self.fail("qemu.machine", f"{b.qemu.machine!r} is not a QEMU machine name", "qemu-machine")
        if b.qemu is not None and b.qemu.ci not in CI_SUITES:
            known = ", ".join(repr(c) for c in CI_SUITES)
            self.fail("qemu.ci", f"unknown suite {b.qemu.ci!r} (known: {known})", "known-ci-suite")
        if b.flash_tool is not None and b.flash_tool not in FLASH_TOOLS:
            known = ", ".join(FLASH_TOOLS)
            self.fail("flash_tool", f"unknown flash tool {b.flash_tool!r} (known: {known})", "known-flash-tool")

    def boot_addresses(self) -> tuple[int, ...] | None:
        """Where the board's core reads its vector table at reset (qemu_maps.py): its QEMU
        machine's, else its chip's; None for a real board of a chip with no row."""
        b = self.board
        if b.qemu is None:
            return CHIP_BOOT.get(self.chip())
        if b.qemu.machine not in BOOT:
            self.fail(
                "qemu.machine",
                f"no boot address known for {b.qemu.machine!r}: add its rows to scripts/boardcfg/qemu_maps.py"
                f" (python3 scripts/boardcfg/qemu_maps.py {b.qemu.machine})",
                "known-qemu-machine",
            )
        return BOOT[b.qemu.machine]

    def check_boot(self) -> None:
        """flash.base is where the core boots: the firmware's vector table starts its flash, and a
        core that reads its vectors elsewhere runs nothing, a silent hang (boards/README.md)."""
        boot = self.boot_addresses()
        flash = self.board.flash
        if boot is not None and flash.base not in boot:
            where = self.board.qemu.machine if self.board.qemu else self.chip()
            self.fail(
                "flash.base",
                f"{_hex(flash.base)}: {where}'s core reads its vectors at reset from "
                + " or ".join(_hex(a) for a in boot),
                "flash-at-boot",
            )

    def check_init_writes_mapped(self) -> None:
        """On a QEMU board each init_writes register is one QEMU maps (an unimplemented device
        counts): a write elsewhere is a BusFault before the UART works, a silent hang."""
        b = self.board
        if b.qemu is None:
            return
        io = IO[b.qemu.machine]
        for i, w in enumerate(b.init_writes):
            if not any(lo <= w.addr and w.addr + 4 <= hi for lo, hi in io):
                self.fail(
                    f"init_writes[{i}].addr",
                    f"{_hex(w.addr)} ({w.why}) is no register QEMU's {b.qemu.machine} maps",
                    "init-write-mapped",
                )

    def check_regions(self) -> None:
        b = self.board
        arch = b.arch
        seen: dict[str, Region] = {}
        for i, r in enumerate(b.regions):
            field = f"regions[{r.name!r}]" if r.name else f"regions[{i}]"
            if not _NAME_RE.match(r.name):
                self.fail(field, f"name {r.name!r} must be lower case letters, digits and _", "name-format")
            if r.name in seen:
                self.fail(field, "name used twice", "unique-name")
            if r.access not in ACCESSES:
                known = ", ".join(repr(a) for a in ACCESSES)
                self.fail(f"{field}.access", f"unknown access {r.access!r} (known: {known})", "known-access")
            if r.executable and r.access == "none":
                self.fail(f"{field}.executable", "a no-access guard cannot be executable", "guard-not-executable")
            self.positive(f"{field}.size", r.size)
            if r.base < 0 or r.end > 1 << 32:
                self.fail(field, f"{_hex(r.base)}+{_hex(r.size)} outside the 32-bit address space", "address-space")
            if arch == "armv7m":
                if not _is_pow2(r.size) or r.size < MPU_MIN_SIZE:
                    self.fail(
                        f"{field}.size", f"{_hex(r.size)} is not a power of two >= {MPU_MIN_SIZE}", "mpu-v7m-size"
                    )
                if r.base % r.size:
                    self.fail(
                        f"{field}.base",
                        f"{_hex(r.base)} is not a multiple of its size {_hex(r.size)}",
                        "mpu-v7m-base-aligned",
                    )
            else:
                if r.base % MPU_V8M_GRANULE or r.size % MPU_V8M_GRANULE:
                    self.fail(
                        field,
                        f"base {_hex(r.base)} and end {_hex(r.end)} must be multiples of {MPU_V8M_GRANULE}",
                        "mpu-v8m-granule",
                    )
            if self.bank_of(r.base, r.size) is None:
                self.fail(field, f"{_hex(r.base)}..{_hex(r.end)} is not inside one of memories", "inside-memory-map")
            if _overlaps(r.base, r.size, b.ram.base, b.ram.size):
                self.fail(
                    field,
                    f"{_hex(r.base)}..{_hex(r.end)} overlaps MicroPython's ram {_hex(b.ram.base)}..{_hex(b.ram.end)}",
                    "outside-ram",
                )
            if _overlaps(r.base, r.size, b.flash.base, b.flash.size):
                self.fail(
                    field,
                    f"{_hex(r.base)}..{_hex(r.end)} overlaps the firmware's flash "
                    f"{_hex(b.flash.base)}..{_hex(b.flash.end)}",
                    "outside-flash",
                )
            for other in seen.values():
                if _overlaps(r.base, r.size, other.base, other.size):
                    self.fail(
                        field,
                        f"{_hex(r.base)}..{_hex(r.end)} overlaps regions[{other.name!r}]"
                        f" {_hex(other.base)}..{_hex(other.end)}",
                        "no-overlap",
                    )
            seen[r.name] = r
        limit = MPU_REGIONS[arch]
        fixed = MPU_FIXED_REGIONS[arch]
        used = sum(1 for r in b.regions if arch == "armv7m" or r.access != "none")
        if fixed + used > limit:
            self.fail(
                "regions",
                f"{used} regions need MPU regions + {fixed} fixed > {limit} MPU regions on {arch}",
                "mpu-region-count",
            )

    def check_storage(self) -> None:
        b = self.board
        st = b.storage
        if st is None:
            return
        self.known_kind("storage", st.kind, STORAGE_KINDS)
        if not _is_pow2(st.block_size) or st.block_size < STORAGE_MIN_BLOCK:
            self.fail(
                "storage.block_size",
                f"{_hex(st.block_size)} is not a power of two >= {STORAGE_MIN_BLOCK}",
                "storage-block-size",
            )
        self.positive("storage.size", st.size)
        if st.size % st.block_size:
            self.fail(
                "storage.size",
                f"{_hex(st.size)} is not a whole number of {_hex(st.block_size)} erase blocks",
                "storage-whole-blocks",
            )
        if st.size // st.block_size < STORAGE_MIN_BLOCKS:
            self.fail(
                "storage.size",
                f"{st.size // st.block_size} blocks; littlefs needs at least {STORAGE_MIN_BLOCKS}",
                "storage-min-blocks",
            )
        if st.kind == "semihosting":
            if b.qemu is None:
                self.fail("storage.kind", "semihosting storage needs a QEMU board", "semihosting-needs-qemu")
            if st.base != 0:
                self.fail("storage.base", f"{_hex(st.base)}: a semihosting file has no address (use 0)", "no-base")
            return
        # flash storage: a span of the memory map, apart from everything else
        if st.base < 0 or st.base + st.size > 1 << 32:
            self.fail("storage", f"{_hex(st.base)}+{_hex(st.size)} outside the 32-bit address space", "address-space")
        if st.base % st.block_size:
            self.fail(
                "storage.base",
                f"{_hex(st.base)} is not aligned to the erase block {_hex(st.block_size)}",
                "storage-aligned",
            )
        bank = self.bank_of(st.base, st.size)
        span = f"{_hex(st.base)}..{_hex(st.base + st.size)}"
        if bank is None:
            self.fail("storage", f"{span} is not inside one of memories", "inside-memory-map")
        if _overlaps(st.base, st.size, b.flash.base, b.flash.size):
            self.fail(
                "storage",
                f"{span} overlaps the firmware's flash {_hex(b.flash.base)}..{_hex(b.flash.end)}",
                "outside-flash",
            )
        if _overlaps(st.base, st.size, b.ram.base, b.ram.size):
            self.fail(
                "storage",
                f"{span} overlaps MicroPython's ram (data, heap, stack) {_hex(b.ram.base)}..{_hex(b.ram.end)}",
                "outside-ram",
            )
        for r in b.regions:
            if _overlaps(st.base, st.size, r.base, r.size):
                self.fail("storage", f"{span} overlaps regions[{r.name!r}] {_hex(r.base)}..{_hex(r.end)}", "no-overlap")
        if st.kind == "stm32f4_flash":
            if st.block_size != STM32F4_SECTOR:
                self.fail(
                    "storage.block_size",
                    f"{_hex(st.block_size)}: STM32F4 flash erases 128 KiB sectors here (RM0090 table 5)",
                    "stm32f4-sector",
                )
            if st.base < bank.base + STM32F4_UNIFORM_FROM:
                self.fail(
                    "storage.base",
                    f"{_hex(st.base)} is in the 16/64 KiB sectors; use the 128 KiB ones from "
                    f"{_hex(bank.base + STM32F4_UNIFORM_FROM)} (RM0090 table 5)",
                    "stm32f4-sector",
                )


def _type_name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")


def validate(board: Board) -> Board:
    """Check every rule; return `board` unchanged or raise BoardConfigError."""
    _Checker(board).check()
    return board
