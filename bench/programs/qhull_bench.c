// SPDX-License-Identifier: MIT
// Qhull (Debian's qhull source package, the reentrant library libqhull_r
// unchanged): geometry in doubles. Convex hulls of generated points (3-d in a
// cube, 3-d on a sphere where every point is a vertex, 2-d in a disc, 4-d in a
// cube) and Delaunay triangulations (2-d and 3-d, lifted to a paraboloid),
// N*100 to N*400 points each, through qh_new_qhull with qhull's own options
// (merged facets by default, triangulated output for Delaunay); then each
// hull's area and volume (qh_getarea) and its facets, every facet's vertex
// ids in order, into an FNV. Prints the counts, area and volume of each.
//   qhull_bench N
#include "prog_common.h"

#include <math.h>

#include "libqhull_r/qhull_ra.h"

static uint32_t sum = PROG_FNV_INIT;

// a double in [-1, 1) from 30 random bits
static double unit(prog_rng *r) {
    return (double)(int32_t)(prog_rand(r) & 0x3fffffff) / (double)(1 << 29) - 1.0;
}

static void run(const char *what, int dim, int count, coordT *pts, const char *flags) {
    qhT qh_qh;
    qhT *qh = &qh_qh;
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "qhull %s", flags);
    qh_zero(qh, stderr);
    int exitcode = qh_new_qhull(qh, dim, count, pts, False, cmd, NULL, stderr);
    prog_check(what, exitcode == 0);
    if (exitcode == 0) {
        facetT *facet;
        vertexT *vertex, **vertexp;
        int facets = 0, ridged = 0;
        qh_getarea(qh, qh->facet_list);
        FORALLfacets {
            if (facet->upperdelaunay) {
                continue;
            }
            facets++;
            uint32_t id = facet->id;
            sum = prog_fnv(sum, &id, sizeof(id));
            FOREACHvertex_(facet->vertices) {
                id = vertex->id;
                sum = prog_fnv(sum, &id, sizeof(id));
                ridged++;
            }
        }
        printf("%-16s %5d points: %5d facets, %5d vertices, %6d incidences, area %.12g, volume %.12g\n", what, count,
            facets, qh->num_vertices, ridged, qh->totarea, qh->totvol);
    }
    qh_freeqhull(qh, !qh_ALL);
    int curlong, totlong;
    qh_memfreeshort(qh, &curlong, &totlong);
    prog_check("all memory given back", curlong == 0 && totlong == 0);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    int count = (int)n * 100;
    coordT *pts = malloc(sizeof(coordT) * 4 * (size_t)count * 4);
    prog_rng r = { 2026 };

    for (int i = 0; i < count * 4 * 3; i++) {  // 3-d in a cube
        pts[i] = unit(&r);
    }
    run("cube 3-d", 3, count * 4, pts, "");
    for (int i = 0; i < count; i++) {  // 3-d on a sphere: every point a vertex
        double x = unit(&r), y = unit(&r), z = unit(&r), len = sqrt(x * x + y * y + z * z) + 1e-9;
        pts[3 * i] = x / len;
        pts[3 * i + 1] = y / len;
        pts[3 * i + 2] = z / len;
    }
    run("sphere 3-d", 3, count, pts, "");
    for (int i = 0; i < count * 4; i++) {  // 2-d in a disc
        double x = unit(&r), y = unit(&r);
        pts[2 * i] = x;
        pts[2 * i + 1] = x * x + y * y < 1.0 ? y : y * 0.5;
    }
    run("disc 2-d", 2, count * 4, pts, "");
    for (int i = 0; i < count * 4; i++) {  // 4-d in a cube
        pts[i] = unit(&r);
    }
    run("cube 4-d", 4, count, pts, "");
    for (int i = 0; i < count * 2 * 2; i++) {  // Delaunay, 2-d
        pts[i] = unit(&r) * 100.0;
    }
    run("delaunay 2-d", 2, count * 2, pts, "d Qbb Qt");
    for (int i = 0; i < count * 3; i++) {  // Delaunay, 3-d
        pts[i] = unit(&r);
    }
    run("delaunay 3-d", 3, count, pts, "d Qbb Qt");
    free(pts);
    printf("qhull n=%ld: %s\n", n, prog_failures ? "FAILED" : "every hull built, its memory given back");
    printf("checksum=0x%08x\n", (unsigned)sum);
    return prog_failures != 0;
}
