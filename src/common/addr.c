/* SPDX-License-Identifier: MIT */
/*
 * addr.c - the public address API (include/xsock/addr.h): building,
 * parsing and formatting xs_addr values, comparing them, converting them to
 * and from the OS's sockaddr, and name resolution.
 *
 * Everything here is portable. The only OS services used are interface
 * names for IPv6 zones (xs__plat_if_index / xs__plat_if_name), sockaddr
 * conversion and getaddrinfo, all through the port (platform.h). The IP
 * literal text itself is addr_text.c.
 *
 * Decisions:
 *  - Every xs_addr made here is zeroed first, so unused bytes are zero and
 *    memcmp() works as the header promises. Outputs are zeroed on failure.
 *  - An empty UNIX path ("unix:") is XS_ENAMETOOLONG, as the header says:
 *    one code for "this path cannot name a socket".
 *  - A zone is a decimal index (up to 4294967295) or an interface name; a
 *    name the system does not know is XS_EINVAL.
 *  - Failures found here record native error 0 (xs_native_error()).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Room for an interface name in a zone; longer names are refused when
 * parsing and written as numbers when formatting. */
#define ZONE_NAME_MAX 64

static int is_ip(int family) {
  return family == XS_AF_INET || family == XS_AF_INET6;
}

/* A failure found by xsock itself: native code 0. */
static int fail(int code) {
  xs__native_set(0);
  return code;
}

/* ---- building ----------------------------------------------------------- */

int xs_addr_any(xs_addr *out, int family, uint16_t port) {
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || !is_ip(family))
    return xs__einval();
  out->family = (uint16_t)family;
  out->port = port;
  return 0;
}

int xs_addr_loopback(xs_addr *out, int family, uint16_t port) {
  int rc = xs_addr_any(out, family, port);
  if (rc != 0)
    return rc;
  if (family == XS_AF_INET) {
    out->ip[0] = 127;
    out->ip[3] = 1;
  } else {
    out->ip[15] = 1;
  }
  return 0;
}

/* Set a UNIX path of len bytes (not NUL-terminated in text). */
static int set_unix(xs_addr *out, const char *text, size_t len) {
  if (len == 0 || len >= XS_UNIX_PATH_MAX)
    return fail(XS_ENAMETOOLONG);
  out->family = XS_AF_UNIX;
  memcpy(out->path, text, len);
  out->path[len] = '\0';
  return 0;
}

/* strlen bounded by max: max itself when there is no NUL before it. */
static size_t bounded_len(const char *s, size_t max) {
  const char *nul = memchr(s, '\0', max);
  return nul == NULL ? max : (size_t)(nul - s);
}

int xs_addr_unix(xs_addr *out, const char *path) {
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || path == NULL)
    return xs__einval();
  return set_unix(out, path, bounded_len(path, XS_UNIX_PATH_MAX));
}

int xs_addr_ipv4(xs_addr *out, const uint8_t ip[4], uint16_t port) {
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || ip == NULL)
    return xs__einval();
  out->family = XS_AF_INET;
  out->port = port;
  memcpy(out->ip, ip, 4);
  return 0;
}

int xs_addr_ipv6(xs_addr *out, const uint8_t ip[16], uint16_t port,
                 uint32_t scope_id) {
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || ip == NULL)
    return xs__einval();
  out->family = XS_AF_INET6;
  out->port = port;
  out->scope_id = scope_id;
  memcpy(out->ip, ip, 16);
  return 0;
}

/* ---- reading and comparing ---------------------------------------------- */

int xs_addr_family(const xs_addr *addr) {
  return addr == NULL ? XS_AF_UNSPEC : addr->family;
}

uint16_t xs_addr_port(const xs_addr *addr) {
  return (addr != NULL && is_ip(addr->family)) ? addr->port : 0;
}

int xs_addr_set_port(xs_addr *addr, uint16_t port) {
  if (addr == NULL || !is_ip(addr->family))
    return xs__einval();
  addr->port = port;
  return 0;
}

int xs_addr_equal(const xs_addr *a, const xs_addr *b) {
  if (a == NULL || b == NULL || a->family != b->family)
    return 0;
  switch (a->family) {
  case XS_AF_UNSPEC:
    return 1;
  case XS_AF_INET:
    return a->port == b->port && memcmp(a->ip, b->ip, 4) == 0;
  case XS_AF_INET6:
    return a->port == b->port && a->scope_id == b->scope_id &&
           memcmp(a->ip, b->ip, 16) == 0;
  case XS_AF_UNIX:
    return strncmp(a->path, b->path, XS_UNIX_PATH_MAX) == 0;
  default:
    return memcmp(a, b, sizeof *a) == 0;
  }
}

/* ---- parsing ------------------------------------------------------------ */

/* A decimal number of 1 to max_digits digits, exactly len characters,
 * at most limit. */
static int parse_decimal(const char *s, size_t len, size_t max_digits,
                         uint32_t limit, uint32_t *out) {
  uint64_t v = 0;
  size_t i;
  if (len == 0 || len > max_digits)
    return XS_EINVAL;
  for (i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return XS_EINVAL;
    v = v * 10u + (uint64_t)(s[i] - '0');
  }
  if (v > limit)
    return XS_EINVAL;
  *out = (uint32_t)v;
  return 0;
}

/* The port: the rest of the string, 1 to 5 digits, 0 to 65535. */
static int parse_port(const char *s, uint16_t *port) {
  uint32_t v;
  size_t len = bounded_len(s, 6); /* a sixth character is already junk */
  if (parse_decimal(s, len, 5, 65535u, &v) != 0)
    return XS_EINVAL;
  *port = (uint16_t)v;
  return 0;
}

/* A zone: a decimal index or an interface name, len characters. */
static int parse_zone(const char *s, size_t len, uint32_t *scope) {
  char name[ZONE_NAME_MAX];
  int rc;
  if (len == 0)
    return XS_EINVAL;
  if (s[0] >= '0' && s[0] <= '9')
    return parse_decimal(s, len, 10, UINT32_MAX, scope);
  if (len >= sizeof name || memchr(s, '\0', len) != NULL)
    return XS_EINVAL;
  memcpy(name, s, len);
  name[len] = '\0';
  rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  if (xs__plat_if_index(name, scope) != 0 || *scope == 0)
    return XS_EINVAL; /* unknown interface name */
  return 0;
}

/* An IPv6 literal with an optional "%zone", exactly len characters. */
static int parse_v6_zoned(xs_addr *out, const char *s, size_t len) {
  const char *pct = memchr(s, '%', len);
  size_t ip_len = pct == NULL ? len : (size_t)(pct - s);
  if (xs__parse_ipv6(s, ip_len, out->ip) != 0)
    return XS_EINVAL;
  out->family = XS_AF_INET6;
  if (pct == NULL)
    return 0;
  return parse_zone(pct + 1, len - ip_len - 1, &out->scope_id);
}

/* A bare IP, exactly len characters: IPv4 if there is no ':'. */
static int parse_ip_text(xs_addr *out, const char *s, size_t len) {
  if (memchr(s, ':', len) != NULL)
    return parse_v6_zoned(out, s, len);
  if (xs__parse_ipv4(s, len, out->ip) != 0)
    return XS_EINVAL;
  out->family = XS_AF_INET;
  return 0;
}

/* "[v6%zone]:port" */
static int parse_bracketed(xs_addr *out, const char *text) {
  const char *close = strchr(text, ']');
  int rc;
  if (close == NULL || close[1] != ':')
    return XS_EINVAL;
  rc = parse_v6_zoned(out, text + 1, (size_t)(close - text - 1));
  if (rc != 0)
    return rc;
  return parse_port(close + 2, &out->port);
}

/* "a.b.c.d:port" */
static int parse_v4_port(xs_addr *out, const char *text) {
  const char *colon = strchr(text, ':');
  if (colon == NULL)
    return XS_EINVAL;
  if (xs__parse_ipv4(text, (size_t)(colon - text), out->ip) != 0)
    return XS_EINVAL;
  out->family = XS_AF_INET;
  return parse_port(colon + 1, &out->port);
}

static int parse_any_form(xs_addr *out, const char *text) {
  if (strncmp(text, "unix:", 5) == 0)
    return set_unix(out, text + 5, bounded_len(text + 5, XS_UNIX_PATH_MAX));
  if (text[0] == '[')
    return parse_bracketed(out, text);
  if (text[0] == ':') {
    out->family = XS_AF_INET6; /* ":PORT" is the IPv6 any address */
    return parse_port(text + 1, &out->port);
  }
  return parse_v4_port(out, text);
}

/* Zero the output; text errors are xsock's own (native 0), while a failed
 * start of the socket layer keeps the native code the port recorded. */
static int parse_failed(xs_addr *out, int rc) {
  memset(out, 0, sizeof *out);
  return (rc == XS_EINVAL || rc == XS_ENAMETOOLONG) ? fail(rc) : rc;
}

int xs_addr_parse(xs_addr *out, const char *text) {
  int rc;
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || text == NULL)
    return xs__einval();
  rc = parse_any_form(out, text);
  if (rc != 0)
    return parse_failed(out, rc);
  return 0;
}

int xs_addr_parse_ip(xs_addr *out, const char *ip, uint16_t port) {
  int rc;
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || ip == NULL)
    return xs__einval();
  rc = parse_ip_text(out, ip, strlen(ip));
  if (rc != 0)
    return parse_failed(out, rc);
  out->port = port;
  return 0;
}

/* ---- formatting --------------------------------------------------------- */

/* A zone written as a name: it must read back as the same name. */
static int usable_zone_name(const char *name) {
  size_t i;
  if (name[0] == '\0' || (name[0] >= '0' && name[0] <= '9'))
    return 0;
  for (i = 0; name[i] != '\0'; i++)
    if (name[i] == ']' || name[i] == '%' || name[i] == ':')
      return 0;
  return 1;
}

/* "%zone" for a scope: the interface name when known, else the number.
 * out has room for ZONE_NAME_MAX + 1 bytes. */
static void format_zone(uint32_t scope, char *out) {
  size_t pos = 1;
  out[0] = '%';
  out[1] = '\0';
  if (xs__plat_ensure() == 0 &&
      xs__plat_if_name(scope, out + 1, ZONE_NAME_MAX) == 0 &&
      memchr(out + 1, '\0', ZONE_NAME_MAX) != NULL && usable_zone_name(out + 1))
    return;
  xs__put_dec(out, &pos, scope);
}

/* The IP part with its zone, into tmp (XS_ADDR_STRLEN bytes). */
static int format_ip_part(const xs_addr *addr, char *tmp, size_t size) {
  int rc;
  size_t len;
  if (addr->family == XS_AF_INET)
    return xs__format_ipv4(addr->ip, tmp, size);
  rc = xs__format_ipv6(addr->ip, tmp, size);
  if (rc != 0 || addr->scope_id == 0)
    return rc;
  len = strlen(tmp);
  if (size - len < ZONE_NAME_MAX + 1)
    return XS_ENOSPC;
  format_zone(addr->scope_id, tmp + len);
  return 0;
}

/* Copy text to buf whole, or XS_ENOSPC with "" in buf. */
static int copy_out(const char *text, char *buf, size_t size) {
  size_t len = strlen(text);
  if (len + 1 > size) {
    if (size > 0)
      buf[0] = '\0';
    return fail(XS_ENOSPC);
  }
  memcpy(buf, text, len + 1);
  return 0;
}

/* Shared by both formatters; with_port selects the xs_addr_parse() form. */
static int format_addr(const xs_addr *addr, char *buf, size_t size,
                       int with_port) {
  char ip[XS_ADDR_STRLEN], text[XS_ADDR_STRLEN + 16];
  size_t len;
  if (buf != NULL && size > 0)
    buf[0] = '\0';
  if (addr == NULL || buf == NULL)
    return xs__einval();
  if (addr->family == XS_AF_UNIX) {
    len = bounded_len(addr->path, XS_UNIX_PATH_MAX);
    if (len == XS_UNIX_PATH_MAX)
      return xs__einval(); /* no NUL: not an address the library made */
    memcpy(text, "unix:", 5);
    memcpy(text + 5, addr->path, len + 1);
    return copy_out(with_port ? text : text + 5, buf, size);
  }
  if (!is_ip(addr->family) || format_ip_part(addr, ip, sizeof ip) != 0)
    return xs__einval();
  if (!with_port)
    return copy_out(ip, buf, size);
  len = 0;
  if (addr->family == XS_AF_INET6)
    text[len++] = '[';
  memcpy(text + len, ip, strlen(ip));
  len += strlen(ip);
  if (addr->family == XS_AF_INET6)
    text[len++] = ']';
  text[len++] = ':';
  xs__put_dec(text, &len, addr->port);
  return copy_out(text, buf, size);
}

int xs_addr_format(const xs_addr *addr, char *buf, size_t size) {
  return format_addr(addr, buf, size, 1);
}

int xs_addr_format_ip(const xs_addr *addr, char *buf, size_t size) {
  return format_addr(addr, buf, size, 0);
}

/* ---- sockaddr ----------------------------------------------------------- */

int xs_addr_to_sockaddr(const xs_addr *addr, void *sa, size_t size,
                        size_t *len) {
  if (len != NULL)
    *len = 0;
  if (addr == NULL || sa == NULL || len == NULL)
    return xs__einval();
  if (!is_ip(addr->family) && addr->family != XS_AF_UNIX)
    return xs__einval();
  if (addr->family == XS_AF_UNIX &&
      bounded_len(addr->path, XS_UNIX_PATH_MAX) == XS_UNIX_PATH_MAX)
    return fail(XS_ENAMETOOLONG);
  return xs__plat_to_sockaddr(addr, sa, size, len);
}

int xs_addr_from_sockaddr(xs_addr *out, const void *sa, size_t len) {
  int rc;
  if (out != NULL)
    memset(out, 0, sizeof *out);
  if (out == NULL || sa == NULL || len < 2) /* no room for a family */
    return xs__einval();
  rc = xs__plat_from_sockaddr(out, sa, len);
  if (rc != 0)
    memset(out, 0, sizeof *out);
  return rc;
}

/* ---- resolution --------------------------------------------------------- */

#define RESOLVE_FLAGS                                                          \
  (XS_RESOLVE_PASSIVE | XS_RESOLVE_NUMERIC_HOST | XS_RESOLVE_ADDRCONFIG)

static int hints_ok(const xs_resolve_hints *h) {
  if (h->family != XS_AF_UNSPEC && !is_ip(h->family))
    return 0;
  if (h->socktype != XS_SOCK_ANY && h->socktype != XS_SOCK_STREAM &&
      h->socktype != XS_SOCK_DGRAM)
    return 0;
  return (h->flags & ~RESOLVE_FLAGS) == 0;
}

/* A service is a name, or a port number in 0..65535 written in decimal
 * digits only. The C libraries would wrap "70000" to 4464 and read signs
 * and spaces; xsock refuses them, as xs_addr_parse() does. */
static int service_ok(const char *service) {
  uint32_t port = 0;
  if (service == NULL)
    return 1;
  if (service[0] == '\0' || service[0] == '+' || service[0] == '-' ||
      service[0] == ' ' || service[0] == '\t')
    return 0;
  if (service[0] < '0' || service[0] > '9')
    return 1; /* a name: the resolver's to judge */
  for (const char *p = service; *p != '\0'; p++) {
    if (*p < '0' || *p > '9')
      return 0;
    port = port * 10 + (uint32_t)(*p - '0');
    if (port > 65535)
      return 0;
  }
  return 1;
}

/* A numeric host is an address xs_addr_parse_ip() takes. The C libraries
 * also take "127.1", octal "010.0.0.1" (8.0.0.1), "1.2.3.4 junk" and "*",
 * each differently: xsock answers the same on every system. */
static int numeric_host_ok(const char *host) {
  xs_addr a;
  return xs_addr_parse_ip(&a, host, 0) == 0;
}

int xs_resolve(const char *host, const char *service,
               const xs_resolve_hints *hints, xs_addr **list, size_t *count) {
  xs_resolve_hints none;
  int rc;
  if (list != NULL)
    *list = NULL;
  if (count != NULL)
    *count = 0;
  if (list == NULL || count == NULL || (host == NULL && service == NULL))
    return xs__einval();
  memset(&none, 0, sizeof none);
  if (hints == NULL)
    hints = &none;
  if (!hints_ok(hints) || !service_ok(service))
    return xs__einval();
  if (host != NULL && (hints->flags & XS_RESOLVE_NUMERIC_HOST) != 0 &&
      !numeric_host_ok(host))
    return fail(XS_EAI_NONAME);
  rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  rc = xs__plat_resolve(host, service, hints, list, count);
  if (rc == 0 && (*list == NULL || *count == 0)) {
    xs_addr_list_free(*list); /* "at least 1 on success" */
    rc = fail(XS_EAI_NONAME);
  }
  if (rc != 0) {
    *list = NULL; /* the port frees its own list on failure */
    *count = 0;
  }
  return rc;
}

void xs_addr_list_free(xs_addr *list) {
  free(list);
}
