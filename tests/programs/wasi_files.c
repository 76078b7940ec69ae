// SPDX-License-Identifier: MIT
// wasi
// Files under a preopened directory (docs/wasi.md "Files"): write, append,
// read back, seek, stat, mkdir, rename, list, unlink, rmdir; paths that try
// to leave the preopen are refused. Run with WASI(preopens={"/data": DIR}):
// it leaves /data/kept.txt for the caller to read.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void refused(const char *what, const char *path, const char *mode) {
    errno = 0;
    FILE *f = fopen(path, mode);
    printf("%s %s errno %d\n", what, f != NULL ? "OPENED" : "refused", errno);
    if (f != NULL) {
        fclose(f);
    }
}

int main(void) {
    FILE *f = fopen("/data/hello.txt", "w");
    fprintf(f, "hello %d\n", 42);
    fclose(f);
    f = fopen("/data/hello.txt", "a");
    fputs("more\n", f);
    fclose(f);
    char line[64];
    f = fopen("/data/hello.txt", "r");
    while (fgets(line, sizeof(line), f) != NULL) {
        printf("read: %s", line);
    }
    fseek(f, 3, SEEK_SET);
    printf("at 3: %c, ", fgetc(f));
    fseek(f, 0, SEEK_END);
    printf("size %ld\n", ftell(f));
    fclose(f);
    struct stat st;
    printf("stat %d size %lld regular %d\n", stat("/data/hello.txt", &st), (long long)st.st_size, S_ISREG(st.st_mode));
    printf("mkdir %d, again errno ", mkdir("/data/sub", 0777));
    printf("%d\n", mkdir("/data/sub", 0777) == 0 ? 0 : errno);
    printf("rename %d\n", rename("/data/hello.txt", "/data/sub/moved.txt"));
    DIR *d = opendir("/data/sub");
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            printf("entry %s\n", e->d_name);
        }
    }
    closedir(d);
    refused("escape", "/data/../escape.txt", "w");
    refused("deep escape", "/data/sub/../../escape.txt", "w");
    refused("outside", "/etc/passwd", "r");
    refused("missing", "/data/missing.txt", "r");
    printf("rmdir non-empty %d\n", rmdir("/data/sub") == 0 ? 0 : errno);
    printf("unlink %d rmdir %d\n", unlink("/data/sub/moved.txt"), rmdir("/data/sub"));
    f = fopen("/data/kept.txt", "w");
    fputs("written by wasm\n", f);
    fclose(f);
    return 0;
}
