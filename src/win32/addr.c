/* SPDX-License-Identifier: MIT */
/*
 * addr.c - xs_addr <-> SOCKADDR_IN / SOCKADDR_IN6 / SOCKADDR_UN, interface
 * names and indexes, and name resolution through getaddrinfo (ANSI).
 */
#include "win32.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* An error found by the layer itself, not by the OS: records native 0. */
static int own_error(int code) {
  xs__native_set(0);
  return code;
}

static int to_in(const xs_addr *addr, void *sa, size_t size, size_t *len) {
  SOCKADDR_IN in;
  if (size < sizeof in)
    return own_error(XS_ENOSPC);
  memset(&in, 0, sizeof in);
  in.sin_family = AF_INET;
  in.sin_port = htons(addr->port);
  memcpy(&in.sin_addr, addr->ip, 4);
  memcpy(sa, &in, sizeof in);
  *len = sizeof in;
  return 0;
}

static int to_in6(const xs_addr *addr, void *sa, size_t size, size_t *len) {
  SOCKADDR_IN6 in6;
  if (size < sizeof in6)
    return own_error(XS_ENOSPC);
  memset(&in6, 0, sizeof in6);
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(addr->port);
  memcpy(&in6.sin6_addr, addr->ip, 16);
  in6.sin6_scope_id = addr->scope_id;
  memcpy(sa, &in6, sizeof in6);
  *len = sizeof in6;
  return 0;
}

static int to_un(const xs_addr *addr, void *sa, size_t size, size_t *len) {
  SOCKADDR_UN un;
  size_t n = strnlen(addr->path, sizeof addr->path);
  if (n + 1 > sizeof un.sun_path)
    return own_error(XS_ENAMETOOLONG);
  if (size < sizeof un)
    return own_error(XS_ENOSPC);
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  memcpy(un.sun_path, addr->path, n);
  memcpy(sa, &un, sizeof un);
  *len = offsetof(SOCKADDR_UN, sun_path) + n + 1;
  return 0;
}

int xs__plat_to_sockaddr(const xs_addr *addr, void *sa, size_t size,
                         size_t *len) {
  *len = 0;
  switch (addr->family) {
  case XS_AF_INET:
    return to_in(addr, sa, size, len);
  case XS_AF_INET6:
    return to_in6(addr, sa, size, len);
  case XS_AF_UNIX:
    return to_un(addr, sa, size, len);
  case XS_AF_UNSPEC:
    return own_error(XS_EINVAL);
  default:
    return own_error(XS_EAFNOSUPPORT);
  }
}

int xs__win_sa_from(xs__win_sa *sa, const xs_addr *addr) {
  size_t len;
  int rc = xs__plat_to_sockaddr(addr, &sa->ss, sizeof sa->ss, &len);
  sa->len = (int)len; /* at most sizeof(SOCKADDR_STORAGE) */
  return rc;
}

/* A UNIX address: the path runs to its NUL or to the end of len; an
 * unnamed socket (no path bytes) gives an empty path. */
static int from_un(xs_addr *out, const void *sa, size_t len) {
  SOCKADDR_UN un;
  size_t off = offsetof(SOCKADDR_UN, sun_path);
  size_t max = len > sizeof un ? sizeof un.sun_path : len - off;
  memset(&un, 0, sizeof un);
  memcpy(&un, sa, off + max);
  size_t n = strnlen(un.sun_path, max);
  if (n >= sizeof out->path)
    return own_error(XS_ENAMETOOLONG);
  out->family = XS_AF_UNIX;
  memcpy(out->path, un.sun_path, n);
  return 0;
}

int xs__plat_from_sockaddr(xs_addr *out, const void *sa, size_t len) {
  ADDRESS_FAMILY af;
  memset(out, 0, sizeof *out);
  if (len < sizeof af)
    return own_error(XS_EINVAL);
  memcpy(&af, sa, sizeof af);
  if (af == AF_INET) {
    SOCKADDR_IN in;
    if (len < sizeof in)
      return own_error(XS_EINVAL);
    memcpy(&in, sa, sizeof in);
    out->family = XS_AF_INET;
    out->port = ntohs(in.sin_port);
    memcpy(out->ip, &in.sin_addr, 4);
    return 0;
  }
  if (af == AF_INET6) {
    SOCKADDR_IN6 in6;
    if (len < sizeof in6)
      return own_error(XS_EINVAL);
    memcpy(&in6, sa, sizeof in6);
    out->family = XS_AF_INET6;
    out->port = ntohs(in6.sin6_port);
    memcpy(out->ip, &in6.sin6_addr, 16);
    out->scope_id = in6.sin6_scope_id;
    return 0;
  }
  if (af == AF_UNIX)
    return from_un(out, sa, len);
  return own_error(XS_EAFNOSUPPORT);
}

int xs__plat_if_index(const char *name, uint32_t *index) {
  *index = 0;
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  NET_IFINDEX i = xs__sys.if_nametoindex(name);
  if (i == 0) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  *index = i;
  return 0;
}

int xs__plat_if_name(uint32_t index, char *buf, size_t size) {
  char name[IF_MAX_STRING_SIZE + 1];
  buf[0] = '\0';
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  memset(name, 0, sizeof name);
  if (xs__sys.if_indextoname(index, name) == NULL) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  size_t n = strnlen(name, sizeof name);
  if (n + 1 > size)
    return own_error(XS_ENOSPC);
  memcpy(buf, name, n + 1);
  return 0;
}

/* Hints for getaddrinfo from xsock's (already checked by the caller). */
static void map_hints(const xs_resolve_hints *h, struct addrinfo *ai) {
  memset(ai, 0, sizeof *ai);
  ai->ai_family = xs__win_af(h->family);
  ai->ai_socktype = xs__win_type(h->socktype);
  if (h->flags & XS_RESOLVE_PASSIVE)
    ai->ai_flags |= AI_PASSIVE;
  if (h->flags & XS_RESOLVE_NUMERIC_HOST)
    ai->ai_flags |= AI_NUMERICHOST;
  if (h->flags & XS_RESOLVE_ADDRCONFIG)
    ai->ai_flags |= AI_ADDRCONFIG;
}

/* Append a's address to list unless it is already there or of a family
 * xsock does not know. */
static void add_unique(xs_addr *list, size_t *count, const struct addrinfo *a) {
  xs_addr x;
  if (a->ai_addr == NULL || a->ai_addrlen == 0 ||
      xs__plat_from_sockaddr(&x, a->ai_addr, a->ai_addrlen) != 0)
    return;
  for (size_t i = 0; i < *count; i++)
    if (memcmp(&list[i], &x, sizeof x) == 0)
      return;
  list[(*count)++] = x;
}

int xs__plat_resolve(const char *host, const char *service,
                     const xs_resolve_hints *hints, xs_addr **list,
                     size_t *count) {
  struct addrinfo h, *res = NULL;
  *list = NULL;
  *count = 0;
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  map_hints(hints, &h);
  int native = xs__sys.getaddrinfo(host, service, &h, &res);
  if (native != 0)
    return xs__plat_eai_error(native);
  size_t n = 0;
  for (const struct addrinfo *a = res; a != NULL; a = a->ai_next)
    n++;
  xs_addr *out = n != 0 ? malloc(n * sizeof *out) : NULL;
  if (out == NULL) {
    xs__sys.freeaddrinfo(res);
    if (n == 0)
      return xs__plat_eai_error(WSAHOST_NOT_FOUND);
    xs__native_set(0);
    return XS_ENOMEM;
  }
  size_t kept = 0;
  for (const struct addrinfo *a = res; a != NULL; a = a->ai_next)
    add_unique(out, &kept, a);
  xs__sys.freeaddrinfo(res);
  if (kept == 0) {
    free(out);
    return xs__plat_eai_error(WSANO_DATA);
  }
  *list = out;
  *count = kept;
  return 0;
}
