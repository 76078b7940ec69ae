// SPDX-License-Identifier: MIT
// mcpp 2.7.2 (Debian's mcpp source package, libmcpp's sources unchanged,
// configured as debian/rules configures it: --enable-mcpplib): a C/C++
// preprocessor, a tokenizer dispatching on character classes, #if
// expressions evaluated by operator precedence, and macro expansion that
// rescans recursively (with work buffers of 256 KiB on the stack). This
// driver writes a translation unit of N x 24 generated blocks (object and
// function-like macros nested several deep, # and ## operators, variadic
// macros, X-macro tables included again and again, #if arithmetic over
// those macros, #ifdef ladders, _Pragma, #line, #pragma once and include
// guards) over a few headers, and preprocesses it with mcpp's options for
// C90, C99 and C++, comments kept, no line markers, every warning, and
// make dependencies. (No macro of nine parameters: mcpp reads past the
// arguments of one, Debian's own /usr/bin/mcpp too under valgrind.) The
// files live in the driver's memory: mcpp's fopen,
// stat, readlink and getcwd are routed here (bench/programs.py's defines),
// fopen to fmemopen. Each run's output and diagnostics are hashed.
//   mcpp_bench N      (N x 24 blocks in the main file)
#include "prog_common.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcpp_lib.h"

static uint32_t h = PROG_FNV_INIT;

static const char config_h[] =
    "#ifndef CONFIG_H\n"
    "#define CONFIG_H\n"
    "/* configuration, included many times */\n"
    "#define WIDTH 32\n"
    "#define SHIFT(x, n) ((x) << (n))\n"
    "#define MASK(n) (SHIFT(1UL, n) - 1)\n"
    "#define CAT(a, b) a ## b\n"
    "#define XCAT(a, b) CAT(a, b)\n"
    "#define STR(x) #x\n"
    "#define XSTR(x) STR(x)\n"
    "#define FIRST(a, ...) a\n"
    "#define REST(a, ...) __VA_ARGS__\n"
    "#define COUNT(...) COUNT_(__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)\n"
    "#define COUNT_(a, b, c, d, e, f, n, ...) n\n"
    "#define MAX(a, b) ((a) > (b) ? (a) : (b))\n"
    "#define APPLY(f, x) f(x)\n"
    "#define TWICE(f, x) f(f(x))\n"
    "#define SQ(x) ((x) * (x))\n"
    "#if WIDTH > 16 && defined(SHIFT) || 0\n"
    "#define WIDE 1\n"
    "#else\n"
    "#define WIDE 0\n"
    "#endif\n"
    "#endif /* CONFIG_H */\n";

static const char once_h[] =
    "#pragma once\n"
    "typedef struct point { int x, y; } point; // once only\n"
    "#define ONCE_SEEN 1\n";

static const char table_def[] =
    "X(red, 1, \"r\")\n"
    "X(green, 2, \"g\")\n"
    "X(blue, 4, \"b\")\n"
    "X(alpha, 8, \"a\")\n"
    "X(depth, 16, \"d\")\n";

static const char local_h[] =
    "#include <config.h>\n"
    "#include \"once.h\"\n"
    "#define LOCAL(x) XCAT(local_, x)\n"
    "#ifdef __cplusplus\n"
    "extern \"C\" {\n"
    "#endif\n"
    "int LOCAL(init)(void);\n"
    "#ifdef __cplusplus\n"
    "}\n"
    "#endif\n";

static const char *const names[] = { "alpha", "beta", "gamma", "delta", "sigma", "omega", "kappa", "theta" };

// one generated block of the main file: macros, their uses, #if arithmetic, X-macros
static void block(prog_buf *t, prog_rng *r, unsigned k) {
    char buf[512];
    uint32_t x = prog_rand(r);
    const char *a = names[x % 8], *b = names[(x >> 3) % 8];
    unsigned v = (x >> 6) % 1000, s = (x >> 16) % 12;
    snprintf(buf, sizeof(buf),
        "/* block %u: %s and %s */\n"
        "#define V%u %u\n"
        "#define F%u(p, q) (MAX(p, q) + SHIFT(V%u, %u) - SQ(p) / (q + 1))\n"
        "#define N%u XCAT(%s_, %u)\n"
        "int N%u = F%u(V%u, %u) + TWICE(SQ, %u) + APPLY(XSTR, F%u(1, 2))[0];\n",
        k, a, b, k, v, k, k, s, k, a, k, k, k, k, s + 1, s, k);
    prog_put(t, buf);
    switch ((x >> 20) % 8) {
        case 0:
            snprintf(buf, sizeof(buf),
                "#if (V%u * 3 + %u) %% 7 == %u || V%u > 500 && !defined(NOPE)\n"
                "const char *s%u = XSTR(F%u(a, b)) \" \" STR(V%u) __FILE__;\n"
                "#elif V%u << 2 > 0x%x\n"
                "long l%u = %uL * MASK(%u) >> 3;\n"
                "#else\n"
                "#error not this one\n"
                "#endif\n",
                k, s, s % 7, k, k, k, k, k, v * 3, k, v, s + 3);
            break;
        case 1:
            snprintf(buf, sizeof(buf),
                "#define X(name, bit, tag) XCAT(%s_, name) = bit << %u,\n"
                "enum e%u {\n"
                "#include \"table.def\"\n"
                "};\n"
                "#undef X\n"
                "#define X(name, bit, tag) tag XSTR(bit) \"/\"\n"
                "const char *t%u = \n"
                "#include \"table.def\"\n"
                "    \"\";\n"
                "#undef X\n",
                b, s, k, k);
            break;
        case 2:
            snprintf(buf, sizeof(buf),
                "int c%u[] = { COUNT(%u), COUNT(a, b), COUNT(1, 2, 3, 4, 5), FIRST(%u, x, y) };\n"
                "#define VA%u(fmt, ...) printf(fmt, __VA_ARGS__)\n"
                "void f%u(void) { VA%u(\"%%d\\n\", %u); VA%u(\"none\\n\", 0); REST(a, b, c); }\n",
                k, v, v, k, k, k, s, k);
            break;
        case 3:
            snprintf(buf, sizeof(buf),
                "#ifdef ONCE_SEEN\n"
                "#  ifndef V%u\n"
                "#    error V%u missing\n"
                "#  elif defined(WIDE) && WIDE\n"
                "_Pragma(\"pack(%u)\") point p%u = { V%u, -V%u };\n"
                "#  endif\n"
                "#else\n"
                "never();\n"
                "#endif\n",
                k, k, 1u << (s % 4), k, k, k);
            break;
        case 4:
            snprintf(buf, sizeof(buf),
                "#line %u \"generated-%u.c\"\n"
                "int line%u = __LINE__ + V%u; /* a comment\n"
                "   over two lines */ // and another\n",
                100 + k, k, k, k);
            break;
        case 5:
            snprintf(buf, sizeof(buf),
                "#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L\n"
                "_Bool b%u = 1;\n"
                "#elif defined(__cplusplus)\n"
                "bool b%u = true;\n"
                "#else\n"
                "int b%u = 1;\n"
                "#endif\n"
                "#if (-1 > 0u) != 1 || (0x7fffffff + 0 < 0)\n"
                "#warning arithmetic\n"
                "#endif\n",
                k, k, k);
            break;
        case 6:
            snprintf(buf, sizeof(buf),
                "#include <config.h>\n"
                "#include \"once.h\"\n"
                "#define G%u(x) F%u(x, V%u) + LOCAL(%s)\n"
                "int g%u = G%u(G%u(%u));\n",
                k, k, k, a, k, k, k, v);
            break;
        default:
            snprintf(buf, sizeof(buf), "#undef V%u\n#define V%u (%u + 1)\nint u%u = V%u;\n", k, k, v, k, k);
            break;
    }
    prog_put(t, buf);
}

static prog_buf main_c;

// ---- the files, and the calls mcpp makes for them (bench/programs.py routes them here) ----

#undef fopen
#undef stat
#undef readlink
#undef getcwd

typedef struct vfile {
    const char *name;
    const char *text;
} vfile;

static vfile files[] = {
    { "/src/main.c", NULL },
    { "/src/local.h", local_h },
    { "/src/table.def", table_def },
    { "/inc/config.h", config_h },
    { "/src/once.h", once_h },
};

static const char *lookup(const char *name) {
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (strcmp(files[i].name, name) == 0) {
            return i == 0 ? main_c.p : files[i].text;
        }
    }
    return NULL;
}

static int is_dir(const char *name) {
    static const char *const dirs[] = { "/", "/src", "/src/", "/inc", "/inc/" };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        if (strcmp(dirs[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

FILE *mcpp_bench_fopen(const char *name, const char *mode) {
    const char *text = lookup(name);
    if (!text || mode[0] != 'r') {
        errno = ENOENT;
        return NULL;
    }
    return fmemopen((void *)text, strlen(text), "r");
}

int mcpp_bench_stat(const char *name, struct stat *st) {
    memset(st, 0, sizeof(*st));
    const char *text = lookup(name);
    if (text) {
        st->st_mode = S_IFREG | 0444;
        st->st_size = (off_t)strlen(text);
        return 0;
    }
    if (is_dir(name)) {
        st->st_mode = S_IFDIR | 0555;
        return 0;
    }
    errno = ENOENT;
    return -1;
}

ssize_t mcpp_bench_readlink(const char *name, char *buf, size_t size) {
    (void)name, (void)buf, (void)size;
    errno = EINVAL; // no symbolic links
    return -1;
}

char *mcpp_bench_getcwd(char *buf, size_t size) {
    snprintf(buf, size, "/src");
    return buf;
}

static void preprocess(const char *what, const char *const *opts, int nopts) {
    char *argv[16];
    int argc = 0;
    argv[argc++] = "mcpp";
    argv[argc++] = "-I/inc";
    for (int i = 0; i < nopts; i++) {
        argv[argc++] = (char *)opts[i];
    }
    argv[argc++] = "/src/main.c";
    argv[argc] = NULL;
    mcpp_use_mem_buffers(1);
    int rc = mcpp_lib_main(argc, argv);
    const char *out = mcpp_get_mem_buffer(OUT), *err = mcpp_get_mem_buffer(ERR);
    size_t nout = out ? strlen(out) : 0, nerr = err ? strlen(err) : 0;
    unsigned lines = 0;
    for (size_t i = 0; i < nout; i++) {
        lines += out[i] == '\n';
    }
    printf("%-10s rc %d, %7zu bytes in %5u lines, %5zu bytes of diagnostics\n", what, rc, nout, lines, nerr);
    h = prog_fnv(h, &rc, sizeof(rc));
    h = prog_fnv(h, out ? out : "", nout);
    h = prog_fnv(h, err ? err : "", nerr);
}

int main(int argc, char **argv) {
    long size = prog_size(argc, argv, 4);
    unsigned blocks = 24 * (unsigned)size;
    // what mcpp reads from the environment (system.c): the same nothing natively as under WASI
    static const char *const env[] = { "LC_ALL", "LC_CTYPE", "LANG", "CPLUS_INCLUDE_PATH", "C_INCLUDE_PATH",
        "DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES" };
    for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
        unsetenv(env[i]);
    }
    prog_rng r = { 2026 };
    prog_put(&main_c, "#include \"local.h\"\n#include <config.h>\n");
    for (unsigned k = 0; k < blocks; k++) {
        block(&main_c, &r, k);
    }
    prog_put(&main_c, "int LOCAL(init)(void) { return N0 + WIDE; }\n");
    printf("mcpp 2.7.2, %u blocks, %zu bytes of main.c\n", blocks, main_c.len);
    static const char *const c90[] = { "-V199409L" };
    static const char *const c99[] = { "-V199901L", "-DNOPE=1", "-UNOPE" };
    static const char *const cplus[] = { "-+", "-V199711L" };
    static const char *const comments[] = { "-C", "-W31" };
    static const char *const plain[] = { "-P", "-k" };
    static const char *const deps[] = { "-M" };
    preprocess("default", NULL, 0);
    preprocess("c90", c90, 1);
    preprocess("c99", c99, 3);
    preprocess("c++", cplus, 2);
    preprocess("comments", comments, 2);
    preprocess("plain", plain, 2);
    preprocess("depends", deps, 1);
    mcpp_use_mem_buffers(0);
    free(main_c.p);
    return prog_end(h);
}
