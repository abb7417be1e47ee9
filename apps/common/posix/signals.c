/* SPDX-License-Identifier: MIT */
/*
 * signals.c (POSIX) - SIGINT and SIGTERM request the stop (stop.c), and
 * SIGPIPE is ignored so that a write to a closed stdout or stderr fails
 * with EPIPE (and is reported) instead of killing the program. The stop
 * handlers use SA_RESTART: every wait polls the stop socket, so nothing
 * needs EINTR to notice a stop, and a signal arriving while the ready lines
 * are written must not make that write fail.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include <xsock/xsock.h>

#include "signals.h"
#include "sys.h"

static void on_signal(int sig) {
  int saved = errno;
  (void)sig;
  app__stop_signal();
  errno = saved;
}

static int set_handler(void (*fn)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
    return XS_EUNKNOWN;
  return 0;
}

int app__stop_install(void) {
  if (app_ignore_sigpipe() != 0)
    return XS_EUNKNOWN;
  return set_handler(on_signal);
}

/* SIGPIPE stays ignored: the last messages at exit must not kill. */
void app__stop_uninstall(void) {
  (void)set_handler(SIG_DFL);
}
