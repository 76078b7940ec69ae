# SPDX-License-Identifier: MIT
"""The model and the operations of the binding fuzzer (tests/fuzz/binding.py),
run by MicroPython: binding.py writes this file at the head of every script,
then the modules as bytes literals (FZ, FZI, FW, FH, PROGS), then the
operations it drew (op_* calls with small integers that pick objects and
values). Not imported by CPython.

The model holds the expected bytes of every Python buffer (Buf.exp), the
windows of every linear memory (Mem.wins: start -> Win) and the bytes wasm
wrote into linear memory (Mem.lin). After each operation check() compares the
buffers' bytes and each live instance's inst.windows with it. A disagreement,
an exception of a kind a bad input must not raise (SystemError, one without a
message, any other than BAD_INPUT) or one the model did not expect prints
FINDING and ends the script (exit 3); a clean end prints FUZZ-DONE.
"""

import array
import gc
import sys

import wasm

TOP = 1 << 32
PAGE = 65536
TRAP = "out of bounds memory access"
EFAULT = 21
EIO = 29
EINVAL = 28
ENOTSUP = 58
# The exceptions a bad input may raise (with a message); Trap and LinkError,
# CompileError are RuntimeError and ValueError subclasses.
BAD_INPUT = (TypeError, ValueError, IndexError, OverflowError, KeyError, AttributeError, MemoryError, RuntimeError)


class Boom(Exception):
    """Raised by the script's own callbacks: must come out of wasm unchanged."""


def finding(what):
    print("FINDING:", what)
    print("step", STEP[0])
    sys.exit(3)


def clean(e, where):
    """e came from a bad input (or a callback): a kind BAD_INPUT names, with a message."""
    if isinstance(e, Boom):
        return
    if not isinstance(e, BAD_INPUT):  # MicroPython has no SystemError: any other kind
        finding("bad exception from %s: %s %r" % (where, type(e).__name__, e.args))
    if not isinstance(e, (KeyError, MemoryError)) and not str(e):
        finding("exception without a message from %s: %s" % (where, type(e).__name__))


def is_trap(e):
    return isinstance(e, wasm.Trap) and str(e).startswith(TRAP)


STEP = [0]
SEEN = {}  # what the heap and poll operations did (done() prints it: what a run reached)


def seen(what):
    SEEN[what] = SEEN.get(what, 0) + 1


THRESHOLD = [0]  # steps left with a tiny gc.threshold (each allocation past it collects)
SYNC = []  # an export that does nothing (set by setup())
BUFS = []  # Buf, or None once deleted
MEMS = []  # Mem
INSTS = []  # Inst, or None once dropped
SHARED = []  # Mem of wasm.Memory objects instances import
CB = []  # what the next host.cb call does: (function, args)
IN_WASI = [False]  # Python runs inside a WASI call: a grow may be refused (-1)


def pattern(n, seed):
    """n bytes from a small LCG (x * 75 + 74 mod 65537): every value a small
    int, so no allocation a byte; session 28's 31-bit LCG made a long int a
    byte on the host port, and under a tiny gc.threshold a 16 KiB pattern
    took minutes (seed 20103's "hang")."""
    b = bytearray(n)
    x = (seed * 40503 + 1) % 65537
    for i in range(n):
        x = (x * 75 + 74) % 65537
        b[i] = (x ^ x >> 8) & 0xFF
    return b


class Buf:
    # kinds: 0 bytearray, 1-3 array.array 'B' 'H' 'I', 4 memoryview of a
    # bytearray, 5 bytes (read-only), 6 managed SharedHeap,
    # 7 SharedHeap(buffer=bytearray), 8 memoryview slice of a bytearray
    def __init__(self, kind, n, seed):
        self.kind = kind
        self.item = (1, 1, 2, 4, 1, 1, 1, 1, 1)[kind]
        n = max(1, n // self.item) * self.item
        src = pattern(n, seed)
        self.ro = kind == 5
        self.gone = False  # the script let go of it while mapped: checked through wasm only
        self.resizable = kind <= 3
        self.keep = None
        if kind == 0:
            self.obj = src
        elif kind <= 3:
            self.obj = array.array("xBHI"[kind], bytes(src))
        elif kind == 4:
            self.keep = src
            self.obj = memoryview(src)
        elif kind == 5:
            self.obj = bytes(src)
        elif kind == 6:
            self.obj = wasm.SharedHeap(max(64, (n + 7) // 8 * 8))
        elif kind == 7:
            self.keep = src
            self.obj = wasm.SharedHeap(buffer=src)
        else:
            self.keep = bytearray(len(src) + 2)
            self.keep[1:-1] = src
            self.obj = memoryview(self.keep)[1:-1]
        # a shared heap (kinds 6, 7): its chain (the heap in front, the heap
        # behind toward 2^32), the memories it is attached to as a chain's
        # head, closed, or lost (its bytearray resized: the binding refuses it)
        self.hhead = self.hbody = None
        self.att = []
        self.closed = self.lost = False
        self.exp = bytearray(self.actual())

    def actual(self):
        if self.gone or self.closed or self.heap() and any(x.lost for x in hchain(self)):
            return bytes(self.exp)  # the binding refuses a heap whose chain has a lost one: checked through wasm
        return bytes(self.obj)

    def view(self):
        return memoryview(self.obj) if self.kind in (6, 7) else None

    def heap(self):
        return self.kind in (6, 7)


class Win:
    def __init__(self, buf, size, ro, by_app, owner):
        self.buf = buf
        self.size = size
        self.ro = ro
        self.by_app = by_app
        self.owner = owner  # the Inst that mapped it
        self.doomed = owner not in INSTS  # its owner was dropped: may go at any collection


class Mem:
    def __init__(self, pages, shared=None):
        self.pages = pages
        self.wins = {}
        self.lin = {}  # address -> byte wasm wrote (others are 0)
        self.shared = shared  # the wasm.Memory, for imported memories
        self.heap = None  # the Buf of the attached chain's head
        self.heap_ro = False
        self.heap_by = None  # the Inst that attached it: only it detaches (an imported memory)
        self.heap_doomed = False  # heap_by was dropped attached: its finaliser detaches at some collection

    def end(self):
        return self.pages * PAGE

    def chain_start(self):
        return hstart(self.heap) if self.heap is not None else TOP

    def free(self, start, size):
        """[start, start + size) is clear of the memory, the attached chain and every sure window."""
        if start < self.end() or start + size > self.chain_start():
            return False
        for s, w in self.wins.items():
            if start < s + w.size and s < start + size:
                return False
        return True

    def unsure(self, start, size):
        """A doomed window, or a doomed attached chain, overlaps [start, start + size)."""
        if self.heap_doomed and start + size > self.chain_start():
            return True
        for s, w in self.wins.items():
            if w.doomed and start < s + w.size and s < start + size:
                return True
        return False

    def at(self, addr, n):
        """The window holding [addr, addr + n) whole, or None."""
        for s, w in self.wins.items():
            if s <= addr and addr + n <= s + w.size:
                return s, w
        return None

    def touches(self, addr, n):
        for s, w in self.wins.items():
            if addr < s + w.size and s < addr + n:
                return True
        return False


class Inst:
    def __init__(self, inst, mem, kind, grants):
        self.inst = inst
        self.e = inst.exports
        self.mem = mem
        self.kind = kind
        self.grants = grants  # name -> (Buf, ro, at or None)


def follow():
    """What the binding does at each entry into wasm: a mapped bytearray or
    array.array that shrank cuts its window, an emptied one unmaps it."""
    for m in MEMS:
        for s in list(m.wins):
            w = m.wins[s]
            if w.buf.resizable:
                n = len(w.buf.exp)
                if n == 0:
                    del m.wins[s]
                elif n < w.size:
                    w.size = n


def live(lst, i):
    items = [x for x in lst if x is not None]
    return items[i % len(items)] if items else None


def check():
    follow()
    SYNC[0]()  # an entry into wasm: the binding follows moved buffers too
    for b in BUFS:
        if b is not None and b.actual() != b.exp:
            a = b.actual()
            k = ([i for i in range(min(len(a), len(b.exp))) if a[i] != b.exp[i]] + [min(len(a), len(b.exp))])[0]
            finding(
                "buffer kind %d bytes differ at %d: %d bytes, expected %d (%r vs %r)"
                % (b.kind, k, len(a), len(b.exp), a[k : k + 8], bytes(b.exp[k : k + 8]))
            )
    for i in INSTS:
        if i is None:
            continue
        got = sorted((s, n, r) for s, n, r, o in i.inst.windows)
        want = sorted((s, w.size, w.ro) for s, w in i.mem.wins.items())
        if got != want:
            doomed = sorted((s, w.size, w.ro) for s, w in i.mem.wins.items() if w.doomed)
            if any(x not in got for x in want if x not in doomed) or any(x not in want for x in got):
                finding("windows %r, expected %r" % (got, want))
            for s in [s for s, w in i.mem.wins.items() if w.doomed and (s, w.size, w.ro) not in got]:
                del i.mem.wins[s]  # its dropped owner was collected
                seen("doomed window: gone at a collection")
        m = i.mem
        got = i.inst.shared_heap
        if m.heap_doomed and got is None:
            detached(m)  # its dropped attacher was collected
            seen("doomed heap: detached at a collection")
        elif got is not (m.heap.obj if m.heap is not None else None):
            finding("shared_heap %r, expected %r" % (got, m.heap and m.heap.obj))
    for b in BUFS:
        if b is None or not b.heap() or b.closed or b.obj is None:
            continue
        busy, unsure = hbusy(b)
        got = b.obj.attached  # attached, or a heap of its chain mapped
        if unsure and not got:
            for m in [m for m in hhead(b).att if m.heap_doomed]:
                detached(m)  # a dropped attacher of a memory no instance holds: collected
                seen("doomed heap: gone from an idle memory")
            for m in MEMS:
                for s in [s for s, w in m.wins.items() if w.doomed and w.buf in hchain(hhead(b))]:
                    del m.wins[s]
        elif not unsure and got != busy:
            finding("heap.attached %r, expected %r" % (got, busy))


def step(n):
    STEP[0] = n
    if THRESHOLD[0]:
        THRESHOLD[0] -= 1
        if not THRESHOLD[0]:
            gc.threshold(-1)


# ---- operations -------------------------------------------------------------------------


def op_buf(kind, n, seed):
    BUFS.append(Buf(kind, n, seed))


def op_del_buf(k):
    """The script lets go of a buffer; a mapped one stays in the model, whose
    expected bytes wasm's loads are checked against."""
    b = live(BUFS, k)
    if b is None or b.gone or b.att or b.hhead is not None or b.hbody is not None:
        return  # a heap in a chain or attached: kept (the model needs its object)
    if any(w.buf is b for m in MEMS for w in m.wins.values()):
        b.gone = True
        b.obj = b.keep = None
        return
    BUFS[BUFS.index(b)] = None


def new_mem(shared):
    if shared == 4:  # the memory another instance exports (its own), imported
        owners = [x for x in INSTS if x is not None and x.kind == 0]
        if owners:
            x = owners[len(INSTS) % len(owners)]
            if x.mem.shared is None:
                x.mem.shared = x.e.memory
                SHARED.append(x.mem)
            seen("memory of an instance imported")
            return x.mem
    if shared:
        m = live(SHARED, shared) if 1 < shared < 4 else None
        if m is None:
            m = Mem(1, wasm.Memory(1))
            SHARED.append(m)
            MEMS.append(m)
        return m
    m = Mem(1)
    MEMS.append(m)
    return m


def make_grants(spec):
    g, model = {}, {}
    for k, (bi, mode, at) in enumerate(spec):
        b = live(BUFS, bi) if bi >= 0 else live([x for x in BUFS if x is not None and x.heap()], -1 - bi)
        if b is None or b.gone or b.closed or b.heap() and any(x.lost for x in hchain(b)):
            continue
        name = "g%d" % k
        if mode == 0:
            g[name] = b.obj
        elif at is None:
            g[name] = (b.obj, ("ro", "rw")[mode - 1])
        else:
            g[name] = (b.obj, ("ro", "rw")[mode - 1], at)
        model[name] = (b, mode == 1, at)
    return g, model


def cb():
    if CB:
        f, a = CB.pop()
        f(*a)


def op_inst(shared, grant_spec, hole=-1):
    """An instance of FZ (FZI for a shared memory) with grants; hole >= 0:
    made on a heap filled but for a free run of about `hole` bytes
    (fill_heap), where MemoryError is a right answer too."""
    m = new_mem(shared)
    g, gm = make_grants(grant_spec)
    imports = {"host": {"cb": cb}}
    if m.shared is not None:
        imports["env"] = {"mem": m.shared}
    ro = any(b.ro and not r for b, r, a in gm.values()) or any(
        b.ro and isinstance(g[n], tuple) and g[n][1] == "rw" for n, (b, r, a) in gm.items()
    )
    mod = wasm.Module(FZI if m.shared is not None else FZ)
    got = [None, None]
    keep = fill_heap(hole) if hole >= 0 else None
    try:
        got[0] = wasm.Instance(mod, imports, grants=g or None)
    except Exception as e:
        got[1] = e
    del keep  # the filler let go of
    if hole >= 0:
        scrub()
    if got[1] is not None:
        e = got[1]
        if isinstance(e, MemoryError) and hole >= 0:
            seen("instance on a full heap: MemoryError")
            return
        if not isinstance(e, ValueError):
            finding("Instance(grants=) raised %s %r" % (type(e).__name__, e.args))
        clean(e, "Instance(grants=)")
        if not ro:
            finding("Instance refused grants %r: %s" % (list(g), e))
        return
    i = got[0]
    if hole >= 0:
        seen("instance on a full heap: made")
    if ro:
        finding("Instance took a read-only grant as rw")
    INSTS.append(Inst(i, m, 0, gm))


def fill_heap(hole):
    """Fills the heap with bytearrays, largest first, but for a free run of
    about `hole` bytes (a block made first and let go of last): an instance
    made then finds its memory fits only if the room below it (binding.h)
    gives way, or not at all. The caller lets go of what this returns."""
    gc.collect()
    gc.disable()  # a refused block then costs no collection (about 20 of 8 MiB under ASan)
    keep = [None] * 700
    try:
        keep[0] = bytearray(hole) if hole else None
    except MemoryError:
        pass
    k, n = 1, 1 << 22
    while n >= 16 and k < len(keep):
        try:
            keep[k] = bytearray(n)
            k += 1
        except MemoryError:
            n >>= 1
    gc.enable()
    keep[0] = None
    gc.collect()
    return keep


def scrub():
    """After a filled heap is let go of: words of the filler's blocks stay in
    the dead frames below the caller (fill_heap's, a start function's), and a
    later call's frame there that is not all written over (a VM frame's value
    stack) shows one to the conservative collector, which keeps the filler:
    the heap full at the next step (seed 34124, session 34: check() raised
    MemoryError). A collection here first (no frame below is live yet), so
    Module() has room, which zeroes the C stack below it (as sweep()); then
    what the first left (seeds 34285, 34339, 34342: Module() raised
    MemoryError when it came first)."""
    gc.collect()
    wasm.Module(FZ)
    gc.collect()


# What a start function's call of host.cb does while the room is held
# (op_room): (name, what Instance() must raise: None, an exception type, or
# "trap" for a wasm.Trap).
START_ACTS = (
    ("nothing", None),
    ("raise Boom", Boom),
    ("raise KeyboardInterrupt", KeyboardInterrupt),
    ("collect", None),
    ("fill the heap: MemoryError", MemoryError),
    ("a nested instance", None),
    ("a fault in another instance, caught", None),
    ("a fault in another instance, raised", "trap"),
    ("a nested instance whose start faults, caught", None),
)


def start_act(what, hole):
    if what == 1:
        raise Boom("from a start function")
    if what == 2:
        raise KeyboardInterrupt
    if what == 3:
        gc.collect()
    elif what == 4:
        keep = fill_heap(0)
        while True:  # till MemoryError (fill_heap's last collection may have freed a run: seed 34444)
            keep.append(bytearray(1 << 16))
    elif what == 5:
        x = wasm.Instance(wasm.Module(FS), {"host": {"cb": lambda: None}})
        x.exports.st32(0, 5)
        if x.exports.ld32(0) != 5:
            finding("a nested instance's memory did not keep a store")
    elif what in (6, 7):
        try:
            ROOM_FAULT[0].exports.ro_store8(3, 1)  # regionmem.wat: a store into 'rodata'
        except wasm.Trap as e:
            if what == 7 or "rodata" not in str(e):
                raise
            return
        finding("a store into rodata did not fault")
    elif what == 8:
        try:
            wasm.Instance(wasm.Module(FR), {"env": {"ro": wasm.Memory(region="rodata", page_size=1)}})
        except wasm.Trap as e:
            if "rodata" not in str(e):
                finding("the nested start's fault: %r" % (e.args,))
            return
        finding("a start function's store into rodata did not fault")


def op_room(what, act, hole):
    """An instantiation while the room below its memory (binding.h) is held:
    FS's start function calls host.cb, which acts (START_ACTS: raises,
    collects, fills the heap, makes an instance, a fault in another
    instance: modwasm_aborted gives the room back inside), or (what 1) FR's
    start function stores into the 'rodata' region (a fault: the room given
    back by modwasm_aborted); hole >= 0: on a heap filled but for about
    `hole` bytes. Then the runtime must go on, and the made instance's
    memory works. what 2: traps on a full heap instead (full_heap_traps)."""
    if what == 2:
        full_heap_traps(act)
        return
    if what:
        imports = {"env": {"ro": wasm.Memory(region="rodata", page_size=1)}}
        mod, want, name = wasm.Module(FR), "trap", "FR's start faults"
    else:
        a = act % len(START_ACTS)
        imports = {"host": {"cb": lambda: start_act(a, hole)}}
        mod, want, name = wasm.Module(FS), START_ACTS[a][1], START_ACTS[a][0]
    got = [None, None]
    keep = fill_heap(hole) if hole >= 0 else None
    try:
        got[0] = wasm.Instance(mod, imports)
    except BaseException as e:  # KeyboardInterrupt too
        got[1] = e
    del keep  # the filler let go of
    scrub()  # (a start function may have filled it too)
    e = got[1]
    full = " (full heap)" if hole >= 0 else ""
    if e is None:
        if want is not None:
            finding("start (%s) made an instance, expected %r" % (name, want))
        x = got[0].exports
        x.st32(8, 0x1234567)
        if x.ld32(8) != 0x1234567 or x.ld8(100) != 0 or x.grow(1) != 1 or x.ld8(PAGE + 5) != 0:
            finding("start (%s): the instance's memory is wrong" % name)
        seen("room: %s: made%s" % (name, full))
    elif isinstance(e, MemoryError) and (hole >= 0 or want is MemoryError):
        seen("room: %s: MemoryError%s" % (name, full))
    elif want == "trap" and isinstance(e, wasm.Trap):
        if what and "rodata" not in str(e):
            finding("start (%s): %r" % (name, e.args))
        seen("room: %s: trap%s" % (name, full))
    elif want is not None and want != "trap" and isinstance(e, want):
        seen("room: %s: %s%s" % (name, type(e).__name__, full))
    else:
        finding("start (%s) raised %s %r, expected %r" % (name, type(e).__name__, e.args, want))
    got = None
    SYNC[0]()
    ROOM_FAULT[0].exports.store8(1, 9)  # the 'shared' region: the runtime goes on
    if ROOM_FAULT[0].exports.load8(1) != 9:
        finding("after start (%s), a store into 'shared' did not stay" % name)


def full_heap_traps(act):
    """A trap with no room on the heap for its message (fill_heap(0)): a
    store into 'rodata' (the fault's text goes through modwasm_aborted) or
    a load past 'shared' (1-byte pages): still a wasm.Trap whose text says
    what (binding.c's static message, no path)."""
    x = ROOM_FAULT[0].exports
    f, a = (x.ro_store8, act) if act & 1 else (x.load8, 65536 + act)
    got = [None]
    for full in (False, True):  # the first call lowers the function (lazy: memory)
        keep = fill_heap(0) if full else None
        try:
            f(a, 1) if act & 1 else f(a)
        except Exception as e:
            got[0] = e
        del keep  # the filler let go of
    scrub()
    e, want = got[0], ("rodata" if act & 1 else TRAP)
    if not isinstance(e, wasm.Trap) or not str(e).startswith(TRAP) or want not in str(e):
        finding("a trap on a full heap: %s %r" % (type(e).__name__, e and e.args))
    else:
        seen("trap on a full heap: " + want)


def op_drop(k, keep_heap=0):
    drop(live(INSTS, k), not keep_heap)


def drop(i, detach=True):
    """The script lets go of an instance: its windows go when it is collected
    (its finaliser), which the conservative collector decides: doomed. A heap
    it attached is detached first, or (detach False) left to the finaliser:
    doomed too, while other instances of an imported memory run and map."""
    if i is None or i not in INSTS:
        return
    m = i.mem
    if m.heap is not None and m.heap_by is i:
        if detach:
            i.inst.detach()
            detached(m)
        else:
            m.heap_doomed = True
            seen("attacher dropped attached" + " (shared memory)" * (m.shared is not None))
    INSTS[INSTS.index(i)] = None
    # the model holds no reference to it (its windows' and heap's records
    # keep the Inst): until session 30 they kept the instance alive, so no
    # doomed window ever went
    i.inst = i.e = None
    for w in i.mem.wins.values():
        if w.owner is i:
            w.doomed = True


def map_check(i, b, at, ro):
    """The outcome inst.map should have: None (fine) or the error's reason."""
    m = i.mem
    if b.closed or b.heap() and any(x.lost for x in hchain(hhead(b))):
        return "closed or lost"  # a chain with a lost heap is never put in use
    if b.ro and not ro:
        return "read-only"
    size = len(b.exp)
    if size == 0:
        return "empty"
    if len(m.wins) >= 8:
        return "too many"
    if at is not None and not m.free(at, size):
        return "not free"
    return None


def op_map(k, bk, where, ro):
    map_(live(INSTS, k), live(BUFS, bk), where, ro)


def map_(i, b, where, ro):
    if i is None or b is None or b.gone:
        return
    size = len(b.exp)
    at = None if where is None else where % TOP if where >= 0 else max(0, TOP - size - (where + 1))
    why = map_check(i, b, at, ro)
    unsure = (
        at is not None and i.mem.unsure(at, size) or len(i.mem.wins) >= 8 and any(w.doomed for w in i.mem.wins.values())
    )
    try:
        got = i.inst.map(b.obj, at, readonly=bool(ro))
    except ValueError as e:
        clean(e, "map")
        if why is None and not unsure and at is not None:
            finding("map of %d bytes at %s refused: %s" % (size, hex(at), e))
        return
    if why is not None and not unsure:
        finding("map of %d bytes at %r took %s, expected refused (%s)" % (size, at, hex(got), why))
    if at is not None and got != at:
        finding("map at %s returned %s" % (hex(at), hex(got)))
    if got % 8 and at is None or got < i.mem.end() or got + size > TOP:
        finding("map anywhere put %d bytes at %s" % (size, hex(got)))
    for s in [s for s, w in i.mem.wins.items() if w.doomed and got < s + w.size and s < got + size]:
        del i.mem.wins[s]  # the map proves it gone
    gone_over(i.mem, got, size)
    if not i.mem.free(got, size):
        finding("map put %d bytes at %s over a window" % (size, hex(got)))
    i.mem.wins[got] = Win(b, size, bool(ro) or b.ro, False, i)


def op_unmap(k, sel, by_addr):
    unmap_(live(INSTS, k), sel, by_addr)


def unmap_(i, sel, by_addr):
    if i is None:
        return
    wins = sorted(i.mem.wins)
    if not wins or sel < 0:
        bad = (0, TOP - 1, -1, TOP, 1 << 64, "x", None, 1.5)[-sel % 8]
        if bad in i.mem.wins:
            return  # a 1-byte window ending at 2^32 starts at TOP - 1
        try:
            i.inst.unmap(bad)
        except (ValueError, TypeError) as e:
            clean(e, "unmap")
            return
        if not wins or any(w.doomed for w in i.mem.wins.values()):
            return  # a doomed window's buffer or address may match
        finding("unmap(%r) did not raise" % (bad,))
        return
    s = wins[sel % len(wins)]
    w = i.mem.wins[s]
    if w.by_app and sel % 3 == 0:
        got = i.e.unmap(s)  # from wasm: only what the app mapped
        follow_after_call()
        if got != 0 and not w.doomed:
            finding("mpwasm_unmap(%s) = %d" % (hex(s), got))
        i.mem.wins.pop(s, None)
        return
    if w.buf.gone:
        by_addr = 1
    try:
        i.inst.unmap(s if by_addr else w.buf.obj)
    except ValueError as e:
        clean(e, "unmap")
        if not w.doomed:
            finding("unmap of the window at %s refused: %s" % (hex(s), e))
        i.mem.wins.pop(s, None)
        return
    if not by_addr:
        # by object: the first window showing it goes (the engine's order: by start)
        first = min(x for x, v in i.mem.wins.items() if v.buf.obj is w.buf.obj)
        s = first
    i.mem.wins.pop(s, None)


def follow_after_call():
    follow()


def enter():
    """Before a call into wasm: the binding follows moved buffers."""
    follow()


def addr_of(i, sel, off):
    """An address in (or around) a window of i's memory, or in linear memory."""
    if i.mem.heap is not None and sel >= 0 and sel % 3 == 2:
        return (i.mem.chain_start() + off) % TOP  # the attached chain
    wins = sorted(i.mem.wins)
    if not wins or sel < 0:
        return (off * 7) % (i.mem.end() + 16)
    s = wins[sel % len(wins)]
    return (s + off) % TOP


WIDTH = {"8": 1, "16": 2, "32": 4, "64": 8}


def expect_load(m, addr, n):
    """(bytes or None for a trap, unsure) of an n-byte load at addr."""
    if addr + n <= m.end():
        return bytes(m.lin.get(addr + k, 0) for k in range(n)), False
    if addr >= m.chain_start():
        h = heap_at(m, addr, n)
        return (None if h is None else bytes(h[0].exp[addr - h[1] : addr - h[1] + n])), m.heap_doomed
    hit = m.at(addr, n)
    if hit is None:
        return None, m.touches(addr, n) and any(w.doomed for w in m.wins.values())
    s, w = hit
    return bytes(w.buf.exp[addr - s : addr - s + n]), w.doomed


def forget_doomed(m, addr, n, store=False):
    """An access that trapped where a doomed window (or a doomed chain) would
    have taken it: the window is gone (its owner was collected), or the
    chain detached (its attacher was)."""
    if m.heap_doomed and n and addr >= m.chain_start() and heap_at(m, addr, n) and not (store and m.heap_ro):
        detached(m)
        seen("doomed heap: a trap proved it detached")
    for s, w in list(m.wins.items()):
        if w.doomed and s <= addr and addr + n <= s + w.size and not (store and w.ro):
            del m.wins[s]


def gone_over(m, addr, n):
    """[addr, addr + n) was given to the memory or a new window: any doomed
    window there is gone, and a doomed chain there detached."""
    if m.heap_doomed and addr + n > m.chain_start():
        detached(m)
        seen("doomed heap: a map or grow proved it detached")
    for s, w in list(m.wins.items()):
        if w.doomed and addr < s + w.size and s < addr + n:
            del m.wins[s]


def op_load(k, sel, off, width):
    i = live(INSTS, k)
    if i is None:
        return
    n = (1, 2, 4, 8)[width % 4]
    addr = addr_of(i, sel, off)
    enter()
    want, unsure = expect_load(i.mem, addr, n)
    try:
        got = getattr(i.e, "ld%d" % (8 * n))(addr)
    except Exception as e:
        if not is_trap(e):
            finding("ld%d(%s) raised %s %r" % (8 * n, hex(addr), type(e).__name__, e.args))
        if want is not None and not unsure:
            finding("ld%d(%s) trapped, expected %r" % (8 * n, hex(addr), want))
        forget_doomed(i.mem, addr, n)
        return
    if want is None and not unsure:
        finding("ld%d(%s) = %d, expected a trap" % (8 * n, hex(addr), got))
    if want is not None and (got & ((1 << 8 * n) - 1)) != int.from_bytes(want, "little"):
        finding("ld%d(%s) = %s, expected %r" % (8 * n, hex(addr), hex(got), want))


def store_model(m, addr, data):
    """Applies a store the engine made; False if the model says it must trap."""
    n = len(data)
    if n == 0:
        return True
    if addr + n <= m.end():
        for k in range(n):
            m.lin[addr + k] = data[k]
        return True
    if addr >= m.chain_start():
        h = heap_at(m, addr, n)
        if h is None or m.heap_ro:
            return False
        h[0].exp[addr - h[1] : addr - h[1] + n] = data
        return True
    hit = m.at(addr, n)
    if hit is None or hit[1].ro:
        return False
    s, w = hit
    w.buf.exp[addr - s : addr - s + n] = data
    return True


def store_ok(m, addr, n):
    if addr + n <= m.end():
        return True, False
    if addr >= m.chain_start():
        return heap_at(m, addr, n) is not None and not m.heap_ro, m.heap_doomed
    hit = m.at(addr, n)
    if hit is None:
        return False, m.touches(addr, n) and any(w.doomed for w in m.wins.values())
    if n == 0:
        # no bytes at a window's end where the next one starts: either holds
        # them, and a read-write one allows the write (the engine's window
        # lookup takes the first that holds the range)
        holders = [w for s, w in m.wins.items() if s <= addr <= s + w.size]
        return any(not w.ro for w in holders), any(w.doomed for w in holders)
    return not hit[1].ro, hit[1].doomed


def op_store(k, sel, off, width, val):
    i = live(INSTS, k)
    if i is None:
        return
    n = (1, 2, 4, 8, 0)[width % 5]
    addr = addr_of(i, sel, off)
    enter()
    if n == 0:  # memory.fill of a few bytes
        n = val % 13
        ok, unsure = store_ok(i.mem, addr, n) if n else (addr <= i.mem.end() or i.mem.at(addr, 0) is not None, True)
        data = bytes([val & 0xFF]) * n
        call = (i.e.fill, addr, val & 0xFF, n)
    else:
        ok, unsure = store_ok(i.mem, addr, n)
        v = val & ((1 << 8 * n) - 1)
        data = v.to_bytes(n, "little")
        call = (getattr(i.e, "st%d" % (8 * n)), addr, v)
    try:
        call[0](*call[1:])
    except Exception as e:
        if not is_trap(e):
            finding("store %d at %s raised %s %r" % (n, hex(addr), type(e).__name__, e.args))
        if ok and not unsure:
            finding("store of %d bytes at %s trapped" % (n, hex(addr)))
        forget_doomed(i.mem, addr, n, True)
        return
    if not ok and not unsure:
        finding("store of %d bytes at %s did not trap" % (n, hex(addr)))
    store_model(i.mem, addr, data)


def op_pywrite(bk, off, val):
    b = live(BUFS, bk)
    if b is None or b.ro or b.gone or not b.exp or b.closed or b.lost or b.heap() and any(x.lost for x in hchain(b)):
        return
    off %= len(b.exp)
    if b.heap():
        b.view()[off] = val & 0xFF
        b.exp[off] = val & 0xFF
    elif b.item == 1:
        b.obj[off] = val & 0xFF
        b.exp[off] = val & 0xFF
    else:
        j = off // b.item
        v = val & ((1 << 8 * b.item) - 1)
        b.obj[j] = v
        b.exp[j * b.item : (j + 1) * b.item] = v.to_bytes(b.item, "little")


def op_resize(bk, how, n):
    b = live(BUFS, bk)
    if b is None or not b.resizable or b.gone:
        return
    items = len(b.exp) // b.item
    if how == 0:  # grow: the bytes move
        add = pattern(n * b.item, n)
        if b.kind == 0:
            b.obj.extend(add)
        else:
            b.obj.extend(array.array("xBHI"[b.kind], add))
        b.exp.extend(add)
    else:  # shrink, or empty (MicroPython: slice assignment, no del of a slice)
        keep = items - min(items, n) if how == 1 else 0
        b.obj[keep:] = b"" if b.kind == 0 else array.array("xBHI"[b.kind])
        b.exp[keep * b.item :] = b""


def op_gc(threshold):
    """A collection now, or a tiny threshold for the next three steps."""
    if threshold < 0:
        gc.collect()
    else:
        gc.threshold(threshold)
        THRESHOLD[0] = 3


def op_grow(k, n, from_wasm):
    grow(live(INSTS, k), n, from_wasm)


def grow(i, n, from_wasm):
    if i is None:
        return
    m = i.mem
    new = (m.pages + n) * PAGE
    fits = all(new <= s for s in m.wins) and m.pages + n <= 65536 and new <= m.chain_start()
    unsure = not fits and all(new <= s or w.doomed for s, w in m.wins.items())
    unsure = unsure and (new <= m.chain_start() or m.heap_doomed)
    if from_wasm:
        enter()
        got = i.e.grow(n)
    else:
        got = i.e.memory.grow(n)
    if got == -1 and (not fits or unsure or IN_WASI[0]):
        return
    if got != m.pages or not fits and not unsure:
        finding("grow(%d) from %d pages = %d, windows at %r" % (n, m.pages, got, sorted(m.wins)))
    m.pages += n
    gone_over(m, 0, new)


# ---- host functions that act during a call ----------------------------------------------


def act(i, what, sel, n):
    """What a callback does while wasm (or WASI) waits on it."""
    if what == 0:
        unmap_(i, sel, n & 1)
    elif what == 1:
        op_resize(sel, n % 3, n)
    elif what == 2:
        grow(i, n % 3, 0)
    elif what == 3:
        drop(i, not n & 4)
        gc.collect()
    elif what == 4:
        raise Boom("from a callback")
    elif what == 5:
        gc.collect()
    elif what == 6:
        op_pywrite(sel, n, n * 7)
    elif what == 7:
        map_(i, live(BUFS, sel), None, n & 1)
    elif what == 8:
        heap_in_call(i, sel, n)


def heap_in_call(i, sel, n):
    """While i runs (a host function it called, or a WASI stream's method):
    its memory's chain detached by the instance that attached it (another
    one, for an imported memory), then perhaps closed or reset; or a heap
    attached. The access after the callback must see it."""
    m = i.mem
    if m.heap is None:
        heaps = [b for b in BUFS if b is not None and b.heap() and not b.gone and not b.closed and not b.lost]
        if heaps:
            b = heaps[sel % len(heaps)]
            attach(i, b, n & 1, hget_error(b))
            seen("heap attached in a call")
        return
    if m.heap_doomed:
        return
    b = m.heap
    if n & 8 and m.heap_by is not i:
        drop(m.heap_by, False)  # its attacher let go of, still attached: collected now, or later
        gc.collect()
        seen("attacher dropped in a call")
        return
    seen("heap detached in a call" + " by another instance" * (m.heap_by is not i))
    m.heap_by.inst.detach()
    detached(m)
    if n & 2:
        heap_close(b)
    elif n & 4:
        heap_reset(b)


def op_cb(k, what, sel, n, off, store):
    """wasm calls host.cb, which acts, then loads (or stores) at an address."""
    i = live([x for x in INSTS if x is not None and x.kind == 0], k)
    if i is None:
        return
    cb_call(i, what, sel, n, addr_of(i, sel, off), store)


def cb_call(i, what, sel, n, addr, store):
    CB.append((act, (i, what, sel, n)))
    enter()
    try:
        if store:
            got = i.e.cb_then_st8(addr, n & 0xFF)
        else:
            got = i.e.cb_then_ld8(addr)
    except Boom:
        return
    except Exception as e:
        follow()
        if not is_trap(e):
            finding("cb call raised %s %r" % (type(e).__name__, e.args))
        if store:
            ok, unsure = store_ok(i.mem, addr, 1)
        else:
            want, unsure = expect_load(i.mem, addr, 1)
            ok = want is not None
        if ok and not unsure:
            finding("after the callback %d, the access at %s trapped" % (what, hex(addr)))
        forget_doomed(i.mem, addr, 1, store)
        return
    finally:
        CB.clear()
    follow()
    if store:
        ok, unsure = store_ok(i.mem, addr, 1)
        if not ok and not unsure:
            finding("after the callback %d, a store at %s did not trap" % (what, hex(addr)))
        store_model(i.mem, addr, bytes([n & 0xFF]))
    else:
        want, unsure = expect_load(i.mem, addr, 1)
        if want is None and not unsure:
            finding("after the callback %d, a load at %s = %d, expected a trap" % (what, hex(addr), got))
        if want is not None and got != want[0]:
            finding("after the callback %d, ld8(%s) = %d, expected %d" % (what, hex(addr), got, want[0]))


# ---- grants: env.mpwasm_map from wasm ---------------------------------------------------


def op_grant(k, g, write, how=0):
    """wasm maps grant g (or a name not granted); how: a granted heap is first
    closed (1) or reset (2) from Python, refused while it is in use."""
    i = live(INSTS, k)
    if i is None or not i.grants:
        return
    names = sorted(i.grants)
    name = names[g % len(names)] if g >= 0 else "nope"
    hb = i.grants[name][0] if name in i.grants else None
    if how and hb is not None and hb.heap() and not hb.gone:
        (heap_close, heap_reset)[how - 1](hb)
        seen("granted heap %s" % ("closed" if hb.closed else "in use" if hbusy(hb)[0] else "reset"))
    enter()
    for j, ch in enumerate(name.encode()):
        i.e.st8(16 + j, ch)
    store_model(i.mem, 16, name.encode())
    b, ro, at = i.grants.get(name, (None, False, None))
    m = i.mem
    want = None
    if b is None:
        want = 1
    elif write and ro:
        want = 2
    elif b.heap() and (b.closed or any(x.lost for x in hchain(hhead(b)))):
        # a granted heap closed, or its chain's bytearray resized, since the
        # grant: the binding's ValueError inside the import is "no space",
        # as docs/windows.md says
        want = 3
        seen("grant of a heap %s since" % ("closed" if b.closed else "resized"))
    elif any(w.buf is b or (b.obj is not None and w.buf.obj is b.obj) for w in m.wins.values()):
        want = 6  # (a buffer the script let go of has obj None: not the same as another's)
    elif not b.exp:
        want = 3
    unsure = any(w.doomed for w in m.wins.values()) or m.heap_doomed
    got = i.e.map(len(name), write)
    follow()
    if want is not None:
        if got != want and not unsure:
            finding("mpwasm_map(%s, %d) = %d, expected %d" % (name, write, got, want))
        return
    if got == 3:
        if len(m.wins) < 8 and (at is None or m.free(at % TOP, len(b.exp))) and not unsure:
            finding("mpwasm_map(%s) found no space" % name)
        return
    if got != 0:
        if not unsure:
            finding("mpwasm_map(%s, %d) = %d" % (name, write, got))
        return
    start = i.e.ld32(8) & 0xFFFFFFFF
    store_model(m, 8, start.to_bytes(4, "little"))
    gone_over(m, start, len(b.exp))
    if not m.free(start, len(b.exp)):
        finding("mpwasm_map put %s at %s over a window" % (name, hex(start)))
    m.wins[start] = Win(b, len(b.exp), not write or b.ro, True, i)


# ---- WASI -------------------------------------------------------------------------------


def act_planned(obj):
    """Run the one action planned on a WASI stream or file object (its
    `plan`, taken so it runs once), inside a WASI call as the model knows."""
    if obj.plan is not None:
        p, obj.plan = obj.plan, None
        IN_WASI[0] = True
        try:
            act(*p)
        finally:
            IN_WASI[0] = False


class Out:
    """A stdout= object whose write acts (unmaps, resizes, grows, drops, raises)
    and returns what `ret` says: the length, None (all), half, 0, more, negative."""

    def __init__(self):
        self.got = []
        self.plan = None
        self.ret = 0

    def _ret(self, n):
        return (n, None, n // 2, 0, n + 7, -1)[self.ret]

    def write(self, data):
        self.got.append(bytes(data))
        act_planned(self)
        return self._ret(len(data))


def put_iovec(i, at, n):
    """The one iovec (at, n) at offset 64, the count word at 72 by default."""
    i.e.st32(64, at)
    i.e.st32(68, n)
    store_model(i.mem, 64, at.to_bytes(4, "little") + n.to_bytes(4, "little"))


def op_wasi(k, sel_data, off, n, sel_count, what, a_sel, a_n, ret=0):
    """fd_write(1) of n bytes from a window (or linear memory), the count into
    another: stdout's write acts and returns ret's kind of count (a count
    outside 0 .. n is EIO; 0 is a count, as a file's since session 30); the
    count lands where its window is after."""
    i = live([x for x in INSTS if x is not None and x.kind == 1], k)
    if i is None:
        return
    out = i.out
    data_at = addr_of(i, sel_data, off)
    count_at = addr_of(i, sel_count, 4 * off + 1) if sel_count >= 0 else 72
    enter()
    put_iovec(i, data_at, n)
    want, unsure = expect_load(i.mem, data_at, n)
    cok, cunsure = store_ok(i.mem, count_at, 4)
    out.got.clear()
    out.ret = ret % 6
    out.plan = (i, what, a_sel, a_n) if what >= 0 else None
    try:
        err = i.e.fd_write(1, 64, 1, count_at)
    except Boom:
        out.plan = None
        follow()
        return
    out.plan = None
    follow()
    if err == EFAULT and not out.got and (unsure or cunsure):
        return
    if want is None or not cok:
        if (err != EFAULT or out.got) and not (unsure or cunsure):
            finding(
                "fd_write of %d bytes at %s, count at %s (%s): %d, wrote %r"
                % (n, hex(data_at), hex(count_at), "fits" if cok else "traps", err, out.got)
            )
        return
    if n and b"".join(out.got) != want:
        finding("fd_write wrote %r, expected %r" % (b"".join(out.got), want))
    r = out._ret(n)
    done = n if r is None else r
    if not 0 <= done <= n:
        if err != EIO:
            finding("fd_write of %d bytes, write() returning %r: errno %d, expected EIO" % (n, r, err))
        return
    ok, cunsure = store_ok(i.mem, count_at, 4)  # where the count's window is after write()
    if err == EFAULT and (not ok or cunsure):
        forget_doomed(i.mem, count_at, 4, True)
        return
    if err != 0 or not ok and not cunsure:
        finding("fd_write's count at %s: errno %d, the store %s" % (hex(count_at), err, "fits" if ok else "traps"))
    store_model(i.mem, count_at, done.to_bytes(4, "little"))


def op_poll(k, n, bits, sel_in, sel_out, sel_count, off):
    """poll_oneoff(in, out, n, nevents) with n subscriptions (clocks of up to
    2 ms relative or absolute, fd_write on fds 1, 2 and others, fd_read, bad
    clock ids and tags; 2^17 of them, 6 MB, never fit: a grown memory's
    thousands of events in the model's byte dict made later collections
    slow enough to look like a hang) at a window or in linear memory: EINVAL for none,
    EFAULT where a pointer's bytes are not there (read for in, written for
    out and nevents), then the first bad subscription's errno, else one
    event for each due subscription, written in order over out (which may
    overlap in) and their count."""
    i = live([x for x in INSTS if x is not None and x.kind == 1], k)
    if i is None:
        return
    m = i.mem
    at_in = addr_of(i, sel_in, off) if sel_in >= 0 else 1024
    at_out = addr_of(i, sel_out, off + 8) if sel_out >= 0 else 2048
    at_cnt = addr_of(i, sel_count, off + 4) if sel_count >= 0 else 76
    enter()
    subs = []
    for j in range(min(n, 4)):
        x = bits >> (8 * j) & 255
        bad = x >> 5 == 7  # one in 8: a clock id past 3, fd_read, an fd other than 1 and 2, no such tag
        tag = (0, 2)[x & 1] if not bad else (0, 1, 2, 7)[x >> 1 & 3]
        sub = bytearray(48)
        sub[0:8] = (0x1111111111111111 * (j + 1)).to_bytes(8, "little")
        sub[8] = tag
        if tag == 0:
            sub[16:20] = (4 + (x >> 3 & 3) if bad else x >> 3 & 3).to_bytes(4, "little")
            sub[24:32] = (0, 1000, 2000000, 1)[x >> 1 & 3].to_bytes(8, "little")
            sub[40] = x >> 5 & 1  # absolute: 0 and 1 ns are past, 2 ms from the epoch too
        else:
            sub[16:20] = ((0, 5)[x >> 3 & 1] if bad else (1, 2)[x >> 3 & 1]).to_bytes(4, "little")
        subs.append(sub)
    data = b"".join(subs)
    for j in range(0, len(data), 4):  # written by wasm: where it can
        a = at_in + j
        if store_ok(m, a, 4)[0] and not store_ok(m, a, 4)[1]:
            i.e.st32(a, int.from_bytes(data[j : j + 4], "little"))
            store_model(m, a, data[j : j + 4])
    want_in, u1 = expect_load(m, at_in, 48 * n)
    ok_out, u2 = store_ok(m, at_out, 32 * n)
    ok_cnt, u3 = store_ok(m, at_cnt, 4)
    err = i.e.poll_oneoff(at_in, at_out, n, at_cnt)
    if u1 or u2 or u3:
        return  # a doomed window may be there: not modelled on
    if n == 0:
        if err != EINVAL:
            finding("poll_oneoff of 0 subscriptions: errno %d" % err)
        return
    if want_in is None or not ok_out or not ok_cnt:
        if err != EFAULT:
            where = (hex(at_in), hex(at_out), hex(at_cnt), err)
            finding("poll_oneoff, in %s, out %s, count %s (a fault): errno %d" % where)
        return
    want = 0
    for j in range(n):
        sub = want_in[48 * j : 48 * j + 48]
        if sub[8] == 0:
            if int.from_bytes(sub[16:20], "little") > 3:
                want = EINVAL
                break
        elif not (sub[8] == 2 and int.from_bytes(sub[16:20], "little") in (1, 2)):
            want = ENOTSUP
            break
    seen("poll errno %d" % err)
    if err != want:
        finding("poll_oneoff of %d subscriptions: errno %d, expected %d" % (n, err, want))
    if err != 0:
        return
    wait = min(
        0 if s[8] == 2 or s[40] & 1 else int.from_bytes(s[24:32], "little")
        for s in (want_in[48 * j : 48 * j + 48] for j in range(n))
    )
    count = 0
    for j in range(n):
        sub, _ = expect_load(m, at_in + 48 * j, 48)  # after the events written so far
        t = int.from_bytes(sub[24:32], "little")
        due = sub[8] == 2 or (t <= 2000000 if sub[40] & 1 else t <= wait)
        if due:
            ev = bytearray(32)
            ev[0:8] = sub[0:8]
            ev[10] = sub[8]
            store_model(m, at_out + 32 * count, ev)
            count += 1
    got = i.e.ld32(at_cnt) & 0xFFFFFFFF if at_cnt + 4 <= m.end() else count
    if got != count:
        finding("poll_oneoff: %d events, expected %d" % (got, count))
    store_model(m, at_cnt, count.to_bytes(4, "little"))


STDIN_AT = [0]  # how much of STDIN (the text binding.py feeds the script) fd_read(0) took


def op_stdin(k, sel, off, n):
    """fd_read(0) of up to n bytes into a window (or linear memory): a line
    at a time from the port's stdin, EFAULT before a byte is taken where a
    store would trap (a read-only window, outside every window)."""
    i = live([x for x in INSTS if x is not None and x.kind == 1], k)
    if i is None:
        return
    at = addr_of(i, sel, off)
    enter()
    put_iovec(i, at, n)
    ok, unsure = store_ok(i.mem, at, n) if n else (True, True)  # 0 bytes outside memory: either
    rest = STDIN[STDIN_AT[0] : STDIN_AT[0] + n]
    line = rest[: rest.index(b"\n") + 1] if b"\n" in rest else rest
    try:
        err = i.e.fd_read(0, 64, 1, 72)
    except KeyboardInterrupt:
        # a Ctrl-C in the line (binding.py's STDIN): the bytes before it
        # stored, the count not written, the runtime fine after
        cut = line.find(b"\x03")
        if cut < 0 or not ok:
            finding("fd_read(0) of %d bytes raised KeyboardInterrupt, the line %r" % (n, line))
        STDIN_AT[0] += cut + 1
        store_model(i.mem, at, line[:cut])
        seen("fd_read(0): Ctrl-C")
        return
    if err == EFAULT and (not ok or unsure):
        forget_doomed(i.mem, at, n, True)
        return
    if not ok and not unsure or err != 0:
        finding("fd_read(0) of %d bytes at %s (%s): errno %d" % (n, hex(at), "fits" if ok else "traps", err))
    if b"\x03" in line:
        finding("fd_read(0) of %d bytes read past a Ctrl-C: %r" % (n, line))
    STDIN_AT[0] += len(line)
    count = i.e.ld32(72)
    store_model(i.mem, 72, count.to_bytes(4, "little"))
    if count != len(line):
        finding("fd_read(0) of %d bytes read %d, expected %r" % (n, count, line))
    store_model(i.mem, at, line)


class File:
    """What the script's open() returns: readinto and write act, and return
    what `ret` says (their length, fewer, more, a bad value). readinto writes
    the model's bytes at the guest address the call names (the view's) as
    it fills the view, before it acts."""

    def __init__(self, path, mode):
        self.path = path
        self.mode = mode
        self.data = bytearray(pattern(64, len(path)))
        self.plan = None
        self.ret = 0
        self.seen = []
        self.target = None  # (Mem, guest address) of the call's buffer

    def _ret(self, n):
        return (n, n // 2, n + 7, -1, "x", None)[self.ret]

    def readinto(self, b):
        n = min(len(b), len(self.data))
        b[:n] = self.data[:n]
        self.seen.append((type(b).__name__, len(b)))
        if self.target is not None:
            m, at = self.target
            if not store_model(m, at, self.data[:n]):
                finding("readinto got a view of %d bytes at %s, where a store traps" % (len(b), hex(at)))
        act_planned(self)
        try:
            b.extend(b"xx")  # a memoryview cannot grow
        except AttributeError:
            pass
        else:
            finding("readinto got a %s that grew" % type(b).__name__)
        return self._ret(n)

    def write(self, b):
        self.seen.append((type(b).__name__, bytes(b)))
        act_planned(self)
        return self._ret(len(b))

    def close(self):
        pass


FILES = []


class FakeOS:
    """WASI's preopens and path_open find this one in sys.modules, before the
    host port's own os (a Python filesystem, as a board's could be)."""

    def stat(self, path):
        if path == "/fuzz":
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)


sys.modules["os"] = FakeOS()


def open(path, mode="r"):  # wasi_files.c's path_open calls the global open()
    f = File(path, mode)
    FILES.append(f)
    return f


def op_file(k, write, sel, off, n, ret, what, a_sel, a_n):
    """path_open under the preopen, then fd_read / fd_write of n bytes at a
    window: the file's readinto/write act and return `ret`'s kind of value."""
    i = live([x for x in INSTS if x is not None and x.kind == 1], k)
    if i is None:
        return
    e = i.e  # a callback may drop i: the call still ends with fd_close
    enter()
    for j, ch in enumerate(b"f.txt"):
        e.st8(128 + j, ch)
    store_model(i.mem, 128, b"f.txt")
    err = e.path_open(3, 128, 5, 1, (1 << 1) | (1 << 6), 0, 136)  # creat; read, write rights
    follow()
    if err != 0:
        finding("path_open: errno %d" % err)
    store_model(i.mem, 136, (e.ld32(136) & 0xFFFFFFFF).to_bytes(4, "little"))
    fd = e.ld32(136)
    f = FILES[-1]
    f.ret = ret % 6
    f.plan = (i, what, a_sel, a_n) if what >= 0 else None
    at = addr_of(i, sel, off)
    put_iovec(i, at, n)
    want, unsure = expect_load(i.mem, at, n) if write else (b"", False)
    ok, unsure_w = store_ok(i.mem, at, n) if not write else (True, False)
    f.target = (i.mem, at) if not write else None
    try:
        err = (e.fd_write if write else e.fd_read)(fd, 64, 1, 72)
    except Exception as x:
        follow()
        clean(x, "fd_%s on a file whose method returned %r" % ("write" if write else "read", f._ret(n)))
        e.fd_close(fd)
        return
    follow()
    e.fd_close(fd)
    name = "fd_write" if write else "fd_read"
    for t, x in f.seen:
        if t != "memoryview":
            finding("a file's %s got a %s" % ("write" if write else "readinto", t))
    if (want is None or not ok) and not (unsure or unsure_w):
        if err != EFAULT or f.seen:
            finding("%s of %d bytes at %s (a fault): errno %d, the file saw %r" % (name, n, hex(at), err, f.seen))
        return
    if err == EFAULT and not f.seen:
        forget_doomed(i.mem, at, n, not write)
        return
    if write and n and f.seen and f.seen[0][1] != want:
        finding("fd_write gave the file %r, expected %r" % (f.seen[0][1], want))
    if err == EFAULT:
        return  # the count's word went while the file's method ran
    bad = f.ret in (2, 3)  # more than the buffer, or negative
    if bad != (err == 29):
        finding("%s of %d bytes, the file's method returning %r: errno %d" % (name, n, f._ret(n), err))
    if err != 0:
        return
    count = e.ld32(72) & 0xFFFFFFFF
    store_model(i.mem, 72, count.to_bytes(4, "little"))
    if count > n:
        finding("%s of %d bytes reported %d done (the file's method returned %r)" % (name, n, count, f._ret(n)))


def op_wasi_inst(k, pages_hint):
    m = new_mem(0)
    out = Out()
    w = wasm.WASI(stdout=out, preopens={"/d": "/fuzz"})
    i = wasm.Instance(wasm.Module(FW), wasi=w)
    x = Inst(i, m, 1, {})
    x.out = out
    INSTS.append(x)


# ---- shared heaps: attach, chains, the allocator, a resized buffer ---------------------

FREE_TAG = 0x46524545  # engine/sheap.c's block tags
USED_TAG = 0x55534544
MOVED = "heap's buffer was resized: keep its length"


def hchain(b):
    """b and the heaps behind it, toward 2^32."""
    out = []
    while b is not None:
        out.append(b)
        b = b.hbody
    return out


def hstart(b):
    """A heap's app address: its chain from it ends at 2^32."""
    return TOP - sum(len(x.exp) for x in hchain(b))


def hhead(b):
    while b.hhead is not None:
        b = b.hhead
    return b


def hbusy(b):
    """(busy, unsure): the chain b is in is attached, or one of its heaps is
    mapped (unsure: only by attachments and windows a collection may take)."""
    top = hhead(b)
    if any(not m.heap_doomed for m in top.att):
        return True, False
    chain = hchain(top)
    wins = [w for m in MEMS for w in m.wins.values() if w.buf in chain]
    busy = any(not w.doomed for w in wins)
    return busy, not busy and bool(wins or top.att)


def detached(m):
    """m's chain went: detached by the instance that attached it, or by its finaliser."""
    m.heap.att.remove(m)
    m.heap = m.heap_by = None
    m.heap_ro = m.heap_doomed = False


def heap_at(m, addr, n):
    """(Buf, start) of the heap of m's attached chain holding [addr, addr + n) whole, or None."""
    for x in hchain(m.heap):
        s = hstart(x)
        if s <= addr < s + len(x.exp):
            return (x, s) if addr + n <= s + len(x.exp) else None
    return None


def hword(b, off):
    return int.from_bytes(b.exp[off : off + 4], "little")


def hput(b, off, v):
    b.exp[off : off + 4] = v.to_bytes(4, "little")


def blk_ok(b, off):
    size, tag = hword(b, off), hword(b, off + 4)
    return size >= 8 and size & 7 == 0 and size <= len(b.exp) - off and tag in (FREE_TAG, USED_TAG)


def alloc_model(b, n):
    """engine/sheap.c's alloc_block over the model's bytes (wasm may have
    written the headers): the payload's offset, or 0."""
    size = len(b.exp)
    if n > size:
        return 0
    need = 16 if n == 0 else (n + 7) // 8 * 8 + 8
    off = 0
    while off < size:
        if not blk_ok(b, off):
            return 0
        bs = hword(b, off)
        if hword(b, off + 4) == FREE_TAG:
            while off + bs < size:
                if not blk_ok(b, off + bs) or hword(b, off + bs + 4) != FREE_TAG:
                    break
                bs += hword(b, off + bs)
                hput(b, off, bs)
            if bs >= need:
                if bs - need >= 16:
                    hput(b, off + need, bs - need)
                    hput(b, off + need + 4, FREE_TAG)
                    hput(b, off, need)
                hput(b, off + 4, USED_TAG)
                return off + 8
        off += bs
    return 0


def free_model(b, payload):
    """engine/sheap.c's free_block: True if payload was an allocated block."""
    off = 0
    while off < len(b.exp):
        if not blk_ok(b, off):
            return False
        if off + 8 == payload:
            if hword(b, off + 4) != USED_TAG:
                return False
            hput(b, off + 4, FREE_TAG)
            return True
        if off + 8 > payload:
            return False
        off += hword(b, off)
    return False


def managed_of(b):
    for x in hchain(b):
        if x.kind == 6:
            return x
    return None


def hmalloc_model(b, n):
    """mw_sheap_malloc on the chain from b: an app address or 0."""
    x = managed_of(b)
    off = alloc_model(x, n) if x is not None else 0
    return hstart(x) + off if off else 0


def hfree_model(b, addr):
    x = managed_of(b)
    if x is None or not hstart(x) <= addr < hstart(x) + len(x.exp):
        return False
    return free_model(x, addr - hstart(x))


def hget_error(b):
    """What the binding's modsheap_get raises for heap b, or None."""
    if b.closed:
        return "heap is closed"
    if any(x.lost for x in hchain(b)):
        return MOVED
    return None


def expect_error(what, f, want):
    """f() must raise ValueError with message `want`, or succeed if want is None; returns f's result."""
    try:
        r = f()
    except ValueError as e:
        clean(e, what)
        if want is None:
            finding("%s raised %r, expected success" % (what, e.args))
        if want is not True and str(e) != want:
            finding("%s raised %r, expected %r" % (what, str(e), want))
        return e
    if want is not None:
        finding("%s did not raise, expected %r" % (what, want))
    return r


def fz_insts():
    """The window module's instances, with their own memory or one they share."""
    return [x for x in INSTS if x is not None and x.kind == 0]


def op_heap(k, bk, what, ck, n, v):
    """One shared-heap operation on heap bk (and instance k, heap ck):
    0 attach, 1 detach, 2 chain, 3 unchain, 4 reset, 5 close, 6 malloc and
    7 free from Python, 8 malloc and 9 free from wasm, 10 its bytearray
    resized (between calls, or inside one from a host function)."""
    heaps = [b for b in BUFS if b is not None and b.heap() and not b.gone]
    usable = [b for b in heaps if not b.closed and not b.lost]
    if len(usable) < 3:  # heaps to chain and attach: a new one now and then
        op_buf(6 + (v & 1), (8, 16, 24, 64, 100, 256)[v % 6], v)
        return
    if v >> 4 & 3:
        heaps = usable  # mostly the heaps still in use: a closed or lost one now and then
    # attach, allocate often; close seldom
    what = (0, 0, 0, 1, 2, 2, 3, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10, 11, 11)[what % 19]
    b = heaps[bk % len(heaps)]
    insts = fz_insts()
    i = insts[k % len(insts)] if insts else None
    err = hget_error(b)
    busy, unsure = hbusy(b)
    seen("heap%d%s" % (what, "" if err is None else " refused"))
    if what == 0 and i is not None:
        attach(i, b, v & 1, err)
    elif what == 1 and i is not None:
        i.inst.detach()  # an imported memory's heap: only by the instance that attached it
        if i.mem.heap is not None and i.mem.heap_by is i:
            detached(i.mem)
        seen("detach" + (" (shared memory)" if i.mem.shared is not None else ""))
    elif what == 2:
        other = heaps[ck % len(heaps)]
        chain(b, other if other is not b or ck & 1 else heaps[(ck + 1) % len(heaps)])
    elif what == 3 and not unsure:
        why = err or ("not a head" if b.hhead is not None or b.hbody is None else "busy" if busy else None)
        r = expect_error("unchain", lambda: wasm.unchain(b.obj, bool(v & 1)), why and (err or True))
        if why is None:
            body = b.hbody
            for x in hchain(b) if v & 1 else [b]:
                if x.hbody is not None:
                    x.hbody.hhead = None
                x.hbody = None
            want = None if v & 1 else body.obj
            if r is not want:
                finding("unchain returned %r, expected %r" % (r, want))
    elif what == 4:
        heap_reset(b)
    elif what == 5:
        heap_close(b)
    elif what == 6:
        managed = managed_of(b) is not None
        try:
            got = b.obj.malloc(n)
        except (ValueError, MemoryError) as e:
            clean(e, "malloc")
            if err is None and managed and isinstance(e, ValueError):
                finding("malloc(%d) raised %r" % (n, e.args))
            if err is None and not managed and str(e) != "pre-allocated heap: no allocator":
                finding("malloc(%d) on a chain without an allocator: %r" % (n, e.args))
            if err is None and isinstance(e, MemoryError) and hmalloc_model(b, n):
                finding("malloc(%d) raised MemoryError, the model found room" % n)
            return
        if err is not None:
            finding("malloc on a heap %s succeeded" % err)
        want = hmalloc_model(b, n)
        if got != want:
            finding("malloc(%d) = %s, expected %s" % (n, hex(got), hex(want)))
    elif what == 7:
        x = managed_of(b)
        addr = (hstart(x) + 8 + (v % (len(x.exp) // 8)) * 8) if x is not None and v & 1 else v * 8
        try:
            b.obj.free(addr)
        except ValueError as e:
            clean(e, "free")
            if err is None and hfree_model(b, addr):
                finding("free(%s) refused: %s" % (hex(addr), e))
            return
        if err is not None or not hfree_model(b, addr):
            finding("free(%s) took a block the model does not have" % hex(addr))
    elif what in (8, 9) and i is not None and not i.mem.heap_doomed:
        m = i.mem
        enter()
        if what == 8:
            got = i.e.hmalloc(n) & 0xFFFFFFFF
            want = hmalloc_model(m.heap, n) if m.heap is not None and not m.heap_ro else 0
            if got != want:
                finding("wasm shared_heap_malloc(%d) = %s, expected %s" % (n, hex(got), hex(want)))
        else:
            x = managed_of(m.heap) if m.heap is not None else None
            addr = (hstart(x) + 8 + (v % (len(x.exp) // 8)) * 8) if x is not None and v & 1 else v * 8
            i.e.hfree(addr)
            if m.heap is not None and not m.heap_ro:
                hfree_model(m.heap, addr)
    elif what == 10 and b.kind == 7 and err is None:
        resize_heap(b, i, v)
    elif what == 11:
        # a call whose host function detaches the memory's chain (through
        # its attacher, perhaps another instance), closes or resets it, lets
        # go of its attacher, or attaches one; then an access into the chain
        withheap = [x for x in insts if x.mem.heap is not None and not x.mem.heap_doomed]
        others = [x for x in withheap if x.mem.heap_by is not x] if k & 1 else []  # not the attacher
        pool = others or withheap
        j = pool[k % len(pool)] if pool else i
        if j is not None:
            addr = (j.mem.chain_start() + (v >> 6) % 300 - 8) % TOP if j.mem.heap is not None else addr_of(j, 2, v % 64)
            cb_call(j, 8, bk, n | (v & 14), addr, v & 1)


def heap_reset(b):
    busy, unsure = hbusy(b)
    if unsure:
        return
    err = hget_error(b)
    why = err or ("not a head" if b.hhead is not None else "busy" if busy else None)
    expect_error("reset", b.obj.reset, why and (err or True))
    if why is None:
        for x in hchain(b):
            if x.kind == 6:
                hput(x, 0, len(x.exp))
                hput(x, 4, FREE_TAG)
            else:
                x.exp[:] = bytes(len(x.exp))


def heap_close(b):
    busy, unsure = hbusy(b)
    if unsure:
        return
    chained = b.hhead is not None or b.hbody is not None
    why = None if b.closed else True if busy or chained else None
    expect_error("close", b.obj.close, why)
    if why is None:
        b.closed = True


def attach(i, b, ro, err):
    m = i.mem
    if err is None and any(x.lost for x in hchain(hhead(b))):
        err = MOVED  # the binding refuses to put a chain with a lost heap in use
    why = err
    if why is None:
        if b.hhead is not None:
            why = "a body"
        elif m.end() > hstart(b) or not all(s + w.size <= hstart(b) for s, w in m.wins.items() if not w.doomed):
            why = "overlap"
    unsure = why is None and any(w.doomed and s + w.size > hstart(b) for s, w in m.wins.items())
    # the memory's chain (perhaps attached through another instance sharing
    # it) is checked before the body and the overlap; a doomed one may be gone
    has_one = err is None and m.heap is not None
    said = "has one" if has_one else why
    seen("attach: %s%s" % (said, " (shared memory)" if m.shared is not None else ""))
    try:
        i.inst.attach(b.obj, readonly=bool(ro))
    except ValueError as e:
        clean(e, "attach")
        if said is None and not unsure:
            finding("attach of a heap at %s refused: %s" % (hex(hstart(b)), e))
        if err is not None and str(e) != err:
            finding("attach raised %r, expected %r" % (str(e), err))
        return
    if has_one and m.heap_doomed:
        detached(m)  # the attach proves it gone
        seen("doomed heap: an attach proved it detached")
    elif has_one:
        why = "has one"
    if why is not None:
        finding("attach took a heap, expected refused (%s)" % why)
    gone_over(m, hstart(b), TOP - hstart(b))  # doomed windows there are gone
    m.heap, m.heap_ro, m.heap_by = b, bool(ro), i
    b.att.append(m)
    seen("attached" + (" to a shared memory" if m.shared is not None else ""))


def chain(head, body):
    err = hget_error(head) or hget_error(body)
    bh, uh = hbusy(head)
    bb, ub = hbusy(body)
    if uh or ub:
        return
    managed = sum(x.kind == 6 for x in [head] + hchain(body))
    why = err
    if why is None:
        if head is body:
            why = "same"
        elif bh or bb:
            why = "busy"
        elif head.hhead is not None or head.hbody is not None:
            why = "in a chain"
        elif body.hhead is not None:
            why = "a body"
        elif managed > 1:
            why = "two managed"
        elif head.kind == 6 and hstart(body) % 8:
            why = "misaligned"
        elif hstart(body) < len(head.exp) or hstart(body) - len(head.exp) < 1 << 31:
            why = "too big"
    seen("chain: %s" % why)
    r = expect_error("chain", lambda: wasm.chain(head.obj, body.obj), why and (err or True))
    if why is None:
        seen("chained")
        head.hbody, body.hhead = body, head
        if r is not head.obj:
            finding("chain returned %r, not its head" % (r,))


def resize_heap(b, i, v):
    """b's bytearray shrinks or grows (its bytes move, unless the block could
    grow in place); the heap's view says which (a growth in place leaves the
    heap as it was). While its chain is in use (attached, or any heap of it
    mapped), every call into wasm raises; from inside a call (a host
    function resized it) that call raises. Then the script detaches and
    unmaps the whole chain: the heap is lost."""
    chain = hchain(hhead(b))  # in use while any heap of the whole chain is attached or mapped
    wins = [w for m in MEMS for w in m.wins.values() if w.buf in chain]
    if any(w.doomed for w in wins) or any(m.heap_doomed for x in chain for m in x.att):
        return
    reach = bool(wins) or any(m.heap in chain for m in MEMS if m.heap is not None)
    keep = b.keep
    during = v & 1 and i is not None

    def resize():
        if v & 2 and len(keep) > 1:
            keep[len(keep) - 1 :] = b""
        else:
            keep.extend(b"\x01" * 64)

    raised = None
    if during:
        CB.append((resize, ()))
        enter()
        try:
            i.e.cb_then_ld8(addr_of(i, 0, 0))
        except Exception as e:
            raised = e
        finally:
            CB.clear()
    else:
        resize()
    try:
        b.obj.view(hstart(b), 1)
        moved = False
    except ValueError as e:
        if str(e) != MOVED:
            finding("view after its bytearray resized raised %r" % str(e))
        moved = True
    if len(keep) < len(b.exp) and not moved:
        finding("a heap whose bytearray shrank to %d bytes was not refused" % len(keep))
    if during:
        if moved and reach:
            if not isinstance(raised, ValueError) or str(raised) != MOVED:
                finding("a call whose host function resized a reachable heap's bytearray: %r" % (raised,))
        elif raised is not None and not is_trap(raised):
            finding("a call whose host function resized a heap's bytearray raised %r" % (raised,))
    how = "moved" if moved else "in place"
    seen("resized: %s, %s" % (how, "reachable" if reach else "idle") + " in a call" * bool(during))
    if not moved:
        return
    try:
        SYNC[0]()
        raised = None
    except ValueError as e:
        raised = e
    if reach != (raised is not None) or raised is not None and str(raised) != MOVED:
        finding("a call into wasm, a heap's bytearray resized (%s): %r" % ("reachable" if reach else "idle", raised))
    for m in MEMS:
        if m.heap is not None and m.heap in chain:
            m.heap_by.inst.detach()  # only the instance that attached it detaches (an imported memory)
            detached(m)
        for s, w in list(m.wins.items()):
            if w.buf in chain:
                w.owner.inst.unmap(s)
                del m.wins[s]
    b.lost = True
    SYNC[0]()  # nothing reaches it now: calls go on


# ---- host functions returning values of every kind --------------------------------------


RETS = (
    0,
    1,
    -1,
    0x7FFFFFFF,
    0x80000000,
    0xFFFFFFFF,
    1 << 32,
    -(1 << 31) - 1,
    1 << 63,
    (1 << 64) - 1,
    1 << 64,
    -(1 << 63) - 1,
    1 << 100,
    0.5,
    -0.0,
    float("inf"),
    float("nan"),
    1e300,
    None,
    "x",
    b"",
    (),
    (1,),
    (1, 2),
    [1],
    True,
    2**70,
)


def op_host(sig, ret_k, arg_k):
    """An export calls host.h<sig> with its arguments and returns its results:
    a valid result comes back converted, an invalid one is a clean error."""
    e = HOST[0].exports
    params, results = HOST_SIGS[sig % len(HOST_SIGS)]
    r = RETS[ret_k % len(RETS)]
    HOST_RET[0] = r
    args = [RETS[(arg_k + j) % 13] for j in range(len(params))]
    try:
        got = getattr(e, "c%d" % (sig % len(HOST_SIGS)))(*args)
    except Exception as ex:
        clean(ex, "host function h%d returning %r, args %r" % (sig, r, args))
        return
    if results == "" and r is not None:
        return  # a result given where none is wanted: ignored is fine
    if len(results) == 1 and isinstance(r, int) and not isinstance(r, bool) and results in "il" and got is not None:
        bits = 32 if results == "i" else 64
        if (got - r) % (1 << bits):
            finding("host result %r came back as %r for %s" % (r, got, results))


HOST = []
HOST_RET = [None]
HOST_SIGS = []


def host_fn(*a):
    return HOST_RET[0]


# ---- exports of tests/programs modules, random arguments -------------------------------


def op_prog(p, f, arg_k, extra):
    name, b = PROGS[p % len(PROGS)]
    if name not in PROG_INSTS:
        m = wasm.Module(b)
        imports = {}
        for mod, field, kind, t in m.imports:
            if kind == "func":
                imports.setdefault(mod, {})[field] = host_fn
        try:
            PROG_INSTS[name] = wasm.Instance(m, imports)
        except Exception as e:
            clean(e, "Instance(%s)" % name)
            PROG_INSTS[name] = None
    inst = PROG_INSTS[name]
    if inst is None:
        return
    funcs = [n for n, kind, t in inst.module.exports if kind == "func"]
    if not funcs:
        return
    fn = getattr(inst.exports, funcs[f % len(funcs)])
    params = fn.type[0]
    args = [RETS[(arg_k + 3 * j) % len(RETS)] for j in range(len(params) + extra)]
    HOST_RET[0] = RETS[arg_k % 13]
    try:
        fn(*args, fuel=100000)
    except Exception as e:
        clean(e, "%s.%s%r" % (name, funcs[f % len(funcs)], tuple(args)))


PROG_INSTS = {}


# ---- out-of-range arguments -------------------------------------------------------------

BAD = (
    lambda: wasm.Memory(-1),
    lambda: wasm.Memory(1, 0),
    lambda: wasm.Memory(1 << 40),
    lambda: wasm.Memory(1, page_size=3),
    lambda: wasm.Memory("x"),
    lambda: wasm.Memory(1).grow(-1),
    lambda: wasm.Memory(1).grow(1 << 40),
    lambda: wasm.Memory(1).grow("a"),
    lambda: wasm.Global("i33", 0),
    lambda: wasm.Global("i32", 1 << 70),
    lambda: wasm.Global("i32", "x"),
    lambda: wasm.Global("f32", None),
    lambda: wasm.Table("funcref", -1),
    lambda: wasm.Table("anyref", 1),
    lambda: wasm.Table("funcref", 2)[1 << 40],
    lambda: wasm.Table("funcref", 2)[-1],
    lambda: wasm.Table("funcref", 2).grow(-1),
    lambda: wasm.Table("funcref", 2).__setitem__(0, 5),
    lambda: wasm.SharedHeap(-1),
    lambda: wasm.SharedHeap(0),
    lambda: wasm.SharedHeap(1 << 40),
    lambda: wasm.SharedHeap(buffer=b"ro"),
    lambda: wasm.SharedHeap(64).malloc(-1),
    lambda: wasm.SharedHeap(64).malloc(1 << 40),
    lambda: wasm.SharedHeap(64).free(12345),
    lambda: wasm.SharedHeap(64).view(-1, 4),
    lambda: wasm.SharedHeap(64).view(0, 1 << 40),
    lambda: wasm.SharedHeap(64).app_addr(1 << 40),
    lambda: wasm.SharedHeap(64).offset(-1),
    lambda: wasm.chain(wasm.SharedHeap(64), 5),
    lambda: wasm.Instance(5),
    lambda: wasm.Instance(wasm.Module(FZ), 5),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": 5}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": 5}}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, memory_limit=-1),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, fuel="x"),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, grants={"a": (bytearray(8), "rx")}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, grants={"a": (bytearray(8), "rw", -5)}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, grants={1: bytearray(8)}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, grants={"a": 5}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, grants={"a": ()}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, grants={"a": (bytearray(8), 5)}),
    lambda: wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}, shared_heap=5),
    lambda: wasm.Module(b"junk"),
    lambda: wasm.Module(b"\0asm\1\0\0\0\1"),
    lambda: wasm.Module(5),
    lambda: wasm.Module(FZ, code_budget=0),
    lambda: wasm.Module(FZ, lazy=False, code_budget=100),
    lambda: wasm.stack_size(0),
    lambda: wasm.stack_size(1 << 40),
    lambda: wasm.WASI(args=[1]),
    lambda: wasm.WASI(args=["a\0b"]),
    lambda: wasm.WASI(env={"a": 5}),
    lambda: wasm.WASI(env=["noequals\0"]),
    lambda: wasm.WASI(stdout=5),
    lambda: wasm.WASI(preopens={"/d": 5}),
    lambda: wasm.WASI(preopens=5),
    lambda: wasm.WASI().start(5),
)


def bad_store(i, x):
    """st8(0, x): an int of any size is wrapped (docs/wasm.md: i32 arguments
    wrap) and stored, which the model must know (session 28's model took it
    for refused: a later load of address 0 disagreed, campaign seed 40293);
    anything else raises."""
    i.e.st8(0, x)
    store_model(i.mem, 0, bytes([x & 0xFF]))


def op_bad(k, ik, v):
    """An out-of-range argument: each must raise a clean exception."""
    i = None
    if k < len(BAD):
        f = BAD[k]
    else:
        i = live(INSTS, ik)
        if i is None:
            return
        vals = (-1, TOP, 1 << 64, "x", 1.5, b"", [], -(1 << 70), 2.5)  # each wrong for every call below but a value
        x = vals[v % len(vals)]
        f = (
            lambda: i.inst.map(bytearray(8), x),
            lambda: i.inst.map(x),
            lambda: i.inst.unmap(x),
            lambda: i.e.memory.grow(x),
            lambda: i.e.ld8(x),
            lambda: bad_store(i, x),
            lambda: i.e.ld8(),
            lambda: i.e.ld8(0, 0),
            lambda: i.inst.attach(x),
            lambda: setattr(i.inst, "fuel", x),
            lambda: i.e.ld8(0, fuel=x),
            lambda: i.e.ld8.call_raw(x),
        )[(k - len(BAD)) % 12]
    try:
        f()
    except OSError as e:
        # Module() of neither a buffer nor a stream: MicroPython's own error
        # for a stream operation on a non-stream (tests/host/test_wasm_stream.py)
        if str(e) != "stream operation not supported":
            finding("bad argument %d/%d: OSError %r" % (k, v, e.args))
    except Exception as e:
        clean(e, "bad argument %d/%d" % (k, v))
    finally:
        if i is not None:
            i.inst.fuel = None


ROOM_FAULT = []  # an instance of regionmem.wat ('rodata' as its memory 1)


def setup():
    SYNC.append(wasm.Instance(wasm.Module(FZ), {"host": {"cb": cb}}).exports.nop)
    regions = {n: wasm.Memory(region=n, page_size=1) for n in ("shared", "rodata")}
    ROOM_FAULT.append(wasm.Instance(wasm.Module(FRM), {"env": {"mem": regions["shared"], "ro": regions["rodata"]}}))
    HOST.append(wasm.Instance(wasm.Module(FH), {"host": {"h%d" % k: host_fn for k in range(len(HOST_SIGS))}}))


def sweep():
    """The end: every instance let go of (heaps left attached), the C stack
    below zeroed (Module() does), three collections: every finaliser should
    have run, so no heap is attached or mapped any more. Counted in SEEN,
    not a finding: a stale word the collector cannot tell from a pointer
    (the script's own path moves them) kept one heap of seed 8 in
    test_fuzz_short's folder, and the same script ran clean elsewhere.
    Until session 30 a memory's note of its heap's attacher was a pointer
    the collector followed, and an attacher of a memory others import was
    never freed: then most scripts end with heaps held."""
    for i in INSTS:
        if i is not None:
            drop(i, False)
    CB.clear()
    wasm.Module(FZ)
    for _ in range(3):
        gc.collect()
    held = [b for b in BUFS if b is not None and b.heap() and not b.closed and b.obj is not None and b.obj.attached]
    seen("sweep: %d heaps held" % len(held))


def done():
    check()
    sweep()
    print("SEEN", sorted(SEEN.items()))
    print("FUZZ-DONE", STEP[0])
