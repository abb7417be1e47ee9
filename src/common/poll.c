/* SPDX-License-Identifier: MIT */
/*
 * poll.c - xs_poll with EINTR retried on the time left, deadlines, and the
 * single-socket wait the I/O helpers use.
 */
#include "internal.h"

void xs__deadline_start(xs__deadline *d, int timeout_ms) {
  d->infinite = timeout_ms < 0;
  d->at = d->infinite ? 0 : xs__plat_now_ms() + (uint64_t)timeout_ms;
}

int xs__deadline_left(const xs__deadline *d) {
  if (d->infinite)
    return XS_INFINITE;
  uint64_t now = xs__plat_now_ms();
  if (now >= d->at)
    return 0;
  uint64_t left = d->at - now;
  return left > (uint64_t)INT32_MAX ? INT32_MAX : (int)left;
}

int xs_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready) {
  if (ready != NULL)
    *ready = 0;
  if ((fds == NULL && n > 0) || n > XS_POLL_MAX || (n == 0 && timeout_ms < 0))
    return xs__einval();
  xs__deadline d;
  xs__deadline_start(&d, timeout_ms);
  int count = 0;
  int rc;
  do {
    rc = xs__plat_poll(fds, n, xs__deadline_left(&d), &count);
  } while (rc == XS_EINTR);
  if (rc == 0 && ready != NULL)
    *ready = count;
  return rc;
}

int xs__wait(xs_socket_t sock, short events, const xs__deadline *d) {
  xs_pollfd p;
  p.sock = sock;
  p.events = events;
  p.revents = 0;
  int ready = 0;
  int rc;
  do {
    rc = xs__plat_poll(&p, 1, xs__deadline_left(d), &ready);
  } while (rc == XS_EINTR);
  if (rc != 0)
    return rc;
  if (ready == 0) {
    xs__native_set(0);
    return XS_ETIMEDOUT;
  }
  if (p.revents & XS_POLLNVAL) {
    xs__native_set(0);
    return XS_EBADF;
  }
  return 0;
}
