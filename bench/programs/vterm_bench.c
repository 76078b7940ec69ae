// SPDX-License-Identifier: MIT
// libvterm 0.1.4 (Debian's libvterm source package, unchanged): the terminal
// emulator behind Neovim's :terminal and several terminal programs. It
// parses a byte stream of UTF-8 text and VT100/xterm control sequences
// (CSI, OSC, DCS, ESC), keeps the state (cursor, modes, scroll region,
// pen, character sets) and a screen of cells with their attributes, and
// answers queries on its output. This driver writes N screenfuls of a
// session to an 80x25 terminal: coloured text (16, 256 and RGB colours),
// wide and combining characters, cursor motion, erases, inserts and
// deletes of characters and lines, scroll regions, tabs, the line-drawing
// character set, the alternate screen and status queries; after each it
// reads every cell back and folds it into the checksum.
//   vterm_bench N      (N screenfuls of about 3 KB of input each)
#include "prog_common.h"

#include "vterm.h"

enum { ROWS = 25, COLS = 80 };

static const char *const words[] = {
    "module", "memory", "table", "engine", "lowering", "stack", "frame", "export", "import", "trap",
    "\xe6\xbc\xa2\xe5\xad\x97",  // two wide CJK characters
    "caf\xc3\xa9",               // a precomposed e-acute
    "nai\xcc\x88ve",             // i with a combining diaeresis
    "\xce\xbb\xce\xb1\xce\xbc",  // Greek
    "\xe2\x94\x80\xe2\x94\x82",  // box drawing
};

static void put(prog_buf *b, const char *s) {
    prog_put(b, s);
}

// One screenful of input from the generator.
static void make_chunk(prog_buf *b, prog_rng *r, long i) {
    b->len = 0;
    if (b->p) {
        b->p[0] = 0;
    }
    if (i % 7 == 3) {
        put(b, "\x1b[?1049h");  // to the alternate screen
    }
    if (i % 7 == 5) {
        put(b, "\x1b[?1049l");  // and back
    }
    prog_printf(b, "\x1b]2;session %ld\x07", i);  // the title (OSC)
    for (int k = 0; k < 60; k++) {
        uint32_t x = prog_rand(r);
        switch (x % 16) {
            case 0:
                prog_printf(b, "\x1b[%u;%uH", 1 + (x >> 8) % ROWS, 1 + (x >> 16) % COLS);  // CUP
                break;
            case 1:
                prog_printf(b, "\x1b[%u;%um", 30 + (x >> 8) % 8, 40 + (x >> 12) % 8);  // 16 colours
                break;
            case 2:
                prog_printf(b, "\x1b[38;5;%u;48;5;%um", (x >> 8) & 255, (x >> 16) & 255);  // 256 colours
                break;
            case 3:
                prog_printf(b, "\x1b[1;3;4;7m\x1b[38;2;%u;%u;%um", (x >> 8) & 255, (x >> 16) & 255, x >> 24);
                break;
            case 4:
                put(b, "\x1b[0m");
                break;
            case 5:
                prog_printf(b, "\x1b[%uK", (x >> 8) % 3);  // EL
                break;
            case 6:
                prog_printf(b, "\x1b[%u@\x1b[%uP", 1 + (x >> 8) % 5, 1 + (x >> 12) % 5);  // ICH, DCH
                break;
            case 7:
                prog_printf(b, "\x1b[%uL\x1b[%uM", 1 + (x >> 8) % 3, 1 + (x >> 12) % 3);  // IL, DL
                break;
            case 8: {
                unsigned top = 1 + (x >> 8) % 10;
                prog_printf(b, "\x1b[%u;%ur\x1b[%u;1H\n\n\n\x1b[r", top, top + 5 + (x >> 12) % 10, top + 4);
                break;
            }
            case 9:
                put(b, "\x1b(0lqqk\r\nx  x\r\nmqqj\x1b(B");  // DEC line drawing
                break;
            case 10:
                put(b, "\tcol\tnext\t");
                break;
            case 11:
                prog_printf(b, "\x1b[%uA\x1b[%uC\x1b[%uB\x1b[%uD", (x >> 8) % 4, (x >> 10) % 9, (x >> 14) % 4,
                    (x >> 18) % 9);
                break;
            case 12:
                put(b, "\x1b[6n\x1b[c");  // cursor position and device attributes: answers on the output
                break;
            case 13:
                if ((x >> 8) % 8 == 0) {
                    put(b, (x >> 11) & 1 ? "\x1b[2J" : "\x1b[J");  // ED: the screen or below the cursor
                }
                break;
            default:
                for (int w = 0; w < 4 + (int)((x >> 8) % 8); w++) {
                    put(b, words[prog_rand(r) % (sizeof words / sizeof words[0])]);
                    put(b, (prog_rand(r) & 7) == 0 ? "\r\n" : " ");
                }
                break;
        }
    }
}

// Every cell of the screen: its characters, width, attributes and colours as RGB.
static uint32_t hash_screen(VTermScreen *screen, uint32_t h, unsigned long *wide, unsigned long *blank) {
    VTermPos pos;
    for (pos.row = 0; pos.row < ROWS; pos.row++) {
        for (pos.col = 0; pos.col < COLS; pos.col++) {
            VTermScreenCell cell;
            vterm_screen_get_cell(screen, pos, &cell);
            uint32_t v[VTERM_MAX_CHARS_PER_CELL + 5];
            int n = 0;
            for (int c = 0; c < VTERM_MAX_CHARS_PER_CELL && cell.chars[c]; c++) {
                v[n++] = cell.chars[c];
            }
            *blank += n == 0;
            *wide += cell.width == 2;
            v[n++] = (uint32_t)cell.width;
            v[n++] = cell.attrs.bold | cell.attrs.underline << 1 | cell.attrs.italic << 3 |
                cell.attrs.reverse << 4 | cell.attrs.strike << 5 | cell.attrs.font << 6;
            vterm_screen_convert_color_to_rgb(screen, &cell.fg);
            vterm_screen_convert_color_to_rgb(screen, &cell.bg);
            v[n++] = (uint32_t)cell.fg.rgb.red << 16 | cell.fg.rgb.green << 8 | cell.fg.rgb.blue;
            v[n++] = (uint32_t)cell.bg.rgb.red << 16 | cell.bg.rgb.green << 8 | cell.bg.rgb.blue;
            h = prog_fnv(h, v, (size_t)n * sizeof v[0]);
        }
    }
    return h;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 40);
    VTerm *vt = vterm_new(ROWS, COLS);
    vterm_set_utf8(vt, 1);
    VTermScreen *screen = vterm_obtain_screen(vt);
    vterm_screen_enable_altscreen(screen, 1);
    vterm_screen_reset(screen, 1);
    prog_rng r = { 0x2545f491u };
    prog_buf b = { 0 };
    uint32_t h = PROG_FNV_INIT;
    unsigned long bytes = 0, answered = 0, wide = 0, blank = 0;
    char reply[256];
    for (long i = 0; i < n; i++) {
        make_chunk(&b, &r, i);
        // in pieces of 1 to 64 bytes, as a pty delivers them: sequences split across writes
        size_t at = 0;
        while (at < b.len) {
            size_t piece = 1 + prog_rand(&r) % 64;
            if (piece > b.len - at) {
                piece = b.len - at;
            }
            prog_check("vterm_input_write", vterm_input_write(vt, b.p + at, piece) == piece);
            at += piece;
        }
        bytes += b.len;
        size_t got;
        while ((got = vterm_output_read(vt, reply, sizeof reply)) > 0) {
            h = prog_fnv(h, reply, got);
            answered += got;
        }
        vterm_screen_flush_damage(screen);
        h = hash_screen(screen, h, &wide, &blank);
        if (i % 16 == 15) {
            vterm_set_size(vt, ROWS - (int)(i / 16 % 3), COLS);  // a resize, then back
            vterm_set_size(vt, ROWS, COLS);
        }
    }
    VTermPos cursor;
    vterm_state_get_cursorpos(vterm_obtain_state(vt), &cursor);
    printf("screens=%ld input=%lu bytes answers=%lu bytes\n", n, bytes, answered);
    printf("wide cells=%lu blank cells=%lu cursor=%d,%d\n", wide, blank, cursor.row, cursor.col);
    free(b.p);
    vterm_free(vt);
    return prog_end(h);
}
