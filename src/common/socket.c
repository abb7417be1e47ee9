/* SPDX-License-Identifier: MIT */
/*
 * socket.c - public entry points for start-up and the socket life cycle.
 * Each checks its arguments once, then calls the port (xs__plat_*).
 */
#include <stdatomic.h>

#include "internal.h"

static atomic_int init_count;

int xs__valid_family(int family) {
  return family == XS_AF_INET || family == XS_AF_INET6 || family == XS_AF_UNIX;
}

int xs__valid_type(int type) {
  return type == XS_SOCK_STREAM || type == XS_SOCK_DGRAM;
}

int xs__is_ip_family(int family) {
  return family == XS_AF_INET || family == XS_AF_INET6;
}

static int valid_addr(const xs_addr *addr) {
  return addr != NULL && xs__valid_family(addr->family);
}

int xs_init(void) {
  int rc = xs__plat_init();
  if (rc == 0)
    atomic_fetch_add(&init_count, 1);
  return rc;
}

int xs_shutdown(void) {
  int n = atomic_load(&init_count);
  do {
    if (n <= 0)
      return xs__einval();
  } while (!atomic_compare_exchange_weak(&init_count, &n, n - 1));
  int rc = xs__plat_shutdown();
  if (rc != 0)
    atomic_fetch_add(&init_count, 1); /* the reference is still held */
  return rc;
}

static int open_socket(int family, int type, int protocol, int safe,
                       xs_socket_t *out) {
  if (out == NULL)
    return xs__einval();
  *out = XS_INVALID_SOCKET;
  int flags = (type & XS_SOCK_NONBLOCK) | (safe ? XS__SAFE : 0);
  type &= ~XS_SOCK_NONBLOCK;
  if (!xs__valid_family(family) || !xs__valid_type(type))
    return xs__einval();
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  return xs__plat_socket(family, type, protocol, flags, out);
}

int xs_socket_open(int family, int type, xs_socket_t *out) {
  return open_socket(family, type, 0, 1, out);
}

int xs_socket_open_raw(int family, int type, int protocol, xs_socket_t *out) {
  return open_socket(family, type, protocol, 0, out);
}

int xs_close(xs_socket_t sock) {
  if (sock == XS_INVALID_SOCKET) {
    xs__native_set(0);
    return XS_EBADF;
  }
  return xs__plat_close(sock);
}

int xs_socket_bind(xs_socket_t sock, const xs_addr *addr) {
  if (!valid_addr(addr))
    return xs__einval();
  return xs__plat_bind(sock, addr);
}

int xs_socket_listen(xs_socket_t sock, int backlog) {
  return xs__plat_listen(sock, backlog);
}

int xs_socket_accept_flags(xs_socket_t sock, xs_socket_t *out, xs_addr *peer,
                           int flags) {
  if (out == NULL)
    return xs__einval();
  *out = XS_INVALID_SOCKET;
  if ((flags & ~XS_SOCK_NONBLOCK) != 0)
    return xs__einval();
  return xs__plat_accept(sock, out, peer, flags);
}

int xs_socket_accept(xs_socket_t sock, xs_socket_t *out, xs_addr *peer) {
  return xs_socket_accept_flags(sock, out, peer, 0);
}

int xs_socket_connect(xs_socket_t sock, const xs_addr *addr) {
  if (!valid_addr(addr))
    return xs__einval();
  return xs__plat_connect(sock, addr);
}

int xs_socket_shutdown(xs_socket_t sock, int how) {
  if (how != XS_SHUT_RD && how != XS_SHUT_WR && how != XS_SHUT_RDWR)
    return xs__einval();
  return xs__plat_sock_shutdown(sock, how);
}

int xs_socket_local_addr(xs_socket_t sock, xs_addr *addr) {
  if (addr == NULL)
    return xs__einval();
  return xs__plat_local_addr(sock, addr);
}

int xs_socket_peer_addr(xs_socket_t sock, xs_addr *addr) {
  if (addr == NULL)
    return xs__einval();
  return xs__plat_peer_addr(sock, addr);
}

int xs_socket_error(xs_socket_t sock, int *error) {
  if (error == NULL)
    return xs__einval();
  *error = 0;
  return xs__plat_sock_error(sock, error);
}

int xs_socketpair_flags(xs_socket_t pair[2], int flags) {
  if (pair == NULL)
    return xs__einval();
  pair[0] = pair[1] = XS_INVALID_SOCKET;
  if ((flags & ~XS_SOCK_NONBLOCK) != 0)
    return xs__einval();
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  return xs__plat_socketpair(pair, flags);
}

int xs_socketpair(xs_socket_t pair[2]) {
  return xs_socketpair_flags(pair, 0);
}
