/* SPDX-License-Identifier: MIT */
/*
 * addr_text.c - IPv4 and IPv6 literals to bytes and back.
 *
 * Pure text code: no OS calls, no locale-dependent functions (no isdigit,
 * strtol or printf), and every parser reads exactly the len characters it
 * is given, so the caller may hand it a slice of a longer string.
 *
 * IPv4 (xs__parse_ipv4): exactly four decimal parts, 0 to 255, separated by
 * dots. A part with a leading zero ("01", "00") is rejected: inet_aton()
 * reads such a part as octal, other parsers as decimal, so the text is
 * ambiguous and refusing it is the only answer that cannot be wrong.
 *
 * IPv6 (xs__parse_ipv6): RFC 4291 section 2.2 text: eight groups of one to
 * four hex digits (either case), one "::" standing for one or more zero
 * groups, and an optional dotted IPv4 tail taking the last two groups. A
 * zone ("%eth0") is not part of the literal; xs_addr_parse() splits it off.
 *
 * Formatting follows RFC 5952: lowercase hex, no leading zeros, the longest
 * run of two or more zero groups written "::" (the first such run on a tie),
 * and IPv4-mapped addresses as "::ffff:a.b.c.d".
 */
#include <string.h>

#include "internal.h"

/* Longest text either formatter writes, NUL included:
 * "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" is 39 characters. */
#define TEXT_MAX 48

static int dec_value(char c) {
  return (c >= '0' && c <= '9') ? c - '0' : -1;
}

int xs__hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* One dotted part starting at text[*pos]: 1 to 3 digits, no leading zero,
 * at most 255. Advances *pos past the digits. */
static int parse_octet(const char *text, size_t len, size_t *pos,
                       uint8_t *out) {
  size_t start = *pos;
  unsigned value = 0;
  while (*pos < len && *pos - start < 3 && dec_value(text[*pos]) >= 0) {
    value = value * 10u + (unsigned)dec_value(text[*pos]);
    (*pos)++;
  }
  if (*pos == start || value > 255u)
    return XS_EINVAL;
  if (*pos - start > 1 && text[start] == '0')
    return XS_EINVAL; /* leading zero: octal or decimal? refuse */
  if (*pos < len && dec_value(text[*pos]) >= 0)
    return XS_EINVAL; /* a fourth digit */
  *out = (uint8_t)value;
  return 0;
}

int xs__parse_ipv4(const char *text, size_t len, uint8_t ip[4]) {
  uint8_t tmp[4];
  size_t pos = 0;
  int i;
  if (text == NULL || ip == NULL)
    return XS_EINVAL;
  for (i = 0; i < 4; i++) {
    if (i > 0) {
      if (pos >= len || text[pos] != '.')
        return XS_EINVAL;
      pos++;
    }
    if (parse_octet(text, len, &pos, &tmp[i]) != 0)
      return XS_EINVAL;
  }
  if (pos != len)
    return XS_EINVAL;
  memcpy(ip, tmp, 4);
  return 0;
}

/* State of an IPv6 parse: the groups read so far and where "::" was. */
typedef struct v6_groups {
  uint16_t group[8];
  size_t n; /* groups read */
  long gap; /* index in group[] where "::" stands, or -1 */
} v6_groups;

/* The dotted IPv4 tail starting at text[start]: two more groups. */
static int parse_v4_tail(const char *text, size_t len, size_t start,
                         v6_groups *g) {
  uint8_t v4[4];
  if (g->n > 6 || xs__parse_ipv4(text + start, len - start, v4) != 0)
    return XS_EINVAL;
  g->group[g->n++] = (uint16_t)(v4[0] << 8 | v4[1]);
  g->group[g->n++] = (uint16_t)(v4[2] << 8 | v4[3]);
  return 0;
}

/* Read groups and separators from text[pos] to the end. */
static int parse_v6_groups(const char *text, size_t len, size_t pos,
                           v6_groups *g) {
  while (pos < len) {
    size_t start = pos;
    unsigned value = 0;
    while (pos < len && pos - start < 5 && xs__hex_value(text[pos]) >= 0) {
      value = value * 16u + (unsigned)xs__hex_value(text[pos]);
      pos++;
    }
    if (pos < len && text[pos] == '.')
      return parse_v4_tail(text, len, start, g);
    if (pos == start || pos - start > 4 || g->n == 8)
      return XS_EINVAL;
    g->group[g->n++] = (uint16_t)value;
    if (pos == len)
      break;
    if (text[pos] != ':')
      return XS_EINVAL;
    pos++;
    if (pos < len && text[pos] == ':') {
      if (g->gap >= 0)
        return XS_EINVAL; /* a second "::" */
      g->gap = (long)g->n;
      pos++;
    } else if (pos == len) {
      return XS_EINVAL; /* a single trailing ':' */
    }
  }
  return 0;
}

/* Group j (0 to 7) of the full address: the groups read before "::" keep
 * their place, those after it move to the end, and the gap reads as 0. */
static uint16_t v6_group_at(const v6_groups *g, size_t j) {
  size_t head = g->gap < 0 ? g->n : (size_t)g->gap;
  size_t fill = 8 - g->n; /* zero groups the "::" stands for */
  if (j < head)
    return g->group[j];
  if (j < head + fill)
    return 0;
  return g->group[j - fill];
}

int xs__parse_ipv6(const char *text, size_t len, uint8_t ip[16]) {
  v6_groups g;
  size_t pos = 0, i;
  if (text == NULL || ip == NULL)
    return XS_EINVAL;
  memset(&g, 0, sizeof g);
  g.gap = -1;
  if (len >= 2 && text[0] == ':' && text[1] == ':') {
    g.gap = 0;
    pos = 2;
  } else if (len == 0 || text[0] == ':') {
    return XS_EINVAL;
  }
  if (parse_v6_groups(text, len, pos, &g) != 0)
    return XS_EINVAL;
  if (g.gap < 0 ? g.n != 8 : g.n > 7)
    return XS_EINVAL;
  for (i = 0; i < 8; i++) {
    uint16_t v = v6_group_at(&g, i);
    ip[2 * i] = (uint8_t)(v >> 8);
    ip[2 * i + 1] = (uint8_t)v;
  }
  return 0;
}

void xs__put_dec(char *out, size_t *pos, uint32_t v) {
  char digits[10];
  size_t n = 0;
  do {
    digits[n++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v != 0);
  while (n > 0)
    out[(*pos)++] = digits[--n];
  out[*pos] = '\0';
}

static void put_hex(char *out, size_t *pos, unsigned v) {
  static const char hex[] = "0123456789abcdef";
  int shift = 12;
  while (shift > 0 && ((v >> shift) & 0xfu) == 0)
    shift -= 4; /* no leading zeros */
  for (; shift >= 0; shift -= 4)
    out[(*pos)++] = hex[(v >> shift) & 0xfu];
}

static void put_v4(char *out, size_t *pos, const uint8_t ip[4]) {
  int i;
  for (i = 0; i < 4; i++) {
    if (i > 0)
      out[(*pos)++] = '.';
    xs__put_dec(out, pos, ip[i]);
  }
}

/* Copy the finished text (len characters in tmp) to buf, or fail with
 * XS_ENOSPC leaving "" when it does not fit: never a cut-short text. */
static int emit(const char *tmp, size_t len, char *buf, size_t size) {
  if (buf == NULL)
    return XS_EINVAL;
  if (len + 1 > size) {
    if (size > 0)
      buf[0] = '\0';
    return XS_ENOSPC;
  }
  memcpy(buf, tmp, len);
  buf[len] = '\0';
  return 0;
}

int xs__format_ipv4(const uint8_t ip[4], char *buf, size_t size) {
  char tmp[TEXT_MAX];
  size_t pos = 0;
  if (ip == NULL) {
    (void)emit("", 0, buf, size);
    return XS_EINVAL;
  }
  put_v4(tmp, &pos, ip);
  return emit(tmp, pos, buf, size);
}

/* The longest run of two or more zero groups (first on a tie), as a start
 * index and length; *run_len is 0 if there is none. */
static void longest_zero_run(const uint16_t g[8], size_t *run_at,
                             size_t *run_len) {
  size_t i = 0;
  *run_at = 0;
  *run_len = 0;
  while (i < 8) {
    size_t start = i;
    while (i < 8 && g[i] == 0)
      i++;
    if (i - start >= 2 && i - start > *run_len) {
      *run_at = start;
      *run_len = i - start;
    }
    if (i == start)
      i++;
  }
}

static int is_v4_mapped(const uint8_t ip[16]) {
  static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return memcmp(ip, prefix, sizeof prefix) == 0;
}

int xs__format_ipv6(const uint8_t ip[16], char *buf, size_t size) {
  char tmp[TEXT_MAX];
  uint16_t g[8];
  size_t pos = 0, run_at, run_len, i;
  if (ip == NULL) {
    (void)emit("", 0, buf, size);
    return XS_EINVAL;
  }
  if (is_v4_mapped(ip)) {
    memcpy(tmp, "::ffff:", 7);
    pos = 7;
    put_v4(tmp, &pos, ip + 12);
    return emit(tmp, pos, buf, size);
  }
  for (i = 0; i < 8; i++)
    g[i] = (uint16_t)(ip[2 * i] << 8 | ip[2 * i + 1]);
  longest_zero_run(g, &run_at, &run_len);
  for (i = 0; i < 8; i++) {
    if (run_len > 0 && i == run_at) {
      tmp[pos++] = ':';
      tmp[pos++] = ':';
      i += run_len - 1;
      continue;
    }
    if (i > 0 && !(run_len > 0 && i == run_at + run_len))
      tmp[pos++] = ':';
    put_hex(tmp, &pos, g[i]);
  }
  return emit(tmp, pos, buf, size);
}
