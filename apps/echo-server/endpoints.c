/* SPDX-License-Identifier: MIT */
/*
 * endpoints.c - from the --listen endpoints to open, nonblocking sockets:
 * parsing and resolving ENDPOINT text, the unix socket file checks (a
 * stale file is replaced, anything else refused), one port number for TCP
 * and UDP on port 0, the ready lines, and closing it all again.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "options.h"
#include "server.h"
#include "sys.h"

#define PAIR_TRIES 32      /* port-0 TCP+UDP pairing attempts */
#define STALE_DIAL_MS 1000 /* is anything listening on a unix path? */

static int usage_endpoint(const char *text) {
  fprintf(stderr,
          "%s: bad endpoint '%s' (HOST:PORT, [IPV6]:PORT, :PORT "
          "or unix:PATH)\n",
          SRV_NAME, text);
  return SRV_EXIT_USAGE;
}

static void fail(const char *text, const char *proto, int code) {
  char what[400];
  snprintf(what, sizeof what, "cannot listen on %s%s", text, proto);
  log_error2(what, xs_strerror(code));
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

static int add_socket(server *srv, xs_socket_t s, srv_kind kind,
                      const xs_addr *bound, const char *text) {
  srv_socket *e = &srv->socks[srv->n_socks];
  int rc = xs_socket_set_nonblocking(s, 1);
  if (rc == 0 && kind != SRV_UNIX)
    rc = xs_socket_local_addr(s, &e->local);
  if (rc != 0) {
    fail(text, "", rc);
    xs_close(s);
    return SRV_EXIT_FAIL;
  }
  if (kind == SRV_UNIX)
    e->local = *bound;
  e->sock = s;
  e->kind = kind;
  e->owns_path = kind == SRV_UNIX;
  srv->n_socks++;
  return SRV_EXIT_OK;
}

/* Is a unix path free to bind? A stale socket file (nothing listening)
 * is removed; a live one or anything else there is refused. */
static int prepare_path(const xs_addr *addr, const char *text) {
  int kind = app_path_kind(addr->path);
  if (kind == APP_PATH_NONE)
    return SRV_EXIT_OK;
  if (kind != APP_PATH_SOCKET) {
    char what[400];
    snprintf(what, sizeof what, "cannot listen on %s", text);
    log_error2(what, "the path exists and is not a socket");
    return SRV_EXIT_FAIL;
  }
  xs_socket_t probe = XS_INVALID_SOCKET;
  int rc = xs_dial(addr, STALE_DIAL_MS, &probe);
  if (rc == 0) {
    xs_close(probe);
    fail(text, "", XS_EADDRINUSE);
    return SRV_EXIT_FAIL;
  }
  if (rc == XS_ENOENT)
    return SRV_EXIT_OK;
  if (rc != XS_ECONNREFUSED) {
    fail(text, "", rc);
    return SRV_EXIT_FAIL;
  }
  if (app_remove(addr->path) != 0) {
    char what[400];
    snprintf(what, sizeof what, "cannot listen on %s", text);
    log_error2(what, "cannot remove the stale socket file");
    return SRV_EXIT_FAIL;
  }
  return SRV_EXIT_OK;
}

static int open_unix(server *srv, const xs_addr *addr, const char *text) {
  xs_socket_t s;
  int rc = prepare_path(addr, text);
  if (rc != SRV_EXIT_OK)
    return rc;
  rc = xs_listen(addr, 0, &s);
  if (rc != 0) {
    fail(text, "", rc);
    return SRV_EXIT_FAIL;
  }
  return add_socket(srv, s, SRV_UNIX, addr, text);
}

/* TCP and UDP both on port 0: one free port number for both. */
static int open_pair(server *srv, xs_addr addr, const char *text) {
  int rc = XS_EADDRINUSE;
  for (int i = 0; i < PAIR_TRIES && rc == XS_EADDRINUSE; i++) {
    xs_socket_t t, u;
    xs_addr local;
    xs_addr_set_port(&addr, 0);
    rc = xs_listen(&addr, 0, &t);
    if (rc != 0) {
      fail(text, "", rc);
      return SRV_EXIT_FAIL;
    }
    rc = xs_socket_local_addr(t, &local);
    if (rc == 0)
      rc = xs_addr_set_port(&addr, xs_addr_port(&local));
    if (rc == 0)
      rc = xs_udp_bind(&addr, &u);
    if (rc != 0) {
      xs_close(t);
      continue;
    }
    if (add_socket(srv, t, SRV_TCP, NULL, text) != SRV_EXIT_OK) {
      xs_close(u);
      return SRV_EXIT_FAIL;
    }
    return add_socket(srv, u, SRV_UDP, NULL, text);
  }
  fail(text, " (udp)", rc);
  return SRV_EXIT_FAIL;
}

static int open_ip(server *srv, const xs_addr *addr, const char *text) {
  const srv_config *cfg = &srv->cfg;
  xs_socket_t s;
  int rc;
  if (cfg->tcp && cfg->udp && xs_addr_port(addr) == 0)
    return open_pair(srv, *addr, text);
  if (cfg->tcp) {
    rc = xs_listen(addr, 0, &s);
    if (rc != 0) {
      fail(text, "", rc);
      return SRV_EXIT_FAIL;
    }
    if (add_socket(srv, s, SRV_TCP, NULL, text) != SRV_EXIT_OK)
      return SRV_EXIT_FAIL;
  }
  if (cfg->udp) {
    rc = xs_udp_bind(addr, &s);
    if (rc != 0) {
      fail(text, " (udp)", rc);
      return SRV_EXIT_FAIL;
    }
    return add_socket(srv, s, SRV_UDP, NULL, text);
  }
  return SRV_EXIT_OK;
}

int srv_open(server *srv) {
  xs_addr addrs[SRV_MAX_ENDPOINTS];
  const srv_config *cfg = &srv->cfg;
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
    int rc = addrs[i].family == XS_AF_UNIX ? open_unix(srv, &addrs[i], text)
                                           : open_ip(srv, &addrs[i], text);
    if (rc != SRV_EXIT_OK) {
      srv_close(srv);
      return rc;
    }
  }
  return SRV_EXIT_OK;
}

int srv_print_ready(const server *srv) {
  static const char *const names[] = {"tcp", "udp", "unix"};
  for (size_t i = 0; i < srv->n_socks; i++) {
    const srv_socket *e = &srv->socks[i];
    char text[XS_ADDR_STRLEN];
    if (e->kind == SRV_UNIX)
      snprintf(text, sizeof text, "%s", e->local.path);
    else if (xs_addr_format(&e->local, text, sizeof text) != 0)
      snprintf(text, sizeof text, "%s", "?");
    if (printf("listening %s %s\n", names[e->kind], text) < 0)
      return -1;
  }
  return fflush(stdout) == 0 ? 0 : -1;
}

void srv_close(server *srv) {
  for (size_t i = 0; i < srv->n_socks; i++) {
    srv_socket *e = &srv->socks[i];
    xs_close(e->sock);
    e->sock = XS_INVALID_SOCKET;
    if (e->owns_path && app_remove(e->local.path) != 0)
      log_error2("cannot remove the socket file", e->local.path);
  }
  srv->n_socks = 0;
}

size_t srv_count(const server *srv, int stream) {
  size_t n = 0;
  for (size_t i = 0; i < srv->n_socks; i++)
    n += (srv->socks[i].kind != SRV_UDP) == (stream != 0);
  return n;
}
