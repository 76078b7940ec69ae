// SPDX-License-Identifier: MIT
// wasi
// Writes every byte value and line-ending sequences to stdout, through stdio
// (buffered) and straight through write(1) (one fd_write each), so the
// output can be compared byte for byte with this file built natively (gcc):
// tests/host/test_wasi_bytes.py. Nothing may be translated on the way.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    unsigned char all[256];
    for (int i = 0; i < 256; i++) {
        all[i] = (unsigned char)i;
    }
    fwrite(all, 1, sizeof(all), stdout);
    fputs("\n|\r\n|\n\r|\r\r\n\n|\r", stdout);
    fflush(stdout);
    write(1, "\nraw\r\n\n", 7);
    write(1, all, sizeof(all));
    for (int i = 255; i >= 0; i--) {
        putchar(i);
    }
    fputs("end\n", stdout);
    return 0;
}
