# SPDX-License-Identifier: MIT
"""The WebAssembly spec suite through precompiled images (docs/images.md):
every module a .wast file instantiates is first made into an image by
wasm-cross (--target host; core/ without multi-memory, as test_spec.py loads
it) and loaded from that, so each image's code is walked by the loader's
structural check and then runs every assertion. The results must be those of
the .wasm files: the same expected_failures.txt. Modules the engine refuses
(SIMD, memory64) stay binaries, so they fail as listed there; wasm-cross's
code check refusing the engine's own lowering ("lowered code: ...") fails the
test instead of falling back to the binary."""

from __future__ import annotations

import subprocess

import pytest

from spec import commands as cm
from spec import convert, runner
from support import images
from support.spec_files import need_host_micropython, wast_params


def to_images(suite: str, folder):
    """A `rewrite` for runner.run_host: module commands load images."""

    def rewrite(cmds: list[cm.Command]) -> None:
        mods = [c for c in cmds if c.kind == "module" and not c.skip]
        wasms = [folder / c.json["filename"] for c in mods]
        for w in wasms:
            w.with_suffix(".mwi").unlink(missing_ok=True)
        if not wasms:
            return
        flags = ["--no-multi-memory"] if suite in runner.MULTI_MEMORY_OFF else []
        # one process for the file's modules; a module the engine refuses
        # fails in the tool too and stays a binary
        r = subprocess.run(
            [str(images.tool()), "--target", "host", *flags, *map(str, wasms)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        # but the code check never refuses what the engine lowered itself: that
        # is a lowering bug, which falling back to the binary would hide
        rewrite.own_code_refused = [ln for ln in r.stderr.splitlines() if "lowered code:" in ln]
        made = 0
        for c, w in zip(mods, wasms):
            mwi = w.with_suffix(".mwi")
            if mwi.exists():
                c.src = f"({c.index},'m',{cm._str(c.json.get('name'))},{mwi.read_bytes()!r})"
                made += 1
        rewrite.made = made

    rewrite.made = 0
    rewrite.own_code_refused = []
    return rewrite


@pytest.mark.parametrize("suite,path", wast_params())
def test_spec_images(suite, path):
    need_host_micropython()
    folder = convert.convert(suite, path).parent
    rewrite = to_images(suite, folder)
    res = runner.run_host(suite, path, rewrite=rewrite, script_name="run_images.py")
    new, _ = runner.compare_expected(res, runner.load_expected())
    print(res.summary(), f"({rewrite.made} modules from images)")
    assert not rewrite.own_code_refused, "\n".join(rewrite.own_code_refused)
    assert not new, f"{res.summary()}\n" + "\n".join(f"  {res.name}:{c.line} {c.kind}: {why}" for c, why in new[:30])
    assert res.error is None, res.error
