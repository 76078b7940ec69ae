// SPDX-License-Identifier: MIT
// Little CMS (Debian's lcms2 source package, the library's files unchanged):
// ICC colour management in floating point: tone curves (parametric, sampled,
// reversed, joined, smoothed), matrix-shaper and CLUT pipelines, their
// optimisation into precalculated tables, tetrahedral and trilinear
// interpolation, chromatic adaptation, CIECAM02, colour differences. This
// driver builds profiles in memory (sRGB, a wide-gamut RGB, gray, Lab, and a
// printer-like CMYK profile whose CLUTs it samples itself), writes them to
// ICC bytes and reads them back, then moves an image of N x 64 K pixels
// through 8-bit, 16-bit and float transforms (perceptual, colorimetric,
// black-point compensation, soft proofing, a device link)
// and hashes every output; the image's buffers are the program's big memory.
//   lcms2_bench N
#include "prog_common.h"

#include "lcms2.h"

static uint32_t h = PROG_FNV_INIT;

static void hash(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

// A printer-like CMYK's Lab -> CMYK table: gray component replaced by K, then
// a dot gain curve (the sampler lcms2 calls once a grid point)
static cmsInt32Number lab_to_cmyk(CMSREGISTER const cmsUInt16Number in[], CMSREGISTER cmsUInt16Number out[],
                                  CMSREGISTER void *cargo) {
    (void)cargo;
    cmsCIELab lab;
    cmsLabEncoded2Float(&lab, in);
    double r = (lab.L + 1.2 * lab.a + 0.3 * lab.b) / 100.0;
    double g = (lab.L - 0.6 * lab.a + 0.4 * lab.b) / 100.0;
    double b = (lab.L - 1.5 * lab.b) / 100.0;
    double c = 1 - (r < 0 ? 0 : (r > 1 ? 1 : r));
    double m = 1 - (g < 0 ? 0 : (g > 1 ? 1 : g));
    double y = 1 - (b < 0 ? 0 : (b > 1 ? 1 : b));
    double k = c < m ? (c < y ? c : y) : (m < y ? m : y);
    k *= 0.8;
    double ink[4] = { c - k, m - k, y - k, k };
    for (int i = 0; i < 4; i++) {
        double v = ink[i] / (1 - k + 1e-9);
        v = v * (1.15 - 0.15 * v); // dot gain
        out[i] = (cmsUInt16Number)(65535.0 * (v < 0 ? 0 : (v > 1 ? 1 : v)) + 0.5);
    }
    return 1;
}

// Its CMYK -> Lab table: the inks as a subtractive mix
static cmsInt32Number cmyk_to_lab(CMSREGISTER const cmsUInt16Number in[], CMSREGISTER cmsUInt16Number out[],
                                  CMSREGISTER void *cargo) {
    (void)cargo;
    double c = in[0] / 65535.0, m = in[1] / 65535.0, y = in[2] / 65535.0, k = in[3] / 65535.0;
    cmsCIELab lab;
    lab.L = 100.0 * (1 - 0.9 * k) * (1 - 0.3 * c - 0.5 * m - 0.1 * y + 0.05 * c * m);
    lab.a = 60.0 * (m - 0.7 * c) * (1 - k);
    lab.b = 60.0 * (y - 0.5 * m - 0.3 * c) * (1 - k);
    if (lab.L < 0) {
        lab.L = 0;
    }
    cmsFloat2LabEncoded(out, &lab);
    return 1;
}

static cmsPipeline *clut_pipeline(int grid, int ins, int outs, cmsSAMPLER16 sampler) {
    cmsPipeline *p = cmsPipelineAlloc(NULL, ins, outs);
    cmsStage *clut = cmsStageAllocCLut16bit(NULL, grid, ins, outs, NULL);
    prog_check("CLUT sampled", cmsStageSampleCLut16bit(clut, sampler, NULL, 0));
    // A curves, CLUT, B curves: the shape a v4 lutAtoBType / lutBtoAType holds
    cmsPipelineInsertStage(p, cmsAT_END, cmsStageAllocToneCurves(NULL, ins, NULL));
    cmsPipelineInsertStage(p, cmsAT_END, clut);
    cmsPipelineInsertStage(p, cmsAT_END, cmsStageAllocToneCurves(NULL, outs, NULL));
    return p;
}

// The profile's ICC bytes (the creation date left out of the hash), read back
static cmsHPROFILE round_trip(cmsHPROFILE p, const char *what) {
    cmsUInt32Number n = 0;
    if (!cmsSaveProfileToMem(p, NULL, &n) || n < 128) {
        printf("  %s: not saved FAILED\n", what);
        exit(1);
    }
    uint8_t *bytes = malloc(n);
    prog_check("profile saved", cmsSaveProfileToMem(p, bytes, &n));
    hash(bytes, 24);
    hash(bytes + 36, n - 36);
    cmsHPROFILE back = cmsOpenProfileFromMem(bytes, n);
    prog_check("profile read back", back != NULL);
    printf("  %-10s %6u bytes, version %.1f, %u tags\n", what, (unsigned)n, cmsGetProfileVersion(back),
           (unsigned)cmsGetTagCount(back));
    free(bytes);
    cmsCloseProfile(p);
    return back;
}

static cmsHPROFILE make_cmyk(void) {
    cmsHPROFILE p = cmsCreateProfilePlaceholder(NULL);
    cmsSetProfileVersion(p, 4.3);
    cmsSetDeviceClass(p, cmsSigOutputClass);
    cmsSetColorSpace(p, cmsSigCmykData);
    cmsSetPCS(p, cmsSigLabData);
    cmsPipeline *a2b = clut_pipeline(9, 4, 3, cmyk_to_lab);
    cmsPipeline *b2a = clut_pipeline(17, 3, 4, lab_to_cmyk);
    cmsWriteTag(p, cmsSigAToB0Tag, a2b);
    cmsWriteTag(p, cmsSigBToA0Tag, b2a);
    cmsWriteTag(p, cmsSigAToB1Tag, a2b);
    cmsWriteTag(p, cmsSigBToA1Tag, b2a);
    cmsWriteTag(p, cmsSigMediaWhitePointTag, cmsD50_XYZ());
    cmsPipelineFree(a2b);
    cmsPipelineFree(b2a);
    return p;
}

static cmsHPROFILE make_wide_rgb(void) {
    cmsCIExyY white;
    cmsWhitePointFromTemp(&white, 5003);
    cmsCIExyYTRIPLE primaries = { { 0.7347, 0.2653, 1 }, { 0.1596, 0.8404, 1 }, { 0.0366, 0.0001, 1 } };
    cmsToneCurve *gamma = cmsBuildGamma(NULL, 1.8);
    cmsToneCurve *curves[3] = { gamma, gamma, gamma };
    cmsHPROFILE p = cmsCreateRGBProfile(&white, &primaries, curves);
    cmsFreeToneCurve(gamma);
    return p;
}

static cmsHPROFILE make_gray(void) {
    // L* as a parametric curve (type 4, as sRGB's), sampled and smoothed
    const cmsFloat64Number params[5] = { 2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045 };
    cmsToneCurve *c = cmsBuildParametricToneCurve(NULL, 4, params);
    cmsToneCurve *rev = cmsReverseToneCurve(c);
    cmsToneCurve *joined = cmsJoinToneCurve(NULL, c, rev, 256);
    int smoothed = cmsSmoothToneCurve(rev, 0.5);
    printf("  gray curve: gamma %.4f, reversed %.4f (smoothed %d), joined linear %d, monotonic %d\n",
           cmsEstimateGamma(c, 0.1), cmsEstimateGamma(rev, 0.1), smoothed, cmsIsToneCurveLinear(joined),
           cmsIsToneCurveMonotonic(joined));
    cmsHPROFILE p = cmsCreateGrayProfile(cmsD50_xyY(), c);
    cmsFreeToneCurve(c);
    cmsFreeToneCurve(rev);
    cmsFreeToneCurve(joined);
    return p;
}

// An image of w x hgt pixels: gradients, a few flat patches and noise
static uint16_t *make_image(uint32_t w, uint32_t hgt) {
    uint16_t *img = malloc(sizeof(uint16_t) * 3 * w * hgt);
    prog_rng r = { 31u };
    for (uint32_t y = 0; y < hgt; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint16_t *p = img + 3 * ((size_t)y * w + x);
            uint32_t n = prog_rand(&r);
            p[0] = (uint16_t)((x * 65535u) / (w - 1));
            p[1] = (uint16_t)((y * 65535u) / (hgt - 1));
            p[2] = (uint16_t)(((x ^ y) & 64u) ? 0xc000u : (n & 0xffffu));
        }
    }
    return img;
}

static void run(const char *what, cmsHTRANSFORM t, const void *in, void *out, size_t pixels, size_t out_bytes) {
    prog_check(what, t != NULL);
    if (t == NULL) {
        return;
    }
    cmsDoTransform(t, in, out, (cmsUInt32Number)pixels);
    uint32_t before = h;
    hash(out, out_bytes);
    printf("  %-34s %08x\n", what, (unsigned)(h ^ before));
    cmsDeleteTransform(t);
}

static void transforms(cmsHPROFILE srgb, cmsHPROFILE wide, cmsHPROFILE cmyk, cmsHPROFILE lab, cmsHPROFILE gray,
                       uint32_t w, uint32_t hgt) {
    size_t px = (size_t)w * hgt;
    uint16_t *img16 = make_image(w, hgt);
    uint8_t *img8 = malloc(3 * px);
    for (size_t i = 0; i < 3 * px; i++) {
        img8[i] = (uint8_t)(img16[i] >> 8);
    }
    uint16_t *out16 = malloc(sizeof(uint16_t) * 4 * px);
    uint8_t *out8 = malloc(4 * px);
    printf("image %ux%u:\n", (unsigned)w, (unsigned)hgt);
    run("sRGB8 -> CMYK8 perceptual", cmsCreateTransform(srgb, TYPE_RGB_8, cmyk, TYPE_CMYK_8, INTENT_PERCEPTUAL, 0),
        img8, out8, px, 4 * px);
    run("sRGB16 -> CMYK16 relative, bpc",
        cmsCreateTransform(srgb, TYPE_RGB_16, cmyk, TYPE_CMYK_16, INTENT_RELATIVE_COLORIMETRIC,
                           cmsFLAGS_BLACKPOINTCOMPENSATION),
        img16, out16, px, 8 * px);
    run("CMYK16 -> wide RGB16 absolute",
        cmsCreateTransform(cmyk, TYPE_CMYK_16, wide, TYPE_RGB_16, INTENT_ABSOLUTE_COLORIMETRIC, 0), out16, img16,
        px, 6 * px);
    run("wide RGB16 -> sRGB8 high-res table",
        cmsCreateTransform(wide, TYPE_RGB_16, srgb, TYPE_RGB_8, INTENT_PERCEPTUAL, cmsFLAGS_HIGHRESPRECALC), img16,
        img8, px, 3 * px);
    run("sRGB8 -> gray8", cmsCreateTransform(srgb, TYPE_RGB_8, gray, TYPE_GRAY_8, INTENT_PERCEPTUAL, 0), img8, out8,
        px, px);
    cmsHTRANSFORM proof = cmsCreateProofingTransform(srgb, TYPE_RGB_8, srgb, TYPE_RGB_8, cmyk,
                                                     INTENT_PERCEPTUAL, INTENT_RELATIVE_COLORIMETRIC,
                                                     cmsFLAGS_SOFTPROOFING);
    run("sRGB8 soft proof on CMYK", proof, img8, out8, px, 3 * px);
    // float: a slice of the image, unoptimised (every stage evaluated a pixel)
    size_t fpx = px / 16;
    float *f = malloc(sizeof(float) * 3 * fpx);
    for (size_t i = 0; i < 3 * fpx; i++) {
        f[i] = img16[i] / 65535.0f;
    }
    double *labs = malloc(sizeof(double) * 3 * fpx);
    run("wide RGB float -> Lab double",
        cmsCreateTransform(wide, TYPE_RGB_FLT, lab, TYPE_Lab_DBL, INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE),
        f, labs, fpx, sizeof(double) * 3 * fpx);
    float *f4 = malloc(sizeof(float) * 4 * fpx);
    run("Lab double -> CMYK float", cmsCreateTransform(lab, TYPE_Lab_DBL, cmyk, TYPE_CMYK_FLT, INTENT_PERCEPTUAL, 0),
        labs, f4, fpx, sizeof(float) * 4 * fpx);
    // colour differences between neighbouring pixels' Lab
    double de76 = 0, de2000 = 0, cmc = 0;
    for (size_t i = 0; i + 1 < fpx; i += 7) {
        cmsCIELab a = { labs[3 * i], labs[3 * i + 1], labs[3 * i + 2] };
        cmsCIELab b = { labs[3 * i + 3], labs[3 * i + 4], labs[3 * i + 5] };
        de76 += cmsDeltaE(&a, &b);
        de2000 += cmsCIE2000DeltaE(&a, &b, 1, 1, 1);
        cmc += cmsCMCdeltaE(&a, &b, 2, 1);
    }
    printf("  delta E sums: 76 %.3f, 2000 %.3f, CMC %.3f\n", de76, de2000, cmc);
    free(f4);
    free(labs);
    free(f);
    free(out8);
    free(out16);
    free(img8);
    free(img16);
}

static void ciecam02(void) {
    cmsViewingConditions vc = { { 96.42, 100.0, 82.49 }, 20, 64 / 3.14159265358979, AVG_SURROUND, D_CALCULATE };
    cmsHANDLE cam = cmsCIECAM02Init(NULL, &vc);
    double worst = 0, jsum = 0;
    for (int i = 0; i < 200; i++) {
        cmsCIEXYZ xyz = { 5 + (i % 10) * 9.0, 5 + (i / 10 % 10) * 9.5, 4 + (i / 100) * 40.0 + (i % 7) * 3.0 }, back;
        cmsJCh jch;
        cmsCIECAM02Forward(cam, &xyz, &jch);
        cmsCIECAM02Reverse(cam, &jch, &back);
        double d = (back.X - xyz.X) * (back.X - xyz.X) + (back.Y - xyz.Y) * (back.Y - xyz.Y);
        worst = d > worst ? d : worst;
        jsum += jch.J;
    }
    printf("CIECAM02: 200 colours, J sum %.4f, forward and back within 0.01: %s\n", jsum, worst < 1e-4 ? "yes" : "no");
    cmsCIECAM02Done(cam);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    printf("lcms2 %d, image %ld x 64 K pixels\n", LCMS_VERSION, n);
    printf("profiles (written as ICC bytes, read back):\n");
    cmsHPROFILE srgb = round_trip(cmsCreate_sRGBProfile(), "sRGB");
    cmsHPROFILE wide = round_trip(make_wide_rgb(), "wide RGB");
    cmsHPROFILE gray = round_trip(make_gray(), "gray");
    cmsHPROFILE lab = cmsCreateLab4Profile(NULL);
    cmsHPROFILE cmyk = round_trip(make_cmyk(), "CMYK");
    cmsCIEXYZ black;
    cmsDetectBlackPoint(&black, cmyk, INTENT_RELATIVE_COLORIMETRIC, 0);
    printf("  CMYK black point %.5f %.5f %.5f\n", black.X, black.Y, black.Z);
    cmsHPROFILE abstract = cmsCreateBCHSWabstractProfile(17, 5, 1.1, 10, 15, 5000, 6500);
    cmsHPROFILE chain[3] = { srgb, abstract, cmyk };
    cmsHTRANSFORM t = cmsCreateMultiprofileTransform(chain, 3, TYPE_RGB_16, TYPE_CMYK_16, INTENT_PERCEPTUAL, 0);
    cmsHPROFILE link = round_trip(cmsTransform2DeviceLink(t, 4.3, 0), "link");
    cmsDeleteTransform(t);
    cmsCloseProfile(abstract);
    transforms(srgb, wide, cmyk, lab, gray, 256, 256 * (uint32_t)n);
    cmsUInt16Number rgb[3] = { 0x1234, 0x8000, 0xfedc }, ink[4];
    t = cmsCreateTransform(link, TYPE_RGB_16, NULL, TYPE_CMYK_16, INTENT_PERCEPTUAL, 0);
    cmsDoTransform(t, rgb, ink, 1);
    printf("through the link: %04x %04x %04x %04x\n", ink[0], ink[1], ink[2], ink[3]);
    hash(ink, sizeof(ink));
    cmsDeleteTransform(t);
    ciecam02();
    cmsCloseProfile(link);
    cmsCloseProfile(cmyk);
    cmsCloseProfile(lab);
    cmsCloseProfile(gray);
    cmsCloseProfile(wide);
    cmsCloseProfile(srgb);
    return prog_end(h);
}
