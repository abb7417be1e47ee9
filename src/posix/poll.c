/* SPDX-License-Identifier: MIT */
/*
 * poll.c - readiness through poll(2), and the monotonic clock.
 *
 * Nothing is allocated, whatever the number of entries: xs_pollfd has the
 * layout of struct pollfd (checked below), so poll() runs on the caller's
 * own array. Each events field is translated to the native flags for the
 * call and back after it; revents comes back translated to XS_POLL*.
 * During the call the array holds native flags (poll.h tells the caller
 * that no other thread may touch it meanwhile).
 */
#include "posix/posix.h"

#include <stddef.h>

#define XS_SAME_FIELD(m, n)                                                    \
  (offsetof(xs_pollfd, m) == offsetof(struct pollfd, n) &&                     \
   sizeof(((xs_pollfd *)0)->m) == sizeof(((struct pollfd *)0)->n))

_Static_assert(sizeof(xs_pollfd) == sizeof(struct pollfd),
               "xs_pollfd must be the size of struct pollfd");
_Static_assert(XS_SAME_FIELD(sock, fd), "xs_pollfd.sock must be pollfd.fd");
_Static_assert(XS_SAME_FIELD(events, events),
               "xs_pollfd.events must be pollfd.events");
_Static_assert(XS_SAME_FIELD(revents, revents),
               "xs_pollfd.revents must be pollfd.revents");
_Static_assert(XS_INVALID_SOCKET < 0,
               "poll() skips negative descriptors: XS_INVALID_SOCKET is one");

/* The peer's end of stream: POLLRDHUP where the system has it, asked
 * with POLLIN, so that it reads XS_POLLIN | XS_POLLHUP as on Windows. */
#ifdef XS_HAVE_POLLRDHUP
#  define XS_RDHUP POLLRDHUP
#else
#  define XS_RDHUP 0
#endif

/* Only XS_POLLIN and XS_POLLOUT are asked for; other bits have no effect
 * and do not survive the round trip (poll.h says so). */
static short to_native(short events) {
  short out = 0;
  if ((events & XS_POLLIN) != 0)
    out |= POLLIN | XS_RDHUP;
  if ((events & XS_POLLOUT) != 0)
    out |= POLLOUT;
  return out;
}

/* The inverse of to_native, to give the caller its events back. */
static short events_back(short native) {
  short out = 0;
  if ((native & POLLIN) != 0)
    out |= XS_POLLIN;
  if ((native & POLLOUT) != 0)
    out |= XS_POLLOUT;
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
  if ((revents & (POLLHUP | XS_RDHUP)) != 0)
    out |= XS_POLLHUP;
  if ((revents & POLLNVAL) != 0)
    out |= XS_POLLNVAL;
  return out;
}

/* No entry to look at (n == 0, or every one skipped): sleep out the
 * timeout. An infinite one would never end: that is an argument error. */
static int idle(int timeout_ms) {
  if (timeout_ms < 0)
    return xs__einval();
  if (xs__sys.poll(NULL, 0, timeout_ms) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__plat_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready) {
  size_t live = 0;
  if (ready != NULL)
    *ready = 0;
  for (size_t i = 0; i < n; i++) {
    fds[i].revents = 0;
    if (fds[i].sock >= 0)
      live++;
  }
  if (live == 0)
    return idle(timeout_ms);
  for (size_t i = 0; i < n; i++)
    fds[i].events = to_native(fds[i].events);
  /* The same memory, seen as the native array (layout checked above).
   * Linux writes revents back even when the call fails (EINTR). */
  int rc = xs__sys.poll((struct pollfd *)(void *)fds, (nfds_t)n, timeout_ms);
  rc = rc < 0 ? xs__posix_errno() : 0;
  int count = 0;
  for (size_t i = 0; i < n; i++) {
    xs_pollfd *f = &fds[i];
    f->events = events_back(f->events);
    f->revents = rc != 0 || f->sock < 0 ? 0 : from_native(f->revents);
    if (f->revents != 0)
      count++;
  }
  if (rc == 0 && ready != NULL)
    *ready = count;
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
