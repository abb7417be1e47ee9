/* SPDX-License-Identifier: MIT */
/*
 * ipnet_int.h - what the prefix files share (ipnet.c, iprange.c, ipsum.c,
 * ipscope.c): an unsigned 128-bit integer made of two uint64_t, and the
 * prefix checks and conversions.
 *
 * The 128-bit type is a struct, not the compiler's __int128: the library
 * is strict C11 and MSVC has no such type. An address is read as a number,
 * most significant byte first: IPv4 in the low 32 bits, IPv6 all 128.
 */
#ifndef XS_COMMON_IPNET_INT_H
#define XS_COMMON_IPNET_INT_H

#include <stdint.h>

#include "xsock/ipnet.h"

typedef struct xs__u128 {
  uint64_t hi, lo;
} xs__u128;

static inline xs__u128 xs__u128_make(uint64_t hi, uint64_t lo) {
  xs__u128 v;
  v.hi = hi;
  v.lo = lo;
  return v;
}

/* -1, 0 or 1 as a < b, a == b, a > b. */
static inline int xs__u128_cmp(xs__u128 a, xs__u128 b) {
  if (a.hi != b.hi)
    return a.hi < b.hi ? -1 : 1;
  if (a.lo != b.lo)
    return a.lo < b.lo ? -1 : 1;
  return 0;
}

static inline xs__u128 xs__u128_and(xs__u128 a, xs__u128 b) {
  return xs__u128_make(a.hi & b.hi, a.lo & b.lo);
}

static inline xs__u128 xs__u128_or(xs__u128 a, xs__u128 b) {
  return xs__u128_make(a.hi | b.hi, a.lo | b.lo);
}

static inline xs__u128 xs__u128_not(xs__u128 a) {
  return xs__u128_make(~a.hi, ~a.lo);
}

/* a + b, modulo 2^128. */
static inline xs__u128 xs__u128_add(xs__u128 a, xs__u128 b) {
  uint64_t lo = a.lo + b.lo;
  return xs__u128_make(a.hi + b.hi + (lo < a.lo ? 1u : 0u), lo);
}

/* a + 1 and a - 1, modulo 2^128. */
static inline xs__u128 xs__u128_inc(xs__u128 a) {
  return xs__u128_add(a, xs__u128_make(0, 1));
}

static inline xs__u128 xs__u128_dec(xs__u128 a) {
  return xs__u128_make(a.hi - (a.lo == 0 ? 1u : 0u), a.lo - 1u);
}

/* The number with the n low bits set, n from 0 to 128 (2^n - 1). */
static inline xs__u128 xs__u128_low_ones(unsigned n) {
  if (n == 0)
    return xs__u128_make(0, 0);
  if (n < 64)
    return xs__u128_make(0, ((uint64_t)1 << n) - 1u);
  if (n == 64)
    return xs__u128_make(0, UINT64_MAX);
  if (n < 128)
    return xs__u128_make(((uint64_t)1 << (n - 64)) - 1u, UINT64_MAX);
  return xs__u128_make(UINT64_MAX, UINT64_MAX);
}

/* The address bits of a family: 32, 128, or 0 for any other family. */
unsigned xs__prefix_bits(int family);

/* 0 if p is a valid prefix (ipnet.h: a known family, a length within it,
 * IPv4 bytes 4 to 15 zero), else XS_EINVAL. */
int xs__prefix_check(const xs_prefix *p);

/* Record native error 0 (a failure found here) and return code. */
int xs__prefix_fail(int code);

/* The address ip of family as a number, and back: xs__ip_store writes all
 * 16 bytes, the unused ones zero (IPv4 takes the low 32 bits of v). */
xs__u128 xs__ip_value(int family, const uint8_t ip[16]);
void xs__ip_store(int family, xs__u128 v, uint8_t ip[16]);

/* The first and last address of a valid prefix's network. */
void xs__prefix_range(const xs_prefix *p, xs__u128 *first, xs__u128 *last);

/* Set *out to the prefix of family with length len at address v. */
void xs__prefix_set(xs_prefix *out, int family, unsigned len, xs__u128 v);

#endif /* XS_COMMON_IPNET_INT_H */
