# SPDX-License-Identifier: MIT
"""Real programs from Debian source packages run unchanged as WASI programs.

bench/programs.py builds each program (SQLite with our in-memory driver, zlib,
bzip2, LZ4, Lua 5.4's own interpreter, cJSON, PCRE2, KISS FFT, MuJS, Zstandard,
Expat, LibTomCrypt, TinyScheme, SpeexDSP, TRE, LibTomMath, liblzma,
LibYAML, GIFLIB, cmark, xxHash, Jansson, libpng, libgsm, lzlib, libsecp256k1, libmd, http-parser,
json-c) from its
Debian source package (scripts/fetch_programs.py) twice: for wasm32-wasi with
Debian clang + wasi-libc, and natively with gcc. Each .wasm runs on the host
port through `wasm.WASI` with the program's arguments, and its stdout must be
byte-identical to the native build's (small "test" workloads: this checks
results, never times; the bench uses the same binaries at larger sizes), in
each of the engine's three ways to load code: lowered on first call (`lazy`,
the default for bytes), all at load (`eager`), and from a precompiled image
made by tools/wasm-cross (`image`, code run in place).
The builds are cached in build/programs/; the first one takes a few minutes.
Programs whose fetch and build cost more CI time than they add (Program.ci
False: LZO, Duktape, Mbed TLS, Opus; session 8's Oniguruma, libsodium, libFLAC; session 9's
libdeflate, libsamplerate, PicoSAT; session 11's libjpeg-turbo, LAME; session 23's libwebp;
session 25's Vorbis, mawk, mini-gmp, jq; session 26's dc, Qhull, Speex; session 30's utf8proc,
libdivsufsort, potrace, GLPK, Jim Tcl, Nettle; session 31's Zopfli, msgpack-c, libscrypt, libtasn1,
TinyCC, nauty's geng; session 34's Cliquer, WavPack, Little CMS, GNU bc, the Edge Addition
Planarity Suite; session 35's ncompress, NLopt, Solo, libxmp, libspng; session 36's cubature,
xdelta3, discount, mcpp, lp_solve; session 37's Phalanx, libmatheval, libxcrypt, GSL, PCRE 8;
session 38's TinyXML-2, double-conversion, Box2D, FFTW, NASM) run
here only with MPWASM_PROGRAMS=all in the
environment; the bench runs them always.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

import fetch_programs
import programs as P
from support import images
from support.host import MICROPYTHON

pytestmark = [
    pytest.mark.skipif(not MICROPYTHON.exists(), reason=f"{MICROPYTHON} not built (make host)"),
    pytest.mark.skipif(not Path("/usr/lib/wasm32-wasi/libc.a").exists(), reason="wasi-libc not installed (make deps)"),
]

MODES = ("lazy", "eager", "image")
LOAD = {
    "lazy": "wasm.Module(open({path!r}, 'rb').read(), lazy=True)",
    "eager": "wasm.Module(open({path!r}, 'rb').read(), lazy=False)",
    "image": "wasm.Module(open({path!r}, 'rb').read())",  # recognised by its magic
}
SNIPPET = """\
import wasm
m = {load}
w = wasm.WASI(args={argv!r})
r = w.start(wasm.Instance(m, wasi=w))
if r != 0:
    raise SystemExit('start returned %r' % r)
"""
# lazy under a code budget (lazy.c): the program's stdout, then the lowerings and functions defined
BUDGET_LOAD = "wasm.Module(open({path!r}, 'rb').read(), code_budget={budget})"
BUDGET_TAIL = "print('lowerings', m.lowerings, m.lowered[1])\n"
# the budgets, and the programs run under them: Lua in `make test` (39,678 lowerings at code_budget=1,
# about 3 s of wall time under load); WavPack, Cliquer, Planarity, ncompress, libxmp, libspng and cubature
# with MPWASM_PROGRAMS=all (GNU bc, Little CMS, NLopt, Solo, xdelta3, discount, mcpp and lp_solve print
# the native bytes too but take 3, 10, 11, 3, 4, 2, 5 and 2 minutes under load: docs/benchmarks.md,
# held-out programs)
BUDGETS = (1, 4096)
BUDGETED = ("lua", "wavpack", "cliquer", "planarity", "ncompress", "libxmp", "libspng", "cubature")


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str], Path]:
    return P.build_all(P.TESTED)


def run_on_host(wasm: Path, argv: list[str], mode: str = "lazy", code_budget: int | None = None) -> bytes:
    """stdout of `wasm` (an image for mode "image") run by the host port with WASI(args=argv);
    with code_budget, lazy under that budget and a last line "lowerings N DEFINED"."""
    if code_budget is None:
        script = SNIPPET.format(load=LOAD[mode].format(path=str(wasm)), argv=argv)
    else:
        script = SNIPPET.format(load=BUDGET_LOAD.format(path=str(wasm), budget=code_budget), argv=argv) + BUDGET_TAIL
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script)
    try:
        proc = subprocess.run([str(MICROPYTHON), f.name], capture_output=True, timeout=120, check=False)
    finally:
        Path(f.name).unlink()
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:] + proc.stdout.decode(errors="replace")
    return proc.stdout


def image_of(wasm: Path) -> Path:
    """build/programs/NAME.host.mwi, the precompiled image of NAME.wasm (tools/wasm-cross)."""
    out = wasm.with_suffix(".host.mwi")
    if not out.exists() or out.stat().st_mtime < max(wasm.stat().st_mtime, images.tool().stat().st_mtime):
        r = images.cross(wasm, out)
        assert r.returncode == 0, f"wasm-cross {wasm.name}: {r.stderr}"
    return out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("prog", P.TESTED, ids=lambda p: p.name)
def test_program_output_matches_native(prog: P.Program, mode: str, built: dict[tuple[str, str], Path]) -> None:
    native = P.run_native(prog, "test")
    assert b"checksum=0x" in native or prog.name == "lua", native[-500:]
    wasm = built[prog.name, "wasm"]
    ours = run_on_host(image_of(wasm) if mode == "image" else wasm, prog.argv("test"), mode)
    assert ours == native, f"{prog.name} ({mode}): wasm\n{ours[-600:]!r}\nnative\n{native[-600:]!r}"


@pytest.mark.parametrize("budget", BUDGETS)
@pytest.mark.parametrize("prog", [p for p in P.TESTED if p.name in BUDGETED], ids=lambda p: p.name)
def test_program_under_code_budget(prog: P.Program, budget: int, built: dict[tuple[str, str], Path]) -> None:
    """Under a code budget smaller than its hot functions every call may lower its callee again
    (lazy.c): slower, never another output."""
    native = P.run_native(prog, "test")
    ours = run_on_host(built[prog.name, "wasm"], prog.argv("test"), code_budget=budget)
    out, _, tail = ours.rpartition(b"lowerings ")
    assert out == native, f"{prog.name} (code_budget={budget}): wasm\n{out[-600:]!r}\nnative\n{native[-600:]!r}"
    lowerings, defined = (int(x) for x in tail.split())
    assert lowerings > defined, f"{prog.name} (code_budget={budget}): {lowerings} lowerings of {defined} functions"


def code_section(wasm: bytes) -> bytes:
    """The code section's bytes of a module (ids and LEB128 sizes, WebAssembly 5.5.2)."""
    pos = 8
    while pos < len(wasm):
        sid, pos = wasm[pos], pos + 1
        size = shift = 0
        while True:
            b, pos = wasm[pos], pos + 1
            size |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        if sid == 10:
            return wasm[pos : pos + size]
        pos += size
    return b""


@pytest.mark.parametrize("mode", MODES)
def test_modern_build_matches_native(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench's default build (bench/programs.py FEATURE_SETS "modern": bulk memory with
    memcpy/memmove/memset as memory.copy/fill, sign extension, non-trapping float-to-int, mutable
    globals) of Lua, whose code has all three kinds of instruction (wasm-objdump), prints the native bytes on the host
    port, from its own file beside the stock build."""
    monkeypatch.setattr(P, "features", "modern")
    prog = P.BY_NAME["lua"]
    wasm = P.build(prog, "wasm")
    assert wasm == P.OUT / "modern" / "lua.wasm"
    code = code_section(wasm.read_bytes())
    stock = code_section((P.OUT / "lua.wasm").read_bytes()) if (P.OUT / "lua.wasm").exists() else b""
    for name, op in (("memory.copy", b"\xfc\x0a\x00\x00"), ("memory.fill", b"\xfc\x0b\x00")):
        assert op in code, f"no {name} in the modern lua.wasm"
    assert b"\xfc\x0a\x00\x00" not in stock, "the stock build has memory.copy: it is not clang 14's default"
    native = P.run_native(prog, "test")
    ours = run_on_host(image_of(wasm) if mode == "image" else wasm, prog.argv("test"), mode)
    assert ours == native, f"lua modern ({mode}): wasm\n{ours[-600:]!r}\nnative\n{native[-600:]!r}"


def test_programs_print_what_they_checked(built: dict[tuple[str, str], Path]) -> None:
    # the native references themselves: round trips succeeded, queries ran
    text = {p.name: P.run_native(p, "test").decode() for p in P.PROGRAMS if p.ci}
    assert text["zlib"].count("round trip ok") == 3
    assert text["bzip2"].count("round trip ok") == 2
    assert text["lz4"].count("round trip ok") == 3
    assert "sqlite 3.40.1" in text["sqlite"] and "rows seen" in text["sqlite"]
    assert "equal 1" in text["cjson"] and "equal 0" not in text["cjson"]
    assert "lua Lua 5.4 n=200" in text["lua"] and "checksum=0x" in text["lua"]
    assert "substitute:" in text["pcre2"] and "complex fft 2187" in text["kissfft"]
    assert text["mujs"].count("run(") == 3
    assert text["zstd"].count("round trip ok") == 5
    assert "expat_2.5.0" in text["expat"] and "plain: " in text["expat"] and "namespaces: " in text["expat"]
    assert "self-tests ok: 11" in text["tomcrypt"] and text["tomcrypt"].count("round trip ok") == 1
    assert "tinyscheme n=1" in text["tinyscheme"] and "queens 10" in text["tinyscheme"]
    assert "Error" not in text["tinyscheme"] and "checksum=0x" in text["tinyscheme"]
    assert text["speexdsp"].count("resample") == 3 and "echo: 8 frames" in text["speexdsp"]
    assert "libyaml 0.2.5: emitted" in text["libyaml"] and "loaded " in text["libyaml"]
    assert "liblzma 5.4.1" in text["xz"] and text["xz"].count("round trip ok") == 5
    assert "sqrt check     ok" in text["tommath"] and "round trip ok" in text["tommath"]
    assert "0.8.0" in text["tre"] and "(backrefs)" in text["tre"] and text["tre"].count(", cost ") == 2


# what the later programs' native references must say (their workloads checked themselves)
CHECKED = {
    "lzo2": ("lzo 2.10", *(f"{c}: 4096 -> " for c in ("lzo1x-1", "lzo1x-999+opt", "lzo1y-1", "lzo1f-1", "lzo2a-999"))),
    "duktape": ("duktape 20700", "run(40): ", "run(42): ", "Board,STACK,flash,heap,wasm", "0.3333333333333333"),
    "mbedtls": ("self-tests ok: 20", "x25519 agree ok", "rsa pss signature verified", "mbed TLS 2.28.3"),
    "giflib": ("giflib 5.2.1", "quantized 3 frames of 160x120", "read 3 frames (1 interlaced, delays 15"),
    "opus": ("libopus 1.3.1-fixed", "hybrid 48k mono 24k: 10 packets", "decoder range = encoder's 9/9, concealed 1"),
    "cmark": ("cmark 0.30.2: markdown 8413 bytes", "headings 8,", "commonmark round trip ok", "<h4>Section 0</h4>"),
    "onig": ("oniguruma 6.9.8", "pattern  4:    20 matches", "pattern 11:", "latin-1 caseless: 6 matches"),
    "sodium": ("libsodium 1.0.18 (fixed randomness)", "ed25519 signature", "argon2id", "all checks ok"),
    "flac": ("libFLAC 1.4.2", "level 8: 8192 samples x 2, 16-bit", "24-bit level 6", "8-bit level 3"),
    "xxhash": ("xxhash 801, 1 rounds", "lengths 0..4100: xxh32 ", "256 KiB: xxh3 ", "all checks ok"),
    "libdeflate": (
        "libdeflate 1.14",
        "level  1: text  9871 (zlib)",
        "level 12: text  8315 (gzip)",
        "every stream decoded as compressed",
    ),
    "samplerate": ("libsamplerate-0.2.2", "Best Sinc Interpolator", "Linear Interpolator", "all checks ok"),
    "picosat": ("picosat 965", "pigeonhole 7/6     UNSAT", "queens 6: 4 solutions", "all models checked ok"),
    "jansson": ("jansson 2.14", "bad  5: 1:11:11 duplicate object key", "unpacked: d, s, a, o, cat", "all checks ok"),
    "libpng": ("libpng 1.6.39, zlib 1.2.13", "type 3 depth  8", "12 images, 72 reads", "all checks ok"),
    "libjpeg": ("libjpeg-turbo 2001005 (API 62)", "grayscale q85", "transcoded to progressive", "all checks ok"),
    "lame": ("lame 3.100, 0.2 s", "vbr quality 2, tag", "abr 96 mono (float in)", "all checks ok"),
    "libgsm": ("libgsm 1.0.22, 2.0 s, 100 frames", "wav49              3250 bytes", "explode/implode", "all checks ok"),
    "lzlib": ("lzlib 1.13", "level 0: 8192 -> 4110 bytes", "members: 8192 -> 4031 bytes", "damaged: Data error"),
    "secp256k1": ("rounds 2: ecdsa verified 2, schnorr verified 2", "round 1: shared 41759c8e", "all checks ok"),
    "vorbis": (
        "Xiph.Org libVorbis 1.3.7",
        "abr 96 mono  13230 frames",
        "decoded 27 packets, 13230 frames, 1 ch",
        "all checks ok",
    ),
    "mawk": ("lines 300, words 2085, distinct 443", "sorted 1200 ok", "fib(18) = 2584", "checksum=0x"),
    "jq": ("records 300, distinct words 12", "json round trip ok", "14 | fib = 377", "&lt;of &amp; &quot;x&quot;&gt;"),
    "minigmp": ("pi: 1501 digits, 314159265358", "rsa: n has 511 bits, round trip ok", "all checks ok"),
    "libmd": (
        "empty   MD5    d41d8cd98f00b204e9800998ecf8427e",
        "empty   SHA256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "libmd n=16: all digests agree",
    ),
    "httpparser": (
        "http_parser 2.9.4",
        "requests: 40 messages",
        "bad 2: stopped at 2, HPE_INVALID_METHOD",
        "as generated",
    ),
    "dc": ("factorial digits: 26", "1.41421356237309504880", "3.141592920353982300884955752212", "ABC 4"),
    "jsonc": ("json-c 0.16", "pretty   11332 bytes", "deep 1.6666666666666667", "every value read back equal"),
    "qhull": ("sphere 3-d         100 points:   196 facets,   100 vertices", "its memory given back"),
    "speex": ("speex 1.2.1", "uwb vbr q9       32000 Hz,   50 frames", "every stream decoded"),
    "utf8proc": ("utf8proc 2.8.0, Unicode 15.0.0", "texts=16 forms agree=16", "bad[7]: -3 Invalid UTF-8", "all ok"),
    "divsufsort": ("libdivsufsort 2.0.1, 8192 bytes an input", "fibonacci primary=3134", "all ok"),
    "potrace": ("potracelib 1.16", "text     292x236 set 1: paths=175", "all ok"),
    "glpk": ("GLPK 5.0", "agree: lp 1/1 graphs 4/4", "facility 3089.00 / 3089.00", "all ok"),
    "jimtcl": ("round 1 fib 610 primes 308", "caught bad 9 finally 1", "rc=0 result=3484 lines=9", "all ok"),
    "nettle": ("nettle 3.8, 2048 bytes", "ciphers: 17", "aeads: 7", "armors: 3", "all ok"),
    "zopfli": ("zopfli 1.0.3, 512 bytes an input", "wave  15 iterations, split 1", "by zlib 1.2.13", "all ok"),
    "msgpack": ("msgpack-c 4.0.0, 4 rounds", "cut 16/16, damaged 16/16", '"list"=>[-1, nil, "\\x01\\xff"]', "all ok"),
    "scrypt": ("rfc7914 N=1024  r=8 p=16 fdbabe1c9d3472007856e7190d01e9fe", "check: right 1, wrong 0", "all ok"),
    "tasn1": ("libtasn1 4.19.0, definitions: SUCCESS", "simple values: 98 of 98 decoded back", "x DER_ERROR", "all ok"),
    "tcc": ("tcc 0.9.27 (x86-64 target), 2 units", "corpus 4   rc 0", "0 warnings in all", "all ok"),
    "geng": ("nauty 2.8.6 (32 bits) geng, 6 vertices", "112 graphs (geng counted 112)", "56 graphs", "all ok"),
    "cliquer": ("cliquer 1.21, 40 vertices", "largest: size 10, 1 cliques", "heaviest: weight 40", "all ok"),
    "wavpack": ("wavpack 5.6.0, 4410 frames", "hybrid 3.0 + wvc", "24-bit mono:", "decoded 4410, exact", "all ok"),
    "lcms2": ("lcms2 2140, image 1 x 64 K pixels", "CMYK       158212 bytes", "back within 0.01: yes", "all ok"),
    "bc": ("round 1: fib 610", "pi  3.1415926535897932384626433832795028841988", "2^200 16069380442589902755"),
    "planarity": ("planarity 3.0.2.0, 2 rounds", "round 2 grid: 64 vertices, 139 edges", "embedded", "all ok"),
    "ncompress": ("ncompress 4.2.4.6, 24576 bytes each", "text 16 bits: 24576 -> 7766 bytes", "all ok"),
    "nlopt": ("LD_SLSQP               n=2  result 3,    65 evals, min 2.99062e-20 at (1.00000, 1.00000)", "all ok"),
    "solo": ("solo (sgt-puzzles 20230122), 1 puzzles of each kind", "2 4 7 | 3 5 1 | 8 9 6", "all ok"),
    "libxmp": ("bench 1008: Amiga Protracker/Compatible, 8 channels", "192 frames,   369024 bytes", "all ok"),
    "libspng": ("libspng 0.7.3 over zlib 1.2.13, 48x36", "type 6 depth 16: 5910 4/6 7103i 4/6", "all ok"),
    "cubature": ("cubature 1.0.4 hcubature", "rational      n=1 rc=0 evals=15 0.64269908169872414", "all ok"),
    "xdelta3": ("xdelta3 3.0.11, a source of 65536 bytes", "level 9 djw adler32      60442 ->     706", "all ok"),
    "discount": ("discount 2.2.7 GITHUB_CHECKBOX", "64 lines: 33124 bytes of html and xml", "all ok"),
    "mcpp": ("mcpp 2.7.2, 24 blocks", "comments   rc 0,   10030 bytes in   438 lines", "depends    rc 0", "all ok"),
    "lpsolve": ("lp_solve 5.5.2.5, 16 binaries", "mixed                  rc 0 obj -18.5", "all ok"),
    "phalanx": ("Phalanx XXV, depth 4", "position  9 depth 4: Ka1-b2     value    -99 nodes        185", "all ok"),
    "matheval": ("libmatheval 1.1.11", "formula   3: log(((1+(x^2))+(y^2))) | d/dx 33 chars", "all ok"),
    "libxcrypt": ("libxcrypt 4.4.33", "nt             $3$$50725c07fdd1885279f05e365f03e7d7", "all ok"),
    "gsl": ("GSL 2.7.1, grids of 40 points", "4762 calls, 10 not GSL_SUCCESS, 0 values not finite", "all ok"),
    "pcre3": ("PCRE 8.39 2016-06-14, 1024 bytes of text", "pattern 18: 2 captures:", "all ok"),
    "tinyxml2": ("TinyXML-2 9.0.0, 2 rounds", "1338 elements 2119 attributes 659 texts 37 cdata", "all ok"),
    "dconv": ("double-conversion, 500 random doubles", "shortest 1000 (34119 digits), fixed 483", "all ok"),
    "box2d": ("Box2D 2.4.0, 1 s of each scene", "bridge    37 bodies, 31 joints, 2 contacts", "all ok"),
    "fftw3": (
        "fftw-3.3.10, 1 rounds of 27 sizes",
        "63 size groups planned and run, round trips within 1e-12",
        "all ok",
    ),
    "nasm": ("NASM 2.16.01, source: 25952 bytes", "elf64: exit 0", "disassembled: 965 instructions", "all ok"),
    "judy": ("Judy 1.0.5, 1 rounds", "JudyL keys left 2000, primes 6057, distinct words 320", "all ok"),
    "jbig": ("JBIG-KIT 2.1, 1 pages of 864x200", "four layers 6859, two planes 13165", "(200 rows)", "all ok"),
    "eigen": ("Eigen 3.4.0, 1 rounds", "dense residual 1.32e-13, sparse residual 8.5e-15", "all ok"),
    "openjpeg": ("OpenJPEG 2.5.0, 1 pictures of 160x128", "lossless 38296, lossy 7605", "all ok"),
    "indent": ("GNU indent 2.2.12, 80 functions (54911 bytes)", "output bytes 85978", "all ok"),
    "twolame": ("model 1, 192 kb/s stereo: 6260 bytes", "model 4, 320 kb/s dual channel: 10560 bytes", "all ok"),
    "cadical": ("pigeonhole 7 into 6: UNSAT", "incremental: 300 variables, 24 solves under assumptions", "all ok"),
    "byacc": ("y.tab.c: 93159 bytes, 2676 lines", "summary: 151 grammar rules, 334 states", "all ok"),
    "awk": ("records 60, fields 472, distinct words 19", "21 patterns, 261 matches", "sorted 180 ok", "fib(14) = 377"),
    "snowball": ("libstemmer lists 29 stemmers", "english       600 words,    307 changed", "all ok"),
    "bearssl": ("BearSSL 0.6 (portable i31/m31/ct implementations), 1 rounds", "round 0: hashes 38ba0c19"),
    "zpaq": ("records  method 10:   4096 ->   3064 bytes", "text     method 40:   4096 ->   1080 bytes"),
    "theora": ("2 frames of 176x144", "quality 48 bitrate      0: 2 frames, 2993 bytes"),
    "re2": ("dates 200, key=value 211 (sum 109339), mails 127", "set hits 1005, replacements 1478"),
    "fribidi": ("GNU FriBidi 1.0.8 (Unicode 10.0.0), 150 lines", "deepest embedding level 10"),
}


@pytest.mark.parametrize("prog", [p for p in P.TESTED if p.name in CHECKED], ids=lambda p: p.name)
def test_more_programs_print_what_they_checked(prog: P.Program, built: dict[tuple[str, str], Path]) -> None:
    text = P.run_native(prog, "test").decode()
    for want in CHECKED[prog.name]:
        assert want in text, f"{prog.name}: {want!r} not in\n{text}"
    assert "FAILED" not in text and text.count("round trip ok") == text.count("round trip")


def test_sources_are_the_pinned_debian_packages(built: dict[tuple[str, str], Path]) -> None:
    # every program's tree was unpacked by fetch_programs.py from the pinned .dsc (`built` fetched them)
    pinned = {pkg.name: pkg for pkg in fetch_programs.PACKAGES}
    for prog in P.TESTED:
        pkg = pinned[prog.package]
        assert pkg.srcdir == prog.srcdir
        assert fetch_programs.fetched(pkg), f"{prog.package} not fetched from {pkg.dsc}"


def test_automake_source_lists_are_read_at_build_time(tmp_path, monkeypatch):
    """A program's "mk:NAME" sources are read from its *_sources.mk when it is
    built, after the fetch (read at import, a fresh clone's opus had none and
    failed to link); a name the lists lack is a clear error."""
    monkeypatch.setattr(P, "DEBIAN", tmp_path)
    p = P.Program("demo", "demo", "demo-1", ("mk:LIB_SOURCES", "main.c"), None, {}, "a demo")
    with pytest.raises(RuntimeError, match="no LIB_SOURCES"):
        P._expand(p)
    (tmp_path / "demo-1").mkdir()
    (tmp_path / "demo-1" / "lib_sources.mk").write_text("LIB_SOURCES = \\\n\tsrc/a.c \\\n\tsrc/b.c\n\nOTHER = x.c\n")
    assert P._expand(p) == ["src/a.c", "src/b.c", "main.c"]
    # "am:FILE:NAME": a Makefile.am's (or Makefile.in's) list, its first files on the name's line
    # (Nettle's Makefile.in), the paths relative to FILE's directory (GLPK's src/Makefile.am)
    q = P.Program("demo", "demo", "demo-1", ("am:src/Makefile.am:libx_la_SOURCES",), None, {}, "a demo")
    with pytest.raises(FileNotFoundError):
        P._expand(q)
    (tmp_path / "demo-1" / "src").mkdir()
    am = tmp_path / "demo-1" / "src" / "Makefile.am"
    am.write_text("libx_la_CPPFLAGS = -I.\nlibx_la_SOURCES = api/a.c api/a.h \\\n\tbflib/b.c\n\nOTHER = x.c\n")
    assert P._expand(q) == ["src/api/a.c", "src/bflib/b.c"]
    am.write_text("libx_la_SOURCES_OLD = y.c\n")
    with pytest.raises(RuntimeError, match="no libx_la_SOURCES"):
        P._expand(q)


def test_sources_of_one_name_get_objects_of_their_own() -> None:
    """METIS's GKlib/util.c and libmetis/util.c (and graph.c): each its own object file, named
    after its directory where two names meet (one util.c.o for both left gk_log2 undefined)."""
    srcs = [Path("m/GKlib/util.c"), Path("m/GKlib/io.c"), Path("m/libmetis/util.c"), Path("drv/metis_bench.c")]
    assert P._object_names(srcs) == ["GKlib_util.c.o", "io.c.o", "libmetis_util.c.o", "metis_bench.c.o"]
    metis = [P._source(P.BY_NAME["metis"], s, None) for s in ("GKlib/util.c", "libmetis/util.c")]
    assert len(set(P._object_names(metis))) == 2


def test_programs_tested_by_name() -> None:
    """MPWASM_PROGRAMS: unset, the `make test` ones; "all", every one; a list, those alone (in
    PROGRAMS' order); an unknown name, the error that lists the known ones."""
    assert P._tested("") == tuple(p for p in P.PROGRAMS if p.ci)
    assert P._tested("all") == P.PROGRAMS
    assert [p.name for p in P._tested("lwip,metis")] == ["metis", "lwip"]
    with pytest.raises(SystemExit, match="no program nosuch"):
        P._tested("metis,nosuch")


def test_sqlite_keeps_its_database_in_a_file(tmp_path: Path) -> None:
    """bench/programs/sqlite_file.c: SQLite's unix VFS ("unix-none") with its
    database in a preopened directory: transactions, a third of the rows
    deleted, the journal cut at each commit (TRUNCATE mode: fd_filestat_set_size),
    VACUUM (the file shrinks), the database opened again and checked. Its stdout
    is the native build's, byte for byte, and wasmtime's; the database files
    are the same bytes. Until session 32 the first commit failed (ftruncate was
    ENOSYS: "disk I/O error")."""
    import wasmtime

    prog = P.SQLITE_FILE
    wasm, native = P.build(prog, "wasm"), P.build(prog, "native")
    n = prog.args["test"][0]
    dirs = {k: tmp_path / k for k in ("native", "ours", "wasmtime")}
    for d in dirs.values():
        d.mkdir()
    ref = subprocess.run([str(native), n, str(dirs["native"])], capture_output=True, timeout=60, check=True).stdout
    text = ref.decode()
    assert "integrity_check ok" in text and "journal 0 bytes (cut at commit)" in text, text
    pages = [int(w) for w in text.split("vacuum: ")[1].split(" pages")[0].split(" -> ")]
    assert pages[1] < pages[0], text  # VACUUM gave pages back: the file was cut
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(
            "import wasm\n"
            f"w = wasm.WASI(args=['sqlite_file', {n!r}, '/data'], preopens={{'/data': {str(dirs['ours'])!r}}})\n"
            f"w.start(wasm.Instance(wasm.Module(open({str(wasm)!r}, 'rb').read()), wasi=w))\n"
        )
    try:
        proc = subprocess.run([str(MICROPYTHON), f.name], capture_output=True, timeout=120, check=False)
    finally:
        Path(f.name).unlink()
    assert proc.stdout == ref, proc.stdout.decode(errors="replace")[-1500:] + proc.stderr.decode(errors="replace")
    engine = wasmtime.Engine()
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    cfg = wasmtime.WasiConfig()
    cfg.argv = ["sqlite_file", n, "/data"]
    cfg.preopen_dir(str(dirs["wasmtime"]), "/data")
    cfg.stdout_file = str(tmp_path / "wasmtime.out")
    store = wasmtime.Store(engine)
    store.set_wasi(cfg)
    linker.instantiate(store, wasmtime.Module.from_file(engine, str(wasm))).exports(store)["_start"](store)
    assert (tmp_path / "wasmtime.out").read_bytes() == ref
    db = {k: (d / "sqlite_file.db").read_bytes() for k, d in dirs.items()}
    assert db["ours"] == db["native"] == db["wasmtime"]
    assert len(db["ours"]) == pages[1] * 1024
