/* SPDX-License-Identifier: MIT */
/*
 * main.c - xsock-echo-client: the usage text, the printing of what the
 * command line parse (args.c) found, and the dispatch to one of the
 * modes: stream (stdin to the server and the echo to stdout), UDP lines,
 * verified counts, or load.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "client.h"
#include "sys.h"

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
      "Exit status: 0 ok, 1 runtime failure (in load mode: any connection\n"
      "error, a connection with no echo during the run, or a message left\n"
      "unanswered), 2 usage error.\n",
      CLIENT_NAME);
}

/* 0 to go on, or the exit code to end with. */
static int configure(int argc, char **argv, client_config *cfg, int *code) {
  app_msg msg;
  int rc = client_args_parse(argc, argv, cfg, &msg);
  *code = EXIT_USAGE;
  if (rc == CLIENT_ARGS_RUN) {
    return 0;
  }
  if (rc == CLIENT_ARGS_HELP) {
    usage();
    *code = EXIT_OK;
  } else if (rc == CLIENT_ARGS_VERSION) {
    printf("%s %s\n", CLIENT_NAME, xs_version_string());
    *code = EXIT_OK;
  } else {
    client_error("%s%s%s", msg.head, msg.arg != NULL ? msg.arg : "", msg.tail);
  }
  return -1;
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
