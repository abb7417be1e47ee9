/* SPDX-License-Identifier: MIT */
/*
 * net.c - the helpers most programs want: listen on an address, connect
 * within a time limit (one address, or every address of a host name in
 * turn), bind a UDP socket. Built on the port's primitives only.
 */
#include <string.h>

#include "internal.h"

static int is_ipv6_any(const xs_addr *a) {
  static const uint8_t zero[16];
  return a->family == XS_AF_INET6 && memcmp(a->ip, zero, 16) == 0;
}

/* Open a socket for addr; the IPv6 any address becomes dual-stack, or IPv4
 * any where the host has no IPv6. *bound receives the address to bind. */
static int open_for(const xs_addr *addr, int type, xs_socket_t *s,
                    xs_addr *bound) {
  *bound = *addr;
  int rc = xs__plat_socket(addr->family, type, 0, 1, s);
  if (rc == XS_EAFNOSUPPORT && is_ipv6_any(addr)) {
    xs_addr_any(bound, XS_AF_INET, addr->port);
    return xs__plat_socket(XS_AF_INET, type, 0, 1, s);
  }
  if (rc == 0 && is_ipv6_any(addr) &&
      (rc = xs__plat_setopt(*s, XS__OPT_V6ONLY, 0)) != 0) {
    xs__plat_close(*s);
    *s = XS_INVALID_SOCKET;
  }
  return rc;
}

static int fail_closed(xs_socket_t *s, int rc) {
  int native = xs_native_error();
  xs__plat_close(*s);
  xs__native_set(native); /* keep the failing step's native code */
  *s = XS_INVALID_SOCKET;
  return rc;
}

static int check_out_addr(const xs_addr *addr, xs_socket_t *out) {
  if (out == NULL)
    return xs__einval();
  *out = XS_INVALID_SOCKET;
  if (addr == NULL || !xs__valid_family(addr->family))
    return xs__einval();
  return xs__plat_ensure();
}

int xs_listen(const xs_addr *addr, int backlog, xs_socket_t *out) {
  xs_addr bound;
  int rc = check_out_addr(addr, out);
  if (rc != 0 || (rc = open_for(addr, XS_SOCK_STREAM, out, &bound)) != 0)
    return rc;
  if (xs__is_ip_family(bound.family) &&
      (rc = xs__plat_setopt(*out, XS__OPT_REUSEADDR, 1)) != 0)
    return fail_closed(out, rc);
  if ((rc = xs__plat_bind(*out, &bound)) != 0 ||
      (rc = xs__plat_listen(*out, backlog)) != 0)
    return fail_closed(out, rc);
  return 0;
}

int xs_udp_bind(const xs_addr *addr, xs_socket_t *out) {
  xs_addr bound;
  int rc = check_out_addr(addr, out);
  if (rc != 0)
    return rc;
  if (!xs__is_ip_family(addr->family))
    return xs__einval();
  if ((rc = open_for(addr, XS_SOCK_DGRAM, out, &bound)) != 0)
    return rc;
  if ((rc = xs__plat_bind(*out, &bound)) != 0)
    return fail_closed(out, rc);
  return 0;
}

/* Wait for a nonblocking connect to finish. Polls in growing slices and
 * reads SO_ERROR after each, because WSAPoll on older Windows never
 * reports a refused connect. */
static int wait_connected(xs_socket_t s, const xs__deadline *d) {
  int slice = 10;
  for (;;) {
    int left = xs__deadline_left(d);
    xs__deadline step;
    xs__deadline_start(&step,
                       left == XS_INFINITE || left > slice ? slice : left);
    int rc = xs__wait(s, XS_POLLOUT, &step);
    int err = 0;
    int erc = xs__plat_sock_error(s, &err);
    if (erc != 0 || err != 0)
      return erc != 0 ? erc : err;
    if (rc != XS_ETIMEDOUT)
      return rc;
    if (xs__deadline_left(d) == 0) {
      xs__native_set(0); /* xsock's own deadline, not an OS report */
      return XS_ETIMEDOUT;
    }
    if (slice < 500)
      slice *= 2;
  }
}

/* One nonblocking connect; XS_EAGAIN (Linux: a UNIX listener's backlog is
 * full, or no local port is free) is retried after a short, growing pause
 * until the deadline, since no readiness event announces room. */
static int connect_retrying(xs_socket_t s, const xs_addr *addr,
                            const xs__deadline *d) {
  int pause = 1;
  for (;;) {
    int rc = xs__plat_connect(s, addr);
    if (rc != XS_EAGAIN)
      return rc;
    int left = xs__deadline_left(d);
    if (left == 0) {
      xs__native_set(0);
      return XS_ETIMEDOUT;
    }
    int ready = 0;
    int wait = left == XS_INFINITE || left > pause ? pause : left;
    (void)xs__plat_poll(NULL, 0, wait, &ready); /* n = 0: a sleep */
    if (pause < 64)
      pause *= 2;
  }
}

int xs_dial(const xs_addr *addr, int timeout_ms, xs_socket_t *out) {
  xs__deadline d;
  xs__deadline_start(&d, timeout_ms);
  int rc = check_out_addr(addr, out);
  if (rc != 0 ||
      (rc = xs__plat_socket(addr->family, XS_SOCK_STREAM, 0, 1, out)) != 0)
    return rc;
  if ((rc = xs__plat_set_nonblocking(*out, 1)) != 0)
    return fail_closed(out, rc);
  rc = connect_retrying(*out, addr, &d);
  if (rc == XS_EINPROGRESS)
    rc = wait_connected(*out, &d);
  if (rc != 0 || (rc = xs__plat_set_nonblocking(*out, 0)) != 0)
    return fail_closed(out, rc);
  return 0;
}

int xs__dial_addrs(const xs_addr *list, size_t count, int timeout_ms,
                   xs_socket_t *out) {
  xs__deadline d;
  xs__deadline_start(&d, timeout_ms);
  int rc = xs__einval();
  for (size_t i = 0; i < count; i++) {
    int left = xs__deadline_left(&d);
    if (i > 0 && left == 0)
      break; /* out of time: report the last address's error */
    rc = xs_dial(&list[i], left, out);
    if (rc == 0)
      break;
  }
  return rc;
}

int xs_dial_host(const char *host, const char *service, int family,
                 int timeout_ms, xs_socket_t *out) {
  if (out == NULL)
    return xs__einval();
  *out = XS_INVALID_SOCKET;
  if (host == NULL || service == NULL ||
      (family != XS_AF_UNSPEC && !xs__is_ip_family(family)))
    return xs__einval();
  uint64_t start = xs__plat_now_ms();
  xs_resolve_hints hints = {family, XS_SOCK_STREAM, 0};
  xs_addr *list = NULL;
  size_t count = 0;
  int rc = xs_resolve(host, service, &hints, &list, &count);
  if (rc != 0)
    return rc;
  /* One deadline from the call's start; resolution is not bounded by it
   * but its time is taken from what is left. */
  uint64_t spent = xs__plat_now_ms() - start;
  int left = timeout_ms;
  if (timeout_ms >= 0)
    left = spent >= (uint64_t)timeout_ms ? 0 : timeout_ms - (int)spent;
  rc = xs__dial_addrs(list, count, left, out);
  xs_addr_list_free(list);
  return rc;
}
