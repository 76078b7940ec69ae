// SPDX-License-Identifier: MIT
// libspng 0.7.3 (Debian's libspng source package, spng/spng.c unchanged, its
// SIMD paths off: the same C on x86-64 as on wasm32) over zlib 1.2.13
// (Debian's zlib package, as the libpng program builds it): a second PNG
// codec, written apart from libpng. The driver makes images of every colour
// type and bit depth (grey 1-16, RGB 8/16, palettes 1-8 with tRNS, grey and
// RGB with alpha), encodes each with libspng (every filter heuristic,
// Adam7 or not, a gAMA chunk on some), decodes it back as stored (checked
// to be the input again) and converted to RGBA8 with transparency, RGBA16,
// RGB8 and grey, and with gamma correction; every PNG and every decoded
// image is hashed.
//   libspng_bench N      (N sets the image size: (40 + 8 N) x (30 + 6 N))
#include "prog_common.h"

#include "spng.h"
#include <zlib.h>

static uint32_t h = PROG_FNV_INIT;

struct kind {
    uint8_t color_type, depth;
};

static int channels(uint8_t color_type) {
    switch (color_type) {
        case SPNG_COLOR_TYPE_TRUECOLOR:
            return 3;
        case SPNG_COLOR_TYPE_GRAYSCALE_ALPHA:
            return 2;
        case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA:
            return 4;
        default:
            return 1;
    }
}

// the image's rows as PNG stores them (big-endian 16-bit samples, packed sub-byte ones)
static size_t make_image(uint8_t *img, const struct kind *k, uint32_t w, uint32_t hgt, uint32_t seed) {
    prog_rng r = { seed };
    size_t row = ((size_t)w * channels(k->color_type) * k->depth + 7) / 8;
    unsigned max = (1u << k->depth) - 1;
    memset(img, 0, row * hgt);
    for (uint32_t y = 0; y < hgt; y++) {
        uint8_t *p = img + row * y;
        for (uint32_t x = 0; x < w; x++) {
            for (int c = 0; c < channels(k->color_type); c++) {
                // smooth gradients with some noise: the filters have something to find
                unsigned v = (x * 7 + y * 3 + (unsigned)c * 40) * (max + 1) / (w * 7 + hgt * 3 + 160);
                if ((prog_rand(&r) & 7) == 0) {
                    v ^= prog_rand(&r) & (max >> 2);
                }
                v &= max;
                size_t bit = ((size_t)x * channels(k->color_type) + (size_t)c) * k->depth;
                if (k->depth == 16) {
                    p[bit / 8] = (uint8_t)(v >> 8);
                    p[bit / 8 + 1] = (uint8_t)v;
                } else {
                    p[bit / 8] |= (uint8_t)(v << (8 - k->depth - bit % 8));
                }
            }
        }
    }
    return row * hgt;
}

static void *encode(const struct kind *k, const uint8_t *img, size_t len, uint32_t w, uint32_t hgt, int filters,
                    int adam7, int gamma, size_t *png_len) {
    spng_ctx *e = spng_ctx_new(SPNG_CTX_ENCODER);
    spng_set_option(e, SPNG_ENCODE_TO_BUFFER, 1);
    spng_set_option(e, SPNG_FILTER_CHOICE, filters);
    struct spng_ihdr ihdr = { w, hgt, k->depth, k->color_type, 0, 0, (uint8_t)adam7 };
    int err = spng_set_ihdr(e, &ihdr);
    if (k->color_type == SPNG_COLOR_TYPE_INDEXED) {
        static struct spng_plte plte;
        static struct spng_trns trns;
        plte.n_entries = 1u << k->depth;
        trns.n_type3_entries = plte.n_entries / 2;
        for (uint32_t i = 0; i < plte.n_entries; i++) {
            plte.entries[i] = (struct spng_plte_entry){ (uint8_t)(i * 37), (uint8_t)(255 - i * 11), (uint8_t)(i * i), 0 };
            trns.type3_alpha[i] = (uint8_t)(255 - i * 3);
        }
        err = err ? err : spng_set_plte(e, &plte);
        err = err ? err : spng_set_trns(e, &trns);
    } else if (k->color_type == SPNG_COLOR_TYPE_GRAYSCALE || k->color_type == SPNG_COLOR_TYPE_TRUECOLOR) {
        struct spng_trns trns = { 0 };
        trns.gray = trns.red = (uint16_t)((1u << k->depth) / 3);
        err = err ? err : spng_set_trns(e, &trns);
    }
    if (gamma) {
        err = err ? err : spng_set_gama_int(e, 45455);
    }
    err = err ? err : spng_encode_image(e, img, len, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
    void *png = NULL;
    if (err == 0) {
        png = spng_get_png_buffer(e, png_len, &err);
    }
    prog_check("encoded", err == 0 && png != NULL);
    if (err) {
        printf("  encode: %s\n", spng_strerror(err));
    }
    spng_ctx_free(e);
    return png;
}

// decode `png` as `fmt` with `flags` into a new *out: 0, or libspng's error
static int decode(const void *png, size_t png_len, int fmt, int flags, uint8_t **out, size_t *out_len) {
    spng_ctx *d = spng_ctx_new(0);
    int err = spng_set_png_buffer(d, png, png_len);
    err = err ? err : spng_decoded_image_size(d, fmt, out_len);
    *out = NULL;
    if (err == 0) {
        *out = calloc(1, *out_len); // libspng ORs an Adam7 pass's sub-byte pixels into the rows
        err = spng_decode_image(d, *out, *out_len, fmt, flags);
    }
    spng_ctx_free(d);
    return err;
}

static const int formats[][2] = {
    { SPNG_FMT_PNG, 0 }, { SPNG_FMT_RGBA8, SPNG_DECODE_TRNS }, { SPNG_FMT_RGBA16, SPNG_DECODE_TRNS },
    { SPNG_FMT_RGB8, 0 }, { SPNG_FMT_G8, 0 }, { SPNG_FMT_GA8, SPNG_DECODE_TRNS },
    { SPNG_FMT_RGBA8, SPNG_DECODE_TRNS | SPNG_DECODE_GAMMA },
};

static void round_trip(const struct kind *k, uint32_t w, uint32_t hgt, uint32_t seed) {
    static const int filter_sets[] = { SPNG_FILTER_CHOICE_ALL, SPNG_DISABLE_FILTERING, SPNG_FILTER_CHOICE_PAETH,
                                       SPNG_FILTER_CHOICE_SUB | SPNG_FILTER_CHOICE_UP | SPNG_FILTER_CHOICE_AVG };
    uint8_t *img = malloc((size_t)w * hgt * 8);
    size_t len = make_image(img, k, w, hgt, seed);
    printf("  type %d depth %2d:", k->color_type, k->depth);
    for (int v = 0; v < 4; v++) {
        int adam7 = v & 1, gamma = v >= 2;
        size_t png_len = 0;
        void *png = encode(k, img, len, w, hgt, filter_sets[v], adam7, gamma, &png_len);
        if (png == NULL) {
            continue;
        }
        h = prog_fnv(h, png, png_len);
        uint32_t decoded = PROG_FNV_INIT;
        int tried = 0, refused = 0;
        for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
            if ((formats[f][1] & SPNG_DECODE_GAMMA) && !gamma) {
                continue;
            }
            uint8_t *out;
            size_t out_len;
            int err = decode(png, png_len, formats[f][0], formats[f][1], &out, &out_len);
            tried++;
            if (err) { // G8/GA8 only from greys: libspng says so
                refused++;
                decoded = prog_fnv(decoded, &err, sizeof(err));
            } else {
                if (formats[f][0] == SPNG_FMT_PNG) {
                    prog_check("decoded as stored is the input", out_len == len && memcmp(out, img, len) == 0);
                }
                decoded = prog_fnv(decoded, out, out_len);
            }
            free(out);
        }
        printf(" %zu%s %d/%d", png_len, adam7 ? "i" : "", tried - refused, tried);
        h = prog_fnv(h, &decoded, sizeof(decoded));
        free(png);
    }
    printf("\n");
    free(img);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2);
    uint32_t w = 40 + 8 * (uint32_t)n, hgt = 30 + 6 * (uint32_t)n;
    printf("libspng %d.%d.%d over zlib %s, %ux%u\n", SPNG_VERSION_MAJOR, SPNG_VERSION_MINOR, SPNG_VERSION_PATCH, zlibVersion(),
           (unsigned)w, (unsigned)hgt);
    static const struct kind kinds[] = {
        { SPNG_COLOR_TYPE_GRAYSCALE, 1 },        { SPNG_COLOR_TYPE_GRAYSCALE, 2 },
        { SPNG_COLOR_TYPE_GRAYSCALE, 4 },        { SPNG_COLOR_TYPE_GRAYSCALE, 8 },
        { SPNG_COLOR_TYPE_GRAYSCALE, 16 },       { SPNG_COLOR_TYPE_TRUECOLOR, 8 },
        { SPNG_COLOR_TYPE_TRUECOLOR, 16 },       { SPNG_COLOR_TYPE_INDEXED, 1 },
        { SPNG_COLOR_TYPE_INDEXED, 2 },          { SPNG_COLOR_TYPE_INDEXED, 4 },
        { SPNG_COLOR_TYPE_INDEXED, 8 },          { SPNG_COLOR_TYPE_GRAYSCALE_ALPHA, 8 },
        { SPNG_COLOR_TYPE_GRAYSCALE_ALPHA, 16 }, { SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 8 },
        { SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, 16 },
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        round_trip(&kinds[i], w, hgt, 77u + (uint32_t)i);
    }
    return prog_end(h);
}
