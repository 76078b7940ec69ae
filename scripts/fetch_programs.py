#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fetch the real programs' sources from Debian source packages into deps/debian/.

The programs of bench/programs/ (SQLite, zlib, bzip2, Lua, ...) are built from
Debian's own source packages, unchanged: `apt-get source NAME=VERSION`, which
downloads the .dsc, the upstream ("orig") tarball and Debian's changes, checks
them against the archive's signed index and unpacks them with dpkg-source (so
Debian's patches are applied, as in Debian's own build). Versions are pinned
below, and so are the sha256 of each .dsc and of each file it names: a
different file is refused. Nothing here is ever committed (deps/ is git-ignored).

`apt-get source` needs a `deb-src` entry. This script adds one for the same
archive the machine already installs from: every deb822 stanza in
/etc/apt/sources.list.d/*.sources, and every `deb` line of
/etc/apt/sources.list, that points at Debian's own archive (signed by
debian-archive-keyring) is copied with its URIs, suites, components and
keyring into /etc/apt/sources.list.d/mpwasm-deb-src.sources, followed by one
`apt-get update`. Root is needed for that (sudo is used when not root); a
machine that already has the entry is left alone. Running the script again is
a no-op once every package is unpacked. Two runs at once (two worktrees
sharing deps/, a make beside a test) take turns: a run holds a lock on
deps/debian/.fetch.lock while it fetches, and the second, once it has it,
fetches only what is still missing.

    python3 scripts/fetch_programs.py            # fetch what is missing (not the bench-only ones)
    python3 scripts/fetch_programs.py opus       # one package (bench/programs.py names what it builds)
    python3 scripts/fetch_programs.py --list     # the pinned packages
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned_sdist import sha256_of

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "deps" / "debian"
SOURCES_DIR = Path("/etc/apt/sources.list.d")
SOURCES_LIST = Path("/etc/apt/sources.list")
OUR_SOURCES = SOURCES_DIR / "mpwasm-deb-src.sources"
DEBIAN_KEYRING = "debian-archive-keyring"


@dataclass(frozen=True)
class Package:
    """One Debian source package, pinned: version, .dsc hash, and the files it names."""

    name: str
    version: str  # Debian version, epoch included
    dsc_sha256: str
    srcdir: str  # the directory dpkg-source unpacks into, under deps/debian/
    ci: bool = True  # fetched by default (make fetch); False: a bench-only program's, fetched when named

    @property
    def dsc(self) -> str:
        v = self.version.split(":", 1)[-1]  # file names carry no epoch
        return f"{self.name}_{v}.dsc"


# Debian 12 "bookworm" (main, bookworm-updates, bookworm-security). The hashes
# were taken from the first download, which apt had checked against the
# archive's signed index; the orig tarballs' hashes are in each .dsc and are
# checked from there (verify_dsc).
PACKAGES: tuple[Package, ...] = (
    Package(
        "sqlite3",
        "3.40.1-2+deb12u2",
        "ee3459ae9d00939741c7708fc1b8ce1bde12d8c3fb1dfa005bbbc8651d884e23",
        "sqlite3-3.40.1",
    ),
    Package(
        "zlib",
        "1:1.2.13.dfsg-1",
        "3fa1e6b2fc525062aa88207dda52fed8e045373c809d362fe8a2bfbf7cf515a8",
        "zlib-1.2.13.dfsg",
    ),
    Package("bzip2", "1.0.8-5", "ed9c40f4de3f9e064535e15eac1c61a0f606763db98f4579dbc04067b94a8944", "bzip2-1.0.8"),
    Package(
        "lua5.4", "5.4.4-3+deb12u1", "d47c50154294a68c8a209c5d61bc09e5b22891c01b7c47501ac3f9725eb4a813", "lua5.4-5.4.4"
    ),
    Package(
        "cjson", "1.7.15-1+deb12u4", "764c2de141d680f4fb4cada30c526dacaa30ead061b9b9c34f2b81e2df0f8439", "cjson-1.7.15"
    ),
    Package("pcre2", "10.42-1", "726dafe7a8d07332d4df61edf23f384ddb158b2b263846273d1103b6b9a7c176", "pcre2-10.42"),
    Package(
        "kissfft",
        "131.1.0-4.1~deb12u1",
        "f1127030755a796521f8f0977f448a5c450d00e743cf316333c3bc860e137eb2",
        "kissfft-131.1.0",
    ),
    Package("lz4", "1.9.4-1", "e16302bca544d08d106efc216541f4a0403c8f8a5fad5eaac7588223a55af263", "lz4-1.9.4"),
    Package("mujs", "1.3.2-1", "e335747ecefd516239414a3c80d82846234b10c9d48c5d8e3a4f1220eda9a6e0", "mujs-1.3.2"),
    Package(
        "libzstd",
        "1.5.4+dfsg2-5",
        "8f602f92b575aa8b5e979196fb6ee82d78f233521dc9636526d3ecba1f63c1b1",
        "libzstd-1.5.4+dfsg2",
    ),
    # bookworm-security's +deb12u2; the later +deb12u5 that the index also lists is not on the mirror
    Package(
        "expat", "2.5.0-1+deb12u2", "6fc87dbd01f49999ed368cfb37c08d35e41348dda2281d60642f3aa14cb77e32", "expat-2.5.0"
    ),
    Package(
        "libtomcrypt",
        "1.18.2-6",
        "2b8771d043da8926d5c67b88c86122c64e8dbb5871a737f616b5c89f0b6c9b1a",
        "libtomcrypt-1.18.2",
    ),
    Package(
        "tinyscheme",
        "1.42.svn.2020.06.04-2",
        "48bce1e129d3eeafdf2fa9638871af42624bd1c45823f89b7a97e00a2aad9504",
        "tinyscheme-1.42",
    ),
    Package(
        "xz-utils",
        "5.4.1-1+deb12u2",
        "bffc9917562b5787661379621bb1f7510bf7271b03d8ce4181cebc84b90d3c35",
        "xz-utils-5.4.1",
    ),
    Package(
        "libtommath",
        "1.2.0-6+deb12u1",
        "d2220e395dc98c08f1413e71a90cc7f40f3094d3a796c8f84477bb21dc7ee261",
        "libtommath-1.2.0",
    ),
    Package("libyaml", "0.2.5-1", "1edbf86e5cd76937ff62892ba6c2537456d645d834d4cd4a82430b8be7051bf4", "libyaml-0.2.5"),
    Package("tre", "0.8.0-7", "98b9497da2373e30110fde5ef4184c1ef6714291e3bdf8f4627d833630ba364f", "tre-0.8.0"),
    Package(
        "speexdsp", "1.2.1-1", "f3c258d56638cd30a7c1d158355df407a906f3069d70e10e9a6ad9b2c8806b06", "speexdsp-1.2.1"
    ),
    Package(
        "lzo2", "2.10-2", "65a35d9d2511a88f30d4b10313f807c184d1906062e2421833797dafc2682166", "lzo2-2.10", ci=False
    ),
    Package(
        "duktape",
        "2.7.0-2",
        "929e540895cf8711c922fccc9b2e6cb4c6cf07ccff7ceea1fdf673f82002f726",
        "duktape-2.7.0",
        ci=False,
    ),
    Package(
        "mbedtls",
        "2.28.3-1",
        "a8bf91b5ffb40654efb0ebe0c962ac1e87b8eed5e104880982eaa70dd4bb33e3",
        "mbedtls-2.28.3",
        ci=False,
    ),
    Package(
        "opus", "1.3.1-3", "c373ac82a1afb824819618c12e279ee47b6ac2fa18083b9ef2bb9e8e9e588419", "opus-1.3.1", ci=False
    ),
    Package(
        "giflib",
        "5.2.1-2.5+deb12u1",
        "5206a92fd4a057768f429033a3a80bc1e06453f6c60dfec243d8188fa6ade3f4",
        "giflib-5.2.1",
    ),
    Package("cmark", "0.30.2-6", "ba2b32318538b710166cfa2b256b0c8dc9eab6b2d68de3027cff53ce2639cb99", "cmark-0.30.2"),
    Package(
        "libonig",
        "6.9.8-1",
        "5f834eab1fb4cce8ba8869c64b52358615daa726235eb106e1cd0c4051fafe4c",
        "libonig-6.9.8",
        ci=False,
    ),
    Package(
        "libsodium",
        "1.0.18-1+deb12u1",
        "2c23c57b5a9385dab5a1916014c9b5f2cdd7dadeb8a35b28c1bfb603ce7095c4",
        "libsodium-1.0.18",
        ci=False,
    ),
    Package(
        "flac", "1.4.2+ds-2", "2f855e77c68e3e9818b47553bb4f33918fb558fe9cf58b30a089a99f811d3beb", "flac-1.4.2", ci=False
    ),
    # session 9's held-out four: a 64-bit hash, a second deflate, float resampling, a SAT solver
    Package("xxhash", "0.8.1-1", "4a961627c06efc8fa3bc4b06ee9dba6cfaf092f2550b88d63e9218a2728721b4", "xxhash-0.8.1"),
    Package(
        "libdeflate",
        "1.14-1",
        "1f82791c5ac5623ed110e09cc991471deebfe4c419414392d1242e122c6f4c19",
        "libdeflate-1.14",
        ci=False,
    ),
    Package(
        "libsamplerate",
        "0.2.2-3",
        "364aee9f8033c795cecbb3cbc1659f795487f535d3523bc4ec6f3790ba66c74f",
        "libsamplerate-0.2.2",
        ci=False,
    ),
    Package(
        "picosat", "965-2", "168fbe18ee5a122b24c46940e5582c12c28e3125e5e9c795b462495c34d6eafc", "picosat-965", ci=False
    ),
    # session 11's held-out four: a second JSON library, PNG (over zlib), JPEG (DCTs), an MP3 encoder (float)
    Package("jansson", "2.14-2", "6296ddd9c0a022bd1b70074aefb171cfcdf5694a04ffd32b35fd66097621af87", "jansson-2.14"),
    # bookworm-security's +deb12u5; the later +deb12u6 that the index also lists is not on the mirror
    Package(
        "libpng1.6",
        "1.6.39-2+deb12u5",
        "7b86211030a34deb6b0a2cd7e1d9db0fe92443fd30cab537fb89b1e7f7c9f188",
        "libpng1.6-1.6.39",
    ),
    Package(
        "libjpeg-turbo",
        "1:2.1.5-2",
        "d718ead0dfbcbc8523665c02a7f7152e31039ded641d022868722623bb3b486d",
        "libjpeg-turbo-2.1.5",
        ci=False,
    ),
    Package("libgsm", "1.0.22-1", "170d9b9a0d376d6957733b4845ad35d0e74e0be685dd313f0d2ebea4e3c38144", "libgsm-1.0.22"),
    Package(
        "lame", "3.100-6", "6a402771625fa80785a2b904697ba9c7e74a1ee4fa536354e9e88f08e2a4073b", "lame-3.100", ci=False
    ),
    # session 23's held-out one: an image codec (lossy VP8 with its DCT, lossless VP8L's hash chains)
    Package(
        "libwebp",
        "1.2.4-0.2+deb12u1",
        "d9ed0b59e2010f255c28d0869fd15b31f9b08aed757bfc91862d43aa9ec1aa99",
        "libwebp-1.2.4",
        ci=False,
    ),
    # session 25's held-out six: lzip's LZMA, secp256k1 (64-bit products of 32-bit limbs), Vorbis over Ogg
    # (float MDCT), an AWK interpreter (its own main, a big switch, strings and stdio), GMP's mini-gmp,
    # jq's backtracking bytecode interpreter
    Package("lzlib", "1.13-5", "83d9178ccdcb5f2bd876d2b5e2816c27dd69b9682d515af9e0a56575e9a0b00a", "lzlib-1.13"),
    Package(
        "libsecp256k1",
        "0.2.0-2",
        "55ed1f5eda774001ef2e1002e43492a7107754ba03a6f329b4b72daba60c89ce",
        "libsecp256k1-0.2.0",
    ),
    Package(
        "libogg",
        "1.3.5-3",
        "dd0bac7c6961f95290250f82940aba93582edc3924372afc8fd310af5db995a0",
        "libogg-1.3.5",
        ci=False,
    ),
    Package(
        "libvorbis",
        "1.3.7-1",
        "b25d27beb9162607c95cf58aa2b764d110bd1a1568d3926a96c523320b49171f",
        "libvorbis-1.3.7",
        ci=False,
    ),
    Package(
        "mawk",
        "1.3.4.20200120-3.1",
        "ed0543e3111f718e918a73033292fe2616760c8791c13efa0da3818ca835cdc1",
        "mawk-1.3.4.20200120",
        ci=False,
    ),
    Package(
        "gmp",
        "2:6.2.1+dfsg1-1.1",
        "2831ed4f83bc3304c2403474b335652ab2dc507cd517de44414d9142171748f0",
        "gmp-6.2.1+dfsg1",
        ci=False,
    ),
    # bookworm-security's +deb12u2; the later +deb12u3 that the index also lists is not on the mirror
    Package(
        "jq", "1.6-2.1+deb12u2", "ac53e4e0af865fd228e47c26a6d9a34da459fd4fbc2ab90815147dfeedf6ded0", "jq-1.6", ci=False
    ),
    # session 26's held-out six: hashes of 32-bit rotates over files (libmd), a stack-machine calculator over
    # bignums (dc, from bc's package), a table-driven HTTP state machine, JSON doubles printed and parsed
    # (json-c), convex hulls and Delaunay in f64 (qhull), Speex's float CELP codec (f32)
    Package("libmd", "1.0.4-2", "5e060cb277f31e67b91033e05ece00832ca8056decba873b1698a5680414a177", "libmd-1.0.4"),
    Package(
        "bc", "1.07.1-3", "92f057cf569b6a90f95f423b293e49dce8e7cf7e99764d4aef4dfe6aa2642e15", "bc-1.07.1", ci=False
    ),
    Package(
        "http-parser",
        "2.9.4-5",
        "3ef34ef3eb1889482a790b5f1db2ed1aa5736da3bd3a04954fe5dfce4c0035f8",
        "http-parser-2.9.4",
    ),
    Package("json-c", "0.16-2", "e91baf0603ed23df4c54030df4cd5e8371a7436006e2b85efab7ee4f1d9718c1", "json-c-0.16"),
    Package(
        "qhull",
        "2020.2-5",
        "6d15f831f18a8d17e6f2e213dbcda2faa345d0da3b0e945cfafd92904349f684",
        "qhull-2020.2",
        ci=False,
    ),
    Package(
        "speex", "1.2.1-2", "231bc001dc86752d83c515a133b34a5a2b97e0e92f175882e1961c7c62a18a68", "speex-1.2.1", ci=False
    ),
    # session 30's held-out six: an LP/MIP solver in doubles (GLPK), a Tcl interpreter (Jim), suffix
    # sorting (libdivsufsort), Nettle's ciphers and hashes, bitmap tracing to Bezier curves (potrace),
    # Unicode normalization and case folding (utf8proc)
    Package("glpk", "5.0-1", "78448d56d0c363787bc46e9334e9bb4b6010b1e26933605a33a8b36ee5590e68", "glpk-5.0", ci=False),
    Package(
        "jimtcl",
        "0.81+dfsg0-2",
        "36fbb05f392ea08cdf4566ff9956de324f248480b4b4d5125513b8f59c6d2973",
        "jimtcl-0.81+dfsg0",
        ci=False,
    ),
    Package(
        "libdivsufsort",
        "2.0.1-5",
        "09fa26d9134e4400b793564e917d0908c187c4c588449ad0080bc94d9b350ae2",
        "libdivsufsort-2.0.1",
        ci=False,
    ),
    Package(
        "nettle",
        "3.8.1-2",
        "a437e204da67612efb656cab354835f358b44c077c5c0a46d6e8c30b5c0bddff",
        "nettle-3.8.1",
        ci=False,
    ),
    Package(
        "potrace",
        "1.16-2",
        "fdd5d94996a22da81097c4852c895dd3aeddf8b40cca7268f60f19b987cd0b9f",
        "potrace-1.16",
        ci=False,
    ),
    Package(
        "utf8proc",
        "2.8.0-1",
        "6ce2b0ab12fe7d0c3fd0a40d4eb886ae82bf6ea356e4db1a0a9f76582947625c",
        "utf8proc-2.8.0",
        ci=False,
    ),
    # session 31's held-out programs
    Package(
        "zopfli",
        "1.0.3-1",
        "32e6e07bcfe8b769b055e25f9f136f3d676d20407e3f422221eaa3987cc696b3",
        "zopfli-1.0.3",
        ci=False,
    ),
    Package(
        "msgpack-c",
        "4.0.0-3",
        "235befbce21a7a2a4cb7ca5f4435abb7b210b051b1a80f429747ae478b7c0ca2",
        "msgpack-c-4.0.0",
        ci=False,
    ),
    Package(
        "libscrypt",
        "1.21-3",
        "9913aca433556b08340f3b14e5c1efe4a76ee830fa6b037a7ae13c058a9a1eac",
        "libscrypt-1.21",
        ci=False,
    ),
    Package(
        "tcc",
        "0.9.27+git20200814.62c30a4a-1",
        "3d211ea8e260e6b846c9a085ea43229c48b20871be7a7ad8f520b2d345587cfd",
        "tcc-0.9.27+git20200814.62c30a4a",
        ci=False,
    ),
    Package(
        "nauty",
        "2.8.6+ds-2",
        "360dd556a04635664940de1704e6ee0565391f7a5d702c44064111fe9fe4d31f",
        "nauty-2.8.6+ds",
        ci=False,
    ),
    Package(
        "libtasn1-6",
        "4.19.0-2+deb12u1",
        "54eabe8526f590a52771d99ce8c592d3edd549e98d84ea6649db473d528cc6ec",
        "libtasn1-6-4.19.0",
        ci=False,
    ),
    # session 34's held-out programs
    Package(
        "lcms2",
        "2.14-2+deb12u1",
        "8328883a2b25ac3017bdacd1b1b1b60a3ae1f1e68a7e92d94b03060274cd10c5",
        "lcms2-2.14",
        ci=False,
    ),
    Package(
        "wavpack",
        "5.6.0-1",
        "7e0f2c91bb387049955b2c428b1982396549f15b355666667ce1e2d46e857f5f",
        "wavpack-5.6.0",
        ci=False,
    ),
    Package(
        "cliquer",
        "1.21-3",
        "d2a96610e3064cc1a722bc1a45cec57df5f1788ab0acddd55f7047d4d2cc59d0",
        "cliquer-1.21",
        ci=False,
    ),
    Package(
        "edge-addition-planarity-suite",
        "3.0.2.0-2",
        "200b2fd070cfe43fad125fe09a4755e4c2fc141d0d9a5ec54c0e2d6adad82286",
        "edge-addition-planarity-suite-3.0.2.0",
        ci=False,
    ),
    # session 35's held-out programs: LZW over large hash tables (ncompress), derivative-free and gradient
    # optimizers in doubles (NLopt), a module player's mixer (libxmp), puzzle generators that search (Simon
    # Tatham's Sudoku), a second PNG codec over zlib (libspng)
    Package(
        "ncompress",
        "4.2.4.6-6",
        "71e173c191f39b0471dfd4b66e83a71ad903f21d736aa2f830482d6f47a75b73",
        "ncompress-4.2.4.6",
        ci=False,
    ),
    Package(
        "nlopt", "2.7.1-5", "797ef248277fb1ec71fed5f527e9052192867fca8b50c7089a12625a5ccf2038", "nlopt-2.7.1", ci=False
    ),
    Package(
        "libxmp",
        "4.5.0-2",
        "297c6501bb8352b95739d73c7ee053426cf30879a082689374bc2d929ed3a958",
        "libxmp-4.5.0",
        ci=False,
    ),
    Package(
        "sgt-puzzles",
        "20230122.806ae71-2",
        "e48b18b74a85d7e0a300ab61bbbd106697b8abb7f19c2de9f263142fe147d92c",
        "sgt-puzzles-20230122.806ae71",
        ci=False,
    ),
    Package(
        "libspng",
        "0.7.3-3",
        "05f324accbf40d02f4d284047b9fb792e03481ede86c1425af01e4656c475028",
        "libspng-0.7.3",
        ci=False,
    ),
    # session 36's held-out programs: adaptive cubature in doubles through integrand callbacks (cubature),
    # VCDIFF deltas over megabyte hash tables (xdelta3), Markdown (discount), a C preprocessor (mcpp),
    # linear and integer programming by simplex and branch and bound (lp_solve)
    Package(
        "cubature",
        "1.0.4+ds-1",
        "50355af84dccc3e4f3abfd4de1c2e75c232683d3d947e2063e84ca7d8cb31221",
        "cubature-1.0.4+ds",
        ci=False,
    ),
    Package(
        "xdelta3",
        "3.0.11-dfsg-1.2",
        "5aae397299ef57052c4b305c2123468b65fcf37837a3e543c0048bb3eb99ce8c",
        "xdelta3-3.0.11-dfsg",
        ci=False,
    ),
    Package(
        "discount",
        "2.2.7-2",
        "a812e12aceeb4b4aa76c1aaee8e9c2bb9c547b702bab814cd123fe7b6e3e365b",
        "discount-2.2.7",
        ci=False,
    ),
    Package(
        "mcpp", "2.7.2-5", "c42051493c6de76264d2f8414a1b2f690f19cfbc16de29bcaf2cbd37df1fd306", "mcpp-2.7.2", ci=False
    ),
    Package(
        "lp-solve",
        "5.5.2.5-2",
        "530ec3fd85695622b252433b96d309c20d6abf2d47926d633b19d56cb26d9613",
        "lp-solve-5.5.2.5",
        ci=False,
    ),
    # session 37's held-out programs: a chess engine's fixed-depth alpha-beta search over a megabyte
    # hash table (phalanx), an expression engine's parse, symbolic derivative and evaluation (libmatheval),
    # password hashes in 64-bit words over megabytes (libxcrypt: yescrypt, sha512crypt, GOST, bcrypt),
    # special functions and quadrature in doubles (GSL), and PCRE 8's recursive backtracking matcher (pcre3)
    Package(
        "phalanx", "25-1", "bfe4a335acd559f5ef705cf0b82672b3a9db6e387de213a828205371052469d6", "phalanx-25", ci=False
    ),
    Package(
        "libmatheval",
        "1.1.11+dfsg-5",
        "5c0835b9bf320f37f406c3ca330378ca0e0803fc7ded01cd1cadf1971ad5db20",
        "libmatheval-1.1.11+dfsg",
        ci=False,
    ),
    Package(
        "libxcrypt",
        "1:4.4.33-2",
        "910ae411c9462f07667e46540af3dbb30f46413ddd90f1f176781666042dbb38",
        "libxcrypt-4.4.33",
        ci=False,
    ),
    Package(
        "gsl",
        "2.7.1+dfsg-5+deb12u1",
        "77bf2b75142d2b19bd0b837dc7a42189704b9451e6f6c8ddeab3d1227a76ed0a",
        "gsl-2.7.1+dfsg",
        ci=False,
    ),
    Package(
        "pcre3", "2:8.39-15", "335f76ecf668b069c9f3a0eb7904df3a271686d769e3e16b5e4f6b52e4254b9d", "pcre3-8.39", ci=False
    ),
    # session 38's held-out programs: C++ built without exceptions (libc++ on wasm32): an XML DOM of
    # templates and virtual visitors (tinyxml2), shortest and fixed double<->text conversion by 64-bit
    # bignums (double-conversion), a rigid-body physics engine's float32 solver and virtual contacts
    # (box2d); FFTW's generated straight-line float64 codelets (fftw3); an assembler's big
    # instruction tables (nasm)
    Package(
        "tinyxml2",
        "9.0.0+dfsg-3.1",
        "1c60a1d1691419ea45de6a36abc96b6fe12cc519105c617a2a6d891e4455e6e3",
        "tinyxml2-9.0.0+dfsg",
        ci=False,
    ),
    Package(
        "double-conversion",
        "3.2.1-1",
        "b1f8bf054b5c99b57a6b5320d49ffdc749ecc3c61cbbc1efc8daa0341bb6a884",
        "double-conversion-3.2.1",
        ci=False,
    ),
    Package(
        "fftw3",
        "3.3.10-1",
        "5c6a64c8047e33f122fb1eebd4316178e3da86da16de70da0527906adcf22924",
        "fftw3-3.3.10",
        ci=False,
    ),
    Package(
        "nasm",
        "2.16.01-1",
        "99572a50bb99756ae6bdd19216403d095277550aedfa01fa7b4bb203d5beed15",
        "nasm-2.16.01",
        ci=False,
    ),
    Package(
        "box2d", "2.4.1-3", "d9937a4737cc75489094d5dece12f44de3f880191ab56381899a47a1de9fad6d", "box2d-2.4.1", ci=False
    ),
    # session 39's held-out programs: C++ expression templates over f64 matrices (eigen3); a 256-ary
    # digital tree of bit-packed nodes grown in small steps (judy); JPEG 2000's wavelets and MQ coder
    # (openjpeg2); JBIG's bi-level context-model arithmetic coder (jbigkit); GNU indent, a C
    # formatter's string handling
    Package(
        "eigen3",
        "3.4.0-4",
        "fc8497759df4b6d3803b90fb03853d69feee68a76c992355c187ca59ae60afe1",
        "eigen3-3.4.0",
        ci=False,
    ),
    Package(
        "judy", "1.0.5-5", "7783fcc3331a07f52b356af658c78186378f59401a5125943cb6c8d0ed98e039", "judy-1.0.5", ci=False
    ),
    Package(
        "openjpeg2",
        "2.5.0-2+deb12u3",
        "f570a7c10d36f2d5b2553941e7821ed88d1cf7a93f9c49e7f6099e53f4491f47",
        "openjpeg2-2.5.0",
        ci=False,
    ),
    Package(
        "jbigkit",
        "2.1-6.1",
        "8dea586c47cb4b2436f77fd33ef4a702b9da936d74de8332a72a8ddbe8124e09",
        "jbigkit-2.1",
        ci=False,
    ),
    Package(
        "indent",
        "2.2.12-4+deb12u3",
        "a6304e98704c9dd729162aad9b97f751d3174657cd5e52e24e34034c1877feb9",
        "indent-2.2.12",
        ci=False,
    ),
    # session 40's held-out (bench/programs.py)
    Package(
        "twolame",
        "0.4.0-2",
        "b5e662bbb076be28d1de5004ba6325b2df340eb7812d5071ba9d7f5d64faf7cc",
        "twolame-0.4.0",
        ci=False,
    ),
    Package(
        "cadical",
        "1.5.3-2",
        "ba60d0c076e5756eb033ed1d1efe69db828920824fd56ee5d3feb7c35147dea5",
        "cadical-1.5.3",
        ci=False,
    ),
    Package(
        "byacc",
        "1:2.0.20221106-1",
        "8b4b4cfb6838a508f9b0eb2746ef60b5e42080fcfcd20b43c84e675fe9bd9354",
        "byacc-2.0.20221106",
        ci=False,
    ),
    Package(
        "original-awk",
        "2022-09-12-1",
        "d20135000b8e7729cd54e2b39ebf63a127a2b28b9b02ba42a6f616d7b2029927",
        "original-awk-2022-09-12",
        ci=False,
    ),
    Package(
        "snowball",
        "2.2.0-2",
        "eb649a11e8d3a16d3e4ede21552b7ec59292e01db89ea84278457a701d9cca3d",
        "snowball-2.2.0",
        ci=False,
    ),
    # session 41's held-out
    Package(
        "bearssl",
        "0.6+dfsg.1-3",
        "9bd17e07fc9824b0223dcb4ba14adac17981a4d8f1d63b6655819fe8f2ed98d1",
        "bearssl-0.6+dfsg.1",
        ci=False,
    ),
    Package(
        "re2",
        "20220601+dfsg-1",
        "e0d2eab89a0312e9a0ba4e9a6fb18b081764d6776a28496d389aa3831d970940",
        "re2-20220601+dfsg",
        ci=False,
    ),
    Package(
        "zpaq",
        "7.15+repack-1",
        "f3e6725ffa5e855074c9fa99111453a5b983ca8a25922b656210cd40acecdb01",
        "zpaq-7.15+repack",
        ci=False,
    ),
    Package(
        "libtheora",
        "1.1.1+dfsg.1-16.1+deb12u1",
        "392b9f1671608285ee7c2f3a029d4a2f946bd8ffc2c36d416ba844a51377bc9f",
        "libtheora-1.1.1+dfsg.1",
        ci=False,
    ),
    Package(
        "fribidi",
        "1.0.8-2.1",
        "7efd56752103ca3ea6190bbc3ee49b613bc131cd7551fb64c6e9d233d4496553",
        "fribidi-1.0.8",
        ci=False,
    ),
    # session 42's held-out
    Package(
        "metis",
        "5.1.0.dfsg-7",
        "8e758699105ee47615b98553749c0f013e2d5703edaea8452cda58262a1ceae7",
        "metis-5.1.0.dfsg",
        ci=False,
    ),
    Package(
        "libimagequant",
        "2.17.0-1",
        "291adb19e38f80f1c7994977c24c9128d700a9be29970b29d6b250a63fe8607f",
        "libimagequant-2.17.0",
        ci=False,
    ),
    Package(
        "libvterm",
        "0.1.4-1",
        "0e25ac00619061611e3d019592eca5561de1dbe09165353868a419e6138fcc3e",
        "libvterm-0.1.4",
        ci=False,
    ),
    Package(
        "opencore-amr",
        "0.1.6-1",
        "d5b7f7b6c811edffc76ec6197502a07b0f3b318b5e0542cd84e89f9306d104cc",
        "opencore-amr-0.1.6",
        ci=False,
    ),
    Package(
        "lwip",
        "2.1.3+dfsg1-2",
        "8d8f944db8e6d542fc2d6f01559078fb1b5dda71651c67ee5fa3571ed1342c50",
        "lwip-2.1.3+dfsg1",
        ci=False,
    ),
    # session 43's held-out
    Package(
        "gperf",
        "3.1-1",
        "1fba8cd36ea5e041f8f7079336cfc6297bb7dae3d92d370ce43fbbb4d9ffa0e3",
        "gperf-3.1",
        ci=False,
    ),
    Package(
        "tidy-html5",
        "2:5.6.0-11",
        "b56330a3dc37aee5a828736718dc2f50a19d30283d6ce22d4d7dda8735037017",
        "tidy-html5-5.6.0",
        ci=False,
    ),
    Package(
        "libdmtx",
        "0.7.7-1",
        "10a5d57c6c546893ce9d99c15942ec994923291a280ed8a61ac3460ac7dcf2f0",
        "libdmtx-0.7.7",
        ci=False,
    ),
    Package(
        "fasttree",
        "2.1.11-2",
        "e12f3c44a01f2a4b0dab9d315300bf6b8d23425b6c10b4cd96c2a0ad9f5eb203",
        "fasttree-2.1.11",
        ci=False,
    ),
    Package(
        "libfann",
        "2.2.0+ds-8",
        "c403839f56c94e8fc5765b22c6b91334bcf57436b4bd97353537278af68970df",
        "libfann-2.2.0+ds",
        ci=False,
    ),
)


def log(msg: str) -> None:
    print(f"fetch_programs: {msg}", file=sys.stderr, flush=True)


def as_root(cmd: list[str]) -> list[str]:
    return cmd if os.geteuid() == 0 else ["sudo", *cmd]


# ---- the deb-src entry -------------------------------------------------------


def debian_stanzas() -> list[dict[str, str]]:
    """The machine's `deb` sources for Debian's own archive, as deb822 fields."""
    out: list[dict[str, str]] = []
    for f in sorted(SOURCES_DIR.glob("*.sources")):
        if f == OUR_SOURCES:
            continue
        for block in re.split(r"\n\s*\n", f.read_text()):
            fields: dict[str, str] = {}
            for line in block.splitlines():
                if line.startswith("#") or ":" not in line or line[0].isspace():
                    continue
                k, v = line.split(":", 1)
                fields[k.strip()] = v.strip()
            if "deb" in fields.get("Types", "").split() and DEBIAN_KEYRING in fields.get("Signed-By", ""):
                if fields.get("Enabled", "yes").lower() != "no":
                    out.append(fields)
    if SOURCES_LIST.exists():
        for line in SOURCES_LIST.read_text().splitlines():
            m = re.match(r"\s*deb\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.+)$", line)
            if m and ("debian.org" in m.group(2) or DEBIAN_KEYRING in (m.group(1) or "")):
                opts = m.group(1) or ""
                key = re.search(r"signed-by=(\S+?)[\s\]]", opts)
                fields = {"URIs": m.group(2), "Suites": m.group(3), "Components": m.group(4).strip()}
                if key:
                    fields["Signed-By"] = key.group(1)
                out.append(fields)
    return out


def has_deb_src() -> bool:
    p = subprocess.run(
        ["apt-cache", "showsrc", "--only-source", PACKAGES[0].name], capture_output=True, text=True, check=False
    )
    return p.returncode == 0 and "Version:" in p.stdout


def ensure_deb_src() -> None:
    if OUR_SOURCES.exists() and has_deb_src():
        return
    stanzas = debian_stanzas()
    if not stanzas:
        sys.exit("fetch_programs: no Debian `deb` source found in /etc/apt/sources.list(.d) to add a deb-src entry for")
    text = "# Written by mpwasm's scripts/fetch_programs.py: deb-src for the same archive as the deb entries.\n"
    for s in stanzas:
        text += "\nTypes: deb-src\n"
        for k in ("URIs", "Suites", "Components", "Signed-By"):
            if k in s:
                text += f"{k}: {s[k]}\n"
    log(f"adding {OUR_SOURCES} and running apt-get update")
    subprocess.run(as_root(["tee", str(OUR_SOURCES)]), input=text, text=True, stdout=subprocess.DEVNULL, check=True)
    subprocess.run(as_root(["apt-get", "update", "-qq"]), check=True)


# ---- fetching ----------------------------------------------------------------


def dsc_files(dsc: Path) -> dict[str, str]:
    """File name -> sha256 from a .dsc's Checksums-Sha256 field."""
    files: dict[str, str] = {}
    in_field = False
    for line in dsc.read_text(errors="replace").splitlines():
        if line.startswith("Checksums-Sha256:"):
            in_field = True
            continue
        if in_field:
            if not line.startswith(" "):
                break
            digest, _size, name = line.split()
            files[name] = digest
    return files


def verify(pkg: Package, where: Path) -> None:
    dsc = where / pkg.dsc
    got = sha256_of(dsc)
    if got != pkg.dsc_sha256:
        sys.exit(f"fetch_programs: {dsc}: sha256 {got}, pinned {pkg.dsc_sha256}")
    for name, digest in dsc_files(dsc).items():
        got = sha256_of(where / name)
        if got != digest:
            sys.exit(f"fetch_programs: {where / name}: sha256 {got}, the .dsc says {digest}")


def stamp(pkg: Package) -> Path:
    return DEST / f".{pkg.name}.fetched"


def fetched(pkg: Package) -> bool:
    s = stamp(pkg)
    return s.exists() and s.read_text().strip() == pkg.dsc_sha256 and (DEST / pkg.srcdir).is_dir()


FETCH_JOBS = 4
_update_lock = threading.Lock()


def fetch(pkg: Package) -> None:
    work = DEST / "_download" / pkg.name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log(f"apt-get source {pkg.name}={pkg.version}")
    cmd = ["apt-get", "source", "--download-only", "-qq", f"{pkg.name}={pkg.version}"]
    p = subprocess.run(cmd, cwd=work, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        # an index older than the pinned version: update once and try again
        with _update_lock:  # packages are fetched FETCH_JOBS at a time; apt-get update locks its lists
            subprocess.run(as_root(["apt-get", "update", "-qq"]), check=True)
        p = subprocess.run(cmd, cwd=work, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        sys.exit(f"fetch_programs: apt-get source {pkg.name}={pkg.version} failed:\n{p.stderr}")
    verify(pkg, work)
    shutil.rmtree(DEST / pkg.srcdir, ignore_errors=True)
    # dpkg-source applies Debian's patches: the sources as Debian builds them
    p = subprocess.run(
        ["dpkg-source", "--no-check", "-x", str(work / pkg.dsc), str(DEST / pkg.srcdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    if p.returncode != 0:  # its warnings (e.g. a patch touching a file twice) are Debian's business
        sys.exit(f"fetch_programs: dpkg-source -x {pkg.dsc} failed:\n{p.stderr}")
    # dpkg-source leaves copies of the upstream tarballs beside the tree
    for name in dsc_files(work / pkg.dsc):
        (DEST / name).unlink(missing_ok=True)
    shutil.rmtree(work)
    stamp(pkg).write_text(pkg.dsc_sha256 + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="print the pinned packages and exit")
    ap.add_argument("packages", nargs="*", help="only these (default: all)")
    args = ap.parse_args()
    if args.list:
        for p in PACKAGES:
            print(f"{p.name}={p.version}  {p.dsc}  sha256 {p.dsc_sha256}")
        return
    every = os.environ.get("MPWASM_PROGRAMS") == "all"  # as bench/programs.py's TESTED
    fetch_missing([p for p in PACKAGES if p.name in args.packages or (not args.packages and (p.ci or every))])


def fetch_missing(wanted: list[Package]) -> None:
    """Fetch those of `wanted` not yet unpacked, one run at a time: each
    fetch empties deps/debian/_download/NAME first and the run removes
    _download at its end, which pulled a second run's files from under it
    (two helpers' worktrees share deps/); so the lock, and the list made
    again once it is held (the other run may have fetched them)."""
    if all(fetched(p) for p in wanted):
        return  # (no lock taken: a no-op stays one)
    DEST.mkdir(parents=True, exist_ok=True)
    with open(DEST / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process ends
        todo = [p for p in wanted if not fetched(p)]
        if not todo:
            return
        ensure_deb_src()
        # each package is ~3-6 s, mostly waiting on the archive: several at once
        with ThreadPoolExecutor(FETCH_JOBS) as pool:
            list(pool.map(fetch, todo))  # the first failure's SystemExit, here
        shutil.rmtree(DEST / "_download", ignore_errors=True)


if __name__ == "__main__":
    main()
