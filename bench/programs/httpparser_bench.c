// SPDX-License-Identifier: MIT
// http-parser (Debian's http-parser source package, http_parser.c unchanged,
// built as its Makefile's library: HTTP_PARSER_STRICT=0): Node's table-driven
// HTTP/1.x state machine, a byte at a time through a big switch. A stream of
// N*40 generated messages, requests then responses, pipelined on one parser
// and fed in pieces of 1..1500 bytes: methods, header lists with continuation
// lines and varying case, Content-Length bodies, chunked bodies with
// extensions and trailers, Upgrade; every callback's bytes go into an FNV and
// the counts are checked against what was generated. Then URLs through
// http_parser_parse_url (absolute, authority form, IPv6, userinfo, bad ones)
// and malformed messages that must stop with their error.
//   httpparser_bench N
#include "prog_common.h"

#include <stdarg.h>

#include "http_parser.h"

typedef struct seen {
    long messages, headers, body_bytes, chunks, urls;
    uint32_t h;
} seen;

static int on_begin(http_parser *p) {
    seen *s = p->data;
    s->messages++;
    return 0;
}

static int on_url(http_parser *p, const char *at, size_t len) {
    seen *s = p->data;
    s->urls++;
    s->h = prog_fnv(s->h, at, len);
    return 0;
}

static int on_status(http_parser *p, const char *at, size_t len) {
    seen *s = p->data;
    s->h = prog_fnv(s->h, at, len);
    return 0;
}

static int on_field(http_parser *p, const char *at, size_t len) {
    seen *s = p->data;
    s->headers++;  // a field given in pieces counts each piece: the totals below are of values only
    s->h = prog_fnv(s->h, at, len);
    return 0;
}

static int on_value(http_parser *p, const char *at, size_t len) {
    seen *s = p->data;
    s->h = prog_fnv(s->h ^ 0x1f, at, len);
    return 0;
}

static int on_headers_complete(http_parser *p) {
    seen *s = p->data;
    uint32_t w[4] = { p->http_major, p->http_minor, p->method, p->status_code };
    s->h = prog_fnv(s->h, w, sizeof(w));
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t len) {
    seen *s = p->data;
    s->body_bytes += (long)len;
    s->h = prog_fnv(s->h, at, len);
    return 0;
}

static int on_complete(http_parser *p) {
    seen *s = p->data;
    uint8_t k = (uint8_t)http_should_keep_alive(p);
    s->h = prog_fnv(s->h, &k, 1);
    return 0;
}

static int on_chunk(http_parser *p) {
    seen *s = p->data;
    s->chunks++;
    return 0;
}

static const http_parser_settings settings = {
    .on_message_begin = on_begin,
    .on_url = on_url,
    .on_status = on_status,
    .on_header_field = on_field,
    .on_header_value = on_value,
    .on_headers_complete = on_headers_complete,
    .on_body = on_body,
    .on_message_complete = on_complete,
    .on_chunk_header = on_chunk,
};

// the stream being generated, then parsed (prog_printf appends a line's text, body_text raw bytes)
static prog_buf text;

static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "PROPFIND" };
static const char *const fields[] = { "Host", "user-agent", "ACCEPT", "Accept-Encoding", "X-Request-Id",
    "Cache-Control", "Cookie", "If-None-Match", "Referer", "x-forwarded-for" };

// generated body bytes, the number of chunks expected
static long want_body, want_chunks, want_messages;

static void body_text(prog_rng *r, long len) {
    if (text.len + (size_t)len + 1 > text.cap) {
        text.cap = text.cap * 2 + (size_t)len + 1;
        text.p = realloc(text.p, text.cap);
    }
    for (long i = 0; i < len; i++) {
        text.p[text.len++] = "abcdefghij klmnop\n{}\":,0123456789"[prog_rand(r) % 34];
    }
    text.p[text.len] = '\0';
    want_body += len;
}

static void headers(prog_rng *r, int count) {
    for (int i = 0; i < count; i++) {
        uint32_t x = prog_rand(r);
        prog_printf(&text, "%s: %s-%u", fields[x % 10], (x & 16) ? "value" : "v", (unsigned)(x >> 8) % 100000u);
        if ((x & 0x300) == 0) {
            prog_printf(&text, "\r\n  continued %u", (unsigned)(x >> 20));  // obsolete line folding
        }
        prog_printf(&text, "\r\n");
    }
}

static void body(prog_rng *r, int chunked) {
    if (!chunked) {
        long len = (long)(prog_rand(r) % 900);
        prog_printf(&text, "Content-Length: %ld\r\n\r\n", len);
        body_text(r, len);
        return;
    }
    prog_printf(&text, "Transfer-Encoding: chunked\r\n\r\n");
    int n = (int)(prog_rand(r) % 5);
    for (int i = 0; i < n; i++) {
        long len = (long)(prog_rand(r) % 300) + 1;
        prog_printf(&text, (prog_rand(r) & 3) ? "%lx\r\n" : "%lX;ext=%d\r\n", len, i);
        body_text(r, len);
        prog_printf(&text, "\r\n");
        want_chunks++;
    }
    prog_printf(&text, "0\r\n");
    want_chunks++;
    if (prog_rand(r) & 1) {
        prog_printf(&text, "X-Trailer: t%d\r\n", n);
    }
    prog_printf(&text, "\r\n");
}

static void message(prog_rng *r, int request) {
    uint32_t x = prog_rand(r);
    if (request) {
        const char *m = methods[x % 8];
        prog_printf(&text, "%s /api/v%u/items/%u?q=%u&sort=%s#frag HTTP/1.%u\r\n", m, (x >> 3) % 3, (x >> 6) % 10000,
            (x >> 14) % 1000, (x & 0x1000000) ? "asc" : "desc", (x >> 25) & 1);
        headers(r, 2 + (int)((x >> 26) % 9));
        if (x % 8 == 1 || x % 8 == 2 || x % 8 == 6) {
            body(r, (x >> 28) & 1);
        } else {
            prog_printf(&text, "\r\n");
        }
    } else {
        static const int codes[] = { 200, 201, 204, 301, 304, 404, 500, 503 };
        int code = codes[x % 8];
        prog_printf(&text, "HTTP/1.1 %d %s\r\n", code, http_status_str((enum http_status)code));
        headers(r, 1 + (int)((x >> 26) % 7));
        if (code == 204 || code == 304) {
            prog_printf(&text, "\r\n");
        } else {
            body(r, (x >> 28) & 1);
        }
    }
    want_messages++;
}

// Feed text.p[0..text.len) in pieces; returns the bytes parsed (all, unless an error stopped it).
static size_t feed(http_parser *p, uint32_t seed) {
    prog_rng r = { seed };
    size_t at = 0;
    while (at < text.len) {
        size_t n = prog_rand(&r) % 1500 + 1;
        n = n > text.len - at ? text.len - at : n;
        size_t got = http_parser_execute(p, &settings, text.p + at, n);
        at += got;
        if (got != n || HTTP_PARSER_ERRNO(p) != HPE_OK) {
            break;
        }
    }
    return at;
}

static uint32_t stream(long count, int request, uint32_t seed) {
    prog_rng r = { seed };
    text.len = 0;
    want_body = want_chunks = want_messages = 0;
    for (long i = 0; i < count; i++) {
        message(&r, request);
    }
    http_parser p;
    seen s = { 0 };
    s.h = PROG_FNV_INIT;
    http_parser_init(&p, request ? HTTP_REQUEST : HTTP_RESPONSE);
    p.data = &s;
    size_t done = feed(&p, seed * 7 + 1);
    printf("%s: %ld messages, %zu bytes, %ld body bytes, %ld chunks, error %s, fnv %08x\n",
        request ? "requests" : "responses", s.messages, done, s.body_bytes, s.chunks,
        http_errno_name(HTTP_PARSER_ERRNO(&p)), (unsigned)s.h);
    prog_check("all parsed", done == text.len && HTTP_PARSER_ERRNO(&p) == HPE_OK);
    prog_check("messages", s.messages == want_messages);
    prog_check("body bytes", s.body_bytes == want_body);
    prog_check("chunks", s.chunks == want_chunks);
    return s.h;
}

static const char *const urls[] = {
    "http://example.com/path/to/x?y=1#z",
    "https://user:pw@host.example.org:8443/a/b;p?q=%20&r#f",
    "http://[2001:db8::1]:8080/index.html",
    "http://[fe80::a%25eth0]/",
    "/just/a/path?with=query",
    "*",
    "ftp://a.b/c",
    "http://host:99999/",  // a port too large
    "http://a b/",  // a space
    "http://[::1/",  // an unclosed IPv6 literal
};

static const char *const bad[] = {
    "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    "GE\x01T / HTTP/1.1\r\n\r\n",
    "GET / HTTP/9.9.9\r\n\r\n",
    "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
};

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 10);
    uint32_t sum = PROG_FNV_INIT;
    unsigned long v = http_parser_version();
    printf("http_parser %lu.%lu.%lu\n", (v >> 16) & 255, (v >> 8) & 255, v & 255);
    for (int round = 0; round < 2; round++) {
        uint32_t h[2] = { stream(n * 20, 1, 11u + (uint32_t)round), stream(n * 20, 0, 12u + (uint32_t)round) };
        sum = prog_fnv(sum, h, sizeof(h));
    }
    for (long k = 0; k < n * 200; k++) {
        const char *u = urls[k % (sizeof(urls) / sizeof(urls[0]))];
        struct http_parser_url pu;
        http_parser_url_init(&pu);
        int rc = http_parser_parse_url(u, strlen(u), *u == '*' || (k & 1), &pu);
        uint32_t w[3] = { (uint32_t)rc, pu.field_set, pu.port };
        sum = prog_fnv(sum, w, sizeof(w));
        for (int f = 0; rc == 0 && f < UF_MAX; f++) {
            if (pu.field_set & (1 << f)) {
                sum = prog_fnv(sum, u + pu.field_data[f].off, pu.field_data[f].len);
            }
        }
        if (k < (long)(sizeof(urls) / sizeof(urls[0]))) {
            printf("url %-52s rc %d fields %02x port %u\n", u, rc, pu.field_set, pu.port);
        }
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        http_parser p;
        seen s = { 0 };
        http_parser_init(&p, HTTP_REQUEST);
        p.data = &s;
        size_t got = http_parser_execute(&p, &settings, bad[i], strlen(bad[i]));
        enum http_errno e = HTTP_PARSER_ERRNO(&p);
        printf("bad %zu: stopped at %zu, %s\n", i, got, http_errno_name(e));
        prog_check("a bad message is refused", e != HPE_OK);
        uint32_t g = (uint32_t)got;
        sum = prog_fnv(sum, &g, sizeof(g));
    }
    free(text.p);
    printf("http-parser n=%ld: %s\n", n, prog_failures ? "FAILED" : "every count as generated");
    printf("checksum=0x%08x\n", (unsigned)sum);
    return prog_failures != 0;
}
