// SPDX-License-Identifier: MIT
// wasi
// docs/wasi.md "Files" (as notes.wasm): a file written through a preopened /data
// that Python then reads on the board's filesystem.
#include <stdio.h>

int main(void) {
    FILE *f = fopen("/data/notes.txt", "w");
    if (f == NULL) {
        perror("/data/notes.txt");
        return 1;
    }
    fputs("written by wasm\n", f);
    return fclose(f) != 0;
}
