/* SPDX-License-Identifier: MIT */
/*
 * args.c - the command line of xsock-services: options into a
 * svc_config, and a message naming any bad option or value (exit 2).
 */
#include <string.h>

#include "services.h"

enum {
  OPT_SERVICES,
  OPT_PORT_BASE,
  OPT_LISTEN,
  OPT_TCP,
  OPT_UDP,
  OPT_MODEL,
  OPT_MAX_CLIENTS,
  OPT_IDLE,
  OPT_UDP_RATE,
  OPT_VERBOSE,
  OPT_QUIET,
  OPT_HELP,
  OPT_VERSION
};

static const app_option table[] = {
    {"services", 0, 1, OPT_SERVICES},
    {"port-base", 0, 1, OPT_PORT_BASE},
    {"listen", 'l', 1, OPT_LISTEN},
    {"tcp", 't', 0, OPT_TCP},
    {"udp", 'u', 0, OPT_UDP},
    {"model", 'm', 1, OPT_MODEL},
    {"max-clients", 0, 1, OPT_MAX_CLIENTS},
    {"idle-timeout", 0, 1, OPT_IDLE},
    {"udp-rate", 0, 1, OPT_UDP_RATE},
    {"verbose", 'v', 0, OPT_VERBOSE},
    {"quiet", 'q', 0, OPT_QUIET},
    {"help", 'h', 0, OPT_HELP},
    {"version", 'V', 0, OPT_VERSION},
};

const char svc_usage_text[] =
    "Usage: " SVC_NAME " [OPTIONS]\n"
    "The classic services echo (RFC 862), discard (863), chargen (864),\n"
    "daytime (867) and time (868), each over TCP and UDP.\n"
    "\n"
    "      --services LIST     comma list of services to serve (default\n"
    "                          echo,discard,chargen,daytime,time)\n"
    "      --port-base N       serve each on N + its port (echo 7, discard 9,\n"
    "                          chargen 19, daytime 13, time 37); default 0\n"
    "  -l, --listen HOST       an address to listen on (repeatable, up to 8):\n"
    "                          an IPv4 or IPv6 address or a host name\n"
    "                          (default: every local address, :: and 0.0.0.0)\n"
    "  -t, --tcp               serve TCP only\n"
    "  -u, --udp               serve UDP only\n"
    "  -m, --model MODEL       iterative, processes, threads or events\n"
    "                          (default events)\n"
    "      --max-clients N     past N concurrent TCP clients, close new ones\n"
    "                          at once; 0 = no limit but the system's\n"
    "                          (default 1024 for threads, 64 for processes,\n"
    "                          0 for events; not for iterative)\n"
    "      --idle-timeout SEC  close a TCP client idle that long; 0 = never\n"
    "      --udp-rate N        at most N UDP replies a second to one source\n"
    "                          address; 0 = no limit (default 50)\n"
    "  -v, --verbose           one line per connection on stderr\n"
    "  -q, --quiet             print nothing but ready lines and errors\n"
    "  -h, --help              print this help and exit\n"
    "  -V, --version           print the version and exit\n"
    "\n"
    "When ready it prints one line per socket on stdout, e.g.\n"
    "\"listening tcp 127.0.0.1:10007 echo\". No UDP datagram from port 0,\n"
    "7, 9, 13, 19, 37 or the server's own ports is answered. SIGINT/SIGTERM\n"
    "(Ctrl-C, Ctrl-Break) stop it. Exit status: 0 ok, 1 failure, 2 bad "
    "usage.\n";

static int usage_error(app_msg *msg, const char *what, const char *value) {
  app_msg_quote(msg, what, value);
  return SVC_ARGS_USAGE;
}

static int parse_model(const char *text, srv_model *out) {
  static const char *const names[] = {"iterative", "processes", "threads",
                                      "events"};
  static const srv_model models[] = {SRV_MODEL_ITERATIVE, SRV_MODEL_PROCESSES,
                                     SRV_MODEL_THREADS, SRV_MODEL_EVENTS};
  for (size_t i = 0; i < 4; i++)
    if (strcmp(text, names[i]) == 0) {
      *out = models[i];
      return 0;
    }
  return -1;
}

/* "echo,time" into cfg->services. 0, or -1 (bad, empty or repeated). */
static int parse_services(const char *text, svc_config *cfg) {
  char name[16];
  cfg->n_services = 0;
  for (const char *p = text;;) {
    const char *end = strchr(p, ',');
    size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
    if (len == 0 || len >= sizeof name)
      return -1;
    memcpy(name, p, len);
    name[len] = '\0';
    const srv_service *svc = srv_service_named(name);
    if (svc == NULL)
      return -1;
    for (size_t i = 0; i < cfg->n_services; i++)
      if (cfg->services[i] == svc)
        return -1;
    cfg->services[cfg->n_services++] = svc;
    if (end == NULL)
      return 0;
    p = end + 1;
  }
}

typedef struct parse {
  svc_config *cfg;
  app_msg *msg;
  int tcp_only;
  int udp_only;
} parse;

static int apply(void *ctx, int id, const char *value) {
  parse *ps = ctx;
  svc_config *cfg = ps->cfg;
  srv_settings *s = &cfg->srv;
  switch (id) {
  case OPT_SERVICES:
    if (parse_services(value, cfg) != 0)
      return usage_error(ps->msg,
                         "bad --services list (echo, discard, chargen, "
                         "daytime, time; each once)",
                         value);
    return SVC_ARGS_RUN;
  case OPT_PORT_BASE:
    if (app_parse_long(value, 0, SVC_PORT_BASE_MAX, &cfg->port_base) != 0)
      return usage_error(ps->msg, "bad --port-base value (0 to 65498)", value);
    return SVC_ARGS_RUN;
  case OPT_LISTEN:
    if (cfg->n_hosts == SVC_MAX_HOSTS)
      return usage_error(ps->msg, "too many --listen addresses (at most 8), at",
                         value);
    cfg->hosts[cfg->n_hosts++] = value;
    return SVC_ARGS_RUN;
  case OPT_TCP:
    ps->tcp_only = 1;
    return SVC_ARGS_RUN;
  case OPT_UDP:
    ps->udp_only = 1;
    return SVC_ARGS_RUN;
  case OPT_MODEL:
    if (parse_model(value, &s->model) != 0)
      return usage_error(
          ps->msg, "unknown model (iterative, processes, threads or events)",
          value);
    return SVC_ARGS_RUN;
  case OPT_MAX_CLIENTS:
    if (app_parse_long(value, 0, 10000000L, &s->max_clients) != 0)
      return usage_error(ps->msg, "bad --max-clients value", value);
    return SVC_ARGS_RUN;
  case OPT_IDLE:
    if (app_parse_seconds(value, 1000000000L, &s->idle_ms) != 0)
      return usage_error(ps->msg, "bad --idle-timeout value (seconds)", value);
    return SVC_ARGS_RUN;
  case OPT_UDP_RATE:
    if (app_parse_long(value, 0, 1000000L, &s->udp_rate) != 0)
      return usage_error(ps->msg, "bad --udp-rate value (0 to 1000000)", value);
    return SVC_ARGS_RUN;
  case OPT_VERBOSE:
    s->verbose = 1;
    return SVC_ARGS_RUN;
  case OPT_QUIET:
    s->quiet = 1;
    return SVC_ARGS_RUN;
  case OPT_HELP:
    return SVC_ARGS_HELP;
  default: /* OPT_VERSION */
    return SVC_ARGS_VERSION;
  }
}

static void set_defaults(svc_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->srv.model = SRV_MODEL_EVENTS;
  cfg->srv.max_clients = -1;
  cfg->srv.udp_rate = 50;
  cfg->srv.workers = 1;
  (void)parse_services("echo,discard,chargen,daytime,time", cfg);
}

static int finish(parse *ps) {
  svc_config *cfg = ps->cfg;
  srv_settings *s = &cfg->srv;
  cfg->tcp = ps->tcp_only || !ps->udp_only;
  cfg->udp = ps->udp_only || !ps->tcp_only;
  if (s->max_clients < 0)
    s->max_clients = s->model == SRV_MODEL_THREADS     ? 1024
                     : s->model == SRV_MODEL_PROCESSES ? 64
                                                       : 0;
  if (s->verbose && s->quiet)
    s->quiet = 0;
  return SVC_ARGS_RUN;
}

int svc_args_parse(svc_config *cfg, int argc, char **argv, app_msg *msg) {
  parse ps;
  memset(&ps, 0, sizeof ps);
  ps.cfg = cfg;
  ps.msg = msg;
  app_msg_set(msg, NULL, NULL, NULL);
  set_defaults(cfg);
  int rc = app_opts_parse(argc, argv, table, sizeof table / sizeof table[0],
                          apply, &ps, msg);
  if (rc < 0)
    return SVC_ARGS_USAGE;
  return rc != SVC_ARGS_RUN ? rc : finish(&ps);
}
