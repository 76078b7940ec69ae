// SPDX-License-Identifier: MIT
// GNU bc 1.07.1 (Debian's bc source package: bc's parser, scanner, code
// generator and interpreter and lib/number.c unchanged, its main.c replaced
// by this file): a program in bc's language is compiled to bc's bytecode
// and run by its interpreter (execute.c's one big switch) over decimal
// bignums. bc reads its programs from files or standard input; the bench's
// WASI has neither, so this main hands bc's scanner the program text from
// the command line as a buffer of flex's (yy_scan_string), where main.c's
// open_new_file hands it a file (flex's scanner reads a file with read(2) on
// its descriptor, which a memory stream has not). bc's math library (-l) is not built: its libmath.h is bc's own output
// at build time (bc's Makefile runs a first bc over libmath.b), so libmath.h
// is the empty list that Makefile writes first.
//   bc_bench N PROGRAM     (PROGRAM's `n` is N)
#include "bcdefs.h"
#include "proto.h"
#include "global.h"

// flex's scanner (scan.c) reads from a buffer of its own over the text
typedef struct yy_buffer_state *YY_BUFFER_STATE;
YY_BUFFER_STATE yy_scan_string(const char *text);

// At the end of the program's text (yywrap): no other file
int open_new_file(void) {
    return FALSE;
}

void new_yy_file(FILE *file) {
    (void)file;
}

void use_quit(int sig) {
    (void)sig;
    bc_exit(0);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bc_bench N PROGRAM\n");
        return 2;
    }
    size_t len = strlen(argv[1]) + strlen(argv[2]) + 8;
    char *text = malloc(len);
    snprintf(text, len, "n = %s\n%s", argv[1], argv[2]);
    line_size = 70;
    init_storage();
    init_load();
    init_tree();
    init_gen();
    is_std_in = FALSE;
    line_no = 1;
    file_name = "bc_bench";
    yy_scan_string(text);
    yyparse();
    bc_exit(0);
    return 0;
}
