/* SPDX-License-Identifier: MIT */
/*
 * pattern.c - the deterministic message bytes of the verify and load
 * modes. Each byte depends on the whole 64-bit message number (the load
 * mode puts the connection index in its high half) and on its offset, so
 * an echo that is cut, shifted, duplicated, from another message or from
 * another connection fails the check. Bytes are computed on the fly: no
 * message is ever stored twice.
 */
#include "client.h"

/* A 64-bit mixer (multiply, xor-shift): every input bit reaches every
 * output bit. */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/* The message's key: all 64 bits of seq, mixed once per call. */
static uint64_t pattern_key(uint64_t seq) {
  return mix64(seq + 0x9e3779b97f4a7c15ULL);
}

static unsigned char pattern_byte(uint64_t key, uint64_t off) {
  uint64_t v = key + off * 0x9e3779b97f4a7c15ULL;
  v ^= v >> 29;
  v *= 0xbf58476d1ce4e5b9ULL;
  return (unsigned char)(v >> 56);
}

void pattern_fill(unsigned char *buf, size_t len, uint64_t seq, uint64_t off) {
  uint64_t key = pattern_key(seq);
  size_t i;
  for (i = 0; i < len; i++) {
    buf[i] = pattern_byte(key, off + i);
  }
}

int pattern_check(const unsigned char *buf, size_t len, uint64_t seq,
                  uint64_t off) {
  uint64_t key = pattern_key(seq);
  size_t i;
  for (i = 0; i < len; i++) {
    if (buf[i] != pattern_byte(key, off + i)) {
      return 0;
    }
  }
  return 1;
}
