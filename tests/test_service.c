/* SPDX-License-Identifier: MIT */
/*
 * test_service.c - ports and services (include/xsock/service.h): the 22
 * services of the built-in table by name (tcp, udp, either) and by port,
 * with the same answers from every system (glibc with or without
 * /etc/services, wine's services file), ASCII case ignored, port ranges at
 * their edges, unknown names and ports, bad arguments, a list too long for
 * the caller's array, and system lookups that fail through the fault seam
 * (the table answers alone).
 * Labels: unit, fault (the seam cases end the plan in their teardown).
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "common/fault.h"
#include "xsock/service.h"

#define TCP XS_SERVICE_TCP
#define UDP XS_SERVICE_UDP

/* The expectations: one row per service, the same on every system. */
typedef struct row {
  const char *name;
  uint16_t port;
  unsigned protocols;
} row;

static const row known[] = {
    {"echo", 7, TCP | UDP},     {"discard", 9, TCP | UDP},
    {"daytime", 13, TCP | UDP}, {"chargen", 19, TCP | UDP},
    {"ftp-data", 20, TCP},      {"ftp", 21, TCP},
    {"ssh", 22, TCP},           {"telnet", 23, TCP},
    {"smtp", 25, TCP},          {"time", 37, TCP | UDP},
    {"domain", 53, TCP | UDP},  {"bootps", 67, UDP},
    {"bootpc", 68, UDP},        {"tftp", 69, UDP},
    {"finger", 79, TCP},        {"http", 80, TCP},
    {"sunrpc", 111, TCP | UDP}, {"ntp", 123, UDP},
    {"https", 443, TCP | UDP},  {"rmiregistry", 1099, TCP},
    {"nfs", 2049, TCP | UDP},   {"http-alt", 8080, TCP},
};

#define N_KNOWN (sizeof known / sizeof known[0])

static const char *const protos[2] = {"tcp", "udp"};
static const unsigned bits[2] = {TCP, UDP};

static int teardown_fault(void **state) {
  (void)state;
  xs__fault_end();
  return 0;
}

/* By name under each protocol, and under either. */
static void check_by_name(const row *r) {
  uint16_t port = 1;
  unsigned got = 0;
  int rc = xs_service_by_name(r->name, NULL, &port);
  if (rc != 0 || port != r->port)
    fail_msg("%s: %s, port %u (want %u)", r->name, xs_err_name(rc),
             (unsigned)port, (unsigned)r->port);
  for (size_t p = 0; p < 2; p++) {
    rc = xs_service_by_name(r->name, protos[p], &port);
    if ((r->protocols & bits[p]) != 0 ? (rc != 0 || port != r->port)
                                      : (rc != XS_ENOENT || port != 0))
      fail_msg("%s/%s: %s, port %u", r->name, protos[p], xs_err_name(rc),
               (unsigned)port);
  }
  XS_OK_(xs_service_protocols(r->name, &port, &got));
  if (port != r->port || got != r->protocols)
    fail_msg("%s: port %u protocols %u (want %u, %u)", r->name, (unsigned)port,
             got, (unsigned)r->port, r->protocols);
}

/* Index of (name, protocol) in a port's list, or -1. */
static int find(const xs_service *list, size_t n, const char *name,
                const char *protocol) {
  for (size_t i = 0; i < n; i++) {
    if (strcmp(list[i].name, name) == 0 &&
        strcmp(list[i].protocol, protocol) == 0)
      return (int)i;
  }
  return -1;
}

/* By port: the name under each of its protocols, tcp entries before udp
 * ones, every entry of the port. exact: the list holds nothing else (the
 * table alone answers). */
static void check_by_port(const row *r, int exact) {
  xs_service list[XS_SERVICE_LIST_MAX];
  size_t n = 0, want = 0;
  int last_tcp = -1, first_udp = -1;
  XS_OK_(xs_service_by_port(r->port, NULL, list, XS_SERVICE_LIST_MAX, &n));
  assert_true(n >= 1 && n <= XS_SERVICE_LIST_MAX);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(list[i].port, r->port);
    if (strcmp(list[i].protocol, "tcp") == 0) {
      last_tcp = (int)i;
    } else {
      assert_string_equal(list[i].protocol, "udp");
      if (first_udp < 0)
        first_udp = (int)i;
    }
  }
  if (last_tcp >= 0 && first_udp >= 0)
    assert_true(last_tcp < first_udp);
  for (size_t p = 0; p < 2; p++) {
    if ((r->protocols & bits[p]) == 0)
      continue;
    want++;
    if (find(list, n, r->name, protos[p]) < 0)
      fail_msg("port %u: %s/%s is not listed", (unsigned)r->port, r->name,
               protos[p]);
  }
  if (exact)
    assert_int_equal(n, want);
  /* One protocol at a time: its entries only, and the name iff it has
   * that protocol (a port may have other names for a protocol). */
  for (size_t p = 0; p < 2; p++) {
    int rc =
        xs_service_by_port(r->port, protos[p], list, XS_SERVICE_LIST_MAX, &n);
    if (rc != 0) {
      XS_ERR_(XS_ENOENT, rc);
      assert_int_equal(n, 0);
    }
    for (size_t i = 0; i < n; i++)
      assert_string_equal(list[i].protocol, protos[p]);
    if ((find(list, n, r->name, protos[p]) >= 0) !=
        ((r->protocols & bits[p]) != 0))
      fail_msg("port %u, %s only: %s is %s", (unsigned)r->port, protos[p],
               r->name, (r->protocols & bits[p]) ? "missing" : "listed");
  }
}

static void test_service_by_name(void **state) {
  (void)state;
  for (size_t i = 0; i < N_KNOWN; i++)
    check_by_name(&known[i]);
}

static void test_service_by_port(void **state) {
  (void)state;
  for (size_t i = 0; i < N_KNOWN; i++)
    check_by_port(&known[i], 0);
}

/* ASCII case is ignored on every system (glibc compares exactly). */
static void test_service_case(void **state) {
  static const row mixed[] = {{"HTTP", 80, TCP},
                              {"Ssh", 22, TCP},
                              {"NTP", 123, UDP},
                              {"Http-Alt", 8080, TCP},
                              {"RMIREGISTRY", 1099, TCP}};
  (void)state;
  for (size_t i = 0; i < sizeof mixed / sizeof mixed[0]; i++)
    check_by_name(&mixed[i]);
}

/* An alias is found where the system's database knows it (glibc: "www"
 * is http), never to another port. */
static void test_service_alias(void **state) {
  uint16_t port = 1;
  (void)state;
  int rc = xs_service_by_name("www", "tcp", &port);
  if (rc == 0)
    assert_int_equal(port, 80);
  else
    XS_ERR_(XS_ENOENT, rc);
  printf("alias \"www\": %s\n",
         rc == 0 ? "found (system database)" : "not known to this system");
}

static void test_service_unknown(void **state) {
  static const char *names[] = {"no-such-service-xs",
                                "80",
                                "http ",
                                " http",
                                "http/tcp",
                                "0123456789abcdef0123456789abcdef"};
  static const uint16_t ports[] = {0, 65535};
  xs_service list[XS_SERVICE_LIST_MAX];
  uint16_t port = 1;
  unsigned mask = 1;
  size_t n = 9;
  (void)state;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    XS_ERR_(XS_ENOENT, xs_service_by_name(names[i], NULL, &port));
    assert_int_equal(port, 0);
    XS_ERR_(XS_ENOENT, xs_service_by_name(names[i], "udp", &port));
    XS_ERR_(XS_ENOENT, xs_service_protocols(names[i], &port, &mask));
    assert_int_equal(port, 0);
    assert_int_equal(mask, 0);
  }
  for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
    XS_ERR_(XS_ENOENT,
            xs_service_by_port(ports[i], NULL, list, XS_SERVICE_LIST_MAX, &n));
    assert_int_equal(n, 0);
  }
}

static void test_service_bad_input(void **state) {
  static const char *bad_protos[] = {"TCP", "sctp", "", "tcp ", "udp6"};
  xs_service list[XS_SERVICE_LIST_MAX];
  uint16_t port = 1;
  unsigned mask = 1;
  size_t n = 9;
  (void)state;
  XS_ERR_(XS_EINVAL, xs_service_by_name(NULL, NULL, &port));
  assert_int_equal(port, 0);
  XS_ERR_(XS_EINVAL, xs_service_by_name("http", NULL, NULL));
  XS_ERR_(XS_EINVAL, xs_service_by_name("", NULL, &port));
  XS_ERR_(XS_EINVAL, xs_service_protocols(NULL, &port, &mask));
  assert_int_equal(mask, 0);
  XS_ERR_(XS_EINVAL, xs_service_protocols("http", NULL, &mask));
  XS_ERR_(XS_EINVAL, xs_service_protocols("http", &port, NULL));
  XS_ERR_(XS_EINVAL, xs_service_protocols("", &port, &mask));
  for (size_t i = 0; i < sizeof bad_protos / sizeof bad_protos[0]; i++) {
    XS_ERR_(XS_EINVAL, xs_service_by_name("http", bad_protos[i], &port));
    XS_ERR_(XS_EINVAL, xs_service_by_port(80, bad_protos[i], list,
                                          XS_SERVICE_LIST_MAX, &n));
    assert_int_equal(n, 0);
  }
  XS_ERR_(XS_EINVAL, xs_service_by_port(80, NULL, list, 1, NULL));
  XS_ERR_(XS_EINVAL, xs_service_by_port(80, NULL, NULL, 1, &n));
  assert_int_equal(xs_native_error(), 0);
}

/* Port 7 has two entries (echo tcp, echo udp) on every system. */
static void test_service_enospc(void **state) {
  xs_service list[XS_SERVICE_LIST_MAX];
  size_t n = 0;
  (void)state;
  XS_ERR_(XS_ENOSPC, xs_service_by_port(7, NULL, NULL, 0, &n));
  assert_int_equal(n, 2);
  memset(list, 0x55, sizeof list);
  XS_ERR_(XS_ENOSPC, xs_service_by_port(7, NULL, list, 1, &n));
  assert_int_equal(n, 2);
  assert_string_equal(list[0].name, "echo");
  assert_string_equal(list[0].protocol, "tcp");
  assert_int_equal(list[0].port, 7);
  assert_int_equal((unsigned char)list[1].name[0], 0x55); /* untouched */
  XS_OK_(xs_service_by_port(7, NULL, list, 2, &n));
  assert_int_equal(n, 2);
  assert_string_equal(list[1].name, "echo");
  assert_string_equal(list[1].protocol, "udp");
  XS_OK_(xs_service_by_port(7, "udp", list, 1, &n));
  assert_int_equal(n, 1);
}

static void test_service_ranges(void **state) {
  static const struct {
    uint16_t port;
    xs_port_range range;
    const char *name;
  } rows[] = {
      {0, XS_PORT_WELL_KNOWN, "well-known"},
      {1023, XS_PORT_WELL_KNOWN, "well-known"},
      {1024, XS_PORT_REGISTERED, "registered"},
      {49151, XS_PORT_REGISTERED, "registered"},
      {49152, XS_PORT_DYNAMIC, "dynamic"},
      {65535, XS_PORT_DYNAMIC, "dynamic"},
  };
  (void)state;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    assert_int_equal(xs_port_range_of(rows[i].port), rows[i].range);
    assert_string_equal(xs_port_range_name(rows[i].range), rows[i].name);
  }
  assert_string_equal(xs_port_range_name((xs_port_range)7), "unknown");
  assert_string_equal(xs_port_range_name((xs_port_range)-1), "unknown");
}

/* ---- the system's lookups failing: the table answers alone -------------- */

static int native_of(int code) {
  int native = xs__plat_native_code(code);
  assert_int_not_equal(native, 0);
  return native;
}

/* Every system lookup fails: the 22 still resolve, each port lists exactly
 * the table's entries, and a name only the system could know is XS_ENOENT. */
static void test_service_system_fails(void **state) {
  uint16_t port = 1;
  (void)state;
  xs__fault_begin();
  xs__fault_fail(XS__SYS_SERVBYNAME, 1, 100000, native_of(XS_ENOBUFS));
  xs__fault_fail(XS__SYS_SERVBYPORT, 1, 100000, native_of(XS_ENOBUFS));
  for (size_t i = 0; i < N_KNOWN; i++) {
    check_by_name(&known[i]);
    check_by_port(&known[i], 1);
  }
  XS_ERR_(XS_ENOENT, xs_service_by_name("pop3", NULL, &port));
  /* The lookups went through the seam. */
  assert_true(xs__fault_calls(XS__SYS_SERVBYNAME) >= 3 * N_KNOWN);
  assert_true(xs__fault_calls(XS__SYS_SERVBYPORT) >= 2 * N_KNOWN);
}

/* The system fails one lookup now and then (the first, the second, ...):
 * every answer is still the table's. */
static void test_service_system_fails_once(void **state) {
  (void)state;
  for (unsigned nth = 1; nth <= 4; nth++) {
    for (size_t i = 0; i < N_KNOWN; i++) {
      xs__fault_begin();
      xs__fault_fail(XS__SYS_SERVBYNAME, nth, 1, native_of(XS_ENOBUFS));
      xs__fault_fail(XS__SYS_SERVBYPORT, nth, 1, native_of(XS_ENOMEM));
      check_by_name(&known[i]);
      check_by_port(&known[i], 0);
      xs__fault_end();
    }
  }
}

#define F(f) cmocka_unit_test_teardown(f, teardown_fault)

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_service_by_name),
      cmocka_unit_test(test_service_by_port),
      cmocka_unit_test(test_service_case),
      cmocka_unit_test(test_service_alias),
      cmocka_unit_test(test_service_unknown),
      cmocka_unit_test(test_service_bad_input),
      cmocka_unit_test(test_service_enospc),
      cmocka_unit_test(test_service_ranges),
      F(test_service_system_fails),
      F(test_service_system_fails_once),
  };
  return XS_RUN(tests);
}
