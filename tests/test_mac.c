/* SPDX-License-Identifier: MIT */
/*
 * test_mac.c - MAC-48 addresses: the three text forms, what is refused,
 * formatting, the OUI / NIC parts and the I/G and U/L bits (pure logic;
 * label unit). The same tables hold on every system.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "xsock/mac.h"

static const xs_mac zero_mac; /* all bytes zero */

/* ---- text that parses ---------------------------------------------------- */

struct mac_ok {
  const char *in;
  uint8_t b[6];
  const char *out; /* what xs_mac_format() writes */
};

static const struct mac_ok accepted[] = {
    {"00:50:56:c0:00:01",
     {0x00, 0x50, 0x56, 0xc0, 0x00, 0x01},
     "00:50:56:c0:00:01"},
    {"00:50:56:C0:00:01",
     {0x00, 0x50, 0x56, 0xc0, 0x00, 0x01},
     "00:50:56:c0:00:01"},
    {"00-50-56-c0-00-01",
     {0x00, 0x50, 0x56, 0xc0, 0x00, 0x01},
     "00:50:56:c0:00:01"},
    {"00-50-56-C0-00-01",
     {0x00, 0x50, 0x56, 0xc0, 0x00, 0x01},
     "00:50:56:c0:00:01"},
    {"0050.56c0.0001",
     {0x00, 0x50, 0x56, 0xc0, 0x00, 0x01},
     "00:50:56:c0:00:01"},
    {"0050.56C0.0001",
     {0x00, 0x50, 0x56, 0xc0, 0x00, 0x01},
     "00:50:56:c0:00:01"},
    {"aB:cD:eF:Ab:Cd:Ef",
     {0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef},
     "ab:cd:ef:ab:cd:ef"},
    {"00:00:00:00:00:00", {0, 0, 0, 0, 0, 0}, "00:00:00:00:00:00"},
    {"ff:ff:ff:ff:ff:ff",
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
     "ff:ff:ff:ff:ff:ff"},
    {"FFFF.FFFF.FFFF",
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
     "ff:ff:ff:ff:ff:ff"},
    {"01-00-5E-7F-FF-FA",
     {0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa},
     "01:00:5e:7f:ff:fa"},
    {"0123.4567.89ab",
     {0x01, 0x23, 0x45, 0x67, 0x89, 0xab},
     "01:23:45:67:89:ab"},
    {"12:34:56:78:9a:bc",
     {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc},
     "12:34:56:78:9a:bc"},
};

static void test_mac_parse_accepts(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
    xs_mac m, back;
    char buf[XS_MAC_STRLEN];
    int rc;
    memset(&m, 0xAA, sizeof m);
    rc = xs_mac_parse(&m, accepted[i].in);
    if (rc != 0)
      print_error("parse \"%s\" -> %s\n", accepted[i].in, xs_err_name(rc));
    XS_OK_(rc);
    assert_memory_equal(m.b, accepted[i].b, 6);
    XS_OK_(xs_mac_format(&m, buf, sizeof buf));
    if (strcmp(buf, accepted[i].out) != 0)
      print_error("\"%s\" formatted \"%s\"\n", accepted[i].in, buf);
    assert_string_equal(buf, accepted[i].out);
    XS_OK_(xs_mac_parse(&back, buf)); /* the written form reads back */
    assert_memory_equal(&back, &m, sizeof m);
  }
}

/* ---- text that is refused ------------------------------------------------ */

/* clang-format off */
static const char *const refused[] = {
    /* empty, short, long */
    "", ":", "00", "00:50:56:c0:00", "00:50:56:c0:00:", "00:50:56:c0:00:0",
    "00:50:56:c0:00:01:", "00:50:56:c0:00:01:02", "00:50:56:c0:00:011",
    "0050.56c0.000", "0050.56c0.00011", "0050.56c0", "0050.56c0.0001.0002",
    "005056c00001", "00 50 56 c0 00 01",
    /* one digit per byte, three digits per byte */
    "0:50:56:c0:0:1", "0:5:5:c:0:1", "000:50:56:c0:00:1",
    "0-50-56-c0-0-1", "50.56c0.0001", "050.56c0.0001", "0050.56c0.001",
    /* mixed or wrong separators */
    "00:50-56:c0:00:01", "00-50:56-c0-00-01", "00:50:56:c0:00-01",
    "00-50-56-c0-00:01", "00.50.56.c0.00.01", "00_50_56_c0_00_01",
    "0050:56c0:0001", "0050-56c0-0001", "0050.56c0:0001", "0050:56c0.0001",
    "00::50:56:c0:00", "00:50:56:c0:0001", "0050.56.c0.0001",
    /* not hex */
    "00:50:56:g0:00:01", "00:50:56:c0:00:0g", "0x:50:56:c0:00:01",
    "0050.56c0.000z", "+0:50:56:c0:00:01", "-0:50:56:c0:00:01",
    "00:50:56:c0:00:-1", "00:50:56:c0:00:+1", " 0:50:56:c0:00:01",
    /* leading or trailing junk */
    " 00:50:56:c0:00:01", "00:50:56:c0:00:01 ", "00:50:56:c0:00:01\n",
    "\t00:50:56:c0:00:01", "x00:50:56:c0:00:01", "00:50:56:c0:00:01x",
    "0050.56c0.0001 ", " 0050.56c0.0001", "0050.56c0.0001.",
    ".0050.56c0.0001", "[00:50:56:c0:00:01]", "00:50:56:c0:00:01%eth0",
    "00:50:56:c0:00:01/48", "0x005056c00001",
    /* non-ASCII digits */
    "00:50:56:c0:00:\xef\xbc\x91",
};
/* clang-format on */

static void test_mac_parse_refuses(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    xs_mac m;
    int rc;
    memset(&m, 0xAA, sizeof m);
    rc = xs_mac_parse(&m, refused[i]);
    if (rc != XS_EINVAL)
      print_error("parse \"%s\" -> %s, expected EINVAL\n", refused[i],
                  xs_err_name(rc));
    assert_int_equal(rc, XS_EINVAL);
    assert_memory_equal(&m, &zero_mac, sizeof m); /* zeroed on failure */
  }
}

/* A text with an embedded NUL is read up to it: a valid address followed by
 * junk the caller did not pass. A text cut short inside is refused. */
static void test_mac_parse_stops_at_nul(void **state) {
  static const char text[] = "00:50:56:c0:00:01\0junk";
  static const char cut[] = "00:50:56\0:c0:00:01";
  xs_mac m;
  (void)state;
  XS_OK_(xs_mac_parse(&m, text));
  assert_int_equal(xs_mac_nic(&m), 0xc00001);
  XS_ERR_(XS_EINVAL, xs_mac_parse(&m, cut));
}

/* ---- formatting ---------------------------------------------------------- */

static void test_mac_format_sizes(void **state) {
  xs_mac m;
  char buf[XS_MAC_STRLEN + 8];
  (void)state;
  XS_OK_(xs_mac_parse(&m, "DE:AD:BE:EF:00:2A"));
  for (size_t size = 0; size < sizeof buf; size++) {
    int rc;
    memset(buf, '#', sizeof buf);
    rc = xs_mac_format(&m, buf, size);
    if (size < XS_MAC_STRLEN) {
      assert_int_equal(rc, XS_ENOSPC);
      if (size > 0)
        assert_int_equal(buf[0], '\0'); /* never cut short */
    } else {
      XS_OK_(rc);
      assert_string_equal(buf, "de:ad:be:ef:00:2a");
    }
    /* Nothing written past the text, nor past "" on failure. */
    for (size_t j = rc == 0 ? XS_MAC_STRLEN : (size > 0); j < sizeof buf; j++)
      assert_int_equal(buf[j], '#');
  }
  assert_int_equal(strlen("de:ad:be:ef:00:2a") + 1, XS_MAC_STRLEN);
}

/* ---- parts and bits ------------------------------------------------------ */

struct mac_bits {
  const char *text;
  uint32_t oui, nic;
  int multicast, local, broadcast;
};

static const struct mac_bits bits[] = {
    {"00:50:56:c0:00:01", 0x005056, 0xc00001, 0, 0, 0},
    {"01:00:5e:00:00:fb", 0x01005e, 0x0000fb, 1, 0, 0}, /* IPv4 mDNS group */
    {"33:33:00:00:00:01", 0x333300, 0x000001, 1, 1, 0}, /* IPv6 all-nodes */
    {"02:42:ac:11:00:02", 0x0242ac, 0x110002, 0, 1, 0}, /* a Docker veth */
    {"03:00:00:00:00:01", 0x030000, 0x000001, 1, 1, 0},
    {"fe:ff:ff:ff:ff:ff", 0xfeffff, 0xffffff, 0, 1, 0},
    {"ff:ff:ff:ff:ff:ff", 0xffffff, 0xffffff, 1, 1, 1},
    {"ff:ff:ff:ff:ff:fe", 0xffffff, 0xfffffe, 1, 1, 0},
    {"00:00:00:00:00:00", 0x000000, 0x000000, 0, 0, 0},
    {"fc:ff:ff:00:00:00", 0xfcffff, 0x000000, 0, 0, 0},
};

static void test_mac_parts_and_bits(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
    xs_mac m;
    XS_OK_(xs_mac_parse(&m, bits[i].text));
    if (xs_mac_oui(&m) != bits[i].oui || xs_mac_nic(&m) != bits[i].nic ||
        xs_mac_is_multicast(&m) != bits[i].multicast ||
        xs_mac_is_local(&m) != bits[i].local ||
        xs_mac_is_broadcast(&m) != bits[i].broadcast)
      print_error("%s: oui %06x nic %06x m%d l%d b%d\n", bits[i].text,
                  (unsigned)xs_mac_oui(&m), (unsigned)xs_mac_nic(&m),
                  xs_mac_is_multicast(&m), xs_mac_is_local(&m),
                  xs_mac_is_broadcast(&m));
    assert_int_equal(xs_mac_oui(&m), bits[i].oui);
    assert_int_equal(xs_mac_nic(&m), bits[i].nic);
    assert_int_equal(xs_mac_is_multicast(&m), bits[i].multicast);
    assert_int_equal(xs_mac_is_local(&m), bits[i].local);
    assert_int_equal(xs_mac_is_broadcast(&m), bits[i].broadcast);
  }
}

/* ---- from an interface's bytes ------------------------------------------ */

static void test_mac_from_bytes(void **state) {
  static const uint8_t hw[8] = {0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c, 9, 9};
  xs_mac m;
  char buf[XS_MAC_STRLEN];
  (void)state;
  XS_OK_(xs_mac_from_bytes(&m, hw, 6));
  XS_OK_(xs_mac_format(&m, buf, sizeof buf));
  assert_string_equal(buf, "00:1b:21:0a:0b:0c");
  memset(&m, 0xAA, sizeof m);
  XS_ERR_(XS_EINVAL, xs_mac_from_bytes(&m, hw, 0)); /* no hardware address */
  assert_memory_equal(&m, &zero_mac, sizeof m);
  memset(&m, 0xAA, sizeof m);
  XS_ERR_(XS_EINVAL, xs_mac_from_bytes(&m, hw, 8)); /* not a MAC-48 */
  assert_memory_equal(&m, &zero_mac, sizeof m);
  XS_ERR_(XS_EINVAL, xs_mac_from_bytes(&m, hw, 5));
  XS_ERR_(XS_EINVAL, xs_mac_from_bytes(&m, NULL, 6));
  XS_ERR_(XS_EINVAL, xs_mac_from_bytes(NULL, hw, 6));
}

/* ---- NULL arguments ------------------------------------------------------ */

static void test_mac_null_args(void **state) {
  xs_mac m;
  char buf[XS_MAC_STRLEN];
  (void)state;
  XS_ERR_(XS_EINVAL, xs_mac_parse(NULL, "00:50:56:c0:00:01"));
  memset(&m, 0xAA, sizeof m);
  XS_ERR_(XS_EINVAL, xs_mac_parse(&m, NULL));
  assert_memory_equal(&m, &zero_mac, sizeof m);
  memset(buf, '#', sizeof buf);
  XS_ERR_(XS_EINVAL, xs_mac_format(NULL, buf, sizeof buf));
  assert_int_equal(buf[0], '\0');
  XS_ERR_(XS_EINVAL, xs_mac_format(&m, NULL, sizeof buf));
  assert_int_equal(xs_mac_oui(NULL), 0);
  assert_int_equal(xs_mac_nic(NULL), 0);
  assert_int_equal(xs_mac_is_multicast(NULL), 0);
  assert_int_equal(xs_mac_is_local(NULL), 0);
  assert_int_equal(xs_mac_is_broadcast(NULL), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mac_parse_accepts),
      cmocka_unit_test(test_mac_parse_refuses),
      cmocka_unit_test(test_mac_parse_stops_at_nul),
      cmocka_unit_test(test_mac_format_sizes),
      cmocka_unit_test(test_mac_parts_and_bits),
      cmocka_unit_test(test_mac_from_bytes),
      cmocka_unit_test(test_mac_null_args),
  };
  return XS_RUN(tests);
}
