// SPDX-License-Identifier: MIT
// WavPack (Debian's wavpack source package, libwavpack's files unchanged, its
// C paths: no x86 assembly): a lossless and hybrid audio codec, adaptive
// decorrelation filters over 32-bit integers and a Golomb-like entropy coder.
// This driver makes stereo and mono audio from a fixed seed (integer
// oscillators, a low-passed noise, a clipped burst), encodes it through the
// library's block callback in memory in every mode (fast, normal, high, very
// high, each extra level, hybrid at two bit rates with and without its
// correction stream, 32-bit float, 8- and 24-bit, with MD5 sums) and decodes
// each stream back through a reader over memory: lossless streams must give
// the samples back exactly, hybrid ones with their correction stream too.
//   wavpack_bench N      (N tenths of a second at 44.1 kHz)
#include "prog_common.h"

#include "wavpack.h"

static uint32_t h = PROG_FNV_INIT;

// A stream in memory: written by the encoder's block callback, read by the decoder
typedef struct {
    uint8_t *data;
    int64_t len, cap, pos;
    int pushed; // push_back_byte's byte, or -1
} mem_stream;

static int mem_write(void *id, void *data, int32_t n) {
    mem_stream *s = id;
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->data = realloc(s->data, (size_t)s->cap);
    }
    memcpy(s->data + s->len, data, (size_t)n);
    s->len += n;
    return 1;
}

static int32_t mem_read(void *id, void *data, int32_t n) {
    mem_stream *s = id;
    uint8_t *out = data;
    int32_t got = 0;
    if (s->pushed >= 0 && n > 0) {
        out[got++] = (uint8_t)s->pushed;
        s->pushed = -1;
    }
    int64_t left = s->len - s->pos;
    int32_t take = (n - got) < left ? (n - got) : (int32_t)left;
    memcpy(out + got, s->data + s->pos, (size_t)take);
    s->pos += take;
    return got + take;
}

static int64_t mem_get_pos(void *id) {
    mem_stream *s = id;
    return s->pushed >= 0 ? s->pos - 1 : s->pos;
}

static int mem_set_pos_abs(void *id, int64_t pos) {
    mem_stream *s = id;
    s->pushed = -1;
    s->pos = pos < 0 ? 0 : (pos > s->len ? s->len : pos);
    return 0;
}

static int mem_set_pos_rel(void *id, int64_t delta, int mode) {
    mem_stream *s = id;
    int64_t base = mode == SEEK_SET ? 0 : (mode == SEEK_CUR ? mem_get_pos(id) : s->len);
    return mem_set_pos_abs(id, base + delta);
}

static int mem_push_back(void *id, int c) {
    ((mem_stream *)id)->pushed = c;
    return c;
}

static int64_t mem_length(void *id) {
    return ((mem_stream *)id)->len;
}

static int mem_can_seek(void *id) {
    (void)id;
    return 1;
}

static WavpackStreamReader64 reader = {
    mem_read, mem_write, mem_get_pos, mem_set_pos_abs, mem_set_pos_rel,
    mem_push_back, mem_length, mem_can_seek, NULL, NULL,
};

// Audio: integer oscillators (a saw and a triangle), noise through a one-pole
// low-pass, a clipped burst every 4096 samples; `bits` wide, `ch` channels
static int32_t *make_audio(uint32_t frames, int ch, int bits, uint32_t seed) {
    int32_t *a = malloc(sizeof(int32_t) * frames * (size_t)ch);
    prog_rng r = { seed };
    int32_t lp = 0;
    int32_t top = (1 << (bits - 1)) - 1;
    for (uint32_t i = 0; i < frames; i++) {
        int32_t saw = (int32_t)((i * 37u) & 1023u) - 512;
        int32_t tri = (int32_t)((i * 11u) & 2047u);
        tri = tri < 1024 ? tri - 512 : 1535 - tri;
        int32_t noise = (int32_t)(prog_rand(&r) >> 20) - 2048;
        lp += (noise - lp) >> 3;
        for (int c = 0; c < ch; c++) {
            int64_t v = (int64_t)(c ? tri : saw) * 24 + lp * (c + 1);
            if ((i & 4095u) < 300u) {
                v *= 9; // a loud burst, clipped below
            }
            v = bits > 16 ? v * (1 << (bits - 16)) : v / (1 << (16 - bits));
            a[i * (uint32_t)ch + (uint32_t)c] = (int32_t)(v > top ? top : (v < -top - 1 ? -top - 1 : v));
        }
    }
    return a;
}

typedef struct {
    const char *name;
    int flags;       // CONFIG_*
    int xmode;       // extra mode's level (with CONFIG_EXTRA_MODE)
    float bitrate;   // hybrid: bits a sample
    int wvc;         // hybrid: a correction stream written and used
} mode;

static void encode_decode(const mode *m, const int32_t *audio, uint32_t frames, int ch, int bits, int is_float) {
    mem_stream wv = { 0 }, wvc = { 0 };
    wv.pushed = wvc.pushed = -1;
    WavpackContext *enc = WavpackOpenFileOutput(mem_write, &wv, m->wvc ? &wvc : NULL);
    WavpackConfig cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.bytes_per_sample = is_float ? 4 : (bits + 7) / 8;
    cfg.bits_per_sample = is_float ? 32 : bits;
    cfg.num_channels = ch;
    cfg.channel_mask = ch == 2 ? 3 : 4;
    cfg.sample_rate = 44100;
    cfg.flags = m->flags | CONFIG_MD5_CHECKSUM | (m->wvc ? CONFIG_CREATE_WVC : 0);
    cfg.xmode = m->xmode;
    cfg.bitrate = m->bitrate;
    if (is_float) {
        cfg.float_norm_exp = 127;
    }
    if (!WavpackSetConfiguration64(enc, &cfg, frames, NULL) || !WavpackPackInit(enc)) {
        printf("  %-22s config FAILED: %s\n", m->name, WavpackGetErrorMessage(enc));
        prog_failures++;
        WavpackCloseFile(enc);
        return;
    }
    // the MD5 of the samples as stored (little-endian, bytes_per_sample each), as wavpack's CLI does
    int32_t *buf = malloc(sizeof(int32_t) * frames * (size_t)ch);
    memcpy(buf, audio, sizeof(int32_t) * frames * (size_t)ch);
    if (is_float) {
        for (uint32_t i = 0; i < frames * (uint32_t)ch; i++) {
            float f = (float)audio[i] / 32768.0f;
            memcpy(&buf[i], &f, 4);
        }
    }
    const uint32_t chunk = 4410;
    for (uint32_t i = 0; i < frames; i += chunk) {
        uint32_t n = frames - i < chunk ? frames - i : chunk;
        prog_check("pack", WavpackPackSamples(enc, buf + (size_t)i * (size_t)ch, n));
    }
    prog_check("flush", WavpackFlushSamples(enc));
    WavpackCloseFile(enc);
    h = prog_fnv(h, wv.data, (size_t)wv.len);
    h = prog_fnv(h, wvc.data, (size_t)wvc.len);

    char err[80];
    int lossless = !(m->flags & CONFIG_HYBRID_FLAG) || m->wvc;
    WavpackContext *dec = WavpackOpenFileInputEx64(&reader, &wv, m->wvc ? &wvc : NULL, err,
                                                   (m->wvc ? OPEN_WVC : 0) | OPEN_TAGS, 0);
    if (dec == NULL) {
        printf("  %-22s open FAILED: %s\n", m->name, err);
        prog_failures++;
        free(buf);
        free(wv.data);
        free(wvc.data);
        return;
    }
    int32_t *out = malloc(sizeof(int32_t) * frames * (size_t)ch);
    uint32_t got = 0, n;
    // never more than the buffer has room for: the library clears what it was asked for
    while (got < frames &&
           (n = WavpackUnpackSamples(dec, out + (size_t)got * (size_t)ch, frames - got < 1024 ? frames - got : 1024)) > 0) {
        got += n;
    }
    uint32_t differ = 0;
    int64_t err_sum = 0;
    for (uint32_t i = 0; i < got * (uint32_t)ch; i++) {
        if (out[i] != buf[i]) {
            differ++;
            if (!is_float) {
                int64_t d = (int64_t)out[i] - buf[i];
                err_sum += d < 0 ? -d : d;
            }
        }
    }
    h = prog_fnv(h, out, sizeof(int32_t) * got * (size_t)ch);
    printf("  %-22s %7lld bytes", m->name, (long long)wv.len);
    if (m->wvc) {
        printf(" + wvc %6lld", (long long)wvc.len);
    }
    printf(", mode %04x, decoded %u, ", WavpackGetMode(dec), got);
    if (lossless) {
        printf("%s\n", differ == 0 ? "exact" : "DIFFERENT");
        prog_check("lossless round trip", differ == 0 && got == frames);
    } else {
        printf("%u differ, mean error %lld\n", differ, (long long)(err_sum / (got ? got : 1)));
        prog_check("hybrid length", got == frames);
    }
    prog_check("decoder errors", WavpackGetNumErrors(dec) == 0);
    WavpackCloseFile(dec);
    free(out);
    free(buf);
    free(wv.data);
    free(wvc.data);
}

static const mode MODES[] = {
    { "fast", CONFIG_FAST_FLAG, 0, 0, 0 },
    { "normal", 0, 0, 0, 0 },
    { "high", CONFIG_HIGH_FLAG, 0, 0, 0 },
    { "very high", CONFIG_HIGH_FLAG | CONFIG_VERY_HIGH_FLAG, 0, 0, 0 },
    { "extra 2", CONFIG_EXTRA_MODE, 2, 0, 0 },
    { "high extra 4", CONFIG_HIGH_FLAG | CONFIG_EXTRA_MODE, 4, 0, 0 },
    { "hybrid 3.0", CONFIG_HYBRID_FLAG, 0, 3.0f, 0 },
    { "hybrid 4.5 shaped", CONFIG_HYBRID_FLAG | CONFIG_HYBRID_SHAPE | CONFIG_SHAPE_OVERRIDE, 0, 4.5f, 0 },
    { "hybrid 3.0 + wvc", CONFIG_HYBRID_FLAG | CONFIG_OPTIMIZE_WVC, 0, 3.0f, 1 },
};

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 10);
    uint32_t frames = (uint32_t)n * 4410u;
    printf("wavpack %s, %u frames\n", WavpackGetLibraryVersionString(), frames);
    int32_t *stereo = make_audio(frames, 2, 16, 2024u);
    printf("16-bit stereo:\n");
    for (size_t i = 0; i < sizeof(MODES) / sizeof(MODES[0]); i++) {
        encode_decode(&MODES[i], stereo, frames, 2, 16, 0);
    }
    printf("32-bit float stereo:\n");
    encode_decode(&MODES[1], stereo, frames, 2, 16, 1);
    encode_decode(&MODES[5], stereo, frames, 2, 16, 1);
    free(stereo);
    int32_t *mono24 = make_audio(frames, 1, 24, 77u);
    printf("24-bit mono:\n");
    encode_decode(&MODES[2], mono24, frames, 1, 24, 0);
    encode_decode(&MODES[8], mono24, frames, 1, 24, 0);
    free(mono24);
    int32_t *mono8 = make_audio(frames, 1, 8, 5u);
    printf("8-bit mono:\n");
    encode_decode(&MODES[1], mono8, frames, 1, 8, 0);
    free(mono8);
    return prog_end(h);
}
