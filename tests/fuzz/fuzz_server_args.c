/* SPDX-License-Identifier: MIT */
/*
 * fuzz_server_args.c - the command line of xsock-echo-server
 * (apps/echo-server/args.c, srv_args_parse) on any arguments.
 *
 * Input: one argument per line. Properties:
 *  - the parser prints nothing and returns one of its four results; a
 *    usage error has a message, and the argument it quotes is one of the
 *    command line's;
 *  - accepted settings are within the documented bounds (1 to 16
 *    endpoints, each an argument or the default; TCP or UDP or both; a
 *    known model; --workers only with the events model; the limits of
 *    --max-clients, --idle-timeout and --workers; not both -v and -q);
 *  - the same settings written back as a canonical command line parse to
 *    the same settings;
 *  - a group of repeated flags ("-vvvv...", however many) in front of an
 *    accepted command line is accepted and only turns -v on;
 *  - --help or --version in front of any command line is that, at once.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "fuzz.h"

#define PROG "xsock-echo-server"

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

static void check_msg(const app_msg *msg, const fuzz_argv *a) {
  FUZZ_CHECK(memchr(msg->head, '\0', sizeof msg->head) != NULL);
  FUZZ_CHECK(memchr(msg->tail, '\0', sizeof msg->tail) != NULL);
  FUZZ_CHECK(msg->head[0] != '\0');
  FUZZ_CHECK(msg->arg == NULL || fuzz_argv_owns(a, msg->arg));
}

static void check_cfg(const srv_config *c, const fuzz_argv *a) {
  size_t i;
  FUZZ_CHECK(c->n_endpoints >= 1 && c->n_endpoints <= SRV_MAX_ENDPOINTS);
  for (i = 0; i < c->n_endpoints; i++)
    FUZZ_CHECK(fuzz_argv_owns(a, c->endpoints[i]) ||
               (c->n_endpoints == 1 &&
                strcmp(c->endpoints[0], SRV_DEFAULT_ENDPOINT) == 0));
  FUZZ_CHECK(c->tcp || c->udp);
  FUZZ_CHECK(c->model == SRV_MODEL_ITERATIVE || c->model == SRV_MODEL_THREADS ||
             c->model == SRV_MODEL_EVENTS);
  FUZZ_CHECK(c->max_clients >= 0 && c->max_clients <= 10000000L);
  FUZZ_CHECK(c->idle_ms >= 0 && c->idle_ms <= 1000000000L);
  FUZZ_CHECK(c->workers >= 1 && c->workers <= 256);
  FUZZ_CHECK(c->workers == 1 || c->model == SRV_MODEL_EVENTS);
  FUZZ_CHECK(!(c->verbose && c->quiet));
}

/* The settings as a canonical command line, parsed again. */
static void check_rewrite(const srv_config *c) {
  char num[32];
  fuzz_line w;
  srv_config again;
  app_msg msg;
  size_t i, cap = 512;
  for (i = 0; i < c->n_endpoints; i++)
    cap += strlen(c->endpoints[i]) + 1;
  fuzz_line_init(&w, cap, PROG);
  for (i = 0; i < c->n_endpoints; i++) {
    fuzz_line_put(&w, "--listen");
    fuzz_line_put(&w, c->endpoints[i]);
  }
  fuzz_line_put(&w, "-m");
  fuzz_line_put(&w, model_name(c->model));
  snprintf(num, sizeof num, "--max-clients=%ld", c->max_clients);
  fuzz_line_put(&w, num);
  snprintf(num, sizeof num, "%ld.%03ld", c->idle_ms / 1000, c->idle_ms % 1000);
  fuzz_line_put(&w, "--idle-timeout");
  fuzz_line_put(&w, num);
  if (c->model == SRV_MODEL_EVENTS) {
    snprintf(num, sizeof num, "--workers=%ld", c->workers);
    fuzz_line_put(&w, num);
  }
  if (!c->udp)
    fuzz_line_put(&w, "-t");
  if (!c->tcp)
    fuzz_line_put(&w, "-u");
  if (c->verbose)
    fuzz_line_put(&w, "-v");
  if (c->quiet)
    fuzz_line_put(&w, "-q");
  FUZZ_CHECK(srv_args_parse(&again, w.argc, w.argv, &msg) == SRV_ARGS_RUN);
  FUZZ_CHECK(again.n_endpoints == c->n_endpoints);
  for (i = 0; i < c->n_endpoints; i++)
    FUZZ_CHECK(strcmp(again.endpoints[i], c->endpoints[i]) == 0);
  FUZZ_CHECK(again.tcp == c->tcp && again.udp == c->udp);
  FUZZ_CHECK(again.model == c->model);
  FUZZ_CHECK(again.max_clients == c->max_clients);
  FUZZ_CHECK(again.idle_ms == c->idle_ms);
  FUZZ_CHECK(again.workers == c->workers);
  FUZZ_CHECK(again.verbose == c->verbose && again.quiet == c->quiet);
  fuzz_line_free(&w);
}

/* Parse opt followed by a's arguments into cfg. */
static int parse_with_first(const fuzz_argv *a, char *opt, srv_config *cfg) {
  fuzz_argv b;
  app_msg msg;
  int i;
  memset(&b, 0, sizeof b);
  b.argv[0] = a->argv[0];
  b.argv[1] = opt;
  for (i = 1; i < a->argc; i++)
    b.argv[i + 1] = a->argv[i];
  b.argc = a->argc + 1;
  return srv_args_parse(cfg, b.argc, b.argv, &msg);
}

static void check_repeated_flag(const fuzz_argv *a, const srv_config *c) {
  char flags[] = "-vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv";
  srv_config again;
  size_t i;
  FUZZ_CHECK(parse_with_first(a, flags, &again) == SRV_ARGS_RUN);
  FUZZ_CHECK(again.verbose == 1 && again.quiet == 0);
  FUZZ_CHECK(again.n_endpoints == c->n_endpoints);
  for (i = 0; i < c->n_endpoints; i++)
    FUZZ_CHECK(strcmp(again.endpoints[i], c->endpoints[i]) == 0);
  FUZZ_CHECK(again.tcp == c->tcp && again.udp == c->udp);
  FUZZ_CHECK(again.model == c->model && again.workers == c->workers);
  FUZZ_CHECK(again.max_clients == c->max_clients);
  FUZZ_CHECK(again.idle_ms == c->idle_ms);
}

/* --help / --version put in front of the same arguments. */
static void check_first(const fuzz_argv *a, char *opt, int want) {
  srv_config cfg;
  FUZZ_CHECK(parse_with_first(a, opt, &cfg) == want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char help[] = "--help", version[] = "-V";
  fuzz_argv a;
  srv_config cfg;
  app_msg msg;
  int rc;
  fuzz_argv_make(&a, PROG, data, size);
  rc = srv_args_parse(&cfg, a.argc, a.argv, &msg);
  FUZZ_CHECK(rc == SRV_ARGS_RUN || rc == SRV_ARGS_HELP ||
             rc == SRV_ARGS_VERSION || rc == SRV_ARGS_USAGE);
  if (rc == SRV_ARGS_USAGE)
    check_msg(&msg, &a);
  if (rc == SRV_ARGS_RUN) {
    check_cfg(&cfg, &a);
    check_rewrite(&cfg);
    check_repeated_flag(&a, &cfg);
  }
  check_first(&a, help, SRV_ARGS_HELP);
  check_first(&a, version, SRV_ARGS_VERSION);
  fuzz_argv_free(&a);
  return 0;
}
