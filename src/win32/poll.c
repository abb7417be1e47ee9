/*
 * poll.c - xs__plat_poll over WSAPoll, and the monotonic clock.
 *
 * WSAPoll fails the whole call for an INVALID_SOCKET entry and for
 * POLLERR/POLLHUP/POLLPRI in events, so only real sockets are passed, with
 * POLLRDNORM/POLLWRNORM only, through an index map. What comes back is
 * made to read as POSIX poll: an error or hang-up also reports the
 * readiness the caller asked for (the next call returns the error or end
 * of stream at once), as Linux does.
 */
#include "win32.h"

#include <stdlib.h>

#define STACK_FDS 64

static SHORT to_native(short events) {
  SHORT ev = 0;
  if (events & XS_POLLIN)
    ev |= POLLRDNORM;
  if (events & XS_POLLOUT)
    ev |= POLLWRNORM;
  return ev;
}

static short from_native(SHORT rev, short events) {
  short out = 0;
  if (rev & (POLLRDNORM | POLLRDBAND))
    out |= XS_POLLIN;
  if (rev & POLLWRNORM)
    out |= XS_POLLOUT;
  if (rev & POLLERR)
    out |= XS_POLLERR;
  if (rev & POLLHUP)
    out |= XS_POLLHUP;
  if (rev & POLLNVAL)
    out |= XS_POLLNVAL;
  if (out & (XS_POLLERR | XS_POLLHUP))
    out |= (short)(events & (XS_POLLIN | XS_POLLOUT));
  return out;
}

/* Nothing to wait on: sleep out the timeout. */
static int idle(int timeout_ms) {
  if (timeout_ms < 0) {
    xs__native_set(0);
    return XS_EINVAL;
  }
  if (timeout_ms > 0)
    xs__sys.sleep((DWORD)timeout_ms);
  return 0;
}

/* One WSAPoll over m entries. Wine fails the call with WSAENOTSOCK when
 * an entry is not a socket, yet marks it POLLNVAL: that is a result. */
static int wait_native(WSAPOLLFD *p, ULONG m, int timeout_ms) {
  if (xs__sys.poll(p, m, timeout_ms) != SOCKET_ERROR)
    return 0;
  int native = xs__sys.last_error();
  if (native == WSAENOTSOCK)
    for (ULONG i = 0; i < m; i++)
      if (p[i].revents & POLLNVAL)
        return 0;
  return xs__plat_error(native);
}

int xs__plat_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready) {
  WSAPOLLFD stack_p[STACK_FDS];
  size_t stack_map[STACK_FDS];
  WSAPOLLFD *p = stack_p;
  size_t *map = stack_map;
  size_t m = 0;
  *ready = 0;
  for (size_t i = 0; i < n; i++) {
    fds[i].revents = 0;
    m += fds[i].sock != XS_INVALID_SOCKET;
  }
  if (m == 0)
    return idle(timeout_ms);
  if (m > STACK_FDS) {
    p = malloc(m * sizeof *p);
    map = malloc(m * sizeof *map);
    if (p == NULL || map == NULL) {
      free(p);
      free(map);
      xs__native_set(0);
      return XS_ENOMEM;
    }
  }
  for (size_t i = 0, j = 0; i < n; i++) {
    if (fds[i].sock == XS_INVALID_SOCKET)
      continue;
    p[j].fd = fds[i].sock;
    p[j].events = to_native(fds[i].events);
    p[j].revents = 0;
    map[j++] = i;
  }
  int rc = wait_native(p, (ULONG)m, timeout_ms);
  for (size_t j = 0; rc == 0 && j < m; j++) {
    xs_pollfd *f = &fds[map[j]];
    f->revents = from_native(p[j].revents, f->events);
    *ready += f->revents != 0;
  }
  if (p != stack_p) {
    free(p);
    free(map);
  }
  return rc;
}

uint64_t xs__plat_now_ms(void) { return xs__sys.tick64(); }
