/* SPDX-License-Identifier: MIT */
/*
 * stop.c - the "stop" event, written once: a socket pair whose read end any
 * poll loop can watch. A stop request sets a flag and writes one byte into
 * the write end; the byte is never read, so the read end stays readable
 * and wakes every thread that polls it. The system's own part (signal or
 * console handlers) is in posix/signals.c or win32/signals.c.
 */
#include <stdatomic.h>

#include "signals.h"
#include "stop.h"

static atomic_int stop_flag;
/* The write end is used from signal handlers (POSIX) or the console
 * handler's thread (Windows): set before the handlers are installed and
 * never closed by the program. Removing a handler does not wait for one
 * that is already running in another thread, which may have loaded the
 * socket and be about to send on it; closing it then would let that send
 * reach a closed or reused handle. The system closes it at exit. */
static _Atomic xs_socket_t stop_write = XS_INVALID_SOCKET;
static xs_socket_t stop_read = XS_INVALID_SOCKET;

/* Async-signal-safe: a lock-free atomic and one nonblocking send(). */
void app__stop_signal(void) {
  size_t sent;
  if (atomic_exchange(&stop_flag, 1) != 0)
    return;
  xs_socket_t s = atomic_load(&stop_write);
  if (s != XS_INVALID_SOCKET)
    (void)xs_send(s, "!", 1, &sent);
}

int app_stop_init(void) {
  xs_socket_t pair[2];
  int rc = xs_socketpair(pair);
  if (rc != 0)
    return rc;
  /* A full pair must never block the handler. */
  rc = xs_socket_set_nonblocking(pair[1], 1);
  if (rc != 0) {
    (void)xs_close(pair[0]);
    (void)xs_close(pair[1]);
    return rc;
  }
  stop_read = pair[0];
  atomic_store(&stop_write, pair[1]);
  rc = app__stop_install();
  if (rc != 0)
    app_stop_close();
  return rc;
}

xs_socket_t app_stop_socket(void) {
  return stop_read;
}

int app_stop_requested(void) {
  return atomic_load(&stop_flag) != 0;
}

void app_stop_request(void) {
  app__stop_signal();
}

void app_stop_close(void) {
  app__stop_uninstall();
  /* The write end stays open (see stop_write); a late send into it fails
   * harmlessly once the read end is closed. */
  if (stop_read != XS_INVALID_SOCKET) {
    (void)xs_close(stop_read);
    stop_read = XS_INVALID_SOCKET;
  }
}
