/* SPDX-License-Identifier: MIT */
/*
 * main.c - xsock-addr: the usage text, the printing of what the command
 * line parse (args.c) found, and the dispatch to one mode.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "addr.h"
#include "args.h"
#include "sys.h"

void addr_error(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fprintf(stderr, "%s: ", ADDR_NAME);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
}

int addr_worst(int a, int b) {
  if (a == EXIT_USAGE || b == EXIT_USAGE)
    return EXIT_USAGE;
  return a != EXIT_OK ? a : b;
}

static void usage(void) {
  printf(
      "usage: %s [--json] ARG...\n"
      "       %s [--json] --contains PREFIX ARG...\n"
      "       %s [--json] --split LEN PREFIX\n"
      "       %s [--json] --summarize ARG...\n"
      "       %s [--json] --resolve NAME\n"
      "       %s [--json] --interfaces\n"
      "Show what xsock knows about addresses, prefixes, MAC addresses, ports,\n"
      "services and URLs.\n\n"
      "Each ARG is the first of these that reads it:\n"
      "  URL            it contains \"://\": scheme://host[:port][/path]\n"
      "  MAC address    00:50:56:c0:00:01, 00-50-56-C0-00-01, 0050.56c0.0001\n"
      "  IP address or  192.0.2.1, 192.0.2.0/24, 2001:db8::1, 2001:db8::/32\n"
      "  prefix         (an address alone is a /32 or /128)\n"
      "  port           decimal digits only, 0 to 65535\n"
      "  service name   anything else the services database knows (https)\n\n"
      "      --json             one JSON object per line (JSON Lines)\n"
      "      --contains PREFIX  whether PREFIX holds each ARG (an address or\n"
      "                         prefix)\n"
      "      --split LEN        the subnets of length LEN of PREFIX (at most\n"
      "                         65536 of them)\n"
      "      --summarize        the fewest prefixes that cover exactly the\n"
      "                         ARGs (addresses or prefixes), IPv4 first\n"
      "      --resolve NAME     each address the system resolver gives NAME\n"
      "      --interfaces       the network interfaces and their addresses\n"
      "  -h, --help             this text\n"
      "  -V, --version          the version\n\n"
      "Exit status: 0 ok, 1 runtime failure (resolver, interface list,\n"
      "output), 2 usage error or bad ARG (each one named on stderr; the\n"
      "other ARGs are still shown).\n",
      ADDR_NAME, ADDR_NAME, ADDR_NAME, ADDR_NAME, ADDR_NAME, ADDR_NAME);
}

/* 0 to go on, or the exit code to end with. */
static int configure(int argc, char **argv, const char **args, addr_config *cfg,
                     int *code) {
  app_msg msg;
  int rc = addr_args_parse(argc, argv, args, cfg, &msg);
  *code = EXIT_USAGE;
  if (rc == ADDR_ARGS_RUN)
    return 0;
  if (rc == ADDR_ARGS_HELP) {
    usage();
    *code = EXIT_OK;
  } else if (rc == ADDR_ARGS_VERSION) {
    printf("%s %s\n", ADDR_NAME, xs_version_string());
    *code = EXIT_OK;
  } else {
    addr_error("%s%s%s", msg.head, msg.arg != NULL ? msg.arg : "", msg.tail);
  }
  return -1;
}

static int run(const addr_config *cfg, addr_out *o) {
  switch (cfg->mode) {
  case MODE_CONTAINS:
    return run_contains(o, cfg->value, cfg->args, cfg->nargs);
  case MODE_SPLIT:
    return run_split(o, cfg->value, cfg->args[0]);
  case MODE_SUMMARIZE:
    return run_summarize(o, cfg->args, cfg->nargs);
  case MODE_RESOLVE:
    return run_resolve(o, cfg->value);
  case MODE_INTERFACES:
    return run_interfaces(o);
  default:
    return run_show(o, cfg->args, cfg->nargs);
  }
}

int main(int argc, char **argv) {
  addr_config cfg;
  addr_out o;
  int code;
  const char **args = calloc(argc > 0 ? (size_t)argc : 1, sizeof *args);
  if (args == NULL) {
    addr_error("out of memory");
    return EXIT_RUNTIME;
  }
  if (configure(argc, argv, args, &cfg, &code) != 0) {
    fflush(stdout);
    free(args);
    return code;
  }
  if (app_ignore_sigpipe() != 0) {
    addr_error("cannot ignore SIGPIPE");
    free(args);
    return EXIT_RUNTIME;
  }
  out_init(&o, stdout, cfg.json);
  code = run(&cfg, &o);
  if (out_finish(&o) != 0) {
    addr_error("cannot write the output");
    code = addr_worst(code, EXIT_RUNTIME);
  }
  free(args);
  return code;
}
