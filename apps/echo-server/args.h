/* SPDX-License-Identifier: MIT */
/*
 * args.h - the command line of xsock-echo-server as a parser that prints
 * nothing (args.c): the program prints what it returns (srv_parse_args in
 * server.h), and tests/fuzz checks it on its own.
 */
#ifndef XS_ECHO_SERVER_ARGS_H
#define XS_ECHO_SERVER_ARGS_H

#include "options.h"
#include "server.h"

/* What srv_args_parse found. */
enum {
  SRV_ARGS_RUN,     /* cfg is set: serve */
  SRV_ARGS_HELP,    /* --help: print srv_usage_text, exit 0 */
  SRV_ARGS_VERSION, /* --version: print the version, exit 0 */
  SRV_ARGS_USAGE    /* a bad option or value, described in *msg: exit 2 */
};

/* The --help text. */
extern const char srv_usage_text[];

/* Fill cfg from argv (defaults for what is not given). --help and
 * --version end the parse where they stand, as an error does. Prints
 * nothing; *msg is set only for SRV_ARGS_USAGE (arg: the offending
 * argument, pointing into argv). */
int srv_args_parse(srv_config *cfg, int argc, char **argv, app_msg *msg);

#endif /* XS_ECHO_SERVER_ARGS_H */
