// SPDX-License-Identifier: MIT
// TwoLAME 0.4.0 (Debian's twolame source package, unchanged): an MPEG audio
// Layer II encoder: a 32-band polyphase filter bank, scale factors, a
// psychoacoustic model (an FFT of each granule against the absolute threshold
// of hearing: models 1, 3 and 4 differ in how they spread masking across critical
// bands) and bit allocation into fixed-size frames. This driver makes a
// stereo signal from oscillators (sums and products only: the same doubles on
// every libm), then encodes it N times over in eight configurations
// (psychoacoustic model, bit rate, stereo, joint stereo, mono, VBR, CRC,
// MPEG-2's half sample rates); it hashes every frame the encoder wrote.
//   twolame_bench N      (N * 8 encodings of 0.25 s each)
#include "prog_common.h"

#include "twolame.h"

// One oscillator: y[n] = 2 cos(w) y[n-1] - y[n-2], from a coefficient the driver gives (no sin/cos).
typedef struct osc {
    double c, y1, y2;
} osc;

static double osc_next(osc *o) {
    double y = o->c * o->y1 - o->y2;
    o->y2 = o->y1;
    o->y1 = y;
    return y;
}

static short clamp16(double x) {
    if (x > 32767) {
        return 32767;
    }
    if (x < -32768) {
        return -32768;
    }
    return (short)x;
}

// `n` stereo samples: two tones per channel, a slow beat between them, a little noise.
static void make_signal(short *left, short *right, int n, uint32_t seed) {
    prog_rng rng = { seed };
    osc o[4] = {
        { 1.99, 0.0, -0.05 },
        { 1.92, 0.0, -0.12 },
        { 1.70, 0.0, -0.20 },
        { 1.9995, 0.0, -0.01 },
    };
    for (int i = 0; i < n; i++) {
        double a = osc_next(&o[0]) * 4000.0;
        double b = osc_next(&o[1]) * 2500.0;
        double c = osc_next(&o[2]) * 1200.0;
        double env = 0.6 + 0.4 * osc_next(&o[3]) * 20.0;
        int noise = (int)(prog_rand(&rng) % 601u) - 300;
        double l = (a + c) * env + noise;
        double r = (b + c * 0.5) * env - noise;
        left[i] = clamp16(l);
        right[i] = clamp16(r);
    }
}

typedef struct config {
    const char *name;
    int psymodel, bitrate, samplerate;
    TWOLAME_MPEG_mode mode;
    int vbr, crc;
} config;

// Not model 2: its set-up writes a line to stderr ("absthr[][] sampling frequency index"), which the
// host port's console shows among stdout's bytes.
static const config configs[] = {
    { "model 1, 192 kb/s stereo", 1, 192, 44100, TWOLAME_STEREO, 0, 0 },
    { "model 3, 128 kb/s joint stereo, CRC", 3, 128, 44100, TWOLAME_JOINT_STEREO, 0, 1 },
    { "model 3, 256 kb/s stereo", 3, 256, 48000, TWOLAME_STEREO, 0, 0 },
    { "model 4, 160 kb/s stereo, VBR", 4, 160, 44100, TWOLAME_STEREO, 1, 0 },
    { "model 0, 96 kb/s mono", 0, 96, 32000, TWOLAME_MONO, 0, 1 },
    { "model -1, 64 kb/s MPEG-2 joint stereo", -1, 64, 22050, TWOLAME_JOINT_STEREO, 0, 0 },
    { "model 1, 112 kb/s MPEG-2 stereo, CRC", 1, 112, 24000, TWOLAME_STEREO, 0, 1 },
    { "model 4, 320 kb/s dual channel", 4, 320, 48000, TWOLAME_DUAL_CHANNEL, 0, 0 },
};
#define NCONFIGS (int)(sizeof configs / sizeof configs[0])

static uint32_t encode(const config *c, const short *left, const short *right, int n, unsigned char *out,
    int out_size, uint32_t h) {
    twolame_options *tl = twolame_init();
    twolame_set_verbosity(tl, 0);
    twolame_set_num_channels(tl, c->mode == TWOLAME_MONO ? 1 : 2);
    twolame_set_mode(tl, c->mode);
    twolame_set_in_samplerate(tl, c->samplerate);
    twolame_set_out_samplerate(tl, c->samplerate);
    twolame_set_psymodel(tl, c->psymodel);
    twolame_set_bitrate(tl, c->bitrate);
    twolame_set_error_protection(tl, c->crc);
    if (c->vbr) {
        twolame_set_VBR(tl, 1);
        twolame_set_VBR_level(tl, 2.0f);
    }
    if (twolame_init_params(tl) != 0) {
        printf("%s: twolame_init_params refused\n", c->name);
        prog_failures++;
        twolame_close(&tl);
        return h;
    }
    int total = 0, frames_bytes;
    const int step = 1152;
    for (int at = 0; at < n; at += step) {
        int k = n - at < step ? n - at : step;
        frames_bytes = c->mode == TWOLAME_MONO
            ? twolame_encode_buffer(tl, left + at, NULL, k, out, out_size)
            : twolame_encode_buffer(tl, left + at, right + at, k, out, out_size);
        if (frames_bytes < 0) {
            printf("%s: encode failed (%d)\n", c->name, frames_bytes);
            prog_failures++;
            break;
        }
        h = prog_fnv(h, out, (size_t)frames_bytes);
        total += frames_bytes;
    }
    frames_bytes = twolame_encode_flush(tl, out, out_size);
    if (frames_bytes > 0) {
        h = prog_fnv(h, out, (size_t)frames_bytes);
        total += frames_bytes;
    }
    printf("%s: %d bytes, hash 0x%08x\n", c->name, total, (unsigned)h);
    twolame_close(&tl);
    return h;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    const int samples = 12000; // 0.25 s at 48 kHz
    short *left = malloc(samples * sizeof *left);
    short *right = malloc(samples * sizeof *right);
    const int out_size = 65536;
    unsigned char *out = malloc(out_size);
    uint32_t h = PROG_FNV_INIT;
    for (long r = 0; r < n * NCONFIGS; r++) {
        const config *c = &configs[r % NCONFIGS];
        make_signal(left, right, samples * c->samplerate / 48000, 0x2545f491u + (uint32_t)r);
        h = encode(c, left, right, samples * c->samplerate / 48000, out, out_size, h);
    }
    free(left);
    free(right);
    free(out);
    return prog_end(h);
}
