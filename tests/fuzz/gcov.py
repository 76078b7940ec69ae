# SPDX-License-Identifier: MIT
"""gcov line coverage of modwasm/engine/*.c reached by the libFuzzer
targets' seeds and corpora: the engine and each target built with
`gcc -O0 --coverage` (no sanitizers, no libFuzzer: a small driver feeds
LLVMFuzzerTestOneInput every file of the folders named), the targets' -D
flags as build.py's. What docs/benchmarks.md's fuzzing sections measure
(sessions 36, 37); `run.py --coverage` is llvm-cov's figure with clang's
profiled build, which takes longer to build.

usage: python3 -m fuzz.gcov [--engine DIR] [--only load,run,...] [--seeds-every N] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

from fuzz import build

DRIVER = r"""
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) { (void)data; (void)max_size; return size; }
static void one(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    fclose(f);
    LLVMFuzzerTestOneInput(b, got);
    free(b);
}
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) continue;
        if (!S_ISDIR(st.st_mode)) { one(argv[i]); continue; }
        DIR *d = opendir(argv[i]);
        for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name);
            one(p);
        }
        if (d != NULL) closedir(d);
    }
    return 0;
}
"""

# one seed module in how many each target replays (out of memory's each sweep)
SEEDS_EVERY = {"oom": 32}


def _cc(args: list[str]) -> None:
    proc = subprocess.run(["gcc", "-std=c11", "-O0", "-g", "--coverage", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise build.BuildError(proc.stderr)


def measure(engine: Path, harness: Path, names: list[str], every: int, out: Path) -> tuple[int, int, str]:
    """Lines executed and lines in all of engine/*.c, and gcov's per-file lines."""
    shutil.rmtree(out, ignore_errors=True)
    objdir = out / "engine"
    objdir.mkdir(parents=True)
    defs = [f for f in build.CFLAGS if f.startswith("-D")]
    srcs = sorted(engine.glob("*.c"))
    for src in srcs:
        _cc([*defs, f"-I{engine}", "-c", str(src), "-o", str(objdir / (src.stem + ".o"))])
    (out / "driver.c").write_text(DRIVER)
    _cc(["-c", str(out / "driver.c"), "-o", str(out / "driver.o")])
    build.sheap_header()
    for n in names:
        exe = out / f"fuzz_{n}"
        _cc(
            [
                *defs,
                f"-I{engine}",
                f"-I{build.OUT}",
                f"-I{harness}",
                str(harness / f"fuzz_{n}.c"),
                str(out / "driver.o"),
            ]
            + [str(objdir / (s.stem + ".o")) for s in srcs]
            + ["-o", str(exe), "-lm"]
        )
        dirs = [build.OUT / "corpus" / n, build.seed_corpus(n, SEEDS_EVERY.get(n, every))[0]]
        subprocess.run(
            [str(exe), *[str(d) for d in dirs if d.is_dir()]], capture_output=True, timeout=3600, check=False
        )
    rep = subprocess.run(
        ["gcov", "-n", "-o", str(objdir), *map(str, srcs)], capture_output=True, text=True, cwd=out, check=False
    ).stdout
    hit = total = 0
    lines = []
    for name, pct, n in re.findall(r"File '([^']+)'\nLines executed:([\d.]+)% of (\d+)", rep):
        if Path(name).parent.resolve() != engine.resolve() or not name.endswith(".c"):
            continue  # (the engine's .c files: a header's lines are counted in each includer's)
        k = round(float(pct) * int(n) / 100)
        hit, total = hit + k, total + int(n)
        lines.append(f"{Path(name).name}: {k} of {n} ({pct}%)")
    return hit, total, "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", type=Path, default=build.ENGINE, help="the engine's sources (another checkout's)")
    ap.add_argument("--harness", type=Path, default=build.HERE, help="the targets' sources (another checkout's)")
    ap.add_argument("--only", default=",".join(build.TARGETS))
    ap.add_argument("--seeds-every", type=int, default=8, help="one seed module in this many")
    ap.add_argument("--out", type=Path, default=build.OUT / "gcov")
    a = ap.parse_args()
    hit, total, per_file = measure(a.engine, a.harness, a.only.split(","), a.seeds_every, a.out)
    print(per_file)
    print(f"engine lines: {hit} of {total} ({100 * hit / max(total, 1):.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
