/* SPDX-License-Identifier: MIT */
/*
 * test_dial.c - connecting within a time limit: xs_dial timing out against
 * a listener whose backlog is full, and connecting to a list of addresses
 * in turn (the loop behind xs_dial_host), past refusing addresses.
 */
#include "harness.h"

#include "common/internal.h"

#define WAIT_MS 5000
/* At most this many connections are made to fill a backlog. */
#define MAX_FILL 64

/* A listener with backlog 1 that never accepts: once its queue is full the
 * kernel drops further SYNs, and a connect can only time out. */
static void test_dial_timeout_backlog_full(void **state) {
  xs_socket_t l;
  xs_addr a;
  size_t n = 0;
  long long elapsed = 0;
  (void)state;
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 0));
  XS_OK_(xs_listen(&a, 1, &l));
  XS_OK_(xs_socket_local_addr(l, &a));
  int rc = xs_test_dial_until_failure(&a, 300, MAX_FILL, &n, &elapsed);
  XS_OK_(xs_close(l));
  if (rc == XS_ECONNREFUSED)
    XS_SKIP("this system refuses connections past a full backlog instead "
            "of dropping them, so a loopback connect cannot time out");
  assert_true(n >= 1 && n < MAX_FILL);
  XS_ERR_(XS_ETIMEDOUT, rc);
  assert_true(elapsed >= 250); /* not before the time, within timer slack */
  assert_true(elapsed < WAIT_MS);
}

/* Refusing addresses first, a listening one last: the loop moves on. */
static void test_dial_addrs_in_turn(void **state) {
  xs_socket_t l, c, s;
  xs_addr list[3], peer, local;
  (void)state;
  xs_test_refused_addr(XS_AF_INET, &list[0]);
  xs_test_refused_addr(XS_AF_INET, &list[1]);
  xs_test_listener(XS_AF_INET, &l, &list[2]);
  XS_OK_(xs__dial_addrs(list, 3, WAIT_MS, &c));
  XS_OK_(xs_socket_accept(l, &s, &peer));
  XS_OK_(xs_socket_local_addr(c, &local));
  assert_true(xs_addr_equal(&peer, &local));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
}

/* Every address refuses: the last address's error comes back. */
static void test_dial_addrs_all_refused(void **state) {
  xs_socket_t c;
  xs_addr list[2];
  (void)state;
  xs_test_refused_addr(XS_AF_INET, &list[0]);
  xs_test_refused_addr(XS_AF_INET, &list[1]);
  XS_ERR_(XS_ECONNREFUSED, xs__dial_addrs(list, 2, WAIT_MS, &c));
  assert_true(c == XS_INVALID_SOCKET);
  XS_ERR_(XS_EINVAL, xs__dial_addrs(list, 0, WAIT_MS, &c));
}

/* An IPv6 address that refuses, then IPv4 that listens: families mix. */
static void test_dial_addrs_mixed_families(void **state) {
  xs_socket_t l, c, s;
  xs_addr list[2];
  (void)state;
  xs_test_need_ipv6();
  xs_test_refused_addr(XS_AF_INET6, &list[0]);
  xs_test_listener(XS_AF_INET, &l, &list[1]);
  XS_OK_(xs__dial_addrs(list, 2, WAIT_MS, &c));
  XS_OK_(xs_socket_accept(l, &s, NULL));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
}

/* A connected socket from xs_dial is blocking again: a recv with a receive
 * timeout waits and reports XS_ETIMEDOUT, not XS_EAGAIN. */
static void test_dial_result_is_blocking(void **state) {
  xs_socket_t c, s;
  char buf[4];
  size_t n = 0;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_socket_set_recv_timeout(c, 100));
  XS_ERR_(XS_ETIMEDOUT, xs_recv(c, buf, sizeof buf, &n));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dial_timeout_backlog_full),
      cmocka_unit_test(test_dial_addrs_in_turn),
      cmocka_unit_test(test_dial_addrs_all_refused),
      cmocka_unit_test(test_dial_addrs_mixed_families),
      cmocka_unit_test(test_dial_result_is_blocking),
  };
  return XS_RUN(tests);
}
