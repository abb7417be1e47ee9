/* SPDX-License-Identifier: MIT */
/*
 * args.c - the command line of xsock-echo-server: options into a
 * srv_config, --help and --version, and a message naming any bad option
 * or value (exit status 2). srv_args_parse (args.h) prints nothing;
 * srv_parse_args prints what it found.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"

enum {
  OPT_LISTEN,
  OPT_TCP,
  OPT_UDP,
  OPT_MODEL,
  OPT_MAX_CLIENTS,
  OPT_IDLE,
  OPT_WORKERS,
  OPT_VERBOSE,
  OPT_QUIET,
  OPT_HELP,
  OPT_VERSION
};

static const app_option table[] = {
    {"listen", 'l', 1, OPT_LISTEN},
    {"tcp", 't', 0, OPT_TCP},
    {"udp", 'u', 0, OPT_UDP},
    {"model", 'm', 1, OPT_MODEL},
    {"max-clients", 0, 1, OPT_MAX_CLIENTS},
    {"idle-timeout", 0, 1, OPT_IDLE},
    {"workers", 0, 1, OPT_WORKERS},
    {"verbose", 'v', 0, OPT_VERBOSE},
    {"quiet", 'q', 0, OPT_QUIET},
    {"help", 'h', 0, OPT_HELP},
    {"version", 'V', 0, OPT_VERSION},
};

#define MAX_CLIENTS_LIMIT 10000000L
#define IDLE_LIMIT_MS 1000000000L /* about 11.5 days */
#define WORKERS_LIMIT 256L

const char srv_usage_text[] =
    "Usage: " SRV_NAME " [OPTIONS]\n"
    "A TCP and UDP echo server.\n"
    "\n"
    "  -l, --listen ENDPOINT   where to listen (repeatable; default :7007):\n"
    "                          HOST:PORT, [IPV6]:PORT, :PORT (every local\n"
    "                          address, IPv6 and IPv4) or unix:PATH;\n"
    "                          port 0 picks a free port\n"
    "  -t, --tcp               serve TCP only\n"
    "  -u, --udp               serve UDP only\n"
    "  -m, --model MODEL       iterative, threads or events (default events)\n"
    "      --max-clients N     past N concurrent TCP clients, close new ones\n"
    "                          at once; 0 = no limit but the system's\n"
    "                          (default: 1024 for threads, 0 for events);\n"
    "                          lowered to what the descriptor limit holds;\n"
    "                          not for iterative (one client at a time)\n"
    "      --idle-timeout SEC  close a TCP client idle that long (0.5 is\n"
    "                          allowed); 0 = never (default)\n"
    "      --workers N         events model: N event loops in threads, each\n"
    "                          with its own clients, all accepting on the\n"
    "                          listeners (default 1)\n"
    "  -v, --verbose           one line per connection on stderr\n"
    "  -q, --quiet             print nothing but ready lines and errors\n"
    "  -h, --help              print this help and exit\n"
    "  -V, --version           print the version and exit\n"
    "\n"
    "When ready it prints one line per listening socket on stdout, e.g.\n"
    "\"listening tcp 127.0.0.1:7007\". SIGINT/SIGTERM (Ctrl-C, Ctrl-Break)\n"
    "stop it. Exit status: 0 ok, 1 failure, 2 bad usage.\n";

/* A usage message "what 'value'" (or "what" alone): SRV_ARGS_USAGE. */
static int usage_error(app_msg *msg, const char *what, const char *value) {
  app_msg_quote(msg, what, value);
  return SRV_ARGS_USAGE;
}

static int parse_model(const char *text, srv_model *out) {
  if (strcmp(text, "iterative") == 0)
    *out = SRV_MODEL_ITERATIVE;
  else if (strcmp(text, "threads") == 0)
    *out = SRV_MODEL_THREADS;
  else if (strcmp(text, "events") == 0)
    *out = SRV_MODEL_EVENTS;
  else
    return -1;
  return 0;
}

/* Where the parse stands: the settings so far and the message. */
typedef struct parse {
  srv_config *cfg;
  app_msg *msg;
  int tcp_only;
  int udp_only;
} parse;

/* One option with its value into the settings. SRV_ARGS_RUN to go on,
 * or what ends the parse. */
static int apply(void *ctx, int id, const char *value) {
  parse *ps = ctx;
  srv_config *cfg = ps->cfg;
  switch (id) {
  case OPT_LISTEN:
    if (cfg->n_endpoints == SRV_MAX_ENDPOINTS)
      return usage_error(ps->msg,
                         "too many --listen endpoints (at most 16), at", value);
    cfg->endpoints[cfg->n_endpoints++] = value;
    return SRV_ARGS_RUN;
  case OPT_TCP:
    ps->tcp_only = 1;
    return SRV_ARGS_RUN;
  case OPT_UDP:
    ps->udp_only = 1;
    return SRV_ARGS_RUN;
  case OPT_MODEL:
    if (parse_model(value, &cfg->model) != 0)
      return usage_error(ps->msg,
                         "unknown model (iterative, threads or events)", value);
    return SRV_ARGS_RUN;
  case OPT_MAX_CLIENTS:
    if (app_parse_long(value, 0, MAX_CLIENTS_LIMIT, &cfg->max_clients) != 0)
      return usage_error(ps->msg, "bad --max-clients value", value);
    return SRV_ARGS_RUN;
  case OPT_IDLE:
    if (app_parse_seconds(value, IDLE_LIMIT_MS, &cfg->idle_ms) != 0)
      return usage_error(ps->msg, "bad --idle-timeout value (seconds)", value);
    return SRV_ARGS_RUN;
  case OPT_WORKERS:
    if (app_parse_long(value, 1, WORKERS_LIMIT, &cfg->workers) != 0)
      return usage_error(ps->msg, "bad --workers value (1 to 256)", value);
    return SRV_ARGS_RUN;
  case OPT_VERBOSE:
    cfg->verbose = 1;
    return SRV_ARGS_RUN;
  case OPT_QUIET:
    cfg->quiet = 1;
    return SRV_ARGS_RUN;
  case OPT_HELP:
    return SRV_ARGS_HELP;
  default: /* OPT_VERSION */
    return SRV_ARGS_VERSION;
  }
}

static void set_defaults(srv_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->model = SRV_MODEL_EVENTS;
  cfg->max_clients = -1;
  cfg->idle_ms = 0;
}

/* -t and -u together mean both, as neither does. SRV_ARGS_RUN or
 * SRV_ARGS_USAGE. */
static int finish(parse *ps) {
  srv_config *cfg = ps->cfg;
  if (cfg->workers != 0 && cfg->model != SRV_MODEL_EVENTS)
    return usage_error(ps->msg, "--workers is for the events model only", NULL);
  if (cfg->workers == 0)
    cfg->workers = 1;
  cfg->tcp = ps->tcp_only || !ps->udp_only;
  cfg->udp = ps->udp_only || !ps->tcp_only;
  if (cfg->n_endpoints == 0)
    cfg->endpoints[cfg->n_endpoints++] = SRV_DEFAULT_ENDPOINT;
  if (cfg->max_clients < 0)
    cfg->max_clients = cfg->model == SRV_MODEL_THREADS ? 1024 : 0;
  if (cfg->verbose && cfg->quiet)
    cfg->quiet = 0;
  return SRV_ARGS_RUN;
}

int srv_args_parse(srv_config *cfg, int argc, char **argv, app_msg *msg) {
  parse ps;
  memset(&ps, 0, sizeof ps);
  ps.cfg = cfg;
  ps.msg = msg;
  app_msg_set(msg, NULL, NULL, NULL);
  set_defaults(cfg);
  /* A group of flags of any length ("-vvvvvv") is read letter by letter
   * (tests/fuzz/fuzz_app_options.c checks the parse ends). */
  int rc = app_opts_parse(argc, argv, table, sizeof table / sizeof table[0],
                          apply, &ps, msg);
  if (rc < 0)
    return SRV_ARGS_USAGE;
  return rc != SRV_ARGS_RUN ? rc : finish(&ps);
}

int srv_parse_args(srv_config *cfg, int argc, char **argv) {
  app_msg msg;
  switch (srv_args_parse(cfg, argc, argv, &msg)) {
  case SRV_ARGS_RUN:
    return SRV_EXIT_OK;
  case SRV_ARGS_HELP:
    fputs(srv_usage_text, stdout);
    fflush(stdout);
    return -1;
  case SRV_ARGS_VERSION:
    printf("%s (xsock %s)\n", SRV_NAME, xs_version_string());
    fflush(stdout);
    return -1;
  default:
    app_msg_print_usage(SRV_NAME, &msg);
    return SRV_EXIT_USAGE;
  }
}
