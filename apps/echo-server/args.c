/*
 * args.c - the command line of xsock-echo-server: options into a
 * srv_config, --help and --version, and a message naming any bad option
 * or value (exit status 2).
 */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "server.h"

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

static const char usage_text[] =
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

static int usage_error(const char *what, const char *value) {
  if (value != NULL)
    fprintf(stderr, "%s: %s '%s'\n", SRV_NAME, what, value);
  else
    fprintf(stderr, "%s: %s\n", SRV_NAME, what);
  fprintf(stderr, "Try '%s --help' for more information.\n", SRV_NAME);
  return SRV_EXIT_USAGE;
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

/* One option with its value into cfg. SRV_EXIT_OK, -1 (help/version
 * printed) or SRV_EXIT_USAGE. */
static int apply(srv_config *cfg, int id, const char *value, int *tcp_only,
                 int *udp_only) {
  switch (id) {
  case OPT_LISTEN:
    if (cfg->n_endpoints == SRV_MAX_ENDPOINTS)
      return usage_error("too many --listen endpoints (at most 16), at", value);
    cfg->endpoints[cfg->n_endpoints++] = value;
    return SRV_EXIT_OK;
  case OPT_TCP:
    *tcp_only = 1;
    return SRV_EXIT_OK;
  case OPT_UDP:
    *udp_only = 1;
    return SRV_EXIT_OK;
  case OPT_MODEL:
    if (parse_model(value, &cfg->model) != 0)
      return usage_error("unknown model (iterative, threads or events)", value);
    return SRV_EXIT_OK;
  case OPT_MAX_CLIENTS:
    if (app_parse_long(value, 0, MAX_CLIENTS_LIMIT, &cfg->max_clients) != 0)
      return usage_error("bad --max-clients value", value);
    return SRV_EXIT_OK;
  case OPT_IDLE:
    if (app_parse_seconds(value, IDLE_LIMIT_MS, &cfg->idle_ms) != 0)
      return usage_error("bad --idle-timeout value (seconds)", value);
    return SRV_EXIT_OK;
  case OPT_WORKERS:
    if (app_parse_long(value, 1, WORKERS_LIMIT, &cfg->workers) != 0)
      return usage_error("bad --workers value (1 to 256)", value);
    return SRV_EXIT_OK;
  case OPT_VERBOSE:
    cfg->verbose = 1;
    return SRV_EXIT_OK;
  case OPT_QUIET:
    cfg->quiet = 1;
    return SRV_EXIT_OK;
  case OPT_HELP:
    fputs(usage_text, stdout);
    return -1;
  default: /* OPT_VERSION */
    printf("%s (xsock %s)\n", SRV_NAME, xs_version_string());
    return -1;
  }
}

static void set_defaults(srv_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->model = SRV_MODEL_EVENTS;
  cfg->max_clients = -1;
  cfg->idle_ms = 0;
}

/* -t and -u together mean both, as neither does. SRV_EXIT_OK, or
 * SRV_EXIT_USAGE (message printed). */
static int finish(srv_config *cfg, int tcp_only, int udp_only) {
  if (cfg->workers != 0 && cfg->model != SRV_MODEL_EVENTS)
    return usage_error("--workers is for the events model only", NULL);
  if (cfg->workers == 0)
    cfg->workers = 1;
  cfg->tcp = tcp_only || !udp_only;
  cfg->udp = udp_only || !tcp_only;
  if (cfg->n_endpoints == 0)
    cfg->endpoints[cfg->n_endpoints++] = SRV_DEFAULT_ENDPOINT;
  if (cfg->max_clients < 0)
    cfg->max_clients = cfg->model == SRV_MODEL_THREADS ? 1024 : 0;
  if (cfg->verbose && cfg->quiet)
    cfg->quiet = 0;
  return SRV_EXIT_OK;
}

int srv_parse_args(srv_config *cfg, int argc, char **argv) {
  app_opts p;
  int tcp_only = 0;
  int udp_only = 0;
  set_defaults(cfg);
  app_opts_init(&p, argc, argv);
  for (int guard = 0; guard <= argc * 2 + 1; guard++) {
    int id = app_opts_next(&p, table, sizeof table / sizeof table[0]);
    if (id == APP_OPT_END) {
      fflush(stdout);
      return finish(cfg, tcp_only, udp_only);
    }
    if (id == APP_OPT_ERROR)
      return usage_error(p.error, NULL);
    if (id == APP_OPT_OPERAND)
      return usage_error("unexpected argument", p.operand);
    int rc = apply(cfg, id, p.value, &tcp_only, &udp_only);
    if (rc != SRV_EXIT_OK) {
      fflush(stdout);
      return rc;
    }
  }
  return usage_error("too many arguments", NULL);
}
