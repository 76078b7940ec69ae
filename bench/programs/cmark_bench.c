// SPDX-License-Identifier: MIT
// cmark (Debian's cmark source package, the CommonMark reference library, src/
// unchanged): generates a Markdown document of N sections (ATX and setext
// headings, nested lists, emphasis, code spans and fenced blocks, block quotes,
// inline and reference links, autolinks, entities, raw HTML, hard breaks),
// feeds it to the parser in 1000-byte pieces, walks the tree with the
// iterator, renders HTML, XML, CommonMark (wrapped at 72), LaTeX and man, then
// parses an unwrapped CommonMark rendering again: its HTML must be the first HTML.
//   cmark_bench N
#include "cmark.h"
#include "prog_common.h"

static const char *const words[] = {
    "memory", "module", "*table*", "function", "`value`", "stack", "wasm", "**engine**", "board", "serial",
    "heap", "flash", "interrupt", "timer", "sensor", "packet", "&amp;", "&copy;", "a_b_c", "x<y",
};

static size_t para(char *out, prog_rng *r, int nwords) {
    size_t n = 0;
    for (int i = 0; i < nwords; i++) {
        uint32_t x = prog_rand(r);
        switch (x % 23) {
            case 0:
                n += sprintf(out + n, "[link %u](http://example.com/%u \"title %u\") ", x % 97, x % 13, x % 7);
                break;
            case 1:
                n += sprintf(out + n, "[ref %u][r%u] ", x % 5, (x >> 8) % 5);
                break;
            case 2:
                n += sprintf(out + n, "<https://mpwasm.example/%u> ", x % 1000);
                break;
            case 3:
                n += sprintf(out + n, "<span class=\"k%u\">raw</span> ", x % 9);
                break;
            case 4:
                n += sprintf(out + n, "_emph **strong %u**_ ", x % 50);
                break;
            case 5:
                n += sprintf(out + n, "\\*escaped\\* ");
                break;
            case 6:
                n += sprintf(out + n, "![img %u](pic%u.png) ", x % 3, x % 11);
                break;
            case 7:
                n += sprintf(out + n, "line  \n");
                break;
            default:
                n += sprintf(out + n, "%s ", words[(x >> 5) % 20]);
        }
    }
    out[n++] = '\n';
    return n;
}

static size_t generate(char *out, long sections) {
    prog_rng r = { 4242 };
    size_t n = 0;
    for (long s = 0; s < sections; s++) {
        uint32_t x = prog_rand(&r);
        if (x & 1) {
            n += sprintf(out + n, "%.*s Section %ld ##\n\n", (int)(1 + x % 4), "####", s);
        } else {
            n += sprintf(out + n, "Section %ld\n%s\n\n", s, (x & 2) ? "=======" : "-------");
        }
        n += para(out + n, &r, 20 + (int)(x >> 8) % 30);
        out[n++] = '\n';
        for (int i = 0; i < 2 + (int)(x >> 12) % 4; i++) {
            n += sprintf(out + n, "%s ", (x & 4) ? "-" : "1.");
            n += para(out + n, &r, 5 + (int)(prog_rand(&r) % 8));
            if (i == 1) {
                n += sprintf(out + n, "\n   * nested %d\n   * > quoted item\n     continued\n", i);
            }
        }
        out[n++] = '\n';
        if (x & 8) {
            n += sprintf(out + n, "```c\nint f(int x) {\n    return x * %u; // <tag> & more\n}\n```\n\n", x % 100);
        }
        if (x & 16) {
            n += sprintf(out + n, "> quote %ld\n> ", s);
            n += para(out + n, &r, 12);
            n += sprintf(out + n, ">\n> > inner\n\n");
        }
        if (x & 32) {
            n += sprintf(out + n, "    indented code %u\n    second\tline\n\n", x % 77);
        }
        if (x & 64) {
            n += sprintf(out + n, "<div>\n*not emphasis* %u\n</div>\n\n", x % 5);
        }
        if ((x & 0x380) == 0) {
            n += sprintf(out + n, "***\n\n");
        }
    }
    for (int k = 0; k < 5; k++) {
        n += sprintf(out + n, "[r%d]: /url/%d 'Ref %d'\n", k, k, k);
    }
    out[n] = 0;
    return n;
}

int main(int argc, char **argv) {
    long sections = prog_size(argc, argv, 200);
    char *md = malloc((size_t)sections * 3000 + 4096);
    size_t len = generate(md, sections);
    uint32_t h = prog_fnv(PROG_FNV_INIT, md, len);
    printf("cmark %s: markdown %lu bytes, %ld sections\n", cmark_version_string(), (unsigned long)len, sections);

    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (size_t off = 0; off < len; off += 1000) {
        cmark_parser_feed(p, md + off, len - off < 1000 ? len - off : 1000);
    }
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);

    unsigned long counts[32] = { 0 }, text = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER) {
            counts[cmark_node_get_type(node) & 31]++;
            const char *lit = cmark_node_get_literal(node);
            if (lit) {
                text += strlen(lit);
            }
        }
    }
    cmark_iter_free(it);
    printf("nodes: headings %lu, paragraphs %lu, items %lu, links %lu, code blocks %lu, html %lu, text %lu bytes\n",
        counts[CMARK_NODE_HEADING], counts[CMARK_NODE_PARAGRAPH], counts[CMARK_NODE_ITEM], counts[CMARK_NODE_LINK],
        counts[CMARK_NODE_CODE_BLOCK], counts[CMARK_NODE_HTML_BLOCK] + counts[CMARK_NODE_HTML_INLINE], text);

    char *out[5];
    out[0] = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE);
    out[1] = cmark_render_xml(doc, CMARK_OPT_SOURCEPOS);
    out[2] = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 72);
    out[3] = cmark_render_latex(doc, CMARK_OPT_DEFAULT, 80);
    out[4] = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
    static const char *const names[] = { "html", "xml", "commonmark", "latex", "man" };
    for (int i = 0; i < 5; i++) {
        size_t l = strlen(out[i]);
        printf("%s: %lu bytes, fnv 0x%08x\n", names[i], (unsigned long)l, (unsigned)prog_fnv(PROG_FNV_INIT, out[i], l));
        h = prog_fnv(h, out[i], l);
    }
    // wrapped at 72, soft breaks move: the round trip is checked on an unwrapped rendering
    char *plain = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
    cmark_node *again = cmark_parse_document(plain, strlen(plain), CMARK_OPT_DEFAULT);
    char *html2 = cmark_render_html(again, CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE);
    printf("commonmark round trip %s\n", strcmp(html2, out[0]) == 0 ? "ok" : "FAILED");
    printf("first line: %.60s\n", out[0]);
    free(html2);
    free(plain);
    cmark_node_free(again);
    for (int i = 0; i < 5; i++) {
        free(out[i]);
    }
    cmark_node_free(doc);
    free(md);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
