/*
 * batch.c - datagram batches on Winsock, which has no batch receive (and
 * RIO does not run under wine): one datagram per receive call, one sendto
 * per datagram, stopping at the first failure.
 */
#include "win32.h"

int xs__plat_recv_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  (void)count;
  int rc =
      xs__plat_recvfrom(s, msgs[0].buf, msgs[0].len, &msgs[0].addr, &msgs[0].n);
  if (rc != 0 && rc != XS_EMSGSIZE)
    return rc;
  msgs[0].error = rc;
  *done = 1;
  return 0;
}

int xs__plat_send_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  for (size_t i = 0; i < count; i++) {
    const xs_addr *to =
        msgs[i].addr.family == XS_AF_UNSPEC ? NULL : &msgs[i].addr;
    int rc = xs__plat_sendto(s, msgs[i].buf, msgs[i].len, to, &msgs[i].n);
    if (rc != 0) {
      if (i == 0)
        return rc;
      break;
    }
    *done = i + 1;
  }
  return 0;
}
