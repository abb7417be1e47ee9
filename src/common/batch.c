/* SPDX-License-Identifier: MIT */
/*
 * batch.c - the public datagram batch entry points: argument checks, the
 * count clamped to XS_BATCH_MAX, then the port (recvmmsg / sendmmsg where
 * the system has them, one datagram per call elsewhere), and that one by
 * one way, which the ports call where the system has no batch.
 */
#include "internal.h"

int xs__batch_recv_one(xs_socket_t s, xs_dgram *msgs, size_t *done) {
  int rc =
      xs__plat_recvfrom(s, msgs[0].buf, msgs[0].len, &msgs[0].addr, &msgs[0].n);
  if (rc != 0 && rc != XS_EMSGSIZE)
    return rc;
  msgs[0].error = rc;
  *done = 1;
  return 0;
}

int xs__batch_send_each(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  for (size_t i = 0; i < count; i++) {
    const xs_addr *to =
        msgs[i].addr.family == XS_AF_UNSPEC ? NULL : &msgs[i].addr;
    int rc = xs__plat_sendto(s, msgs[i].buf, msgs[i].len, to, &msgs[i].n);
    if (rc != 0)
      return i == 0 ? rc : 0;
    *done = i + 1;
  }
  return 0;
}

static int check(const xs_dgram *msgs, size_t count, size_t *done) {
  if (done != NULL)
    *done = 0;
  if (msgs == NULL || count == 0 || done == NULL)
    return xs__einval();
  if (count > XS_BATCH_MAX)
    count = XS_BATCH_MAX;
  for (size_t i = 0; i < count; i++)
    if (msgs[i].buf == NULL && msgs[i].len > 0)
      return xs__einval();
  return 0;
}

int xs_recv_batch(xs_socket_t sock, xs_dgram *msgs, size_t count,
                  size_t *done) {
  int rc = check(msgs, count, done);
  if (rc != 0)
    return rc;
  return xs__plat_recv_batch(sock, msgs,
                             count > XS_BATCH_MAX ? XS_BATCH_MAX : count, done);
}

int xs_send_batch(xs_socket_t sock, xs_dgram *msgs, size_t count,
                  size_t *done) {
  int rc = check(msgs, count, done);
  if (rc != 0)
    return rc;
  for (size_t i = 0; i < count && i < XS_BATCH_MAX; i++)
    if (msgs[i].addr.family != XS_AF_UNSPEC &&
        !xs__valid_family(msgs[i].addr.family))
      return xs__einval();
  rc = xs__plat_send_batch(sock, msgs,
                           count > XS_BATCH_MAX ? XS_BATCH_MAX : count, done);
  if (rc == 0)
    return 0;
  const xs_addr *to =
      msgs[0].addr.family == XS_AF_UNSPEC ? NULL : &msgs[0].addr;
  return xs__send_error(sock, to, rc);
}
