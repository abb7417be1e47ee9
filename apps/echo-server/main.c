/* SPDX-License-Identifier: MIT */
/*
 * main.c - xsock-echo-server: read the options, catch the stop signals,
 * open the endpoints, then the server framework (apps/server) runs the
 * chosen design serving echo until a stop (SIGINT/SIGTERM, Ctrl-C/
 * Ctrl-Break), closes everything and exits 0. Exit 1 on a runtime failure
 * (cannot bind...), 2 on bad usage.
 */
#include <string.h>

#include "log.h"
#include "server.h"
#include "stop.h"

/* The framework's settings from the command line's. */
static void settings(srv_settings *out, const srv_config *cfg) {
  memset(out, 0, sizeof *out);
  out->model = cfg->model;
  out->max_clients = cfg->max_clients;
  out->idle_ms = cfg->idle_ms;
  out->workers = cfg->workers;
  out->udp_rate = 0; /* echo answers every datagram the guard lets pass */
  out->verbose = cfg->verbose;
  out->quiet = cfg->quiet;
}

int main(int argc, char **argv) {
  static server srv;
  static srv_config cfg;
  int status = srv_parse_args(&cfg, argc, argv);
  if (status < 0)
    return SRV_EXIT_OK; /* --help or --version */
  if (status != SRV_EXIT_OK)
    return status;
  log_setup(SRV_NAME, cfg.verbose, cfg.quiet);
  log_set_sent_word("echoed");
  int rc = app_stop_init();
  if (rc != 0) {
    log_error2("cannot catch the stop signals", xs_strerror(rc));
    return SRV_EXIT_FAIL;
  }
  settings(&srv.cfg, &cfg);
  status = echo_open(&srv, &cfg);
  if (status == SRV_EXIT_OK)
    status = srv_serve(&srv, 0);
  app_stop_close();
  return status;
}
