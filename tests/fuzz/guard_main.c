// SPDX-License-Identifier: MIT
// guard_main.c: a libFuzzer target built by GCC with guard pages (mw_config.h
// MW_GUARD_PAGES: GCC only, and not under ASan, whose shadow cannot hold 8 GiB
// reservations), so libFuzzer's own driver is not there: this is a small one.
// It installs the guard pages' handler (modwasm/host/guard_posix.c), runs
// every input file it is given (files, or every file of a folder) through
// LLVMFuzzerTestOneInput, and then, with -seconds=N, inputs made from them by
// random changes until N seconds of CPU have passed, an input that reaches
// an edge of the engine's code none before it reached kept as a starting
// point of its own (coverage feedback, session 43: the engine's objects are
// compiled with GCC's -fsanitize-coverage=trace-pc, whose call at every
// basic block lands in __sanitizer_cov_trace_pc below; -corpus=DIR writes
// the inputs kept there). After every input no
// reservation may be left (a mapping of 4 GiB or more in /proc/self/maps:
// the instances it made are freed). The targets' own checks (their models,
// the allocator's count of live blocks) abort on a finding, UBSan (built in
// by fuzz/build.py build_guarded) reports and exits, a fault the engine does
// not take is deadly: the input is then written to -artifact=PATH.
// usage: fuzz_<target>_guard [-seconds=N] [-seed=S] [-max_len=N] [-artifact=PATH] [-corpus=DIR] [-feedback=0] FILE|DIR...
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "guard_posix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// fuzz_image.c's: it asks libFuzzer's mutator first, then seals the image again
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) __attribute__((weak));

typedef struct input {
    uint8_t *data;
    size_t size;
} input;

static input *inputs;
static size_t ninputs, cap_inputs;
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static const char *artifact = "guard-crash";
static const char *corpus;            // -corpus=DIR: the inputs kept, written there
static bool feedback = true;          // -feedback=0: none kept (edges counted: a baseline)

// Coverage: edges between basic blocks of the engine (AFL's way: the block's
// hashed address xor the previous block's, shifted, so A->B and B->A differ)
// in a map of bits; `fresh` counts the bits the running input set first.
#define EDGE_BITS 18
static uint8_t edges_seen[(1u << EDGE_BITS) / 8];
static uint32_t prev_block, fresh, edges_total;

// GCC's -fsanitize-coverage=trace-pc calls it at the start of every basic
// block of the objects compiled with it (the engine's); guard_main.c is not,
// so this function is no block of its own. (It runs in the guard pages'
// signal handler too, mw_guard_fault: it only writes memory of its own.)
void __sanitizer_cov_trace_pc(void) {
    uint64_t pc = (uint64_t)(uintptr_t)__builtin_return_address(0);
    uint32_t block = (uint32_t)((pc * 0x9e3779b97f4a7c15u) >> (64 - EDGE_BITS));
    uint32_t e = block ^ prev_block;
    prev_block = block >> 1;
    uint8_t bit = (uint8_t)(1u << (e & 7));
    if (!(edges_seen[e >> 3] & bit)) {
        edges_seen[e >> 3] |= bit;
        fresh++;
    }
}

static uint64_t rnd(void) {
    // xorshift64*
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

static void add_input(input in) {
    if (ninputs == cap_inputs) {
        cap_inputs = cap_inputs ? 2 * cap_inputs : 256;
        inputs = realloc(inputs, cap_inputs * sizeof(input));
    }
    inputs[ninputs++] = in;
}

static void add_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    input in = { malloc((size_t)n + 1), (size_t)n };
    if (n < 0 || fread(in.data, 1, (size_t)n, f) != (size_t)n) {
        free(in.data);
        fclose(f);
        return;
    }
    fclose(f);
    add_input(in);
}

// A changed input that reached new edges: a starting point from now on (and
// in -corpus=DIR, named by its FNV-1a hash)
static void keep(const uint8_t *data, size_t size) {
    input in = { malloc(size + 1), size };
    memcpy(in.data, data, size);
    add_input(in);
    if (corpus == NULL) {
        return;
    }
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < size; i++) {
        h = (h ^ data[i]) * 0x100000001b3u;
    }
    char p[4096];
    snprintf(p, sizeof(p), "%s/guard-%016llx", corpus, (unsigned long long)h);
    FILE *f = fopen(p, "wb");
    if (f != NULL) {
        fwrite(data, 1, size, f);
        fclose(f);
    }
}

static void add_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(path);
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            char p[4096];
            snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
            add_file(p);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
}

// Reservations alive: mappings of 4 GiB or more (a memory's is 8 GiB + 64 KiB,
// of which the PROT_NONE part past its size is one mapping).
static int reservations(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int n = 0;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && hi - lo >= (1ul << 32)) {
            n++;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return n;
}

static unsigned long runs;
static const uint8_t *running;        // the input being run, written out if it dies
static size_t running_size;

// (open and write: no allocation, so a heap the input broke, whose malloc
// aborts, still gets its input written; session 43's first such death left none)
static void write_artifact(void) {
    if (running == NULL) {
        return;
    }
    int fd = open(artifact, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        for (size_t at = 0; at < running_size;) {
            ssize_t n = write(fd, running + at, running_size - at);
            if (n <= 0) {
                break;
            }
            at += (size_t)n;
        }
        close(fd);
        static const char said[] = "guard: the input written to the artifact\n";
        (void)!write(2, said, sizeof(said) - 1);
    }
    running = NULL;
}

// A deadly signal (a target's check() aborts; a fault the engine's handler
// does not take reaches this one, installed before it): the input, then death
static void on_death(int sig) {
    write_artifact();
    signal(sig, SIG_DFL);
    raise(sig);
}

// UBSan's death (-fno-sanitize-recover: it exits, no signal)
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void run_one(const uint8_t *data, size_t size) {
    running = data;
    running_size = size;
    fresh = 0;
    prev_block = 0;
    LLVMFuzzerTestOneInput(data, size);
    edges_total += fresh;
    runs++;
    int left = reservations();
    if (left != 0) {
        fprintf(stderr, "guard: %d reservation(s) left after an input\n", left);
        abort();
    }
    running = NULL;
}

// libFuzzer's, for fuzz_image.c's custom mutator: a few random changes in place
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) {
    static const uint8_t edge[] = { 0, 1, 0x7f, 0x80, 0xff, 0x40, 0x3f, 0xc0 };
    for (unsigned k = 1 + rnd() % 4; k > 0; k--) {
        size_t at = size ? rnd() % size : 0;
        switch (rnd() % 6) {
            case 0:
                if (size) {
                    data[at] ^= (uint8_t)(1u << (rnd() % 8));
                }
                break;
            case 1:
                if (size) {
                    data[at] = edge[rnd() % sizeof(edge)];
                }
                break;
            case 2:
                if (size) {
                    data[at] = (uint8_t)rnd();
                }
                break;
            case 3: // insert a byte
                if (size < max_size) {
                    memmove(data + at + 1, data + at, size - at);
                    data[at] = (uint8_t)rnd();
                    size++;
                }
                break;
            case 4: // erase up to 16 bytes
                if (size) {
                    size_t n = 1 + rnd() % 16;
                    n = n < size - at ? n : size - at;
                    memmove(data + at, data + at + n, size - at - n);
                    size -= n;
                }
                break;
            default: // another input's bytes over these
                if (size && ninputs) {
                    const input *o = &inputs[rnd() % ninputs];
                    if (o->size) {
                        size_t from = rnd() % o->size, n = 1 + rnd() % 32;
                        n = n < o->size - from ? n : o->size - from;
                        n = n < size - at ? n : size - at;
                        memcpy(data + at, o->data + from, n);
                    }
                }
                break;
        }
    }
    return size;
}

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    double seconds = 0;
    size_t max_len = 65536;
    static const int deadly[] = { SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE };
    for (size_t i = 0; i < sizeof(deadly) / sizeof(deadly[0]); i++) {
        signal(deadly[i], on_death);
    }
    if (__sanitizer_set_death_callback) {
        __sanitizer_set_death_callback(write_artifact);
    }
    mw_guard_posix_install(0, NULL, NULL);   // after on_death: a fault not the engine's goes there
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-seconds=", 9) == 0) {
            seconds = atof(argv[i] + 9);
        } else if (strncmp(argv[i], "-seed=", 6) == 0) {
            rng_state ^= strtoull(argv[i] + 6, NULL, 0) * 0x100000001b3u;
        } else if (strncmp(argv[i], "-max_len=", 9) == 0) {
            max_len = strtoull(argv[i] + 9, NULL, 0);
        } else if (strncmp(argv[i], "-artifact=", 10) == 0) {
            artifact = argv[i] + 10;
        } else if (strncmp(argv[i], "-corpus=", 8) == 0) {
            corpus = argv[i] + 8;
        } else if (strncmp(argv[i], "-feedback=", 10) == 0) {
            feedback = atoi(argv[i] + 10) != 0;
        } else {
            add_path(argv[i]);
        }
    }
    for (size_t i = 0; i < ninputs; i++) {
        run_one(inputs[i].data, inputs[i].size);
    }
    unsigned long replayed = runs;
    size_t given = ninputs;
    uint32_t replay_edges = edges_total;
    double t0 = cpu_seconds();
    uint8_t *buf = malloc(max_len);
    while (ninputs && seconds > 0 && cpu_seconds() - t0 < seconds) {
        const input *in = &inputs[rnd() % ninputs];
        size_t n = in->size < max_len ? in->size : max_len;
        memcpy(buf, in->data, n);
        n = LLVMFuzzerCustomMutator ? LLVMFuzzerCustomMutator(buf, n, max_len, (unsigned)rnd())
                                    : LLVMFuzzerMutate(buf, n, max_len);
        run_one(buf, n);
        if (fresh != 0 && feedback) {
            keep(buf, n);
        }
    }
    free(buf);
    // edges: those the replay reached, then those the changed inputs added
    // (0 and 0 where the engine was built without trace-pc: no feedback)
    printf("{\"inputs\": %zu, \"replayed\": %lu, \"mutated\": %lu, \"kept\": %zu, \"edges_replay\": %u, "
        "\"edges_new\": %u, \"cpu_seconds\": %.1f}\n",
        given, replayed, runs - replayed, ninputs - given, replay_edges, edges_total - replay_edges,
        cpu_seconds() - t0);
    return 0;
}
