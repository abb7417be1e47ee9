/* SPDX-License-Identifier: MIT */
/*
 * io.c - send, recv, sendto and recvfrom on Berkeley sockets. EINTR is
 * retried, SIGPIPE is suppressed (MSG_NOSIGNAL, or SO_NOSIGPIPE set at
 * creation), receives go through recvmsg so that a truncated datagram is
 * always reported, and a would-block on a blocking socket (an expired
 * SO_RCVTIMEO / SO_SNDTIMEO) is told apart from one on a nonblocking socket.
 */
#include "posix/posix.h"

#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#ifdef XS_HAVE_MSG_NOSIGNAL
#  define SEND_FLAGS MSG_NOSIGNAL
#else
#  define SEND_FLAGS 0
#endif

typedef ssize_t (*recvmsg_fn)(int fd, struct msghdr *msg, int flags);

int xs__posix_io_error(int s, int err, int timeo) {
  if (err == EAGAIN || err == EWOULDBLOCK)
    return xs__posix_wouldblock(s, err, timeo);
  return xs__plat_error(err);
}

int xs__plat_send(xs_socket_t s, const void *buf, size_t len, size_t *sent) {
  ssize_t n;
  *sent = 0;
  do {
    n = xs__sys.send(s, buf, len, SEND_FLAGS);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return xs__posix_io_error(s, errno, SO_SNDTIMEO);
  *sent = (size_t)n;
  return 0;
}

int xs__plat_sendto(xs_socket_t s, const void *buf, size_t len,
                    const xs_addr *to, size_t *sent) {
  struct sockaddr_storage ss;
  const struct sockaddr *sa = NULL;
  size_t salen = 0;
  ssize_t n;
  *sent = 0;
  if (to != NULL) {
    int rc = xs__plat_to_sockaddr(to, &ss, sizeof ss, &salen);
    if (rc != 0)
      return rc;
    sa = (const struct sockaddr *)&ss;
  }
  do {
    n = xs__sys.sendto(s, buf, len, SEND_FLAGS, sa, (socklen_t)salen);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return xs__posix_io_error(s, errno, SO_SNDTIMEO);
  *sent = (size_t)n;
  return 0;
}

/* One receive through recvmsg. ss may be NULL (no sender wanted); else
 * *sslen is in/out. */
static int recv_msg(recvmsg_fn fn, int s, void *buf, size_t len,
                    struct sockaddr_storage *ss, socklen_t *sslen,
                    size_t *received) {
  struct iovec iov;
  struct msghdr msg;
  ssize_t n;
  *received = 0;
  do {
    memset(&msg, 0, sizeof msg);
    iov.iov_base = buf;
    iov.iov_len = len;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (ss != NULL) {
      msg.msg_name = ss;
      msg.msg_namelen = *sslen;
    }
    n = fn(s, &msg, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return xs__posix_io_error(s, errno, SO_RCVTIMEO);
  if (ss != NULL)
    *sslen = msg.msg_namelen;
  *received = (size_t)n;
  if ((msg.msg_flags & MSG_TRUNC) != 0) {
    xs__native_set(EMSGSIZE);
    return XS_EMSGSIZE;
  }
  return 0;
}

int xs__plat_recv(xs_socket_t s, void *buf, size_t len, size_t *received) {
  return recv_msg(xs__sys.recv, s, buf, len, NULL, NULL, received);
}

int xs__plat_recvfrom(xs_socket_t s, void *buf, size_t len, xs_addr *from,
                      size_t *received) {
  struct sockaddr_storage ss;
  socklen_t sslen = sizeof ss;
  memset(&ss, 0, sizeof ss);
  int rc = recv_msg(xs__sys.recvfrom, s, buf, len, from != NULL ? &ss : NULL,
                    &sslen, received);
  if (from == NULL || (rc != 0 && rc != XS_EMSGSIZE))
    return rc;
  if (sslen == 0) {
    /* A stream socket names no sender. */
    memset(from, 0, sizeof *from);
    return rc;
  }
  int arc = xs__plat_from_sockaddr(from, &ss, sslen);
  return arc != 0 ? arc : rc;
}
