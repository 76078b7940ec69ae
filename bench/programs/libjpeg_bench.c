// SPDX-License-Identifier: MIT
// libjpeg-turbo (Debian's libjpeg-turbo source package, the libjpeg API's C files
// unchanged, no SIMD: jsimd_none.c on both builds): JPEG compression and
// decompression with the three DCTs (accurate integer, fast integer, float).
// Each round compresses a fresh RGB image (gradients, hard-edged boxes, noise) as
// baseline 4:2:0, 4:4:4 with optimized Huffman tables, progressive, arithmetic
// coded, grayscale and with restart markers; decodes each with a different DCT,
// output colour space (RGB, BGRX, grayscale), scaling (1/1, 1/2, 1/4, 1/8) and
// upsampling, one-pass and two-pass colour quantizing with dithering; transcodes
// the coefficients losslessly (baseline to progressive and to arithmetic coding,
// which must decode to the same pixels). The error against the source and every
// decoded byte go into the checksum.
//   libjpeg_bench N
#include <stdio.h>
#include <jpeglib.h>
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void mix(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

typedef struct mode {
    const char *name;
    int quality, gray, subsamp444, optimize, progressive, arith, restart;
    J_DCT_METHOD dct;
} mode;

static const mode modes[] = {
    { "baseline q75 4:2:0", 75, 0, 0, 0, 0, 0, 0, JDCT_ISLOW },
    { "q92 4:4:4 optimized", 92, 0, 1, 1, 0, 0, 0, JDCT_ISLOW },
    { "progressive q60", 60, 0, 0, 0, 1, 0, 0, JDCT_FLOAT },
    { "arithmetic q80", 80, 0, 0, 0, 0, 1, 0, JDCT_IFAST },
    { "grayscale q85", 85, 1, 0, 1, 0, 0, 0, JDCT_ISLOW },
    { "restart q50", 50, 0, 0, 0, 0, 0, 2, JDCT_FLOAT },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

static void make_image(prog_rng *r, uint8_t *px, int w, int hgt) {
    int bx = (int)(prog_rand(r) % (uint32_t)w), by = (int)(prog_rand(r) % (uint32_t)hgt);
    for (int y = 0; y < hgt; y++) {
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 3;
            int v[3] = { x * 2 + y, 255 - y * 2, (x * y) / 64 + 40 };
            if (abs(x - bx) < w / 6 && abs(y - by) < hgt / 5) {
                v[0] = 230;
                v[1] = 40;
                v[2] = 60;
            }
            if (((x / 12) + (y / 12)) % 7 == 0) {  // a checker of sharp edges
                v[0] = v[1] = v[2] = ((x / 12) & 1) ? 16 : 240;
            }
            for (int c = 0; c < 3; c++) {
                int n = v[c] + (int)(prog_rand(r) % 9) - 4;
                p[c] = (uint8_t)(n < 0 ? 0 : n > 255 ? 255 : n);
            }
        }
    }
}

static unsigned long compress(const uint8_t *px, int w, int hgt, const mode *m, uint8_t **out) {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned long size = 0;
    *out = NULL;
    jpeg_mem_dest(&c, out, &size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)hgt;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    if (m->gray) {
        jpeg_set_colorspace(&c, JCS_GRAYSCALE);
    }
    jpeg_set_quality(&c, m->quality, TRUE);
    if (m->subsamp444) {
        c.comp_info[0].h_samp_factor = c.comp_info[0].v_samp_factor = 1;
    }
    c.optimize_coding = m->optimize;
    c.arith_code = m->arith;
    c.restart_in_rows = m->restart;
    c.dct_method = m->dct;
    if (m->progressive) {
        jpeg_simple_progression(&c);
    }
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(px + (size_t)c.next_scanline * w * 3);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return size;
}

typedef struct decode_opts {
    J_COLOR_SPACE space;
    J_DCT_METHOD dct;
    int scale_denom, fancy, quantize, two_pass;
} decode_opts;

// decode into a fresh buffer; returns it (width x height x components) and its size
static uint8_t *decompress(const uint8_t *jpg, unsigned long size, const decode_opts *o, int *w, int *hgt, int *comps) {
    struct jpeg_decompress_struct d;
    struct jpeg_error_mgr err;
    d.err = jpeg_std_error(&err);
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, jpg, size);
    jpeg_read_header(&d, TRUE);
    if (o->space != JCS_UNKNOWN) {
        d.out_color_space = d.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : o->space;
    }
    d.dct_method = o->dct;
    d.scale_num = 1;
    d.scale_denom = (unsigned)o->scale_denom;
    d.do_fancy_upsampling = o->fancy;
    if (o->quantize) {
        d.quantize_colors = TRUE;
        d.desired_number_of_colors = 64;
        d.two_pass_quantize = o->two_pass;
        d.dither_mode = o->two_pass ? JDITHER_FS : JDITHER_ORDERED;
    }
    jpeg_start_decompress(&d);
    *w = (int)d.output_width;
    *hgt = (int)d.output_height;
    *comps = d.output_components;
    size_t stride = (size_t)*w * *comps;
    uint8_t *out = malloc(stride * (size_t)*hgt);
    while (d.output_scanline < d.output_height) {
        JSAMPROW row = out + (size_t)d.output_scanline * stride;
        jpeg_read_scanlines(&d, &row, 1);
    }
    if (o->quantize) {  // the colormap the quantizer chose is part of the result
        for (int c = 0; c < d.out_color_components; c++) {
            mix(d.colormap[c], (size_t)d.actual_number_of_colors);
        }
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    return out;
}

// lossless transcoding: the coefficients of `jpg` written again as progressive or arithmetic coded
static unsigned long transcode(const uint8_t *jpg, unsigned long size, int progressive, uint8_t **out) {
    struct jpeg_decompress_struct d;
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr derr, cerr;
    d.err = jpeg_std_error(&derr);
    c.err = jpeg_std_error(&cerr);
    jpeg_create_decompress(&d);
    jpeg_create_compress(&c);
    jpeg_mem_src(&d, jpg, size);
    jpeg_read_header(&d, TRUE);
    jvirt_barray_ptr *coefs = jpeg_read_coefficients(&d);
    jpeg_copy_critical_parameters(&d, &c);
    if (progressive) {
        jpeg_simple_progression(&c);
    } else {
        c.arith_code = TRUE;
    }
    unsigned long osize = 0;
    *out = NULL;
    jpeg_mem_dest(&c, out, &osize);
    jpeg_write_coefficients(&c, coefs);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    return osize;
}

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 4);
    printf("libjpeg-turbo %d (API %d), %ld rounds\n", LIBJPEG_TURBO_VERSION_NUMBER, JPEG_LIB_VERSION, rounds);
    prog_rng r = { 0xdecafbadu };
    unsigned long total = 0, decoded = 0;
    for (long k = 0; k < rounds; k++) {
        int w = 160 + (int)(k % 3) * 24, hgt = 120 + (int)(k % 2) * 16;
        uint8_t *px = malloc((size_t)w * hgt * 3);
        make_image(&r, px, w, hgt);
        for (size_t i = 0; i < NMODES; i++) {
            const mode *m = &modes[i];
            uint8_t *jpg;
            unsigned long size = compress(px, w, hgt, m, &jpg);
            mix(jpg, size);
            total += size;
            // full size, as compressed, with the mode's DCT: the error against the source
            decode_opts full = { m->gray ? JCS_GRAYSCALE : JCS_RGB, m->dct, 1, 1, 0, 0 };
            int ow, oh, oc;
            uint8_t *out = decompress(jpg, size, &full, &ow, &oh, &oc);
            prog_check("full-size decode dimensions", ow == w && oh == hgt);
            unsigned long err = 0;
            if (!m->gray) {
                for (size_t p = 0; p < (size_t)w * hgt * 3; p++) {
                    err += (unsigned long)abs((int)out[p] - (int)px[p]);
                }
            }
            mix(out, (size_t)ow * oh * oc);
            free(out);
            // another DCT, colour space, scale and upsampling; a quantized decode every other mode
            static const J_COLOR_SPACE spaces[] = { JCS_EXT_BGRX, JCS_RGB, JCS_GRAYSCALE };
            static const J_DCT_METHOD dcts[] = { JDCT_IFAST, JDCT_FLOAT, JDCT_ISLOW };
            decode_opts other = { spaces[(k + i) % 3], dcts[(k + i) % 3], 1 << ((k + i) % 4), (int)((k + i) & 1), 0, 0 };
            out = decompress(jpg, size, &other, &ow, &oh, &oc);
            mix(out, (size_t)ow * oh * oc);
            decoded += (unsigned long)ow * oh * oc;
            free(out);
            if (!m->gray) {
                decode_opts q = { JCS_RGB, JDCT_ISLOW, 1, 1, 1, (int)(i & 1) };
                out = decompress(jpg, size, &q, &ow, &oh, &oc);
                mix(out, (size_t)ow * oh * oc);
                free(out);
            }
            if (k == 0) {
                printf("%-20s %lu bytes, mean error %lu/1000\n", m->name, size,
                    m->gray ? 0 : err * 1000 / ((unsigned long)w * hgt * 3));
            }
            if (i == 0) {  // baseline -> progressive and -> arithmetic: the same pixels
                decode_opts same = { JCS_RGB, JDCT_ISLOW, 1, 1, 0, 0 };
                uint8_t *ref = decompress(jpg, size, &same, &ow, &oh, &oc);
                for (int prog = 0; prog < 2; prog++) {
                    uint8_t *t;
                    unsigned long tsize = transcode(jpg, size, prog, &t);
                    mix(t, tsize);
                    int tw, th, tc;
                    uint8_t *back = decompress(t, tsize, &same, &tw, &th, &tc);
                    prog_check("lossless transcode", tw == ow && th == oh &&
                        memcmp(back, ref, (size_t)ow * oh * oc) == 0);
                    if (k == 0) {
                        printf("transcoded to %s: %lu -> %lu bytes\n", prog ? "progressive" : "arithmetic", size, tsize);
                    }
                    free(back);
                    free(t);
                }
                free(ref);
            }
            free(jpg);
        }
        free(px);
    }
    printf("%lu JPEG bytes, %lu bytes decoded at other settings\n", total, decoded);
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
