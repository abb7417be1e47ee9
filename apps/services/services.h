/* SPDX-License-Identifier: MIT */
/*
 * services.h - xsock-services: the settings read from the command line
 * (args.c) and the sockets they ask for (listen.c). The serving is the
 * framework's (apps/server, srv.h).
 */
#ifndef XS_SERVICES_H
#define XS_SERVICES_H

#include <stddef.h>

#include "options.h"
#include "srv.h"

#define SVC_NAME "xsock-services"
#define SVC_MAX_SERVICES 5
#define SVC_MAX_HOSTS 8
/* The largest --port-base: 65498 + 37 (time) = 65535. */
#define SVC_PORT_BASE_MAX 65498

typedef struct svc_config {
  srv_settings srv;
  const srv_service *services[SVC_MAX_SERVICES];
  size_t n_services;
  const char *hosts[SVC_MAX_HOSTS]; /* none given: every local address */
  size_t n_hosts;
  long port_base;
  int tcp;
  int udp;
} svc_config;

/* What svc_args_parse found. */
enum { SVC_ARGS_RUN, SVC_ARGS_HELP, SVC_ARGS_VERSION, SVC_ARGS_USAGE };

/* The --help text. */
extern const char svc_usage_text[];

/* Fill cfg from argv (defaults for what is not given). Prints nothing;
 * *msg is set for SVC_ARGS_USAGE. */
int svc_args_parse(svc_config *cfg, int argc, char **argv, app_msg *msg);

/* listen.c: open every socket cfg asks for into srv: for each address in
 * order, each service in order, TCP then UDP. SRV_EXIT_OK, or an exit
 * status with the message printed (everything opened is closed again). */
int svc_open(server *srv, const svc_config *cfg);

#endif /* XS_SERVICES_H */
