// SPDX-License-Identifier: MIT
// potrace (Debian's potrace source package: potracelib, src/potracelib.c,
// trace.c, decompose.c, curve.c unchanged): Peter Selinger's bitmap tracer.
// Bitmaps drawn with integer arithmetic (disks, rings, rotated ellipses,
// triangles, text in a 5x7 font scaled up, a checkerboard, blobs grown from
// noise by a cellular automaton) are decomposed into paths and fitted with
// optimal polygons, then Bezier curves, then optimized curves (doubles, sqrt:
// exact on every libm), under ten parameter sets: every turn policy, speckle
// sizes, corner thresholds, curve optimization on and off. Each result's path
// tree, segment kinds and control points (their bits) are hashed; the areas
// and counts are printed.
//   potrace_bench N
#include "prog_common.h"

#include "bitmap.h"
#include "potracelib.h"

static uint32_t h = PROG_FNV_INIT;

// 5x7 font for a few letters and digits, one row a byte (5 low bits)
static const uint8_t font[][7] = {
    { 0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e }, // 0
    { 0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e }, // 1
    { 0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f }, // 2
    { 0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e }, // 3
    { 0x04, 0x0a, 0x11, 0x11, 0x1f, 0x11, 0x11 }, // A
    { 0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e }, // B
    { 0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e }, // C
    { 0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a }, // W
    { 0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11 }, // M
    { 0x0e, 0x11, 0x10, 0x0e, 0x01, 0x11, 0x0e }, // S
};

static void draw(potrace_bitmap_t *bm, int kind, prog_rng *r) {
    int w = bm->w, hh = bm->h;
    bm_clear(bm, 0);
    for (int s = 0; s < 6 + (int)(prog_rand(r) % 6); s++) {
        int cx = (int)(prog_rand(r) % (uint32_t)w), cy = (int)(prog_rand(r) % (uint32_t)hh);
        int rad = 4 + (int)(prog_rand(r) % (uint32_t)(w / 4));
        int a = 1 + (int)(prog_rand(r) % 5), b = (int)(prog_rand(r) % 7) - 3, c = 1 + (int)(prog_rand(r) % 5);
        int shape = kind == 3 ? (int)(prog_rand(r) % 4) : kind;
        int x0 = cx - (int)(prog_rand(r) % 60), y0 = cy + (int)(prog_rand(r) % 60);
        int x1 = cx + (int)(prog_rand(r) % 60), y1 = cy + (int)(prog_rand(r) % 60);
        for (int y = cy - 2 * rad; y <= cy + 2 * rad; y++) {
            for (int x = cx - 2 * rad; x <= cx + 2 * rad; x++) {
                int dx = x - cx, dy = y - cy, on;
                if (shape == 0) { // a disk
                    on = dx * dx + dy * dy <= rad * rad;
                } else if (shape == 1) { // a ring
                    int d = dx * dx + dy * dy;
                    on = d <= rad * rad && d >= rad * rad / 3;
                } else if (shape == 2) { // a rotated ellipse: a x^2 + b xy + c y^2 <= R
                    on = a * dx * dx + b * dx * dy + c * dy * dy <= 3 * rad * rad && 4 * a * c > b * b;
                } else { // a triangle, by the signs of three edge functions
                    int e0 = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0);
                    int e1 = (cx - x1) * (y - y1) - (cy - y1) * (x - x1);
                    int e2 = (x0 - cx) * (y - cy) - (y0 - cy) * (x - cx);
                    on = (e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0);
                }
                if (on) {
                    BM_PUT(bm, x, y, !BM_GET(bm, x, y)); // shapes that overlap leave holes
                }
            }
        }
    }
    if (kind == 4) { // text over a checkerboard corner
        for (int y = 0; y < hh / 3; y++) {
            for (int x = 0; x < w / 3; x++) {
                BM_PUT(bm, x, y, ((x / 6) ^ (y / 6)) & 1);
            }
        }
        int scale = 2 + (int)(prog_rand(r) % 4), x = 4, y = hh / 2;
        for (int ch = 0; ch < 12; ch++) {
            const uint8_t *g = font[prog_rand(r) % 10];
            for (int row = 0; row < 7 * scale; row++) {
                for (int col = 0; col < 5 * scale; col++) {
                    if ((g[row / scale] >> (4 - col / scale)) & 1) {
                        BM_PUT(bm, x + col, y + row, 1);
                    }
                }
            }
            x += 6 * scale;
            if (x + 6 * scale > w) {
                x = 4;
                y += 8 * scale;
            }
        }
    }
    if (kind == 5) { // blobs: noise, then five steps of a majority rule
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < w; x++) {
                BM_PUT(bm, x, y, (prog_rand(r) >> 20) % 100 < 45);
            }
        }
        potrace_bitmap_t *next = bm_dup(bm);
        for (int step = 0; step < 5; step++) {
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < w; x++) {
                    int n = 0;
                    for (int j = -1; j <= 1; j++) {
                        for (int i = -1; i <= 1; i++) {
                            n += BM_GET(bm, x + i, y + j);
                        }
                    }
                    BM_PUT(next, x, y, n >= 5);
                }
            }
            memcpy(bm->map, next->map, (size_t)bm_size(bm));
        }
        bm_free(next);
    }
}

typedef struct totals {
    long paths, segments, corners, curves, area;
} totals;

static void walk(const potrace_path_t *p, int depth, totals *t) {
    for (; p; p = p->sibling) {
        t->paths++;
        t->area += p->sign == '+' ? p->area : -p->area;
        int head[3] = { p->area, p->sign, depth };
        h = prog_fnv(h, head, sizeof(head));
        const potrace_curve_t *c = &p->curve;
        for (int i = 0; i < c->n; i++) {
            t->segments++;
            if (c->tag[i] == POTRACE_CORNER) {
                t->corners++;
                h = prog_fnv(h, &c->c[i][1], 2 * sizeof(potrace_dpoint_t));
            } else {
                t->curves++;
                h = prog_fnv(h, &c->c[i][0], 3 * sizeof(potrace_dpoint_t));
            }
        }
        walk(p->childlist, depth + 1, t);
    }
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 4);
    prog_rng r = { 0x7ace0016u };
    static const char *const kinds[] = { "disks", "rings", "ellipses", "mixed", "text", "blobs" };
    printf("%s\n", potrace_version());
    totals all = { 0 };
    double first_x = 0;
    for (long round = 0; round < rounds; round++) {
        for (int kind = 0; kind < 6; kind++) {
            int w = 200 + (int)(prog_rand(&r) % 120), hh = 160 + (int)(prog_rand(&r) % 100);
            potrace_bitmap_t *bm = bm_new(w, hh);
            draw(bm, kind, &r);
            for (int set = 0; set < 10; set++) {
                potrace_param_t *param = potrace_param_default();
                param->turnpolicy = set % 7; // BLACK, WHITE, LEFT, RIGHT, MINORITY, MAJORITY, RANDOM
                param->turdsize = (int[]){ 2, 0, 10, 2, 4 }[set % 5];
                param->alphamax = (double[]){ 1.0, 0.0, 1.3334, 0.55 }[set % 4];
                param->opticurve = set != 3 && set != 8;
                param->opttolerance = set >= 5 ? 0.2 * (set - 4) : 0.2;
                potrace_state_t *st = potrace_trace(param, bm);
                prog_check("potrace_trace", st && st->status == POTRACE_STATUS_OK);
                totals t = { 0 };
                if (st) {
                    walk(st->plist, 0, &t);
                    if (st->plist && st->plist->curve.n > 0 && first_x == 0) {
                        first_x = st->plist->curve.c[0][2].x;
                    }
                }
                if (round == 0 && (set == 0 || set == 1 || set == 7)) {
                    printf("%-8s %dx%d set %d: paths=%ld segments=%ld corners=%ld curves=%ld area=%ld\n",
                        kinds[kind], w, hh, set, t.paths, t.segments, t.corners, t.curves, t.area);
                }
                all.paths += t.paths;
                all.segments += t.segments;
                all.corners += t.corners;
                all.curves += t.curves;
                all.area += t.area;
                potrace_state_free(st);
                potrace_param_free(param);
            }
            bm_free(bm);
        }
    }
    printf("total paths=%ld segments=%ld corners=%ld curves=%ld area=%ld first x=%.6f\n", all.paths, all.segments,
        all.corners, all.curves, all.area, first_x);
    return prog_end(h);
}
