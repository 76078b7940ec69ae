// SPDX-License-Identifier: MIT
// fuzz_run.c: libFuzzer target for instantiation and execution. The input is
// a module binary; if it loads, every import is satisfied by a stub (host
// functions that return zeros, fresh tables/memories/globals of the declared
// type), it is instantiated with a fuel budget and a memory limit, half the
// time a managed shared heap is attached, and every exported function is
// called twice with fuel (zeros, then varied arguments); exported memories,
// tables and globals are grown and read. Afterwards everything is freed
// with the engine's own calls and nothing may be left (fuzz_alloc.h); the
// board-sized stacks (1024 slots, 256 frames) are used. The input's size
// also picks the load: every body lowered at load, lowered on first call
// (MW_LOAD_LAZY), or lazily under a code budget of 1 byte, where each
// lowering evicts the others and the stub imports call the module's first
// exported function back (once deep), so a function whose code is evicted
// is re-entered while it is on the stack; or (session 35) under a budget of
// 64-1,087 bytes, over the builds' code arena minimum of 64 (build.py), so the
// arena fills, is compacted under live frames, and a function larger than it
// runs from a block of its own (lazy.c running_held), the call-backs as before;
// then (session 37) the budget is changed, the module unlowered, the budget
// changed again and the exports called once more (rebudget). And (session
// 41) a module whose last section is a custom one named "mw-pad" runs with
// that many more functions (pad_module): calls past index 65,535 from a
// small input.
#define FUZZ_NAME "fuzz_run"
#include "fuzz_exec.h"

#define CAP (64u << 20)

// pad_module: a module whose last section is a custom section named "mw-pad"
// holding a LEB128 count P (1..PAD_MAX) runs with P more defined functions
// (x -> x + 1, of an (i32) -> i32 type added after the type section's own),
// the custom section dropped: so a small input calls a function past index
// 65,535, CALL_DEF_W (mw_int.h IDX16), where a binary of that many functions
// is some 262 KB, past the campaigns' 64 KiB inputs (build.py pad_call_seeds
// makes such inputs). A module with no type, function or code section, or
// whose sections do not parse, runs as it is.
#define PAD_MAX 70000u
#define PAD_SECTIONS 64u
static const uint8_t pad_type[] = {0x60, 0x01, 0x7f, 0x01, 0x7f};
static const uint8_t pad_body[] = {0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b};   // (its size first)

// A LEB128 u32 at *at (before end), *at moved past it; false if it runs on.
static bool pad_leb(const uint8_t *p, size_t end, size_t *at, uint32_t *v) {
    uint32_t r = 0;
    for (unsigned shift = 0; shift < 35 && *at < end; shift += 7) {
        uint8_t b = p[(*at)++];
        r |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return true;
        }
    }
    return false;
}

static size_t pad_put_leb(uint8_t *out, uint32_t v) {
    size_t n = 0;
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        out[n++] = b | (v ? 0x80 : 0);
    } while (v);
    return n;
}

// The padded module (malloc'd, its size in *out_size), or NULL: data as it is.
static uint8_t *pad_module(const uint8_t *data, size_t size, size_t *out_size) {
    size_t start[PAD_SECTIONS], body[PAD_SECTIONS], end[PAD_SECTIONS];
    uint32_t ns = 0, count[PAD_SECTIONS];
    size_t at = 8;
    while (at < size) {
        uint32_t len;
        if (ns == PAD_SECTIONS) {
            return NULL;
        }
        start[ns] = at++;
        if (!pad_leb(data, size, &at, &len) || len > size - at) {
            return NULL;
        }
        body[ns] = at;
        end[ns] = at + len;
        at = end[ns];
        ns++;
    }
    // the last section: custom, named "mw-pad", the count after the name
    uint32_t name_len, pads;
    size_t p = ns ? body[ns - 1] : 0;
    if (ns < 4 || data[start[ns - 1]] != 0 || !pad_leb(data, end[ns - 1], &p, &name_len) || name_len != 6
        || end[ns - 1] - p < 6 || memcmp(data + p, "mw-pad", 6) != 0) {
        return NULL;
    }
    p += 6;
    if (!pad_leb(data, end[ns - 1], &p, &pads) || pads == 0 || pads > PAD_MAX) {
        return NULL;
    }
    int types = -1, funcs = -1, code = -1;
    for (uint32_t i = 0; i + 1 < ns; i++) {
        uint8_t id = data[start[i]];
        size_t c = body[i];
        if ((id == 1 || id == 3 || id == 10) && !pad_leb(data, end[i], &c, &count[i])) {
            return NULL;
        }
        body[i] = c;    // (from here: past the count)
        types = id == 1 ? (int)i : types;
        funcs = id == 3 ? (int)i : funcs;
        code = id == 10 ? (int)i : code;
    }
    if (types < 0 || funcs < 0 || code < 0 || count[funcs] > UINT32_MAX - pads || count[types] == UINT32_MAX) {
        return NULL;
    }
    uint8_t t_leb[5];
    size_t t_len = pad_put_leb(t_leb, count[types]);   // the added type's index
    uint8_t *out = malloc(size + 64 + (size_t)pads * (t_len + sizeof(pad_body)));
    check(out != NULL, "padded module");
    memcpy(out, data, 8);
    size_t o = 8;
    for (uint32_t i = 0; i + 1 < ns; i++) {
        int k = (int)i;
        if (k != types && k != funcs && k != code) {
            memcpy(out + o, data + start[i], end[i] - start[i]);
            o += end[i] - start[i];
            continue;
        }
        uint32_t added = k == types ? 1 : pads;
        size_t each = k == types ? sizeof(pad_type) : k == funcs ? t_len : sizeof(pad_body);
        uint8_t c_leb[5];
        size_t c_len = pad_put_leb(c_leb, count[i] + added);
        size_t len = c_len + (end[i] - body[i]) + added * each;
        check(len <= UINT32_MAX, "padded section size");
        out[o++] = data[start[i]];
        o += pad_put_leb(out + o, (uint32_t)len);
        memcpy(out + o, c_leb, c_len);
        o += c_len;
        memcpy(out + o, data + body[i], end[i] - body[i]);
        o += end[i] - body[i];
        for (uint32_t j = 0; j < added; j++) {
            memcpy(out + o, k == types ? pad_type : k == funcs ? t_leb : pad_body, each);
            o += each;
        }
    }
    *out_size = o;
    return out;
}

// The arena mode, after the calls: another budget, with code in the arena,
// keeps the arena as it is; unlowered, the arena is empty, and a third budget
// makes it anew at its size (lazy.c arena_resize, arena_empty: since session
// 37); the exports then run again, lowered into the new arena.
static void rebudget(mw_runtime *rt, mw_module *m, mw_instance *inst, reenter *re, size_t size) {
    check(mw_module_set_code_budget(rt, m, 64 + ((size >> 3) & 1023)) == MW_OK, "another code budget");
    check(mw_module_unlower(rt, m) == MW_OK, "unlower between calls");
    check(mw_module_set_code_budget(rt, m, 64 + ((size >> 5) & 1023)) == MW_OK, "a budget of an empty arena");
    exercise_calling_back(rt, inst, re, size + 1, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_heap heap = {.cap = CAP};
    mw_runtime *rt = fz_runtime(&heap, FZ_STACK_SLOTS, FZ_MAX_FRAMES, false);
    mw_status st;
    mw_module *m;
    // 0 eager, 1 lazy, 2 lazy with a code budget of 1 byte, 3 lazy with one in the code arena
    unsigned mode = (size >> 2) % 4;
    size_t padded_size = 0;
    uint8_t *padded = pad_module(data, size, &padded_size);
    st = padded != NULL ? mw_module_load(rt, padded, padded_size, mode ? MW_LOAD_LAZY : 0, &m)
                        : mw_module_load(rt, data, size, mode ? MW_LOAD_LAZY : 0, &m);
    // a lowering its own code check refuses (MW_CHECK_CODE, build.py) is a bug; a lazy
    // one's shows as a call's MW_ERR_INVALID (the call status checks)
    check(st == MW_OK || strstr(mw_last_report(rt)->msg, "lowered code") == NULL,
          "lowered code refused by the code check");
    if (m != NULL && mode >= 2) {
        check(mw_module_set_code_budget(rt, m, mode == 2 ? 1 : 64 + (size & 1023)) == MW_OK, "code budget");
    }
    reenter re = {.rt = rt};
    if (m != NULL) {
        stubs s;
        if (make_imports(rt, m, &s, mode >= 2 ? &re : NULL)) {
            int64_t fuel;
            mw_instance *inst;
            st = instantiate(rt, m, &s, &fuel, &inst);
            // (no element segment's function object short of heap under this cap)
            check(st == MW_OK || MW_IS_TRAP(st) || inst == NULL, "instance only on success or trap");
            uint8_t *bytes = NULL;
            mw_sheap *h = NULL;
            if (st == MW_OK && (size & 1)) {
                bytes = calloc(1, 256);
                mw_sheap_new(rt, bytes, 256, true, NULL, &h);
                if (h != NULL && mw_instance_attach(rt, inst, h, (size & 2) != 0) != MW_OK) {
                    check(mw_sheap_free(rt, h) == MW_OK, "free an unattached heap");
                    h = NULL;
                }
            }
            if (st == MW_OK) {
                exercise_calling_back(rt, inst, &re, size, NULL);
            }
            if (st == MW_OK && mode == 3) {
                rebudget(rt, m, inst, &re, size);
            }
            mw_instance_free(rt, inst);
            if (h != NULL) {
                // freeing the instance detached it (issue 17, 5a)
                check(!mw_sheap_in_use(h) && mw_sheap_free(rt, h) == MW_OK, "heap detached by instance free");
            }
            free(bytes);
        }
        free_imports(rt, &s);
        mw_module_free(rt, m);
    }
    mw_runtime_free(rt);
    fz_check_no_leak(&heap);
    free(padded);
    return 0;
}
