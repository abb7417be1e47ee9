/*
 * poll.c - readiness through poll(2) and the monotonic clock. The XS_POLL*
 * flags are translated both ways; small sets use a stack array.
 */
#include "posix/posix.h"

#include <errno.h>
#include <stdlib.h>

/* Sets up to this size need no allocation. */
#define STACK_FDS 64

static short to_native(short events) {
  short out = 0;
  if ((events & XS_POLLIN) != 0)
    out |= POLLIN;
  if ((events & XS_POLLOUT) != 0)
    out |= POLLOUT;
  return out;
}

static short from_native(short revents) {
  short out = 0;
  if ((revents & (POLLIN | POLLPRI)) != 0)
    out |= XS_POLLIN;
  if ((revents & POLLOUT) != 0)
    out |= XS_POLLOUT;
  if ((revents & POLLERR) != 0)
    out |= XS_POLLERR;
  if ((revents & POLLHUP) != 0)
    out |= XS_POLLHUP;
  if ((revents & POLLNVAL) != 0)
    out |= XS_POLLNVAL;
  return out;
}

/* n == 0: just sleep. */
static int poll_sleep(int timeout_ms, int *ready) {
  if (ready != NULL)
    *ready = 0;
  if (xs__sys.poll(NULL, 0, timeout_ms) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__plat_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready) {
  struct pollfd stack[STACK_FDS];
  struct pollfd *p = stack;
  if (n == 0)
    return poll_sleep(timeout_ms, ready);
  if (ready != NULL)
    *ready = 0;
  if (n > STACK_FDS) {
    if (n > SIZE_MAX / sizeof *p || (p = malloc(n * sizeof *p)) == NULL)
      return xs__plat_error(ENOMEM);
  }
  for (size_t i = 0; i < n; i++) {
    p[i].fd = fds[i].sock == XS_INVALID_SOCKET ? -1 : fds[i].sock;
    p[i].events = to_native(fds[i].events);
    p[i].revents = 0;
  }
  int rc = xs__sys.poll(p, (nfds_t)n, timeout_ms);
  if (rc < 0) {
    rc = xs__posix_errno();
  } else {
    int count = 0;
    for (size_t i = 0; i < n; i++) {
      fds[i].revents = p[i].fd < 0 ? 0 : from_native(p[i].revents);
      if (fds[i].revents != 0)
        count++;
    }
    if (ready != NULL)
      *ready = count;
    rc = 0;
  }
  if (p != stack)
    free(p);
  return rc;
}

uint64_t xs__plat_now_ms(void) {
  struct timespec ts;
#ifdef XS_HAVE_CLOCK_MONOTONIC
  clockid_t clock = CLOCK_MONOTONIC;
#else
  clockid_t clock = CLOCK_REALTIME;
#endif
  if (xs__sys.clock_gettime(clock, &ts) != 0)
    return 0;
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
