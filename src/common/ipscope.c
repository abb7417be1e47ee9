/* SPDX-License-Identifier: MIT */
/*
 * ipscope.c - what kind of address a prefix holds (include/xsock/ipnet.h):
 * IPv4 classes, the special-use scopes, IPv6 multicast scopes.
 *
 * The special ranges of each family are one table, sorted by address and
 * without overlaps. xs_prefix_scopes() walks it once over the prefix's
 * network [first, last]: every range that meets the prefix adds its flag,
 * and a gap between them (or before the first or after the last) inside
 * the prefix adds XS_SCOPE_GLOBAL. That is exact for any prefix, from a
 * single address to ::/0, with no counting of addresses.
 */
#include <stddef.h>

#include "internal.h"
#include "ipnet_int.h"

char xs_ipv4_class(const uint8_t ip[4]) {
  if (ip == NULL)
    return '\0';
  if (ip[0] < 128)
    return 'A';
  if (ip[0] < 192)
    return 'B';
  if (ip[0] < 224)
    return 'C';
  if (ip[0] < 240)
    return 'D';
  return 'E';
}

int xs_ipv4_class_len(char cls) {
  switch (cls) {
  case 'A':
    return 8;
  case 'B':
    return 16;
  case 'C':
    return 24;
  case 'D':
  case 'E':
    return -1;
  default:
    return xs__einval();
  }
}

/* One special range: a prefix, less its last address when drop_last is
 * set (240.0.0.0/4 without 255.255.255.255). */
typedef struct scope_range {
  unsigned scope;
  uint8_t len;
  uint8_t drop_last;
  uint8_t ip[16];
} scope_range;

/* clang-format off */
static const scope_range v4_ranges[] = {
  {XS_SCOPE_UNSPECIFIED, 32, 0, {0, 0, 0, 0}},
  {XS_SCOPE_PRIVATE, 8, 0, {10}},
  {XS_SCOPE_SHARED, 10, 0, {100, 64}},
  {XS_SCOPE_LOOPBACK, 8, 0, {127}},
  {XS_SCOPE_LINK_LOCAL, 16, 0, {169, 254}},
  {XS_SCOPE_PRIVATE, 12, 0, {172, 16}},
  {XS_SCOPE_DOCUMENTATION, 24, 0, {192, 0, 2}},
  {XS_SCOPE_PRIVATE, 16, 0, {192, 168}},
  {XS_SCOPE_DOCUMENTATION, 24, 0, {198, 51, 100}},
  {XS_SCOPE_DOCUMENTATION, 24, 0, {203, 0, 113}},
  {XS_SCOPE_MULTICAST, 4, 0, {224}},
  {XS_SCOPE_RESERVED, 4, 1, {240}},
  {XS_SCOPE_BROADCAST, 32, 0, {255, 255, 255, 255}},
};

static const scope_range v6_ranges[] = {
  {XS_SCOPE_UNSPECIFIED, 128, 0, {0}},
  {XS_SCOPE_LOOPBACK, 128, 0, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
  {XS_SCOPE_IPV4_MAPPED, 96, 0, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}},
  {XS_SCOPE_DOCUMENTATION, 32, 0, {0x20, 0x01, 0x0d, 0xb8}},
  {XS_SCOPE_UNIQUE_LOCAL, 7, 0, {0xfc}},
  {XS_SCOPE_LINK_LOCAL, 10, 0, {0xfe, 0x80}},
  {XS_SCOPE_MULTICAST, 8, 0, {0xff}},
};
/* clang-format on */

/* The first and last address of range r of family. */
static void range_bounds(const scope_range *r, int family, xs__u128 *first,
                         xs__u128 *last) {
  xs_prefix p;
  (void)xs_prefix_make(&p, family, r->ip, r->len);
  xs__prefix_range(&p, first, last);
  if (r->drop_last)
    *last = xs__u128_dec(*last);
}

/* The flags of [first, last] against the n sorted ranges r. */
static unsigned scan_ranges(const scope_range *r, size_t n, int family,
                            xs__u128 first, xs__u128 last) {
  unsigned flags = 0;
  xs__u128 pos = first; /* the first address not yet known covered */
  int covered = 0;      /* 1 once every address to last is covered */
  size_t i;
  for (i = 0; i < n; i++) {
    xs__u128 rs, re;
    range_bounds(&r[i], family, &rs, &re);
    if (xs__u128_cmp(re, first) < 0 || xs__u128_cmp(rs, last) > 0)
      continue; /* no overlap */
    flags |= r[i].scope;
    if (covered)
      continue;
    if (xs__u128_cmp(rs, pos) > 0)
      flags |= XS_SCOPE_GLOBAL; /* a gap before this range */
    if (xs__u128_cmp(re, last) >= 0)
      covered = 1;
    else
      pos = xs__u128_inc(re);
  }
  if (!covered)
    flags |= XS_SCOPE_GLOBAL;
  return flags;
}

unsigned xs_prefix_scopes(const xs_prefix *p) {
  xs__u128 first, last;
  if (xs__prefix_check(p) != 0)
    return 0;
  xs__prefix_range(p, &first, &last);
  if (p->family == XS_AF_INET)
    return scan_ranges(v4_ranges, sizeof v4_ranges / sizeof v4_ranges[0],
                       XS_AF_INET, first, last);
  return scan_ranges(v6_ranges, sizeof v6_ranges / sizeof v6_ranges[0],
                     XS_AF_INET6, first, last);
}

const char *xs_scope_name(unsigned scope_bit) {
  static const char *const names[] = {
      "unspecified", "loopback",  "private",     "unique-local",
      "link-local",  "multicast", "shared",      "documentation",
      "broadcast",   "reserved",  "ipv4-mapped", "global"};
  unsigned i;
  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (scope_bit == 1u << i)
      return names[i];
  return NULL;
}

int xs_ipv6_multicast_scope(const uint8_t ip[16]) {
  if (ip == NULL)
    return xs__einval();
  if (ip[0] != 0xff)
    return -1;
  return ip[1] & 0x0f;
}

const char *xs_ipv6_multicast_scope_name(int nibble) {
  static const char *const names[16] = {
      "reserved",           "interface-local", "link-local", "realm-local",
      "admin-local",        "site-local",      "unassigned", "unassigned",
      "organization-local", "unassigned",      "unassigned", "unassigned",
      "unassigned",         "unassigned",      "global",     "reserved"};
  if (nibble < 0 || nibble > 15)
    return NULL;
  return names[nibble];
}
