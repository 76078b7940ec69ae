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
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
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


def sha256_words(words: Iterable[object]) -> str:
    return hashlib.sha256(json.dumps([str(w) for w in words]).encode()).hexdigest()


def build_hash(flags: Sequence[str], sources: Iterable[Path], root: Path) -> str:
    """A runner's build: the compiler's version, its flags, and each source's name (relative to
    root, so two checkouts agree) and bytes. The executable itself differs between checkouts (-g
    keeps their paths) where the count cannot."""
    h = hashlib.sha256()
    compiler = subprocess.run([flags[0], "--version"], capture_output=True, text=True, check=True).stdout
    h.update(json.dumps([compiler.splitlines()[0], *flags]).encode())
    for src in sorted(sources, key=lambda p: p.relative_to(root).as_posix()):
        h.update(src.relative_to(root).as_posix().encode() + b"\0")
        h.update(file_sha256(src).encode())
    return h.hexdigest()


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a, as bench/wasi_shim.h's shim_out_hash and runner_native_prog.c compute it."""
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def why_stale(saved: Record, now: Basis) -> str | None:
    """None if `saved` was counted from what `now` describes; else what changed."""
    changed = [f.name for f in fields(Basis) if getattr(saved.basis, f.name) != getattr(now, f.name)]
    return None if not changed else f"{saved.program} on {saved.engine}: its {', '.join(changed)} changed"


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
    saved: Mapping[tuple[str, str, str], Record], program: str, engine: str, size: str, now: Basis
) -> tuple[Record | None, str]:
    """The saved record of (program, engine, size) if it may stand for a count now, and why not if
    it may not ("" when reused)."""
    rec = saved.get((program, engine, size))
    if rec is None:
        return None, f"{program} on {engine}: not saved"
    why = why_stale(rec, now)
    return (None, why) if why else (rec, "")
