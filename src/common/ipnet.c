/* SPDX-License-Identifier: MIT */
/*
 * ipnet.c - IP prefixes (include/xsock/ipnet.h): the checks and number
 * conversions the prefix files share, prefix text and construction, and
 * netmasks. The addresses of a prefix are iprange.c, summarizing ipsum.c,
 * classes and scopes ipscope.c.
 *
 * Decisions:
 *  - The address text is read by addr_text.c's strict parsers (the same
 *    literals xs_addr_parse_ip() takes, without a zone), never by
 *    inet_pton(), which differs between systems.
 *  - The length has no leading zero ("/08" is refused) for the reason the
 *    dotted parts have none: some parsers read it as octal.
 *  - An IPv4 prefix with non-zero bytes after ip[3] is not one the library
 *    could have made: XS_EINVAL, rather than a silent guess.
 */
#include <string.h>

#include "internal.h"
#include "ipnet_int.h"
#include "xsock/byteorder.h"

/* ---- shared helpers ----------------------------------------------------- */

unsigned xs__prefix_bits(int family) {
  if (family == XS_AF_INET)
    return 32;
  if (family == XS_AF_INET6)
    return 128;
  return 0;
}

int xs__prefix_fail(int code) {
  xs__native_set(0);
  return code;
}

static int all_zero(const uint8_t *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (p[i] != 0)
      return 0;
  return 1;
}

int xs__prefix_check(const xs_prefix *p) {
  unsigned bits;
  if (p == NULL)
    return xs__einval();
  bits = xs__prefix_bits(p->family);
  if (bits == 0 || p->len > bits)
    return xs__einval();
  if (bits == 32 && !all_zero(p->ip + 4, 12))
    return xs__einval();
  return 0;
}

xs__u128 xs__ip_value(int family, const uint8_t ip[16]) {
  if (family == XS_AF_INET)
    return xs__u128_make(0, xs_load_be32(ip));
  return xs__u128_make(xs_load_be64(ip), xs_load_be64(ip + 8));
}

void xs__ip_store(int family, xs__u128 v, uint8_t ip[16]) {
  memset(ip, 0, 16);
  if (family == XS_AF_INET) {
    xs_store_be32(ip, (uint32_t)v.lo);
  } else {
    xs_store_be64(ip, v.hi);
    xs_store_be64(ip + 8, v.lo);
  }
}

void xs__prefix_range(const xs_prefix *p, xs__u128 *first, xs__u128 *last) {
  xs__u128 host = xs__u128_low_ones(xs__prefix_bits(p->family) - p->len);
  xs__u128 v = xs__ip_value(p->family, p->ip);
  *first = xs__u128_and(v, xs__u128_not(host));
  *last = xs__u128_or(v, host);
}

void xs__prefix_set(xs_prefix *out, int family, unsigned len, xs__u128 v) {
  memset(out, 0, sizeof *out);
  out->family = (uint16_t)family;
  out->len = (uint8_t)len;
  xs__ip_store(family, v, out->ip);
}

/* ---- text --------------------------------------------------------------- */

/* The length after the '/', s[0..n): 1 to 3 digits, no leading zero, at
 * most max. */
static int parse_len(const char *s, size_t n, unsigned max, unsigned *len) {
  unsigned v = 0;
  size_t i;
  if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
    return XS_EINVAL;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return XS_EINVAL;
    v = v * 10u + (unsigned)(s[i] - '0');
  }
  if (v > max)
    return XS_EINVAL;
  *len = v;
  return 0;
}

/* The address text s[0..n) of family into ip. */
static int parse_ip(int family, const char *s, size_t n, uint8_t ip[16]) {
  if (family == XS_AF_INET)
    return xs__parse_ipv4(s, n, ip);
  return xs__parse_ipv6(s, n, ip);
}

int xs_prefix_parse(xs_prefix *out, const char *text) {
  const char *slash;
  size_t total, alen;
  int family;
  unsigned len;
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || text == NULL)
    return xs__einval();
  total = strlen(text);
  slash = memchr(text, '/', total);
  alen = slash != NULL ? (size_t)(slash - text) : total;
  family = memchr(text, ':', alen) != NULL ? XS_AF_INET6 : XS_AF_INET;
  len = xs__prefix_bits(family);
  if (parse_ip(family, text, alen, out->ip) != 0 ||
      (slash != NULL &&
       parse_len(slash + 1, total - alen - 1, len, &len) != 0)) {
    memset(out, 0, sizeof *out);
    return xs__einval();
  }
  out->family = (uint16_t)family;
  out->len = (uint8_t)len;
  return 0;
}

int xs_prefix_make(xs_prefix *out, int family, const uint8_t *ip,
                   unsigned len) {
  unsigned bits = xs__prefix_bits(family);
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || ip == NULL || bits == 0 || len > bits)
    return xs__einval();
  out->family = (uint16_t)family;
  out->len = (uint8_t)len;
  memcpy(out->ip, ip, bits / 8u);
  return 0;
}

int xs_prefix_format(const xs_prefix *p, char *buf, size_t size) {
  char tmp[XS_PREFIX_STRLEN];
  size_t pos;
  int rc;
  if (buf == NULL)
    return xs__einval();
  if (size > 0)
    buf[0] = '\0';
  if (xs__prefix_check(p) != 0)
    return XS_EINVAL;
  if (p->family == XS_AF_INET)
    rc = xs__format_ipv4(p->ip, tmp, sizeof tmp);
  else
    rc = xs__format_ipv6(p->ip, tmp, sizeof tmp);
  if (rc != 0)
    return xs__prefix_fail(rc);
  pos = strlen(tmp);
  tmp[pos++] = '/';
  xs__put_dec(tmp, &pos, p->len);
  if (pos + 1 > size)
    return xs__prefix_fail(XS_ENOSPC);
  memcpy(buf, tmp, pos + 1);
  return 0;
}

/* ---- masks -------------------------------------------------------------- */

int xs_netmask_from_len(int family, unsigned len, uint8_t mask[16]) {
  unsigned bits = xs__prefix_bits(family);
  if (mask != NULL)
    memset(mask, 0, 16);
  if (mask == NULL || bits == 0 || len > bits)
    return xs__einval();
  xs__ip_store(family, xs__u128_not(xs__u128_low_ones(bits - len)), mask);
  return 0;
}

int xs_netmask_to_len(int family, const uint8_t mask[16], unsigned *len) {
  unsigned bits = xs__prefix_bits(family), host;
  xs__u128 inv;
  if (len != NULL)
    *len = 0;
  if (mask == NULL || len == NULL || bits == 0)
    return xs__einval();
  /* The host part, inverted: contiguous masks give 2^k - 1. */
  inv = xs__u128_and(xs__u128_not(xs__ip_value(family, mask)),
                     xs__u128_low_ones(bits));
  for (host = 0; host <= bits; host++) {
    if (xs__u128_cmp(inv, xs__u128_low_ones(host)) == 0) {
      *len = bits - host;
      return 0;
    }
  }
  return xs__einval(); /* not contiguous */
}
