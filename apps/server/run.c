/* SPDX-License-Identifier: MIT */
/*
 * run.c - a server's life once its sockets are open (srv_serve): the
 * descriptor limit raised and --max-clients fitted to it, the chosen design
 * until a stop, then everything closed; and the ready lines with the start
 * note, which each design prints once it is ready to serve.
 */
#include <stdio.h>

#include "log.h"
#include "srv.h"
#include "sys.h"

static const char *model_name(srv_model m) {
  switch (m) {
  case SRV_MODEL_ITERATIVE:
    return "iterative";
  case SRV_MODEL_PROCESSES:
    return "processes";
  case SRV_MODEL_THREADS:
    return "threads";
  default:
    return "events";
  }
}

/* Descriptors the server holds besides its clients: stdin, stdout and
 * stderr, the stop pair, and room for the transient ones (a connection
 * accepted only to be closed at once past the maximum, the C library's). */
#define SRV_FD_RESERVE 16

/* Take every descriptor the system allows: the threads and events designs
 * may hold many clients. The resulting limit, or 0 for none fixed. */
static uint64_t raise_limit(void) {
  uint64_t limit = 0;
  char num[24];
  char what[96];
  if (app_raise_fd_limit(&limit) != 0)
    log_note("cannot raise the descriptor limit");
  if (log_is_verbose()) {
    if (limit == 0)
      snprintf(what, sizeof what, "%s", "descriptor limit: none fixed");
    else
      snprintf(what, sizeof what, "descriptor limit: %s",
               log_u64(limit, num, sizeof num));
    log_error(what);
  }
  return limit;
}

/* A --max-clients the descriptor limit cannot hold would leave the clients
 * past the limit waiting in the backlog while accept fails: bring it down
 * to what fits, so that they are closed at once instead, and say so. */
static void fit_max_clients(server *srv, uint64_t limit) {
  srv_settings *cfg = &srv->cfg;
  if (limit == 0 || cfg->max_clients <= 0 || cfg->model == SRV_MODEL_ITERATIVE)
    return;
  /* The events design's poller (two descriptors at most) fits in the
   * reserve; each worker past the first has one more. A child process
   * costs the parent its channel while the socket is handed over. */
  uint64_t reserve = SRV_FD_RESERVE + srv->n_socks +
                     2u * (uint64_t)(cfg->workers > 1 ? cfg->workers - 1 : 0);
  uint64_t fits = limit > reserve + 1 ? limit - reserve : 1;
  if ((uint64_t)cfg->max_clients <= fits)
    return;
  char what[200];
  char n1[24];
  char n2[24];
  char n3[24];
  snprintf(what, sizeof what,
           "max clients %s does not fit the descriptor limit %s: "
           "serving at most %s",
           log_u64((uint64_t)cfg->max_clients, n1, sizeof n1),
           log_u64(limit, n2, sizeof n2), log_u64(fits, n3, sizeof n3));
  log_note(what);
  cfg->max_clients = (long)fits;
}

static void note_start(const server *srv) {
  char what[160];
  char num[24];
  const srv_settings *cfg = &srv->cfg;
  if (cfg->model == SRV_MODEL_ITERATIVE) {
    log_note("iterative model, one client at a time (--max-clients does "
             "not apply), Ctrl-C to stop");
    return;
  }
  char workers[48] = "";
  if (cfg->workers > 1)
    snprintf(workers, sizeof workers, "%ld workers, ", cfg->workers);
  snprintf(what, sizeof what, "%s model, max clients %s, %sCtrl-C to stop",
           model_name(cfg->model),
           cfg->max_clients > 0
               ? log_u64((uint64_t)cfg->max_clients, num, sizeof num)
               : "unlimited",
           workers);
  log_note(what);
}

static int run_model(server *srv) {
  switch (srv->cfg.model) {
  case SRV_MODEL_ITERATIVE:
    return run_iterative(srv);
  case SRV_MODEL_PROCESSES:
    return run_processes(srv);
  case SRV_MODEL_THREADS:
    return run_threads(srv);
  default:
    return run_events(srv);
  }
}

int srv_announce(const server *srv) {
  if (srv_print_ready(srv, srv->names) != 0) {
    log_error("cannot write the ready lines on stdout");
    return -1;
  }
  note_start(srv);
  return 0;
}

int srv_serve(server *srv, int names) {
  fit_max_clients(srv, raise_limit());
  if (udp_setup(srv) != 0) {
    srv_close(srv);
    return SRV_EXIT_FAIL;
  }
  srv->names = names;
  int status = run_model(srv);
  udp_log_summary();
  udp_teardown();
  srv_close(srv);
  if (status == SRV_EXIT_OK)
    log_note("stopped");
  return status;
}
