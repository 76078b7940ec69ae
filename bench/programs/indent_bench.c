// SPDX-License-Identifier: MIT
// GNU indent 2.2.12 (Debian's indent source package, unchanged): a C
// formatter: a hand-written lexer over a whole file's bytes, keywords found
// by gperf's perfect hash, a parse stack of C's statement structure, and
// comments, declarations, braces and line breaks laid out by dozens of
// options, with output lines built up and broken character by character.
// indent.c's main is renamed indent_main by a define and run as the command
// line would: its standard input and its output file are this driver's
// memory (getc and fopen are the driver's; WASI here has no files). This
// driver writes N messy C "functions" (declarations, nested if/else, loops,
// switch, macros, strings, block and line comments, a struct) and formats
// the file once in K&R style changed by a long list of options (one run: indent
// keeps its output file's name in a static that a second run would refuse);
// it hashes the output.
//   indent_bench N      (N * 40 functions)
#include "prog_common.h"

#undef main  // the define renames indent.c's main, not ours
#undef fopen
#undef getc
int indent_main(int argc, char **argv);

// The source indent reads from its standard input, and where it is.
static const char *input;
static size_t input_len, input_at;

int indent_bench_getc(FILE *f);
int indent_bench_getc(FILE *f) {
    if (f != stdin) {
        return fgetc(f);  // not reached: no profile file opens
    }
    return input_at < input_len ? (unsigned char)input[input_at++] : EOF;
}

// indent's output file, a growing memory stream; any other file (a profile) is absent.
static char *output;
static size_t output_len;

FILE *indent_bench_fopen(const char *name, const char *mode);
FILE *indent_bench_fopen(const char *name, const char *mode) {
    if (strcmp(name, "out.c") != 0 || mode[0] != 'w') {
        return NULL;
    }
    free(output);
    output = NULL;
    output_len = 0;
    return open_memstream(&output, &output_len);
}

static prog_buf src;
static prog_rng rng = { 0x7feb352du };

static void write_function(int f) {
    static const char *const types[] = { "int", "long", "unsigned char", "double", "struct node *", "size_t" };
    // each number drawn in its own statement: gcc and clang evaluate a call's arguments in other orders
    unsigned r[14];
    for (int i = 0; i < 14; i++) {
        r[i] = prog_rand(&rng);
    }
    prog_printf(&src, "/* function %d: %s */\n", f, r[0] % 2 ? "computes a value from its arguments" : "walks a list");
    prog_printf(&src, "static %s fn_%d(%s a,int b ,  const char*s){\n", types[r[1] % 6], f, types[r[2] % 6]);
    prog_printf(&src, "int i,j=%u;  %s   acc=0;char buf[%u];\n", r[3] % 100, types[r[4] % 4], 16 + r[5] % 64);
    prog_printf(&src, "for(i=0;i<b;i++){if(s[i]=='%c'&&j>0){acc+=a*i;j--;}else if (s [i]==0) break; else{acc-=%u;}\n",
        'a' + r[6] % 26, r[7] % 9);
    prog_printf(&src, "   /* a comment inside the loop that is long enough that some styles will want to wrap it onto "
        "a second line */\n}\n");
    prog_printf(&src, "switch(b%%%u){case 0:acc++;break;case 1: case 2:{int t=acc;acc=t*%u;}break;default:acc--;}\n",
        2 + r[8] % 5, 2 + r[9] % 7);
    prog_printf(&src, "while (j --> 0) acc = acc << 1 | (j & 1);  // line comment %d\n", f);
    prog_printf(&src, "do{buf[j%%sizeof buf]=(char)(acc>>%u);j++;}while(j<%u);\n", r[10] % 8, 4 + r[11] % 12);
    prog_printf(&src, "#define M_%d(x) ((x)*%u+1)\n", f, r[12] % 1000);
    prog_printf(&src, "if(acc>M_%d(b)&&(b<3||s[0]!='\\0')){return (%s)(acc+b);}\n", f, types[r[13] % 6]);
    prog_printf(&src, "else\n{\nprintf(\"%%d %%s\\n\",b,\"fn_%d\");return 0;}\n}\n", f);
}

static void write_source(long n) {
    src.len = 0;
    prog_printf(&src, "#include <stdio.h>\n#include <stddef.h>\nstruct node{struct node*next;int value;char name[16];};\n");
    prog_printf(&src, "typedef struct{int x,y;double weight;}point_t;\nstatic point_t points[]={{1,2,0.5},{3,4,1.5}};\n");
    for (int f = 0; f < n * 40; f++) {
        write_function(f);
    }
}

static uint32_t h = PROG_FNV_INIT;

// Run indent over `text` with the options; its output is left in `output`.
static void run_indent(const char *text, size_t len, const char *const *options, int count) {
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"indent";
    for (int i = 0; i < count; i++) {
        argv[argc++] = (char *)options[i];
    }
    argv[argc++] = (char *)"-o";
    argv[argc++] = (char *)"out.c";
    argv[argc] = NULL;
    input = text;
    input_len = len;
    input_at = 0;
    int status = indent_main(argc, argv);
    h = prog_fnv(h, &status, sizeof status);
    h = prog_fnv(h, output, output_len);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    write_source(n);
    printf("GNU indent 2.2.12, %ld functions (%zu bytes)\n", n * 40, src.len);
    // K&R style with a long list of changes to it
    static const char *const options[] = { "-kr",  "-i4",  "-nut", "-l72", "-bad", "-bap", "-bbb", "-ce",
                                           "-cdw", "-ci4", "-cli2", "-cs", "-npcs", "-saf", "-sai", "-saw",
                                           "-nbc", "-psl", "-lp",  "-fca", "-fc1", "-c33", "-cd33" };
    run_indent(src.p, src.len, options, (int)(sizeof options / sizeof options[0]));
    printf("output bytes %zu\n", output_len);
    free(output);
    free(src.p);
    return prog_end(h);
}
