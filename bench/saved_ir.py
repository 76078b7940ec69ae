# SPDX-License-Identifier: MIT
"""Saved callgrind counts of the whole programs, so that a change to our engine re-counts ours alone.

wasm3's and the native program's instruction counts do not depend on our engine: `bench/run.py
--only-programs --quick --callgrind` writes every count it makes to build/bench/programs-ir.json, one
record per program and engine, with what the count was made from: the runner's build (a hash of its
sources' bytes, compiler flags and compiler), the program's binary (the .wasm, or the native
executable, by sha256), its arguments and the callgrind toggle. `--ours-alone` then counts our engine
and takes wasm3's and native's from the file, each only while every one of those hashes is still
what it was; a record whose hash differs is counted again (and the log says why), never reused.
Each record keeps its output's checksum (FNV-1a of stdout, as the runners print `result=`), and
every engine's must equal native's, saved or not.

The runner's hash covers every source compiled into it, but a count depends only on the machine
code and data that ran: each record also keeps its runner's inputs one by one (`inputs`: the
compiler, the flags, each source's sha256) and the digest of the runner's loaded image (`image`:
the executable's allocated sections, build id left out, and the shared libraries it loads, by
bytes; the same in every checkout, as -g's paths live in the debug sections alone). A runner
whose sources changed where its image did not (a comment, a function it never compiles in)
keeps its counts; one whose image changed is counted again, and the log names the inputs that
moved (`explain`).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench_common import file_sha256

FORMAT = 1


@dataclass(frozen=True)
class Basis:
    """What a count was made from: each a hex digest, or text for the toggle."""

    runner: str  # the runner's build (mpwasm, wasm3); native: the executable, as `binary`
    binary: str  # sha256 of the .wasm, or of the native executable
    args: str  # sha256 of the program's arguments
    toggle: str  # callgrind's --toggle-collect functions


@dataclass(frozen=True)
class Record:
    program: str
    engine: str  # "mpwasm", "wasm3", "native"
    size: str  # the programs' argument set ("quick")
    basis: Basis
    commit: str  # the checkout it was counted in (for a reader; not checked)
    ir: int
    checksum: int  # FNV-1a of the run's stdout
    inputs: dict[str, str] = field(default_factory=dict)  # the runner's build, input by input (build_inputs)
    image: str = ""  # image_digest of the runner that counted ("": not known, a record from before)


@dataclass(frozen=True)
class RunnerBuild:
    """A runner as built: `hash` is Basis.runner (build_hash), `inputs` what it hashes one by one
    (build_inputs), `image` its loaded image (image_digest)."""

    hash: str
    inputs: dict[str, str]
    image: str


def sha256_words(words: Iterable[object]) -> str:
    return hashlib.sha256(json.dumps([str(w) for w in words]).encode()).hexdigest()


def _compiler(flags: Sequence[str]) -> str:
    out = subprocess.run([flags[0], "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


def build_hash(flags: Sequence[str], sources: Iterable[Path], root: Path) -> str:
    """A runner's build: the compiler's version, its flags, and each source's name (relative to
    root, so two checkouts agree) and bytes. The executable itself differs between checkouts (-g
    keeps their paths) where the count cannot."""
    h = hashlib.sha256()
    h.update(json.dumps([_compiler(flags), *flags]).encode())
    for src in sorted(sources, key=lambda p: p.relative_to(root).as_posix()):
        h.update(src.relative_to(root).as_posix().encode() + b"\0")
        h.update(file_sha256(src).encode())
    return h.hexdigest()


def build_inputs(flags: Sequence[str], sources: Iterable[Path], root: Path) -> dict[str, str]:
    """What build_hash hashes, input by input: "compiler" (its version line), "flags", and each
    source's sha256 by its name relative to root; what `explain` compares."""
    inputs = {"compiler": _compiler(flags), "flags": " ".join(flags[1:])}
    for src in sources:
        inputs[src.relative_to(root).as_posix()] = file_sha256(src)
    return inputs


def _shared_libraries(exe: Path) -> list[Path]:
    """The shared libraries `exe` loads (ldd), the dynamic loader included; none for a static one."""
    p = subprocess.run(["ldd", str(exe)], capture_output=True, text=True, check=False)
    return [Path(m) for m in re.findall(r"(/\S+) \(0x", p.stdout)]


def image_digest(exe: Path) -> str:
    """sha256 of what runs: the executable's allocated sections as loaded (objcopy -O binary, the
    build id left out: it hashes the debug sections too) and the bytes of each shared library it
    loads (a count includes their memcpy and malloc). Two checkouts' builds of the same sources
    agree (-g's paths are in the debug sections alone); a change of a comment or of a function
    the runner never compiles in leaves it as it was."""
    h = hashlib.sha256()
    with tempfile.TemporaryDirectory() as tmp:
        flat = Path(tmp) / "image"
        subprocess.run(["objcopy", "-O", "binary", "-R", ".note.gnu.build-id", str(exe), str(flat)], check=True)
        h.update(file_sha256(flat).encode())
    for lib in _shared_libraries(exe):
        h.update(b"\0" + file_sha256(lib).encode())
    return h.hexdigest()


def runner_build(flags: Sequence[str], sources: Sequence[Path], root: Path, exe: Path) -> RunnerBuild:
    return RunnerBuild(build_hash(flags, sources, root), build_inputs(flags, sources, root), image_digest(exe))


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a, as bench/wasi_shim.h's shim_out_hash and runner_native_prog.c compute it."""
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def inputs_moved(saved: Mapping[str, str], now: Mapping[str, str]) -> str:
    """The runner inputs that differ between two builds, by name: "bench/wasi_shim.h changed",
    "x.c added", "compiler: A -> B"."""
    moved = []
    for name in sorted(saved.keys() | now.keys()):
        was, is_ = saved.get(name), now.get(name)
        if was == is_:
            continue
        if name in ("compiler", "flags"):
            moved.append(f"{name}: {was} -> {is_}")
        else:
            moved.append(f"{name} {'added' if was is None else 'removed' if is_ is None else 'changed'}")
    return ", ".join(moved) if moved else "no input by name (the same files, hashed otherwise)"


def explain(saved: Record, now: Basis, build: RunnerBuild | None = None) -> str:
    """What differs between `saved`'s basis and `now`, in words, without the program's name ("" if
    nothing): which of the runner's inputs moved (when both sides name them), whether its image
    did, the binary, the arguments, the toggle."""
    why = []
    if saved.basis.runner != now.runner and saved.engine != "native":
        if build is None or not saved.inputs:
            what = "(the saved count does not name its inputs: saved before they were kept)"
        else:
            what = inputs_moved(saved.inputs, build.inputs)
        if build is not None and saved.image:
            what += "; its image is the same bytes" if saved.image == build.image else "; its image differs too"
        why.append(f"its runner's build changed: {what}")
    if saved.basis.binary != now.binary:
        why.append("its executable is other bytes" if saved.engine == "native" else "its .wasm is other bytes")
    if saved.basis.args != now.args:
        why.append("its arguments changed (bench/programs.py)")
    if saved.basis.toggle != now.toggle:
        why.append(f"callgrind's toggle changed ({saved.basis.toggle} -> {now.toggle})")
    return "; ".join(why)


def load(path: Path) -> dict[tuple[str, str, str], Record]:
    """The records of `path` by (program, engine, size); none if there is no file. A file of
    another format is refused."""
    if not path.exists():
        return {}
    doc = json.loads(path.read_text())
    if doc.get("format") != FORMAT:
        raise ValueError(f"{path}: format {doc.get('format')!r}, this bench reads {FORMAT}")
    out = {}
    for r in doc["records"]:
        rec = Record(**{**r, "basis": Basis(**r["basis"])})
        out[rec.program, rec.engine, rec.size] = rec
    return out


def save(path: Path, records: Iterable[Record]) -> None:
    """Write `records` into `path`, replacing its records of the same program, engine and size
    and keeping the others."""
    merged = load(path)
    for r in records:
        merged[r.program, r.engine, r.size] = r
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [asdict(r) for _, r in sorted(merged.items())]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"format": FORMAT, "records": rows}, indent=1) + "\n")
    tmp.replace(path)


def reusable(
    saved: Mapping[tuple[str, str, str], Record],
    program: str,
    engine: str,
    size: str,
    now: Basis,
    build: RunnerBuild | None = None,
) -> tuple[Record | None, str]:
    """The saved record of (program, engine, size) if it may stand for a count now, and what
    differs, without the program's name ("" when nothing does; "not saved"). A record whose
    runner's build hash moved while nothing else did stands when `build`'s image is the one it
    was counted with (returned with its reason); else it is counted again."""
    rec = saved.get((program, engine, size))
    if rec is None:
        return None, "not saved"
    if rec.basis == now:
        return rec, ""
    why = explain(rec, now, build)
    same_image = build is not None and rec.image != "" and rec.image == build.image
    only_runner = rec.basis.binary == now.binary and rec.basis.args == now.args and rec.basis.toggle == now.toggle
    return (rec, why) if same_image and only_runner else (None, why)
