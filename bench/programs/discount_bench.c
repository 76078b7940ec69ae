// SPDX-License-Identifier: MIT
// discount 2.2.7 (Debian's discount source package, libmarkdown's sources
// unchanged, configured as debian/rules configures it): Markdown to HTML by a
// line-structured block parser (lists, quotes and footnotes nest by
// recursion) and a character-dispatching inline pass (emphasis, links,
// smartypants, html tags). This driver writes documents of N x 16 random
// sections (setext and atx headers, nested lists and quotes, indented and
// fenced code, tables, definition lists, footnotes, reference links, inline
// html, autolinks and mangled e-mail addresses, checkboxes, quotes and
// dashes for smartypants) and renders each with several flag sets, with its
// style blocks, as GitHub-flavoured input, line by line and as XML (no table
// of contents: see main). Every output's length and bytes are hashed.
//   discount_bench N      (N x 16 sections per document)
#include "prog_common.h"

#include "mkdio.h"

static uint32_t h = PROG_FNV_INIT;

static const char *const words[] = {
    "engine",
    "module",
    "stack",
    "table",
    "memory",
    "value",
    "board",
    "serial",
    "flash",
    "timer",
    "wasm",
    "heap",
    "branch",
    "loop",
    "frame",
    "slot",
    "image",
    "budget",
    "lowering",
    "trap",
};

static const char *word(prog_rng *r) {
    return words[prog_rand(r) % (sizeof(words) / sizeof(words[0]))];
}

// a sentence with inline markup: emphasis, strong, code, links, smart quotes, dashes
static void sentence(prog_buf *t, prog_rng *r, int depth) {
    char buf[160];
    unsigned n = 4 + prog_rand(r) % 10;
    for (unsigned i = 0; i < n; i++) {
        uint32_t x = prog_rand(r);
        const char *w = word(r);
        switch (x % 23) {
            case 0:
                snprintf(buf, sizeof(buf), "*%s*", w);
                break;
            case 1:
                snprintf(buf, sizeof(buf), "**%s %s**", w, word(r));
                break;
            case 2:
                snprintf(buf, sizeof(buf), "`%s()`", w);
                break;
            case 3:
                snprintf(buf, sizeof(buf), "[%s](http://example.org/%s \"%s\")", w, word(r), w);
                break;
            case 4:
                snprintf(buf, sizeof(buf), "[%s][ref%u]", w, (unsigned)(x >> 8) % 8);
                break;
            case 5:
                snprintf(buf, sizeof(buf), "\"%s\" -- '%s'...", w, word(r));
                break;
            case 6:
                snprintf(buf, sizeof(buf), "<http://%s.example.com/%u>", w, (unsigned)(x >> 8) % 100);
                break;
            case 7:
                snprintf(buf, sizeof(buf), "<%s@%s.example.net>", w, word(r));
                break;
            case 8:
                snprintf(buf, sizeof(buf), "~~%s~~", w);
                break;
            case 9:
                snprintf(buf, sizeof(buf), "%s^%u", w, (unsigned)(x >> 8) % 10);
                break;
            case 10:
                snprintf(buf, sizeof(buf), "<span class=\"%s\">%s</span>", w, word(r));
                break;
            case 11:
                snprintf(buf, sizeof(buf), "![%s](/img/%s.png =%ux%u)", w, w, 10 + x % 90, 10 + (x >> 8) % 90);
                break;
            case 12:
                snprintf(buf, sizeof(buf), "%s[^fn%u]", w, (unsigned)(x >> 8) % 4);
                break;
            case 13:
                snprintf(buf, sizeof(buf), "_%s_ \\*%s\\* &amp; 1 < 2 & 3", w, word(r));
                break;
            case 14:
                snprintf(buf, sizeof(buf), "http://auto.example.com/%s", w);
                break;
            case 15:
                snprintf(buf, sizeof(buf), "***%s*** ---", w);
                break;
            case 16:
                snprintf(buf, sizeof(buf), "(c) %s (tm) 1/2", w);
                break;
            default:
                snprintf(buf, sizeof(buf), "%s", w);
                break;
        }
        prog_put(t, buf);
        prog_put(t, i + 1 < n ? " " : (depth ? ".\n" : ".  \n"));
    }
}

static void paragraph(prog_buf *t, prog_rng *r, const char *indent) {
    unsigned lines = 1 + prog_rand(r) % 3;
    for (unsigned i = 0; i < lines; i++) {
        prog_put(t, indent);
        sentence(t, r, 1);
    }
}

// a list (bulleted, numbered or alphabetic, with checkboxes) nested to depth
static void list(prog_buf *t, prog_rng *r, int depth) {
    char indent[32] = "", mark[16];
    for (int i = 0; i < depth; i++) {
        strcat(indent, "    ");
    }
    unsigned kind = prog_rand(r) % 4, items = 2 + prog_rand(r) % 4;
    for (unsigned i = 0; i < items; i++) {
        if (kind == 0) {
            snprintf(mark, sizeof(mark), "* ");
        } else if (kind == 1) {
            snprintf(mark, sizeof(mark), "%u. ", i + 1);
        } else if (kind == 2) {
            snprintf(mark, sizeof(mark), "%c. ", 'a' + i);
        } else {
            snprintf(mark, sizeof(mark), "- [%c] ", i % 2 ? 'x' : ' ');
        }
        prog_put(t, indent);
        prog_put(t, mark);
        sentence(t, r, 1);
        if (depth < 3 && prog_rand(r) % 3 == 0) {
            prog_put(t, "\n");
            list(t, r, depth + 1);
        }
    }
    prog_put(t, "\n");
}

static void section(prog_buf *t, prog_rng *r, unsigned k) {
    char buf[160];
    uint32_t x = prog_rand(r);
    // the words drawn first, in order (a call's arguments are evaluated in no set order)
    const char *w1 = word(r), *w2 = word(r), *w3 = word(r);
    if (x % 2) {
        snprintf(buf, sizeof(buf), "%.*s %s %u\n\n", 1 + (int)(x >> 4) % 4, "####", w1, k);
    } else {
        snprintf(buf, sizeof(buf), "%s %s %u\n%s\n\n", w1, w2, k, (x >> 4) % 2 ? "=======" : "-------");
    }
    prog_put(t, buf);
    paragraph(t, r, "");
    prog_put(t, "\n");
    switch ((x >> 8) % 9) {
        case 0:
            list(t, r, 0);
            break;
        case 1: // nested quotes with a list inside
            prog_put(t, "> ");
            sentence(t, r, 1);
            prog_put(t, ">\n> > ");
            sentence(t, r, 1);
            prog_put(t, "> > * ");
            sentence(t, r, 1);
            prog_put(t, "\n");
            break;
        case 2: // indented code
            for (unsigned i = 0; i < 4; i++) {
                snprintf(buf, sizeof(buf), "    if (%s < %u) { return <%s> & 1; }\n", i % 2 ? w1 : w2, i, w3);
                prog_put(t, buf);
            }
            prog_put(t, "\n");
            break;
        case 3: // fenced code
            snprintf(buf, sizeof(buf), "```%s\nint %s = %u;\n  *%s* <b>\n```\n\n", w1, w2, x % 1000, w3);
            prog_put(t, buf);
            break;
        case 4: // a table
            prog_put(t, "| left | centre | right |\n|:-----|:------:|------:|\n");
            for (unsigned i = 0; i < 3; i++) {
                const char *a = word(r), *b = word(r);
                snprintf(buf, sizeof(buf), "| %s | *%s* | %u |\n", a, b, prog_rand(r) % 10000);
                prog_put(t, buf);
            }
            prog_put(t, "\n");
            break;
        case 5: // definition lists, both styles
            snprintf(buf, sizeof(buf), "%s\n:   ", word(r));
            prog_put(t, buf);
            sentence(t, r, 1);
            snprintf(buf, sizeof(buf), "\n=%s=\n    ", word(r));
            prog_put(t, buf);
            sentence(t, r, 1);
            prog_put(t, "\n");
            break;
        case 6: // an html block and a rule
            snprintf(buf, sizeof(buf), "<div class=\"%s\">\n<p>%s *not* markdown</p>\n</div>\n\n* * *\n\n", w1, w2);
            prog_put(t, buf);
            break;
        case 7: // a class quote and a centred paragraph
            snprintf(buf, sizeof(buf), "> %%%s%%\n> ", word(r));
            prog_put(t, buf);
            sentence(t, r, 1);
            prog_put(t, "\n->");
            sentence(t, r, 1);
            prog_put(t, "<-\n\n");
            break;
        default:
            paragraph(t, r, "");
            prog_put(t, "\n");
            break;
    }
}

static void document(prog_buf *t, unsigned sections, uint32_t seed) {
    prog_rng r = { seed };
    t->len = 0;
    prog_put(t, "% A title\n% An author\n% 2026-12-06\n\n<style>\np { margin: 0; }\n</style>\n\n");
    for (unsigned k = 0; k < sections; k++) {
        section(t, &r, k);
    }
    char buf[96];
    for (unsigned i = 0; i < 8; i++) {
        snprintf(buf, sizeof(buf), "[ref%u]: http://ref.example.org/%u \"%s\"\n", i, i, word(&r));
        prog_put(t, buf);
    }
    for (unsigned i = 0; i < 4; i++) {
        snprintf(buf, sizeof(buf), "[^fn%u]: a footnote on %s.\n", i, word(&r));
        prog_put(t, buf);
    }
}

static void hash_out(const char *s, int len) {
    h = prog_fnv(h, &len, sizeof(len));
    if (len > 0) {
        h = prog_fnv(h, s, (size_t)len);
    }
}

static void render(const char *what, const prog_buf *t, mkd_flag_t flags, int gfm) {
    MMIOT *doc = gfm ? gfm_string(t->p, (int)t->len, flags) : mkd_string(t->p, (int)t->len, flags);
    if (!doc || !mkd_compile(doc, flags)) {
        prog_check(what, 0);
        return;
    }
    char *html = NULL, *toc = NULL, *css = NULL;
    int n = mkd_document(doc, &html);
    int nt = mkd_toc(doc, &toc);
    int nc = mkd_css(doc, &css);
    hash_out(html, n);
    hash_out(toc, nt);
    hash_out(css, nc);
    const char *title = mkd_doc_title(doc);
    printf("%-10s %7d html, %5d toc, %3d css, title %s\n", what, n, nt, nc, title ? title : "(none)");
    free(toc); // mkd_toc's and mkd_css's buffers are the caller's
    free(css);
    mkd_cleanup(doc);
}

int main(int argc, char **argv) {
    long size = prog_size(argc, argv, 4);
    unsigned sections = 16 * (unsigned)size;
    prog_buf t = { 0 };
    printf("discount %s, %u sections a document\n", markdown_version, sections);
    // no MKD_TOC: a table of contents and its headers' anchors are written through
    // mkd_string_to_anchor, which calls Csputc and generate.c's Qchar, both void (int, ...), as
    // int (*)(const int, const void *): x86-64 runs the mismatched calls, WebAssembly traps them
    // (call_indirect checks the type), on our engine as the specification says
    mkd_flag_t extra = MKD_EXTRA_FOOTNOTE | MKD_FENCEDCODE | MKD_DLEXTRA | MKD_IDANCHOR | MKD_GITHUBTAGS;
    for (uint32_t d = 1; d <= 3; d++) {
        document(&t, sections, d * 2654435761u);
        printf("document %u: %zu bytes\n", (unsigned)d, t.len);
        render("default", &t, 0, 0);
        render("extra", &t, extra | MKD_AUTOLINK | MKD_TABSTOP, 0);
        render("strict", &t, MKD_STRICT | MKD_NOPANTS | MKD_NOHTML | MKD_NOTABLES | MKD_NOHEADER, 0);
        render("safe", &t, MKD_SAFELINK | MKD_NOIMAGE | MKD_NOSTRIKETHROUGH | MKD_NOSUPERSCRIPT | MKD_CDATA, 0);
        render("gfm", &t, extra | MKD_URLENCODEDANCHOR, 1);
    }
    // line by line (mkd_line) and as XML (mkd_xml)
    prog_rng r = { 99 };
    unsigned lines = 0;
    long total = 0;
    for (unsigned i = 0; i < 64 * (unsigned)size; i++) {
        prog_buf line = { 0 };
        sentence(&line, &r, 1);
        char *out = NULL;
        int n = mkd_line(line.p, (int)line.len, &out, i % 2 ? MKD_NOPANTS : 0);
        hash_out(out, n);
        total += n;
        free(out);
        n = mkd_xml(line.p, (int)line.len, &out);
        hash_out(out, n);
        total += n;
        free(out);
        free(line.p);
        lines++;
    }
    printf("%u lines: %ld bytes of html and xml\n", lines, total);
    free(t.p);
    return prog_end(h);
}
