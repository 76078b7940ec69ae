# SPDX-License-Identifier: MIT
"""WASI test bodies, run unchanged on the host port (tests/host/test_wasi.py)
and on every QEMU board (tests/hil/test_wasi_board.py).

Each case is a WasiCase: the program (tests/programs/NAME), a MicroPython
snippet that finds it loaded as `M` and may use PRELUDE below, the lines it
prints (the program's output and the snippet's print()s, in order), and the
heap a board needs for it. A board with less heap free asserts the clean
MemoryError and a live REPL instead. Every instance gets MEMORY_LIMIT bytes of
linear memory, so the smallest board (netduinoplus2, ~90 KiB of heap free)
holds the programs that avoid printf and malloc.
"""

from __future__ import annotations

from dataclasses import dataclass

# Bytes of linear memory allocated per instance: the programs' 8 KiB stack
# first, then data and bss, end below 11.7 KiB (wasm-ld --print-map).
MEMORY_LIMIT = 12288
EFAULT = 21
# wasi_exit (7 KiB binary) with the binary being sent, its module, a 12 KiB
# instance and the engine's value stack: measured at 7d48afb with ballast, it runs
# on lm3s6965evb (46,688 B free) with 29,280 B left (MemoryError at 28,256), so
# every board runs it now (at a11d0c1 it still raised MemoryError there); 40 KiB
# names the need with room for fragmentation.
WASI_EXIT_HEAP = 40 * 1024


# What tests/programs/wasi_pread.c prints (pread, pwrite, fcntl(F_GETFL)
# through wasi-libc under a preopened /data) on the host port
# (tests/host/test_wasi.py, and wasmtime but for the directory's EISDIR) and on
# a board's littlefs (tests/hil/test_wasi_files_board.py).
PREAD_EXPECTED = [
    "write 10",
    "pread 3 4 errno 0: 33 34 35 36 at 10",
    "pwrite 2 at 10",
    "pwrite past the end 1",
    "pread 9 4 errno 0: 39 00 00 5a at 10",
    "pread 100 0 errno 0: at 10",
    "write 1",
    "rw rdwr",
    "r rdonly",
    "pwrite read-only -1 errno 8",  # EBADF
    "w wronly append",
    "pwrite append 1 at 0",
    "pread write-only -1 errno 8: at 0",
    "dir rdonly",
    "pread dir -1 errno 31: at -1",  # EISDIR
    "pread stdin -1 errno 70: at -1",  # ESPIPE
    "pread stdout -1 errno 8: at -1",
    "pwrite stdout -1 errno 70",
    "pwrite stdin -1 errno 8",
    "final 14 errno 0: 30 61 62 33 34 35 36 37 38 39 77 00 5a 45 at 0",
]


@dataclass(frozen=True)
class WasiCase:
    name: str
    program: str  # tests/programs/<program>.c or .wat, loaded as M
    code: str  # the snippet
    expected: list[str]  # the lines it prints
    heap: int = 0  # bytes of heap free a board needs; 0: fits every board


# A WASI stdout/stderr object (anything with write()): keeps each write's
# bytes object as given, in order; value() is all of them. Sent in snippets
# on the host and on boards (wasi cases, images, test_wasi_bytes).
SINK = """
class Sink:
    def __init__(self):
        self.parts = []
    def write(self, b):
        self.parts.append(b)
        return len(b)
    def value(self):
        return b''.join(self.parts)
"""

PRELUDE = f"""
import gc
MEMORY_LIMIT = {MEMORY_LIMIT}
def run_program(args=None, limit=MEMORY_LIMIT):
    # run M as a command: its output, then 'returned N' or 'Exit N'
    global i
    i = None  # the last instance and its memory go before the next
    gc.collect()
    w = wasm.WASI(args=args or [])
    i = wasm.Instance(M, wasi=w, memory_limit=limit)
    try:
        print('returned', w.start(i))
    except wasm.Exit as x:
        print('Exit', x.code)
"""

CASES = [
    WasiCase(
        "hello_world",
        "wasi_hello",
        # stdout and stderr both reach the REPL (on the host, the same stream)
        "run_program()\nprint(1 + 1)\n",
        ["hello, wasi", "to stderr", "returned 0", "2"],
    ),
    WasiCase(
        "printf_floats",
        "wasi_floats",
        "run_program()\n",
        [
            f"{3.14159:.3f} {0.1 + 0.2:g} {-12345.678:e} {1 / 3:.10g}",
            f"{0.0:f} inf {-0.0:g} {2.675:.2f}",
            "returned 0",
        ],
        # printf brings ~14 KiB of wasi-libc formatting code (an 18 KiB binary).
        # Measured at 7d48afb with ballast: it runs on netduinoplus2 with 33,184 B
        # of its 90,592 B free left (MemoryError at 32,160 B), and not on
        # lm3s6965evb (47 KiB free, no ballast): 64 KiB sits between the two.
        heap=64 * 1024,
    ),
    WasiCase(
        "args_and_exit_codes",
        "wasi_exit",
        """
run_program(['prog', 'a b', 'ünï'])
run_program(['p', 'exit', '3'])
run_program(['p', 'return', '7'])
run_program(['p', 'exit', '0'])
run_program()
print(isinstance(wasm.Exit(1), Exception))
run_program(['p', 'exit', '255'])
""",
        ["argc=3", "argv[0]=prog", "argv[1]=a b", "argv[2]=ünï", "returned 0"]
        + ["argc=3", "argv[0]=p", "argv[1]=exit", "argv[2]=3", "Exit 3"]
        + ["argc=3", "argv[0]=p", "argv[1]=return", "argv[2]=7", "Exit 7"]
        + ["argc=3", "argv[0]=p", "argv[1]=exit", "argv[2]=0", "returned 0"]
        + ["argc=0", "returned 0", "True"]
        + ["argc=3", "argv[0]=p", "argv[1]=exit", "argv[2]=255", "Exit 255"],
        heap=WASI_EXIT_HEAP,
    ),
    WasiCase(
        "stack_overflow_traps",
        "wasi_exit",
        # the stack is first in memory (--stack-first): running off it traps
        """
i = None
gc.collect()
w = wasm.WASI(args=['p', 'overflow'])
i = wasm.Instance(M, wasi=w, memory_limit=MEMORY_LIMIT)
try:
    w.start(i)
except wasm.Trap as t:
    # its kind, and the function it happened in, first in the path and the message
    print('Trap', t.kind, t.func == t.trace[0][0], t.depth >= 1, str(t).startswith(t.kind + ' in function %d' % t.func))
print(1 + 1)
""",
        ["argc=2", "argv[0]=p", "argv[1]=overflow", "Trap out of bounds memory access True True True", "2"],
        heap=WASI_EXIT_HEAP,
    ),
    WasiCase(
        "bad_pointers_are_efault_at_the_memory_limit",
        "wasi_fault",
        # nwritten at the last word of the 4 KiB allocated, then one byte over;
        # iovs_len * 8 wrapping 32 bits; buffers ending at / past the end
        """
e = wasm.Instance(M, wasi=wasm.WASI(), memory_limit=4096).exports
print(e.fd_write(1, 0, 1, 4092), e.fd_write(1, 0, 1, 4093))
print(e.fd_write(1, 0, 0x20000001, 8), e.fd_write(1, 2**32 - 8, 1, 8))
print(e.random_get(4096 - 16, 16), e.random_get(4096 - 16, 17))
""",
        ["ok", f"0 {EFAULT}", f"{EFAULT} {EFAULT}", f"0 {EFAULT}"],
    ),
    WasiCase(
        "clock_sleep_and_random",
        "wasi_fault",
        """
e = wasm.Instance(M, wasi=wasm.WASI(), memory_limit=4096).exports
m = memoryview(e.memory)
def now():
    e.clock_time_get(1, 0, 200)
    return int.from_bytes(bytes(m[200:208]), 'little')
t0 = now()
import time
time.sleep_ms(20)
t1 = now()
print(10000000 <= t1 - t0 < 1000000000)
e.random_get(100, 16)
a = bytes(m[100:116])
e.random_get(100, 16)
print(a != bytes(m[100:116]), e.clock_res_get(0, 300), bytes(m[300:308]))
# poll_oneoff: one relative monotonic clock subscription of 30 ms (how sleep() waits)
m[1000:1048] = bytes(48)
m[1016] = 1
m[1024:1032] = (30000000).to_bytes(8, 'little')
t0 = now()
print(e.poll_oneoff(1000, 2000, 1, 3000), m[3000], 30000000 <= now() - t0 < 1000000000)
""",
        ["True", "True 0 b'\\xe8\\x03\\x00\\x00\\x00\\x00\\x00\\x00'", "0 1 True"],
    ),
    WasiCase(
        "main_with_argv_and_environment",
        "wasi_args",
        # main(argc, argv): wasi-libc mallocs argv, growing memory to 128 KiB
        """
w = wasm.WASI(args=['prog', 'x'], env={'HOME': '/'})
try:
    w.start(wasm.Instance(M, wasi=w))
except wasm.Exit as x:
    print('Exit', x.code)
""",
        ["argc=2", "argv[0]=prog", "argv[1]=x", "env HOME=/", "HOME=/", "Exit 2"],
        heap=256 * 1024,
    ),
    WasiCase(
        "stdout_object_gets_exact_bytes",
        "wasi_bytes",
        # WASI(stdout=obj): every byte and line ending as the program wrote
        # them, also on a board whose console turns "\n" into "\r\n"; the
        # expected bytes are what wasi_bytes.c writes (its native build's
        # output, tests/host/test_wasi_bytes.py)
        SINK
        + r"""
s = Sink()
i = None
gc.collect()
w = wasm.WASI(stdout=s)
i = wasm.Instance(M, wasi=w, memory_limit=MEMORY_LIMIT)
print('returned', w.start(i))
out = s.value()
a = bytes(range(256))
want = a + b'\n|\r\n|\n\r|\r\r\n\n|\r' + b'\nraw\r\n\n' + a + bytes(reversed(a)) + b'end\n'
print(len(out), out == want, w.stdout is s)
""",
        ["returned 0", "793 True True"],
    ),
]
