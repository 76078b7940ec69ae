// SPDX-License-Identifier: MIT
// netdb.h for wasm32-wasi builds of bench/programs (only there: native builds
// use the C library's). WASI has no name service: wasi-libc (2022) has no
// <netdb.h>. What CaDiCaL names beside getifaddrs (ifaddrs.h here, which
// lists no address, so this is never called): getnameinfo, failing.
#ifndef MPWASM_WASI_COMPAT_NETDB_H
#define MPWASM_WASI_COMPAT_NETDB_H

#include <netinet/in.h>
#include <sys/socket.h>

#define NI_NUMERICHOST 1
#define EAI_FAIL (-4)

static inline int getnameinfo(const struct sockaddr *addr, socklen_t addrlen, char *host, socklen_t hostlen,
    char *serv, socklen_t servlen, int flags) {
    (void)addr, (void)addrlen, (void)host, (void)hostlen, (void)serv, (void)servlen, (void)flags;
    return EAI_FAIL;
}

#endif // MPWASM_WASI_COMPAT_NETDB_H
