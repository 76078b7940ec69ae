// SPDX-License-Identifier: MIT
// wasi
// pread, pwrite and fcntl(F_GETFL) through wasi-libc, as SQLite's unix VFS and
// other databases use them, on files under a preopened /data (docs/wasi.md
// "Files"): a read or write at an offset leaves the fd's position where it
// was; F_GETFL gives the access mode and O_APPEND from fd_fdstat_get.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void getfl(const char *what, int fd) {
    int fl = fcntl(fd, F_GETFL);
    const char *mode = "other";
    if ((fl & O_ACCMODE) == O_RDWR) {
        mode = "rdwr";
    } else if ((fl & O_ACCMODE) == O_RDONLY) {
        mode = "rdonly";
    } else if ((fl & O_ACCMODE) == O_WRONLY) {
        mode = "wronly";
    }
    printf("%s %s%s\n", what, mode, fl & O_APPEND ? " append" : "");
}

static void show(const char *what, int fd, long off, size_t n) {
    char b[32];
    errno = 0;
    ssize_t got = pread(fd, b, n, off);
    printf("%s %zd errno %d:", what, got, errno);
    for (ssize_t i = 0; i < got; i++) {
        printf(" %02x", (unsigned char)b[i]);
    }
    printf(" at %ld\n", (long)lseek(fd, 0, SEEK_CUR));
}

int main(void) {
    int fd = open("/data/p.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("write %zd\n", write(fd, "0123456789", 10));
    show("pread 3", fd, 3, 4);
    printf("pwrite %zd at %ld\n", pwrite(fd, "ab", 2, 1), (long)lseek(fd, 0, SEEK_CUR));
    printf("pwrite past the end %zd\n", pwrite(fd, "Z", 1, 12));
    show("pread 9", fd, 9, 8);
    show("pread 100", fd, 100, 4);
    printf("write %zd\n", write(fd, "w", 1)); // at 10: the position pwrite left alone
    getfl("rw", fd);
    close(fd);

    fd = open("/data/p.bin", O_RDONLY);
    getfl("r", fd);
    errno = 0;
    printf("pwrite read-only %zd errno %d\n", pwrite(fd, "x", 1, 0), errno);
    close(fd);

    fd = open("/data/p.bin", O_WRONLY | O_APPEND);
    getfl("w", fd);
    // O_APPEND: at the end whatever the offset (Linux's pwrite, wasmtime)
    printf("pwrite append %zd at %ld\n", pwrite(fd, "E", 1, 0), (long)lseek(fd, 0, SEEK_CUR));
    show("pread write-only", fd, 0, 1);
    close(fd);

    fd = open("/data", O_RDONLY | O_DIRECTORY);
    getfl("dir", fd);
    show("pread dir", fd, 0, 1);
    close(fd);
    show("pread stdin", 0, 0, 1);
    show("pread stdout", 1, 0, 1);
    errno = 0;
    printf("pwrite stdout %zd errno %d\n", pwrite(1, "", 0, 0), errno);
    errno = 0;
    printf("pwrite stdin %zd errno %d\n", pwrite(0, "", 0, 0), errno);

    fd = open("/data/p.bin", O_RDONLY);
    show("final", fd, 0, 16);
    close(fd);
    return 0;
}
