// SPDX-License-Identifier: MIT
// A soft reset starts the collector's roots as a cold boot does.
//
// The collector scans mp_state_ctx from thread.dict_locals up to
// vm.qstr_last_chunk as roots (py/gc.c, gc_collect_start): MicroPython's
// own (the loaded modules, __main__, the emergency exception object, ...)
// and every MP_REGISTER_ROOT_POINTER of the port and its modules. A cold
// boot finds them zero (.bss); mp_init sets many again but not all, so
// after Ctrl-D the others still point where the last session left them,
// into the heap gc_init has just made anew, and whatever is allocated at
// such an address later is kept for good. Found so far (tests/hil/
// test_soak_board.py, test_soft_reset_leaves_no_stale_root):
// - the REPL's history and the scheduler's queue (session 6: the
//   Sampler's address in sched_queue[3] kept 64 B on mps3_an547);
// - the `wasm` runtime (modwasm_runtime; the binding forgot it only at
//   the next `import wasm`) and the host exception it keeps for a moment;
// - MicroPython's emergency exception object's traceback: a MemoryError
//   raised at a full heap takes that object, and its traceback is
//   allocated from the heap as soon as a frame it unwinds through frees
//   room (session 22: 128 B kept by test_mpu's thousand faults on
//   mps2_an505 after test_wasm_lazy_board).
// Zeroing the whole span, rather than each root by name, covers a root a
// module registers later too.

#include <stddef.h>
#include <string.h>

#include "py/mpstate.h"

#include "ports/common/soft_reset.h"

void soft_reset_roots(void) {
    size_t start = offsetof(mp_state_ctx_t, thread.dict_locals);
    size_t end = offsetof(mp_state_ctx_t, vm.qstr_last_chunk);
    memset((char *)&mp_state_ctx + start, 0, end - start);
}
