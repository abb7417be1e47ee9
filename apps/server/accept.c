/* SPDX-License-Identifier: MIT */
/*
 * accept.c - the accept every design uses (srv_accept: nonblocking
 * clients, connections that failed while queued skipped, failures reported
 * once per run of them), the pause after a failure, and the poll set of
 * the designs that accept in a thread of their own.
 */
#include <stdatomic.h>

#include "log.h"
#include "srv.h"
#include "stop.h"

/* Queued connections that failed on their own (reset or given up while
 * waiting) skipped in one srv_accept call before it returns XS_EAGAIN: the
 * listener is still ready, so the caller's next wait returns at once. */
#define ACCEPT_SKIPS 64

/* An accept failure episode (out of descriptors...) is reported once, at
 * its start, not at every retry; it ends with the next accept that works
 * or finds no one waiting. Atomic: the events model's workers all accept. */
static atomic_int accept_failing;

static void accept_result(int rc) {
  if (rc == 0 || rc == XS_EAGAIN) {
    if (atomic_load_explicit(&accept_failing, memory_order_relaxed))
      atomic_store(&accept_failing, 0);
    return;
  }
  if (atomic_exchange(&accept_failing, 1) == 0)
    log_error2("accept failed", xs_strerror(rc));
}

/* An accept failure that concerns only the connection being taken (the
 * peer reset or gave up while it was queued, or its network path failed:
 * Linux passes such errors on from accept, Winsock and wine report
 * WSAECONNRESET, WSAECONNABORTED or WSAENOTCONN), after which the next
 * queued connection can be taken at once. */
static int per_connection_error(int rc) {
  switch (rc) {
  case XS_EINTR:
  case XS_ECONNABORTED:
  case XS_ECONNRESET:
  case XS_ENOTCONN:
  case XS_EPROTO:
  case XS_EPERM: /* Linux: a firewall rule refused the connection */
  case XS_ETIMEDOUT:
  case XS_ENETDOWN:
  case XS_ENETUNREACH:
  case XS_ENETRESET:
  case XS_EHOSTDOWN:
  case XS_EHOSTUNREACH:
  case XS_ENOPROTOOPT:
  case XS_ENOTSUP:
  case XS_EPIPE:
    return 1;
  default:
    return 0;
  }
}

int srv_accept(xs_socket_t listener, xs_socket_t *out, xs_addr *peer) {
  int rc = XS_EAGAIN;
  for (int i = 0; i < ACCEPT_SKIPS; i++) {
    rc = xs_socket_accept_flags(listener, out, peer, XS_SOCK_NONBLOCK);
    if (!per_connection_error(rc))
      break;
  }
  if (per_connection_error(rc))
    rc = XS_EAGAIN;
  accept_result(rc);
  return rc;
}

void srv_pause(int ms) {
  xs_pollfd p = {app_stop_socket(), XS_POLLIN, 0};
  int ready = 0;
  (void)xs_poll(&p, 1, ms, &ready);
}

int srv_take(xs_socket_t listener, xs_socket_t *out, xs_addr *peer) {
  int rc = srv_accept(listener, out, peer);
  if (rc == 0)
    return 1;
  if (rc != XS_EAGAIN) /* out of descriptors or buffers: let it pass */
    srv_pause(SRV_ACCEPT_PAUSE_MS);
  return 0;
}

size_t srv_listener_poll(const server *srv, xs_pollfd *fds,
                         const srv_socket **socks) {
  size_t n = 0;
  socks[n] = NULL;
  fds[n++] = (xs_pollfd){app_stop_socket(), XS_POLLIN, 0};
  for (size_t i = 0; i < srv->n_socks; i++)
    if (srv->socks[i].kind != SRV_UDP) {
      socks[n] = &srv->socks[i];
      fds[n++] = (xs_pollfd){srv->socks[i].sock, XS_POLLIN, 0};
    }
  return n;
}
