/* SPDX-License-Identifier: MIT */
/*
 * fuzz_prefix.c - the IP prefix toolkit (xsock/ipnet.h) on any input.
 *
 * The input up to its first NUL is text: parsed whole with
 * xs_prefix_parse(), and cut at spaces, commas and line ends into a list
 * of prefixes. The bytes after the NUL, 18 at a time, are prefixes made
 * from raw bytes (family bit, length, address), so any value is reached.
 * Properties, for every prefix p met:
 *  - parse failures leave a zeroed prefix; format at every buffer size is
 *    whole or XS_ENOSPC with "", never written past the size; the text
 *    parses back to the same bytes and formats the same (canonical);
 *  - network(p) contains p and p contains network(p); first host <= last
 *    host, both in the network; the host count is last - first + 1 where
 *    it fits (XS_ENOSPC only for IPv6 /0 to /64) and its text is the same
 *    number; the IPv4 broadcast is the network with every host bit set;
 *  - the netmask of p's length reads back to that length;
 *  - splitting p a few bits deeper gives 2^k prefixes of the new length,
 *    each within p and none within another (so they cover p exactly), the
 *    first at p's network; the scopes of p are the union of the pieces'
 *    scopes; an address has exactly one scope flag, of its family;
 * and for the list:
 *  - xs_prefix_summarize() gives at most as many prefixes, networks,
 *    sorted (IPv4 first), disjoint, no two merging into their parent;
 *    every input lies within an output, and every output is covered by
 *    the inputs (nothing over-covered); the same with a temporary work
 *    block (cap below n), and XS_ENOSPC with the count one below.
 */
#include <stdlib.h>
#include <string.h>

#include <xsock/ipnet.h>

#include "fuzz.h"

#define LIST_MAX 32
#define RAW_SIZE 18

static unsigned max_len(const xs_prefix *p) {
  return p->family == XS_AF_INET ? 32u : 128u;
}

/* p's address alone, as a /32 or /128. */
static xs_prefix host_of(int family, const uint8_t ip[16]) {
  xs_prefix h;
  FUZZ_CHECK(xs_prefix_make(&h, family, ip, family == XS_AF_INET ? 32 : 128) ==
             0);
  return h;
}

/* Write p at every buffer size; the text at full size into out. */
static void check_format(const xs_prefix *p, char out[XS_PREFIX_STRLEN]) {
  char buf[XS_PREFIX_STRLEN + 8];
  size_t want, size;
  FUZZ_CHECK(xs_prefix_format(p, out, XS_PREFIX_STRLEN) == 0);
  want = strlen(out);
  FUZZ_CHECK(want + 1 <= XS_PREFIX_STRLEN);
  for (size = 0; size <= want + 2; size++) {
    int rc;
    memset(buf, '#', sizeof buf);
    rc = xs_prefix_format(p, buf, size);
    if (size < want + 1) {
      FUZZ_CHECK(rc == XS_ENOSPC);
      FUZZ_CHECK(size == 0 || buf[0] == '\0');
    } else {
      FUZZ_CHECK(rc == 0 && strcmp(buf, out) == 0);
    }
    FUZZ_CHECK(buf[size] == '#');
  }
}

static void check_text_round_trip(const xs_prefix *p) {
  char once[XS_PREFIX_STRLEN], twice[XS_PREFIX_STRLEN];
  xs_prefix q;
  check_format(p, once);
  FUZZ_CHECK(xs_prefix_parse(&q, once) == 0);
  FUZZ_CHECK(memcmp(p, &q, sizeof q) == 0);
  FUZZ_CHECK(xs_prefix_format(&q, twice, sizeof twice) == 0);
  FUZZ_CHECK(strcmp(once, twice) == 0);
}

/* d = a - b over 16 big-endian bytes (a >= b; an IPv4 address is the
 * top four bytes, which works the same). */
static void sub16(const uint8_t a[16], const uint8_t b[16], uint8_t d[16]) {
  unsigned borrow = 0;
  int i;
  for (i = 15; i >= 0; i--) {
    unsigned v = (unsigned)a[i] - (unsigned)b[i] - borrow;
    d[i] = (uint8_t)v;
    borrow = (unsigned)a[i] < (unsigned)b[i] + borrow;
  }
}

/* v in decimal (no printf: "%llu" is not in every Windows C library). */
static void u64_text(uint64_t v, char out[21]) {
  char rev[21];
  size_t n = 0, i;
  do {
    rev[n++] = (char)('0' + (int)(v % 10u));
    v /= 10u;
  } while (v != 0);
  for (i = 0; i < n; i++)
    out[i] = rev[n - 1 - i];
  out[n] = '\0';
}

/* The host count against last - first + 1, and its text. */
static void check_count(const xs_prefix *p, const uint8_t first[16],
                        const uint8_t last[16]) {
  uint8_t d[16];
  uint64_t count = 1, diff = 0;
  char text[XS_PREFIX_COUNT_STRLEN], mine[32];
  int rc = xs_prefix_host_count(p, &count), i;
  FUZZ_CHECK(xs_prefix_host_count_text(p, text, sizeof text) == 0);
  FUZZ_CHECK(strlen(text) < XS_PREFIX_COUNT_STRLEN);
  if (p->family == XS_AF_INET6 && p->len <= 64) {
    FUZZ_CHECK(rc == XS_ENOSPC && count == 0);
    return;
  }
  FUZZ_CHECK(rc == 0);
  sub16(last, first, d);
  if (p->family == XS_AF_INET) { /* the number is bytes 0 to 3 */
    for (i = 4; i < 16; i++)
      FUZZ_CHECK(d[i] == 0);
    for (i = 0; i < 4; i++)
      diff = diff << 8 | d[i];
  } else {
    for (i = 0; i < 8; i++)
      FUZZ_CHECK(d[i] == 0);
    for (i = 8; i < 16; i++)
      diff = diff << 8 | d[i];
  }
  FUZZ_CHECK(diff + 1u == count);
  u64_text(count, mine);
  FUZZ_CHECK(strcmp(mine, text) == 0);
}

static void check_broadcast(const xs_prefix *p, const xs_prefix *net) {
  uint8_t b[4], mask[16];
  int rc = xs_prefix_broadcast(p, b), i;
  if (p->family == XS_AF_INET6) {
    FUZZ_CHECK(rc == XS_EAFNOSUPPORT);
    return;
  }
  if (p->len >= 31) {
    FUZZ_CHECK(rc == XS_ENOENT);
    return;
  }
  FUZZ_CHECK(rc == 0);
  FUZZ_CHECK(xs_netmask_from_len(XS_AF_INET, p->len, mask) == 0);
  for (i = 0; i < 4; i++) {
    FUZZ_CHECK((b[i] & mask[i]) == net->ip[i]);
    FUZZ_CHECK((b[i] | mask[i]) == 0xff);
  }
}

static void check_hosts(const xs_prefix *p, const xs_prefix *net) {
  uint8_t first[16], last[16];
  xs_prefix hf, hl;
  FUZZ_CHECK(xs_prefix_first_host(p, first) == 0);
  FUZZ_CHECK(xs_prefix_last_host(p, last) == 0);
  FUZZ_CHECK(memcmp(first, last, 16) <= 0);
  hf = host_of(p->family, first);
  hl = host_of(p->family, last);
  FUZZ_CHECK(xs_prefix_contains(net, &hf) == 1);
  FUZZ_CHECK(xs_prefix_contains(net, &hl) == 1);
  FUZZ_CHECK(xs_prefix_contains(p, &hf) == 1);
  check_count(p, first, last);
}

static void check_mask(const xs_prefix *p) {
  uint8_t mask[16];
  unsigned len = 999;
  FUZZ_CHECK(xs_netmask_from_len(p->family, p->len, mask) == 0);
  FUZZ_CHECK(xs_netmask_to_len(p->family, mask, &len) == 0);
  FUZZ_CHECK(len == p->len);
}

static void check_scope_bits(const xs_prefix *p, unsigned s) {
  const unsigned v4_only = XS_SCOPE_PRIVATE | XS_SCOPE_SHARED |
                           XS_SCOPE_BROADCAST | XS_SCOPE_RESERVED;
  const unsigned v6_only = XS_SCOPE_UNIQUE_LOCAL | XS_SCOPE_IPV4_MAPPED;
  FUZZ_CHECK(s != 0 && s < (1u << 12));
  FUZZ_CHECK((s & (p->family == XS_AF_INET ? v6_only : v4_only)) == 0);
  if (p->len == max_len(p))
    FUZZ_CHECK((s & (s - 1u)) == 0); /* an address: one flag */
  if ((s & XS_SCOPE_IPV4_MAPPED) && p->len >= 96)
    FUZZ_CHECK(s == XS_SCOPE_IPV4_MAPPED);
}

/* Split p k bits deeper: pieces within p, pairwise disjoint, the first
 * at the network; their scopes together are p's. */
static void check_split(const xs_prefix *p, const xs_prefix *net, unsigned k) {
  xs_prefix out[8];
  unsigned new_len = p->len + k, scopes = 0;
  size_t count = 0, i, j;
  if (new_len > max_len(p))
    new_len = max_len(p);
  FUZZ_CHECK(xs_prefix_split(p, new_len, out, 8, &count) == 0);
  FUZZ_CHECK(count == (size_t)1 << (new_len - p->len));
  FUZZ_CHECK(memcmp(out[0].ip, net->ip, 16) == 0);
  for (i = 0; i < count; i++) {
    xs_prefix n;
    FUZZ_CHECK(out[i].family == p->family && out[i].len == new_len);
    FUZZ_CHECK(xs_prefix_network(&out[i], &n) == 0);
    FUZZ_CHECK(memcmp(&n, &out[i], sizeof n) == 0);
    FUZZ_CHECK(xs_prefix_contains(p, &out[i]) == 1);
    for (j = 0; j < i; j++)
      FUZZ_CHECK(xs_prefix_contains(&out[j], &out[i]) == 0);
    if (i > 0)
      FUZZ_CHECK(memcmp(out[i - 1].ip, out[i].ip, 16) < 0);
    scopes |= xs_prefix_scopes(&out[i]);
  }
  FUZZ_CHECK(scopes == xs_prefix_scopes(p));
  if (new_len > p->len) {
    count = 0;
    FUZZ_CHECK(xs_prefix_split(p, new_len, NULL, 0, &count) == XS_ENOSPC);
    FUZZ_CHECK(count == (size_t)1 << (new_len - p->len));
  }
}

static void check_one(const xs_prefix *p, unsigned k) {
  xs_prefix net;
  check_text_round_trip(p);
  FUZZ_CHECK(xs_prefix_network(p, &net) == 0);
  FUZZ_CHECK(net.family == p->family && net.len == p->len);
  FUZZ_CHECK(xs_prefix_contains(&net, p) == 1);
  FUZZ_CHECK(xs_prefix_contains(p, &net) == 1);
  FUZZ_CHECK(xs_prefix_contains(p, p) == 1);
  check_hosts(p, &net);
  check_broadcast(p, &net);
  check_mask(p);
  check_scope_bits(p, xs_prefix_scopes(p));
  check_split(p, &net, k);
}

/* ---- summarize ---------------------------------------------------------- */

static int overlaps(const xs_prefix *a, const xs_prefix *b) {
  return xs_prefix_contains(a, b) == 1 || xs_prefix_contains(b, a) == 1;
}

/* 1 if the inputs cover every address of o: one input holds o, or both
 * halves are covered. Only blocks that meet an input are descended, so at
 * most 128 levels per input. */
static int covered(const xs_prefix *o, const xs_prefix *in, size_t n) {
  xs_prefix half[2];
  size_t i, count = 0;
  int meets = 0;
  for (i = 0; i < n; i++) {
    if (xs_prefix_contains(&in[i], o) == 1)
      return 1;
    meets |= overlaps(&in[i], o);
  }
  if (!meets || o->len == max_len(o))
    return 0;
  FUZZ_CHECK(xs_prefix_split(o, o->len + 1u, half, 2, &count) == 0);
  return covered(&half[0], in, n) && covered(&half[1], in, n);
}

/* a and b are the two halves of one parent. */
static int siblings(const xs_prefix *a, const xs_prefix *b) {
  xs_prefix pa, pb;
  if (a->family != b->family || a->len != b->len || a->len == 0)
    return 0;
  pa = *a;
  pb = *b;
  pa.len--;
  pb.len--;
  FUZZ_CHECK(xs_prefix_network(&pa, &pa) == 0);
  FUZZ_CHECK(xs_prefix_network(&pb, &pb) == 0);
  return memcmp(&pa, &pb, sizeof pa) == 0;
}

static void check_summary_shape(const xs_prefix *out, size_t m) {
  size_t i;
  for (i = 0; i < m; i++) {
    xs_prefix n;
    FUZZ_CHECK(xs_prefix_network(&out[i], &n) == 0);
    FUZZ_CHECK(memcmp(&n, &out[i], sizeof n) == 0);
    if (i == 0)
      continue;
    if (out[i - 1].family == out[i].family) {
      FUZZ_CHECK(memcmp(out[i - 1].ip, out[i].ip, 16) < 0);
      FUZZ_CHECK(!overlaps(&out[i - 1], &out[i]));
      FUZZ_CHECK(!siblings(&out[i - 1], &out[i]));
    } else {
      FUZZ_CHECK(out[i - 1].family == XS_AF_INET);
    }
  }
}

static void check_summary(const xs_prefix *in, size_t n) {
  xs_prefix out[LIST_MAX], small[LIST_MAX];
  size_t m = 0, again = 0, i, j;
  FUZZ_CHECK(xs_prefix_summarize(in, n, out, LIST_MAX, &m) == 0);
  FUZZ_CHECK(m <= n && (m > 0) == (n > 0));
  check_summary_shape(out, m);
  for (i = 0; i < n; i++) {
    int inside = 0;
    for (j = 0; j < m && !inside; j++)
      inside = xs_prefix_contains(&out[j], &in[i]) == 1;
    FUZZ_CHECK(inside);
  }
  for (j = 0; j < m; j++)
    FUZZ_CHECK(covered(&out[j], in, n));
  if (m < n) { /* room for the result only: the temporary block */
    FUZZ_CHECK(xs_prefix_summarize(in, n, small, m, &again) == 0);
    FUZZ_CHECK(again == m && memcmp(small, out, m * sizeof *out) == 0);
  }
  if (m > 0) {
    FUZZ_CHECK(xs_prefix_summarize(in, n, small, m - 1, &again) == XS_ENOSPC);
    FUZZ_CHECK(again == m);
  }
}

/* ---- the input ---------------------------------------------------------- */

/* Parse each token of text (cut at spaces, commas, line ends) into list. */
static size_t read_tokens(char *text, xs_prefix *list, size_t n) {
  char *tok = text;
  while (*tok != '\0' && n < LIST_MAX) {
    size_t len = strcspn(tok, " ,\r\n\t");
    char save = tok[len];
    tok[len] = '\0';
    if (len > 0 && xs_prefix_parse(&list[n], tok) == 0)
      n++;
    tok[len] = save;
    tok += len;
    if (*tok != '\0')
      tok++;
  }
  return n;
}

/* Raw prefixes from the bytes after the text: family bit, length, address. */
static size_t read_raw(const uint8_t *d, size_t size, xs_prefix *list,
                       size_t n) {
  for (; size >= RAW_SIZE && n < LIST_MAX; d += RAW_SIZE, size -= RAW_SIZE) {
    int family = (d[0] & 1) ? XS_AF_INET6 : XS_AF_INET;
    unsigned len = d[1] % (family == XS_AF_INET ? 33u : 129u);
    FUZZ_CHECK(xs_prefix_make(&list[n++], family, d + 2, len) == 0);
  }
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_cstr(data, size);
  size_t tlen = strlen(text), n, i;
  xs_prefix whole, list[LIST_MAX];
  int rc;
  memset(&whole, 0xa5, sizeof whole);
  rc = xs_prefix_parse(&whole, text);
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL);
  if (rc != 0)
    FUZZ_CHECK(fuzz_zero(&whole, sizeof whole));
  else
    check_one(&whole, 3);
  n = read_tokens(text, list, 0);
  if (tlen < size)
    n = read_raw(data + tlen + 1, size - tlen - 1, list, n);
  for (i = 0; i < n; i++)
    check_one(&list[i], (unsigned)i % 4u);
  check_summary(list, n);
  free(text);
  return 0;
}
