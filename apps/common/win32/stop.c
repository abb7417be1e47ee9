/*
 * stop.c (Windows) - Ctrl-C, Ctrl-Break and closing the console window
 * become one "stop" event: the console control handler (which Windows runs
 * in a thread of its own) sets a flag and writes one byte into a socket
 * pair whose other end any poll loop can watch (see stop.h). The byte is
 * never read, so the end stays readable and wakes every waiting thread.
 */
#include "stop.h"

#include <windows.h>

static volatile LONG stop_flag;
static xs_socket_t stop_write = XS_INVALID_SOCKET;
static xs_socket_t stop_read = XS_INVALID_SOCKET;

/* How long the close-window handler holds the process up so that the main
 * thread can shut down: Windows ends the process when the handler returns
 * (and at the latest after about 5 s). */
#define CLOSE_GRACE_MS 3000

static void wake(void) {
  size_t sent;
  if (InterlockedExchange(&stop_flag, 1) == 0 &&
      stop_write != XS_INVALID_SOCKET) {
    (void)xs_send(stop_write, "!", 1, &sent);
  }
}

static BOOL WINAPI on_console(DWORD type) {
  switch (type) {
  case CTRL_C_EVENT:
  case CTRL_BREAK_EVENT:
    wake();
    return TRUE;
  case CTRL_CLOSE_EVENT:
    wake();
    Sleep(CLOSE_GRACE_MS); /* the process exits from main meanwhile */
    return TRUE;
  default:
    return FALSE; /* logoff/shutdown: the default handling */
  }
}

int app_stop_init(void) {
  xs_socket_t pair[2];
  int rc = xs_socketpair(pair);
  if (rc != 0) {
    return rc;
  }
  rc = xs_socket_set_nonblocking(pair[1], 1);
  if (rc != 0) {
    (void)xs_close(pair[0]);
    (void)xs_close(pair[1]);
    return rc;
  }
  stop_read = pair[0];
  stop_write = pair[1];
  if (!SetConsoleCtrlHandler(on_console, TRUE)) {
    app_stop_close();
    return XS_EUNKNOWN;
  }
  return 0;
}

xs_socket_t app_stop_socket(void) {
  return stop_read;
}

int app_stop_requested(void) {
  return InterlockedCompareExchange(&stop_flag, 0, 0) != 0;
}

void app_stop_request(void) {
  wake();
}

void app_stop_close(void) {
  (void)SetConsoleCtrlHandler(on_console, FALSE);
  if (stop_write != XS_INVALID_SOCKET) {
    (void)xs_close(stop_write);
    stop_write = XS_INVALID_SOCKET;
  }
  if (stop_read != XS_INVALID_SOCKET) {
    (void)xs_close(stop_read);
    stop_read = XS_INVALID_SOCKET;
  }
}
