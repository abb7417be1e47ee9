/* SPDX-License-Identifier: MIT */
/*
 * sockinfo.c - what a socket is (family and type) and its pending error
 * (SO_ERROR), for the checks that give one answer on every system.
 *
 * POSIX clears SO_ERROR when it is read; Windows (and wine, where
 * setsockopt(SO_ERROR, 0) does not clear it either) keeps reporting it.
 * The errors already reported are remembered per socket until
 * xs__plat_close(), so a second read gives 0 as on POSIX.
 */
#include "win32.h"

#include <stdint.h>
#include <string.h>

#include "common/poller_int.h"

static SRWLOCK reported_lock = SRWLOCK_INIT;
static xs__sockmap reported; /* socket -> native error already reported */

void xs__win_error_forget(SOCKET s) {
  AcquireSRWLockExclusive(&reported_lock);
  if (reported.n > 0)
    (void)xs__sockmap_del(&reported, s);
  ReleaseSRWLockExclusive(&reported_lock);
}

/* 1 when err was already reported for s; otherwise remembers it (if memory
 * allows: at worst a second read reports it again) and returns 0. */
static int seen_before(SOCKET s, int err) {
  AcquireSRWLockExclusive(&reported_lock);
  void *prev = xs__sockmap_get(&reported, s);
  int seen = prev != NULL && (int)(intptr_t)prev == err;
  if (!seen) {
    if (prev != NULL)
      (void)xs__sockmap_del(&reported, s);
    (void)xs__sockmap_put(&reported, s, (void *)(intptr_t)err);
  }
  ReleaseSRWLockExclusive(&reported_lock);
  return seen;
}

int xs__plat_sock_error(xs_socket_t s, int *error) {
  int err = 0;
  int len = (int)sizeof err;
  *error = 0;
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len) != 0)
    return xs__win_fail();
  if (err != 0 && !seen_before(s, err))
    *error = xs__plat_error(err);
  return 0;
}

int xs__plat_sock_kind(xs_socket_t s, int *family, int *type) {
  WSAPROTOCOL_INFOW info;
  int len = (int)sizeof info;
  memset(&info, 0, sizeof info);
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&info,
                         &len) != 0)
    return xs__win_fail();
  int f = xs__win_xs_af(info.iAddressFamily);
  *family = f < 0 ? XS_AF_UNSPEC : f;
  *type = info.iSocketType == SOCK_STREAM  ? XS_SOCK_STREAM
          : info.iSocketType == SOCK_DGRAM ? XS_SOCK_DGRAM
                                           : 0;
  return 0;
}
