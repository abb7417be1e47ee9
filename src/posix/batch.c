/* SPDX-License-Identifier: MIT */
/*
 * batch.c - datagram batches: one recvmmsg / sendmmsg call where the
 * system has them (XS_HAVE_RECVMMSG, XS_HAVE_SENDMMSG), else one datagram
 * per call through the plain receive and send of io.c. Nothing is
 * allocated: the headers and addresses of one batch live on the stack.
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

#ifdef XS_HAVE_RECVMMSG
/* Point hdr[i] at the buffer and the address room of msgs[i]. */
static void set_hdr(struct mmsghdr *hdr, struct iovec *iov,
                    struct sockaddr_storage *ss, xs_dgram *m) {
  iov->iov_base = m->buf;
  iov->iov_len = m->len;
  memset(hdr, 0, sizeof *hdr);
  hdr->msg_hdr.msg_name = ss;
  hdr->msg_hdr.msg_namelen = sizeof *ss;
  hdr->msg_hdr.msg_iov = iov;
  hdr->msg_hdr.msg_iovlen = 1;
}

/* One received entry: length, truncation, sender. A sender xsock cannot
 * express is flagged in the entry (its datagram is not lost). */
static void got_one(xs_dgram *m, const struct mmsghdr *hdr,
                    const struct sockaddr_storage *ss) {
  m->n = hdr->msg_len;
  m->error = (hdr->msg_hdr.msg_flags & MSG_TRUNC) ? XS_EMSGSIZE : 0;
  int rc = 0;
  if (hdr->msg_hdr.msg_namelen == 0)
    memset(&m->addr, 0, sizeof m->addr);
  else
    rc = xs__plat_from_sockaddr(&m->addr, ss, hdr->msg_hdr.msg_namelen);
  if (rc != 0) {
    memset(&m->addr, 0, sizeof m->addr);
    m->error = rc;
  }
}

int xs__plat_recv_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  struct mmsghdr hdr[XS_BATCH_MAX];
  struct iovec iov[XS_BATCH_MAX];
  struct sockaddr_storage ss[XS_BATCH_MAX];
  for (size_t i = 0; i < count; i++)
    set_hdr(&hdr[i], &iov[i], &ss[i], &msgs[i]);
  int n;
  do {
    n = xs__sys.recvmmsg(s, hdr, (unsigned)count, MSG_WAITFORONE, NULL);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return xs__posix_io_error(s, errno, SO_RCVTIMEO);
  for (int i = 0; i < n; i++)
    got_one(&msgs[i], &hdr[i], &ss[i]);
  *done = (size_t)n;
  return 0;
}
#else
int xs__plat_recv_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  (void)count;
  return xs__batch_recv_one(s, msgs, done);
}
#endif

#ifdef XS_HAVE_SENDMMSG
int xs__plat_send_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  struct mmsghdr hdr[XS_BATCH_MAX];
  struct iovec iov[XS_BATCH_MAX];
  struct sockaddr_storage ss[XS_BATCH_MAX];
  memset(hdr, 0, count * sizeof hdr[0]);
  for (size_t i = 0; i < count; i++) {
    iov[i].iov_base = msgs[i].buf;
    iov[i].iov_len = msgs[i].len;
    hdr[i].msg_hdr.msg_iov = &iov[i];
    hdr[i].msg_hdr.msg_iovlen = 1;
    if (msgs[i].addr.family == XS_AF_UNSPEC)
      continue;
    size_t len = 0;
    int rc = xs__plat_to_sockaddr(&msgs[i].addr, &ss[i], sizeof ss[i], &len);
    if (rc != 0 && i == 0)
      return rc;
    if (rc != 0) { /* send those before it, as the fallback does */
      count = i;
      break;
    }
    hdr[i].msg_hdr.msg_name = &ss[i];
    hdr[i].msg_hdr.msg_namelen = (socklen_t)len;
  }
  int n;
  do {
    n = xs__sys.sendmmsg(s, hdr, (unsigned)count, SEND_FLAGS);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return xs__posix_io_error(s, errno, SO_SNDTIMEO);
  for (int i = 0; i < n; i++)
    msgs[i].n = hdr[i].msg_len;
  *done = (size_t)n;
  return 0;
}
#else
int xs__plat_send_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  return xs__batch_send_each(s, msgs, count, done);
}
#endif
