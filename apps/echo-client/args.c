/* SPDX-License-Identifier: MIT */
/*
 * args.c - the command line of xsock-echo-client: options into a
 * client_config, the ENDPOINT, and the checks across options (which modes
 * exclude each other, message size bounds). Prints nothing (args.h).
 */
#include <stdio.h>
#include <string.h>

#include "args.h"

enum {
  OPT_UDP,
  OPT_COUNT,
  OPT_SIZE,
  OPT_CONNS,
  OPT_DURATION,
  OPT_JSON,
  OPT_TIMEOUT,
  OPT_HELP,
  OPT_VERSION
};

static const app_option options[] = {
    {"udp", 'u', 0, OPT_UDP},           {"count", 'n', 1, OPT_COUNT},
    {"size", 's', 1, OPT_SIZE},         {"connections", 'c', 1, OPT_CONNS},
    {"duration", 'd', 1, OPT_DURATION}, {"json", 0, 0, OPT_JSON},
    {"timeout", 0, 1, OPT_TIMEOUT},     {"help", 'h', 0, OPT_HELP},
    {"version", 'V', 0, OPT_VERSION},
};

/* What was seen on the command line, before the checks across options. */
typedef struct seen {
  int size, duration, help, version;
  const char *endpoint;
} seen;

static int bad_value(app_msg *msg, const char *opt, const char *value,
                     const char *why) {
  char tail[sizeof msg->tail];
  snprintf(tail, sizeof tail, "' for option '%s': %s", opt, why);
  app_msg_set(msg, "invalid value '", value, tail);
  return -1;
}

static int fail(app_msg *msg, const char *text) {
  app_msg_set(msg, text, NULL, NULL);
  return -1;
}

/* One option with its value into cfg / s; 0 or -1 (*msg set). */
static int take_option(int id, const char *v, client_config *cfg, seen *s,
                       app_msg *msg) {
  long n;
  switch (id) {
  case OPT_UDP:
    cfg->udp = 1;
    return 0;
  case OPT_JSON:
    cfg->json = 1;
    return 0;
  case OPT_HELP:
    s->help = 1;
    return 0;
  case OPT_VERSION:
    s->version = 1;
    return 0;
  case OPT_COUNT:
    return app_parse_long(v, 1, 1000000000L, &cfg->count) == 0
               ? 0
               : bad_value(msg, "--count", v, "expected 1 to 1000000000");
  case OPT_SIZE:
    s->size = 1;
    return app_parse_long(v, 0, CLIENT_TCP_MAX, &cfg->size) == 0
               ? 0
               : bad_value(msg, "--size", v, "expected 0 to 16777216 bytes");
  case OPT_CONNS:
    return app_parse_long(v, 1, 10000, &cfg->connections) == 0
               ? 0
               : bad_value(msg, "--connections", v, "expected 1 to 10000");
  case OPT_DURATION:
    s->duration = 1;
    if (app_parse_seconds(v, 86400000L, &cfg->duration_ms) != 0 ||
        cfg->duration_ms == 0) {
      return bad_value(msg, "--duration", v, "expected seconds, above 0");
    }
    return 0;
  case OPT_TIMEOUT:
    if (app_parse_long(v, 1, 86400000L, &n) != 0) {
      return bad_value(msg, "--timeout", v, "expected 1 to 86400000 ms");
    }
    cfg->timeout_ms = (int)n;
    return 0;
  default:
    return fail(msg, "unknown option");
  }
}

static int parse_args(int argc, char **argv, client_config *cfg, seen *s,
                      app_msg *msg) {
  app_opts p;
  int id;
  app_opts_init(&p, argc, argv);
  while (
      (id = app_opts_next(&p, options, sizeof(options) / sizeof(options[0]))) !=
      APP_OPT_END) {
    if (id == APP_OPT_ERROR) {
      return fail(msg, p.error);
    }
    if (id == APP_OPT_OPERAND) {
      if (s->endpoint != NULL) {
        app_msg_set(msg, "unexpected argument '", p.operand,
                    "' (one ENDPOINT only)");
        return -1;
      }
      s->endpoint = p.operand;
    } else if (take_option(id, p.value, cfg, s, msg) != 0) {
      return -1;
    }
  }
  return 0;
}

/* The checks across options; 0 or -1 (*msg set). */
static int check_modes(const client_config *cfg, const seen *s, app_msg *msg) {
  char text[sizeof msg->head];
  if (cfg->count > 0 && cfg->connections > 0) {
    return fail(msg,
                "options '--count' and '--connections' exclude each other");
  }
  if (cfg->connections > 0 && cfg->udp) {
    return fail(msg, "option '--connections' is TCP only (drop '--udp')");
  }
  if (s->size && cfg->count == 0 && cfg->connections == 0) {
    return fail(msg, "option '--size' needs '--count' or '--connections'");
  }
  if ((s->duration || cfg->json) && cfg->connections == 0) {
    snprintf(text, sizeof text, "option '%s' needs '--connections'",
             s->duration ? "--duration" : "--json");
    return fail(msg, text);
  }
  if (cfg->udp && cfg->size > CLIENT_UDP_MAX) {
    snprintf(text, sizeof text,
             "invalid value '%ld' for option '--size': a UDP message "
             "holds at most %ld bytes",
             cfg->size, CLIENT_UDP_MAX);
    return fail(msg, text);
  }
  if (!cfg->udp && cfg->size == 0) {
    return fail(msg, "invalid value '0' for option '--size': a TCP message "
                     "needs at least 1 byte");
  }
  if (cfg->udp && cfg->ep.addr.family == XS_AF_UNIX && !cfg->ep.is_name) {
    app_msg_set(msg, "endpoint '", cfg->ep.text,
                "' is a unix socket: stream only (drop '--udp')");
    return -1;
  }
  return 0;
}

int client_args_parse(int argc, char **argv, client_config *cfg, app_msg *msg) {
  seen s;
  memset(&s, 0, sizeof(s));
  memset(cfg, 0, sizeof(*cfg));
  app_msg_set(msg, NULL, NULL, NULL);
  cfg->size = 64;
  cfg->duration_ms = 5000;
  cfg->timeout_ms = 5000;
  if (parse_args(argc, argv, cfg, &s, msg) != 0) {
    return CLIENT_ARGS_USAGE;
  }
  if (s.help) {
    return CLIENT_ARGS_HELP;
  }
  if (s.version) {
    return CLIENT_ARGS_VERSION;
  }
  if (s.endpoint == NULL) {
    fail(msg, "missing ENDPOINT (try '--help')");
    return CLIENT_ARGS_USAGE;
  }
  if (endpoint_parse(&cfg->ep, s.endpoint) != 0) {
    app_msg_set(msg, "invalid endpoint '", s.endpoint,
                "': expected HOST:PORT, [IPV6]:PORT or unix:PATH");
    return CLIENT_ARGS_USAGE;
  }
  return check_modes(cfg, &s, msg) == 0 ? CLIENT_ARGS_RUN : CLIENT_ARGS_USAGE;
}
