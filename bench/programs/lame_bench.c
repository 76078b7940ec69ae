// SPDX-License-Identifier: MIT
// LAME (Debian's lame source package, libmp3lame and its mpglib decoder unchanged,
// the C code on both builds: no SSE quantizer, configure's x86-64 knobs
// TAKEHIRO_IEEE754_HACK and USE_FAST_LOG on both): MP3 encoding, float code
// throughout (MDCT, FFT, psychoacoustic model, quantizer loops, ReplayGain). It
// encodes a stereo signal of N tenths of a second (tones from rotation oscillators, a chirp,
// noise bursts: no libm in the input) as CBR 128 kbit/s joint stereo with
// ReplayGain, VBR quality 2 with its Xing/LAME tag, ABR 96 kbit/s mono from the
// float interface, and CBR 256 kbit/s at the slowest quality; the mpglib decoder
// decodes every stream back, frame by frame. The MP3 bytes, the decoded samples'
// sums and the frame counts go into the checksum.
//   lame_bench N        (N tenths of a second, each setting)
#include <lame.h>
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

static void mix(const void *p, size_t n) {
    h = prog_fnv(h, p, n);
}

enum { RATE = 44100 };

// tones by rotating (c, s) pairs: only +, *, so the same bits everywhere
static void make_signal(prog_rng *r, short *left, short *right, float *mono, int n, long round) {
    double c1 = 1, s1 = 0, c2 = 1, s2 = 0, c3 = 1, s3 = 0;
    double w1c = 0.99898, w1s = 0.045149;   // ~316 Hz
    double w2c = 0.98412, w2s = 0.177502;   // ~1.25 kHz
    double w3c = 0.80902, w3s = 0.587785;   // ~4.4 kHz
    double chirp = 0, dchirp = 0.0001 * (double)(round % 5 + 1);
    for (int i = 0; i < n; i++) {
        double t;
        t = c1 * w1c - s1 * w1s; s1 = c1 * w1s + s1 * w1c; c1 = t;
        t = c2 * w2c - s2 * w2s; s2 = c2 * w2s + s2 * w2c; c2 = t;
        t = c3 * w3c - s3 * w3s; s3 = c3 * w3s + s3 * w3c; c3 = t;
        chirp += dchirp;
        double tri = (double)((i * (int)(1 + round % 3)) % 200) / 100.0 - 1.0;  // a triangle, sweeping with the chirp
        double noise = ((int)(prog_rand(r) % 2001) - 1000) / 1000.0;
        int burst = (i / 4410) % 3 == 0;
        double l = 0.35 * s1 + 0.2 * s2 + 0.08 * s3 + 0.1 * tri * chirp + (burst ? 0.15 * noise : 0.01 * noise);
        double rr = 0.3 * c1 + 0.25 * s2 - 0.1 * c3 + (burst ? 0.05 * noise : 0.2 * noise * chirp);
        left[i] = (short)(l * 20000);
        right[i] = (short)(rr * 20000);
        mono[i] = (float)((l + rr) * 0.5);
    }
}

typedef struct setting {
    const char *name;
    int kbps, vbr, quality, mono, out_rate, replaygain, float_in;
} setting;

static const setting settings[] = {
    { "cbr 128 joint stereo, replaygain", 128, vbr_off, 5, 0, 0, 1, 0 },
    { "vbr quality 2, tag", 0, vbr_mtrh, 2, 0, 0, 0, 0 },
    { "abr 96 mono (float in)", 96, vbr_abr, 5, 1, 0, 0, 1 },
    { "cbr 256 quality 0", 256, vbr_off, 0, 0, 0, 0, 0 },
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static size_t encode(const setting *s, const short *l, const short *r, const float *mono, int n, uint8_t *out,
    size_t cap, int *gain) {
    lame_t gf = lame_init();
    lame_set_in_samplerate(gf, RATE);
    lame_set_num_channels(gf, s->mono ? 1 : 2);
    if (s->mono) {
        lame_set_mode(gf, MONO);
    } else if (s->vbr == vbr_off) {
        lame_set_mode(gf, JOINT_STEREO);
    }
    lame_set_quality(gf, s->quality);
    lame_set_findReplayGain(gf, s->replaygain);
    lame_set_bWriteVbrTag(gf, s->vbr != vbr_off);
    lame_set_write_id3tag_automatic(gf, 0);
    if (s->vbr == vbr_off) {
        lame_set_brate(gf, s->kbps);
    } else if (s->vbr == vbr_abr) {
        lame_set_VBR(gf, vbr_abr);
        lame_set_VBR_mean_bitrate_kbps(gf, s->kbps);
    } else {
        lame_set_VBR(gf, (vbr_mode)s->vbr);
        lame_set_VBR_quality(gf, 2.0f);
    }
    if (lame_init_params(gf) < 0) {
        prog_check("lame_init_params", 0);
        lame_close(gf);
        return 0;
    }
    size_t len = 0;
    enum { CHUNK = 1152 * 3 + 77 };  // pieces that are not whole frames
    for (int i = 0; i < n; i += CHUNK) {
        int k = n - i < CHUNK ? n - i : CHUNK;
        int got;
        if (s->float_in) {
            got = lame_encode_buffer_ieee_float(gf, mono + i, NULL, k, out + len, (int)(cap - len));
        } else {
            got = lame_encode_buffer(gf, l + i, r + i, k, out + len, (int)(cap - len));
        }
        prog_check("lame_encode_buffer", got >= 0);
        len += got > 0 ? (size_t)got : 0;
    }
    int got = lame_encode_flush(gf, out + len, (int)(cap - len));
    prog_check("lame_encode_flush", got >= 0);
    len += got > 0 ? (size_t)got : 0;
    if (s->vbr != vbr_off) {  // the tag frame at the start, as the lame program rewrites it
        uint8_t tag[2880];
        size_t tl = lame_get_lametag_frame(gf, tag, sizeof(tag));
        prog_check("lametag fits", tl > 0 && tl <= len);
        memcpy(out, tag, tl);
    }
    *gain = s->replaygain ? lame_get_RadioGain(gf) : 0;
    lame_close(gf);
    return len;
}

// decode with mpglib in pieces; returns the samples per channel
static long decode(const uint8_t *mp3, size_t len, int *frames, int64_t *energy) {
    hip_t hip = hip_decode_init();
    static short pl[1152 * 8], pr[1152 * 8];
    long samples = 0;
    *frames = 0;
    *energy = 0;
    for (size_t pos = 0; pos < len;) {
        size_t k = len - pos < 1000 ? len - pos : 1000;
        mp3data_struct info;
        int got = hip_decode1_headers(hip, (unsigned char *)mp3 + pos, k, pl, pr, &info);
        pos += k;
        while (got > 0) {
            samples += got;
            (*frames)++;
            for (int i = 0; i < got; i++) {
                *energy += (int64_t)pl[i] * pl[i] / 256 + (info.stereo == 2 ? (int64_t)pr[i] * pr[i] / 256 : 0);
            }
            mix(pl, (size_t)got * sizeof(short));
            if (info.stereo == 2) {
                mix(pr, (size_t)got * sizeof(short));
            }
            got = hip_decode1_headers(hip, NULL, 0, pl, pr, &info);  // what is still buffered
        }
        prog_check("hip_decode1", got >= 0);
    }
    hip_decode_exit(hip);
    return samples;
}

int main(int argc, char **argv) {
    long tenths = prog_size(argc, argv, 12);
    int NSAMP = (int)(RATE / 10 * tenths);
    printf("lame %s, %ld.%ld s\n", get_lame_version(), tenths / 10, tenths % 10);
    short *l = malloc((size_t)NSAMP * sizeof(short)), *r = malloc((size_t)NSAMP * sizeof(short));
    float *mono = malloc((size_t)NSAMP * sizeof(float));
    size_t cap = (size_t)NSAMP * 2 + 8192;
    uint8_t *mp3 = malloc(cap);
    prog_rng rng = { 0x0badf00du };
    size_t total = 0;
    for (long k = 0; k < 1; k++) {
        make_signal(&rng, l, r, mono, NSAMP, k);
        for (size_t i = 0; i < NSETTINGS; i++) {
            int gain;
            size_t len = encode(&settings[i], l, r, mono, NSAMP, mp3, cap, &gain);
            mix(mp3, len);
            total += len;
            int frames;
            int64_t energy;
            long samples = decode(mp3, len, &frames, &energy);
            // whole frames, less the decoder's start (a VBR tag frame is not audio)
            prog_check("decoded about every sample", samples > NSAMP - 2 * 1152 && samples < NSAMP + 3 * 1152);
            mix(&energy, sizeof(energy));
            if (k == 0) {
                printf("%-34s %6u bytes, %3d frames, %ld samples, energy %lld, gain %d\n", settings[i].name,
                    (unsigned)len, frames, samples, (long long)energy, gain);
            }
        }
    }
    printf("%u MP3 bytes\n", (unsigned)total);
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    return prog_failures != 0;
}
