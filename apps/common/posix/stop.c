/*
 * stop.c (POSIX) - SIGINT and SIGTERM become one "stop" event: the handler
 * sets a flag and writes one byte into a socket pair whose other end any
 * poll loop can watch (see stop.h). The byte is never read, so the end
 * stays readable and wakes every thread that polls it.
 */
#include "stop.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;
/* The ends of the pair; the write end is read by the handler, so it is
 * set before the handlers are installed and cleared before it is closed. */
static volatile xs_socket_t stop_write = XS_INVALID_SOCKET;
static xs_socket_t stop_read = XS_INVALID_SOCKET;

/* Only async-signal-safe work: a flag and one nonblocking send(). */
static void wake(void) {
  xs_socket_t s = stop_write;
  size_t sent;
  if (s != XS_INVALID_SOCKET) {
    (void)xs_send(s, "!", 1, &sent);
  }
}

static void on_signal(int sig) {
  int saved = errno;
  (void)sig;
  if (!stop_flag) {
    stop_flag = 1;
    wake();
  }
  errno = saved;
}

int app_stop_init(void) {
  struct sigaction sa;
  xs_socket_t pair[2];
  int rc = xs_socketpair(pair);
  if (rc != 0) {
    return rc;
  }
  /* A full pair must never block the handler. */
  rc = xs_socket_set_nonblocking(pair[1], 1);
  if (rc != 0) {
    (void)xs_close(pair[0]);
    (void)xs_close(pair[1]);
    return rc;
  }
  stop_read = pair[0];
  stop_write = pair[1];
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: blocking calls see EINTR */
  if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
    app_stop_close();
    return XS_EUNKNOWN;
  }
  return 0;
}

xs_socket_t app_stop_socket(void) {
  return stop_read;
}

int app_stop_requested(void) {
  return stop_flag != 0;
}

void app_stop_request(void) {
  /* A signal arriving meanwhile may write a second byte: harmless. */
  if (!stop_flag) {
    stop_flag = 1;
    wake();
  }
}

void app_stop_close(void) {
  xs_socket_t w = stop_write;
  stop_write = XS_INVALID_SOCKET; /* a late signal only sets the flag */
  if (w != XS_INVALID_SOCKET) {
    (void)xs_close(w);
  }
  if (stop_read != XS_INVALID_SOCKET) {
    (void)xs_close(stop_read);
    stop_read = XS_INVALID_SOCKET;
  }
}
