/* SPDX-License-Identifier: MIT */
/*
 * test_shared.c - the shared library (xsock.so / libxsock.dll) as a program
 * links it: exported symbols resolve, and a socket round trip, an address
 * round trip and the error table work through it. Deliberately not linked
 * with the test harness, which pulls in the static testing library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <xsock/xsock.h>

static void test_shared_version(void **state) {
  (void)state;
  assert_int_equal(xs_version(), XS_VERSION_NUMBER);
  assert_non_null(xs_version_string());
}

static void test_shared_socketpair_round_trip(void **state) {
  xs_socket_t pair[2];
  char buf[5] = {0};
  size_t n = 0;
  (void)state;
  assert_int_equal(xs_socketpair(pair), 0);
  assert_int_equal(xs_send_all(pair[0], "ping", 4, 5000, NULL), 0);
  assert_int_equal(xs_recv_all(pair[1], buf, 4, 5000, &n), 0);
  assert_int_equal(n, 4);
  assert_string_equal(buf, "ping");
  assert_int_equal(xs_close(pair[0]), 0);
  assert_int_equal(xs_close(pair[1]), 0);
}

static void test_shared_addr_and_errors(void **state) {
  xs_addr a;
  char text[XS_ADDR_STRLEN];
  (void)state;
  assert_int_equal(xs_addr_parse(&a, "[::1]:7007"), 0);
  assert_int_equal(xs_addr_format(&a, text, sizeof text), 0);
  assert_string_equal(text, "[::1]:7007");
  assert_string_equal(xs_err_name(XS_ECONNREFUSED), "ECONNREFUSED");
  assert_int_equal(xs_addr_parse(&a, "1.2.3.4:65536"), XS_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shared_version),
      cmocka_unit_test(test_shared_socketpair_round_trip),
      cmocka_unit_test(test_shared_addr_and_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
