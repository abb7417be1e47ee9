/* SPDX-License-Identifier: MIT */
/*
 * test_addr.c - address parsing, formatting, building and comparing, and
 * sockaddr conversion (pure logic; label unit).
 *
 * Most cases are tables: text that must parse and format back to a given
 * canonical form, and text that must be refused. Interface names depend on
 * the machine, so zones are tested with numbers, and a name only with the
 * loopback interface when the system has one by a known name.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "common/internal.h"

static const xs_addr zero_addr; /* all bytes zero */

/* ---- parse -> format round trips ----------------------------------------- */

struct round_trip {
  const char *in;
  const char *out;
};

static const struct round_trip round_trips[] = {
    {"1.2.3.4:80", "1.2.3.4:80"},
    {"0.0.0.0:0", "0.0.0.0:0"},
    {"255.255.255.255:65535", "255.255.255.255:65535"},
    {"127.0.0.1:08080", "127.0.0.1:8080"},
    {"10.0.100.9:1", "10.0.100.9:1"},
    {"[::1]:80", "[::1]:80"},
    {"[::]:0", "[::]:0"},
    {":80", "[::]:80"},
    {":0", "[::]:0"},
    {"[2001:db8::1]:443", "[2001:db8::1]:443"},
    {"[2001:DB8:0:0:0:0:0:1]:443", "[2001:db8::1]:443"},
    {"[2001:0db8:0000:0000:0001:0000:0000:0001]:1", "[2001:db8::1:0:0:1]:1"},
    {"[2001:db8:0:0:1:0:0:0]:1", "[2001:db8:0:0:1::]:1"},
    {"[2001:db8:0:1:1:1:1:1]:1", "[2001:db8:0:1:1:1:1:1]:1"},
    {"[1:0:0:0:0:0:0:0]:1", "[1::]:1"},
    {"[0:0:0:0:0:0:0:1]:1", "[::1]:1"},
    {"[1:2:3:4:5:6:7:8]:9", "[1:2:3:4:5:6:7:8]:9"},
    {"[::2:3:4:5:6:7:8]:1", "[0:2:3:4:5:6:7:8]:1"},
    {"[1:2:3:4:5:6:7::]:1", "[1:2:3:4:5:6:7:0]:1"},
    {"[0:0:1:0:0:0:1:0]:1", "[0:0:1::1:0]:1"},
    {"[1:0:0:2:0:0:0:3]:1", "[1:0:0:2::3]:1"},
    {"[1:0:0:2:0:0:3:4]:1", "[1::2:0:0:3:4]:1"},
    {"[fe80::ABCD:ef01]:1", "[fe80::abcd:ef01]:1"},
    {"[ABCD:EF01:2345:6789:ABCD:EF01:2345:6789]:1",
     "[abcd:ef01:2345:6789:abcd:ef01:2345:6789]:1"},
    {"[0001:0002:000a:00B0:0c00:D000:0:0]:2", "[1:2:a:b0:c00:d000::]:2"},
    {"[::ffff:192.0.2.1]:80", "[::ffff:192.0.2.1]:80"},
    {"[::FFFF:c000:0201]:80", "[::ffff:192.0.2.1]:80"},
    {"[0:0:0:0:0:ffff:0.0.0.0]:1", "[::ffff:0.0.0.0]:1"},
    {"[::1.2.3.4]:80", "[::102:304]:80"},
    {"[64:ff9b::192.0.2.33]:53", "[64:ff9b::c000:221]:53"},
    {"[1:2:3:4:5:6:1.2.3.4]:5", "[1:2:3:4:5:6:102:304]:5"},
    {"unix:/tmp/x.sock", "unix:/tmp/x.sock"},
    {"unix:relative/name", "unix:relative/name"},
    {"unix:C:\\Temp\\a b.sock", "unix:C:\\Temp\\a b.sock"},
};

static void test_addr_round_trips(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof round_trips / sizeof round_trips[0]; i++) {
    xs_addr a, b;
    char buf[XS_ADDR_STRLEN];
    int rc = xs_addr_parse(&a, round_trips[i].in);
    if (rc != 0)
      print_error("parse \"%s\" -> %s\n", round_trips[i].in, xs_err_name(rc));
    XS_OK_(rc);
    XS_OK_(xs_addr_format(&a, buf, sizeof buf));
    if (strcmp(buf, round_trips[i].out) != 0)
      print_error("\"%s\" formatted \"%s\"\n", round_trips[i].in, buf);
    assert_string_equal(buf, round_trips[i].out);
    XS_OK_(xs_addr_parse(&b, buf)); /* the canonical form reads back */
    assert_true(xs_addr_equal(&a, &b));
    assert_memory_equal(&a, &b, sizeof a);
  }
}

static void test_addr_parse_fields(void **state) {
  xs_addr a;
  static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                 0,    0,    0,    0,    0, 0, 0, 1};
  (void)state;
  XS_OK_(xs_addr_parse(&a, "192.0.2.7:65535"));
  assert_int_equal(xs_addr_family(&a), XS_AF_INET);
  assert_int_equal(xs_addr_port(&a), 65535);
  assert_memory_equal(a.ip, "\xc0\x00\x02\x07", 4);
  for (size_t i = 4; i < 16; i++)
    assert_int_equal(a.ip[i], 0); /* unused bytes are zero */
  assert_memory_equal(a.path, zero_addr.path, sizeof a.path);
  XS_OK_(xs_addr_parse(&a, "[2001:db8::1]:8"));
  assert_int_equal(a.family, XS_AF_INET6);
  assert_int_equal(a.port, 8);
  assert_int_equal(a.scope_id, 0);
  assert_memory_equal(a.ip, v6, 16);
  XS_OK_(xs_addr_parse(&a, ":443"));
  assert_int_equal(a.family, XS_AF_INET6);
  assert_memory_equal(a.ip, zero_addr.ip, 16);
  assert_int_equal(a.port, 443);
  XS_OK_(xs_addr_parse(&a, "unix:/a"));
  assert_int_equal(a.family, XS_AF_UNIX);
  assert_int_equal(xs_addr_port(&a), 0);
  assert_string_equal(a.path, "/a");
  assert_memory_equal(a.path + 3, zero_addr.path, sizeof a.path - 3);
}

/* ---- malformed text ------------------------------------------------------ */

/* clang-format off */
static const char *const malformed[] = {
    "", ":", "x", "1.2.3.4:", "1.2.3.4", "1.2.3:80", "1.2.3.4.5:80",
    "256.1.1.1:80", "1.2.3.255:65536", "1.2.3.4:99999", "1.2.3.4:123456",
    "1.2.3.4:-1", "1.2.3.4:+80", "+1.2.3.4:80", "01.2.3.4:80", "1.2.3.04:80",
    "1.2.3.00:80", "1..3.4:80", ".1.2.3:80", "1.2.3.4.:80", "1.2.3.1000:80",
    "0x1.2.3.4:80", "1.2.3.4:0x50", "1.2.3.4:80:80", "1.2.3.4%1:80",
    " 1.2.3.4:80", "1.2.3.4:80 ", "1.2.3.4: 80", "1.2.3.4 :80", "1:80",
    "localhost:80", "[::1]", "[::1]:", "::1:80", "::1", "[::1]:80x",
    "[::1]x:80", "[::1]]:80", "[[::1]:80", "[::1:80", "::1]:80", "[]:80",
    "[::1]:80:80", "[1::2::3]:1", "[1:2:3:4:5:6:7:8:9]:1",
    "[1:2:3:4:5:6:7]:1", "[1:2:3:4:5:6:7:8::]:1", "[::1:2:3:4:5:6:7:8]:1",
    "[12345::]:1", "[:1]:1", "[1:]:1", "[1:::2]:1", "[:::]:1",
    "[::1.2.3]:1", "[::1.2.3.4.5]:1", "[::256.0.0.1]:1", "[::01.2.3.4]:1",
    "[1.2.3.4::]:1", "[::1.2.3.4:5]:1", "[1:2:3:4:5:6:7:1.2.3.4]:1",
    "[g::1]:1", "[::1 ]:1", "[ ::1]:1", "[::-1]:1", "[1.2.3.4]:80",
    "[::1%]:1", "[fe80::1%no-such-if-xs]:1", "[fe80::1%4294967296]:1",
    "[fe80::1%1x]:1", "[fe80::1%-1]:1", ":65536", ":x", ": 80", "::80",
    ":80:", "unix", "UNIX:/x",
};
/* clang-format on */

static void test_addr_parse_malformed(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
    xs_addr a;
    int rc;
    memset(&a, 0xAA, sizeof a);
    rc = xs_addr_parse(&a, malformed[i]);
    if (rc != XS_EINVAL)
      print_error("parse \"%s\" -> %s, expected EINVAL\n", malformed[i],
                  xs_err_name(rc));
    assert_int_equal(rc, XS_EINVAL);
    assert_memory_equal(&a, &zero_addr, sizeof a); /* zeroed on failure */
  }
}

/* ---- UNIX paths ---------------------------------------------------------- */

static void test_addr_unix_path_lengths(void **state) {
  char text[5 + XS_UNIX_PATH_MAX + 2];
  char buf[XS_ADDR_STRLEN + 16];
  xs_addr a;
  (void)state;
  memcpy(text, "unix:", 5);
  memset(text + 5, 'p', XS_UNIX_PATH_MAX - 1); /* 107 bytes: fits */
  text[5 + XS_UNIX_PATH_MAX - 1] = '\0';
  XS_OK_(xs_addr_parse(&a, text));
  assert_int_equal(strlen(a.path), XS_UNIX_PATH_MAX - 1);
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, text);
  XS_OK_(xs_addr_unix(&a, text + 5));
  text[5 + XS_UNIX_PATH_MAX - 1] = 'p'; /* 108 bytes: never truncated */
  text[5 + XS_UNIX_PATH_MAX] = '\0';
  memset(&a, 0xAA, sizeof a);
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_parse(&a, text));
  assert_memory_equal(&a, &zero_addr, sizeof a);
  memset(&a, 0xAA, sizeof a);
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_unix(&a, text + 5));
  assert_memory_equal(&a, &zero_addr, sizeof a);
  /* An empty path names no socket: XS_ENAMETOOLONG, as addr.h says. */
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_parse(&a, "unix:"));
  XS_ERR_(XS_ENAMETOOLONG, xs_addr_unix(&a, ""));
  assert_memory_equal(&a, &zero_addr, sizeof a);
}

/* ---- zones --------------------------------------------------------------- */

/* Parse text, format it, parse the result: the same address. */
static void zone_round_trip(const char *text, uint32_t want_scope) {
  xs_addr a, b;
  char buf[XS_ADDR_STRLEN];
  XS_OK_(xs_addr_parse(&a, text));
  assert_int_equal(a.scope_id, want_scope);
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_memory_equal(buf, "[fe80::1%", 9);
  assert_string_equal(buf + strlen(buf) - 4, "]:80");
  XS_OK_(xs_addr_parse(&b, buf));
  assert_memory_equal(&a, &b, sizeof a);
  XS_OK_(xs_addr_format_ip(&a, buf, sizeof buf));
  XS_OK_(xs_addr_parse_ip(&b, buf, 80));
  assert_memory_equal(&a, &b, sizeof a);
}

static void test_addr_zone_numeric(void **state) {
  xs_addr a;
  char buf[XS_ADDR_STRLEN];
  (void)state;
  /* Index 1 may have a name here (then it is written as the name). */
  zone_round_trip("[fe80::1%1]:80", 1);
  zone_round_trip("[fe80::1%4000000000]:80", 4000000000u);
  zone_round_trip("[fe80::1%4294967295]:80", 4294967295u);
  /* An index no system has is written as its number. */
  XS_OK_(xs_addr_parse(&a, "[fe80::1%4000000000]:80"));
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, "[fe80::1%4000000000]:80");
  /* Zero is "no scope". */
  XS_OK_(xs_addr_parse(&a, "[fe80::1%0]:80"));
  assert_int_equal(a.scope_id, 0);
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, "[fe80::1]:80");
}

/* An interface name this system knows, and its index: the loopback
 * interface by its usual names, else any interface the port names (wine
 * calls its interfaces "loopback_1", "ethernet_2", ...). */
static int find_interface(char *name, size_t size, uint32_t *index) {
  static const char *const usual[] = {"lo", "lo0"};
  for (size_t i = 0; i < sizeof usual / sizeof usual[0]; i++)
    if (xs_if_index(usual[i], index) == 0 && *index != 0) {
      snprintf(name, size, "%s", usual[i]);
      return 1;
    }
  for (uint32_t i = 1; i <= 64; i++)
    if (xs__plat_if_name(i, name, size) == 0 && xs_if_index(name, index) == 0 &&
        *index == i)
      return 1;
  return 0;
}

static void test_addr_zone_name(void **state) {
  char name[64], text[128], buf[XS_ADDR_STRLEN];
  uint32_t index = 0;
  xs_addr a;
  (void)state;
  if (!find_interface(name, sizeof name, &index))
    XS_SKIP("no network interface with a name this system can look up");
  snprintf(text, sizeof text, "[fe80::1%%%s]:80", name);
  zone_round_trip(text, index);
  /* A known index is written as its name. */
  XS_OK_(xs_addr_parse(&a, text));
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, text);
  XS_ERR_(XS_EINVAL, xs_addr_parse(&a, "[fe80::1%xs-no-such-if]:80"));
  XS_ERR_(XS_EINVAL, xs_addr_parse_ip(&a, "fe80::1%xs-no-such-if", 1));
}

/* ---- bare IPs ------------------------------------------------------------ */

static void test_addr_parse_ip(void **state) {
  static const char *const bad[] = {
      "",         "[::1]",     "1.2.3.4:80", "::1:",    "1.2.3",
      "fe80::1%", "1.2.3.4%1", " ::1",       "unix:/x", ":80"};
  char buf[XS_ADDR_STRLEN];
  xs_addr a;
  (void)state;
  XS_OK_(xs_addr_parse_ip(&a, "192.0.2.1", 7));
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, "192.0.2.1:7");
  XS_OK_(xs_addr_parse_ip(&a, "::1", 0));
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, "[::1]:0");
  XS_OK_(xs_addr_format_ip(&a, buf, sizeof buf));
  assert_string_equal(buf, "::1");
  XS_OK_(xs_addr_parse_ip(&a, "FE80::1%4000000000", 9));
  XS_OK_(xs_addr_format_ip(&a, buf, sizeof buf));
  assert_string_equal(buf, "fe80::1%4000000000");
  XS_OK_(xs_addr_unix(&a, "/run/x"));
  XS_OK_(xs_addr_format_ip(&a, buf, sizeof buf));
  assert_string_equal(buf, "/run/x");
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    memset(&a, 0xAA, sizeof a);
    XS_ERR_(XS_EINVAL, xs_addr_parse_ip(&a, bad[i], 1));
    assert_memory_equal(&a, &zero_addr, sizeof a);
  }
}

/* The internal parsers read exactly len characters. */
static void test_addr_text_length_bounded(void **state) {
  const char v4[] = {'1', '.', '2', '.', '3', '.', '4', '9'}; /* no NUL */
  const char v6[] = {'f', 'e', '8', '0', ':', ':', '1', '2', '%'};
  uint8_t ip[16];
  (void)state;
  XS_OK_(xs__parse_ipv4(v4, 7, ip));
  assert_memory_equal(ip, "\x01\x02\x03\x04", 4);
  XS_OK_(xs__parse_ipv4(v4, 8, ip)); /* "1.2.3.49" */
  assert_int_equal(ip[3], 49);
  XS_ERR_(XS_EINVAL, xs__parse_ipv4(v4, 6, ip)); /* "1.2.3." */
  XS_ERR_(XS_EINVAL, xs__parse_ipv4(v4, 0, ip));
  XS_OK_(xs__parse_ipv6(v6, 7, ip)); /* "fe80::1" */
  assert_int_equal(ip[15], 1);
  XS_OK_(xs__parse_ipv6(v6, 8, ip)); /* "fe80::12" */
  assert_int_equal(ip[15], 0x12);
  XS_ERR_(XS_EINVAL, xs__parse_ipv6(v6, 9, ip));
  XS_ERR_(XS_EINVAL, xs__parse_ipv6(v6, 0, ip));
  XS_OK_(xs__parse_ipv6(v6 + 4, 2, ip)); /* "::" */
  assert_memory_equal(ip, zero_addr.ip, 16);
}

/* ---- too-small buffers --------------------------------------------------- */

/* For every size below the text's length + 1: XS_ENOSPC, "" and the byte
 * after the buffer untouched; at the exact size: the text. */
static void check_sizes(const xs_addr *a, int ip_only) {
  char full[XS_ADDR_STRLEN + 1], buf[XS_ADDR_STRLEN + 2];
  size_t len;
  int (*fmt)(const xs_addr *, char *, size_t) =
      ip_only ? xs_addr_format_ip : xs_addr_format;
  XS_OK_(fmt(a, full, XS_ADDR_STRLEN));
  len = strlen(full);
  for (size_t size = 0; size <= len + 1; size++) {
    memset(buf, 'G', sizeof buf);
    if (size <= len) {
      XS_ERR_(XS_ENOSPC, fmt(a, buf, size));
      if (size > 0)
        assert_int_equal(buf[0], '\0');
      for (size_t j = size > 0 ? 1 : 0; j < sizeof buf; j++)
        assert_int_equal(buf[j], 'G'); /* nothing else written */
    } else {
      XS_OK_(fmt(a, buf, size));
      assert_string_equal(buf, full);
      assert_int_equal(buf[size], 'G');
    }
  }
}

static void test_addr_format_nospc(void **state) {
  static const char *const texts[] = {
      "255.255.255.255:65535",
      "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:1",
      "[::ffff:255.255.255.255]:65535",
      "[fe80::1%4000000000]:80",
      ":0",
      "unix:/tmp/some.sock"};
  xs_addr a;
  uint8_t ip[16] = {0};
  char buf[8];
  (void)state;
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    XS_OK_(xs_addr_parse(&a, texts[i]));
    check_sizes(&a, 0);
    check_sizes(&a, 1);
  }
  memset(buf, 'G', sizeof buf);
  XS_ERR_(XS_ENOSPC, xs__format_ipv6(ip, buf, 2)); /* "::" needs 3 */
  assert_int_equal(buf[0], '\0');
  assert_int_equal(buf[2], 'G');
  XS_OK_(xs__format_ipv6(ip, buf, 3));
  assert_string_equal(buf, "::");
  XS_ERR_(XS_ENOSPC, xs__format_ipv4(ip, buf, 7)); /* "0.0.0.0" needs 8 */
  assert_int_equal(buf[0], '\0');
  XS_OK_(xs__format_ipv4(ip, buf, 8));
  assert_string_equal(buf, "0.0.0.0");
}

/* ---- building, ports, equality ------------------------------------------- */

static void expect_text(const xs_addr *a, const char *want) {
  char buf[XS_ADDR_STRLEN];
  XS_OK_(xs_addr_format(a, buf, sizeof buf));
  assert_string_equal(buf, want);
}

static void test_addr_any_loopback(void **state) {
  xs_addr a;
  static const int bad[] = {XS_AF_UNSPEC, XS_AF_UNIX, 7, -1};
  (void)state;
  XS_OK_(xs_addr_any(&a, XS_AF_INET, 5));
  expect_text(&a, "0.0.0.0:5");
  XS_OK_(xs_addr_any(&a, XS_AF_INET6, 5));
  expect_text(&a, "[::]:5");
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 7));
  expect_text(&a, "127.0.0.1:7");
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET6, 7));
  expect_text(&a, "[::1]:7");
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    XS_ERR_(XS_EINVAL, xs_addr_any(&a, bad[i], 1));
    XS_ERR_(XS_EINVAL, xs_addr_loopback(&a, bad[i], 1));
  }
  XS_ERR_(XS_EINVAL, xs_addr_any(NULL, XS_AF_INET, 1));
  XS_ERR_(XS_EINVAL, xs_addr_loopback(NULL, XS_AF_INET6, 1));
}

static void test_addr_port_get_set(void **state) {
  xs_addr a;
  (void)state;
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 1));
  assert_int_equal(xs_addr_port(&a), 1);
  XS_OK_(xs_addr_set_port(&a, 65535));
  assert_int_equal(xs_addr_port(&a), 65535);
  expect_text(&a, "127.0.0.1:65535");
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET6, 1));
  XS_OK_(xs_addr_set_port(&a, 0));
  expect_text(&a, "[::1]:0");
  XS_OK_(xs_addr_unix(&a, "/x"));
  assert_int_equal(xs_addr_port(&a), 0);
  XS_ERR_(XS_EINVAL, xs_addr_set_port(&a, 1));
  memset(&a, 0, sizeof a);
  XS_ERR_(XS_EINVAL, xs_addr_set_port(&a, 1));
  assert_int_equal(xs_addr_port(&a), 0);
  assert_int_equal(xs_addr_port(NULL), 0);
  XS_ERR_(XS_EINVAL, xs_addr_set_port(NULL, 1));
  assert_int_equal(xs_addr_family(NULL), XS_AF_UNSPEC);
  assert_int_equal(xs_addr_family(&a), XS_AF_UNSPEC);
}

static void test_addr_equal(void **state) {
  static const uint8_t v4[4] = {127, 0, 0, 1};
  static const uint8_t v6[16] = {0xfe, 0x80, [15] = 1};
  xs_addr a, b;
  (void)state;
  XS_OK_(xs_addr_parse(&a, "127.0.0.1:80"));
  XS_OK_(xs_addr_ipv4(&b, v4, 80));
  assert_true(xs_addr_equal(&a, &b));
  assert_memory_equal(&a, &b, sizeof a); /* made two ways, same bytes */
  XS_OK_(xs_addr_loopback(&b, XS_AF_INET, 80));
  assert_memory_equal(&a, &b, sizeof a);
  XS_OK_(xs_addr_set_port(&b, 81));
  assert_false(xs_addr_equal(&a, &b));
  XS_OK_(xs_addr_parse(&a, "[fe80::1%3]:80"));
  XS_OK_(xs_addr_ipv6(&b, v6, 80, 3));
  assert_true(xs_addr_equal(&a, &b));
  assert_memory_equal(&a, &b, sizeof a);
  XS_OK_(xs_addr_ipv6(&b, v6, 80, 4));
  assert_false(xs_addr_equal(&a, &b)); /* scope differs */
  XS_OK_(xs_addr_parse(&b, "[::ffff:127.0.0.1]:80"));
  XS_OK_(xs_addr_parse(&a, "127.0.0.1:80"));
  assert_false(xs_addr_equal(&a, &b)); /* family differs */
  XS_OK_(xs_addr_unix(&a, "/s"));
  XS_OK_(xs_addr_parse(&b, "unix:/s"));
  assert_true(xs_addr_equal(&a, &b));
  assert_memory_equal(&a, &b, sizeof a);
  XS_OK_(xs_addr_unix(&b, "/t"));
  assert_false(xs_addr_equal(&a, &b));
  assert_false(xs_addr_equal(&a, NULL));
  assert_false(xs_addr_equal(NULL, &a));
  assert_false(xs_addr_equal(NULL, NULL));
}

static void test_addr_null_args(void **state) {
  xs_addr a;
  char buf[XS_ADDR_STRLEN] = "junk";
  uint8_t ip[16] = {0};
  size_t len;
  (void)state;
  XS_ERR_(XS_EINVAL, xs_addr_parse(NULL, "1.2.3.4:5"));
  XS_ERR_(XS_EINVAL, xs_addr_parse(&a, NULL));
  XS_ERR_(XS_EINVAL, xs_addr_parse_ip(NULL, "::1", 1));
  XS_ERR_(XS_EINVAL, xs_addr_parse_ip(&a, NULL, 1));
  XS_ERR_(XS_EINVAL, xs_addr_format(NULL, buf, sizeof buf));
  assert_string_equal(buf, "");
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 1));
  XS_ERR_(XS_EINVAL, xs_addr_format(&a, NULL, 10));
  XS_ERR_(XS_EINVAL, xs_addr_format_ip(NULL, buf, sizeof buf));
  XS_ERR_(XS_EINVAL, xs_addr_unix(NULL, "/x"));
  XS_ERR_(XS_EINVAL, xs_addr_unix(&a, NULL));
  XS_ERR_(XS_EINVAL, xs_addr_ipv4(NULL, ip, 1));
  XS_ERR_(XS_EINVAL, xs_addr_ipv4(&a, NULL, 1));
  XS_ERR_(XS_EINVAL, xs_addr_ipv6(NULL, ip, 1, 0));
  XS_ERR_(XS_EINVAL, xs_addr_ipv6(&a, NULL, 1, 0));
  XS_ERR_(XS_EINVAL, xs_addr_to_sockaddr(NULL, buf, sizeof buf, &len));
  XS_ERR_(XS_EINVAL, xs_addr_from_sockaddr(NULL, buf, sizeof buf));
  XS_ERR_(XS_EINVAL, xs_addr_from_sockaddr(&a, NULL, 16));
  assert_int_equal(xs_native_error(), 0); /* argument errors record 0 */
  memset(&a, 0, sizeof a);                /* no family: nothing to format */
  XS_ERR_(XS_EINVAL, xs_addr_format(&a, buf, sizeof buf));
  XS_ERR_(XS_EINVAL, xs_addr_to_sockaddr(&a, buf, sizeof buf, &len));
  a.family = 9;
  XS_ERR_(XS_EINVAL, xs_addr_format_ip(&a, buf, sizeof buf));
  assert_string_equal(buf, "");
  xs_addr_list_free(NULL);
}

/* ---- sockaddr ------------------------------------------------------------ */

union sa_buf {
  uint64_t align;
  unsigned char b[256];
};

/* addr -> sockaddr -> addr is the identity; returns the sockaddr length,
 * or 0 when the OS has no such family (then *rc_out says so). */
static size_t sa_round_trip(const xs_addr *a, union sa_buf *sa, int *rc_out) {
  xs_addr b;
  size_t len = 0;
  int rc = xs_addr_to_sockaddr(a, sa->b, sizeof sa->b, &len);
  *rc_out = rc;
  if (rc == XS_EAFNOSUPPORT)
    return 0;
  XS_OK_(rc);
  assert_true(len > 0 && len <= sizeof sa->b);
  XS_ERR_(XS_ENOSPC, xs_addr_to_sockaddr(a, sa->b, 2, &len));
  XS_OK_(xs_addr_to_sockaddr(a, sa->b, sizeof sa->b, &len));
  XS_OK_(xs_addr_from_sockaddr(&b, sa->b, len));
  assert_true(xs_addr_equal(a, &b));
  assert_memory_equal(a, &b, sizeof b);
  XS_ERR_(XS_EINVAL, xs_addr_from_sockaddr(&b, sa->b, 1));
  return len;
}

static void test_addr_sockaddr_ipv4(void **state) {
  union sa_buf sa;
  xs_addr a;
  int rc;
  (void)state;
  XS_OK_(xs_addr_parse(&a, "192.0.2.33:4660"));
  assert_true(sa_round_trip(&a, &sa, &rc) >= 8);
  XS_OK_(rc);
  /* sockaddr_in everywhere: port at offset 2, address at 4, network order */
  assert_memory_equal(sa.b + 2, "\x12\x34", 2);
  assert_memory_equal(sa.b + 4, "\xc0\x00\x02\x21", 4);
}

static void test_addr_sockaddr_ipv6(void **state) {
  union sa_buf sa;
  xs_addr a;
  uint32_t scope;
  int rc;
  (void)state;
  XS_OK_(xs_addr_parse(&a, "[fe80::1:2%7]:4660"));
  assert_true(sa_round_trip(&a, &sa, &rc) >= 28);
  XS_OK_(rc);
  /* sockaddr_in6: port at 2, address at 8, scope id (host order) at 24 */
  assert_memory_equal(sa.b + 2, "\x12\x34", 2);
  assert_memory_equal(sa.b + 8, a.ip, 16);
  memcpy(&scope, sa.b + 24, sizeof scope);
  assert_int_equal(scope, 7);
  XS_OK_(xs_addr_parse(&a, "[::ffff:10.1.2.3]:1"));
  sa_round_trip(&a, &sa, &rc);
  XS_OK_(rc);
}

static void test_addr_sockaddr_unix(void **state) {
  union sa_buf sa;
  xs_addr a;
  char path[XS_UNIX_PATH_MAX];
  int rc;
  (void)state;
  XS_OK_(xs_addr_unix(&a, "/tmp/xs-addr-test.sock"));
  sa_round_trip(&a, &sa, &rc);
  if (rc == XS_EAFNOSUPPORT)
    XS_SKIP("this system's socket layer has no AF_UNIX addresses");
  XS_OK_(rc);
  memset(path, 'u', sizeof path - 1); /* the longest path xs_addr holds */
  path[sizeof path - 1] = '\0';
  XS_OK_(xs_addr_unix(&a, path));
  rc = xs_addr_to_sockaddr(&a, sa.b, sizeof sa.b, &(size_t){0});
  if (rc == XS_ENAMETOOLONG)
    return; /* a smaller sun_path (macOS, BSD): refused, never truncated */
  XS_OK_(rc);
  sa_round_trip(&a, &sa, &rc);
  XS_OK_(rc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_addr_round_trips),
      cmocka_unit_test(test_addr_parse_fields),
      cmocka_unit_test(test_addr_parse_malformed),
      cmocka_unit_test(test_addr_unix_path_lengths),
      cmocka_unit_test(test_addr_zone_numeric),
      cmocka_unit_test(test_addr_zone_name),
      cmocka_unit_test(test_addr_parse_ip),
      cmocka_unit_test(test_addr_text_length_bounded),
      cmocka_unit_test(test_addr_format_nospc),
      cmocka_unit_test(test_addr_any_loopback),
      cmocka_unit_test(test_addr_port_get_set),
      cmocka_unit_test(test_addr_equal),
      cmocka_unit_test(test_addr_null_args),
      cmocka_unit_test(test_addr_sockaddr_ipv4),
      cmocka_unit_test(test_addr_sockaddr_ipv6),
      cmocka_unit_test(test_addr_sockaddr_unix),
  };
  return XS_RUN(tests);
}
