// SPDX-License-Identifier: MIT
// HTML Tidy 5.6.0 (Debian's tidy-html5 source package, unchanged): the W3C's
// HTML cleaner. It lexes tag soup into a node tree, repairs it the way a
// browser would (implicit and misnested elements, unclosed tags, stray end
// tags, tables and lists rebuilt, attributes and entities checked against its
// HTML5 and HTML4 tables), optionally replaces presentational markup by style
// rules, runs its diagnostics (and the accessibility checks of WCAG 1.0 at a
// level) and pretty-prints the tree as HTML or XHTML with indentation and
// wrapping. This driver writes N documents of broken markup (each a few
// hundred elements: sections, tables, lists, forms, inline runs, entities,
// comments and scripts, with a fixed share of mistakes) and tidies each under
// three configurations; the outputs and the error reports are hashed.
//   tidy_bench N      (N documents)
#include "prog_common.h"

#include "tidy.h"
#include "tidybuffio.h"

static prog_rng rng = { 0x2545f491u };

static unsigned pick(unsigned n) {
    return prog_rand(&rng) % n;
}

static const char *const words[] = { "tidy", "markup", "table", "element", "browser", "repair", "node", "tree",
    "attribute", "entity", "quirks", "parser", "lexer", "wrap", "indent", "style", "clean", "report", "comma",
    "section", "header", "footer", "nested", "implicit" };
#define NWORDS (sizeof words / sizeof words[0])

static void text(prog_buf *d, int n) {
    for (int i = 0; i < n; i++) {
        prog_printf(d, "%s%s", i ? " " : "", words[pick(NWORDS)]);
        switch (pick(16)) {
            case 0: prog_put(d, " &amp; "); break;
            case 1: prog_put(d, " &copy;"); break;
            case 2: prog_put(d, " & "); break; // a bare ampersand: an error it reports
            case 3: prog_put(d, " &eacute;t&eacute;"); break;
            case 4: prog_put(d, " &#8212; "); break;
            case 5: prog_put(d, " &nbsp;"); break;
            case 6: prog_put(d, " \xc3\xa9l\xc3\xa8ve"); break; // UTF-8 text
            case 7: prog_put(d, " &bogus;"); break; // an unknown entity
            default: break;
        }
    }
}

static void inline_run(prog_buf *d, int depth) {
    static const char *const tags[] = { "b", "i", "em", "strong", "code", "span", "a", "font", "u", "small" };
    int n = 1 + (int)pick(4);
    for (int i = 0; i < n; i++) {
        const char *t = tags[pick(sizeof tags / sizeof tags[0])];
        if (strcmp(t, "a") == 0) {
            unsigned page = pick(100), link = pick(100); // one at a time: argument order is the compiler's
            prog_printf(d, "<a href=page%u.html title='link %u'>", page, link);
        } else if (strcmp(t, "font") == 0) {
            prog_printf(d, "<font color=red size=%u face=\"Arial\">", 1 + pick(6));
        } else {
            prog_printf(d, "<%s>", t);
        }
        text(d, 2 + (int)pick(6));
        if (depth < 3 && pick(3) == 0) {
            inline_run(d, depth + 1);
        }
        switch (pick(10)) {
            case 0: break; // left open
            case 1: prog_put(d, "</p>"); break; // a stray end tag
            default: prog_printf(d, "</%s>", t); break;
        }
        prog_put(d, pick(4) ? " " : "\n");
    }
}

static void table(prog_buf *d) {
    int rows = 2 + (int)pick(6), cols = 2 + (int)pick(4);
    prog_printf(d, "<table border=%u cellpadding=2 bgcolor=#ffffcc>\n", pick(3));
    if (pick(2)) {
        prog_put(d, "<caption>");
        text(d, 3);
        prog_put(d, "</caption>");
    }
    for (int r = 0; r < rows; r++) {
        prog_put(d, pick(5) ? "<tr>" : ""); // a missing <tr>: implied
        for (int c = 0; c < cols; c++) {
            prog_put(d, r == 0 ? "<th align=center>" : "<td valign=top>");
            if (pick(6) == 0) {
                inline_run(d, 2);
            } else {
                text(d, 1 + (int)pick(3));
            }
            if (pick(4)) {
                prog_put(d, r == 0 ? "</th>" : "</td>");
            }
        }
        prog_put(d, pick(3) ? "</tr>\n" : "\n");
    }
    if (pick(8)) {
        prog_put(d, "</table>\n");
    }
}

static void list(prog_buf *d) {
    const char *t = pick(2) ? "ul" : "ol";
    prog_printf(d, "<%s type=square>\n", t);
    int n = 2 + (int)pick(6);
    for (int i = 0; i < n; i++) {
        prog_put(d, "<li>");
        text(d, 2 + (int)pick(5));
        if (pick(5) == 0) {
            list(d); // a nested list; some items are never closed
        }
        if (pick(2)) {
            prog_put(d, "</li>");
        }
        prog_put(d, "\n");
    }
    prog_printf(d, "</%s>\n", t);
}

static void form(prog_buf *d) {
    prog_printf(d, "<form action=/submit%u method=post>\n", pick(10));
    unsigned label = pick(9), name = pick(9), id = pick(9), value = pick(99);
    prog_printf(d, "<label for=f%u>Name</label><input type=text name=n%u id=f%u value='x %u'>\n", label, name, id,
        value);
    prog_put(d, "<select name=s><option value=1 selected>one<option value=2>two</select>\n");
    prog_put(d, "<textarea rows=3 cols=20>a < b && c > d</textarea><input type=submit></form>\n");
}

static void document(prog_buf *d, int sections) {
    if (pick(3)) {
        prog_put(d, pick(2) ? "<!DOCTYPE html>\n" : "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n");
    }
    prog_put(d, "<html><head><title>");
    text(d, 3);
    prog_put(d, "</title>\n<style>p { margin: 0 }</style>\n");
    prog_put(d, "<script>if (a < b && c) { document.write('<p>x</p>'); }</script>\n");
    if (pick(2)) {
        prog_put(d, "</head>\n"); // else <body> closes it
    }
    prog_printf(d, "<body bgcolor=white text=black link=blue onload='init(%u)'>\n", pick(9));
    for (int s = 0; s < sections; s++) {
        prog_printf(d, "<h%u align=center>", 1 + pick(3));
        text(d, 3);
        prog_put(d, pick(6) ? "</h1>\n" : "\n"); // some headings closed by another level's tag
        prog_put(d, "<!-- a comment -- with dashes -->\n");
        int paras = 1 + (int)pick(4);
        for (int p = 0; p < paras; p++) {
            prog_put(d, pick(4) ? "<p>" : "<p align=justify>");
            text(d, 4 + (int)pick(12));
            inline_run(d, 0);
            if (pick(3) == 0) {
                unsigned pic = pick(50), w = 10 + pick(90), h = 10 + pick(90);
                prog_printf(d, "<img src=pic%u.png width=%u height=%u>", pic, w, h);
            }
            if (pick(5) == 0) {
                prog_put(d, "<center>centred <blink>text</blink></center>"); // presentational and proprietary
            }
            prog_put(d, pick(2) ? "</p>\n" : "\n"); // paragraphs often left open
        }
        switch (pick(5)) {
            case 0: table(d); break;
            case 1: list(d); break;
            case 2: form(d); break;
            case 3:
                prog_put(d, "<pre>  preformatted\n\ttext <b>bold</b>\n</pre>\n<dl><dt>term<dd>");
                text(d, 5);
                prog_put(d, "</dl>\n");
                break;
            default:
                prog_put(d, "<div class=box><div id=inner><p>");
                text(d, 6);
                prog_put(d, "</div>\n"); // one div left open
                break;
        }
    }
    prog_put(d, pick(4) ? "</body></html>\n" : "\n");
}

// The three configurations: HTML indented and wrapped; XHTML cleaned (styles for presentational
// markup, logical emphasis); HTML5 body only, upper-case tags, accessibility checks at level 2.
static void configure(TidyDoc tdoc, int which) {
    tidySetLanguage("en"); // not the environment's locale: the same messages on every build
    tidyOptSetBool(tdoc, TidyForceOutput, yes);
    tidyOptSetBool(tdoc, TidyShowInfo, yes);
    tidyOptSetBool(tdoc, TidyMark, no); // no generator meta (it names the version, which is fixed anyway)
    switch (which) {
        case 0:
            tidyOptSetInt(tdoc, TidyIndentContent, TidyYesState);
            tidyOptSetInt(tdoc, TidyWrapLen, 72);
            break;
        case 1:
            tidyOptSetBool(tdoc, TidyXhtmlOut, yes);
            tidyOptSetBool(tdoc, TidyMakeClean, yes);
            tidyOptSetBool(tdoc, TidyLogicalEmphasis, yes);
            tidyOptSetBool(tdoc, TidyDropEmptyElems, yes);
            tidyOptSetInt(tdoc, TidyWrapLen, 100);
            break;
        default:
            tidyOptSetInt(tdoc, TidyBodyOnly, TidyYesState); // an AutoBool
            tidyOptSetBool(tdoc, TidyUpperCaseTags, yes);
            tidyOptSetInt(tdoc, TidyAccessibilityCheckLevel, 2);
            tidyOptSetInt(tdoc, TidyWrapLen, 0);
            break;
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    uint32_t h = PROG_FNV_INIT;
    size_t in_bytes = 0, out_bytes = 0, err_bytes = 0;
    unsigned errors = 0, warnings = 0, access = 0;
    for (long i = 0; i < n; i++) {
        prog_buf d = { 0 };
        document(&d, 8 + (int)pick(8));
        in_bytes += d.len;
        for (int which = 0; which < 3; which++) {
            TidyDoc tdoc = tidyCreate();
            TidyBuffer out = { 0 }, err = { 0 };
            configure(tdoc, which);
            tidySetErrorBuffer(tdoc, &err);
            int rc = tidyParseString(tdoc, d.p);
            rc = rc >= 0 ? tidyCleanAndRepair(tdoc) : rc;
            rc = rc >= 0 ? tidyRunDiagnostics(tdoc) : rc;
            rc = rc >= 0 ? tidySaveBuffer(tdoc, &out) : rc;
            prog_check("tidy", rc >= 0 && out.size > 0);
            errors += tidyErrorCount(tdoc);
            warnings += tidyWarningCount(tdoc);
            access += tidyAccessWarningCount(tdoc);
            h = prog_fnv(h, &rc, sizeof rc);
            if (out.bp != NULL) {
                h = prog_fnv(h, out.bp, out.size);
                out_bytes += out.size;
            }
            if (err.bp != NULL) {
                h = prog_fnv(h, err.bp, err.size);
                err_bytes += err.size;
            }
            if (i == 0 && which == 2 && out.bp != NULL) { // a glimpse of the first document's body
                printf("first body: %.60s\n", (const char *)out.bp);
            }
            tidyBufFree(&out);
            tidyBufFree(&err);
            tidyRelease(tdoc);
        }
        free(d.p);
    }
    printf("documents: %ld (%zu bytes), 3 configurations each\n", n, in_bytes);
    printf("output: %zu bytes; reports: %zu bytes\n", out_bytes, err_bytes);
    printf("errors %u, warnings %u, accessibility %u\n", errors, warnings, access);
    return prog_end(h);
}
