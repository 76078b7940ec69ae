// SPDX-License-Identifier: MIT
// Cliquer (Debian's cliquer source package, cliquer.c, graph.c and reorder.c
// unchanged): Niskanen and Östergård's exact clique search, a branch and bound
// over vertex sets kept as bit arrays (set.h's word loops, a popcount table),
// vertices ordered first by greedy colouring. This driver makes random graphs
// from a fixed seed (dense, sparse, weighted) and asks for the largest
// clique, every maximal clique above a size, and the heaviest cliques; each
// clique found is checked to be one, hashed and counted.
//   cliquer_bench N      (N sets the vertex count: 20 + 4 N)
#include "prog_common.h"

#include "cliquer.h"

static uint32_t h = PROG_FNV_INIT;
static unsigned long found;
static uint32_t found_hash;
static int found_bad;

// A clique's vertices in order, hashed; each pair must be an edge of g
static void take_clique(set_t s, graph_t *g) {
    int prev = -1, v;
    while ((v = set_return_next(s, prev)) >= 0) {
        for (int u = set_return_next(s, v); u >= 0; u = set_return_next(s, u)) {
            if (!GRAPH_IS_EDGE(g, v, u)) {
                found_bad++;
            }
        }
        uint32_t w = (uint32_t)v;
        found_hash = prog_fnv(found_hash, &w, sizeof(w));
        prev = v;
    }
    found_hash = prog_fnv(found_hash, "|", 1);
}

// user_function: every clique clique_*_find_all reaches (TRUE: go on)
static boolean on_clique(set_t s, graph_t *g, clique_options *opts) {
    (void)opts;
    take_clique(s, g);
    found++;
    return TRUE;
}

static clique_options options(boolean with_callback) {
    clique_options o = { 0 };
    o.reorder_function = reorder_by_greedy_coloring;
    o.time_function = NULL; // the library's default prints times to stderr
    o.output = stdout;
    o.user_function = with_callback ? on_clique : NULL;
    return o;
}

static graph_t *random_graph(int n, unsigned per_256, uint32_t seed, int weighted) {
    graph_t *g = graph_new(n);
    prog_rng r = { seed };
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            if ((prog_rand(&r) & 255u) < per_256) {
                GRAPH_ADD_EDGE(g, i, j);
            }
        }
        g->weights[i] = weighted ? 1 + (int)(prog_rand(&r) % 9u) : 1;
    }
    return g;
}

static void begin(const char *what) {
    found = 0;
    found_hash = PROG_FNV_INIT;
    found_bad = 0;
    printf("%s", what);
}

static void end(void) {
    printf("%lu cliques, hash %08x\n", found, (unsigned)found_hash);
    prog_check("every clique found is one", found_bad == 0);
    h = prog_fnv(h, &found_hash, sizeof(found_hash));
}

static void unweighted(int n, unsigned per_256, uint32_t seed) {
    graph_t *g = random_graph(n, per_256, seed, 0);
    printf("unweighted n=%d p=%u/256: %d edges\n", n, per_256, graph_edge_count(g));
    clique_options o = options(FALSE);
    int max = clique_unweighted_max_size(g, &o);
    begin("  largest: ");
    set_t s = clique_unweighted_find_single(g, 0, 0, FALSE, &o);
    printf("size %d, ", max);
    prog_check("largest clique's size", s != NULL && set_size(s) == max);
    if (s != NULL) {
        take_clique(s, g);
        found = 1;
        set_free(s);
    }
    end();
    o = options(TRUE);
    begin("  maximal of size >= largest-2: ");
    int count = clique_unweighted_find_all(g, max > 2 ? max - 2 : 1, 0, TRUE, &o);
    prog_check("find_all's count", (unsigned long)count == found);
    end();
    begin("  all of size largest-1 exactly: ");
    count = clique_unweighted_find_all(g, max > 1 ? max - 1 : 1, max > 1 ? max - 1 : 1, FALSE, &o);
    prog_check("find_all's count", (unsigned long)count == found);
    end();
    graph_free(g);
}

static void weighted(int n, unsigned per_256, uint32_t seed) {
    graph_t *g = random_graph(n, per_256, seed, 1);
    printf("weighted n=%d p=%u/256: %d edges\n", n, per_256, graph_edge_count(g));
    clique_options o = options(FALSE);
    int max = clique_max_weight(g, &o);
    begin("  heaviest: ");
    set_t s = clique_find_single(g, 0, 0, FALSE, &o);
    printf("weight %d, ", max);
    prog_check("heaviest clique's weight", s != NULL && graph_subgraph_weight(g, s) == max);
    if (s != NULL) {
        take_clique(s, g);
        found = 1;
        set_free(s);
    }
    end();
    o = options(TRUE);
    begin("  maximal of weight >= heaviest-4: ");
    int count = clique_find_all(g, max > 4 ? max - 4 : 1, FALSE, TRUE, &o);
    prog_check("find_all's count", (unsigned long)count == found);
    end();
    graph_free(g);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    int v = 20 + 4 * (int)n;
    printf("cliquer 1.21, %d vertices\n", v);
    unweighted(v, 128, 12345u);
    unweighted(v * 2, 48, 777u);
    unweighted(v / 2 + 10, 200, 4242u);
    weighted(v, 140, 99u);
    weighted(v + v / 2, 90, 31337u);
    return prog_end(h);
}
