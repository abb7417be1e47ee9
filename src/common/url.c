/* SPDX-License-Identifier: MIT */
/*
 * url.c - xs_url_parse() (include/xsock/url.h): scheme, host, port and
 * path of "scheme://host[:port][path]".
 *
 * Text code with no locale-dependent functions. The IP literals are read
 * by the library's own strict parsers (addr_text.c), so a URL's host is an
 * IP literal exactly when xs_addr_parse_ip() would take it; host names are
 * checked by xs_hostname_check() (hostname.c). The one OS service used is
 * the services database, for the default port (xs_service_by_name()).
 *
 * The text is read left to right, one component at a time, and the first
 * rule broken decides the error. Each component is copied into its field
 * only after its length is known to fit: nothing is cut short.
 */
#include <string.h>

#include "xsock/service.h"
#include "xsock/url.h"

#include "internal.h"

/* A slice of the URL text: [at, at + len). */
typedef struct slice {
  const char *at;
  size_t len;
} slice;

/* A failure found here: native code 0 (xs_native_error()). */
static int fail(int code) {
  xs__native_set(0);
  return code;
}

static int is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

static int is_hex(char c) {
  return xs__hex_value(c) >= 0;
}

static char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* RFC 3986 "unreserved": ALPHA / DIGIT / "-" / "." / "_" / "~". */
static int is_unreserved(char c) {
  return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("-._~", c));
}

/* Characters a path, query or fragment may hold unescaped (RFC 3986
 * pchar, '/' and '?'), '%' and '#' apart. */
static int is_path_char(char c) {
  return is_unreserved(c) || (c != '\0' && strchr("!$&'()*+,;=:@/?", c));
}

/* Copy s lower-cased (or as it is) into a field of size bytes. */
static int put_field(char *field, size_t size, slice s, int lower) {
  size_t i;
  if (s.len >= size)
    return XS_ENAMETOOLONG;
  for (i = 0; i < s.len; i++)
    field[i] = lower ? to_lower(s.at[i]) : s.at[i];
  field[s.len] = '\0';
  return 0;
}

/* "scheme://": the scheme into out, *pos past the "//". */
static int parse_scheme(const char *text, size_t *pos, xs_url *out) {
  size_t n = 0;
  slice s;
  if (!is_alpha(text[0]))
    return XS_EINVAL;
  while (is_alpha(text[n]) || is_digit(text[n]) || text[n] == '+' ||
         text[n] == '-' || text[n] == '.')
    n++;
  if (text[n] != ':' || text[n + 1] != '/' || text[n + 2] != '/')
    return XS_EINVAL; /* no scheme, or no authority */
  s.at = text;
  s.len = n;
  *pos = n + 3;
  return put_field(out->scheme, sizeof out->scheme, s, 1);
}

/* The port digits (none: no port; out->port_known stays 0). */
static int parse_port(slice p, xs_url *out) {
  uint32_t value = 0;
  size_t i;
  if (p.len == 0)
    return 0; /* "host:" is "host" (RFC 3986 section 6.2.3) */
  for (i = 0; i < p.len; i++) {
    if (!is_digit(p.at[i]))
      return XS_EINVAL;
    value = value * 10u + (uint32_t)(p.at[i] - '0');
    if (value > 65535u)
      return XS_EINVAL;
  }
  out->port = (uint16_t)value;
  out->port_known = 1;
  return 0;
}

/* The zone after "%25" inside brackets: 1 or more unreserved characters. */
static int check_zone(slice z) {
  size_t i;
  if (z.len == 0)
    return XS_EINVAL;
  for (i = 0; i < z.len; i++)
    if (!is_unreserved(z.at[i]))
      return XS_EINVAL;
  return 0;
}

/* "[v6]" or "[v6%25zone]" (a: the text between the brackets). */
static int parse_ipv6_host(slice a, xs_url *out) {
  const char *pct = memchr(a.at, '%', a.len);
  size_t ip_len = pct != NULL ? (size_t)(pct - a.at) : a.len, len;
  uint8_t ip[16];
  slice zone = {NULL, 0};
  int rc;
  if (xs__parse_ipv6(a.at, ip_len, ip) != 0)
    return XS_EINVAL; /* not IPv6 (an IPvFuture too) */
  if (pct != NULL) {
    if (a.len - ip_len < 3 || pct[1] != '2' || pct[2] != '5')
      return XS_EINVAL; /* RFC 6874: the '%' itself is written "%25" */
    zone.at = pct + 3;
    zone.len = a.len - ip_len - 3;
    if (check_zone(zone) != 0)
      return XS_EINVAL;
  }
  rc = xs__format_ipv6(ip, out->host, sizeof out->host);
  if (rc != 0)
    return rc;
  if (pct != NULL) {
    len = strlen(out->host);
    out->host[len] = '%';
    rc = put_field(out->host + len + 1, sizeof out->host - len - 1, zone, 0);
    if (rc != 0)
      return rc;
  }
  out->host_type = XS_URL_HOST_IPV6;
  return 0;
}

/* A host name or an IPv4 literal. */
static int parse_name_host(slice h, xs_url *out) {
  uint8_t ip[4];
  int rc;
  if (h.len == 0)
    return XS_EINVAL; /* no host */
  rc = put_field(out->host, sizeof out->host, h, 1);
  if (rc != 0)
    return rc;
  if (xs__parse_ipv4(h.at, h.len, ip) == 0) {
    out->host_type = XS_URL_HOST_IPV4;
    return 0;
  }
  rc = xs_hostname_check(out->host);
  if (rc != 0)
    return rc;
  out->host_type = XS_URL_HOST_NAME;
  return 0;
}

/* The authority a: "host", "host:port", "[v6]" or "[v6]:port". */
static int parse_authority(slice a, xs_url *out) {
  slice host = a, port = {a.at + a.len, 0};
  const char *colon;
  int rc;
  if (memchr(a.at, '@', a.len) != NULL)
    return XS_EINVAL; /* userinfo: refused (url.h says why) */
  if (a.len > 0 && a.at[0] == '[') {
    const char *close = memchr(a.at, ']', a.len);
    if (close == NULL)
      return XS_EINVAL;
    host.at = a.at + 1;
    host.len = (size_t)(close - host.at);
    colon = close + 1 < a.at + a.len ? close + 1 : NULL;
    if (colon != NULL && *colon != ':')
      return XS_EINVAL; /* junk after ']' */
    rc = parse_ipv6_host(host, out);
  } else {
    colon = memchr(a.at, ':', a.len);
    if (colon != NULL)
      host.len = (size_t)(colon - a.at);
    rc = parse_name_host(host, out);
  }
  if (rc != 0)
    return rc;
  if (colon != NULL) {
    port.at = colon + 1;
    port.len = (size_t)(a.at + a.len - port.at);
  }
  return parse_port(port, out);
}

/* The rest of the text after the authority (starting with '/', '?', '#'
 * or empty) into out->path. */
static int parse_path(const char *rest, xs_url *out) {
  size_t i, len, lead;
  int fragment = 0;
  for (i = 0; rest[i] != '\0'; i++) {
    char c = rest[i];
    if (c == '#' && !fragment)
      fragment = 1;
    else if (c == '%' && is_hex(rest[i + 1]) && is_hex(rest[i + 2]))
      i += 2;
    else if (!is_path_char(c))
      return XS_EINVAL;
  }
  len = i;
  lead = (len == 0 || rest[0] != '/') ? 1 : 0; /* "/" put in front */
  if (lead + len >= sizeof out->path)
    return XS_ENAMETOOLONG;
  out->path[0] = '/';
  memcpy(out->path + lead, rest, len + 1);
  return 0;
}

int xs_url_parse(xs_url *out, const char *text) {
  size_t pos = 0, end = 0;
  slice authority;
  int rc;
  if (out == NULL)
    return fail(XS_EINVAL);
  memset(out, 0, sizeof *out);
  if (text == NULL)
    return fail(XS_EINVAL);
  rc = parse_scheme(text, &pos, out);
  if (rc == 0) {
    end = pos + strcspn(text + pos, "/?#");
    authority.at = text + pos;
    authority.len = end - pos;
    rc = parse_authority(authority, out);
  }
  if (rc == 0)
    rc = parse_path(text + end, out);
  if (rc != 0) {
    memset(out, 0, sizeof *out);
    return fail(rc);
  }
  if (!out->port_known &&
      xs_service_by_name(out->scheme, "tcp", &out->port) == 0)
    out->port_known = 1;
  else if (!out->port_known)
    out->port = 0; /* unknown scheme: no port */
  return 0;
}
