// SPDX-License-Identifier: MIT
// lwipopts.h for lwip_bench.c's build of lwIP (every lwIP application writes
// its own): the raw API without an operating system (NO_SYS, as on a
// microcontroller), IPv4 over Ethernet with ARP, ICMP, UDP and TCP, lwIP's
// own heap and pools, software checksums on both directions, no statistics.
// The TCP window and buffers are a small board's: 4 segments of 1,460 bytes.
#ifndef LWIP_BENCH_LWIPOPTS_H
#define LWIP_BENCH_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_STATS 0
#define LWIP_RANDOMIZE_INITIAL_LOCAL_PORTS 0

#define MEM_ALIGNMENT 4
#define MEM_SIZE (64 * 1024)
#define MEMP_NUM_PBUF 32
#define MEMP_NUM_TCP_PCB 8
#define MEMP_NUM_TCP_SEG 64
#define PBUF_POOL_SIZE 48
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN 32
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 0
#define ARP_QUEUEING 1

#endif // LWIP_BENCH_LWIPOPTS_H
