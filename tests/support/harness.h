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
#define XS_ERR_(code, expr) \
  xs_test_err((code), (expr), #expr, __FILE__, __LINE__)

void xs_test_ok(int rc, const char *expr, const char *file, int line);
void xs_test_err(int want, int rc, const char *expr, const char *file,
                 int line);

/* Skip the current case: prints "SKIP <case>: <reason>" and tells cmocka.
 * Use only when the capability is absent on this system, never to hide a
 * failure. */
#define XS_SKIP(...)               \
  do {                             \
    xs_test_skip_note(__VA_ARGS__); \
    skip();                        \
  } while (0)
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void xs_test_skip_note(const char *fmt, ...);

/* Run a group; exit status for main(): 0 all passed (some may be skipped),
 * 1 failures, 77 every case skipped (CTest shows "Skipped"). */
#define XS_RUN(tests) xs_test_run((tests), sizeof(tests) / sizeof((tests)[0]), #tests)
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
/* A UDP socket bound to loopback of family, port chosen by the OS. */
void xs_test_udp(int family, xs_socket_t *sock, xs_addr *addr);
/* A fresh path for a UNIX socket in the temporary folder, not existing. */
void xs_test_unix_path(char *buf, size_t size, const char *tag);
/* Remove a file if it exists (for UNIX socket paths). */
void xs_test_unlink(const char *path);
/* A monotonic clock in milliseconds (the library's own), for loose lower
 * bounds on timeouts; never for asserting speed. */
long long xs_test_now_ms(void);
/* Sleep for ms milliseconds. */
void xs_test_sleep_ms(int ms);

/* Fill buf with a reproducible pattern; check it. */
void xs_test_pattern(void *buf, size_t len, uint32_t seed);
int xs_test_pattern_ok(const void *buf, size_t len, uint32_t seed);

#endif /* XS_TEST_HARNESS_H */
