# SPDX-License-Identifier: MIT
"""Real programs from Debian source packages, built for wasm32-wasi and natively.

Each program is an unchanged library (or interpreter) from a Debian source
package fetched by scripts/fetch_programs.py into deps/debian/, plus, for the
libraries, a small driver of ours in bench/programs/NAME_bench.c (a `main` that
generates its input, runs a workload of size N and prints a checksum). The same
sources are built twice:

    build/programs/NAME.wasm         clang --target=wasm32-wasi (Debian clang + wasi-libc), -O2, stripped
    build/programs/modern/NAME.wasm  the same with a current toolchain's WebAssembly features (FEATURE_SETS)
    build/programs/NAME.native       gcc -O2, the same defines

Both print the same bytes: tests/host/test_real_programs.py runs the .wasm on the
host port (wasm.WASI) and compares its stdout byte for byte with the native
program's, and bench/run.py runs them on our engine, on wasm3 and natively.
Objects are cached under build/programs/ (rebuilt when a source, a driver or
a flag changes), so only the first build is slow.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench_common import file_sha256, log

ROOT = Path(__file__).resolve().parents[1]
DRIVERS = ROOT / "bench" / "programs"
DEBIAN = ROOT / "deps" / "debian"
OUT = ROOT / "build" / "programs"
JOBS = 2  # the machine's 2 cores are shared

WASM_CC = [
    "clang",
    "--target=wasm32-wasi",
    "-O2",
    "-w",  # their warnings are not ours to fix
    "-D_WASI_EMULATED_SIGNAL",
    "-D_WASI_EMULATED_PROCESS_CLOCKS",
    f"-I{DRIVERS / 'wasi_compat'}",
]
WASM_LINK = [
    "clang",
    "--target=wasm32-wasi",
    "-O2",
    "-s",  # no name section: the size a board has to carry
    "-Wl,-z,stack-size={stack}",  # Program.stack
    "-Wl,--stack-first",  # a stack overflow traps instead of overwriting data
    "-lwasi-emulated-signal",
    "-lwasi-emulated-process-clocks",
    "-lwasi-emulated-getpid",  # Expat's entropy fallback names getpid (expat_bench.c never reaches it)
]
NATIVE_CC = ["gcc", "-O2", "-w"]
NATIVE_LINK = ["gcc", "-O2", "-static"]  # static: process start-up stays small in runner_native_prog.c

# The WebAssembly features a wasm build may use beyond the MVP, each as (clang's flags, wasm-opt's
# flag). Debian's clang 14 enables none by default; LLVM 16 enabled sign-ext and mutable-globals
# for wasm32 (its "generic" CPU), LLVM 20 bulk-memory and nontrapping-fptoint (docs/programs.md).
# clang 14 keeps thread-locals (wasi-libc's errno) as TLS under -mbulk-memory, and only compiles
# them local-exec: with no shared memory the link sets __tls_base to 0, so errno is read at its
# own address (one global.get and add more than an LLVM 20 build, which strips TLS without atomics).
FEATURES = {
    "bulk-memory": (("-mbulk-memory", "-ftls-model=local-exec"), "--enable-bulk-memory"),
    "sign-ext": (("-msign-ext",), "--enable-sign-ext"),
    "nontrapping-fptoint": (("-mnontrapping-fptoint",), "--enable-nontrapping-float-to-int"),
    "mutable-globals": (("-mmutable-globals",), "--enable-mutable-globals"),
}
# The sets a build can be made with (bench scripts' --features): "stock" is what clang 14 emits
# by default (build/programs/, the tests' build), "modern" a current toolchain's default (the bench's).
FEATURE_SETS = {
    "stock": (),
    "modern": ("bulk-memory", "sign-ext", "nontrapping-fptoint", "mutable-globals"),
}
# With bulk-memory the wasm build also links bench/programs/wasi_compat/bulk_memory.c: memcpy,
# memmove and memset as memory.copy and memory.fill, over wasi-libc's (Debian's is built without
# the feature, so its copies are musl's loops; a current wasi-libc's take memory.copy above 32 bytes).
BULK_MEMORY_C = DRIVERS / "wasi_compat" / "bulk_memory.c"
features = "stock"  # the set build() uses: use_features()


def use_features(name: str) -> None:
    """Build and run the wasm programs with a set of FEATURE_SETS, or a comma-separated list of
    FEATURES (e.g. "bulk-memory" alone, to split what each buys)."""
    global features
    want = FEATURE_SETS.get(name, tuple(f for f in name.split(",") if f))
    unknown = [f for f in want if f not in FEATURES]
    if unknown or (name not in FEATURE_SETS and not want):
        raise SystemExit(
            f"unknown features {name!r}: a set ({', '.join(FEATURE_SETS)}) or a list of {', '.join(FEATURES)}"
        )
    features = name


def feature_list(name: str | None = None) -> tuple[str, ...]:
    name = features if name is None else name
    return FEATURE_SETS.get(name, tuple(name.split(",")))


def wasm_dir(name: str | None = None) -> Path:
    """Where a feature set's .wasm files go: build/programs/ for stock (its cache as before),
    build/programs/<set>/ for another (a list: its features joined by "+")."""
    fs = feature_list(name)
    if not fs:
        return OUT
    name = features if name is None else name
    return OUT / (name if name in FEATURE_SETS else "+".join(fs))


def add_features_arg(ap: object, default: str = "modern") -> None:
    """The bench scripts' --features option (argparse); use_features(args.features) applies it."""
    ap.add_argument(  # type: ignore[attr-defined]
        "--features",
        default=default,
        help=f"the wasm programs' WebAssembly features: {' or '.join(FEATURE_SETS)} (default {default}; "
        "bench/programs.py FEATURE_SETS), or a comma-separated list of " + ", ".join(FEATURES),
    )


@dataclass(frozen=True)
class Program:
    """One program: which Debian sources, how to build them, how to run it."""

    name: str
    package: str  # Debian source package (scripts/fetch_programs.py)
    srcdir: str  # under deps/debian/
    # C files under srcdir (or under the generated dir, see gen); may be globs, or
    # "mk:NAME" for the files the project's *_sources.mk lists under NAME, or
    # "am:DIR/Makefile.am:NAME" for those a Makefile.am lists (read at build time:
    # the package is fetched then, not when this module is imported)
    srcs: tuple[str, ...]
    driver: str | None  # bench/programs/<driver>, our main(); None: the program's own main
    args: dict[str, tuple[str, ...]]  # size -> argv[1:]: "n" bench, "quick", "test"
    what: str
    defines: tuple[str, ...] = ()
    includes: tuple[str, ...] = (".",)  # under srcdir
    gen: str = ""  # a generation step (GENERATORS) whose output dir is searched first
    libs: tuple[str, ...] = ()  # native link libraries (-lm ...)
    stack: int = 65536  # the wasm program's stack (linear memory below its data, --stack-first)
    wasm_defines: tuple[str, ...] = ()  # for the wasm32-wasi build only (what WASI lacks)
    wasm_libs: tuple[str, ...] = ()  # wasm32-wasi link libraries (wasi-libc's emulations: -lwasi-emulated-mman)
    wasm_cflags: tuple[str, ...] = ()  # for the wasm32-wasi build only (an -include of wasi_compat/)
    native_flags: tuple[str, ...] = ()  # for the native build only (to compute as wasm32 does)
    cflags: tuple[str, ...] = ()  # for both builds, after the defines (e.g. a header every file needs)
    uses: tuple[str, ...] = ()  # other Debian source packages whose files srcs names (as ../srcdir/...)
    ci: bool = True  # in `make test` (tests/host/test_real_programs.py); False: bench and MPWASM_PROGRAMS=all only
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def src_root(self) -> Path:
        return DEBIAN / self.srcdir

    def argv(self, size: str) -> list[str]:
        return [self.name, *self.args[size]]


# C++ programs: compiled as Debian's C++ but without exceptions or RTTI (what an embedded C++ build
# does; wasm32 has no exceptions in clang 14 either), and linked with the C++ runtime of each target:
# libc++/libc++abi for wasm32 (Debian's libc++-14-dev-wasm32), libstdc++ natively
CXX_NO_EXCEPTIONS = ("-fno-exceptions", "-fno-rtti")
WASM_CXX_LIBS = ("-lc++", "-lc++abi")
NATIVE_CXX_LIBS = ("-lstdc++", "-lm")


def _lua_args(n: int) -> tuple[str, ...]:
    script = (DRIVERS / "lua_bench.lua").read_text()
    return ("-e", f"N = {n}\n{script}")


def _mawk_args(n: int) -> tuple[str, ...]:
    return ("-v", f"N={n}", (DRIVERS / "mawk_bench.awk").read_text())


def _dc_args(n: int) -> tuple[str, ...]:
    return ("-e", f"{n} sn", "-e", (DRIVERS / "dc_bench.dc").read_text())


def _bc_args(n: int) -> tuple[str, ...]:
    return (str(n), (DRIVERS / "bc_bench.bc").read_text())


def _awk_args(n: int) -> tuple[str, ...]:
    return ("-v", f"N={n}", (DRIVERS / "awk_bench.awk").read_text())


def _jq_args(n: int) -> tuple[str, ...]:
    return ("-n", "-r", "--argjson", "N", str(n), (DRIVERS / "jq_bench.jq").read_text())


ZLIB_SRCS = ("adler32.c", "compress.c", "crc32.c", "deflate.c", "inffast.c", "inflate.c", "inftrees.c")
ZLIB_SRCS += ("trees.c", "uncompr.c", "zutil.c")
BZIP2_SRCS = ("blocksort.c", "huffman.c", "crctable.c", "randtable.c", "compress.c", "decompress.c", "bzlib.c")
LUA_CORE = "lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate lstring"
LUA_CORE += " ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib loslib"
LUA_CORE += " lstrlib ltablib lutf8lib linit lua"
# libpng: the library's files (Makefile.am's libpng16_la_SOURCES, without the arm/intel/mips/powerpc ones)
LIBPNG_SRCS = tuple(
    f"png{s}.c" for s in ("", *"error get mem pread read rio rtran rutil set trans wio write wtran wutil".split())
)
# libjpeg-turbo: CMakeLists.txt's JPEG_SOURCES, the arithmetic coder (WITH_ARITH_ENC/DEC, on by
# default and in Debian) and the no-SIMD stubs (WITH_SIMD off: the same C on x86-64 as on wasm32)
LIBJPEG_SRCS = tuple(
    f"{s}.c"
    for s in (
        "jcapimin jcapistd jccoefct jccolor jcdctmgr jchuff jcicc jcinit jcmainct jcmarker jcmaster jcomapi "
        "jcparam jcphuff jcprepct jcsample jctrans jdapimin jdapistd jdatadst jdatasrc jdcoefct jdcolor jddctmgr "
        "jdhuff jdicc jdinput jdmainct jdmarker jdmaster jdmerge jdphuff jdpostct jdsample jdtrans jerror jfdctflt "
        "jfdctfst jfdctint jidctflt jidctfst jidctint jidctred jquant1 jquant2 jutils jmemmgr jmemnobs "
        "jaricom jcarith jdarith jsimd_none"
    ).split()
)
# LAME: libmp3lame/Makefile.am's libmp3lame_la_SOURCES (no vector/: the SSE quantizer) and mpglib's
LAME_SRCS = "VbrTag bitstream encoder fft gain_analysis id3tag lame newmdct presets psymodel quantize quantize_pvt "
LAME_SRCS += "reservoir set_get tables takehiro util vbrquantize version mpglib_interface"
MPGLIB_SRCS = "common dct64_i386 decode_i386 interface layer1 layer2 layer3 tabinit"
PCRE2_SRCS = tuple(
    f"src/pcre2_{s}.c"
    for s in (
        "auto_possess chartables compile config context convert dfa_match error extuni find_bracket "
        "jit_compile maketables match match_data newline ord2utf pattern_info script_run serialize "
        "string_utils study substitute substring tables ucd valid_utf xclass"
    ).split()
)
ZSTD_SRCS = tuple(
    f"lib/common/{s}.c"
    for s in "debug entropy_common error_private fse_decompress pool threading xxhash zstd_common".split()
)
ZSTD_SRCS += tuple(
    f"lib/compress/{s}.c"
    for s in (
        "fse_compress hist huf_compress zstd_compress zstd_compress_literals zstd_compress_sequences "
        "zstd_compress_superblock zstd_double_fast zstd_fast zstd_lazy zstd_ldm zstd_opt zstdmt_compress"
    ).split()
)
ZSTD_SRCS += tuple(
    f"lib/decompress/{s}.c" for s in "huf_decompress zstd_ddict zstd_decompress zstd_decompress_block".split()
)
# LibTomCrypt: the files the driver's algorithms need (hashes, AES, CTR, GCM,
# ChaCha20-Poly1305, HMAC, PBKDF2) and the descriptor registry they look up
TOMCRYPT_SRCS = tuple(
    f"src/{s}.c"
    for s in (
        "hashes/sha2/sha256 hashes/sha2/sha512 hashes/sha3 hashes/sha3_test hashes/blake2b hashes/helper/hash_memory "
        "ciphers/aes/aes "
        "modes/ctr/ctr_decrypt modes/ctr/ctr_done modes/ctr/ctr_encrypt modes/ctr/ctr_getiv modes/ctr/ctr_setiv "
        "modes/ctr/ctr_start modes/ctr/ctr_test "
        "encauth/gcm/gcm_add_aad encauth/gcm/gcm_add_iv encauth/gcm/gcm_done encauth/gcm/gcm_gf_mult "
        "encauth/gcm/gcm_init encauth/gcm/gcm_memory encauth/gcm/gcm_mult_h encauth/gcm/gcm_process "
        "encauth/gcm/gcm_reset encauth/gcm/gcm_test "
        "encauth/chachapoly/chacha20poly1305_add_aad encauth/chachapoly/chacha20poly1305_decrypt "
        "encauth/chachapoly/chacha20poly1305_done encauth/chachapoly/chacha20poly1305_encrypt "
        "encauth/chachapoly/chacha20poly1305_init encauth/chachapoly/chacha20poly1305_memory "
        "encauth/chachapoly/chacha20poly1305_setiv encauth/chachapoly/chacha20poly1305_setiv_rfc7905 "
        "encauth/chachapoly/chacha20poly1305_test "
        "stream/chacha/chacha_crypt stream/chacha/chacha_done stream/chacha/chacha_ivctr32 "
        "stream/chacha/chacha_ivctr64 stream/chacha/chacha_keystream stream/chacha/chacha_setup "
        "stream/chacha/chacha_test "
        "mac/poly1305/poly1305 mac/poly1305/poly1305_test mac/hmac/hmac_done mac/hmac/hmac_init "
        "mac/hmac/hmac_memory mac/hmac/hmac_process mac/hmac/hmac_test misc/pkcs5/pkcs_5_2 "
        "misc/zeromem misc/burn_stack misc/mem_neq misc/compare_testvector misc/error_to_string "
        "misc/crypt/crypt_argchk misc/crypt/crypt_cipher_descriptor misc/crypt/crypt_cipher_is_valid "
        "misc/crypt/crypt_find_cipher misc/crypt/crypt_find_hash misc/crypt/crypt_hash_descriptor "
        "misc/crypt/crypt_hash_is_valid misc/crypt/crypt_register_cipher misc/crypt/crypt_register_hash"
    ).split()
)

# liblzma, single-threaded (no *_mt.c, outqueue, hardware_*) and without the
# formats and helpers the driver does not use (lzip, microlzma, file_info,
# string_conversion); the C CRCs, not crc*_x86.S
XZ_SRCS = tuple(
    f"src/liblzma/{s}.c"
    for s in (
        "common/alone_decoder common/alone_encoder common/auto_decoder common/block_buffer_decoder "
        "common/block_buffer_encoder common/block_decoder common/block_encoder common/block_header_decoder "
        "common/block_header_encoder common/block_util common/common common/easy_buffer_encoder "
        "common/easy_decoder_memusage common/easy_encoder common/easy_encoder_memusage common/easy_preset "
        "common/filter_buffer_decoder common/filter_buffer_encoder common/filter_common common/filter_decoder "
        "common/filter_encoder common/filter_flags_decoder common/filter_flags_encoder common/index "
        "common/index_decoder common/index_encoder common/index_hash common/stream_buffer_decoder "
        "common/stream_buffer_encoder common/stream_decoder common/stream_encoder common/stream_flags_common "
        "common/stream_flags_decoder common/stream_flags_encoder common/vli_decoder common/vli_encoder "
        "common/vli_size check/check check/crc32_fast check/crc32_table check/crc64_fast check/crc64_table "
        "check/sha256 lz/lz_decoder lz/lz_encoder lz/lz_encoder_mf lzma/fastpos_table lzma/lzma2_decoder "
        "lzma/lzma2_encoder lzma/lzma_decoder lzma/lzma_encoder lzma/lzma_encoder_optimum_fast "
        "lzma/lzma_encoder_optimum_normal lzma/lzma_encoder_presets rangecoder/price_table simple/simple_coder "
        "simple/simple_decoder simple/simple_encoder simple/x86 delta/delta_common delta/delta_decoder "
        "delta/delta_encoder"
    ).split()
)

# cmark: the library's files (src/CMakeLists.txt's LIBRARY_SOURCES), not main.c
CMARK_SRCS = tuple(
    f"src/{s}.c"
    for s in (
        "blocks buffer cmark cmark_ctype commonmark houdini_href_e houdini_html_e houdini_html_u html inlines "
        "iterator latex man node references render scanners utf8 xml"
    ).split()
)
# Oniguruma: src/Makefile.am's libonig_la_SOURCES without the POSIX API
ONIG_SRCS = tuple(
    f"src/{s}.c"
    for s in (
        "regparse regcomp regexec regenc regerror regext regsyntax regtrav regversion st reggnu unicode "
        "unicode_unfold_key unicode_fold1_key unicode_fold2_key unicode_fold3_key ascii utf8 utf16_be utf16_le "
        "utf32_be utf32_le euc_jp euc_jp_prop sjis sjis_prop iso8859_1 iso8859_2 iso8859_3 iso8859_4 iso8859_5 "
        "iso8859_6 iso8859_7 iso8859_8 iso8859_9 iso8859_10 iso8859_11 iso8859_13 iso8859_14 iso8859_15 "
        "iso8859_16 euc_tw euc_kr big5 gb18030 koi8_r cp1251 onig_init"
    ).split()
)

# libvorbis: lib/Makefile.am's libvorbis_la_SOURCES and libvorbisenc's
VORBIS_SRCS = "mdct smallft block envelope window lsp lpc analysis synthesis psy info floor1 floor0 res0 mapping0 "
VORBIS_SRCS += "registry codebook sharedbook lookup bitrate vorbisenc"

# mawk: Makefile.in's OBJS (scancode.c is made by its makescan, see _gen_mawk)
MAWK_SRCS = "parse scan memory main hash execute code da error init bi_vars cast print bi_funct kw jmp array field "
MAWK_SRCS += "split re_cmpl regexp zmalloc fin files scancode matherr fcall version"

# Zopfli: the library's files (its Makefile's ZOPFLILIB_SRC), not zopfli_bin.c
ZOPFLI_SRCS = "blocksplitter cache deflate gzip_container hash katajainen lz77 squeeze tree util zlib_container"
ZOPFLI_SRCS += " zopfli_lib"
# libmd: src/Makefile.am's helpers, made from helper.c (_gen_libmd); md2 is not built (no driver use)
LIBMD_HELPERS = ("md4", "md5", "rmd160", "sha1", "sha256", "sha384", "sha512")
# json-c: CMakeLists.txt's JSON_C_SOURCES (with json_pointer.c, on by default)
JSONC_SRCS = "arraylist debug json_c_version json_object json_object_iterator json_tokener json_util json_visit "
JSONC_SRCS += "linkhash printbuf random_seed strerror_override json_pointer"
# Qhull: src/libqhull_r/Makefile's LIBQHULLS_OBJS_2 (the library without rbox)
QHULL_SRCS = "global stat geom2 poly2 merge libqhull geom poly qset mem random usermem userprintf io user"
# libxmp: the objects its Makefiles list: SRC_OBJS in src/, LOADERS_OBJS with LOADERS in the
# loaders, PROWIZ_OBJS in ProWizard's and DEPACKERS_OBJS in the depackers' directory
LIBXMP_SRCS = tuple(
    f"src/{d}{s}.c"
    for d, names in (
        (
            "",
            "virtual format period player read_event dataio misc mkstemp md5 lfo scan control med_extras filter "
            "effects mixer mix_all load_helpers load hio hmn_extras extras smix memio tempfile mix_paula win32",
        ),
        (
            "loaders/",
            "common iff itsex asif voltable sample xm_load mod_load s3m_load stm_load 669_load far_load mtm_load "
            "ptm_load okt_load ult_load mdl_load it_load stx_load pt3_load sfx_load flt_load st_load emod_load "
            "imf_load digi_load fnk_load ice_load liq_load ims_load masi_load amf_load psm_load stim_load mmd_common "
            "mmd1_load mmd3_load rtm_load dt_load no_load arch_load sym_load med2_load med3_load med4_load dbm_load "
            "umx_load gdm_load pw_load gal5_load gal4_load mfp_load asylum_load hmn_load mgt_load chip_load "
            "abk_load coco_load",
        ),
        (
            "loaders/prowizard/",
            "prowiz ptktable tuning ac1d di eureka fc-m fuchs fuzzac gmc heatseek ksm mp np1 np2 np3 p61a pm10c "
            "pm18a pha prun1 prun2 tdd unic unic2 wn zen tp1 tp3 p40 xann theplayer pp10 pp21 starpack titanics "
            "skyt novotrade hrt noiserun",
        ),
        (
            "depackers/",
            "depacker ppdepack unsqsh mmcmp readrle readlzw unarc arcfs xfd inflate muse unlzx s404_dec unzip "
            "gunzip uncompress unxz bunzip2 unlha xz_dec_lzma2 xz_dec_stream oxm vorbis crc32 xfd_link xfnmatch",
        ),
    )
    for s in names.split()
)
# Speex: libspeex/Makefile.am's libspeex_la_SOURCES without the Vorbis psychoacoustics (off by default)
SPEEX_SRCS = "cb_search exc_10_32_table exc_8_128_table filters gain_table hexc_table high_lsp_tables lsp ltp speex "
SPEEX_SRCS += "stereo vbr vq bits exc_10_16_table exc_20_32_table exc_5_256_table exc_5_64_table gain_table_lbr "
SPEEX_SRCS += (
    "hexc_10_32_table lpc lsp_tables_nb modes modes_wb nb_celp quant_lsp sb_celp speex_callbacks speex_header window"
)
# jq: Makefile.am's LIBJQ_SRC, main.c, and the lexer and parser as the package ships them generated
JQ_SRCS = "builtin bytecode compile execute jq_test jv jv_alloc jv_aux jv_dtoa jv_file jv_parse jv_print "
JQ_SRCS += "jv_unicode linker locfile util main lexer parser"
JQ_HAVE = "MEMMEM MODF FREXP STRFTIME GMTIME_R TIMEGM MKTIME SQRT FLOOR CEIL FABS ROUND TRUNC FMIN FMAX LDEXP RINT "
JQ_HAVE += "NEARBYINT LOGB"


# opencore-amr's AMR-NB (amrnb/Makefile.am): the files each of its three lists names
AMRNB_DIR = "opencore/codecs_v2/audio/gsm_amr/amr_nb"
AMRNB_DEC = (
    "agc amrdecode a_refl b_cn_cod bgnscd c_g_aver d1035pf d2_11pf d2_9pf d3_14pf d4_17pf d8_31pf "
    "dec_amr dec_gain dec_input_format_tab dec_lag3 dec_lag6 d_gain_c d_gain_p d_plsf_3 d_plsf_5 d_plsf "
    "dtx_dec ec_gains ex_ctrl if2_to_ets int_lsf lsp_avg ph_disp post_pro preemph pstfilt qgain475_tab "
    "sp_dec wmf_to_ets "
)
AMRNB_ENC = (
    "amrencode autocorr c1035pf c2_11pf c2_9pf c3_14pf c4_17pf c8_31pf calc_cor calc_en cbsearch cl_ltp "
    "cod_amr convolve cor_h cor_h_x2 cor_h_x corrwght_tab div_32 dtx_enc enc_lag3 enc_lag6 "
    "enc_output_format_tab ets_to_if2 ets_to_wmf g_adapt gain_q g_code g_pitch hp_max inter_36 "
    "inter_36_tab l_abs lag_wind lag_wind_tab l_comp levinson l_extract lflg_upd l_negate lpc ol_ltp "
    "pitch_fr pitch_ol p_ol_wgh pre_big pre_proc prm2bits qgain475 qgain795 q_gain_c q_gain_p qua_gain "
    "s10_8pf set_sign sid_sync sp_enc spreproc spstproc ton_stab vad1 "
)
AMRNB_COMMON = (
    "add az_lsp bitno_tab bitreorder_tab c2_9pf_tab div_s extract_h extract_l gains_tbl gc_pred "
    "get_const_tbls gmed_n gray_tbl grid_tbl int_lpc inv_sqrt inv_sqrt_tbl l_deposit_h l_deposit_l log2 "
    "log2_norm log2_tbl lsfwt l_shr_r lsp_az lsp lsp_lsf lsp_lsf_tbl lsp_tab mult_r negate norm_l norm_s "
    "overflow_tbl ph_disp_tab pow2 pow2_tbl pred_lt q_plsf_3 q_plsf_3_tbl q_plsf_5 q_plsf_5_tbl q_plsf "
    "qua_gain_tbl reorder residu round set_zero shr shr_r sqrt_l sqrt_l_tbl sub syn_filt weight_a "
    "window_tab "
)


def _am_list(text: str, name: str, where: str) -> list[str]:
    """The C files of a make list `name = a.c \\ b.c ...` in text (from where)."""
    m = re.search(rf"^{name}\s*=((?:.*\\\n)*.*)$", text, re.M)
    if m is None:
        raise RuntimeError(f"{where}: no {name}")
    return [w for w in m.group(1).replace("\\", " ").split() if w.endswith(".c")]


def _mk_sources(root: Path, name: str) -> list[str]:
    """The C files a project's own automake fragments (root/*_sources.mk) list under `name`."""
    text = "".join(f.read_text() for f in sorted(root.glob("*_sources.mk")))
    return _am_list(text, name, f"{root}'s *_sources.mk")


def _am_sources(makefile_am: Path, name: str) -> list[str]:
    """The C files a Makefile.am (or a Makefile.in) lists under `name` (read at build time, as _mk_sources)."""
    return _am_list(makefile_am.read_text(), name, str(makefile_am))


PROGRAMS: tuple[Program, ...] = (
    Program(
        "sqlite",
        "sqlite3",
        "sqlite3-3.40.1",
        ("sqlite3.c",),
        "sqlite_bench.c",
        {"n": ("4000",), "quick": ("400",), "test": ("100",)},
        "in-memory SQL: inserts, index, joins, GROUP BY, sort, CTE",
        # SQLITE_OS_OTHER: no unix VFS (sqlite_bench.c registers a fixed one).
        # LONGDOUBLE_TYPE=double: the same text<->float conversions on x86-64
        # (80-bit long double) and wasm32 (128-bit, soft float).
        defines=(
            "SQLITE_OS_OTHER=1",
            "SQLITE_THREADSAFE=0",
            "SQLITE_TEMP_STORE=3",
            "SQLITE_OMIT_LOAD_EXTENSION",
            "SQLITE_OMIT_SHARED_CACHE",
            "LONGDOUBLE_TYPE=double",
        ),
        gen="sqlite3",
    ),
    Program(
        "zlib",
        "zlib",
        "zlib-1.2.13.dfsg",
        ZLIB_SRCS,
        "zlib_bench.c",
        {"n": ("128",), "quick": ("16",), "test": ("4",)},
        "deflate/inflate round trip, levels 1, 6, 9",
    ),
    Program(
        "bzip2",
        "bzip2",
        "bzip2-1.0.8",
        BZIP2_SRCS,
        "bzip2_bench.c",
        {"n": ("96",), "quick": ("16",), "test": ("4",)},
        "BWT compress/decompress round trip",
    ),
    Program(
        "lz4",
        "lz4",
        "lz4-1.9.4",
        ("lib/lz4.c", "lib/lz4hc.c"),
        "lz4_bench.c",
        {"n": ("192",), "quick": ("24",), "test": ("4",)},
        "LZ4 fast and HC compress, decompress",
        includes=("lib",),
    ),
    Program(
        "lua",
        "lua5.4",
        "lua5.4-5.4.4",
        tuple(f"src/{s}.c" for s in LUA_CORE.split()),
        None,
        {"n": _lua_args(20000), "quick": _lua_args(2000), "test": _lua_args(200)},
        "Lua 5.4 interpreter (lua.c): tables, strings, sort, gsub, floats",
        # Debian's own build defines LUA_COMPAT_5_3. Lua's ISO C configuration
        # (no LUA_USE_POSIX: wasi-libc has no fork/wait/signals); lua_tmpnam is
        # loslib.c's own knob: WASI has no temporary file names (os.tmpname fails).
        defines=("LUA_COMPAT_5_3", "LUA_TMPNAMBUFSIZE=32", "lua_tmpnam(b,e)={e=1;}"),
        includes=("src",),
        gen="lua5.4",
        libs=("-lm",),
    ),
    Program(
        "cjson",
        "cjson",
        "cjson-1.7.15",
        ("cJSON.c",),
        "cjson_bench.c",
        {"n": ("1500",), "quick": ("150",), "test": ("20",)},
        "JSON build, print, parse, compare",
        libs=("-lm",),
    ),
    Program(
        "pcre2",
        "pcre2",
        "pcre2-10.42",
        PCRE2_SRCS,
        "pcre2_bench.c",
        {"n": ("24",), "quick": ("3",), "test": ("1",)},
        "regular expressions (interpreter), substitution",
        defines=("HAVE_CONFIG_H", "PCRE2_CODE_UNIT_WIDTH=8", "SUPPORT_UNICODE", "PCRE2_STATIC"),
        includes=("src",),
        gen="pcre2",
    ),
    Program(
        "kissfft",
        "kissfft",
        "kissfft-131.1.0",
        ("kiss_fft.c", "kiss_fftr.c"),
        "kissfft_bench.c",
        {"n": ("100",), "quick": ("10",), "test": ("1",)},
        "float FFTs (real and mixed-radix complex)",
        libs=("-lm",),
    ),
    Program(
        "mujs",
        "mujs",
        "mujs-1.3.2",
        ("one.c",),
        "mujs_bench.c",
        {"n": ("800",), "quick": ("200",), "test": ("40",)},
        "MuJS JavaScript interpreter: objects, closures, sort, regexp, JSON",
        libs=("-lm",),
    ),
    Program(
        "zstd",
        "libzstd",
        "libzstd-1.5.4+dfsg2",
        ZSTD_SRCS,
        "zstd_bench.c",
        {"n": ("64",), "quick": ("12",), "test": ("4",)},
        "Zstandard compress (levels 1, 3, 9, 15; streaming) and decompress",
        # ZSTD_DISABLE_ASM: the portable C Huffman decoder on x86-64 too (no .S file)
        defines=("ZSTD_DISABLE_ASM",),
        includes=("lib", "lib/common"),
    ),
    Program(
        "expat",
        "expat",
        "expat-2.5.0",
        ("expat/lib/xmlparse.c", "expat/lib/xmlrole.c", "expat/lib/xmltok.c"),
        "expat_bench.c",
        {"n": ("256",), "quick": ("48",), "test": ("8",)},
        "Expat XML parsing: DTD entities, namespaces, CDATA, PIs, in pieces",
        includes=("expat/lib",),
        gen="expat",
    ),
    Program(
        "tomcrypt",
        "libtomcrypt",
        "libtomcrypt-1.18.2",
        TOMCRYPT_SRCS,
        "tomcrypt_bench.c",
        {"n": ("12",), "quick": ("2",), "test": ("1",)},
        "LibTomCrypt: self-tests, SHA-2/3, BLAKE2b, HMAC, AES-CTR/GCM, ChaCha20-Poly1305, PBKDF2",
        # LTC_NO_ASM: the portable C (rotates, byte loads) on x86-64 too
        defines=("LTC_NO_ASM",),
        includes=("src/headers",),
        stack=131072,  # gcm_test keeps a gcm_state on the stack: 64 KiB of GCM tables (LTC_GCM_TABLES)
    ),
    Program(
        "tinyscheme",
        "tinyscheme",
        "tinyscheme-1.42",
        ("scheme.c",),
        "tinyscheme_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "TinyScheme interpreter: recursion, closures, call/cc, lists, strings, floats",
        # a library (no main of its own), with Debian's makefile FEATURES but no dynamic loading
        defines=("STANDALONE=0", "USE_DL=0", "USE_MATH=1", "USE_ASCII_NAMES=0"),
        gen="tinyscheme",
        libs=("-lm",),
    ),
    Program(
        "speexdsp",
        "speexdsp",
        "speexdsp-1.2.1",
        tuple(f"libspeexdsp/{s}.c" for s in "resample mdf preprocess fftwrap smallft filterbank".split()),
        "speexdsp_bench.c",
        {"n": ("60",), "quick": ("12",), "test": ("8",)},
        "SpeexDSP float: resampling, MDF echo cancelling, denoise + AGC",
        # configure's float build with its own FFT (smallft) and no symbol visibility
        defines=("FLOATING_POINT", "USE_SMALLFT", "EXPORT="),
        includes=("include", "libspeexdsp"),
        gen="speexdsp",
        libs=("-lm",),
    ),
    Program(
        "xz",
        "xz-utils",
        "xz-utils-5.4.1",
        XZ_SRCS,
        "xz_bench.c",
        {"n": ("64",), "quick": ("8",), "test": ("4",)},
        "liblzma: LZMA2 presets 0/3/6, delta and x86 BCJ filters, CRC64/SHA-256 checks",
        defines=("HAVE_CONFIG_H",),
        # WASI has no signals: mythread.h's single-threaded mythread_sigmask (a static inline
        # that liblzma never calls; xz's command line does) names sigset_t, which wasi-libc
        # does not declare
        wasm_defines=("sigset_t=int",),
        includes=tuple(
            f"src/{d}"
            for d in "liblzma/api liblzma/common liblzma/check liblzma/lz liblzma/rangecoder "
            "liblzma/lzma liblzma/delta liblzma/simple common".split()
        ),
        gen="xz",
    ),
    Program(
        "tommath",
        "libtommath",
        "libtommath-1.2.0",
        ("bn_*.c",),
        "tommath_bench.c",
        {"n": ("16",), "quick": ("6",), "test": ("1",)},
        "LibTomMath bignums: factorial, isqrt, gcd/lcm, primes, RSA round trip",
    ),
    Program(
        "libyaml",
        "libyaml",
        "libyaml-0.2.5",
        ("src/*.c",),
        "libyaml_bench.c",
        {"n": ("256",), "quick": ("32",), "test": ("4",)},
        "LibYAML: emit, scan/parse events, load into nodes, dump, parse again",
        # the version macros configure puts in config.h (yaml_private.h includes it only with HAVE_CONFIG_H)
        defines=("YAML_VERSION_MAJOR=0", "YAML_VERSION_MINOR=2", "YAML_VERSION_PATCH=5", 'YAML_VERSION_STRING="0.2.5"'),
        includes=("include", "src"),
    ),
    Program(
        "tre",
        "tre",
        "tre-0.8.0",
        tuple(
            f"lib/{s}.c"
            for s in (
                "regcomp regexec regerror tre-ast tre-compile tre-match-approx tre-match-backtrack "
                "tre-match-parallel tre-mem tre-parse tre-stack"
            ).split()
        ),
        "tre_bench.c",
        {"n": ("32",), "quick": ("4",), "test": ("2",)},
        "TRE POSIX regex: tagged NFA, back references, approximate matching",
        defines=("HAVE_CONFIG_H",),
        includes=("lib",),
        gen="tre",
    ),
    Program(
        "lzo2",
        "lzo2",
        "lzo2-2.10",
        ("src/*.c",),
        "lzo2_bench.c",
        {"n": ("128",), "quick": ("16",), "test": ("4",)},
        "LZO: LZO1X-1, LZO1X-999 + optimize, LZO1Y, LZO1F, LZO2A round trips",
        includes=("include", "."),
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "Tests")
    ),
    Program(
        "duktape",
        "duktape",
        "duktape-2.7.0",
        ("src/duktape.c",),
        "duktape_bench.c",
        {"n": ("2000",), "quick": ("300",), "test": ("40",)},
        "Duktape JavaScript engine: prototypes, closures, sort, regexps, JSON, typed arrays, floats",
        includes=("src",),
        libs=("-lm",),
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs")
    ),
    Program(
        "mbedtls",
        "mbedtls",
        "mbedtls-2.28.3",
        ("library/*.c",),
        "mbedtls_bench.c",
        {"n": ("32",), "quick": ("2",), "test": ("1",)},
        "Mbed TLS: self-tests, SHA-2, AES-GCM/CBC, ChaCha20-Poly1305, ECDSA P-256, X25519, RSA keygen/sign",
        defines=('MBEDTLS_USER_CONFIG_FILE="mbedtls_user_config.h"',),
        includes=("include",),
        gen="mbedtls",
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs")
    ),
    Program(
        "opus",
        "opus",
        "opus-1.3.1",
        ("mk:CELT_SOURCES", "mk:SILK_SOURCES", "mk:SILK_SOURCES_FIXED", "mk:OPUS_SOURCES"),
        "opus_bench.c",
        {"n": ("30",), "quick": ("5",), "test": ("2",)},
        "Opus fixed point: CELT, SILK (VoIP + FEC), hybrid and low-complexity encode, decode, PLC",
        # configure --enable-fixed-point --disable-float-api: config.h's OPUS_BUILD, FIXED_POINT,
        # DISABLE_FLOAT_API, C99 variable-length arrays and lrint (Debian's fixed-point build keeps
        # the float API, whose encoder analysis, src/analysis.c, calls libm's log/log10: their last
        # bits differ between glibc and wasi-libc and flip the encoder's decisions)
        defines=(
            "OPUS_BUILD",
            "FIXED_POINT",
            "DISABLE_FLOAT_API",
            "VAR_ARRAYS",
            "HAVE_LRINT",
            "HAVE_LRINTF",
            'PACKAGE_VERSION="1.3.1"',
        ),
        includes=("include", "celt", "silk", "silk/fixed", "."),
        # celt/arch.h's OPUS_FAST_INT64 (64-bit multiplies, different last bits) off on x86-64 too
        native_flags=("-include", str(DRIVERS / "opus_int32_native.h")),
        libs=("-lm",),
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs")
    ),
    Program(
        "giflib",
        "giflib",
        "giflib-5.2.1",
        tuple(
            f"{s}.c"
            for s in "dgif_lib egif_lib gifalloc gif_err gif_font gif_hash openbsd-reallocarray quantize".split()
        ),
        "giflib_bench.c",
        {"n": ("48",), "quick": ("8",), "test": ("3",)},
        "GIFLIB: median-cut quantizing, 8x8 text, animated GIF encode (LZW, interlace), decode",
    ),
    # session 8's held-out four: other kinds of code than the ones above
    Program(
        "cmark",
        "cmark",
        "cmark-0.30.2",
        CMARK_SRCS,
        "cmark_bench.c",
        {"n": ("200",), "quick": ("40",), "test": ("8",)},
        "cmark CommonMark: incremental parse, iterate, HTML/XML/CommonMark/LaTeX/man, round trip",
        includes=("src",),
        gen="cmark",
    ),
    Program(
        "onig",
        "libonig",
        "libonig-6.9.8",
        ONIG_SRCS,
        "onig_bench.c",
        {"n": ("64",), "quick": ("8",), "test": ("2",)},
        "Oniguruma regex: Ruby/Perl/Python/Java syntaxes, Unicode properties and folding, calls, lookbehind",
        includes=("src",),
        gen="onig",
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs (session 8)")
    ),
    Program(
        "sodium",
        "libsodium",
        "libsodium-1.0.18",
        ("src/libsodium/**/*.c",),
        "sodium_bench.c",
        {"n": ("32",), "quick": ("4",), "test": ("1",)},
        "libsodium: BLAKE2b, SHA-2, secretbox, (X)ChaCha20-Poly1305, X25519, Ed25519, Ristretto255, Argon2, scrypt",
        # configure's endianness and "configured" marks; no TI mode (__int128), intrinsics or
        # assembly on either build: the same portable C (ref10 field arithmetic with 32-bit limbs)
        defines=("NATIVE_LITTLE_ENDIAN=1", "CONFIGURED=1"),
        includes=("src/libsodium/include", "src/libsodium/include/sodium"),
        gen="sodium",
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs (session 8)")
    ),
    Program(
        "flac",
        "flac",
        "flac-1.4.2",
        tuple(
            f"src/libFLAC/{s}.c"
            for s in (
                "bitmath bitreader bitwriter cpu crc fixed float format lpc md5 memory metadata_object "
                "stream_decoder stream_encoder stream_encoder_framing window"
            ).split()
        ),
        "flac_bench.c",
        {"n": ("16",), "quick": ("3",), "test": ("2",)},
        "libFLAC: encode levels 0/5/8 (verifying), 24-bit and 8-bit, decode with MD5 check",
        defines=("HAVE_CONFIG_H", "FLAC__NO_DLL"),
        includes=("src/libFLAC/include", "include"),
        gen="flac",
        libs=("-lm",),
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs (session 8)")
    ),
    # session 9's held-out four: a 64-bit hash, a second deflate, float resampling, a SAT solver
    Program(
        "xxhash",
        "xxhash",
        "xxhash-0.8.1",
        ("xxhash.c",),
        "xxhash_bench.c",
        {"n": ("16",), "quick": ("1",), "test": ("1",)},
        "xxHash: XXH32, XXH64, XXH3 64/128 of every length to 4 KiB, seeds, secrets, streaming in pieces",
        # the scalar code on both builds (x86-64 would take SSE2 for XXH3's accumulators)
        defines=("XXH_VECTOR=0",),
    ),
    Program(
        "libdeflate",
        "libdeflate",
        "libdeflate-1.14",
        ("lib/*.c", "lib/x86/cpu_features.c"),  # the x86 one is empty on wasm32
        "libdeflate_bench.c",
        {"n": ("8",), "quick": ("1",), "test": ("1",)},
        "libdeflate: levels 0-12 (greedy, lazy, near-optimal) as DEFLATE/zlib/gzip, decode, damaged streams",
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs (session 9)")
    ),
    Program(
        "samplerate",
        "libsamplerate",
        "libsamplerate-0.2.2",
        ("src/samplerate.c", "src/src_sinc.c", "src/src_linear.c", "src/src_zoh.c"),
        "samplerate_bench.c",
        {"n": ("16",), "quick": ("2",), "test": ("2",)},
        "libsamplerate: best/medium/fast sinc, ZOH, linear at six ratios, variable ratio, clone",
        # what its CMake config.h says for this build: the three sinc converters, <stdbool.h>
        defines=(
            "ENABLE_SINC_BEST_CONVERTER",
            "ENABLE_SINC_MEDIUM_CONVERTER",
            "ENABLE_SINC_FAST_CONVERTER",
            "HAVE_STDBOOL_H",
            'PACKAGE="libsamplerate"',
            'VERSION="0.2.2"',
        ),
        includes=("include",),
        libs=("-lm",),
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs (session 9)")
    ),
    Program(
        "picosat",
        "picosat",
        "picosat-965",
        ("picosat.c",),
        "picosat_bench.c",
        {"n": ("12",), "quick": ("3",), "test": ("1",)},
        "PicoSAT CDCL: random 3-SAT, pigeonhole, all n-queens incrementally, assumptions, push/pop",
        # NDEBUG as configure.sh's optimised build; NGETRUSAGE as it does where there is no
        # getrusage (WASI has no <sys/unistd.h>): its clock only feeds statistics, on both builds
        defines=("NDEBUG", "NGETRUSAGE"),
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "More programs (session 9)")
    ),
    # session 11's held-out four: a second JSON library, PNG over zlib, JPEG (DCTs), an MP3 encoder (float)
    Program(
        "jansson",
        "jansson",
        "jansson-2.14",
        ("src/*.c",),
        "jansson_bench.c",
        {"n": ("20",), "quick": ("2",), "test": ("1",)},
        "Jansson JSON: build, dump five ways, load, compare, pack/unpack, recursive merge, broken inputs",
        defines=("HAVE_CONFIG_H",),
        includes=("src",),
        gen="jansson",
    ),
    Program(
        "libpng",
        "libpng1.6",
        "libpng1.6-1.6.39",
        (*LIBPNG_SRCS, *(f"../zlib-1.2.13.dfsg/{s}" for s in ZLIB_SRCS)),
        "libpng_bench.c",
        {"n": ("16",), "quick": ("2",), "test": ("1",)},
        "libpng over zlib: every colour type and depth, five filters, Adam7, read transforms, png_image",
        includes=(".", "../zlib-1.2.13.dfsg"),
        gen="libpng",
        libs=("-lm",),
        uses=("zlib",),
    ),
    Program(
        "libjpeg",
        "libjpeg-turbo",
        "libjpeg-turbo-2.1.5",
        LIBJPEG_SRCS,
        "libjpeg_bench.c",
        {"n": ("16",), "quick": ("2",), "test": ("1",)},
        "libjpeg-turbo (C, no SIMD): six encodings, three DCTs, scaled and quantized decodes, transcoding",
        gen="libjpeg",
        ci=False,  # its build costs more CI time than it may add (docs/programs.md, "Tests")
    ),
    Program(
        "lame",
        "lame",
        "lame-3.100",
        (*(f"libmp3lame/{s}.c" for s in LAME_SRCS.split()), *(f"mpglib/{s}.c" for s in MPGLIB_SRCS.split())),
        "lame_bench.c",
        {"n": ("30",), "quick": ("3",), "test": ("2",)},
        "LAME MP3 (float): CBR joint stereo + ReplayGain, VBR with tag, ABR mono, quality 0; mpglib decode",
        defines=("HAVE_CONFIG_H",),
        includes=("include", "libmp3lame", "mpglib", "."),
        gen="lame",
        libs=("-lm",),
        ci=False,  # its build and tests cost more CI time than they may add (docs/programs.md, "Tests")
    ),
    Program(
        "libgsm",
        "libgsm",
        "libgsm-1.0.22",
        tuple(
            f"src/{s}.c"
            for s in (
                "add code debug decode long_term lpc preprocess rpe gsm_destroy gsm_decode gsm_encode gsm_explode "
                "gsm_implode gsm_create gsm_print gsm_option short_term table"
            ).split()
        ),
        "libgsm_bench.c",
        {"n": ("800",), "quick": ("100",), "test": ("20",)},
        "libgsm GSM 06.10 full-rate speech codec (16-bit fixed point): standard and WAV49 frames, explode/implode",
        # its Makefile's SASR and WAV49, and debian/rules' MULHACK (USE_FLOAT_MUL: float multiply-adds in the
        # long-term predictor, exact for 16-bit samples; FAST's approximate paths off, as in Debian)
        defines=("SASR", "WAV49", "USE_FLOAT_MUL", "NeedFunctionPrototypes=1"),
        includes=("inc",),
    ),
    # session 23's held-out one: an image codec, lossy and lossless
    Program(
        "libwebp",
        "libwebp",
        "libwebp-1.2.4",
        ("src/dec/*.c", "src/enc/*.c", "src/dsp/*.c", "src/utils/*.c", "sharpyuv/*.c"),
        "libwebp_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "libwebp: lossy VP8 at methods 0-6, with alpha, sharp YUV; lossless VP8L levels 0-9; decoded back",
        # configure's build without threads and SIMD (src/webp/config.h, generated): x86-64's
        # SSE2 paths are on only without HAVE_CONFIG_H, so both builds run the same C
        defines=("HAVE_CONFIG_H",),
        gen="libwebp",
        libs=("-lm",),
        ci=False,  # bench only: its 92 files cost more CI time than they may add
    ),
    # session 25's held-out six: other kinds than the ones above (docs/programs.md, "More programs (session 25)")
    Program(
        "lzlib",
        "lzlib",
        "lzlib-1.13",
        ("lzlib.c",),  # it includes the encoder's and decoder's files
        "lzlib_bench.c",
        {"n": ("512",), "quick": ("24",), "test": ("8",)},
        "lzlib (lzip's LZMA): levels 0/3/6 and multi-member streams in pieces, decoded back, a damaged stream refused",
    ),
    Program(
        "secp256k1",
        "libsecp256k1",
        "libsecp256k1-0.2.0",
        ("src/secp256k1.c", "src/precomputed_ecmult.c", "src/precomputed_ecmult_gen.c"),
        "secp256k1_bench.c",
        {"n": ("48",), "quick": ("8",), "test": ("2",)},
        "libsecp256k1: ECDSA (DER, low-S, recovery), key tweaks and sums, BIP-340 Schnorr, ECDH",
        # configure's defaults (window 15, gen bits 4) with its four modules; the 5x52 field over the
        # library's portable 128-bit struct on both builds (x86-64 would take __int128, wasm32 10x26)
        defines=(
            "ECMULT_WINDOW_SIZE=15",
            "ECMULT_GEN_PREC_BITS=4",
            "USE_FORCE_WIDEMUL_INT128_STRUCT",
            "ENABLE_MODULE_ECDH",
            "ENABLE_MODULE_RECOVERY",
            "ENABLE_MODULE_EXTRAKEYS",
            "ENABLE_MODULE_SCHNORRSIG",
        ),
        includes=("include", "src"),
    ),
    Program(
        "vorbis",
        "libvorbis",
        "libvorbis-1.3.7",
        (
            *(f"lib/{s}.c" for s in VORBIS_SRCS.split()),
            *(f"../libogg-1.3.5/src/{s}.c" for s in ("bitwise", "framing")),
        ),
        "vorbis_bench.c",
        {"n": ("40",), "quick": ("3",), "test": ("3",)},
        "libvorbis over libogg (float): VBR q0.1/q0.7 stereo, ABR mono, Ogg pages, synced and decoded back",
        includes=("include", "lib", "../libogg-1.3.5/include"),
        gen="vorbis",
        libs=("-lm",),
        uses=("libogg",),
        ci=False,  # bench only: 23 float-heavy files
    ),
    Program(
        "mawk",
        "mawk",
        "mawk-1.3.4.20200120",
        tuple(f"{s}.c" for s in MAWK_SRCS.split()),
        None,
        {"n": _mawk_args(12000), "quick": _mawk_args(800), "test": _mawk_args(300)},
        "mawk AWK interpreter (its own main): gsub/match/split, arrays, sprintf/printf, sort, recursion",
        gen="mawk",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "minigmp",
        "gmp",
        "gmp-6.2.1+dfsg1",
        ("mini-gmp/mini-gmp.c", "mini-gmp/mini-mpq.c"),
        "minigmp_bench.c",
        {"n": ("16",), "quick": ("1",), "test": ("1",)},
        "GMP's mini-gmp: factorials, pi and e digits, roots, gcdext, Miller-Rabin, RSA powm, rationals",
        # mini-mpq.c uses mini-gmp.c's GMP_LIMB_MAX without defining it (built apart, it does not
        # compile): the same definition for every file
        defines=("GMP_LIMB_MAX=((mp_limb_t)~(mp_limb_t)0)",),
        includes=("mini-gmp",),
        ci=False,  # bench only
    ),
    Program(
        "jq",
        "jq",
        "jq-1.6",
        tuple(f"src/{s}.c" for s in JQ_SRCS.split()),
        None,
        {"n": _jq_args(8000), "quick": _jq_args(2000), "test": _jq_args(300)},
        "jq 1.6 (its own main, -n): a backtracking bytecode interpreter over JSON values, strings, paths, dtoa",
        # what configure passes (jq's configure writes no config.h): IEEE doubles, memmem, and the
        # libm builtins whose results are exact (no last-bit choice between glibc and wasi-libc);
        # no Oniguruma (its regex builtins then report an error; the workload uses none)
        defines=("IEEE_8087", *(f"HAVE_{f}" for f in JQ_HAVE.split())),
        includes=(".", "src"),
        gen="jq",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    # session 26's held-out six (docs/programs.md, "More programs (session 26)")
    Program(
        "libmd",
        "libmd",
        "libmd-1.0.4",
        (*(f"src/{s}.c" for s in "md4 md5 rmd160 sha1 sha2".split()), *(f"{h}hl.c" for h in LIBMD_HELPERS)),
        "libmd_bench.c",
        {"n": ("1024",), "quick": ("32",), "test": ("16",)},
        "libmd: MD4, MD5, RIPEMD-160, SHA-1 (32-bit rotates), SHA-256/384/512 over data in pieces and in chains",
        includes=("include", "src"),
        gen="libmd",
    ),
    Program(
        "httpparser",
        "http-parser",
        "http-parser-2.9.4",
        ("http_parser.c",),
        "httpparser_bench.c",
        {"n": ("400",), "quick": ("24",), "test": ("2",)},
        "http-parser: pipelined requests and responses in pieces (chunked, trailers, folding), URLs, bad input",
        defines=("HTTP_PARSER_STRICT=0",),  # its Makefile's library build, as Debian's
    ),
    Program(
        "dc",
        "bc",
        "bc-1.07.1",
        (*(f"dc/{s}.c" for s in "dc misc eval stack array numeric string".split()), "lib/number.c"),
        None,
        {"n": _dc_args(24), "quick": _dc_args(4), "test": _dc_args(1)},
        "GNU dc 1.4.1 (its own main, -e): a stack machine's one-character commands over bc's decimal bignums",
        includes=(".", "h", "dc"),
        gen="dc",
        # dc/*.c call lib/number.c's checkferror_output() without its prototype (Debian's patch 05 adds
        # the calls, not the #include): an implicit `int f()` against a `void f(FILE *)`, which x86-64
        # tolerates and wasm-ld does not (a signature mismatch: the call becomes a trap, `dc -e '[x]P'`
        # stops at `unreachable`). The prototype is put before every file, the sources unchanged
        cflags=("-include", "stdio.h", "-include", "number.h"),
        stack=262144,  # dc evaluates a macro's macro in C recursion
        ci=False,  # bench only
    ),
    Program(
        "jsonc",
        "json-c",
        "json-c-0.16",
        tuple(f"{s}.c" for s in JSONC_SRCS.split()),
        "jsonc_bench.c",
        {"n": ("40",), "quick": ("4",), "test": ("1",)},
        "json-c: doubles of every shape printed (%.17g, %.6e, %.10g) and parsed back in pieces (strtod), int64",
        gen="jsonc",
        libs=("-lm",),
    ),
    Program(
        "qhull",
        "qhull",
        "qhull-2020.2",
        tuple(f"src/libqhull_r/{s}_r.c" for s in QHULL_SRCS.split()),
        "qhull_bench.c",
        {"n": ("24",), "quick": ("4",), "test": ("1",)},
        "Qhull (libqhull_r, f64): convex hulls in 2-4 dimensions, 2-d and 3-d Delaunay, areas and volumes",
        includes=("src", "src/libqhull_r"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "speex",
        "speex",
        "speex-1.2.1",
        tuple(f"libspeex/{s}.c" for s in SPEEX_SRCS.split()),
        "speex_bench.c",
        {"n": ("40",), "quick": ("2",), "test": ("5",)},
        "Speex (float): CELP speech in narrow, wide and ultra-wide band, fixed, VBR and ABR, packets lost",
        defines=("HAVE_CONFIG_H",),
        includes=("include", "libspeex"),
        gen="speex",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    # session 30's held-out six (docs/programs.md, "Tests"; docs/benchmarks-history.md,
    # "Held-out programs (session 30)")
    Program(
        "utf8proc",
        "utf8proc",
        "utf8proc-2.8.0",
        ("utf8proc.c",),  # it includes utf8proc_data.c
        "utf8proc_bench.c",
        {"n": ("32",), "quick": ("4",), "test": ("1",)},
        "utf8proc: NFD/NFC/NFKD/NFKC/casefold of mixed scripts, graphemes, widths, case maps of planes 0-1",
        ci=False,  # bench only
    ),
    Program(
        "divsufsort",
        "libdivsufsort",
        "libdivsufsort-2.0.1",
        tuple(f"lib/{s}.c" for s in "divsufsort sssort trsort utils".split()),
        "divsufsort_bench.c",
        {"n": ("256",), "quick": ("32",), "test": ("8",)},
        "libdivsufsort: suffix arrays (induced sorting, multikey introsort, tandem repeats), BWT and back, searches",
        defines=("HAVE_CONFIG_H",),
        includes=("include",),
        gen="divsufsort",
        ci=False,  # bench only
    ),
    Program(
        "potrace",
        "potrace",
        "potrace-1.16",
        tuple(f"src/{s}.c" for s in "potracelib curve trace decompose".split()),  # libpotrace_la_SOURCES
        "potrace_bench.c",
        {"n": ("8",), "quick": ("2",), "test": ("1",)},
        "potrace (f64): bitmaps traced to polygons and Bezier curves, every turn policy, curve optimization",
        defines=("HAVE_CONFIG_H",),
        includes=("src",),
        gen="potrace",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "glpk",
        "glpk",
        "glpk-5.0",
        # the library's list, and the copies of AMD, COLAMD and zlib that upstream's list has and
        # Debian's patches drop for the system's (all 28 files of src/amd, src/colamd, src/zlib)
        ("am:src/Makefile.am:libglpk_la_SOURCES", "src/amd/*.c", "src/colamd/*.c", "src/zlib/*.c"),
        "glpk_bench.c",
        {"n": ("12",), "quick": ("2",), "test": ("1",)},
        "GLPK (f64): primal/dual simplex, interior point, exact simplex, branch and cut, network flows, cliques",
        defines=("HAVE_CONFIG_H",),
        includes=tuple(
            f"src/{d}"
            for d in ". api bflib draft env intopt minisat misc mpl npp proxy simplex amd colamd zlib".split()
        ),
        gen="glpk",
        # -fwrapv: misc/mygmp.c's mpz_add adds two ints and tests the sum's sign for an overflow
        # after the fact (undefined behaviour); gcc -O2 folds the test away and the exact simplex
        # then fails its own assertion (glpssx02.c) natively at N=12; wrapping defines it on both
        cflags=("-fwrapv",),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "jimtcl",
        "jimtcl",
        "jimtcl-0.81+dfsg0",
        tuple(
            f"{s}.c"
            for s in (
                "jim jim-subcmd jim-format utf8 jimregexp jim-regexp jim-array jim-pack jim-package jim-load "
                "stdlib"  # made from stdlib.tcl (_gen_jimtcl)
            ).split()
        ),
        "jimtcl_bench.c",
        {"n": ("40",), "quick": ("6",), "test": ("1",)},
        "Jim Tcl 0.81 interpreter: procs, lists, dicts, arrays, strings, regexp, expr, lsort -command, catch/try",
        gen="jimtcl",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "nettle",
        "nettle",
        "nettle-3.8.1",
        ("am:Makefile.in:nettle_SOURCES",),  # libnettle (not libhogweed: no bignums, no GMP)
        "nettle_bench.c",
        {"n": ("64",), "quick": ("8",), "test": ("2",)},
        "Nettle: every hash, MAC, block cipher (CBC, CTR), AEAD and armor of its tables, stream ciphers, UMAC, XTS",
        defines=("HAVE_CONFIG_H",),
        gen="nettle",
        ci=False,  # bench only
    ),
    # session 31's held-out six (docs/programs.md, "Tests"; docs/benchmarks-history.md,
    # "Held-out programs (session 31)")
    Program(
        "zopfli",
        "zopfli",
        "zopfli-1.0.3",
        (
            *(f"src/zopfli/{s}.c" for s in ZOPFLI_SRCS.split()),
            # zlib's inflate alone (its deflate.c would share an object's name with Zopfli's)
            *(f"../zlib-1.2.13.dfsg/{s}.c" for s in "adler32 crc32 inffast inflate inftrees zutil".split()),
        ),
        "zopfli_bench.c",
        {"n": ("32",), "quick": ("4",), "test": ("2",)},
        "Zopfli: exhaustive DEFLATE (f64 cost models, squeeze iterations, block splitting), zlib decodes it back",
        includes=("src/zopfli", "../zlib-1.2.13.dfsg"),
        libs=("-lm",),
        uses=("zlib",),
        ci=False,  # bench only
    ),
    Program(
        "msgpack",
        "msgpack-c",
        "msgpack-c-4.0.0",
        tuple(f"src/{s}.c" for s in "objectc unpack version vrefbuffer zone".split()),
        "msgpack_bench.c",
        {"n": ("512",), "quick": ("64",), "test": ("4",)},
        "msgpack-c: every type and width packed to sbuffer/vrefbuffer, unpacked whole and streamed, repacked, printed",
        includes=("include",),
        gen="msgpack",
        ci=False,  # bench only
    ),
    Program(
        "scrypt",
        "libscrypt",
        "libscrypt-1.21",
        # its Makefile's OBJS (the library): the salt generator reads /dev/urandom, which the driver never calls
        tuple(
            f"{s}.c"
            for s in (
                "crypto_scrypt-nosse sha256 crypto-mcf b64 crypto-scrypt-saltgen crypto_scrypt-check "
                "crypto_scrypt-hash slowequals"
            ).split()
        ),
        "scrypt_bench.c",
        {"n": ("16",), "quick": ("14",), "test": ("10",)},
        "libscrypt: scrypt's RFC 7914 vectors, costs 2^4..2^N (tables of up to 2^N x 128 bytes), crypt-format check",
        # its table comes from mmap(MAP_ANON) where <sys/mman.h> has it: wasi-libc's emulation
        # (an anonymous mapping is a malloc), as WASI's header asks
        wasm_defines=("_WASI_EMULATED_MMAN",),
        wasm_libs=("-lwasi-emulated-mman",),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "tasn1",
        "libtasn1-6",
        "libtasn1-6-4.19.0",
        # lib/Makefile.am's libtasn1_la_SOURCES (ASN1.c is made from ASN1.y in the tarball), the gnulib
        # file they use, and upstream's definitions of tests/Test_tree.asn compiled by its asn1Parser
        (
            *(f"lib/{s}.c" for s in "ASN1 coding decoding element errors gstr parser_aux structure version".split()),
            "lib/gl/c-ctype.c",
            "tests/Test_tree_asn1_tab.c",
        ),
        "tasn1_bench.c",
        {"n": ("400",), "quick": ("48",), "test": ("6",)},
        "libtasn1: values written by name, DER encoded, decoded into a new tree and read back; damaged DER refused",
        defines=("HAVE_CONFIG_H", "ASN1_BUILDING"),
        includes=("lib/includes", "lib", "lib/gl"),
        gen="tasn1",
        ci=False,  # bench only
    ),
    Program(
        "tcc",
        "tcc",
        "tcc-0.9.27+git20200814.62c30a4a",
        (),  # the driver includes libtcc.c, which includes the rest (tcc.h's ONE_SOURCE, as tcc.c builds)
        "tcc_bench.c",
        {"n": ("256",), "quick": ("48",), "test": ("2",)},
        "TinyCC: C compiled to x86-64 objects in memory: a corpus (structs, switches, floats, macros), generated units",
        # the x86-64 target on both hosts; a static build (no dlopen) without backtraces (no signal
        # handlers, no ucontext), as its configure --enable-static and --disable-bcheck make it
        defines=("TCC_TARGET_X86_64", "CONFIG_TCC_STATIC", "CONFIG_TCC_BACKTRACE=0"),
        gen="tcc",
        ci=False,  # bench only
    ),
    Program(
        "geng",
        "nauty",
        "nauty-2.8.6+ds",
        # Makefile.am's nauty-geng: geng.c over libnautyW1's files (its 32-bit words on both hosts)
        tuple(f"{s}.c" for s in "geng nauty nautil naugraph schreier naurng gtools".split()),
        "geng_bench.c",
        {"n": ("8",), "quick": ("7",), "test": ("6",)},
        "nauty's geng: graphs up to isomorphism by canonical augmentation (connected, triangle-free, ...)",
        # Makefile.am's nautyW1 flavour (MAXN = WORDSIZE = 32), and geng.c's hooks for a caller
        defines=(
            "MAXN=WORDSIZE",
            "WORDSIZE=32",
            "GENG_MAIN=geng_main",
            "OUTPROC=geng_out",
            "SUMMARY=geng_summary",
        ),
        gen="nauty",
        ci=False,  # bench only
    ),
    # session 34's held-out six (docs/programs.md, "Tests"; docs/benchmarks-history.md,
    # "Held-out programs (session 34)")
    Program(
        "cliquer",
        "cliquer",
        "cliquer-1.21",
        ("cliquer.c", "graph.c", "reorder.c"),  # its Makefile's library, not cl.c (the command line)
        "cliquer_bench.c",
        {"n": ("24",), "quick": ("14",), "test": ("5",)},
        "Cliquer: exact maximum and maximal cliques by branch and bound over bit-array vertex sets",
        ci=False,  # bench only
    ),
    Program(
        "planarity",
        "edge-addition-planarity-suite",
        "edge-addition-planarity-suite-3.0.2.0",
        ("am:Makefile.am:libplanarity_la_SOURCES",),  # the library, not planarity.c's command line
        "planarity_bench.c",
        {"n": ("20",), "quick": ("8",), "test": ("2",)},
        "Edge Addition Planarity Suite: planar embeddings, Kuratowski subgraphs, K3,3/K2,3/K4 searches, drawings",
        includes=("c",),
        ci=False,  # bench only
    ),
    Program(
        "wavpack",
        "wavpack",
        "wavpack-5.6.0",
        # Makefile.am's src_libwavpack_la_SOURCES with DSD (configure's default) and without
        # open_filename.c (files by name) or the legacy decoder (off by default); no x86 assembly
        tuple(
            f"src/{s}.c"
            for s in (
                "common_utils decorr_utils entropy_utils extra1 extra2 open_utils open_legacy open_raw pack "
                "pack_dns pack_floats pack_utils read_words tags tag_utils unpack unpack_floats unpack_seek "
                "unpack_utils write_words pack_dsd unpack_dsd"
            ).split()
        ),
        "wavpack_bench.c",
        {"n": ("20",), "quick": ("3",), "test": ("1",)},
        "WavPack: lossless and hybrid audio, adaptive decorrelation and entropy coding, every mode, decoded back",
        defines=("ENABLE_DSD",),
        includes=("include", "src"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "lcms2",
        "lcms2",
        "lcms2-2.14",
        ("src/*.c",),  # src/Makefile.am's liblcms2_la_SOURCES: every file of src/
        "lcms2_bench.c",
        {"n": ("32",), "quick": ("2",), "test": ("1",)},
        "Little CMS: ICC profiles built, written and read back; 8-bit, 16-bit and float colour transforms",
        defines=("CMS_NO_PTHREADS=1",),  # one thread: no mutex around the plug-in registry
        includes=("include", "src"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "bc",
        "bc",
        "bc-1.07.1",
        # bc/Makefile.am's bc_SOURCES (bc.c and scan.c as the package ships them generated) but main.c,
        # which the driver replaces (its program comes from argv, not a file), and lib/number.c
        (*(f"bc/{s}.c" for s in "bc scan execute load storage util global warranty".split()), "lib/number.c"),
        "bc_bench.c",
        {"n": _bc_args(12), "quick": _bc_args(3), "test": _bc_args(1)},
        "GNU bc 1.07.1: a program compiled to bc's bytecode and interpreted over decimal bignums",
        includes=(".", "h", "bc"),
        gen="bc",
        stack=262144,  # bc's interpreter recurses in C for each bc function call (fib)
        ci=False,  # bench only
    ),
    # session 35's held-out five (docs/programs.md, "Tests"; docs/benchmarks-history.md,
    # "Held-out programs (session 35)")
    Program(
        "ncompress",
        "ncompress",
        "ncompress-4.2.4.6",
        ("compress42.c",),
        "ncompress_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "ncompress: Unix compress's LZW, 9-16-bit codes over a 69,001-entry hash table, block mode, round trips",
        # Makefile.def's options and GNUmakefile's -DUTIME_H; its main renamed (the driver's is the
        # program's) and its read()/write() on descriptors routed to the driver's memory buffers
        defines=(
            "DIRENT=1",
            "USERMEM=800000",
            "REGISTERS=3",
            "UTIME_H",
            "main=ncompress_main",
            "read=ncompress_read",
            "write=ncompress_write",
        ),
        ci=False,  # bench only
    ),
    Program(
        "nlopt",
        "nlopt",
        "nlopt-2.7.1",
        # CMakeLists.txt's NLOPT_SOURCES without NLOPT_CXX (StoGO, AGS) and the Fortran API
        tuple(
            f"src/{s}.c"
            for s in (
                "algs/direct/DIRect algs/direct/direct_wrap algs/direct/DIRserial algs/direct/DIRsubrout "
                "algs/cdirect/cdirect algs/cdirect/hybrid algs/praxis/praxis algs/luksan/plis algs/luksan/plip "
                "algs/luksan/pnet algs/luksan/mssubs algs/luksan/pssubs algs/crs/crs algs/mlsl/mlsl algs/mma/mma "
                "algs/mma/ccsa_quadratic algs/cobyla/cobyla algs/newuoa/newuoa algs/neldermead/nldrmd "
                "algs/neldermead/sbplx algs/auglag/auglag algs/bobyqa/bobyqa algs/isres/isres algs/slsqp/slsqp "
                "algs/esch/esch api/general api/options api/optimize api/deprecated util/mt19937ar util/sobolseq "
                "util/timer util/stop util/redblack util/qsort_r util/rescale"
            ).split()
        ),
        "nlopt_bench.c",
        {"n": ("12",), "quick": ("3",), "test": ("1",)},
        "NLopt: local, gradient, global and constrained optimizers in doubles on Rosenbrock and friends",
        includes=tuple(
            f"src/{d}"
            for d in (
                "api util algs/direct algs/cdirect algs/praxis algs/luksan algs/crs algs/mlsl algs/mma "
                "algs/cobyla algs/newuoa algs/neldermead algs/auglag algs/bobyqa algs/isres algs/slsqp algs/esch"
            ).split()
        ),
        gen="nlopt",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "solo",
        "sgt-puzzles",
        "sgt-puzzles-20230122.806ae71",
        # what CMake's solver(solo) links (cmake/setup.cmake's cliprogram): nullfe.c (the null front end),
        # solo.c, and the `common` library but drawing.c and ps.c (nullfe.c draws nothing) and midend.c
        tuple(
            f"{s}.c"
            for s in (
                "nullfe solo combi divvy dsf findloop grid latin laydomino loopgen malloc matching misc penrose "
                "random sort tdq tree234 version"
            ).split()
        ),
        "solo_bench.c",
        {"n": ("8",), "quick": ("1",), "test": ("1",)},  # quick as test: the slowest under callgrind
        "Solo (Simon Tatham's Sudoku): puzzles made by backtracking and a ladder of deductions, solved back",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "libxmp",
        "libxmp",
        "libxmp-4.5.0",
        LIBXMP_SRCS,
        "libxmp_bench.c",
        {"n": ("24",), "quick": ("4",), "test": ("1",)},
        "libxmp: ProTracker modules made in memory, loaded and mixed to the end at every interpolation",
        # configure.ac's checks that both libcs pass (no popen/fork: the depackers' external helpers),
        # and Makefile.in's static-library flags
        defines=("HAVE_ALLOCA_H", "HAVE_DIRENT_H", "HAVE_ROUND", "HAVE_POWF", "_REENTRANT", "BUILDING_STATIC"),
        includes=("include", "src"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "libspng",
        "libspng",
        "libspng-0.7.3",
        ("spng/spng.c", *(f"../zlib-1.2.13.dfsg/{s}" for s in ZLIB_SRCS)),
        "libspng_bench.c",
        {"n": ("24",), "quick": ("4",), "test": ("1",)},
        "libspng over zlib: every colour type and depth encoded, decoded as stored, to RGBA8/16, RGB8, grey, gamma",
        # meson's static build (SPNG_STATIC) without its SIMD paths (the same C on both targets)
        defines=("SPNG_STATIC", "SPNG_DISABLE_OPT"),
        includes=("spng", "../zlib-1.2.13.dfsg"),
        libs=("-lm",),
        uses=("zlib",),
        ci=False,  # bench only
    ),
    # session 36's held-out five (docs/programs.md, "Tests"; docs/benchmarks-history.md,
    # "Held-out programs (session 36)")
    Program(
        "cubature",
        "cubature",
        "cubature-1.0.4+ds",
        ("hcubature.c",),
        "cubature_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "cubature: h-adaptive integration of peaks, a hemisphere's rim and kinks in 1-6 dimensions, vector norms",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "xdelta3",
        "xdelta3",
        "xdelta3-3.0.11-dfsg",
        ("xdelta3.c",),
        "xdelta3_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "xdelta3: VCDIFF deltas of edited texts at levels 1-9, DJW/FGK secondary coding, decoded back",
        # what configure finds on both targets (config.h's sizes from the compiler) and Makefile.am's
        # library build: no main, no regression tests, no liblzma; DJW and FGK on as xdelta3's own build has them
        defines=(
            "SIZEOF_SIZE_T=__SIZEOF_SIZE_T__",
            "SIZEOF_UNSIGNED_INT=4",
            "SIZEOF_UNSIGNED_LONG=__SIZEOF_LONG__",
            "SIZEOF_UNSIGNED_LONG_LONG=8",
            "XD3_MAIN=0",
            "REGRESSION_TEST=0",
            "XD3_DEBUG=0",
            "SECONDARY_DJW=1",
            "SECONDARY_FGK=1",
            "SECONDARY_LZMA=0",
        ),
        ci=False,  # bench only
    ),
    Program(
        "discount",
        "discount",
        "discount-2.2.7",
        # Makefile.in's OBJS (libmarkdown) without amalloc.o and h1title.o (configure's defaults)
        tuple(
            f"{s}.c"
            for s in (
                "mkdio markdown dumptree generate resource docheader version toc css xml Csio xmlpage basename "
                "emmatch github_flavoured setup tags html5 flags"
            ).split()
        ),
        "discount_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "discount: Markdown documents of nested lists, quotes, code, tables, footnotes and links to HTML and XML",
        gen="discount",
        ci=False,  # bench only
    ),
    Program(
        "mcpp",
        "mcpp",
        "mcpp-2.7.2",
        # src/Makefile.am's libmcpp_la_SOURCES
        tuple(f"src/{s}.c" for s in "main directive eval expand support system mbchar".split()),
        "mcpp_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "mcpp: a C preprocessor over nested, variadic and X-macros, #if arithmetic, includes; C90/C99/C++, -M",
        # the files are the driver's (no filesystem in the bench's WASI): mcpp's fopen, stat, readlink
        # and getcwd call the driver's, which serves them from memory (fmemopen)
        defines=(
            "HAVE_CONFIG_H=1",
            "fopen=mcpp_bench_fopen",
            "stat(p,b)=mcpp_bench_stat(p,b)",
            "readlink=mcpp_bench_readlink",
            "getcwd=mcpp_bench_getcwd",
        ),
        includes=("src",),
        gen="mcpp",
        stack=1048576,  # expand.c and directive.c keep 256 KiB work buffers on the stack
        ci=False,  # bench only
    ),
    Program(
        "lpsolve",
        "lp-solve",
        "lp-solve-5.5.2.5",
        # lpsolve55/ccc's sources, with the package's colamd/ (Debian's patch links SuiteSparse's)
        (
            *(
                f"{s}.c"
                for s in (
                    "lp_MDO shared/commonlib shared/mmio shared/myblas ini fortify lp_rlp lp_crash "
                    "bfp/bfp_LUSOL/lp_LUSOL bfp/bfp_LUSOL/LUSOL/lusol lp_Hash lp_lib lp_wlp lp_matrix lp_mipbb "
                    "lp_MPS lp_params lp_presolve lp_price lp_pricePSE lp_report lp_scale lp_simplex lp_SOS "
                    "lp_utils yacc_read colamd/colamd"
                ).split()
            ),
        ),
        "lpsolve_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "lp_solve: LP-format models parsed and written, knapsacks, set covers, facility location by B&B",
        # ccc's defines; no dlopen of BFP/XLI or BLAS libraries (WASI has none)
        defines=(
            "YY_NEVER_INTERACTIVE",
            "PARSER_LP",
            "INVERSE_ACTIVE=INVERSE_LUSOL",
            "RoleIsExternalInvEngine",
            "LoadInverseLib=FALSE",
            "LoadLanguageLib=FALSE",
            "LoadableBlasLib=0",
        ),
        includes=(".", "shared", "bfp", "bfp/bfp_LUSOL", "bfp/bfp_LUSOL/LUSOL", "colamd"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    # session 37's held-out (docs/programs.md, "Tests"; docs/benchmarks-history.md, "Held-out programs (session 37)")
    Program(
        "phalanx",
        "phalanx",
        "phalanx-25",
        # the makefile's OBJ; phalanx.c's main is renamed, the driver has its own
        tuple(
            f"{s}.c"
            for s in (
                "phalanx bcreate search io data evaluate genmoves moving hash static levels book killers endgame "
                "learn easy"
            ).split()
        ),
        "phalanx_bench.c",
        {"n": ("7",), "quick": ("5",), "test": ("4",)},
        "Phalanx: a chess engine's alpha-beta search to a fixed depth over a 2 MiB transposition table",
        # the makefile's defines (GNUFUN: getopt_long), the driver's main, and its stable qsort (root moves
        # of equal value: glibc's and musl's qsort order them differently, and the search visits other nodes)
        defines=("GNUFUN", "main=phalanx_main", "qsort=phalanx_bench_qsort"),
        wasm_defines=("alarm(s)=0",),  # bcreate.c's progress timer (book making, never run here): WASI has none
        ci=False,  # bench only
    ),
    Program(
        "matheval",
        "libmatheval",
        "libmatheval-1.1.11+dfsg",
        # lib/Makefile.am's libmatheval_la_SOURCES, the parser and scanner as shipped (generated)
        tuple(
            f"lib/{s}.c" for s in "parser scanner error matheval g77_interface node symbol_table xmalloc xmath".split()
        ),
        "matheval_bench.c",
        {"n": ("48",), "quick": ("12",), "test": ("2",)},
        "libmatheval: formulas parsed, simplified, differentiated twice and evaluated over grids (tree walks, libm)",
        # what configure finds on both targets (no config.h: the sources test HAVE_ macros alone); node.c's
        # tmpfile() (a number's printed length) is the driver's memory stream (WASI has no temporary files)
        defines=("HAVE_STDLIB_H=1", "HAVE_STRING_H=1", "HAVE_STDINT_H=1", "HAVE_MATH_H=1", "HAVE_MEMSET=1"),
        includes=("lib",),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "libxcrypt",
        "libxcrypt",
        "libxcrypt-4.4.33",
        # Makefile.am's libcrypt_la_SOURCES (ENABLE_OBSOLETE_API off: no crypt-des-obsolete.c)
        tuple(
            f"lib/{s}.c"
            for s in (
                "alg-des-tables alg-des alg-gost3411-2012-core alg-gost3411-2012-hmac alg-hmac-sha1 alg-md4 alg-md5 "
                "alg-sha1 alg-sha256 alg-sha512 alg-yescrypt-common alg-yescrypt-opt crypt-bcrypt crypt-des "
                "crypt-gensalt-static crypt-gost-yescrypt crypt-md5 crypt-nthash crypt-pbkdf1-sha1 crypt-scrypt "
                "crypt-sha256 crypt-sha512 crypt-static crypt-sunmd5 crypt-yescrypt crypt util-base64 "
                "util-gensalt-sha util-get-random-bytes util-make-failure-token util-xbzero util-xstrcpy"
            ).split()
        ),
        "libxcrypt_bench.c",
        {"n": ("8",), "quick": ("1",), "test": ("1",)},
        "libxcrypt: yescrypt and scrypt over megabytes, GOST, bcrypt, SHA-crypt, MD5-crypt, DES and NT hashes",
        defines=("HAVE_CONFIG_H=1", "IN_LIBCRYPT=1"),
        includes=("lib",),
        gen="libxcrypt",
        ci=False,  # bench only
    ),
    Program(
        "gsl",
        "gsl",
        "gsl-2.7.1+dfsg",
        # the special functions with what they use (err/, sys/, complex/, poly/), and integration's
        # adaptive and non-adaptive quadratures (integration/Makefile.am's list without the fixed-rule
        # types, whose file names are specfunc's too)
        (
            # specfunc/Makefile.am's list without the Mathieu functions (eigenvalues: linalg/, eigen/)
            *(
                f"specfunc/{s}.c"
                for s in (
                    "airy airy_der airy_zero atanint bessel bessel_I0 bessel_I1 bessel_In bessel_Inu bessel_J0 "
                    "bessel_J1 bessel_Jn bessel_Jnu bessel_K0 bessel_K1 bessel_Kn bessel_Knu bessel_Y0 bessel_Y1 "
                    "bessel_Yn bessel_Ynu bessel_amp_phase bessel_i bessel_j bessel_k bessel_olver bessel_temme "
                    "bessel_y bessel_zero bessel_sequence beta beta_inc clausen coulomb coupling coulomb_bound dawson "
                    "debye dilog elementary ellint elljac erfc exp expint expint3 fermi_dirac gegenbauer gamma "
                    "gamma_inc hermite hyperg_0F1 hyperg_2F0 hyperg_1F1 hyperg_2F1 hyperg_U hyperg inline laguerre "
                    "lambert legendre_H3d legendre_P legendre_Qn legendre_con legendre_poly log poch pow_int psi "
                    "result shint sincos_pi sinint synchrotron transport trig zeta"
                ).split()
            ),
            "am:err/Makefile.am:libgslerr_la_SOURCES",
            *(f"sys/{s}.c" for s in "minmax prec hypot log1p expm1 coerce invhyp infnan fdiv fcmp ldfrexp".split()),
            "sys_pow_int.c",
            "complex/math.c",
            "complex_inline.c",
            "am:poly/Makefile.am:libgslpoly_la_SOURCES",
            *(
                f"integration/{s}.c"
                for s in "qk15 qk21 qk31 qk41 qk51 qk61 qk qng qag qags qagp workspace qcheb qawc qmomo qaws qmomof "
                "qawo qawf glfixed cquad romberg".split()
            ),
        ),
        "gsl_bench.c",
        {"n": ("8",), "quick": ("1",), "test": ("1",)},
        "GSL: special functions (Bessel, gamma, hypergeometric, zeta, elliptic, Airy, Legendre) and quadratures",
        defines=("HAVE_CONFIG_H=1",),
        includes=(".",),
        gen="gsl",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "pcre3",
        "pcre3",
        "pcre3-8.39",
        # Makefile.am's libpcre_la_SOURCES and the generated character tables (no JIT: WASI has no
        # executable memory, and Debian's x86-64 JIT would run other code than the interpreter)
        (
            *(
                f"pcre_{s}.c"
                for s in (
                    "byte_order compile config dfa_exec exec fullinfo get globals info jit_compile maketables "
                    "newline ord2utf8 refcount string_utils study tables ucd valid_utf8 version xclass"
                ).split()
            ),
            "pcre_chartables.c",
        ),
        "pcre3_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "PCRE 8.39: backtracking by C recursion (match() calls itself), DFA matching, UTF-8 and properties",
        # debian/rules' configure: --enable-utf8 --enable-unicode-properties, what config.h.generic leaves
        # to configure (the C99 headers), and a static library; recursion on the stack as configure's default
        defines=(
            "HAVE_CONFIG_H=1",
            "SUPPORT_UTF=1",
            "SUPPORT_UCP=1",
            "SUPPORT_PCRE8=1",
            "HAVE_STDINT_H=1",
            "HAVE_INTTYPES_H=1",
            "HAVE_STDLIB_H=1",
            "HAVE_STRING_H=1",
            "HAVE_MEMMOVE=1",
            "HAVE_STRERROR=1",
            "PCRE_STATIC=1",
        ),
        gen="pcre3",
        stack=1048576,  # match() recurses once per backtracking point, a frame of a few hundred bytes each
        ci=False,  # bench only
    ),
    # session 38's held-out (docs/programs.md, "Tests"; docs/benchmarks-history.md, "Held-out programs (session 38)")
    Program(
        "tinyxml2",
        "tinyxml2",
        "tinyxml2-9.0.0+dfsg",
        ("tinyxml2.cpp",),
        "tinyxml2_bench.cpp",
        {"n": ("8",), "quick": ("3",), "test": ("2",)},
        "TinyXML-2: a C++ DOM (templates, virtual visitors, pooled nodes) built, printed, parsed back, copied",
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "dconv",
        "double-conversion",
        "double-conversion-3.2.1",
        # the library's SConscript list
        tuple(
            f"double-conversion/{s}.cc"
            for s in (
                "bignum bignum-dtoa cached-powers double-to-string fast-dtoa fixed-dtoa string-to-double strtod"
            ).split()
        ),
        "dconv_bench.cpp",
        {"n": ("12",), "quick": ("3",), "test": ("1",)},
        "double-conversion: shortest, fixed and precision digits of doubles by Grisu and bignums, and strtod back",
        includes=("double-conversion",),
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "box2d",
        "box2d",
        "box2d-2.4.1",
        # src/CMakeLists.txt's BOX2D_SOURCE_FILES (the rope is not used here)
        ("src/collision/*.cpp", "src/common/*.cpp", "src/dynamics/*.cpp"),
        "box2d_bench.cpp",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "Box2D: a pyramid, a bridge, a bowl of shapes and machines on joints stepped at 60 Hz (float32, virtual calls)",
        includes=("include", "src"),
        # the driver's sinf and cosf (glibc's and musl's differ in the last bit: the bodies' rotations diverge)
        cflags=(*CXX_NO_EXCEPTIONS, "-include", "box2d_trig.h"),
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "fftw3",
        "fftw3",
        "fftw3-3.3.10",
        # Makefile.am's libfftw3_la_LIBADD in double precision without SIMD: kernel, dft and rdft
        # with their scalar codelets, reodft, api (the generation step's file per source)
        ("gen:fftw_*.c",),
        "fftw3_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "FFTW 3: complex, real and trigonometric transforms of many sizes by generated straight-line codelets",
        includes=(".", "kernel", "dft", "dft/scalar", "rdft", "rdft/scalar", "reodft", "api"),
        gen="fftw3",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "nasm",
        "nasm",
        "nasm-2.16.01",
        # Makefile.in's LIBOBJ_NW and LIBOBJ_W (the generated tables as shipped) and asm/nasm.c, less
        # nasmlib/errfile.c (error_file for ndisasm: the link of libnasm.a leaves it out, nasm.c has its own)
        (
            *(f"stdlib/{s}.c" for s in "snprintf vsnprintf strlcpy strnlen strrchrnul".split()),
            *(
                f"nasmlib/{s}.c"
                for s in (
                    "ver alloc asprintf crc32 crc64 md5c string nctype file mmap ilog2 realpath path filename "
                    "rlimit zerobuf readnum bsi rbtree hashtbl raa saa strlist perfhash badenum"
                ).split()
            ),
            "common/common.c",
            *(f"x86/{s}.c" for s in "insnsa insnsb insnsd insnsn regs regvals regflags regdis disp8 iflag".split()),
            *(
                f"asm/{s}.c"
                for s in (
                    "error floats directiv directbl pragma assemble labels parser preproc quote pptok listing eval "
                    "exprlib exprdump stdscan strfunc tokhash segalloc rdstrnum srcfile warnings nasm"
                ).split()
            ),
            "macros/macros.c",
            *(
                f"output/{s}.c"
                for s in (
                    "outform outlib legacy nulldbg nullout outbin outaout outcoff outelf outobj outas86 outdbg "
                    "outieee outmacho codeview"
                ).split()
            ),
            "disasm/disasm.c",
            "disasm/sync.c",
        ),
        "nasm_bench.c",
        {"n": ("8",), "quick": ("2",), "test": ("1",)},
        "NASM: macros, x86 to AVX-512 matched against its instruction tables, ELF64 and a listing, disassembly",
        # nasm.c's main renamed (the driver has its own); its files are the driver's memory streams
        defines=("HAVE_CONFIG_H=1", "main=nasm_main", "fopen=nasm_bench_fopen"),
        includes=(".", "include", "x86", "asm", "disasm", "output"),
        gen="nasm",
        ci=False,  # bench only
    ),
    # session 39's held-out (docs/programs.md, "Tests"; docs/benchmarks-history.md, "Held-out programs (session 39)")
    Program(
        "judy",
        "judy",
        "judy-1.0.5",
        # Judy1's and JudyL's copies of JudyCommon/ with their tables (the generation step), JudySL, JudyHS
        ("gen:judy_*.c", "src/JudyCommon/JudyMalloc.c", "src/JudySL/JudySL.c", "src/JudyHS/JudyHS.c"),
        "judy_bench.c",
        {"n": ("16",), "quick": ("4",), "test": ("1",)},
        "Judy: 256-ary digital trees of bit-packed nodes (JudyL, Judy1, JudySL, JudyHS) grown and shrunk",
        includes=("src", "src/JudyCommon", "src/Judy1", "src/JudyL", "src/JudyHS"),
        gen="judy",
        native_flags=("-DJU_64BIT",),  # as configure sets it on a 64-bit target
        ci=False,  # bench only
    ),
    Program(
        "jbig",
        "jbigkit",
        "jbigkit-2.1",
        ("libjbig/jbig.c", "libjbig/jbig_ar.c", "libjbig/jbig85.c"),
        "jbig_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "JBIG-KIT: JBIG1 and T.85 bi-level images by context-modelled arithmetic coding, progressive layers",
        includes=("libjbig",),
        ci=False,  # bench only
    ),
    Program(
        "openjpeg",
        "openjpeg2",
        "openjpeg2-2.5.0",
        # src/lib/openjp2/CMakeLists.txt's OPENJPEG_SRCS (no JPIP)
        tuple(
            f"src/lib/openjp2/{s}.c"
            for s in (
                "thread bio cio dwt event ht_dec image invert j2k jp2 mct mqc openjpeg opj_clock pi t1 t2 tcd tgt "
                "function_list opj_malloc sparse_array"
            ).split()
        ),
        "openjpeg_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "OpenJPEG: JPEG 2000 by 5/3 and 9/7 wavelets, EBCOT's MQ coder, quality layers, tiles, J2K and JP2",
        defines=("OPJ_STATIC",),
        includes=("src/lib/openjp2",),
        gen="openjpeg",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "indent",
        "indent",
        "indent-2.2.12",
        # src/Makefile.am's indent_SOURCES (lexi.c includes gperf's output as shipped)
        tuple(
            f"src/{s}.c"
            for s in "indent args backup comments lexi parse globs code_io output utils handletoken".split()
        ),
        "indent_bench.c",
        {"n": ("48",), "quick": ("12",), "test": ("2",)},
        "GNU indent: a generated C file formatted in K&R style changed by 22 more options",
        # indent.c's main renamed (the driver has its own); its standard input and output file are the driver's
        defines=(
            "HAVE_CONFIG_H=1",
            'LOCALEDIR="/usr/share/locale"',
            "main=indent_main",
            "fopen=indent_bench_fopen",
            "getc=indent_bench_getc",
        ),
        includes=("src",),
        gen="indent",
        ci=False,  # bench only
    ),
    Program(
        "eigen",
        "eigen3",
        "eigen3-3.4.0",
        (),  # headers only: the driver instantiates the templates
        "eigen_bench.cpp",
        {"n": ("8",), "quick": ("2",), "test": ("1",)},
        "Eigen: C++ expression templates for dense LU, QR, Cholesky, SVD, eigenvalues, geometry; a sparse LDLT",
        # no SIMD on either build: SSE2's packets would sum in another order than wasm32's scalars
        defines=("EIGEN_DONT_VECTORIZE",),
        # products place their temporaries of up to EIGEN_STACK_ALLOCATION_LIMIT (128 KiB) on the
        # stack: in 64 KiB the wasm build traps cleanly (out of bounds below address 0)
        stack=262144,
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    # session 40's held-out (docs/programs.md, "Tests"; docs/benchmarks-history.md, "Held-out programs (session 40)")
    Program(
        "twolame",
        "twolame",
        "twolame-0.4.0",
        # libtwolame/Makefile.am's libtwolame_la_SOURCES
        tuple(
            f"libtwolame/{s}.c"
            for s in (
                "ath availbits bitbuffer crc dab encode energy fft get_set mem psycho_0 psycho_1 psycho_2 psycho_3 "
                "psycho_4 psycho_n1 subband twolame util"
            ).split()
        ),
        "twolame_bench.c",
        {"n": ("8",), "quick": ("2",), "test": ("1",)},
        "TwoLAME: MPEG audio Layer II encoding by a polyphase filter bank and psychoacoustic models -1, 0, 1, 3, 4",
        defines=("LIBTWOLAME_BUILD",),
        includes=("libtwolame",),
        gen="twolame",
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "cadical",
        "cadical",
        "cadical-1.5.3",
        # makefile.in's LIB: every src/*.cpp but the two applications, cadical.cpp and mobical.cpp
        ("src/[!cm]*.cpp", "src/c[!a]*.cpp", "src/m[!o]*.cpp"),
        "cadical_bench.cpp",
        {"n": ("8",), "quick": ("2",), "test": ("1",)},
        "CaDiCaL: CDCL SAT solving on the C++ STL: propagation, learning, restarts and in-processing",
        # NBUILD: no build.hpp (configure's compiler and flags); NDEBUG as configure's default build
        defines=("NBUILD", "NDEBUG"),
        # wasi-libc's rusage has the two times alone: the peak memory statistic (for the verbose
        # statistics the bench never prints) reads the system time's seconds, 0 under WASI
        wasm_defines=("ru_maxrss=ru_stime.tv_sec",),
        # WASI has no processes: file.cpp's pipes through a decompressor and signal.cpp's alarm
        wasm_cflags=("-include", "processes.h"),
        includes=("src",),
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "byacc",
        "byacc",
        "byacc-2.0.20221106",
        # makefile.in's C_FILES with the skeleton Debian's --enable-btyacc picks
        tuple(
            f"{s}.c"
            for s in (
                "closure error graph lalr lr0 main mkpar mstring output reader btyaccpar symtab verbose warshall"
            ).split()
        ),
        "byacc_bench.c",
        {"n": ("24",), "quick": ("6",), "test": ("1",)},
        "Berkeley Yacc: LALR(1) tables by DeRemer-Pennello look-aheads for a generated grammar, written as C",
        # main.c's main renamed (the driver has its own); its files are the driver's memory streams
        defines=("HAVE_CONFIG_H=1", "main=byacc_main", "fopen=byacc_bench_fopen", "tmpfile=byacc_bench_tmpfile"),
        gen="byacc",
        ci=False,  # bench only
    ),
    Program(
        "awk",
        "original-awk",
        "original-awk-2022-09-12",
        # makefile's OFILES and the grammar: awkgram.tab.c and proctab.c are the generation step's
        tuple(f"{s}.c" for s in "awkgram.tab b main parse proctab tran lib run lex".split()),
        None,
        {"n": _awk_args(1600), "quick": _awk_args(200), "test": _awk_args(60)},
        "The one true awk (its own main): regexps made into DFAs, regexp FS, gsub/match/split, arrays, printf",
        gen="awk",
        libs=("-lm",),
        # WASI has no processes: run.c's pipes (print | "cmd", "cmd" | getline; the workload has none)
        wasm_cflags=("-include", "processes.h"),
        ci=False,  # bench only
    ),
    Program(
        "snowball",
        "snowball",
        "snowball-2.2.0",
        # GNUmakefile's RUNTIME_SOURCES, libstemmer_utf8.c and the stemmers it lists (the generation step's)
        ("runtime/api.c", "runtime/utilities.c", "gen:libstemmer_utf8.c", "gen:stem_UTF_8_*.c"),
        "snowball_bench.c",
        {"n": ("12",), "quick": ("3",), "test": ("1",)},
        "Snowball: 29 languages' stemmers compiled from Snowball to C, found by name through libstemmer",
        includes=("libstemmer", "include", "."),
        gen="snowball",
        ci=False,  # bench only
    ),
    # session 41's held-out
    Program(
        "bearssl",
        "bearssl",
        "bearssl-0.6+dfsg.1",
        # mk/mkrules.mk's OBJ: every file under src/ (T0's generated C ships in the package)
        ("src/settings.c", "src/*/*.c"),
        "bearssl_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "BearSSL: SHA-1/2, HMAC, HKDF, AES-CTR/GCM, ChaCha20-Poly1305, RSA keygen/PKCS#1/OAEP, P-256 ECDSA, X25519",
        includes=("inc", "src"),
        ci=False,  # bench only
    ),
    Program(
        "zpaq",
        "zpaq",
        "zpaq-7.15+repack",
        ("libzpaq.cpp",),  # the library (Makefile's libzpaq.o), not the archiver zpaq.cpp
        "zpaq_bench.cpp",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "libzpaq: context mixing, LZ77 and BWT streams whose ZPAQL decoders its VM interprets, SHA-1 per block",
        # -Dunix as the Makefile; NOJIT as debian/rules off x86-64: ZPAQL interpreted on both builds
        defines=("unix", "NOJIT"),
        # compressBlock's frame is 113,456 B on wasm32 (its model arrays on the stack): 64 KiB traps
        stack=262144,
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "theora",
        "libtheora",
        "libtheora-1.1.1+dfsg.1",
        # lib/Makefile.am's decoder_sources and encoder_sources without the x86 ones (cpu.c is theirs)
        tuple(
            f"lib/{s}.c"
            for s in (
                "apiwrapper bitpack decapiwrapper decinfo decode dequant fragment huffdec idct info internal quant "
                "state analyze fdct encfrag encapiwrapper encinfo encode enquant huffenc mathops mcenc rate tokenize"
            ).split()
        )
        + ("../libogg-1.3.5/src/bitwise.c",),  # the encoder's header and mode bits (libtheoraenc links libogg)
        "theora_bench.c",
        {"n": ("24",), "quick": ("6",), "test": ("2",)},
        "libtheora: Theora video encoded (motion search, RD mode decisions, DCT tokens) and decoded, 176x144 4:2:0",
        includes=("include", "lib", "../libogg-1.3.5/include"),
        gen="vorbis",  # libogg's ogg/config_types.h, for ogg_packet
        uses=("libogg",),
        ci=False,  # bench only
    ),
    Program(
        "re2",
        "re2",
        "re2-20220601+dfsg",
        # Makefile's OFILES: util/ and re2/ without the tests, the three tables the generation step makes
        (
            *(f"util/{s}.cc" for s in ("rune", "strutil")),
            *(
                f"re2/{s}.cc"
                for s in (
                    "bitstate compile dfa filtered_re2 mimics_pcre nfa onepass parse prefilter prefilter_tree prog re2 "
                    "regexp set simplify stringpiece tostring"
                ).split()
            ),
            "gen:*.cc",
        ),
        "re2_bench.cpp",
        {"n": ("12000",), "quick": ("3000",), "test": ("200",)},
        "RE2: regexps by lazy DFA, one-pass, bit-state and Pike VM; captures, Unicode classes, sets, global replaces",
        defines=("NDEBUG",),  # as Makefile's RE2_CXXFLAGS ... -DNDEBUG
        gen="re2",
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "fribidi",
        "fribidi",
        "fribidi-1.0.8",
        ("am:lib/Makefile.am:libfribidi_la_SOURCES",),
        "fribidi_bench.c",
        {"n": ("4000",), "quick": ("1000",), "test": ("150",)},
        "GNU FriBidi: the Unicode Bidirectional Algorithm and Arabic shaping over UTF-8 and CapRTL lines",
        defines=("HAVE_CONFIG_H",),
        includes=("lib",),
        gen="fribidi",
        ci=False,  # bench only
    ),
    # session 42's held-out
    Program(
        "metis",
        "metis",
        "metis-5.1.0.dfsg",
        # GKlib's and libmetis's files, as CMakeLists.txt's file(GLOB) takes them
        ("GKlib/*.c", "libmetis/*.c"),
        "metis_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "METIS: multilevel k-way and recursive-bisection graph partitioning, nested-dissection ordering",
        # GKlibSystem.cmake's options on Linux, release (NDEBUG, NDEBUG2); GKRAND on: GKlib's own
        # Mersenne Twister, not the C library's rand() (glibc's and musl's differ)
        defines=("LINUX", "_FILE_OFFSET_BITS=64", "NDEBUG", "NDEBUG2", "USE_GKRAND"),
        # GKlib's thread-locals as plain globals, as GKlibSystem.cmake's TLS check does where it fails:
        # clang 14 keeps TLS under -mbulk-memory and wasm-ld then wants atomics (one thread here)
        wasm_defines=("__thread=",),
        includes=("include", "GKlib", "libmetis"),
        cflags=("-std=c99", "-fno-strict-aliasing"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "imagequant",
        "libimagequant",
        "libimagequant-2.17.0",
        tuple(f"{s}.c" for s in "pam mediancut blur mempool kmeans nearest libimagequant".split()),  # Makefile's OBJS
        "imagequant_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "libimagequant: RGBA images to 256/64/16-colour palettes (median cut, k-means, dithered remap)",
        # USE_SSE=0: pam.h would take SSE on x86-64, the same scalar C on both builds; the driver's
        # stable qsort: equal popularities and distances, which glibc's and musl's qsort order differently
        defines=("USE_SSE=0", "qsort=imagequant_bench_qsort"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "vterm",
        "libvterm",
        "libvterm-0.1.4",
        ("src/*.c",),  # Makefile's CFILES (src/encoding/*.inc ship generated)
        "vterm_bench.c",
        {"n": ("320",), "quick": ("80",), "test": ("10",)},
        "libvterm: a terminal emulator fed UTF-8 and VT100/xterm sequences, every cell read back",
        includes=("include", "src"),
        cflags=("-std=c99",),
        ci=False,  # bench only
    ),
    Program(
        "amrnb",
        "opencore-amr",
        "opencore-amr-0.1.6",
        # amrnb/Makefile.am's libopencore_amrnb_la_SOURCES: wrapper.cpp, the decoder's, the encoder's, the common
        (
            "amrnb/wrapper.cpp",
            *(f"{AMRNB_DIR}/dec/src/{s}.cpp" for s in AMRNB_DEC.split()),
            *(f"{AMRNB_DIR}/enc/src/{s}.cpp" for s in AMRNB_ENC.split()),
            *(f"{AMRNB_DIR}/common/src/{s}.cpp" for s in AMRNB_COMMON.split()),
        ),
        "amrnb_bench.c",
        {"n": ("10",), "quick": ("2",), "test": ("1",)},
        "opencore-amr: AMR-NB speech encoded and decoded in its eight modes (3GPP fixed-point basic operators)",
        includes=(
            "oscl",
            f"{AMRNB_DIR}/dec/src",
            f"{AMRNB_DIR}/common/include",
            f"{AMRNB_DIR}/dec/include",
            "opencore/codecs_v2/audio/gsm_amr/common/dec/include",
            f"{AMRNB_DIR}/enc/src",
            "amrnb",
        ),
        cflags=CXX_NO_EXCEPTIONS,
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
    Program(
        "lwip",
        "lwip",
        "lwip-2.1.3+dfsg1",
        # src/Filelists.mk's COREFILES and CORE4FILES (IPv4) and NETIFFILES' ethernet.c (etharp.c calls it)
        ("src/core/*.c", "src/core/ipv4/*.c", "src/netif/ethernet.c"),
        "lwip_bench.c",
        {"n": ("48",), "quick": ("12",), "test": ("2",)},
        "lwIP: TCP streams and UDP over a lossy, reordering wire, raw API, NO_SYS, software checksums",
        # lwipopts.h and arch/cc.h are the application's (every lwIP port writes its own): bench/programs/lwip_port
        includes=(str(DRIVERS / "lwip_port"), "src/include"),
        ci=False,  # bench only
    ),
    # session 43's held-out
    Program(
        "tidy",
        "tidy-html5",
        "tidy-html5-5.6.0",
        # CMakeLists.txt's CFILES (the library; console/tidy.c is the command line's)
        tuple(
            f"src/{s}.c"
            for s in (
                "access attrs istack parser tags entities lexer pprint charsets clean message config alloc "
                "attrdict buffio fileio streamio tagask tmbstr utf8 tidylib mappedio gdoc language messageobj sprtf"
            ).split()
        ),
        "tidy_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "HTML Tidy: tag soup repaired into a tree, cleaned, checked (WCAG level 2) and printed as HTML/XHTML",
        # CMakeLists.txt's definitions at its defaults (localizations and the console app's strings on)
        defines=(
            'LIBTIDY_VERSION="5.6.0"',
            'RELEASE_DATE="2017/11/25"',
            "SUPPORT_LOCALIZATIONS=1",
            "SUPPORT_CONSOLE_APP=1",
            "HAVE_CONFIG_H",
            # tidyplatform.h knows no WebAssembly OS and would take Windows' <sys/utime.h>: no file's
            # time is kept (the driver tidies strings), the same on both builds
            "PRESERVE_FILE_TIMES=0",
        ),
        # nor where uint and ulong come from: as on Linux, from <sys/types.h>, which glibc's <stdlib.h>
        # includes and musl's does not (its typedefs under _GNU_SOURCE)
        # mappedio.c maps a file it reads (never here: strings only), wasi-libc's emulated mmap
        wasm_defines=("LINUX_OS", "_GNU_SOURCE", "_WASI_EMULATED_MMAN"),
        wasm_cflags=("-include", "sys/types.h"),
        wasm_libs=("-lwasi-emulated-mman",),
        includes=("include", "src"),
        ci=False,  # bench only
    ),
    Program(
        "dmtx",
        "libdmtx",
        "libdmtx-0.7.7",
        ("dmtx.c",),  # Makefile.am's libdmtx_la_SOURCES: dmtx.c includes the other files
        "dmtx_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "libdmtx: Data Matrix symbols encoded (six schemes, Reed-Solomon) and read back from damaged images",
        libs=("-lm",),
        stack=262144,  # the region search keeps its Hough accumulators and pixel trails on the stack (>64 KiB)
        ci=False,  # bench only
    ),
    Program(
        "fasttree",
        "fasttree",
        "fasttree-2.1.11",
        ("fasttree.c",),
        "fasttree_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "FastTree: a phylogeny by neighbour joining, ME and ML (GTR) NNIs and SPRs, local supports, DNA",
        # the Makefile's ADD_CPPFLAGS (Debian's build: double precision, no SSE); main renamed (the
        # driver has its own), its files the driver's memory streams
        defines=("USE_DOUBLE", "main=fasttree_main", "fopen=fasttree_bench_fopen"),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "fann",
        "libfann",
        "libfann-2.2.0+ds",
        ("src/floatfann.c",),  # src/CMakeLists.txt's floatfann library (floatfann.c includes the others)
        "fann_bench.c",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "FANN: neural networks trained by iRPROP-, Quickprop and cascade-correlation (float)",
        # FANN's weights, shuffles and candidates come from rand(), which glibc and musl implement
        # differently: the driver's on both builds; FANN_NO_SEED: not seeded from /dev/urandom or the clock
        defines=("FANN_NO_SEED", "rand=fann_bench_rand"),
        includes=("src/include",),
        libs=("-lm",),
        ci=False,  # bench only
    ),
    Program(
        "gperf",
        "gperf",
        "gperf-3.1",
        # src/Makefile.in's OBJECTS and lib/Makefile.in's (gperf's own getopt and hash)
        (
            *(
                f"src/{s}.cc"
                for s in "version positions options keyword keyword-list input bool-array "
                "hash-table search output main".split()
            ),
            *(f"lib/{s}" for s in ("getopt.c", "getopt1.c", "getline.cc", "hash.cc")),
        ),
        "gperf_bench.cpp",
        {"n": ("4",), "quick": ("1",), "test": ("1",)},
        "GNU gperf: a perfect hash function searched for a keyword set, written out as C",
        # main.cc's main renamed (the driver has its own); gperf reads stdin and printf()s to stdout,
        # which gperf_io.h makes the driver's memory streams (WASI here has no files)
        defines=("main=gperf_main",),
        includes=("lib", "src"),
        gen="gperf",
        cflags=(*CXX_NO_EXCEPTIONS, "-include", "gperf_io.h"),
        libs=NATIVE_CXX_LIBS,
        wasm_libs=WASM_CXX_LIBS,
        ci=False,  # bench only
    ),
)

BY_NAME = {p.name: p for p in PROGRAMS}

# SQLite with its database in a file (bench/programs/sqlite_file.c): the same amalgamation
# with SQLite's unix VFS ("unix-none": no locks, which WASI preview1 lacks). Not a bench
# program (its time is the filesystem's); tests/host/test_real_programs.py runs it with a
# preopened directory (its second argument) and compares it with the native build and wasmtime.
SQLITE_FILE = Program(
    "sqlite_file",
    "sqlite3",
    "sqlite3-3.40.1",
    ("sqlite3.c",),
    "sqlite_file.c",
    {"n": ("4000",), "quick": ("1000",), "test": ("1000",), "board": ("300",)},
    "SQLite with its database in a file: transactions, VACUUM, reopen, integrity_check",
    # no mmap (WASI has none; SQLITE_MAX_MMAP_SIZE=0) and no WAL (it needs shared memory):
    # the rollback journal; temp tables and VACUUM's copy in memory (SQLITE_TEMP_STORE=3)
    defines=(
        "SQLITE_THREADSAFE=0",
        "SQLITE_TEMP_STORE=3",
        "SQLITE_OMIT_LOAD_EXTENSION",
        "SQLITE_OMIT_SHARED_CACHE",
        "SQLITE_MAX_MMAP_SIZE=0",
        "SQLITE_OMIT_WAL",
        "LONGDOUBLE_TYPE=double",
    ),
    wasm_cflags=("-include", "sqlite_unix.h"),  # bench/programs/wasi_compat/: fchmod, fchown, F_SETLK
    gen="sqlite3",
    ci=False,  # built by its own test, not by build_all()
)


def select(names: str) -> list[Program]:
    """The programs a `--programs a,b` option names, in PROGRAMS' order; none named: all of
    them. An unknown name is an error that lists the known ones."""
    want = [n for n in names.split(",") if n]
    unknown = [n for n in want if n not in BY_NAME]
    if unknown:
        raise SystemExit(f"--programs: no program {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return [p for p in PROGRAMS if not want or p.name in want]


# what tests/host/test_real_programs.py runs: the programs cheap enough for `make test`,
# every one with MPWASM_PROGRAMS=all in the environment, or those a comma-separated list names
# (MPWASM_PROGRAMS=metis,vterm: a few bench-only programs tested without building the hundred)
def _tested(env: str) -> tuple[Program, ...]:
    if env == "all":
        return PROGRAMS
    if env:
        return tuple(select(env))
    return tuple(p for p in PROGRAMS if p.ci)


TESTED = _tested(os.environ.get("MPWASM_PROGRAMS", ""))


def sh(cmd: Sequence[str | Path], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], check=True, text=True, **kw)  # type: ignore[call-overload]


def fetch(programs: Sequence[Program] = PROGRAMS) -> None:
    """scripts/fetch_programs.py for the packages these programs need (a no-op once fetched)."""
    pkgs = sorted({p.package for p in programs} | {u for p in programs for u in p.uses})
    sh([sys.executable, ROOT / "scripts" / "fetch_programs.py", *pkgs])


# ---- generation steps: files the upstream build makes from its sources -------


def _gen_sqlite3() -> Path:
    """sqlite3.c, the amalgamation, made by SQLite's own `make sqlite3.c` (needs tclsh)."""
    out = OUT / "gen" / "sqlite3"
    if (out / "sqlite3.c").exists() and (out / "sqlite3.h").exists():
        return out
    if not shutil.which("tclsh"):
        raise SystemExit("building SQLite's amalgamation needs tclsh: run `make deps` (Debian package tcl)")
    work = OUT / "gen" / "sqlite3-build"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log("sqlite: generating the amalgamation (configure; make sqlite3.c) ...")
    src = BY_NAME["sqlite"].src_root
    sh([src / "configure", "--disable-tcl", "--disable-readline"], cwd=work, capture_output=True)
    sh(["make", f"-j{JOBS}", "sqlite3.c"], cwd=work, capture_output=True)
    tmp = out.with_name("sqlite3.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for f in ("sqlite3.c", "sqlite3.h"):
        shutil.copy(work / f, tmp / f)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    shutil.rmtree(work)
    return out


def _gen_pcre2() -> Path:
    """What PCRE2's configure would copy: config.h, pcre2.h, pcre2_chartables.c from their
    .generic/.dist versions in the source tree (its NON-AUTOTOOLS-BUILD instructions)."""
    out = OUT / "gen" / "pcre2"
    out.mkdir(parents=True, exist_ok=True)
    src = BY_NAME["pcre2"].src_root / "src"
    for name, dst in (
        ("config.h.generic", "config.h"),
        ("pcre2.h.generic", "pcre2.h"),
        ("pcre2_chartables.c.dist", "pcre2_chartables.c"),
    ):
        if not (out / dst).exists():
            shutil.copy(src / name, out / dst)
    return out


def _gen_pcre3() -> Path:
    """What PCRE 8's configure would copy (NON-AUTOTOOLS-BUILD): config.h, pcre.h and
    pcre_chartables.c from their .generic/.dist versions in the source tree."""
    out = OUT / "gen" / "pcre3"
    out.mkdir(parents=True, exist_ok=True)
    src = BY_NAME["pcre3"].src_root
    for name, dst in (
        ("config.h.generic", "config.h"),
        ("pcre.h.generic", "pcre.h"),
        ("pcre_chartables.c.dist", "pcre_chartables.c"),
    ):
        if not (out / dst).exists():
            shutil.copy(src / name, out / dst)
    return out


def _gen_lua() -> Path:
    """lua5.4-deb-multiarch.h, which Debian's debian/rules writes before building (luaconf.h
    includes it for its search paths): the build machine's multiarch triplet, as there."""
    out = OUT / "gen" / "lua5.4"
    h = out / "lua5.4-deb-multiarch.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        arch = sh(["gcc", "-print-multiarch"], capture_output=True).stdout.strip() or "unknown"
        h.write_text(f'#define DEB_HOST_MULTIARCH "{arch}"\n')
    return out


def _gen_expat() -> Path:
    """expat_config.h, which Expat's configure (or CMake) writes: what the library's sources
    test, for a little-endian C99 target without a system entropy source (expat_bench.c
    sets the hash salt itself, so XML_POOR_ENTROPY's fallback is never reached)."""
    out = OUT / "gen" / "expat"
    h = out / "expat_config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        h.write_text(
            "#define BYTEORDER 1234\n#define HAVE_MEMMOVE 1\n#define XML_CONTEXT_BYTES 1024\n"
            "#define XML_DTD 1\n#define XML_NS 1\n#define XML_POOR_ENTROPY 1\n"
        )
    return out


def _c_string(text: str) -> str:
    esc = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
    body = "".join(esc.get(c, c) if 32 <= ord(c) < 127 or c in esc else f"\\{ord(c):03o}" for c in text)
    return f'"{body}"'


def _gen_tinyscheme() -> Path:
    """init_scm.h: TinyScheme's own init.scm (the Scheme half of its standard procedures,
    which its main() loads from a file) as a C string, for tinyscheme_bench.c to load."""
    out = OUT / "gen" / "tinyscheme"
    h = out / "init_scm.h"
    src = BY_NAME["tinyscheme"].src_root / "init.scm"
    if not h.exists() or h.stat().st_mtime < src.stat().st_mtime:
        out.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="latin-1")
        h.write_text(
            f"// generated from {src.name} by bench/programs.py, do not edit\n"
            f"static const char init_scm[] = {_c_string(text)};\n"
        )
    return out


def _gen_speexdsp() -> Path:
    """speexdsp_config_types.h, which SpeexDSP's configure makes from its .in: the
    exact-width integer types (<stdint.h>) for spx_int16_t .. spx_uint32_t."""
    out = OUT / "gen" / "speexdsp"
    h = out / "speexdsp_config_types.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        text = (BY_NAME["speexdsp"].src_root / "include" / "speex" / "speexdsp_config_types.h.in").read_text()
        for k, v in (
            ("@INCLUDE_STDINT@", "#include <stdint.h>"),
            ("@SIZE16@", "int16_t"),
            ("@USIZE16@", "uint16_t"),
            ("@SIZE32@", "int32_t"),
            ("@USIZE32@", "uint32_t"),
        ):
            text = text.replace(k, v)
        h.write_text(text)
    return out


def _gen_tre() -> Path:
    """What TRE's configure writes for a build with approximate matching and byte
    characters (no wchar_t or multibyte support, so no locale is involved):
    tre-config.h (from lib/tre-config.h.in) and the config.h its sources include."""
    out = OUT / "gen" / "tre"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        (out / "tre-config.h").write_text(
            '#define HAVE_SYS_TYPES_H 1\n#define TRE_APPROX 1\n#define TRE_VERSION "0.8.0"\n'
            "#define TRE_VERSION_1 0\n#define TRE_VERSION_2 8\n#define TRE_VERSION_3 0\n"
        )
        (out / "config.h").write_text(
            '#define TRE_REGEX_T_FIELD value\n#define HAVE_ISBLANK 1\n#include "tre-config.h"\n'
        )
    return out


def _gen_xz() -> Path:
    """The config.h XZ Utils' configure writes, for liblzma alone: the encoders, decoders,
    match finders and checks the driver uses, C99 headers, and size_t's size per target."""
    out = OUT / "gen" / "xz"
    h = out / "config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        on = ["HAVE_CHECK_CRC32", "HAVE_CHECK_CRC64", "HAVE_CHECK_SHA256", "HAVE_DECODERS", "HAVE_ENCODERS"]
        on += [f"HAVE_{k}_{f}" for k in ("DECODER", "ENCODER") for f in ("LZMA1", "LZMA2", "DELTA", "X86")]
        on += [f"HAVE_MF_{m}" for m in ("BT2", "BT3", "BT4", "HC3", "HC4")]
        on += ["HAVE_INTTYPES_H", "HAVE_STDBOOL_H", "HAVE_STDINT_H", "HAVE__BOOL"]
        text = "".join(f"#define {k} 1\n" for k in on)
        text += '#define SIZEOF_SIZE_T __SIZEOF_SIZE_T__\n#define ASSUME_RAM 128\n#define PACKAGE_NAME "XZ Utils"\n'
        text += '#define PACKAGE_URL "https://tukaani.org/xz/"\n'
        h.write_text(text)
    return out


def _gen_mbedtls() -> Path:
    """mbedtls_user_config.h, the MBEDTLS_USER_CONFIG_FILE that Mbed TLS reads after its
    default config.h (the knob its docs give for local changes): without the sockets,
    timers, files and OS entropy a WASI program has no use for (the driver seeds its
    DRBG itself), the same for both builds; and no assembly (bignum multiply-accumulate,
    AES-NI, PadLock), so x86-64 runs the same C as wasm32."""
    out = OUT / "gen" / "mbedtls"
    h = out / "mbedtls_user_config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        off = ("NET_C", "TIMING_C", "FS_IO", "PSA_ITS_FILE_C", "PSA_CRYPTO_STORAGE_C", "HAVE_TIME_DATE")
        # and the portable C on x86-64 too: no inline-assembly multiply-accumulate, AES-NI or PadLock
        off += ("HAVE_ASM", "AESNI_C", "PADLOCK_C")
        h.write_text("".join(f"#undef MBEDTLS_{k}\n" for k in off) + "#define MBEDTLS_NO_PLATFORM_ENTROPY\n")
    return out


def _gen_cmark() -> Path:
    """What cmark's CMake writes: config.h (from src/config.h.in: stdbool, __builtin_expect,
    __attribute__), cmark_version.h (from its .in, 0.30.2) and cmark_export.h (CMake's
    GenerateExportHeader, here for a static library: empty export marks)."""
    out = OUT / "gen" / "cmark"
    if not (out / "cmark_export.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["cmark"].src_root / "src"
        text = (src / "config.h.in").read_text()
        for k in ("HAVE_STDBOOL_H", "HAVE___BUILTIN_EXPECT", "HAVE___ATTRIBUTE__"):
            text = text.replace(f"#cmakedefine {k}", f"#define {k}")
        (out / "config.h").write_text(text)
        text = (src / "cmark_version.h.in").read_text()
        for k, v in (("MAJOR", "0"), ("MINOR", "30"), ("PATCH", "2")):
            text = text.replace(f"@PROJECT_VERSION_{k}@", v)
        (out / "cmark_version.h").write_text(text)
        (out / "cmark_export.h").write_text(
            "#ifndef CMARK_EXPORT_H\n#define CMARK_EXPORT_H\n#define CMARK_EXPORT\n#define CMARK_NO_EXPORT\n#endif\n"
        )
    return out


def _gen_onig() -> Path:
    """The config.h Oniguruma's configure writes: C99 headers and the type sizes per target."""
    out = OUT / "gen" / "onig"
    h = out / "config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        h.write_text(
            "#define HAVE_STDINT_H 1\n#define HAVE_SYS_TYPES_H 1\n#define HAVE_INTTYPES_H 1\n#define SIZEOF_INT 4\n"
            "#define SIZEOF_LONG __SIZEOF_LONG__\n#define SIZEOF_LONG_LONG 8\n#define SIZEOF_VOIDP __SIZEOF_POINTER__\n"
            '#define PACKAGE "onig"\n#define PACKAGE_VERSION "6.9.8"\n#define VERSION "6.9.8"\n'
        )
    return out


def _gen_sodium() -> Path:
    """sodium/version.h, which libsodium's configure makes from its .in (1.0.18, library 10.3);
    also as version.h, the name sodium/version.c includes it by (beside it in the tree)."""
    out = OUT / "gen" / "sodium"
    h = out / "sodium" / "version.h"
    if not (out / "version.h").exists():
        h.parent.mkdir(parents=True, exist_ok=True)
        text = (BY_NAME["sodium"].src_root / "src/libsodium/include/sodium/version.h.in").read_text()
        for k, v in (
            ("@VERSION@", "1.0.18"),
            ("@SODIUM_LIBRARY_VERSION_MAJOR@", "10"),
            ("@SODIUM_LIBRARY_VERSION_MINOR@", "3"),
            ("@SODIUM_LIBRARY_MINIMAL_DEF@", ""),
        ):
            text = text.replace(k, v)
        h.write_text(text)
        (out / "version.h").write_text(text)
    return out


def _gen_flac() -> Path:
    """The config.h FLAC's configure writes for a little-endian build without Ogg, x86 or
    NEON intrinsics and with 32-bit bit-buffer words (as on wasm32; x86-64 would take 64)."""
    out = OUT / "gen" / "flac"
    h = out / "config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        on = {"CPU_IS_BIG_ENDIAN": 0, "CPU_IS_LITTLE_ENDIAN": 1, "WORDS_BIGENDIAN": 0, "ENABLE_64_BIT_WORDS": 0}
        on |= {"FLAC__HAS_OGG": 0, "FLAC__HAS_X86INTRIN": 0, "FLAC__HAS_NEONINTRIN": 0, "FLAC__HAS_A64NEONINTRIN": 0}
        on |= {k: 1 for k in ("HAVE_LROUND", "HAVE_INTTYPES_H", "HAVE_STDINT_H", "HAVE_STDLIB_H", "HAVE_STRING_H")}
        h.write_text("".join(f"#define {k} {v}\n" for k, v in on.items()) + '#define PACKAGE_VERSION "1.4.2"\n')
    return out


def _gen_jansson() -> Path:
    """What Jansson's configure writes: jansson_config.h (from src/jansson_config.h.in: inline,
    long long integers, no locale handling, the compiler's atomic builtins) and jansson_private_config.h
    (its config.h) with the C99 headers its hash table includes (jansson_bench.c sets the hash seed itself,
    so hashtable_seed.c's /dev/urandom and clock fallbacks are never reached)."""
    out = OUT / "gen" / "jansson"
    if not (out / "jansson_private_config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        text = (BY_NAME["jansson"].src_root / "src" / "jansson_config.h.in").read_text()
        for k, v in (
            ("@json_inline@", "inline"),
            ("@json_have_long_long@", "1"),
            ("@json_have_localeconv@", "0"),
            ("@json_have_atomic_builtins@", "1"),
            ("@json_have_sync_builtins@", "1"),
        ):
            text = text.replace(k, v)
        (out / "jansson_config.h").write_text(text)
        (out / "jansson_private_config.h").write_text(
            "#define HAVE_STDINT_H 1\n#define HAVE_INTTYPES_H 1\n#define HAVE_ENDIAN_H 1\n"
            "#define HAVE_ATOMIC_BUILTINS 1\n#define HAVE_SYNC_BUILTINS 1\n"
        )
    return out


def _gen_libpng() -> Path:
    """pnglibconf.h, which libpng's configure makes from scripts/pnglibconf.dfa with the
    default options: the prebuilt copy it ships of that default (scripts/pnglibconf.h.prebuilt)."""
    out = OUT / "gen" / "libpng"
    if not (out / "pnglibconf.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(BY_NAME["libpng"].src_root / "scripts" / "pnglibconf.h.prebuilt", out / "pnglibconf.h")
    return out


def _gen_libjpeg() -> Path:
    """What libjpeg-turbo's CMake writes from jconfig.h.in, jconfigint.h.in and jversion.h.in
    for Debian's build: the libjpeg v6b API (JPEG_LIB_VERSION 62), 8-bit samples, arithmetic
    coding, the in-memory source and destination, no SIMD."""
    out = OUT / "gen" / "libjpeg"
    if not (out / "jversion.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["libjpeg"].src_root
        subst = {
            "@JPEG_LIB_VERSION@": "62",
            "@VERSION@": "2.1.5",
            "@LIBJPEG_TURBO_VERSION_NUMBER@": "2001005",
            "@BITS_IN_JSAMPLE@": "8",
            "@BUILD@": "20230101",
            "@INLINE@": "__inline__ __attribute__((always_inline))",
            "@THREAD_LOCAL@": "",  # only turbojpeg.c's error text uses it (not built)
            "@CMAKE_PROJECT_NAME@": "libjpeg-turbo",
            "@SIZE_T@": "__SIZEOF_SIZE_T__",
            "@COPYRIGHT_YEAR@": "1991-2023",
        }
        on = ("C_ARITH_CODING_SUPPORTED", "D_ARITH_CODING_SUPPORTED", "MEM_SRCDST_SUPPORTED", "HAVE_BUILTIN_CTZL")
        for name in ("jconfig.h", "jconfigint.h", "jversion.h"):
            text = (src / f"{name}.in").read_text()
            for k, v in subst.items():
                text = text.replace(k, v)
            lines = []
            for line in text.splitlines():
                if line.startswith("#cmakedefine "):
                    key = line.split()[1]
                    line = f"#define {key} 1" if key in on else f"/* #undef {key} */"
                lines.append(line)
            (out / name).write_text("\n".join(lines) + "\n")
    return out


def _gen_lame() -> Path:
    """The config.h LAME's configure writes on x86-64 (its IEEE-754 knobs TAKEHIRO_IEEE754_HACK
    and USE_FAST_LOG; wasm32 is IEEE-754 little-endian too) without the SSE intrinsics, with the
    mpglib decoder, C99 headers and types, and the type sizes per target."""
    out = OUT / "gen" / "lame"
    h = out / "config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        on = "STDC_HEADERS HAVE_STDINT_H HAVE_INTTYPES_H HAVE_LIMITS_H HAVE_STDLIB_H HAVE_STRING_H HAVE_ERRNO_H "
        on += "HAVE_FCNTL_H HAVE_UNISTD_H HAVE_SYS_TYPES_H HAVE_SYS_STAT_H HAVE_STRTOL HAVE_MPGLIB LAME_LIBRARY_BUILD "
        on += "TAKEHIRO_IEEE754_HACK USE_FAST_LOG"
        on += "".join(f" HAVE_{s}INT{b}_T" for s in ("", "U") for b in (8, 16, 32, 64))
        text = "".join(f"#define {k} 1\n" for k in on.split())
        sizes = {"SHORT": 2, "INT": 4, "LONG": "__SIZEOF_LONG__", "LONG_LONG": 8, "FLOAT": 4, "DOUBLE": 8}
        sizes |= {"UNSIGNED_SHORT": 2, "UNSIGNED_INT": 4, "UNSIGNED_LONG": "__SIZEOF_LONG__", "UNSIGNED_LONG_LONG": 8}
        text += "".join(f"#define SIZEOF_{k} {v}\n" for k, v in sizes.items())
        text += "typedef float ieee754_float32_t;\ntypedef double ieee754_float64_t;\n"
        text += '#define PACKAGE "lame"\n#define VERSION "3.100"\n#define PACKAGE_VERSION "3.100"\n'
        h.write_text(text)
    return out


def _gen_libwebp() -> Path:
    """src/webp/config.h, which configure writes (dsp.h and cpu.h include it under HAVE_CONFIG_H)
    for --disable-threading and no SIMD: no WEBP_USE_THREAD, no WEBP_HAVE_SSE2/SSE41/NEON, so
    cpu.h leaves WEBP_USE_SSE2 off on x86-64 and its *_sse2.c files compile to empty stubs."""
    out = OUT / "gen" / "libwebp"
    h = out / "src" / "webp" / "config.h"
    if not h.exists():
        h.parent.mkdir(parents=True, exist_ok=True)
        h.write_text("// generated by bench/programs.py: no threads, no SIMD\n")
    return out


def _gen_vorbis() -> Path:
    """ogg/config_types.h, which libogg's configure makes from its .in: the exact-width
    integer types (<stdint.h>) for ogg_int16_t .. ogg_uint64_t."""
    out = OUT / "gen" / "vorbis"
    h = out / "ogg" / "config_types.h"
    if not h.exists():
        h.parent.mkdir(parents=True, exist_ok=True)
        text = (DEBIAN / "libogg-1.3.5" / "include" / "ogg" / "config_types.h.in").read_text()
        subst = {"@INCLUDE_INTTYPES_H@": "0", "@INCLUDE_STDINT_H@": "1", "@INCLUDE_SYS_TYPES_H@": "0"}
        subst |= {f"@{u}SIZE{b}@": f"{u.lower()}int{b}_t" for u in ("", "U") for b in (16, 32, 64)}
        for k, v in subst.items():
            text = text.replace(k, v)
        h.write_text(text)
    return out


def _gen_mawk() -> Path:
    """The config.h mawk's configure writes for a C99 target without fork, pipes or locale
    (mawk's own random generator, IEEE floats that do not trap), and scancode.c, the scanner's
    table that its makescan program prints (built and run natively, as its Makefile does)."""
    out = OUT / "gen" / "mawk"
    if not (out / "scancode.c").exists():
        out.mkdir(parents=True, exist_ok=True)
        on = "HAVE_ERRNO_H HAVE_FCNTL_H HAVE_UNISTD_H HAVE_ISNAN HAVE_MKTIME HAVE_STRFTIME SIZE_T_STDDEF_H DECL_ENVIRON"
        text = "".join(f"#define {k} 1\n" for k in on.split())
        text += "#define MAX__INT 0x7fffffff\n#define MAX__LONG __LONG_MAX__\n#define MAX__UINT 0xffffffffU\n"
        text += "#define GCC_NORETURN __attribute__((noreturn))\n#define GCC_UNUSED __attribute__((unused))\n"
        text += '#define SYSTEM_NAME "wasi"\n#ifndef OPT_TRACE\n#define OPT_TRACE 0\n#endif\n'
        (out / "config.h").write_text(text)
        src = BY_NAME["mawk"].src_root
        exe = out / "makescan"
        sh([*NATIVE_CC, f"-I{out}", f"-I{src}", src / "makescan.c", "-o", exe])
        table = sh([exe], capture_output=True).stdout
        (out / "scancode.c.tmp").write_text(table)
        (out / "scancode.c.tmp").rename(out / "scancode.c")
    return out


def _gen_libmd() -> Path:
    """What libmd's configure and src/Makefile make: config.h (C99 headers, a little-endian
    target) and the helpers md4hl.c .. sha512hl.c, each helper.c with its hash's names put
    in (the Makefile's sed: hashinc -> the header, HASH -> the name, SHAnnn_CTX -> SHA2_CTX)."""
    out = OUT / "gen" / "libmd"
    if not (out / "sha512hl.c").exists():
        out.mkdir(parents=True, exist_ok=True)
        on = "HAVE_INTTYPES_H HAVE_STDINT_H HAVE_STDIO_H HAVE_STDLIB_H HAVE_STRING_H HAVE_SYS_STAT_H "
        on += "HAVE_SYS_TYPES_H HAVE_UNISTD_H STDC_HEADERS"
        (out / "config.h").write_text("".join(f"#define {k} 1\n" for k in on.split()))
        helper = (BY_NAME["libmd"].src_root / "src" / "helper.c").read_text()
        for h in LIBMD_HELPERS:
            name = h.upper()
            header = "sha2.h" if name.startswith("SHA") and name != "SHA1" else f"{h}.h"
            text = helper.replace("hashinc", header).replace("HASH", name)
            if header == "sha2.h":
                text = re.sub(r"SHA[0-9][0-9][0-9]_CTX", "SHA2_CTX", text)
            (out / f"{h}hl.c").write_text(text)
    return out


def _gen_dc() -> Path:
    """The config.h bc's configure writes for dc: C99 headers, fstat, vprintf, the version strings
    (configure.ac's dc_version 1.4.1); no readline (dc never uses it). lib/getopt.c is not built: glibc's
    build compiles it to nothing, and wasi-libc's getopt_long is the one that links beside it."""
    out = OUT / "gen" / "dc"
    h = out / "config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        on = "HAVE_ERRNO_H HAVE_FSTAT HAVE_INTTYPES_H HAVE_ISGRAPH HAVE_LIMITS_H HAVE_MEMORY_H HAVE_SETVBUF "
        on += "HAVE_STDARG_H HAVE_STDDEF_H HAVE_STDINT_H HAVE_STDLIB_H HAVE_STRINGS_H HAVE_STRING_H HAVE_STRTOL "
        on += "HAVE_SYS_STAT_H HAVE_SYS_TYPES_H HAVE_UNISTD_H HAVE_VPRINTF STDC_HEADERS"
        text = "".join(f"#define {k} 1\n" for k in on.split())
        text += '#define PACKAGE "bc"\n#define VERSION "1.07.1"\n#define DC_VERSION "1.4.1"\n'
        text += '#define DC_COPYRIGHT "Copyright 1994, 1997, 1998, 2000, 2001, 2003-2006, 2008, 2010, 2012-2017"\n'
        h.write_text(text)
    return out


def _gen_bc() -> Path:
    """dc's config.h, and bc/libmath.h as bc's Makefile first writes it (`{0}`: no math library;
    the real one is bc's own output over libmath.b, made by running a first bc at build time)."""
    out = OUT / "gen" / "bc"
    if not (out / "libmath.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        text = (_gen_dc() / "config.h").read_text()
        years = "1991-1994, 1997, 1998, 2000, 2004, 2006, 2008, 2012-2017"
        text += f'#define BC_COPYRIGHT "Copyright {years} Free Software Foundation, Inc."\n'
        (out / "config.h").write_text(text)
        (out / "libmath.h").write_text("{0}\n")
    return out


def _gen_jsonc() -> Path:
    """What json-c's CMake writes: config.h (from cmake/config.h.in: C99 headers and functions,
    no locale switching, no threads; json_c_get_random_seed's documented override with a fixed
    seed, so the hash tables are laid out alike in every run: WASI has no /dev/urandom),
    json_config.h and json.h (from json.h.cmakein, with json_pointer.h)."""
    out = OUT / "gen" / "jsonc"
    if not (out / "json.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["jsonc"].src_root
        on = "HAVE_FCNTL_H HAVE_INTTYPES_H HAVE_LIMITS_H HAVE_MEMORY_H HAVE_STDARG_H HAVE_STDINT_H HAVE_STDLIB_H "
        on += "HAVE_STRINGS_H HAVE_STRING_H HAVE_SYS_STAT_H HAVE_SYS_TYPES_H HAVE_UNISTD_H HAVE_DECL_INFINITY "
        on += "HAVE_DECL_ISINF HAVE_DECL_ISNAN HAVE_DECL_NAN HAVE_OPEN HAVE_REALLOC HAVE_SNPRINTF HAVE_STRCASECMP "
        on += "HAVE_STRDUP HAVE_STRERROR HAVE_STRNCASECMP HAVE_VASPRINTF HAVE_VPRINTF HAVE_VSNPRINTF HAVE_STRTOLL "
        on += "HAVE_STRTOULL JSON_C_HAVE_INTTYPES_H STDC_HEADERS"
        text = "".join(f"#define {k} 1\n" for k in on.split())
        text += "#define OVERRIDE_GET_RANDOM_SEED return 0x6a736f6e\n"
        text += (
            '#define PACKAGE_NAME "json-c"\n#define PACKAGE_VERSION "0.16"\n#define SIZEOF_SIZE_T __SIZEOF_SIZE_T__\n'
        )
        text += "#define SIZEOF_INT 4\n#define SIZEOF_INT64_T 8\n#define SIZEOF_LONG __SIZEOF_LONG__\n"
        text += "#define SIZEOF_LONG_LONG 8\n#define SIZEOF_SSIZE_T __SIZEOF_SIZE_T__\n"
        (out / "config.h").write_text(text)
        (out / "json_config.h").write_text("#define JSON_C_HAVE_INTTYPES_H 1\n")
        text = (src / "json.h.cmakein").read_text().replace("@JSON_H_JSON_POINTER@", '#include "json_pointer.h"')
        (out / "json.h").write_text(text)
    return out


def _gen_speex() -> Path:
    """What Speex's configure writes by default on a C99 target: config.h (floating point, variable
    arrays, no SSE, no Vorbis psychoacoustics, the version) and speex_config_types.h from its .in
    (the exact-width integer types)."""
    out = OUT / "gen" / "speex"
    h = out / "speex_config_types.h"  # speex_types.h includes it by its name alone
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        text = "#define FLOATING_POINT\n#define VAR_ARRAYS\n#define EXPORT\n"
        text += "".join(f"#define HAVE_{k}_H 1\n" for k in "INTTYPES STDINT STDIO STDLIB STRINGS STRING".split())
        text += '#define SPEEX_VERSION "1.2.1"\n#define SPEEX_MAJOR_VERSION 1\n#define SPEEX_MINOR_VERSION 2\n'
        text += '#define SPEEX_MICRO_VERSION 1\n#define SPEEX_EXTRA_VERSION ""\n'
        (out / "config.h").write_text(text)
        text = (BY_NAME["speex"].src_root / "include" / "speex" / "speex_config_types.h.in").read_text()
        for k, v in (
            ("@INCLUDE_STDINT@", "#include <stdint.h>"),
            ("@SIZE16@", "int16_t"),
            ("@USIZE16@", "uint16_t"),
            ("@SIZE32@", "int32_t"),
            ("@USIZE32@", "uint32_t"),
        ):
            text = text.replace(k, v)
        h.write_text(text)
    return out


def _gen_jq() -> Path:
    """What jq's Makefile makes before compiling: src/builtin.inc (src/builtin.jq as C string
    lines, its sed script) and src/version.h (Debian's patch pins the version to 1.6)."""
    out = OUT / "gen" / "jq"
    inc = out / "src" / "builtin.inc"
    if not inc.exists():
        inc.parent.mkdir(parents=True, exist_ok=True)
        text = (BY_NAME["jq"].src_root / "src" / "builtin.jq").read_text()
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        esc = ['"' + ln.replace("\\", "\\\\").replace('"', '\\"') + '\\n"' for ln in lines]
        (out / "src" / "version.h").write_text('#define JQ_VERSION "1.6"\n')
        inc.write_text("\n".join(esc) + "\n")
    return out


def _gen_divsufsort() -> Path:
    """What libdivsufsort's CMake build (Debian's) writes into include/: config.h from
    config.h.cmake (C99 headers, `inline`, the version) and divsufsort.h from divsufsort.h.cmake
    for the 32-bit index (saidx_t int32_t: the same on both targets)."""
    out = OUT / "gen" / "divsufsort"
    if not (out / "divsufsort.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        inc = BY_NAME["divsufsort"].src_root / "include"
        version = (inc.parent / "VERSION").read_text().strip()
        have = "INTTYPES_H STDDEF_H STDINT_H STDLIB_H STRING_H STRINGS_H MEMORY_H SYS_TYPES_H".split()
        lines = []
        for ln in (inc / "config.h.cmake").read_text().splitlines():
            m = re.match(r"#cmakedefine (\w+)", ln)
            if m and m.group(1) == "PROJECT_VERSION_FULL":
                ln = f'#define PROJECT_VERSION_FULL "{version}"'
            elif m:
                ln = f"#define {m.group(1)} 1" if m.group(1)[5:] in have else f"/* #undef {m.group(1)} */"
            lines.append(ln.replace("@INLINE@", "inline"))
        (out / "config.h").write_text("\n".join(lines) + "\n")
        text = (inc / "divsufsort.h.cmake").read_text()
        for k, v in (
            ("@W64BIT@", ""),
            ("@INCFILE@", "#include <inttypes.h>"),
            ("@DIVSUFSORT_EXPORT@", ""),
            ("@DIVSUFSORT_IMPORT@", ""),
            ("@SAUCHAR_TYPE@", "uint8_t"),
            ("@SAINT32_TYPE@", "int32_t"),
            ("@SAINDEX_TYPE@", "int32_t"),
            ("@SAINT_PRId@", "PRId32"),
            ("@SAINDEX_PRId@", "PRId32"),
        ):
            text = text.replace(k, v)
        (out / "divsufsort.h").write_text(text)
    return out


def _gen_potrace() -> Path:
    """The config.h potrace's configure writes, as far as the library's four files read it:
    VERSION (potrace_version()) and the C99 headers."""
    out = OUT / "gen" / "potrace"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        (out / "config.h").write_text(
            '#define VERSION "1.16"\n#define PACKAGE_VERSION "1.16"\n#define HAVE_INTTYPES_H 1\n'
            "#define HAVE_STDINT_H 1\n#define HAVE_STDLIB_H 1\n#define HAVE_STRING_H 1\n#define STDC_HEADERS 1\n"
        )
    return out


def _gen_glpk() -> Path:
    """GLPK's config.h for an ISO C build: none of config.h.in's options (no gettimeofday, GMP,
    shared-library loading or thread-local storage; its clock then comes from time(), which
    the driver's output never shows)."""
    out = OUT / "gen" / "glpk"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        (out / "config.h").write_text("/* config.h: no optional features (bench/programs.py) */\n")
    return out


def _gen_jimtcl() -> Path:
    """What Jim's autosetup configure writes (auto.def's make-config-header): jim-config.h
    (long long, int's size, the version; no UTF-8: its default) and jimautoconf.h, here for
    the interpreter's core and the extensions the driver loads: the ISO C functions both
    targets have, the platform variables (the same text on both), no dlopen, no signals,
    Jim's own regexp engine; and stdlib.c from stdlib.tcl, as its make-c-ext.tcl makes it."""
    out = OUT / "gen" / "jimtcl"
    if not (out / "jimautoconf.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        (out / "jim-config.h").write_text(
            "#ifndef _JIM_CONFIG_H\n#define _JIM_CONFIG_H\n#define HAVE_LONG_LONG 1\n#define SIZEOF_INT 4\n"
            "#define JIM_VERSION 81\n#endif\n"
        )
        have = "ISNAN ISINF ISASCII SYS_TIME_H TIME_H UNISTD_H".split()
        exts = "regexp array pack package load".split()
        (out / "jimautoconf.h").write_text(
            "#ifndef _JIMAUTOCONF_H\n#define _JIMAUTOCONF_H\n"
            + "".join(f"#define HAVE_{h} 1\n" for h in have)
            + "".join(f"#define jim_ext_{e} 1\n" for e in exts)
            + '#define TCL_LIBRARY "/usr/lib/jim"\n#define TCL_PLATFORM_OS "unknown"\n'
            + '#define TCL_PLATFORM_PLATFORM "unix"\n#define TCL_PLATFORM_PATH_SEPARATOR ":"\n'
            # JIM_REGEXP (configure --with-jim-regexp): Jim's own regexp engine, jimregexp.c, on
            # both targets; Debian's build takes the C library's regcomp, and glibc's and musl's
            # differ (musl reads \\d as a digit, glibc as the letter d)
            + "#define JIM_REFERENCES 1\n#define JIM_MATH_FUNCTIONS 1\n#define JIM_REGEXP 1\n#endif\n"
        )
        # stdlib.tcl as C, as make-c-ext.tcl makes it: comment lines emptied, \\ and " escaped,
        # one string a line, evaluated by Jim_stdlibInit (the dict subcommands written in Tcl)
        lines = []
        for ln in (BY_NAME["jimtcl"].src_root / "stdlib.tcl").read_text().split("\n")[:-1]:
            ln = re.sub(r"^[ \t]*#.*$", "", ln).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
            lines.append(f'"{ln}\\n"')
        (out / "stdlib.c").write_text(
            "/* autogenerated - do not edit */\n#include <jim.h>\nint Jim_stdlibInit(Jim_Interp *interp)\n{\n"
            '\tif (Jim_PackageProvide(interp, "stdlib", "1.0", JIM_ERRMSG)) return JIM_ERR;\n'
            '\treturn Jim_EvalSource(interp, "stdlib.tcl", 1, ' + "\n".join(lines) + ");\n}\n"
        )
    return out


def _gen_nettle() -> Path:
    """What Nettle's `configure --disable-assembler` writes: config.h from config.h.in (C99
    headers, alloca, the sizes of long and size_t as each compiler knows them) and version.h
    from version.h.in (3.8, no mini-gmp: libhogweed, which would use it, is not built)."""
    out = OUT / "gen" / "nettle"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["nettle"].src_root
        have = {
            **{f"HAVE_{h}": "1" for h in "ALLOCA ALLOCA_H INTTYPES_H STDINT_H STDLIB_H STRING_H STRINGS_H".split()},
            **{f"HAVE_{h}": "1" for h in "SYS_TYPES_H SYS_STAT_H UNISTD_H STRERROR GCC_ATTRIBUTE".split()},
            "STDC_HEADERS": "1",
            "SIZEOF_LONG": "__SIZEOF_LONG__",
            "SIZEOF_SIZE_T": "__SIZEOF_SIZE_T__",
            "PACKAGE_VERSION": '"3.8.1"',
        }

        def sub(m: re.Match[str]) -> str:
            return f"#define {m.group(2)} {have[m.group(2)]}" if m.group(2) in have else f"/* {m.group(0)} */"

        text = re.sub(r"^(\s*#\s*undef) (\w+)\s*$", sub, (src / "config.h.in").read_text(), flags=re.M)
        (out / "config.h").write_text(text)
        text = (src / "version.h.in").read_text()
        for k, v in (("@MAJOR_VERSION@", "3"), ("@MINOR_VERSION@", "8"), ("@NETTLE_USE_MINI_GMP@", "0")):
            text = text.replace(k, v)
        (out / "version.h").write_text(text.replace("@GMP_NUMB_BITS@", "0"))
    return out


def _gen_msgpack() -> Path:
    """What msgpack-c's CMake build configures (CMakeLists.txt's CONFIGURE_FILE): sysdep.h and
    pack_template.h from cmake/*.h.in for a little-endian target, where its headers look for
    them (as "msgpack/sysdep.h" and as "sysdep.h" beside the including header)."""
    out = OUT / "gen" / "msgpack"
    if not (out / "msgpack" / "pack_template.h").exists():
        src = BY_NAME["msgpack"].src_root / "cmake"
        (out / "msgpack").mkdir(parents=True, exist_ok=True)
        for name in ("sysdep.h", "pack_template.h"):
            text = (src / f"{name}.in").read_text()
            text = text.replace("@MSGPACK_ENDIAN_BIG_BYTE@", "0").replace("@MSGPACK_ENDIAN_LITTLE_BYTE@", "1")
            (out / name).write_text(text)
            (out / "msgpack" / name).write_text(text)
    return out


def _gen_tasn1() -> Path:
    """The config.h libtasn1's configure writes, from its config.h.in: gnulib's part as it is
    (the inline and attribute macros its headers need), the system extensions, the C99 headers, `unsigned int`'s size
    and `unsigned long`'s from the compiler (8 bytes on x86-64, 4 on wasm32, as configure finds);
    and gnulib's limits.h."""
    out = OUT / "gen" / "tasn1"
    if not (out / "limits.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["tasn1"].src_root / "config.h.in"
        want = {
            **{h: "1" for h in "HAVE_INTTYPES_H HAVE_STDINT_H HAVE_STDLIB_H HAVE_STRING_H HAVE_SYS_TYPES_H".split()},
            "HAVE_UNISTD_H": "1",
            "STDC_HEADERS": "1",
            "SIZEOF_UNSIGNED_INT": "4",
            "SIZEOF_UNSIGNED_LONG_INT": "__SIZEOF_LONG__",
            "_GNU_SOURCE": "1",  # AC_USE_SYSTEM_EXTENSIONS (glibc's <limits.h> then has WORD_BIT)
            "PACKAGE": '"libtasn1"',
            "VERSION": '"4.19.0"',
            "PACKAGE_VERSION": '"4.19.0"',
        }
        lines = []
        for ln in src.read_text().splitlines():
            m = re.match(r"# ?undef (\w+)\s*$", ln)
            if m:
                ln = f"#define {m.group(1)} {want[m.group(1)]}" if m.group(1) in want else f"/* {ln} */"
            lines.append(ln)
        (out / "config.h").write_text("\n".join(lines) + "\n")
        # gnulib's <limits.h> (lib/gl/Makefile.am's rule for limits.in.h): the system's, plus WORD_BIT
        # (parser_aux.c's hash), which glibc's defines only for X/Open
        text = (src.parent / "lib" / "gl" / "limits.in.h").read_text()
        for k, v in (
            ("@GUARD_PREFIX@", "GL"),
            ("@INCLUDE_NEXT@", "include_next"),
            ("@NEXT_LIMITS_H@", "<limits.h>"),
            ("@PRAGMA_SYSTEM_HEADER@", "#pragma GCC system_header"),
            ("@PRAGMA_COLUMNS@", ""),
        ):
            text = text.replace(k, v)
        (out / "limits.h").write_text(text)
    return out


def _gen_tcc() -> Path:
    """The config.h TinyCC's configure writes for an x86-64 Linux target (Debian's paths): its
    version and where its own headers and runtime library would be (the driver uses neither)."""
    out = OUT / "gen" / "tcc"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        version = (BY_NAME["tcc"].src_root / "VERSION").read_text().strip()
        (out / "config.h").write_text(
            f'#define TCC_VERSION "{version}"\n#define CONFIG_TCCDIR "/usr/lib/x86_64-linux-gnu/tcc"\n'
            '#define CONFIG_TRIPLET "x86_64-linux-gnu"\n'
        )
    return out


def _gen_libxcrypt() -> Path:
    """What libxcrypt's configure and Makefile write for a static library with every hash
    (--enable-hashes=all, Debian's) on both targets: config.h (the headers and functions both
    libcs have; no <sys/cdefs.h>, which musl lacks), and crypt-hashes.h, crypt-symbol-vers.h and
    crypt.h made by the package's own Perl scripts (build-aux/scripts) as its Makefile runs them."""
    out = OUT / "gen" / "libxcrypt"
    if not (out / "crypt.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["libxcrypt"].src_root
        config = [
            '#define PACKAGE_VERSION "4.4.33"',
            "#define HAVE_UNISTD_H 1",
            "#define HAVE_SYS_TYPES_H 1",
            "#define HAVE_SYS_STAT_H 1",
            "#define HAVE_FCNTL_H 1",
            "#define HAVE_ENDIAN_H 1",
            "#define HAVE_SYS_PARAM_H 1",
            "#define HAVE_STATIC_ASSERT_IN_ASSERT_H 1",
            "#define HAVE_MAX_ALIGN_T 1",
            "#define HAVE_EXPLICIT_BZERO 1",
            "#define HAVE_GETENTROPY 1",
            "#define ENABLE_FAILURE_TOKENS 1",
            "#define ENABLE_OBSOLETE_API 0",
            "#define alignas(n) _Alignas(n)",  # zw_alignment.m4: C11 keywords on both compilers
            "#define alignof(t) _Alignof(t)",
            "#define ENDIANNESS_IS_BIG 0",  # both targets are little-endian
            "#define ENDIANNESS_IS_LITTLE 1",
        ]
        (out / "config.h").write_text("\n".join(config) + "\n")
        hashes = ",".join(
            "yescrypt gost_yescrypt scrypt bcrypt bcrypt_y bcrypt_a bcrypt_x sha512crypt sha256crypt sha1crypt "
            "sunmd5 md5crypt nt bsdicrypt bigcrypt descrypt".split()
        )
        scripts = src / "build-aux" / "scripts"
        env = {**os.environ, "LC_ALL": "C"}
        for name, args in (
            ("crypt-hashes.h", ["gen-crypt-hashes-h", src / "lib" / "hashes.conf", hashes]),
            (
                "crypt-symbol-vers.h",
                [
                    "gen-crypt-symbol-vers-h",
                    "no",  # APPLY_SYMVERS: a static library has no symbol versions
                    "SYMVER_MIN=XCRYPT_2.0",
                    "SYMVER_FLOOR=XCRYPT_2.0",
                    "COMPAT_ABI=no",
                    src / "lib" / "libcrypt.map.in",
                ],
            ),
            (
                "crypt.h",
                ["gen-crypt-h", src / "lib" / "crypt.h.in", out / "config.h", src / "lib" / "hashes.conf", hashes],
            ),
        ):
            text = sh(["perl", scripts / args[0], *args[1:]], capture_output=True, env=env).stdout
            (out / (name + ".tmp")).write_text(text)
            (out / (name + ".tmp")).rename(out / name)
    return out


def _gen_gsl() -> Path:
    """What GSL's configure and make write for both targets: config.h from config.h.in with the
    C99 functions and headers both libcs have, IEEE comparisons and denormals, C99 inline (no
    IEEE-interface setup: the driver sets no FPU modes), and the gsl/ directory of every
    library header (gsl/Makefile.am links them there); the files whose names two directories
    share (sys/ and specfunc/ both have pow_int.c, complex/ and specfunc/ inline.c) compiled
    under a name of their own, a one-line file including the original."""
    out = OUT / "gen" / "gsl"
    if not (out / "config.h").exists():
        src = BY_NAME["gsl"].src_root
        (out / "gsl").mkdir(parents=True, exist_ok=True)
        for h in sorted(src.glob("*/gsl_*.h")) + sorted(src.glob("gsl_*.h")):
            shutil.copyfile(h, out / "gsl" / h.name)
        found = {
            "HAVE_C99_INLINE",
            "HAVE_DECL_ACOSH",
            "HAVE_DECL_ASINH",
            "HAVE_DECL_ATANH",
            "HAVE_DECL_EXPM1",
            "HAVE_DECL_FINITE",
            "HAVE_DECL_FREXP",
            "HAVE_DECL_HYPOT",
            "HAVE_DECL_ISFINITE",
            "HAVE_DECL_ISINF",
            "HAVE_DECL_ISNAN",
            "HAVE_DECL_LDEXP",
            "HAVE_DECL_LOG1P",
            "HAVE_EXIT_SUCCESS_AND_FAILURE",
            "HAVE_IEEE_COMPARISONS",
            "HAVE_IEEE_DENORMALS",
            "HAVE_INTTYPES_H",
            "HAVE_LIBM",
            "HAVE_MEMCPY",
            "HAVE_MEMMOVE",
            "HAVE_STDINT_H",
            "HAVE_STDIO_H",
            "HAVE_STDLIB_H",
            "HAVE_STRDUP",
            "HAVE_STRINGS_H",
            "HAVE_STRING_H",
            "HAVE_STRTOL",
            "HAVE_STRTOUL",
            "HAVE_SYS_STAT_H",
            "HAVE_SYS_TYPES_H",
            "HAVE_UNISTD_H",
            "HAVE_VPRINTF",
            "RELEASED",
            "STDC_HEADERS",
        }
        lines = []
        for line in (src / "config.h.in").read_text().splitlines():
            name = line.split()[1] if line.startswith("#undef ") else ""
            lines.append(f"#define {name} 1" if name in found else line)
        (out / "config.h").write_text("\n".join(lines) + "\n")
        for d, f in (("sys", "pow_int.c"), ("complex", "inline.c")):
            (out / f"{d}_{f}").write_text(f'#include "{src / d / f}"\n')
    return out


FFTW_DIRS = (
    "kernel dft dft/scalar dft/scalar/codelets rdft rdft/scalar rdft/scalar/r2cf rdft/scalar/r2cb "
    "rdft/scalar/r2r reodft api"
).split()


def _gen_fftw3() -> Path:
    """What FFTW's configure writes for both targets (double precision, no SIMD, threads or
    Fortran wrappers): config.h from config.h.in with the C99 headers and functions both libcs
    have and the type sizes from each compiler's own macros; and, since its directories share
    file names (plan.c, conf.c, buffered.c, ...), a one-line file including each library
    source under its directory's name (kernel_plan.c), as the libtool convenience libraries
    of Makefile.am's libfftw3_la_LIBADD keep them apart."""
    out = OUT / "gen" / "fftw3"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["fftw3"].src_root
        found = {
            "HAVE_ABORT",
            "HAVE_INTTYPES_H",
            "HAVE_LIBM",
            "HAVE_LIMITS_H",
            "HAVE_MEMMOVE",
            "HAVE_MEMSET",
            "HAVE_PTRDIFF_T",
            "HAVE_SNPRINTF",
            "HAVE_SQRT",
            "HAVE_STDDEF_H",
            "HAVE_STDINT_H",
            "HAVE_STDLIB_H",
            "HAVE_STRCHR",
            "HAVE_STRING_H",
            "HAVE_UINTPTR_T",
            "HAVE_VPRINTF",
            "STDC_HEADERS",
            "DISABLE_FORTRAN",
        }
        sizes = {
            "SIZEOF_DOUBLE": "__SIZEOF_DOUBLE__",
            "SIZEOF_FLOAT": "__SIZEOF_FLOAT__",
            "SIZEOF_FFTW_R2R_KIND": "__SIZEOF_INT__",
            "SIZEOF_INT": "__SIZEOF_INT__",
            "SIZEOF_UNSIGNED_INT": "__SIZEOF_INT__",
            "SIZEOF_LONG": "__SIZEOF_LONG__",
            "SIZEOF_UNSIGNED_LONG": "__SIZEOF_LONG__",
            "SIZEOF_LONG_LONG": "__SIZEOF_LONG_LONG__",
            "SIZEOF_UNSIGNED_LONG_LONG": "__SIZEOF_LONG_LONG__",
            "SIZEOF_PTRDIFF_T": "__SIZEOF_PTRDIFF_T__",
            "SIZEOF_SIZE_T": "__SIZEOF_SIZE_T__",
            "SIZEOF_VOID_P": "__SIZEOF_POINTER__",
            "PACKAGE": '"fftw"',
            "PACKAGE_VERSION": '"3.3.10"',
            "VERSION": '"3.3.10"',
            "FFTW_CC": '"cc"',
        }
        lines = []
        for line in (src / "config.h.in").read_text().splitlines():
            name = line.split()[1] if line.startswith("#undef ") else ""
            if name in found:
                line = f"#define {name} 1"
            elif name in sizes:
                line = f"#define {name} {sizes[name]}"
            lines.append(line)
        (out / "config.h").write_text("\n".join(lines) + "\n")
        for d in FFTW_DIRS:
            for f in sorted((src / d).glob("*.c")):
                if f.name != "f77api.c":  # the Fortran wrappers (DISABLE_FORTRAN)
                    (out / f"fftw_{d.replace('/', '_')}_{f.name}").write_text(f'#include "{f}"\n')
    return out


def _gen_nasm() -> Path:
    """config/config.h as NASM's configure writes it on both targets: the C99 headers and the
    POSIX functions both libcs have (no mmap, realpath or getrlimit: WASI lacks them, and NASM
    falls back to plain reads), and GCC's attributes and builtins, which clang has too."""
    out = OUT / "gen" / "nasm"
    if not (out / "config" / "config.h").exists():
        (out / "config").mkdir(parents=True, exist_ok=True)
        src = BY_NAME["nasm"].src_root
        found = set(
            (
                "HAVE_ENDIAN_H HAVE_FCNTL_H HAVE_INTTYPES_H HAVE_STDARG_H HAVE_STDBOOL_H HAVE_STDINT_H HAVE_STDIO_H "
                "HAVE_STDLIB_H HAVE_STDNORETURN_H HAVE_STRINGS_H HAVE_STRING_H HAVE_SYS_STAT_H HAVE_SYS_TYPES_H "
                "HAVE_UNISTD_H HAVE_WCHAR_H HAVE_STDC_INLINE HAVE__BOOL HAVE_UINTPTR_T STDC_HEADERS WORDS_LITTLEENDIAN "
                "HAVE_ACCESS HAVE_FILENO HAVE_FSEEKO HAVE_FSTAT HAVE_FTRUNCATE HAVE_ISASCII HAVE_ISCNTRL HAVE_SNPRINTF "
                "HAVE_VSNPRINTF HAVE_STAT HAVE_STRUCT_STAT HAVE_S_ISREG HAVE_STRCASECMP HAVE_STRNCASECMP HAVE_STRNLEN "
                "HAVE_STRSEP HAVE_DECL_STRCASECMP HAVE_DECL_STRNCASECMP HAVE_DECL_STRNLEN HAVE_DECL_STRSEP "
                "HAVE_TYPEOF HAVE___BUILTIN_BSWAP16 HAVE___BUILTIN_BSWAP32 HAVE___BUILTIN_BSWAP64 "
                "HAVE___BUILTIN_CHOOSE_EXPR HAVE___BUILTIN_CLZ HAVE___BUILTIN_CLZL HAVE___BUILTIN_CLZLL "
                "HAVE___BUILTIN_CONSTANT_P HAVE___BUILTIN_EXPECT HAVE_FUNC_ATTRIBUTE_COLD HAVE_FUNC_ATTRIBUTE_CONST "
                "HAVE_FUNC_ATTRIBUTE_MALLOC HAVE_FUNC_ATTRIBUTE_NORETURN HAVE_FUNC_ATTRIBUTE_PURE "
                "HAVE_FUNC_ATTRIBUTE_RETURNS_NONNULL HAVE_FUNC_ATTRIBUTE_SENTINEL HAVE_FUNC_ATTRIBUTE_UNUSED "
                "HAVE_FUNC_ATTRIBUTE3_FORMAT HAVE_FUNC_ATTRIBUTE1_ALLOC_SIZE HAVE_FUNC_ATTRIBUTE2_ALLOC_SIZE"
            ).split()
        )
        lines = []
        for line in (src / "config" / "config.h.in").read_text().splitlines():
            name = line.split()[1] if line.startswith("#undef ") else ""
            lines.append(f"#define {name} 1" if name in found else line)
        (out / "config" / "config.h").write_text("\n".join(lines) + "\n")
    return out


# Judy's files per library (Judy1, JudyL): its Makefile.am's copies of JudyCommon/, each compiled
# with the library's define and the copy's own (the next and prev walks, the inline get, ByCount)
JUDY_COMMON = {
    "Test": "JudyGet",
    "Get": "JudyGet",
    "Set": "JudyIns",
    "Ins": "JudyIns",
    "SetArray": "JudyInsArray",
    "InsArray": "JudyInsArray",
    "Unset": "JudyDel",
    "Del": "JudyDel",
    **{f: f"Judy{f}" for f in "Cascade Count CreateBranch Decascade First FreeArray InsertBranch".split()},
    **{f: f"Judy{f}" for f in "MallocIF MemActive MemUsed".split()},
}
JUDY_OWN_FLAGS = {
    "Next": ("JudyPrevNext", "JUDYNEXT"),
    "Prev": ("JudyPrevNext", "JUDYPREV"),
    "NextEmpty": ("JudyPrevNextEmpty", "JUDYNEXT"),
    "PrevEmpty": ("JudyPrevNextEmpty", "JUDYPREV"),
    "ByCount": ("JudyByCount", "NOSMARTJBB NOSMARTJBU NOSMARTJLB"),
}
# a Python that has wasmtime (the project's venv): runs the 32-bit tables generator
WASM_RUN = """import sys, wasmtime
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
wasi = wasmtime.WasiConfig()
wasi.preopen_dir(sys.argv[2], ".")
wasi.inherit_stderr()
store.set_wasi(wasi)
linker = wasmtime.Linker(engine)
linker.define_wasi()
inst = linker.instantiate(store, wasmtime.Module.from_file(engine, sys.argv[1]))
inst.exports(store)["_start"](store)
"""


def _gen_judy() -> Path:
    """What Judy's Makefile.am does before compiling: a copy of each JudyCommon/ file per library
    (here a file that defines the library's JUDY1 or JUDYL, and JUDYNEXT, JUDYPREV, ... where the
    Makefile gives that copy its own flags, then includes the original), and Judy1Tables.c and
    JudyLTables.c, the malloc size tables that JudyTables.c, compiled and run for the target,
    writes for its word size: run natively for the 64-bit build (JU_64BIT, as configure sets it on
    x86-64) and as wasm32 for the 32-bit one; the tables file includes the one for its word size."""
    out = OUT / "gen" / "judy"
    done = out / "judy_JudyLTables.c"
    if not done.exists():
        out.mkdir(parents=True, exist_ok=True)
        common = BY_NAME["judy"].src_root / "src" / "JudyCommon"
        inc = [f"-I{BY_NAME['judy'].src_root / 'src' / d}" for d in ("", "JudyCommon", "Judy1", "JudyL")]
        for lib in ("1", "L"):
            files = {**{k: (v, "") for k, v in JUDY_COMMON.items()}, **JUDY_OWN_FLAGS}
            for name, (orig, flags) in files.items():
                if lib == "1" and name in ("Get", "Ins", "InsArray", "Del"):
                    continue  # Judy1's are Test, Set, SetArray, Unset
                if lib == "L" and name in ("Test", "Set", "SetArray", "Unset"):
                    continue
                defs = "".join(f"#define {d}\n" for d in (f"JUDY{lib}", *flags.split()))
                (out / f"judy_Judy{lib}{name}.c").write_text(f'{defs}#include "{common / orig}.c"\n')
            inline = "Test" if lib == "1" else "Get"
            (out / f"judy_j__udy{lib}{inline}.c").write_text(
                f'#define JUDY{lib}\n#define JUDYGETINLINE\n#include "{common / "JudyGet.c"}"\n'
            )
            tables = f"Judy{lib}Tables.c"
            for bits, cc in ((64, [*NATIVE_CC, "-DJU_64BIT"]), (32, WASM_CC[:3])):
                work = out / f"tables{bits}"
                work.mkdir(exist_ok=True)
                exe = work / (f"gen{lib}.wasm" if bits == 32 else f"gen{lib}")
                sh([*cc, *inc, f"-DJUDY{lib}", common / "JudyTables.c", "-o", exe])
                if bits == 32:
                    sh([ROOT / ".venv" / "bin" / "python", "-c", WASM_RUN, exe, work])
                else:
                    sh([exe], cwd=work)
                os.replace(work / tables, out / f"Judy{lib}Tables{bits}.c")
            (out / f"judy_{tables}").write_text(
                f'#define JUDY{lib}\n#if __SIZEOF_POINTER__ == 8\n#include "Judy{lib}Tables64.c"\n#else\n'
                f'#include "Judy{lib}Tables32.c"\n#endif\n'
            )
    return out


def _gen_openjpeg() -> Path:
    """opj_config.h and opj_config_private.h as OpenJPEG's CMake writes them from their .cmake.in
    files on both targets: stdint.h and inttypes.h, fseeko and posix_memalign (both libcs have
    them), little-endian, version 2.5.0; no threads (thread.c's single-threaded fallback)."""
    out = OUT / "gen" / "openjpeg"
    if not (out / "opj_config_private.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["openjpeg"].src_root / "src" / "lib" / "openjp2"
        values = {
            "OPJ_HAVE_STDINT_H": "1",
            "OPENJPEG_VERSION_MAJOR": "2",
            "OPENJPEG_VERSION_MINOR": "5",
            "OPENJPEG_VERSION_BUILD": "0",
            "OPJ_HAVE_INTTYPES_H": "1",
            "PACKAGE_VERSION": "2.5.0",
            "OPJ_HAVE_FSEEKO": "1",
            "OPJ_HAVE_POSIX_MEMALIGN": "",
        }
        for name in ("opj_config.h", "opj_config_private.h"):
            lines = []
            for line in (src / f"{name}.cmake.in").read_text().splitlines():
                m = re.match(r"#cmakedefine (\w+)", line)
                if m:
                    line = f"#define {m.group(1)} {values[m.group(1)]}" if m.group(1) in values else f"/* {line} */"
                lines.append(re.sub(r"@(\w+)@", lambda v: values.get(v.group(1), ""), line))
            (out / name).write_text("\n".join(lines) + "\n")
    return out


def _gen_indent() -> Path:
    """config.h as GNU indent's configure writes it on both targets: the C99 headers and the
    functions both libcs have, utime.h, no native language support (gettext's calls are no-ops)."""
    out = OUT / "gen" / "indent"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["indent"].src_root
        found = set(
            (
                "HAVE_INTTYPES_H HAVE_LIMITS_H HAVE_MEMCPY HAVE_MEMMOVE HAVE_STDDEF_H HAVE_STDINT_H HAVE_STDLIB_H "
                "HAVE_STRCHR HAVE_STRDUP HAVE_STRINGS_H HAVE_STRING_H HAVE_STRNLEN HAVE_STRTOUL HAVE_SYS_STAT_H "
                "HAVE_SYS_TYPES_H HAVE_UNISTD_H HAVE_UTIME HAVE_UTIME_H HAVE_SNPRINTF HAVE_STRCASECMP STDC_HEADERS"
            ).split()
        )
        strings = {"PACKAGE": "indent", "VERSION": "2.2.12", "PACKAGE_VERSION": "2.2.12", "PACKAGE_NAME": "GNU indent"}
        lines = []
        for line in (src / "config.h.in").read_text().splitlines():
            name = line.split()[1] if line.startswith("#undef ") else ""
            if name in found:
                line = f"#define {name} 1"
            elif name in strings:
                line = f'#define {name} "{strings[name]}"'
            lines.append(line)
        (out / "config.h").write_text("\n".join(lines) + "\n")
    return out


def _config_h(template: Path, out: Path, found: set[str], strings: dict[str, str]) -> None:
    """out/config.h from a configure template: each `#undef NAME` of found defined as 1, of
    strings as the string, the others left undefined (as configure writes them)."""
    lines = []
    for line in template.read_text().splitlines():
        name = line.split()[1] if line.startswith("#undef ") else ""
        if name in found:
            line = f"#define {name} 1"
        elif name in strings:
            line = f'#define {name} "{strings[name]}"'
        lines.append(line)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.h").write_text("\n".join(lines) + "\n")


def _gen_twolame() -> Path:
    """config.h as TwoLAME's configure writes it on both targets: the C99 headers, libm."""
    out = OUT / "gen" / "twolame"
    if not (out / "config.h").exists():
        found = set(
            "HAVE_ASSERT_H HAVE_INTTYPES_H HAVE_LIBM HAVE_STDINT_H HAVE_STDLIB_H HAVE_STRINGS_H HAVE_STRING_H "
            "HAVE_SYS_STAT_H HAVE_SYS_TYPES_H HAVE_UNISTD_H STDC_HEADERS".split()
        )
        strings = {"PACKAGE": "twolame", "VERSION": "0.4.0", "PACKAGE_VERSION": "0.4.0", "PACKAGE_NAME": "twolame"}
        strings["PACKAGE_BUGREPORT"] = "twolame-discuss@lists.sourceforge.net"
        strings["PACKAGE_URL"] = "http://www.twolame.org/"
        _config_h(BY_NAME["twolame"].src_root / "libtwolame" / "config.h.in", out, found, strings)
    return out


def _gen_byacc() -> Path:
    """config.h as byacc's configure writes it for Debian's build on both targets (debian/rules:
    --enable-btyacc --enable-stdnoreturn): the C99 headers, getopt, vsnprintf; but neither mkstemp
    nor fcntl.h, so that main.c takes its temporary files from tmpfile() (the driver's memory
    streams) rather than from a directory; defs.h's defaults for the attribute macros."""
    out = OUT / "gen" / "byacc"
    if not (out / "config.h").exists():
        found = set(
            "HAVE_GETOPT HAVE_GETOPT_HEADER HAVE_INTTYPES_H HAVE_STDINT_H HAVE_STDLIB_H "
            "HAVE_STDNORETURN_H HAVE_STRINGS_H HAVE_STRING_H HAVE_SYS_STAT_H HAVE_SYS_TYPES_H HAVE_UNISTD_H "
            "HAVE_VSNPRINTF MIXEDCASE_FILENAMES STDC_HEADERS STDC_NORETURN YYBTYACC".split()
        )
        _config_h(BY_NAME["byacc"].src_root / "config_h.in", out, found, {"SYSTEM_NAME": "linux-gnu"})
    return out


def _gen_gperf() -> Path:
    """src/config.h as gperf's configure writes it on both targets: clang and g++ both take
    stack-allocated variable-size arrays (HAVE_DYNAMIC_ARRAY), and the package's names."""
    out = OUT / "gen" / "gperf"
    if not (out / "config.h").exists():
        strings = {"PACKAGE_NAME": "GNU gperf", "PACKAGE_TARNAME": "gperf", "PACKAGE_VERSION": "3.1"}
        strings |= {"PACKAGE_STRING": "GNU gperf 3.1", "PACKAGE_BUGREPORT": "", "PACKAGE_URL": ""}
        _config_h(BY_NAME["gperf"].src_root / "src" / "config.h.in", out, {"HAVE_DYNAMIC_ARRAY"}, strings)
    return out


def _gen_awk() -> Path:
    """The one true awk's generated files as its makefile makes them: the grammar by a yacc
    (Debian builds with bison, which this machine has not: byacc, built here natively from the
    held-out byacc's sources, `-d -b awkgram`), then proctab.c by maketab, built natively and
    run on the grammar's token header."""
    out = OUT / "gen" / "awk"
    if not (out / "proctab.c").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["awk"].src_root
        yacc_prog = BY_NAME["byacc"]
        fetch([yacc_prog])
        yacc_cfg = _gen_byacc()
        yacc_srcs = [yacc_prog.src_root / f for f in yacc_prog.srcs]
        sh(
            [
                "gcc",
                "-O2",
                "-w",
                "-DHAVE_CONFIG_H=1",
                f"-I{yacc_cfg}",
                f"-I{yacc_prog.src_root}",
                *yacc_srcs,
                "-o",
                out / "byacc",
            ]
        )
        sh([out / "byacc", "-d", "-b", "awkgram", src / "awkgram.y"], cwd=out)
        sh(["gcc", "-O2", "-w", f"-I{out}", f"-I{src}", src / "maketab.c", "-o", out / "maketab"])
        (out / "proctab.c").write_text(
            sh([out / "maketab", out / "awkgram.tab.h"], cwd=out, capture_output=True).stdout
        )
    return out


def _gen_re2() -> Path:
    """The three files Debian's build makes with REBUILD_TABLES=1 (its .orig leaves them out):
    perl_groups.cc by re2/make_perl_groups.pl (Perl), unicode_casefold.cc and unicode_groups.cc
    by re2/make_unicode_*.py from /usr/share/unicode (Debian's unicode-data, as debian/rules
    builds them; the scripts import six: the system's Python 3 with python3-six)."""
    out = OUT / "gen" / "re2"
    if not (out / "unicode_groups.cc").exists():
        ucd = Path("/usr/share/unicode/CaseFolding.txt")
        if not ucd.exists():
            raise RuntimeError(f"re2's tables need {ucd}: apt-get install unicode-data (scripts/install_deps.sh)")
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["re2"].src_root / "re2"
        tables = {"perl_groups.cc": ["perl", "make_perl_groups.pl"]}
        tables |= {f"unicode_{t}.cc": ["/usr/bin/python3", f"make_unicode_{t}.py"] for t in ("casefold", "groups")}
        for name, cmd in tables.items():
            text = sh(cmd, cwd=src, capture_output=True).stdout
            (out / f"{name}.tmp").write_text(text)
            (out / f"{name}.tmp").rename(out / name)
    return out


def _gen_fribidi() -> Path:
    """config.h and lib/fribidi-config.h as FriBidi's configure writes them on either target
    (C99 headers and functions; an int of 4 bytes on both)."""
    out = OUT / "gen" / "fribidi"
    h = out / "fribidi-config.h"
    if not h.exists():
        out.mkdir(parents=True, exist_ok=True)
        on = "STDC_HEADERS HAVE_STDLIB_H HAVE_STRING_H HAVE_STRINGS_H HAVE_MEMORY_H HAVE_INTTYPES_H HAVE_STDINT_H "
        on += "HAVE_MEMMOVE HAVE_MEMSET HAVE_STRDUP HAVE_STRINGIZE HAVE_WCHAR_H"
        config = "".join(f"#define {k} 1\n" for k in on.split()) + "#define SIZEOF_INT 4\n"
        (out / "config.h").write_text(config)
        text = (BY_NAME["fribidi"].src_root / "lib" / "fribidi-config.h.in").read_text()
        subst = {
            "@PACKAGE@": "fribidi",
            "@PACKAGE_NAME@": "GNU FriBidi",
            "@PACKAGE_BUGREPORT@": "",
            "@SIZEOF_INT@": "4",
        }
        subst |= {"@FRIBIDI_VERSION@": "1.0.8", "@FRIBIDI_MAJOR_VERSION@": "1", "@FRIBIDI_MINOR_VERSION@": "0"}
        subst |= {"@FRIBIDI_MICRO_VERSION@": "8", "@FRIBIDI_INTERFACE_VERSION@": "4"}
        subst |= {"@FRIBIDI_MSVC_BUILD_PLACEHOLDER@": "", "@configure_input@": "made by bench/programs.py"}
        for k, v in subst.items():
            text = text.replace(k, v)
        h.write_text(text)
    return out


def _gen_snowball() -> Path:
    """The C sources GNUmakefile makes for libstemmer_utf8: the Snowball compiler (its
    COMPILER_SOURCES, built natively) turns each stemmer of libstemmer/modules.txt into C
    (`snowball algorithms/L.sbl -o stem_UTF_8_L -eprefix L_UTF_8_ -r runtime -u`: the runtime's
    header found through the include path), mkmodules.pl (Perl) lists them in modules_utf8.h and
    libstemmer_c.in becomes libstemmer_utf8.c. All in one directory, the one the build searches."""
    out = OUT / "gen" / "snowball"
    if not (out / "libstemmer_utf8.c").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["snowball"].src_root
        compiler = [src / "compiler" / f"{s}.c" for s in "space tokeniser analyser generator driver".split()]
        compiler += [src / "compiler" / f"generator_{s}.c" for s in "csharp java js pascal python rust go ada".split()]
        sh(["gcc", "-O2", "-w", *compiler, "-o", out / "snowball"])
        sh(
            [
                "perl",
                src / "libstemmer" / "mkmodules.pl",
                "modules_utf8.h",
                out.name,
                src / "libstemmer" / "modules.txt",
                "mkinc_utf8.mak",
                "utf8",
            ],
            cwd=out,
        )
        for sbl in re.findall(r"stem_UTF_8_(\w+)\.c", (out / "mkinc_utf8.mak").read_text()):
            sh(
                [
                    out / "snowball",
                    src / "algorithms" / f"{sbl}.sbl",
                    "-o",
                    f"stem_UTF_8_{sbl}",
                    "-eprefix",
                    f"{sbl}_UTF_8_",
                    "-r",
                    "runtime",
                    "-u",
                ],
                cwd=out,
            )
        text = (src / "libstemmer" / "libstemmer_c.in").read_text().replace("@MODULES_H@", "modules_utf8.h")
        (out / "libstemmer_utf8.c").write_text(text)
    return out


def _gen_nauty() -> Path:
    """nauty.h, naututil.h and gtools.h as nauty's configure writes them from their .in files: the C99
    headers, type sizes from each compiler (`__SIZEOF_LONG__`, `__SIZEOF_POINTER__`), no
    __int128, no popcount or count-leading-zeros builtins (the portable C on both hosts), no
    thread-local storage, no processes, pipes or signals (geng uses none of them)."""
    out = OUT / "gen" / "nauty"
    if not (out / "gtools.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["geng"].src_root
        one = "header_unistd_h header_sys_types_h header_stddef_h header_stdlib_h header_string_h header_limits_h"
        one += " header_stdint_h malloc_dec has_math_inf have_flockfile stdio_nolock flex_array_ok header_errno_h"
        one += " have_perror ftell_dec fdopen_dec have_pid_t putenv_dec setenv_dec have_putenv have_setenv"
        one += " header_signal_h have_fseeko"
        values = {k: "1" for k in one.split()}
        values |= {
            "PACKAGE_VERSION": "2.8.6",
            "default_wordsize": "32",
            "ac_cv_sizeof_int": "4",
            "ac_cv_sizeof_long": "__SIZEOF_LONG__",
            "ac_cv_sizeof_voidp": "__SIZEOF_POINTER__",
            "ac_cv_sys_file_offset_bits": "64",
            "use_tls": "",
            "ac_cv_tls": "",
            "sort_prog": "sort",
            "configure_input": "generated by bench/programs.py",
            "edit_msg": "generated by bench/programs.py, do not edit",
        }
        # Debian's headers include each other as <nauty/NAME.h> (debian/patches/pkgincludedir.patch):
        # the generated ones and the package's own, under out/nauty/ as well
        (out / "nauty").mkdir(exist_ok=True)
        for h in src.glob("*.h"):
            shutil.copy(h, out / "nauty" / h.name)
        for name in ("nauty.h", "naututil.h", "gtools.h"):
            text = (src / f"{name[:-2]}-h.in").read_text()
            text = re.sub(r"@(\w+)@", lambda m: values.get(m.group(1), "0"), text)
            (out / name).write_text(text)
            (out / "nauty" / name).write_text(text)
    return out


def _gen_nlopt() -> Path:
    """nlopt_config.h as NLopt's CMake writes it from nlopt_config.h.in: C99 maths, no C++, no
    thread-local state (one thread), and no system qsort_r (wasi-libc has none: src/util/qsort_r.c's
    own sort on both targets, so ties fall alike)."""
    out = OUT / "gen" / "nlopt"
    if not (out / "nlopt_config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        on = "HAVE_COPYSIGN HAVE_FPCLASSIFY HAVE_GETTIMEOFDAY HAVE_ISINF HAVE_ISNAN HAVE_STDINT_H HAVE_SYS_TIME_H "
        on += "HAVE_TIME HAVE_UINT32_T HAVE_UNISTD_H TIME_WITH_SYS_TIME"
        values = {
            "NLOPT_MAJOR_VERSION": "2",
            "NLOPT_MINOR_VERSION": "7",
            "NLOPT_BUGFIX_VERSION": "1",
            "SIZEOF_UNSIGNED_INT": "__SIZEOF_INT__",
            "SIZEOF_UNSIGNED_LONG": "__SIZEOF_LONG__",
            "THREADLOCAL": "",
        }
        text = (BY_NAME["nlopt"].src_root / "nlopt_config.h.in").read_text()
        text = re.sub(
            r"^#cmakedefine (\w+)\s*$",
            lambda m: f"#define {m.group(1)} 1" if m.group(1) in on.split() else f"/* #undef {m.group(1)} */",
            text,
            flags=re.M,
        )
        text = re.sub(r"@(\w+)@", lambda m: values[m.group(1)], text)
        (out / "nlopt_config.h").write_text(text)
    return out


def _gen_discount() -> Path:
    """What discount's configure.sh writes with debian/rules' options (--with-fenced-code,
    --with-dl=both, --github-checkbox, --debian-glitch) on both targets: config.h (its 'if(x)' and
    'while(x)' wrappers included, as configure.sh always adds them), mkdio.h and version.c from
    their .in files, and blocktags as mktags.c prints it (its tags sorted by length, then without
    case)."""
    out = OUT / "gen" / "discount"
    if not (out / "blocktags").exists():
        out.mkdir(parents=True, exist_ok=True)
        src = BY_NAME["discount"].src_root
        config = [
            '#define THEME_CF "MKD_DLEXTRA|MKD_FENCEDCODE"',
            "#define DEBIAN_GLITCH 1",
            "#define DESTRUCTOR __attribute__((__destructor__))",
            "#define while(x) while( (x) != 0 )",
            "#define if(x) if( (x) != 0 )",
            "#define DWORD uint32_t",
            "#define WORD uint16_t",
            "#define BYTE uint8_t",
            "#define HAVE_BASENAME 1",
            "#define HAVE_ALLOCA_H 1",
            "#define HAVE_SYS_TYPES_H 1",
            "#define HAVE_PWD_H 1",
            "#define HAVE_SYS_STAT_H 1",
            "#define HAVE_STAT 1",
            "#define INITRNG(x) srandom((unsigned int)x)",
            "#define HAVE_MEMSET 1",
            "#define HAVE_RANDOM 1",
            "#define COINTOSS() (random()&1)",
            "#define HAVE_STRCASECMP 1",
            "#define HAVE_STRNCASECMP 1",
            "#define HAVE_FCHDIR 1",
            "#define TABSTOP 4",
            "#define GITHUB_CHECKBOX 1",
            "#define HAVE_MALLOC_H 1",
        ]
        (out / "config.h").write_text("#include <stdint.h>\n" + "\n".join(config) + "\n")
        mkdio = (src / "mkdio.h.in").read_text()
        mkdio = mkdio.replace("@SCALAR_HEADER_INCLUDE@", "#include <inttypes.h>").replace("@DWORD@", "uint32_t")
        (out / "mkdio.h").write_text(mkdio)
        version = (src / "version.c.in").read_text().replace("@TABSTOP@", "4")
        version = version.replace("BRANCH VERSION", f'"{(src / "VERSION").read_text().strip()}"')
        (out / "version.c").write_text(version)
        tags = re.findall(r'\b(KW|SC)\("(\w+)"\)', (src / "mktags.c").read_text())
        rows = sorted(((len(t), t.upper(), t, int(k == "SC")) for k, t in tags))
        lines = [f'   {{ "{t}", {n}, {sc} }},' for n, _, t, sc in rows]
        text = "static struct kw blocktags[] = {\n" + "\n".join(lines) + "\n};\n\n"
        (out / "blocktags").write_text(text + f"#define NR_blocktags {len(rows)}\n")
    return out


def _gen_mcpp() -> Path:
    """src/config.h as mcpp's configure --enable-mcpplib (debian/rules) writes it on Debian 12's
    x86-64 with gcc 12: a compiler-independent preprocessor (COMPILER INDEPENDENT) for Linux, the
    same text for the wasm32 build (its predefined macros then say x86_64 on both)."""
    out = OUT / "gen" / "mcpp"
    if not (out / "config.h").exists():
        out.mkdir(parents=True, exist_ok=True)
        values = {
            "COMPILER": "INDEPENDENT",
            "CPU": '"x86_64"',
            "GCC_MAJOR_VERSION": '"12"',
            "GCC_MINOR_VERSION": '"2"',
            "HOST_CMP_NAME": '"GCC"',
            "HOST_COMPILER": "GNUC",
            "HOST_SYSTEM": "SYS_LINUX",
            "LL_FORM": '"j"',
            "MCPP_LIB": "1",
            "PACKAGE": '"mcpp"',
            "PACKAGE_STRING": '"mcpp 2.7.2"',
            "PACKAGE_VERSION": '"2.7.2"',
            "SYSTEM": "SYS_LINUX",
            "VERSION": '"2.7.2"',
        }
        have = "DLFCN_H INTMAX_T INTTYPES_H LONG_LONG MEMORY_H STDINT_H STDLIB_H STPCPY STRINGS_H STRING_H "
        have += "SYS_STAT_H SYS_TYPES_H UNISTD_H"
        lines = [f"#define {k} {v}" for k, v in values.items()]
        lines += [f"#define HAVE_{k} 1" for k in have.split()] + ["#define STDC_HEADERS 1"]
        (out / "config.h").write_text("\n".join(lines) + "\n")
    return out


GENERATORS = {
    "mcpp": _gen_mcpp,
    "discount": _gen_discount,
    "nlopt": _gen_nlopt,
    "sqlite3": _gen_sqlite3,
    "pcre2": _gen_pcre2,
    "lua5.4": _gen_lua,
    "expat": _gen_expat,
    "tinyscheme": _gen_tinyscheme,
    "speexdsp": _gen_speexdsp,
    "tre": _gen_tre,
    "xz": _gen_xz,
    "mbedtls": _gen_mbedtls,
    "cmark": _gen_cmark,
    "onig": _gen_onig,
    "sodium": _gen_sodium,
    "flac": _gen_flac,
    "jansson": _gen_jansson,
    "libpng": _gen_libpng,
    "libjpeg": _gen_libjpeg,
    "lame": _gen_lame,
    "libwebp": _gen_libwebp,
    "vorbis": _gen_vorbis,
    "mawk": _gen_mawk,
    "jq": _gen_jq,
    "libmd": _gen_libmd,
    "dc": _gen_dc,
    "bc": _gen_bc,
    "jsonc": _gen_jsonc,
    "speex": _gen_speex,
    "divsufsort": _gen_divsufsort,
    "potrace": _gen_potrace,
    "glpk": _gen_glpk,
    "jimtcl": _gen_jimtcl,
    "nettle": _gen_nettle,
    "msgpack": _gen_msgpack,
    "tasn1": _gen_tasn1,
    "tcc": _gen_tcc,
    "nauty": _gen_nauty,
    "libxcrypt": _gen_libxcrypt,
    "gsl": _gen_gsl,
    "pcre3": _gen_pcre3,
    "fftw3": _gen_fftw3,
    "nasm": _gen_nasm,
    "judy": _gen_judy,
    "openjpeg": _gen_openjpeg,
    "indent": _gen_indent,
    "twolame": _gen_twolame,
    "byacc": _gen_byacc,
    "awk": _gen_awk,
    "snowball": _gen_snowball,
    "re2": _gen_re2,
    "fribidi": _gen_fribidi,
    "gperf": _gen_gperf,
}
_gen_lock = threading.Lock()


def generated(p: Program) -> Path | None:
    if not p.gen:
        return None
    with _gen_lock:
        return GENERATORS[p.gen]()


# ---- compiling -----------------------------------------------------------------


def _flags(p: Program, gen: Path | None, target: str) -> list[str]:
    inc = [f"-I{gen}"] if gen else []
    inc += [f"-I{p.src_root / i}" for i in p.includes]
    inc.append(f"-I{DRIVERS}")
    defines = [*p.defines, *(p.wasm_defines if target == "wasm" else ())]
    own = p.native_flags if target == "native" else p.wasm_cflags
    return [*inc, *(f"-D{d}" for d in defines), *p.cflags, *own]


def _source(p: Program, s: str, gen: Path | None) -> Path:
    if gen is not None and (gen / Path(s).name).exists():
        return gen / Path(s).name
    return p.src_root / s


def _tag(words: Sequence[object]) -> str:
    """A command's cache tag, the same wherever the project is checked out (a worktree or a CI
    clone can reuse another checkout's build/programs/ after `touch`)."""
    return hashlib.sha1(json.dumps([str(w).replace(str(ROOT), "$ROOT") for w in words]).encode()).hexdigest()


def _fresh(out: Path, stamp: Path, tag: str, inputs: Sequence[Path]) -> bool:
    """True if out was made by the command `tag` names from inputs with the bytes they have now.
    The stamp keeps the tag and each input's sha256, not times: a checkout or a copied build/
    gives files new times and the same bytes. A stamp from before the hashes (the tag alone) is
    trusted if no input is newer than out (make's rule), and then gets the hashes."""
    if not out.exists() or not stamp.exists():
        return False
    lines = stamp.read_text().splitlines()
    if not lines or lines[0] != tag:
        return False
    hashes = [file_sha256(i) for i in inputs]
    if len(lines) == 1:
        if any(i.stat().st_mtime > out.stat().st_mtime for i in inputs):
            return False
        _write_stamp(stamp, tag, inputs, hashes)
        return True
    return lines[1:] == [f"{h} {i.name}" for h, i in zip(hashes, inputs)]


def _write_stamp(stamp: Path, tag: str, inputs: Sequence[Path], hashes: Sequence[str] | None = None) -> None:
    hashes = hashes if hashes is not None else [file_sha256(i) for i in inputs]
    stamp.write_text("".join(f"{line}\n" for line in [tag, *(f"{h} {i.name}" for h, i in zip(hashes, inputs))]))


def _included(dep_file: Path) -> list[Path] | None:
    """The files a compile's dependency file (gcc's -MMD: the source, then every header it included
    but the compiler's own) names after the source, or None where there is none (a compile before it,
    or one cut short)."""
    if not dep_file.exists():
        return None
    _, _, words = dep_file.read_text().replace("\\\n", " ").partition(": ")
    names = [w.replace("\\ ", " ") for w in re.split(r"(?<!\\)\s+", words.strip()) if w]
    return [Path(os.getcwd(), n) for n in names[1:]]


def _compile(cc: list[str], flags: list[str], src: Path, obj: Path) -> Path:
    """Compile unless obj was made with the same command from the same source bytes (kept beside it);
    a driver's object (bench/programs/) also from the same bytes of every header it included (its
    dependency file beside it, obj's name with .d: prog_common.h, box2d_trig.h, the library's)."""
    # -ffile-prefix-map: __FILE__ (assert messages) names the file relative to the project, so the
    # binaries are the same bytes in every checkout
    cmd = [*cc, f"-ffile-prefix-map={ROOT}=.", *flags, "-c", str(src)]
    tag = _tag(cmd)
    stamp = obj.with_suffix(".cmd")
    driver = DRIVERS in src.parents
    dep_file = obj.with_suffix(".d")
    headers = _included(dep_file) if driver else []
    if headers is not None and all(h.exists() for h in headers) and _fresh(obj, stamp, tag, [src, *headers]):
        return obj
    obj.parent.mkdir(parents=True, exist_ok=True)
    tmp = obj.with_name(f"{obj.name}.tmp{os.getpid()}.{threading.get_ident()}")
    tmp_dep = tmp.with_name(f"{tmp.name}.d")
    # the dependency file's flags are not in the tag: they change no object's bytes
    sh([*cmd, *(["-MMD", "-MF", tmp_dep] if driver else []), "-o", tmp])
    if driver:
        os.replace(tmp_dep, dep_file)
    if obj.exists() and file_sha256(tmp) == file_sha256(obj):
        tmp.unlink()  # the same bytes: obj keeps its time, so a link stamped before the hashes stays fresh
    else:
        os.replace(tmp, obj)
    _write_stamp(stamp, tag, [src, *(_included(dep_file) or [])] if driver else [src])
    return obj


def _link(cmd: list[str], objs: list[Path], out: Path, post: Sequence[str] = ()) -> Path:
    """Link objs with cmd into out, then run post (a command taking the file, e.g. wasm-opt) on it;
    not again while the command and the objects' bytes are the same."""
    words = [*cmd, *objs, *post]
    stamp = out.with_name(out.name + ".cmd")
    tag = _tag(words)
    if _fresh(out, stamp, tag, objs):
        return out
    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    sh([*cmd[:1], *map(str, objs), *cmd[1:], "-o", tmp])
    if post:
        sh([*post, tmp, "-o", tmp])
    os.replace(tmp, out)
    _write_stamp(stamp, tag, objs)
    return out


def _expand(p: Program) -> list[str]:
    """p.srcs with each glob pattern ("*" in it) replaced by the files it matches, sorted,
    each "mk:NAME" by the files its automake list names, each "am:FILE:NAME" by the C
    files of FILE's (a Makefile.am's) list NAME, relative to FILE's directory, and each
    "gen:PATTERN" by the files the program's generation step wrote that match it."""
    out: list[str] = []
    for s in p.srcs:
        if s.startswith("mk:"):
            out += _mk_sources(p.src_root, s[3:])
        elif s.startswith("am:"):
            am, name = s[3:].rsplit(":", 1)
            out += [str(Path(am).parent / f) for f in _am_sources(p.src_root / am, name)]
        elif s.startswith("gen:"):
            out += sorted(f.name for f in generated(p).glob(s[4:]))  # type: ignore[union-attr]
        elif "*" in s:
            out += sorted(str(f.relative_to(p.src_root)) for f in p.src_root.glob(s))
        else:
            out.append(s)
    return out


def _objects(p: Program, target: str) -> list[Path]:
    gen = generated(p)
    fs = feature_list() if target == "wasm" else ()
    cc = [*WASM_CC, *(x for f in fs for x in FEATURES[f][0])] if target == "wasm" else NATIVE_CC
    flags = _flags(p, gen, target)
    srcs = [_source(p, s, gen) for s in _expand(p)]
    if p.driver:
        srcs.append(DRIVERS / p.driver)
    if target == "wasm":
        srcs.append(DRIVERS / "wasi_compat" / "wasi_compat.c")
    if "bulk-memory" in fs:
        srcs.append(BULK_MEMORY_C)
    objdir = OUT / "obj" / p.name / (target if not fs else f"{target}-{wasm_dir().name}")
    return [_compile(cc, flags, s, objdir / o) for s, o in zip(srcs, _object_names(srcs))]


def _object_names(srcs: list[Path]) -> list[str]:
    """Each source's object file name: its own name + ".o", or, where two sources share a name
    (METIS's GKlib/util.c and libmetis/util.c), its parent directory's name before it."""
    names = [s.name for s in srcs]
    return [f"{s.parent.name}_{s.name}.o" if names.count(s.name) > 1 else f"{s.name}.o" for s in srcs]


def native_sources(p: Program) -> list[Path]:
    """The C files of p's native build: its sources (generated ones first) and its driver."""
    gen = generated(p)
    srcs = [_source(p, s, gen) for s in _expand(p)]
    return [*srcs, DRIVERS / p.driver] if p.driver else srcs


def cross_objects(p: Program, cc: list[str], objdir: Path) -> list[Path]:
    """p's sources and driver with the native build's flags, compiled by another C compiler (a
    board's arm-none-eabi-gcc: bench/board/native_board.py) into objdir; cached as the others."""
    flags = _flags(p, generated(p), "native")
    srcs = native_sources(p)
    return [_compile(cc, flags, s, objdir / o) for s, o in zip(srcs, _object_names(srcs))]


def link(cmd: list[str], objs: list[Path], out: Path) -> Path:
    """out linked from objs by cmd, unless it is newer than them and was made by the same command."""
    return _link(cmd, objs, out)


def build(p: Program, target: str) -> Path:
    """build/programs/NAME.wasm (target "wasm", in wasm_dir() for another feature set) or
    NAME.native ("native": one for every set); cached."""
    objs = _objects(p, target)
    if target == "native":
        return _link([*NATIVE_LINK, *p.libs], objs, OUT / f"{p.name}.native")
    link = [*(f.format(stack=p.stack) for f in WASM_LINK), *p.wasm_libs]
    fs = feature_list()
    if not fs:
        return _link(link, objs, OUT / f"{p.name}.wasm")
    # clang 14's driver runs `wasm-opt -O2` after the link without the objects' features (it
    # would refuse their instructions): link at -O0 (no wasm-opt) and run it here with them
    link[link.index("-O2")] = "-O0"
    post = ["wasm-opt", "-O2", *(FEATURES[f][1] for f in fs)]
    out = wasm_dir() / f"{p.name}.wasm"
    out.parent.mkdir(parents=True, exist_ok=True)
    return _link(link, objs, out, post)


def build_all(programs: Sequence[Program] = PROGRAMS) -> dict[tuple[str, str], Path]:
    """Fetch what is missing, then build every program for both targets, JOBS at a time."""
    fetch(programs)
    # the largest first, so the two workers finish together
    jobs = sorted(((p, t) for p in programs for t in ("wasm", "native")), key=lambda j: j[0].name != "sqlite")
    with ThreadPoolExecutor(JOBS) as pool:
        futs = {(p.name, t): pool.submit(build, p, t) for p, t in jobs}
        return {k: f.result() for k, f in futs.items()}


def run_native(p: Program, size: str, timeout: float = 120) -> bytes:
    """The native program's stdout for the size's arguments (exit status must be 0)."""
    exe = build(p, "native")
    r = subprocess.run([str(exe), *p.args[size]], capture_output=True, timeout=timeout, check=False)
    if r.returncode != 0:
        raise RuntimeError(f"{exe} failed ({r.returncode}): {r.stderr.decode(errors='replace')[-2000:]}")
    return r.stdout


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Build the real programs for wasm and natively; print each build's size.")
    ap.add_argument("--features", help=f"a set ({', '.join(FEATURE_SETS)}) or a comma-separated list of features")
    ap.add_argument("names", nargs="*", metavar="NAME", help="programs to build (default: all)")
    args = ap.parse_args()
    if args.features:
        use_features(args.features)
    unknown = [n for n in args.names if n not in BY_NAME]
    if unknown:
        ap.error(f"no program {', '.join(unknown)} (known: {', '.join(BY_NAME)})")
    wanted = [BY_NAME[n] for n in args.names] or list(PROGRAMS)
    for (name, target), path in build_all(wanted).items():
        print(f"{name:8} {target:6} {path.stat().st_size:8} {path}")
