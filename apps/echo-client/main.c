/*
 * main.c - xsock-echo-client: the command line (options, checks, usage)
 * and the dispatch to one of the modes: stream (stdin to the server and the
 * echo to stdout), UDP lines, verified counts, or load.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "options.h"
#include "sys.h"

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

void client_error(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fprintf(stderr, "%s: ", CLIENT_NAME);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
}

static void usage(void) {
  printf(
      "usage: %s [OPTIONS] ENDPOINT\n"
      "Send to an echo server and check what comes back.\n\n"
      "ENDPOINT: HOST:PORT, [IPV6]:PORT or unix:PATH\n\n"
      "  (default)              copy stdin to the server, the echo to stdout\n"
      "  -u, --udp              UDP: each stdin line is one datagram; to a\n"
      "                         host name, the first of its addresses a UDP\n"
      "                         socket can be connected to\n"
      "  -n, --count N          send N messages and verify every echo\n"
      "  -s, --size BYTES       message size for -n and -c (default 64)\n"
      "  -c, --connections C    load mode: C TCP connections in parallel\n"
      "  -d, --duration SEC     load mode duration (default 5; 0.5 works)\n"
      "      --json             load mode result as one JSON object\n"
      "      --timeout MS       connect and echo wait limit (default 5000)\n"
      "  -h, --help             this text\n"
      "  -V, --version          the version\n\n"
      "Exit status: 0 ok, 1 runtime failure, 2 usage error.\n",
      CLIENT_NAME);
}

static int bad_value(const char *opt, const char *value, const char *why) {
  client_error("invalid value '%s' for option '%s': %s", value, opt, why);
  return -1;
}

/* One option with its value into cfg / s; 0 or -1 (message printed). */
static int take_option(int id, const char *v, client_config *cfg, seen *s) {
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
               : bad_value("--count", v, "expected 1 to 1000000000");
  case OPT_SIZE:
    s->size = 1;
    return app_parse_long(v, 0, CLIENT_TCP_MAX, &cfg->size) == 0
               ? 0
               : bad_value("--size", v, "expected 0 to 16777216 bytes");
  case OPT_CONNS:
    return app_parse_long(v, 1, 10000, &cfg->connections) == 0
               ? 0
               : bad_value("--connections", v, "expected 1 to 10000");
  case OPT_DURATION:
    s->duration = 1;
    if (app_parse_seconds(v, 86400000L, &cfg->duration_ms) != 0 ||
        cfg->duration_ms == 0) {
      return bad_value("--duration", v, "expected seconds, above 0");
    }
    return 0;
  case OPT_TIMEOUT:
    if (app_parse_long(v, 1, 86400000L, &n) != 0) {
      return bad_value("--timeout", v, "expected 1 to 86400000 ms");
    }
    cfg->timeout_ms = (int)n;
    return 0;
  default:
    return -1;
  }
}

static int parse_args(int argc, char **argv, client_config *cfg, seen *s) {
  app_opts p;
  int id;
  app_opts_init(&p, argc, argv);
  while (
      (id = app_opts_next(&p, options, sizeof(options) / sizeof(options[0]))) !=
      APP_OPT_END) {
    if (id == APP_OPT_ERROR) {
      client_error("%s", p.error);
      return -1;
    }
    if (id == APP_OPT_OPERAND) {
      if (s->endpoint != NULL) {
        client_error("unexpected argument '%s' (one ENDPOINT only)", p.operand);
        return -1;
      }
      s->endpoint = p.operand;
    } else if (take_option(id, p.value, cfg, s) != 0) {
      return -1;
    }
  }
  return 0;
}

/* The checks across options; 0 or -1 (message printed). */
static int check_modes(const client_config *cfg, const seen *s) {
  if (cfg->count > 0 && cfg->connections > 0) {
    client_error("options '--count' and '--connections' exclude each other");
    return -1;
  }
  if (cfg->connections > 0 && cfg->udp) {
    client_error("option '--connections' is TCP only (drop '--udp')");
    return -1;
  }
  if (s->size && cfg->count == 0 && cfg->connections == 0) {
    client_error("option '--size' needs '--count' or '--connections'");
    return -1;
  }
  if ((s->duration || cfg->json) && cfg->connections == 0) {
    client_error("option '%s' needs '--connections'",
                 s->duration ? "--duration" : "--json");
    return -1;
  }
  if (cfg->udp && cfg->size > CLIENT_UDP_MAX) {
    client_error("invalid value '%ld' for option '--size': a UDP message "
                 "holds at most %ld bytes",
                 cfg->size, CLIENT_UDP_MAX);
    return -1;
  }
  if (!cfg->udp && cfg->size == 0) {
    client_error("invalid value '0' for option '--size': a TCP message "
                 "needs at least 1 byte");
    return -1;
  }
  if (cfg->udp && cfg->ep.addr.family == XS_AF_UNIX && !cfg->ep.is_name) {
    client_error("endpoint '%s' is a unix socket: stream only (drop "
                 "'--udp')",
                 cfg->ep.text);
    return -1;
  }
  return 0;
}

/* 0 to go on, or the exit code to end with. */
static int configure(int argc, char **argv, client_config *cfg, int *code) {
  seen s;
  memset(&s, 0, sizeof(s));
  memset(cfg, 0, sizeof(*cfg));
  cfg->size = 64;
  cfg->duration_ms = 5000;
  cfg->timeout_ms = 5000;
  *code = EXIT_USAGE;
  if (parse_args(argc, argv, cfg, &s) != 0) {
    return -1;
  }
  if (s.help || s.version) {
    if (s.help) {
      usage();
    } else {
      printf("%s %s\n", CLIENT_NAME, xs_version_string());
    }
    *code = EXIT_OK;
    return -1;
  }
  if (s.endpoint == NULL) {
    client_error("missing ENDPOINT (try '--help')");
    return -1;
  }
  if (endpoint_parse(&cfg->ep, s.endpoint) != 0) {
    client_error("invalid endpoint '%s': expected HOST:PORT, [IPV6]:PORT "
                 "or unix:PATH",
                 s.endpoint);
    return -1;
  }
  return check_modes(cfg, &s);
}

int main(int argc, char **argv) {
  client_config cfg;
  int code;
  if (configure(argc, argv, &cfg, &code) != 0) {
    fflush(stdout);
    return code;
  }
  app_stdio_binary();
  if (app_ignore_sigpipe() != 0) {
    client_error("cannot ignore SIGPIPE");
    return EXIT_RUNTIME;
  }
  if (cfg.connections > 0) {
    return run_load(&cfg);
  }
  if (cfg.count > 0) {
    return run_verify(&cfg);
  }
  return cfg.udp ? run_udp_lines(&cfg) : run_stream(&cfg);
}
