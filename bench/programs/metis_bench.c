// SPDX-License-Identifier: MIT
// METIS 5.1.0 (Debian's metis source package, unchanged, with the GKlib it
// ships): multilevel graph partitioning and fill-reducing ordering, as
// finite-element codes, sparse direct solvers and circuit placers use it.
// Each call coarsens the graph by heavy-edge matching level after level,
// partitions the coarsest graph (region growing, bisections), and projects
// the partition back with Fiduccia-Mattheyses / greedy k-way refinement at
// every level; the ordering is nested dissection by vertex separators with
// minimum-degree ordering at the leaves. This driver makes N mesh-like graphs
// (a grid with diagonals and weighted edges), partitions each k-way and by
// recursive bisection into 2 to 16 parts, orders it, and checks every
// partition's and permutation's validity; METIS's own random numbers
// (GKlib's Mersenne Twister, USE_GKRAND) make every build choose alike.
//   metis_bench N      (N graphs of 1,200 to 2,000 vertices)
#include "prog_common.h"

#include "metis.h"

// a pseudo-random but symmetric value for the pair (a, b)
static uint32_t pair_hash(uint32_t a, uint32_t b, uint32_t seed) {
    uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
    uint32_t x = lo * 0x9e3779b1u ^ hi * 0x85ebca77u ^ seed;
    x ^= x >> 15;
    x *= 0x2c1b3c6du;
    x ^= x >> 12;
    return x;
}

typedef struct graph {
    idx_t nvtxs;
    idx_t *xadj, *adjncy, *adjwgt, *vwgt;
} graph;

// A rows x cols grid, each cell joined to its four neighbours and, where the
// pair's hash says so, to its two lower diagonals; a few cells are holes.
static void make_graph(graph *g, int rows, int cols, uint32_t seed) {
    int nv = rows * cols;
    g->nvtxs = nv;
    g->xadj = malloc((size_t)(nv + 1) * sizeof(idx_t));
    g->adjncy = malloc((size_t)nv * 8 * sizeof(idx_t));
    g->adjwgt = malloc((size_t)nv * 8 * sizeof(idx_t));
    g->vwgt = malloc((size_t)nv * sizeof(idx_t));
    idx_t e = 0;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            int v = r * cols + c;
            g->xadj[v] = e;
            g->vwgt[v] = 1 + (idx_t)(pair_hash((uint32_t)v, (uint32_t)v, seed) % 4);
            static const int dr[8] = { -1, 1, 0, 0, -1, -1, 1, 1 };
            static const int dc[8] = { 0, 0, -1, 1, -1, 1, -1, 1 };
            for (int k = 0; k < 8; k++) {
                int r2 = r + dr[k], c2 = c + dc[k];
                if (r2 < 0 || r2 >= rows || c2 < 0 || c2 >= cols) {
                    continue;
                }
                int u = r2 * cols + c2;
                uint32_t ph = pair_hash((uint32_t)v, (uint32_t)u, seed);
                if (k >= 4 && (ph & 3) != 0) {
                    continue;  // a quarter of the diagonals
                }
                g->adjncy[e] = u;
                g->adjwgt[e] = 1 + (idx_t)((ph >> 8) % 9);
                e++;
            }
        }
    }
    g->xadj[nv] = e;
}

static void free_graph(graph *g) {
    free(g->xadj);
    free(g->adjncy);
    free(g->adjwgt);
    free(g->vwgt);
}

// The cut weight of a partition, counted here, and whether every part is used.
static idx_t cut_of(const graph *g, const idx_t *part, idx_t nparts, int *all_used) {
    idx_t cut = 0;
    int used[64] = { 0 };
    for (idx_t v = 0; v < g->nvtxs; v++) {
        used[part[v]] = 1;
        for (idx_t j = g->xadj[v]; j < g->xadj[v + 1]; j++) {
            if (part[g->adjncy[j]] != part[v]) {
                cut += g->adjwgt[j];
            }
        }
    }
    *all_used = 1;
    for (idx_t p = 0; p < nparts; p++) {
        *all_used &= used[p];
    }
    return cut / 2;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    uint32_t h = PROG_FNV_INIT;
    long total_cut = 0, total_vertices = 0;
    for (long i = 0; i < n; i++) {
        graph g;
        int rows = 30 + (int)(i % 3) * 5, cols = 40 + (int)(i % 4) * 3;
        make_graph(&g, rows, cols, 0x51ed270bu + (uint32_t)i);
        total_vertices += g.nvtxs;
        idx_t *part = malloc((size_t)g.nvtxs * sizeof(idx_t));
        idx_t options[METIS_NOPTIONS];
        static const idx_t parts[] = { 2, 5, 8, 16 };
        for (int k = 0; k < 4; k++) {
            for (int method = 0; method < 2; method++) {
                METIS_SetDefaultOptions(options);
                options[METIS_OPTION_SEED] = (idx_t)(i * 8 + k * 2 + method + 1);
                options[METIS_OPTION_NUMBERING] = 0;
                idx_t ncon = 1, nparts = parts[k], edgecut = -1;
                int rc = (method ? METIS_PartGraphRecursive : METIS_PartGraphKway)(&g.nvtxs, &ncon, g.xadj,
                    g.adjncy, g.vwgt, NULL, g.adjwgt, &nparts, NULL, NULL, options, &edgecut, part);
                prog_check("partition returns METIS_OK", rc == METIS_OK);
                int all_used;
                idx_t cut = cut_of(&g, part, nparts, &all_used);
                prog_check("edgecut is the partition's cut", cut == edgecut);
                prog_check("every part used", all_used);
                total_cut += edgecut;
                h = prog_fnv(h, &edgecut, sizeof edgecut);
                h = prog_fnv(h, part, (size_t)g.nvtxs * sizeof(idx_t));
            }
        }
        idx_t *perm = malloc((size_t)g.nvtxs * sizeof(idx_t));
        idx_t *iperm = malloc((size_t)g.nvtxs * sizeof(idx_t));
        METIS_SetDefaultOptions(options);
        options[METIS_OPTION_SEED] = (idx_t)(i + 1);
        int rc = METIS_NodeND(&g.nvtxs, g.xadj, g.adjncy, g.vwgt, options, perm, iperm);
        prog_check("METIS_NodeND returns METIS_OK", rc == METIS_OK);
        int inverse = 1;
        for (idx_t v = 0; v < g.nvtxs; v++) {
            inverse &= perm[v] >= 0 && perm[v] < g.nvtxs && iperm[perm[v]] == v;
        }
        prog_check("perm and iperm inverse permutations", inverse);
        h = prog_fnv(h, perm, (size_t)g.nvtxs * sizeof(idx_t));
        free(perm);
        free(iperm);
        free(part);
        free_graph(&g);
    }
    printf("graphs=%ld vertices=%ld partitions=%ld\n", n, total_vertices, n * 8);
    printf("total edgecut=%ld\n", total_cut);
    return prog_end(h);
}
