// SPDX-License-Identifier: MIT
// The Edge Addition Planarity Suite (Debian's edge-addition-planarity-suite
// source package, libplanarity's files unchanged): John Boyer's linear-time
// planarity test by edge addition over a depth-first search tree, which
// gives a combinatorial embedding of a planar graph or isolates a Kuratowski
// subgraph of one that is not; its extensions search for K3,3, K2,3 and K4
// homeomorphs and draw planar graphs as visibility representations. This
// driver makes graphs from a fixed seed (random graphs around the planar
// edge count 3V-6, grids with diagonals, maximal planar graphs plus one edge)
// and runs every algorithm on each: the result, the library's own integrity
// check of it against the input, and the embedding or obstruction written
// as adjacency lists (and the drawing as text) hashed.
//   planarity_bench N      (N rounds of graphs, each larger)
#include "prog_common.h"

#include "graph.h"
#include "graphDrawPlanar.h"
#include "graphK23Search.h"
#include "graphK33Search.h"
#include "graphK4Search.h"

static uint32_t h = PROG_FNV_INIT;

typedef struct {
    int n, m;
    int *u, *v;
} edge_list;

static void add(edge_list *g, char *seen, int a, int b) {
    if (a == b || seen[a * g->n + b]) {
        return;
    }
    seen[a * g->n + b] = seen[b * g->n + a] = 1;
    g->u[g->m] = a;
    g->v[g->m] = b;
    g->m++;
}

static edge_list make(int n, int max_edges) {
    edge_list g = { n, 0, malloc(sizeof(int) * (size_t)max_edges), malloc(sizeof(int) * (size_t)max_edges) };
    return g;
}

// random edges, up to m of them
static edge_list random_graph(int n, int m, prog_rng *r) {
    edge_list g = make(n, m);
    char *seen = calloc((size_t)n * (size_t)n, 1);
    while (g.m < m) {
        add(&g, seen, (int)(prog_rand(r) % (uint32_t)n), (int)(prog_rand(r) % (uint32_t)n));
    }
    free(seen);
    return g;
}

// a w x w grid with one diagonal a square (planar), and `extra` random chords
static edge_list grid_graph(int w, int extra, prog_rng *r) {
    int n = w * w;
    edge_list g = make(n, 3 * n + extra);
    char *seen = calloc((size_t)n * (size_t)n, 1);
    for (int y = 0; y < w; y++) {
        for (int x = 0; x < w; x++) {
            int i = y * w + x;
            if (x + 1 < w) {
                add(&g, seen, i, i + 1);
            }
            if (y + 1 < w) {
                add(&g, seen, i, i + w);
            }
            if (x + 1 < w && y + 1 < w) {
                add(&g, seen, i, (prog_rand(r) & 1) ? i + w + 1 : i + 1);
            }
        }
    }
    for (int k = 0; k < extra; k++) {
        add(&g, seen, (int)(prog_rand(r) % (uint32_t)n), (int)(prog_rand(r) % (uint32_t)n));
    }
    free(seen);
    return g;
}

static graphP to_graph(const edge_list *e) {
    graphP g = gp_New();
    if (g == NULL || gp_InitGraph(g, e->n) != OK) {
        printf("graph of %d vertices FAILED\n", e->n);
        exit(1);
    }
    gp_EnsureArcCapacity(g, 2 * e->m + 2);
    for (int i = 0; i < e->m; i++) {
        // the library numbers vertices from gp_GetFirstVertex (1 in its default 1-based build)
        if (gp_AddEdge(g, e->u[i] + gp_GetFirstVertex(g), 0, e->v[i] + gp_GetFirstVertex(g), 0) != OK) {
            printf("edge %d FAILED\n", i);
            exit(1);
        }
    }
    return g;
}

static void hash_string(char *s) {
    if (s != NULL) {
        h = prog_fnv(h, s, strlen(s));
        free(s);
    }
}

// one algorithm on a copy of the graph: its result, the integrity check, the output hashed
static void run(const edge_list *e, const char *what, int flags, int (*attach)(graphP)) {
    graphP g = to_graph(e);
    if (attach != NULL && attach(g) != OK) {
        printf("  %s: attach FAILED\n", what);
        prog_failures++;
        gp_Free(&g);
        return;
    }
    graphP orig = gp_DupGraph(g);
    int result = gp_Embed(g, flags);
    int check = gp_TestEmbedResultIntegrity(g, orig, result);
    uint32_t before = h;
    char *text = NULL;
    // an obstructed drawing is not written: which of its arcs the drawing extension's record
    // says are in use differs between gcc's and clang's builds of the library (x86-64 both)
    if (result == OK || (result == NONEMBEDDABLE && flags != EMBEDFLAGS_DRAWPLANAR)) {
        gp_SortVertices(g); // back to the input's numbering, as the planarity program writes it
        gp_WriteToString(g, &text, WRITE_ADJLIST);
        hash_string(text);
        if (flags == EMBEDFLAGS_DRAWPLANAR && result == OK) {
            text = NULL;
            gp_DrawPlanar_RenderToString(g, &text);
            hash_string(text);
        }
    }
    printf("  %-12s %s, %d edges left, check %s, %08x\n", what,
           result == OK ? "embedded" : (result == NONEMBEDDABLE ? "obstructed" : "FAILED"), g->M,
           check == result ? "ok" : "FAILED", (unsigned)(h ^ before));
    prog_check(what, result != NOTOK && check == result);
    gp_Free(&orig);
    gp_Free(&g);
}

static void all(const char *what, edge_list e) {
    printf("%s: %d vertices, %d edges\n", what, e.n, e.m);
    run(&e, "planar", EMBEDFLAGS_PLANAR, NULL);
    run(&e, "outerplanar", EMBEDFLAGS_OUTERPLANAR, NULL);
    run(&e, "drawplanar", EMBEDFLAGS_DRAWPLANAR, gp_AttachDrawPlanar);
    run(&e, "K3,3 search", EMBEDFLAGS_SEARCHFORK33, gp_AttachK33Search);
    run(&e, "K2,3 search", EMBEDFLAGS_SEARCHFORK23, gp_AttachK23Search);
    run(&e, "K4 search", EMBEDFLAGS_SEARCHFORK4, gp_AttachK4Search);
    free(e.u);
    free(e.v);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    prog_rng r = { 2718u };
    printf("planarity 3.0.2.0, %ld rounds\n", n);
    for (long k = 1; k <= n; k++) {
        int v = 20 + 30 * (int)k;
        char what[64];
        snprintf(what, sizeof(what), "round %ld sparse", k);
        all(what, random_graph(v, 2 * v, &r));
        snprintf(what, sizeof(what), "round %ld near 3V-6", k);
        all(what, random_graph(v, 3 * v - 8, &r));
        snprintf(what, sizeof(what), "round %ld grid", k);
        all(what, grid_graph(4 + 2 * (int)k, 0, &r));
        snprintf(what, sizeof(what), "round %ld grid+2", k);
        all(what, grid_graph(4 + 2 * (int)k, 2, &r));
    }
    return prog_end(h);
}
