# SPDX-License-Identifier: MIT
"""Generate the port's board files from a validated Board.

Files, all in one output folder (build/<board>/gen):
  board_config.h  C defines and X-macros for the port
  board.mk        make variables: compiler CPU flags, UART driver, QEMU machine
  memory.ld       the linker MEMORY block and the stack size (sections.ld includes it)
  fits.ld         link-time checks naming the board: the firmware fits its flash, ram holds a heap
  board.py        the frozen `board` module for scripts on the device
  manifest.py     freezes board.py
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from .clocks import Rp2350Clock, Stm32f4Clock, uart_bus_hz
from .pins import rp2350_uart_writes, stm32_uart_writes
from .schema import Board, RegWrite
from .validate import MIN_HEAP, MPU_FIXED_REGIONS, MPU_REGIONS, validate

# Compiler flags per core and FPU (GCC manual, ARM options): soft float where
# there is no FPU, the hard-float ABI where there is one.
_FPU_FLAGS = {
    ("cortex-m4", "sp"): "-mfpu=fpv4-sp-d16",
    ("cortex-m7", "sp"): "-mfpu=fpv5-sp-d16",
    ("cortex-m7", "dp"): "-mfpu=fpv5-d16",
    ("cortex-m33", "sp"): "-mfpu=fpv5-sp-d16",
    # The M55's FPU comes with MVE (Helium); GCC's auto picks both from -mcpu.
    ("cortex-m55", "sp"): "-mfpu=auto",
    ("cortex-m55", "dp"): "-mfpu=auto",
}

# What each profile changes in the wasm engine (modwasm/engine/mw_config.h).
# "small": an 4 KiB value stack (512 slots) and 128 frames, 6 KiB allocated on
# an instance's first call instead of 12 KiB: a 64 KiB-SRAM board's heap has
# room for it next to a module and its memory. And no Module.unlower()
# (MW_UNLOWER=0, which the binding follows) nor the fused address ops' own
# handlers (MW_FUSED_MEM=0: they run as an add, then the access; -1.2 KB),
# nor any handler for the fused ops its lowering does not make (MW_ALL_OPS=0:
# -2.4 KB; an image for it comes from wasm-cross --target cortex-m-small):
# 256 KiB of flash has no room left.
PROFILE_CFLAGS = {
    "full": "",
    "small": "-DMW_DEFAULT_STACK_SLOTS=512 -DMW_DEFAULT_MAX_FRAMES=128 -DMW_UNLOWER=0 -DMW_FUSED_MEM=0"
    " -DMW_FAR_LOWERING=0 -DMW_IMAGE_WHERE=0 -DMW_ALL_OPS=0",
}

# Code-generation flags for the engine's objects alone (modwasm/engine/*.o), per
# profile, after the firmware's -Os: GCC optimizations that cost Thumb-2 text
# and that the small profile's 256 KiB of flash does without (docs/benchmarks-history.md
# "Engine text (session 25)": -422 B of its engine, each flag measured alone
# and together; lm3s6965evb's kernels run as many instructions or fewer,
# nbody_f64 aside: +0.04%). Not defines: nothing the engine's source or a precompiled
# image sees changes.
ENGINE_CFLAGS = {
    "full": "",
    "small": "-fno-optimize-sibling-calls -fno-schedule-insns2 -fno-move-loop-invariants -fno-if-conversion"
    " -fno-tree-tail-merge",
}

# ... and, after those, each engine file's own, per profile: the flags that
# shrink that one file. The cold files (the loader, lowering, instantiation,
# images, windows, shared heaps, funcrefs, the failure texts: not memory.c, the
# accesses' slow path) by a greedy search of GCC 12's -f switches file by file
# (bench/engine_flags.py; docs/benchmarks.md "Engine text (session 31)"), each
# flag kept only where it bought 6 B or more: what one costs is compile-time
# optimization of code that runs once a load or a call from Python, never a
# guest instruction (errors.c takes back the sibling calls ENGINE_CFLAGS turns
# off). exec.c, whose handlers run the guest, by the device kernels too
# (bench/device.py --board lm3s6965evb): four of the search's flags, with which
# no kernel runs more than 0.2% more instructions (-60 B; interp +0.17%,
# mandel_f32 -1.7%, mandel_f64 -1.3%, calls -1.5%; -fno-tree-coalesce-vars buys
# no byte beside the other three, but without it every kernel runs as before,
# no faster). The search's first for exec.c, -fno-forward-propagate (-76 B
# alone), made fib +2.2% and mandel_f32 +1.6%, -fno-auto-inc-dec fib +2%, and
# with -fno-tree-loop-optimize mw_exec is 644 B smaller and sha256 +27%. Tied
# to this compiler (FILE_CFLAGS_GCC: another version is warned) and this code:
# bench/engine_flags.py --check says what each still buys; a file not named
# gets ENGINE_CFLAGS alone.
ENGINE_FILE_CFLAGS: dict[str, dict[str, str]] = {
    "full": {},
    "small": {
        "code": "-fno-tree-loop-optimize -fno-hoist-adjacent-loads -fno-forward-propagate",
        "decode": "-fira-algorithm=priority -fno-tree-dominator-opts -fno-forward-propagate -fno-tree-vrp",
        "errors": "-foptimize-sibling-calls",
        "exec": "-fno-ipa-sra -fno-tree-coalesce-vars -fno-ivopts -fno-tree-dominator-opts",
        "func": "-fno-forward-propagate -fno-ssa-phiopt",
        "image": "-fno-tree-coalesce-vars -fno-cse-follow-jumps -fno-forward-propagate",
        "instance": "-fno-expensive-optimizations -fira-algorithm=priority -fno-ipa-modref -fno-reorder-blocks"
        " -fno-tree-loop-im",
        "lazy": "-fno-thread-jumps -fno-ssa-phiopt",
        "lower": "-fno-cse-follow-jumps -fno-tree-fre -fno-auto-inc-dec -fno-tree-copy-prop",
        "lower_branch": "-fno-forward-propagate -fira-algorithm=priority -fno-tree-coalesce-vars -fno-tree-fre",
        "reader": "-fno-code-hoisting",
        "sheap": "-fno-forward-propagate -fno-cse-follow-jumps",
        "window": "-fno-expensive-optimizations -fno-forward-propagate -fno-tree-loop-im",
    },
}


# The compiler ENGINE_FILE_CFLAGS and BINDING_FILE_CFLAGS were found with
# (`arm-none-eabi-gcc -dumpfullversion`: Debian bookworm's 12.2.rel1): what
# each flag buys is this compiler's measure. Another version builds with them
# and is warned, naming both (ports/common/profile.mk file_cflags_compiler,
# bench/engine_flags.py --check); bench/engine_flags.py --search finds its own.
FILE_CFLAGS_GCC = "12.2.1"


# wasm.mpy's binding files' own flags (ports/natmod/Makefile; the firmware
# links the binding under LTO and takes none of them), found as the engine's
# were, on wasm.mpy's own command lines (armv7emsp): bench/engine_flags.py
# --natmod --search (docs/benchmarks-history.md "WASI files (session 31)", wasm.mpy's
# room). None of the binding is a guest loop: its code runs at an import, a
# call from Python or a host function the guest calls (WASI's, around
# Python's own file calls), so a flag costs no guest instruction. x64 (the
# full profile) takes none.
BINDING_FILE_CFLAGS: dict[str, dict[str, str]] = {
    "full": {},
    "small": {
        "binding": "-fira-algorithm=priority",
        "memory": "-fno-cse-follow-jumps -fno-ira-hoist-pressure",
        "modwasm": "-fira-algorithm=priority -fno-thread-jumps -fno-tree-loop-optimize -fno-ira-hoist-pressure"
        " -fno-tree-loop-im -fno-auto-inc-dec -fno-cse-follow-jumps",
        "sharedheap": "-fno-ssa-phiopt -fno-tree-dominator-opts",
        "wasi": "-fno-tree-dominator-opts -fno-early-inlining -fno-ipa-modref -fno-ira-hoist-pressure"
        " -fno-tree-loop-ivcanon -fira-algorithm=priority -fno-guess-branch-probability",
        "wasi_files": "-fno-tree-dominator-opts -fno-early-inlining -fno-ipa-modref -fno-ira-hoist-pressure"
        " -fno-tree-loop-ivcanon -fira-algorithm=priority -fno-guess-branch-probability",
        "window": "-fira-algorithm=priority -fno-ipa-modref -fno-ira-hoist-pressure",
    },
}


def engine_file_cflags(profile: str, table: dict[str, dict[str, str]] = ENGINE_FILE_CFLAGS) -> str:
    """ENGINE_FILE_CFLAGS[profile] (or another such table's) as one make word a file:
    `decode=-fa,-fb lower=-fc` (ports/cortexm/Makefile splits it again)."""
    return " ".join(f"{f}={','.join(fl.split())}" for f, fl in sorted(table[profile].items()))


_ACCESS_C = {"rw": "MPWASM_ACCESS_RW", "ro": "MPWASM_ACCESS_RO", "none": "MPWASM_ACCESS_NONE"}


def _banner(board: Board, comment: str) -> str:
    src = f"boards/{board.name}/board.py"
    return comment.format(f"generated by scripts/gen_board.py from {src}: do not edit")


def cflags_cpu(board: Board) -> str:
    """The -mcpu/-mfpu/-mfloat-abi flags for `board`."""
    core, fpu = board.cpu.core, board.cpu.fpu
    flags = [f"-mcpu={core}", "-mthumb"]
    if fpu is None:
        flags.append("-mfloat-abi=soft")
    else:
        flags += [_FPU_FLAGS[(core, fpu)], "-mfloat-abi=hard"]
    return " ".join(flags)


# The assembler (binutils 2.40) does not know -mcpu=cortex-m55: it gets the
# architecture GCC itself passes it (`gcc -v`).
_AS_MARCH = {
    ("cortex-m55", None): "-march=armv8.1-m.main",
    ("cortex-m55", "sp"): "-march=armv8.1-m.main+fp+mve.fp",
    ("cortex-m55", "dp"): "-march=armv8.1-m.main+fp.dp+mve.fp",
}


def aflags_cpu(board: Board) -> str:
    """The assembler's CPU flags for `board` (-mcpu/-march, -mthumb, float ABI)."""
    core, fpu = board.cpu.core, board.cpu.fpu
    flags = cflags_cpu(board).split()
    if (core, fpu) in _AS_MARCH:
        flags = [_AS_MARCH[(core, fpu)] if f.startswith("-mcpu=") else f for f in flags if f != "-mfpu=auto"]
    return " ".join(flags)


def _u32(v: int) -> str:
    return f"0x{v:08x}u"


def clock_driver(board: Board) -> str:
    """ports/cortexm/clock_<driver>.c: what programs the board's clock tree at boot."""
    if isinstance(board.clock, Stm32f4Clock):
        return "stm32f4"
    if isinstance(board.clock, Rp2350Clock):
        return "rp2350"
    return "none"


def extra_src(board: Board) -> str:
    """Sources only some chips need: the RP2350 boot ROM's IMAGE_DEF block."""
    return "ports/cortexm/boot_rp2350.c" if isinstance(board.clock, Rp2350Clock) else ""


def uf2_family(board: Board) -> str:
    """UF2 family ID for a board flashed by file copy (RP2350 Arm Secure, from the UF2 family list)."""
    return "0xe48bff59" if board.flash_tool == "uf2" and isinstance(board.clock, Rp2350Clock) else ""


def uart_clock_hz(board: Board) -> int:
    """The clock the UART's baud divisor divides: given, from the clock tree, or the core clock."""
    u = board.uart
    return u.clock_hz or uart_bus_hz(board.clock, u.kind, u.instance) or board.clock_hz


def init_writes(board: Board) -> tuple[RegWrite, ...]:
    """The board's own init_writes, then the writes that route its UART pins."""
    u = board.uart
    pins: tuple[RegWrite, ...] = ()
    if u.tx and isinstance(board.clock, Stm32f4Clock):
        pins = stm32_uart_writes(u.instance, u.tx, u.rx)
    elif u.tx and isinstance(board.clock, Rp2350Clock):
        pins = rp2350_uart_writes(u.tx, u.rx)
    return (*board.init_writes, *pins)


_AHB_BITS = {1: 0, 2: 8, 4: 9, 8: 10, 16: 11, 64: 12, 128: 13, 256: 14, 512: 15}
_APB_BITS = {1: 0, 2: 4, 4: 5, 8: 6, 16: 7}


def clock_defines(board: Board) -> list[str]:
    """board_config.h lines for the clock driver (register values, computed here once)."""
    c = board.clock
    lines = [f"#define MPWASM_CLOCK_TREE ({int(c is not None)}) /* clock_{clock_driver(board)}.c */"]
    if isinstance(c, Stm32f4Clock):
        # RCC_PLLCFGR (RM0090 7.3.2): M 5:0, N 14:6, P 17:16 as P/2-1, SRC 22, Q 27:24; bits 30:28 keep
        # their reset value 2 (the F446's PLLR, reserved on the F405: "keep at reset value")
        pllcfgr = c.pllm | c.plln << 6 | (c.pllp // 2 - 1) << 16 | int(c.hse_hz is not None) << 22 | c.pllq << 24
        pllcfgr |= 2 << 28
        # RCC_CFGR (7.3.3): HPRE 7:4, PPRE1 12:10, PPRE2 15:13
        cfgr = _AHB_BITS[c.ahb_div] << 4 | _APB_BITS[c.apb1_div] << 10 | _APB_BITS[c.apb2_div] << 13
        # FLASH_ACR (3.9.1): LATENCY, PRFTEN 8, ICEN 9, DCEN 10
        acr = c.flash_ws | 1 << 8 | 1 << 9 | 1 << 10
        lines += [
            f"#define MPWASM_STM32_HSE ({int(c.hse_hz is not None)}) /* {c.hse_hz or 0} Hz */",
            f"#define MPWASM_STM32_HSE_BYPASS ({int(c.hse_bypass)})",
            f"#define MPWASM_STM32_F446 ({int(c.chip == 'stm32f446')}) /* {c.chip} */",
            f"#define MPWASM_STM32_PLLCFGR ({_u32(pllcfgr)}) /* VCO {c.vco_hz} Hz, SYSCLK {c.sysclk_hz} Hz */",
            f"#define MPWASM_STM32_CFGR ({_u32(cfgr)}) /* AHB /{c.ahb_div}, APB1 /{c.apb1_div}, APB2 /{c.apb2_div} */",
            f"#define MPWASM_STM32_FLASH_ACR ({_u32(acr)}) /* {c.flash_ws} wait states at {c.vdd_mv} mV */",
            f"#define MPWASM_STM32_OVERDRIVE ({int(c.overdrive)})",
            "#define MPWASM_CLOCK_RESET_HZ (16000000u) /* HSI, if the tree cannot start */",
        ]
    elif isinstance(c, Rp2350Clock):
        lines += [
            f"#define MPWASM_RP2350_XOSC_HZ ({c.xosc_hz}u)",
            f"#define MPWASM_RP2350_PLL_REFDIV ({c.refdiv}u)",
            f"#define MPWASM_RP2350_PLL_FBDIV ({c.fbdiv}u) /* VCO {c.vco_hz} Hz */",
            f"#define MPWASM_RP2350_PLL_POSTDIV1 ({c.postdiv1}u)",
            f"#define MPWASM_RP2350_PLL_POSTDIV2 ({c.postdiv2}u) /* clk_sys {c.sysclk_hz} Hz */",
            "#define MPWASM_CLOCK_RESET_HZ (12000000u) /* the boot ROM leaves clk_sys on a ~12 MHz ROSC/XOSC */",
        ]
    return lines


def gen_config_h(board: Board) -> str:
    b = board
    u = b.uart
    lines = [
        "/* SPDX-License-Identifier: MIT */",
        _banner(b, "/* {} */"),
        "#ifndef MPWASM_BOARD_CONFIG_H",
        "#define MPWASM_BOARD_CONFIG_H",
        "",
        f'#define MPWASM_BOARD_NAME "{b.name}"',
        f"#define MPWASM_BOARD_DESCRIPTION {json.dumps(b.description)}",
        f'#define MPWASM_BOARD_CPU "{b.cpu.core}"',
        f"#define MPWASM_ARCH_V8M ({int(b.arch == 'armv8m')})",
        f"#define MPWASM_HAS_FPU ({int(b.cpu.fpu is not None)})",
        f"#define MPWASM_FPU_DOUBLE ({int(b.cpu.fpu == 'dp')})",
        f"#define MPWASM_PROFILE_SMALL ({int(b.profile == 'small')}) /* profile {b.profile!r} */",
        f"#define MPWASM_CLOCK_HZ ({b.clock_hz}u) /* SysTick with CLKSOURCE=1 (processor clock) */",
        f"#define MPWASM_NUM_IRQS ({b.num_irqs}) /* external interrupts: vector table has 16 + this */",
        "",
        f"#define MPWASM_FLASH_BASE ({_u32(b.flash.base)})",
        f"#define MPWASM_FLASH_SIZE ({_u32(b.flash.size)})",
        f"#define MPWASM_RAM_BASE ({_u32(b.ram.base)})",
        f"#define MPWASM_RAM_SIZE ({_u32(b.ram.size)})",
        f"#define MPWASM_STACK_SIZE ({_u32(b.stack_size)})",
        "",
        f"#define MPWASM_UART_KIND_CMSDK ({int(u.kind == 'cmsdk')})",
        f"#define MPWASM_UART_KIND_STM32 ({int(u.kind == 'stm32')})",
        f"#define MPWASM_UART_KIND_PL011 ({int(u.kind == 'pl011')})",
        f"#define MPWASM_UART_BASE ({_u32(u.base)}) /* {u.instance or u.kind} */",
        f"#define MPWASM_UART_IRQ ({u.irq}) /* RX interrupt */",
        f"#define MPWASM_UART_BAUD ({u.baud}u)",
        f"#define MPWASM_UART_CLOCK_HZ ({uart_clock_hz(b)}u) /* clock the baud divisor divides */",
        "",
        *clock_defines(b),
        "",
        "/* register writes done at boot, in order, before the UART is used: */",
        "/* X(addr, mask, value) means *addr = (*addr & ~mask) | value */",
    ]
    writes = init_writes(b)
    if writes:
        lines.append("#define MPWASM_INIT_WRITES(X) \\")
        for w in writes:
            lines.append(f"    X({_u32(w.addr)}, {_u32(w.mask)}, {_u32(w.value)}) /* {w.why} */ \\")
        lines.append("    /* end of MPWASM_INIT_WRITES */")
    else:
        lines.append("#define MPWASM_INIT_WRITES(X)")
    lines += [
        "",
        "/* fixed memory areas offered to wasm, one MPU region each: */",
        "/* X(name, base, size, access, executable, cacheable, shareable) */",
        "#define MPWASM_ACCESS_NONE (0)",
        "#define MPWASM_ACCESS_RO (1)",
        "#define MPWASM_ACCESS_RW (2)",
        f"#define MPWASM_MPU_FIXED_REGIONS ({MPU_FIXED_REGIONS[b.arch]}) /* programmed by ports/cortexm/mpu.c */",
        f"#define MPWASM_MPU_REGIONS ({MPU_REGIONS[b.arch]}) /* the {b.arch} MPU has this many */",
        f"#define MPWASM_NUM_REGIONS ({len(b.regions)})",
    ]
    if b.regions:
        lines.append("#define MPWASM_REGIONS(X) \\")
        for r in b.regions:
            args = (
                f'"{r.name}", {_u32(r.base)}, {_u32(r.size)}, {_ACCESS_C[r.access]}, '
                f"{int(r.executable)}, {int(r.cacheable)}, {int(r.shareable)}"
            )
            lines.append(f"    X({args}) \\")
        lines.append("    /* end of MPWASM_REGIONS */")
    else:
        lines.append("#define MPWASM_REGIONS(X)")
    lines += ["", *_storage_h(b), "", *_timer_h(b), "", *_counter_h(b), "", "#endif /* MPWASM_BOARD_CONFIG_H */", ""]
    return "\n".join(lines)


def _storage_h(b: Board) -> list[str]:
    st = b.storage
    lines = ['/* the filesystem\'s storage (littlefs at "/"), ports/cortexm/vfs/ and ports/cortexm/storage_*.c: */']
    if st is None:
        return [*lines, "#define MPWASM_STORAGE (0)"]
    return [
        *lines,
        "#define MPWASM_STORAGE (1)",
        f"#define MPWASM_STORAGE_SEMIHOSTING ({int(st.kind == 'semihosting')})",
        f"#define MPWASM_STORAGE_STM32F4_FLASH ({int(st.kind == 'stm32f4_flash')})",
        f"#define MPWASM_STORAGE_BASE ({_u32(st.base)})",
        f"#define MPWASM_STORAGE_SIZE ({_u32(st.size)})",
        f"#define MPWASM_STORAGE_BLOCK_SIZE ({_u32(st.block_size)}) /* the erase block */",
    ]


def _timer_h(b: Board) -> list[str]:
    t = b.timer
    lines = ["/* the sample timer of machine.Sampler (ports/common/sampler.c, ports/cortexm/timer_*.c): */"]
    if t is None:
        return [*lines, "#define MPWASM_TIMER (0)"]
    return [
        *lines,
        "#define MPWASM_TIMER (1)",
        f"#define MPWASM_TIMER_BASE ({_u32(t.base)}) /* {t.instance or t.kind} */",
        f"#define MPWASM_TIMER_IRQ ({t.irq})",
        f"#define MPWASM_TIMER_CLOCK_HZ ({t.clock_hz or b.clock_hz}u)",
    ]


def _counter_h(b: Board) -> list[str]:
    c = b.counter
    lines = ["/* the free-running counter of time.ticks_ms (ports/cortexm/ticks.c, counter_*.c): */"]
    if c is None:
        return [*lines, "#define MPWASM_COUNTER (0)"]
    return [
        *lines,
        "#define MPWASM_COUNTER (1)",
        f"#define MPWASM_COUNTER_BASE ({_u32(c.base)}) /* {c.instance or c.kind} */",
        f"#define MPWASM_COUNTER_CLOCK_HZ ({c.clock_hz or b.clock_hz}u)",
    ]


def gen_board_mk(board: Board) -> str:
    b = board
    qemu_args = shlex.join(b.qemu.args) if b.qemu else ""
    lines = [
        "# SPDX-License-Identifier: MIT",
        _banner(b, "# {}"),
        f"BOARD_NAME = {b.name}",
        f"BOARD_CPU = {b.cpu.core}",
        f"BOARD_FPU = {b.cpu.fpu or 'none'}",
        f"BOARD_ARCH = {b.arch}",
        f"BOARD_CFLAGS_CPU = {cflags_cpu(b)}",
        f"BOARD_AFLAGS_CPU = {aflags_cpu(b)}",
        f"BOARD_UART_DRIVER = {b.uart.kind}",
        f"BOARD_CLOCK_DRIVER = {clock_driver(b)}",
        f"BOARD_EXTRA_SRC = {extra_src(b)}",
        f"BOARD_UF2_FAMILY = {uf2_family(b)}",
        f"BOARD_QEMU_MACHINE = {b.qemu.machine if b.qemu else ''}",
        f"BOARD_QEMU_ARGS = {qemu_args}",
        f"BOARD_FLASH_TOOL = {b.flash_tool or ''}",
        f"BOARD_PROFILE = {b.profile}",
        f"BOARD_CFLAGS_PROFILE = {PROFILE_CFLAGS[b.profile]}",
        f"BOARD_ENGINE_CFLAGS = {ENGINE_CFLAGS[b.profile]}",
        f"BOARD_ENGINE_FILE_CFLAGS = {engine_file_cflags(b.profile)}",
        f"BOARD_STORAGE = {b.storage.kind if b.storage else ''}",
        f"BOARD_TIMER = {b.timer.kind if b.timer else 'none'}",
        f"BOARD_COUNTER = {b.counter.kind if b.counter else 'none'}",
    ]
    return "".join(line.rstrip() + "\n" for line in lines)


def gen_memory_ld(board: Board) -> str:
    b = board
    lines = [
        "/* SPDX-License-Identifier: MIT */",
        _banner(b, "/* {} */"),
        "MEMORY",
        "{",
        f"    FLASH (rx) : ORIGIN = 0x{b.flash.base:08x}, LENGTH = 0x{b.flash.size:08x}",
        f"    RAM (rwx) : ORIGIN = 0x{b.ram.base:08x}, LENGTH = 0x{b.ram.size:08x}",
        "}",
        "",
        f"_mpwasm_stack_size = 0x{b.stack_size:x};",
    ]
    if b.regions:
        lines += ["", "/* wasm regions lie outside FLASH and RAM (checked by scripts/boardcfg): */"]
        lines += [f"/*   {r.name}: 0x{r.base:08x}..0x{r.end:08x} {r.access} */" for r in b.regions]
    if b.storage and b.storage.kind != "semihosting":
        st = b.storage
        lines += ["", f"/* filesystem storage, outside FLASH: 0x{st.base:08x}..0x{st.base + st.size:08x} */"]
    lines.append("")
    return "\n".join(lines)


def _fit_asserts(b: Board) -> list[str]:
    """Link-time checks that the firmware fits the board's flash and ram: ld prints the message, which
    names the board, the field and its value, as the validator's do (sections.ld defines the symbols)."""

    def fail(field: str, value: int, what: str, rule: str) -> str:
        return f"board '{b.name}': {field}: 0x{value:x} ({value // 1024} KiB) {what} (rule: {rule})"

    flash = fail("flash.size", b.flash.size, "is too small for the firmware's code and data", "firmware-fits-flash")
    heap = fail(
        "ram.size",
        b.ram.size,
        f"leaves under {MIN_HEAP // 1024} KiB of heap beside data, bss and the 0x{b.stack_size:x} B stack",
        "ram-holds-heap",
    )
    return [
        "/* SPDX-License-Identifier: MIT */",
        _banner(b, "/* {} */"),
        "/* the firmware fits: sections.ld includes this after placing every section */",
        f'ASSERT(_mpwasm_flash_used <= ORIGIN(FLASH) + LENGTH(FLASH), "{flash}")',
        f'ASSERT(_heap_end - _heap_start >= 0x{MIN_HEAP:x}, "{heap}")',
        "",
    ]


def gen_fits_ld(board: Board) -> str:
    return "\n".join(_fit_asserts(board))


def gen_board_py(board: Board) -> str:
    b = board
    qemu = repr(b.qemu.machine) if b.qemu else "None"
    lines = [
        "# SPDX-License-Identifier: MIT",
        _banner(b, "# {}"),
        '"""Facts about the board this firmware was built for."""',
        "",
        "# The port's fault handler raises it (ports/cortexm/fault.c).",
        "from _board import MemoryFault, view as _view",
        "",
        f"NAME = {b.name!r}",
        f"DESCRIPTION = {b.description!r}",
        f"CPU = {b.cpu.core!r}",
        f"FPU = {b.cpu.fpu!r}",
        f"CLOCK_HZ = {b.clock_hz}",
        f"PROFILE = {b.profile!r}",
        f"QEMU = {qemu}",
        f"FLASH_BASE = 0x{b.flash.base:08x}",
        f"FLASH_SIZE = 0x{b.flash.size:x}",
        f"RAM_BASE = 0x{b.ram.base:08x}",
        f"RAM_SIZE = 0x{b.ram.size:x}",
        "# the filesystem's storage: (kind, size, block_size), or None",
        f"STORAGE = {(b.storage.kind, b.storage.size, b.storage.block_size) if b.storage else None!r}",
        "",
        "",
        "class Region:",
        '    """A fixed memory area offered to wasm; access is "rw", "ro" or "none"."""',
        "",
        "    def __init__(self, name, base, size, access, executable):",
        "        self.name = name",
        "        self.base = base",
        "        self.size = size",
        "        self.access = access",
        "        self.executable = executable",
        "",
        "    def view(self):",
        '        """A writable memoryview of the whole region (zero copy; the MPU enforces access)."""',
        "        return _view(self.name)",
        "",
        "    def __repr__(self):",
        '        return "Region(%r, 0x%08x, 0x%x, %r)" % (self.name, self.base, self.size, self.access)',
        "",
        "",
        "regions = {",
    ]
    for r in b.regions:
        lines.append(f"    {r.name!r}: Region({r.name!r}, 0x{r.base:08x}, 0x{r.size:x}, {r.access!r}, {r.executable}),")
    lines += ["}", ""]
    return "\n".join(lines)


def gen_manifest_py(board: Board) -> str:
    return "\n".join(["# SPDX-License-Identifier: MIT", _banner(board, "# {}"), 'module("board.py")', ""])


def generate(board: Board) -> dict[str, str]:
    """File name -> content of every generated file, after validating `board`."""
    validate(board)
    return {
        "board_config.h": gen_config_h(board),
        "board.mk": gen_board_mk(board),
        "memory.ld": gen_memory_ld(board),
        "fits.ld": gen_fits_ld(board),
        "board.py": gen_board_py(board),
        "manifest.py": gen_manifest_py(board),
    }


def write_generated(board: Board, out_dir: Path) -> list[Path]:
    """Write the generated files into `out_dir`, touching only those whose content changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in generate(board).items():
        path = out_dir / name
        if path.is_file() and path.read_text() == text:
            continue
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text)
        tmp.replace(path)
        changed.append(path)
    return changed
