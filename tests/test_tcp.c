/* SPDX-License-Identifier: MIT */
/*
 * test_tcp.c - loopback TCP through the public API: listen, dial, accept,
 * echo over IPv4 and IPv6, bulk transfer with xs_send_all/xs_recv_all,
 * refused connects, timeouts, address reuse, half-close, would-block,
 * broken pipe, xs_dial_host and argument errors.
 */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every wait in this file is bounded by this many milliseconds. */
#define WAIT_MS 5000
/* Size of the bulk transfer. */
#define BULK_LEN ((size_t)4 * 1024 * 1024)

/* Listen on loopback of family, dial, accept with the peer address and
 * echo both ways; check every address the API reports. */
static void echo_family(int family) {
  xs_socket_t l, c, s;
  xs_addr any, la, peer, cl, cp, sl;
  XS_OK_(xs_addr_loopback(&any, family, 0));
  XS_OK_(xs_listen(&any, 8, &l));
  XS_OK_(xs_socket_local_addr(l, &la));
  assert_int_equal(xs_addr_family(&la), family);
  assert_int_not_equal(xs_addr_port(&la), 0);
  XS_OK_(xs_dial(&la, WAIT_MS, &c));
  XS_OK_(xs_socket_accept(l, &s, &peer));
  XS_OK_(xs_socket_local_addr(c, &cl));
  assert_true(xs_addr_equal(&peer, &cl)); /* accept's peer is the client */
  XS_OK_(xs_socket_peer_addr(c, &cp));
  assert_true(xs_addr_equal(&cp, &la)); /* the client's peer is the server */
  XS_OK_(xs_socket_local_addr(s, &sl));
  assert_true(xs_addr_equal(&sl, &la));
  XS_OK_(xs_socket_peer_addr(s, &cp));
  assert_true(xs_addr_equal(&cp, &cl));
  xs_test_send_check(c, s, "ping from the client");
  xs_test_send_check(s, c, "pong from the server");
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
}

static void test_tcp_echo_ipv4(void **state) {
  (void)state;
  echo_family(XS_AF_INET);
}

static void test_tcp_echo_ipv6(void **state) {
  (void)state;
  xs_test_need_ipv6();
  echo_family(XS_AF_INET6);
}

/*
 * 4 MiB from a nonblocking sender to a blocking receiver in one thread:
 * xs_send_all with a short deadline sends what the kernel buffers take
 * (XS_ETIMEDOUT with the count so far), then xs_recv_all reads exactly
 * that much, which is all in flight on loopback. Bounded by round count.
 */
static void test_tcp_bulk_send_all_recv_all(void **state) {
  xs_socket_t c, s;
  unsigned char *out = malloc(BULK_LEN);
  unsigned char *in = malloc(BULK_LEN);
  size_t off = 0, roff = 0;
  int rounds = 0;
  (void)state;
  assert_non_null(out);
  assert_non_null(in);
  xs_test_pattern(out, BULK_LEN, 0x5eed);
  memset(in, 0, BULK_LEN);
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_socket_set_nonblocking(c, 1));
  while (off < BULK_LEN && rounds++ < 20000) {
    size_t sent = 0, got = 0;
    int rc = xs_send_all(c, out + off, BULK_LEN - off, 20, &sent);
    if (rc != XS_ETIMEDOUT)
      XS_OK_(rc);
    assert_true(sent <= BULK_LEN - off);
    if (rc == 0)
      assert_int_equal(sent, BULK_LEN - off); /* 0 means every byte */
    off += sent;
    XS_OK_(xs_recv_all(s, in + roff, off - roff, WAIT_MS, &got));
    assert_int_equal(got, off - roff);
    roff = off;
  }
  assert_int_equal(off, BULK_LEN);
  assert_true(xs_test_pattern_ok(in, BULK_LEN, 0x5eed));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  free(out);
  free(in);
}

/* Dial (and a blocking xs_socket_connect) to a port just closed. */
static void test_tcp_connect_refused(void **state) {
  xs_addr a;
  xs_socket_t c = XS_INVALID_SOCKET;
  (void)state;
  xs_test_refused_addr(XS_AF_INET, &a);
  XS_ERR_(XS_ECONNREFUSED, xs_dial(&a, WAIT_MS, &c));
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &c));
  XS_ERR_(XS_ECONNREFUSED, xs_socket_connect(c, &a));
  XS_OK_(xs_close(c));
}

/* A refused dial with a deadline: refused is reported (not timed out), and
 * before the deadline. */
static void test_tcp_dial_refused_with_timeout(void **state) {
  xs_addr a;
  xs_socket_t c = XS_INVALID_SOCKET;
  long long t0, dt;
  (void)state;
  xs_test_refused_addr(XS_AF_INET, &a);
  t0 = xs_test_now_ms();
  XS_ERR_(XS_ECONNREFUSED, xs_dial(&a, WAIT_MS, &c));
  dt = xs_test_now_ms() - t0;
  assert_true(dt < WAIT_MS);
}

/* xs_recv_all times out with nothing received; a partial receive reports
 * its count on failure too. */
static void test_tcp_recv_all_timeout(void **state) {
  xs_socket_t c, s;
  char buf[16];
  size_t got = 99, sent = 0;
  long long t0, dt;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  t0 = xs_test_now_ms();
  XS_ERR_(XS_ETIMEDOUT, xs_recv_all(s, buf, sizeof buf, 300, &got));
  dt = xs_test_now_ms() - t0;
  assert_int_equal(got, 0);
  assert_true(dt >= 240);
  assert_true(dt < WAIT_MS);
  XS_OK_(xs_send(c, "abc", 3, &sent));
  assert_int_equal(sent, 3);
  got = 99;
  XS_ERR_(XS_ETIMEDOUT, xs_recv_all(s, buf, sizeof buf, 300, &got));
  assert_int_equal(got, 3);
  assert_memory_equal(buf, "abc", 3);
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
}

/* A second live listener on the same address and port. */
static void test_tcp_addr_in_use(void **state) {
  xs_socket_t l, l2 = XS_INVALID_SOCKET;
  xs_addr a;
  (void)state;
  xs_test_listener(XS_AF_INET, &l, &a);
  XS_ERR_(XS_EADDRINUSE, xs_listen(&a, 8, &l2));
  XS_OK_(xs_close(l));
}

/* The server closes first, so its side of the connection sits in
 * TIME_WAIT; a restarted listener on the same port binds at once. */
static void test_tcp_restart_after_time_wait(void **state) {
  xs_socket_t l, c, s, l2, c2, s2;
  xs_addr a, a2;
  char b;
  size_t n = 99;
  (void)state;
  xs_test_listener(XS_AF_INET, &l, &a);
  xs_test_connect(l, &a, &c, &s);
  xs_test_send_check(c, s, "x");
  XS_OK_(xs_close(s)); /* active close on the server side */
  XS_OK_(xs_socket_set_recv_timeout(c, WAIT_MS));
  XS_OK_(xs_recv(c, &b, 1, &n)); /* the FIN arrived */
  assert_int_equal(n, 0);
  XS_OK_(xs_close(c)); /* now the server's end goes to TIME_WAIT */
  xs_test_sleep_ms(50);
  XS_OK_(xs_close(l));
  XS_OK_(xs_listen(&a, 8, &l2));
  XS_OK_(xs_socket_local_addr(l2, &a2));
  assert_true(xs_addr_equal(&a, &a2));
  xs_test_connect(l2, &a, &c2, &s2);
  xs_test_send_check(c2, s2, "again");
  XS_OK_(xs_close(c2));
  XS_OK_(xs_close(s2));
  XS_OK_(xs_close(l2));
}

/* The client shuts down its sending side: the server reads the data, then
 * end of stream, and can still answer. */
static void test_tcp_half_close(void **state) {
  xs_socket_t c, s;
  char buf[16];
  size_t n = 99, got = 99;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_socket_set_recv_timeout(s, WAIT_MS)); /* bound blocking recv */
  XS_OK_(xs_socket_set_recv_timeout(c, WAIT_MS));
  XS_OK_(xs_send(c, "request", 7, &n));
  assert_int_equal(n, 7);
  XS_OK_(xs_socket_shutdown(c, XS_SHUT_WR));
  XS_OK_(xs_recv_all(s, buf, 7, WAIT_MS, &got));
  assert_memory_equal(buf, "request", 7);
  n = 99;
  XS_OK_(xs_recv(s, buf, sizeof buf, &n));
  assert_int_equal(n, 0); /* end of stream */
  got = 99;
  XS_ERR_(XS_EOF, xs_recv_all(s, buf, 1, WAIT_MS, &got));
  assert_int_equal(got, 0);
  xs_test_send_check(s, c, "reply");
  XS_OK_(xs_close(s));
  n = 99;
  XS_OK_(xs_recv(c, buf, sizeof buf, &n));
  assert_int_equal(n, 0);
  XS_OK_(xs_close(c));
}

/* Nonblocking recv with no data and nonblocking accept with nothing queued
 * give XS_EAGAIN; the accepted socket is blocking whatever the listener. */
static void test_tcp_would_block(void **state) {
  xs_socket_t l, c, s, c2, s2 = XS_INVALID_SOCKET;
  xs_addr a;
  xs_pollfd pfd;
  char buf[8];
  size_t n;
  int ready = 0;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_socket_set_nonblocking(s, 1));
  XS_ERR_(XS_EAGAIN, xs_recv(s, buf, sizeof buf, &n));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));

  xs_test_listener(XS_AF_INET, &l, &a);
  XS_OK_(xs_socket_set_nonblocking(l, 1));
  XS_ERR_(XS_EAGAIN, xs_socket_accept(l, &s2, NULL));
  XS_OK_(xs_dial(&a, WAIT_MS, &c2));
  pfd.sock = l;
  pfd.events = XS_POLLIN;
  pfd.revents = 0;
  XS_OK_(xs_poll(&pfd, 1, WAIT_MS, &ready));
  assert_int_equal(ready, 1);
  XS_OK_(xs_socket_accept(l, &s2, NULL));
  XS_OK_(xs_socket_set_recv_timeout(s2, 100));
  XS_ERR_(XS_ETIMEDOUT, xs_recv(s2, buf, sizeof buf, &n)); /* not EAGAIN */
  XS_OK_(xs_close(c2));
  XS_OK_(xs_close(s2));
  XS_OK_(xs_close(l));
}

/*
 * Sending to a peer that closed: the first sends may still succeed (the
 * peer answers them with a reset); a later one fails. Both XS_EPIPE and
 * XS_ECONNRESET are accepted (io.h: XS_EPIPE, or XS_ECONNRESET if the peer
 * reset the connection). SIGPIPE is set to its default action first, so a
 * library that let it through would kill this process.
 */
static void test_tcp_send_after_peer_closed(void **state) {
  xs_socket_t c, s;
  char buf[1024];
  int rc = 0, i;
  size_t n;
  (void)state;
#ifdef SIGPIPE
  assert_true(signal(SIGPIPE, SIG_DFL) != SIG_ERR);
#endif
  memset(buf, 'p', sizeof buf);
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_close(s));
  for (i = 0; i < 500 && rc == 0; i++) {
    rc = xs_send(c, buf, sizeof buf, &n);
    if (rc == 0)
      xs_test_sleep_ms(5);
  }
  if (rc != XS_EPIPE && rc != XS_ECONNRESET) {
    print_error("send after peer close returned %d (%s) after %d sends\n", rc,
                xs_err_name(rc), i);
    fail();
  }
  XS_OK_(xs_close(c));
}

/* A receive timeout on a blocking socket ends a blocking recv. */
static void test_tcp_recv_timeout(void **state) {
  xs_socket_t c, s;
  char buf[8];
  size_t n = 99;
  long long t0, dt;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_socket_set_recv_timeout(s, 200));
  t0 = xs_test_now_ms();
  XS_ERR_(XS_ETIMEDOUT, xs_recv(s, buf, sizeof buf, &n));
  dt = xs_test_now_ms() - t0;
  assert_true(dt >= 160);
  assert_true(dt < WAIT_MS);
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
}

/* The family of the last address "localhost" resolves to (stream). */
static int localhost_last_family(size_t *count) {
  xs_resolve_hints hints;
  xs_addr *list = NULL;
  int family;
  memset(&hints, 0, sizeof hints);
  hints.socktype = XS_SOCK_STREAM;
  XS_OK_(xs_resolve("localhost", "1", &hints, &list, count));
  assert_true(*count >= 1);
  family = xs_addr_family(&list[*count - 1]);
  xs_addr_list_free(list);
  return family;
}

/* "localhost" may resolve to ::1 first while the server is on 127.0.0.1
 * (or the other way round): xs_dial_host must go on to the next address.
 * The server listens on the family of the last resolved address, so every
 * earlier one is refused first whenever there are several. */
static void test_tcp_dial_host_localhost(void **state) {
  xs_socket_t l, c, s;
  xs_addr a, cp;
  char port[16];
  size_t count = 0;
  int family;
  (void)state;
  family = localhost_last_family(&count);
  assert_true(family == XS_AF_INET || family == XS_AF_INET6);
  printf("localhost: %u address(es); listening on the last (%s)\n",
         (unsigned)count, family == XS_AF_INET ? "IPv4" : "IPv6");
  xs_test_listener(family, &l, &a);
  snprintf(port, sizeof port, "%u", (unsigned)xs_addr_port(&a));
  XS_OK_(xs_dial_host("localhost", port, XS_AF_UNSPEC, WAIT_MS, &c));
  XS_OK_(xs_socket_accept(l, &s, NULL));
  XS_OK_(xs_socket_peer_addr(c, &cp));
  assert_true(xs_addr_equal(&cp, &a));
  xs_test_send_check(c, s, "by name");
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
  if (family != XS_AF_INET) {
    /* the case the brief names: server on 127.0.0.1 only */
    xs_test_listener(XS_AF_INET, &l, &a);
    snprintf(port, sizeof port, "%u", (unsigned)xs_addr_port(&a));
    XS_OK_(xs_dial_host("localhost", port, XS_AF_UNSPEC, WAIT_MS, &c));
    XS_OK_(xs_socket_accept(l, &s, NULL));
    xs_test_send_check(s, c, "by name, IPv4");
    XS_OK_(xs_close(c));
    XS_OK_(xs_close(s));
    XS_OK_(xs_close(l));
  }
}

static void test_tcp_dial_host_refused(void **state) {
  xs_addr a;
  xs_socket_t c = XS_INVALID_SOCKET;
  char port[16];
  (void)state;
  xs_test_refused_addr(XS_AF_INET, &a);
  snprintf(port, sizeof port, "%u", (unsigned)xs_addr_port(&a));
  XS_ERR_(XS_ECONNREFUSED,
          xs_dial_host("127.0.0.1", port, XS_AF_UNSPEC, WAIT_MS, &c));
}

/* NULL out-parameters and addresses are XS_EINVAL, never a crash. */
static void test_tcp_invalid_arguments(void **state) {
  xs_socket_t l, c, s;
  xs_addr a, zero;
  char buf[4] = "abc";
  size_t n;
  (void)state;
  memset(&zero, 0, sizeof zero);
  xs_test_listener(XS_AF_INET, &l, &a);
  XS_ERR_(XS_EINVAL, xs_listen(NULL, 8, &c));
  XS_ERR_(XS_EINVAL, xs_listen(&a, 8, NULL));
  XS_ERR_(XS_EINVAL, xs_dial(NULL, WAIT_MS, &c));
  XS_ERR_(XS_EINVAL, xs_dial(&a, WAIT_MS, NULL));
  XS_ERR_(XS_EINVAL, xs_dial(&zero, WAIT_MS, &c));
  XS_ERR_(XS_EINVAL,
          xs_dial_host("127.0.0.1", "1", XS_AF_UNSPEC, WAIT_MS, NULL));
  XS_ERR_(XS_EINVAL, xs_socket_accept(l, NULL, NULL));
  XS_ERR_(XS_EINVAL, xs_socket_local_addr(l, NULL));
  XS_OK_(xs_close(l));
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_ERR_(XS_EINVAL, xs_send(c, NULL, 3, &n));
  XS_ERR_(XS_EINVAL, xs_send(c, buf, 3, NULL));
  XS_ERR_(XS_EINVAL, xs_recv(s, NULL, 3, &n));
  XS_ERR_(XS_EINVAL, xs_socket_peer_addr(c, NULL));
  XS_ERR_(XS_EINVAL, xs_socket_shutdown(c, 7));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
}

static void test_tcp_close_invalid_socket(void **state) {
  (void)state;
  XS_ERR_(XS_EBADF, xs_close(XS_INVALID_SOCKET));
}

/* ":0" is the IPv6 any address and a dual-stack listener: IPv4 and IPv6
 * clients both reach it. */
static void test_tcp_dual_stack(void **state) {
  xs_socket_t l, c, s;
  xs_addr any, la, v4, v6;
  int v6only = -1;
  (void)state;
  xs_test_need_ipv6();
  XS_OK_(xs_addr_parse(&any, ":0"));
  assert_int_equal(xs_addr_family(&any), XS_AF_INET6);
  XS_OK_(xs_listen(&any, 8, &l));
  XS_OK_(xs_socket_local_addr(l, &la));
  assert_int_equal(xs_addr_family(&la), XS_AF_INET6);
  XS_OK_(xs_socket_get_v6only(l, &v6only));
  assert_int_equal(v6only, 0);
  XS_OK_(xs_addr_loopback(&v4, XS_AF_INET, xs_addr_port(&la)));
  xs_test_connect(l, &v4, &c, &s);
  xs_test_send_check(c, s, "over IPv4");
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_addr_loopback(&v6, XS_AF_INET6, xs_addr_port(&la)));
  xs_test_connect(l, &v6, &c, &s);
  xs_test_send_check(s, c, "over IPv6");
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
}

/* Nonblocking from the first call: a socket opened, and one accepted,
 * with XS_SOCK_NONBLOCK answer XS_EAGAIN at once; the default stays
 * blocking; an unknown flag is an argument error. */
static void test_tcp_nonblocking_in_one_call(void **state) {
  xs_socket_t l, c, s, s2, u;
  xs_addr a;
  char b;
  size_t n = 0;
  (void)state;
  xs_test_listener(XS_AF_INET, &l, &a);
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM | XS_SOCK_NONBLOCK, &c));
  int rc = xs_socket_connect(c, &a);
  assert_true(rc == 0 || rc == XS_EINPROGRESS);
  XS_OK_(xs_socket_accept_flags(l, &s, NULL, XS_SOCK_NONBLOCK));
  /* Were the flag lost, this would be XS_ETIMEDOUT after 2 s, not a hang. */
  XS_OK_(xs_socket_set_recv_timeout(s, 2000));
  XS_ERR_(XS_EAGAIN, xs_recv(s, &b, 1, &n));
  xs_pollfd pc = {c, XS_POLLOUT, 0};
  int ready = 0;
  XS_OK_(xs_poll(&pc, 1, 5000, &ready)); /* connected */
  assert_int_equal(ready, 1);
  long long t0 = xs_test_now_ms();
  XS_ERR_(XS_EAGAIN, xs_recv(c, &b, 1, &n));
  assert_true(xs_test_now_ms() - t0 < 1000);
  XS_ERR_(XS_EINVAL, xs_socket_accept_flags(l, &s2, NULL, 0x4));
  assert_true(s2 == XS_INVALID_SOCKET);
  XS_ERR_(XS_EINVAL, xs_socket_open(XS_AF_INET, XS_SOCK_STREAM | 0x200, &u));
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_DGRAM | XS_SOCK_NONBLOCK, &u));
  XS_ERR_(XS_EAGAIN, xs_recvfrom(u, &b, 1, NULL, &n));
  XS_OK_(xs_close(u));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tcp_nonblocking_in_one_call),
      cmocka_unit_test(test_tcp_echo_ipv4),
      cmocka_unit_test(test_tcp_echo_ipv6),
      cmocka_unit_test(test_tcp_bulk_send_all_recv_all),
      cmocka_unit_test(test_tcp_connect_refused),
      cmocka_unit_test(test_tcp_dial_refused_with_timeout),
      cmocka_unit_test(test_tcp_recv_all_timeout),
      cmocka_unit_test(test_tcp_addr_in_use),
      cmocka_unit_test(test_tcp_restart_after_time_wait),
      cmocka_unit_test(test_tcp_half_close),
      cmocka_unit_test(test_tcp_would_block),
      cmocka_unit_test(test_tcp_send_after_peer_closed),
      cmocka_unit_test(test_tcp_recv_timeout),
      cmocka_unit_test(test_tcp_dial_host_localhost),
      cmocka_unit_test(test_tcp_dial_host_refused),
      cmocka_unit_test(test_tcp_invalid_arguments),
      cmocka_unit_test(test_tcp_close_invalid_socket),
      cmocka_unit_test(test_tcp_dual_stack),
  };
  return XS_RUN(tests);
}
