/* SPDX-License-Identifier: MIT */
/*
 * fuzz_addr_text.c - the IP literal code under xs_addr_parse() and
 * xs_addr_format() (src/common/addr_text.c), against a second, separately
 * written parser and formatter here.
 *
 * The parsers take a slice (text, len) with no NUL: the input is given to
 * them in a heap block of exactly its size, whole and cut short, so a read
 * past len is an ASan or valgrind error. Properties:
 *  - xs__parse_ipv4 / xs__parse_ipv6 accept exactly what the reference
 *    accepts (dotted quad without leading zeros; RFC 4291 text with at
 *    most one "::" standing for one or more groups and an optional dotted
 *    tail), with the same bytes;
 *  - xs__format_ipv4 / xs__format_ipv6 write what the reference writes
 *    (RFC 5952: lowercase, no leading zeros, the first longest run of two
 *    or more zero groups as "::", IPv4-mapped as "::ffff:a.b.c.d"), which
 *    parses back to the same bytes;
 *  - at every buffer size they write the whole text or fail with
 *    XS_ENOSPC and "", and never past the size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/internal.h"
#include "fuzz.h"

#define TEXT_MAX 64

/* ---- the reference ------------------------------------------------------ */

/* One dotted field, s[0..n): "0" or 1 to 3 digits with no leading zero,
 * at most 255. */
static int ref_octet(const char *s, size_t n, uint8_t *out) {
  unsigned v = 0;
  size_t i;
  if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
    return -1;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10u + (unsigned)(s[i] - '0');
  }
  if (v > 255u)
    return -1;
  *out = (uint8_t)v;
  return 0;
}

/* Split at the dots first, then read each field. */
static int ref_v4(const char *s, size_t len, uint8_t out[4]) {
  size_t dots[3], nd = 0, i, start = 0;
  for (i = 0; i < len; i++) {
    if (s[i] == '.') {
      if (nd == 3)
        return -1;
      dots[nd++] = i;
    }
  }
  if (nd != 3)
    return -1;
  for (i = 0; i < 4; i++) {
    size_t end = i < 3 ? dots[i] : len;
    if (ref_octet(s + start, end - start, &out[i]) != 0)
      return -1;
    start = end + 1;
  }
  return 0;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The ':'-separated fields of s[0..len) into groups (appended at *n, at
 * most 8). A dotted field is allowed only last, and only if may_tail. */
static int ref_fields(const char *s, size_t len, int may_tail, uint16_t g[8],
                      size_t *n) {
  size_t start = 0;
  if (len == 0)
    return 0;
  for (;;) {
    const char *colon = memchr(s + start, ':', len - start);
    size_t end = colon == NULL ? len : (size_t)(colon - s);
    size_t flen = end - start, i;
    unsigned v = 0;
    if (colon == NULL && may_tail && memchr(s + start, '.', flen) != NULL) {
      uint8_t b[4];
      if (*n > 6 || ref_v4(s + start, flen, b) != 0)
        return -1;
      g[(*n)++] = (uint16_t)(b[0] << 8 | b[1]);
      g[(*n)++] = (uint16_t)(b[2] << 8 | b[3]);
      return 0;
    }
    if (flen == 0 || flen > 4 || *n == 8)
      return -1;
    for (i = 0; i < flen; i++) {
      int d = hex_digit(s[start + i]);
      if (d < 0)
        return -1;
      v = v * 16u + (unsigned)d;
    }
    g[(*n)++] = (uint16_t)v;
    if (colon == NULL)
      return 0;
    start = end + 1;
  }
}

static const char *find_pair(const char *s, size_t len, size_t from) {
  size_t i;
  for (i = from; i + 1 < len; i++)
    if (s[i] == ':' && s[i + 1] == ':')
      return s + i;
  return NULL;
}

static int ref_v6(const char *s, size_t len, uint8_t out[16]) {
  uint16_t left[8], right[8];
  size_t nl = 0, nr = 0, i;
  const char *gap = find_pair(s, len, 0);
  if (gap == NULL) {
    if (ref_fields(s, len, 1, left, &nl) != 0 || nl != 8)
      return -1;
  } else {
    size_t at = (size_t)(gap - s);
    if (find_pair(s, len, at + 1) != NULL)
      return -1; /* a second "::" (":::" included) */
    if (ref_fields(s, at, 0, left, &nl) != 0 ||
        ref_fields(gap + 2, len - at - 2, 1, right, &nr) != 0 || nl + nr > 7)
      return -1;
    for (i = 0; i < nr; i++)
      left[8 - nr + i] = right[i];
    for (i = nl; i < 8 - nr; i++)
      left[i] = 0;
  }
  for (i = 0; i < 8; i++) {
    out[2 * i] = (uint8_t)(left[i] >> 8);
    out[2 * i + 1] = (uint8_t)left[i];
  }
  return 0;
}

static void ref_format_v4(const uint8_t ip[4], char *out) {
  snprintf(out, TEXT_MAX, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
}

static void ref_format_v6(const uint8_t ip[16], char *out) {
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255};
  unsigned g[8];
  size_t i, best = 8, best_len = 0, pos = 0;
  if (memcmp(ip, mapped, 12) == 0) {
    snprintf(out, TEXT_MAX, "::ffff:%u.%u.%u.%u", ip[12], ip[13], ip[14],
             ip[15]);
    return;
  }
  for (i = 0; i < 8; i++)
    g[i] = (unsigned)ip[2 * i] << 8 | ip[2 * i + 1];
  for (i = 0; i < 8; i++) {
    size_t j = i;
    while (j < 8 && g[j] == 0)
      j++;
    if (j - i >= 2 && j - i > best_len) {
      best = i;
      best_len = j - i;
    }
  }
  out[0] = '\0';
  for (i = 0; i < 8; i++) {
    if (i == best) {
      pos += (size_t)snprintf(out + pos, TEXT_MAX - pos, "::");
      i += best_len - 1;
      continue;
    }
    pos += (size_t)snprintf(out + pos, TEXT_MAX - pos, "%s%x",
                            (i == 0 || i == best + best_len) ? "" : ":", g[i]);
  }
}

/* ---- the checks --------------------------------------------------------- */

static void check_format(const uint8_t ip[16]);

static void check_parse(const char *s, size_t len) {
  uint8_t a[16], b[16];
  int rc = xs__parse_ipv4(s, len, a);
  int ref = ref_v4(s, len, b);
  FUZZ_CHECK((rc == 0) == (ref == 0));
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL);
  if (rc == 0) {
    FUZZ_CHECK(memcmp(a, b, 4) == 0);
    memset(a + 4, 0, 12);
    check_format(a);
  }
  rc = xs__parse_ipv6(s, len, a);
  ref = ref_v6(s, len, b);
  FUZZ_CHECK((rc == 0) == (ref == 0));
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL);
  if (rc == 0) {
    FUZZ_CHECK(memcmp(a, b, 16) == 0);
    check_format(a);
  }
}

typedef int (*format_fn)(const uint8_t *ip, char *buf, size_t size);

static int format_v4(const uint8_t *ip, char *buf, size_t size) {
  return xs__format_ipv4(ip, buf, size);
}

static int format_v6(const uint8_t *ip, char *buf, size_t size) {
  return xs__format_ipv6(ip, buf, size);
}

/* Every size against the expected text. */
static void check_sizes(format_fn fmt, const uint8_t *ip, const char *want) {
  char buf[TEXT_MAX + 8];
  size_t len = strlen(want), size, i;
  for (size = 0; size <= TEXT_MAX; size++) {
    int rc;
    memset(buf, 0x5a, sizeof buf);
    rc = fmt(ip, buf, size);
    for (i = size; i < sizeof buf; i++)
      FUZZ_CHECK(buf[i] == 0x5a);
    if (size <= len) {
      FUZZ_CHECK(rc == XS_ENOSPC);
      FUZZ_CHECK(size == 0 || buf[0] == '\0');
    } else {
      FUZZ_CHECK(rc == 0 && strcmp(buf, want) == 0);
    }
  }
}

static void check_format(const uint8_t ip[16]) {
  char want[TEXT_MAX], got[TEXT_MAX];
  uint8_t back[16];
  ref_format_v4(ip, want);
  check_sizes(format_v4, ip, want);
  FUZZ_CHECK(xs__format_ipv4(ip, got, sizeof got) == 0);
  FUZZ_CHECK(xs__parse_ipv4(got, strlen(got), back) == 0);
  FUZZ_CHECK(memcmp(back, ip, 4) == 0);
  ref_format_v6(ip, want);
  check_sizes(format_v6, ip, want);
  FUZZ_CHECK(xs__format_ipv6(ip, got, sizeof got) == 0);
  FUZZ_CHECK(xs__parse_ipv6(got, strlen(got), back) == 0);
  FUZZ_CHECK(memcmp(back, ip, 16) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t ip[16];
  char *whole = (char *)fuzz_copy(data, size);
  char *cut;
  check_parse(whole, size);
  /* The same bytes cut short, in a block of exactly that size. */
  if (size > 1) {
    cut = (char *)fuzz_copy(data, size / 2);
    check_parse(cut, size / 2);
    free(cut);
  }
  free(whole);
  /* The first 16 bytes as an address (what parsed is formatted above). */
  memset(ip, 0, sizeof ip);
  if (size >= 16)
    memcpy(ip, data, 16);
  check_format(ip);
  return 0;
}
