/* SPDX-License-Identifier: MIT */
/*
 * harness.h - what every xsock test program shares: running a cmocka group
 * with honest skip reporting, and loopback helpers.
 */
#ifndef XS_TEST_HARNESS_H
#define XS_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "xsock/xsock.h"

/* Assert that an xsock call returned 0, printing the error's name if not. */
#define XS_OK_(expr) xs_test_ok((expr), #expr, __FILE__, __LINE__)
/* Assert that an xsock call returned the given XS_E... code. */
#define XS_ERR_(code, expr)                                                    \
  xs_test_err((code), (expr), #expr, __FILE__, __LINE__)

void xs_test_ok(int rc, const char *expr, const char *file, int line);
void xs_test_err(int want, int rc, const char *expr, const char *file,
                 int line);

/* Skip the current case: prints "SKIP <case>: <reason>" and tells cmocka.
 * Use only when the capability is absent on this system, never to hide a
 * failure. */
#define XS_SKIP(...)                                                           \
  do {                                                                         \
    xs_test_skip_note(__VA_ARGS__);                                            \
    skip();                                                                    \
  } while (0)
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void xs_test_skip_note(const char *fmt, ...);

/* Run a group; exit status for main(): 0 all passed (some may be skipped),
 * 1 failures, 77 every case skipped (CTest shows "Skipped"). */
#define XS_RUN(tests)                                                          \
  xs_test_run((tests), sizeof(tests) / sizeof((tests)[0]), #tests)
int xs_test_run(const struct CMUnitTest *tests, size_t n, const char *name);

/* 1 when the program runs under wine (Windows build), else 0. */
int xs_test_on_wine(void);
/* 1 when an IPv6 socket can be bound to ::1 here. */
int xs_test_have_ipv6(void);
/* 1 when AF_UNIX stream sockets can be created here. */
int xs_test_have_unix(void);

/* A listening TCP socket on the loopback address of family, port chosen by
 * the OS; *addr receives its address. Asserts on failure. */
void xs_test_listener(int family, xs_socket_t *lsock, xs_addr *addr);
/* A connected TCP pair over loopback. Asserts on failure. */
void xs_test_tcp_pair(int family, xs_socket_t *client, xs_socket_t *server);
/* Dial addr (within 5000 ms) and accept that connection on the listener l
 * (peer address not asked). Asserts on failure. */
void xs_test_connect(xs_socket_t l, const xs_addr *addr, xs_socket_t *client,
                     xs_socket_t *server);
/* A loopback address of family that nothing listens on (a listener's
 * address, closed again at once). Asserts on failure. */
void xs_test_refused_addr(int family, xs_addr *addr);
/* Skip the current case when no IPv6 socket can be bound to ::1 here. */
void xs_test_need_ipv6(void);
/* Send all of text on from (xs_send_all, 5000 ms), receive exactly as many
 * bytes on to (xs_recv_all, 5000 ms) and compare. text: under 64 bytes. */
void xs_test_send_check(xs_socket_t from, xs_socket_t to, const char *text);
/* A UDP socket bound to loopback of family, port chosen by the OS. */
void xs_test_udp(int family, xs_socket_t *sock, xs_addr *addr);
/* A fresh path for a UNIX socket in the temporary folder, not existing. */
void xs_test_unix_path(char *buf, size_t size, const char *tag);
/* Remove a file if it exists (for UNIX socket paths). */
void xs_test_unlink(const char *path);
/* Dial a (with timeout_ms each) until a dial fails or max succeeded, then
 * close every connection made. Returns the failing dial's code (0 if none
 * failed); *made receives the number that succeeded and *elapsed_ms how
 * long the last dial took. For filling a listener's backlog. */
int xs_test_dial_until_failure(const xs_addr *a, int timeout_ms, size_t max,
                               size_t *made, long long *elapsed_ms);
/* A monotonic clock in milliseconds (the library's own), for loose lower
 * bounds on timeouts; never for asserting speed. */
long long xs_test_now_ms(void);
/* Sleep for ms milliseconds. */
void xs_test_sleep_ms(int ms);

/* A thread of a test (wake-ups from another thread). */
typedef struct xs_test_thread {
  void *handle;
  void (*fn)(void *);
  void *arg;
} xs_test_thread;
/* Start fn(arg) in a new thread; asserts on failure. */
void xs_test_thread_start(xs_test_thread *t, void (*fn)(void *), void *arg);
/* Wait for the thread to end. */
void xs_test_thread_join(xs_test_thread *t);

/* Descriptors (POSIX, from /proc/self/fd) or handles (Windows) open in
 * this process, or -1 where the system cannot tell: a leak check compares
 * two counts. */
long xs_test_open_handles(void);

/* Sockets a case opened, so that a failing case leaves none open: track
 * each one, end a passing case with xs_test_close_tracked(), and register
 * xs_test_teardown_tracked (or a teardown that calls it) for the case. */
#define XS_TEST_MAX_TRACKED 16
/* Remember s (asserts when XS_TEST_MAX_TRACKED are tracked); returns s. */
xs_socket_t xs_test_track(xs_socket_t s);
/* Forget s without closing it; fails the case if s is not tracked. */
void xs_test_untrack(xs_socket_t s);
/* Close every tracked socket, last first, asserting success (the end of a
 * passing case). */
void xs_test_close_tracked(void);
/* cmocka teardown: close whatever is still tracked, ignoring errors, and
 * start the next case with none. Returns 0. */
int xs_test_teardown_tracked(void **state);

/* Fill buf with a reproducible pattern; check it. */
void xs_test_pattern(void *buf, size_t len, uint32_t seed);
int xs_test_pattern_ok(const void *buf, size_t len, uint32_t seed);

#endif /* XS_TEST_HARNESS_H */
