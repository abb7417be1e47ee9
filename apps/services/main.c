/* SPDX-License-Identifier: MIT */
/*
 * main.c - xsock-services: the child mode of the processes design first
 * (the program started again by itself), else read the options, catch the
 * stop signals, open the sockets and let the server framework serve until
 * a stop (SIGINT/SIGTERM, Ctrl-C/Ctrl-Break): exit 0. Exit 1 on a runtime
 * failure (cannot bind...), 2 on bad usage.
 */
#include <stdio.h>

#include "log.h"
#include "proc.h"
#include "services.h"
#include "stop.h"

/* --help, --version or a usage error printed: the exit status. */
static int report(int what, const app_msg *msg) {
  switch (what) {
  case SVC_ARGS_HELP:
    fputs(svc_usage_text, stdout);
    return fflush(stdout) == 0 ? SRV_EXIT_OK : SRV_EXIT_FAIL;
  case SVC_ARGS_VERSION:
    printf("%s (xsock %s)\n", SVC_NAME, xs_version_string());
    return fflush(stdout) == 0 ? SRV_EXIT_OK : SRV_EXIT_FAIL;
  default:
    app_msg_print_usage(SVC_NAME, msg);
    return SRV_EXIT_USAGE;
  }
}

int main(int argc, char **argv) {
  static server srv;
  static svc_config cfg;
  static char self[4096];
  app_msg msg;
  int status = srv_child_main(argc, argv);
  if (status >= 0)
    return status;
  status = svc_args_parse(&cfg, argc, argv, &msg);
  if (status != SVC_ARGS_RUN)
    return report(status, &msg);
  log_setup(SVC_NAME, cfg.srv.verbose, cfg.srv.quiet);
  log_set_sent_word("sent");
  int rc = app_stop_init();
  if (rc != 0) {
    log_error2("cannot catch the stop signals", xs_strerror(rc));
    return SRV_EXIT_FAIL;
  }
  srv.cfg = cfg.srv;
  srv.self = app_self_path(self, sizeof self) == 0 ? self : NULL;
  status = svc_open(&srv, &cfg);
  if (status == SRV_EXIT_OK)
    status = srv_serve(&srv, 1);
  app_stop_close();
  return status;
}
