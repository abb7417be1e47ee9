/* SPDX-License-Identifier: MIT */
/*
 * test_unix.c - UNIX domain stream sockets through the public API: listen
 * on a temporary path, dial, echo, addresses, half-close, and the errors
 * for a missing path, a path in use and a path too long. Where the system
 * has no AF_UNIX (wine 8), xs_socket_open must say XS_EAFNOSUPPORT and the
 * cases that need a socket are skipped with that reason.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* Every wait in this file is bounded by this many milliseconds. */
#define WAIT_MS 5000

#define NO_UNIX_REASON                                                         \
  "AF_UNIX not supported here (wine 8 has none): xs_socket_open returned "     \
  "XS_EAFNOSUPPORT"

/* 1 if AF_UNIX stream sockets can be opened, 0 if xs_socket_open says
 * XS_EAFNOSUPPORT; any other failure fails the case. */
static int unix_supported(void) {
  xs_socket_t s = XS_INVALID_SOCKET;
  int rc = xs_socket_open(XS_AF_UNIX, XS_SOCK_STREAM, &s);
  if (rc == XS_EAFNOSUPPORT)
    return 0;
  XS_OK_(rc);
  XS_OK_(xs_close(s));
  return 1;
}

static void need_unix(void) {
  if (!unix_supported())
    XS_SKIP(NO_UNIX_REASON);
}

/* A listener on a fresh temporary path; *addr receives its address. */
static void unix_listener(const char *tag, char *path, size_t size,
                          xs_socket_t *l, xs_addr *addr) {
  xs_test_unix_path(path, size, tag);
  XS_OK_(xs_addr_unix(addr, path));
  XS_OK_(xs_listen(addr, 8, l));
}

/* Where AF_UNIX is absent, the constructor and the helpers built on it say
 * so with exactly XS_EAFNOSUPPORT; where present, the socket opens. */
static void test_unix_support_is_reported(void **state) {
  xs_socket_t s = XS_INVALID_SOCKET;
  xs_addr a;
  char path[256];
  int rc;
  (void)state;
  rc = xs_socket_open(XS_AF_UNIX, XS_SOCK_STREAM, &s);
  if (rc == 0) {
    assert_true(s != XS_INVALID_SOCKET);
    XS_OK_(xs_close(s));
    return;
  }
  XS_ERR_(XS_EAFNOSUPPORT, rc);
  assert_true(s == XS_INVALID_SOCKET);
  printf("AF_UNIX absent here: xs_socket_open returned XS_EAFNOSUPPORT\n");
  xs_test_unix_path(path, sizeof path, "nosup");
  XS_OK_(xs_addr_unix(&a, path));
  s = XS_INVALID_SOCKET;
  XS_ERR_(XS_EAFNOSUPPORT, xs_listen(&a, 8, &s));
  XS_ERR_(XS_EAFNOSUPPORT, xs_dial(&a, WAIT_MS, &s));
  xs_test_unlink(path);
}

/* Listen, dial, accept, echo both ways; the addresses of both ends. */
static void test_unix_echo(void **state) {
  char path[256];
  xs_socket_t l, c, s;
  xs_addr a, la, peer, cp, sl;
  (void)state;
  need_unix();
  unix_listener("echo", path, sizeof path, &l, &a);
  XS_OK_(xs_socket_local_addr(l, &la));
  assert_int_equal(xs_addr_family(&la), XS_AF_UNIX);
  assert_string_equal(la.path, path);
  assert_int_equal(xs_addr_port(&la), 0);
  XS_OK_(xs_dial(&a, WAIT_MS, &c));
  XS_OK_(xs_socket_accept(l, &s, &peer));
  /* the client never bound a name: an unnamed UNIX address */
  assert_int_equal(xs_addr_family(&peer), XS_AF_UNIX);
  assert_string_equal(peer.path, "");
  XS_OK_(xs_socket_peer_addr(c, &cp));
  assert_true(xs_addr_equal(&cp, &a));
  XS_OK_(xs_socket_local_addr(s, &sl));
  assert_true(xs_addr_equal(&sl, &a));
  xs_test_send_check(c, s, "hello over a path");
  xs_test_send_check(s, c, "and back");
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
  xs_test_unlink(path);
}

/* The client shuts down its sending side: the server reads the data, then
 * end of stream, and can still answer. */
static void test_unix_half_close(void **state) {
  char path[256], buf[16];
  xs_socket_t l, c, s;
  xs_addr a;
  size_t n = 99, got = 99;
  (void)state;
  need_unix();
  unix_listener("half", path, sizeof path, &l, &a);
  xs_test_connect(l, &a, &c, &s);
  XS_OK_(xs_socket_set_recv_timeout(s, WAIT_MS)); /* bound blocking recv */
  XS_OK_(xs_socket_set_recv_timeout(c, WAIT_MS));
  XS_OK_(xs_send(c, "request", 7, &n));
  assert_int_equal(n, 7);
  XS_OK_(xs_socket_shutdown(c, XS_SHUT_WR));
  XS_OK_(xs_recv_all(s, buf, 7, WAIT_MS, &got));
  assert_memory_equal(buf, "request", 7);
  n = 99;
  XS_OK_(xs_recv(s, buf, sizeof buf, &n));
  assert_int_equal(n, 0);
  got = 99;
  XS_ERR_(XS_EOF, xs_recv_all(s, buf, 1, WAIT_MS, &got));
  assert_int_equal(got, 0);
  xs_test_send_check(s, c, "reply");
  XS_OK_(xs_close(s));
  n = 99;
  XS_OK_(xs_recv(c, buf, sizeof buf, &n));
  assert_int_equal(n, 0);
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(l));
  xs_test_unlink(path);
}

/* Connecting to a path that does not exist: XS_ENOENT, as socket.h
 * documents for xs_dial and xs_socket_connect ("UNIX path absent"). */
static void test_unix_connect_missing_path(void **state) {
  char path[256];
  xs_addr a;
  xs_socket_t c = XS_INVALID_SOCKET;
  (void)state;
  need_unix();
  xs_test_unix_path(path, sizeof path, "missing");
  XS_OK_(xs_addr_unix(&a, path));
  XS_ERR_(XS_ENOENT, xs_dial(&a, WAIT_MS, &c));
  XS_OK_(xs_socket_open(XS_AF_UNIX, XS_SOCK_STREAM, &c));
  XS_ERR_(XS_ENOENT, xs_socket_connect(c, &a));
  XS_OK_(xs_close(c));
}

/* A path that is in use by a live listener, or left behind by a closed
 * one, cannot be bound again: XS_EADDRINUSE. */
static void test_unix_bind_existing_path(void **state) {
  char path[256];
  xs_socket_t l, l2 = XS_INVALID_SOCKET;
  xs_addr a;
  (void)state;
  need_unix();
  unix_listener("inuse", path, sizeof path, &l, &a);
  XS_ERR_(XS_EADDRINUSE, xs_listen(&a, 8, &l2));
  XS_OK_(xs_close(l));
  /* the socket file stays after close: a stale path is still in use */
  XS_ERR_(XS_EADDRINUSE, xs_listen(&a, 8, &l2));
  xs_test_unlink(path);
  XS_OK_(xs_listen(&a, 8, &l2)); /* removed: binds again */
  XS_OK_(xs_close(l2));
  xs_test_unlink(path);
}

/* Path length limits are checked when the address is made (pure logic,
 * so this case runs with or without AF_UNIX). */
/* A listener with a full backlog that never accepts: xs_dial keeps trying
 * (Linux answers a nonblocking UNIX connect with EAGAIN, not EINPROGRESS)
 * and ends with XS_ETIMEDOUT after its time, never XS_EAGAIN at once. */
static void test_unix_dial_backlog_full_times_out(void **state) {
  enum { MAX_FILL = 32 };
  char path[XS_UNIX_PATH_MAX];
  xs_socket_t l;
  xs_addr a;
  size_t n = 0;
  long long elapsed = 0;
  (void)state;
  need_unix();
  xs_test_unix_path(path, sizeof path, "full");
  XS_OK_(xs_addr_unix(&a, path));
  XS_OK_(xs_listen(&a, 1, &l));
  int rc = xs_test_dial_until_failure(&a, 300, MAX_FILL, &n, &elapsed);
  XS_OK_(xs_close(l));
  xs_test_unlink(path);
  assert_true(n >= 1 && n < MAX_FILL);
  XS_ERR_(XS_ETIMEDOUT, rc);
  assert_true(elapsed >= 250);
  assert_true(elapsed < WAIT_MS);
}

static void test_unix_path_too_long(void **state) {
  char path[XS_UNIX_PATH_MAX + 8];
  xs_addr a;
  (void)state;
  memset(path, 'a', sizeof path);
  path[0] = '/';
  path[XS_UNIX_PATH_MAX] = '\0'; /* XS_UNIX_PATH_MAX bytes: one too many */
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_unix(&a, path));
  assert_int_equal(xs_addr_family(&a), XS_AF_UNSPEC); /* zeroed */
  path[XS_UNIX_PATH_MAX] = 'a';
  path[XS_UNIX_PATH_MAX + 4] = '\0';
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_unix(&a, path));
  path[XS_UNIX_PATH_MAX - 1] = '\0'; /* the longest that fits */
  XS_OK_(xs_addr_unix(&a, path));
  assert_int_equal(xs_addr_family(&a), XS_AF_UNIX);
  assert_string_equal(a.path, path);
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_unix(&a, ""));
  XS_ERR_(XS_EINVAL, xs_addr_unix(&a, NULL));
  XS_ERR_(XS_EINVAL, xs_addr_unix(NULL, "/tmp/x.sock"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unix_support_is_reported),
      cmocka_unit_test(test_unix_echo),
      cmocka_unit_test(test_unix_half_close),
      cmocka_unit_test(test_unix_connect_missing_path),
      cmocka_unit_test(test_unix_bind_existing_path),
      cmocka_unit_test(test_unix_dial_backlog_full_times_out),
      cmocka_unit_test(test_unix_path_too_long),
  };
  return XS_RUN(tests);
}
