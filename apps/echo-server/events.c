/*
 * events.c - the events model: one thread multiplexes the stop socket, the
 * listeners, the UDP sockets and every TCP client with xs_poll. All of them
 * are nonblocking; each client has one bounded buffer, allocated when it is
 * accepted (conn.c), so nothing is allocated per message. The poll set is
 * [stop, listeners and UDP sockets in srv order, clients...].
 */
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "server.h"
#include "stop.h"
#include "sys.h"

/* Connections accepted from one listener per wake-up. */
#define ACCEPT_BURST 64
#define FIRST_CAP 64

typedef struct loop {
  server *srv;
  echo_conn *conns; /* n clients, room for cap */
  size_t n;
  size_t cap;
  xs_pollfd *fds;    /* n_fixed + cap entries */
  size_t n_fixed;    /* 1 + srv->n_socks */
  size_t max;        /* client limit */
  uint64_t pause_us; /* accepting paused until then (0: not paused) */
  unsigned char *udp_buf;
} loop;

static int grow(loop *l) {
  size_t cap = l->cap * 2;
  echo_conn *conns = realloc(l->conns, cap * sizeof *conns);
  if (conns == NULL)
    return -1;
  l->conns = conns;
  xs_pollfd *fds = realloc(l->fds, (l->n_fixed + cap) * sizeof *fds);
  if (fds == NULL)
    return -1;
  l->fds = fds;
  l->cap = cap;
  return 0;
}

/* Take one waiting connection. 0 to go on, -1 when no more now. */
static int accept_one(loop *l, xs_socket_t listener) {
  xs_socket_t s;
  xs_addr peer;
  int rc = srv_accept(listener, &s, &peer);
  if (rc == XS_EAGAIN)
    return -1;
  if (rc != 0) {
    /* Out of descriptors or buffers: stop accepting for a moment. */
    l->pause_us = app_now_us() + SRV_ACCEPT_PAUSE_MS * 1000u;
    return -1;
  }
  if (l->n >= l->max) {
    log_conn("refused", &peer, "too many clients");
    xs_close(s);
    return 0;
  }
  if (l->n == l->cap && grow(l) != 0) {
    log_conn("dropped", &peer, "out of memory");
    xs_close(s);
    return 0;
  }
  if (conn_open(&l->conns[l->n], s, &peer) == 0)
    l->n++;
  return 0;
}

/* Fill the poll set; returns the poll timeout in ms (-1: none). */
static int build(loop *l, uint64_t now) {
  const server *srv = l->srv;
  int wait = -1;
  if (l->pause_us != 0 && now >= l->pause_us)
    l->pause_us = 0;
  if (l->pause_us != 0)
    wait = (int)((l->pause_us - now + 999) / 1000);
  l->fds[0] = (xs_pollfd){app_stop_socket(), XS_POLLIN, 0};
  for (size_t i = 0; i < srv->n_socks; i++) {
    const srv_socket *e = &srv->socks[i];
    int paused = e->kind != SRV_UDP && l->pause_us != 0;
    l->fds[1 + i] =
        (xs_pollfd){paused ? XS_INVALID_SOCKET : e->sock, XS_POLLIN, 0};
  }
  for (size_t j = 0; j < l->n; j++) {
    echo_conn *c = &l->conns[j];
    short ev = conn_events(c, now);
    l->fds[l->n_fixed + j] =
        (xs_pollfd){ev != 0 ? c->sock : XS_INVALID_SOCKET, ev, 0};
    wait = conn_min_wait(wait, conn_wait_ms(c, l->srv->cfg.idle_ms, now));
  }
  return wait;
}

/* Act on the clients' results, from the last one down so that a closed
 * client can be replaced by the (already handled) last one. */
static void handle_clients(loop *l, uint64_t now) {
  long idle_ms = l->srv->cfg.idle_ms;
  for (size_t j = l->n; j-- > 0;) {
    echo_conn *c = &l->conns[j];
    short rev = l->fds[l->n_fixed + j].revents;
    conn_state st = CONN_OPEN;
    if (rev != 0)
      st = conn_handle(c, rev, now);
    if (st == CONN_OPEN && conn_idle_expired(c, idle_ms, now))
      st = CONN_IDLE;
    if (st == CONN_OPEN)
      continue;
    conn_close(c, st);
    l->conns[j] = l->conns[l->n - 1];
    l->n--;
  }
}

static void handle_fixed(loop *l) {
  const server *srv = l->srv;
  for (size_t i = 0; i < srv->n_socks; i++) {
    if (l->fds[1 + i].revents == 0)
      continue;
    if (srv->socks[i].kind == SRV_UDP) {
      udp_echo_pending(srv->socks[i].sock, l->udp_buf);
      continue;
    }
    for (int k = 0; k < ACCEPT_BURST; k++)
      if (accept_one(l, srv->socks[i].sock) != 0)
        break;
  }
}

static int serve(loop *l) {
  while (!app_stop_requested()) {
    int wait = build(l, app_now_us());
    int ready = 0;
    int rc = xs_poll(l->fds, l->n_fixed + l->n, wait, &ready);
    if (rc != 0) {
      log_error2("poll failed", xs_strerror(rc));
      return SRV_EXIT_FAIL;
    }
    if (l->fds[0].revents != 0)
      break;
    handle_clients(l, app_now_us());
    handle_fixed(l);
  }
  return SRV_EXIT_OK;
}

static int setup(loop *l, server *srv) {
  l->srv = srv;
  l->n_fixed = 1 + srv->n_socks;
  l->cap = FIRST_CAP;
  l->max = XS_POLL_MAX - l->n_fixed;
  if (srv->cfg.max_clients > 0 && (size_t)srv->cfg.max_clients < l->max)
    l->max = (size_t)srv->cfg.max_clients;
  l->conns = malloc(l->cap * sizeof *l->conns);
  l->fds = malloc((l->n_fixed + l->cap) * sizeof *l->fds);
  l->udp_buf = malloc(SRV_UDP_BUF);
  if (l->conns == NULL || l->fds == NULL || l->udp_buf == NULL) {
    log_error("out of memory");
    return -1;
  }
  return 0;
}

int run_events(server *srv) {
  loop l;
  memset(&l, 0, sizeof l);
  int status = SRV_EXIT_FAIL;
  if (setup(&l, srv) == 0)
    status = serve(&l);
  for (size_t j = 0; j < l.n; j++)
    conn_close(&l.conns[j], CONN_STOPPED);
  free(l.conns);
  free(l.fds);
  free(l.udp_buf);
  return status;
}
