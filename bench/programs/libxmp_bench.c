// SPDX-License-Identifier: MIT
// libxmp 4.5.0 (Debian's libxmp source package: src/, its loaders, ProWizard
// and depackers unchanged): a tracker module player. The driver writes
// ProTracker modules in memory (4 and 8 channels: generated 8-bit samples,
// some looped, and patterns of random notes with arpeggio, portamento, tone
// portamento, vibrato, volume slides, sample offsets and speed/tempo
// changes), has libxmp test and load them from memory, then renders each
// song to the end with every interpolation (nearest, linear, cubic spline),
// stereo 16-bit and mono 8-bit, the low-pass DSP, the Protracker and
// generic MOD players' quirks: the mixer's loops over voices, resampling
// and volume ramps. Every frame's buffer is hashed.
//   libxmp_bench N      (N patterns in each song)
#include "prog_common.h"

#include "xmp.h"

static uint32_t h = PROG_FNV_INIT;

// Amiga periods of C-1..B-3 (ProTracker's table, finetune 0)
static const uint16_t periods[36] = {
    856, 808, 762, 720, 678, 640, 604, 570, 538, 508, 480, 453, 428, 404, 381, 360, 339, 320,
    302, 285, 269, 254, 240, 226, 214, 202, 190, 180, 170, 160, 151, 143, 135, 127, 120, 113,
};

enum { SAMPLES = 8, SAMPLE_LEN = 4096 };

static void put16be(uint8_t *p, unsigned v) {
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

// sample k's waveform: a parabolic sine, a saw, a square, noise, and decaying versions of them
static int8_t wave(int k, int i, prog_rng *r) {
    int phase = i & 63;
    int v;
    switch (k & 3) {
        case 0: { // two parabolas: a sine's shape without libm
            int x = phase < 32 ? phase : phase - 32;
            v = (x * (32 - x)) * 127 / 256;
            v = phase < 32 ? v : -v;
            break;
        }
        case 1:
            v = phase * 4 - 128;
            break;
        case 2:
            v = phase < 24 ? 100 : -100;
            break;
        default:
            v = (int)(prog_rand(r) >> 24) - 128;
            break;
    }
    if (k >= 4) { // decays to silence over the sample
        v = v * (SAMPLE_LEN - i) / SAMPLE_LEN;
    }
    return (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
}

// a ProTracker module of `patterns` patterns over `channels` channels ("M.K." or "8CHN"); its length
static size_t make_mod(uint8_t *m, int channels, int patterns, uint32_t seed) {
    prog_rng r = { seed };
    memset(m, 0, 1084);
    snprintf((char *)m, 20, "bench %u", (unsigned)seed);
    for (int s = 0; s < 31; s++) {
        uint8_t *hd = m + 20 + 30 * s;
        if (s >= SAMPLES) {
            continue;
        }
        snprintf((char *)hd, 22, "wave %d", s);
        put16be(hd + 22, SAMPLE_LEN / 2);                        // length in words
        hd[24] = (uint8_t)(s == 3 ? 2 : s == 5 ? 14 : 0);       // finetune
        hd[25] = (uint8_t)(64 - s * 4);                          // volume
        if (s < 4) {                                             // looped: the last half
            put16be(hd + 26, SAMPLE_LEN / 4);
            put16be(hd + 28, SAMPLE_LEN / 4);
        } else {
            put16be(hd + 28, 1);
        }
    }
    m[950] = (uint8_t)patterns;
    m[951] = 127;
    for (int i = 0; i < patterns; i++) {
        m[952 + i] = (uint8_t)i;
    }
    memcpy(m + 1080, channels == 4 ? "M.K." : "8CHN", 4);
    uint8_t *p = m + 1084;
    static const uint8_t effects[] = { 0x0, 0x1, 0x2, 0x3, 0x4, 0xA, 0xC, 0x9, 0x0, 0xC };
    for (int pat = 0; pat < patterns; pat++) {
        for (int row = 0; row < 64; row++) {
            for (int ch = 0; ch < channels; ch++, p += 4) {
                uint32_t x = prog_rand(&r);
                unsigned sample = 0, period = 0, fx = 0, arg = 0;
                if ((x & 3) != 0) { // a note three times in four
                    sample = 1 + (x >> 2) % SAMPLES;
                    period = periods[(x >> 5) % 36];
                }
                if (((x >> 11) & 3) == 0) {
                    fx = effects[(x >> 13) % sizeof(effects)];
                    arg = (x >> 17) & 0xff;
                    if (fx == 0xC) {
                        arg &= 0x3f;
                    } else if (fx == 0xA) {
                        arg &= (x >> 25) & 1 ? 0xf0 : 0x0f; // up or down, not both
                    }
                }
                if (row == 0 && ch == 0) { // a speed, then a tempo, per pattern
                    fx = 0xF;
                    arg = 3 + (unsigned)pat % 4;
                } else if (row == 32 && ch == 0) {
                    fx = 0xF;
                    arg = 100 + (x >> 24) % 100;
                }
                p[0] = (uint8_t)((sample & 0xf0) | (period >> 8));
                p[1] = (uint8_t)period;
                p[2] = (uint8_t)(((sample & 0x0f) << 4) | fx);
                p[3] = (uint8_t)arg;
            }
        }
    }
    for (int s = 0; s < SAMPLES; s++) {
        for (int i = 0; i < SAMPLE_LEN; i++) {
            *p++ = (uint8_t)wave(s, i, &r);
        }
    }
    return (size_t)(p - m);
}

struct setup {
    const char *name;
    int rate, format, interp, dsp, mode;
};

static void play(xmp_context c, const struct setup *s) {
    int err = xmp_start_player(c, s->rate, s->format);
    prog_check("the player starts", err == 0);
    if (err != 0) {
        return;
    }
    xmp_set_player(c, XMP_PLAYER_INTERP, s->interp);
    xmp_set_player(c, XMP_PLAYER_DSP, s->dsp);
    xmp_set_player(c, XMP_PLAYER_MODE, s->mode);
    struct xmp_frame_info fi;
    uint32_t sound = PROG_FNV_INIT;
    long frames = 0, bytes = 0;
    while (xmp_play_frame(c) == 0) {
        xmp_get_frame_info(c, &fi);
        if (fi.loop_count > 0) {
            break;
        }
        sound = prog_fnv(sound, fi.buffer, (size_t)fi.buffer_size);
        frames++;
        bytes += fi.buffer_size;
    }
    xmp_end_player(c);
    printf("    %-22s %5ld frames, %8ld bytes, sound %08x\n", s->name, frames, bytes, (unsigned)sound);
    h = prog_fnv(h, &sound, sizeof(sound));
    h = prog_fnv(h, &frames, sizeof(uint32_t));
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2);
    int patterns = (int)(n < 64 ? n : 64);
    printf("libxmp %s, %d patterns a song\n", xmp_version, patterns);
    static const struct setup setups[] = {
        { "stereo 16 linear", 22050, 0, XMP_INTERP_LINEAR, 0, XMP_MODE_AUTO },
        { "stereo 16 spline", 22050, 0, XMP_INTERP_SPLINE, 0, XMP_MODE_PROTRACKER },
        { "stereo 16 lowpass", 16000, 0, XMP_INTERP_LINEAR, XMP_DSP_LOWPASS, XMP_MODE_MOD },
        { "mono 8 nearest", 11025, XMP_FORMAT_MONO | XMP_FORMAT_8BIT, XMP_INTERP_NEAREST, 0, XMP_MODE_AUTO },
        { "mono 16u spline", 8000, XMP_FORMAT_MONO | XMP_FORMAT_UNSIGNED, XMP_INTERP_SPLINE, 0, XMP_MODE_AUTO },
    };
    size_t cap = 1084 + (size_t)patterns * 64 * 8 * 4 + SAMPLES * SAMPLE_LEN;
    uint8_t *mod = malloc(cap);
    xmp_context c = xmp_create_context();
    for (int channels = 4; channels <= 8; channels += 4) {
        size_t len = make_mod(mod, channels, patterns, 1000u + (uint32_t)channels);
        struct xmp_test_info ti;
        int t = xmp_test_module_from_memory(mod, (long)len, &ti);
        prog_check("recognised", t == 0);
        int l = xmp_load_module_from_memory(c, mod, (long)len);
        prog_check("loaded", l == 0);
        if (t != 0 || l != 0) {
            continue;
        }
        struct xmp_module_info mi;
        xmp_get_module_info(c, &mi);
        printf("  %s: %s, %d channels, %d patterns, %d samples, %zu bytes\n", ti.name, ti.type, mi.mod->chn,
               mi.mod->pat, mi.mod->smp, len);
        for (size_t i = 0; i < sizeof(setups) / sizeof(setups[0]); i++) {
            play(c, &setups[i]);
        }
        xmp_release_module(c);
    }
    xmp_free_context(c);
    free(mod);
    return prog_end(h);
}
