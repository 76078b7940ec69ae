# SPDX-License-Identifier: MIT
"""The WASI preview1 subset (wasm.WASI, wasm.Exit) on the host port.

C programs from tests/programs/wasi_*.c are built with Debian's clang + wasi-libc
(tests/support/build.py); wasi_fault.wat calls WASI functions with chosen guest
pointers. Each test runs a MicroPython snippet and reads back both what the
program wrote (plain lines) and what the snippet printed with p() ("= ...").
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cases.wasi_cases import CASES, PREAD_EXPECTED, PRELUDE, WasiCase
from support.host import MICROPYTHON, guard_pages, run, run_io

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.usefixtures("wasm_source"),  # built-in and natmod (conftest.py)
    pytest.mark.skipif(
        not Path("/usr/lib/wasm32-wasi/libc.a").exists(),
        reason="wasi-libc not installed (make deps)",
    ),
]

# WASI errno values (witx)
ESUCCESS, EBADF, EFAULT, EINVAL, ENOSYS, ENOTSUP, ESPIPE = 0, 8, 21, 28, 52, 58, 70


# --- start-up, stdout, stderr ------------------------------------------------------------


def test_hello_world():
    out, vals = run_io(
        """
w = wasm.WASI()
i = wasm.Instance(wasm.Module(WASI_HELLO), wasi=w)
p(w.start(i))
""",
        ("wasi_hello",),
    )
    # stderr is MicroPython's sys.stderr: on this port the same stream as stdout
    assert out == ["hello, wasi", "to stderr"]
    assert vals == [0]


def test_printf_floats():
    out, _ = run_io(
        "w = wasm.WASI()\nw.start(wasm.Instance(wasm.Module(WASI_FLOATS), wasi=w))",
        ("wasi_floats",),
    )
    assert out == [
        f"{3.14159:.3f} {0.1 + 0.2:g} {-12345.678:e} {1 / 3:.10g}",
        f"{0.0:f} inf {-0.0:g} {2.675:.2f}",
    ]


def test_wasi_is_opt_in():
    # Without wasi= the WASI imports are ordinary imports: unknown, so a LinkError.
    (kind, msg), w = run(
        """
p(exc(wasm.Instance, wasm.Module(WASI_HELLO)))
p(exc(wasm.Instance, wasm.Module(WASI_HELLO), wasi=42))
""",
        ("wasi_hello",),
    )
    assert kind == "LinkError" and "wasi_snapshot_preview1" in msg
    assert w[0] == "TypeError"


def test_imports_with_the_wrong_type_are_a_link_error():
    out = run(
        "p(exc(wasm.Instance, wasm.Module(WASI_BADSIG), wasi=wasm.WASI()))",
        ("wasi_badsig",),
    )
    assert out[0][0] == "LinkError" and "fd_write" in out[0][1]


def test_other_imports_still_come_from_the_imports_dict():
    # A WASI instance may import its own functions too (module "env").
    out = run(
        """
m = wasm.Module(IMPORTS)
e = wasm.Instance(m, {'env': {'f': lambda x: x + 1, 'mem': wasm.Memory(1, 2), 'g': wasm.Global('i32', 5, True),
                              'tab': wasm.Table('funcref', 2)}}, wasi=wasm.WASI()).exports
p(e.call_f(41))
""",
        ("imports",),
    )
    assert out == [42]


# --- exit codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, code",
    [
        ([], 0),
        (["exit", "0"], 0),
        (["exit", "1"], 1),
        (["exit", "255"], 255),
        (["exit", "-1"], -1),
        (["return", "3"], 3),
        (["return", "0"], 0),
    ],
)
def test_exit_codes(args, code):
    out, vals = run_io(
        f"""
w = wasm.WASI(args=['prog'] + {args!r})
i = wasm.Instance(wasm.Module(WASI_EXIT), wasi=w)
try:
    p(('returned', w.start(i)))
except wasm.Exit as e:
    p(('raised', e.code, e.args, isinstance(e, Exception)))
""",
        ("wasi_exit",),
    )
    assert out[0] == f"argc={len(args) + 1}"
    if code == 0:
        assert vals == [("returned", 0)]
    else:
        assert vals == [("raised", code, (code,), True)]


def test_calling_start_directly_raises_exit_even_for_0():
    # proc_exit always unwinds with wasm.Exit; only WASI.start() maps code 0 to a return.
    out = run(
        """
w = wasm.WASI(args=['prog', 'exit', '0'])
e = wasm.Instance(wasm.Module(WASI_EXIT), wasi=w).exports
try:
    e._start()
    p('returned')
except wasm.Exit as x:
    p(x.code)
w2 = wasm.WASI(args=['prog'])
p(wasm.Instance(wasm.Module(WASI_EXIT), wasi=w2).exports._start())
""",
        ("wasi_exit",),
    )
    assert out == [0, None]


def test_exit_from_a_nested_call_unwinds_and_the_instance_stays_usable():
    out, vals = run_io(
        """
w = wasm.WASI()
e = wasm.Instance(wasm.Module(WASI_FAULT), wasi=w).exports
p(exc(e.exit, 7))
p(exc(e.exit, 0))
p(e.fd_write(1, 0, 1, 8))
""",
        ("wasi_fault",),
    )
    assert vals == [("Exit", "7"), ("Exit", "0"), ESUCCESS]
    assert out == ["ok"]


def test_trap_in_a_wasi_program_is_a_trap():
    _, vals = run_io(
        """
w = wasm.WASI(args=['prog', 'trap'])
p(exc(w.start, wasm.Instance(wasm.Module(WASI_EXIT), wasi=w)))
""",
        ("wasi_exit",),
    )
    assert vals == [("Trap", "unreachable")]


def test_stack_overflow_traps_and_leaves_data_alone():
    # The stack is first in memory (-Wl,--stack-first): running off its
    # bottom is an out-of-bounds access, not a write over the data.
    _, vals = run_io(
        """
m = wasm.Module(WASI_EXIT)
w = wasm.WASI(args=['prog', 'overflow'])
p(exc(w.start, wasm.Instance(m, wasi=w)))
w = wasm.WASI(args=['prog', 'overflow'])
p(exc(w.start, wasm.Instance(m, wasi=w, memory_limit=16384)))
""",
        ("wasi_exit",),
    )
    assert vals == [("Trap", "out of bounds memory access")] * 2


# --- args and environment -------------------------------------------------------------------


def test_args_and_environment():
    out, vals = run_io(
        """
w = wasm.WASI(args=['prog', 'a b', '', 'ünï'], env={'HOME': '/home/mp', 'X': '1'})
p(w.args, sorted(w.env))
try:
    w.start(wasm.Instance(wasm.Module(WASI_ARGS), wasi=w))
except wasm.Exit as e:
    p(e.code)
""",
        ("wasi_args",),
    )
    assert vals[0] == (("prog", "a b", "", "ünï"), ["HOME=/home/mp", "X=1"])
    assert out[:5] == [
        "argc=4",
        "argv[0]=prog",
        "argv[1]=a b",
        "argv[2]=",
        "argv[3]=ünï",
    ]
    assert sorted(out[5:7]) == ["env HOME=/home/mp", "env X=1"]
    assert out[7] == "HOME=/home/mp"
    assert vals[1] == 4


def test_args_and_environment_empty_unless_given():
    out, vals = run_io(
        """
w = wasm.WASI()
p(w.args, w.env)
w.start(wasm.Instance(wasm.Module(WASI_ARGS), wasi=w))
""",
        ("wasi_args",),
    )
    assert vals == [((), ())]
    assert out == ["argc=0", "HOME=(unset)"]


def test_env_as_strings_and_bad_values():
    out = run(
        """
p(wasm.WASI(env=['A=1', 'B=']).env)
p(exc(wasm.WASI, args=['a\\x00b']))
p(exc(wasm.WASI, args='abc'))
p(exc(wasm.WASI, args=[1]))
p(exc(wasm.WASI, env={'K': 2}))
"""
    )
    assert out[0] == ("A=1", "B=")
    assert [o[0] for o in out[1:]] == [
        "ValueError",
        "TypeError",
        "TypeError",
        "TypeError",
    ]


def test_args_bounds():
    # args "ab" and "c": 2 strings, 5 bytes. Pointers at the end of memory.
    out = run(
        """
w = wasm.WASI(args=['ab', 'c'], env={'K': 'v'})
i = wasm.Instance(wasm.Module(WASI_FAULT), wasi=w)
e = i.exports
mem = memoryview(e.memory)
p(e.args_sizes_get(100, 104), bytes(mem[100:108]))
p(e.args_sizes_get(65532, 104), e.args_sizes_get(100, 65533), e.args_sizes_get(100, 65532))
p(e.args_get(200, 300), bytes(mem[200:208]), bytes(mem[300:305]))
# start-1 / start / end / end+1: the 5 string bytes end exactly at 65536
p(e.args_get(65528, 65531), e.args_get(65528, 65532), e.args_get(65529, 65531), e.args_get(200, 2**32 - 1))
p(e.environ_sizes_get(100, 104), bytes(mem[100:108]), e.environ_get(200, 300), bytes(mem[300:304]))
p(e.environ_get(200, 65533), e.environ_get(200, 65532))
""",
        ("wasi_fault",),
    )
    assert out[0] == (ESUCCESS, b"\x02\x00\x00\x00\x05\x00\x00\x00")
    assert out[1] == (ESUCCESS, EFAULT, ESUCCESS)
    assert out[2] == (ESUCCESS, b"\x2c\x01\x00\x00\x2f\x01\x00\x00", b"ab\x00c\x00")
    assert out[3] == (ESUCCESS, EFAULT, EFAULT, EFAULT)
    assert out[4] == (
        ESUCCESS,
        b"\x01\x00\x00\x00\x04\x00\x00\x00",
        ESUCCESS,
        b"K=v\x00",
    )
    assert out[5] == (EFAULT, ESUCCESS)


# --- guest pointers: every one bounds-checked -----------------------------------------------


def test_fd_write_bounds():
    # memory: 65536 bytes; iovec at 0 = {buf 16, len 3} ("ok\n")
    out, vals = run_io(
        """
e = wasm.Instance(wasm.Module(WASI_FAULT), wasi=wasm.WASI()).exports
m = memoryview(e.memory)
p(e.fd_write(1, 65528, 1, 8), e.fd_write(1, 65529, 1, 8))  # iovec array ending at / past the end
p(e.fd_write(1, 0, 1, 65532), bytes(m[65532:65536]))     # nwritten at the last word
p(e.fd_write(1, 0, 1, 65533))                            # nwritten one byte over
p(e.fd_write(1, 0, 0x20000001, 8))                       # iovs_len * 8 wraps 32 bits
p(e.fd_write(1, 2**32 - 8, 1, 8), e.fd_write(1, 0, 1, 2**32 - 1))
m[100:108] = b'\\xfd\\xff\\x00\\x00\\x03\\x00\\x00\\x00'  # buf 65533 + 3 = end: fine
m[65533:65536] = b'ab\\n'
p(e.fd_write(1, 100, 1, 8))
m[100:108] = b'\\xfe\\xff\\x00\\x00\\x03\\x00\\x00\\x00'  # buf 65534 + 3 > end
p(e.fd_write(1, 100, 1, 8))
m[100:108] = b'\\xff\\xff\\xff\\xff\\x02\\x00\\x00\\x00'  # buf + len wraps 32 bits
p(e.fd_write(1, 100, 1, 8))
m[0:16] = b'\\x10\\x00\\x00\\x00\\x03\\x00\\x00\\x00\\xfe\\xff\\x00\\x00\\x03\\x00\\x00\\x00'
p(e.fd_write(1, 0, 2, 8))                                # 2nd iovec bad: nothing written
p(e.fd_write(1, 0, 0, 8), bytes(m[8:12]))                # no iovecs: 0 bytes
p(e.fd_write(5, 0, 1, 8), e.fd_write(0, 0, 1, 8), e.fd_write(2, 0, 1, 8))
""",
        ("wasi_fault",),
    )
    assert vals == [
        (ESUCCESS, EFAULT),
        (ESUCCESS, b"\x03\x00\x00\x00"),
        EFAULT,
        EFAULT,
        (EFAULT, EFAULT),
        ESUCCESS,
        EFAULT,
        EFAULT,
        EFAULT,
        (ESUCCESS, b"\x00\x00\x00\x00"),
        (EBADF, EBADF, ESUCCESS),
    ]
    # written: "ok", "ab", then "ok" again on fd 2 (the same stream on this port);
    # the iovec at 65528 is zeros: a 0-byte write, before anything is stored there
    assert out == ["ok", "ab", "ok"]


def test_a_grow_from_a_write_does_not_move_the_memory_under_it():
    # fd_write holds the iovec and the nwritten word as native pointers while
    # the stream's write runs; a grow from there that would move the memory
    # (`after` sits right after it) fails with -1, and the count still lands
    # in the memory; once the call is over the same grow moves it. With guard
    # pages no grow moves a memory
    out = run(
        """
import gc
gc.collect()
m = wasm.Memory(16)
after = wasm.Memory(16)
seen = []
class Out:
    def write(self, b):
        seen.append((bytes(b), m.grow(1), e.grow(1), len(m)))
e = wasm.Instance(wasm.Module(GROW_MOVES), {'env': {'mem': m}}, wasi=wasm.WASI(stdout=Out())).exports
p(e.fd_write(1, 0, 1, 8), seen, bytes(memoryview(m)[8:12]))
p(m.grow(1), e.load8(16), len(m))
""",
        ("grow_moves",),
    )
    if guard_pages():
        # a reservation (the default host port's) grows where it is: the
        # pointers fd_write holds stay good, so both grows succeed there
        assert out == [
            (ESUCCESS, [(b"ok\n", 16, 17, 18 * 65536)], b"\x03\x00\x00\x00"),
            (18, ord("o"), 19 * 65536),
        ]
        return
    assert out == [
        (ESUCCESS, [(b"ok\n", -1, -1, 16 * 65536)], b"\x03\x00\x00\x00"),
        (16, ord("o"), 17 * 65536),
    ]


def test_other_pointer_bounds():
    out = run(
        """
e = wasm.Instance(wasm.Module(WASI_FAULT), wasi=wasm.WASI()).exports
p(e.random_get(65536 - 16, 16), e.random_get(65536 - 16, 17), e.random_get(65536, 0), e.random_get(65537, 0))
p(e.random_get(0, 0xffffffff), e.random_get(0xffffffff, 2))
p(e.clock_time_get(1, 0, 65528), e.clock_time_get(1, 0, 65529), e.clock_time_get(9, 0, 0))
p(e.clock_res_get(0, 65528), e.clock_res_get(0, 65529), e.clock_res_get(4, 0))
p(e.fd_fdstat_get(1, 65536 - 24), e.fd_fdstat_get(1, 65536 - 23), e.fd_fdstat_get(3, 0))
p(e.fd_read(0, 65529, 1, 8), e.fd_read(1, 0, 1, 8), e.fd_read(0, 0, 1, 65533))
""",
        ("wasi_fault",),
    )
    assert out == [
        (ESUCCESS, EFAULT, ESUCCESS, EFAULT),
        (EFAULT, EFAULT),
        (ESUCCESS, EFAULT, EINVAL),
        (ESUCCESS, EFAULT, EINVAL),
        (ESUCCESS, EFAULT, EBADF),
        (EFAULT, EBADF, EFAULT),
    ]


def test_poll_oneoff_clocks_sleep():
    # subscription: userdata u64, tag u8 @8, clock id u32 @16, timeout u64 @24, flags u16 @40
    out = run(
        """
import time
e = wasm.Instance(wasm.Module(WASI_FAULT), wasi=wasm.WASI()).exports
m = memoryview(e.memory)
def sub(at, userdata, tag, id_or_fd, timeout=0, flags=0):
    m[at:at + 48] = bytes(48)
    m[at:at + 8] = userdata.to_bytes(8, 'little')
    m[at + 8] = tag
    m[at + 16:at + 20] = id_or_fd.to_bytes(4, 'little')
    m[at + 24:at + 32] = timeout.to_bytes(8, 'little')
    m[at + 40] = flags
def now():
    e.clock_time_get(1, 0, 4000)
    return int.from_bytes(bytes(m[4000:4008]), 'little')
def ev(k):
    b = bytes(m[2000 + 32 * k:2032 + 32 * k])
    return int.from_bytes(b[0:8], 'little'), b[8] | b[9] << 8, b[10]
sub(1000, 0x1122334455667788, 0, 1, 20000000)          # monotonic, 20 ms from now
t = time.ticks_ms()
p(e.poll_oneoff(1000, 2000, 1, 3000), time.ticks_diff(time.ticks_ms(), t) >= 20, bytes(m[3000:3004]), ev(0))
sub(1000, 7, 0, 1, now() + 15000000, 1)                 # absolute: 15 ms from now
t = time.ticks_ms()
p(e.poll_oneoff(1000, 2000, 1, 3000), time.ticks_diff(time.ticks_ms(), t) >= 15, m[3000], ev(0))
sub(1000, 1, 0, 1, 10**9)                              # 1 s, but stdout is ready now
sub(1048, 2, 2, 1)
t = time.ticks_ms()
p(e.poll_oneoff(1000, 2000, 2, 3000), time.ticks_diff(time.ticks_ms(), t) < 500, m[3000], ev(0))
sub(1000, 1, 0, 1, 0)                                  # two clocks due at once
sub(1048, 2, 0, 0, 0)
p(e.poll_oneoff(1000, 2000, 2, 3000), m[3000], ev(0), ev(1))
sub(1000, 1, 1, 0)                                     # fd_read of stdin: not supported
p(e.poll_oneoff(1000, 2000, 1, 3000))
sub(1000, 1, 2, 5)                                     # fd_write of fd 5
p(e.poll_oneoff(1000, 2000, 1, 3000))
sub(1000, 1, 0, 9, 0)                                  # unknown clock
p(e.poll_oneoff(1000, 2000, 1, 3000))
sub(65536 - 48, 1, 0, 1, 0)                            # bounds: subscriptions, events, nevents
p(e.poll_oneoff(0, 2000, 0, 3000), e.poll_oneoff(65536 - 48, 2000, 1, 3000), e.poll_oneoff(65536 - 47, 2000, 1, 3000))
p(e.poll_oneoff(65536 - 48, 65536 - 32, 1, 3000), e.poll_oneoff(65536 - 48, 65536 - 31, 1, 3000))
p(e.poll_oneoff(65536 - 48, 2000, 1, 65532), e.poll_oneoff(65536 - 48, 2000, 1, 65533))
p(e.poll_oneoff(0, 0, 0x20000000, 3000), e.poll_oneoff(0, 0, 0x55555556, 3000))
""",
        ("wasi_fault",),
    )
    assert out[0] == (ESUCCESS, True, b"\x01\x00\x00\x00", (0x1122334455667788, 0, 0))
    assert out[1] == (ESUCCESS, True, 1, (7, 0, 0))
    assert out[2] == (ESUCCESS, True, 1, (2, 0, 2))
    assert out[3] == (ESUCCESS, 2, (1, 0, 0), (2, 0, 0))
    assert out[4:7] == [ENOTSUP, ENOTSUP, EINVAL]
    assert out[7] == (EINVAL, ESUCCESS, EFAULT)
    assert out[8] == (ESUCCESS, EFAULT)
    assert out[9] == (ESUCCESS, EFAULT)
    assert out[10] == (EFAULT, EFAULT)


def test_poll_oneoff_events_over_their_subscriptions():
    """Events written over the subscriptions (out = in + 4 and in + 40: each
    event's userdata and type are the subscription's as it was): until
    session 29 the event's memset came first, then userdata was copied from
    bytes it overlapped (a memcpy of overlapping ranges) and the type read
    from the event just written (0, not fd_write's 2). Found by the binding
    fuzzer (tests/fuzz/binding.py, poll_oneoff drawn since session 29)."""
    out = run(
        """
e = wasm.Instance(wasm.Module(WASI_FAULT), wasi=wasm.WASI()).exports
m = memoryview(e.memory)
def poll(gap):
    m[1000:1200] = bytes(200)
    m[1000:1008] = bytes(range(0x11, 0x19))   # userdata
    m[1008] = 2                               # fd_write
    m[1016] = 1                               # of fd 1: ready
    r = e.poll_oneoff(1000, 1000 + gap, 1, 3000)
    b = bytes(m[1000 + gap:1032 + gap])
    return r, m[3000], b[0:8].hex(), b[8] | b[9] << 8, b[10], b[11:32] == bytes(21)
p(poll(4), poll(40))
""",
        ("wasi_fault",),
    )
    assert out == [((ESUCCESS, 1, "1112131415161718", 0, 2, True), (ESUCCESS, 1, "1112131415161718", 0, 2, True))]


def test_random_is_random_and_fills_everything():
    out = run(
        """
e = wasm.Instance(wasm.Module(WASI_FAULT), wasi=wasm.WASI()).exports
m = memoryview(e.memory)
a = []
for n in (1, 7, 8, 9, 1000):
    m[1000:3000] = bytes(2000)
    e.random_get(1000, n)
    a.append((bytes(m[1000:1000 + n]), m[1000 + n]))
p([x[1] for x in a])
p(len(set(a[-1][0])) > 200, a[-1][0].count(b'\\x00') < 20)
""",
        ("wasi_fault",),
    )
    assert out == [[0, 0, 0, 0, 0], (True, True)]


def test_fdstat_clocks_and_the_rest(wasm_source: str):
    before = int(time.time())
    out, vals = run_io(
        "w = wasm.WASI()\np(w.start(wasm.Instance(wasm.Module(WASI_MISC), wasi=w)))",
        ("wasi_misc",),
        stdin="first line\nsecond\nno newline",
    )
    after = int(time.time())
    d = dict(ln.split("=", 1) for ln in out if "=" in ln and not ln.startswith("line="))
    assert d["res_ns"] == "1000"
    assert 30 <= int(d["slept_ms"]) < 1000
    assert d["monotonic"] == "1"
    if wasm_source == "natmod":
        # A native module has no wall clock of its own (docs/natmod.md):
        # REALTIME counts from the module's first clock read, as on a board.
        assert 0 <= int(d["realtime"]) <= after - before + 1
    else:
        assert before <= int(d["realtime"]) <= after
    assert d["random_differs"] == "1"
    assert d["isatty"] == "1110"
    assert int(d["prestat_get(3)"]) == EBADF
    assert int(d["fd_write(5)"]) == EBADF and int(d["fd_write(0)"]) == EBADF
    assert int(d["fd_seek(1)"]) == ESPIPE
    assert int(d["fd_close(9)"]) == EBADF
    # a standard stream closed by the guest: success (jq checks fclose(stdout) at exit, and
    # failed with "writing output failed" on ENOSYS), then EBADF for it (docs/wasi.md)
    assert int(d["fd_close(2)"]) == ESUCCESS
    assert int(d["fd_write(2)"]) == EBADF and int(d["fd_close(2) again"]) == EBADF
    assert int(d["sched_yield"]) == ESUCCESS
    assert int(d["path_open"]) == EBADF  # fd 3 is no preopened directory (none given)
    assert [ln for ln in out if ln.startswith("line=")] == [
        "line=first line",
        "line=second",
        "line=no newline",
    ]
    assert d["lines"] == "3"
    assert vals == [0]  # fclose(stdout) succeeded


def test_fd_read_line_by_line_into_a_small_buffer():
    # fgets into 32 bytes: a long line comes in pieces; CR reads as LF
    out, vals = run_io(
        """
w = wasm.WASI(args=['prog', 'cat'])
p(w.start(wasm.Instance(wasm.Module(WASI_EXIT), wasi=w, memory_limit=16384)))
""",
        ("wasi_exit",),
        stdin="short\r" + "x" * 40 + "\nlast",
    )
    assert out[3:] == ["> short", "> " + "x" * 31 + "> " + "x" * 9, "> lastEOF"]
    assert vals == [0]


def test_fd_read_at_end_of_input():
    out, vals = run_io(
        "w = wasm.WASI()\np(w.start(wasm.Instance(wasm.Module(WASI_MISC), wasi=w)))",
        ("wasi_misc",),
        stdin="",
    )
    assert out[-1] == "lines=0"


def test_fd_read_at_end_of_input_again_and_again():
    # Each run reads stdin to its end; the host port once quit the whole
    # process (status 0, nothing more printed) at the third end of input.
    out, vals = run_io(
        """
m = wasm.Module(WASI_MISC)
for k in range(4):
    w = wasm.WASI()
    p(w.start(wasm.Instance(m, wasi=w)))
p('after')
""",
        ("wasi_misc",),
        stdin="one\n",
    )
    assert [ln for ln in out if ln.startswith("line")] == ["line=one", "lines=1"] + ["lines=0"] * 3
    assert vals == [0, 0, 0, 0, "after"]


# --- reactors, misuse -----------------------------------------------------------------------------


def test_reactor_initialize_then_exports():
    out, vals = run_io(
        """
w = wasm.WASI()
e = wasm.Instance(wasm.Module(WASI_REACTOR), wasi=w).exports
p(sorted(n for n in e))
p(w.start(wasm.Instance(wasm.Module(WASI_REACTOR), wasi=w)))
i = wasm.Instance(wasm.Module(WASI_REACTOR), wasi=w)
w.start(i)
p(i.exports.twice(1))
""",
        ("wasi_reactor",),
    )
    assert vals == [["_initialize", "memory", "twice"], 0, 42]
    assert out == ["twice(1)"]


def test_start_needs_an_instance_with_an_entry_point():
    out = run(
        """
w = wasm.WASI()
p(exc(w.start, 42))
p(exc(w.start, wasm.Instance(wasm.Module(WASI_FAULT), wasi=w)))
""",
        ("wasi_fault",),
    )
    assert out[0][0] == "TypeError"
    assert out[1] == ("ValueError", "no _start or _initialize export")


def test_one_wasi_for_many_instances_and_gc():
    out, vals = run_io(
        """
import gc
w = wasm.WASI(args=['prog', 'return', '0'])
m = wasm.Module(WASI_EXIT)
for k in range(20):
    i = wasm.Instance(m, wasi=w)
    gc.collect()
    w.start(i)
p('done')
""",
        ("wasi_exit",),
    )
    assert vals == ["done"]
    assert out.count("argv[2]=0") == 20


def test_exit_is_not_caught_as_a_trap_and_keeps_the_repl():
    # wasm.Exit is an Exception (not SystemExit): a REPL just shows it.
    out = run(
        """
p(issubclass(wasm.Exit, Exception), issubclass(wasm.Exit, wasm.Trap), wasm.Exit(5).code, wasm.Exit().code)
"""
    )
    assert out == [(True, False, 5, None)]


def test_wasi_writes_respect_a_read_only_heap():
    # WASI outputs go through the same write check as wasm stores: into a heap
    # attached read-write they land, attached read-only they are EFAULT and the
    # heap is untouched.
    out = run(
        """
h = wasm.SharedHeap(buffer=bytearray(4096))
i = wasm.Instance(wasm.Module(WASI_FAULT), wasi=wasm.WASI())
e = i.exports
i.attach(h)
p(e.clock_time_get(1, 0, h.start + 8), bytes(h.view(h.start + 8, 8)) != bytes(8))
h.view(h.start, 16)[:] = bytes(16)
i.detach()
i.attach(h, readonly=True)
p(e.random_get(h.start, 16), e.clock_time_get(1, 0, h.start + 8), e.random_get(0, 16))
p(bytes(h.view(h.start, 16)) == bytes(16))
""",
        ("wasi_fault",),
    )
    assert out == [(ESUCCESS, True), (EFAULT, EFAULT, ESUCCESS), True]


# --- the cases every board runs too (tests/cases/wasi_cases.py) ---------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: WasiCase) -> None:
    out, _ = run_io(f"M = wasm.Module({case.program.upper()})\n" + PRELUDE + case.code, (case.program,))
    assert out == case.expected


def test_preopens_must_be_directories(tmp_path: Path) -> None:
    """The host port's os (ports/host/modos.c, since session 31) finds each
    preopen: a missing one is OSError(ENOENT), a file ValueError, a list a
    TypeError. Before, this port had no os and preopens were refused."""
    (tmp_path / "f").write_bytes(b"")
    assert run(
        f"p(exc(wasm.WASI, preopens={{'/d': {str(tmp_path / 'no')!r}}}), "
        f"exc(wasm.WASI, preopens={{'/d': {str(tmp_path / 'f')!r}}}), exc(wasm.WASI, preopens=['/data']), "
        f"wasm.WASI(preopens={{'/d': {str(tmp_path)!r}}}).preopens)"
    ) == [
        (
            ("OSError", f"[Errno 2] ENOENT: {tmp_path / 'no'}"),
            ("ValueError", f"preopen '{tmp_path / 'f'}' is not a directory"),
            ("TypeError", "preopens must be a dict {guest path: host directory}"),
            (("/d", str(tmp_path)),),
        )
    ]


# A Python filesystem for preopens on the host port (a file object of its own):
# `os` in sys.modules (before the port's own) with a stat() that knows one directory, and the global
# open() that wasi_files.c's path_open calls, returning File. File's readinto and
# write return RET[0] (a count) and record what they got.
FAKE_OS = """
import sys
class FakeOS:
    def stat(self, path):
        if path == '/fs':
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)
sys.modules['os'] = FakeOS()
"""
PY_FS = (
    FAKE_OS
    + """RET = [0]
SEEN = []
class File:
    def readinto(self, b):
        b[:] = b'r' * len(b)
        SEEN.append(len(b))
        return RET[0]
    def write(self, b):
        SEEN.append(bytes(b))
        return RET[0]
    def close(self):
        pass
def open(path, mode):
    return File()
w = wasm.WASI(preopens={'/d': '/fs'})
e = wasm.Instance(wasm.Module(WASI_FILE_RW), wasi=w).exports
for k, ch in enumerate(b'f.txt'):
    e.st8(128 + k, ch)
p(e.path_open(3, 128, 5, 1, (1 << 1) | (1 << 6), 0, 136))   # create, read and write rights
fd = e.ld32(136)
e.st32(64, 256)     # one iovec: 4 bytes at 256
e.st32(68, 4)
def rw(f, ret):
    RET[0] = ret
    e.st32(72, 12345)
    return f(fd, 64, 1, 72), e.ld32(72)
"""
)


def test_a_file_method_returning_a_count_it_could_not_have_done_is_eio() -> None:
    """A file's readinto()/write() that returns more than the buffer it got, or
    a negative count: WASI's EIO, the count word untouched (as CPython's
    OSError 'raw readinto() returned invalid length'); before, the guest was
    told 11 bytes were read into its 4-byte buffer, or 2**32 - 1.
    Found by the binding fuzzer (tests/fuzz/binding.py)."""
    vals = run(
        PY_FS
        + """
p([rw(f, r) for f in (e.fd_read, e.fd_write) for r in (4, 2, 0, 11, -1)])
p(SEEN[0], SEEN[5])
""",
        ("wasi_file_rw",),
    )
    EIO = 29
    assert vals == [
        ESUCCESS,
        [(0, 4), (0, 2), (0, 0), (EIO, 12345), (EIO, 12345)] * 2,
        (4, b"rrrr"),
    ]


def test_a_stdout_write_returning_a_count_it_could_not_have_done_is_eio() -> None:
    """A stdout= object's write() returning more than the bytes it got, or a
    negative count: EIO with the count word untouched, as a file's write
    (test_a_file_method_returning_a_count_it_could_not_have_done_is_eio);
    until session 29 more was clamped to the buffer's length (success, all
    written) and a negative count was 0 (EIO only for the first buffer), two
    behaviours for one mistake. None still means all; an exact or shorter
    count is the count, 0 too (until session 30 a 0 for the first buffer was
    EIO, where a file's 0 was a count of 0: Python's io takes 0 .. len as a
    count, CPython's BufferedWriter raises only outside it, and WASI's
    fd_write returns a size; the console's 0 stays its error). The second
    buffer's count goes on the first's."""
    vals = run(
        """
RET = [0]
class Out:
    def write(self, b):
        return RET[0]
e = wasm.Instance(wasm.Module(WASI_FILE_RW), wasi=wasm.WASI(stdout=Out())).exports
e.st32(64, 256)     # two iovecs: 4 bytes at 256, 4 at 300; the count at 88
e.st32(68, 4)
e.st32(72, 300)
e.st32(76, 4)
def w(ret, n):
    RET[0] = ret
    e.st32(88, 12345)
    return e.fd_write(1, 64, n, 88), e.ld32(88)
p([w(r, n) for n in (1, 2) for r in (4, 2, 0, None, 5, -1)])
""",
        ("wasi_file_rw",),
    )
    EIO = 29
    assert vals == [
        [(0, 4), (0, 2), (0, 0), (0, 4), (EIO, 12345), (EIO, 12345)]
        + [(0, 8), (0, 2), (0, 0), (0, 8), (EIO, 12345), (EIO, 12345)]
    ]


def test_a_write_reopens_the_other_fds_of_its_file_and_no_more() -> None:
    """What one fd writes reaches every other fd open on its file (each other fd
    opened again, "r+b": littlefs's handles do not see each other's writes), and
    a write to a file open once opens nothing. Since session 33 the fds of a
    file opened twice are marked when the second opens (wasi_files.c
    `modwasi_mark_shared`), and only a marked fd's write looks for the others
    (`modwasi_show_change`): the mark is made at the second open of a path,
    stays after the other closes (one scan that finds nobody), and a third fd
    on the file is marked with the first. A Python filesystem records each
    open() (its files have no fileno(): the host port's own files are POSIX
    descriptors, never opened again, test_two_preopens_that_overlap_name_one_file)."""
    vals = run(
        FAKE_OS
        + """OPENS = []
class File:
    def write(self, b):
        return len(b)
    def seek(self, off, whence=0):
        return 0
    def close(self):
        pass
def open(path, mode):
    OPENS.append((path[4:], mode))
    return File()
w = wasm.WASI(preopens={'/d': '/fs'})
e = wasm.Instance(wasm.Module(WASI_FILE_RW), wasi=w).exports
e.st32(64, 256)     # one iovec: 4 bytes at 256
e.st32(68, 4)
def op(name):
    for k, ch in enumerate(name):
        e.st8(128 + k, ch)
    assert e.path_open(3, 128, len(name), 1, (1 << 1) | (1 << 6), 0, 136) == 0   # create, read and write
    return e.ld32(136)
def wr(fd):
    n = len(OPENS)
    return e.fd_write(fd, 64, 1, 72), OPENS[n:]
a = op(b'f')
out = [wr(a)]
b = op(b'f')
out += [wr(a), wr(b)]
e.fd_close(b)
out.append(wr(a))
g = op(b'g')
out.append(wr(g))
c = op(b'f')
out += [wr(c), wr(a)]
p(out)
""",
        ("wasi_file_rw",),
    )
    reopen = [("f", "r+b")]
    assert vals == [[(0, []), (0, reopen), (0, reopen), (0, []), (0, []), (0, reopen), (0, reopen)]]


# --- files under a real preopened directory (the host port's os, ports/host/modos.c) -------
# The guest of tests/fuzz/wasi_files.py (tests/programs/wasi_fsops.c) runs a script
# of WASI file calls and logs each one's errno and results; each case's expected
# log is also wasmtime's (checked here too), apart from what docs/wasi.md says we
# answer otherwise.


def _fs_snippet() -> str:
    from fuzz.wasi_files import MP_GUEST

    fs = "def fs(hx, d):\n    r, log = guest(wasm.Module(WASI_FSOPS), hx, d)\n"
    return MP_GUEST + fs + "    return log.splitlines() if r == 0 else r\n"


def assert_no_times(log: list[str], set_errnos: set[str]) -> None:
    """wasm.mpy keeps no times (MICROPY_PY_WASM_WASI_TIMES off; no wall clock
    of its own, docs/natmod.md): the boards' answers, ENOSYS (or another
    errno of set_errnos) to a set and 0 for every time read."""
    assert {w.split(" ", 2)[2] for w in log if " settimes " in w or " psettimes " in w} == set_errnos
    assert {w.split(" ", 2)[2] for w in log if " times " in w} == {"e=0 atim=0 mtim=0"}


def fs_ops(ops: list[bytes], where: Path, wasmtime_too: bool = True) -> list[str]:
    """The guest's log of `ops` on our host port under `where`/ours; the same
    on wasmtime under `where`/wasmtime, which must agree (lines and tree)."""
    from fuzz import wasi_files

    script = b"".join(ops)
    (where / "ours").mkdir()
    [log] = run(_fs_snippet() + f"p(fs({script.hex()!r}, {str(where / 'ours')!r}))", ("wasi_fsops",))
    if wasmtime_too:
        (where / "wasmtime").mkdir()
        theirs = wasi_files.Wasmtime(wasi_files.guest()).run(script, where / "wasmtime")
        assert theirs.log[1:] == log
        assert theirs.tree == wasi_files.tree(where / "ours")
    return log


def test_paths_resolve_as_posix_does(tmp_path: Path) -> None:
    """'.', '..' and a last '/' after a name, empty and long names, bytes that
    are not UTF-8: as Linux and wasmtime resolve them. Until session 31 a path
    was taken apart by its text alone: rmdir 'd1/.' removed d1, rename 'f' to
    'd1/.' moved f, 'nope/..' was the directory itself, '' the preopen, 'f/'
    the file f, a 256-byte name ENOENT and a byte that is not UTF-8 ended the
    program with an exception (tests/fuzz/wasi_files.py found each)."""
    from fuzz.wasi_files import op_mkdir, op_open, op_pstat, op_rename, op_rmdir, op_unlink

    CREAT = 1
    log = fs_ops(
        [
            op_mkdir(b"d1"),
            op_open(b"f", CREAT),
            op_rmdir(b"."),
            op_rmdir(b"d1/."),
            op_unlink(b"d1/.."),
            op_rename(b".", b"x"),
            op_rename(b"f", b"d1/."),
            op_mkdir(b"nope/.."),
            op_pstat(b""),
            op_open(b"", 0, 1),
            op_pstat(b"f/"),
            op_open(b"g/", CREAT),
            op_mkdir(b"f/"),
            op_rename(b"f", b"j/"),
            op_unlink(b"f/"),
            op_mkdir(b"\xff"),
            op_pstat(b"x" * 256),
            op_pstat(b"d1/../f"),
        ],
        tmp_path,
    )
    assert log == [
        "0 mkdir e=0",
        "1 open e=0 slot=1",
        "2 rmdir e=28",  # EINVAL
        "3 rmdir e=28",
        "4 unlink e=31",  # EISDIR
        "5 rename e=10",  # EBUSY
        "6 rename e=10",
        "7 mkdir e=44",  # ENOENT
        "8 pstat e=44",
        "9 open e=44",
        "10 pstat e=54",  # ENOTDIR
        "11 open e=31",
        "12 mkdir e=20",  # EEXIST
        "13 rename e=54",
        "14 unlink e=54",
        "15 mkdir e=25",  # EILSEQ
        "16 pstat e=37",  # ENAMETOOLONG
        "17 pstat e=0 type=4 size=0",
    ]
    assert sorted(p.name for p in (tmp_path / "ours").iterdir()) == ["d1", "f"]


def test_open_flags_as_wasmtime(tmp_path: Path) -> None:
    """DIRECTORY with CREAT/EXCL/TRUNC is EINVAL, the synchronized-I/O fdflags
    ENOTSUP, a directory opened to write EISDIR, CREAT opens for writing
    whatever the rights, a write-only file's 0-byte read EBADF, TRUNC with
    APPEND empties the file, an APPEND fd's empty write moves it to the end.
    Until session 31: a directory opened with CREAT|DIRECTORY was ENOENT or
    EISDIR, SYNC was ignored, CREAT with read rights was ENOENT, TRUNC|APPEND
    kept the bytes and a 0-byte read of a write-only file succeeded."""
    from fuzz.wasi_files import op_mkdir, op_open, op_read, op_seek, op_write

    CREAT, DIRECTORY, EXCL, TRUNC = 1, 2, 4, 8
    APPEND, DSYNC, SYNC = 1, 2, 16
    log = fs_ops(
        [
            op_open(b"d", CREAT | DIRECTORY),
            op_open(b"d", DIRECTORY | EXCL, 1),
            op_open(b"d", DIRECTORY | TRUNC, 1),
            op_open(b"f", CREAT, 3, SYNC),
            op_open(b"f", CREAT, 3, DSYNC),
            op_mkdir(b"d"),
            op_open(b"d", DIRECTORY, 3),
            op_open(b"d", DIRECTORY, 1),  # slot 1
            op_open(b"k", CREAT, 1),  # slot 2: read rights, written all the same
            op_write(2, 3),
            op_open(b"w", CREAT, 2),  # slot 3: write only
            op_read(3, 0),
            op_open(b"k", TRUNC, 2, APPEND),  # slot 4
            op_write(4, 2, 0x61),
            op_seek(4, 100, 0),
            op_write(4, 0),
            op_seek(4, -2, 1),
        ],
        tmp_path,
    )
    assert log == [
        "0 open e=28",
        "1 open e=28",
        "2 open e=28",
        "3 open e=58",  # ENOTSUP
        "4 open e=58",
        "5 mkdir e=0",
        "6 open e=31",
        "7 open e=0 slot=1",
        "8 open e=0 slot=2",
        "9 write e=0 n=3",
        "10 open e=0 slot=3",
        "11 read e=8",
        "12 open e=0 slot=4",
        "13 write e=0 n=2",
        "14 seek e=0 to=100",
        "15 write e=0 n=0",
        "16 seek e=0 to=0",  # the empty write left it at the end (2)
    ]
    assert (tmp_path / "ours" / "k").read_bytes() == b"ab"


def test_seek_offsets_a_small_int_cannot_hold_are_einval(tmp_path: Path) -> None:
    """fd_seek by -2**63 or to 2**62: EINVAL, the offset kept. Until session 31
    the file's seek() raised OverflowError out of the wasm call (the program
    ended). wasmtime takes 2**62 (its files go on past 2**31; littlefs's stop
    there), so it is not asked."""
    from fuzz.wasi_files import op_open, op_seek, op_write

    log = fs_ops(
        [op_open(b"f", 1), op_write(1, 3), op_seek(1, -(1 << 63), 1), op_seek(1, 1 << 62, 0), op_seek(1, 0, 1)],
        tmp_path,
        wasmtime_too=False,
    )
    assert log == ["0 open e=0 slot=1", "1 write e=0 n=3", "2 seek e=28", "3 seek e=28", "4 seek e=0 to=3"]


def test_fds_follow_renames_and_fstat_the_open_file(tmp_path: Path) -> None:
    """A directory fd whose directory is renamed still names it; fd_filestat_get
    sizes the open file, renamed or unlinked since (POSIX's fstat). Until
    session 31 both went by the fd's old path: ENOENT."""
    from fuzz.wasi_files import op_fstat, op_mkdir, op_open, op_readdir, op_rename, op_unlink, op_write

    log = fs_ops(
        [
            op_mkdir(b"d1"),
            op_open(b"d1", 2, 1),  # slot 1: DIRECTORY, read
            op_rename(b"d1", b"d2"),
            op_mkdir(b"x", 1),
            op_readdir(1),
            op_open(b"f", 1),  # slot 2
            op_write(2, 5),
            op_rename(b"f", b"h"),
            op_fstat(2),
            op_unlink(b"h"),
            op_fstat(2),
        ],
        tmp_path,
    )
    assert [ln if "readdir" not in ln else sorted(ln.split()) for ln in log] == [
        "0 mkdir e=0",
        "1 open e=0 slot=1",
        "2 rename e=0",
        "3 mkdir e=0",
        sorted("4 readdir .:3 ..:3 x:3 e=0".split()),
        "5 open e=0 slot=2",
        "6 write e=0 n=5",
        "7 rename e=0",
        "8 fstat e=0 type=4 size=5",
        "9 unlink e=0",
        "10 fstat e=0 type=4 size=5",
    ]
    assert (tmp_path / "ours" / "d2" / "x").is_dir()


def test_pread_pwrite_fdstat_as_wasmtime(tmp_path: Path) -> None:
    """fd_pread / fd_pwrite read and write at an offset and leave the fd's
    position (past the end: nothing read; a hole of zeros written), an APPEND
    fd's pwrite goes to the end (Linux, wasmtime), a read-only fd's pwrite and
    a write-only one's pread are EBADF; fd_fdstat_get gives APPEND and NONBLOCK
    and the FD_READ / FD_READDIR / FD_WRITE rights the fd has (a read-only
    APPEND fd's flag too). Until session 31 pread/pwrite were ENOSYS on files
    and fd_fdstat_get said no flags and every right."""
    from fuzz.wasi_files import op_fdstat, op_open, op_pread, op_pwrite, op_read, op_write

    CREAT, DIRECTORY = 1, 2
    APPEND, NONBLOCK = 1, 4
    log = fs_ops(
        [
            op_open(b"f", CREAT),  # slot 1
            op_write(1, 10, 0x30),
            op_pread(1, 3, 4),
            op_pwrite(1, 1, 2, 0x61),
            op_pwrite(1, 12, 1, 0x5A),
            op_pread(1, 9, 8),
            op_pread(1, 100, 4),
            op_read(1, 2),  # at 10 still: the hole's zeros
            op_fdstat(1),
            op_open(b"f", 0, 2, APPEND | NONBLOCK),  # slot 2: write-only
            op_pwrite(2, 0, 1, 0x45),
            op_pread(2, 0, 1),
            op_fdstat(2),
            op_open(b"f", 0, 1, APPEND),  # slot 3: read-only
            op_pwrite(3, 0, 1),
            op_fdstat(3),
            op_pread(3, 12, 8),
            op_open(b".", DIRECTORY, 1),  # slot 4
            op_fdstat(4),
            op_fdstat(0),  # the preopen
        ],
        tmp_path,
    )
    assert log == [
        "0 open e=0 slot=1",
        "1 write e=0 n=10",
        "2 pread e=0 n=4 33343536",
        "3 pwrite e=0 n=2",
        "4 pwrite e=0 n=1",
        "5 pread e=0 n=4 3900005a",
        "6 pread e=0 n=0 ",
        "7 read e=0 n=2 0000",
        "8 fdstat e=0 type=4 flags=0 rights=16450",  # FD_READ | FD_WRITE | FD_READDIR
        "9 open e=0 slot=2",
        "10 pwrite e=0 n=1",  # at the end (13)
        "11 pread e=8",
        "12 fdstat e=0 type=4 flags=5 rights=64",  # APPEND | NONBLOCK; FD_WRITE
        "13 open e=0 slot=3",
        "14 pwrite e=8",
        "15 fdstat e=0 type=4 flags=1 rights=16386",  # FD_READ | FD_READDIR
        "16 pread e=0 n=2 5a45",
        "17 open e=0 slot=4",
        "18 fdstat e=0 type=3 flags=0 rights=16386",
        "19 fdstat e=0 type=3 flags=0 rights=16384",  # a preopen: FD_READDIR, as wasmtime
    ]
    assert (tmp_path / "ours" / "f").read_bytes() == b"0ab3456789\0\0ZE"


def test_pread_pwrite_fcntl_through_wasi_libc(tmp_path: Path) -> None:
    """tests/programs/wasi_pread.c: pread, pwrite and fcntl(F_GETFL) as a C
    program (SQLite's unix VFS) calls them; wasmtime prints the same but for a
    directory's pread (ours EISDIR as POSIX, wasmtime EBADF: docs/wasi.md). Until
    session 31 pread and pwrite failed (ENOSYS) and F_GETFL said O_RDWR of
    every file, O_APPEND of none."""
    import wasmtime

    (tmp_path / "ours").mkdir()
    out, _ = run_io(
        f"w = wasm.WASI(args=['p'], preopens={{'/data': {str(tmp_path / 'ours')!r}}})\n"
        "w.start(wasm.Instance(wasm.Module(WASI_PREAD), wasi=w))\n",
        ("wasi_pread",),
    )
    expected = PREAD_EXPECTED
    assert out == expected
    from support import build

    build.build("wasi_pread")
    engine = wasmtime.Engine()
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    cfg = wasmtime.WasiConfig()
    cfg.argv = ["p"]
    (tmp_path / "wasmtime").mkdir()
    cfg.preopen_dir(str(tmp_path / "wasmtime"), "/data")
    cfg.stdout_file = str(tmp_path / "out")
    store = wasmtime.Store(engine)
    store.set_wasi(cfg)
    linker.instantiate(store, wasmtime.Module.from_file(engine, str(build.OUT / "wasi_pread.wasm"))).exports(store)[
        "_start"
    ](store)
    theirs = (tmp_path / "out").read_text().splitlines()
    assert theirs == [ln.replace("errno 31", "errno 8") if ln.startswith("pread dir") else ln for ln in expected]


def test_set_size_set_flags_allocate_as_wasmtime(tmp_path: Path) -> None:
    """fd_filestat_set_size cuts a file or grows it with zeros, the position
    kept (ftruncate); a read-only fd's is EINVAL, a directory's EBADF, a size
    of 2**62 EFBIG and of 2**63 EINVAL. fd_fdstat_set_flags turns APPEND and
    NONBLOCK on and off (a read-only fd's too), the synchronized-I/O flags are
    EINVAL, a directory's EBADF; an fd opened with APPEND writes where it is
    once APPEND is off. fd_allocate is ENOTSUP on a file (wasmtime's answer),
    EBADF on a directory. Until session 32 all three were ENOSYS."""
    from fuzz.wasi_files import (
        op_allocate,
        op_fdstat,
        op_fstat,
        op_open,
        op_read,
        op_seek,
        op_setflags,
        op_setsize,
        op_write,
    )

    CREAT, DIRECTORY = 1, 2
    APPEND, DSYNC, NONBLOCK, SYNC = 1, 2, 4, 16
    log = fs_ops(
        [
            op_open(b"f", CREAT),  # slot 1
            op_write(1, 10, 0x30),
            op_setsize(1, 4),
            op_fstat(1),
            op_setsize(1, 12),
            op_read(1, 100),  # from 10, where the write left it: the zeros grown
            op_open(b"f", 0, 1),  # slot 2: read-only
            op_setsize(2, 3),
            op_open(b".", DIRECTORY, 1),  # slot 3
            op_setsize(3, 3),
            op_setsize(1, 1 << 62),
            op_setsize(1, 1 << 63),
            op_setflags(1, APPEND | NONBLOCK),
            op_fdstat(1),
            op_seek(1, 0, 0),
            op_write(1, 2, 0x61),  # at the end
            op_setflags(1, 0),
            op_seek(1, 0, 0),
            op_write(1, 1, 0x7A),  # at 0
            op_setflags(1, SYNC),
            op_setflags(1, DSYNC),
            op_setflags(2, APPEND),
            op_fdstat(2),
            op_setflags(3, 0),
            op_open(b"g", CREAT, 3, APPEND),  # slot 4
            op_write(4, 3, 0x41),
            op_setflags(4, 0),
            op_seek(4, 1, 0),
            op_write(4, 1, 0x78),  # at 1: APPEND off
            op_allocate(1, 0, 100),
            op_allocate(2, 0, 0),
            op_allocate(3, 0, 1),
        ],
        tmp_path,
    )
    assert log == [
        "0 open e=0 slot=1",
        "1 write e=0 n=10",
        "2 setsize e=0",
        "3 fstat e=0 type=4 size=4",
        "4 setsize e=0",
        "5 read e=0 n=2 0000",
        "6 open e=0 slot=2",
        "7 setsize e=28",  # EINVAL: not open for writing
        "8 open e=0 slot=3",
        "9 setsize e=8",  # EBADF
        "10 setsize e=22",  # EFBIG
        "11 setsize e=28",
        "12 setflags e=0",
        "13 fdstat e=0 type=4 flags=5 rights=16450",
        "14 seek e=0 to=0",
        "15 write e=0 n=2",
        "16 setflags e=0",
        "17 seek e=0 to=0",
        "18 write e=0 n=1",
        "19 setflags e=28",
        "20 setflags e=28",
        "21 setflags e=0",
        "22 fdstat e=0 type=4 flags=1 rights=16386",
        "23 setflags e=8",
        "24 open e=0 slot=4",
        "25 write e=0 n=3",
        "26 setflags e=0",
        "27 seek e=0 to=1",
        "28 write e=0 n=1",
        "29 allocate e=58",  # ENOTSUP
        "30 allocate e=58",
        "31 allocate e=8",
    ]
    assert (tmp_path / "ours" / "f").read_bytes() == b"z123" + bytes(8) + b"ab"
    assert (tmp_path / "ours" / "g").read_bytes() == b"AxC"


def test_file_times_as_wasmtime(tmp_path: Path, wasm_source: str) -> None:
    """fd_filestat_set_times and path_filestat_set_times on the host port's
    files (os.utime, ports/host/modos.c), and the times fd_filestat_get gives
    back, as wasmtime: each time set alone or both, a time and its _NOW
    together EINVAL before the fd or path is looked at, a missing path ENOENT,
    a file's name with a last '/' ENOTDIR, a directory's times too. Times read
    back in whole seconds (os.stat's), so whole seconds here. Until session 33
    both calls were ENOSYS and every time 0."""
    from fuzz.wasi_files import op_mkdir, op_open, op_psettimes, op_settimes, op_times

    CREAT, DIRECTORY = 1, 2
    ATIM, ATIM_NOW, MTIM, MTIM_NOW = 1, 2, 4, 8
    S = 10**9
    ops = [
        op_open(b"f", CREAT),  # slot 1
        op_settimes(1, 1_500_000_000 * S, 1_600_000_000 * S, ATIM | MTIM),
        op_times(1),
        op_psettimes(b"f", 1_400_000_000 * S, 7 * S, ATIM),  # atim alone
        op_times(1),
        op_settimes(1, 0, 1_300_000_000 * S, MTIM),  # mtim alone
        op_times(1),
        op_settimes(1, 0, 0, 0),  # neither
        op_times(1),
        op_settimes(1, 0, 0, ATIM | ATIM_NOW),
        op_settimes(1, 0, 0, MTIM | MTIM_NOW),
        op_settimes(0xF0, 0, 0, ATIM | ATIM_NOW),  # EINVAL before EBADF
        op_settimes(0xF0, 0, 0, ATIM),
        op_psettimes(b"nope", 0, 0, ATIM),
        op_psettimes(b"nope", 0, 0, MTIM | MTIM_NOW),
        op_psettimes(b"f/", 0, 0, ATIM),
        op_mkdir(b"d1"),
        op_psettimes(b"d1/", 1_000_000_000 * S, 1_100_000_000 * S, ATIM | MTIM),
        op_open(b"d1", DIRECTORY, 1),  # slot 2
        op_times(2),
        op_settimes(2, 900_000_000 * S, 0, ATIM),
        op_times(2),
    ]
    if wasm_source == "natmod":
        assert_no_times(fs_ops(ops, tmp_path, wasmtime_too=False), {"e=52", "e=8"})
        return
    log = fs_ops(ops, tmp_path)
    assert log == [
        "0 open e=0 slot=1",
        "1 settimes e=0",
        "2 times e=0 atim=1500000000000000000 mtim=1600000000000000000",
        "3 psettimes e=0",
        "4 times e=0 atim=1400000000000000000 mtim=1600000000000000000",
        "5 settimes e=0",
        "6 times e=0 atim=1400000000000000000 mtim=1300000000000000000",
        "7 settimes e=0",
        "8 times e=0 atim=1400000000000000000 mtim=1300000000000000000",
        "9 settimes e=28",
        "10 settimes e=28",
        "11 settimes e=28",
        "12 settimes e=8",
        "13 psettimes e=44",
        "14 psettimes e=28",
        "15 psettimes e=54",
        "16 mkdir e=0",
        "17 psettimes e=0",
        "18 open e=0 slot=2",
        "19 times e=0 atim=1000000000000000000 mtim=1100000000000000000",
        "20 settimes e=0",
        "21 times e=0 atim=900000000000000000 mtim=1100000000000000000",
    ]
    # the file's own mtime (its atime moved: fs_ops read the tree)
    assert (tmp_path / "ours" / "f").stat().st_mtime_ns == 1_300_000_000 * S


def test_file_times_now_and_from_python(tmp_path: Path, wasm_source: str) -> None:
    """ATIM_NOW and MTIM_NOW set the REALTIME clock's now (the host's wall
    clock); a time not asked for stays. The host port's os.utime (CPython's
    times= and ns=, and None for a time left as it is) and os.stat's times
    are what WASI reads and sets; os.stat_ns gives them in ns (since session
    34; os.stat keeps MicroPython's ten items, whole seconds) and all three
    take an open file's fileno()."""
    from fuzz.wasi_files import op_open, op_settimes, op_times

    ATIM, ATIM_NOW, MTIM, MTIM_NOW = 1, 2, 4, 8
    S = 10**9
    before = time.time_ns() // S
    if wasm_source == "natmod":
        (tmp_path / "ours").mkdir()
        (tmp_path / "ours" / "f").write_bytes(b"")
    log = (
        []
        if wasm_source == "natmod"
        else fs_ops(
            [
                op_open(b"f", 1),
                op_settimes(1, 5 * S, 6 * S, ATIM | MTIM),
                op_settimes(1, 0, 0, MTIM_NOW),
                op_times(1),
                op_settimes(1, 0, 7 * S, ATIM_NOW | MTIM),
                op_times(1),
            ],
            tmp_path,
            wasmtime_too=False,
        )
    )
    after = time.time_ns() // S
    if log:  # wasm.mpy keeps no times (test_file_times_as_wasmtime): the port's os.utime below still
        t = [dict(w.split("=") for w in line.split()[3:]) for line in (log[3], log[5])]
        assert t[0]["atim"] == str(5 * S) and before <= int(t[0]["mtim"]) // S <= after
        assert t[1]["mtim"] == str(7 * S) and before <= int(t[1]["atim"]) // S <= after
    f = str(tmp_path / "ours" / "f")
    assert run(
        f"import os\nos.utime({f!r}, (100, 200.5))\np(os.stat({f!r})[7:9])\n"
        f"os.utime({f!r}, ns=(300 * 10**9, None))\np(os.stat({f!r})[7:9])\n"
        f"os.utime({f!r}, None, (None, 400 * 10**9 + 5))\np(os.stat({f!r})[7:9])\n"
        f"p(exc(os.utime, {f!r}, (1, 2), ns=(1, 2)), exc(os.utime, {str(tmp_path / 'no')!r}, (1, 2)))\n"
        # the ns times (os.stat_ns, since session 34: os.stat keeps its ten items);
        # an open file's descriptor for a path
        f"p(os.stat_ns({f!r})[7:9])\nfh = open({f!r}, 'rb')\nos.utime(fh.fileno(), ns=(7, 8))\n"
        f"p(os.stat_ns(fh.fileno())[7:9], os.stat({f!r})[0] == os.stat(fh.fileno())[0], len(os.stat({f!r})),"
        f" os.stat({f!r})[:7] == os.stat_ns({f!r})[:7], os.stat({f!r})[7:9])\n"
        "fh.close()\np(exc(os.stat, 1000), exc(os.stat_ns, 1000), exc(os.utime, 1000, None))"
    ) == [
        (100, 200),
        (300, 200),
        (300, 400),
        (("ValueError", "utime: either times or ns, not both"), ("OSError", f"[Errno 2] ENOENT: {tmp_path / 'no'}")),
        (300 * S, 400 * S + 5),
        ((7, 8), True, 10, True, (0, 0)),
        (("OSError", "[Errno 9] EBADF"), ("OSError", "[Errno 9] EBADF"), ("OSError", "[Errno 9] EBADF")),
    ]
    assert os_stat_ns(f) == (7, 8)


def test_file_times_in_nanoseconds_and_of_an_unlinked_file_as_wasmtime(tmp_path: Path, wasm_source: str) -> None:
    """Times set in ns are kept and read back in ns (the host port's os.stat_ns
    gives st_atim/st_mtim/st_ctim as its items 7-9); an fd's set_times and
    filestat are its open file's (os.stat_ns and os.utime of its fileno(): fstat,
    futimens), an fd whose file was unlinked or renamed over too, as
    wasmtime. Until session 34 the times read back were whole seconds and
    set_times on such an fd was ENOENT (by its path, which named no file)."""
    from fuzz.wasi_files import op_mkdir, op_open, op_psettimes, op_rename, op_settimes, op_times, op_unlink, op_write

    CREAT, DIRECTORY = 1, 2
    ATIM, MTIM = 1, 4
    ops = [
        op_open(b"f", CREAT),  # slot 1
        op_settimes(1, 1_500_000_000_123_456_789, 1_600_000_000_987_654_321, ATIM | MTIM),
        op_times(1),
        op_psettimes(b"f", 1_400_000_000_000_000_001, 0, ATIM),
        op_times(1),
        op_mkdir(b"d1"),
        op_psettimes(b"d1", 1_000_000_000_000_000_007, 1_100_000_000_000_000_009, ATIM | MTIM),
        op_open(b"d1", DIRECTORY, 1),  # slot 2
        op_times(2),
        op_open(b"g", CREAT),  # slot 3
        op_write(3, 3),
        op_unlink(b"g"),
        op_settimes(3, 1_200_000_000_000_000_011, 1_300_000_000_000_000_013, ATIM | MTIM),
        op_times(3),
        op_open(b"h", CREAT),  # slot 4
        op_open(b"k", CREAT),  # slot 5
        op_settimes(5, 5, 6, ATIM | MTIM),
        op_rename(b"k", b"h"),  # slot 4's file renamed over
        op_settimes(4, 7, 8, ATIM | MTIM),
        op_times(4),
        op_times(5),
    ]
    if wasm_source == "natmod":
        assert_no_times(fs_ops(ops, tmp_path, wasmtime_too=False), {"e=52"})
        return
    log = fs_ops(ops, tmp_path)
    assert log == [
        "0 open e=0 slot=1",
        "1 settimes e=0",
        "2 times e=0 atim=1500000000123456789 mtim=1600000000987654321",
        "3 psettimes e=0",
        "4 times e=0 atim=1400000000000000001 mtim=1600000000987654321",
        "5 mkdir e=0",
        "6 psettimes e=0",
        "7 open e=0 slot=2",
        "8 times e=0 atim=1000000000000000007 mtim=1100000000000000009",
        "9 open e=0 slot=3",
        "10 write e=0 n=3",
        "11 unlink e=0",
        "12 settimes e=0",
        "13 times e=0 atim=1200000000000000011 mtim=1300000000000000013",
        "14 open e=0 slot=4",
        "15 open e=0 slot=5",
        "16 settimes e=0",
        "17 rename e=0",
        "18 settimes e=0",
        "19 times e=0 atim=7 mtim=8",
        "20 times e=0 atim=5 mtim=6",
    ]
    assert os.stat(tmp_path / "ours" / "h").st_mtime_ns == 6


def test_a_removed_directory_fd_as_wasmtime(tmp_path: Path, wasm_source: str) -> None:
    """An opened directory's fd is the directory itself on the host port (its
    open(), MICROPY_PY_WASM_WASI_POSIX_FILES), as wasmtime's: removed
    (path_remove_directory) or renamed over, its fd_filestat_get is a
    directory's (fstat), fd_filestat_set_times sets its times (futimens) and
    fd_readdir lists "." and ".." only; every path under it is ENOENT, also
    once a new directory of its name is made, which its fd never reaches.
    Until session 35 a directory fd was its path: all of these were ENOENT
    and the new directory's names were reached. wasm.mpy (as the boards,
    whose littlefs has no directory handles) keeps the path: ENOENT, and no
    times (ENOSYS)."""
    from fuzz.wasi_files import (
        op_close,
        op_fstat,
        op_mkdir,
        op_open,
        op_pstat,
        op_readdir,
        op_readdir1,
        op_rename,
        op_rmdir,
        op_settimes,
        op_times,
        op_unlink,
        op_write,
        tree,
    )

    CREAT, DIRECTORY = 1, 2
    ATIM, MTIM = 1, 4
    S = 10**9
    ops = [
        op_mkdir(b"d1"),
        op_open(b"d1", DIRECTORY, 1),  # slot 1
        op_open(b"d1/f", CREAT),  # slot 2
        op_close(2),
        op_unlink(b"d1/f"),
        op_rmdir(b"d1"),  # removed while slot 1 is open on it
        op_fstat(1),
        op_settimes(1, 5 * S, 6 * S, ATIM | MTIM),
        op_times(1),
        op_readdir(1),
        op_readdir1(1, 0, 1024),
        op_open(b"x", CREAT, d=1),
        op_pstat(b"x", d=1),
        op_mkdir(b"y", d=1),
        op_mkdir(b"d1"),  # a new d1
        op_open(b"d1/g", CREAT),
        op_readdir(1),  # still the removed one
        op_pstat(b"g", d=1),
        op_fstat(1),
        op_mkdir(b"d2"),
        op_mkdir(b"d3"),
        op_open(b"d2", DIRECTORY, 1),
        op_open(b"d3", DIRECTORY, 1),
        op_open(b"d3/h", CREAT),
        op_write(6, 2),
        op_rename(b"d3", b"d2"),  # d2 (empty) renamed over
        op_readdir(4),
        op_pstat(b"h", d=4),
        op_settimes(4, 7 * S, 8 * S, ATIM | MTIM),
        op_times(4),
        op_readdir(5),  # d3's fd follows it to d2
        op_pstat(b"h", d=5),
    ]
    if wasm_source == "natmod":  # the directory fds by path: gone, then the new d1's
        log = fs_ops(ops, tmp_path, wasmtime_too=False)
        assert log[6:14] + log[16:18] + log[26:28] == [
            "6 fstat e=44",
            "7 settimes e=52",
            "8 times e=44",
            "9 readdir e=44",
            "10 readdir1 e=44",
            "11 open e=44",
            "12 pstat e=44",
            "13 mkdir e=44",
            "16 readdir .:3 ..:3 g:4 e=0",
            "17 pstat e=0 type=4 size=0",
            "26 readdir .:3 ..:3 h:4 e=0",
            "27 pstat e=0 type=4 size=2",
        ]
        return
    assert fs_ops(ops, tmp_path) == [
        "0 mkdir e=0",
        "1 open e=0 slot=1",
        "2 open e=0 slot=2",
        "3 close e=0",
        "4 unlink e=0",
        "5 rmdir e=0",
        "6 fstat e=0 type=3 size=0",
        "7 settimes e=0",
        "8 times e=0 atim=5000000000 mtim=6000000000",
        "9 readdir .:3 ..:3 e=0",
        "10 readdir1 e=0 used=51",
        "11 open e=44",
        "12 pstat e=44",
        "13 mkdir e=44",
        "14 mkdir e=0",
        "15 open e=0 slot=3",
        "16 readdir .:3 ..:3 e=0",
        "17 pstat e=44",
        "18 fstat e=0 type=3 size=0",
        "19 mkdir e=0",
        "20 mkdir e=0",
        "21 open e=0 slot=4",
        "22 open e=0 slot=5",
        "23 open e=0 slot=6",
        "24 write e=0 n=2",
        "25 rename e=0",
        "26 readdir .:3 ..:3 e=0",
        "27 pstat e=44",
        "28 settimes e=0",
        "29 times e=0 atim=7000000000 mtim=8000000000",
        "30 readdir .:3 ..:3 h:4 e=0",
        "31 pstat e=0 type=4 size=2",
    ]
    assert tree(tmp_path / "ours") == {"d1": "dir", "d1/g": "", "d2": "dir", "d2/h": "4142"}
    # "." under the removed directory's fd: ENOENT here, where wasmtime's is the
    # directory itself (docs/wasi.md); ".." NOTCAPABLE, as under any opened directory
    (tmp_path / "dot").mkdir()
    dot = [op_mkdir(b"d1"), op_open(b"d1", DIRECTORY, 1), op_rmdir(b"d1")]
    dot += [op_pstat(b".", d=1), op_open(b".", DIRECTORY, 1, d=1), op_mkdir(b".", d=1), op_pstat(b"..", d=1)]
    assert fs_ops(dot, tmp_path / "dot", wasmtime_too=False)[3:] == [
        "3 pstat e=44",
        "4 open e=44",
        "5 mkdir e=44",
        "6 pstat e=76",
    ]


def test_file_times_past_2_63_ns_as_wasmtime(tmp_path: Path, wasm_source: str) -> None:
    """A time set of 2**63 ns or more is a u64 after 1970, as wasmtime takes it:
    after 2262 (or the file system's last time, ext4's 2446, for 2**64 - 1),
    read back as a u64 by fd_filestat_get and as an int past 64 bits by the host
    port's os.stat_ns, which os.utime's ns= takes too. Until session 35 ours took
    it as signed (2**64 - 1 was 1969's last ns) and os.stat_ns's product
    overflowed past 2262 (tests/fuzz/wasi_files.py's times read back found it)."""
    from fuzz.wasi_files import op_open, op_psettimes, op_settimes, op_times

    ATIM, MTIM = 1, 4
    ops = [
        op_open(b"f", 1),  # slot 1 (CREAT)
        op_settimes(1, (1 << 64) - 1, 1 << 63, ATIM | MTIM),
        op_times(1),
        op_psettimes(b"f", (1 << 63) - 1, (1 << 63) + 10**9 + 7, ATIM | MTIM),
        op_times(1),
    ]
    if wasm_source == "natmod":
        assert_no_times(fs_ops(ops, tmp_path, wasmtime_too=False), {"e=52"})
        return
    log = fs_ops(ops, tmp_path)  # wasmtime's log the same
    last = dict(w.split("=") for w in log[2].split()[3:])
    assert int(last["atim"]) >= 1 << 63 and last["mtim"] == str(1 << 63), log
    assert log[4] == f"4 times e=0 atim={(1 << 63) - 1} mtim={(1 << 63) + 10**9 + 7}"
    f = tmp_path / "ours" / "f"
    os.utime(f, ns=((1 << 64) - 1, 0))  # CPython's: the file system's last time
    latest = os.stat(f).st_atime_ns
    assert run(
        f"import os\nos.utime({str(f)!r}, ns=({(1 << 64) - 1}, {(1 << 63) + 5}))\np(os.stat_ns({str(f)!r})[7:9])\n"
        f"os.utime({str(f)!r}, ns=(-1, {10**18}))\np(os.stat_ns({str(f)!r})[7:9])"
    ) == [(latest, (1 << 63) + 5), (-1, 10**18)]


def test_a_filestat_stats_its_file_once(tmp_path: Path, wasm_source: str) -> None:
    """path_filestat_get and fd_filestat_get call the port's os.stat once: its
    result gives the type, the size and the times (until session 34 the times
    came from a second os.stat of the path); a file fd's is its open file's
    (os.stat(fileno()) on the host port; wasm.mpy, as the boards, keeps no
    times and takes a file's size from the file itself: no stat)."""
    from fuzz.wasi_files import op_fstat, op_open, op_pstat, op_write

    d = tmp_path / "ours"
    d.mkdir()
    script = b"".join([op_open(b"f", 1), op_write(1, 3), op_pstat(b"f"), op_fstat(1), op_fstat(0)]).hex()
    vals = run(
        _fs_snippet()
        + """import os as _os, sys
STATS = []
class CountingOS:
    def stat(self, p):
        STATS.append(p if isinstance(p, str) else 'fd')
        return _os.stat(p)
    def utime(self, *a):
        return _os.utime(*a)
sys.modules['os'] = CountingOS()
"""
        + f"p(fs({script!r}, {str(d)!r}), STATS)\n",
        ("wasi_fsops",),
    )
    f = str(d / "f")
    assert vals[0][0] == [
        "0 open e=0 slot=1",
        "1 write e=0 n=3",
        "2 pstat e=0 type=4 size=3",
        "3 fstat e=0 type=4 size=3",
        "4 fstat e=0 type=3 size=" + str(os.stat(d).st_size),
    ]
    # WASI() looks the preopen up, path_open f; then pstat, fstat(file), fstat(directory)
    assert vals[0][1] == [str(d), f, f] + ([] if wasm_source == "natmod" else ["fd"]) + [str(d)]


def test_a_file_whose_fileno_raises_is_served_by_its_path(tmp_path: Path, wasm_source: str) -> None:
    """A script's open() whose files' fileno() raises OSError (as CPython's
    io.UnsupportedOperation does for a file with no descriptor): the fd is
    served as a file without one (its size from the file, its times by its
    path), never the OSError out of path_open (since session 35 the fileno()
    is taken when the fd is opened)."""
    from fuzz.wasi_files import op_fstat, op_open, op_settimes, op_write

    d = tmp_path / "ours"
    d.mkdir()
    script = b"".join([op_open(b"f", 1), op_write(1, 3), op_fstat(1), op_settimes(1, 5, 6, 1 | 4)]).hex()
    vals = run(
        _fs_snippet()
        + """_open = open
class NoFileno:
    def __init__(self, f):
        self.f = f
    def fileno(self):
        raise OSError(95)
    def __getattr__(self, name):
        return getattr(self.f, name)
def open(p, m='r'):
    return NoFileno(_open(p, m))
"""
        + f"p(fs({script!r}, {str(d)!r}))\n",
        ("wasi_fsops",),
    )
    natmod = wasm_source == "natmod"  # wasm.mpy keeps no times (ENOSYS), as the boards
    assert vals == [
        ["0 open e=0 slot=1", "1 write e=0 n=3", "2 fstat e=0 type=4 size=3", f"3 settimes e={52 if natmod else 0}"]
    ]
    assert (d / "f").read_bytes() == b"ABC" and (natmod or os.stat(d / "f").st_mtime_ns == 6)


def test_two_preopens_that_overlap_name_one_file(tmp_path: Path, wasm_source: str) -> None:
    """A file reached through two preopens (/d, and /e: d's "sub" as a
    subdirectory, through a symlink, through "..") is one file, as wasmtime
    has it: what one fd writes the other reads, a truncate through one
    shortens it for both, and an fd of the file after its name was unlinked
    through the other preopen keeps its bytes when a new file takes the name
    (wasi_files.overlapping_preopens; until session 34, two fds on the host
    were matched by their path strings: the new file's write opened the old
    fds again at the name, onto the new file). wasm.mpy (the boards' build:
    littlefs has no links, a path is the file's identity, docs/wasi.md) is run
    with "sub" only: its fds are matched by path string (on littlefs too:
    tests/hil/test_wasi_files_board.py)."""
    from fuzz import wasi_files

    script, expected = wasi_files.overlapping_preopens()
    wt = wasi_files.Wasmtime(wasi_files.guest())
    for spelling in ["sub"] if wasm_source == "natmod" else ["sub", "link", "sub/../sub"]:
        where = tmp_path / spelling.replace("/", "_")
        for side in ("ours", "wasmtime"):
            (where / side / "sub").mkdir(parents=True)
            (where / side / "link").symlink_to("sub")
        snippet = (
            wasi_files.MP_GUEST_TWO
            + f"r, log = guest2(wasm.Module(WASI_FSOPS), {script.hex()!r}, {str(where / 'ours')!r}, "
            + f"{str(where / 'ours' / spelling)!r})\n"
            + "p(log.splitlines() if r == 0 else r)\n"
        )
        assert run(snippet, ("wasi_fsops",)) == [expected], spelling
        theirs = wt.run(script, where / "wasmtime", (("/e", where / "wasmtime" / spelling),))
        assert theirs.log[1:] == expected, spelling
        assert (where / "ours" / "sub" / "f").read_bytes() == b"xyz{"


def os_stat_ns(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_atime_ns, st.st_mtime_ns


def test_a_flag_bit_the_type_does_not_have_traps_as_wasmtime(tmp_path: Path, wasm_source: str) -> None:
    """fd_fdstat_set_flags with a bit above SYNC traps, as wasmtime 50 does
    ("Invalid flag value Fdflags"), whatever the fd (an fd never opened too):
    the program ends there, what it did before stays. Until session 33 it was
    EINVAL (binding.h MICROPY_PY_WASM_WASI_FLAG_TRAP; wasm.mpy too since the
    room below an instance's memory gives way, session 33)."""
    from fuzz import wasi_files
    from fuzz.wasi_files import op_open, op_setflags, op_write

    for bit, fd in ((32, 1), (0x8000, 1), (64, 0xF0)):
        script = b"".join([op_open(b"f", 1), op_write(1, 2), op_setflags(1, 1), op_setflags(fd, bit), op_write(1, 5)])
        d = tmp_path / f"{bit}"
        (d / "ours").mkdir(parents=True)
        (d / "wasmtime").mkdir()
        [r] = run(_fs_snippet() + f"p(fs({script.hex()!r}, {str(d / 'ours')!r}))", ("wasi_fsops",))
        theirs = wasi_files.Wasmtime(wasi_files.guest()).run(script, d / "wasmtime")
        assert r == "Trap('invalid flags',)"
        assert theirs.log == ["exit invalid flags", "0 open e=0 slot=1", "1 write e=0 n=2", "2 setflags e=0"]
        assert (d / "ours" / "f").read_bytes() == (d / "wasmtime" / "f").read_bytes() == b"AB"


def test_a_relative_preopen_starts_from_the_working_directory(tmp_path: Path) -> None:
    """A preopen given as a relative path is the host port's working directory's
    (os.chdir, since session 33), looked up at WASI() and at every call the
    program makes: after a chdir the same name is another directory (give an
    absolute path to pin one); a name missing there is OSError(ENOENT)."""
    from fuzz.wasi_files import op_open, op_pstat, op_write

    for d in (tmp_path / "data", tmp_path / "other" / "data"):
        d.mkdir(parents=True)
    script = b"".join([op_open(b"f", 1), op_write(1, 3), op_pstat(b"f")]).hex()
    vals = run(
        _fs_snippet()
        + f"import os\nos.chdir({str(tmp_path)!r})\np(fs({script!r}, 'data'))\n"
        + f"os.chdir('other')\np(fs({script!r}, 'data'), os.getcwd())\n"
        + "os.chdir('data')\np(exc(wasm.WASI, preopens={'/d': 'data'}))\n",
        ("wasi_fsops",),
    )
    assert vals == [
        ["0 open e=0 slot=1", "1 write e=0 n=3", "2 pstat e=0 type=4 size=3"],
        (["0 open e=0 slot=1", "1 write e=0 n=3", "2 pstat e=0 type=4 size=3"], str(tmp_path / "other")),
        ("OSError", "[Errno 2] ENOENT: data"),
    ]
    assert (tmp_path / "data" / "f").read_bytes() == (tmp_path / "other" / "data" / "f").read_bytes() == b"ABC"
