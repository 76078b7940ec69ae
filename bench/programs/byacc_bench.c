// SPDX-License-Identifier: MIT
// Berkeley Yacc 2.0.20221106 (Debian's byacc source package, unchanged, built
// as Debian builds it: backtracking support, the btyaccpar skeleton): an
// LALR(1) parser generator. It reads a grammar, builds the LR(0) automaton,
// computes look-ahead sets by DeRemer and Pennello's relations (digraph
// traversals over bit sets), resolves conflicts by precedence, then packs the
// action and goto tables into yacc's compressed rows and writes them out as C
// with the skeleton. main.c's main is renamed byacc_main by a define and run
// as the command line `byacc -d -v -t grammar.y` would; the grammar file, the
// outputs (y.tab.c, y.tab.h, y.output) and the three temporary files are this
// driver's memory streams (fopen and tmpfile are the driver's; WASI here has
// no files). byacc ends with exit(): the outputs are hashed by an atexit
// handler. This driver writes a grammar of a small language: N * 16 statement
// kinds, each with its keyword, argument lists and options, over an
// expression grammar of precedence-resolved operators.
//   byacc_bench N      (N * 16 statement kinds)
#include "prog_common.h"

#undef main // the define renames main.c's main, not ours
#undef fopen
#undef tmpfile
int byacc_main(int argc, char *argv[]);

static prog_buf grammar;
static prog_rng rng = { 0x3c6ef372u };

// The three outputs byacc writes, each a growing memory stream.
static const char *const output_names[] = { "y.tab.c", "y.tab.h", "y.output" };
#define NOUTPUTS 3
static char *outputs[NOUTPUTS];
static size_t output_lens[NOUTPUTS];

FILE *byacc_bench_fopen(const char *name, const char *mode);
FILE *byacc_bench_fopen(const char *name, const char *mode) {
    if (strcmp(name, "grammar.y") == 0 && mode[0] == 'r') {
        return fmemopen(grammar.p, grammar.len, "r");
    }
    for (int i = 0; i < NOUTPUTS; i++) {
        if (strcmp(name, output_names[i]) == 0 && mode[0] == 'w') {
            free(outputs[i]);
            outputs[i] = NULL;
            output_lens[i] = 0;
            return open_memstream(&outputs[i], &output_lens[i]);
        }
    }
    return NULL; // no other file exists
}

// byacc's temporary files (actions, %{ %} text, %union) are written, rewound and read back: a
// buffer of its own each (freed at fclose), large enough for the largest grammar's actions.
FILE *byacc_bench_tmpfile(void);
FILE *byacc_bench_tmpfile(void) {
    return fmemopen(NULL, 1u << 18, "w+");
}

static void write_grammar(int kinds) {
    prog_printf(&grammar, "%%{\n#include <stdio.h>\nstatic int total;\n%%}\n");
    prog_printf(&grammar, "%%union { int num; const char *name; }\n");
    prog_printf(&grammar, "%%token <num> NUM\n%%token <name> ID\n%%token IF ELSE WHILE RETURN\n");
    for (int k = 0; k < kinds; k++) {
        prog_printf(&grammar, "%%token KW%d OPT%d\n", k, k);
    }
    prog_printf(&grammar, "%%nonassoc LOWER_THAN_ELSE\n%%nonassoc ELSE\n");
    prog_printf(&grammar, "%%right '='\n%%left OR\n%%left AND\n%%left '<' '>' LE GE EQ NE\n%%left '+' '-'\n%%left '*' '/' '%%'\n");
    prog_printf(&grammar, "%%right '^'\n%%nonassoc UMINUS '!'\n");
    prog_printf(&grammar, "%%type <num> expr args");
    for (int k = 0; k < kinds; k++) {
        prog_printf(&grammar, " s%d a%d o%d", k, k, k);
    }
    prog_printf(&grammar, "\n%%start program\n%%%%\n");
    prog_printf(&grammar, "program : stmts { total = 0; } ;\n");
    prog_printf(&grammar, "stmts : /* empty */ | stmts stmt ;\n");
    prog_printf(&grammar, "stmt : expr ';' { total += $1; }\n  | '{' stmts '}'\n  | IF '(' expr ')' stmt %%prec LOWER_THAN_ELSE\n");
    prog_printf(&grammar, "  | IF '(' expr ')' stmt ELSE stmt\n  | WHILE '(' expr ')' stmt\n  | RETURN expr ';' { total -= $2; }\n");
    for (int k = 0; k < kinds; k++) {
        prog_printf(&grammar, "  | s%d ';' { total ^= $1; }\n", k);
    }
    prog_printf(&grammar, "  ;\n");
    for (int k = 0; k < kinds; k++) {
        // each number drawn in its own statement: gcc and clang evaluate a call's arguments in other orders
        uint32_t shape = prog_rand(&rng);
        uint32_t other = prog_rand(&rng) % (uint32_t)kinds;
        prog_printf(&grammar, "s%d : KW%d '(' a%d ')' o%d { $$ = $3 * %d + $5; }\n", k, k, k, k, k + 1);
        if (shape & 1) {
            prog_printf(&grammar, "  | KW%d ID '=' expr { $$ = $4; }\n", k);
        }
        if (shape & 2) {
            prog_printf(&grammar, "  | KW%d '[' a%d ']' { $$ = -$3; }\n", k, k);
        }
        prog_printf(&grammar, "  ;\n");
        switch ((shape >> 2) % 3) {
            case 0:
                prog_printf(&grammar, "a%d : expr { $$ = $1; } | a%d ',' expr { $$ = $1 + $3; } ;\n", k, k);
                break;
            case 1:
                prog_printf(&grammar, "a%d : /* empty */ { $$ = 0; } | a%d expr ';' { $$ = $1 - $2; } ;\n", k, k);
                break;
            default:
                prog_printf(&grammar, "a%d : ID { $$ = 1; } | ID ':' expr { $$ = $3; } | a%d ',' ID ':' expr { $$ = $1 + $5; } ;\n", k, k);
                break;
        }
        switch ((shape >> 4) % 3) {
            case 0:
                prog_printf(&grammar, "o%d : /* empty */ { $$ = 0; } | OPT%d expr { $$ = $2; } ;\n", k, k);
                break;
            case 1:
                prog_printf(&grammar, "o%d : /* empty */ { $$ = 0; } | o%d OPT%d NUM { $$ = $1 + $3; } ;\n", k, k, k);
                break;
            default:
                prog_printf(&grammar, "o%d : /* empty */ { $$ = 0; } | OPT%d '{' a%u '}' { $$ = $3; } ;\n", k, k, other);
                break;
        }
    }
    prog_printf(&grammar, "expr : NUM { $$ = $1; }\n  | ID { $$ = 0; }\n  | ID '(' args ')' { $$ = $3; }\n  | '(' expr ')' { $$ = $2; }\n");
    static const char *const ops[] = { "'+'", "'-'", "'*'", "'/'", "'%'", "'^'", "'<'", "'>'", "LE", "GE", "EQ",
        "NE", "AND", "OR", "'='" };
    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        prog_printf(&grammar, "  | expr %s expr { $$ = $1 + $3 * %u; }\n", ops[i], i + 2);
    }
    prog_printf(&grammar, "  | '-' expr %%prec UMINUS { $$ = -$2; }\n  | '!' expr { $$ = !$2; }\n  ;\n");
    prog_printf(&grammar, "args : /* empty */ { $$ = 0; } | expr { $$ = $1; } | args ',' expr { $$ = $1 + $3; } ;\n");
    prog_printf(&grammar, "%%%%\nint main(void) { return yyparse(); }\n");
}

static void report(void) {
    uint32_t h = PROG_FNV_INIT;
    for (int i = 0; i < NOUTPUTS; i++) {
        prog_check(output_names[i], outputs[i] != NULL && output_lens[i] > 0);
        if (outputs[i] != NULL) {
            uint32_t one = prog_fnv(PROG_FNV_INIT, outputs[i], output_lens[i]);
            size_t lines = 0;
            for (size_t k = 0; k < output_lens[i]; k++) {
                lines += outputs[i][k] == '\n';
            }
            printf("%s: %zu bytes, %zu lines, hash 0x%08x\n", output_names[i], output_lens[i], lines, (unsigned)one);
            h = prog_fnv(h, outputs[i], output_lens[i]);
        }
    }
    const char *states = outputs[2] != NULL ? strstr(outputs[2], "states") : NULL;
    if (states != NULL) { // y.output's summary: "... terminals, ... nonterminals ... grammar rules, ... states"
        const char *line = states;
        while (line > outputs[2] && line[-1] != '\n') {
            line--;
        }
        printf("summary: %.*s\n", (int)(strchr(states, '\n') - line), line);
    }
    fflush(stdout);
    prog_end(h);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    write_grammar((int)n * 16);
    printf("grammar: %zu bytes\n", grammar.len);
    atexit(report); // byacc_main ends in exit()
    char *args[] = { "byacc", "-d", "-v", "-t", "grammar.y", NULL };
    return byacc_main(5, args);
}
