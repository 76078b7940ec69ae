// SPDX-License-Identifier: MIT
// Phalanx XXV (Debian's phalanx 25 source package, its makefile's files
// unchanged; phalanx.c's main renamed phalanx_main by a define and not
// called): a chess engine's iterative-deepening alpha-beta search with
// quiescence, null moves, killers and history, over a transposition table
// and a static-evaluation cache. This driver sets up what phalanx.c's main
// sets for its own "bench" (no book, no learning, no pondering, no input
// polling) but searches to a fixed depth instead of for a fixed time, so the
// nodes visited do not depend on the clock: the eleven bench positions (the
// program's ten and one more endgame), each searched to depth N plies, over
// one transposition table kept
// from position to position as the engine keeps it between moves. Each best
// move, its value and the node count are printed and hashed. The hash keys
// are the program's constant tables (hash.c), no rand() is called.
// search.c sorts the root moves by value with qsort, and moves of equal value
// come out in the order the libc's qsort leaves them (glibc's merge sort keeps
// them, musl's smoothsort does not), which changes the nodes searched: qsort
// is this driver's stable insertion sort on both builds (a define).
//   phalanx_bench N      (the search depth in plies, 2..9)
#include "prog_common.h"

#undef main  // the define renames phalanx.c's main, not ours

#include "phalanx.h"

int phalanx_main(int argc, char **argv);

// qsort for search.c's root moves (a few dozen): stable, so equal values keep their order
void phalanx_bench_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    unsigned char *a = base;
    unsigned char tmp[64];
    if (size > sizeof tmp) {
        abort();
    }
    for (size_t i = 1; i < n; i++) {
        memcpy(tmp, a + i * size, size);
        size_t j = i;
        while (j > 0 && cmp(a + (j - 1) * size, tmp) > 0) {
            memcpy(a + j * size, a + (j - 1) * size, size);
            j--;
        }
        memcpy(a + j * size, tmp, size);
    }
}
extern void initcache(void);
extern void initdist(void);

// phalanx.c's bench positions, and a rook endgame whose search runs deep quickly
static const char *const positions[] = {
    "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w",
    "2kr3r/pp3Npp/2pbbn2/6B1/2BPp3/6Pq/PPP1Q2P/2KR3R b",
    "r1bq1r1k/2pn2bp/1p1p1np1/pN1Pp3/1PP1Pp2/P2B1P2/1BQN2PP/1R3RK1 b",
    "r4rk1/2p1p1b1/p1n3pp/1p1qP3/P1pP4/B1P2PPN/4Q1K1/R6R b",
    "8/1p3rpp/p2nk3/P3p3/2R5/2N2PP1/1P2K2P/8 w",
    "rnbr2k1/ppq1ppbp/6p1/2p5/3P4/2PBPN2/P4PPP/1RBQ1RK1 w",
    "3r1rk1/1q2b1pp/pn3p2/1pp5/4PB2/5N2/PP1RQPPP/3R2K1 w",
    "8/2p5/5pK1/5R2/4k2P/p4P2/1r6/8 b",
    "3r1rk1/p3qp1p/2bb2p1/2pp4/8/1P2P3/PBQN1PPP/2R2RK1 b",
    "k7/ppp5/8/8/8/8/P1P5/K7 w",
    "8/8/3k4/8/3K4/8/3R4/7r w",
};

// the transposition table's entries: 2^17 (2 MiB with 16-byte entries, 1.5 MiB with 12)
#define HT_ENTRIES (1u << 17)

static void settings(int depth) {
    Flag.machine_color = BLACK;
    Flag.xboard = 0;
    Flag.post = Flag.analyze = Flag.book = Flag.learn = Flag.ponder = Flag.polling = 0;
    Flag.cpu = Flag.increment = Flag.resign = Flag.nps = Flag.easy = Flag.random = Flag.rndlim = 0;
    Flag.bench = 0;
    Flag.log = NULL;
    Flag.level = fixeddepth;
    Flag.depth = 100 * depth;
    Flag.centiseconds = 1000;
}

int main(int argc, char **argv) {
    int depth = (int)prog_size(argc, argv, 6);
    if (depth < 2) {
        depth = 2;
    }
    if (depth > 9) {
        depth = 9;
    }
    settings(depth);
    SizeHT = HT_ENTRIES;
    HT = calloc(SizeHT, sizeof(thashentry));
    if (HT == NULL) {
        printf("cannot allocate the transposition table\n");
        return 1;
    }
    initcache();
    initdist();
    printf("Phalanx %s, depth %d, %u table entries\n", VERSION, depth, SizeHT);

    uint32_t h = PROG_FNV_INIT;
    long long all = 0;
    int n = (int)(sizeof positions / sizeof positions[0]);
    for (int i = 0; i < n; i++) {
        int d = depth;
        setfen(positions[i]);
        tmove best = root_search();
        char move[64];
        printm(best, move);
        char line[160];
        int len = snprintf(line, sizeof line, "position %2d depth %d: %-10s value %6d nodes %10lld\n", i, d, move,
            (int)best.value, (long long)Nodes);
        fputs(line, stdout);
        h = prog_fnv(h, line, (size_t)len);
        all += Nodes;
    }
    printf("nodes %lld\n", all);
    printf("checksum=0x%08x\n", (unsigned)h);
    printf("all ok\n");
    return 0;
}
