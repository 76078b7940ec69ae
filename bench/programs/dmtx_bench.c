// SPDX-License-Identifier: MIT
// libdmtx 0.7.7 (Debian's libdmtx source package, unchanged): Data Matrix, the
// 2-D barcode of parts marking, postage and pharmacy labels, written and read.
// The encoder picks the densest mix of its six schemes (ASCII, C40, Text, X12,
// EDIFACT, Base256: a dynamic programme over the message), adds Reed-Solomon
// error correction, places the modules and renders an image. The decoder is a
// vision pipeline: a scan grid over the image, edge following by pixel flow, a
// Hough search for the finder pattern's solid edges, a perspective fit of the
// region, module sampling, and Reed-Solomon correction of what it read. This
// driver encodes N * 8 messages (text, digits, upper case, binary) in turn
// under each scheme and shape, renders each into a larger grey canvas (turned
// 0-3 quarter turns, some modules' pixels flipped as print damage would, on
// shaded paper), decodes it from the canvas, and checks that
// the message comes back. The images, the regions found and the messages are
// hashed.
//   dmtx_bench N      (N * 8 symbols)
#include "prog_common.h"

#include "dmtx.h"

static prog_rng rng = { 0x1b873593u };

static unsigned pick(unsigned n) {
    return prog_rand(&rng) % n;
}

static size_t message(unsigned char *m, int kind) {
    size_t len = 4 + pick(kind == 3 ? 40 : 90);
    for (size_t i = 0; i < len; i++) {
        switch (kind) {
            case 0: m[i] = (unsigned char)"the quick brown fox jumps over 13 lazy dogs. "[pick(45)]; break;
            case 1: m[i] = (unsigned char)('0' + pick(10)); break; // digits: ASCII packs two a codeword
            case 2: m[i] = (unsigned char)("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 *>\r"[pick(40)]); break; // X12, C40
            default: m[i] = (unsigned char)pick(256); break; // binary: Base256
        }
    }
    return len;
}

// The encoder's 24-bit RGB image in a grey canvas at (ox, oy): turned `turn` quarter turns,
// mirrored if asked (a reader does not take a mirror image: the driver asks not), and about one
// module pixel in `damage` flipped; the rest of the canvas is paper.
static void place(unsigned char *canvas, int cw, int ch, const DmtxImage *img, int ox, int oy, int turn, int mirror,
    unsigned damage) {
    for (int i = 0; i < cw * ch; i++) {
        canvas[i] = (unsigned char)(200 + (i / cw) / 8); // light paper, shaded from top to bottom
    }
    int w = img->width, h = img->height;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const unsigned char *px = img->pxl + ((size_t)y * w + x) * 3;
            int grey = (px[0] + px[1] + px[2]) / 3;
            grey = grey < 128 ? 40 : 220;
            if (damage && pick(damage) == 0) {
                grey = 255 - grey;
            }
            int sx = mirror ? w - 1 - x : x, sy = y, tx, ty;
            switch (turn) {
                case 0: tx = sx, ty = sy; break;
                case 1: tx = h - 1 - sy, ty = sx; break;
                case 2: tx = w - 1 - sx, ty = h - 1 - sy; break;
                default: tx = sy, ty = w - 1 - sx; break;
            }
            canvas[(size_t)(oy + ty) * cw + ox + tx] = (unsigned char)grey;
        }
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    static const int schemes[] = { DmtxSchemeAutoBest, DmtxSchemeAscii, DmtxSchemeC40, DmtxSchemeText,
        DmtxSchemeX12, DmtxSchemeEdifact, DmtxSchemeBase256, DmtxSchemeAutoFast };
    static const int shapes[] = { DmtxSymbolSquareAuto, DmtxSymbolRectAuto, DmtxSymbolShapeAuto };
    uint32_t h = PROG_FNV_INIT;
    unsigned encoded = 0, refused = 0, decoded = 0, matched = 0;
    size_t modules = 0;
    for (long i = 0; i < n * 8; i++) {
        unsigned char msg[160];
        int kind = (int)pick(4);
        size_t len = message(msg, kind);
        int scheme = schemes[i % 8], shape = shapes[pick(3)];
        DmtxEncode *enc = dmtxEncodeCreate();
        dmtxEncodeSetProp(enc, DmtxPropScheme, scheme);
        dmtxEncodeSetProp(enc, DmtxPropSizeRequest, shape);
        dmtxEncodeSetProp(enc, DmtxPropModuleSize, 3 + (int)pick(2));
        dmtxEncodeSetProp(enc, DmtxPropMarginSize, 6);
        if (dmtxEncodeDataMatrix(enc, (int)len, msg) == DmtxFail) {
            refused++; // a scheme that cannot carry these bytes (X12 or EDIFACT of binary, say)
            uint32_t which = (uint32_t)i; // long is 4 bytes on wasm32, 8 on x86-64
            h = prog_fnv(h, &which, sizeof which);
            dmtxEncodeDestroy(&enc);
            continue;
        }
        encoded++;
        const DmtxImage *img = enc->image;
        int rows = dmtxGetSymbolAttribute(DmtxSymAttribSymbolRows, enc->region.sizeIdx);
        int cols = dmtxGetSymbolAttribute(DmtxSymAttribSymbolCols, enc->region.sizeIdx);
        modules += (size_t)rows * cols;
        h = prog_fnv(h, img->pxl, (size_t)img->width * img->height * 3);
        int cw = (img->width > img->height ? img->width : img->height) + 40;
        int ch = cw, ox = 8 + (int)pick(24), oy = 8 + (int)pick(24);
        int turn = (int)pick(4), mirror = 0; // (a mirrored symbol is not Data Matrix's: not read)
        unsigned char *canvas = malloc((size_t)cw * ch);
        if (img->width + ox > cw || img->height + oy > ch || img->height + ox > cw || img->width + oy > ch) {
            ox = oy = 16; // the turned symbol fits at (16, 16)
        }
        place(canvas, cw, ch, img, ox, oy, turn, mirror, i % 3 == 0 ? 0 : 180);
        h = prog_fnv(h, canvas, (size_t)cw * ch);
        DmtxImage *scan = dmtxImageCreate(canvas, cw, ch, DmtxPack8bppK);
        DmtxDecode *dec = dmtxDecodeCreate(scan, 1);
        DmtxRegion *reg = dmtxRegionFindNext(dec, NULL);
        int ok = 0;
        if (reg != NULL) {
            int where[4] = { reg->sizeIdx, reg->symbolRows, reg->symbolCols, reg->polarity };
            h = prog_fnv(h, where, sizeof where);
            DmtxMessage *out = dmtxDecodeMatrixRegion(dec, reg, DmtxUndefined);
            if (out != NULL) {
                decoded++;
                h = prog_fnv(h, out->output, (size_t)out->outputIdx);
                ok = (size_t)out->outputIdx == len && memcmp(out->output, msg, len) == 0;
                dmtxMessageDestroy(&out);
            }
            dmtxRegionDestroy(&reg);
        }
        matched += ok;
        h = prog_fnv(h, &ok, sizeof ok);
        if (i < 4) {
            printf("symbol %ld: %zu bytes of kind %d, scheme %d, turn %d, %dx%d modules, %dx%d pixels: %s\n", i, len, kind,
                scheme, turn, rows, cols, img->width, img->height, ok ? "read back" : "not read");
        }
        dmtxDecodeDestroy(&dec);
        dmtxImageDestroy(&scan);
        free(canvas);
        dmtxEncodeDestroy(&enc);
    }
    printf("symbols: %u encoded (%zu modules), %u refused by their scheme\n", encoded, modules, refused);
    printf("decoded %u, the same message %u\n", decoded, matched);
    prog_check("three in four symbols read back", matched * 4 >= encoded * 3);
    return prog_end(h);
}
