/*
 * udp.c - the UDP echo: every datagram (0 to 65507 bytes) goes back to its
 * sender unchanged. udp_echo_pending() serves one socket for a while and
 * returns (the events loop calls it); the iterative and threads models run
 * it in a thread of its own that polls [UDP sockets..., stop socket].
 * Datagrams move in batches (xs_recv_batch / xs_send_batch: recvmmsg and
 * sendmmsg on Linux, one per call elsewhere), each in a slot big enough
 * for the largest, so none is ever cut.
 */
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

/* Send back the got datagrams received into m; a full send buffer drops
 * the rest, as UDP may. */
static void echo_batch(xs_socket_t sock, xs_dgram *m, size_t got) {
  for (size_t i = 0; i < got; i++)
    m[i].len = m[i].n; /* the sender is already in m[i].addr */
  size_t done = 0;
  for (size_t first = 0; first < got; first += done) {
    done = 0;
    if (xs_send_batch(sock, m + first, got - first, &done) != 0)
      return;
  }
}

void udp_echo_pending(xs_socket_t sock, unsigned char *area) {
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
    echo_batch(sock, m, got);
  }
}

static void udp_main(void *arg) {
  struct udp_thread *t = arg;
  xs_pollfd p[SRV_MAX_SOCKETS + 1];
  size_t n = 0;
  p[n++] = (xs_pollfd){app_stop_socket(), XS_POLLIN, 0};
  for (size_t i = 0; i < t->srv->n_socks; i++)
    if (t->srv->socks[i].kind == SRV_UDP)
      p[n++] = (xs_pollfd){t->srv->socks[i].sock, XS_POLLIN, 0};
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
        udp_echo_pending(p[i].sock, t->buf);
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
