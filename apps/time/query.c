/* SPDX-License-Identifier: MIT */
/*
 * query.c - one exchange with a daytime or time server, all of it within
 * the --timeout deadline (name resolution aside: the system's resolver is
 * not bounded by it).
 *   TCP: each address of HOST in turn until one accepts (connect with the
 *        time left), then read until the server closes, at most
 *        TIME_ANSWER_MAX bytes: a longer answer is malformed and is read no
 *        further.
 *   UDP: the first address of HOST a UDP socket opens for; one empty
 *        datagram (RFC 868 asks for an empty one, RFC 867 for any), then
 *        the first reply that comes from the server's address and port;
 *        datagrams from anyone else are ignored.
 * The round trip runs from just before the connect (TCP) or the send (UDP)
 * to the first byte of the answer.
 */
#include <string.h>
#include <time.h>

#include "sys.h"
#include "xstime.h"

typedef struct query {
  const time_config *cfg;
  query_result *r;
  uint64_t deadline_us;
  uint64_t start_us;
  char name[XS_ADDR_STRLEN]; /* the address tried, for messages */
} query;

/* Milliseconds left before the deadline (0 when it has passed). */
static int left_ms(const query *q) {
  uint64_t now = app_now_us();
  if (now >= q->deadline_us)
    return 0;
  return (int)((q->deadline_us - now + 999) / 1000);
}

static void start_clock(query *q) {
  q->r->local_start_us = app_wall_us();
  q->r->local_start = q->r->local_start_us / 1000000;
  q->start_us = app_now_us();
}

/* The addresses of cfg->host with cfg->port: a numeric address as it is
 * (an IPv6 zone too), a name through the resolver. */
static int addresses(const time_config *cfg, xs_addr **list, size_t *count) {
  xs_resolve_hints hints;
  size_t i;
  int rc;
  memset(&hints, 0, sizeof hints);
  hints.family = XS_AF_UNSPEC;
  hints.socktype = cfg->udp ? XS_SOCK_DGRAM : XS_SOCK_STREAM;
  rc = xs_resolve(cfg->host, NULL, &hints, list, count);
  if (rc != 0) {
    time_error("cannot resolve %s: %s", cfg->host, xs_strerror(rc));
    return -1;
  }
  for (i = 0; i < *count; i++)
    (void)xs_addr_set_port(&(*list)[i], cfg->port);
  return 0;
}

/* Wait until sock is readable or the deadline passes: 1 ready, 0 timed
 * out, -1 on an error (printed). */
static int wait_readable(query *q, xs_socket_t sock) {
  xs_pollfd p;
  int ready = 0, rc;
  p.sock = sock;
  p.events = XS_POLLIN;
  p.revents = 0;
  rc = xs_poll(&p, 1, left_ms(q), &ready);
  if (rc != 0) {
    time_error("waiting for %s failed: %s", q->name, xs_strerror(rc));
    return -1;
  }
  return ready > 0 ? 1 : 0;
}

/* Read the TCP answer until the server closes it. */
static int tcp_read(query *q, xs_socket_t sock) {
  query_result *r = q->r;
  for (;;) {
    size_t got = 0;
    int rc = wait_readable(q, sock);
    if (rc < 0)
      return -1;
    if (rc == 0) {
      if (r->len == 0)
        time_error("no answer from %s within %d ms", q->name,
                   q->cfg->timeout_ms);
      else
        time_error("the answer from %s did not end within %d ms (%lu bytes "
                   "so far)",
                   q->name, q->cfg->timeout_ms, (unsigned long)r->len);
      return -1;
    }
    rc = xs_recv(sock, r->answer + r->len, sizeof r->answer - r->len, &got);
    if (rc != 0) {
      time_error("receiving from %s failed: %s", q->name, xs_strerror(rc));
      return -1;
    }
    if (got == 0)
      return 0; /* the server closed: the answer is whole */
    if (r->len == 0)
      r->rtt_us = app_now_us() - q->start_us;
    r->len += got;
    if (r->len > TIME_ANSWER_MAX) {
      time_error("malformed %s answer from %s: longer than %d bytes",
                 time_proto_name(q->cfg->proto), q->name, TIME_ANSWER_MAX);
      return -1;
    }
  }
}

static int tcp_query(query *q, const xs_addr *list, size_t count) {
  xs_socket_t sock = XS_INVALID_SOCKET;
  size_t i;
  int rc = XS_ETIMEDOUT;
  for (i = 0; i < count && left_ms(q) > 0; i++) {
    (void)xs_addr_format(&list[i], q->name, sizeof q->name);
    start_clock(q);
    rc = xs_dial(&list[i], left_ms(q), &sock);
    if (rc == 0) {
      q->r->server = list[i];
      break;
    }
  }
  if (rc != 0) {
    if (rc == XS_ETIMEDOUT)
      time_error("cannot connect to %s (%s): no answer within %d ms",
                 q->cfg->target, q->name, q->cfg->timeout_ms);
    else
      time_error("cannot connect to %s (%s): %s", q->cfg->target, q->name,
                 xs_strerror(rc));
    return -1;
  }
  rc = tcp_read(q, sock);
  (void)xs_close(sock);
  return rc;
}

/* Receive datagrams until one comes from the server. */
static int udp_receive(query *q, xs_socket_t sock) {
  query_result *r = q->r;
  unsigned long ignored = 0;
  for (;;) {
    xs_addr from;
    int rc = wait_readable(q, sock);
    if (rc < 0)
      return -1;
    if (rc == 0) {
      time_error("no answer from %s within %d ms (%lu datagrams from other "
                 "sources ignored)",
                 q->name, q->cfg->timeout_ms, ignored);
      return -1;
    }
    rc = xs_recvfrom(sock, r->answer, sizeof r->answer, &from, &r->len);
    if (rc != 0 && rc != XS_EMSGSIZE) {
      time_error("receiving from %s failed: %s", q->name, xs_strerror(rc));
      return -1;
    }
    if (!xs_addr_equal(&from, &r->server)) {
      ignored++;
      continue;
    }
    r->rtt_us = app_now_us() - q->start_us;
    if (rc == XS_EMSGSIZE || r->len > TIME_ANSWER_MAX) {
      time_error("malformed %s answer from %s: longer than %d bytes",
                 time_proto_name(q->cfg->proto), q->name, TIME_ANSWER_MAX);
      return -1;
    }
    return 0;
  }
}

static int udp_query(query *q, const xs_addr *list, size_t count) {
  xs_socket_t sock = XS_INVALID_SOCKET;
  size_t i, sent = 0;
  int rc = XS_EAFNOSUPPORT;
  for (i = 0; i < count; i++) {
    rc = xs_socket_open(list[i].family, XS_SOCK_DGRAM, &sock);
    if (rc == 0)
      break;
  }
  if (rc != 0) {
    time_error("cannot open a UDP socket for %s: %s", q->cfg->target,
               xs_strerror(rc));
    return -1;
  }
  q->r->server = list[i];
  (void)xs_addr_format(&list[i], q->name, sizeof q->name);
  start_clock(q);
  rc = xs_sendto(sock, NULL, 0, &q->r->server, &sent);
  if (rc != 0) {
    time_error("cannot send to %s: %s", q->name, xs_strerror(rc));
    (void)xs_close(sock);
    return -1;
  }
  rc = udp_receive(q, sock);
  (void)xs_close(sock);
  return rc;
}

int query_run(const time_config *cfg, query_result *r) {
  query q;
  xs_addr *list = NULL;
  size_t count = 0;
  int rc;
  memset(r, 0, sizeof *r);
  memset(&q, 0, sizeof q);
  q.cfg = cfg;
  q.r = r;
  if (addresses(cfg, &list, &count) != 0)
    return -1;
  q.deadline_us = app_now_us() + (uint64_t)cfg->timeout_ms * 1000u;
  rc = cfg->udp ? udp_query(&q, list, count) : tcp_query(&q, list, count);
  xs_addr_list_free(list);
  return rc;
}
