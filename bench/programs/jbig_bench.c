// SPDX-License-Identifier: MIT
// JBIG-KIT 2.1 (Debian's jbigkit source package, unchanged): Markus Kuhn's
// JBIG1 (ITU-T T.82) and T.85 codecs for bi-level images: each pixel coded by
// the QM adaptive binary arithmetic coder in the context of ten neighbours
// (bit shifts and masks over packed rows), with typical prediction,
// deterministic prediction tables and resolution reduction for progressive
// layers. This driver draws a page of pseudo-text, circles, lines and an
// ordered-dither gradient; codes it as one layer, as four progressive layers
// (resolution reduction, TPBON and deterministic prediction) and as a
// two-plane grey image; decodes each back and checks the pixels; then codes
// and decodes it line by line with the T.85 codec. The checksum covers every
// coded byte and every decoded row.
//   jbig_bench N      (N pages)
#include "prog_common.h"

#include "jbig.h"
#include "jbig85.h"

enum { W = 864, H = 200, BPL = W / 8 };  // half a fax line's 1728 pixels

static uint32_t h = PROG_FNV_INIT;
static prog_buf coded;  // the BIE being written

static void put_bit(uint8_t *img, int x, int y) {
    if (x >= 0 && x < W && y >= 0 && y < H) {
        img[y * BPL + x / 8] |= (uint8_t)(0x80 >> (x & 7));
    }
}

static void draw_page(uint8_t *img, uint32_t seed) {
    prog_rng r = { seed };
    memset(img, 0, (size_t)BPL * H);
    // lines of "text": glyphs as random 5x7 cells in words, the top two thirds of the page
    for (int line = 0; line < 8; line++) {
        int y0 = 20 + line * 16;
        for (int x0 = 40; x0 < W - 60;) {
            int word = 2 + (int)(prog_rand(&r) % 8);
            for (int g = 0; g < word; g++, x0 += 7) {
                uint32_t glyph = prog_rand(&r);
                for (int k = 0; k < 32; k++) {
                    if (glyph >> k & 1) {
                        put_bit(img, x0 + k % 5, y0 + k / 5);
                    }
                }
            }
            x0 += 8;
        }
    }
    // circles and lines below
    for (int c = 0; c < 12; c++) {
        int cx = (int)(prog_rand(&r) % W), cy = 150 + (int)(prog_rand(&r) % 45), rr = 8 + (int)(prog_rand(&r) % 32);
        for (int y = -rr; y <= rr; y++) {
            for (int x = -rr; x <= rr; x++) {
                int d = x * x + y * y;
                if (d <= rr * rr && d >= (rr - 3) * (rr - 3)) {
                    put_bit(img, cx + x, cy + y);
                }
            }
        }
    }
    for (int l = 0; l < 20; l++) {
        int x0 = (int)(prog_rand(&r) % W), y0 = 140 + (int)(prog_rand(&r) % 55);
        int dx = (int)(prog_rand(&r) % 400) - 200, dy = (int)(prog_rand(&r) % 200) - 100;
        for (int t = 0; t <= 256; t++) {
            put_bit(img, x0 + dx * t / 256, y0 + dy * t / 256);
        }
    }
    // an ordered-dither gradient strip on the right
    static const uint8_t bayer[4][4] = { { 0, 8, 2, 10 }, { 12, 4, 14, 6 }, { 3, 11, 1, 9 }, { 15, 7, 13, 5 } };
    for (int y = 130; y < H; y++) {
        for (int x = W - 200; x < W; x++) {
            if ((x - (W - 200)) * 16 / 200 > bayer[y & 3][x & 3]) {
                put_bit(img, x, y);
            }
        }
    }
}

static void collect(unsigned char *start, size_t len, void *file) {
    (void)file;
    if (coded.len + len + 1 > coded.cap) {
        coded.cap = (coded.len + len + 1) * 2;
        coded.p = (char *)realloc(coded.p, coded.cap);
    }
    memcpy(coded.p + coded.len, start, len);
    coded.len += len;
}

// Code `planes` planes with JBIG1 (layers: 0 for one, else progressive), decode, compare.
static size_t jbig1_round(uint8_t **planes, int nplanes, int layers, int options, const char *what) {
    struct jbg_enc_state enc;
    coded.len = 0;
    // the encoder reduces the resolution in place: with an odd number of reductions
    // its last layer ends in the caller's bitmap, so it is given a copy
    static uint8_t copy[2][BPL * H];
    uint8_t *in[2] = { copy[0], copy[1] };
    for (int p = 0; p < nplanes; p++) {
        memcpy(copy[p], planes[p], (size_t)BPL * H);
    }
    jbg_enc_init(&enc, W, H, nplanes, in, collect, NULL);
    if (layers > 0) {
        jbg_enc_layers(&enc, layers);
    }
    jbg_enc_options(&enc, layers > 0 ? JBG_ILEAVE | JBG_SMID : 0, options, layers > 0 ? 64 : 128, 8, 0);
    jbg_enc_out(&enc);
    jbg_enc_free(&enc);
    size_t size = coded.len;
    h = prog_fnv(h, coded.p, coded.len);

    struct jbg_dec_state dec;
    jbg_dec_init(&dec);
    size_t used = 0;
    int rc = jbg_dec_in(&dec, (unsigned char *)coded.p, coded.len, &used);
    prog_check(what, rc == JBG_EOK && jbg_dec_getwidth(&dec) == W && jbg_dec_getheight(&dec) == H);
    for (int p = 0; p < nplanes && rc == JBG_EOK; p++) {
        const uint8_t *img = jbg_dec_getimage(&dec, p);
        prog_check(what, memcmp(img, planes[p], (size_t)BPL * H) == 0);
        h = prog_fnv(h, img, (size_t)BPL * H);
    }
    jbg_dec_free(&dec);
    return size;
}

static uint32_t t85_rows;
static int t85_line(const struct jbg85_dec_state *s, unsigned char *start, size_t len, unsigned long y, void *file) {
    (void)s;
    const uint8_t *img = (const uint8_t *)file;
    prog_check("T.85 row", len == BPL && memcmp(start, img + y * BPL, BPL) == 0);
    h = prog_fnv(h, start, len);
    t85_rows++;
    return 0;
}

static size_t t85_round(uint8_t *img) {
    struct jbg85_enc_state enc;
    coded.len = 0;
    jbg85_enc_init(&enc, W, H, collect, NULL);
    jbg85_enc_options(&enc, JBG_TPBON, 0, -1);
    static uint8_t zero[BPL];
    for (int y = 0; y < H; y++) {
        jbg85_enc_lineout(&enc, img + y * BPL, y > 0 ? img + (y - 1) * BPL : zero, y > 1 ? img + (y - 2) * BPL : zero);
    }
    size_t size = coded.len;
    h = prog_fnv(h, coded.p, coded.len);
    struct jbg85_dec_state dec;
    static uint8_t buf[BPL * 3];
    jbg85_dec_init(&dec, buf, sizeof buf, t85_line, img);
    size_t used = 0;
    int rc = jbg85_dec_in(&dec, (unsigned char *)coded.p, coded.len, &used);
    if (rc == JBG_EAGAIN || rc == JBG_EOK) {
        rc = jbg85_dec_end(&dec);
    }
    prog_check("T.85 decode", rc == JBG_EOK);
    return size;
}

int main(int argc, char **argv) {
    long pages = prog_size(argc, argv, 2);
    printf("JBIG-KIT %s, %ld pages of %dx%d\n", JBG_VERSION, pages, W, H);
    uint8_t *page = (uint8_t *)malloc((size_t)BPL * H);
    uint8_t *second = (uint8_t *)malloc((size_t)BPL * H);
    size_t one = 0, progressive = 0, grey = 0, t85 = 0;
    for (long i = 0; i < pages; i++) {
        draw_page(page, 0x2545f491u + (uint32_t)i);
        draw_page(second, 0x5bd1e995u + (uint32_t)i);
        uint8_t *planes[2] = { page, second };
        one += jbig1_round(planes, 1, 0, JBG_TPBON, "one layer");
        progressive += jbig1_round(planes, 1, 3, JBG_TPDON | JBG_TPBON | JBG_DPON, "four layers");
        grey += jbig1_round(planes, 2, 1, JBG_TPDON | JBG_TPBON | JBG_DPON, "two planes");
        t85 += t85_round(page);
    }
    printf("coded bytes: one layer %zu, four layers %zu, two planes %zu, T.85 %zu (%u rows)\n", one, progressive,
           grey, t85, (unsigned)t85_rows);
    free(page);
    free(second);
    free(coded.p);
    return prog_end(h);
}
