// SPDX-License-Identifier: MIT
// libvorbis over libogg (Debian's libvorbis and libogg source packages, the
// encoder, decoder and Ogg framing unchanged): float code throughout (MDCT,
// psychoacoustic model, floor and residue search, LSP/LPC). A stereo signal of
// N tenths of a second (tones from rotation oscillators, a chirp, noise bursts:
// only + and *, the same samples everywhere) is encoded at VBR qualities 0.1
// and 0.7 and as managed ABR 96 kbit/s mono, into Ogg pages; each stream is
// synced back page by page, its packets decoded, and the decoded samples summed
// as 16-bit. The page bytes, sample sums and counts go into the checksum.
//   vorbis_bench N        (N tenths of a second, each setting)
#include <vorbis/codec.h>
#include <vorbis/vorbisenc.h>
#include "prog_common.h"

static uint32_t h = PROG_FNV_INIT;

enum { RATE = 44100, BLOCK = 1024 };

static uint8_t *stream;
static size_t stream_len, stream_cap;

static void put(const void *p, size_t n) {
    if (stream_len + n > stream_cap) {
        stream_cap = (stream_len + n) * 2;
        stream = realloc(stream, stream_cap);
        if (stream == NULL) {
            printf("out of memory\n");
            exit(1);
        }
    }
    memcpy(stream + stream_len, p, n);
    stream_len += n;
}

static void put_page(const ogg_page *og) {
    put(og->header, (size_t)og->header_len);
    put(og->body, (size_t)og->body_len);
}

// the test signal's next n frames of `ch` channels into the encoder's buffers
static void make_signal(float **buf, int ch, int n, long start, prog_rng *r, double st[6]) {
    static const double wc[3] = { 0.99898, 0.98412, 0.80902 }, ws[3] = { 0.045149, 0.177502, 0.587785 };
    for (int i = 0; i < n; i++) {
        double out = 0;
        for (int k = 0; k < 3; k++) {  // rotate (c, s) by its angle: a sine without libm
            double c = st[2 * k], s = st[2 * k + 1];
            st[2 * k] = c * wc[k] - s * ws[k];
            st[2 * k + 1] = c * ws[k] + s * wc[k];
            out += st[2 * k + 1] * (k == 0 ? 0.4 : k == 1 ? 0.2 : 0.05);
        }
        long t = start + i;
        if ((t / 4410) % 3 == 1) {  // a noise burst every third tenth of a second
            out += ((double)(prog_rand(r) & 0xffff) / 65536.0 - 0.5) * 0.3;
        }
        buf[0][i] = (float)out;
        if (ch > 1) {
            buf[1][i] = (float)(out * 0.7 - st[5] * 0.2);
        }
    }
}

// decode `stream`: returns packets decoded, sums the samples as 16-bit into *sum
static long decode(long *frames, int64_t *sum) {
    ogg_sync_state oy;
    ogg_stream_state os;
    ogg_page og;
    ogg_packet op;
    vorbis_info vi;
    vorbis_comment vc;
    vorbis_dsp_state vd;
    vorbis_block vb;
    ogg_sync_init(&oy);
    vorbis_info_init(&vi);
    vorbis_comment_init(&vc);
    long packets = 0, headers = 0;
    int started = 0;
    size_t pos = 0;
    *frames = 0;
    *sum = 0;
    for (;;) {
        int got = ogg_sync_pageout(&oy, &og);
        if (got == 0) {
            if (pos == stream_len) {
                break;
            }
            size_t n = stream_len - pos < 777 ? stream_len - pos : 777;  // odd pieces
            char *b = ogg_sync_buffer(&oy, (long)n);
            memcpy(b, stream + pos, n);
            ogg_sync_wrote(&oy, (long)n);
            pos += n;
            continue;
        }
        if (got < 0) {
            printf("ogg: lost sync\n");
            continue;
        }
        if (!started) {
            ogg_stream_init(&os, ogg_page_serialno(&og));
            started = 1;
        }
        ogg_stream_pagein(&os, &og);
        while (ogg_stream_packetout(&os, &op) == 1) {
            if (headers < 3) {
                if (vorbis_synthesis_headerin(&vi, &vc, &op) != 0) {
                    printf("bad header %ld\n", headers);
                    exit(1);
                }
                if (++headers == 3) {
                    vorbis_synthesis_init(&vd, &vi);
                    vorbis_block_init(&vd, &vb);
                }
                continue;
            }
            if (vorbis_synthesis(&vb, &op) == 0) {
                vorbis_synthesis_blockin(&vd, &vb);
            }
            packets++;
            float **pcm;
            int n;
            while ((n = vorbis_synthesis_pcmout(&vd, &pcm)) > 0) {
                for (int c = 0; c < vi.channels; c++) {
                    for (int i = 0; i < n; i++) {
                        float v = pcm[c][i] * 32767.0f;
                        int s = v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : (int)v;
                        *sum += s * (int64_t)(c + 1);
                    }
                }
                *frames += n;
                vorbis_synthesis_read(&vd, n);
            }
        }
    }
    printf("  decoded %ld packets, %ld frames, %d ch, vendor %s\n", packets, *frames, vi.channels, vc.vendor);
    if (headers == 3) {
        vorbis_block_clear(&vb);
        vorbis_dsp_clear(&vd);
    }
    if (started) {
        ogg_stream_clear(&os);
    }
    vorbis_comment_clear(&vc);
    vorbis_info_clear(&vi);
    ogg_sync_clear(&oy);
    return packets;
}

static void encode(const char *name, int ch, float quality, long abr, long tenths, uint32_t seed) {
    vorbis_info vi;
    vorbis_comment vc;
    vorbis_dsp_state vd;
    vorbis_block vb;
    ogg_stream_state os;
    ogg_page og;
    ogg_packet op, hc, hcode;
    vorbis_info_init(&vi);
    int ret = abr ? vorbis_encode_init(&vi, ch, RATE, -1, abr, -1) : vorbis_encode_init_vbr(&vi, ch, RATE, quality);
    if (ret != 0) {
        printf("%s: encoder setup failed (%d)\n", name, ret);
        exit(1);
    }
    vorbis_comment_init(&vc);
    vorbis_comment_add_tag(&vc, "ENCODER", "vorbis_bench");
    vorbis_analysis_init(&vd, &vi);
    vorbis_block_init(&vd, &vb);
    ogg_stream_init(&os, (int)seed);
    stream_len = 0;
    vorbis_analysis_headerout(&vd, &vc, &op, &hc, &hcode);
    ogg_stream_packetin(&os, &op);
    ogg_stream_packetin(&os, &hc);
    ogg_stream_packetin(&os, &hcode);
    while (ogg_stream_flush(&os, &og) != 0) {
        put_page(&og);
    }
    prog_rng r = { seed };
    double st[6] = { 1, 0, 1, 0, 1, 0 };
    long total = tenths * RATE / 10, done = 0;
    int eos = 0;
    long pages = 0;
    while (!eos) {
        if (done < total) {
            int n = total - done < BLOCK ? (int)(total - done) : BLOCK;
            float **buf = vorbis_analysis_buffer(&vd, n);
            make_signal(buf, ch, n, done, &r, st);
            vorbis_analysis_wrote(&vd, n);
            done += n;
        } else {
            vorbis_analysis_wrote(&vd, 0);  // end of stream
        }
        while (vorbis_analysis_blockout(&vd, &vb) == 1) {
            vorbis_analysis(&vb, NULL);
            vorbis_bitrate_addblock(&vb);
            while (vorbis_bitrate_flushpacket(&vd, &op)) {
                ogg_stream_packetin(&os, &op);
                while (!eos && ogg_stream_pageout(&os, &og) != 0) {
                    put_page(&og);
                    pages++;
                    eos = ogg_page_eos(&og);
                }
            }
        }
    }
    ogg_stream_clear(&os);
    vorbis_block_clear(&vb);
    vorbis_dsp_clear(&vd);
    vorbis_comment_clear(&vc);
    vorbis_info_clear(&vi);
    uint32_t f = prog_fnv(PROG_FNV_INIT, stream, stream_len);
    h = prog_fnv(h, stream, stream_len);
    printf("%-12s %ld frames -> %6lu bytes, %ld pages, fnv %08x\n", name, total, (unsigned long)stream_len, pages,
        (unsigned)f);
    long frames;
    int64_t sum;
    decode(&frames, &sum);
    printf("  samples sum %lld\n", (long long)sum);
    prog_check("all frames back", frames == total);
    h = prog_fnv(h, &sum, sizeof(sum));
}

int main(int argc, char **argv) {
    long tenths = prog_size(argc, argv, 10);
    encode("vbr q0.1", 2, 0.1f, 0, tenths, 11);
    encode("vbr q0.7", 2, 0.7f, 0, tenths, 12);
    encode("abr 96 mono", 1, 0, 96000, tenths, 13);
    printf("%s\n", vorbis_version_string());
    printf("%s\n", prog_failures ? "some checks FAILED" : "all checks ok");
    printf("checksum=0x%08x\n", (unsigned)h);
    free(stream);
    return prog_failures != 0;
}
