/* SPDX-License-Identifier: MIT */
/*
 * conn.c - a stream client of a service (see conn.h): the service's
 * send, finish and room requests, the read/send step every design runs,
 * the close and its log line, and the blocking serve loop of the
 * iterative, threads and processes designs.
 */
#include "conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "stop.h"
#include "sys.h"

/* Unread input drained, at most, before closing a finished connection. */
#define DRAIN_MAX 65536

void conn_init(srv_conn *c, xs_socket_t sock, xs_addr *peer,
               const srv_service *svc, uint64_t now_us) {
  memset(c, 0, sizeof *c);
  c->kind = EV_CLIENT;
  c->sock = sock;
  c->svc = svc;
  c->peer = peer;
  c->last_us = now_us;
  ev_list_init(&c->link);
  ev_list_init(&c->stall);
}

/* One send; would-block counts as 0 bytes sent. */
static int send_some(srv_conn *c, const unsigned char *data, size_t n,
                     size_t *sent) {
  int rc = xs_send(c->sock, data, n, sent);
  if (rc == XS_EAGAIN) {
    *sent = 0;
    return 0;
  }
  if (rc == 0)
    c->sent += *sent;
  return rc;
}

/* Keep the n bytes at data after the backlog (made if there is none). */
static int keep(srv_conn *c, const unsigned char *data, size_t n) {
  conn_backlog *b = c->backlog;
  size_t have = b != NULL ? b->len - b->off : 0;
  conn_backlog *nb = malloc(sizeof *nb + have + n);
  if (nb == NULL)
    return XS_ENOMEM;
  nb->off = 0;
  nb->len = have + n;
  if (have > 0)
    memcpy(nb->data, b->data + b->off, have);
  memcpy(nb->data + have, data, n);
  free(b);
  c->backlog = nb;
  return 0;
}

int srv_conn_send(srv_conn *c, const void *data, size_t n) {
  size_t sent = 0;
  int rc = 0;
  if (c->error != 0 || n == 0)
    return c->error;
  if (c->backlog == NULL)
    rc = send_some(c, data, n, &sent);
  if (rc == 0 && sent < n)
    rc = keep(c, (const unsigned char *)data + sent, n - sent);
  if (rc != 0)
    c->error = rc;
  return rc;
}

void srv_conn_finish(srv_conn *c) {
  c->finish = 1;
}

void srv_conn_want_room(srv_conn *c, int on) {
  c->room = on != 0;
}

uint64_t *srv_conn_state(srv_conn *c) {
  return &c->state;
}

/* Where a callback left the connection. */
static conn_state after_service(const srv_conn *c) {
  if (c->error != 0)
    return CONN_FAILED;
  if ((c->eof || c->finish) && c->backlog == NULL)
    return CONN_DONE;
  return CONN_OPEN;
}

conn_state conn_start(srv_conn *c) {
  if (c->svc->on_open != NULL)
    c->svc->on_open(c);
  return after_service(c);
}

/* Send (part of) the backlog; free it once it is all sent. */
static int flush(srv_conn *c, int *progress) {
  conn_backlog *b = c->backlog;
  size_t sent = 0;
  int rc = send_some(c, b->data + b->off, b->len - b->off, &sent);
  if (rc != 0)
    return rc;
  b->off += sent;
  *progress |= sent > 0;
  if (b->off == b->len) {
    free(b);
    c->backlog = NULL;
  }
  return 0;
}

/* One receive, handed to the service at once. */
static int read_some(srv_conn *c, unsigned char *buf, size_t size,
                     int *progress) {
  size_t got = 0;
  int rc = xs_recv(c->sock, buf, size, &got);
  if (rc == XS_EAGAIN)
    return 0;
  if (rc != 0)
    return rc;
  *progress = 1;
  if (got == 0)
    c->eof = 1;
  else if (c->svc->on_data != NULL)
    c->svc->on_data(c, buf, got);
  return 0;
}

conn_state conn_step(srv_conn *c, unsigned events, unsigned char *buf,
                     size_t size, int *progress) {
  int rc = 0;
  *progress = 0;
  if (c->backlog != NULL)
    rc = flush(c, progress);
  else if (!c->eof && !c->finish &&
           (events & (XS_POLLIN | XS_POLLHUP | XS_POLLERR)))
    rc = read_some(c, buf, size, progress);
  if (rc == 0 && c->backlog == NULL && c->room && !c->finish && !c->eof &&
      c->error == 0 && (events & XS_POLLOUT) && c->svc->on_room != NULL) {
    uint64_t before = c->sent;
    c->svc->on_room(c);
    *progress |= c->sent != before || c->backlog != NULL;
  }
  if (rc != 0 && c->error == 0)
    c->error = rc;
  return after_service(c);
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

/* Read and drop what the client sent that was never read, up to a bound,
 * without waiting: closing a socket with unread input resets the
 * connection, and the client could lose what was sent last. */
static void drain(srv_conn *c) {
  unsigned char scrap[4096];
  (void)xs_socket_shutdown(c->sock, XS_SHUT_WR);
  for (size_t total = 0; total < DRAIN_MAX;) {
    size_t got = 0;
    if (xs_recv(c->sock, scrap, sizeof scrap, &got) != 0 || got == 0)
      return;
    total += got;
  }
}

void conn_close(srv_conn *c, conn_state why) {
  if (c->svc->on_close != NULL)
    c->svc->on_close(c);
  if (log_is_verbose()) {
    char detail[160];
    char num[24];
    snprintf(detail, sizeof detail, "%s, %s bytes %s", reason(why, c->error),
             log_u64(c->sent, num, sizeof num), log_sent_word());
    log_conn("closed", c->peer, detail);
  }
  if (c->sock != XS_INVALID_SOCKET) {
    if (why == CONN_DONE && c->finish)
      drain(c);
    xs_close(c->sock);
  }
  c->sock = XS_INVALID_SOCKET;
  free(c->backlog);
  c->backlog = NULL;
}

int conn_ms_until(uint64_t when_us, uint64_t now_us) {
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

/* The wait until the idle deadline or the end of a back-off, -1 for none. */
static int serve_wait(const srv_conn *c, long idle_ms, uint64_t now) {
  int wait = -1;
  if (idle_ms > 0)
    wait = conn_ms_until(c->last_us + (uint64_t)idle_ms * 1000u, now);
  if (c->stall_us != 0)
    wait = conn_min_wait(wait, conn_ms_until(c->stall_us, now));
  return wait;
}

/* One wait and what follows it; CONN_OPEN to go on. */
static conn_state serve_once(srv_conn *c, unsigned char *buf, long idle_ms,
                             xs_socket_t also_stop) {
  uint64_t now = app_now_us();
  if (idle_ms > 0 && now >= c->last_us + (uint64_t)idle_ms * 1000u)
    return CONN_IDLE;
  if (c->stall_us != 0 && now >= c->stall_us)
    c->stall_us = 0;
  unsigned ev = c->stall_us != 0 ? 0 : conn_wants(c);
  xs_pollfd p[3] = {
      {ev != 0 ? c->sock : XS_INVALID_SOCKET, (short)ev, 0},
      {app_stop_socket(), XS_POLLIN, 0},
      {also_stop, XS_POLLIN, 0},
  };
  int ready = 0;
  int rc = xs_poll(p, also_stop != XS_INVALID_SOCKET ? 3 : 2,
                   serve_wait(c, idle_ms, now), &ready);
  if (rc != 0) {
    c->error = rc;
    return CONN_FAILED;
  }
  if (p[1].revents != 0 || p[2].revents != 0)
    return CONN_STOPPED;
  if (p[0].revents == 0)
    return CONN_OPEN;
  if (p[0].revents & XS_POLLNVAL) {
    c->error = XS_EBADF;
    return CONN_FAILED;
  }
  int progress = 0;
  conn_state st =
      conn_step(c, (unsigned)p[0].revents, buf, CONN_READ_BUF, &progress);
  now = app_now_us();
  if (progress)
    c->last_us = now;
  else if (p[0].revents & (XS_POLLHUP | XS_POLLERR))
    c->stall_us = now + CONN_STALL_US;
  return st;
}

conn_state conn_serve(srv_conn *c, unsigned char *buf, long idle_ms,
                      xs_socket_t also_stop) {
  conn_state st = conn_start(c);
  while (st == CONN_OPEN)
    st = serve_once(c, buf, idle_ms, also_stop);
  return st;
}
