// SPDX-License-Identifier: MIT
// SpeexDSP (Debian's speexdsp source package, libspeexdsp's resampler,
// acoustic echo canceller, preprocessor and FFT unchanged; FLOATING_POINT with
// its own smallft FFT): N frames of single-precision signal processing.
//   resample   16 kHz -> 44.1 kHz (quality 5) and 44.1 kHz -> 8 kHz (quality
//              8) through the float API, 48 kHz -> 16 kHz (quality 10) through
//              the int16 API: windowed-sinc filters, dot products
//   echo       the far-end signal played through a decaying room response and
//              mixed with near-end talk, cancelled by the MDF adaptive filter
//              (160-sample frames, 1024 taps: FFTs, complex spectra, sqrt/exp)
//   denoise    the echo canceller's output through the preprocessor (noise
//              suppression, residual echo suppression, AGC)
// The filters' designs call sin/cos/exp/log, whose last bits may differ
// between C libraries, so what is printed (and hashed into the checksum) is
// energies and ratios rounded to 4 significant digits.
//   speexdsp_bench N
#include <math.h>
#include "speex/speex_echo.h"
#include "speex/speex_preprocess.h"
#include "speex/speex_resampler.h"
#include "prog_common.h"

#define FRAME 160
#define TAPS 1024

static uint32_t h = PROG_FNV_INIT;

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#include <stdarg.h>
static void report(const char *fmt, ...) {
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fputs(line, stdout);
    h = prog_fnv(h, line, (size_t)n);
}

// a voice-like test signal without libm: three triangle waves whose periods
// drift, under an envelope, plus noise
static float voice(prog_rng *r, long i, int rate) {
    float t = 0;
    static const int periods[] = { 97, 151, 233 };
    for (int k = 0; k < 3; k++) {
        long p = (long)periods[k] * rate / 16000 + (i / (rate / 8)) % 17;
        long ph = i % p;
        float tri = 4.0f * (float)(ph < p / 2 ? ph : p - ph) / (float)p - 1.0f;
        t += tri * (float)(3 - k) * 0.2f;
    }
    float env = (float)((i / (rate / 20)) % 9) / 8.0f;
    float noise = (float)((int)(prog_rand(r) & 0xffff) - 32768) / 32768.0f;
    return 6000.0f * (t * env + 0.05f * noise);
}

static double energy_f(const float *x, size_t n) {
    double e = 0;
    for (size_t i = 0; i < n; i++) {
        e += (double)x[i] * x[i];
    }
    return e;
}

static double energy_i(const spx_int16_t *x, size_t n) {
    double e = 0;
    for (size_t i = 0; i < n; i++) {
        e += (double)x[i] * x[i];
    }
    return e;
}

static int resample(long frames) {
    prog_rng r = { 7 };
    size_t n16 = (size_t)frames * FRAME;
    float *in = malloc(n16 * sizeof(float));
    size_t n44 = n16 * 441 / 160 + 64;
    float *up = malloc(n44 * sizeof(float));
    size_t n8 = n44 * 80 / 441 + 64;
    float *down = malloc(n8 * sizeof(float));
    size_t n48 = n16 * 3;
    spx_int16_t *in48 = malloc(n48 * sizeof(spx_int16_t));
    spx_int16_t *out16 = malloc((n16 + 64) * sizeof(spx_int16_t));
    if (in == NULL || up == NULL || down == NULL || in48 == NULL || out16 == NULL) {
        printf("out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n16; i++) {
        in[i] = voice(&r, (long)i, 16000);
    }
    int err;
    SpeexResamplerState *a = speex_resampler_init(1, 16000, 44100, 5, &err);
    SpeexResamplerState *b = speex_resampler_init(1, 44100, 8000, 8, &err);
    SpeexResamplerState *c = speex_resampler_init(1, 48000, 16000, 10, &err);
    if (a == NULL || b == NULL || c == NULL) {
        printf("speex_resampler_init: %d\n", err);
        return 1;
    }
    // in pieces of one frame, as a stream arrives
    size_t got_up = 0, got_down = 0, got16 = 0;
    for (size_t off = 0; off < n16; off += FRAME) {
        spx_uint32_t ilen = FRAME, olen = (spx_uint32_t)(n44 - got_up);
        speex_resampler_process_float(a, 0, in + off, &ilen, up + got_up, &olen);
        got_up += olen;
    }
    for (size_t off = 0; off < got_up; off += 441) {
        spx_uint32_t ilen = (spx_uint32_t)(got_up - off < 441 ? got_up - off : 441);
        spx_uint32_t olen = (spx_uint32_t)(n8 - got_down);
        speex_resampler_process_float(b, 0, up + off, &ilen, down + got_down, &olen);
        got_down += olen;
    }
    for (size_t i = 0; i < n48; i++) {
        in48[i] = (spx_int16_t)voice(&r, (long)i, 48000);
    }
    for (size_t off = 0; off < n48; off += 3 * FRAME) {
        spx_uint32_t ilen = 3 * FRAME, olen = (spx_uint32_t)(n16 + 64 - got16);
        speex_resampler_process_int(c, 0, in48 + off, &ilen, out16 + got16, &olen);
        got16 += olen;
    }
    report("resample 16k->44.1k: %lu -> %lu samples, energy ratio %.4g\n", (unsigned long)n16,
        (unsigned long)got_up, energy_f(up, got_up) / energy_f(in, n16));
    report("resample 44.1k->8k: %lu samples, energy ratio %.4g\n", (unsigned long)got_down,
        energy_f(down, got_down) / energy_f(up, got_up));
    report("resample 48k->16k (int16): %lu samples, energy ratio %.4g\n", (unsigned long)got16,
        energy_i(out16, got16) / energy_i(in48, n48));
    speex_resampler_destroy(a);
    speex_resampler_destroy(b);
    speex_resampler_destroy(c);
    free(in);
    free(up);
    free(down);
    free(in48);
    free(out16);
    return 0;
}

static int echo(long frames) {
    prog_rng r = { 11 }, rn = { 13 };
    SpeexEchoState *ec = speex_echo_state_init(FRAME, TAPS);
    SpeexPreprocessState *pp = speex_preprocess_state_init(FRAME, 8000);
    if (ec == NULL || pp == NULL) {
        printf("out of memory\n");
        return 1;
    }
    int rate = 8000, on = 1;
    speex_echo_ctl(ec, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_ECHO_STATE, ec);
    speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_AGC, &on);
    // the room: a decaying, sign-alternating response over 600 taps (integers, no libm)
    static float room[600];
    for (int k = 0; k < 600; k++) {
        room[k] = (float)(((k * 37) % 11) - 5) / 5.0f * 0.6f * (float)(600 - k) / 600.0f / (float)(1 + k / 40);
    }
    static float hist[FRAME + 600];
    spx_int16_t far[FRAME], mic[FRAME], out[FRAME];
    double e_echo = 0, e_out_late = 0, e_echo_late = 0, e_clean = 0;
    for (long f = 0; f < frames; f++) {
        memmove(hist, hist + FRAME, 600 * sizeof(float));
        for (int i = 0; i < FRAME; i++) {
            float v = voice(&r, f * FRAME + i, 8000);
            hist[600 + i] = v;
            far[i] = (spx_int16_t)v;
        }
        for (int i = 0; i < FRAME; i++) {
            float e = 0;
            for (int k = 0; k < 600; k++) {
                e += room[k] * hist[600 + i - k];
            }
            // the near end talks in every fourth second
            float near = (f / 50) % 4 == 3 ? 0.5f * voice(&rn, f * FRAME + i, 8000) : 0.0f;
            float m = e + near;
            mic[i] = (spx_int16_t)(m > 32767 ? 32767 : m < -32768 ? -32768 : m);
            e_echo += (double)e * e;
            if (f >= frames / 2) {
                e_echo_late += (double)e * e;
            }
        }
        speex_echo_cancellation(ec, mic, far, out);
        if (f >= frames / 2) {
            e_out_late += energy_i(out, FRAME);
        }
        speex_preprocess_run(pp, out);
        e_clean += energy_i(out, FRAME);
    }
    report("echo: %ld frames, echo energy %.4g, cancelled to %.4g of it (second half)\n", frames, e_echo,
        e_out_late / e_echo_late);
    report("denoise+agc: output energy %.4g\n", e_clean);
    speex_echo_state_destroy(ec);
    speex_preprocess_state_destroy(pp);
    return 0;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 400);
    printf("speexdsp n=%ld\n", n);
    if (resample(n) || echo(n)) {
        return 1;
    }
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
