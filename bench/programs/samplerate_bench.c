// SPDX-License-Identifier: MIT
// libsamplerate (Debian's libsamplerate source package, src/ unchanged, its
// three sinc converters enabled as Debian's build does): a stereo signal made
// from integers only (a chirp from a phase accumulator through a parabolic
// sine, a square wave, a decaying click train, noise) resampled by all five
// converters (best/medium/fast sinc, zero-order hold, linear) at six fixed
// ratios fed in pieces of pseudo-random sizes (src_process, end of input
// flagged), then once through the callback interface with a ratio that moves
// every block (the sinc's variable-ratio path), src_simple, and a cloned state
// that must give the same output as the one it was cloned from. The floats'
// bits are hashed (every operation libsamplerate uses is exact in IEEE:
// no libm function with a last-bit choice), and as 16-bit via
// src_float_to_short_array.
//   samplerate_bench N      (N blocks of 1024 frames of input)
#include "samplerate.h"
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

// a sine-like curve of a 16-bit phase: a parabola per half period (only + and *)
static float para(uint32_t phase) {
    float x = (float)(int32_t)(phase & 0xffff) / 32768.0f - 1.0f; // -1 .. 1
    return 4.0f * x * (1.0f - (x < 0 ? -x : x));
}

static void make_signal(float *buf, long frames) {
    prog_rng r = { 4242 };
    uint32_t ph = 0, step = 300, sq = 0;
    float click = 0;
    for (long i = 0; i < frames; i++) {
        ph += step;
        step += (i & 3) == 0;
        if ((i % 2205) == 0) {
            click = 0.9f;
        }
        click *= 0.93f;
        float noise = (float)(int32_t)(prog_rand(&r) >> 16) / 65536.0f - 0.5f;
        sq += 1;
        buf[2 * i] = 0.5f * para(ph) + 0.25f * click + 0.02f * noise;
        buf[2 * i + 1] = 0.3f * ((sq / 50) & 1 ? 1.0f : -1.0f) * 0.5f + 0.3f * para(ph * 3);
    }
}

static void mix_out(const float *out, long n) {
    h = prog_fnv(h, out, (size_t)n * 2 * sizeof(float));
    short s[512];
    for (long i = 0; i < n * 2; i += 512) {
        int len = (int)(n * 2 - i < 512 ? n * 2 - i : 512);
        src_float_to_short_array(out + i, s, len);
        h = prog_fnv(h, s, (size_t)len * sizeof(short));
    }
}

// the whole signal through a new converter in pieces; returns frames made
static long convert(int type, double ratio, const float *in, long frames, float *out, long cap, prog_rng *r) {
    int err = 0;
    SRC_STATE *st = src_new(type, 2, &err);
    prog_check("src_new", st != NULL && err == 0);
    long done = 0, made = 0;
    while (st) {
        SRC_DATA d = { 0 };
        long piece = 1 + (long)(prog_rand(r) % 700);
        d.data_in = in + 2 * done;
        d.input_frames = piece < frames - done ? piece : frames - done;
        d.data_out = out + 2 * made;
        d.output_frames = cap - made < 900 ? cap - made : 900;
        d.end_of_input = done + d.input_frames == frames;
        d.src_ratio = ratio;
        err = src_process(st, &d);
        prog_check(src_strerror(err), err == 0);
        done += d.input_frames_used;
        made += d.output_frames_gen;
        if (err || (d.end_of_input && d.output_frames_gen == 0 && done == frames) || made == cap) {
            break;
        }
    }
    src_delete(st);
    return made;
}

typedef struct feed {
    const float *in;
    long frames, pos;
    prog_rng *r;
} feed;

static long on_input(void *cb, float **data) {
    feed *f = cb;
    long n = 1 + (long)(prog_rand(f->r) % 500);
    if (n > f->frames - f->pos) {
        n = f->frames - f->pos;
    }
    *data = (float *)(f->in + 2 * f->pos);
    f->pos += n;
    return n;
}

int main(int argc, char **argv) {
    long blocks = prog_size(argc, argv, 8), frames = blocks * 1024;
    static const int types[] = { SRC_SINC_BEST_QUALITY, SRC_SINC_MEDIUM_QUALITY, SRC_SINC_FASTEST,
        SRC_ZERO_ORDER_HOLD, SRC_LINEAR };
    static const double ratios[] = { 48000.0 / 44100.0, 44100.0 / 48000.0, 0.5, 2.0, 3.3, 0.31 };
    long cap = (long)(frames * 3.4) + 4096;
    float *in = malloc(sizeof(float) * 2 * (size_t)frames), *out = malloc(sizeof(float) * 2 * (size_t)cap);
    float *out2 = malloc(sizeof(float) * 2 * 4096);
    prog_rng r = { 77 };
    make_signal(in, frames);
    printf("%s\n%ld frames of stereo\n", src_get_version(), frames);
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        uint32_t before = h;
        long total = 0;
        for (size_t k = 0; k < sizeof(ratios) / sizeof(ratios[0]); k++) {
            // the best sinc is slow: it does the first two ratios only
            if (types[t] == SRC_SINC_BEST_QUALITY && k > 1) {
                break;
            }
            long n = convert(types[t], ratios[k], in, frames, out, cap, &r);
            long want = (long)(frames * ratios[k]);
            prog_check("output length", n > want - 64 && n < want + 64);
            mix_out(out, n);
            total += n;
        }
        // the callback interface with a ratio that changes every block
        int err = 0;
        feed f = { in, frames, 0, &r };
        SRC_STATE *st = src_callback_new(on_input, types[t], 2, &err, &f);
        prog_check("src_callback_new", st != NULL);
        long n = 0, got;
        for (int b = 0; st && (got = src_callback_read(st, 0.7 + 0.05 * (b % 13), 256, out + 2 * n)) > 0; b++) {
            n += got;
            if (n + 256 > cap) {
                break;
            }
        }
        prog_check(src_strerror(src_error(st)), src_error(st) == 0);
        mix_out(out, n);
        total += n;
        src_delete(st);
        // a clone continues as its original does
        SRC_STATE *a = src_new(types[t], 2, &err), *b;
        SRC_DATA d = { in, out2, 1000, 2048, 0, 0, 0, 1.25 };
        src_process(a, &d);
        b = src_clone(a, &err);
        prog_check("src_clone", b != NULL && err == 0);
        d.data_in = in + 2000, d.input_frames = 1000, d.data_out = out2, d.output_frames = 2048;
        SRC_DATA e = d;
        e.data_out = out2 + 4096;
        src_process(a, &d);
        src_process(b, &e);
        prog_check("clone output", d.output_frames_gen == e.output_frames_gen &&
            memcmp(out2, out2 + 4096, sizeof(float) * 2 * (size_t)d.output_frames_gen) == 0);
        mix_out(out2, d.output_frames_gen);
        src_delete(a), src_delete(b);
        printf("%-28s %7ld frames out, hash %08x\n", src_get_name(types[t]), total, (unsigned)(h ^ before));
    }
    // bad input says so
    SRC_DATA d = { in, out, 10, 10, 0, 0, 1, 1000.0 };
    int err = src_simple(&d, SRC_LINEAR, 2);
    printf("ratio 1000: %s\n", src_strerror(err));
    d.src_ratio = 1.5;
    prog_check("src_simple", src_simple(&d, SRC_LINEAR, 2) == 0);
    printf("%s\nchecksum=0x%08x\n", prog_failures ? "some checks FAILED" : "all checks ok", (unsigned)h);
    return prog_failures != 0;
}
