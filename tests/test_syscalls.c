/* SPDX-License-Identifier: MIT */
/*
 * test_syscalls.c - what the hot path costs in OS calls, counted through
 * the syscall seam: a send or receive on a nonblocking socket is exactly
 * one call, also when it would block (no mode or option query). The cases
 * run before anything in this program sets a receive or send timeout: on
 * POSIX, once xsock has set one on any socket, a would-block report is
 * checked with fcntl and getsockopt (to tell an expired timeout), and the
 * last case shows that.
 */
#include "harness.h"

#include "common/fault.h"

static unsigned long calls(int id) {
  return xs__fault_calls(id);
}

/* Would-block on a nonblocking socket: one receive, one send call, no
 * mode or option query. */
static void test_wouldblock_is_one_call(void **state) {
  xs_socket_t pair[2];
  char b;
  size_t n = 0;
  (void)state;
  XS_OK_(xs_socketpair_flags(pair, XS_SOCK_NONBLOCK));
  xs__fault_begin();
  XS_ERR_(XS_EAGAIN, xs_recv(pair[0], &b, 1, &n));
  assert_int_equal(calls(XS__SYS_RECV), 1);
  XS_OK_(xs_send(pair[1], "x", 1, &n));
  assert_int_equal(calls(XS__SYS_SEND), 1);
  XS_OK_(xs_recv(pair[0], &b, 1, &n));
  assert_int_equal(calls(XS__SYS_RECV), 2);
  assert_int_equal(calls(XS__SYS_FCNTL), 0);
  assert_int_equal(calls(XS__SYS_GETSOCKOPT), 0);
  xs__fault_end();
  XS_OK_(xs_close(pair[0]));
  XS_OK_(xs_close(pair[1]));
}

/* A nonblocking UDP socket: the receive that finds nothing and the batch
 * receive that finds nothing are one call each. */
static void test_udp_wouldblock_is_one_call(void **state) {
  xs_socket_t u;
  xs_addr a;
  char b;
  size_t n = 0;
  xs_dgram m = {&b, 1, 0, 0, {0}};
  (void)state;
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_DGRAM | XS_SOCK_NONBLOCK, &u));
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 0));
  XS_OK_(xs_socket_bind(u, &a));
  xs__fault_begin();
  XS_ERR_(XS_EAGAIN, xs_recvfrom(u, &b, 1, NULL, &n));
  XS_ERR_(XS_EAGAIN, xs_recv_batch(u, &m, 1, &n));
  assert_int_equal(calls(XS__SYS_RECVFROM), 2);
  assert_int_equal(calls(XS__SYS_FCNTL), 0);
  assert_int_equal(calls(XS__SYS_GETSOCKOPT), 0);
  xs__fault_end();
  XS_OK_(xs_close(u));
}

/* Once a timeout is set anywhere, a blocking socket's expired timeout is
 * still XS_ETIMEDOUT and a nonblocking would-block still XS_EAGAIN. */
static void test_after_a_timeout_is_set(void **state) {
  xs_socket_t c, s, pair[2];
  char b;
  size_t n = 0;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  XS_OK_(xs_socket_set_recv_timeout(s, 50));
  XS_ERR_(XS_ETIMEDOUT, xs_recv(s, &b, 1, &n));
  XS_OK_(xs_socketpair_flags(pair, XS_SOCK_NONBLOCK));
  XS_ERR_(XS_EAGAIN, xs_recv(pair[0], &b, 1, &n));
  XS_OK_(xs_close(pair[0]));
  XS_OK_(xs_close(pair[1]));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
}

int main(void) {
  /* In this order: the last case sets a timeout. */
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_wouldblock_is_one_call),
      cmocka_unit_test(test_udp_wouldblock_is_one_call),
      cmocka_unit_test(test_after_a_timeout_is_set),
  };
  return XS_RUN(tests);
}
