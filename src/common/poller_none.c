/* SPDX-License-Identifier: MIT */
/*
 * poller_none.c - for a system (or a build, XSOCK_POLLER_BACKEND=none)
 * with no scalable poller backend: only the portable "poll" one exists.
 */
#include "poller_int.h"

const struct xs__poller_ops *xs__plat_poller_ops(void) {
  return NULL;
}
