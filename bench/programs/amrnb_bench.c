// SPDX-License-Identifier: MIT
// opencore-amr 0.1.6 (Debian's opencore-amr source package, unchanged): the
// AMR-NB speech codec of 3GPP (GSM and UMTS voice calls, .amr files), from
// Android's OpenCORE, in the fixed-point arithmetic of the standard's basic
// operators (16- and 32-bit saturating adds, shifts, multiplies). The encoder
// runs voice activity detection, LPC analysis and LSP quantization, an
// open- and closed-loop pitch search and an algebraic codebook search per
// 5 ms subframe; the decoder synthesizes the speech back and post-filters it.
// This driver makes N tenths of a second of a synthetic voice (a pitch contour's
// harmonics under moving formants, fricative noise, pauses), encodes it in
// each of the eight modes (4.75 to 12.2 kbit/s), with and without
// discontinuous transmission, decodes every packet and folds packets and
// speech into the checksum.
//   amrnb_bench N      (N x 100 ms of 8 kHz speech, encoded and decoded in 8 modes)
#include "prog_common.h"

#include "interf_dec.h"
#include "interf_enc.h"

enum { FRAME = 160, RATE = 8000 };

// sin(2 pi x / 65536) in Q15 by a quarter-wave table and linear steps: integer
// arithmetic, so the native and the wasm build make the same samples.
static int16_t sine_tab[257];

static void init_sine(void) {
    // a Taylor series on the quarter wave, in doubles, rounded once: exact on both builds
    for (int i = 0; i <= 256; i++) {
        double x = 1.5707963267948966 * i / 256.0, t = x, s = 0;
        for (int k = 1; k < 20; k += 2) {
            s += t;
            t *= -x * x / ((k + 1) * (k + 2));
        }
        int v = (int)(s * 32767.0 + 0.5);
        sine_tab[i] = (int16_t)(v > 32767 ? 32767 : v);
    }
}

static int32_t isin(uint32_t phase) {
    uint32_t p = phase & 0xffff, quarter = p >> 14, idx = p & 0x3fff;
    uint32_t i = idx >> 6, frac = idx & 63;
    if (quarter & 1) {
        i = 256 - i;
        frac = 64 - frac;
        if (i == 0) {
            return quarter & 2 ? -sine_tab[0] : sine_tab[0];
        }
        int32_t v = sine_tab[i] + ((sine_tab[i - 1] - sine_tab[i]) * (int32_t)frac >> 6);
        return quarter & 2 ? -v : v;
    }
    int32_t v = sine_tab[i] + ((sine_tab[i + 1] - sine_tab[i]) * (int32_t)frac >> 6);
    return quarter & 2 ? -v : v;
}

// One frame of the voice: voiced (harmonics of f0 shaped by two formants),
// unvoiced (filtered noise) or a pause, by a slow schedule of the seed.
static void make_frame(int16_t *out, long frame, prog_rng *r, uint32_t *phase) {
    long syllable = frame / 12;
    uint32_t kind = (uint32_t)(syllable * 2654435761u) >> 29;  // 0..7
    int32_t f0 = 90 + (int32_t)((syllable * 37) % 120) + (int32_t)(frame % 12) * 3;  // Hz
    int32_t f1 = 300 + (int32_t)((syllable * 53) % 500), f2 = 900 + (int32_t)((syllable * 71) % 1400);
    static int32_t noise_state;
    for (int i = 0; i < FRAME; i++) {
        int32_t s = 0;
        if (kind < 5) {
            *phase += (uint32_t)(f0 * 65536 / RATE);
            for (int h = 1; h <= 12; h++) {
                int32_t fh = f0 * h;
                int32_t gain = 2400 / h;
                int32_t d1 = fh - f1, d2 = fh - f2;
                if (d1 < 0) {
                    d1 = -d1;
                }
                if (d2 < 0) {
                    d2 = -d2;
                }
                if (d1 < 200) {
                    gain += 3000 - d1 * 15;
                }
                if (d2 < 250) {
                    gain += 1800 - d2 * 7;
                }
                s += isin(*phase * (uint32_t)h) * gain >> 15;
            }
        } else if (kind < 7) {
            int32_t n = (int32_t)(prog_rand(r) >> 20) - 2048;
            noise_state = (noise_state * 3 + n * 2) / 4;
            s = (n - noise_state) * 2;
        } else {
            s = (int32_t)(prog_rand(r) >> 26) - 32;  // a pause: room noise
        }
        out[i] = (int16_t)(s > 32767 ? 32767 : (s < -32768 ? -32768 : s));
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    long frames = n * (RATE / FRAME) / 10;
    init_sine();
    int16_t *speech = malloc((size_t)frames * FRAME * sizeof(int16_t));
    prog_rng r = { 0x6d2b79f5u };
    uint32_t phase = 0;
    for (long f = 0; f < frames; f++) {
        make_frame(speech + f * FRAME, f, &r, &phase);
    }
    uint32_t h = PROG_FNV_INIT;
    unsigned long packet_bytes = 0, packets = 0;
    int64_t out_energy = 0, in_energy = 0;
    for (int mode = 0; mode < 8; mode++) {
        int dtx = mode & 1;
        void *enc = Encoder_Interface_init(dtx);
        void *dec = Decoder_Interface_init();
        prog_check("codec state", enc != NULL && dec != NULL);
        int16_t out[FRAME];
        uint8_t packet[64];
        for (long f = 0; f < frames; f++) {
            int len = Encoder_Interface_Encode(enc, (enum Mode)mode, speech + f * FRAME, packet, 0);
            prog_check("packet length", len >= 1 && len <= 32);
            packet_bytes += (unsigned long)len;
            packets++;
            h = prog_fnv(h, packet, (size_t)len);
            Decoder_Interface_Decode(dec, packet, out, 0);
            h = prog_fnv(h, out, sizeof out);
            for (int i = 0; i < FRAME; i++) {
                out_energy += (int64_t)out[i] * out[i];
                in_energy += (int64_t)speech[f * FRAME + i] * speech[f * FRAME + i];
            }
        }
        Encoder_Interface_exit(enc);
        Decoder_Interface_exit(dec);
    }
    printf("frames=%ld packets=%lu bytes=%lu\n", frames, packets, packet_bytes);
    printf("energy in=%lld out=%lld\n", (long long)in_energy, (long long)out_energy);
    free(speech);
    return prog_end(h);
}
