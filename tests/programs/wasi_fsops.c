// SPDX-License-Identifier: MIT
// wasi
// The guest of tests/fuzz/wasi_files.py: runs a byte-coded script of WASI file
// calls (argv[1], in hex) under the preopen fd 3 and writes one line per call
// to stdout: its errno and results. The raw preview1 calls of <wasi/api.h>,
// nothing of wasi-libc's files, so each op is one WASI call (readdir a loop
// of them, as wasi-libc's readdir does). The script's format is
// tests/fuzz/wasi_files.py's `Op`; fds are named by slot (0 the preopen, then
// each successful open in turn), so neither side's fd numbering shows.
#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

// The path calls as raw imports: <wasi/api.h>'s wrappers take NUL-terminated
// paths, and a script's path has its own length (a NUL inside included).
#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
int32_t raw_path_open(int32_t fd, int32_t look, const char *p, uint32_t n, int32_t oflags, uint64_t rights,
    uint64_t inheriting, int32_t fdflags, __wasi_fd_t *out) RAW(path_open);
int32_t raw_path_filestat_get(int32_t fd, int32_t look, const char *p, uint32_t n, __wasi_filestat_t *st)
    RAW(path_filestat_get);
int32_t raw_path_create_directory(int32_t fd, const char *p, uint32_t n) RAW(path_create_directory);
int32_t raw_path_remove_directory(int32_t fd, const char *p, uint32_t n) RAW(path_remove_directory);
int32_t raw_path_unlink_file(int32_t fd, const char *p, uint32_t n) RAW(path_unlink_file);
int32_t raw_path_filestat_set_times(int32_t fd, int32_t look, const char *p, uint32_t n, uint64_t atim, uint64_t mtim,
    int32_t fst) RAW(path_filestat_set_times);
int32_t raw_path_rename(int32_t fd, const char *p, uint32_t n, int32_t fd2, const char *p2, uint32_t n2)
    RAW(path_rename);

#define MAX_SCRIPT 4096
#define MAX_SLOTS 64
#define NEVER_OPENED 100 // an fd number no side hands out (16 fds at most here)

static char argbuf[2 * MAX_SCRIPT + 64];
static char *argv[4];
static uint8_t script[MAX_SCRIPT];
static uint32_t slot_fd[MAX_SLOTS];
static uint8_t slot_live[MAX_SLOTS];
static uint32_t nslots;
static char line[4096];
static uint32_t pos;
static uint8_t iobuf[4096];
static uint8_t dirbuf[4096];
static char path1[1024], path2[1024];

static void out(const char *s) {
    while (*s && pos < sizeof(line) - 1) {
        line[pos++] = *s++;
    }
}

static void num(uint64_t v) {
    char b[24];
    int n = 0;
    do {
        b[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n > 0 && pos < sizeof(line) - 1) {
        line[pos++] = b[--n];
    }
}

static void hex(const uint8_t *p, uint32_t n) {
    static const char digits[] = "0123456789abcdef";
    for (uint32_t i = 0; i < n && pos < sizeof(line) - 2; i++) {
        line[pos++] = digits[p[i] >> 4];
        line[pos++] = digits[p[i] & 15];
    }
}

static void flush(void) {
    line[pos++] = '\n';
    __wasi_ciovec_t iov = { (const uint8_t *)line, pos };
    __wasi_size_t n;
    (void)__wasi_fd_write(1, &iov, 1, &n);
    pos = 0;
}

static void field(const char *name, uint64_t v) {
    out(" ");
    out(name);
    out("=");
    num(v);
}

static uint32_t at;

static uint8_t u8(void) {
    return script[at++];
}

static uint64_t le(int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        v |= (uint64_t)u8() << (8 * i);
    }
    return v;
}

// A path: u16 length, then its bytes (copied, so a NUL inside stays one)
static uint32_t path(char *dst) {
    uint32_t n = (uint32_t)le(2);
    memcpy(dst, script + at, n);
    at += n;
    return n;
}

// A slot operand b (below 0xf0): slot b if made (0 the preopen), closed or
// not; else (an open that failed: the script's count is an upper bound) one
// of the live slots of files and directories opened, the k-th for k = b %
// their number, MAX_SLOTS while there is none. Until session 32 b % (slots
// made), so a failed open's slot was mostly the preopen: its close ended the
// sequence's work (42% of all calls were EBADF).
static uint32_t slot(uint8_t b) {
    uint32_t live = 0;
    for (uint32_t i = 1; i < nslots; i++) {
        live += slot_live[i];
    }
    if (b < nslots || live == 0) {
        return b < nslots ? b : MAX_SLOTS;
    }
    for (uint32_t i = 1, k = b % live;; i++) {
        if (slot_live[i] && k-- == 0) {
            return i;
        }
    }
}

// An fd operand: 0xf0 NEVER_OPENED, 0xf1 0xffffffff, 0xf2-0xf4 fds 0-2, else slot(b)'s fd (a
// closed one is its old number unless a live slot holds that number again,
// then NEVER_OPENED: fds are reused differently by each side).
static uint32_t fd(void) {
    uint8_t b = u8();
    if (b == 0xf1) {
        return 0xffffffffu;
    }
    if (b >= 0xf2 && b <= 0xf4) {
        return b - 0xf2u; // stdin, stdout, stderr (wasi_files.py STDIN ..)
    }
    uint32_t s = b == 0xf0 ? MAX_SLOTS : slot(b);
    if (s == MAX_SLOTS) {
        return NEVER_OPENED;
    }
    if (!slot_live[s]) {
        for (uint32_t i = 0; i < nslots; i++) {
            if (slot_live[i] && slot_fd[i] == slot_fd[s]) {
                return NEVER_OPENED;
            }
        }
    }
    return slot_fd[s];
}

// " name e=E", then " key=v" if it succeeded
static void result(const char *name, __wasi_errno_t e, const char *key, uint64_t v) {
    out(name);
    field("e", e);
    if (e == 0) {
        field(key, v);
    }
}

static void filestat(__wasi_errno_t e, const __wasi_filestat_t *st) {
    field("e", e);
    if (e == 0) {
        // dev, ino, nlink and the times are each side's own (normalised away)
        field("type", st->filetype);
        field("size", st->size);
    }
}

// fd_readdir from cookie 0 to the end through a buffer of `size` bytes (grown,
// as wasi-libc grows it, while one entry does not fit), following each
// entry's d_next: every entry as " name:type"
static void readdir_all(uint32_t f, uint32_t size) {
    __wasi_dircookie_t cookie = 0;
    uint32_t calls = 0;
    for (;;) {
        __wasi_size_t used = 0;
        __wasi_errno_t e = __wasi_fd_readdir(f, dirbuf, size, cookie, &used);
        if (e != 0 || ++calls > 200) {
            field("e", e);
            if (e == 0) {
                out(" LOOPS");
            }
            return;
        }
        uint32_t p = 0, whole = 0;
        while (p + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, dirbuf + p, sizeof(d));
            if (p + sizeof(d) + d.d_namlen > used) {
                break;
            }
            out(" ");
            for (uint32_t i = 0; i < d.d_namlen; i++) {
                char c = (char)dirbuf[p + sizeof(d) + i];
                char s[2] = { c > ' ' && c < 127 && c != ':' ? c : '?', 0 };
                out(s);
            }
            out(":");
            num(d.d_type);
            p += sizeof(d) + d.d_namlen;
            cookie = d.d_next;
            whole++;
        }
        if (used < size) {
            field("e", 0);
            return;
        }
        if (whole == 0) {
            if (size >= sizeof(dirbuf)) {
                out(" TOOBIG");
                return;
            }
            size = size * 2 > sizeof(dirbuf) ? sizeof(dirbuf) : size * 2;
        }
    }
}

// A read's line: " name e=E", then " n=N BYTES" (hex, 256 at most) if it succeeded
static void read_result(const char *name, __wasi_errno_t e, __wasi_size_t got) {
    out(name);
    field("e", e);
    if (e == 0) {
        field("n", got);
        out(" ");
        hex(iobuf, got < 256 ? got : 256);
    }
}

// A write's bytes: len(u16) first byte, then first, first + 1, ... in iobuf
static __wasi_ciovec_t pattern(void) {
    uint32_t n = (uint32_t)le(2);
    n = n > sizeof(iobuf) ? (uint32_t)sizeof(iobuf) : n;
    uint8_t b = u8();
    for (uint32_t i = 0; i < n; i++) {
        iobuf[i] = (uint8_t)(b + i);
    }
    return (__wasi_ciovec_t){ iobuf, n };
}

// A read's length (u16), at most iobuf's
static __wasi_iovec_t read_len(void) {
    uint32_t n = (uint32_t)le(2);
    return (__wasi_iovec_t){ iobuf, n > sizeof(iobuf) ? (uint32_t)sizeof(iobuf) : n };
}

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                                 : -1;
}

int main(void) {
    __wasi_size_t argc, argsize;
    if (__wasi_args_sizes_get(&argc, &argsize) != 0 || argc != 2 || argsize > sizeof(argbuf)) {
        return 2;
    }
    (void)__wasi_args_get((uint8_t **)argv, (uint8_t *)argbuf);
    uint32_t len = (uint32_t)strlen(argv[1]) / 2;
    for (uint32_t i = 0; i < len; i++) {
        script[i] = (uint8_t)(hexval(argv[1][2 * i]) * 16 + hexval(argv[1][2 * i + 1]));
    }
    slot_fd[0] = 3; // the preopen
    slot_live[0] = 1;
    nslots = 1;
    for (uint32_t k = 0; at < len; k++) {
        uint8_t op = u8();
        num(k);
        switch (op) {
            case 1: { // open dir lookupflags path oflags rights fdflags
                uint32_t d = fd();
                uint8_t look = u8();
                uint32_t n = path(path1);
                uint8_t of = u8(), r = u8(), ff = u8();
                __wasi_rights_t rights = ~(__wasi_rights_t)(__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE) & 0x1fffffffu;
                rights |= (r & 1 ? __WASI_RIGHTS_FD_READ : 0) | (r & 2 ? __WASI_RIGHTS_FD_WRITE : 0);
                __wasi_fd_t nf = 0;
                __wasi_errno_t e = (__wasi_errno_t)raw_path_open(d, look, path1, n, of, rights, 0x1fffffffu, ff, &nf);
                out(" open");
                field("e", e);
                if (e == 0 && nslots < MAX_SLOTS) {
                    field("slot", nslots);
                    slot_fd[nslots] = nf;
                    slot_live[nslots++] = 1;
                }
                break;
            }
            case 2: { // close fd
                uint32_t s = script[at] >= 0xf0 ? MAX_SLOTS : slot(script[at]);
                uint32_t f = fd();
                __wasi_errno_t e = __wasi_fd_close(f);
                out(" close");
                field("e", e);
                if (e == 0 && s < nslots && slot_fd[s] == f) {
                    slot_live[s] = 0;
                }
                break;
            }
            case 3: { // read fd len(u16): the bytes read, in hex
                uint32_t f = fd();
                __wasi_iovec_t iov = read_len();
                __wasi_size_t got = 0;
                read_result(" read", __wasi_fd_read(f, &iov, 1, &got), got);
                break;
            }
            case 4: { // write fd len(u16) first byte: bytes first, first + 1, ...
                uint32_t f = fd();
                __wasi_ciovec_t iov = pattern();
                __wasi_size_t put = 0;
                result(" write", __wasi_fd_write(f, &iov, 1, &put), "n", put);
                break;
            }
            case 5: { // seek fd offset(i64) whence
                uint32_t f = fd();
                int64_t off = (int64_t)le(8);
                uint8_t wh = u8();
                __wasi_filesize_t to = 0;
                result(" seek", __wasi_fd_seek(f, off, wh, &to), "to", to);
                break;
            }
            case 6: { // tell fd
                uint32_t f = fd();
                __wasi_filesize_t to = 0;
                result(" tell", __wasi_fd_tell(f, &to), "at", to);
                break;
            }
            case 7: { // fd_filestat_get fd
                uint32_t f = fd();
                __wasi_filestat_t st;
                out(" fstat");
                filestat(__wasi_fd_filestat_get(f, &st), &st);
                break;
            }
            case 8: { // path_filestat_get dir lookupflags path
                uint32_t d = fd();
                uint8_t look = u8();
                uint32_t n = path(path1);
                __wasi_filestat_t st;
                out(" pstat");
                filestat(raw_path_filestat_get(d, look, path1, n, &st), &st);
                break;
            }
            case 9: { // readdir fd size(u16): the whole listing
                uint32_t f = fd(), size = (uint32_t)le(2);
                out(" readdir");
                readdir_all(f, size ? size : 1);
                break;
            }
            case 10: { // one fd_readdir fd cookie(u64) size(u16): bufused
                uint32_t f = fd();
                uint64_t cookie = le(8);
                uint32_t size = (uint32_t)le(2);
                __wasi_size_t used = 0;
                result(" readdir1", __wasi_fd_readdir(f, dirbuf, size, cookie, &used), "used", used);
                break;
            }
            case 11: // mkdir, rmdir, unlink: dir path
            case 12:
            case 13: {
                uint32_t d = fd();
                uint32_t n = path(path1);
                __wasi_errno_t e = op == 11 ? raw_path_create_directory(d, path1, n)
                    : op == 12              ? raw_path_remove_directory(d, path1, n)
                                            : raw_path_unlink_file(d, path1, n);
                out(op == 11 ? " mkdir" : op == 12 ? " rmdir"
                                                   : " unlink");
                field("e", e);
                break;
            }
            case 14: { // rename dir path dir2 path2
                uint32_t d = fd();
                uint32_t n = path(path1);
                uint32_t d2 = fd();
                uint32_t n2 = path(path2);
                __wasi_errno_t e = (__wasi_errno_t)raw_path_rename(d, path1, n, d2, path2, n2);
                out(" rename");
                field("e", e);
                break;
            }
            case 15: // fd_sync, fd_datasync fd
            case 16: {
                uint32_t f = fd();
                __wasi_errno_t e = op == 15 ? __wasi_fd_sync(f) : __wasi_fd_datasync(f);
                out(op == 15 ? " sync" : " datasync");
                field("e", e);
                break;
            }
            case 17: { // pread fd offset(u64) len(u16): the bytes read, in hex
                uint32_t f = fd();
                uint64_t off = le(8);
                __wasi_iovec_t iov = read_len();
                __wasi_size_t got = 0;
                read_result(" pread", __wasi_fd_pread(f, &iov, 1, off, &got), got);
                break;
            }
            case 18: { // pwrite fd offset(u64) len(u16) first byte
                uint32_t f = fd();
                uint64_t off = le(8);
                __wasi_ciovec_t iov = pattern();
                __wasi_size_t put = 0;
                result(" pwrite", __wasi_fd_pwrite(f, &iov, 1, off, &put), "n", put);
                break;
            }
            case 19: { // fd_fdstat_get fd: filetype, flags, the rights (base) FD_READ, FD_WRITE, FD_READDIR
                       // (what wasi-libc reads: fcntl(F_GETFL)'s access mode)
                uint32_t f = fd();
                __wasi_fdstat_t st;
                __wasi_errno_t e = __wasi_fd_fdstat_get(f, &st);
                out(" fdstat");
                field("e", e);
                if (e == 0) {
                    field("type", st.fs_filetype);
                    field("flags", st.fs_flags);
                    field("rights", st.fs_rights_base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READDIR));
                }
                break;
            }
            case 20: { // fd_filestat_set_size fd size(u64)
                uint32_t f = fd();
                uint64_t size = le(8);
                out(" setsize");
                field("e", __wasi_fd_filestat_set_size(f, size));
                break;
            }
            case 21: { // fd_fdstat_set_flags fd flags(u16)
                uint32_t f = fd();
                uint16_t flags = (uint16_t)le(2);
                out(" setflags");
                field("e", __wasi_fd_fdstat_set_flags(f, flags));
                break;
            }
            case 22: { // fd_allocate fd offset(u64) len(u64)
                uint32_t f = fd();
                uint64_t off = le(8), n = le(8);
                out(" allocate");
                field("e", __wasi_fd_allocate(f, off, n));
                break;
            }
            case 23: { // fd_filestat_set_times fd atim(u64) mtim(u64) fst_flags(u16)
                uint32_t f = fd();
                uint64_t atim = le(8), mtim = le(8);
                uint16_t fst = (uint16_t)le(2);
                out(" settimes");
                field("e", __wasi_fd_filestat_set_times(f, atim, mtim, fst));
                break;
            }
            case 24: { // path_filestat_set_times dir lookupflags path atim(u64) mtim(u64) fst_flags(u16)
                uint32_t d = fd();
                uint8_t look = u8();
                uint32_t n = path(path1);
                uint64_t atim = le(8), mtim = le(8);
                uint16_t fst = (uint16_t)le(2);
                out(" psettimes");
                field("e", raw_path_filestat_set_times(d, look, path1, n, atim, mtim, fst));
                break;
            }
            case 25: { // fd_filestat_get fd: its atim and mtim (ns), which the fuzzer's sequences never print
                uint32_t f = fd();
                __wasi_filestat_t st;
                __wasi_errno_t e = __wasi_fd_filestat_get(f, &st);
                out(" times");
                field("e", e);
                if (e == 0) {
                    field("atim", st.atim);
                    field("mtim", st.mtim);
                }
                break;
            }
            case 26: { // preopen k: a slot of the k-th preopen after the first (fd 3 + k, if it is one;
                       // k's top bit is the harness's: how it spelt that preopen)
                uint32_t f = 3 + (u8() & 0x7fu);
                __wasi_prestat_t pre;
                __wasi_errno_t e = __wasi_fd_prestat_get(f, &pre);
                out(" preopen");
                field("e", e);
                if (e == 0 && nslots < MAX_SLOTS) {
                    field("slot", nslots);
                    slot_fd[nslots] = f;
                    slot_live[nslots++] = 1;
                }
                break;
            }
            default:
                out(" BADOP");
                flush();
                return 3;
        }
        flush();
    }
    // what is still open is closed, as a process's exit closes its fds: the
    // final trees then hold every written byte (a board's littlefs file shows
    // them after a sync or a close; here an fd's file closes when its instance
    // is collected)
    for (uint32_t i = 1; i < nslots; i++) {
        if (slot_live[i]) {
            (void)__wasi_fd_close(slot_fd[i]);
        }
    }
    return 0;
}
