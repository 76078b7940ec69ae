// SPDX-License-Identifier: MIT
// reservations.h: guard pages' reservations on the host port (GUARD=1), each
// given back when the collector frees its memory (reservations.c).
#ifndef PORTS_HOST_RESERVATIONS_H
#define PORTS_HOST_RESERVATIONS_H

#include <stddef.h>

// mw_guard_posix_install with the collector's keeper; limit: the most bytes
// the memories may have open at once (0: none).
void reservations_install(size_t limit);

#endif // PORTS_HOST_RESERVATIONS_H
