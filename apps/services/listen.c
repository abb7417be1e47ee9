/* SPDX-License-Identifier: MIT */
/*
 * listen.c - the sockets xsock-services opens: every --listen address (an
 * IP literal, brackets allowed, or a host name: each address it resolves
 * to, duplicates dropped; none given: :: and 0.0.0.0, the IPv6 one left
 * out where the system has none), and on each every service on its port
 * (--port-base + the standard one), TCP then UDP.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "services.h"

/* Addresses one --listen resolves to, at most. */
#define HOST_ADDRS 16

/* The addresses of one HOST text into out. Their count, or -1 (message
 * printed). */
static int host_addrs(const char *host, xs_addr *out, size_t max) {
  char lit[XS_ADDR_STRLEN];
  size_t len = strlen(host);
  if (len >= 2 && len < sizeof lit && host[0] == '[' && host[len - 1] == ']') {
    memcpy(lit, host + 1, len - 2);
    lit[len - 2] = '\0';
    host = lit;
  }
  if (xs_addr_parse_ip(&out[0], host, 0) == 0)
    return 1;
  xs_resolve_hints hints = {XS_AF_UNSPEC, XS_SOCK_STREAM, 0};
  xs_addr *list = NULL;
  size_t count = 0;
  int rc = xs_resolve(host, NULL, &hints, &list, &count);
  if (rc != 0) {
    char what[400];
    snprintf(what, sizeof what, "cannot resolve '%s'", host);
    log_error2(what, xs_strerror(rc));
    return -1;
  }
  size_t n = 0;
  for (size_t i = 0; i < count && n < max; i++) {
    size_t j = 0;
    while (j < n && !xs_addr_equal(&out[j], &list[i]))
      j++;
    if (j == n)
      out[n++] = list[i];
  }
  xs_addr_list_free(list);
  return (int)n;
}

/* Every service of cfg on one address. SRV_EXIT_OK or SRV_EXIT_FAIL. */
static int open_services(server *srv, const svc_config *cfg, xs_addr addr) {
  for (size_t i = 0; i < cfg->n_services; i++) {
    const srv_service *svc = cfg->services[i];
    char ip[XS_ADDR_STRLEN];
    char tcp[XS_ADDR_STRLEN + 64];
    char udp[XS_ADDR_STRLEN + 64];
    uint16_t port = (uint16_t)(cfg->port_base + svc->port);
    if (xs_addr_set_port(&addr, port) != 0 ||
        xs_addr_format(&addr, ip, sizeof ip) != 0)
      return SRV_EXIT_FAIL;
    snprintf(tcp, sizeof tcp, "%s (%s, tcp)", ip, svc->name);
    snprintf(udp, sizeof udp, "%s (%s, udp)", ip, svc->name);
    if (cfg->tcp && srv_open_stream(srv, &addr, svc, tcp) != SRV_EXIT_OK)
      return SRV_EXIT_FAIL;
    if (cfg->udp && srv_open_udp(srv, &addr, svc, udp) != SRV_EXIT_OK)
      return SRV_EXIT_FAIL;
  }
  return SRV_EXIT_OK;
}

/* No --listen: :: (if the system has IPv6) and 0.0.0.0. */
static int open_default(server *srv, const svc_config *cfg) {
  xs_addr any6;
  xs_addr any4;
  xs_socket_t probe;
  (void)xs_addr_any(&any4, XS_AF_INET, 0);
  if (xs_addr_any(&any6, XS_AF_INET6, 0) == 0 &&
      xs_socket_open(XS_AF_INET6, XS_SOCK_DGRAM, &probe) == 0) {
    xs_close(probe);
    if (open_services(srv, cfg, any6) != SRV_EXIT_OK)
      return SRV_EXIT_FAIL;
  }
  return open_services(srv, cfg, any4);
}

static int open_all(server *srv, const svc_config *cfg) {
  if (cfg->n_hosts == 0)
    return open_default(srv, cfg);
  for (size_t h = 0; h < cfg->n_hosts; h++) {
    xs_addr addrs[HOST_ADDRS];
    int n = host_addrs(cfg->hosts[h], addrs, HOST_ADDRS);
    if (n < 0)
      return SRV_EXIT_FAIL;
    for (int i = 0; i < n; i++)
      if (open_services(srv, cfg, addrs[i]) != SRV_EXIT_OK)
        return SRV_EXIT_FAIL;
  }
  return SRV_EXIT_OK;
}

int svc_open(server *srv, const svc_config *cfg) {
  srv->n_socks = 0;
  int rc = open_all(srv, cfg);
  if (rc != SRV_EXIT_OK)
    srv_close(srv);
  return rc;
}
