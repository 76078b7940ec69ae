// SPDX-License-Identifier: MIT
// lazy_count.c: how often each path of the code budget ran, for the
// differential fuzzer's trace build (tests/fuzz/diff.py TRACE, evict.py):
// lazy.c calls mw_lazy_trace at each of its events when built with
// -DMW_LAZY_TRACE (never in a board build), and this counts them, so a run
// says which paths its modules reached. sh_lazy_counts reads the counts and
// starts them again (one module's load).
#include <string.h>
#include "mw.h"
#include "mw_int.h"

// the order sh_lazy_counts writes (diff.py LAZY_COUNTS names them)
enum {
    C_LOWERINGS,        // event 0: a function lowered
    C_RELOWERINGS,      // event 0 of a function lowered before in this module
    C_DROPS_BUDGET,     // event 1 before a lowering's event 3: the budget's walk
    C_DROPS_ARENA,      // event 1 after compaction did not make room (6)
    C_REARMS,           // event 2: an armed function called, its block kept
    C_ROUNDS,           // event 3 that freed bytes: an eviction round
    C_COME_ROUNDS,      // event 4: a walk came round, the newest dropped
    C_COMPACT_NEEDED,   // event 5: the bytes were there, not in one piece
    C_ARENA_SHORT,      // event 6: compaction did not make room
    C_COMPACT_PARTIAL,  // event 7: a compaction stopped with the room made
    C_COMPACT_WHOLE,    // event 8: a compaction went through the arena
    C_RUNNING_MOVED,    // event 9: running code moved, its frames with it
    C_RUNNING_OWN,      // event 10: over the running share, a block of its own
    C_OWN_RUNNING,      // event 11: a running block of its own not counted against the budget
    C_OWN_LARGER,       // ... a block larger than the whole arena (a function that cannot fit)
    C_OWN_ENTRY,        // event 12: of event 10's, one nothing running in the arena calls (an export)
    C_N
};

#define MAX_FUNCS 4096

static unsigned long counts[C_N];
static bool arena_short;  // since the last lowering, compaction made no room
static unsigned long pending;  // drops since the last event 3: a walk's, or the module freed
static uint8_t lowered[MAX_FUNCS / 8];

void mw_lazy_trace(const mw_module *m, uint32_t defidx, size_t bytes, int event) {
    switch (event) {
        case 0:
            counts[C_LOWERINGS]++;
            if (defidx < MAX_FUNCS) {
                counts[C_RELOWERINGS] += (lowered[defidx / 8] >> (defidx % 8)) & 1;
                lowered[defidx / 8] |= (uint8_t)(1u << (defidx % 8));
            }
            arena_short = false;
            break;
        case 1:
            // a lowering's walk is followed by its event 3; the drops of
            // mw_module_free and mw_module_unlower are not, and not counted
            counts[C_DROPS_ARENA] += arena_short;
            pending += !arena_short;
            break;
        case 2:
            counts[C_REARMS]++;
            break;
        case 3:
            counts[C_ROUNDS] += bytes != 0;
            counts[C_DROPS_BUDGET] += pending;
            pending = 0;
            break;
        case 11:
            counts[C_OWN_RUNNING]++;
            counts[C_OWN_LARGER] += bytes > (size_t)m->arena_units * sizeof(mw_code_unit);
            break;
        case 12:
            counts[C_OWN_ENTRY]++;
            break;
        case 6:
            arena_short = true;
            counts[C_ARENA_SHORT]++;
            break;
        default:
            if (event >= 4 && event <= 10) {
                counts[C_COME_ROUNDS + (event - 4)]++;
            }
            break;
    }
}

// The counts since the last call (at most n of them, C_N in all) into out,
// then every count and the module's lowered functions cleared; the number
// written.
uint32_t sh_lazy_counts(unsigned long *out, uint32_t n) {
    n = n < C_N ? n : C_N;
    memcpy(out, counts, n * sizeof(*out));
    memset(counts, 0, sizeof(counts));
    memset(lowered, 0, sizeof(lowered));
    arena_short = false;
    pending = 0;
    return n;
}
