/* SPDX-License-Identifier: MIT */
/*
 * args.c - the command line of xsock-time: the options and the one
 * HOST[:PORT] operand, split into host and port (the protocol's standard
 * port when none is given). Prints nothing (args.h).
 */
#include <stdio.h>
#include <string.h>
#include <xsock/xsock.h>

#include "args.h"

enum {
  OPT_PROTO,
  OPT_TCP,
  OPT_UDP,
  OPT_TIMEOUT,
  OPT_JSON,
  OPT_HELP,
  OPT_VERSION
};

static const app_option options[] = {
    {"protocol", 'p', 1, OPT_PROTO},  {"tcp", 't', 0, OPT_TCP},
    {"udp", 'u', 0, OPT_UDP},         {"timeout", 'w', 1, OPT_TIMEOUT},
    {"json", 0, 0, OPT_JSON},         {"help", 'h', 0, OPT_HELP},
    {"version", 'V', 0, OPT_VERSION},
};

typedef struct seen {
  int help, version;
  const char *operand;
} seen;

const char *time_proto_name(time_proto p) {
  return p == PROTO_DAYTIME ? "daytime" : "time";
}

const char *time_transport_name(int udp) {
  return udp ? "udp" : "tcp";
}

static int fail(app_msg *msg, const char *text) {
  app_msg_set(msg, text, NULL, NULL);
  return -1;
}

static int bad_value(app_msg *msg, const char *opt, const char *v,
                     const char *why) {
  char head[sizeof msg->head], tail[sizeof msg->tail];
  snprintf(head, sizeof head, "invalid value for '%s': '", opt);
  snprintf(tail, sizeof tail, "' (%s)", why);
  app_msg_set(msg, head, v, tail);
  return -1;
}

static int take_option(int id, const char *v, time_config *cfg, seen *s,
                       app_msg *msg) {
  long n;
  switch (id) {
  case OPT_PROTO:
    if (strcmp(v, "time") == 0)
      cfg->proto = PROTO_TIME;
    else if (strcmp(v, "daytime") == 0)
      cfg->proto = PROTO_DAYTIME;
    else
      return bad_value(msg, "--protocol", v, "expected daytime or time");
    return 0;
  case OPT_TCP:
    cfg->udp = 0;
    return 0;
  case OPT_UDP:
    cfg->udp = 1;
    return 0;
  case OPT_TIMEOUT:
    if (app_parse_long(v, 1, 3600000, &n) != 0)
      return bad_value(msg, "--timeout", v, "expected 1 to 3600000 ms");
    cfg->timeout_ms = (int)n;
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
  default:
    return fail(msg, "unknown option");
  }
}

static int parse_args(int argc, char **argv, time_config *cfg, seen *s,
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
      if (s->operand != NULL) {
        app_msg_set(msg, "unexpected argument '", p.operand,
                    "' (one HOST[:PORT] only)");
        return -1;
      }
      s->operand = p.operand;
    } else if (take_option(id, p.value, cfg, s, msg) != 0) {
      return -1;
    }
  }
  return 0;
}

/* PORT: a number from 1 to 65535 or a service name the services database
 * knows for the transport. */
static int parse_port(const char *text, const time_config *cfg,
                      uint16_t *port) {
  long n;
  if (app_parse_long(text, 1, 65535, &n) == 0) {
    *port = (uint16_t)n;
    return 0;
  }
  if (text[0] >= '0' && text[0] <= '9')
    return -1;
  return xs_service_by_name(text, time_transport_name(cfg->udp), port) == 0 &&
                 *port != 0
             ? 0
             : -1;
}

/* Split "HOST", "HOST:PORT", "[IPV6]", "[IPV6]:PORT" or a bare IPv6
 * address (two colons or more, no port) into cfg->host and *port_text
 * (NULL when there is no port). */
static int split_target(const char *text, time_config *cfg,
                        const char **port_text) {
  const char *host = text, *end, *colon;
  size_t hlen;
  *port_text = NULL;
  if (text[0] == '[') {
    end = strchr(text, ']');
    if (end == NULL || (end[1] != '\0' && end[1] != ':'))
      return -1;
    host = text + 1;
    hlen = (size_t)(end - host);
    if (end[1] == ':')
      *port_text = end + 2;
  } else {
    colon = strchr(text, ':');
    if (colon != NULL && strchr(colon + 1, ':') == NULL) {
      hlen = (size_t)(colon - text);
      *port_text = colon + 1;
    } else {
      hlen = strlen(text); /* no colon, or a bare IPv6 address */
    }
    if (memchr(text, ']', hlen) != NULL)
      return -1;
  }
  if (hlen == 0 || hlen >= sizeof cfg->host)
    return -1;
  memcpy(cfg->host, host, hlen);
  cfg->host[hlen] = '\0';
  if (text[0] != '[' && strchr(cfg->host, ':') != NULL) {
    xs_addr a; /* a bare IPv6 address must be one */
    return xs_addr_parse_ip(&a, cfg->host, 0) == 0 ? 0 : -1;
  }
  return 0;
}

static int check_target(const char *text, time_config *cfg, app_msg *msg) {
  const char *port_text;
  uint16_t port = 0;
  if (split_target(text, cfg, &port_text) != 0) {
    app_msg_set(msg, "invalid HOST[:PORT] '", text,
                "' (an IPv6 address with a port goes in brackets: "
                "[::1]:37)");
    return -1;
  }
  if (port_text != NULL) {
    if (parse_port(port_text, cfg, &port) != 0) {
      app_msg_set(msg, "invalid port in '", text,
                  "' (expected 1 to 65535 or a service name)");
      return -1;
    }
  } else if (xs_service_by_name(time_proto_name(cfg->proto),
                                time_transport_name(cfg->udp), &port) != 0 ||
             port == 0) {
    port = cfg->proto == PROTO_DAYTIME ? 13 : 37; /* RFC 867, RFC 868 */
  }
  cfg->port = port;
  cfg->target = text;
  return 0;
}

int time_args_parse(int argc, char **argv, time_config *cfg, app_msg *msg) {
  seen s;
  memset(&s, 0, sizeof s);
  memset(cfg, 0, sizeof *cfg);
  app_msg_set(msg, NULL, NULL, NULL);
  cfg->proto = PROTO_TIME;
  cfg->timeout_ms = 5000;
  if (parse_args(argc, argv, cfg, &s, msg) != 0)
    return TIME_ARGS_USAGE;
  if (s.help)
    return TIME_ARGS_HELP;
  if (s.version)
    return TIME_ARGS_VERSION;
  if (s.operand == NULL) {
    fail(msg, "missing HOST[:PORT]");
    return TIME_ARGS_USAGE;
  }
  return check_target(s.operand, cfg, msg) == 0 ? TIME_ARGS_RUN
                                                : TIME_ARGS_USAGE;
}
