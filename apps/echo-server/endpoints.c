/* SPDX-License-Identifier: MIT */
/*
 * endpoints.c - from the --listen endpoints to open, nonblocking sockets
 * serving echo: parsing and resolving ENDPOINT text, then the framework's
 * openers (apps/server/sockets.c) for unix paths, TCP, UDP or both on one
 * port.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "options.h"
#include "server.h"

static int usage_endpoint(const char *text) {
  fprintf(stderr,
          "%s: bad endpoint '%s' (HOST:PORT, [IPV6]:PORT, :PORT "
          "or unix:PATH)\n",
          SRV_NAME, text);
  return SRV_EXIT_USAGE;
}

/* HOST:PORT with a host name: the first address the resolver gives. */
static int resolve_named(const char *text, xs_addr *out) {
  char host[256];
  const char *colon = strrchr(text, ':');
  long port;
  if (colon == NULL || colon == text || text[0] == '[' ||
      (size_t)(colon - text) >= sizeof host)
    return usage_endpoint(text);
  if (app_parse_long(colon + 1, 0, 65535, &port) != 0)
    return usage_endpoint(text);
  memcpy(host, text, (size_t)(colon - text));
  host[colon - text] = '\0';
  xs_resolve_hints hints = {XS_AF_UNSPEC, XS_SOCK_STREAM, XS_RESOLVE_PASSIVE};
  xs_addr *list = NULL;
  size_t count = 0;
  int rc = xs_resolve(host, NULL, &hints, &list, &count);
  if (rc != 0) {
    char what[400];
    snprintf(what, sizeof what, "cannot resolve '%s'", host);
    log_error2(what, xs_strerror(rc));
    return SRV_EXIT_FAIL;
  }
  *out = list[0];
  xs_addr_list_free(list);
  if (xs_addr_set_port(out, (uint16_t)port) != 0)
    return usage_endpoint(text);
  return SRV_EXIT_OK;
}

/* ENDPOINT text into an address. SRV_EXIT_OK or a status (printed). */
static int endpoint_addr(const char *text, xs_addr *out) {
  int rc = xs_addr_parse(out, text);
  if (rc == 0)
    return SRV_EXIT_OK;
  if (strncmp(text, "unix:", 5) == 0) {
    fprintf(stderr, "%s: bad endpoint '%s': %s\n", SRV_NAME, text,
            xs_strerror(rc));
    return SRV_EXIT_USAGE;
  }
  return resolve_named(text, out);
}

static int open_ip(server *srv, const srv_config *cfg, const xs_addr *addr,
                   const char *text) {
  if (cfg->tcp && cfg->udp)
    return srv_open_pair(srv, addr, &srv_echo, text);
  if (cfg->tcp)
    return srv_open_stream(srv, addr, &srv_echo, text);
  char udp[400];
  snprintf(udp, sizeof udp, "%s (udp)", text);
  return srv_open_udp(srv, addr, &srv_echo, udp);
}

int echo_open(server *srv, const srv_config *cfg) {
  xs_addr addrs[SRV_MAX_ENDPOINTS];
  srv->n_socks = 0;
  for (size_t i = 0; i < cfg->n_endpoints; i++) {
    int rc = endpoint_addr(cfg->endpoints[i], &addrs[i]);
    if (rc != SRV_EXIT_OK)
      return rc;
    if (addrs[i].family == XS_AF_UNIX && !cfg->tcp) {
      fprintf(stderr, "%s: endpoint '%s' is stream only, not for --udp\n",
              SRV_NAME, cfg->endpoints[i]);
      return SRV_EXIT_USAGE;
    }
  }
  for (size_t i = 0; i < cfg->n_endpoints; i++) {
    const char *text = cfg->endpoints[i];
    int rc = addrs[i].family == XS_AF_UNIX
                 ? srv_open_unix(srv, &addrs[i], &srv_echo, text)
                 : open_ip(srv, cfg, &addrs[i], text);
    if (rc != SRV_EXIT_OK) {
      srv_close(srv);
      return rc;
    }
  }
  return SRV_EXIT_OK;
}
