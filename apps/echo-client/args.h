/* SPDX-License-Identifier: MIT */
/*
 * args.h - the command line of xsock-echo-client as a parser that prints
 * nothing (args.c): main.c prints what it returns, and tests/fuzz checks
 * it on its own.
 */
#ifndef XS_ECHO_CLIENT_ARGS_H
#define XS_ECHO_CLIENT_ARGS_H

#include "client.h"
#include "options.h"

/* What client_args_parse found. */
enum {
  CLIENT_ARGS_RUN,     /* cfg is set: run the mode it asks for */
  CLIENT_ARGS_HELP,    /* --help: print the usage, exit 0 */
  CLIENT_ARGS_VERSION, /* --version: print the version, exit 0 */
  CLIENT_ARGS_USAGE    /* bad usage, described in *msg: exit 2 */
};

/* Fill cfg from argv: the options, the ENDPOINT (parsed, never resolved)
 * and the checks across options. The first bad option or value ends the
 * parse; then --help (before --version) if given; then the checks. Prints
 * nothing; *msg is set only for CLIENT_ARGS_USAGE (arg: the offending
 * argument, pointing into argv). */
int client_args_parse(int argc, char **argv, client_config *cfg, app_msg *msg);

#endif /* XS_ECHO_CLIENT_ARGS_H */
