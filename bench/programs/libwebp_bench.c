// SPDX-License-Identifier: MIT
// libwebp (Debian's libwebp source package: the decoder, the encoder, their
// dsp, utils and sharpyuv files, unchanged; C only, see docs/programs.md): N
// generated 160x120 RGBA frames (a moving plasma, a little noise, a soft
// alpha edge), each encoded five ways through the advanced API (WebPEncode
// with a memory writer): lossy at methods 0-6 and qualities 30-90 with the
// loop filter, segments and spatial noise shaping varied, lossy with alpha
// (the ALPH chunk compressed losslessly), sharp RGB->YUV, and lossless at
// levels 0-9 with exact RGB under transparent pixels; every stream decoded
// back (WebPDecodeRGBA, WebPDecodeYUV, WebPGetFeatures) and the lossless one
// compared pixel for pixel with the source.
//   libwebp_bench N
#include "src/webp/decode.h"
#include "src/webp/encode.h"
#include "prog_common.h"

#define W 160
#define H 120

static uint32_t h = PROG_FNV_INIT;

static void frame_rgba(int f, uint8_t *rgba, prog_rng *rng) {
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint8_t *p = rgba + 4 * (y * W + x);
            int a = (x * 3 + f * 5) & 255, c = (y * 5 - f * 3) & 255, d = ((x + y) * 2 + f * 7) & 255;
            int tri_a = a < 128 ? a * 2 : 511 - a * 2;
            int tri_c = c < 128 ? c * 2 : 511 - c * 2;
            int tri_d = d < 128 ? d * 2 : 511 - d * 2;
            int noise = (int)(prog_rand(rng) & 15);
            int edge = (x - W / 2) * (x - W / 2) + (y - H / 2) * (y - H / 2) - 50 * 50 - f * 40;
            p[0] = (uint8_t)((tri_a + tri_d) / 2 + noise / 2);
            p[1] = (uint8_t)((tri_c * 3 + tri_a) / 4);
            p[2] = (uint8_t)((tri_d + tri_c + noise) / 2 > 255 ? 255 : (tri_d + tri_c + noise) / 2);
            p[3] = (uint8_t)(edge < 0 ? 255 : edge > 2550 ? 0 : 255 - edge / 10);
        }
    }
}

// One encoding of the frame: the stream's size, its bytes hashed; *out keeps the stream.
static size_t encode(const WebPConfig *config, const uint8_t *rgba, int alpha, uint8_t **out) {
    WebPPicture pic;
    WebPMemoryWriter wr;
    if (!WebPPictureInit(&pic)) {
        return 0;
    }
    pic.width = W;
    pic.height = H;
    pic.use_argb = config->lossless;
    pic.writer = WebPMemoryWrite;
    pic.custom_ptr = &wr;
    WebPMemoryWriterInit(&wr);
    int ok = alpha ? WebPPictureImportRGBA(&pic, rgba, W * 4) : WebPPictureImportRGBX(&pic, rgba, W * 4);
    ok = ok && WebPEncode(config, &pic);
    if (!ok) {
        printf("WebPEncode failed: error %d\n", (int)pic.error_code);
        WebPPictureFree(&pic);
        WebPMemoryWriterClear(&wr);
        return 0;
    }
    WebPPictureFree(&pic);
    h = prog_fnv(h, wr.mem, wr.size);
    *out = wr.mem;
    return wr.size;
}

// Decode a stream back: its features and pixels hashed; the RGBA pixels returned (WebPFree them).
static uint8_t *decode(const uint8_t *data, size_t size, int yuv) {
    WebPBitstreamFeatures ft;
    int w = 0, hh = 0;
    if (WebPGetFeatures(data, size, &ft) != VP8_STATUS_OK) {
        prog_check("WebPGetFeatures", 0);
        return NULL;
    }
    printf(" [%dx%d%s%s]", ft.width, ft.height, ft.has_alpha ? " alpha" : "", ft.format == 2 ? " lossless" : "");
    if (yuv) {
        uint8_t *u, *v;
        int stride, uv_stride;
        uint8_t *y = WebPDecodeYUV(data, size, &w, &hh, &u, &v, &stride, &uv_stride);
        prog_check("WebPDecodeYUV", y != NULL && w == W && hh == H);
        if (y != NULL) {
            h = prog_fnv(h, y, (size_t)stride * H);
            h = prog_fnv(h, u, (size_t)uv_stride * ((H + 1) / 2));
            h = prog_fnv(h, v, (size_t)uv_stride * ((H + 1) / 2));
            WebPFree(y);  // u and v are in the same block
        }
    }
    uint8_t *px = WebPDecodeRGBA(data, size, &w, &hh);
    prog_check("WebPDecodeRGBA", px != NULL && w == W && hh == H);
    if (px != NULL) {
        h = prog_fnv(h, px, (size_t)W * H * 4);
    }
    return px;
}

int main(int argc, char **argv) {
    int frames = (int)prog_size(argc, argv, 4);
    uint8_t *rgba = malloc(W * H * 4);
    if (rgba == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_rng rng = { 2023 };
    size_t total = 0;
    for (int f = 0; f < frames; f++) {
        frame_rgba(f, rgba, &rng);
        for (int way = 0; way < 5; way++) {
            WebPConfig config;
            if (!WebPConfigInit(&config)) {
                printf("WebPConfigInit failed\n");
                return 1;
            }
            int alpha = 0;
            if (way < 2) {  // lossy, opaque
                config.method = (f * 2 + way) % 7;
                config.quality = (float)(30 + (f * 17 + way * 40) % 61);
                config.filter_strength = (f * 20) % 101;
                config.segments = 1 + f % 4;
                config.sns_strength = (f * 35) % 101;
                config.autofilter = way == 1 && f % 3 == 0;
            } else if (way == 2) {  // lossy with alpha
                alpha = 1;
                config.quality = 75;
                config.method = 4;
                config.alpha_quality = 100;
                config.alpha_filtering = 1 + f % 2;
            } else if (way == 3) {  // sharp RGB->YUV
                config.quality = 80;
                config.method = 2;
                config.use_sharp_yuv = 1;
            } else {  // lossless, exact
                alpha = 1;
                if (!WebPConfigLosslessPreset(&config, f % 10)) {
                    printf("WebPConfigLosslessPreset failed\n");
                    return 1;
                }
                config.exact = 1;
            }
            uint8_t *data = NULL;
            size_t size = encode(&config, rgba, alpha, &data);
            if (size == 0) {
                return 1;
            }
            total += size;
            printf("frame %d way %d: %zu bytes", f, way, size);
            uint8_t *px = decode(data, size, way == 0);
            if (way == 4 && px != NULL) {
                prog_check("lossless round trip", memcmp(px, rgba, (size_t)W * H * 4) == 0);
            }
            printf("\n");
            WebPFree(px);
            WebPFree(data);
        }
    }
    free(rgba);
    printf("%d frames, %zu bytes in all, %s\n", frames, total, prog_failures ? "FAILED" : "all decoded");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
