/* SPDX-License-Identifier: MIT */
/*
 * iterative.c - the iterative model: one TCP client at a time. The main
 * thread polls [stop socket, listeners...], accepts one client and serves
 * it to the end (conn_serve); the others wait in the listen backlog. UDP
 * runs in a thread of its own.
 */
#include "conn.h"
#include "log.h"
#include "server.h"
#include "stop.h"

/* Accept and serve one client from a ready listener. */
static void serve_one(server *srv, xs_socket_t listener) {
  xs_socket_t s;
  xs_addr peer;
  echo_conn c;
  int rc = srv_accept(listener, &s, &peer);
  if (rc == XS_EAGAIN)
    return;
  if (rc != 0) {
    /* Out of descriptors or buffers: let it pass before trying again. */
    srv_pause(SRV_ACCEPT_PAUSE_MS);
    return;
  }
  if (conn_open(&c, s, &peer) != 0)
    return;
  conn_close(&c, conn_serve(&c, srv->cfg.idle_ms));
}

int run_iterative(server *srv) {
  xs_pollfd p[SRV_MAX_SOCKETS + 1];
  size_t n = 0;
  udp_thread *udp = NULL;
  if (udp_thread_start(srv, &udp) < 0)
    return SRV_EXIT_FAIL;
  p[n++] = (xs_pollfd){app_stop_socket(), XS_POLLIN, 0};
  for (size_t i = 0; i < srv->n_socks; i++)
    if (srv->socks[i].kind != SRV_UDP)
      p[n++] = (xs_pollfd){srv->socks[i].sock, XS_POLLIN, 0};
  int status = SRV_EXIT_OK;
  while (!app_stop_requested()) {
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
        serve_one(srv, p[i].sock);
  }
  app_stop_request(); /* wakes the UDP thread after a failure too */
  udp_thread_join(udp);
  return status;
}
