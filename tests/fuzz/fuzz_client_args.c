/* SPDX-License-Identifier: MIT */
/*
 * fuzz_client_args.c - the command line of xsock-echo-client
 * (apps/echo-client/args.c, client_args_parse, and endpoint_parse of
 * endpoint.c) on any arguments. Nothing is resolved or connected.
 *
 * Input: one argument per line. Properties:
 *  - the parser prints nothing (client_error() here fails the run) and
 *    returns one of its four results; a usage error has a message, and
 *    the argument it quotes is one of the command line's;
 *  - accepted settings keep the documented rules: --count and
 *    --connections exclude each other; --connections is TCP only;
 *    --size, --duration and --json only where they apply, with their
 *    bounds (a UDP message at most 65507 bytes, a TCP one at least 1);
 *  - the ENDPOINT is a numeric IP address with a nonzero port, a UNIX
 *    path (not with --udp), or a host name without ':', '[' or ']' with a
 *    decimal port 1 to 65535; written back (xs_addr_format, or
 *    HOST:PORT) it parses to the same endpoint;
 *  - the settings written back as a canonical command line parse to the
 *    same settings;
 *  - --help in front of any command line is --help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fuzz.h"

#define PROG "xsock-echo-client"

/* endpoint.c reports through client_error(); the parse never must. */
void client_error(const char *fmt, ...) {
  (void)fmt;
  fuzz_fail("the command line parse printed a message", __FILE__, __LINE__);
}

static void check_msg(const app_msg *msg, const fuzz_argv *a) {
  FUZZ_CHECK(memchr(msg->head, '\0', sizeof msg->head) != NULL);
  FUZZ_CHECK(memchr(msg->tail, '\0', sizeof msg->tail) != NULL);
  FUZZ_CHECK(msg->head[0] != '\0');
  FUZZ_CHECK(msg->arg == NULL || fuzz_argv_owns(a, msg->arg));
}

static int same_endpoint(const endpoint *x, const endpoint *y) {
  if (x->is_name != y->is_name)
    return 0;
  if (x->is_name)
    return strcmp(x->host, y->host) == 0 && strcmp(x->service, y->service) == 0;
  return memcmp(&x->addr, &y->addr, sizeof x->addr) == 0;
}

/* The endpoint's rules, and its text written back parses the same. */
static void check_endpoint(const endpoint *ep, int udp) {
  char text[sizeof ep->host + sizeof ep->service + 2];
  endpoint again;
  long port;
  if (ep->is_name) {
    FUZZ_CHECK(ep->host[0] != '\0');
    FUZZ_CHECK(strpbrk(ep->host, ":[]") == NULL);
    FUZZ_CHECK(app_parse_long(ep->service, 1, 65535, &port) == 0);
    FUZZ_CHECK(ep->service[0] != '0'); /* written as a plain number */
    snprintf(text, sizeof text, "%s:%s", ep->host, ep->service);
  } else {
    fuzz_check_made(&ep->addr, 0);
    if (ep->addr.family == XS_AF_UNIX)
      FUZZ_CHECK(!udp);
    else
      FUZZ_CHECK(ep->addr.port != 0);
    FUZZ_CHECK(xs_addr_format(&ep->addr, text, sizeof text) == 0);
  }
  FUZZ_CHECK(endpoint_parse(&again, text) == 0);
  FUZZ_CHECK(same_endpoint(ep, &again));
}

static void check_cfg(const client_config *c, const fuzz_argv *a) {
  FUZZ_CHECK(fuzz_argv_owns(a, c->ep.text));
  check_endpoint(&c->ep, c->udp);
  FUZZ_CHECK(c->count >= 0 && c->count <= 1000000000L);
  FUZZ_CHECK(c->connections >= 0 && c->connections <= 10000);
  FUZZ_CHECK(!(c->count > 0 && c->connections > 0));
  FUZZ_CHECK(!(c->connections > 0 && c->udp));
  FUZZ_CHECK(c->size >= (c->udp ? 0 : 1));
  FUZZ_CHECK(c->size <= (c->udp ? CLIENT_UDP_MAX : CLIENT_TCP_MAX));
  FUZZ_CHECK(c->count > 0 || c->connections > 0 || c->size == 64);
  FUZZ_CHECK(c->duration_ms >= 1 && c->duration_ms <= 86400000L);
  FUZZ_CHECK(c->connections > 0 || c->duration_ms == 5000);
  FUZZ_CHECK(c->connections > 0 || !c->json);
  FUZZ_CHECK(c->timeout_ms >= 1 && c->timeout_ms <= 86400000);
}

/* The settings as a canonical command line, parsed again. */
static void check_rewrite(const client_config *c) {
  char num[48];
  fuzz_line w;
  client_config again;
  app_msg msg;
  fuzz_line_init(&w, strlen(c->ep.text) + 512, PROG);
  if (c->udp)
    fuzz_line_put(&w, "--udp");
  if (c->count > 0) {
    snprintf(num, sizeof num, "-n%ld", c->count);
    fuzz_line_put(&w, num);
  }
  if (c->connections > 0) {
    snprintf(num, sizeof num, "--connections=%ld", c->connections);
    fuzz_line_put(&w, num);
    snprintf(num, sizeof num, "%ld.%03ld", c->duration_ms / 1000,
             c->duration_ms % 1000);
    fuzz_line_put(&w, "-d");
    fuzz_line_put(&w, num);
  }
  if (c->count > 0 || c->connections > 0) {
    snprintf(num, sizeof num, "%ld", c->size);
    fuzz_line_put(&w, "--size");
    fuzz_line_put(&w, num);
  }
  if (c->json)
    fuzz_line_put(&w, "--json");
  snprintf(num, sizeof num, "--timeout=%d", c->timeout_ms);
  fuzz_line_put(&w, num);
  fuzz_line_put(&w, "--");
  fuzz_line_put(&w, c->ep.text);
  FUZZ_CHECK(client_args_parse(w.argc, w.argv, &again, &msg) ==
             CLIENT_ARGS_RUN);
  FUZZ_CHECK(strcmp(again.ep.text, c->ep.text) == 0);
  FUZZ_CHECK(same_endpoint(&again.ep, &c->ep));
  FUZZ_CHECK(again.udp == c->udp && again.json == c->json);
  FUZZ_CHECK(again.count == c->count && again.size == c->size);
  FUZZ_CHECK(again.connections == c->connections);
  FUZZ_CHECK(again.duration_ms == c->duration_ms);
  FUZZ_CHECK(again.timeout_ms == c->timeout_ms);
  fuzz_line_free(&w);
}

/* --help put in front of the same arguments: help, unless what follows
 * has a bad option or value (which only a usage error could have). */
static void check_help_first(const fuzz_argv *a, int rc) {
  char help[] = "--help";
  fuzz_argv b;
  client_config cfg;
  app_msg msg;
  int i;
  memset(&b, 0, sizeof b);
  b.argv[0] = a->argv[0];
  b.argv[1] = help;
  for (i = 1; i < a->argc; i++)
    b.argv[i + 1] = a->argv[i];
  b.argc = a->argc + 1;
  i = client_args_parse(b.argc, b.argv, &cfg, &msg);
  FUZZ_CHECK(i == CLIENT_ARGS_HELP ||
             (i == CLIENT_ARGS_USAGE && rc == CLIENT_ARGS_USAGE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_argv a;
  client_config cfg;
  app_msg msg;
  int rc;
  fuzz_argv_make(&a, PROG, data, size);
  rc = client_args_parse(a.argc, a.argv, &cfg, &msg);
  FUZZ_CHECK(rc == CLIENT_ARGS_RUN || rc == CLIENT_ARGS_HELP ||
             rc == CLIENT_ARGS_VERSION || rc == CLIENT_ARGS_USAGE);
  if (rc == CLIENT_ARGS_USAGE)
    check_msg(&msg, &a);
  if (rc == CLIENT_ARGS_RUN) {
    check_cfg(&cfg, &a);
    check_rewrite(&cfg);
  }
  check_help_first(&a, rc);
  fuzz_argv_free(&a);
  return 0;
}
