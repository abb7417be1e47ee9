/* SPDX-License-Identifier: MIT */
/*
 * test_ipnet.c - IP prefixes (xsock/ipnet.h): text, masks, the addresses
 * of a prefix, host counts, containment, splitting, summarizing, classes
 * and scopes (pure logic; label unit).
 *
 * Nearly every case is a table: a prefix in text and what each function
 * must give for it. Expected addresses are written as text too and read
 * with xs_prefix_parse(), whose own table comes first.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include <xsock/ipnet.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* text must parse; the prefix it gives. */
static xs_prefix pfx(const char *text) {
  xs_prefix p;
  int rc = xs_prefix_parse(&p, text);
  if (rc != 0)
    print_error("parse \"%s\" -> %s\n", text, xs_err_name(rc));
  XS_OK_(rc);
  return p;
}

/* The 16 address bytes of text (an address without a length). */
static void addr_bytes(const char *text, uint8_t out[16]) {
  xs_prefix p = pfx(text);
  memcpy(out, p.ip, 16);
}

/* Whether two prefixes are equal field by field (a struct copy need not
 * keep the padding byte, so no memcmp of copies). */
static int same_prefix(const xs_prefix *a, const xs_prefix *b) {
  return a->family == b->family && a->len == b->len &&
         memcmp(a->ip, b->ip, sizeof a->ip) == 0;
}

/* Check that ip (16 bytes) is the address written as want. */
static void check_addr(const uint8_t ip[16], const char *want, const char *what,
                       const char *row) {
  uint8_t w[16];
  addr_bytes(want, w);
  if (memcmp(ip, w, 16) != 0)
    print_error("%s of %s: not %s\n", what, row, want);
  assert_memory_equal(ip, w, 16);
}

/* v in decimal (no printf: "%llu" is not in every Windows C library). */
static void u64_text(uint64_t v, char out[21]) {
  char rev[21];
  size_t n = 0, i;
  do {
    rev[n++] = (char)('0' + (int)(v % 10u));
    v /= 10u;
  } while (v != 0);
  for (i = 0; i < n; i++)
    out[i] = rev[n - 1 - i];
  out[n] = '\0';
}

/* ---- parse and format --------------------------------------------------- */

struct parse_ok {
  const char *in;
  const char *out; /* xs_prefix_format() of the result */
  int family;
  unsigned len;
};

static const struct parse_ok parse_oks[] = {
    {"192.168.10.0/25", "192.168.10.0/25", XS_AF_INET, 25},
    {"192.168.10.77/25", "192.168.10.77/25", XS_AF_INET, 25},
    {"10.0.0.1", "10.0.0.1/32", XS_AF_INET, 32},
    {"0.0.0.0/0", "0.0.0.0/0", XS_AF_INET, 0},
    {"255.255.255.255/32", "255.255.255.255/32", XS_AF_INET, 32},
    {"1.2.3.4/0", "1.2.3.4/0", XS_AF_INET, 0},
    {"10.0.0.0/8", "10.0.0.0/8", XS_AF_INET, 8},
    {"2001:db8::/32", "2001:db8::/32", XS_AF_INET6, 32},
    {"::1", "::1/128", XS_AF_INET6, 128},
    {"::/0", "::/0", XS_AF_INET6, 0},
    {"::", "::/128", XS_AF_INET6, 128},
    {"2001:DB8:0:0:0:0:0:1/64", "2001:db8::1/64", XS_AF_INET6, 64},
    {"fe80::1/10", "fe80::1/10", XS_AF_INET6, 10},
    {"::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120", XS_AF_INET6, 120},
    {"::ffff:c000:0200/120", "::ffff:192.0.2.0/120", XS_AF_INET6, 120},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", XS_AF_INET6, 128},
    {"1:2:3:4:5:6:1.2.3.4/96", "1:2:3:4:5:6:102:304/96", XS_AF_INET6, 96},
    {"2001:db8::/100", "2001:db8::/100", XS_AF_INET6, 100},
};

static void test_ipnet_parse_accepts(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(parse_oks); i++) {
    const struct parse_ok *r = &parse_oks[i];
    xs_prefix p = pfx(r->in), q;
    char buf[XS_PREFIX_STRLEN];
    assert_int_equal(p.family, r->family);
    assert_int_equal(p.len, r->len);
    XS_OK_(xs_prefix_format(&p, buf, sizeof buf));
    if (strcmp(buf, r->out) != 0)
      print_error("\"%s\" formatted \"%s\"\n", r->in, buf);
    assert_string_equal(buf, r->out);
    q = pfx(buf); /* the written form reads back the same */
    assert_true(same_prefix(&p, &q));
  }
}

static const char *const parse_bad[] = {
    "",
    "/24",
    "10.0.0.0/",
    "10.0.0.0/33",
    "10.0.0.0/-1",
    "10.0.0.0/+8",
    "10.0.0.0/08",
    "10.0.0.0/00",
    "10.0.0.0/ 8",
    "10.0.0.0/8 ",
    " 10.0.0.0/8",
    "10.0.0.0 /8",
    "10.0.0.0/8/8",
    "10.0.0.0//8",
    "10.0.0.0/0x8",
    "10.0.0.0/1000",
    "10.0.0.0/255.0.0.0",
    "10.0.0/8",
    "10.1",
    "010.0.0.0/8",
    "256.0.0.0/8",
    "10.0.0.0.0/8",
    "::/129",
    "::/1280",
    "2001:db8::/032",
    "fe80::1%eth0/64",
    "fe80::1%1",
    "fe80::1/64%eth0",
    "[2001:db8::]/32",
    "[::1]",
    "2001:db8::/32x",
    "2001:db8:::/32",
    "1:2:3:4:5:6:7:8:9/64",
    "::g/64",
    "localhost/8",
    "a.b.c.d/8",
};

static void test_ipnet_parse_rejects(void **state) {
  static const xs_prefix zero;
  (void)state;
  for (size_t i = 0; i < N_OF(parse_bad); i++) {
    xs_prefix p;
    int rc;
    memset(&p, 0x5a, sizeof p);
    rc = xs_prefix_parse(&p, parse_bad[i]);
    if (rc != XS_EINVAL)
      print_error("\"%s\" -> %s\n", parse_bad[i], xs_err_name(rc));
    assert_int_equal(rc, XS_EINVAL);
    assert_memory_equal(&p, &zero, sizeof p); /* zeroed on failure */
  }
  XS_ERR_(XS_EINVAL, xs_prefix_parse(NULL, "10.0.0.0/8"));
  {
    xs_prefix p;
    XS_ERR_(XS_EINVAL, xs_prefix_parse(&p, NULL));
  }
}

/* Every buffer size: below the text's length + 1 XS_ENOSPC and "", from
 * there on the whole text; nothing written past the size. */
static void test_ipnet_format_sizes(void **state) {
  static const char *const rows[] = {
      "0.0.0.0/0", "255.255.255.255/32", "::/0",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
      "::ffff:255.255.255.255/128"};
  (void)state;
  for (size_t i = 0; i < N_OF(rows); i++) {
    xs_prefix p = pfx(rows[i]);
    size_t want = strlen(rows[i]);
    assert_true(want + 1 <= XS_PREFIX_STRLEN);
    for (size_t size = 0; size <= want + 2; size++) {
      char buf[XS_PREFIX_STRLEN + 4];
      memset(buf, '#', sizeof buf);
      if (size < want + 1) {
        XS_ERR_(XS_ENOSPC, xs_prefix_format(&p, buf, size));
        if (size > 0)
          assert_int_equal(buf[0], '\0');
      } else {
        XS_OK_(xs_prefix_format(&p, buf, size));
        assert_string_equal(buf, rows[i]);
      }
      assert_int_equal(buf[size], '#');
    }
  }
}

static void test_ipnet_make(void **state) {
  const uint8_t v4[4] = {192, 0, 2, 77};
  const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                          0,    0,    0,    0,    0, 0, 0, 1};
  static const xs_prefix zero;
  xs_prefix p;
  char buf[XS_PREFIX_STRLEN];
  (void)state;
  XS_OK_(xs_prefix_make(&p, XS_AF_INET, v4, 24));
  XS_OK_(xs_prefix_format(&p, buf, sizeof buf));
  assert_string_equal(buf, "192.0.2.77/24");
  XS_OK_(xs_prefix_make(&p, XS_AF_INET6, v6, 128));
  XS_OK_(xs_prefix_format(&p, buf, sizeof buf));
  assert_string_equal(buf, "2001:db8::1/128");
  XS_OK_(xs_prefix_make(&p, XS_AF_INET, v4, 0));
  XS_ERR_(XS_EINVAL, xs_prefix_make(&p, XS_AF_INET, v4, 33));
  assert_memory_equal(&p, &zero, sizeof p);
  XS_ERR_(XS_EINVAL, xs_prefix_make(&p, XS_AF_INET6, v6, 129));
  XS_ERR_(XS_EINVAL, xs_prefix_make(&p, XS_AF_UNIX, v6, 8));
  XS_ERR_(XS_EINVAL, xs_prefix_make(&p, XS_AF_UNSPEC, v6, 8));
  XS_ERR_(XS_EINVAL, xs_prefix_make(&p, 99, v6, 8));
  XS_ERR_(XS_EINVAL, xs_prefix_make(&p, XS_AF_INET, NULL, 8));
  XS_ERR_(XS_EINVAL, xs_prefix_make(NULL, XS_AF_INET, v4, 8));
}

/* ---- masks -------------------------------------------------------------- */

struct mask_row {
  int family;
  unsigned len;
  const char *mask;
};

static const struct mask_row mask_rows[] = {
    {XS_AF_INET, 0, "0.0.0.0"},
    {XS_AF_INET, 1, "128.0.0.0"},
    {XS_AF_INET, 7, "254.0.0.0"},
    {XS_AF_INET, 8, "255.0.0.0"},
    {XS_AF_INET, 9, "255.128.0.0"},
    {XS_AF_INET, 20, "255.255.240.0"},
    {XS_AF_INET, 24, "255.255.255.0"},
    {XS_AF_INET, 25, "255.255.255.128"},
    {XS_AF_INET, 30, "255.255.255.252"},
    {XS_AF_INET, 31, "255.255.255.254"},
    {XS_AF_INET, 32, "255.255.255.255"},
    {XS_AF_INET6, 0, "::"},
    {XS_AF_INET6, 1, "8000::"},
    {XS_AF_INET6, 10, "ffc0::"},
    {XS_AF_INET6, 32, "ffff:ffff::"},
    {XS_AF_INET6, 63, "ffff:ffff:ffff:fffe::"},
    {XS_AF_INET6, 64, "ffff:ffff:ffff:ffff::"},
    {XS_AF_INET6, 65, "ffff:ffff:ffff:ffff:8000::"},
    {XS_AF_INET6, 127, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"},
    {XS_AF_INET6, 128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
};

static void test_ipnet_masks(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(mask_rows); i++) {
    const struct mask_row *r = &mask_rows[i];
    uint8_t mask[16], want[16];
    unsigned len = 999;
    memset(mask, 0xa5, sizeof mask);
    XS_OK_(xs_netmask_from_len(r->family, r->len, mask));
    addr_bytes(r->mask, want);
    if (memcmp(mask, want, 16) != 0)
      print_error("mask of /%u is not %s\n", r->len, r->mask);
    assert_memory_equal(mask, want, 16); /* IPv4: bytes 4..15 zero */
    XS_OK_(xs_netmask_to_len(r->family, want, &len));
    assert_int_equal(len, r->len);
  }
}

static const char *const bad_masks[] = {
    "255.0.255.0",   "0.255.255.255",    "255.255.255.253", "127.0.0.0",
    "255.254.255.0", "0.0.0.1",          "128.0.0.1",       "ffff::1",
    "7fff:ffff::",   "ffff:fffe:ffff::", "::ffff:0:0",      "8000::1",
};

static void test_ipnet_masks_refused(void **state) {
  uint8_t mask[16];
  unsigned len = 7;
  (void)state;
  for (size_t i = 0; i < N_OF(bad_masks); i++) {
    xs_prefix p = pfx(bad_masks[i]);
    len = 7;
    if (xs_netmask_to_len(p.family, p.ip, &len) != XS_EINVAL)
      print_error("mask %s accepted\n", bad_masks[i]);
    XS_ERR_(XS_EINVAL, xs_netmask_to_len(p.family, p.ip, &len));
    assert_int_equal(len, 0);
  }
  XS_ERR_(XS_EINVAL, xs_netmask_from_len(XS_AF_INET, 33, mask));
  XS_ERR_(XS_EINVAL, xs_netmask_from_len(XS_AF_INET6, 129, mask));
  XS_ERR_(XS_EINVAL, xs_netmask_from_len(XS_AF_UNIX, 8, mask));
  XS_ERR_(XS_EINVAL, xs_netmask_from_len(XS_AF_INET, 8, NULL));
  XS_OK_(xs_netmask_from_len(XS_AF_INET, 8, mask));
  XS_ERR_(XS_EINVAL, xs_netmask_to_len(XS_AF_UNSPEC, mask, &len));
  XS_ERR_(XS_EINVAL, xs_netmask_to_len(XS_AF_INET, NULL, &len));
  XS_ERR_(XS_EINVAL, xs_netmask_to_len(XS_AF_INET, mask, NULL));
  /* IPv4 reads only four bytes: what follows does not matter. */
  memset(mask + 4, 0xff, 12);
  XS_OK_(xs_netmask_to_len(XS_AF_INET, mask, &len));
  assert_int_equal(len, 8);
}

/* ---- network, broadcast, hosts, counts ----------------------------------- */

struct v4_row {
  const char *prefix;
  const char *network;
  const char *broadcast; /* NULL: none (XS_ENOENT) */
  const char *first, *last;
  uint64_t count;
};

static const struct v4_row v4_rows[] = {
    {"0.0.0.0/0", "0.0.0.0/0", "255.255.255.255", "0.0.0.1", "255.255.255.254",
     4294967294u},
    {"200.1.2.3/0", "0.0.0.0/0", "255.255.255.255", "0.0.0.1",
     "255.255.255.254", 4294967294u},
    {"10.0.0.0/1", "0.0.0.0/1", "127.255.255.255", "0.0.0.1", "127.255.255.254",
     2147483646u},
    {"200.0.0.0/1", "128.0.0.0/1", "255.255.255.255", "128.0.0.1",
     "255.255.255.254", 2147483646u},
    {"10.20.30.40/8", "10.0.0.0/8", "10.255.255.255", "10.0.0.1",
     "10.255.255.254", 16777214u},
    {"172.16.5.4/12", "172.16.0.0/12", "172.31.255.255", "172.16.0.1",
     "172.31.255.254", 1048574u},
    {"192.168.10.0/24", "192.168.10.0/24", "192.168.10.255", "192.168.10.1",
     "192.168.10.254", 254u},
    {"192.168.10.77/25", "192.168.10.0/25", "192.168.10.127", "192.168.10.1",
     "192.168.10.126", 126u},
    {"192.168.10.200/25", "192.168.10.128/25", "192.168.10.255",
     "192.168.10.129", "192.168.10.254", 126u},
    {"10.0.0.5/29", "10.0.0.0/29", "10.0.0.7", "10.0.0.1", "10.0.0.6", 6u},
    {"10.0.0.6/30", "10.0.0.4/30", "10.0.0.7", "10.0.0.5", "10.0.0.6", 2u},
    {"10.0.0.7/31", "10.0.0.6/31", NULL, "10.0.0.6", "10.0.0.7", 2u},
    {"255.255.255.255/31", "255.255.255.254/31", NULL, "255.255.255.254",
     "255.255.255.255", 2u},
    {"10.0.0.7/32", "10.0.0.7/32", NULL, "10.0.0.7", "10.0.0.7", 1u},
    {"0.0.0.0/32", "0.0.0.0/32", NULL, "0.0.0.0", "0.0.0.0", 1u},
    {"255.255.255.255/32", "255.255.255.255/32", NULL, "255.255.255.255",
     "255.255.255.255", 1u},
};

static void check_network(const char *row, const char *want) {
  xs_prefix p = pfx(row), n, w = pfx(want);
  XS_OK_(xs_prefix_network(&p, &n));
  assert_true(same_prefix(&n, &w));
  XS_OK_(xs_prefix_network(&p, &p)); /* in place */
  assert_true(same_prefix(&p, &w));
}

static void test_ipnet_v4_ranges(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(v4_rows); i++) {
    const struct v4_row *r = &v4_rows[i];
    xs_prefix p = pfx(r->prefix);
    uint8_t b[4], a[16], want[16];
    uint64_t count = 0;
    char text[XS_PREFIX_COUNT_STRLEN], ctext[32];
    check_network(r->prefix, r->network);
    if (r->broadcast == NULL) {
      XS_ERR_(XS_ENOENT, xs_prefix_broadcast(&p, b));
    } else {
      XS_OK_(xs_prefix_broadcast(&p, b));
      addr_bytes(r->broadcast, want);
      assert_memory_equal(b, want, 4);
    }
    XS_OK_(xs_prefix_first_host(&p, a));
    check_addr(a, r->first, "first host", r->prefix);
    XS_OK_(xs_prefix_last_host(&p, a));
    check_addr(a, r->last, "last host", r->prefix);
    XS_OK_(xs_prefix_host_count(&p, &count));
    assert_true(count == r->count);
    XS_OK_(xs_prefix_host_count_text(&p, text, sizeof text));
    u64_text(r->count, ctext);
    assert_string_equal(text, ctext);
  }
}

struct v6_row {
  const char *prefix;
  const char *network;
  const char *first, *last;
  const char *count;
};

static const struct v6_row v6_rows[] = {
    {"::/0", "::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     "340282366920938463463374607431768211456"},
    {"2001:db8::1/0", "::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     "340282366920938463463374607431768211456"},
    {"8000::1/1", "8000::/1",
     "8000::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     "170141183460469231731687303715884105728"},
    {"2001:db8:1:2::3/32", "2001:db8::/32", "2001:db8::",
     "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "79228162514264337593543950336"},
    {"2001:db8:0:1::77/63", "2001:db8::/63",
     "2001:db8::", "2001:db8:0:1:ffff:ffff:ffff:ffff", "36893488147419103232"},
    {"2001:db8::77/64", "2001:db8::/64",
     "2001:db8::", "2001:db8::ffff:ffff:ffff:ffff", "18446744073709551616"},
    {"2001:db8::8000:0:0:1/65", "2001:db8:0:0:8000::/65", "2001:db8:0:0:8000::",
     "2001:db8::ffff:ffff:ffff:ffff", "9223372036854775808"},
    {"fe80::1:2:3:4/96", "fe80::1:2:0:0/96", "fe80::1:2:0:0",
     "fe80::1:2:ffff:ffff", "4294967296"},
    {"2001:db8::5/126", "2001:db8::4/126", "2001:db8::4", "2001:db8::7", "4"},
    {"2001:db8::5/127", "2001:db8::4/127", "2001:db8::4", "2001:db8::5", "2"},
    {"2001:db8::5/128", "2001:db8::5/128", "2001:db8::5", "2001:db8::5", "1"},
    {"::/128", "::/128", "::", "::", "1"},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2"},
};

static void test_ipnet_v6_ranges(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(v6_rows); i++) {
    const struct v6_row *r = &v6_rows[i];
    xs_prefix p = pfx(r->prefix);
    uint8_t b[4], a[16];
    uint64_t count = 7;
    char text[XS_PREFIX_COUNT_STRLEN];
    check_network(r->prefix, r->network);
    XS_ERR_(XS_EAFNOSUPPORT, xs_prefix_broadcast(&p, b));
    XS_OK_(xs_prefix_first_host(&p, a));
    check_addr(a, r->first, "first host", r->prefix);
    XS_OK_(xs_prefix_last_host(&p, a));
    check_addr(a, r->last, "last host", r->prefix);
    XS_OK_(xs_prefix_host_count_text(&p, text, sizeof text));
    assert_string_equal(text, r->count);
    if (p.len <= 64) {
      XS_ERR_(XS_ENOSPC, xs_prefix_host_count(&p, &count));
      assert_true(count == 0);
    } else {
      char mine[32];
      XS_OK_(xs_prefix_host_count(&p, &count));
      u64_text(count, mine);
      assert_string_equal(mine, r->count);
    }
  }
}

/* Every IPv6 length: the count text is 2^(128 - len), checked by doubling
 * a decimal string. */
static void test_ipnet_count_text_powers(void **state) {
  char want[XS_PREFIX_COUNT_STRLEN] = "1";
  (void)state;
  for (int len = 128; len >= 0; len--) {
    xs_prefix p = pfx("::/0");
    char text[XS_PREFIX_COUNT_STRLEN];
    size_t n = strlen(want);
    p.len = (uint8_t)len;
    XS_OK_(xs_prefix_host_count_text(&p, text, sizeof text));
    assert_string_equal(text, want);
    for (size_t size = 0; size <= n; size++) {
      memset(text, '#', sizeof text);
      XS_ERR_(XS_ENOSPC, xs_prefix_host_count_text(&p, text, size));
      if (size > 0)
        assert_int_equal(text[0], '\0');
      assert_int_equal(text[size], '#');
    }
    /* double want for the next, shorter, length */
    unsigned carry = 0;
    for (size_t i = n; i-- > 0;) {
      unsigned d = (unsigned)(want[i] - '0') * 2u + carry;
      want[i] = (char)('0' + d % 10u);
      carry = d / 10u;
    }
    if (carry != 0) {
      memmove(want + 1, want, n + 1);
      want[0] = '1';
    }
  }
}

/* ---- contains ----------------------------------------------------------- */

struct contains_row {
  const char *outer, *inner;
  int want;
};

static const struct contains_row contains_rows[] = {
    {"10.0.0.0/8", "10.1.2.3", 1},
    {"10.9.9.9/8", "10.1.2.3", 1},
    {"10.0.0.0/8", "10.0.0.0/8", 1},
    {"10.0.0.0/8", "10.128.0.0/9", 1},
    {"10.0.0.0/8", "10.255.255.255", 1},
    {"10.0.0.0/8", "11.0.0.0", 0},
    {"10.0.0.0/8", "9.255.255.255", 0},
    {"10.0.0.0/8", "10.0.0.0/7", 0},
    {"10.0.0.0/9", "10.0.0.0/8", 0},
    {"0.0.0.0/0", "255.255.255.255", 1},
    {"0.0.0.0/0", "0.0.0.0/0", 1},
    {"192.168.1.1", "192.168.1.1", 1},
    {"192.168.1.1", "192.168.1.2", 0},
    {"192.168.1.0/31", "192.168.1.1", 1},
    {"192.168.1.0/31", "192.168.1.2", 0},
    {"2001:db8::/32", "2001:db8:ffff::1", 1},
    {"2001:db8::/32", "2001:db9::", 0},
    {"::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1},
    {"::/0", "0.0.0.0/0", 0},
    {"0.0.0.0/0", "::/0", 0},
    {"::ffff:0:0/96", "10.0.0.1", 0},
    {"::ffff:0:0/96", "::ffff:10.0.0.1", 1},
    {"2001:db8::/127", "2001:db8::1", 1},
    {"2001:db8::/127", "2001:db8::2", 0},
    {"::1", "::1", 1},
};

static void test_ipnet_contains(void **state) {
  xs_prefix a = pfx("10.0.0.0/8"), bad = a;
  (void)state;
  for (size_t i = 0; i < N_OF(contains_rows); i++) {
    const struct contains_row *r = &contains_rows[i];
    xs_prefix o = pfx(r->outer), n = pfx(r->inner);
    int got = xs_prefix_contains(&o, &n);
    if (got != r->want)
      print_error("%s contains %s: %d\n", r->outer, r->inner, got);
    assert_int_equal(got, r->want);
  }
  bad.family = XS_AF_UNIX;
  XS_ERR_(XS_EINVAL, xs_prefix_contains(&a, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_contains(NULL, &a));
  XS_ERR_(XS_EINVAL, xs_prefix_contains(&a, &bad));
  XS_ERR_(XS_EINVAL, xs_prefix_contains(&bad, &a));
}

/* ---- split -------------------------------------------------------------- */

/* want: the expected prefixes, separated by spaces. */
static void check_list(const xs_prefix *got, size_t n, const char *want) {
  char copy[1024], *save = copy, *tok;
  size_t i = 0;
  snprintf(copy, sizeof copy, "%s", want);
  while ((tok = strtok(save, " ")) != NULL) {
    xs_prefix w = pfx(tok);
    save = NULL;
    if (i >= n)
      print_error("missing %s\n", tok);
    assert_true(i < n);
    if (!same_prefix(&got[i], &w)) {
      char buf[XS_PREFIX_STRLEN];
      XS_OK_(xs_prefix_format(&got[i], buf, sizeof buf));
      print_error("item %u is %s, not %s\n", (unsigned)i, buf, tok);
    }
    assert_true(same_prefix(&got[i], &w));
    i++;
  }
  assert_int_equal(i, n);
}

struct split_row {
  const char *prefix;
  unsigned new_len;
  const char *want;
};

static const struct split_row split_rows[] = {
    {"192.168.10.77/24", 26,
     "192.168.10.0/26 192.168.10.64/26 192.168.10.128/26 192.168.10.192/26"},
    {"192.168.10.77/24", 24, "192.168.10.0/24"},
    {"0.0.0.0/0", 1, "0.0.0.0/1 128.0.0.0/1"},
    {"0.0.0.0/0", 2, "0.0.0.0/2 64.0.0.0/2 128.0.0.0/2 192.0.0.0/2"},
    {"10.0.0.6/31", 32, "10.0.0.6 10.0.0.7"},
    {"255.255.255.252/30", 32,
     "255.255.255.252 255.255.255.253 255.255.255.254 255.255.255.255"},
    {"10.0.0.1/32", 32, "10.0.0.1/32"},
    {"::/0", 1, "::/1 8000::/1"},
    {"2001:db8::/32", 34,
     "2001:db8::/34 2001:db8:4000::/34 2001:db8:8000::/34 2001:db8:c000::/34"},
    {"2001:db8::ff/126", 128,
     "2001:db8::fc 2001:db8::fd 2001:db8::fe 2001:db8::ff"},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127", 128,
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe "
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
    {"2001:db8:0:0:ffff:ffff:ffff:ffff/63", 64,
     "2001:db8::/64 2001:db8:0:1::/64"},
};

static void test_ipnet_split(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(split_rows); i++) {
    const struct split_row *r = &split_rows[i];
    xs_prefix p = pfx(r->prefix), out[8];
    size_t count = 99;
    XS_OK_(xs_prefix_split(&p, r->new_len, out, N_OF(out), &count));
    check_list(out, count, r->want);
    /* asking with no room gives the same count and writes nothing */
    XS_ERR_(count > 0 ? XS_ENOSPC : 0,
            xs_prefix_split(&p, r->new_len, NULL, 0, &count));
  }
}

static void test_ipnet_split_limits(void **state) {
  xs_prefix p = pfx("10.0.0.0/24"), out[4];
  uint8_t mark[sizeof out];
  size_t count = 0;
  (void)state;
  memset(out, 0x77, sizeof out);
  memset(mark, 0x77, sizeof mark);
  XS_ERR_(XS_ENOSPC, xs_prefix_split(&p, 27, out, 4, &count));
  assert_int_equal(count, 8);
  assert_memory_equal(out, mark, sizeof out); /* nothing silently cut */
  XS_OK_(xs_prefix_split(&p, 26, out, 4, &count));
  assert_int_equal(count, 4);
  p = pfx("0.0.0.0/0");
  XS_ERR_(XS_ENOSPC, xs_prefix_split(&p, 32, NULL, 0, &count));
  assert_true(count == ((size_t)1 << 31) * 2u || count == SIZE_MAX);
  p = pfx("::/0");
  XS_ERR_(XS_ENOSPC, xs_prefix_split(&p, 128, out, 4, &count));
  assert_true(count == SIZE_MAX); /* 2^128 fits no size_t */
  XS_ERR_(XS_ENOSPC, xs_prefix_split(&p, 64, out, 4, &count));
  assert_true(count == SIZE_MAX);
  XS_ERR_(XS_ENOSPC, xs_prefix_split(&p, 20, out, 4, &count));
  assert_true(count == (size_t)1 << 20);
  /* out of range */
  p = pfx("10.0.0.0/24");
  XS_ERR_(XS_EINVAL, xs_prefix_split(&p, 23, out, 4, &count));
  assert_int_equal(count, 0);
  XS_ERR_(XS_EINVAL, xs_prefix_split(&p, 33, out, 4, &count));
  p = pfx("::/64");
  XS_ERR_(XS_EINVAL, xs_prefix_split(&p, 129, out, 4, &count));
  XS_ERR_(XS_EINVAL, xs_prefix_split(&p, 63, out, 4, &count));
  XS_ERR_(XS_EINVAL, xs_prefix_split(&p, 64, NULL, 4, &count));
  XS_ERR_(XS_EINVAL, xs_prefix_split(&p, 64, out, 4, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_split(NULL, 64, out, 4, &count));
  /* in place: the first piece is written over the prefix */
  p = pfx("10.0.0.9/30");
  XS_OK_(xs_prefix_split(&p, 30, &p, 1, &count));
  check_list(&p, count, "10.0.0.8/30");
}

/* ---- summarize ---------------------------------------------------------- */

struct sum_row {
  const char *in, *want;
};

static const struct sum_row sum_rows[] = {
    /* adjacent halves merge, again and again */
    {"10.0.0.0/25 10.0.0.128/25", "10.0.0.0/24"},
    {"10.0.0.0/24 10.0.1.0/24 10.0.2.0/24 10.0.3.0/24", "10.0.0.0/22"},
    {"10.0.3.0/24 10.0.1.0/24 10.0.2.0/24 10.0.0.0/24", "10.0.0.0/22"},
    /* adjacent but not aligned: no over-cover */
    {"10.0.1.0/24 10.0.2.0/24", "10.0.1.0/24 10.0.2.0/24"},
    {"10.0.1.0/24 10.0.2.0/23", "10.0.1.0/24 10.0.2.0/23"},
    {"10.0.0.1 10.0.0.2", "10.0.0.1 10.0.0.2"},
    {"10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4", "10.0.0.1 10.0.0.2/31 10.0.0.4"},
    /* overlap, nesting, duplicates */
    {"10.0.0.0/8 10.1.0.0/16", "10.0.0.0/8"},
    {"10.1.0.0/16 10.0.0.0/8 10.1.2.3", "10.0.0.0/8"},
    {"10.0.0.0/24 10.0.0.0/24 10.0.0.0/24", "10.0.0.0/24"},
    {"192.0.2.0/25 192.0.2.64/26 192.0.2.128/25", "192.0.2.0/24"},
    /* host bits count as the network */
    {"10.0.0.77/25 10.0.0.200/25", "10.0.0.0/24"},
    /* the whole space, and its edges */
    {"0.0.0.0/1 128.0.0.0/1", "0.0.0.0/0"},
    {"255.255.255.255 255.255.255.254", "255.255.255.254/31"},
    {"0.0.0.0/0 10.0.0.0/8 255.255.255.255", "0.0.0.0/0"},
    {"0.0.0.0 0.0.0.1", "0.0.0.0/31"},
    {"::/1 8000::/1", "::/0"},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"},
    /* mixed families: IPv4 first, each sorted */
    {"2001:db8::/33 10.0.0.0/25 2001:db8:8000::/33 10.0.0.128/25 ::1",
     "10.0.0.0/24 ::1 2001:db8::/32"},
    {"::ffff:10.0.0.0/120 10.0.0.0/24", "10.0.0.0/24 ::ffff:10.0.0.0/120"},
    {"2001:db8::2 2001:db8::1 192.0.2.9", "192.0.2.9 2001:db8::1 2001:db8::2"},
    /* a range that is not one block: the fewest that cover it */
    {"10.0.0.1 10.0.0.2/31 10.0.0.4/30 10.0.0.8/29 10.0.0.16/28 10.0.0.32/27 "
     "10.0.0.64/26 10.0.0.128/25 10.0.1.0",
     "10.0.0.1 10.0.0.2/31 10.0.0.4/30 10.0.0.8/29 10.0.0.16/28 10.0.0.32/27 "
     "10.0.0.64/26 10.0.0.128/25 10.0.1.0"},
    {"10.0.0.1 10.0.0.2/31 10.0.0.4/30 10.0.0.8/29 10.0.0.16/28 10.0.0.32/27 "
     "10.0.0.64/26 10.0.0.128/25 10.0.0.0",
     "10.0.0.0/24"},
    {"", ""},
};

/* The prefixes written in text, separated by spaces, into out. */
static size_t read_list(const char *text, xs_prefix *out, size_t cap) {
  char copy[1024], *save = copy, *tok;
  size_t n = 0;
  snprintf(copy, sizeof copy, "%s", text);
  while ((tok = strtok(save, " ")) != NULL) {
    save = NULL;
    assert_true(n < cap);
    out[n++] = pfx(tok);
  }
  return n;
}

static void test_ipnet_summarize(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(sum_rows); i++) {
    xs_prefix in[16], out[16], same[16], small[16];
    size_t n = read_list(sum_rows[i].in, in, N_OF(in)), count = 99;
    /* room for every input: the work is done in out */
    XS_OK_(xs_prefix_summarize(in, n, out, N_OF(out), &count));
    check_list(out, count, sum_rows[i].want);
    /* in place */
    memcpy(same, in, sizeof in);
    XS_OK_(xs_prefix_summarize(same, n, same, n, &count));
    check_list(same, count, sum_rows[i].want);
    /* room for just the result: a temporary work block */
    XS_OK_(xs_prefix_summarize(in, n, small, count, &count));
    check_list(small, count, sum_rows[i].want);
    if (count > 0) {
      size_t again = 0;
      XS_ERR_(XS_ENOSPC, xs_prefix_summarize(in, n, small, count - 1, &again));
      assert_int_equal(again, count);
      XS_ERR_(XS_ENOSPC, xs_prefix_summarize(in, n, NULL, 0, &again));
      assert_int_equal(again, count);
    }
  }
}

/* Thousands of inputs: every address from 10.0.0.1 to 10.0.16.0 as a
 * /32, in reverse order, with duplicates; the result is the canonical
 * cut of that range. */
#define MANY_WANT                                                              \
  "10.0.0.1 10.0.0.2/31 10.0.0.4/30 10.0.0.8/29 10.0.0.16/28 10.0.0.32/27 "    \
  "10.0.0.64/26 10.0.0.128/25 10.0.1.0/24 10.0.2.0/23 10.0.4.0/22 "            \
  "10.0.8.0/21 10.0.16.0"

static void test_ipnet_summarize_many(void **state) {
  enum { SPAN = 4096, N = SPAN + 100 };
  static xs_prefix in[N], out[N];
  xs_prefix small[16];
  size_t count = 0;
  (void)state;
  for (size_t i = 0; i < N; i++) {
    uint32_t host = 1u + (uint32_t)((SPAN - 1u - i % SPAN));
    uint8_t ip[4] = {10, 0, (uint8_t)(host >> 8), (uint8_t)host};
    XS_OK_(xs_prefix_make(&in[i], XS_AF_INET, ip, 32));
  }
  XS_OK_(xs_prefix_summarize(in, N, out, N, &count));
  check_list(out, count, MANY_WANT);
  /* less room than inputs: the temporary work block */
  XS_OK_(xs_prefix_summarize(in, N, small, N_OF(small), &count));
  check_list(small, count, MANY_WANT);
  XS_ERR_(XS_ENOSPC, xs_prefix_summarize(in, N, small, 5, &count));
  assert_int_equal(count, 13);
}

static void test_ipnet_summarize_args(void **state) {
  xs_prefix in[2] = {pfx("10.0.0.0/8"), pfx("::/0")}, out[2];
  size_t count = 5;
  (void)state;
  XS_OK_(xs_prefix_summarize(NULL, 0, NULL, 0, &count));
  assert_int_equal(count, 0);
  XS_ERR_(XS_EINVAL, xs_prefix_summarize(NULL, 1, out, 2, &count));
  XS_ERR_(XS_EINVAL, xs_prefix_summarize(in, 2, NULL, 2, &count));
  XS_ERR_(XS_EINVAL, xs_prefix_summarize(in, 2, out, 2, NULL));
  in[1].family = 77;
  XS_ERR_(XS_EINVAL, xs_prefix_summarize(in, 2, out, 2, &count));
  assert_int_equal(count, 0);
  in[1] = pfx("10.0.0.0/8");
  in[1].ip[5] = 1; /* IPv4 with bytes after ip[3] */
  XS_ERR_(XS_EINVAL, xs_prefix_summarize(in, 2, out, 2, &count));
  in[1] = pfx("10.0.0.0/8");
  in[1].len = 33;
  XS_ERR_(XS_EINVAL, xs_prefix_summarize(in, 2, out, 2, &count));
}

/* ---- classes ------------------------------------------------------------ */

static void test_ipnet_classes(void **state) {
  static const struct {
    uint8_t first;
    char cls;
    int len;
  } rows[] = {{0, 'A', 8},    {1, 'A', 8},    {10, 'A', 8},   {127, 'A', 8},
              {128, 'B', 16}, {172, 'B', 16}, {191, 'B', 16}, {192, 'C', 24},
              {223, 'C', 24}, {224, 'D', -1}, {239, 'D', -1}, {240, 'E', -1},
              {254, 'E', -1}, {255, 'E', -1}};
  (void)state;
  for (size_t i = 0; i < N_OF(rows); i++) {
    uint8_t lo[4] = {rows[i].first, 0, 0, 0};
    uint8_t hi[4] = {rows[i].first, 255, 255, 255};
    assert_int_equal(xs_ipv4_class(lo), rows[i].cls);
    assert_int_equal(xs_ipv4_class(hi), rows[i].cls);
    assert_int_equal(xs_ipv4_class_len(rows[i].cls), rows[i].len);
  }
  assert_int_equal(xs_ipv4_class(NULL), '\0');
  XS_ERR_(XS_EINVAL, xs_ipv4_class_len('a'));
  XS_ERR_(XS_EINVAL, xs_ipv4_class_len('F'));
  XS_ERR_(XS_EINVAL, xs_ipv4_class_len('\0'));
}

/* ---- scopes ------------------------------------------------------------- */

#define S_UNSPEC XS_SCOPE_UNSPECIFIED
#define S_LOOP XS_SCOPE_LOOPBACK
#define S_PRIV XS_SCOPE_PRIVATE
#define S_ULA XS_SCOPE_UNIQUE_LOCAL
#define S_LL XS_SCOPE_LINK_LOCAL
#define S_MC XS_SCOPE_MULTICAST
#define S_SHARED XS_SCOPE_SHARED
#define S_DOC XS_SCOPE_DOCUMENTATION
#define S_BCAST XS_SCOPE_BROADCAST
#define S_RES XS_SCOPE_RESERVED
#define S_MAP XS_SCOPE_IPV4_MAPPED
#define S_GLOBAL XS_SCOPE_GLOBAL

struct scope_row {
  const char *prefix;
  unsigned want;
};

static const struct scope_row scope_rows[] = {
    /* IPv4 addresses at each range's edges and just outside */
    {"0.0.0.0", S_UNSPEC},
    {"0.0.0.1", S_GLOBAL},
    {"9.255.255.255", S_GLOBAL},
    {"10.0.0.0", S_PRIV},
    {"10.255.255.255", S_PRIV},
    {"11.0.0.0", S_GLOBAL},
    {"100.63.255.255", S_GLOBAL},
    {"100.64.0.0", S_SHARED},
    {"100.127.255.255", S_SHARED},
    {"100.128.0.0", S_GLOBAL},
    {"126.255.255.255", S_GLOBAL},
    {"127.0.0.0", S_LOOP},
    {"127.0.0.1", S_LOOP},
    {"127.255.255.255", S_LOOP},
    {"128.0.0.0", S_GLOBAL},
    {"169.253.255.255", S_GLOBAL},
    {"169.254.0.0", S_LL},
    {"169.254.255.255", S_LL},
    {"169.255.0.0", S_GLOBAL},
    {"172.15.255.255", S_GLOBAL},
    {"172.16.0.0", S_PRIV},
    {"172.31.255.255", S_PRIV},
    {"172.32.0.0", S_GLOBAL},
    {"192.0.1.255", S_GLOBAL},
    {"192.0.2.0", S_DOC},
    {"192.0.2.255", S_DOC},
    {"192.0.3.0", S_GLOBAL},
    {"192.167.255.255", S_GLOBAL},
    {"192.168.0.0", S_PRIV},
    {"192.168.255.255", S_PRIV},
    {"192.169.0.0", S_GLOBAL},
    {"198.51.99.255", S_GLOBAL},
    {"198.51.100.0", S_DOC},
    {"198.51.100.255", S_DOC},
    {"198.51.101.0", S_GLOBAL},
    {"203.0.112.255", S_GLOBAL},
    {"203.0.113.0", S_DOC},
    {"203.0.113.255", S_DOC},
    {"203.0.114.0", S_GLOBAL},
    {"223.255.255.255", S_GLOBAL},
    {"224.0.0.0", S_MC},
    {"239.255.255.255", S_MC},
    {"240.0.0.0", S_RES},
    {"255.255.255.254", S_RES},
    {"255.255.255.255", S_BCAST},
    {"8.8.8.8", S_GLOBAL},
    /* IPv4 prefixes */
    {"0.0.0.0/0", S_UNSPEC | S_PRIV | S_SHARED | S_LOOP | S_LL | S_DOC | S_MC |
                      S_RES | S_BCAST | S_GLOBAL},
    {"0.0.0.0/8", S_UNSPEC | S_GLOBAL},
    {"0.0.0.0/31", S_UNSPEC | S_GLOBAL},
    {"10.0.0.0/8", S_PRIV},
    {"10.1.0.0/16", S_PRIV},
    {"10.0.0.0/7", S_PRIV | S_GLOBAL},
    {"8.0.0.0/6", S_PRIV | S_GLOBAL},
    {"100.64.0.0/10", S_SHARED},
    {"100.0.0.0/8", S_SHARED | S_GLOBAL},
    {"127.0.0.0/8", S_LOOP},
    {"126.0.0.0/7", S_LOOP | S_GLOBAL},
    {"172.16.0.0/12", S_PRIV},
    {"172.0.0.0/8", S_PRIV | S_GLOBAL},
    {"192.0.0.0/8", S_DOC | S_PRIV | S_GLOBAL},
    {"192.0.2.0/23", S_DOC | S_GLOBAL},
    {"192.0.2.128/25", S_DOC},
    {"192.168.0.0/16", S_PRIV},
    {"192.168.0.0/15", S_PRIV | S_GLOBAL},
    {"128.0.0.0/1", S_LL | S_PRIV | S_DOC | S_MC | S_RES | S_BCAST | S_GLOBAL},
    {"224.0.0.0/4", S_MC},
    {"224.0.0.0/3", S_MC | S_RES | S_BCAST},
    {"208.0.0.0/4", S_GLOBAL},
    {"192.0.0.0/2", S_DOC | S_PRIV | S_MC | S_RES | S_BCAST | S_GLOBAL},
    {"240.0.0.0/4", S_RES | S_BCAST},
    {"255.255.255.254/31", S_RES | S_BCAST},
    {"255.255.255.255/32", S_BCAST},
    {"255.0.0.0/8", S_RES | S_BCAST},
    /* IPv6 addresses at the edges */
    {"::", S_UNSPEC},
    {"::1", S_LOOP},
    {"::2", S_GLOBAL},
    {"::fffe:ffff:ffff", S_GLOBAL},
    {"::ffff:0.0.0.0", S_MAP},
    {"::ffff:127.0.0.1", S_MAP},
    {"::ffff:255.255.255.255", S_MAP},
    {"::1:0:0:0", S_GLOBAL},
    {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", S_GLOBAL},
    {"2001:db8::", S_DOC},
    {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", S_DOC},
    {"2001:db9::", S_GLOBAL},
    {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", S_GLOBAL},
    {"fc00::", S_ULA},
    {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", S_ULA},
    {"fe00::", S_GLOBAL},
    {"fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", S_GLOBAL},
    {"fe80::", S_LL},
    {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", S_LL},
    {"fec0::", S_GLOBAL},
    {"feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", S_GLOBAL},
    {"ff00::", S_MC},
    {"ff02::1", S_MC},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", S_MC},
    {"2606:4700::1111", S_GLOBAL},
    /* IPv6 prefixes */
    {"::/0",
     S_UNSPEC | S_LOOP | S_MAP | S_DOC | S_ULA | S_LL | S_MC | S_GLOBAL},
    {"::/127", S_UNSPEC | S_LOOP},
    {"::/126", S_UNSPEC | S_LOOP | S_GLOBAL},
    {"::/96", S_UNSPEC | S_LOOP | S_GLOBAL},
    {"::/64", S_UNSPEC | S_LOOP | S_MAP | S_GLOBAL},
    {"::ffff:0:0/96", S_MAP},
    {"::ffff:10.0.0.0/104", S_MAP},
    {"::ffff:0:0/95", S_MAP | S_GLOBAL},
    {"2001:db8::/32", S_DOC},
    {"2001:db8::/31", S_DOC | S_GLOBAL},
    {"2001:db8:1::/48", S_DOC},
    {"fc00::/7", S_ULA},
    {"fd00::/8", S_ULA},
    {"f800::/6", S_GLOBAL},
    {"fc00::/6", S_ULA | S_LL | S_MC | S_GLOBAL},
    {"fc00::/8", S_ULA},
    {"fe00::/8", S_LL | S_GLOBAL},
    {"fe80::/10", S_LL},
    {"fe80::/9", S_LL | S_GLOBAL},
    {"fe80::/64", S_LL},
    {"ff00::/8", S_MC},
    {"ff02::/16", S_MC},
    {"fe00::/7", S_LL | S_MC | S_GLOBAL},
    {"f000::/4", S_ULA | S_LL | S_MC | S_GLOBAL},
    {"8000::/1", S_ULA | S_LL | S_MC | S_GLOBAL},
    {"::/1", S_UNSPEC | S_LOOP | S_MAP | S_DOC | S_GLOBAL},
    {"2000::/3", S_DOC | S_GLOBAL},
};

static void test_ipnet_scopes(void **state) {
  (void)state;
  for (size_t i = 0; i < N_OF(scope_rows); i++) {
    xs_prefix p = pfx(scope_rows[i].prefix);
    unsigned got = xs_prefix_scopes(&p);
    if (got != scope_rows[i].want)
      print_error("scopes of %s: 0x%x, not 0x%x\n", scope_rows[i].prefix, got,
                  scope_rows[i].want);
    assert_int_equal(got, scope_rows[i].want);
    /* host bits do not matter */
    if (p.len > 0 && p.len < (p.family == XS_AF_INET ? 32 : 128)) {
      p.ip[p.family == XS_AF_INET ? 3 : 15] ^= 1;
      assert_int_equal(xs_prefix_scopes(&p), scope_rows[i].want);
    }
  }
}

static void test_ipnet_scope_names(void **state) {
  static const struct {
    unsigned bit;
    const char *name;
  } rows[] = {{XS_SCOPE_UNSPECIFIED, "unspecified"},
              {XS_SCOPE_LOOPBACK, "loopback"},
              {XS_SCOPE_PRIVATE, "private"},
              {XS_SCOPE_UNIQUE_LOCAL, "unique-local"},
              {XS_SCOPE_LINK_LOCAL, "link-local"},
              {XS_SCOPE_MULTICAST, "multicast"},
              {XS_SCOPE_SHARED, "shared"},
              {XS_SCOPE_DOCUMENTATION, "documentation"},
              {XS_SCOPE_BROADCAST, "broadcast"},
              {XS_SCOPE_RESERVED, "reserved"},
              {XS_SCOPE_IPV4_MAPPED, "ipv4-mapped"},
              {XS_SCOPE_GLOBAL, "global"}};
  xs_prefix bad = pfx("10.0.0.0/8");
  (void)state;
  for (size_t i = 0; i < N_OF(rows); i++) {
    assert_int_equal(rows[i].bit, 1u << i); /* the order */
    assert_string_equal(xs_scope_name(rows[i].bit), rows[i].name);
  }
  assert_null(xs_scope_name(0));
  assert_null(xs_scope_name(XS_SCOPE_PRIVATE | XS_SCOPE_GLOBAL));
  assert_null(xs_scope_name(1u << 12));
  assert_null(xs_scope_name(0x80000000u));
  assert_int_equal(xs_prefix_scopes(NULL), 0);
  bad.len = 40;
  assert_int_equal(xs_prefix_scopes(&bad), 0);
}

static void test_ipnet_multicast_scope(void **state) {
  static const struct {
    const char *addr;
    int nibble;
    const char *name;
  } rows[] = {
      {"ff00::", 0, "reserved"},
      {"ff01::1", 1, "interface-local"},
      {"ff02::1", 2, "link-local"},
      {"ff03::1", 3, "realm-local"},
      {"ff04::1", 4, "admin-local"},
      {"ff05::1:3", 5, "site-local"},
      {"ff16::1", 6, "unassigned"},
      {"ff37::1", 7, "unassigned"},
      {"ff08::1", 8, "organization-local"},
      {"ff09::1", 9, "unassigned"},
      {"ff0d::1", 13, "unassigned"},
      {"ff0e::1", 14, "global"},
      {"ff3e::8000:1", 14, "global"},
      {"ff0f::1", 15, "reserved"},
      {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 15, "reserved"},
      {"fe80::1", -1, NULL},
      {"::", -1, NULL},
      {"::ffff:224.0.0.1", -1, NULL},
  };
  (void)state;
  for (size_t i = 0; i < N_OF(rows); i++) {
    uint8_t ip[16];
    int got;
    addr_bytes(rows[i].addr, ip);
    got = xs_ipv6_multicast_scope(ip);
    assert_int_equal(got, rows[i].nibble);
    if (got >= 0)
      assert_string_equal(xs_ipv6_multicast_scope_name(got), rows[i].name);
  }
  XS_ERR_(XS_EINVAL, xs_ipv6_multicast_scope(NULL));
  assert_null(xs_ipv6_multicast_scope_name(-1));
  assert_null(xs_ipv6_multicast_scope_name(16));
}

/* ---- invalid prefixes everywhere ---------------------------------------- */

static void test_ipnet_invalid_prefixes(void **state) {
  xs_prefix bad[5], ok = pfx("10.0.0.0/8"), out;
  uint8_t a[16], b4[4];
  uint64_t count;
  size_t n;
  char buf[XS_PREFIX_STRLEN];
  (void)state;
  for (size_t i = 0; i < N_OF(bad); i++)
    bad[i] = ok;
  bad[0].family = XS_AF_UNIX;
  bad[1].family = XS_AF_UNSPEC;
  bad[2].len = 33;
  bad[3].ip[15] = 1; /* IPv4 with bytes after ip[3] */
  bad[4] = pfx("::/0");
  bad[4].len = 129;
  for (size_t i = 0; i < N_OF(bad); i++) {
    const xs_prefix *p = &bad[i];
    XS_ERR_(XS_EINVAL, xs_prefix_format(p, buf, sizeof buf));
    assert_string_equal(buf, "");
    XS_ERR_(XS_EINVAL, xs_prefix_network(p, &out));
    XS_ERR_(XS_EINVAL, xs_prefix_broadcast(p, b4));
    XS_ERR_(XS_EINVAL, xs_prefix_first_host(p, a));
    XS_ERR_(XS_EINVAL, xs_prefix_last_host(p, a));
    XS_ERR_(XS_EINVAL, xs_prefix_host_count(p, &count));
    XS_ERR_(XS_EINVAL, xs_prefix_host_count_text(p, buf, sizeof buf));
    XS_ERR_(XS_EINVAL, xs_prefix_contains(p, &ok));
    XS_ERR_(XS_EINVAL, xs_prefix_split(p, 30, &out, 1, &n));
    XS_ERR_(XS_EINVAL, xs_prefix_summarize(p, 1, &out, 1, &n));
    assert_int_equal(xs_prefix_scopes(p), 0);
  }
  XS_ERR_(XS_EINVAL, xs_prefix_format(NULL, buf, sizeof buf));
  XS_ERR_(XS_EINVAL, xs_prefix_format(&ok, NULL, 10));
  XS_ERR_(XS_EINVAL, xs_prefix_network(NULL, &out));
  XS_ERR_(XS_EINVAL, xs_prefix_network(&ok, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_broadcast(NULL, b4));
  XS_ERR_(XS_EINVAL, xs_prefix_broadcast(&ok, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_first_host(NULL, a));
  XS_ERR_(XS_EINVAL, xs_prefix_first_host(&ok, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_last_host(NULL, a));
  XS_ERR_(XS_EINVAL, xs_prefix_last_host(&ok, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_host_count(NULL, &count));
  XS_ERR_(XS_EINVAL, xs_prefix_host_count(&ok, NULL));
  XS_ERR_(XS_EINVAL, xs_prefix_host_count_text(NULL, buf, sizeof buf));
  XS_ERR_(XS_EINVAL, xs_prefix_host_count_text(&ok, NULL, 10));
  assert_int_equal(xs_native_error(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ipnet_parse_accepts),
      cmocka_unit_test(test_ipnet_parse_rejects),
      cmocka_unit_test(test_ipnet_format_sizes),
      cmocka_unit_test(test_ipnet_make),
      cmocka_unit_test(test_ipnet_masks),
      cmocka_unit_test(test_ipnet_masks_refused),
      cmocka_unit_test(test_ipnet_v4_ranges),
      cmocka_unit_test(test_ipnet_v6_ranges),
      cmocka_unit_test(test_ipnet_count_text_powers),
      cmocka_unit_test(test_ipnet_contains),
      cmocka_unit_test(test_ipnet_split),
      cmocka_unit_test(test_ipnet_split_limits),
      cmocka_unit_test(test_ipnet_summarize),
      cmocka_unit_test(test_ipnet_summarize_many),
      cmocka_unit_test(test_ipnet_summarize_args),
      cmocka_unit_test(test_ipnet_classes),
      cmocka_unit_test(test_ipnet_scopes),
      cmocka_unit_test(test_ipnet_scope_names),
      cmocka_unit_test(test_ipnet_multicast_scope),
      cmocka_unit_test(test_ipnet_invalid_prefixes),
  };
  return XS_RUN(tests);
}
