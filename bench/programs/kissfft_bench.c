// SPDX-License-Identifier: MIT
// KISS FFT (Debian's kissfft source package, kiss_fft.c and kiss_fftr.c
// unchanged; float): N rounds of a forward real FFT of a 4096-point signal,
// a spectrum filter and the inverse, plus complex FFTs of mixed radix sizes.
// Prints energies rounded to a few digits (the last bits of sin/cos may differ
// between C libraries; the rounding keeps the printed text identical).
//   kissfft_bench N
#include "kiss_fft.h"
#include "kiss_fftr.h"
#include "prog_common.h"

#define NFFT 4096

int main(int argc, char **argv) {
    long rounds = prog_size(argc, argv, 40);
    kiss_fftr_cfg fwd = kiss_fftr_alloc(NFFT, 0, NULL, NULL);
    kiss_fftr_cfg inv = kiss_fftr_alloc(NFFT, 1, NULL, NULL);
    kiss_fft_scalar *sig = malloc(sizeof(kiss_fft_scalar) * NFFT);
    kiss_fft_scalar *out = malloc(sizeof(kiss_fft_scalar) * NFFT);
    kiss_fft_cpx *spec = malloc(sizeof(kiss_fft_cpx) * (NFFT / 2 + 1));
    if (fwd == NULL || inv == NULL || sig == NULL || out == NULL || spec == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_rng r = { 5 };
    double total = 0, err = 0;
    for (long k = 0; k < rounds; k++) {
        // a sum of square-ish waves plus noise: no sin() in the input
        for (int i = 0; i < NFFT; i++) {
            float a = ((i / (3 + k % 5)) & 1) ? 1.0f : -1.0f;
            float b = ((i / 17) & 1) ? 0.5f : -0.5f;
            sig[i] = a + b + (float)((int32_t)prog_rand(&r) >> 8) * (1.0f / 8388608.0f) * 0.1f;
        }
        kiss_fftr(fwd, sig, spec);
        double e = 0;
        for (int i = 0; i <= NFFT / 2; i++) {
            e += (double)spec[i].r * spec[i].r + (double)spec[i].i * spec[i].i;
            if (i > NFFT / 8) {   // low-pass
                spec[i].r = 0;
                spec[i].i = 0;
            }
        }
        kiss_fftri(inv, spec, out);
        double d = 0;
        for (int i = 0; i < NFFT; i++) {
            float y = out[i] / NFFT;
            d += (double)(y - sig[i]) * (y - sig[i]);
        }
        total += e;
        err += d;
    }
    printf("real fft %d x %ld: energy %.6e, filtered-out %.4e\n", NFFT, rounds, total, err);
    static const int sizes[] = { 360, 1000, 1536, 2187 };
    for (int s = 0; s < 4; s++) {
        int nfft = sizes[s];
        kiss_fft_cfg cfg = kiss_fft_alloc(nfft, 0, NULL, NULL);
        kiss_fft_cpx *in = malloc(sizeof(kiss_fft_cpx) * nfft);
        kiss_fft_cpx *o = malloc(sizeof(kiss_fft_cpx) * nfft);
        if (cfg == NULL || in == NULL || o == NULL) {
            printf("out of memory\n");
            return 1;
        }
        double e = 0;
        for (long k = 0; k < rounds / 4 + 1; k++) {
            for (int i = 0; i < nfft; i++) {
                in[i].r = (float)((int32_t)prog_rand(&r) >> 16) / 32768.0f;
                in[i].i = (float)((int32_t)prog_rand(&r) >> 16) / 32768.0f;
            }
            kiss_fft(cfg, in, o);
            for (int i = 0; i < nfft; i++) {
                e += (double)o[i].r * o[i].r + (double)o[i].i * o[i].i;
            }
        }
        printf("complex fft %d: energy %.5e\n", nfft, e);
        free(in);
        free(o);
        kiss_fft_free(cfg);
    }
    uint32_t h = PROG_FNV_INIT;
    char line[64];
    int len = snprintf(line, sizeof(line), "%.5e %.3e", total, err);
    h = prog_fnv(h, line, (size_t)len);
    printf("checksum=0x%08x\n", (unsigned)h);
    free(fwd);
    free(inv);
    free(sig);
    free(out);
    free(spec);
    return 0;
}
