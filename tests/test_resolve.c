/* SPDX-License-Identifier: MIT */
/*
 * test_resolve.c - xs_resolve() against the local resolver: localhost,
 * numeric hosts, service names, the passive any address, family filters,
 * a name that cannot exist, and argument checks (label loopback).
 *
 * The test machine has no network, so only names the local system answers
 * by itself are expected to resolve; a ".invalid" name (RFC 6761) must fail
 * with one of the name-failure codes, whichever the resolver picks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Every pair of results differs (xs_resolve folds duplicates). */
static void check_no_duplicates(const xs_addr *list, size_t count) {
  for (size_t i = 0; i < count; i++)
    for (size_t j = i + 1; j < count; j++)
      assert_false(xs_addr_equal(&list[i], &list[j]));
}

static int is_loopback(const xs_addr *a) {
  static const uint8_t v6_loop[16] = {[15] = 1};
  if (a->family == XS_AF_INET)
    return a->ip[0] == 127;
  return a->family == XS_AF_INET6 && memcmp(a->ip, v6_loop, 16) == 0;
}

static int is_any(const xs_addr *a) {
  static const uint8_t zero[16];
  if (a->family == XS_AF_INET)
    return memcmp(a->ip, zero, 4) == 0;
  return a->family == XS_AF_INET6 && memcmp(a->ip, zero, 16) == 0;
}

/* Resolve and check what holds for every successful result. */
static void resolve_ok(const char *host, const char *service, int family,
                       int socktype, int flags, xs_addr **list, size_t *count) {
  xs_resolve_hints h = {family, socktype, flags};
  XS_OK_(xs_resolve(host, service, &h, list, count));
  assert_non_null(*list);
  assert_true(*count >= 1);
  check_no_duplicates(*list, *count);
  for (size_t i = 0; i < *count; i++) {
    int f = (*list)[i].family;
    assert_true(f == XS_AF_INET || f == XS_AF_INET6);
    if (family != XS_AF_UNSPEC)
      assert_int_equal(f, family);
  }
}

static void test_resolve_localhost(void **state) {
  xs_addr *list;
  size_t count;
  (void)state;
  resolve_ok("localhost", NULL, XS_AF_UNSPEC, XS_SOCK_ANY, 0, &list, &count);
  for (size_t i = 0; i < count; i++) {
    assert_true(is_loopback(&list[i]));
    assert_int_equal(xs_addr_port(&list[i]), 0);
  }
  xs_addr_list_free(list);
}

static void test_resolve_numeric_ipv4(void **state) {
  xs_addr *list, want;
  size_t count;
  (void)state;
  resolve_ok("127.0.0.1", "80", XS_AF_UNSPEC, XS_SOCK_ANY,
             XS_RESOLVE_NUMERIC_HOST, &list, &count);
  XS_OK_(xs_addr_parse(&want, "127.0.0.1:80"));
  assert_int_equal(count, 1); /* one address, whatever the socket types */
  assert_memory_equal(&list[0], &want, sizeof want);
  xs_addr_list_free(list);
  resolve_ok("127.0.0.1", "53", XS_AF_INET, XS_SOCK_DGRAM,
             XS_RESOLVE_NUMERIC_HOST, &list, &count);
  XS_OK_(xs_addr_parse(&want, "127.0.0.1:53"));
  assert_int_equal(count, 1);
  assert_memory_equal(&list[0], &want, sizeof want);
  xs_addr_list_free(list);
}

static void test_resolve_numeric_ipv6(void **state) {
  xs_resolve_hints h = {XS_AF_INET6, XS_SOCK_STREAM, XS_RESOLVE_NUMERIC_HOST};
  xs_addr *list, want;
  size_t count;
  int rc;
  (void)state;
  rc = xs_resolve("::1", "8080", &h, &list, &count);
  if (rc != 0 && !xs_test_have_ipv6())
    XS_SKIP("no IPv6 on this host (xs_resolve(\"::1\") gave %s)",
            xs_err_name(rc));
  XS_OK_(rc);
  XS_OK_(xs_addr_parse(&want, "[::1]:8080"));
  assert_int_equal(count, 1);
  assert_memory_equal(&list[0], &want, sizeof want);
  xs_addr_list_free(list);
}

/* Whether the system has a services database for getaddrinfo() to read. */
static int have_services_db(void) {
  const char *path = "/etc/services";
  FILE *f;
#ifdef _WIN32
  static char win_path[300];
  const char *root = getenv("SystemRoot");
  if (xs_test_on_wine())
    path = "Z:\\etc\\services"; /* wine's resolver reads the host's file */
  else if (root != NULL) {
    snprintf(win_path, sizeof win_path, "%s\\system32\\drivers\\etc\\services",
             root);
    path = win_path;
  }
#endif
  f = fopen(path, "r");
  if (f == NULL)
    return 0;
  fclose(f);
  return 1;
}

static void test_resolve_service_name(void **state) {
  xs_resolve_hints h = {XS_AF_INET, XS_SOCK_STREAM, XS_RESOLVE_NUMERIC_HOST};
  xs_addr *list;
  size_t count;
  int rc;
  (void)state;
  rc = xs_resolve("127.0.0.1", "http", &h, &list, &count);
  if (rc != 0 && !have_services_db())
    XS_SKIP("no services database on this system (\"http\" gave %s)",
            xs_err_name(rc));
  XS_OK_(rc);
  assert_true(count >= 1);
  for (size_t i = 0; i < count; i++)
    assert_int_equal(xs_addr_port(&list[i]), 80);
  xs_addr_list_free(list);
  /* An unknown service name: the resolver says "service" or "name". */
  rc = xs_resolve("127.0.0.1", "xs-no-such-service", &h, &list, &count);
  if (rc != XS_EAI_SERVICE && rc != XS_EAI_NONAME)
    print_error("unknown service gave %s\n", xs_err_name(rc));
  assert_true(rc == XS_EAI_SERVICE || rc == XS_EAI_NONAME);
  assert_null(list);
}

static void test_resolve_passive_any(void **state) {
  xs_addr *list, want;
  size_t count;
  (void)state;
  resolve_ok(NULL, "8080", XS_AF_INET, XS_SOCK_STREAM, XS_RESOLVE_PASSIVE,
             &list, &count);
  XS_OK_(xs_addr_parse(&want, "0.0.0.0:8080"));
  assert_int_equal(count, 1);
  assert_memory_equal(&list[0], &want, sizeof want);
  xs_addr_list_free(list);
  resolve_ok(NULL, "8080", XS_AF_UNSPEC, XS_SOCK_ANY, XS_RESOLVE_PASSIVE, &list,
             &count);
  for (size_t i = 0; i < count; i++) {
    assert_true(is_any(&list[i]));
    assert_int_equal(xs_addr_port(&list[i]), 8080);
  }
  xs_addr_list_free(list);
  /* Without PASSIVE a NULL host is the loopback address. */
  resolve_ok(NULL, "8080", XS_AF_UNSPEC, XS_SOCK_STREAM, 0, &list, &count);
  for (size_t i = 0; i < count; i++)
    assert_true(is_loopback(&list[i]));
  xs_addr_list_free(list);
}

static void test_resolve_family_filter(void **state) {
  xs_addr *list;
  size_t count;
  (void)state;
  resolve_ok("localhost", "7", XS_AF_INET, XS_SOCK_ANY, 0, &list, &count);
  for (size_t i = 0; i < count; i++) {
    assert_int_equal(list[i].family, XS_AF_INET);
    assert_int_equal(list[i].ip[0], 127);
    assert_int_equal(xs_addr_port(&list[i]), 7);
  }
  xs_addr_list_free(list);
  resolve_ok("127.0.0.1", "7", XS_AF_INET, XS_SOCK_ANY, 0, &list, &count);
  assert_int_equal(count, 1);
  xs_addr_list_free(list);
}

static void test_resolve_no_such_host(void **state) {
  xs_addr *list = (xs_addr *)&list; /* must be reset to NULL */
  size_t count = 99;
  int rc;
  (void)state;
  rc = xs_resolve("no-such-host.invalid", "80", NULL, &list, &count);
  if (rc != XS_EAI_NONAME && rc != XS_EAI_NODATA && rc != XS_EAI_AGAIN &&
      rc != XS_EAI_FAIL)
    print_error("no-such-host.invalid gave %d (%s), native %d\n", rc,
                xs_err_name(rc), xs_native_error());
  assert_true(rc == XS_EAI_NONAME || rc == XS_EAI_NODATA ||
              rc == XS_EAI_AGAIN || rc == XS_EAI_FAIL);
  assert_null(list);
  assert_int_equal(count, 0);
}

static void test_resolve_numeric_flag_with_name(void **state) {
  xs_resolve_hints h = {XS_AF_UNSPEC, XS_SOCK_ANY, XS_RESOLVE_NUMERIC_HOST};
  xs_addr *list;
  size_t count;
  (void)state;
  XS_ERR_(XS_EAI_NONAME, xs_resolve("localhost", "80", &h, &list, &count));
  assert_null(list);
  assert_int_equal(count, 0);
}

static void test_resolve_bad_args(void **state) {
  static const xs_resolve_hints bad[] = {{XS_AF_UNIX, XS_SOCK_ANY, 0},
                                         {7, XS_SOCK_ANY, 0},
                                         {-1, XS_SOCK_ANY, 0},
                                         {XS_AF_INET, 3, 0},
                                         {XS_AF_INET, -1, 0},
                                         {XS_AF_INET, XS_SOCK_STREAM, 0x100},
                                         {XS_AF_UNSPEC, XS_SOCK_ANY, -1}};
  xs_addr *list;
  size_t count;
  (void)state;
  XS_ERR_(XS_EINVAL, xs_resolve("localhost", "80", NULL, NULL, &count));
  XS_ERR_(XS_EINVAL, xs_resolve("localhost", "80", NULL, &list, NULL));
  assert_null(list);
  XS_ERR_(XS_EINVAL, xs_resolve(NULL, NULL, NULL, &list, &count));
  assert_null(list);
  assert_int_equal(count, 0);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    XS_ERR_(XS_EINVAL, xs_resolve("127.0.0.1", "80", &bad[i], &list, &count));
    assert_null(list);
    assert_int_equal(count, 0);
    assert_int_equal(xs_native_error(), 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_resolve_localhost),
      cmocka_unit_test(test_resolve_numeric_ipv4),
      cmocka_unit_test(test_resolve_numeric_ipv6),
      cmocka_unit_test(test_resolve_service_name),
      cmocka_unit_test(test_resolve_passive_any),
      cmocka_unit_test(test_resolve_family_filter),
      cmocka_unit_test(test_resolve_no_such_host),
      cmocka_unit_test(test_resolve_numeric_flag_with_name),
      cmocka_unit_test(test_resolve_bad_args),
  };
  return XS_RUN(tests);
}
