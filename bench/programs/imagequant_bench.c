// SPDX-License-Identifier: MIT
// libimagequant 2.17 (Debian's libimagequant source package, unchanged): the
// palette quantizer of pngquant and of many image tools. It builds a
// histogram of an RGBA image's colours, cuts it into boxes by variance
// (median cut), improves the palette with k-means, and remaps the image to
// the palette with Floyd-Steinberg dithering guided by an edge and noise map.
// This driver makes RGBA images (gradients, discs, stripes with alpha, noise),
// quantizes each at 256, 64 and 16 colours, at two speeds, remaps with and
// without dithering, and checks every index against the palette's size.
//   imagequant_bench N      (N images of 64x48 pixels)
#include "prog_common.h"

#include "libimagequant.h"

enum { W = 64, H = 48 };

// qsort for the library (-Dqsort=imagequant_bench_qsort): a stable merge sort. The palette's
// popularity sort and the nearest-colour search's distance sort meet equal keys, which glibc's
// and musl's qsort leave in different orders, and the palette (so the output) would differ.
void imagequant_bench_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    if (n < 2) {
        return;
    }
    unsigned char *a = base;
    unsigned char *tmp = malloc(n * size);
    if (!tmp) {
        abort();
    }
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (cmp(a + j * size, a + i * size) < 0) {
                    memcpy(tmp + k++ * size, a + j++ * size, size);
                } else {
                    memcpy(tmp + k++ * size, a + i++ * size, size);
                }
            }
            memcpy(tmp + k * size, a + i * size, (mid - i) * size);
            k += mid - i;
            memcpy(tmp + k * size, a + j * size, (hi - j) * size);
        }
        memcpy(a, tmp, n * size);
    }
    free(tmp);
}

// An RGBA image from the seed: a diagonal gradient, discs of solid colour,
// translucent stripes and a little noise, so the histogram has both smooth
// ramps and flat areas.
static void make_image(uint8_t *px, uint32_t seed) {
    prog_rng r = { seed };
    int cx[4], cy[4], rad[4];
    uint8_t col[4][3];
    for (int k = 0; k < 4; k++) {
        cx[k] = (int)(prog_rand(&r) % W);
        cy[k] = (int)(prog_rand(&r) % H);
        rad[k] = 6 + (int)(prog_rand(&r) % 24);
        for (int c = 0; c < 3; c++) {
            col[k][c] = (uint8_t)prog_rand(&r);
        }
    }
    uint32_t tint = prog_rand(&r);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint8_t *p = px + 4 * (y * W + x);
            p[0] = (uint8_t)(x * 255 / W + (tint & 31));
            p[1] = (uint8_t)(y * 255 / H + ((tint >> 5) & 31));
            p[2] = (uint8_t)((x + y) * 2 + ((tint >> 10) & 63));
            p[3] = 255;
            for (int k = 0; k < 4; k++) {
                int dx = x - cx[k], dy = y - cy[k];
                if (dx * dx + dy * dy < rad[k] * rad[k]) {
                    p[0] = col[k][0];
                    p[1] = col[k][1];
                    p[2] = col[k][2];
                }
            }
            if (((x + 2 * y) / 7) % 5 == 0) {
                p[3] = (uint8_t)(96 + (tint >> 16) % 128);
            }
            uint32_t n = prog_rand(&r);
            if ((n & 7) == 0) {
                p[(n >> 3) % 3] ^= (uint8_t)((n >> 8) & 15);
            }
        }
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    static uint8_t px[W * H * 4];
    static uint8_t out[W * H];
    static const int colors[] = { 256, 64, 16 };
    uint32_t h = PROG_FNV_INIT;
    unsigned long palettes = 0, total_colors = 0;
    double err_sum = 0;
    for (long i = 0; i < n; i++) {
        make_image(px, 0x9e3779b9u ^ (uint32_t)(i * 7919 + 1));
        for (int c = 0; c < 3; c++) {
            liq_attr *attr = liq_attr_create();
            liq_set_max_colors(attr, colors[c]);
            liq_set_speed(attr, c == 2 ? 3 : 5);
            liq_image *img = liq_image_create_rgba(attr, px, W, H, 0);
            liq_result *res = NULL;
            liq_error e = liq_image_quantize(img, attr, &res);
            prog_check("liq_image_quantize", e == LIQ_OK);
            if (e != LIQ_OK) {
                liq_image_destroy(img);
                liq_attr_destroy(attr);
                continue;
            }
            liq_set_dithering_level(res, (i + c) % 2 ? 1.0f : 0.0f);
            e = liq_write_remapped_image(res, img, out, sizeof out);
            prog_check("liq_write_remapped_image", e == LIQ_OK);
            const liq_palette *pal = liq_get_palette(res);
            prog_check("palette size", pal->count >= 1 && (int)pal->count <= colors[c]);
            for (int k = 0; k < W * H; k++) {
                if (out[k] >= pal->count) {
                    prog_check("index in the palette", 0);
                    break;
                }
            }
            h = prog_fnv(h, pal->entries, pal->count * sizeof(liq_color));
            h = prog_fnv(h, out, sizeof out);
            palettes++;
            total_colors += pal->count;
            err_sum += liq_get_quantization_error(res);
            liq_result_destroy(res);
            liq_image_destroy(img);
            liq_attr_destroy(attr);
        }
    }
    printf("images=%ld palettes=%lu colors=%lu\n", n, palettes, total_colors);
    printf("mean error=%.4f\n", palettes ? err_sum / (double)palettes : 0.0);
    return prog_end(h);
}
