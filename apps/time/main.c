/* SPDX-License-Identifier: MIT */
/*
 * main.c - xsock-time: the usage text, the printing of what the command
 * line parse (args.c) found, one query (query.c), and the reading of the
 * answer (timeproto.c or daytime.c) into the result (out.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sys.h"
#include "xstime.h"

/* How many bytes of a malformed answer an error message shows. */
#define QUOTE_MAX 64

void time_error(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fprintf(stderr, "%s: ", TIME_NAME);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
}

static void usage(void) {
  printf(
      "usage: %s [-p daytime|time] [-t|-u] [-w MS] [--json] HOST[:PORT]\n"
      "       %s -h | -V\n"
      "Ask a daytime (RFC 867) or time (RFC 868) server for its time and\n"
      "print it with its offset from the local clock.\n\n"
      "HOST is a name, an IPv4 address or an IPv6 address (in brackets when\n"
      "a port follows: [::1]:37). PORT is a number or a service name; the\n"
      "default is the protocol's port (daytime 13, time 37).\n\n"
      "  -p, --protocol P   daytime or time (default time)\n"
      "  -t, --tcp          over TCP (the default)\n"
      "  -u, --udp          over UDP\n"
      "  -w, --timeout MS   the whole exchange within MS milliseconds\n"
      "                     (default 5000)\n"
      "      --json         one JSON object instead of the line\n"
      "  -h, --help         this text\n"
      "  -V, --version      the version\n\n"
      "Output: SERVER PROTOCOL: YYYY-MM-DD HH:MM:SS UTC, offset +S.mmm s\n"
      "(offset: the server's time minus the local clock at the middle of\n"
      "the round trip; both protocols count whole seconds).\n\n"
      "Exit status: 0 ok, 1 no answer in time, connection failed or a\n"
      "malformed answer, 2 usage error.\n",
      TIME_NAME, TIME_NAME);
}

/* 0 to go on, or -1 with the exit code to end with in *code. */
static int configure(int argc, char **argv, time_config *cfg, int *code) {
  app_msg msg;
  int rc = time_args_parse(argc, argv, cfg, &msg);
  *code = EXIT_USAGE;
  if (rc == TIME_ARGS_RUN)
    return 0;
  if (rc == TIME_ARGS_HELP) {
    usage();
    *code = EXIT_OK;
  } else if (rc == TIME_ARGS_VERSION) {
    printf("%s %s\n", TIME_NAME, xs_version_string());
    *code = EXIT_OK;
  } else {
    app_msg_print_usage(TIME_NAME, &msg);
  }
  return -1;
}

/* The time the answer gives: 0, or -1 after a message. */
static int decode(const time_config *cfg, const query_result *r, int64_t *t,
                  char *text, size_t text_size) {
  char server[XS_ADDR_STRLEN], quoted[4 * QUOTE_MAX + 8];
  if (xs_addr_format(&r->server, server, sizeof server) != 0)
    snprintf(server, sizeof server, "%s", cfg->target);
  if (cfg->proto == PROTO_TIME) {
    if (r->len == 4) {
      *t = timeproto_decode(r->answer, r->local_start);
      return 0;
    }
    time_error("malformed time answer from %s: %lu bytes, expected 4", server,
               (unsigned long)r->len);
    return -1;
  }
  if (daytime_parse(r->answer, r->len, t, text, text_size) == 0)
    return 0;
  out_quote(r->answer, r->len, QUOTE_MAX, quoted, sizeof quoted);
  time_error("malformed daytime answer from %s (%lu bytes): %s", server,
             (unsigned long)r->len, quoted);
  return -1;
}

int main(int argc, char **argv) {
  time_config cfg;
  static query_result r;
  char text[TIME_ANSWER_MAX + 1];
  int64_t t = 0;
  int code;
  if (configure(argc, argv, &cfg, &code) != 0) {
    fflush(stdout);
    return code;
  }
  if (app_ignore_sigpipe() != 0) {
    time_error("cannot ignore SIGPIPE");
    return EXIT_RUNTIME;
  }
  if (query_run(&cfg, &r) != 0)
    return EXIT_RUNTIME;
  if (decode(&cfg, &r, &t, text, sizeof text) != 0)
    return EXIT_RUNTIME;
  if (out_result(&cfg, &r, t, cfg.proto == PROTO_DAYTIME ? text : NULL) != 0) {
    time_error("cannot write the output");
    return EXIT_RUNTIME;
  }
  return EXIT_OK;
}
