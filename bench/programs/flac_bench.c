// SPDX-License-Identifier: MIT
// libFLAC (Debian's flac source package, src/libFLAC unchanged, no Ogg, the
// portable C): integer-generated audio (tones, chirps, a decaying pluck, noise,
// silence; stereo channels correlated) encoded to memory at compression levels
// 0, 5 and 8 (16-bit stereo 44.1 kHz, the encoder verifying itself), 24-bit
// mono 96 kHz at level 6 and 8-bit stereo at level 3; every stream decoded
// from memory with its MD5 checked, and the samples compared.
//   flac_bench N          (N blocks of 4096 samples per channel)
#include "FLAC/stream_decoder.h"
#include "FLAC/stream_encoder.h"
#include "prog_common.h"

typedef struct membuf {
    unsigned char *data;
    size_t len, cap, pos;
} membuf;

static FLAC__StreamEncoderWriteStatus on_write(const FLAC__StreamEncoder *e, const FLAC__byte buffer[], size_t bytes,
    uint32_t samples, uint32_t frame, void *client) {
    membuf *m = client;
    if (m->len + bytes > m->cap) {
        m->cap = (m->len + bytes) * 2;
        m->data = realloc(m->data, m->cap);
    }
    memcpy(m->data + m->len, buffer, bytes);
    m->len += bytes;
    (void)e, (void)samples, (void)frame;
    return FLAC__STREAM_ENCODER_WRITE_STATUS_OK;
}

typedef struct decoded {
    membuf *in;
    int32_t *out;
    size_t samples, cap;
    unsigned channels, frames;
    int error;
} decoded;

static FLAC__StreamDecoderReadStatus on_read(const FLAC__StreamDecoder *d, FLAC__byte buffer[], size_t *bytes,
    void *client) {
    membuf *m = ((decoded *)client)->in;
    size_t n = m->len - m->pos < *bytes ? m->len - m->pos : *bytes;
    memcpy(buffer, m->data + m->pos, n);
    m->pos += n;
    *bytes = n;
    (void)d;
    return n ? FLAC__STREAM_DECODER_READ_STATUS_CONTINUE : FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM;
}

static FLAC__StreamDecoderWriteStatus on_frame(const FLAC__StreamDecoder *d, const FLAC__Frame *frame,
    const FLAC__int32 *const buffer[], void *client) {
    decoded *o = client;
    unsigned ch = frame->header.channels;
    size_t n = frame->header.blocksize;
    if ((o->samples + n) * ch > o->cap) {
        o->cap = (o->samples + n) * ch * 2;
        o->out = realloc(o->out, o->cap * sizeof(int32_t));
    }
    for (size_t i = 0; i < n; i++) {
        for (unsigned c = 0; c < ch; c++) {
            o->out[(o->samples + i) * ch + c] = buffer[c][i];
        }
    }
    o->samples += n;
    o->channels = ch;
    o->frames++;
    (void)d;
    return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

static void on_error(const FLAC__StreamDecoder *d, FLAC__StreamDecoderErrorStatus status, void *client) {
    ((decoded *)client)->error = 1;
    (void)d, (void)status;
}

// a sine-like wave from an integer phase (0..65535 is one period): a parabola per half
static int32_t wave(uint32_t phase) {
    int32_t x = (int32_t)(phase & 0x7fff) - 0x4000; // -16384..16383 over a half period
    int32_t y = 16384 - (int32_t)(((int64_t)x * x) >> 14);
    return (phase & 0x8000) ? -y : y;
}

static void generate(int32_t *pcm, size_t samples, unsigned channels, unsigned bits, uint32_t seed) {
    prog_rng r = { seed };
    uint32_t p1 = 0, p2 = 0, p3 = 0, chirp = 200;
    int32_t pluck = 0, max = (1 << (bits - 1)) - 1;
    for (size_t i = 0; i < samples; i++) {
        size_t section = (i / 8192) % 5;
        p1 += 1490; // ~1 kHz at 44.1 kHz
        p2 += 331;
        chirp += (i & 63) == 0;
        p3 += chirp;
        if ((i & 4095) == 0) {
            pluck = 12000;
        }
        pluck -= pluck >> 9;
        int32_t noise = (int32_t)(prog_rand(&r) >> 20) - 2048;
        int64_t s;
        switch (section) {
            case 0:
                s = wave(p1) / 2 + wave(p2) / 3;
                break;
            case 1:
                s = wave(p3) / 2 + noise / 4;
                break;
            case 2:
                s = (int64_t)wave(p2 * 3) * pluck >> 14;
                break;
            case 3:
                s = noise * 3;
                break;
            default:
                s = (i & 1024) ? 0 : wave(p1) / 8;
        }
        for (unsigned c = 0; c < channels; c++) {
            int64_t v = c ? s * 3 / 4 + wave(p2 + 9000) / 16 : s;
            v = bits >= 16 ? v << (bits - 16) : v >> (16 - bits);
            pcm[i * channels + c] = (int32_t)(v > max ? max : v < -max ? -max : v);
        }
    }
}

static uint32_t h = PROG_FNV_INIT;
static int failures;

static void run(const char *what, size_t samples, unsigned channels, unsigned bits, unsigned rate, unsigned level,
    unsigned blocksize) {
    int32_t *pcm = malloc(samples * channels * sizeof(int32_t));
    generate(pcm, samples, channels, bits, rate + bits);
    FLAC__StreamEncoder *e = FLAC__stream_encoder_new();
    FLAC__stream_encoder_set_verify(e, true);
    FLAC__stream_encoder_set_channels(e, channels);
    FLAC__stream_encoder_set_bits_per_sample(e, bits);
    FLAC__stream_encoder_set_sample_rate(e, rate);
    FLAC__stream_encoder_set_compression_level(e, level);
    if (blocksize) {
        FLAC__stream_encoder_set_blocksize(e, blocksize);
    }
    FLAC__stream_encoder_set_total_samples_estimate(e, samples);
    membuf m = { 0 };
    int ok = FLAC__stream_encoder_init_stream(e, on_write, NULL, NULL, NULL, &m) == FLAC__STREAM_ENCODER_INIT_STATUS_OK;
    for (size_t at = 0; ok && at < samples; at += 1000) {
        size_t n = samples - at < 1000 ? samples - at : 1000;
        ok = FLAC__stream_encoder_process_interleaved(e, pcm + at * channels, (uint32_t)n);
    }
    ok = ok && FLAC__stream_encoder_finish(e);
    if (!ok) {
        printf("%s: encoder FAILED: %s\n", what, FLAC__StreamEncoderStateString[FLAC__stream_encoder_get_state(e)]);
        failures++;
    }
    FLAC__stream_encoder_delete(e);
    h = prog_fnv(h, m.data, m.len);

    decoded o = { &m };
    FLAC__StreamDecoder *d = FLAC__stream_decoder_new();
    FLAC__stream_decoder_set_md5_checking(d, true);
    ok = FLAC__stream_decoder_init_stream(d, on_read, NULL, NULL, NULL, NULL, on_frame, NULL, on_error, &o) ==
        FLAC__STREAM_DECODER_INIT_STATUS_OK;
    ok = ok && FLAC__stream_decoder_process_until_end_of_stream(d);
    ok = ok && FLAC__stream_decoder_finish(d); // false: the MD5 differs
    FLAC__stream_decoder_delete(d);
    ok = ok && !o.error && o.samples == samples && o.channels == channels &&
        memcmp(o.out, pcm, samples * channels * sizeof(int32_t)) == 0;
    printf("%s: %lu samples x %u, %u-bit -> %lu bytes (%lu.%02lu%%), %u frames, fnv 0x%08x, round trip %s\n", what,
        (unsigned long)samples, channels, bits, (unsigned long)m.len,
        (unsigned long)(m.len * 100 / (samples * channels * bits / 8)),
        (unsigned long)(m.len * 10000 / (samples * channels * bits / 8) % 100), o.frames,
        (unsigned)prog_fnv(PROG_FNV_INIT, m.data, m.len), ok ? "ok" : "FAILED");
    failures += !ok;
    free(o.out);
    free(m.data);
    free(pcm);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 16);
    size_t samples = (size_t)n * 4096;
    printf("libFLAC %s\n", FLAC__VERSION_STRING);
    run("level 0", samples, 2, 16, 44100, 0, 0);
    run("level 5", samples, 2, 16, 44100, 5, 0);
    run("level 8", samples, 2, 16, 44100, 8, 0);
    run("24-bit level 6", samples / 2, 1, 24, 96000, 6, 1152);
    run("8-bit level 3", samples / 2, 2, 8, 22050, 3, 0);
    printf("checksum=0x%08x\n", (unsigned)h);
    return failures != 0;
}
