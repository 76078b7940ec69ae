// SPDX-License-Identifier: MIT
// msgpack-c (Debian's msgpack-c source package: the C library, src/*.c
// unchanged): MessagePack serialisation. Per round a document of records
// (integers of every width and sign, floats and doubles, strings of every
// length class, binaries, ext types, timestamps, nested arrays and maps,
// nil and booleans) packed into an sbuffer and again into a vrefbuffer
// (referenced and copied chunks); unpacked one-shot (msgpack_unpack_next,
// one object after another) and by the streaming unpacker fed in pieces of
// pseudo-random size; every object compared (msgpack_object_equal), packed
// again (msgpack_pack_object: the same bytes) and printed
// (msgpack_object_print_buffer); cut-short and damaged streams must stop
// with CONTINUE or PARSE_ERROR. Prints counts, sizes and hashes.
//   msgpack_bench N
#include "prog_common.h"

#include "msgpack.h"

static uint32_t h = PROG_FNV_INIT;

// Bodies of binaries and ext values live until the round ends: a vrefbuffer
// keeps references to the large ones instead of copying them.
static uint8_t pool[1 << 20];
static size_t pool_used;

static uint8_t *keep(size_t len) {
    if (pool_used + len > sizeof(pool)) {
        pool_used = 0;
    }
    uint8_t *p = pool + pool_used;
    pool_used += len;
    return p;
}

static void pack_value(msgpack_packer *pk, prog_rng *r, int depth) {
    uint32_t x = prog_rand(r);
    int kind = depth > 3 ? (int)(x % 12) : (int)(x % 15);
    uint32_t y = prog_rand(r);
    switch (kind) {
        case 0:
            msgpack_pack_nil(pk);
            break;
        case 1:
            (y & 1) ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
            break;
        case 2: // small and large unsigned: fixint, uint8 ... uint64
            msgpack_pack_uint64(pk, (uint64_t)y >> (y % 32) | ((y & 0x100) ? (uint64_t)prog_rand(r) << 32 : 0));
            break;
        case 3: // negative: fixint, int8 ... int64
            msgpack_pack_int64(pk, -(int64_t)(y >> (y % 32)) - ((y & 0x200) ? (int64_t)prog_rand(r) << 31 : 0));
            break;
        case 4:
            msgpack_pack_int32(pk, (int32_t)y);
            break;
        case 5:
            msgpack_pack_float(pk, (float)(int32_t)y / 1024.0f);
            break;
        case 6:
            msgpack_pack_double(pk, (double)(int32_t)y / (double)(prog_rand(r) | 1));
            break;
        case 7:
        case 8: { // strings: fixstr, str8, str16 (and str32 rarely)
            // the same text every time: a vrefbuffer keeps references to it
            static char text[70000 + 1024];
            if (text[0] == 0) {
                for (size_t i = 0; i < sizeof(text); i++) {
                    text[i] = (char)('a' + (i * 7 + i / 26) % 26);
                }
            }
            size_t len = kind == 7 ? y % 40 : (y & 0xff) == 0 ? 66000
                                                              : y % 700;
            msgpack_pack_str_with_body(pk, text + (y >> 8) % 1024, len);
            break;
        }
        case 9: { // binaries
            size_t len = y % 300;
            uint8_t *bin = keep(len);
            for (size_t i = 0; i < len; i++) {
                bin[i] = (uint8_t)(prog_rand(r) >> 7);
            }
            msgpack_pack_bin_with_body(pk, bin, len);
            break;
        }
        case 10: { // ext of every fixext size and ext8
            static const size_t sizes[] = { 1, 2, 4, 8, 16, 3, 100 };
            size_t len = sizes[y % 7];
            uint8_t *body = keep(len);
            for (size_t i = 0; i < len; i++) {
                body[i] = (uint8_t)(y >> (i % 24));
            }
            msgpack_pack_ext_with_body(pk, body, len, (int8_t)(1 + y % 100));
            break;
        }
        case 11: { // timestamps 32, 64 and 96
            msgpack_timestamp ts;
            ts.tv_sec = (y % 3 == 0) ? (int64_t)y : (y % 3 == 1) ? (int64_t)y * 300
                                                                 : -(int64_t)y;
            ts.tv_nsec = (y % 3 == 0) ? 0 : (uint32_t)(prog_rand(r) % 1000000000u);
            msgpack_pack_timestamp(pk, &ts);
            break;
        }
        case 12:
        case 13: { // arrays
            size_t n = y % (depth == 0 ? 20 : 6);
            msgpack_pack_array(pk, n);
            for (size_t i = 0; i < n; i++) {
                pack_value(pk, r, depth + 1);
            }
            break;
        }
        default: { // maps with string keys
            size_t n = y % 8;
            msgpack_pack_map(pk, n);
            for (size_t i = 0; i < n; i++) {
                char key[16];
                int kl = snprintf(key, sizeof(key), "k%u", (unsigned)(i * 31 + y % 97));
                msgpack_pack_str_with_body(pk, key, (size_t)kl);
                pack_value(pk, r, depth + 1);
            }
            break;
        }
    }
}

// Objects of `buf` one after another (msgpack_unpack_next); each packed again
// (appended to `again`) and printed into the hash. Returns how many.
static int unpack_all(const char *buf, size_t len, msgpack_sbuffer *again, size_t *printed) {
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    msgpack_packer pk;
    msgpack_packer_init(&pk, again, msgpack_sbuffer_write);
    size_t off = 0;
    int n = 0;
    static char text[4096];
    while (msgpack_unpack_next(&u, buf, len, &off) == MSGPACK_UNPACK_SUCCESS) {
        msgpack_pack_object(&pk, u.data);
        int w = msgpack_object_print_buffer(text, sizeof(text), u.data);
        h = prog_fnv(h, text, (size_t)w);
        *printed += (size_t)w;
        n++;
    }
    prog_check("unpacked to the end", off == len);
    msgpack_unpacked_destroy(&u);
    return n;
}

// The streaming unpacker fed in pieces; each object compared with the
// one-shot unpack of `buf` at the same place. Returns how many agreed.
static int unpack_stream(const char *buf, size_t len, prog_rng *r) {
    msgpack_unpacker *up = msgpack_unpacker_new(64);
    msgpack_unpacked a, b;
    msgpack_unpacked_init(&a);
    msgpack_unpacked_init(&b);
    size_t fed = 0, off = 0;
    int agreed = 0, total = 0;
    while (fed < len) {
        size_t piece = 1 + prog_rand(r) % 3000;
        if (piece > len - fed) {
            piece = len - fed;
        }
        if (!msgpack_unpacker_reserve_buffer(up, piece)) {
            prog_check("reserve", 0);
            break;
        }
        memcpy(msgpack_unpacker_buffer(up), buf + fed, piece);
        msgpack_unpacker_buffer_consumed(up, piece);
        fed += piece;
        msgpack_unpack_return ret;
        while ((ret = msgpack_unpacker_next(up, &a)) == MSGPACK_UNPACK_SUCCESS) {
            total++;
            if (msgpack_unpack_next(&b, buf, len, &off) == MSGPACK_UNPACK_SUCCESS && msgpack_object_equal(a.data, b.data)) {
                agreed++;
            }
        }
        prog_check("stream continues", ret == MSGPACK_UNPACK_CONTINUE);
    }
    prog_check("stream: every object agreed", agreed == total && off == len);
    msgpack_unpacked_destroy(&a);
    msgpack_unpacked_destroy(&b);
    msgpack_unpacker_free(up);
    return agreed;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    prog_rng r = { 0x6d7067u };
    printf("msgpack-c %s, %ld rounds\n", msgpack_version(), n);
    for (long round = 0; round < n; round++) {
        msgpack_sbuffer sb;
        msgpack_sbuffer_init(&sb);
        msgpack_packer pk;
        msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
        // the same values into a vrefbuffer (large strings referenced, small ones copied)
        prog_rng r2 = r;
        pool_used = 0;
        int records = 40 + (int)(prog_rand(&r) % 40);
        for (int i = 0; i < records; i++) {
            pack_value(&pk, &r, 0);
        }
        msgpack_vrefbuffer vb;
        msgpack_vrefbuffer_init(&vb, 0, 0);
        msgpack_packer vpk;
        msgpack_packer_init(&vpk, &vb, msgpack_vrefbuffer_write);
        prog_rand(&r2);
        for (int i = 0; i < records; i++) {
            pack_value(&vpk, &r2, 0);
        }
        msgpack_sbuffer flat;
        msgpack_sbuffer_init(&flat);
        const msgpack_iovec *vec = msgpack_vrefbuffer_vec(&vb);
        size_t veclen = msgpack_vrefbuffer_veclen(&vb);
        for (size_t i = 0; i < veclen; i++) {
            msgpack_sbuffer_write(&flat, vec[i].iov_base, vec[i].iov_len);
        }
        prog_check("vrefbuffer: the same bytes", flat.size == sb.size && memcmp(flat.data, sb.data, sb.size) == 0);

        msgpack_sbuffer again;
        msgpack_sbuffer_init(&again);
        size_t printed = 0;
        int objs = unpack_all(sb.data, sb.size, &again, &printed);
        prog_check("packed again: the same bytes", again.size == sb.size && memcmp(again.data, sb.data, sb.size) == 0);
        int streamed = unpack_stream(sb.data, sb.size, &r);

        // cut short: CONTINUE (or a whole object before the cut), never SUCCESS for the cut one
        int cuts = 0, damaged = 0;
        for (int k = 0; k < 16; k++) {
            size_t cut = prog_rand(&r) % sb.size;
            msgpack_unpacked u;
            msgpack_unpacked_init(&u);
            size_t off = 0, start = 0;
            msgpack_unpack_return ret;
            while ((ret = msgpack_unpack_next(&u, sb.data, cut, &off)) == MSGPACK_UNPACK_SUCCESS) {
                start = off;
            }
            cuts += ret == MSGPACK_UNPACK_CONTINUE;
            // damaged: 0xc1 (a byte MessagePack never uses) where the cut object starts
            char *bad = malloc(sb.size);
            memcpy(bad, sb.data, sb.size);
            bad[start] = (char)0xc1;
            size_t off2 = 0;
            while ((ret = msgpack_unpack_next(&u, bad, sb.size, &off2)) == MSGPACK_UNPACK_SUCCESS) {
            }
            damaged += ret == MSGPACK_UNPACK_PARSE_ERROR;
            free(bad);
            msgpack_unpacked_destroy(&u);
        }
        prog_check("cut short: CONTINUE", cuts == 16);
        prog_check("damaged: PARSE_ERROR", damaged == 16);
        printf("round %ld: %d records, %zu bytes (%zu chunks), %d objects, %d streamed, printed %zu, cut %d/16, "
               "damaged %d/16\n",
            round, records, sb.size, veclen, objs, streamed, printed, cuts, damaged);
        h = prog_fnv(h, sb.data, sb.size);
        msgpack_sbuffer_destroy(&again);
        msgpack_sbuffer_destroy(&flat);
        msgpack_vrefbuffer_destroy(&vb);
        msgpack_sbuffer_destroy(&sb);
    }
    // a zone of many small allocations, a print of one known object
    msgpack_zone *z = msgpack_zone_new(256);
    size_t zsum = 0;
    for (int i = 0; i < 5000; i++) {
        char *p = msgpack_zone_malloc(z, 1 + (size_t)(i % 61));
        p[0] = (char)i;
        zsum += (uint8_t)p[0];
    }
    msgpack_zone_free(z);
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    msgpack_packer pk;
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, 2);
    msgpack_pack_str_with_body(&pk, "pi", 2);
    msgpack_pack_double(&pk, 3.25);
    msgpack_pack_str_with_body(&pk, "list", 4);
    msgpack_pack_array(&pk, 3);
    msgpack_pack_int(&pk, -1);
    msgpack_pack_nil(&pk);
    msgpack_pack_bin_with_body(&pk, "\x01\xff", 2);
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    msgpack_unpack_next(&u, sb.data, sb.size, &off);
    char text[200];
    msgpack_object_print_buffer(text, sizeof(text), u.data);
    printf("zone sum %zu; known: %s\n", zsum, text);
    msgpack_unpacked_destroy(&u);
    msgpack_sbuffer_destroy(&sb);
    return prog_end(h);
}
