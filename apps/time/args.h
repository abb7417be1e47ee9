/* SPDX-License-Identifier: MIT */
/*
 * args.h - the command line of xsock-time as a parser that prints nothing
 * (args.c): main.c prints what it returns.
 */
#ifndef XS_TIME_ARGS_H
#define XS_TIME_ARGS_H

#include <stdint.h>

#include "options.h"

typedef enum time_proto { PROTO_TIME, PROTO_DAYTIME } time_proto;

typedef struct time_config {
  time_proto proto; /* -p; default time */
  int udp;          /* -u; default TCP */
  int timeout_ms;   /* -w; default 5000 */
  int json;
  const char *target; /* HOST[:PORT] as given, for messages */
  char host[256];     /* without brackets */
  uint16_t port;      /* given, or the protocol's standard port */
} time_config;

enum {
  TIME_ARGS_RUN,     /* cfg is set */
  TIME_ARGS_HELP,    /* --help: print the usage, exit 0 */
  TIME_ARGS_VERSION, /* --version: print the version, exit 0 */
  TIME_ARGS_USAGE    /* bad usage, described in *msg: exit 2 */
};

/* The protocol's name ("time", "daytime") and transport ("tcp", "udp"). */
const char *time_proto_name(time_proto p);
const char *time_transport_name(int udp);

/* Fill cfg from argv. The first bad option ends the parse; then --help
 * (before --version); then the one HOST[:PORT] operand. */
int time_args_parse(int argc, char **argv, time_config *cfg, app_msg *msg);

#endif /* XS_TIME_ARGS_H */
