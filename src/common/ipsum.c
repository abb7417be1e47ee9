/* SPDX-License-Identifier: MIT */
/*
 * ipsum.c - xs_prefix_summarize() (include/xsock/ipnet.h): the fewest
 * prefixes that cover exactly the union of a set of prefixes.
 *
 * The inputs, taken as networks, are sorted (family, address, length) and
 * swept once: each run of overlapping or adjacent prefixes becomes one
 * address range [start, end], which is then cut into the largest aligned
 * blocks from its start (at most 2 per bit, so 256 per range). That cut is
 * the fewest prefixes for the range, and the inputs of the range are
 * themselves a cover of it, so a range never yields more prefixes than it
 * had inputs. The result can therefore be written over the sorted inputs
 * as the sweep passes them: the work array is out itself when it is large
 * enough (no allocation), else one temporary block of n prefixes.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ipnet_int.h"

/* Order: IPv4 before IPv6, then address, then shorter (larger) first. */
static int cmp_prefix(const void *a, const void *b) {
  const xs_prefix *x = (const xs_prefix *)a, *y = (const xs_prefix *)b;
  int c;
  if (x->family != y->family)
    return x->family == XS_AF_INET ? -1 : 1;
  c = memcmp(x->ip, y->ip, sizeof x->ip);
  if (c != 0)
    return c;
  return (int)x->len - (int)y->len;
}

/* The length of the largest block that starts at start (aligned) and
 * ends at or before end. */
static unsigned largest_block(xs__u128 start, xs__u128 end, unsigned bits) {
  unsigned len;
  for (len = 0; len < bits; len++) {
    xs__u128 host = xs__u128_low_ones(bits - len);
    if ((start.hi & host.hi) == 0 && (start.lo & host.lo) == 0 &&
        xs__u128_cmp(xs__u128_or(start, host), end) <= 0)
      return len;
  }
  return bits;
}

/* Write the blocks covering [start, end] of family at work[w...]; returns
 * the new w. */
static size_t emit_range(xs_prefix *work, size_t w, int family, xs__u128 start,
                         xs__u128 end) {
  unsigned bits = xs__prefix_bits(family);
  for (;;) {
    unsigned len = largest_block(start, end, bits);
    xs__u128 last = xs__u128_or(start, xs__u128_low_ones(bits - len));
    xs__prefix_set(&work[w++], family, len, start);
    if (xs__u128_cmp(last, end) == 0)
      return w;
    start = xs__u128_inc(last);
  }
}

/* Merge the n sorted networks in work into the fewest prefixes, in place;
 * returns how many. */
static size_t collapse(xs_prefix *work, size_t n) {
  size_t i = 0, w = 0;
  while (i < n) {
    int family = work[i].family;
    xs__u128 top = xs__u128_low_ones(xs__prefix_bits(family));
    xs__u128 start, end, s, e;
    xs__prefix_range(&work[i++], &start, &end);
    while (i < n && work[i].family == family) {
      xs__prefix_range(&work[i], &s, &e);
      if (xs__u128_cmp(end, top) != 0 && xs__u128_cmp(s, xs__u128_inc(end)) > 0)
        break; /* a gap: the range ends here */
      if (xs__u128_cmp(e, end) > 0)
        end = e;
      i++;
    }
    w = emit_range(work, w, family, start, end);
  }
  return w;
}

/* Copy the inputs into work as their networks, sorted. */
static void load_sorted(xs_prefix *work, const xs_prefix *in, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    xs__u128 first, last;
    xs__prefix_range(&in[i], &first, &last);
    xs__prefix_set(&work[i], in[i].family, in[i].len, first);
  }
  qsort(work, n, sizeof *work, cmp_prefix);
}

int xs_prefix_summarize(const xs_prefix *in, size_t n, xs_prefix *out,
                        size_t cap, size_t *count) {
  xs_prefix *work;
  size_t i, made;
  if (count != NULL)
    *count = 0;
  if (count == NULL || (in == NULL && n > 0) || (out == NULL && cap > 0))
    return xs__einval();
  for (i = 0; i < n; i++)
    if (xs__prefix_check(&in[i]) != 0)
      return XS_EINVAL;
  if (n == 0)
    return 0;
  if (cap >= n) {
    work = out; /* in place; in == out is fine: each entry is read first */
  } else {
    if (n > SIZE_MAX / sizeof *work)
      return xs__prefix_fail(XS_ENOMEM);
    work = (xs_prefix *)malloc(n * sizeof *work);
    if (work == NULL)
      return xs__prefix_fail(XS_ENOMEM);
  }
  load_sorted(work, in, n);
  made = collapse(work, n);
  *count = made;
  if (work == out)
    return 0;
  if (made <= cap)
    memcpy(out, work, made * sizeof *work);
  free(work);
  return made <= cap ? 0 : xs__prefix_fail(XS_ENOSPC);
}
