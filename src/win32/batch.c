/* SPDX-License-Identifier: MIT */
/*
 * batch.c - datagram batches on Winsock, which has no batch receive (and
 * RIO does not run under wine): one datagram per receive call, one sendto
 * per datagram, stopping at the first failure.
 */
#include "win32.h"

int xs__plat_recv_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  (void)count;
  return xs__batch_recv_one(s, msgs, done);
}

int xs__plat_send_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done) {
  return xs__batch_send_each(s, msgs, count, done);
}
