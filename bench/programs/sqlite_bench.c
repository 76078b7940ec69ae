// SPDX-License-Identifier: MIT
// SQLite (Debian's sqlite3 source package; the amalgamation sqlite3.c is
// generated from it unchanged by its own `make sqlite3.c`): an in-memory
// database workload of N rows: inserts in a transaction, an index, updates,
// deletes, aggregates, a join, ORDER BY with LIMIT, LIKE, GROUP BY, a
// recursive CTE. Every result row is printed or hashed into the checksum.
//   sqlite_bench N
//
// Built with SQLITE_OS_OTHER=1: SQLite's own OS layers (unix, win32) are left
// out and this file registers a minimal VFS (sqlite3_os_init) that can open no
// files, with a fixed clock and fixed "randomness", so the results are the same
// on every platform. ":memory:" databases and in-memory temp storage
// (SQLITE_TEMP_STORE=3) never open a file.
#include "sqlite3.h"
#include "prog_common.h"

static uint32_t checksum = PROG_FNV_INIT;
static long rows_seen;

static int vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags) {
    (void)vfs, (void)name, (void)flags, (void)out_flags;
    f->pMethods = NULL;
    return SQLITE_CANTOPEN;
}

static int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync) {
    (void)vfs, (void)name, (void)sync;
    return SQLITE_IOERR_DELETE;
}

static int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *res) {
    (void)vfs, (void)name, (void)flags;
    *res = 0;
    return SQLITE_OK;
}

static int vfs_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out) {
    (void)vfs;
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
}

static int vfs_random(sqlite3_vfs *vfs, int n, char *out) {
    (void)vfs;
    prog_rng r = { 2463534242u };
    for (int i = 0; i < n; i++) {
        out[i] = (char)prog_rand(&r);
    }
    return n;
}

static int vfs_sleep(sqlite3_vfs *vfs, int us) {
    (void)vfs;
    return us;
}

static int vfs_time(sqlite3_vfs *vfs, double *t) {
    (void)vfs;
    *t = 2461000.5;   // a fixed Julian day (2026)
    return SQLITE_OK;
}

static int vfs_error(sqlite3_vfs *vfs, int n, char *out) {
    (void)vfs;
    if (n > 0) {
        out[0] = 0;
    }
    return 0;
}

static sqlite3_vfs fixed_vfs = {
    1, sizeof(sqlite3_file), 512, NULL, "fixed",
    NULL, vfs_open, vfs_delete, vfs_access, vfs_fullpath,
    NULL, NULL, NULL, NULL, vfs_random, vfs_sleep, vfs_time, vfs_error,
};

int sqlite3_os_init(void) {
    return sqlite3_vfs_register(&fixed_vfs, 1);
}

int sqlite3_os_end(void) {
    return SQLITE_OK;
}

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        printf("%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

// Hash every row; print the first `show` rows of a query.
static void query(const char *sql, int show) {
    sqlite3_stmt *st;
    check(sqlite3_prepare_v2(db, sql, -1, &st, NULL), sql);
    int rc, row = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; i++) {
            const unsigned char *t = sqlite3_column_text(st, i);
            const char *s = t ? (const char *)t : "NULL";
            checksum = prog_fnv(checksum, s, strlen(s) + 1);
            if (row < show) {
                printf(i ? "|%s" : "  %s", s);
            }
        }
        if (row < show) {
            printf("\n");
        }
        row++;
    }
    check(rc, sql);
    sqlite3_finalize(st);
    rows_seen += row;
}

static void exec(const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        printf("%s: %s\n", sql, err ? err : "?");
        exit(1);
    }
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 20000);
    check(sqlite3_open(":memory:", &db), "open");
    printf("sqlite %s, %ld rows\n", sqlite3_libversion(), n);
    exec("CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT, city INTEGER, age INTEGER, score REAL);"
        "CREATE TABLE city(id INTEGER PRIMARY KEY, name TEXT, country TEXT);");
    static const char *const syll[] = { "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "an", "el", "or" };
    static const char *const countries[] = { "CH", "DE", "FR", "IT", "NL", "SE", "PL", "ES" };
    prog_rng r = { 99 };
    sqlite3_stmt *ins;
    exec("BEGIN");
    check(sqlite3_prepare_v2(db, "INSERT INTO city VALUES(?, ?, ?)", -1, &ins, NULL), "prepare city");
    for (int i = 0; i < 200; i++) {
        char name[16];
        uint32_t x = prog_rand(&r);
        snprintf(name, sizeof(name), "%s%s%s", syll[x % 12], syll[(x >> 4) % 12], syll[(x >> 8) % 12]);
        sqlite3_bind_int(ins, 1, i);
        sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, countries[(x >> 12) % 8], -1, SQLITE_STATIC);
        check(sqlite3_step(ins), "insert city");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    check(sqlite3_prepare_v2(db, "INSERT INTO person(name, city, age, score) VALUES(?, ?, ?, ?)", -1, &ins, NULL),
        "prepare person");
    for (long i = 0; i < n; i++) {
        char name[24];
        uint32_t x = prog_rand(&r), y = prog_rand(&r);
        snprintf(name, sizeof(name), "%s%s%s%s", syll[x % 12], syll[(x >> 4) % 12], syll[(x >> 8) % 12],
            syll[(x >> 12) % 12]);
        sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 2, (int)(y % 200));
        sqlite3_bind_int(ins, 3, (int)(18 + (y >> 8) % 70));
        sqlite3_bind_double(ins, 4, (double)((y >> 16) % 10000) / 100.0);
        check(sqlite3_step(ins), "insert person");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec("COMMIT");
    exec("CREATE INDEX person_city ON person(city, age)");
    exec("UPDATE person SET score = score * 1.5 WHERE age BETWEEN 30 AND 39");
    exec("DELETE FROM person WHERE id % 17 = 0");
    printf("count, sum, avg:\n");
    query("SELECT count(*), sum(age), printf('%.4f', avg(score)) FROM person", 1);
    printf("per country:\n");
    query("SELECT c.country, count(*), min(p.age), max(p.age), printf('%.3f', avg(p.score)) "
        "FROM person p JOIN city c ON p.city = c.id GROUP BY c.country ORDER BY c.country", 8);
    printf("top scores:\n");
    query("SELECT name, age, score FROM person ORDER BY score DESC, id LIMIT 5", 5);
    printf("names like 'ka%%ne%%':\n");
    query("SELECT count(*), group_concat(DISTINCT substr(name, 1, 4)) FROM person WHERE name LIKE 'ka%ne%'", 1);
    printf("age histogram:\n");
    query("SELECT age / 10 * 10 AS decade, count(*) FROM person GROUP BY decade ORDER BY decade", 8);
    for (int c = 0; c < 200; c += 7) {
        char sql[160];
        snprintf(sql, sizeof(sql), "SELECT id, name, age FROM person WHERE city = %d AND age > 40 ORDER BY age, id", c);
        query(sql, 0);
    }
    printf("recursive cte:\n");
    query("WITH RECURSIVE f(i, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT i + 1, b, (a + b) % 1000007 FROM f "
        "WHERE i < 5000) SELECT max(i), sum(a) % 1000007 FROM f", 1);
    printf("rows seen %ld\n", rows_seen);
    printf("checksum=0x%08x\n", (unsigned)checksum);
    sqlite3_close(db);
    return 0;
}
