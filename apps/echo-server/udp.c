/* SPDX-License-Identifier: MIT */
/*
 * udp.c - the UDP echo: every datagram (0 to 65507 bytes) goes back to its
 * sender unchanged. udp_echo_pending() serves one socket for a while and
 * returns (the events loop calls it); the iterative and threads models run
 * it in a thread of its own that polls [UDP sockets..., stop socket].
 * Datagrams move in batches (xs_recv_batch / xs_send_batch: recvmmsg and
 * sendmmsg on Linux, one per call elsewhere), each in a slot big enough
 * for the largest, so none is ever cut.
 *
 * The loop and reflection guard: a datagram is not answered when its
 * source port is 0 (no one can receive there: a forged or broken sender),
 * a classic service port that answers datagrams or sends its own (echo 7,
 * discard 9, daytime 13, chargen 19, time 37), or the port this socket is
 * bound to (another echo server like this one). Otherwise a datagram
 * forged with such a source would make two servers answer each other
 * forever. Unanswered datagrams are counted; -v prints the count at stop.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "server.h"
#include "stop.h"
#include "thread.h"

/* Datagrams echoed per call before going back to the poll. */
#define UDP_BURST 64

struct udp_thread {
  app_thread thread;
  server *srv;
  unsigned char *buf;
};

/* Datagrams the guard left unanswered, every socket's. */
static atomic_uint_fast64_t udp_unanswered;

/* Whether a datagram from this source may be answered (see the top). */
static int may_answer(const xs_addr *from, uint16_t own_port) {
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
    return port != own_port;
  }
}

/* Send back the got datagrams received into m, less those the guard
 * drops; a full send buffer drops the rest, as UDP may. */
static void echo_batch(xs_socket_t sock, uint16_t own_port, xs_dgram *m,
                       size_t got) {
  size_t keep = 0;
  for (size_t i = 0; i < got; i++) {
    if (!may_answer(&m[i].addr, own_port)) {
      atomic_fetch_add_explicit(&udp_unanswered, 1, memory_order_relaxed);
      continue;
    }
    if (keep != i)
      m[keep] = m[i];
    m[keep].len = m[keep].n; /* the sender is already in m[keep].addr */
    keep++;
  }
  size_t done = 0;
  for (size_t first = 0; first < keep; first += done) {
    done = 0;
    if (xs_send_batch(sock, m + first, keep - first, &done) != 0)
      return;
  }
}

void udp_echo_pending(xs_socket_t sock, uint16_t own_port,
                      unsigned char *area) {
  xs_dgram m[SRV_UDP_BATCH];
  for (int seen = 0; seen < UDP_BURST;) {
    for (size_t i = 0; i < SRV_UDP_BATCH; i++) {
      m[i].buf = area + i * SRV_UDP_BUF;
      m[i].len = SRV_UDP_BUF;
    }
    size_t got = 0;
    int rc = xs_recv_batch(sock, m, SRV_UDP_BATCH, &got);
    if (rc == XS_EAGAIN)
      return;
    seen += (int)(got > 0 ? got : 1);
    if (rc != 0)
      continue; /* a bad datagram or a stray ICMP report: go on */
    echo_batch(sock, own_port, m, got);
  }
}

void udp_log_summary(void) {
  uint64_t n = atomic_load(&udp_unanswered);
  char num[24];
  char what[120];
  if (!log_is_verbose() || n == 0)
    return;
  snprintf(what, sizeof what,
           "udp: %s datagrams not answered (source port 0, 7, 9, 13, 19, "
           "37 or the server's own)",
           log_u64(n, num, sizeof num));
  log_error(what);
}

static void udp_main(void *arg) {
  struct udp_thread *t = arg;
  xs_pollfd p[SRV_MAX_SOCKETS + 1];
  uint16_t ports[SRV_MAX_SOCKETS + 1];
  size_t n = 0;
  p[n++] = (xs_pollfd){app_stop_socket(), XS_POLLIN, 0};
  for (size_t i = 0; i < t->srv->n_socks; i++)
    if (t->srv->socks[i].kind == SRV_UDP) {
      ports[n] = xs_addr_port(&t->srv->socks[i].local);
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
        udp_echo_pending(p[i].sock, ports[i], t->buf);
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
