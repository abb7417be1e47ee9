/* SPDX-License-Identifier: MIT */
/*
 * sockets.c - a server's listening sockets: opening them nonblocking,
 * each bound to its service (the unix socket file checks: a stale file is
 * replaced, anything else refused; one port number for TCP and UDP on port
 * 0), the ready lines, and closing it all again.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "srv.h"
#include "sys.h"

#define PAIR_TRIES 32      /* port-0 TCP+UDP pairing attempts */
#define STALE_DIAL_MS 1000 /* is anything listening on a unix path? */

static void fail(const char *text, const char *proto, int code) {
  char what[600];
  snprintf(what, sizeof what, "cannot listen on %.500s%s", text, proto);
  log_error2(what, xs_strerror(code));
}

/* Take s into srv. SRV_EXIT_OK, or SRV_EXIT_FAIL (s closed). */
static int add_socket(server *srv, xs_socket_t s, srv_kind kind,
                      const xs_addr *bound, const srv_service *svc,
                      const char *text) {
  if (srv->n_socks == SRV_MAX_SOCKETS) {
    fail(text, "", XS_EMFILE);
    xs_close(s);
    return SRV_EXIT_FAIL;
  }
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
  e->svc = svc;
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

int srv_open_unix(server *srv, const xs_addr *addr, const srv_service *svc,
                  const char *text) {
  xs_socket_t s;
  int rc = prepare_path(addr, text);
  if (rc != SRV_EXIT_OK)
    return rc;
  rc = xs_listen(addr, 0, &s);
  if (rc != 0) {
    fail(text, "", rc);
    return SRV_EXIT_FAIL;
  }
  return add_socket(srv, s, SRV_UNIX, addr, svc, text);
}

int srv_open_pair(server *srv, const xs_addr *where, const srv_service *svc,
                  const char *text) {
  xs_addr addr = *where;
  int rc = XS_EADDRINUSE;
  if (xs_addr_port(where) != 0) {
    char udp[400];
    snprintf(udp, sizeof udp, "%s (udp)", text);
    rc = srv_open_stream(srv, where, svc, text);
    return rc == SRV_EXIT_OK ? srv_open_udp(srv, where, svc, udp) : rc;
  }
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
    if (add_socket(srv, t, SRV_TCP, NULL, svc, text) != SRV_EXIT_OK) {
      xs_close(u);
      return SRV_EXIT_FAIL;
    }
    return add_socket(srv, u, SRV_UDP, NULL, svc, text);
  }
  fail(text, " (udp)", rc);
  return SRV_EXIT_FAIL;
}

int srv_open_stream(server *srv, const xs_addr *addr, const srv_service *svc,
                    const char *text) {
  xs_socket_t s;
  int rc = xs_listen(addr, 0, &s);
  if (rc != 0) {
    fail(text, "", rc);
    return SRV_EXIT_FAIL;
  }
  return add_socket(srv, s, SRV_TCP, NULL, svc, text);
}

int srv_open_udp(server *srv, const xs_addr *addr, const srv_service *svc,
                 const char *text) {
  xs_socket_t s;
  int rc = xs_udp_bind(addr, &s);
  if (rc != 0) {
    fail(text, "", rc);
    return SRV_EXIT_FAIL;
  }
  return add_socket(srv, s, SRV_UDP, NULL, svc, text);
}

int srv_print_ready(const server *srv, int names) {
  static const char *const kinds[] = {"tcp", "udp", "unix"};
  for (size_t i = 0; i < srv->n_socks; i++) {
    const srv_socket *e = &srv->socks[i];
    char text[XS_ADDR_STRLEN];
    if (e->kind == SRV_UNIX)
      snprintf(text, sizeof text, "%s", e->local.path);
    else if (xs_addr_format(&e->local, text, sizeof text) != 0)
      snprintf(text, sizeof text, "%s", "?");
    int rc = names ? printf("listening %s %s %s\n", kinds[e->kind], text,
                            e->svc->name)
                   : printf("listening %s %s\n", kinds[e->kind], text);
    if (rc < 0)
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
