/* SPDX-License-Identifier: MIT */
/*
 * handoff.c - the answer of a socket hand-off on POSIX: one byte ('H')
 * with the descriptor in SCM_RIGHTS over an AF_UNIX stream channel
 * (sendmsg / recvmsg). The received descriptor is close-on-exec
 * (MSG_CMSG_CLOEXEC where the system has it, else FD_CLOEXEC at once);
 * anything received with a malformed answer is closed.
 */
#include "posix/posix.h"

#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#ifdef XS_HAVE_MSG_NOSIGNAL
#  define SEND_FLAGS MSG_NOSIGNAL
#else
#  define SEND_FLAGS 0
#endif

/* MSG_CMSG_CLOEXEC is a macro where it exists (Linux, the BSDs). */
#ifdef MSG_CMSG_CLOEXEC
#  define RECV_FLAGS MSG_CMSG_CLOEXEC
#else
#  define RECV_FLAGS 0
#endif

#define ANSWER_BYTE 'H'
/* Room for more descriptors than one, so that an answer with extra ones is
 * received whole (and closed) rather than cut. */
#define MAX_FDS 4

uint32_t xs__plat_process_id(void) {
  return (uint32_t)getpid();
}

int xs__plat_handoff_channel(int family) {
  if (family == XS_AF_UNIX)
    return 0;
  xs__native_set(0);
  return XS_EAFNOSUPPORT;
}

/* Wait before a call when the deadline is finite (a blocking call must not
 * outlive it), or after a would-block. */
static int wait_first(int s, short events, const xs__deadline *d) {
  return d->infinite ? 0 : xs__wait(s, events, d);
}

int xs__plat_handoff_send(xs_socket_t channel, xs_socket_t sock, uint32_t pid,
                          const xs__deadline *d) {
  union {
    struct cmsghdr align;
    unsigned char buf[CMSG_SPACE(sizeof(int))];
  } control;
  char byte = ANSWER_BYTE;
  struct iovec iov;
  struct msghdr msg;
  (void)pid; /* the kernel makes the descriptor in whoever receives it */
  for (;;) {
    int rc = wait_first(channel, XS_POLLOUT, d);
    if (rc != 0)
      return rc;
    memset(&control, 0, sizeof control);
    memset(&msg, 0, sizeof msg);
    iov.iov_base = &byte;
    iov.iov_len = 1;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &sock, sizeof(int));
    ssize_t n = xs__sys.sendmsg(channel, &msg, SEND_FLAGS);
    if (n == 1)
      return 0;
    if (n >= 0)
      continue; /* nothing sent: try again */
    if (errno == EINTR)
      continue;
    rc = xs__posix_io_error(channel, errno, SO_SNDTIMEO);
    if (rc != XS_EAGAIN)
      return rc;
    if ((rc = xs__wait(channel, XS_POLLOUT, d)) != 0)
      return rc;
  }
}

/* The descriptors of every SCM_RIGHTS message in msg into fds (at most
 * MAX_FDS, the control buffer's room); their number. */
static size_t take_fds(struct msghdr *msg, int fds[MAX_FDS]) {
  size_t count = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL;
       c = CMSG_NXTHDR(msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
        c->cmsg_len < CMSG_LEN(0))
      continue;
    size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < k && count < MAX_FDS; i++)
      memcpy(&fds[count++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
  }
  return count;
}

static void close_all(const int *fds, size_t count) {
  for (size_t i = 0; i < count; i++)
    (void)xs__sys.close(fds[i]);
}

/* One recvmsg, EINTR retried: 0 and *n, or the translated error. */
static int recv_answer(int channel, struct msghdr *msg, ssize_t *n) {
  do {
    *n = xs__sys.recvmsg(channel, msg, RECV_FLAGS);
  } while (*n < 0 && errno == EINTR);
  return *n < 0 ? xs__posix_io_error(channel, errno, SO_RCVTIMEO) : 0;
}

/* Check what one recvmsg brought and keep the one descriptor. */
static int check_answer(struct msghdr *msg, char byte, int *out) {
  int fds[MAX_FDS];
  size_t count = take_fds(msg, fds);
  int rc = 0;
  if ((msg->msg_flags & MSG_CTRUNC) != 0 || count != 1 || byte != ANSWER_BYTE) {
    close_all(fds, count);
    xs__native_set(0);
    return XS_EPROTO;
  }
#ifndef MSG_CMSG_CLOEXEC
  rc = xs__posix_cloexec(fds[0]);
#endif
  if (rc == 0)
    rc = xs__posix_nosigpipe(fds[0]);
  if (rc != 0) {
    close_all(fds, 1);
    return rc;
  }
  *out = fds[0];
  return 0;
}

int xs__plat_handoff_recv(xs_socket_t channel, const xs__deadline *d,
                          xs_socket_t *out) {
  union {
    struct cmsghdr align;
    unsigned char buf[CMSG_SPACE(MAX_FDS * sizeof(int))];
  } control;
  char byte = 0;
  struct iovec iov;
  struct msghdr msg;
  ssize_t n = 0;
  *out = XS_INVALID_SOCKET;
  for (;;) {
    int rc = wait_first(channel, XS_POLLIN, d);
    if (rc != 0)
      return rc;
    memset(&control, 0, sizeof control);
    memset(&msg, 0, sizeof msg);
    iov.iov_base = &byte;
    iov.iov_len = 1;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    rc = recv_answer(channel, &msg, &n);
    if (rc == 0 && n == 0) {
      xs__native_set(0);
      return XS_EOF;
    }
    if (rc == 0)
      return check_answer(&msg, byte, out);
    if (rc != XS_EAGAIN)
      return rc;
    if ((rc = xs__wait(channel, XS_POLLIN, d)) != 0)
      return rc;
  }
}
