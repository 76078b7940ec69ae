// SPDX-License-Identifier: MIT
// Speex (Debian's speex source package, libspeex's files unchanged, built as
// its configure does by default: floating point, C99 variable arrays, no
// SSE): a CELP speech codec in single precision (LPC by autocorrelation and
// Levinson-Durbin, LSPs, pitch search, codebook search, the perceptual
// filters). N*50 frames (20 ms) of a generated voice-like signal (a pitch
// pulse train through two resonators, gliding, made by recurrences: no libm)
// are encoded in narrowband (8 kHz), wideband (16 kHz) and ultra-wideband
// (32 kHz) at fixed qualities, VBR and ABR, in float and in int16; the bit
// streams are decoded back with the perceptual enhancer, every fifth packet
// of one stream lost (the decoder's concealment). Prints the bytes and the
// decoded level of each; an FNV of every packet and decoded sample.
//   speex_bench N
#include "prog_common.h"

#include "speex/speex.h"

static uint32_t sum = PROG_FNV_INIT;

// frames*len samples of a "voice" at the rate: a pitch pulse train (period gliding 60-140 Hz)
// through two two-pole resonators (formants near 700 Hz and 1800 Hz at 8 kHz, scaled by rate)
static void voice(float *out, int n, int rate) {
    float y1 = 0, y2 = 0, z1 = 0, z2 = 0, phase = 0;
    // r^2 and 2r*cos(w) of each resonator at 8 kHz; at other rates the same coefficients give
    // formants scaled by rate/8000, which is voice enough
    const float a1 = 1.6183f, b1 = -0.9025f, a2 = 0.6877f, b2 = -0.8836f;
    for (int i = 0; i < n; i++) {
        float f0 = 100.0f + 40.0f * (float)((i / 4000) % 5 - 2) / 2.0f;
        phase += f0 / (float)rate;
        float x = 0.0f;
        if (phase >= 1.0f) {
            phase -= 1.0f;
            x = 4000.0f;
        }
        if ((i / (rate / 4)) % 7 == 6) {
            x = 0.0f;  // a pause now and then (VBR and the VAD see silence)
        }
        float y = x + a1 * y1 + b1 * y2;
        y2 = y1;
        y1 = y;
        float z = y + a2 * z1 + b2 * z2;
        z2 = z1;
        z1 = z;
        out[i] = 0.15f * z + 0.35f * y;
    }
}

typedef struct setup {
    const char *what;
    int mode;  // SPEEX_MODEID_NB, _WB, _UWB
    int quality, vbr, abr, complexity, as_int, lose;
} setup;

static void run(const setup *s, int frames) {
    const SpeexMode *mode = speex_lib_get_mode(s->mode);
    void *enc = speex_encoder_init(mode);
    void *dec = speex_decoder_init(mode);
    int len = 0, rate = 0, on = 1;
    speex_encoder_ctl(enc, SPEEX_GET_FRAME_SIZE, &len);
    speex_encoder_ctl(enc, SPEEX_GET_SAMPLING_RATE, &rate);
    speex_encoder_ctl(enc, SPEEX_SET_COMPLEXITY, (void *)&s->complexity);
    if (s->vbr) {
        float q = (float)s->quality;
        speex_encoder_ctl(enc, SPEEX_SET_VBR, &on);
        speex_encoder_ctl(enc, SPEEX_SET_VBR_QUALITY, &q);
    } else if (s->abr) {
        speex_encoder_ctl(enc, SPEEX_SET_ABR, (void *)&s->abr);
    } else {
        speex_encoder_ctl(enc, SPEEX_SET_QUALITY, (void *)&s->quality);
    }
    speex_decoder_ctl(dec, SPEEX_SET_ENH, &on);
    float *in = malloc(sizeof(float) * (size_t)(len * frames));
    voice(in, len * frames, rate);
    float *fout = malloc(sizeof(float) * (size_t)len), *fin = malloc(sizeof(float) * (size_t)len);
    spx_int16_t *iin = malloc(sizeof(spx_int16_t) * (size_t)len), *iout = malloc(sizeof(spx_int16_t) * (size_t)len);
    SpeexBits bits;
    speex_bits_init(&bits);
    char packet[1024];
    long bytes = 0;
    double energy = 0.0;
    for (int f = 0; f < frames; f++) {
        speex_bits_reset(&bits);
        if (s->as_int) {
            for (int i = 0; i < len; i++) {
                iin[i] = (spx_int16_t)in[f * len + i];
            }
            speex_encode_int(enc, iin, &bits);
        } else {
            memcpy(fin, in + f * len, sizeof(float) * (size_t)len);  // the encoder may write its input
            speex_encode(enc, fin, &bits);
        }
        int n = speex_bits_write(&bits, packet, (int)sizeof(packet));
        bytes += n;
        sum = prog_fnv(sum, packet, (size_t)n);
        int lost = s->lose && f % 5 == 4;
        if (lost) {
            speex_decode(dec, NULL, fout);  // concealment
        } else {
            speex_bits_read_from(&bits, packet, n);
            if (s->as_int) {
                speex_decode_int(dec, &bits, iout);
            } else {
                speex_decode(dec, &bits, fout);
            }
        }
        for (int i = 0; i < len; i++) {
            float v = s->as_int && !lost ? (float)iout[i] : fout[i];
            energy += (double)v * v;
            spx_int16_t q = (spx_int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : v);
            sum = prog_fnv(sum, &q, sizeof(q));
        }
    }
    printf("%-16s %5d Hz, %4d frames: %6ld bytes, decoded level %.1f\n", s->what, rate, frames, bytes,
        energy / (double)(len * frames));
    speex_bits_destroy(&bits);
    speex_encoder_destroy(enc);
    speex_decoder_destroy(dec);
    free(in);
    free(fout);
    free(fin);
    free(iin);
    free(iout);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    static const setup setups[] = {
        { "nb q8", SPEEX_MODEID_NB, 8, 0, 0, 3, 0, 0 },
        { "nb q2 int", SPEEX_MODEID_NB, 2, 0, 0, 2, 1, 0 },
        { "nb vbr q5 lossy", SPEEX_MODEID_NB, 5, 1, 0, 3, 0, 1 },
        { "wb q8", SPEEX_MODEID_WB, 8, 0, 0, 3, 0, 0 },
        { "wb abr 20k", SPEEX_MODEID_WB, 0, 0, 20000, 4, 0, 0 },
        { "uwb q6 int", SPEEX_MODEID_UWB, 6, 0, 0, 2, 1, 0 },
        { "uwb vbr q9", SPEEX_MODEID_UWB, 9, 1, 0, 5, 0, 0 },
    };
    const char *version = NULL;
    speex_lib_ctl(SPEEX_LIB_GET_VERSION_STRING, &version);
    printf("speex %s\n", version);
    for (size_t i = 0; i < sizeof(setups) / sizeof(setups[0]); i++) {
        run(&setups[i], (int)n * 10);
    }
    printf("speex n=%ld: %s\n", n, prog_failures ? "FAILED" : "every stream decoded");
    printf("checksum=0x%08x\n", (unsigned)sum);
    return prog_failures != 0;
}
