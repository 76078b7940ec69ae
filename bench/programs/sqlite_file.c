// SPDX-License-Identifier: MIT
// SQLite (Debian's sqlite3 source package, the amalgamation as sqlite_bench.c
// builds it) with its database in a file, through SQLite's own unix VFS: the
// WASI file calls a real program makes (open, pread, pwrite, fsync, fstat,
// ftruncate, unlink, access, stat). N rows inserted in transactions, updated,
// a third deleted, rewritten with the journal in TRUNCATE mode (the journal
// cut to 0 bytes at each commit), VACUUM (the database file shrinks), then the
// database closed, opened again and checked (PRAGMA integrity_check) and every
// row hashed into the checksum.
//   sqlite_file N DIR        the database is DIR/sqlite_file.db, made afresh
//
// The "unix-none" VFS: the unix VFS without POSIX advisory locks, which WASI
// preview1 does not have (wasi-libc's fcntl() knows no F_SETLK); one process
// uses the database, so nothing needs them. The wasm build takes the names of
// os_unix.c that wasi-libc lacks from wasi_compat/sqlite_unix.h.
// Everything printed is the same on every platform: no times, no paths, no
// random bytes (the unix VFS's randomness only salts the journal's header).
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite3.h"
#include "prog_common.h"

static uint32_t checksum = PROG_FNV_INIT;
static sqlite3 *db;
static char path[512], journal[600];

static void fail(const char *what) {
    printf("FAILED %s: %s\n", what, db != NULL ? sqlite3_errmsg(db) : "no database");
    exit(1);
}

static void exec(const char *sql) {
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        fail(sql);
    }
}

// The first column of the query's first row, as an integer and as text (into
// text[size], if given); every row's columns also go into the checksum.
static long long query(const char *sql, char *text, size_t size, long *rows) {
    sqlite3_stmt *st;
    long long first = -1;
    long n = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(sql);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const unsigned char *t = sqlite3_column_text(st, c);
            checksum = prog_fnv(checksum, t != NULL ? (const char *)t : "(null)", t != NULL ? strlen((const char *)t) : 6);
        }
        if (n++ == 0) {
            first = sqlite3_column_int64(st, 0);
            if (text != NULL) {
                const unsigned char *t = sqlite3_column_text(st, 0);
                snprintf(text, size, "%s", t != NULL ? (const char *)t : "(null)");
            }
        }
    }
    if (rc != SQLITE_DONE) {
        fail(sql);
    }
    sqlite3_finalize(st);
    if (rows != NULL) {
        *rows = n;
    }
    return first;
}

static long long value(const char *sql) {
    return query(sql, NULL, 0, NULL);
}

static long file_size(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

// "journal N bytes", or "no journal" where there is none
static const char *journal_text(void) {
    static char text[48];
    long size = file_size(journal);
    if (size < 0) {
        return "no journal";
    }
    snprintf(text, sizeof(text), "journal %ld bytes", size);
    return text;
}

static void open_db(void) {
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix-none") != SQLITE_OK) {
        fail("open");
    }
    exec("PRAGMA cache_size=32");   // 32 pages of 1 KiB: the database lives in its file, not the cache
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2000);
    snprintf(path, sizeof(path), "%s/sqlite_file.db", argc > 2 ? argv[2] : ".");
    snprintf(journal, sizeof(journal), "%s-journal", path);
    unlink(path);
    unlink(journal);
    printf("sqlite %s, a database file through the unix-none VFS, %ld rows\n", sqlite3_libversion(), n);

    open_db();
    exec("PRAGMA page_size=1024");
    exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, pad BLOB)");
    exec("CREATE INDEX t_k ON t(k)");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK) {
        fail("prepare");
    }
    prog_rng r = { 12345 };
    long txns = 0;
    for (long i = 1; i <= n; i++) {
        if (i % 250 == 1) {
            exec("BEGIN");
        }
        char name[32];
        uint8_t pad[96];
        uint32_t len = 16 + prog_rand(&r) % 80;
        for (uint32_t k = 0; k < len; k++) {
            pad[k] = (uint8_t)prog_rand(&r);
        }
        snprintf(name, sizeof(name), "row-%ld-%u", i, (unsigned)(prog_rand(&r) % 100000));
        sqlite3_bind_int64(ins, 1, i);
        sqlite3_bind_int64(ins, 2, prog_rand(&r) % 1000);
        sqlite3_bind_text(ins, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(ins, 4, pad, (int)len, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fail("insert");
        }
        sqlite3_reset(ins);
        if (i % 250 == 0 || i == n) {
            exec("COMMIT");
            txns++;
        }
    }
    sqlite3_finalize(ins);
    // each query on its own line: the order of a call's arguments is the compiler's (gcc's
    // and clang's differ), and each query's rows go into the checksum in turn
    long long pages = value("PRAGMA page_count");
    printf("inserted %ld rows in %ld transactions: %lld pages, file %ld bytes\n", n, txns, pages, file_size(path));

    exec("UPDATE t SET k = k * 3 + 1, name = name || '+' WHERE id % 7 = 0");
    long updated = (long)sqlite3_changes(db);
    exec("DELETE FROM t WHERE id % 3 = 0");
    long deleted = (long)sqlite3_changes(db);
    pages = value("PRAGMA page_count");
    long long free_pages = value("PRAGMA freelist_count");
    printf("updated %ld, deleted %ld: %lld pages, %lld free, %s (deleted at commit)\n", updated, deleted, pages,
        free_pages, journal_text());

    char mode[32];
    query("PRAGMA journal_mode=TRUNCATE", mode, sizeof(mode), NULL);
    for (int round = 0; round < 4; round++) {
        exec("BEGIN");
        char sql[128];
        snprintf(sql, sizeof(sql), "UPDATE t SET name = substr(name, 1, 12) || '#%d' WHERE id %% 5 = %d", round, round);
        exec(sql);
        snprintf(sql, sizeof(sql), "DELETE FROM t WHERE id %% 11 = %d", round);
        exec(sql);
        exec("COMMIT");
    }
    pages = value("PRAGMA page_count");
    free_pages = value("PRAGMA freelist_count");
    printf("journal_mode %s, 4 transactions: %lld pages, %lld free, %s (cut at commit)\n", mode, pages,
        free_pages, journal_text());

    exec("VACUUM");
    long long after = value("PRAGMA page_count");
    free_pages = value("PRAGMA freelist_count");
    printf("vacuum: %lld -> %lld pages, %lld free, file %ld bytes\n", pages, after, free_pages, file_size(path));
    sqlite3_close(db);
    db = NULL;

    open_db();
    char check[64];
    long rows;
    query("PRAGMA integrity_check", check, sizeof(check), NULL);
    long long count = value("SELECT count(*) FROM t");
    long long sum = value("SELECT sum(k) FROM t");
    query("SELECT id, k, name, hex(pad) FROM t ORDER BY id", NULL, 0, &rows);
    query("SELECT id FROM t ORDER BY k, id", NULL, 0, NULL);
    printf("reopened: integrity_check %s, %lld rows (%ld read), sum(k) %lld, file %ld bytes\n", check, count, rows,
        sum, file_size(path));
    sqlite3_close(db);
    printf("checksum=0x%08x\n", (unsigned)checksum);
    return 0;
}
