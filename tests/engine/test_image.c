// SPDX-License-Identifier: MIT
// test_image.c: the image loader (modwasm/engine/image.c) never crashes and
// never leaks on a damaged image. Each image named on the command line (made
// by wasm-cross --target host) is loaded whole, then ITERATIONS times with
// one to four bytes changed (in the header and function table half the time)
// and the checksum recomputed, so the damage reaches the checks behind it:
// every load must give a module or a load error with a message and an offset
// inside the image, and return every byte it allocated. Then ITERATIONS
// times with one branch target (any TARGET, a JMP_FAR's index, a br_table
// entry) pointed at another instruction, backward as often as forward: a
// module that loads must have a poll on every loop (no_silent_loop, which
// knows which handlers poll from exec.c, not from the op rows' words that
// mw_code_check reads). Then ITERATIONS times with one to four bytes of the
// function names part changed (an image that has one): a module that loads
// reads every function's name inside that part, as valid UTF-8 (what a trap
// message and e.trace read in place). Built with ASan/UBSan by
// tests/host/test_images.py. Prints "N loads, M loaded, B retargeted, K of
// them refused, D with names damaged, L of them loaded, 0 failures".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "image.h"

#define ITERATIONS 3000

static long outstanding;

static void *counting_alloc(void *ctx, void *p, size_t old, size_t n) {
    (void)ctx;
    outstanding += (long)n - (long)(p ? old : 0);
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static uint32_t rng = 12345;
static uint32_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

// The byte at `at` of img changed: a random byte or one bit flipped.
static void damage(uint8_t *img, size_t at) {
    img[at] = next() % 2 ? (uint8_t)next() : (uint8_t)(img[at] ^ (1u << (next() % 8)));
}

// The checksum of img's len bytes written into it (little-endian hosts only).
static void reseal(uint8_t *img, size_t len) {
    uint32_t crc = mw_image_crc32(0, img + MW_IMAGE_AT_META, len - MW_IMAGE_AT_META);
    memcpy(img + MW_IMAGE_AT_CRC, &crc, 4);
}

// ---- an oracle for mw_code_check's poll rule -------------------------------
// The edges of a function's code, each polled or not as exec.c runs it:
// BR, BR_IF, BR_TABLE, JMP_LOOP and BR_IF_LOOP poll on every jump; JMP_FAR,
// the i32 compare-and-branch ops (and their 16-bit twins) and BR_ADD_NZ when
// the target is at or before the op (exec.c TAKE, JMP_FAR's `back`; the full
// profile's BR_ADD_NZ on every jump, a superset: TAKE_BACK); every
// other jump, and falling through, never. A loop is a cycle of edges: one
// without a polled edge could run past fuel and Ctrl-C.
static bool polls_always(uint32_t op) {
    return op == MW_OP_BR || op == MW_OP_BR_IF || op == MW_OP_BR_TABLE || op == MW_OP_JMP_LOOP || op == MW_OP_BR_IF_LOOP;
}
static bool polls_back(uint32_t op) {
    return op == MW_OP_JMP_FAR || op == MW_OP_BR_ADD_NZ || (op >= MW_OP_BR_EQ && op <= MW_OP_BR_ANDZ)
           || (op >= MW_OP_BR_EQ_IMMH && op <= MW_OP_BR_ANDZH);
}
static bool ends_path(uint32_t op) {
    return op == MW_OP_UNREACHABLE || op == MW_OP_JMP || op == MW_OP_JMP_LOOP || op == MW_OP_JMP_FAR || op == MW_OP_BR
           || op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP || op == MW_OP_RETURN || op == MW_OP_RETURN1
           || op == MW_OP_RETURN0;
}

#define MAX_UNITS (1u << 18)
#define MAX_EDGES 64
typedef struct {
    uint32_t at[MAX_EDGES];   // the unit that holds each target (for retargeting); UINT32_MAX: none
    uint32_t to[MAX_EDGES];
    uint32_t n;
    bool fall;                 // falls through to the next instruction
    uint32_t next;             // the next instruction's unit
} edges;

// The instruction at unit u of code (an image's, or a module's that loaded:
// well formed): its jump targets (relative TARGETs, JMP_FAR's unit index,
// br_table entries). `head`: the units before its op (a loaded module's
// code is threaded on a host, mw_int.h MW_THREAD_UNITS; an image's is
// compact: 0).
static void instruction_edges(const mw_code_unit *code, uint32_t u, uint32_t head, edges *e) {
    uint32_t op = code[u + head], n = mw_op_units(op), at = u + head + 1;
    const uint8_t *k = mw_op_kinds(op);
    e->n = 0;
    for (int i = 0; i < MW_MAX_IMMS && k[i] != MW_K_NONE; at += mw_kind_units[k[i]], i++) {
        if (k[i] == MW_K_TARGET) {
            e->at[e->n] = at;
            e->to[e->n++] = at + (uint32_t)(int32_t)(int16_t)code[at];
        }
    }
    if (op == MW_OP_JMP_FAR) {
        e->at[e->n] = UINT32_MAX;
        e->to[e->n++] = mw_code_u32(code + u + head + 1);
    }
    if (op == MW_OP_BR_TABLE || op == MW_OP_BR_TABLE_JMP) {
        uint32_t count = mw_code_u32(code + u + head + 1 + MW_W_SLOT), w = op == MW_OP_BR_TABLE ? MW_BR_ENTRY : MW_W_TARGET;
        for (uint32_t i = 0; i <= count; i++) {
            uint32_t t = u + head + 1 + n + i * w;
            if (e->n < MAX_EDGES) {
                e->at[e->n] = t;
                e->to[e->n++] = t + (uint32_t)(int32_t)(int16_t)code[t];
            }
        }
        n += (count + 1) * w;
    }
    e->fall = !ends_path(op);
    e->next = u + head + 1 + n;
}

// Whether a loaded function's code (len units) has a cycle of unpolled
// edges: a depth-first walk over them from every instruction (colour 1: on
// the path).
static bool silent_loop(const mw_code_unit *code, uint32_t len) {
    static uint8_t colour[MAX_UNITS];
    static uint32_t stack[MAX_UNITS], edge_ix[MAX_UNITS];
    if (len > MAX_UNITS) {
        return false;
    }
    memset(colour, 0, len);
    for (uint32_t root = 0; root < len;) {
        edges r;
        instruction_edges(code, root, MW_THREAD_UNITS, &r);
        if (colour[root] != 0) {
            root = r.next;
            continue;
        }
        uint32_t sp = 0;
        stack[sp] = root;
        edge_ix[sp++] = 0;
        colour[root] = 1;
        while (sp > 0) {
            uint32_t u = stack[sp - 1], op = MW_OP_AT(code + u), t;
            edges e;
            instruction_edges(code, u, MW_THREAD_UNITS, &e);
            uint32_t i = edge_ix[sp - 1]++;
            if (i < e.n) {
                t = e.to[i];
                if (polls_always(op) || (polls_back(op) && t <= u)) {
                    continue;       // a polled edge: no loop runs silently through it
                }
            } else if (i == e.n && e.fall) {
                t = e.next;
            } else {
                colour[u] = 2;
                sp--;
                continue;
            }
            if (t >= len || colour[t] == 2) {
                continue;
            }
            if (colour[t] == 1) {
                return true;
            }
            colour[t] = 1;
            stack[sp] = t;
            edge_ix[sp++] = 0;
        }
        root = r.next;
    }
    return false;
}

static int failures;
static void check(int ok, const char *what, const char *file, int iter) {
    if (!ok) {
        printf("FAIL %s: %s (iteration %d)\n", file, what, iter);
        failures++;
    }
}

// Every function of m (loaded) without a silent loop.
static bool no_silent_loop(const mw_module *m) {
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++) {
        if (silent_loop(m->funcs[i].code, m->funcs[i].code_len)) {
            return false;
        }
    }
    return true;
}

// Every function's name of m (loaded from img, len bytes) lies inside the
// image's names part (a name is read in place, by its length), and an index
// past the function space has none.
static bool names_inside(const mw_module *m, const uint8_t *img, size_t len) {
    uint32_t at = mw_image_u32(img + MW_IMAGE_AT_NAMES), n = mw_image_u32(img + MW_IMAGE_AT_NAMES_LEN);
    for (uint32_t func = 0; func <= m->nfuncs; func++) {
        const char *name;
        uint32_t name_len;
        if (mw_module_func_name(m, func, &name, &name_len)) {
            const uint8_t *p = (const uint8_t *)name;
            if (func == m->nfuncs || p < img + at || p + name_len > img + at + n || at + n > len) {
                return false;
            }
        }
    }
    return true;
}

// Where an image's branch targets are: the function, the unit holding the
// target (UINT32_MAX for a JMP_FAR: its index after the op at `op`).
typedef struct {
    uint32_t func, at, op;
} spot;
#define MAX_SPOTS 4096
static spot spots[MAX_SPOTS];

static uint32_t find_spots(const uint8_t *img) {
    uint32_t nf = mw_image_u32(img + MW_IMAGE_AT_NFUNCS), funcs = mw_image_u32(img + MW_IMAGE_AT_FUNCS);
    const mw_code_unit *units = (const mw_code_unit *)(const void *)(img + mw_image_u32(img + MW_IMAGE_AT_CODE));
    uint32_t ns = 0;
    for (uint32_t f = 0; f < nf; f++) {
        const uint8_t *e = img + funcs + f * MW_IMAGE_FUNC_WORDS * 4;
        const mw_code_unit *code = units + mw_image_u32(e);
        for (uint32_t u = 0, len = mw_image_u32(e + 4); u < len;) {
            edges ed;
            instruction_edges(code, u, 0, &ed);
            for (uint32_t i = 0; i < ed.n && ns < MAX_SPOTS; i++) {
                spots[ns++] = (spot){f, ed.at[i], u};
            }
            u = ed.next;
        }
    }
    return ns;
}

// Point the target at spot s of img at a random instruction start of its function.
static void retarget(uint8_t *img, const spot *s) {
    const uint8_t *e = img + mw_image_u32(img + MW_IMAGE_AT_FUNCS) + s->func * MW_IMAGE_FUNC_WORDS * 4;
    mw_code_unit *code = (mw_code_unit *)(void *)(img + mw_image_u32(img + MW_IMAGE_AT_CODE)) + mw_image_u32(e);
    uint32_t len = mw_image_u32(e + 4), n = 0, pick;
    for (uint32_t u = 0; u < len; n++) {
        edges ed;
        instruction_edges(code, u, 0, &ed);
        u = ed.next;
    }
    pick = next() % n;
    // backward (at or before the branch) as often as forward
    uint32_t u = 0;
    for (uint32_t i = 0; i < len; i++) {
        edges ed;
        instruction_edges(code, u, 0, &ed);
        if (i == pick) {
            break;
        }
        u = ed.next;
    }
    if (s->at == UINT32_MAX) {
        mw_code_put_u32(code + s->op + 1, u);
    } else {
        code[s->at] = (mw_code_unit)(u - s->at);
    }
}

int main(int argc, char **argv) {
    long loads = 0, loaded = 0, moved = 0, refused = 0, renamed = 0, renamed_loaded = 0;
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (f == NULL) {
            perror(argv[a]);
            return 1;
        }
        static uint8_t orig[1 << 20];
        size_t len = fread(orig, 1, sizeof(orig), f);
        fclose(f);
        // 8-byte aligned copies, as frozen arrays and GC blocks are
        uint64_t *store = malloc(len + 8);
        uint8_t *img = (uint8_t *)store;
        mw_config cfg = {.alloc = counting_alloc};
        mw_runtime *rt = NULL;
        if (mw_runtime_new(&cfg, &rt) != MW_OK) {
            return 1;
        }
        uint32_t head = mw_image_u32(orig + MW_IMAGE_AT_CODE);   // header, metadata and function table
        for (int it = -1; it < ITERATIONS; it++) {
            memcpy(img, orig, len);
            if (it >= 0) {
                int n = 1 + (int)(next() % 4);
                for (int k = 0; k < n; k++) {
                    size_t at = next() % 2 ? next() % head : next() % len;
                    if (at < MW_IMAGE_AT_META) {
                        at = MW_IMAGE_AT_VERSION + next() % (MW_IMAGE_AT_META - MW_IMAGE_AT_VERSION);
                    }
                    damage(img, at);
                }
                reseal(img, len);
            }
            long before = outstanding;
            mw_module *m = NULL;
            mw_status st = mw_module_load_image(rt, img, len, 0, &m);
            loads++;
            if (m != NULL) {
                loaded++;
                check(st == MW_OK, "status of a loaded module", argv[a], it);
                check(no_silent_loop(m), "a loop without a poll loaded", argv[a], it);
                check(names_inside(m, img, len), "a name read outside the names part", argv[a], it);
                mw_module_free(rt, m);
            } else {
                const mw_report *r = mw_last_report(rt);
                check(it >= 0, "the undamaged image loads", argv[a], it);
                check(st == MW_ERR_MALFORMED || st == MW_ERR_INVALID || st == MW_ERR_NOMEM, "load status", argv[a], it);
                check(r->msg != NULL && r->msg[0] != 0, "a message", argv[a], it);
                check(r->offset <= len, "offset inside the image", argv[a], it);
            }
            check(outstanding == before, "every byte returned", argv[a], it);
        }
        // branch targets moved: every module that loads polls on each loop
        uint32_t ns = find_spots(orig);
        for (int it = 0; ns > 0 && it < ITERATIONS; it++) {
            memcpy(img, orig, len);
            retarget(img, &spots[next() % ns]);
            reseal(img, len);
            mw_module *m = NULL;
            long before = outstanding;
            moved++;
            if (mw_module_load_image(rt, img, len, 0, &m) == MW_OK) {
                check(no_silent_loop(m), "a moved branch: a loop without a poll loaded", argv[a], it);
                mw_module_free(rt, m);
            } else {
                refused++;
            }
            check(outstanding == before, "every byte returned", argv[a], it);
        }
        // the names part damaged: a module that loads names its functions from inside it
        uint32_t names = mw_image_u32(orig + MW_IMAGE_AT_NAMES), names_len = mw_image_u32(orig + MW_IMAGE_AT_NAMES_LEN);
        for (int it = 0; names_len > 0 && it < ITERATIONS; it++) {
            memcpy(img, orig, len);
            for (int k = 0, n = 1 + (int)(next() % 4); k < n; k++) {
                damage(img, names + next() % names_len);
            }
            reseal(img, len);
            mw_module *m = NULL;
            long before = outstanding;
            renamed++;
            if (mw_module_load_image(rt, img, len, 0, &m) == MW_OK) {
                renamed_loaded++;
                check(names_inside(m, img, len), "a name read outside the names part", argv[a], it);
                mw_module_free(rt, m);
            } else {
                const mw_report *r = mw_last_report(rt);
                check(r->msg != NULL && r->offset >= names && r->offset <= names + names_len,
                    "a names error with a message, at an offset in the names part", argv[a], it);
            }
            check(outstanding == before, "every byte returned", argv[a], it);
        }
        mw_runtime_free(rt);
        free(store);
    }
    printf("%ld loads, %ld loaded, %ld retargeted, %ld of them refused, %ld with names damaged, %ld of them loaded, "
        "%d failures\n",
        loads, loaded, moved, refused, renamed, renamed_loaded, failures);
    return failures != 0;
}
