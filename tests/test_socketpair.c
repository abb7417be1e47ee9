/* SPDX-License-Identifier: MIT */
/*
 * test_socketpair.c - xs_socketpair: two connected blocking stream sockets
 * (socketpair(AF_UNIX) on POSIX, a checked loopback TCP pair on Windows).
 * Bytes both ways, end of stream after close, half-close, many pairs in a
 * row, and the argument check.
 */
#include "harness.h"

#include <string.h>

/* Every wait in this file is bounded by this many milliseconds. */
#define WAIT_MS 5000

/* A pair whose blocking receives are bounded by WAIT_MS. */
static void bounded_pair(xs_socket_t p[2]) {
  p[0] = p[1] = XS_INVALID_SOCKET;
  XS_OK_(xs_socketpair(p));
  assert_true(p[0] != XS_INVALID_SOCKET);
  assert_true(p[1] != XS_INVALID_SOCKET);
  assert_true(p[0] != p[1]);
  XS_OK_(xs_socket_set_recv_timeout(p[0], WAIT_MS));
  XS_OK_(xs_socket_set_recv_timeout(p[1], WAIT_MS));
}

static void test_socketpair_both_ways(void **state) {
  xs_socket_t p[2];
  (void)state;
  bounded_pair(p);
  xs_test_send_check(p[0], p[1], "zero to one");
  xs_test_send_check(p[1], p[0], "one to zero");
  XS_OK_(xs_close(p[0]));
  XS_OK_(xs_close(p[1]));
}

/* Both ends block: a receive with nothing to read waits for the receive
 * timeout (XS_ETIMEDOUT), it does not say XS_EAGAIN. */
static void test_socketpair_blocking(void **state) {
  xs_socket_t p[2];
  char b;
  size_t n;
  int i;
  (void)state;
  bounded_pair(p);
  for (i = 0; i < 2; i++) {
    XS_OK_(xs_socket_set_recv_timeout(p[i], 100));
    XS_ERR_(XS_ETIMEDOUT, xs_recv(p[i], &b, 1, &n));
  }
  XS_OK_(xs_close(p[0]));
  XS_OK_(xs_close(p[1]));
}

/* Closing one end: the other reads what was sent, then end of stream. */
static void test_socketpair_close_gives_eof(void **state) {
  xs_socket_t p[2];
  char buf[8];
  size_t n = 99, got = 99;
  (void)state;
  bounded_pair(p);
  XS_OK_(xs_send(p[0], "bye", 3, &n));
  assert_int_equal(n, 3);
  XS_OK_(xs_close(p[0]));
  XS_OK_(xs_recv_all(p[1], buf, 3, WAIT_MS, &got));
  assert_memory_equal(buf, "bye", 3);
  n = 99;
  XS_OK_(xs_recv(p[1], buf, sizeof buf, &n));
  assert_int_equal(n, 0);
  XS_ERR_(XS_EOF, xs_recv_all(p[1], buf, 1, WAIT_MS, &got));
  assert_int_equal(got, 0);
  XS_OK_(xs_close(p[1]));
}

/* XS_SHUT_WR on one end: the other reads end of stream and can still send
 * back. */
static void test_socketpair_half_close(void **state) {
  xs_socket_t p[2];
  char buf[8];
  size_t n = 99;
  (void)state;
  bounded_pair(p);
  xs_test_send_check(p[0], p[1], "last");
  XS_OK_(xs_socket_shutdown(p[0], XS_SHUT_WR));
  XS_OK_(xs_recv(p[1], buf, sizeof buf, &n));
  assert_int_equal(n, 0);
  xs_test_send_check(p[1], p[0], "answer");
  XS_OK_(xs_close(p[1]));
  n = 99;
  XS_OK_(xs_recv(p[0], buf, sizeof buf, &n));
  assert_int_equal(n, 0);
  XS_OK_(xs_close(p[0]));
}

/* Many pairs in a row, each used and closed: nothing is left open (every
 * xs_close succeeds; valgrind and the OS limits see the rest). */
static void test_socketpair_many(void **state) {
  int i;
  (void)state;
  for (i = 0; i < 50; i++) {
    xs_socket_t p[2];
    unsigned char b = (unsigned char)i, r = 0;
    size_t n = 0;
    bounded_pair(p);
    XS_OK_(xs_send(p[i % 2], &b, 1, &n));
    assert_int_equal(n, 1);
    XS_OK_(xs_recv_all(p[1 - i % 2], &r, 1, WAIT_MS, &n));
    assert_int_equal(r, b);
    XS_OK_(xs_close(p[0]));
    XS_OK_(xs_close(p[1]));
  }
}

static void test_socketpair_nonblocking(void **state) {
  xs_socket_t pair[2];
  char b;
  size_t n = 0;
  (void)state;
  XS_OK_(xs_socketpair_flags(pair, XS_SOCK_NONBLOCK));
  XS_ERR_(XS_EAGAIN, xs_recv(pair[0], &b, 1, &n));
  XS_ERR_(XS_EAGAIN, xs_recv(pair[1], &b, 1, &n));
  xs_test_send_check(pair[0], pair[1], "nonblocking");
  XS_OK_(xs_close(pair[0]));
  XS_OK_(xs_close(pair[1]));
  XS_ERR_(XS_EINVAL, xs_socketpair_flags(pair, 0x1));
  assert_true(pair[0] == XS_INVALID_SOCKET && pair[1] == XS_INVALID_SOCKET);
}

static void test_socketpair_null(void **state) {
  (void)state;
  XS_ERR_(XS_EINVAL, xs_socketpair(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_socketpair_both_ways),
      cmocka_unit_test(test_socketpair_blocking),
      cmocka_unit_test(test_socketpair_close_gives_eof),
      cmocka_unit_test(test_socketpair_half_close),
      cmocka_unit_test(test_socketpair_many),
      cmocka_unit_test(test_socketpair_nonblocking),
      cmocka_unit_test(test_socketpair_null),
  };
  return XS_RUN(tests);
}
