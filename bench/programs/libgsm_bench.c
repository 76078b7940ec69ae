// SPDX-License-Identifier: MIT
// libgsm (Debian's libgsm source package, the library's src files unchanged, built
// with Debian's flags: SASR, WAV49, USE_FLOAT_MUL): the GSM 06.10 full-rate speech
// codec, 16-bit fixed point (LPC analysis, short- and long-term prediction, RPE
// grid selection; the long-term predictor's correlations in exact float
// multiply-adds, USE_FLOAT_MUL). It encodes N tenths of a second of speech-like 8 kHz audio
// (pitch pulses through a resonant integer filter, vowel-like formant changes,
// noise and silence) in three ways: the standard 33-byte frames, WAV49's 65-byte
// frame pairs, and the standard frames exploded into their 76 parameters and
// imploded again (which must give the same bytes); each stream is decoded (to
// the same samples every way), the error against the input summed.
// (GSM_OPT_FAST needs FAST at build time, which Debian's build does not define.)
//   libgsm_bench N
#include <gsm.h>
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void mix(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

enum { RATE = 8000, FRAME = 160 };

static void make_speech(prog_rng *r, gsm_signal *s, int n) {
    int32_t y1 = 0, y2 = 0;
    int period = 64, phase = 0;
    for (int i = 0; i < n; i++) {
        int seg = (i / 1200) % 5;  // 150 ms segments: three vowels, a fricative, a pause
        int32_t x = 0;
        if (seg < 3) {
            if (++phase >= period) {
                phase = 0;
                period = 50 + (int)(prog_rand(r) % 30);  // jittered pitch, 100-160 Hz
                x = 6000;
            }
        } else if (seg == 3) {
            x = (int32_t)(prog_rand(r) % 2001) - 1000;
        }
        // a two-pole resonator (Q12): the formant moves with the segment
        static const int32_t a1[] = { 7800, 6900, 5200, 2000, 0 }, a2[] = { -3900, -3800, -3700, -2000, 0 };
        int32_t y = x + ((a1[seg] * y1 + a2[seg] * y2) >> 12);
        y = y > 32767 ? 32767 : y < -32768 ? -32768 : y;
        y2 = y1;
        y1 = y;
        s[i] = (gsm_signal)(y / 2);
    }
}

typedef struct way {
    const char *name;
    int wav49, explode;
} way;

static const way ways[] = {
    { "standard", 0, 0 },
    { "wav49", 1, 0 },
    { "explode/implode", 0, 1 },
};

int main(int argc, char **argv) {
    long tenths = prog_size(argc, argv, 10);
    int frames = (int)(RATE / 10 * tenths / FRAME);
    int n = frames * FRAME;
    printf("libgsm 1.0.%d, %ld.%ld s, %d frames\n", GSM_PATCHLEVEL, tenths / 10, tenths % 10, frames);
    gsm_signal *in = malloc((size_t)n * sizeof(gsm_signal)), *out = malloc((size_t)n * sizeof(gsm_signal));
    gsm_signal *first = malloc((size_t)n * sizeof(gsm_signal));
    gsm_byte *bits = malloc((size_t)frames * 33 + 64);
    prog_rng r = { 0x6a09e667u };
    make_speech(&r, in, n);
    for (size_t w = 0; w < sizeof(ways) / sizeof(ways[0]); w++) {
        const way *wy = &ways[w];
        gsm enc = gsm_create(), dec = gsm_create();
        int one = 1;
        if (wy->wav49) {
            gsm_option(enc, GSM_OPT_WAV49, &one);
            gsm_option(dec, GSM_OPT_WAV49, &one);
        }
        size_t len = 0;
        int exploded_ok = 1;
        for (int f = 0; f < frames; f++) {
            // WAV49 alternates 32- and 33-byte frames (a 65-byte pair)
            gsm_encode(enc, in + f * FRAME, bits + len);
            if (wy->explode) {
                gsm_signal params[76];
                gsm_byte again[33];
                exploded_ok &= gsm_explode(enc, bits + len, params) == 0;
                mix(params, sizeof(params));
                gsm_implode(enc, params, again);
                exploded_ok &= memcmp(again, bits + len, 33) == 0;
            }
            len += wy->wav49 ? (f & 1 ? 33 : 32) : 33;
        }
        prog_check("explode/implode gives the same frame", exploded_ok);
        mix(bits, len);
        size_t pos = 0;
        int bad = 0;
        for (int f = 0; f < frames; f++) {
            bad |= gsm_decode(dec, bits + pos, out + f * FRAME) != 0;
            pos += wy->wav49 ? (f & 1 ? 32 : 33) : 33;  // the decoder consumes 33 then 32 (gsm_option(3))
        }
        prog_check("every frame decoded", !bad);
        // the packings carry the same parameters: every way decodes to the standard way's samples
        if (w == 0) {
            memcpy(first, out, (size_t)n * sizeof(gsm_signal));
        }
        prog_check("the same samples as the standard frames", memcmp(first, out, (size_t)n * sizeof(gsm_signal)) == 0);
        mix(out, (size_t)n * sizeof(gsm_signal));
        uint64_t err = 0, energy = 0;
        for (int i = 0; i < n; i++) {
            int32_t d = (int32_t)out[i] - in[i];
            err += (uint64_t)((int64_t)d * d);
            energy += (uint64_t)((int64_t)in[i] * in[i]);
        }
        printf("%-16s %6u bytes, energy %llu, error %llu (%u per mille)\n", wy->name, (unsigned)len,
            (unsigned long long)energy, (unsigned long long)err, (unsigned)(energy ? err * 1000 / energy : 0));
        gsm_destroy(enc);
        gsm_destroy(dec);
    }
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
