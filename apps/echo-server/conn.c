/* SPDX-License-Identifier: MIT */
/*
 * conn.c - the accept every model uses (srv_accept: nonblocking clients,
 * failures reported once), the "closed" log line, and the per-connection
 * echo logic of the iterative and threads models (see conn.h): a ring
 * buffer of CONN_BUF_SIZE bytes, nonblocking reads while it has room,
 * writes while it holds bytes, and the end-of-client rules.
 */
#include "conn.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server.h"
#include "stop.h"
#include "sys.h"

/* Back-off after a hang-up/error report that allowed no progress. */
#define STALL_US 20000
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

int conn_open(echo_conn *c, xs_socket_t sock, const xs_addr *peer) {
  memset(c, 0, sizeof *c);
  c->sock = sock;
  if (peer != NULL)
    c->peer = *peer;
  int rc = 0;
  c->buf = malloc(CONN_BUF_SIZE);
  if (c->buf == NULL)
    rc = XS_ENOMEM;
  if (rc != 0) {
    xs_close(sock);
    c->sock = XS_INVALID_SOCKET;
    log_conn("dropped", &c->peer, xs_strerror(rc));
    return rc;
  }
  /* Echo replies go out at once (fails harmlessly on unix sockets). */
  if (c->peer.family != XS_AF_UNIX)
    (void)xs_socket_set_nodelay(sock, 1);
  c->last_us = app_now_us();
  return 0; /* -v logs the connection once, when it closes */
}

static const char *reason(conn_state why, int error) {
  switch (why) {
  case CONN_DONE:
    return "done";
  case CONN_FAILED:
    return xs_strerror(error);
  case CONN_IDLE:
    return "idle timeout";
  case CONN_STOPPED:
    return "server stopping";
  default:
    return "closed";
  }
}

void conn_log_closed(const xs_addr *peer, conn_state why, int error,
                     uint64_t echoed) {
  if (!log_is_verbose())
    return;
  char detail[160];
  char num[24];
  snprintf(detail, sizeof detail, "%s, %s bytes echoed", reason(why, error),
           log_u64(echoed, num, sizeof num));
  log_conn("closed", peer, detail);
}

void conn_close(echo_conn *c, conn_state why) {
  conn_log_closed(&c->peer, why, c->error, c->echoed);
  if (c->sock != XS_INVALID_SOCKET)
    xs_close(c->sock);
  c->sock = XS_INVALID_SOCKET;
  free(c->buf);
  c->buf = NULL;
}

short conn_events(const echo_conn *c, uint64_t now_us) {
  short ev = 0;
  if (c->stall_us != 0 && now_us < c->stall_us)
    return 0;
  if (!c->eof && c->len < CONN_BUF_SIZE)
    ev |= XS_POLLIN;
  if (c->len > 0)
    ev |= XS_POLLOUT;
  return ev;
}

static int ms_until(uint64_t when_us, uint64_t now_us) {
  if (when_us <= now_us)
    return 0;
  uint64_t ms = (when_us - now_us + 999) / 1000;
  return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

int conn_min_wait(int a, int b) {
  if (a < 0)
    return b;
  if (b < 0)
    return a;
  return a < b ? a : b;
}

int conn_wait_ms(const echo_conn *c, long idle_ms, uint64_t now_us) {
  int wait = -1;
  if (idle_ms > 0)
    wait = ms_until(c->last_us + (uint64_t)idle_ms * 1000u, now_us);
  if (c->stall_us != 0)
    wait = conn_min_wait(wait, ms_until(c->stall_us, now_us));
  return wait;
}

int conn_idle_expired(const echo_conn *c, long idle_ms, uint64_t now_us) {
  return idle_ms > 0 && now_us >= c->last_us + (uint64_t)idle_ms * 1000u;
}

/* One receive into the free part of the ring. 0 or an XS_E... code. */
static int conn_read(echo_conn *c, int *progress) {
  size_t tail = c->head + c->len;
  if (tail >= CONN_BUF_SIZE)
    tail -= CONN_BUF_SIZE;
  size_t room = tail < c->head ? c->head - tail : CONN_BUF_SIZE - tail;
  size_t got = 0;
  int rc = xs_recv(c->sock, c->buf + tail, room, &got);
  if (rc == XS_EAGAIN)
    return 0;
  if (rc != 0)
    return rc;
  if (got == 0)
    c->eof = 1;
  c->len += got;
  *progress = 1;
  return 0;
}

/* Send pending bytes until done or the socket is full. */
static int conn_write(echo_conn *c, int *progress) {
  for (int part = 0; part < 2 && c->len > 0; part++) {
    size_t chunk = CONN_BUF_SIZE - c->head;
    if (chunk > c->len)
      chunk = c->len;
    size_t sent = 0;
    int rc = xs_send(c->sock, c->buf + c->head, chunk, &sent);
    if (rc == XS_EAGAIN)
      break;
    if (rc != 0)
      return rc;
    c->head += sent;
    if (c->head == CONN_BUF_SIZE)
      c->head = 0;
    c->len -= sent;
    c->echoed += sent;
    *progress |= sent > 0;
    if (sent < chunk)
      break;
  }
  if (c->len == 0)
    c->head = 0;
  return 0;
}

conn_state conn_handle(echo_conn *c, short revents, uint64_t now_us) {
  int progress = 0;
  int rc = 0;
  if (revents & XS_POLLNVAL) {
    c->error = XS_EBADF;
    return CONN_FAILED;
  }
  c->stall_us = 0;
  if ((revents & (XS_POLLIN | XS_POLLHUP | XS_POLLERR)) && !c->eof &&
      c->len < CONN_BUF_SIZE)
    rc = conn_read(c, &progress);
  if (rc == 0 && c->len > 0)
    rc = conn_write(c, &progress);
  if (rc != 0) {
    c->error = rc;
    return CONN_FAILED;
  }
  if (c->eof && c->len == 0)
    return CONN_DONE;
  if (progress)
    c->last_us = now_us;
  else if (revents & (XS_POLLHUP | XS_POLLERR))
    c->stall_us = now_us + STALL_US;
  return CONN_OPEN;
}

conn_state conn_serve(echo_conn *c, long idle_ms) {
  for (;;) {
    uint64_t now = app_now_us();
    if (conn_idle_expired(c, idle_ms, now))
      return CONN_IDLE;
    short ev = conn_events(c, now);
    xs_pollfd p[2] = {
        {ev != 0 ? c->sock : XS_INVALID_SOCKET, ev, 0},
        {app_stop_socket(), XS_POLLIN, 0},
    };
    int ready = 0;
    int rc = xs_poll(p, 2, conn_wait_ms(c, idle_ms, now), &ready);
    if (rc != 0) {
      c->error = rc;
      return CONN_FAILED;
    }
    if (p[1].revents != 0)
      return CONN_STOPPED;
    if (p[0].revents != 0) {
      conn_state st = conn_handle(c, p[0].revents, app_now_us());
      if (st != CONN_OPEN)
        return st;
    }
  }
}
