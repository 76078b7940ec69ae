// SPDX-License-Identifier: MIT
// OpenJPEG 2.5.0 (Debian's openjpeg2 source package, unchanged): the JPEG 2000
// reference codec: the reversible 5/3 (integer lifting) and irreversible 9/7
// (float lifting) wavelet transforms, the colour transforms, EBCOT's
// bit-plane coding of code blocks through the MQ arithmetic coder, tag trees
// and packet headers, rate allocation over quality layers, tiles and
// progression orders, J2K codestreams and JP2 boxes. This driver paints an
// RGB picture (gradients, discs, texture from a fixed PRNG), codes it
// losslessly (5/3, RGB -> YCbCr reversible, 6 resolutions) and lossily (9/7,
// three quality layers, 64x64 tiles, RPCL order, as JP2), decodes both,
// checks the lossless one pixel for pixel, decodes a reduced resolution and a
// window of the lossy one, and hashes every coded byte and decoded sample.
// The streams are the driver's memory buffers (no files).
//   openjpeg_bench N      (N pictures)
#include "prog_common.h"

#include "openjpeg.h"

enum { W = 160, H = 128 };

static uint32_t h = PROG_FNV_INIT;

// A memory stream: the coded bytes, where the codec is.
struct mem {
    uint8_t *data;
    size_t len, cap, at;
};

static OPJ_SIZE_T mem_read(void *buf, OPJ_SIZE_T n, void *user) {
    struct mem *m = (struct mem *)user;
    if (m->at >= m->len) {
        return (OPJ_SIZE_T)-1;
    }
    if (n > m->len - m->at) {
        n = m->len - m->at;
    }
    memcpy(buf, m->data + m->at, n);
    m->at += n;
    return n;
}

static OPJ_SIZE_T mem_write(void *buf, OPJ_SIZE_T n, void *user) {
    struct mem *m = (struct mem *)user;
    if (m->at + n > m->cap) {
        m->cap = (m->at + n) * 2;
        m->data = (uint8_t *)realloc(m->data, m->cap);
    }
    memcpy(m->data + m->at, buf, n);
    m->at += n;
    if (m->at > m->len) {
        m->len = m->at;
    }
    return n;
}

static OPJ_OFF_T mem_skip(OPJ_OFF_T n, void *user) {
    struct mem *m = (struct mem *)user;
    if (n < 0 && (size_t)-n > m->at) {
        return -1;
    }
    m->at += (size_t)n;
    return n;
}

static OPJ_BOOL mem_seek(OPJ_OFF_T pos, void *user) {
    struct mem *m = (struct mem *)user;
    if (pos < 0) {
        return OPJ_FALSE;
    }
    m->at = (size_t)pos;
    return OPJ_TRUE;
}

static opj_stream_t *mem_stream(struct mem *m, int input) {
    opj_stream_t *s = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, input ? OPJ_TRUE : OPJ_FALSE);
    opj_stream_set_user_data(s, m, NULL);
    if (input) {
        opj_stream_set_read_function(s, mem_read);
        opj_stream_set_user_data_length(s, m->len);
    } else {
        opj_stream_set_write_function(s, mem_write);
    }
    opj_stream_set_skip_function(s, mem_skip);
    opj_stream_set_seek_function(s, mem_seek);
    return s;
}

static OPJ_INT32 picture[3][W * H];

// An image of `picture`: the encoder takes a single tile's samples from the image it is given
// (the image's data is NULL after), so each encoding gets its own
static opj_image_t *image_of_picture(void) {
    opj_image_cmptparm_t parm[3];
    memset(parm, 0, sizeof parm);
    for (int c = 0; c < 3; c++) {
        parm[c].dx = parm[c].dy = 1;
        parm[c].w = W;
        parm[c].h = H;
        parm[c].prec = 8;
    }
    opj_image_t *img = opj_image_create(3, parm, OPJ_CLRSPC_SRGB);
    img->x1 = W;
    img->y1 = H;
    for (int c = 0; c < 3; c++) {
        memcpy(img->comps[c].data, picture[c], sizeof picture[c]);
    }
    return img;
}

static void paint(uint32_t seed) {
    prog_rng r = { seed };
    int cx[6], cy[6], rad[6];
    for (int d = 0; d < 6; d++) {
        cx[d] = (int)(prog_rand(&r) % W);
        cy[d] = (int)(prog_rand(&r) % H);
        rad[d] = 10 + (int)(prog_rand(&r) % 70);
    }
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            int v[3] = { x * 255 / W, y * 255 / H, (x + y) * 255 / (W + H) };
            for (int d = 0; d < 6; d++) {
                int dx = x - cx[d], dy = y - cy[d];
                if (dx * dx + dy * dy < rad[d] * rad[d]) {
                    v[d % 3] = 255 - v[d % 3];
                }
            }
            uint32_t noise = prog_rand(&r);
            for (int c = 0; c < 3; c++) {
                int s = v[c] + (int)((noise >> (8 * c)) & 15) - 8;
                picture[c][y * W + x] = s < 0 ? 0 : s > 255 ? 255 : s;
            }
        }
    }
}

static size_t encode(opj_image_t *img, opj_cparameters_t *p, OPJ_CODEC_FORMAT fmt, struct mem *out) {
    opj_codec_t *codec = opj_create_compress(fmt);
    out->len = out->at = 0;
    opj_stream_t *s = mem_stream(out, 0);
    int ok = opj_setup_encoder(codec, p, img) && opj_start_compress(codec, img, s) && opj_encode(codec, s) &&
             opj_end_compress(codec, s);
    prog_check("encode", ok);
    opj_stream_destroy(s);
    opj_destroy_codec(codec);
    h = prog_fnv(h, out->data, out->len);
    return out->len;
}

// Decode `in` (reduce: resolutions dropped; a window if x1 > 0), hash the samples.
static opj_image_t *decode(struct mem *in, OPJ_CODEC_FORMAT fmt, int reduce, int x0, int y0, int x1, int y1) {
    opj_dparameters_t dp;
    opj_set_default_decoder_parameters(&dp);
    dp.cp_reduce = (OPJ_UINT32)reduce;
    opj_codec_t *codec = opj_create_decompress(fmt);
    opj_image_t *img = NULL;
    in->at = 0;
    opj_stream_t *s = mem_stream(in, 1);
    int ok = opj_setup_decoder(codec, &dp) && opj_read_header(s, codec, &img);
    if (ok && x1 > 0) {
        ok = opj_set_decode_area(codec, img, x0, y0, x1, y1);
    }
    ok = ok && opj_decode(codec, s, img) && opj_end_decompress(codec, s);
    prog_check("decode", ok);
    opj_stream_destroy(s);
    opj_destroy_codec(codec);
    for (OPJ_UINT32 c = 0; ok && c < img->numcomps; c++) {
        h = prog_fnv(h, img->comps[c].data, sizeof(OPJ_INT32) * img->comps[c].w * img->comps[c].h);
    }
    return img;
}

int main(int argc, char **argv) {
    long pictures = prog_size(argc, argv, 2);
    printf("OpenJPEG %s, %ld pictures of %dx%d\n", opj_version(), pictures, W, H);
    struct mem lossless = { 0 }, lossy = { 0 };
    size_t lossless_bytes = 0, lossy_bytes = 0;
    uint64_t squared_error = 0;
    for (long i = 0; i < pictures; i++) {
        paint(0x3c6ef372u + (uint32_t)i);
        opj_image_t *img = image_of_picture();

        opj_cparameters_t p;
        opj_set_default_encoder_parameters(&p);
        p.tcp_numlayers = 1;
        p.tcp_rates[0] = 0;  // lossless
        p.cp_disto_alloc = 1;
        p.numresolution = 6;
        p.tcp_mct = 1;
        lossless_bytes += encode(img, &p, OPJ_CODEC_J2K, &lossless);
        opj_image_destroy(img);
        opj_image_t *back = decode(&lossless, OPJ_CODEC_J2K, 0, 0, 0, 0, 0);
        for (int c = 0; c < 3; c++) {
            prog_check("lossless", memcmp(back->comps[c].data, picture[c], sizeof(OPJ_INT32) * W * H) == 0);
        }
        opj_image_destroy(back);

        opj_set_default_encoder_parameters(&p);
        p.tcp_numlayers = 3;
        p.tcp_rates[0] = 60;
        p.tcp_rates[1] = 20;
        p.tcp_rates[2] = 8;
        p.cp_disto_alloc = 1;
        p.irreversible = 1;
        p.numresolution = 5;
        p.tcp_mct = 1;
        p.tile_size_on = OPJ_TRUE;
        p.cp_tdx = 64;
        p.cp_tdy = 64;
        p.prog_order = OPJ_RPCL;
        p.cblockw_init = 32;
        p.cblockh_init = 32;
        img = image_of_picture();
        lossy_bytes += encode(img, &p, OPJ_CODEC_JP2, &lossy);
        opj_image_destroy(img);
        back = decode(&lossy, OPJ_CODEC_JP2, 0, 0, 0, 0, 0);
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < W * H; k++) {
                int64_t d = back->comps[c].data[k] - picture[c][k];
                squared_error += (uint64_t)(d * d);
            }
        }
        opj_image_destroy(back);
        opj_image_destroy(decode(&lossy, OPJ_CODEC_JP2, 2, 0, 0, 0, 0));
        opj_image_destroy(decode(&lossy, OPJ_CODEC_JP2, 0, 40, 24, 120, 100));
    }
    printf("coded bytes: lossless %zu, lossy %zu; lossy squared error %llu\n", lossless_bytes, lossy_bytes,
           (unsigned long long)squared_error);
    free(lossless.data);
    free(lossy.data);
    return prog_end(h);
}
