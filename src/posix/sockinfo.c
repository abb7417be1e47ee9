/* SPDX-License-Identifier: MIT */
/*
 * sockinfo.c - what a socket is (family and type) and its pending error
 * (SO_ERROR), for the checks that give one answer on every system.
 */
#include "posix/posix.h"

#include <string.h>

int xs__plat_sock_kind(xs_socket_t s, int *family, int *type) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int st = 0;
  socklen_t stlen = sizeof st;
  memset(&ss, 0, sizeof ss);
  if (xs__sys.getsockname(s, (struct sockaddr *)&ss, &len) < 0 ||
      xs__sys.getsockopt(s, SOL_SOCKET, SO_TYPE, &st, &stlen) < 0)
    return xs__posix_errno();
  int f = xs__posix_family(ss.ss_family);
  *family = f < 0 ? XS_AF_UNSPEC : f;
  *type = st == SOCK_STREAM  ? XS_SOCK_STREAM
          : st == SOCK_DGRAM ? XS_SOCK_DGRAM
                             : 0;
  return 0;
}

int xs__plat_sock_error(xs_socket_t s, int *error) {
  int err = 0;
  socklen_t len = sizeof err;
  *error = 0;
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
    return xs__posix_errno();
  if (err != 0)
    *error = xs__plat_error(err);
  return 0;
}
