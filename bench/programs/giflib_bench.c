// SPDX-License-Identifier: MIT
// GIFLIB (Debian's giflib source package: the library's SOURCES as its
// Makefile lists them, with Debian's patches, unchanged): N frames of a
// generated 160x120 RGB animation are reduced to 256 colours by the median
// cut quantizer (GifQuantizeBuffer), captioned with the library's 8x8 font
// (GifDrawText8x8), written as an animated GIF to memory (EGifOpen with a
// write callback: a looping NETSCAPE2.0 block, a comment, graphics control
// blocks, every third frame interlaced), then read back (DGifOpen, DGifSlurp)
// and every frame's pixels and colour map compared with what was written.
//   giflib_bench N
#include "gif_lib.h"
#include "prog_common.h"

#define W 160
#define H 120

typedef struct sink {
    unsigned char *buf;
    size_t len, cap;
} sink;

static int put(GifFileType *gif, const GifByteType *data, int len) {
    sink *s = gif->UserData;
    if (s->len + (size_t)len > s->cap) {
        size_t cap = (s->cap + (size_t)len) * 2;
        unsigned char *b = realloc(s->buf, cap);
        if (b == NULL) {
            return 0;
        }
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, (size_t)len);
    s->len += (size_t)len;
    return len;
}

typedef struct source {
    const unsigned char *buf;
    size_t len, pos;
} source;

static int get(GifFileType *gif, GifByteType *data, int len) {
    source *s = gif->UserData;
    size_t n = s->len - s->pos < (size_t)len ? s->len - s->pos : (size_t)len;
    memcpy(data, s->buf + s->pos, n);
    s->pos += n;
    return (int)n;
}

// an integer plasma: moving interference of three patterns, plus a little noise
static void frame_rgb(int f, GifByteType *r, GifByteType *g, GifByteType *b, prog_rng *rng) {
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            int i = y * W + x;
            int a = (x * 3 + f * 5) & 255, c = (y * 5 - f * 3) & 255, d = ((x + y) * 2 + f * 7) & 255;
            int tri_a = a < 128 ? a * 2 : 511 - a * 2;
            int tri_c = c < 128 ? c * 2 : 511 - c * 2;
            int tri_d = d < 128 ? d * 2 : 511 - d * 2;
            int noise = (int)(prog_rand(rng) & 7);
            r[i] = (GifByteType)((tri_a + tri_d) / 2 + noise / 2);
            g[i] = (GifByteType)((tri_c * 3 + tri_a) / 4);
            b[i] = (GifByteType)((tri_d + tri_c + noise) / 2 > 255 ? 255 : (tri_d + tri_c + noise) / 2);
        }
    }
}

#define TRY(what, ok) \
    do { \
        if (!(ok)) { \
            printf("%s failed: %s\n", what, GifErrorString(err)); \
            return 1; \
        } \
    } while (0)

int main(int argc, char **argv) {
    int frames = (int)prog_size(argc, argv, 8);
    int err = 0;
    GifByteType *r = malloc(W * H), *g = malloc(W * H), *b = malloc(W * H);
    GifByteType *pix = malloc((size_t)W * H * (size_t)frames);
    ColorMapObject **maps = calloc((size_t)frames, sizeof(*maps));
    if (r == NULL || g == NULL || b == NULL || pix == NULL || maps == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_rng rng = { 4096 };
    uint32_t h = PROG_FNV_INIT;
    for (int f = 0; f < frames; f++) {
        frame_rgb(f, r, g, b, &rng);
        int size = 256;
        maps[f] = GifMakeMapObject(256, NULL);
        GifByteType *out = pix + (size_t)f * W * H;
        TRY("GifQuantizeBuffer", maps[f] != NULL &&
            GifQuantizeBuffer(W, H, &size, r, g, b, out, maps[f]->Colors) == GIF_OK);
        SavedImage img = { .ImageDesc = { 0, 0, W, H, false, NULL }, .RasterBits = out };
        char caption[32];
        snprintf(caption, sizeof(caption), "frame %d/%d", f + 1, frames);
        GifDrawText8x8(&img, 4, 4 + (f % 10) * 10, caption, 255);
        GifDrawRectangle(&img, 2, 2, W - 4, H - 4, 0);
        h = prog_fnv(h, out, W * H);
        h = prog_fnv(h, maps[f]->Colors, 256 * sizeof(GifColorType));
    }
    printf("quantized %d frames of %dx%d, fnv %08x\n", frames, W, H, (unsigned)h);

    sink s = { NULL, 0, 0 };
    GifFileType *gif = EGifOpen(&s, put, &err);
    TRY("EGifOpen", gif != NULL);
    EGifSetGifVersion(gif, true);
    TRY("EGifPutScreenDesc", EGifPutScreenDesc(gif, W, H, 8, 0, maps[0]) == GIF_OK);
    static const GifByteType netscape[] = "NETSCAPE2.0";
    static const GifByteType loop[] = { 1, 0, 0 };
    TRY("loop", EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
        EGifPutExtensionBlock(gif, 11, netscape) == GIF_OK && EGifPutExtensionBlock(gif, 3, loop) == GIF_OK &&
        EGifPutExtensionTrailer(gif) == GIF_OK);
    TRY("comment", EGifPutComment(gif, "mpwasm giflib bench") == GIF_OK);
    for (int f = 0; f < frames; f++) {
        GraphicsControlBlock gcb = { DISPOSE_DO_NOT, false, 4 + f % 3, NO_TRANSPARENT_COLOR };
        GifByteType ext[4];
        size_t n = EGifGCBToExtension(&gcb, ext);
        TRY("gcb", EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) == GIF_OK);
        bool interlace = f % 3 == 2;
        TRY("EGifPutImageDesc", EGifPutImageDesc(gif, 0, 0, W, H, interlace, f ? maps[f] : NULL) == GIF_OK);
        GifByteType *out = pix + (size_t)f * W * H;
        if (interlace) { // the four passes of GIF89a's interlacing (Appendix E)
            static const int start[] = { 0, 4, 2, 1 }, step[] = { 8, 8, 4, 2 };
            for (int p = 0; p < 4; p++) {
                for (int y = start[p]; y < H; y += step[p]) {
                    TRY("EGifPutLine", EGifPutLine(gif, out + y * W, W) == GIF_OK);
                }
            }
        } else {
            for (int y = 0; y < H; y++) {
                TRY("EGifPutLine", EGifPutLine(gif, out + y * W, W) == GIF_OK);
            }
        }
    }
    TRY("EGifCloseFile", EGifCloseFile(gif, &err) == GIF_OK);
    printf("wrote %u bytes, fnv %08x\n", (unsigned)s.len, (unsigned)prog_fnv(PROG_FNV_INIT, s.buf, s.len));
    h = prog_fnv(h, s.buf, s.len);

    source src = { s.buf, s.len, 0 };
    gif = DGifOpen(&src, get, &err);
    TRY("DGifOpen", gif != NULL);
    TRY("DGifSlurp", DGifSlurp(gif) == GIF_OK);
    int same = gif->ImageCount == frames && gif->SWidth == W && gif->SHeight == H;
    int interlaced = 0, delays = 0;
    for (int f = 0; same && f < frames; f++) {
        SavedImage *img = &gif->SavedImages[f];
        ColorMapObject *cm = img->ImageDesc.ColorMap ? img->ImageDesc.ColorMap : gif->SColorMap;
        interlaced += img->ImageDesc.Interlace;
        // DGifSlurp de-interlaces: RasterBits are in row order either way
        same = memcmp(img->RasterBits, pix + (size_t)f * W * H, W * H) == 0 &&
            memcmp(cm->Colors, maps[f]->Colors, 256 * sizeof(GifColorType)) == 0;
        GraphicsControlBlock gcb;
        if (DGifSavedExtensionToGCB(gif, f, &gcb) == GIF_OK) {
            delays += gcb.DelayTime;
        }
    }
    printf("read %d frames (%d interlaced, delays %d, %d extension blocks), round trip %s\n", gif->ImageCount,
        interlaced, delays, gif->ExtensionBlockCount, same ? "ok" : "FAILED");
    DGifCloseFile(gif, &err);
    printf("giflib %d.%d.%d\n", GIFLIB_MAJOR, GIFLIB_MINOR, GIFLIB_RELEASE);
    printf("checksum=0x%08x\n", (unsigned)h);
    for (int f = 0; f < frames; f++) {
        GifFreeMapObject(maps[f]);
    }
    free(maps);
    free(pix);
    free(r);
    free(g);
    free(b);
    free(s.buf);
    return same ? 0 : 1;
}
