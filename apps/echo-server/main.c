/*
 * main.c - xsock-echo-server: read the options, catch the stop signals,
 * open the endpoints, print the ready lines, run the chosen model until a
 * stop (SIGINT/SIGTERM, Ctrl-C/Ctrl-Break), then close everything and
 * exit 0. Exit 1 on a runtime failure (cannot bind...), 2 on bad usage.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "stop.h"
#include "sys.h"

static const char *model_name(srv_model m) {
  switch (m) {
  case SRV_MODEL_ITERATIVE:
    return "iterative";
  case SRV_MODEL_THREADS:
    return "threads";
  default:
    return "events";
  }
}

/* The events model may hold many clients: take every descriptor the
 * system allows. */
static void raise_limit(void) {
  uint64_t limit = 0;
  char num[24];
  char what[96];
  if (app_raise_fd_limit(&limit) != 0) {
    log_note("cannot raise the descriptor limit");
    return;
  }
  if (!log_is_verbose())
    return;
  if (limit == 0)
    snprintf(what, sizeof what, "%s", "descriptor limit: none fixed");
  else
    snprintf(what, sizeof what, "descriptor limit: %s",
             log_u64(limit, num, sizeof num));
  log_error(what);
}

static void note_start(const server *srv) {
  char what[160];
  char num[24];
  const srv_config *cfg = &srv->cfg;
  snprintf(what, sizeof what, "%s model, max clients %s, Ctrl-C to stop",
           model_name(cfg->model),
           cfg->max_clients > 0
               ? log_u64((uint64_t)cfg->max_clients, num, sizeof num)
               : "unlimited");
  log_note(what);
}

static int run_model(server *srv) {
  switch (srv->cfg.model) {
  case SRV_MODEL_ITERATIVE:
    return run_iterative(srv);
  case SRV_MODEL_THREADS:
    return run_threads(srv);
  default:
    return run_events(srv);
  }
}

static int serve(server *srv) {
  int status = srv_open(srv);
  if (status != SRV_EXIT_OK)
    return status;
  if (srv_print_ready(srv) != 0) {
    log_error("cannot write the ready lines on stdout");
    srv_close(srv);
    return SRV_EXIT_FAIL;
  }
  note_start(srv);
  status = run_model(srv);
  srv_close(srv);
  if (status == SRV_EXIT_OK)
    log_note("stopped");
  return status;
}

int main(int argc, char **argv) {
  static server srv;
  memset(&srv, 0, sizeof srv);
  int status = srv_parse_args(&srv.cfg, argc, argv);
  if (status < 0)
    return SRV_EXIT_OK; /* --help or --version */
  if (status != SRV_EXIT_OK)
    return status;
  log_setup(srv.cfg.verbose, srv.cfg.quiet);
  int rc = app_stop_init();
  if (rc != 0) {
    log_error2("cannot catch the stop signals", xs_strerror(rc));
    return SRV_EXIT_FAIL;
  }
  if (srv.cfg.model == SRV_MODEL_EVENTS)
    raise_limit();
  status = serve(&srv);
  app_stop_close();
  return status;
}
