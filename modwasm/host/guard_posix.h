// SPDX-License-Identifier: MIT
// guard_posix.h: the platform's part of the engine's guard pages on a POSIX
// x86-64 host (mw_config.h MW_GUARD_PAGES): the reservations (mmap,
// mprotect) and the SIGSEGV/SIGBUS handler that hands a fault to the engine
// (mw.h mw_guard_fault).
#ifndef MW_GUARD_POSIX_H
#define MW_GUARD_POSIX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

// Registers the reservation hooks with the engine (mw_guard_set_ops) and
// installs the handler for SIGSEGV and SIGBUS, which passes any fault the
// engine does not take to the handler installed before it (or dies of it).
// Once, before the first memory; after any other handler of those signals
// the embedder installs (the host port's board regions), so the chain ends
// there. limit: the most bytes all memories' reservations may have open at
// once (their size: the bytes wasm can reach), 0 for no limit; a grow past
// it is refused as a heap's refusal is (mw.h MW_GROW_NOMEM). For an
// embedder whose collector frees memories (NULL, NULL otherwise): keeper,
// the engine's keep (mw.h mw_guard_ops: an object of the collector's that
// calls mw_guard_posix_release(base) when collected), and collect, a
// collection, run once before a reservation or a commit is refused.
void mw_guard_posix_install(size_t limit, void *(*keeper)(void *base), void (*collect)(void));
// Gives a reservation back (a keeper's, when collected).
void mw_guard_posix_release(void *base);
// Heaps and windows without a fault per access (mw.h mw_guard_ops show):
// their pages are shown in each reservation where their bytes lie in a file
// mapped MAP_SHARED that is registered here. Registers `size` bytes at
// `bytes` (page-aligned) as the file fd's bytes from `offset` (a multiple of
// a page); fd stays open while the process runs. False if refused (a few
// registrations only: the embedder's heap, a shm region).
bool mw_guard_posix_shareable(const void *bytes, size_t size, int fd, off_t offset);
// Before mw_guard_posix_install: show nothing (every heap and window access
// through the fault path, as where the platform refuses to map them).
void mw_guard_posix_show_none(void);
// Forgets the registration of the bytes at `bytes` (before they are unmapped:
// they are not shown again; what shows them now must be hidden first).
void mw_guard_posix_unshareable(const void *bytes);
// `size` bytes of a new memfd (named `name`), mapped MAP_SHARED (and
// executable if exec) and registered: bytes the embedder's allocator can
// hand out (its heap) whose pages can be shown. NULL if the platform
// refuses (the embedder then takes private bytes: every heap access faults
// into the slow path, as before).
void *mw_guard_posix_shared_bytes(size_t size, bool exec, const char *name);

#endif // MW_GUARD_POSIX_H
