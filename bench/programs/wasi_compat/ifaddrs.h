// SPDX-License-Identifier: MIT
// ifaddrs.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). WASI has no network interfaces to list: wasi-libc
// (2022) has no <ifaddrs.h>. CaDiCaL's Random() hashes the machine's addresses
// into a seed for its model-based tester (mobical), which the bench never
// makes; here the list cannot be read (-1, ENOSYS), as on a machine where
// getifaddrs fails, which CaDiCaL takes as no addresses.
#ifndef MPWASM_WASI_COMPAT_IFADDRS_H
#define MPWASM_WASI_COMPAT_IFADDRS_H

#include <errno.h>
#include <sys/socket.h>

struct ifaddrs {
    struct ifaddrs *ifa_next;
    char *ifa_name;
    unsigned int ifa_flags;
    struct sockaddr *ifa_addr;
};

static inline int getifaddrs(struct ifaddrs **list) {
    *list = NULL;
    errno = ENOSYS;
    return -1;
}

static inline void freeifaddrs(struct ifaddrs *list) {
    (void)list;
}

#endif // MPWASM_WASI_COMPAT_IFADDRS_H
