/* SPDX-License-Identifier: MIT */
/*
 * server.h - xsock-echo-server: its settings as read from the command line
 * (args.c), and its endpoints (endpoints.c). The rest of the server is the
 * framework in apps/server (srv.h) serving the echo service.
 */
#ifndef XS_ECHO_SERVER_H
#define XS_ECHO_SERVER_H

#include <stddef.h>

#include "srv.h"

#define SRV_NAME "xsock-echo-server"
#define SRV_MAX_ENDPOINTS 16
#define SRV_DEFAULT_ENDPOINT ":7007"

/* The settings, from the command line. */
typedef struct srv_config {
  const char *endpoints[SRV_MAX_ENDPOINTS];
  size_t n_endpoints;
  int tcp; /* serve TCP (and unix stream) */
  int udp; /* serve UDP */
  srv_model model;
  long max_clients; /* 0 = no limit but the OS's; -1 = model default */
  long idle_ms;     /* 0 = never */
  long workers;     /* events: event loops in threads; 0 = not given (1) */
  int verbose;
  int quiet;
} srv_config;

/* args.c: fill cfg from argv. SRV_EXIT_OK to go on, or -1 when --help or
 * --version was printed (exit 0), or SRV_EXIT_USAGE (message printed). */
int srv_parse_args(srv_config *cfg, int argc, char **argv);

/* endpoints.c: open every socket cfg asks for into srv, all nonblocking
 * and serving echo. SRV_EXIT_OK, or an exit status with the message
 * printed (everything opened so far is closed again). */
int echo_open(server *srv, const srv_config *cfg);

#endif /* XS_ECHO_SERVER_H */
