/* SPDX-License-Identifier: MIT */
/*
 * iprange.c - the addresses of an IP prefix (include/xsock/ipnet.h):
 * network, broadcast, first and last host, host counts, containment and
 * splitting.
 *
 * Everything is computed on the address as a 128-bit number (ipnet_int.h),
 * so IPv4 and IPv6 share one path and IPv6 /0 is exact. Decisions:
 *  - IPv4 keeps network and broadcast out of the host range for /0 to
 *    /30; /31 is a point-to-point link with both addresses usable
 *    (RFC 3021) and /32 a single host. IPv6 reserves nothing: its host
 *    range is the whole prefix.
 *  - The host count as text is count - 1 (always representable: 2^k - 1
 *    with k <= 128) written in decimal, plus one done on the digits, so
 *    2^128 needs no wider type.
 */
#include <limits.h>
#include <string.h>

#include "internal.h"
#include "ipnet_int.h"

int xs_prefix_network(const xs_prefix *p, xs_prefix *out) {
  xs__u128 first, last;
  if (out == NULL || xs__prefix_check(p) != 0) {
    if (out != NULL && out != p)
      memset(out, 0, sizeof *out);
    return xs__einval();
  }
  xs__prefix_range(p, &first, &last);
  xs__prefix_set(out, p->family, p->len, first);
  return 0;
}

int xs_prefix_broadcast(const xs_prefix *p, uint8_t out[4]) {
  xs__u128 first, last;
  uint8_t ip[16];
  if (out != NULL)
    memset(out, 0, 4);
  if (out == NULL || xs__prefix_check(p) != 0)
    return xs__einval();
  if (p->family != XS_AF_INET)
    return xs__prefix_fail(XS_EAFNOSUPPORT);
  if (p->len >= 31)
    return xs__prefix_fail(XS_ENOENT);
  xs__prefix_range(p, &first, &last);
  xs__ip_store(XS_AF_INET, last, ip);
  memcpy(out, ip, 4);
  return 0;
}

/* 1 for an IPv4 prefix whose network and broadcast addresses are not
 * hosts (/0 to /30). */
static int reserves_ends(const xs_prefix *p) {
  return p->family == XS_AF_INET && p->len <= 30;
}

int xs_prefix_first_host(const xs_prefix *p, uint8_t out[16]) {
  xs__u128 first, last;
  if (out != NULL)
    memset(out, 0, 16);
  if (out == NULL || xs__prefix_check(p) != 0)
    return xs__einval();
  xs__prefix_range(p, &first, &last);
  if (reserves_ends(p))
    first = xs__u128_inc(first);
  xs__ip_store(p->family, first, out);
  return 0;
}

int xs_prefix_last_host(const xs_prefix *p, uint8_t out[16]) {
  xs__u128 first, last;
  if (out != NULL)
    memset(out, 0, 16);
  if (out == NULL || xs__prefix_check(p) != 0)
    return xs__einval();
  xs__prefix_range(p, &first, &last);
  if (reserves_ends(p))
    last = xs__u128_dec(last);
  xs__ip_store(p->family, last, out);
  return 0;
}

/* The host count minus one, which always fits in 128 bits. */
static xs__u128 count_minus_one(const xs_prefix *p) {
  unsigned host = xs__prefix_bits(p->family) - p->len;
  if (p->family == XS_AF_INET && p->len <= 30)
    return xs__u128_make(0, ((uint64_t)1 << host) - 3u);
  if (p->family == XS_AF_INET && p->len == 31)
    return xs__u128_make(0, 1);
  return xs__u128_low_ones(host);
}

int xs_prefix_host_count(const xs_prefix *p, uint64_t *count) {
  xs__u128 m;
  if (count != NULL)
    *count = 0;
  if (count == NULL || xs__prefix_check(p) != 0)
    return xs__einval();
  m = count_minus_one(p);
  if (m.hi != 0 || m.lo == UINT64_MAX)
    return xs__prefix_fail(XS_ENOSPC);
  *count = m.lo + 1u;
  return 0;
}

/* *v / 10, returning the remainder; 32 bits at a time so that every step
 * fits in 64 bits. */
static unsigned divmod10(xs__u128 *v) {
  uint64_t part[4], rem = 0;
  int i;
  part[0] = v->hi >> 32;
  part[1] = v->hi & 0xffffffffu;
  part[2] = v->lo >> 32;
  part[3] = v->lo & 0xffffffffu;
  for (i = 0; i < 4; i++) {
    uint64_t cur = rem << 32 | part[i];
    part[i] = cur / 10u;
    rem = cur % 10u;
  }
  v->hi = part[0] << 32 | part[1];
  v->lo = part[2] << 32 | part[3];
  return (unsigned)rem;
}

/* v + 1 in decimal into out (room for 41 bytes); returns the length. */
static size_t decimal_plus_one(xs__u128 v, char *out) {
  char rev[41];
  size_t n = 0, i;
  unsigned carry = 1;
  do {
    unsigned d = divmod10(&v) + carry;
    carry = d / 10u;
    rev[n++] = (char)('0' + d % 10u);
  } while (v.hi != 0 || v.lo != 0);
  if (carry != 0)
    rev[n++] = '1';
  for (i = 0; i < n; i++)
    out[i] = rev[n - 1 - i];
  out[n] = '\0';
  return n;
}

int xs_prefix_host_count_text(const xs_prefix *p, char *buf, size_t size) {
  char tmp[41];
  size_t n;
  if (buf == NULL)
    return xs__einval();
  if (size > 0)
    buf[0] = '\0';
  if (xs__prefix_check(p) != 0)
    return XS_EINVAL;
  n = decimal_plus_one(count_minus_one(p), tmp);
  if (n + 1 > size)
    return xs__prefix_fail(XS_ENOSPC);
  memcpy(buf, tmp, n + 1);
  return 0;
}

int xs_prefix_contains(const xs_prefix *outer, const xs_prefix *inner) {
  xs__u128 first, last, v;
  if (xs__prefix_check(outer) != 0 || xs__prefix_check(inner) != 0)
    return XS_EINVAL;
  if (outer->family != inner->family || inner->len < outer->len)
    return 0;
  xs__prefix_range(outer, &first, &last);
  v = xs__ip_value(inner->family, inner->ip);
  return xs__u128_cmp(first, v) <= 0 && xs__u128_cmp(v, last) <= 0;
}

/* 2^diff, or SIZE_MAX when that does not fit a size_t. */
static size_t pow2_size(unsigned diff) {
  if (diff >= sizeof(size_t) * CHAR_BIT)
    return SIZE_MAX;
  return (size_t)1 << diff;
}

int xs_prefix_split(const xs_prefix *p, unsigned new_len, xs_prefix *out,
                    size_t cap, size_t *count) {
  xs__u128 at, last, step;
  size_t need, i;
  int family;
  if (count != NULL)
    *count = 0;
  if (count == NULL || (out == NULL && cap > 0) || xs__prefix_check(p) != 0)
    return xs__einval();
  if (new_len < p->len || new_len > xs__prefix_bits(p->family))
    return xs__einval();
  need = pow2_size(new_len - p->len);
  *count = need;
  if (need > cap)
    return xs__prefix_fail(XS_ENOSPC);
  family = p->family; /* out may be p itself */
  xs__prefix_range(p, &at, &last);
  step = xs__u128_inc(xs__u128_low_ones(xs__prefix_bits(family) - new_len));
  for (i = 0; i < need; i++) {
    xs__prefix_set(&out[i], family, new_len, at);
    at = xs__u128_add(at, step);
  }
  return 0;
}
