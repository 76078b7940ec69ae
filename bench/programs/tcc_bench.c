// SPDX-License-Identifier: MIT
// TinyCC (Debian's tcc source package, its sources unchanged): a whole C
// compiler, libtcc as tcc.c builds it (ONE_SOURCE: libtcc.c includes the
// preprocessor, parser, code generator and ELF writer), here targeting
// x86-64 from either host. The driver compiles C to relocatable objects in
// memory (TCC_OUTPUT_OBJ, never written out): a corpus of small programs
// (structs and unions, bit-fields, switch tables, function pointers, float
// and 64-bit arithmetic, recursion, variadic declarations, preprocessor
// stringizing and pasting, compound literals, inline asm), then N generated
// units (many functions, deep expressions, nested loops and switches, large
// initialised tables). For each: the sizes of its text, data, symbols and
// relocations, a hash of every section, and the warnings it gave. No
// #include (no headers to find); no long double (the host's type folds it:
// 80-bit on x86-64, 128-bit on wasm32).
//   tcc_bench N
#include "libtcc.c"
// libtcc.c ends by making malloc and free names of errors (its own code must use tcc_malloc)
#undef malloc
#undef free
#undef realloc

#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;
static int warnings;

static void on_error(void *opaque, const char *msg) {
    (void)opaque;
    warnings++;
    if (warnings <= 8) {
        printf("  tcc: %s\n", msg);
    }
    h = prog_fnv(h, msg, strlen(msg));
}

static const char *const corpus[] = {
    // 0: structs, unions, bit-fields, a list sort through function pointers
    "typedef unsigned long size_t; int printf(const char *, ...);\n"
    "struct node { struct node *next; int key; unsigned flags : 3, kind : 5; union { double d; long l; } v; };\n"
    "static int by_key(const struct node *a, const struct node *b) { return a->key - b->key; }\n"
    "struct node *sort(struct node *l, int (*cmp)(const struct node *, const struct node *)) {\n"
    "  struct node *out = 0, **pp, *n;\n"
    "  while (l) { n = l; l = l->next; for (pp = &out; *pp && cmp(*pp, n) < 0; pp = &(*pp)->next); n->next = *pp; *pp = n; }\n"
    "  return out; }\n"
    "int use(struct node *l) { int s = 0; for (l = sort(l, by_key); l; l = l->next) s += l->key * l->kind + l->flags; return s; }\n",
    // 1: switch tables, goto, 64-bit arithmetic
    "long long mix(long long x, int op) {\n"
    "  switch (op) { case 0: return x * 6364136223846793005LL + 1442695040888963407LL;\n"
    "  case 1: return x >> 17 ^ x << 31; case 2: return (unsigned long long)x / 1000003u; case 3: return x % -97;\n"
    "  case 4: case 5: case 6: return ~x & 0xffff0000ffffLL; case 10: goto ten; default: return -x; }\n"
    "  ten: return x ? mix(x / 2, 10) + 1 : 0; }\n"
    "unsigned crc(const unsigned char *p, int n) { unsigned c = ~0u; while (n--) { c ^= *p++;\n"
    "  for (int k = 0; k < 8; k++) c = c >> 1 ^ (0xedb88320u & -(c & 1)); } return ~c; }\n",
    // 2: floats, doubles, conversions, recursion
    "double poly(double x, const double *c, int n) { double r = 0; while (n--) r = r * x + c[n]; return r; }\n"
    "float fsum(float *a, int n) { float s = 0.0f; for (int i = 0; i < n; i++) s += a[i] * 0.5f - (float)i; return s; }\n"
    "int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
    "double conv(long long a, unsigned u, float f) { return (double)a / 3 + u * 1e-3 + (int)f + (unsigned long long)f; }\n"
    "static const double table[] = { 1.5, -2.25, 3e10, 1e-300, 0.1, 0.2, 0.30000000000000004 };\n"
    "double pick(int i) { return table[i % 7] * poly(0.5, table, 7); }\n",
    // 3: the preprocessor: stringizing, pasting, variadic macros, conditionals
    "#define CAT(a, b) a##b\n#define STR(x) #x\n#define XSTR(x) STR(x)\n#define LOG(fmt, ...) printf(fmt, __VA_ARGS__)\n"
    "#define SQ(x) ((x) * (x))\n#if defined(__TINYC__) && __STDC_VERSION__ >= 199901L\n#define MODE 2\n#else\n#define MODE 1\n#endif\n"
    "int printf(const char *, ...);\n"
    "int CAT(fun, MODE)(int x) { LOG(\"%s %d\\n\", XSTR(CAT(x, MODE)), SQ(x + 1)); return MODE; }\n"
    "const char *names[] = { STR(hello), XSTR(__LINE__), STR(a \"quoted\" b) };\n",
    // 4: compound literals, designated initialisers, variable-length arrays, inline asm
    "struct pt { int x, y; };\n"
    "int area(void) { struct pt *p = (struct pt[]){ [2] = { .y = 4, .x = 3 }, [0] = { 1, 2 } }; return p[2].x * p[2].y + p[0].y; }\n"
    "int vla(int n) { int a[n]; for (int i = 0; i < n; i++) a[i] = i * i; return a[n - 1] + (int)sizeof(a); }\n"
    "unsigned long rdtsc_like(unsigned x) { unsigned long r; __asm__(\"movl %1, %%eax; addl $7, %%eax\" : \"=a\"(r) : \"r\"(x)); return r; }\n"
    "static char buf[64] = \"static data\"; char *get(void) { return buf + area(); }\n",
};

static void compile_unit(const char *what, const char *src) {
    TCCState *s = tcc_new();
    tcc_set_error_func(s, NULL, on_error);
    tcc_set_output_type(s, TCC_OUTPUT_OBJ);
    tcc_define_symbol(s, "BENCH", "1");
    int w0 = warnings;
    int rc = tcc_compile_string(s, src);
    TCCState *s1 = s; // the section macros name their state s1
    uint32_t sh = PROG_FNV_INIT;
    unsigned long rela = 0, other = 0;
    for (int i = 1; i < s1->nb_sections; i++) { // every section: name, type, size, contents
        Section *sec = s1->sections[i];
        sh = prog_fnv(sh, sec->name, strlen(sec->name));
        sh = prog_fnv(sh, &sec->sh_type, sizeof(sec->sh_type));
        uint32_t size = (uint32_t)sec->data_offset; // an unsigned long: 8 bytes on x86-64, 4 on wasm32
        sh = prog_fnv(sh, &size, sizeof(size));
        if (sec->sh_type != SHT_NOBITS) {
            sh = prog_fnv(sh, sec->data, sec->data_offset);
        }
        if (sec->sh_type == SHT_RELX) {
            rela += (unsigned long)sec->data_offset;
        } else if (sec != text_section && sec != data_section && sec != symtab_section) {
            other += (unsigned long)sec->data_offset;
        }
    }
    printf("%-10s rc %d: text %5lu data %4lu symtab %4lu rela %5lu other %4lu, %d warnings, %08x\n", what, rc,
        (unsigned long)text_section->data_offset, (unsigned long)data_section->data_offset,
        (unsigned long)symtab_section->data_offset, rela, other, warnings - w0, (unsigned)sh);
    prog_check(what, rc == 0);
    h = prog_fnv(h, &sh, sizeof(sh));
    tcc_delete(s);
}

// A generated unit: `funcs` functions of nested loops, switches and deep
// expressions over locals, and a table; each calls the one before.
static char *generate(int unit, int funcs, prog_rng *r) {
    size_t cap = 4096 + (size_t)funcs * 4096, len = 0;
    char *src = malloc(cap);
#define EMIT(...) (len += (size_t)snprintf(src + len, cap - len, __VA_ARGS__))
    EMIT("static const int tab%d[] = {", unit);
    for (int i = 0; i < 64; i++) {
        EMIT("%d,", (int)(prog_rand(r) % 20000) - 10000);
    }
    EMIT("};\n");
    for (int f = 0; f < funcs; f++) {
        EMIT("%sint u%d_f%d(int a, int b, long long c) {\n", f ? "" : "static ", unit, f);
        EMIT("  int x = a, y = b; long long z = c; double d = a * 0.5;\n");
        EMIT("  for (int i = 0; i < (a & 15); i++) {\n");
        EMIT("    switch ((x + i) & 7) {\n");
        for (int k = 0; k < 8; k++) {
            uint32_t mul = prog_rand(r) % 97 + 1; // one call a statement: argument order is unspecified
            uint32_t bits = prog_rand(r) % 4096;
            uint32_t shift = prog_rand(r) % 5;
            EMIT("    case %d: x = x * %u + (y ^ %u); z += x >> %u; break;\n", k, mul, bits, shift);
        }
        EMIT("    }\n    for (int j = i; j < 3; j++) y += tab%d[(x + j) & 63] - (int)(d * j);\n  }\n", unit);
        int depth = 6 + (int)(prog_rand(r) % 10);
        EMIT("  x = %.*sx", depth, "((((((((((((((((");
        for (int k = 0; k < depth; k++) {
            static const char *const ops[] = { "+", "-", "*", "^", "|", "&", "<<", ">>" };
            uint32_t op = prog_rand(r) % 8;
            EMIT(" %s %u)", ops[op], prog_rand(r) % 13 + 1);
        }
        EMIT(";\n");
        if (f) {
            EMIT("  x += u%d_f%d(y, x, z + %d);\n", unit, f - 1, f);
        }
        EMIT("  return x + (int)z + (int)(d * 3) + (y > x ? y : -y);\n}\n");
    }
#undef EMIT
    return src;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    printf("tcc %s (x86-64 target), %ld units\n", TCC_VERSION, n);
    for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
        char what[16];
        snprintf(what, sizeof(what), "corpus %zu", i);
        compile_unit(what, corpus[i]);
    }
    prog_rng r = { 0x7cc27u };
    size_t total = 0;
    for (long u = 0; u < n; u++) {
        char *src = generate((int)u, 8 + (int)(u % 5) * 6, &r);
        char what[16];
        snprintf(what, sizeof(what), "unit %ld", u);
        total += strlen(src);
        h = prog_fnv(h, src, strlen(src));
        compile_unit(what, src);
        free(src);
    }
    printf("generated %zu bytes of C, %d warnings in all\n", total, warnings);
    return prog_end(h);
}
