/* SPDX-License-Identifier: MIT */
/*
 * ratelimit.h - per-source accounting of UDP replies: a token bucket per
 * source address (any port), at most N replies a second with a burst of N,
 * so the server cannot be used to amplify traffic toward an address
 * forged as the source. The sources live in a fixed table of RATE_SLOTS
 * entries, direct-mapped by a hash of the address: memory does not grow
 * with the number of sources, and a source that loses its slot to another
 * starts afresh. Used by the one thread that serves UDP.
 */
#ifndef XS_SRV_RATELIMIT_H
#define XS_SRV_RATELIMIT_H

#include <stdint.h>

#include <xsock/xsock.h>

#define RATE_SLOTS 1024

typedef struct rate_table rate_table;

/* A table for per_sec replies a second per source (0: no limit; the
 * table still remembers which sources were logged). NULL when out of
 * memory. */
rate_table *rate_open(long per_sec);
void rate_close(rate_table *t);
/* Whether one more reply to from is allowed at now_us (and counted).
 * *started is set when this refusal begins a run of them for the source
 * (for the log). */
int rate_allow(rate_table *t, const xs_addr *from, uint64_t now_us,
               int *started);
/* 1 the first time the loop guard drops a datagram from this source (for
 * the log), then 0 while the source keeps its slot. */
int rate_first_guarded(rate_table *t, const xs_addr *from, uint64_t now_us);

#endif /* XS_SRV_RATELIMIT_H */
