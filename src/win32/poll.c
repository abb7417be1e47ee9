/* SPDX-License-Identifier: MIT */
/*
 * poll.c - xs__plat_poll over WSAPoll, and the monotonic clock.
 *
 * Nothing is allocated, whatever the number of entries: xs_pollfd has the
 * layout of WSAPOLLFD (checked below), so WSAPoll runs on the caller's own
 * array. Each events field is translated to POLLRDNORM/POLLWRNORM for the
 * call (WSAPoll fails the whole call with WSAEINVAL for POLLERR, POLLHUP,
 * POLLNVAL or POLLPRI in events) and back after it. During the call the
 * array holds native flags (poll.h: no other thread may touch it).
 *
 * XS_INVALID_SOCKET is INVALID_SOCKET, a "negative" fd, which Windows
 * documents as ignored with revents 0. Two quirks are smoothed over:
 * - WSAPoll fails (WSAEINVAL) when no entry is a valid socket, so an array
 *   of skipped entries only is never passed: the timeout is slept out.
 * - wine 8 marks an INVALID_SOCKET entry POLLNVAL (not counted in its
 *   result, and the wait goes on for the other entries); when no entry is
 *   a socket it fails with WSAENOTSOCK, with those marks set. Skipped
 *   entries are given revents 0 here whatever WSAPoll wrote.
 * What comes back is made to read as POSIX poll: an error or hang-up also
 * reports the readiness the caller asked for (the next call returns the
 * error or end of stream at once), as Linux does.
 */
#include "win32.h"

#include <stddef.h>

#define XS_SAME_FIELD(m, n)                                                    \
  (offsetof(xs_pollfd, m) == offsetof(WSAPOLLFD, n) &&                         \
   sizeof(((xs_pollfd *)0)->m) == sizeof(((WSAPOLLFD *)0)->n))

_Static_assert(sizeof(xs_pollfd) == sizeof(WSAPOLLFD),
               "xs_pollfd must be the size of WSAPOLLFD");
_Static_assert(XS_SAME_FIELD(sock, fd), "xs_pollfd.sock must be WSAPOLLFD.fd");
_Static_assert(XS_SAME_FIELD(events, events),
               "xs_pollfd.events must be WSAPOLLFD.events");
_Static_assert(XS_SAME_FIELD(revents, revents),
               "xs_pollfd.revents must be WSAPOLLFD.revents");
_Static_assert(XS_INVALID_SOCKET == INVALID_SOCKET,
               "XS_INVALID_SOCKET must be INVALID_SOCKET");

/* Only XS_POLLIN and XS_POLLOUT are asked for; other bits have no effect
 * and do not survive the round trip (poll.h says so). */
static SHORT to_native(short events) {
  SHORT ev = 0;
  if (events & XS_POLLIN)
    ev |= POLLRDNORM;
  if (events & XS_POLLOUT)
    ev |= POLLWRNORM;
  return ev;
}

/* The inverse of to_native, to give the caller its events back. */
static short events_back(SHORT native) {
  short out = 0;
  if (native & POLLRDNORM)
    out |= XS_POLLIN;
  if (native & POLLWRNORM)
    out |= XS_POLLOUT;
  return out;
}

static short from_native(SHORT rev, short events) {
  short out = 0;
  if (rev & (POLLRDNORM | POLLRDBAND))
    out |= XS_POLLIN;
  if (rev & POLLWRNORM)
    out |= XS_POLLOUT;
  /* An error on a Windows socket is final (a reset, a failed connect):
   * it is a hang-up too, as POSIX reports it. */
  if (rev & POLLERR)
    out |= XS_POLLERR | XS_POLLHUP;
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
  if (timeout_ms < 0)
    return xs__einval();
  if (timeout_ms > 0)
    xs__sys.sleep((DWORD)timeout_ms);
  return 0;
}

/* One WSAPoll over the caller's n entries, in native flags, revents all 0
 * on entry. The array is read here only as xs_pollfd, and handed to
 * WSAPoll as the same memory seen as WSAPOLLFD (layout checked above).
 * Wine fails the call with WSAENOTSOCK when no entry is a socket, yet
 * marks each one POLLNVAL: for an entry that is not skipped, that is a
 * result. */
static int wait_native(xs_pollfd *fds, size_t n, int timeout_ms) {
  if (xs__sys.poll((WSAPOLLFD *)(void *)fds, (ULONG)n, timeout_ms) !=
      SOCKET_ERROR)
    return 0;
  int native = xs__sys.last_error();
  if (native == WSAENOTSOCK)
    for (size_t i = 0; i < n; i++)
      if (fds[i].sock != XS_INVALID_SOCKET && (fds[i].revents & POLLNVAL))
        return 0;
  return xs__plat_error(native);
}

int xs__plat_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready) {
  size_t live = 0;
  *ready = 0;
  for (size_t i = 0; i < n; i++) {
    fds[i].revents = 0;
    if (fds[i].sock != XS_INVALID_SOCKET)
      live++;
  }
  if (live == 0)
    return idle(timeout_ms);
  for (size_t i = 0; i < n; i++)
    fds[i].events = to_native(fds[i].events);
  int rc = wait_native(fds, n, timeout_ms);
  for (size_t i = 0; i < n; i++) {
    xs_pollfd *f = &fds[i];
    f->events = events_back(f->events);
    if (rc != 0 || f->sock == XS_INVALID_SOCKET)
      f->revents = 0;
    else
      f->revents = from_native(f->revents, f->events);
    *ready += f->revents != 0;
  }
  if (rc != 0)
    *ready = 0;
  return rc;
}

uint64_t xs__plat_now_ms(void) {
  return xs__sys.tick64();
}
