// SPDX-License-Identifier: MIT
// guard_posix.h: the platform's part of the engine's guard pages on a POSIX
// x86-64 host (mw_config.h MW_GUARD_PAGES): the reservations (mmap,
// mprotect) and the SIGSEGV/SIGBUS handler that hands a fault to the engine
// (mw.h mw_guard_fault).
#ifndef MW_GUARD_POSIX_H
#define MW_GUARD_POSIX_H

// Registers the reservation hooks with the engine (mw_guard_set_ops) and
// installs the handler for SIGSEGV and SIGBUS, which passes any fault the
// engine does not take to the handler installed before it (or dies of it).
// Once, before the first memory; after any other handler of those signals
// the embedder installs (the host port's board regions), so the chain ends
// there.
void mw_guard_posix_install(void);

#endif // MW_GUARD_POSIX_H
