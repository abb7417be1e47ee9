/* SPDX-License-Identifier: MIT */
/*
 * iterative.c - the iterative design: one TCP client at a time. The main
 * thread polls [stop socket, listeners...], accepts one client and serves
 * it to the end (conn_serve); the others wait in the listen backlog. UDP
 * runs in a thread of its own.
 */
#include <stdlib.h>

#include "conn.h"
#include "log.h"
#include "srv.h"
#include "stop.h"
#include "sys.h"

/* Accept and serve one client from a ready listener. */
static void serve_one(server *srv, const srv_socket *e, unsigned char *buf) {
  xs_socket_t s;
  xs_addr peer;
  srv_conn c;
  if (!srv_take(e->sock, &s, &peer))
    return;
  /* Replies go out at once. */
  if (e->kind == SRV_TCP)
    (void)xs_socket_set_nodelay(s, 1);
  conn_init(&c, s, &peer, e->svc, app_now_us());
  conn_close(&c, conn_serve(&c, buf, srv->cfg.idle_ms, XS_INVALID_SOCKET));
}

int run_iterative(server *srv) {
  xs_pollfd p[SRV_MAX_SOCKETS + 1];
  const srv_socket *socks[SRV_MAX_SOCKETS + 1];
  udp_thread *udp = NULL;
  unsigned char *buf = malloc(CONN_READ_BUF);
  if (buf == NULL) {
    log_error("out of memory");
    return SRV_EXIT_FAIL;
  }
  if (udp_thread_start(srv, &udp) < 0) {
    free(buf);
    return SRV_EXIT_FAIL;
  }
  size_t n = srv_listener_poll(srv, p, socks);
  int status = srv_announce(srv) == 0 ? SRV_EXIT_OK : SRV_EXIT_FAIL;
  while (status == SRV_EXIT_OK && !app_stop_requested()) {
    int ready = 0;
    int rc = xs_poll(p, n, XS_INFINITE, &ready);
    if (rc != 0) {
      log_error2("poll failed", xs_strerror(rc));
      status = SRV_EXIT_FAIL;
      break;
    }
    if (p[0].revents != 0)
      break;
    for (size_t i = 1; i < n && !app_stop_requested(); i++)
      if (p[i].revents != 0)
        serve_one(srv, socks[i], buf);
  }
  app_stop_request(); /* wakes the UDP thread after a failure too */
  udp_thread_join(udp);
  free(buf);
  return status;
}
