// SPDX-License-Identifier: MIT
// Opus (Debian's opus source package, the fixed-point build Debian makes on
// architectures without an FPU: CELT, SILK and src/ unchanged): encodes N
// tenths of a second of generated audio (integer oscillators, chirps and
// noise bursts: no libm involved, the same samples everywhere) in four
// configurations (CELT-only stereo at 64 kb/s, SILK-only 16 kHz VoIP with
// in-band FEC, hybrid fullband, and a low-complexity VBR stereo stream),
// decodes every packet (and a packet-loss concealment every 9th), and prints
// the packets' sizes and hash, the decoded samples' hash, and whether the
// decoder's range coder ended every packet in the encoder's state
// (OPUS_GET_FINAL_RANGE, the check opus_demo makes). The native build is made
// to compute as the 32-bit one does (opus_int32_native.h: OPUS_FAST_INT64).
//   opus_bench N
#include "opus.h"
#include "prog_common.h"

#define RATE 48000
#define FRAME 960 // 20 ms at 48 kHz

// a few sine-like oscillators: a 2nd-order integer resonator per voice (Q14
// coefficient), with a slow frequency sweep and bursts of xorshift noise
typedef struct voice {
    int64_t y1, y2;
    int32_t c; // 2cos(w) in Q14
} voice;

static void gen(int16_t *pcm, int frames, int channels, uint32_t seed) {
    voice v[3] = { { 0, 3000, 32000, }, { 0, 2000, 31000 }, { 0, 1500, 26000 } };
    prog_rng r = { seed };
    for (int i = 0; i < frames; i++) {
        int64_t s = 0;
        for (int k = 0; k < 3; k++) {
            int64_t y = ((int64_t)v[k].c * v[k].y1 >> 14) - v[k].y2;
            v[k].y2 = v[k].y1;
            v[k].y1 = y;
            s += y;
        }
        if ((i & 4095) == 0) { // retune, and restart the amplitudes so they stay bounded
            for (int k = 0; k < 3; k++) {
                v[k].c = 24000 + (int32_t)(prog_rand(&r) % 8700);
                v[k].y1 = 0;
                v[k].y2 = 1000 + (int64_t)(prog_rand(&r) % 3000);
            }
        }
        int noisy = ((i / 2400) % 5) == 3;
        for (int ch = 0; ch < channels; ch++) {
            int32_t n = noisy ? (int32_t)(prog_rand(&r) % 6000) - 3000 : 0;
            int64_t x = (ch ? s / 2 : s) + n;
            pcm[i * channels + ch] = (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
        }
    }
}

typedef struct config {
    const char *name;
    int rate, channels, application, bitrate, complexity, vbr, bandwidth, fec;
} config;

static uint32_t checksum = PROG_FNV_INIT;

static int run(const config *c, const int16_t *src48, int frames48) {
    int err = 0;
    OpusEncoder *enc = opus_encoder_create(c->rate, c->channels, c->application, &err);
    OpusDecoder *dec = err == OPUS_OK ? opus_decoder_create(c->rate, c->channels, &err) : NULL;
    if (err != OPUS_OK) {
        printf("%s: create failed: %s\n", c->name, opus_strerror(err));
        return 1;
    }
    opus_encoder_ctl(enc, OPUS_SET_BITRATE(c->bitrate));
    opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(c->complexity));
    opus_encoder_ctl(enc, OPUS_SET_VBR(c->vbr));
    opus_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(c->bandwidth));
    opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(c->fec));
    opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(c->fec ? 10 : 0));
    int step = RATE / c->rate, frame = FRAME / step, ch = c->channels;
    int16_t *in = malloc(sizeof(int16_t) * (size_t)frame * (size_t)ch);
    int16_t *out = malloc(sizeof(int16_t) * (size_t)frame * (size_t)ch);
    unsigned char packet[1500];
    uint32_t hp = PROG_FNV_INIT, hd = PROG_FNV_INIT;
    long bytes = 0, packets = 0, decoded = 0, ranges_equal = 0, concealed = 0;
    for (int f = 0; (f + 1) * FRAME <= frames48; f++) {
        for (int i = 0; i < frame; i++) { // decimate (no filter: a test signal, not hi-fi)
            for (int k = 0; k < ch; k++) {
                in[i * ch + k] = src48[((size_t)f * FRAME + (size_t)i * (size_t)step) * 2 + (size_t)k];
            }
        }
        int len = opus_encode(enc, in, frame, packet, (opus_int32)sizeof(packet));
        if (len < 0) {
            printf("%s: encode failed: %s\n", c->name, opus_strerror(len));
            return 1;
        }
        hp = prog_fnv(hp, packet, (size_t)len);
        bytes += len;
        packets++;
        int lost = f % 9 == 8;
        int got = lost ? opus_decode(dec, NULL, 0, out, frame, 0) : opus_decode(dec, packet, len, out, frame, 0);
        if (got != frame) {
            printf("%s: decode returned %d\n", c->name, got);
            return 1;
        }
        hd = prog_fnv(hd, out, sizeof(int16_t) * (size_t)frame * (size_t)ch);
        if (lost) {
            concealed++;
        } else {
            opus_uint32 er = 0, dr = 1;
            opus_encoder_ctl(enc, OPUS_GET_FINAL_RANGE(&er));
            opus_decoder_ctl(dec, OPUS_GET_FINAL_RANGE(&dr));
            decoded++;
            ranges_equal += er == dr;
        }
    }
    opus_uint32 range = 0;
    opus_encoder_ctl(enc, OPUS_GET_FINAL_RANGE(&range));
    printf("%s: %ld packets, %ld bytes, packets %08x, decoded %08x, final range %08x, decoder range = encoder's "
        "%ld/%ld, concealed %ld\n", c->name, packets, bytes, (unsigned)hp, (unsigned)hd, (unsigned)range, ranges_equal,
        decoded, concealed);
    checksum = prog_fnv(checksum, &hp, sizeof(hp));
    checksum = prog_fnv(checksum, &hd, sizeof(hd));
    if (ranges_equal != decoded) {
        return 1;
    }
    free(in);
    free(out);
    opus_encoder_destroy(enc);
    opus_decoder_destroy(dec);
    return 0;
}

int main(int argc, char **argv) {
    static const config configs[] = {
        { "celt 48k stereo 64k", 48000, 2, OPUS_APPLICATION_RESTRICTED_LOWDELAY, 64000, 10, 0,
            OPUS_BANDWIDTH_FULLBAND, 0 },
        { "silk 16k mono voip 12k fec", 16000, 1, OPUS_APPLICATION_VOIP, 12000, 10, 1, OPUS_BANDWIDTH_WIDEBAND, 1 },
        { "hybrid 48k mono 24k", 48000, 1, OPUS_APPLICATION_AUDIO, 24000, 8, 1, OPUS_BANDWIDTH_FULLBAND, 0 },
        { "audio 24k stereo vbr c0", 24000, 2, OPUS_APPLICATION_AUDIO, 48000, 0, 1, OPUS_BANDWIDTH_SUPERWIDEBAND, 0 },
    };
    long n = prog_size(argc, argv, 20);
    int frames48 = (int)n * (RATE / 10);
    int16_t *pcm = malloc(sizeof(int16_t) * (size_t)frames48 * 2);
    if (pcm == NULL) {
        printf("out of memory\n");
        return 1;
    }
    gen(pcm, frames48, 2, 4321);
    for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
        if (run(&configs[i], pcm, frames48) != 0) {
            return 1;
        }
    }
    printf("%s\n", opus_get_version_string());
    printf("checksum=0x%08x\n", (unsigned)checksum);
    free(pcm);
    return 0;
}
