/* SPDX-License-Identifier: MIT */
/*
 * test_sockopt.c - socket options as table-driven set-then-get round trips
 * (one row per option and value, over an IPv4 and an IPv6 socket), plus the
 * defaults xs_socket_open promises (IPV6_V6ONLY on, never inheritable), the
 * nonblocking switch, and the argument checks common to every option.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#ifdef _WIN32
#  include <winsock2.h>
#  include <windows.h>
#else
#  include <fcntl.h>
#endif

/* Sockets a case opens are tracked with the harness (xs_test_track); the
 * teardown closes what a failure left open. */

static xs_socket_t open_sock(int family, int type) {
  xs_socket_t s = XS_INVALID_SOCKET;
  XS_OK_(xs_socket_open(family, type, &s));
  assert_true(s != XS_INVALID_SOCKET);
  return xs_test_track(s);
}

/* ---- the round-trip table ---------------------------------------------------
 */

typedef int (*set_fn)(xs_socket_t, int);
typedef int (*get_fn)(xs_socket_t, int *);

enum cmp { EQ, GE };           /* how the value read back must compare */
enum on { TCP, UDP };          /* which socket the row runs on */
enum fam { ANY_FAM, V6_ONLY }; /* rows only for IPv6 sockets */

typedef struct row {
  const char *name;
  set_fn set;
  get_fn get;
  int value;
  enum cmp cmp;
  enum on on;
  enum fam fam;
  int maybe_notsup; /* the system may lack it: XS_ENOTSUP is a printed skip */
} row;

#define R(opt, v, c, o, f, ns)                                                 \
  { #opt " " #v, xs_socket_set_##opt, xs_socket_get_##opt, v, c, o, f, ns }

/* Rows run in order on one TCP and one UDP socket per family, so each
 * "0" row really switches off what the row before switched on. */
static const row rows[] = {
    R(nodelay, 1, EQ, TCP, ANY_FAM, 0),
    R(nodelay, 0, EQ, TCP, ANY_FAM, 0),
    R(keepalive, 1, EQ, TCP, ANY_FAM, 0),
    R(keepalive, 0, EQ, TCP, ANY_FAM, 0),
    R(keepalive_idle, 30, EQ, TCP, ANY_FAM, 1),
    R(keepalive_interval, 5, EQ, TCP, ANY_FAM, 1),
    R(recv_buffer, 65536, GE, TCP, ANY_FAM, 0),
    R(send_buffer, 65536, GE, TCP, ANY_FAM, 0),
    R(recv_buffer, 32768, GE, UDP, ANY_FAM, 0),
    R(send_buffer, 32768, GE, UDP, ANY_FAM, 0),
    R(recv_timeout, 1500, EQ, TCP, ANY_FAM, 0),
    R(recv_timeout, XS_INFINITE, EQ, TCP, ANY_FAM, 0),
    R(send_timeout, 1500, EQ, TCP, ANY_FAM, 0),
    R(send_timeout, XS_INFINITE, EQ, TCP, ANY_FAM, 0),
    R(recv_timeout, 1500, EQ, UDP, ANY_FAM, 0),
    R(recv_timeout, XS_INFINITE, EQ, UDP, ANY_FAM, 0),
    R(v6only, 1, EQ, TCP, V6_ONLY, 0),
    R(v6only, 0, EQ, TCP, V6_ONLY, 0),
    R(v6only, 0, EQ, UDP, V6_ONLY, 0),
    R(v6only, 1, EQ, UDP, V6_ONLY, 0),
    R(reuseaddr, 1, EQ, TCP, ANY_FAM, 0),
    R(reuseaddr, 0, EQ, TCP, ANY_FAM, 0),
    R(broadcast, 1, EQ, UDP, ANY_FAM, 0),
    R(broadcast, 0, EQ, UDP, ANY_FAM, 0),
    R(multicast_loop, 0, EQ, UDP, ANY_FAM, 0),
    R(multicast_loop, 1, EQ, UDP, ANY_FAM, 0),
    R(multicast_ttl, 7, EQ, UDP, ANY_FAM, 0),
    R(multicast_ttl, 255, EQ, UDP, ANY_FAM, 0),
    R(multicast_ttl, 0, EQ, UDP, ANY_FAM, 0),
    R(multicast_ttl, 1, EQ, UDP, ANY_FAM, 0),
};
#undef R

/* Linux has had TCP_KEEPIDLE and TCP_KEEPINTVL for ever: no excuse there. */
static int notsup_allowed(const row *r) {
#ifdef __linux__
  (void)r;
  return 0;
#else
  return r->maybe_notsup;
#endif
}

static void run_row(const row *r, xs_socket_t s, const char *fam) {
  int got = -12345;
  int rc = r->set(s, r->value);
  if (rc == XS_ENOTSUP && notsup_allowed(r)) {
    printf("SKIP row \"%s\" on %s: XS_ENOTSUP (native %d): the system lacks "
           "the option%s\n",
           r->name, fam, xs_native_error(), xs_test_on_wine() ? " (wine)" : "");
    return;
  }
  if (rc != 0)
    print_error("row \"%s\" on %s: set\n", r->name, fam);
  XS_OK_(rc);
  rc = r->get(s, &got);
  if (rc != 0)
    print_error("row \"%s\" on %s: get\n", r->name, fam);
  XS_OK_(rc);
  if (r->cmp == EQ ? got != r->value : got < r->value) {
    print_error("row \"%s\" on %s: read back %d\n", r->name, fam, got);
    fail();
  }
}

static void round_trips(int family, const char *fam) {
  xs_socket_t tcp = open_sock(family, XS_SOCK_STREAM);
  xs_socket_t udp = open_sock(family, XS_SOCK_DGRAM);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    if (rows[i].fam == V6_ONLY && family != XS_AF_INET6)
      continue;
    run_row(&rows[i], rows[i].on == TCP ? tcp : udp, fam);
  }
  xs_test_close_tracked();
}

static void test_sockopt_round_trip_ipv4(void **state) {
  (void)state;
  round_trips(XS_AF_INET, "IPv4");
}

static void test_sockopt_round_trip_ipv6(void **state) {
  (void)state;
  xs_test_need_ipv6();
  round_trips(XS_AF_INET6, "IPv6");
}

/* ---- linger: two values per row
 * ---------------------------------------------- */

static void lingers(int family) {
  static const int cases[][2] = {{1, 5}, {1, 0}, {0, 0}, {1, 65535}};
  xs_socket_t s = open_sock(family, XS_SOCK_STREAM);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int on = -1, secs = -1;
    XS_OK_(xs_socket_set_linger(s, cases[i][0], cases[i][1]));
    XS_OK_(xs_socket_get_linger(s, &on, &secs));
    if (on != cases[i][0] || secs != cases[i][1])
      print_error("linger (%d,%d) read back (%d,%d)\n", cases[i][0],
                  cases[i][1], on, secs);
    assert_int_equal(on, cases[i][0]);
    assert_int_equal(secs, cases[i][1]);
  }
  xs_test_close_tracked();
}

static void test_sockopt_linger_ipv4(void **state) {
  (void)state;
  lingers(XS_AF_INET);
}

static void test_sockopt_linger_ipv6(void **state) {
  (void)state;
  xs_test_need_ipv6();
  lingers(XS_AF_INET6);
}

/* ---- defaults and special cases
 * ------------------------------------------------ */

static void test_sockopt_v6only_on_ipv4_fails(void **state) {
  xs_socket_t s = open_sock(XS_AF_INET, XS_SOCK_STREAM);
  xs_socket_t u = open_sock(XS_AF_INET, XS_SOCK_DGRAM);
  int on = -1;
  (void)state;
  assert_true(xs_socket_set_v6only(s, 1) < 0);
  assert_true(xs_socket_get_v6only(s, &on) < 0);
  assert_true(xs_socket_set_v6only(u, 0) < 0);
  assert_true(xs_socket_get_v6only(u, &on) < 0);
  xs_test_close_tracked();
}

static void test_sockopt_fresh_ipv6_is_v6only(void **state) {
  xs_socket_t t, u;
  int on = -1;
  (void)state;
  xs_test_need_ipv6();
  t = open_sock(XS_AF_INET6, XS_SOCK_STREAM);
  u = open_sock(XS_AF_INET6, XS_SOCK_DGRAM);
  XS_OK_(xs_socket_get_v6only(t, &on));
  assert_int_equal(on, 1);
  on = -1;
  XS_OK_(xs_socket_get_v6only(u, &on));
  assert_int_equal(on, 1);
  xs_test_close_tracked();
}

static void test_sockopt_open_raw(void **state) {
  xs_socket_t s = XS_INVALID_SOCKET;
  xs_addr a;
  int on = -1;
  (void)state;
  XS_OK_(xs_socket_open_raw(XS_AF_INET, XS_SOCK_STREAM, 0, &s));
  assert_true(s != XS_INVALID_SOCKET);
  xs_test_track(s);
  XS_OK_(xs_socket_set_nodelay(s, 1));
  XS_OK_(xs_socket_get_nodelay(s, &on));
  assert_int_equal(on, 1);
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 0));
  XS_OK_(xs_socket_bind(s, &a));
  XS_OK_(xs_socket_listen(s, 1));
  XS_OK_(xs_socket_open_raw(XS_AF_INET, XS_SOCK_DGRAM, 0, &s));
  xs_test_track(s);
  xs_test_close_tracked();
}

static void test_sockopt_nonblocking_switch(void **state) {
  xs_socket_t c, s;
  char buf[8];
  size_t n = 99;
  (void)state;
  xs_test_tcp_pair(XS_AF_INET, &c, &s);
  xs_test_track(c);
  xs_test_track(s);
  XS_OK_(xs_socket_set_nonblocking(c, 1));
  XS_ERR_(XS_EAGAIN, xs_recv(c, buf, sizeof buf, &n));
  /* Blocking again: with nothing to read, the receive waits for its
   * timeout instead of saying "would block"... */
  XS_OK_(xs_socket_set_nonblocking(c, 0));
  XS_OK_(xs_socket_set_recv_timeout(c, 200));
  XS_ERR_(XS_ETIMEDOUT, xs_recv(c, buf, sizeof buf, &n));
  /* ...and gets the data once it is there. */
  XS_OK_(xs_socket_set_recv_timeout(c, 5000));
  XS_OK_(xs_send_all(s, "data", 4, 5000, NULL));
  XS_OK_(xs_recv_all(c, buf, 4, 5000, &n));
  assert_memory_equal(buf, "data", 4);
  xs_test_close_tracked();
}

static void test_sockopt_out_of_range(void **state) {
  xs_socket_t t = open_sock(XS_AF_INET, XS_SOCK_STREAM);
  xs_socket_t u = open_sock(XS_AF_INET, XS_SOCK_DGRAM);
  (void)state;
  XS_ERR_(XS_EINVAL, xs_socket_set_recv_timeout(t, 0));
  XS_ERR_(XS_EINVAL, xs_socket_set_recv_timeout(t, -2));
  XS_ERR_(XS_EINVAL, xs_socket_set_recv_timeout(t, -1000));
  XS_ERR_(XS_EINVAL, xs_socket_set_send_timeout(t, 0));
  XS_ERR_(XS_EINVAL, xs_socket_set_send_timeout(t, -2));
  XS_ERR_(XS_EINVAL, xs_socket_set_linger(t, 1, 65536));
  XS_ERR_(XS_EINVAL, xs_socket_set_linger(t, 1, -1));
  XS_ERR_(XS_EINVAL, xs_socket_set_multicast_ttl(u, 256));
  XS_ERR_(XS_EINVAL, xs_socket_set_multicast_ttl(u, -1));
  XS_ERR_(XS_EINVAL, xs_socket_set_recv_buffer(t, 0));
  XS_ERR_(XS_EINVAL, xs_socket_set_send_buffer(t, 0));
  XS_ERR_(XS_EINVAL, xs_socket_set_recv_buffer(t, -4096));
  XS_ERR_(XS_EINVAL, xs_socket_set_keepalive_idle(t, 0));
  XS_ERR_(XS_EINVAL, xs_socket_set_keepalive_idle(t, 32768));
  XS_ERR_(XS_EINVAL, xs_socket_set_keepalive_interval(t, 0));
  XS_ERR_(XS_EINVAL, xs_socket_set_keepalive_interval(t, 32768));
  xs_test_close_tracked();
}

static void test_sockopt_null_out_params(void **state) {
  xs_socket_t t = open_sock(XS_AF_INET, XS_SOCK_STREAM);
  xs_socket_t u = open_sock(XS_AF_INET, XS_SOCK_DGRAM);
  int on = 0;
  (void)state;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    XS_ERR_(XS_EINVAL, rows[i].get(rows[i].on == TCP ? t : u, NULL));
  XS_ERR_(XS_EINVAL, xs_socket_get_linger(t, NULL, &on));
  XS_ERR_(XS_EINVAL, xs_socket_get_linger(t, &on, NULL));
  XS_ERR_(XS_EINVAL, xs_if_index("lo", NULL));
  XS_ERR_(XS_EINVAL, xs_if_index(NULL, NULL));
  xs_test_close_tracked();
}

/* Not an open socket: XS_EBADF on every system (error.h). */
static int bad_handle(int rc) {
  return rc == XS_EBADF;
}

static void test_sockopt_invalid_socket(void **state) {
  int v = 0, w = 0;
  (void)state;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    int rs = rows[i].set(XS_INVALID_SOCKET, rows[i].value);
    int rg = rows[i].get(XS_INVALID_SOCKET, &v);
    if (!bad_handle(rs) || !bad_handle(rg))
      print_error("%s on XS_INVALID_SOCKET: set %s, get %s\n", rows[i].name,
                  xs_err_name(rs), xs_err_name(rg));
    assert_true(bad_handle(rs));
    assert_true(bad_handle(rg));
  }
  assert_true(bad_handle(xs_socket_set_linger(XS_INVALID_SOCKET, 1, 1)));
  assert_true(bad_handle(xs_socket_get_linger(XS_INVALID_SOCKET, &v, &w)));
  assert_true(bad_handle(xs_socket_set_nonblocking(XS_INVALID_SOCKET, 1)));
}

/* ---- never inherited --------------------------------------------------------
 */

static int inheritable(xs_socket_t s) {
#ifdef _WIN32
  DWORD flags = 0;
  assert_true(GetHandleInformation((HANDLE)(uintptr_t)s, &flags) != 0);
  return (flags & HANDLE_FLAG_INHERIT) != 0;
#else
  int fl = fcntl(s, F_GETFD);
  assert_true(fl != -1);
  return (fl & FD_CLOEXEC) == 0;
#endif
}

static void check_not_inherited(xs_socket_t s, const char *what) {
  if (inheritable(s)) {
    print_error("%s socket is inheritable\n", what);
    fail();
  }
}

static void test_sockopt_never_inherited(void **state) {
  xs_socket_t l, c, a, u, pair[2];
  xs_addr la, any;
  (void)state;
  check_not_inherited(open_sock(XS_AF_INET, XS_SOCK_STREAM), "open tcp");
  check_not_inherited(open_sock(XS_AF_INET, XS_SOCK_DGRAM), "open udp");
  xs_test_listener(XS_AF_INET, &l, &la);
  xs_test_track(l);
  check_not_inherited(l, "xs_listen");
  XS_OK_(xs_dial(&la, 5000, &c));
  xs_test_track(c);
  check_not_inherited(c, "xs_dial");
  XS_OK_(xs_socket_accept(l, &a, NULL));
  xs_test_track(a);
  check_not_inherited(a, "accepted");
  XS_OK_(xs_addr_loopback(&any, XS_AF_INET, 0));
  XS_OK_(xs_udp_bind(&any, &u));
  xs_test_track(u);
  check_not_inherited(u, "xs_udp_bind");
  XS_OK_(xs_socketpair(pair));
  xs_test_track(pair[0]);
  xs_test_track(pair[1]);
  check_not_inherited(pair[0], "socketpair[0]");
  check_not_inherited(pair[1], "socketpair[1]");
  xs_test_close_tracked();
  if (!xs_test_have_ipv6())
    XS_SKIP("IPv6 part: no IPv6 on this host (IPv4 part passed)");
  check_not_inherited(open_sock(XS_AF_INET6, XS_SOCK_STREAM), "open tcp6");
  check_not_inherited(open_sock(XS_AF_INET6, XS_SOCK_DGRAM), "open udp6");
  xs_test_close_tracked();
}

#define T(f) cmocka_unit_test_teardown(f, xs_test_teardown_tracked)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_sockopt_round_trip_ipv4),
      T(test_sockopt_round_trip_ipv6),
      T(test_sockopt_linger_ipv4),
      T(test_sockopt_linger_ipv6),
      T(test_sockopt_v6only_on_ipv4_fails),
      T(test_sockopt_fresh_ipv6_is_v6only),
      T(test_sockopt_open_raw),
      T(test_sockopt_nonblocking_switch),
      T(test_sockopt_out_of_range),
      T(test_sockopt_null_out_params),
      T(test_sockopt_invalid_socket),
      T(test_sockopt_never_inherited),
  };
  return XS_RUN(tests);
}
