/* SPDX-License-Identifier: MIT */
/*
 * fuzz_url.c - xs_hostname_check() and xs_url_parse() on any text.
 *
 * The input is the text (up to its first NUL byte), in a heap block of
 * exactly its length + 1: a parser reading past the NUL is an ASan or
 * valgrind error. Properties:
 *  - xs_hostname_check() gives what a second checker written here gives
 *    (it splits at the dots first, then looks at each label);
 *  - xs_url_parse() returns 0, XS_EINVAL or XS_ENAMETOOLONG, and leaves an
 *    all-zero xs_url on failure;
 *  - on success every text field is NUL-terminated inside its buffer with
 *    only zero bytes after the NUL; the scheme is a lower-case RFC 3986
 *    scheme; the host is of its host_type: a name passes
 *    xs_hostname_check() and is lower case and not an IPv4 literal, an
 *    IPv4 literal is what xs__parse_ipv4() takes, an IPv6 literal is in the
 *    RFC 5952 form, with a non-empty zone after a '%' or none, and
 *    xs_addr_parse_ip() takes it when it has no zone; the path starts with
 *    '/'; port is 0 when port_known is 0;
 *  - the URL written back from the parts ("scheme://host:port/path", the
 *    IPv6 host in brackets with its zone as "%25") parses to the same
 *    xs_url, byte for byte;
 *  - the same URL with a userinfo ("u@") before the host is XS_EINVAL.
 */
#include <stdlib.h>
#include <string.h>

#include "xsock/url.h"

#include "common/internal.h"
#include "fuzz.h"

/* Longest URL written back: every field full, brackets, "%25", a port. */
#define URL_TEXT_MAX                                                           \
  (XS_URL_SCHEME_MAX + XS_URL_HOST_MAX + XS_URL_PATH_MAX + 32)

/* ---- the reference host name checker ------------------------------------ */

static int ref_label(const char *s, size_t n, int *all_digits) {
  size_t i;
  *all_digits = 1;
  if (n == 0 || s[0] == '-' || s[n - 1] == '-')
    return XS_EINVAL;
  for (i = 0; i < n; i++) {
    char c = s[i];
    int digit = c >= '0' && c <= '9';
    int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!digit && !letter && c != '-')
      return XS_EINVAL;
    if (!digit)
      *all_digits = 0;
  }
  return 0;
}

static int ref_hostname(const char *name) {
  size_t len = strlen(name), start = 0, longest = 0;
  int all_digits = 0;
  if (len > 0 && name[len - 1] == '.')
    len--; /* the root */
  for (;;) {
    const char *dot = memchr(name + start, '.', len - start);
    size_t end = dot != NULL ? (size_t)(dot - name) : len;
    if (ref_label(name + start, end - start, &all_digits) != 0)
      return XS_EINVAL;
    if (end - start > longest)
      longest = end - start;
    if (dot == NULL)
      break;
    start = end + 1;
  }
  if (all_digits)
    return XS_EINVAL;
  return longest > 63 || len > 253 ? XS_ENAMETOOLONG : 0;
}

/* ---- properties of a parsed URL ----------------------------------------- */

/* NUL inside the field, zero bytes after it. */
static void check_field(const char *field, size_t size) {
  const char *nul = memchr(field, '\0', size);
  FUZZ_CHECK(nul != NULL);
  FUZZ_CHECK(fuzz_zero(nul, size - (size_t)(nul - field)));
}

static int has_upper(const char *s) {
  for (; *s != '\0'; s++)
    if (*s >= 'A' && *s <= 'Z')
      return 1;
  return 0;
}

static void check_scheme(const char *s) {
  size_t i;
  FUZZ_CHECK((s[0] >= 'a' && s[0] <= 'z'));
  for (i = 1; s[i] != '\0'; i++)
    FUZZ_CHECK((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
               s[i] == '+' || s[i] == '-' || s[i] == '.');
}

static void check_ipv6_host(const char *host) {
  const char *pct = strchr(host, '%');
  size_t ip_len = pct != NULL ? (size_t)(pct - host) : strlen(host);
  uint8_t ip[16];
  char canon[XS_ADDR_STRLEN];
  xs_addr a;
  FUZZ_CHECK(xs__parse_ipv6(host, ip_len, ip) == 0);
  FUZZ_CHECK(xs__format_ipv6(ip, canon, sizeof canon) == 0);
  FUZZ_CHECK(strlen(canon) == ip_len && memcmp(canon, host, ip_len) == 0);
  if (pct != NULL) {
    FUZZ_CHECK(pct[1] != '\0' && strchr(pct + 1, '%') == NULL);
    return; /* a zone name is looked up by xs_addr_parse_ip(): not here */
  }
  FUZZ_CHECK(xs_addr_parse_ip(&a, host, 0) == 0);
  FUZZ_CHECK(a.family == XS_AF_INET6 && memcmp(a.ip, ip, 16) == 0);
}

static void check_host(const xs_url *u) {
  uint8_t ip[4];
  xs_addr a;
  int is_v4 = xs__parse_ipv4(u->host, strlen(u->host), ip) == 0;
  FUZZ_CHECK(u->host_type == XS_URL_HOST_NAME ||
             u->host_type == XS_URL_HOST_IPV4 ||
             u->host_type == XS_URL_HOST_IPV6);
  switch (u->host_type) {
  case XS_URL_HOST_NAME:
    FUZZ_CHECK(xs_hostname_check(u->host) == 0);
    FUZZ_CHECK(!has_upper(u->host) && !is_v4);
    break;
  case XS_URL_HOST_IPV4:
    FUZZ_CHECK(is_v4);
    FUZZ_CHECK(xs_addr_parse_ip(&a, u->host, 0) == 0);
    FUZZ_CHECK(a.family == XS_AF_INET && memcmp(a.ip, ip, 4) == 0);
    break;
  case XS_URL_HOST_IPV6:
    check_ipv6_host(u->host);
    break;
  default:
    break;
  }
}

/* scheme://host[:port]path, the IPv6 host in brackets, its zone "%25". */
static void write_url(const xs_url *u, const char *userinfo, char *out) {
  const char *pct = strchr(u->host, '%');
  size_t pos = 0;
  out[0] = '\0';
  strcat(out, u->scheme);
  strcat(out, "://");
  strcat(out, userinfo);
  if (u->host_type == XS_URL_HOST_IPV6) {
    strcat(out, "[");
    if (pct != NULL) {
      strncat(out, u->host, (size_t)(pct - u->host));
      strcat(out, "%25");
      strcat(out, pct + 1);
    } else {
      strcat(out, u->host);
    }
    strcat(out, "]");
  } else {
    strcat(out, u->host);
  }
  if (u->port_known) {
    pos = strlen(out);
    out[pos++] = ':';
    xs__put_dec(out, &pos, u->port);
  }
  strcat(out, u->path);
}

static void check_url(const xs_url *u) {
  static char text[URL_TEXT_MAX];
  static xs_url again;
  check_field(u->scheme, sizeof u->scheme);
  check_field(u->host, sizeof u->host);
  check_field(u->path, sizeof u->path);
  check_scheme(u->scheme);
  check_host(u);
  FUZZ_CHECK(u->path[0] == '/');
  FUZZ_CHECK(u->port_known == 0 || u->port_known == 1);
  FUZZ_CHECK(u->port_known || u->port == 0);
  write_url(u, "", text);
  FUZZ_CHECK(xs_url_parse(&again, text) == 0);
  FUZZ_CHECK(memcmp(&again, u, sizeof again) == 0);
  write_url(u, "u@", text);
  FUZZ_CHECK(xs_url_parse(&again, text) == XS_EINVAL);
  FUZZ_CHECK(fuzz_zero(&again, sizeof again));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static xs_url u;
  char *text = fuzz_cstr(data, size);
  int rc = xs_hostname_check(text);
  FUZZ_CHECK(rc == ref_hostname(text));
  memset(&u, 0xAA, sizeof u);
  rc = xs_url_parse(&u, text);
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL || rc == XS_ENAMETOOLONG);
  if (rc == 0)
    check_url(&u);
  else
    FUZZ_CHECK(fuzz_zero(&u, sizeof u));
  free(text);
  return 0;
}
