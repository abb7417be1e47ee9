/* SPDX-License-Identifier: MIT */
/*
 * test_poller.c - the public poller (poller.h) against every backend this
 * system has: the portable "poll" one, then the native one (epoll on
 * Linux, afd on Windows). Each case states one expected answer for every
 * backend and both systems: readable, writable, accept, peer close, reset,
 * refused connect, UDP, level re-reporting, one-shot re-arm, delete with a
 * pending event, more ready than fit, wake from another thread, 1,000
 * sockets with 10 ready, argument errors, and injected faults.
 */
#include "harness.h"

#include "common/fault.h"

#include <stdio.h>
#include <string.h>

/* Every wait that expects an event is bounded by this many ms. */
#define WAIT_MS 5000
#define MANY 1000
#define MANY_READY 10

/* The backend of the group being run. */
static const char *backend;

static xs_poller *open_poller(void) {
  xs_poller *p = NULL;
  XS_OK_(xs_poller_open_backend(backend, &p));
  assert_non_null(p);
  assert_string_equal(xs_poller_backend(p), backend);
  return p;
}

/* Wait once for at most max events; returns the count. */
static size_t wait_events(xs_poller *p, xs_poller_event *ev, size_t max,
                          int timeout_ms) {
  size_t n = 99;
  XS_OK_(xs_poller_wait(p, ev, max, timeout_ms, &n));
  assert_true(n <= max);
  return n;
}

/* Wait for exactly one event and return it. */
static xs_poller_event wait_one(xs_poller *p, int timeout_ms) {
  xs_poller_event ev[4];
  size_t n = wait_events(p, ev, 4, timeout_ms);
  if (n != 1) {
    print_error("%s: expected 1 event, got %lu\n", backend, (unsigned long)n);
    fail();
  }
  return ev[0];
}

static void expect_none(xs_poller *p, int timeout_ms) {
  xs_poller_event ev[4];
  size_t n = wait_events(p, ev, 4, timeout_ms);
  if (n != 0) {
    print_error("%s: expected no event, got %lu (first 0x%x)\n", backend,
                (unsigned long)n, ev[0].events);
    fail();
  }
}

static void expect_events(const xs_poller_event *ev, void *data,
                          unsigned events) {
  assert_ptr_equal(ev->data, data);
  if (ev->events != events) {
    print_error("%s: events 0x%x, expected 0x%x\n", backend, ev->events,
                events);
    fail();
  }
}

/* The fixture of most cases: a connected TCP pair and an open poller on
 * the group's backend; the teardown closes what the case left open. */
typedef struct pair {
  xs_socket_t c;
  xs_socket_t s;
  xs_poller *p;
} pair;

static int pair_setup(void **state) {
  static pair f;
  xs_test_tcp_pair(XS_AF_INET, &f.c, &f.s);
  f.p = open_poller();
  *state = &f;
  return 0;
}

static int pair_teardown(void **state) {
  pair *f = *state;
  XS_OK_(xs_poller_close(f->p));
  if (f->c != XS_INVALID_SOCKET)
    XS_OK_(xs_close(f->c));
  XS_OK_(xs_close(f->s));
  return 0;
}

static void send_byte(xs_socket_t s) {
  size_t n = 0;
  XS_OK_(xs_send(s, "x", 1, &n));
  assert_int_equal(n, 1);
}

static void test_readable_and_level(void **state) {
  int tag;
  char b;
  size_t n = 0;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, &tag));
  expect_none(p, 0);
  send_byte(c);
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  /* Level-triggered: not read yet, so reported again. */
  ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  XS_OK_(xs_recv(s, &b, 1, &n));
  expect_none(p, 0);
  XS_OK_(xs_poller_delete(p, s));
}

static void test_writable_and_modify(void **state) {
  int tag1, tag2;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, c, XS_POLLOUT, &tag1));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag1, XS_POLLOUT);
  /* New interest and new data. */
  XS_OK_(xs_poller_modify(p, c, XS_POLLIN, &tag2));
  expect_none(p, 0);
  send_byte(s);
  ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag2, XS_POLLIN);
  XS_OK_(xs_poller_modify(p, c, XS_POLLIN | XS_POLLOUT, &tag1));
  ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag1, XS_POLLIN | XS_POLLOUT);
  XS_OK_(xs_poller_delete(p, c));
}

static void test_accept_ready(void **state) {
  xs_socket_t l, c, s;
  xs_addr a;
  int tag;
  (void)state;
  xs_test_listener(XS_AF_INET, &l, &a);
  xs_poller *p = open_poller();
  XS_OK_(xs_poller_add(p, l, XS_POLLIN, &tag));
  expect_none(p, 0);
  XS_OK_(xs_dial(&a, WAIT_MS, &c));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  XS_OK_(xs_socket_accept(l, &s, NULL));
  XS_OK_(xs_poller_delete(p, l));
  XS_OK_(xs_poller_close(p));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
  XS_OK_(xs_close(l));
}

static void test_peer_close(void **state) {
  int tag;
  char b;
  size_t n = 1;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, &tag));
  XS_OK_(xs_close(c));
  f->c = XS_INVALID_SOCKET;
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN | XS_POLLHUP);
  XS_OK_(xs_recv(s, &b, 1, &n));
  assert_int_equal(n, 0);
  XS_OK_(xs_poller_delete(p, s));
}

/* The events are the poller's answer; what a receive then says is the
 * socket's (wine gives end of stream where Windows gives a reset). */
static void test_peer_reset(void **state) {
  int tag;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, &tag));
  XS_OK_(xs_socket_set_linger(c, 1, 0));
  XS_OK_(xs_close(c)); /* linger 0: a reset */
  f->c = XS_INVALID_SOCKET;
  xs_poller_event ev = wait_one(p, WAIT_MS);
  printf("%s: reset gives 0x%x\n", backend, ev.events);
  expect_events(&ev, &tag, XS_POLLIN | XS_POLLERR | XS_POLLHUP);
  XS_OK_(xs_poller_delete(p, s));
}

static void test_connect_refused(void **state) {
  xs_socket_t c;
  xs_addr a;
  int tag, err = 0;
  (void)state;
  xs_test_refused_addr(XS_AF_INET, &a);
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &c));
  XS_OK_(xs_socket_set_nonblocking(c, 1));
  int rc = xs_socket_connect(c, &a);
  if (rc == XS_ECONNREFUSED) {
    XS_OK_(xs_close(c));
    XS_SKIP("%s: the system refused the connect at once", backend);
  }
  XS_ERR_(XS_EINPROGRESS, rc);
  xs_poller *p = open_poller();
  XS_OK_(xs_poller_add(p, c, XS_POLLOUT, &tag));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLOUT | XS_POLLERR | XS_POLLHUP);
  XS_OK_(xs_socket_error(c, &err));
  XS_ERR_(XS_ECONNREFUSED, err);
  XS_OK_(xs_poller_delete(p, c));
  XS_OK_(xs_poller_close(p));
  XS_OK_(xs_close(c));
}

static void test_udp_datagram(void **state) {
  xs_socket_t u1, u2;
  xs_addr a1, a2;
  int tag;
  size_t n = 0;
  char buf[8];
  (void)state;
  xs_test_udp(XS_AF_INET, &u1, &a1);
  xs_test_udp(XS_AF_INET, &u2, &a2);
  xs_poller *p = open_poller();
  XS_OK_(xs_poller_add(p, u2, XS_POLLIN, &tag));
  expect_none(p, 0);
  XS_OK_(xs_sendto(u1, "dgram", 5, &a2, &n));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  XS_OK_(xs_recvfrom(u2, buf, sizeof buf, NULL, &n));
  assert_int_equal(n, 5);
  expect_none(p, 0);
  XS_OK_(xs_poller_delete(p, u2));
  XS_OK_(xs_poller_close(p));
  XS_OK_(xs_close(u1));
  XS_OK_(xs_close(u2));
}

static void test_oneshot_rearm(void **state) {
  int tag;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN | XS_POLLER_ONESHOT, &tag));
  send_byte(c);
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  /* Still readable, but disarmed. */
  expect_none(p, 100);
  XS_OK_(xs_poller_modify(p, s, XS_POLLIN | XS_POLLER_ONESHOT, &tag));
  ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  expect_none(p, 0);
  /* Re-armed as a plain registration: level-triggered again. */
  XS_OK_(xs_poller_modify(p, s, XS_POLLIN, &tag));
  ev = wait_one(p, WAIT_MS);
  ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN);
  XS_OK_(xs_poller_delete(p, s));
}

/* A one-shot for both directions is spent by its first report, whichever
 * direction it was. */
static void test_oneshot_both_directions(void **state) {
  int tag;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, c, XS_POLLIN | XS_POLLOUT | XS_POLLER_ONESHOT, &tag));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLOUT);
  send_byte(s); /* now readable too, but spent */
  expect_none(p, 100);
  XS_OK_(
      xs_poller_modify(p, c, XS_POLLIN | XS_POLLOUT | XS_POLLER_ONESHOT, &tag));
  ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN | XS_POLLOUT);
  XS_OK_(xs_poller_delete(p, c));
}

/* A one-shot widened by modify after its event arrived inside the poller
 * reports the present state, not the one it was armed for. */
static void test_oneshot_widened_while_pending(void **state) {
  int tag;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN | XS_POLLER_ONESHOT, &tag));
  expect_none(p, 50);
  send_byte(c);
  xs_test_sleep_ms(100); /* the readiness is pending inside the poller */
  XS_OK_(
      xs_poller_modify(p, s, XS_POLLIN | XS_POLLOUT | XS_POLLER_ONESHOT, &tag));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &tag, XS_POLLIN | XS_POLLOUT);
  expect_none(p, 50);
  XS_OK_(xs_poller_delete(p, s));
}

/* A closed socket cannot be added. */
static void test_add_closed_socket(void **state) {
  xs_socket_t u;
  (void)state;
  xs_poller *p = open_poller(); /* first: its own handles take no reuse */
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_DGRAM, &u));
  XS_OK_(xs_close(u));
  int rc = xs_poller_add(p, u, XS_POLLIN, NULL);
  if (rc != XS_EBADF && rc != XS_ENOTSOCK) {
    print_error("%s: add of a closed socket gave %s\n", backend,
                xs_err_name(rc));
    fail();
  }
  XS_OK_(xs_poller_close(p));
}

/* Closing a poller that still holds registrations (some with an event
 * pending inside it) releases everything; the sockets stay open and work. */
#define LIVE 200
static void test_close_with_registrations(void **state) {
  static xs_socket_t u[LIVE];
  static xs_addr a[LIVE];
  xs_socket_t tx;
  xs_addr ta;
  size_t n = 0;
  char b;
  (void)state;
  xs_poller *p = open_poller();
  xs_test_udp(XS_AF_INET, &tx, &ta);
  for (size_t i = 0; i < LIVE; i++) {
    xs_test_udp(XS_AF_INET, &u[i], &a[i]);
    XS_OK_(xs_poller_add(p, u[i], XS_POLLIN, &u[i]));
  }
  expect_none(p, 50); /* every request is now with the system */
  for (size_t i = 0; i < LIVE; i += 10)
    XS_OK_(xs_sendto(tx, "c", 1, &a[i], &n));
  xs_test_sleep_ms(100);
  XS_OK_(xs_poller_close(p));
  XS_OK_(xs_socket_set_recv_timeout(u[0], 5000));
  XS_OK_(xs_recvfrom(u[0], &b, 1, NULL, &n));
  assert_int_equal(n, 1);
  for (size_t i = 0; i < LIVE; i++)
    XS_OK_(xs_close(u[i]));
  XS_OK_(xs_close(tx));
}

/* An event that arrives while the poller watches, then a delete before
 * the next wait: never reported. The socket can be added again at once. */
static void test_delete_pending(void **state) {
  int tag;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, &tag));
  expect_none(p, 50); /* the poller is now watching s */
  send_byte(c);
  xs_test_sleep_ms(100); /* the event is pending inside the poller */
  XS_OK_(xs_poller_delete(p, s));
  expect_none(p, 200);
  XS_ERR_(XS_ENOENT, xs_poller_delete(p, s));
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, &c));
  xs_poller_event ev = wait_one(p, WAIT_MS);
  expect_events(&ev, &c, XS_POLLIN);
  XS_OK_(xs_poller_delete(p, s));
}

/* Three ready, room for one per wait: three waits report all three. */
static void test_more_ready_than_max(void **state) {
  xs_socket_t c[3], s[3];
  int tags[3];
  int seen[3] = {0, 0, 0};
  (void)state;
  xs_poller *p = open_poller();
  for (int i = 0; i < 3; i++) {
    xs_test_tcp_pair(XS_AF_INET, &c[i], &s[i]);
    XS_OK_(xs_poller_add(p, s[i], XS_POLLIN, &tags[i]));
    send_byte(c[i]);
  }
  xs_test_sleep_ms(50);
  for (int k = 0; k < 3; k++) {
    xs_poller_event ev;
    size_t n = wait_events(p, &ev, 1, WAIT_MS);
    assert_int_equal(n, 1);
    for (int i = 0; i < 3; i++)
      if (ev.data == &tags[i])
        seen[i]++;
  }
  assert_int_equal(seen[0] + seen[1] + seen[2], 3);
  assert_true(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
  for (int i = 0; i < 3; i++) {
    XS_OK_(xs_poller_delete(p, s[i]));
    XS_OK_(xs_close(c[i]));
    XS_OK_(xs_close(s[i]));
  }
  XS_OK_(xs_poller_close(p));
}

static void waker(void *arg) {
  xs_test_sleep_ms(200);
  XS_OK_(xs_poller_wake(arg));
}

static void test_wake_from_thread(void **state) {
  xs_test_thread t;
  pair *f = *state;
  xs_socket_t s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, NULL));
  long long t0 = xs_test_now_ms();
  xs_test_thread_start(&t, waker, p);
  expect_none(p, XS_INFINITE);
  long long dt = xs_test_now_ms() - t0;
  xs_test_thread_join(&t);
  assert_true(dt >= 150);
  /* Wakes before a wait merge into one. */
  XS_OK_(xs_poller_wake(p));
  XS_OK_(xs_poller_wake(p));
  expect_none(p, XS_INFINITE);
  t0 = xs_test_now_ms();
  expect_none(p, 200);
  assert_true(xs_test_now_ms() - t0 >= 150);
  XS_OK_(xs_poller_delete(p, s));
}

/* 1,000 UDP sockets, datagrams to 10 of them: exactly those 10. */
static void test_many_few_ready(void **state) {
  static xs_socket_t u[MANY];
  static xs_addr a[MANY];
  static int hits[MANY];
  xs_socket_t tx;
  xs_addr ta;
  xs_poller_event ev[64];
  size_t got = 0, n = 0;
  (void)state;
  memset(hits, 0, sizeof hits);
  xs_poller *p = open_poller();
  xs_test_udp(XS_AF_INET, &tx, &ta);
  for (size_t i = 0; i < MANY; i++) {
    xs_test_udp(XS_AF_INET, &u[i], &a[i]);
    XS_OK_(xs_poller_add(p, u[i], XS_POLLIN, &hits[i]));
  }
  for (size_t k = 0; k < MANY_READY; k++)
    XS_OK_(xs_sendto(tx, "m", 1, &a[k * (MANY / MANY_READY) + 7], &n));
  long long end = xs_test_now_ms() + WAIT_MS;
  while (got < MANY_READY && xs_test_now_ms() < end) {
    size_t k = wait_events(p, ev, 64, 500);
    for (size_t j = 0; j < k; j++) {
      int *h = ev[j].data;
      assert_int_equal(ev[j].events, XS_POLLIN);
      char b;
      size_t i = (size_t)(h - hits);
      if ((*h)++ == 0)
        got++;
      XS_OK_(xs_recvfrom(u[i], &b, 1, NULL, &n));
    }
  }
  assert_int_equal(got, MANY_READY);
  expect_none(p, 100);
  for (size_t i = 0; i < MANY; i++) {
    int want = i % (MANY / MANY_READY) == 7 ? 1 : 0;
    assert_int_equal(hits[i], want);
    XS_OK_(xs_poller_delete(p, u[i]));
    XS_OK_(xs_close(u[i]));
  }
  XS_OK_(xs_close(tx));
  XS_OK_(xs_poller_close(p));
}

static void test_errors(void **state) {
  xs_poller_event ev;
  size_t n = 7;
  pair *f = *state;
  xs_socket_t c = f->c, s = f->s;
  xs_poller *p = f->p;
  XS_OK_(xs_poller_add(p, s, XS_POLLIN, NULL));
  XS_ERR_(XS_EEXIST, xs_poller_add(p, s, XS_POLLOUT, NULL));
  XS_ERR_(XS_ENOENT, xs_poller_modify(p, c, XS_POLLIN, NULL));
  XS_ERR_(XS_ENOENT, xs_poller_delete(p, c));
  XS_ERR_(XS_EINVAL, xs_poller_add(p, c, 0x4000, NULL));
  XS_ERR_(XS_EINVAL, xs_poller_add(p, XS_INVALID_SOCKET, XS_POLLIN, NULL));
  XS_ERR_(XS_EINVAL, xs_poller_add(NULL, c, XS_POLLIN, NULL));
  XS_ERR_(XS_EINVAL, xs_poller_modify(p, s, XS_POLLERR, NULL));
  XS_ERR_(XS_EINVAL, xs_poller_delete(p, XS_INVALID_SOCKET));
  XS_ERR_(XS_EINVAL, xs_poller_wait(p, &ev, 0, 0, &n));
  assert_int_equal(n, 0);
  XS_ERR_(XS_EINVAL, xs_poller_wait(p, NULL, 1, 0, &n));
  XS_ERR_(XS_EINVAL, xs_poller_wait(p, &ev, 1, 0, NULL));
  XS_ERR_(XS_EINVAL, xs_poller_wait(NULL, &ev, 1, 0, &n));
  XS_ERR_(XS_EINVAL, xs_poller_wake(NULL));
  XS_ERR_(XS_EINVAL, xs_poller_open(NULL));
  xs_poller *q = p;
  XS_ERR_(XS_EINVAL, xs_poller_open_backend("nosuch", &q));
  assert_null(q);
  assert_string_equal(xs_poller_backend(NULL), "");
  XS_OK_(xs_poller_close(NULL));
  XS_OK_(xs_poller_delete(p, s));
}

/* The native backend of the other systems does not exist here. */
static void test_backend_names(void **state) {
  xs_poller *p = NULL;
  (void)state;
  static const char *const names[] = {"epoll", "kqueue", "afd"};
  XS_OK_(xs_poller_open_backend("poll", &p));
  assert_string_equal(xs_poller_backend(p), "poll");
  XS_OK_(xs_poller_close(p));
  for (size_t i = 0; i < 3; i++) {
    int rc = xs_poller_open_backend(names[i], &p);
    if (rc == 0) {
      printf("native backend: %s\n", xs_poller_backend(p));
      assert_string_equal(xs_poller_backend(p), names[i]);
      XS_OK_(xs_poller_close(p));
    } else {
      XS_ERR_(XS_ENOTSUP, rc);
      assert_null(p);
    }
  }
}

/* The native backend's open, registration and wait calls failing. */
static void test_faults(void **state) {
  xs_socket_t c, s;
  xs_poller *p = NULL;
  int tag;
  (void)state;
  if (strcmp(backend, "poll") == 0) {
    xs_test_tcp_pair(XS_AF_INET, &c, &s);
    p = open_poller();
    XS_OK_(xs_poller_add(p, s, XS_POLLIN, &tag));
    send_byte(c);
    xs__fault_begin();
    xs__fault_fail(XS__SYS_POLL, 1, 2, xs__plat_native_code(XS_EINTR));
    xs_poller_event ev = wait_one(p, WAIT_MS); /* EINTR retried */
    assert_true(xs__fault_calls(XS__SYS_POLL) >= 3);
    xs__fault_fail(XS__SYS_POLL, 1, 1, xs__plat_native_code(XS_ENOMEM));
    size_t n = 5;
    XS_ERR_(XS_ENOMEM, xs_poller_wait(p, &ev, 1, WAIT_MS, &n));
    assert_int_equal(n, 0);
    xs__fault_end();
    expect_events(&ev, &tag, XS_POLLIN);
  } else {
    xs__fault_begin();
    xs__fault_fail(XS__SYS_POLLER_OPEN, 1, 1, xs__plat_native_code(XS_EMFILE));
    XS_ERR_(XS_EMFILE, xs_poller_open_backend(backend, &p));
    assert_null(p);
    xs__fault_end();
    xs_test_tcp_pair(XS_AF_INET, &c, &s);
    p = open_poller();
    xs__fault_begin();
    xs__fault_fail(XS__SYS_POLLER_CTL, 1, 1, xs__plat_native_code(XS_ENOMEM));
    XS_ERR_(XS_ENOMEM, xs_poller_add(p, s, XS_POLLIN, &tag));
    xs__fault_end();
    /* The failed add left no registration behind. */
    XS_ERR_(XS_ENOENT, xs_poller_delete(p, s));
    XS_OK_(xs_poller_add(p, s, XS_POLLIN, &tag));
    send_byte(c);
    xs__fault_begin();
    xs__fault_fail(XS__SYS_POLLER_WAIT, 1, 2, xs__plat_native_code(XS_EINTR));
    xs_poller_event ev = wait_one(p, WAIT_MS); /* EINTR retried */
    assert_true(xs__fault_calls(XS__SYS_POLLER_WAIT) >= 3);
    xs__fault_end();
    expect_events(&ev, &tag, XS_POLLIN);
  }
  XS_OK_(xs_poller_delete(p, s));
  XS_OK_(xs_poller_close(p));
  XS_OK_(xs_close(c));
  XS_OK_(xs_close(s));
}

#define P(f) cmocka_unit_test_setup_teardown(f, pair_setup, pair_teardown)

static int run_backend(const char *name) {
  const struct CMUnitTest tests[] = {
      P(test_readable_and_level),
      P(test_writable_and_modify),
      cmocka_unit_test(test_accept_ready),
      P(test_peer_close),
      P(test_peer_reset),
      cmocka_unit_test(test_connect_refused),
      cmocka_unit_test(test_udp_datagram),
      P(test_oneshot_rearm),
      P(test_oneshot_both_directions),
      P(test_oneshot_widened_while_pending),
      cmocka_unit_test(test_add_closed_socket),
      P(test_delete_pending),
      cmocka_unit_test(test_more_ready_than_max),
      P(test_wake_from_thread),
      cmocka_unit_test(test_many_few_ready),
      cmocka_unit_test(test_close_with_registrations),
      P(test_errors),
      cmocka_unit_test(test_backend_names),
      cmocka_unit_test(test_faults),
  };
  backend = name;
  printf("== backend %s\n", name);
  return XS_RUN(tests);
}

int main(void) {
  xs_poller *p = NULL;
  /* The default backend is the native one (XSOCK_POLLER not set here). */
  XS_OK_(xs_poller_open_backend(NULL, &p));
  const char *native = xs_poller_backend(p);
  xs_poller_close(p);
  int rc = run_backend("poll");
  int rc2 = strcmp(native, "poll") == 0 ? 0 : run_backend(native);
  if (rc == 1 || rc2 == 1)
    return 1;
  return rc == 77 && rc2 == 77 ? 77 : 0;
}
