// SPDX-License-Identifier: MIT
// nauty's geng (Debian's nauty source package, geng.c and libnauty's files
// unchanged): Brendan McKay's generator of graphs, one of each isomorphism
// class, by canonical augmentation: a depth-first search that adds a vertex
// at a time and keeps a graph only if its canonical labelling (nauty's
// partition refinement and search tree) says the new vertex is the right
// one. geng is called through its own hooks for other programs (GENG_MAIN,
// OUTPROC, SUMMARY: geng.c's "CALLING FROM A PROGRAM"): this driver runs it
// with several argument lists over N vertices (connected graphs, bipartite,
// triangle-free, a minimum degree, an edge range, one part of a res/mod
// split) and receives every graph: counted, hashed (its 32-bit rows), the
// first of each run printed in graph6.
//   geng_bench N
#include "prog_common.h"

#include "gtools.h"

extern int geng_main(int argc, char *argv[]);

static uint32_t h = PROG_FNV_INIT;
static unsigned long run_count;
static uint32_t run_hash;

// OUTPROC: each graph geng makes (n rows of one setword: MAXN = WORDSIZE = 32)
void geng_out(FILE *f, graph *g, int n) {
    (void)f;
    if (run_count == 0) {
        printf("  first: %s", ntog6(g, 1, n)); // graph6 ends with a newline
    }
    for (int i = 0; i < n; i++) {
        uint32_t row = (uint32_t)g[i];
        run_hash = prog_fnv(run_hash, &row, sizeof(row));
    }
    run_count++;
}

// SUMMARY: at the end of each run (its cpu time is not printed: it is a clock)
void geng_summary(nauty_counter nout, double cpu) {
    (void)cpu;
    printf("  %lu graphs (geng counted %lu), hash %08x\n", run_count, (unsigned long)nout, (unsigned)run_hash);
    prog_check("geng's count", run_count == (unsigned long)nout);
}

static void run(const char *what, const char *opts, long n, const char *extra) {
    char nv[16];
    snprintf(nv, sizeof(nv), "%ld", n);
    char *argv[6] = { "geng", (char *)opts, nv, NULL, NULL, NULL };
    int argc = 3;
    if (extra != NULL) {
        argv[argc++] = (char *)extra;
    }
    printf("%s (geng %s %s%s%s):\n", what, opts, nv, extra ? " " : "", extra ? extra : "");
    fflush(stdout);
    run_count = 0;
    run_hash = PROG_FNV_INIT;
    geng_main(argc, argv);
    h = prog_fnv(h, &run_hash, sizeof(run_hash));
    h = prog_fnv(h, &run_count, sizeof(uint32_t));
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    printf("nauty %s geng, %ld vertices\n", NAUTYVERSION, n);
    run("connected", "-cq", n, NULL);
    run("biconnected", "-Cq", n, NULL);
    run("triangle-free", "-tq", n + 1, NULL);
    run("bipartite", "-bq", n + 1, NULL);
    run("min degree 2, max 4", "-qd2D4", n + 1, NULL);
    run("connected, one part in three", "-cq", n + 1, "1/3");
    return prog_end(h);
}
