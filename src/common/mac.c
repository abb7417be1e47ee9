/* SPDX-License-Identifier: MIT */
/*
 * mac.c - MAC-48 addresses: the three text forms of mac.h to bytes and
 * back, and the OUI / NIC parts and flag bits.
 *
 * Pure text code: no OS calls, no locale-dependent functions (no isxdigit,
 * strtol or printf). A text is read only up to its NUL, and never more
 * than one character past the longest form.
 */
#include <string.h>

#include "xsock/mac.h"

#include "internal.h"

/* "00:50:56:c0:00:01" and "0050.56c0.0001": 17 and 14 characters. */
#define SEP_FORM_LEN 17
#define DOT_FORM_LEN 14

/* A failure found here: native code 0 (xs_native_error()). */
static int fail(int code) {
  xs__native_set(0);
  return code;
}

/* The byte written as two hex digits at p, or -1. */
static int hex_pair(const char *p) {
  int hi = xs__hex_value(p[0]), lo;
  if (hi < 0)
    return -1;
  lo = xs__hex_value(p[1]);
  return lo < 0 ? -1 : hi << 4 | lo;
}

/* Length of text, but at most max + 1 (enough to tell "too long"). */
static size_t bounded_len(const char *text, size_t max) {
  size_t n = 0;
  while (n <= max && text[n] != '\0')
    n++;
  return n;
}

/* "xx:xx:xx:xx:xx:xx" with sep (':' or '-') between every pair. */
static int parse_sep_form(const char *text, char sep, uint8_t b[6]) {
  int i;
  for (i = 0; i < 6; i++) {
    const char *p = text + 3 * i;
    int v = hex_pair(p);
    if (v < 0 || (i < 5 && p[2] != sep))
      return XS_EINVAL;
    b[i] = (uint8_t)v;
  }
  return 0;
}

/* "xxxx.xxxx.xxxx": three groups of two bytes. */
static int parse_dot_form(const char *text, uint8_t b[6]) {
  int i;
  for (i = 0; i < 6; i++) {
    const char *p = text + 5 * (i / 2) + 2 * (i % 2);
    int v = hex_pair(p);
    if (v < 0)
      return XS_EINVAL;
    b[i] = (uint8_t)v;
  }
  return text[4] == '.' && text[9] == '.' ? 0 : XS_EINVAL;
}

int xs_mac_parse(xs_mac *out, const char *text) {
  uint8_t b[6];
  size_t len;
  int rc = XS_EINVAL;
  if (out == NULL)
    return fail(XS_EINVAL);
  memset(out, 0, sizeof *out);
  if (text == NULL)
    return fail(XS_EINVAL);
  len = bounded_len(text, SEP_FORM_LEN);
  if (len == SEP_FORM_LEN && (text[2] == ':' || text[2] == '-'))
    rc = parse_sep_form(text, text[2], b);
  else if (len == DOT_FORM_LEN)
    rc = parse_dot_form(text, b);
  if (rc != 0)
    return fail(XS_EINVAL);
  memcpy(out->b, b, sizeof b);
  return 0;
}

int xs_mac_format(const xs_mac *mac, char *buf, size_t size) {
  static const char hex[] = "0123456789abcdef";
  char tmp[XS_MAC_STRLEN];
  size_t pos = 0;
  int i;
  if (buf != NULL && size > 0)
    buf[0] = '\0';
  if (mac == NULL || buf == NULL)
    return fail(XS_EINVAL);
  if (size < XS_MAC_STRLEN)
    return fail(XS_ENOSPC);
  for (i = 0; i < 6; i++) {
    if (i > 0)
      tmp[pos++] = ':';
    tmp[pos++] = hex[mac->b[i] >> 4];
    tmp[pos++] = hex[mac->b[i] & 0xfu];
  }
  tmp[pos] = '\0';
  memcpy(buf, tmp, sizeof tmp);
  return 0;
}

int xs_mac_from_bytes(xs_mac *out, const uint8_t *bytes, size_t len) {
  if (out == NULL)
    return fail(XS_EINVAL);
  memset(out, 0, sizeof *out);
  if (bytes == NULL || len != sizeof out->b)
    return fail(XS_EINVAL);
  memcpy(out->b, bytes, sizeof out->b);
  return 0;
}

uint32_t xs_mac_oui(const xs_mac *mac) {
  if (mac == NULL)
    return 0;
  return (uint32_t)mac->b[0] << 16 | (uint32_t)mac->b[1] << 8 | mac->b[2];
}

uint32_t xs_mac_nic(const xs_mac *mac) {
  if (mac == NULL)
    return 0;
  return (uint32_t)mac->b[3] << 16 | (uint32_t)mac->b[4] << 8 | mac->b[5];
}

int xs_mac_is_multicast(const xs_mac *mac) {
  return mac != NULL && (mac->b[0] & 0x01u) != 0;
}

int xs_mac_is_local(const xs_mac *mac) {
  return mac != NULL && (mac->b[0] & 0x02u) != 0;
}

int xs_mac_is_broadcast(const xs_mac *mac) {
  static const uint8_t all_ones[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  return mac != NULL && memcmp(mac->b, all_ones, sizeof all_ones) == 0;
}
