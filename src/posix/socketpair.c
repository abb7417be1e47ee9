/* SPDX-License-Identifier: MIT */
/*
 * socketpair.c - a connected pair of UNIX stream sockets, close-on-exec and
 * SIGPIPE-free like every socket xs_socket_open() makes.
 */
#include "posix/posix.h"

int xs__plat_socketpair(xs_socket_t pair[2], int flags) {
  int fds[2] = {-1, -1};
  int type = SOCK_STREAM;
#ifdef XS_HAVE_SOCK_CLOEXEC
  type |= SOCK_CLOEXEC;
  if (flags & XS_SOCK_NONBLOCK)
    type |= SOCK_NONBLOCK;
#endif
  pair[0] = XS_INVALID_SOCKET;
  pair[1] = XS_INVALID_SOCKET;
  if (xs__sys.socketpair(AF_UNIX, type, 0, fds) < 0)
    return xs__posix_errno();
  int rc = 0;
  for (int i = 0; i < 2 && rc == 0; i++) {
#ifndef XS_HAVE_SOCK_CLOEXEC
    rc = xs__posix_cloexec(fds[i]);
    if (rc == 0 && (flags & XS_SOCK_NONBLOCK))
      rc = xs__plat_set_nonblocking(fds[i], 1);
#endif
    if (rc == 0)
      rc = xs__posix_nosigpipe(fds[i]);
  }
  if (rc != 0) {
    (void)xs__sys.close(fds[0]);
    (void)xs__sys.close(fds[1]);
    return rc;
  }
  pair[0] = fds[0];
  pair[1] = fds[1];
  return 0;
}
