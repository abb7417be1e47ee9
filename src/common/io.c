/* SPDX-License-Identifier: MIT */
/*
 * io.c - public send/receive entry points (argument checks, then the port)
 * and the send-all / receive-all loops over partial transfers.
 */
#include "internal.h"

static int bad_io_args(const void *buf, size_t len, const size_t *count) {
  return count == NULL || (buf == NULL && len > 0);
}

/* The failures a wrong or missing destination gives on some system. */
static int maybe_destination(int rc) {
  return rc == XS_EINVAL || rc == XS_ENOTCONN || rc == XS_ENOTSUP ||
         rc == XS_ENETUNREACH || rc == XS_EHOSTUNREACH ||
         rc == XS_EAFNOSUPPORT || rc == XS_EADDRNOTAVAIL;
}

int xs__send_error(xs_socket_t s, const xs_addr *to, int rc) {
  int family = XS_AF_UNSPEC, type = 0, v6only = 1;
  if (!maybe_destination(rc) || xs__plat_sock_kind(s, &family, &type) != 0)
    return rc;
  if (to != NULL && to->family != family) {
    /* An IPv4 destination is valid on a dual-stack IPv6 socket. */
    if (family == XS_AF_INET6 && to->family == XS_AF_INET &&
        (xs__plat_getopt(s, XS__OPT_V6ONLY, &v6only) != 0 || !v6only))
      return rc;
    return XS_EAFNOSUPPORT;
  }
  if (to == NULL && type == XS_SOCK_DGRAM &&
      (rc == XS_EINVAL || rc == XS_ENOTCONN))
    return XS_EDESTADDRREQ;
  return rc;
}

int xs_send(xs_socket_t sock, const void *buf, size_t len, size_t *sent) {
  if (sent != NULL)
    *sent = 0;
  if (bad_io_args(buf, len, sent))
    return xs__einval();
  int rc = xs__plat_send(sock, buf, len, sent);
  return rc == 0 ? 0 : xs__send_error(sock, NULL, rc);
}

int xs_recv(xs_socket_t sock, void *buf, size_t len, size_t *received) {
  if (received != NULL)
    *received = 0;
  if (bad_io_args(buf, len, received))
    return xs__einval();
  return xs__plat_recv(sock, buf, len, received);
}

int xs_sendto(xs_socket_t sock, const void *buf, size_t len, const xs_addr *to,
              size_t *sent) {
  if (sent != NULL)
    *sent = 0;
  if (bad_io_args(buf, len, sent))
    return xs__einval();
  if (to != NULL && !xs__valid_family(to->family))
    return xs__einval();
  int rc = xs__plat_sendto(sock, buf, len, to, sent);
  return rc == 0 ? 0 : xs__send_error(sock, to, rc);
}

int xs_recvfrom(xs_socket_t sock, void *buf, size_t len, xs_addr *from,
                size_t *received) {
  if (received != NULL)
    *received = 0;
  if (bad_io_args(buf, len, received))
    return xs__einval();
  return xs__plat_recvfrom(sock, buf, len, from, received);
}

int xs_send_all(xs_socket_t sock, const void *buf, size_t len, int timeout_ms,
                size_t *sent) {
  size_t done = 0;
  int rc = 0;
  if (sent != NULL)
    *sent = 0;
  if (buf == NULL && len > 0)
    return xs__einval();
  xs__deadline d;
  xs__deadline_start(&d, timeout_ms);
  const unsigned char *p = buf;
  while (done < len) {
    size_t n = 0;
    rc = xs__plat_send(sock, p + done, len - done, &n);
    done += n;
    if (rc == XS_EAGAIN)
      rc = xs__wait(sock, XS_POLLOUT, &d);
    else if (rc == 0 && done < len && xs__deadline_left(&d) == 0) {
      xs__native_set(0);
      rc = XS_ETIMEDOUT;
    }
    if (rc != 0)
      break;
  }
  if (sent != NULL)
    *sent = done;
  return rc == 0 ? 0 : xs__send_error(sock, NULL, rc);
}

int xs_recv_all(xs_socket_t sock, void *buf, size_t len, int timeout_ms,
                size_t *received) {
  size_t done = 0;
  int rc = 0;
  if (received != NULL)
    *received = 0;
  if (buf == NULL && len > 0)
    return xs__einval();
  xs__deadline d;
  xs__deadline_start(&d, timeout_ms);
  unsigned char *p = buf;
  while (done < len) {
    /* With a deadline, wait first: a blocking recv must not outlive it. */
    if (!d.infinite && (rc = xs__wait(sock, XS_POLLIN, &d)) != 0)
      break;
    size_t n = 0;
    rc = xs__plat_recv(sock, p + done, len - done, &n);
    done += n;
    if (rc == 0 && n == 0) {
      xs__native_set(0);
      rc = XS_EOF;
    } else if (rc == XS_EAGAIN) {
      rc = d.infinite ? xs__wait(sock, XS_POLLIN, &d) : 0;
    }
    if (rc != 0)
      break;
  }
  if (received != NULL)
    *received = done;
  return rc;
}
