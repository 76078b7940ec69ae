// SPDX-License-Identifier: MIT
// libpng (Debian's libpng1.6 source package, its png*.c unchanged, with zlib from
// Debian's zlib package, also unchanged): PNG images of every colour type and bit
// depth (gray 1/2/4/8/16, gray+alpha, RGB 8/16, RGBA 8/16, palette 4/8 with tRNS),
// written to memory with each of the five row filters and all of them (libpng's
// heuristic), zlib levels 1/6/9, Adam7 interlaced or not, text chunks; each is read
// back and compared pixel for pixel, then read again through libpng's transforms
// (expand, palette to RGB, 16 to 8, gray to RGB, filler, BGR, swap alpha, invert,
// packing), and through the simplified API (png_image_*). N rounds of fresh images.
// No gamma transforms: their tables come from libm's pow, whose last bits are the C
// library's, not the program's.
//   libpng_bench N
#include <png.h>
#include <zlib.h>
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void mix(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

typedef struct membuf {
    uint8_t *data;
    size_t len, cap, pos;
} membuf;

static void mem_write(png_structp png, png_bytep data, png_size_t n) {
    membuf *m = png_get_io_ptr(png);
    if (m->len + n > m->cap) {
        m->cap = (m->len + n) * 2;
        m->data = realloc(m->data, m->cap);
    }
    memcpy(m->data + m->len, data, n);
    m->len += n;
}

static void mem_flush(png_structp png) {
    (void)png;
}

static void mem_read(png_structp png, png_bytep data, png_size_t n) {
    membuf *m = png_get_io_ptr(png);
    if (n > m->len - m->pos) {
        png_error(png, "read past the end");
    }
    memcpy(data, m->data + m->pos, n);
    m->pos += n;
}

static void on_warning(png_structp png, png_const_charp msg) {
    (void)png;
    printf("libpng warning: %s\n", msg);
}

typedef struct image {
    int w, h, color, depth, channels;
    size_t rowbytes;
    uint8_t *px;  // rows, PNG's packing and byte order (16-bit big-endian)
} image;

static int channels_of(int color) {
    switch (color) {
        case PNG_COLOR_TYPE_GRAY:
        case PNG_COLOR_TYPE_PALETTE:
            return 1;
        case PNG_COLOR_TYPE_GRAY_ALPHA:
            return 2;
        case PNG_COLOR_TYPE_RGB:
            return 3;
        default:
            return 4;
    }
}

// smooth gradients, a few hard-edged boxes, some noise: like a screenshot or a photo's flat parts
static image make_image(prog_rng *r, int w, int hgt, int color, int depth) {
    image im = { w, hgt, color, depth, channels_of(color), 0, NULL };
    im.rowbytes = ((size_t)w * im.channels * depth + 7) / 8;
    im.px = calloc((size_t)hgt, im.rowbytes);
    uint32_t maxv = (1u << depth) - 1;
    int bx = (int)(prog_rand(r) % (uint32_t)w), by = (int)(prog_rand(r) % (uint32_t)hgt);
    uint32_t noise = prog_rand(r) % 4;
    for (int y = 0; y < hgt; y++) {
        uint8_t *row = im.px + (size_t)y * im.rowbytes;
        for (int x = 0; x < w; x++) {
            for (int c = 0; c < im.channels; c++) {
                uint32_t v = (uint32_t)(x * (c + 1) * 3 + y * (2 + c) + c * 40);
                if (abs(x - bx) < w / 5 && abs(y - by) < hgt / 4) {
                    v = (uint32_t)(c * 90 + 17);
                }
                if (noise && (prog_rand(r) % 8) == 0) {
                    v += prog_rand(r) % (noise * 8);
                }
                if (depth == 16) {
                    v = v * 257 + (uint32_t)(x ^ y);
                }
                v = color == PNG_COLOR_TYPE_PALETTE ? v % (maxv + 1 < 200 ? maxv + 1 : 200) : v & maxv;
                size_t i = (size_t)x * im.channels + c;
                if (depth == 16) {
                    row[2 * i] = (uint8_t)(v >> 8);
                    row[2 * i + 1] = (uint8_t)v;
                } else if (depth == 8) {
                    row[i] = (uint8_t)v;
                } else {
                    int per = 8 / depth;
                    row[i / per] |= (uint8_t)(v << (8 - depth * (int)(i % per + 1)));
                }
            }
        }
    }
    return im;
}

static void set_palette(png_structp png, png_infop info, int entries) {
    png_color pal[256];
    png_byte trans[256];
    for (int i = 0; i < entries; i++) {
        pal[i].red = (png_byte)(i * 7);
        pal[i].green = (png_byte)(255 - i * 3);
        pal[i].blue = (png_byte)(i * i);
        trans[i] = (png_byte)(i < 8 ? i * 32 : 255);
    }
    png_set_PLTE(png, info, pal, entries);
    png_set_tRNS(png, info, trans, entries < 16 ? entries : 16, NULL);
}

static membuf write_png(const image *im, int filters, int level, int interlace) {
    membuf m = { NULL, 0, 0, 0 };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, on_warning);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(png, &m, mem_write, mem_flush);
    png_set_IHDR(png, info, (png_uint_32)im->w, (png_uint_32)im->h, im->depth, im->color,
        interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (im->color == PNG_COLOR_TYPE_PALETTE) {
        set_palette(png, info, 1 << im->depth < 200 ? 1 << im->depth : 200);
    }
    png_text text[2];
    memset(text, 0, sizeof(text));
    text[0].compression = PNG_TEXT_COMPRESSION_NONE;
    text[0].key = "Software";
    text[0].text = "mpwasm libpng_bench";
    text[1].compression = PNG_TEXT_COMPRESSION_zTXt;
    text[1].key = "Comment";
    text[1].text = "a compressed comment, a compressed comment, a compressed comment";
    png_set_text(png, info, text, 2);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_set_compression_level(png, level);
    png_write_info(png, info);
    png_bytep *rows = malloc(sizeof(png_bytep) * (size_t)im->h);
    for (int y = 0; y < im->h; y++) {
        rows[y] = im->px + (size_t)y * im->rowbytes;
    }
    png_write_image(png, rows);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(rows);
    return m;
}

enum { T_NONE, T_EXPAND, T_STRIP16, T_RGB_FILLER, T_BGR_SWAP, T_INVERT_PACK, T_COUNT };

// zero the bits after the last pixel of each row (libpng leaves them as they were)
static void clear_padding(uint8_t *px, size_t rowbytes, int height, size_t rowbits) {
    if (rowbits % 8 == 0) {
        return;
    }
    for (int y = 0; y < height; y++) {
        px[(size_t)y * rowbytes + rowbits / 8] &= (uint8_t)(0xff00u >> (rowbits % 8));
    }
}

// read m back with one set of transforms; returns the rows (rowbytes, height) and checks the text
static uint8_t *read_png(membuf *m, int how, size_t *rowbytes, int *height, int *passes) {
    m->pos = 0;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, on_warning);
    png_infop info = png_create_info_struct(png);
    png_set_read_fn(png, m, mem_read);
    png_read_info(png, info);
    int color = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
    switch (how) {
        case T_EXPAND:
            png_set_expand(png);  // palette -> RGB(A), low gray -> 8, tRNS -> alpha
            break;
        case T_STRIP16:
            png_set_strip_16(png);
            png_set_packing(png);
            break;
        case T_RGB_FILLER:
            png_set_palette_to_rgb(png);
            png_set_expand_gray_1_2_4_to_8(png);
            png_set_gray_to_rgb(png);
            if (!(color & PNG_COLOR_MASK_ALPHA)) {
                png_set_filler(png, 0xff, PNG_FILLER_AFTER);
            }
            break;
        case T_BGR_SWAP:
            png_set_bgr(png);
            png_set_swap_alpha(png);
            if (depth == 16) {
                png_set_swap(png);
            }
            break;
        case T_INVERT_PACK:
            if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) {
                png_set_invert_mono(png);
            }
            png_set_packing(png);
            png_set_packswap(png);
            break;
    }
    *passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    *rowbytes = png_get_rowbytes(png, info);
    *height = (int)png_get_image_height(png, info);
    size_t rowbits = (size_t)png_get_image_width(png, info) * png_get_channels(png, info) *
        png_get_bit_depth(png, info);
    uint8_t *px = calloc((size_t)*height, *rowbytes);
    png_bytep *rows = malloc(sizeof(png_bytep) * (size_t)*height);
    for (int y = 0; y < *height; y++) {
        rows[y] = px + (size_t)y * *rowbytes;
    }
    png_read_image(png, rows);
    png_read_end(png, info);
    clear_padding(px, *rowbytes, *height, rowbits);
    png_textp text;
    int ntext = 0;
    png_get_text(png, info, &text, &ntext);
    prog_check("text chunks read back", ntext == 2 && strcmp(text[0].text, "mpwasm libpng_bench") == 0);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    return px;
}

static const struct {
    int color, depth;
} kinds[] = {
    { PNG_COLOR_TYPE_GRAY, 1 },
    { PNG_COLOR_TYPE_GRAY, 2 },
    { PNG_COLOR_TYPE_GRAY, 4 },
    { PNG_COLOR_TYPE_GRAY, 8 },
    { PNG_COLOR_TYPE_GRAY, 16 },
    { PNG_COLOR_TYPE_GRAY_ALPHA, 8 },
    { PNG_COLOR_TYPE_RGB, 8 },
    { PNG_COLOR_TYPE_RGB, 16 },
    { PNG_COLOR_TYPE_RGB_ALPHA, 8 },
    { PNG_COLOR_TYPE_RGB_ALPHA, 16 },
    { PNG_COLOR_TYPE_PALETTE, 4 },
    { PNG_COLOR_TYPE_PALETTE, 8 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const int filter_sets[] = {
    PNG_FILTER_NONE, PNG_FILTER_SUB, PNG_FILTER_UP, PNG_FILTER_AVG, PNG_FILTER_PAETH, PNG_ALL_FILTERS,
};

// the simplified API: RGBA 8 written and read back as RGBA, and as BGRA (a channel swap, no gamma)
static size_t simplified(prog_rng *r, int w, int hgt) {
    size_t n = (size_t)w * hgt * 4;
    uint8_t *src = malloc(n), *back = malloc(n);
    for (size_t i = 0; i < n; i++) {
        src[i] = (uint8_t)((i / 4) % 251 + (prog_rand(r) % 3));
    }
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)hgt;
    img.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    prog_check("png_image_write_to_memory size", png_image_write_to_memory(&img, NULL, &size, 0, src, 0, NULL));
    uint8_t *png = malloc(size);
    prog_check("png_image_write_to_memory", png_image_write_to_memory(&img, png, &size, 0, src, 0, NULL));
    mix(png, size);
    png_image in;
    memset(&in, 0, sizeof(in));
    in.version = PNG_IMAGE_VERSION;
    prog_check("png_image_begin_read_from_memory", png_image_begin_read_from_memory(&in, png, size));
    in.format = PNG_FORMAT_RGBA;
    prog_check("png_image_finish_read", png_image_finish_read(&in, NULL, back, 0, NULL));
    prog_check("simplified round trip", memcmp(src, back, n) == 0);
    memset(&in, 0, sizeof(in));
    in.version = PNG_IMAGE_VERSION;
    png_image_begin_read_from_memory(&in, png, size);
    in.format = PNG_FORMAT_BGRA;
    png_image_finish_read(&in, NULL, back, 0, NULL);
    prog_check("simplified BGRA", back[0] == src[2] && back[2] == src[0] && back[n - 1] == src[n - 1]);
    mix(back, n);
    free(png);
    free(src);
    free(back);
    return size;
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 4);
    printf("libpng %s, zlib %s, %ld rounds\n", png_get_libpng_ver(NULL), zlibVersion(), rounds);
    prog_rng r = { 0x1badb002u };
    unsigned long raw = 0, packed = 0, images = 0, reads = 0;
    for (long k = 0; k < rounds; k++) {
        for (size_t t = 0; t < NKINDS; t++) {
            int w = 37 + (int)(prog_rand(&r) % 90), hgt = 23 + (int)(prog_rand(&r) % 60);
            image im = make_image(&r, w, hgt, kinds[t].color, kinds[t].depth);
            int filters = filter_sets[(k + t) % (sizeof(filter_sets) / sizeof(filter_sets[0]))];
            int level = (int)((k + t) % 3) * 4 + 1;  // 1, 5, 9
            int interlace = ((k + t) & 1) != 0;
            membuf m = write_png(&im, filters, level, interlace);
            mix(m.data, m.len);
            raw += (unsigned long)(im.rowbytes * (size_t)im.h);
            packed += (unsigned long)m.len;
            images++;
            for (int how = 0; how < T_COUNT; how++) {
                size_t rowbytes;
                int height, passes;
                uint8_t *px = read_png(&m, how, &rowbytes, &height, &passes);
                if (how == T_NONE) {
                    prog_check("read back as written", rowbytes == im.rowbytes && height == im.h &&
                        memcmp(px, im.px, rowbytes * (size_t)height) == 0);
                    prog_check("passes", passes == (interlace ? 7 : 1));
                }
                mix(&rowbytes, sizeof(uint32_t));
                mix(px, rowbytes * (size_t)height);
                free(px);
                reads++;
            }
            if (k == 0) {
                printf("type %d depth %2d %3dx%-3d filters 0x%02x level %d %s: %5u -> %5u bytes\n", im.color, im.depth,
                    w, hgt, filters, level, interlace ? "adam7" : "plain", (unsigned)(im.rowbytes * (size_t)im.h),
                    (unsigned)m.len);
            }
            free(m.data);
            free(im.px);
        }
        packed += (unsigned long)simplified(&r, 64 + (int)(k % 5) * 16, 48);
    }
    printf("%lu images, %lu reads: %lu raw bytes -> %lu PNG bytes\n", images, reads, raw, packed);
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
