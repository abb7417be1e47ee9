/*
 * signals.c (POSIX) - SIGINT and SIGTERM request the stop (stop.c). No
 * SA_RESTART: a blocking call sees EINTR and its loop looks at the stop.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include <xsock/xsock.h>

#include "signals.h"

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
  sa.sa_flags = 0;
  if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
    return XS_EUNKNOWN;
  return 0;
}

int app__stop_install(void) {
  return set_handler(on_signal);
}

void app__stop_uninstall(void) {
  (void)set_handler(SIG_DFL);
}
