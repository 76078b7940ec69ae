// SPDX-License-Identifier: MIT
// libtheora 1.1.1 (Debian's libtheora source package, unchanged): the Theora
// video codec (VP3's successor): 8x8 DCTs of 4:2:0 frames, motion search over
// half-pixel vectors, mode decisions by rate-distortion, DCT token Huffman
// coding, a loop filter; the C code alone (no x86 assembly on either build).
// This driver makes a synthetic clip (a drifting gradient, a moving textured
// square, noise), encodes it at a fixed quality and at a target bit rate, and
// decodes every packet back, hashing the packets and the decoded planes.
//   theora_bench N      (N frames of 176x144 in each of the two encodings)
#include "prog_common.h"

#include "theora/theoradec.h"
#include "theora/theoraenc.h"

enum { W = 176,
    H = 144 };

static unsigned char plane_y[W * H], plane_u[W * H / 4], plane_v[W * H / 4];

static void make_frame(int t, prog_rng *rng) {
    int sx = 20 + (t * 3) % (W - 60), sy = 10 + (t * 2) % (H - 50);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            int v = (x + y + t * 2) & 255;
            if (x >= sx && x < sx + 40 && y >= sy && y < sy + 32) {
                v = ((x - sx) ^ (y - sy)) & 8 ? 220 : 40; // a checkered square moving with the clip
            }
            v += (int)(prog_rand(rng) % 9u) - 4;
            plane_y[y * W + x] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255
                                                                     : v);
        }
    }
    for (int y = 0; y < H / 2; y++) {
        for (int x = 0; x < W / 2; x++) {
            plane_u[y * (W / 2) + x] = (unsigned char)(128 + ((x - t) & 31) - 16);
            plane_v[y * (W / 2) + x] = (unsigned char)(128 + ((y + t) & 15) - 8);
        }
    }
}

static uint32_t hash_decoded(uint32_t h, th_ycbcr_buffer out) {
    for (int p = 0; p < 3; p++) {
        for (int y = 0; y < out[p].height; y++) {
            h = prog_fnv(h, out[p].data + (ptrdiff_t)y * out[p].stride, (size_t)out[p].width);
        }
    }
    return h;
}

// One encoding of `frames` frames (quality, or a bit rate when bitrate > 0), decoded back.
static uint32_t encode_decode(int frames, int quality, int bitrate, int splevel) {
    th_info ti;
    th_info_init(&ti);
    ti.frame_width = W;
    ti.frame_height = H;
    ti.pic_width = W;
    ti.pic_height = H;
    ti.fps_numerator = 25;
    ti.fps_denominator = 1;
    ti.aspect_numerator = 1;
    ti.aspect_denominator = 1;
    ti.colorspace = TH_CS_ITU_REC_470BG;
    ti.pixel_fmt = TH_PF_420;
    ti.quality = quality;
    ti.target_bitrate = bitrate;
    ti.keyframe_granule_shift = 4; // a key frame at least every 16 frames
    th_enc_ctx *enc = th_encode_alloc(&ti);
    if (enc == NULL) {
        printf("th_encode_alloc failed\n");
        exit(1);
    }
    th_encode_ctl(enc, TH_ENCCTL_SET_SPLEVEL, &splevel, sizeof(splevel));

    th_comment tc;
    th_comment_init(&tc);
    th_comment_add_tag(&tc, "ENCODER", "theora_bench");
    th_info di;
    th_info_init(&di);
    th_comment dc;
    th_comment_init(&dc);
    th_setup_info *setup = NULL;
    ogg_packet op;
    uint32_t h = PROG_FNV_INIT;
    long bytes = 0;
    while (th_encode_flushheader(enc, &tc, &op) > 0) {
        h = prog_fnv(h, op.packet, (size_t)op.bytes);
        if (th_decode_headerin(&di, &dc, &setup, &op) < 0) {
            printf("th_decode_headerin refused a header\n");
            exit(1);
        }
    }
    th_dec_ctx *dec = th_decode_alloc(&di, setup);
    th_setup_free(setup);
    if (dec == NULL) {
        printf("th_decode_alloc failed\n");
        exit(1);
    }

    prog_rng rng = { 0x7e0a0000u + (uint32_t)quality };
    uint32_t hd = PROG_FNV_INIT;
    for (int t = 0; t < frames; t++) {
        make_frame(t, &rng);
        th_ycbcr_buffer in;
        in[0].width = W, in[0].height = H, in[0].stride = W, in[0].data = plane_y;
        in[1].width = W / 2, in[1].height = H / 2, in[1].stride = W / 2, in[1].data = plane_u;
        in[2].width = W / 2, in[2].height = H / 2, in[2].stride = W / 2, in[2].data = plane_v;
        if (th_encode_ycbcr_in(enc, in) != 0) {
            printf("th_encode_ycbcr_in failed at frame %d\n", t);
            exit(1);
        }
        while (th_encode_packetout(enc, t == frames - 1, &op) > 0) {
            h = prog_fnv(h, op.packet, (size_t)op.bytes);
            bytes += op.bytes;
            ogg_int64_t granule;
            if (th_decode_packetin(dec, &op, &granule) < 0) {
                printf("th_decode_packetin refused frame %d\n", t);
                exit(1);
            }
            th_ycbcr_buffer out;
            th_decode_ycbcr_out(dec, out);
            hd = hash_decoded(hd, out);
        }
    }
    printf("quality %2d bitrate %6d: %d frames, %ld bytes, packets %08x decoded %08x\n", quality, bitrate, frames,
        bytes, (unsigned)h, (unsigned)hd);
    th_decode_free(dec);
    th_encode_free(enc);
    th_comment_clear(&tc);
    th_comment_clear(&dc);
    th_info_clear(&di);
    return h ^ hd;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 8);
    printf("theora_bench: %s, %ld frames of %dx%d\n", th_version_string(), n, W, H);
    uint32_t total = PROG_FNV_INIT;
    uint32_t a = encode_decode((int)n, 48, 0, 1);
    uint32_t b = encode_decode((int)n, 0, 200000, 2);
    total = prog_fnv(total, &a, 4);
    total = prog_fnv(total, &b, 4);
    printf("checksum=0x%08x\n", (unsigned)total);
    return 0;
}
