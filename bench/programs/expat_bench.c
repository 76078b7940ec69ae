// SPDX-License-Identifier: MIT
// Expat (Debian's expat source package, lib/xmlparse.c, xmlrole.c and
// xmltok.c unchanged): parses a generated XML document of about N KiB
// (nested elements with attributes, namespaces, character and entity
// references, an internal DTD subset with entities and default attributes,
// CDATA sections, comments, processing instructions), fed in pieces of 4000
// bytes, once with namespace processing and once without; the handlers
// count what they see and hash names, attributes and text.
//   expat_bench N
#include "expat.h"
#include "prog_common.h"

typedef struct stats {
    uint32_t h;
    long elements, attrs, text_bytes, pis, comments, cdata, depth, max_depth;
} stats;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    stats *s = ud;
    s->elements++;
    if (++s->depth > s->max_depth) {
        s->max_depth = s->depth;
    }
    s->h = prog_fnv(s->h, name, strlen(name) + 1);
    for (int i = 0; atts[i] != NULL; i += 2) {
        s->attrs++;
        s->h = prog_fnv(s->h, atts[i], strlen(atts[i]) + 1);
        s->h = prog_fnv(s->h, atts[i + 1], strlen(atts[i + 1]) + 1);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
    stats *s = ud;
    s->depth--;
    s->h = prog_fnv(s->h, "/", 1);
    s->h = prog_fnv(s->h, name, strlen(name));
}

static void XMLCALL on_text(void *ud, const XML_Char *text, int len) {
    stats *s = ud;
    s->text_bytes += len;
    s->h = prog_fnv(s->h, text, (size_t)len);
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data) {
    stats *s = ud;
    s->pis++;
    s->h = prog_fnv(s->h, target, strlen(target));
    s->h = prog_fnv(s->h, data, strlen(data));
}

static void XMLCALL on_comment(void *ud, const XML_Char *data) {
    stats *s = ud;
    s->comments++;
    s->h = prog_fnv(s->h, data, strlen(data));
}

static void XMLCALL on_cdata(void *ud) {
    ((stats *)ud)->cdata++;
}

// appends printf output to buf at *pos (cap: the buffer's size)
#define PUT(...) (*pos += (size_t)snprintf(buf + *pos, cap - *pos, __VA_ARGS__))

static void record(char *buf, size_t cap, size_t *pos, prog_rng *r, int depth) {
    static const char *const tags[] = { "item", "entry", "value", "node", "sensor", "packet", "frame", "block" };
    const char *tag = tags[prog_rand(r) % 8];
    // one prog_rand per statement: the order a call's arguments are evaluated in is the compiler's
    uint32_t id = prog_rand(r) % 100000u;
    PUT("<%s id=\"%u\" kind='k%u'", tag, id, prog_rand(r) % 7u);
    if (prog_rand(r) % 3 == 0) {
        PUT(" m:unit=\"mV &amp; &#181;s\"");
    }
    PUT(">");
    uint32_t kids = depth < 5 ? prog_rand(r) % 4 : 0;
    for (uint32_t k = 0; k < kids && *pos + 1024 < cap; k++) {
        record(buf, cap, pos, r, depth + 1);
    }
    switch (prog_rand(r) % 6) {
        case 0:
            PUT("text %u &lt;escaped&gt; &co; &#x263A;", prog_rand(r) % 1000u);
            break;
        case 1:
            PUT("<![CDATA[raw <data> & %u]]>", prog_rand(r));
            break;
        case 2:
            PUT("<!-- comment %u -->", prog_rand(r) % 100u);
            break;
        case 3:
            PUT("<?proc step=\"%u\"?>", prog_rand(r) % 50u);
            break;
        default:
            id = prog_rand(r) % 1000u;
            PUT("%u.%02u", id, prog_rand(r) % 100u);
            break;
    }
    PUT("</%s>\n", tag);
}

static size_t document(char *buf, size_t cap, uint32_t seed) {
    size_t n = 0, *pos = &n;
    prog_rng r = { seed };
    PUT("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE log [\n"
        "  <!ENTITY co \"Company &amp; Co\">\n"
        "  <!ATTLIST item state CDATA \"fresh\">\n"
        "]>\n"
        "<log xmlns=\"urn:example:log\" xmlns:m=\"urn:example:meta\">\n");
    while (n + 2048 < cap) {
        record(buf, cap, pos, &r, 0);
    }
    PUT("</log>\n");
    return n;
}

static int parse(const char *doc, size_t len, int ns, stats *s) {
    XML_Parser p = ns ? XML_ParserCreateNS(NULL, '|') : XML_ParserCreate(NULL);
    XML_SetHashSalt(p, 0x5eed);  // the same hashing everywhere, no entropy source needed
    XML_SetUserData(p, s);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetProcessingInstructionHandler(p, on_pi);
    XML_SetCommentHandler(p, on_comment);
    XML_SetStartCdataSectionHandler(p, on_cdata);
    size_t off = 0;
    int ok = 1;
    while (ok) {
        size_t piece = len - off < 4000 ? len - off : 4000;
        ok = XML_Parse(p, doc + off, (int)piece, off + piece == len) == XML_STATUS_OK;
        off += piece;
        if (off == len) {
            break;
        }
    }
    if (!ok) {
        printf("parse error at line %lu: %s\n", (unsigned long)XML_GetCurrentLineNumber(p),
            XML_ErrorString(XML_GetErrorCode(p)));
    }
    XML_ParserFree(p);
    return ok;
}

int main(int argc, char **argv) {
    size_t cap = (size_t)prog_size(argc, argv, 256) * 1024 + 4096;
    char *doc = malloc(cap);
    if (doc == NULL) {
        printf("out of memory\n");
        return 1;
    }
    size_t len = document(doc, cap, 2024);
    printf("%s, document %lu bytes\n", XML_ExpatVersion(), (unsigned long)len);
    uint32_t h = PROG_FNV_INIT;
    for (int ns = 0; ns < 2; ns++) {
        stats s = { PROG_FNV_INIT, 0, 0, 0, 0, 0, 0, 0, 0 };
        if (!parse(doc, len, ns, &s)) {
            return 1;
        }
        printf("%s: %ld elements, %ld attributes, %ld text bytes, %ld PIs, %ld comments, %ld CDATA, depth %ld, "
            "hash %08x\n", ns ? "namespaces" : "plain", s.elements, s.attrs, s.text_bytes, s.pis, s.comments,
            s.cdata, s.max_depth, (unsigned)s.h);
        h = prog_fnv(h, &s.h, sizeof(s.h));
    }
    printf("checksum=0x%08x\n", (unsigned)h);
    free(doc);
    return 0;
}
