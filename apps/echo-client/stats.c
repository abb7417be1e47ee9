/* SPDX-License-Identifier: MIT */
/*
 * stats.c - the latency histogram of the load mode: bounded memory
 * (fixed buckets) however long the run, log-linear so that the error of a
 * reported percentile stays under 1/64 of its value.
 */
#include "client.h"

/* Index of the highest set bit of v (v > 0). */
static unsigned top_bit(uint64_t v) {
  unsigned b = 0;
  while (v >>= 1) {
    b++;
  }
  return b;
}

static size_t bucket_of(uint64_t v) {
  unsigned e;
  const uint64_t top = ((uint64_t)1 << (6 + HIST_OCTAVES)) - 1u;
  if (v < HIST_SUB) {
    return (size_t)v;
  }
  if (v > top) {
    v = top;
  }
  e = top_bit(v); /* 6 .. 40 */
  return HIST_SUB + (size_t)(e - 6) * HIST_SUB +
         (size_t)((v >> (e - 6)) & (HIST_SUB - 1));
}

/* The middle of a bucket's range of values. */
static uint64_t value_of(size_t b) {
  size_t octave, sub;
  uint64_t low, width;
  if (b < HIST_SUB) {
    return (uint64_t)b;
  }
  octave = (b - HIST_SUB) / HIST_SUB; /* e - 6 */
  sub = (b - HIST_SUB) % HIST_SUB;
  width = (uint64_t)1 << octave;
  low = ((uint64_t)HIST_SUB + sub) << octave;
  return low + width / 2u;
}

void hist_add(latency_hist *h, uint64_t us) {
  h->counts[bucket_of(us)]++;
  h->total++;
  if (us > h->max) {
    h->max = us;
  }
}

uint64_t hist_percentile(const latency_hist *h, unsigned per_mille) {
  uint64_t rank, seen = 0;
  size_t b;
  if (h->total == 0) {
    return 0;
  }
  rank = (h->total * per_mille + 999u) / 1000u; /* ceil, at least 1 */
  if (rank == 0) {
    rank = 1;
  }
  for (b = 0; b < sizeof(h->counts) / sizeof(h->counts[0]); b++) {
    seen += h->counts[b];
    if (seen >= rank) {
      uint64_t v = value_of(b);
      return v < h->max ? v : h->max;
    }
  }
  return h->max;
}
