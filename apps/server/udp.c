/* SPDX-License-Identifier: MIT */
/*
 * udp.c - the UDP side of every service: each datagram (0 to 65507 bytes)
 * is handed to the socket's service, whose reply (if any) goes back to the
 * sender from the same socket. udp_serve_pending() serves one socket for a
 * while and returns (the events loop calls it); the other designs run it
 * in a thread of its own that polls [stop socket, UDP sockets...].
 * Datagrams move in batches (xs_recv_batch / xs_send_batch: recvmmsg and
 * sendmmsg on Linux, one per call elsewhere), each in a slot big enough
 * for the largest, so none is ever cut.
 *
 * The loop and reflection guard: a datagram is not answered when its
 * source port is 0 (no one can receive there: a forged or broken sender),
 * a classic service port that answers datagrams or sends its own (echo 7,
 * discard 9, daytime 13, chargen 19, time 37), or a port one of this
 * server's UDP sockets is bound to (another server like this one).
 * Otherwise a datagram forged with such a source would make two servers
 * answer each other forever. Then the rate limit (ratelimit.h), when one
 * is set. Datagrams either leaves unanswered are counted; -v logs the
 * first from each source and the counts at stop.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ratelimit.h"
#include "srv.h"
#include "stop.h"
#include "sys.h"
#include "thread.h"

/* Datagrams served per call before going back to the poll. */
#define UDP_BURST 64

struct udp_thread {
  app_thread thread;
  server *srv;
  unsigned char *buf;
};

/* What every UDP socket shares (one thread serves them all; the counts are
 * atomic for the summary). */
static struct {
  uint16_t ports[SRV_MAX_SOCKETS]; /* the server's own UDP ports */
  size_t n_ports;
  long rate;
  rate_table *table;
  atomic_uint_fast64_t guarded; /* not answered: the guard */
  atomic_uint_fast64_t limited; /* not answered: the rate limit */
} udp;

int udp_setup(const server *srv) {
  udp.n_ports = 0;
  for (size_t i = 0; i < srv->n_socks; i++)
    if (srv->socks[i].kind == SRV_UDP)
      udp.ports[udp.n_ports++] = xs_addr_port(&srv->socks[i].local);
  udp.rate = srv->cfg.udp_rate;
  atomic_init(&udp.guarded, 0);
  atomic_init(&udp.limited, 0);
  udp.table = NULL;
  if (udp.n_ports == 0)
    return 0;
  udp.table = rate_open(udp.rate);
  if (udp.table == NULL) {
    log_error("udp: out of memory");
    return -1;
  }
  return 0;
}

void udp_teardown(void) {
  rate_close(udp.table);
  udp.table = NULL;
}

/* Whether the guard lets a datagram from this source be answered. */
static int guard_passes(const xs_addr *from) {
  uint16_t port = xs_addr_port(from); /* 0 for a sender with no address */
  switch (port) {
  case 0:
  case 7:  /* echo */
  case 9:  /* discard */
  case 13: /* daytime */
  case 19: /* chargen */
  case 37: /* time */
    return 0;
  default:
    break;
  }
  for (size_t i = 0; i < udp.n_ports; i++)
    if (port == udp.ports[i])
      return 0;
  return 1;
}

static void log_source(const char *head, const xs_addr *from, int with_port,
                       const char *tail) {
  char text[XS_ADDR_STRLEN];
  char what[XS_ADDR_STRLEN + 80];
  int rc = with_port ? xs_addr_format(from, text, sizeof text)
                     : xs_addr_format_ip(from, text, sizeof text);
  if (rc != 0)
    snprintf(text, sizeof text, "%s", "?");
  snprintf(what, sizeof what, "udp: %s %s%s", head, text, tail);
  log_error(what);
}

/* Whether a datagram from this source may be answered now. */
static int may_answer(const xs_addr *from, uint64_t *now_us) {
  if (*now_us == 0)
    *now_us = app_now_us();
  if (!guard_passes(from)) {
    atomic_fetch_add_explicit(&udp.guarded, 1, memory_order_relaxed);
    if (log_is_verbose() && rate_first_guarded(udp.table, from, *now_us))
      log_source("not answering", from, 1, " (loop guard)");
    return 0;
  }
  int started = 0;
  if (rate_allow(udp.table, from, *now_us, &started))
    return 1;
  atomic_fetch_add_explicit(&udp.limited, 1, memory_order_relaxed);
  if (started && log_is_verbose()) {
    char tail[48];
    snprintf(tail, sizeof tail, " (%ld replies/s)", udp.rate);
    log_source("rate limit for", from, 0, tail);
  }
  return 0;
}

/* Answer the got datagrams received into m, less those the guard or the
 * rate limit drop and those the service does not answer; a full send
 * buffer drops the rest, as UDP may. */
static void answer_batch(srv_socket *e, uint64_t *state, xs_dgram *m,
                         size_t got) {
  size_t keep = 0;
  uint64_t now = 0;
  for (size_t i = 0; i < got; i++) {
    if (!may_answer(&m[i].addr, &now))
      continue;
    long len = e->svc->on_datagram != NULL
                   ? e->svc->on_datagram(state, m[i].buf, m[i].n, m[i].len)
                   : -1;
    if (len < 0)
      continue;
    if (keep != i)
      m[keep] = m[i];
    m[keep].len = (size_t)len; /* the sender is already in m[keep].addr */
    keep++;
  }
  size_t done = 0;
  for (size_t first = 0; first < keep; first += done) {
    done = 0;
    if (xs_send_batch(e->sock, m + first, keep - first, &done) != 0)
      return;
  }
}

void udp_serve_pending(srv_socket *e, uint64_t *state, unsigned char *area) {
  xs_dgram m[SRV_UDP_BATCH];
  for (int seen = 0; seen < UDP_BURST;) {
    for (size_t i = 0; i < SRV_UDP_BATCH; i++) {
      m[i].buf = area + i * SRV_UDP_BUF;
      m[i].len = SRV_UDP_BUF;
    }
    size_t got = 0;
    int rc = xs_recv_batch(e->sock, m, SRV_UDP_BATCH, &got);
    if (rc == XS_EAGAIN)
      return;
    seen += (int)(got > 0 ? got : 1);
    if (rc != 0)
      continue; /* a bad datagram or a stray ICMP report: go on */
    answer_batch(e, state, m, got);
  }
}

void udp_log_summary(void) {
  static const char *const causes[] = {"loop guard", "rate limit"};
  uint64_t counts[2] = {atomic_load(&udp.guarded), atomic_load(&udp.limited)};
  for (size_t i = 0; i < 2; i++) {
    char num[24];
    char what[120];
    if (!log_is_verbose() || counts[i] == 0)
      continue;
    snprintf(what, sizeof what, "udp: %s datagrams not answered (%s)",
             log_u64(counts[i], num, sizeof num), causes[i]);
    log_error(what);
  }
}

static void udp_main(void *arg) {
  struct udp_thread *t = arg;
  xs_pollfd p[SRV_MAX_SOCKETS + 1];
  srv_socket *socks[SRV_MAX_SOCKETS + 1];
  uint64_t states[SRV_MAX_SOCKETS + 1];
  size_t n = 0;
  p[n++] = (xs_pollfd){app_stop_socket(), XS_POLLIN, 0};
  for (size_t i = 0; i < t->srv->n_socks; i++)
    if (t->srv->socks[i].kind == SRV_UDP) {
      socks[n] = &t->srv->socks[i];
      states[n] = 0;
      p[n++] = (xs_pollfd){t->srv->socks[i].sock, XS_POLLIN, 0};
    }
  for (;;) {
    int ready = 0;
    int rc = xs_poll(p, n, XS_INFINITE, &ready);
    if (rc != 0) {
      log_error2("udp: poll failed", xs_strerror(rc));
      app_stop_request();
      return;
    }
    if (p[0].revents != 0)
      return;
    for (size_t i = 1; i < n; i++)
      if (p[i].revents != 0)
        udp_serve_pending(socks[i], &states[i], t->buf);
  }
}

int udp_thread_start(server *srv, udp_thread **out) {
  *out = NULL;
  if (srv_count(srv, 0) == 0)
    return 1;
  struct udp_thread *t = calloc(1, sizeof *t);
  if (t != NULL)
    t->buf = malloc(SRV_UDP_AREA);
  if (t == NULL || t->buf == NULL) {
    if (t != NULL)
      free(t);
    log_error("udp: out of memory");
    return -1;
  }
  t->srv = srv;
  if (app_thread_start(&t->thread, udp_main, t) != 0) {
    free(t->buf);
    free(t);
    log_error("udp: cannot start a thread");
    return -1;
  }
  *out = t;
  return 0;
}

void udp_thread_join(udp_thread *t) {
  if (t == NULL)
    return;
  app_thread_join(&t->thread);
  free(t->buf);
  free(t);
}
