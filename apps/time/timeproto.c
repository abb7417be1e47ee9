/* SPDX-License-Identifier: MIT */
/*
 * timeproto.c - the answer of a time server (RFC 868): 32 bits, big-endian,
 * the seconds since 1900-01-01 00:00:00 UTC. The count wraps modulo 2^32
 * on 2036-02-07 06:28:16 UTC, so one value stands for one time in each era
 * of 2^32 seconds (about 136 years): 1900-2036, 2036-2172, ... This takes
 * the one nearest the local clock, so an answer is read right as long as
 * the two clocks are less than 2^31 seconds (about 68 years) apart, before
 * and after 2036 alike. A value past 2036 read on a clock of 2026 is taken
 * in the second era (0 is 2036-02-07 06:28:16), and the value of 1950 is
 * 2086, not 1950: it is the nearer of the two.
 */
#include "xstime.h"

#define ERA INT64_C(4294967296) /* 2^32 seconds */

int64_t timeproto_decode(const unsigned char b[4], int64_t local_unix) {
  uint32_t v = xs_load_be32(b);
  int64_t t0 = (int64_t)v - TIME_1900_TO_1970; /* in the era 1900-2036 */
  int64_t shifted = local_unix - t0 + ERA / 2, k;
  /* k = floor(shifted / ERA): the era whose time is nearest local_unix */
  k = shifted / ERA;
  if (shifted % ERA != 0 && shifted < 0)
    k--;
  return t0 + k * ERA;
}
