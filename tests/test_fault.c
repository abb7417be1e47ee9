/* SPDX-License-Identifier: MIT */
/*
 * test_fault.c - the error paths real networks rarely produce on demand,
 * driven through the syscall seam (src/common/fault.h): EINTR retried in
 * send, recv, recvfrom and poll; partial sends and receives completed by the
 * send-all / recv-all loops; native errors translated (or kept, when
 * unknown); failures inside xs_socket_open and xs_listen leaving nothing
 * open; a getaddrinfo failure mapped into the XS_EAI_ family.
 * Label: fault. Every case starts the plan in setup and ends it in teardown.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <winsock2.h>
#  include <ws2tcpip.h>
#else
#  include <netdb.h>
#endif

#include "common/fault.h"

/* ---- each case runs with a fresh plan; teardown ends it and closes the
 * sockets a failure left open (tracked with the harness) ----------------- */

static int setup(void **state) {
  (void)state;
  xs__fault_begin();
  return 0;
}

static int teardown(void **state) {
  xs__fault_end();
  return xs_test_teardown_tracked(state);
}

static int native_of(int code) {
  int native = xs__plat_native_code(code);
  if (native == 0)
    print_error("no native code for %s\n", xs_err_name(code));
  assert_int_not_equal(native, 0);
  return native;
}

static void tcp_pair(xs_socket_t *c, xs_socket_t *s) {
  xs_test_tcp_pair(XS_AF_INET, c, s);
  xs_test_track(*c);
  xs_test_track(*s);
  /* Bound every blocking receive in these cases. */
  XS_OK_(xs_socket_set_recv_timeout(*c, 5000));
  XS_OK_(xs_socket_set_recv_timeout(*s, 5000));
}

/* ---- EINTR is retried -----------------------------------------------------
 */

static void test_fault_eintr_send_retried(void **state) {
  xs_socket_t c, s;
  char buf[16];
  size_t n = 0;
  unsigned long before;
  (void)state;
  tcp_pair(&c, &s);
  before = xs__fault_calls(XS__SYS_SEND);
  xs__fault_fail(XS__SYS_SEND, 1, 1, native_of(XS_EINTR));
  XS_OK_(xs_send(c, "hello", 5, &n));
  assert_int_equal(n, 5);
  assert_true(xs__fault_calls(XS__SYS_SEND) >= before + 2);
  XS_OK_(xs_recv_all(s, buf, 5, 5000, &n));
  assert_memory_equal(buf, "hello", 5);
  xs_test_close_tracked();
}

static void test_fault_eintr_recv_retried(void **state) {
  xs_socket_t c, s;
  char buf[16];
  size_t n = 0, more = 0;
  unsigned long before;
  (void)state;
  tcp_pair(&c, &s);
  XS_OK_(xs_send_all(s, "world", 5, 5000, NULL));
  before = xs__fault_calls(XS__SYS_RECV);
  xs__fault_fail(XS__SYS_RECV, 1, 1, native_of(XS_EINTR));
  XS_OK_(xs_recv(c, buf, 5, &n));
  assert_true(n >= 1 && n <= 5);
  assert_true(xs__fault_calls(XS__SYS_RECV) >= before + 2);
  if (n < 5)
    XS_OK_(xs_recv_all(c, buf + n, 5 - n, 5000, &more));
  assert_memory_equal(buf, "world", 5);
  xs_test_close_tracked();
}

static void test_fault_eintr_recvfrom_retried(void **state) {
  xs_socket_t a, b;
  xs_addr aa, ba, from;
  char buf[16];
  size_t n = 0;
  (void)state;
  xs_test_udp(XS_AF_INET, &a, &aa);
  xs_test_track(a);
  xs_test_udp(XS_AF_INET, &b, &ba);
  xs_test_track(b);
  XS_OK_(xs_socket_set_recv_timeout(b, 5000));
  XS_OK_(xs_sendto(a, "dgram", 5, &ba, &n));
  assert_int_equal(n, 5);
  xs__fault_fail(XS__SYS_RECVFROM, 1, 2, native_of(XS_EINTR));
  XS_OK_(xs_recvfrom(b, buf, sizeof buf, &from, &n));
  assert_int_equal(n, 5);
  assert_memory_equal(buf, "dgram", 5);
  assert_true(xs_addr_equal(&from, &aa));
  assert_true(xs__fault_calls(XS__SYS_RECVFROM) >= 3);
  xs_test_close_tracked();
}

/* Batches go through the recvfrom and sendto seam (recvmmsg / sendmmsg on
 * Linux): EINTR retried, ENOBUFS reported with nothing counted as done. */
static void test_fault_batches(void **state) {
  xs_socket_t a, b;
  xs_addr aa, ba;
  char buf[16];
  xs_dgram m;
  size_t done = 9;
  (void)state;
  xs_test_udp(XS_AF_INET, &a, &aa);
  xs_test_track(a);
  xs_test_udp(XS_AF_INET, &b, &ba);
  xs_test_track(b);
  XS_OK_(xs_socket_set_recv_timeout(b, 5000));
  m.buf = (void *)(uintptr_t) "batch";
  m.len = 5;
  m.addr = ba;
  xs__fault_fail(XS__SYS_SENDTO, 1, 1, native_of(XS_ENOBUFS));
  XS_ERR_(XS_ENOBUFS, xs_send_batch(a, &m, 1, &done));
  assert_int_equal(done, 0);
  xs__fault_fail(XS__SYS_SENDTO, 1, 2, native_of(XS_EINTR));
  XS_OK_(xs_send_batch(a, &m, 1, &done));
  assert_int_equal(done, 1);
  m.buf = buf;
  m.len = sizeof buf;
  xs__fault_fail(XS__SYS_RECVFROM, 1, 2, native_of(XS_EINTR));
  XS_OK_(xs_recv_batch(b, &m, 1, &done));
  assert_int_equal(done, 1);
  assert_int_equal(m.n, 5);
  assert_memory_equal(buf, "batch", 5);
  assert_true(xs_addr_equal(&m.addr, &aa));
  assert_true(xs__fault_calls(XS__SYS_RECVFROM) >= 3);
  xs_test_close_tracked();
}

/* A socket with data waiting: EINTR from the first waits, then readiness. */
static void test_fault_eintr_poll_retried(void **state) {
  xs_socket_t c, s;
  xs_pollfd p;
  int ready = -1;
  unsigned long before;
  (void)state;
  tcp_pair(&c, &s);
  XS_OK_(xs_send_all(s, "x", 1, 5000, NULL));
  p.sock = c;
  p.events = XS_POLLIN;
  p.revents = 0;
  before = xs__fault_calls(XS__SYS_POLL);
  xs__fault_fail(XS__SYS_POLL, 1, 3, native_of(XS_EINTR));
  XS_OK_(xs_poll(&p, 1, 5000, &ready));
  assert_int_equal(ready, 1);
  assert_true((p.revents & XS_POLLIN) != 0);
  assert_true(xs__fault_calls(XS__SYS_POLL) >= before + 4);
  xs_test_close_tracked();
}

/* Nothing to read: after the EINTRs, poll still waits out its time (the
 * retry uses the time left, so the call neither returns early nor fails). */
static void test_fault_eintr_poll_keeps_waiting(void **state) {
  xs_socket_t c, s;
  xs_pollfd p;
  int ready = -1;
  uint64_t t0, elapsed;
  (void)state;
  tcp_pair(&c, &s);
  p.sock = c;
  p.events = XS_POLLIN;
  p.revents = 0;
  xs__fault_fail(XS__SYS_POLL, 1, 2, native_of(XS_EINTR));
  t0 = xs__plat_now_ms();
  XS_OK_(xs_poll(&p, 1, 300, &ready));
  elapsed = xs__plat_now_ms() - t0;
  assert_int_equal(ready, 0);
  assert_int_equal(p.revents, 0);
  /* Clock granularity on Windows is about 16 ms; allow for it. */
  assert_true(elapsed >= 250);
  assert_true(xs__fault_calls(XS__SYS_POLL) >= 3);
  xs_test_close_tracked();
}

/* ---- partial transfers ----------------------------------------------------
 */

static void test_fault_partial_send_completed(void **state) {
  xs_socket_t c, s;
  unsigned char out[1000], in[1000];
  size_t sent = 0, got = 0;
  unsigned long before;
  (void)state;
  tcp_pair(&c, &s);
  xs_test_pattern(out, sizeof out, 7);
  before = xs__fault_calls(XS__SYS_SEND);
  xs__fault_short(XS__SYS_SEND, 7);
  XS_OK_(xs_send_all(c, out, sizeof out, 10000, &sent));
  assert_int_equal(sent, sizeof out);
  /* 1000 bytes at 7 per call take at least 143 calls. */
  assert_true(xs__fault_calls(XS__SYS_SEND) - before >= 143);
  xs__fault_short(XS__SYS_SEND, 0);
  memset(in, 0, sizeof in);
  XS_OK_(xs_recv_all(s, in, sizeof in, 5000, &got));
  assert_int_equal(got, sizeof in);
  assert_true(xs_test_pattern_ok(in, sizeof in, 7));
  xs_test_close_tracked();
}

static void test_fault_partial_recv_completed(void **state) {
  xs_socket_t c, s;
  unsigned char out[1000], in[1000];
  size_t got = 0, n = 0;
  unsigned long before;
  (void)state;
  tcp_pair(&c, &s);
  xs_test_pattern(out, sizeof out, 11);
  XS_OK_(xs_send_all(s, out, sizeof out, 5000, NULL));
  before = xs__fault_calls(XS__SYS_RECV);
  xs__fault_short(XS__SYS_RECV, 3);
  /* A single receive moves at most the cap. */
  XS_OK_(xs_recv(c, in, sizeof in, &n));
  assert_true(n >= 1 && n <= 3);
  XS_OK_(xs_recv_all(c, in + n, sizeof in - n, 5000, &got));
  assert_int_equal(got, sizeof in - n);
  assert_true(xs_test_pattern_ok(in, sizeof in, 11));
  assert_true(xs__fault_calls(XS__SYS_RECV) - before >= 334);
  xs_test_close_tracked();
}

/* ---- native errors translated -------------------------------------------- */

static void test_fault_unmapped_native_kept(void **state) {
  xs_socket_t c, s;
  size_t n = 99;
  (void)state;
  tcp_pair(&c, &s);
  xs__fault_fail(XS__SYS_SEND, 1, 1, 987654);
  XS_ERR_(XS_EUNKNOWN, xs_send(c, "abc", 3, &n));
  assert_int_equal(xs_native_error(), 987654);
  assert_int_equal(n, 0);
  xs_test_close_tracked();
}

static void test_fault_enobufs_on_send(void **state) {
  xs_socket_t c, s;
  size_t n = 99;
  int native;
  (void)state;
  tcp_pair(&c, &s);
  native = native_of(XS_ENOBUFS);
  xs__fault_fail(XS__SYS_SEND, 1, 1, native);
  XS_ERR_(XS_ENOBUFS, xs_send(c, "abc", 3, &n));
  assert_int_equal(xs_native_error(), native);
  assert_int_equal(n, 0);
  /* Only that call failed: the next one goes through. */
  XS_OK_(xs_send(c, "abc", 3, &n));
  assert_int_equal(n, 3);
  xs_test_close_tracked();
}

static void test_fault_eagain_on_send(void **state) {
  xs_socket_t c, s;
  size_t n = 99;
  (void)state;
  tcp_pair(&c, &s);
  xs__fault_fail(XS__SYS_SEND, 1, 1, native_of(XS_EAGAIN));
  XS_ERR_(XS_EAGAIN, xs_send(c, "abc", 3, &n));
  assert_int_equal(n, 0);
  xs_test_close_tracked();
}

static void test_fault_econnreset_on_recv(void **state) {
  xs_socket_t c, s;
  char buf[8];
  size_t n = 99;
  int native;
  (void)state;
  tcp_pair(&c, &s);
  native = native_of(XS_ECONNRESET);
  xs__fault_fail(XS__SYS_RECV, 1, 1, native);
  XS_ERR_(XS_ECONNRESET, xs_recv(c, buf, sizeof buf, &n));
  assert_int_equal(xs_native_error(), native);
  xs_test_close_tracked();
}

/* ---- failures inside constructors leave nothing open ----------------------
 */

static void test_fault_socket_call_fails(void **state) {
  xs_socket_t s = (xs_socket_t)12345;
  int native;
  (void)state;
  native = native_of(XS_EMFILE);
  xs__fault_fail(XS__SYS_SOCKET, 1, 1, native);
  XS_ERR_(XS_EMFILE, xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &s));
  assert_true(s == XS_INVALID_SOCKET);
  assert_int_equal(xs_native_error(), native);
  /* The plan was for one call only. */
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &s));
  xs_test_track(s);
  xs_test_close_tracked();
}

/* Fail the nth call of id inside xs_listen for n = 1, 2, ... until
 * xs_listen succeeds: each failure is reported with the injected code, the
 * out-parameter is invalid, and every socket opened was closed again. */
static void listen_fails_cleanly(int id, const char *text) {
  xs_addr a;
  int native = native_of(XS_ENOBUFS);
  int done = 0;
  XS_OK_(xs_addr_parse(&a, text));
  for (unsigned nth = 1; nth <= 8 && !done; nth++) {
    xs_socket_t l = (xs_socket_t)12345;
    unsigned long opened = xs__fault_calls(XS__SYS_SOCKET);
    unsigned long closed = xs__fault_calls(XS__SYS_CLOSE);
    int rc;
    xs__fault_fail(id, nth, 1, native);
    rc = xs_listen(&a, 4, &l);
    if (rc == 0) {
      xs_test_track(l);
      done = 1;
      /* The plan may still wait for a later call: drop it. */
      xs__fault_end();
      xs__fault_begin();
      break;
    }
    XS_ERR_(XS_ENOBUFS, rc);
    assert_true(l == XS_INVALID_SOCKET);
    assert_int_equal(xs__fault_calls(XS__SYS_SOCKET) - opened,
                     xs__fault_calls(XS__SYS_CLOSE) - closed);
  }
  assert_true(done);
  xs_test_close_tracked();
}

static void test_fault_setsockopt_in_listen(void **state) {
  (void)state;
  listen_fails_cleanly(XS__SYS_SETSOCKOPT, "127.0.0.1:0");
  if (!xs_test_have_ipv6())
    XS_SKIP("IPv6 part: no IPv6 on this host (IPv4 part passed)");
  /* The dual-stack listener sets more options (IPV6_V6ONLY off). */
  listen_fails_cleanly(XS__SYS_SETSOCKOPT, ":0");
}

static void test_fault_bind_and_listen_in_listen(void **state) {
  (void)state;
  listen_fails_cleanly(XS__SYS_BIND, "127.0.0.1:0");
  listen_fails_cleanly(XS__SYS_LISTEN, "127.0.0.1:0");
}

/* ---- name resolution -------------------------------------------------------
 * The native code is the system's own EAI_AGAIN (netdb.h on POSIX, the
 * WSATRY_AGAIN that ws2tcpip.h names EAI_AGAIN on Windows): the one name
 * both systems give for "what xs__plat_eai_error maps to XS_EAI_AGAIN". */

static void test_fault_getaddrinfo_eai_again(void **state) {
  xs_addr *list = (xs_addr *)&list;
  size_t count = 99;
  xs_resolve_hints hints;
  (void)state;
  memset(&hints, 0, sizeof hints);
  hints.family = XS_AF_INET;
  hints.socktype = XS_SOCK_STREAM;
  hints.flags = XS_RESOLVE_NUMERIC_HOST;
  xs__fault_fail(XS__SYS_GETADDRINFO, 1, 1, EAI_AGAIN);
  XS_ERR_(XS_EAI_AGAIN, xs_resolve("127.0.0.1", "80", &hints, &list, &count));
  assert_null(list);
  assert_int_equal(xs_native_error(), EAI_AGAIN);
  assert_true(xs__fault_calls(XS__SYS_GETADDRINFO) >= 1);
  /* The next resolution is real again. */
  XS_OK_(xs_resolve("127.0.0.1", "80", &hints, &list, &count));
  assert_true(count >= 1);
  assert_int_equal(xs_addr_port(&list[0]), 80);
  xs_addr_list_free(list);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_fault_eintr_send_retried),
      T(test_fault_eintr_recv_retried),
      T(test_fault_eintr_recvfrom_retried),
      T(test_fault_batches),
      T(test_fault_eintr_poll_retried),
      T(test_fault_eintr_poll_keeps_waiting),
      T(test_fault_partial_send_completed),
      T(test_fault_partial_recv_completed),
      T(test_fault_unmapped_native_kept),
      T(test_fault_enobufs_on_send),
      T(test_fault_eagain_on_send),
      T(test_fault_econnreset_on_recv),
      T(test_fault_socket_call_fails),
      T(test_fault_setsockopt_in_listen),
      T(test_fault_bind_and_listen_in_listen),
      T(test_fault_getaddrinfo_eai_again),
  };
  return XS_RUN(tests);
}
