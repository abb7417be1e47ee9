/* SPDX-License-Identifier: MIT */
/*
 * socket.c - socket life cycle on Berkeley sockets: create with the safe
 * defaults (close-on-exec, no SIGPIPE, IPV6_V6ONLY), bind, listen, accept,
 * connect, shutdown, close, and the address/SO_ERROR queries.
 */
#include "posix/posix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/time.h>

int xs__posix_is_blocking(int fd) {
  int fl = xs__sys.fcntl(fd, F_GETFL);
  return fl >= 0 && (fl & O_NONBLOCK) == 0;
}

/* The timeout option name (SO_RCVTIMEO / SO_SNDTIMEO) of fd in
 * milliseconds (rounded up, at most INT_MAX): 0 when unset, -1 when it
 * cannot be read. */
static int timeout_ms(int fd, int name) {
  struct timeval tv;
  socklen_t len = sizeof tv;
  memset(&tv, 0, sizeof tv);
  if (xs__sys.getsockopt(fd, SOL_SOCKET, name, &tv, &len) < 0)
    return -1;
  long long ms = (long long)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
  return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* 0 if the timeout is known to be unset, else 1. */
static int has_timeout(int fd, int name) {
  return timeout_ms(fd, name) != 0;
}

/* One latch for the process, set once and never cleared (like Winsock's
 * start-up count, the only other state the library keeps): whether any
 * socket was given a timeout through xsock. */
static atomic_int timeouts_used;

void xs__posix_timeouts_used(void) {
  atomic_store(&timeouts_used, 1);
}

int xs__posix_wouldblock(int fd, int err, int timeo) {
  if (atomic_load_explicit(&timeouts_used, memory_order_relaxed) &&
      xs__posix_is_blocking(fd) && has_timeout(fd, timeo)) {
    xs__native_set(err);
    return XS_ETIMEDOUT;
  }
  return xs__plat_error(err);
}

int xs__posix_cloexec(int fd) {
  int fl = xs__sys.fcntl(fd, F_GETFD);
  if (fl < 0)
    return xs__posix_errno();
  if ((fl & FD_CLOEXEC) == 0 && xs__sys.fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__posix_nosigpipe(int fd) {
#ifdef XS_HAVE_SO_NOSIGPIPE
  int on = 1;
  if (xs__sys.setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) < 0)
    return xs__posix_errno();
#else
  (void)fd;
#endif
  return 0;
}

#ifndef XS_HAVE_ACCEPT4
/* Set blocking mode explicitly (accept's fallback path: BSD accept()
 * inherits O_NONBLOCK from the listener). */
static int make_blocking(int fd) {
  int fl = xs__sys.fcntl(fd, F_GETFL);
  if (fl < 0)
    return xs__posix_errno();
  if ((fl & O_NONBLOCK) != 0 &&
      xs__sys.fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
    return xs__posix_errno();
  return 0;
}
#endif

/* The safe defaults for a new socket of native family af. */
static int make_safe(int fd, int af) {
  int rc = 0;
#ifndef XS_HAVE_SOCK_CLOEXEC
  rc = xs__posix_cloexec(fd);
#endif
  if (rc == 0)
    rc = xs__posix_nosigpipe(fd);
  if (rc == 0 && af == AF_INET6) {
    int on = 1;
    if (xs__sys.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) < 0)
      rc = xs__posix_errno();
  }
  return rc;
}

int xs__plat_socket(int family, int type, int protocol, int flags,
                    xs_socket_t *out) {
  int safe = flags & XS__SAFE;
  *out = XS_INVALID_SOCKET;
  int af = xs__posix_af(family);
  int st = xs__posix_socktype(type);
  if (af < 0)
    return xs__plat_error(EAFNOSUPPORT);
  if (st <= 0)
    return xs__plat_error(EPROTOTYPE);
#ifdef XS_HAVE_SOCK_CLOEXEC
  if (safe)
    st |= SOCK_CLOEXEC;
  if (flags & XS_SOCK_NONBLOCK)
    st |= SOCK_NONBLOCK; /* the same Linux release brought both */
#endif
  int fd = xs__sys.socket(af, st, protocol);
  if (fd < 0)
    return xs__posix_errno();
  int rc = 0;
#ifndef XS_HAVE_SOCK_CLOEXEC
  if (flags & XS_SOCK_NONBLOCK)
    rc = xs__plat_set_nonblocking(fd, 1);
#endif
  if (rc == 0 && safe)
    rc = make_safe(fd, af);
  if (rc != 0) {
    (void)xs__sys.close(fd);
    return rc;
  }
  *out = fd;
  return 0;
}

int xs__plat_close(xs_socket_t s) {
  if (xs__sys.close(s) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__plat_bind(xs_socket_t s, const xs_addr *addr) {
  struct sockaddr_storage ss;
  size_t len;
  int rc = xs__plat_to_sockaddr(addr, &ss, sizeof ss, &len);
  if (rc != 0)
    return rc;
  if (xs__sys.bind(s, (const struct sockaddr *)&ss, (socklen_t)len) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__plat_listen(xs_socket_t s, int backlog) {
  if (xs__sys.listen(s, backlog <= 0 ? SOMAXCONN : backlog) < 0)
    return xs__posix_errno();
  return 0;
}

/* One accept call: close-on-exec and the blocking mode at once where
 * accept4 exists. */
static int accept_once(int s, struct sockaddr_storage *ss, socklen_t *len,
                       int flags) {
#ifdef XS_HAVE_ACCEPT4
  int fl = SOCK_CLOEXEC | ((flags & XS_SOCK_NONBLOCK) ? SOCK_NONBLOCK : 0);
  return xs__sys.accept4(s, (struct sockaddr *)ss, len, fl);
#else
  (void)flags;
  return xs__sys.accept(s, (struct sockaddr *)ss, len);
#endif
}

/* The accepted socket's defaults; on failure the caller closes it. */
static int accepted_setup(int fd, int flags) {
  int rc = 0;
#ifndef XS_HAVE_ACCEPT4
  rc = xs__posix_cloexec(fd);
  if (rc == 0)
    rc = (flags & XS_SOCK_NONBLOCK) ? xs__plat_set_nonblocking(fd, 1)
                                    : make_blocking(fd);
#else
  (void)flags;
#endif
  if (rc == 0)
    rc = xs__posix_nosigpipe(fd);
  return rc;
}

/* Errors accept(2) reports for a connection that failed while queued, or
 * for pending network errors; a blocking listener waits for the next
 * connection instead (as Linux's accept(2) page advises). */
static int transient_accept_error(int err) {
  switch (err) {
  case ECONNABORTED:
  case EPROTO:
  case ENETDOWN:
  case ENOPROTOOPT:
  case EHOSTDOWN:
  case EHOSTUNREACH:
  case EOPNOTSUPP:
  case ENETUNREACH:
#ifdef ENONET
  case ENONET:
#endif
    return 1;
  default:
    return 0;
  }
}

int xs__plat_accept(xs_socket_t s, xs_socket_t *out, xs_addr *peer, int flags) {
  struct sockaddr_storage ss;
  socklen_t len;
  int fd;
  *out = XS_INVALID_SOCKET;
  for (;;) {
    memset(&ss, 0, sizeof ss);
    len = sizeof ss;
    fd = accept_once(s, &ss, &len, flags);
    if (fd >= 0)
      break;
    int err = errno;
    if (err == EINTR)
      continue;
    if (transient_accept_error(err) && xs__posix_is_blocking(s))
      continue;
    if (err == EAGAIN || err == EWOULDBLOCK)
      return xs__posix_wouldblock(s, err, SO_RCVTIMEO);
    return xs__plat_error(err);
  }
  int rc = accepted_setup(fd, flags);
  if (rc == 0 && peer != NULL)
    rc = xs__plat_from_sockaddr(peer, &ss, len);
  if (rc != 0) {
    (void)xs__sys.close(fd);
    return rc;
  }
  *out = fd;
  return 0;
}

/* A blocking connect interrupted by a signal goes on in the kernel: wait
 * for its outcome (within SO_SNDTIMEO, as the connect itself would have)
 * and read it from SO_ERROR. */
static int connect_wait(int s) {
  struct pollfd p;
  int limit = timeout_ms(s, SO_SNDTIMEO);
  int rc;
  do { /* an EINTR restarts the full wait: signals are rare here */
    p.fd = s;
    p.events = POLLOUT;
    p.revents = 0;
    rc = xs__sys.poll(&p, 1, limit > 0 ? limit : -1);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0)
    return xs__posix_errno();
  if (rc == 0) {
    xs__native_set(0);
    return XS_ETIMEDOUT;
  }
  int err = 0;
  rc = xs__plat_sock_error(s, &err);
  return rc != 0 ? rc : err;
}

/* A stream socket that already has a peer. Linux answers 0 to the first
 * connect after a nonblocking connect completed, where Windows (and
 * socket.h) say XS_EISCONN; one getpeername finds the case first. */
static int stream_connected(int s) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int st = 0;
  socklen_t stlen = sizeof st;
  if (xs__sys.getpeername(s, (struct sockaddr *)&ss, &len) < 0)
    return 0; /* ENOTCONN, or a failure connect itself will report */
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_TYPE, &st, &stlen) < 0)
    return 0;
  return st == SOCK_STREAM;
}

int xs__plat_connect(xs_socket_t s, const xs_addr *addr) {
  struct sockaddr_storage ss;
  size_t len;
  int rc = xs__plat_to_sockaddr(addr, &ss, sizeof ss, &len);
  if (rc != 0)
    return rc;
  if (stream_connected(s))
    return xs__plat_error(EISCONN);
  if (xs__sys.connect(s, (const struct sockaddr *)&ss, (socklen_t)len) == 0)
    return 0;
  int err = errno;
  int blocking = xs__posix_is_blocking(s);
  if (err == EINTR)
    return blocking ? connect_wait(s) : xs__plat_error(EINPROGRESS);
  if (err == EINPROGRESS && blocking) {
    /* A blocking connect gives up with EINPROGRESS when SO_SNDTIMEO ends. */
    xs__native_set(err);
    return XS_ETIMEDOUT;
  }
  if (err == EAGAIN || err == EWOULDBLOCK)
    return xs__posix_wouldblock(s, err, SO_SNDTIMEO);
  return xs__plat_error(err);
}

int xs__plat_sock_shutdown(xs_socket_t s, int how) {
  int native;
  switch (how) {
  case XS_SHUT_RD:
    native = SHUT_RD;
    break;
  case XS_SHUT_WR:
    native = SHUT_WR;
    break;
  default:
    native = SHUT_RDWR;
    break;
  }
  if (xs__sys.shutdown(s, native) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__plat_local_addr(xs_socket_t s, xs_addr *addr) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (xs__sys.getsockname(s, (struct sockaddr *)&ss, &len) < 0)
    return xs__posix_errno();
  return xs__plat_from_sockaddr(addr, &ss, len);
}

int xs__plat_peer_addr(xs_socket_t s, xs_addr *addr) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (xs__sys.getpeername(s, (struct sockaddr *)&ss, &len) < 0)
    return xs__posix_errno();
  return xs__plat_from_sockaddr(addr, &ss, len);
}
