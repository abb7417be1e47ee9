/*
 * batch.c - the public datagram batch entry points: argument checks, the
 * count clamped to XS_BATCH_MAX, then the port (recvmmsg / sendmmsg where
 * the system has them, one datagram per call elsewhere).
 */
#include "internal.h"

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
  return xs__plat_send_batch(sock, msgs,
                             count > XS_BATCH_MAX ? XS_BATCH_MAX : count, done);
}
