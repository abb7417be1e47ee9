/* SPDX-License-Identifier: MIT */
/*
 * addr.c - xs_addr <-> sockaddr_in / sockaddr_in6 / sockaddr_un, family and
 * type mapping, interface names, and name resolution with getaddrinfo.
 */
#include "posix/posix.h"

#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

int xs__posix_af(int family) {
  switch (family) {
  case XS_AF_UNSPEC:
    return AF_UNSPEC;
  case XS_AF_INET:
    return AF_INET;
  case XS_AF_INET6:
    return AF_INET6;
  case XS_AF_UNIX:
    return AF_UNIX;
  default:
    return -1;
  }
}

int xs__posix_family(int af) {
  switch (af) {
  case AF_UNSPEC:
    return XS_AF_UNSPEC;
  case AF_INET:
    return XS_AF_INET;
  case AF_INET6:
    return XS_AF_INET6;
  case AF_UNIX:
    return XS_AF_UNIX;
  default:
    return -1;
  }
}

int xs__posix_socktype(int type) {
  switch (type) {
  case XS_SOCK_ANY:
    return 0;
  case XS_SOCK_STREAM:
    return SOCK_STREAM;
  case XS_SOCK_DGRAM:
    return SOCK_DGRAM;
  default:
    return -1;
  }
}

/* An error found by the layer itself, not by the OS: records native 0. */
static int own_error(int code) {
  xs__native_set(0);
  return code;
}

static int to_unix(const xs_addr *addr, void *sa, size_t size, size_t *len) {
  struct sockaddr_un un;
  size_t n = strnlen(addr->path, sizeof addr->path);
  if (n >= sizeof addr->path || n + 1 > sizeof un.sun_path)
    return own_error(XS_ENAMETOOLONG);
  if (size < sizeof un)
    return own_error(XS_ENOSPC);
  memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  memcpy(un.sun_path, addr->path, n);
  memcpy(sa, &un, sizeof un);
  *len = offsetof(struct sockaddr_un, sun_path) + n + 1;
  return 0;
}

int xs__plat_to_sockaddr(const xs_addr *addr, void *sa, size_t size,
                         size_t *len) {
  *len = 0;
  if (addr->family == XS_AF_INET) {
    struct sockaddr_in in;
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
  if (addr->family == XS_AF_INET6) {
    struct sockaddr_in6 in6;
    if (size < sizeof in6)
      return own_error(XS_ENOSPC);
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(addr->port);
    in6.sin6_scope_id = addr->scope_id;
    memcpy(&in6.sin6_addr, addr->ip, 16);
    memcpy(sa, &in6, sizeof in6);
    *len = sizeof in6;
    return 0;
  }
  if (addr->family == XS_AF_UNIX)
    return to_unix(addr, sa, size, len);
  return own_error(XS_EAFNOSUPPORT);
}

/* ss holds len (<= sizeof *ss) bytes of a sockaddr_un. An unnamed socket
 * gives an empty path. */
static int from_unix(xs_addr *out, const struct sockaddr_storage *ss,
                     size_t len) {
  struct sockaddr_un un;
  size_t off = offsetof(struct sockaddr_un, sun_path);
  size_t max = len > off ? len - off : 0;
  memset(&un, 0, sizeof un);
  memcpy(&un, ss, len < sizeof un ? len : sizeof un);
  if (max > sizeof un.sun_path)
    max = sizeof un.sun_path;
  size_t n = strnlen(un.sun_path, max);
  if (n >= sizeof out->path)
    return own_error(XS_ENAMETOOLONG);
  out->family = XS_AF_UNIX;
  memcpy(out->path, un.sun_path, n);
  return 0;
}

int xs__plat_from_sockaddr(xs_addr *out, const void *sa, size_t len) {
  struct sockaddr_storage ss;
  memset(out, 0, sizeof *out);
  memset(&ss, 0, sizeof ss);
  if (len > sizeof ss)
    len = sizeof ss;
  if (len < offsetof(struct sockaddr, sa_family) + sizeof ss.ss_family)
    return own_error(XS_EINVAL);
  memcpy(&ss, sa, len);
  if (ss.ss_family == AF_INET) {
    struct sockaddr_in in;
    if (len < sizeof in)
      return own_error(XS_EINVAL);
    memcpy(&in, &ss, sizeof in);
    out->family = XS_AF_INET;
    out->port = ntohs(in.sin_port);
    memcpy(out->ip, &in.sin_addr, 4);
    return 0;
  }
  if (ss.ss_family == AF_INET6) {
    struct sockaddr_in6 in6;
    if (len < sizeof in6)
      return own_error(XS_EINVAL);
    memcpy(&in6, &ss, sizeof in6);
    out->family = XS_AF_INET6;
    out->port = ntohs(in6.sin6_port);
    out->scope_id = in6.sin6_scope_id;
    memcpy(out->ip, &in6.sin6_addr, 16);
    return 0;
  }
  if (ss.ss_family == AF_UNIX)
    return from_unix(out, &ss, len);
  return own_error(XS_EAFNOSUPPORT);
}

int xs__plat_if_index(const char *name, uint32_t *index) {
  *index = 0;
  errno = 0;
  unsigned int i = xs__sys.if_nametoindex(name);
  if (i == 0) {
    xs__native_set(errno);
    return XS_ENOENT;
  }
  *index = i;
  return 0;
}

int xs__plat_if_name(uint32_t index, char *buf, size_t size) {
  char name[IF_NAMESIZE + 1];
  buf[0] = '\0';
  memset(name, 0, sizeof name);
  errno = 0;
  if (xs__sys.if_indextoname(index, name) == NULL) {
    xs__native_set(errno);
    return XS_ENOENT;
  }
  size_t n = strnlen(name, IF_NAMESIZE);
  if (n + 1 > size)
    return own_error(XS_ENOSPC);
  memcpy(buf, name, n + 1);
  return 0;
}

/* getaddrinfo hints from xsock's. */
static void make_hints(const xs_resolve_hints *h, struct addrinfo *ai) {
  memset(ai, 0, sizeof *ai);
  if (h == NULL)
    return;
  int af = xs__posix_af(h->family);
  int st = xs__posix_socktype(h->socktype);
  ai->ai_family = af < 0 ? AF_UNSPEC : af;
  ai->ai_socktype = st < 0 ? 0 : st;
  if ((h->flags & XS_RESOLVE_PASSIVE) != 0)
    ai->ai_flags |= AI_PASSIVE;
  if ((h->flags & XS_RESOLVE_NUMERIC_HOST) != 0)
    ai->ai_flags |= AI_NUMERICHOST;
  if ((h->flags & XS_RESOLVE_ADDRCONFIG) != 0)
    ai->ai_flags |= AI_ADDRCONFIG;
}

/* Keep each convertible address once, in order. */
static size_t collect(const struct addrinfo *res, xs_addr *list) {
  size_t count = 0;
  for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
    xs_addr a;
    if (ai->ai_addr == NULL ||
        xs__plat_from_sockaddr(&a, ai->ai_addr, ai->ai_addrlen) != 0)
      continue;
    size_t i = 0;
    while (i < count && memcmp(&list[i], &a, sizeof a) != 0)
      i++;
    if (i == count)
      list[count++] = a;
  }
  return count;
}

int xs__plat_resolve(const char *host, const char *service,
                     const xs_resolve_hints *hints, xs_addr **list,
                     size_t *count) {
  struct addrinfo ai;
  struct addrinfo *res = NULL;
  size_t n = 0;
  *list = NULL;
  *count = 0;
  make_hints(hints, &ai);
  int rc = xs__sys.getaddrinfo(host, service, &ai, &res);
  if (rc != 0)
    return xs__plat_eai_error(rc);
  for (const struct addrinfo *p = res; p != NULL; p = p->ai_next)
    n++;
  xs_addr *out =
      n > 0 && n <= SIZE_MAX / sizeof *out ? malloc(n * sizeof *out) : NULL;
  if (out == NULL) {
    xs__sys.freeaddrinfo(res);
    return n == 0 ? own_error(XS_EAI_NODATA) : xs__plat_error(ENOMEM);
  }
  n = collect(res, out);
  xs__sys.freeaddrinfo(res);
  if (n == 0) {
    free(out);
    return own_error(XS_EAI_NODATA);
  }
  *list = out;
  *count = n;
  return 0;
}
