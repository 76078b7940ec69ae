// SPDX-License-Identifier: MIT
// libzpaq 7.15 (Debian's zpaq source package, unchanged): the ZPAQ archiver's
// library. A ZPAQ stream carries its own decompressor as ZPAQL bytecode (a
// context model's context computation, HCOMP, and a post-processor, PCOMP),
// which the library's virtual machine interprets (NOJIT: the portable
// interpreter on both builds, as Debian builds it off x86-64); context mixing,
// LZ77 and BWT preprocessing, an arithmetic coder, SHA-1 of every segment.
// This driver compresses generated text and a table of binary records at
// methods 1 to 4 (one block: "10" to "40"), decompresses each stream (which checks the
// SHA-1) and compares it with the input.
//   zpaq_bench N      (N rounds of 2 inputs x 4 methods)
#include "prog_common.h"

#include "libzpaq.h"

void libzpaq::error(const char *msg) {
    printf("libzpaq error: %s\n", msg);
    exit(1);
}

// A reader over memory (libzpaq::StringBuffer copies; this one reads in place).
class MemReader : public libzpaq::Reader {
  public:
    MemReader(const unsigned char *p, size_t n)
        : p_(p), n_(n), i_(0) {
    }
    int get() override {
        return i_ < n_ ? p_[i_++] : -1;
    }

  private:
    const unsigned char *p_;
    size_t n_, i_;
};

// Fixed-size binary records: small counters, a slowly moving float's bytes, a few flags.
static void make_records(unsigned char *buf, size_t len, uint32_t seed) {
    prog_rng r = { seed };
    uint32_t counter = 1000;
    int32_t level = 0;
    for (size_t i = 0; i + 16 <= len; i += 16) {
        uint32_t x = prog_rand(&r);
        counter += 1 + (x & 3);
        level += (int32_t)((x >> 4) & 15) - 7;
        uint32_t flags = (x >> 12) & 0x13;
        memcpy(buf + i, &counter, 4);
        memcpy(buf + i + 4, &level, 4);
        memcpy(buf + i + 8, &flags, 4);
        buf[i + 12] = (unsigned char)(i >> 8);
        buf[i + 13] = (unsigned char)(x >> 24);
        buf[i + 14] = 0;
        buf[i + 15] = 0xff;
    }
}

static uint32_t one(const char *what, const unsigned char *in, size_t len, const char *method) {
    MemReader reader(in, len);
    libzpaq::StringBuffer packed;
    libzpaq::compress(&reader, &packed, method, what, 0, true);
    MemReader again(packed.data(), packed.size());
    libzpaq::StringBuffer back;
    libzpaq::decompress(&again, &back);
    if (back.size() != len || memcmp(back.data(), in, len) != 0) {
        printf("%s method %s: round trip differs (%u bytes back of %u)\n", what, method, (unsigned)back.size(),
            (unsigned)len);
        exit(1);
    }
    uint32_t h = prog_fnv(PROG_FNV_INIT, packed.data(), packed.size());
    printf("%-8s method %s: %6u -> %6u bytes, %08x\n", what, method, (unsigned)len, (unsigned)packed.size(),
        (unsigned)h);
    return h;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2);
    printf("zpaq_bench: libzpaq 7.15 (ZPAQL interpreted), %ld rounds\n", n);
    const size_t text_len = 4096, rec_len = 4096;
    unsigned char *text = (unsigned char *)malloc(text_len);
    unsigned char *rec = (unsigned char *)malloc(rec_len);
    static const char *const methods[] = { "10", "20", "30", "40" };
    uint32_t total = PROG_FNV_INIT;
    for (long i = 0; i < n; i++) {
        prog_text(text, text_len, 0x7a000000u + (uint32_t)i);
        make_records(rec, rec_len, 0x7b000000u + (uint32_t)i);
        for (int m = 0; m < 4; m++) {
            uint32_t a = one("text", text, text_len, methods[m]);
            uint32_t b = one("records", rec, rec_len, methods[m]);
            total = prog_fnv(total, &a, 4);
            total = prog_fnv(total, &b, 4);
        }
    }
    free(text);
    free(rec);
    printf("checksum=0x%08x\n", (unsigned)total);
    return 0;
}
