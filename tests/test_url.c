/* SPDX-License-Identifier: MIT */
/*
 * test_url.c - host name checks and URL parsing (label unit). Tables of
 * names and URLs that must be accepted, with what they give, and of those
 * that must be refused, with the code; lengths at and just past each limit.
 * The default ports asked of the services database are those of its
 * built-in table (http, https, ftp, ssh, telnet), the same on every
 * system; the "unknown" scheme is one no services file lists.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "xsock/url.h"

static const xs_url zero_url; /* all bytes zero */

/* ---- host names ---------------------------------------------------------- */

/* clang-format off */
static const char *const names_ok[] = {
    "a", "z", "localhost", "example.com", "EXAMPLE.COM", "Example.Com",
    "example.com.", "3com.com", "1a", "a1", "0.example.com", "123.example",
    "1.2.3.a", "1.2.3.4a", "a.1b", "a-b.c-d", "a--b", "xn--bcher-kva.example",
    "host-123", "a.b.c.d.e.f.g", "a.b-0", "x.y.", "www.example.co.uk",
};

struct bad_name {
  const char *name;
  int rc;
};

static const struct bad_name names_bad[] = {
    {"", XS_EINVAL}, {".", XS_EINVAL}, {"..", XS_EINVAL},
    {"a..b", XS_EINVAL}, {".a", XS_EINVAL}, {"a..", XS_EINVAL},
    {"example.com..", XS_EINVAL}, {" a", XS_EINVAL}, {"a ", XS_EINVAL},
    {"a b", XS_EINVAL}, {"a\tb", XS_EINVAL}, {"a\n", XS_EINVAL},
    {"a_b", XS_EINVAL}, {"_sip._tcp.example.com", XS_EINVAL},
    {"-a", XS_EINVAL}, {"a-", XS_EINVAL}, {"a.-b", XS_EINVAL},
    {"a.b-", XS_EINVAL}, {"a-.b", XS_EINVAL}, {"-", XS_EINVAL},
    {"ex\xc3\xa4mple.com", XS_EINVAL}, {"\xc3\xa4", XS_EINVAL},
    {"a\x80", XS_EINVAL}, {"a\x7f", XS_EINVAL},
    {"1.2.3.4", XS_EINVAL}, {"1.2.3", XS_EINVAL}, {"127.1", XS_EINVAL},
    {"256.1.1.1", XS_EINVAL}, {"123", XS_EINVAL}, {"0", XS_EINVAL},
    {"1.2.3.4.", XS_EINVAL}, {"a.123", XS_EINVAL}, {"01.02.03.04", XS_EINVAL},
    {"a/b", XS_EINVAL}, {"a:80", XS_EINVAL}, {"[::1]", XS_EINVAL},
    {"::1", XS_EINVAL}, {"*.example.com", XS_EINVAL}, {"a%2eb", XS_EINVAL},
    {"a@b", XS_EINVAL}, {"a,b", XS_EINVAL}, {"a\\b", XS_EINVAL},
};
/* clang-format on */

static void test_url_hostname_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof names_ok / sizeof names_ok[0]; i++) {
    int rc = xs_hostname_check(names_ok[i]);
    if (rc != 0)
      print_error("\"%s\" -> %s\n", names_ok[i], xs_err_name(rc));
    XS_OK_(rc);
  }
  for (size_t i = 0; i < sizeof names_bad / sizeof names_bad[0]; i++) {
    int rc = xs_hostname_check(names_bad[i].name);
    if (rc != names_bad[i].rc)
      print_error("\"%s\" -> %s, expected %s\n", names_bad[i].name,
                  xs_err_name(rc), xs_err_name(names_bad[i].rc));
    assert_int_equal(rc, names_bad[i].rc);
  }
  XS_ERR_(XS_EINVAL, xs_hostname_check(NULL));
}

/* A name of exactly total characters: labels of label_len 'a's (the last
 * one shorter), separated by dots; the first label's first character is
 * first. buf holds at least total + 2 bytes. */
static void make_name(char *buf, size_t total, size_t label_len, char first) {
  size_t pos = 0, in_label = 0;
  while (pos < total) {
    if (in_label == label_len && pos + 1 < total) {
      buf[pos++] = '.';
      in_label = 0;
    } else {
      buf[pos++] = 'a';
      in_label++;
    }
  }
  buf[pos] = '\0';
  buf[0] = first;
}

static void test_url_hostname_lengths(void **state) {
  char name[400];
  (void)state;
  make_name(name, 63, 63, 'a'); /* one label of 63 */
  XS_OK_(xs_hostname_check(name));
  strcat(name, ".com");
  XS_OK_(xs_hostname_check(name));
  make_name(name, 64, 64, 'a'); /* one label of 64 */
  XS_ERR_(XS_ENAMETOOLONG, xs_hostname_check(name));
  memcpy(name + 64, ".com", 5);
  XS_ERR_(XS_ENAMETOOLONG, xs_hostname_check(name));
  memmove(name + 4, name, 69); /* a label of 64 after the first */
  memcpy(name, "www.", 4);
  XS_ERR_(XS_ENAMETOOLONG, xs_hostname_check(name));
  make_name(name, 253, 63, 'a'); /* 63.63.63.61: 253 in all */
  assert_int_equal(strlen(name), 253);
  XS_OK_(xs_hostname_check(name));
  strcat(name, "."); /* the trailing dot is not counted */
  XS_OK_(xs_hostname_check(name));
  make_name(name, 254, 63, 'a'); /* 254 */
  XS_ERR_(XS_ENAMETOOLONG, xs_hostname_check(name));
  strcat(name, ".");
  XS_ERR_(XS_ENAMETOOLONG, xs_hostname_check(name));
  make_name(name, 399, 9, 'a'); /* short labels, far too long */
  XS_ERR_(XS_ENAMETOOLONG, xs_hostname_check(name));
  /* Malformed and too long: malformed wins. */
  make_name(name, 300, 70, '_');
  XS_ERR_(XS_EINVAL, xs_hostname_check(name));
  make_name(name, 300, 70, 'a');
  name[299] = '-';
  XS_ERR_(XS_EINVAL, xs_hostname_check(name));
}

/* ---- URLs that parse ----------------------------------------------------- */

struct url_ok {
  const char *in;
  const char *scheme;
  const char *host;
  int host_type;
  unsigned port;
  int port_known;
  const char *path;
};

#define NAME XS_URL_HOST_NAME
#define V4 XS_URL_HOST_IPV4
#define V6 XS_URL_HOST_IPV6
#define UNKNOWN "x-no.such+scheme"

static const struct url_ok urls_ok[] = {
    /* default ports from the service table */
    {"http://example.com", "http", "example.com", NAME, 80, 1, "/"},
    {"http://example.com/", "http", "example.com", NAME, 80, 1, "/"},
    {"https://example.com/", "https", "example.com", NAME, 443, 1, "/"},
    {"ftp://ftp.example.org/pub/f.txt", "ftp", "ftp.example.org", NAME, 21, 1,
     "/pub/f.txt"},
    {"ssh://git.example.org", "ssh", "git.example.org", NAME, 22, 1, "/"},
    {"telnet://192.0.2.9", "telnet", "192.0.2.9", V4, 23, 1, "/"},
    {"HTTPS://Example.COM/Path/To", "https", "example.com", NAME, 443, 1,
     "/Path/To"},
    /* explicit ports */
    {"ssh://[::1]:2222/x", "ssh", "::1", V6, 2222, 1, "/x"},
    {"http://192.0.2.1:8080/a?b#c", "http", "192.0.2.1", V4, 8080, 1, "/a?b#c"},
    {"http://example.com:0/", "http", "example.com", NAME, 0, 1, "/"},
    {"http://example.com:65535", "http", "example.com", NAME, 65535, 1, "/"},
    {"http://example.com:00443/", "http", "example.com", NAME, 443, 1, "/"},
    {"https://example.com:80", "https", "example.com", NAME, 80, 1, "/"},
    /* an empty port is no port (RFC 3986 6.2.3) */
    {"http://example.com:/", "http", "example.com", NAME, 80, 1, "/"},
    {"http://example.com:", "http", "example.com", NAME, 80, 1, "/"},
    {"http://[::1]:/", "http", "::1", V6, 80, 1, "/"},
    /* unknown schemes: no port, still a success */
    {UNKNOWN "://example.com/", UNKNOWN, "example.com", NAME, 0, 0, "/"},
    {UNKNOWN "://example.com:7/", UNKNOWN, "example.com", NAME, 7, 1, "/"},
    {"X-No.Such+Scheme://h", UNKNOWN, "h", NAME, 0, 0, "/"},
    /* hosts */
    {"http://localhost/", "http", "localhost", NAME, 80, 1, "/"},
    {"http://example.com./", "http", "example.com.", NAME, 80, 1, "/"},
    {"http://3com.com/", "http", "3com.com", NAME, 80, 1, "/"},
    {"http://xn--bcher-kva.example/", "http", "xn--bcher-kva.example", NAME, 80,
     1, "/"},
    {"http://0.0.0.0/", "http", "0.0.0.0", V4, 80, 1, "/"},
    {"http://255.255.255.255:1", "http", "255.255.255.255", V4, 1, 1, "/"},
    {"http://[2001:DB8:0:0:0:0:0:1]/", "http", "2001:db8::1", V6, 80, 1, "/"},
    {"http://[::ffff:192.0.2.1]/", "http", "::ffff:192.0.2.1", V6, 80, 1, "/"},
    {"http://[::]:1", "http", "::", V6, 1, 1, "/"},
    {"http://[fe80::1%25eth0]:8080/", "http", "fe80::1%eth0", V6, 8080, 1, "/"},
    {"http://[FE80::1%25Eth0.1_~-]/", "http", "fe80::1%Eth0.1_~-", V6, 80, 1,
     "/"},
    {"http://[fe80::1%253]/", "http", "fe80::1%3", V6, 80, 1, "/"},
    /* paths, queries, fragments */
    {"http://h?x", "http", "h", NAME, 80, 1, "/?x"},
    {"http://h#frag", "http", "h", NAME, 80, 1, "/#frag"},
    {"http://h:81?x=1&y=2", "http", "h", NAME, 81, 1, "/?x=1&y=2"},
    {"http://h/a%20b%2F?q=%7e#x", "http", "h", NAME, 80, 1,
     "/a%20b%2F?q=%7e#x"},
    {"http://h/@user:x;p=1", "http", "h", NAME, 80, 1, "/@user:x;p=1"},
    {"http://h/a/../b/./c", "http", "h", NAME, 80, 1, "/a/../b/./c"},
    {"http://h//x", "http", "h", NAME, 80, 1, "//x"},
    {"http://h/?a/b?c#d/e?f", "http", "h", NAME, 80, 1, "/?a/b?c#d/e?f"},
    {"http://h/!$&'()*+,;=-._~", "http", "h", NAME, 80, 1, "/!$&'()*+,;=-._~"},
};

/* Every byte of a text field after its NUL is zero. */
static void check_field_tail(const char *field, size_t size) {
  size_t len = strlen(field);
  assert_true(len < size);
  for (size_t i = len; i < size; i++)
    assert_int_equal(field[i], '\0');
}

static void test_url_parse_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof urls_ok / sizeof urls_ok[0]; i++) {
    const struct url_ok *t = &urls_ok[i];
    xs_url u;
    int rc;
    memset(&u, 0xAA, sizeof u);
    rc = xs_url_parse(&u, t->in);
    if (rc != 0)
      print_error("\"%s\" -> %s\n", t->in, xs_err_name(rc));
    XS_OK_(rc);
    if (strcmp(u.scheme, t->scheme) != 0 || strcmp(u.host, t->host) != 0 ||
        u.host_type != t->host_type || u.port != t->port ||
        u.port_known != t->port_known || strcmp(u.path, t->path) != 0)
      print_error("\"%s\" -> \"%s\" \"%s\" (%d) %u (%d) \"%s\"\n", t->in,
                  u.scheme, u.host, u.host_type, (unsigned)u.port, u.port_known,
                  u.path);
    assert_string_equal(u.scheme, t->scheme);
    assert_string_equal(u.host, t->host);
    assert_int_equal(u.host_type, t->host_type);
    assert_int_equal(u.port, t->port);
    assert_int_equal(u.port_known, t->port_known);
    assert_string_equal(u.path, t->path);
    check_field_tail(u.scheme, sizeof u.scheme);
    check_field_tail(u.host, sizeof u.host);
    check_field_tail(u.path, sizeof u.path);
  }
}

/* The host of a parsed URL is what xs_addr_parse_ip() / xs_hostname_check()
 * take, as url.h says. */
static void test_url_host_feeds_addr(void **state) {
  xs_url u;
  xs_addr a;
  char buf[XS_ADDR_STRLEN];
  (void)state;
  XS_OK_(xs_url_parse(&u, "http://[2001:DB8::0:1]:8080/"));
  XS_OK_(xs_addr_parse_ip(&a, u.host, u.port));
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, "[2001:db8::1]:8080");
  XS_OK_(xs_url_parse(&u, "http://192.0.2.1/"));
  XS_OK_(xs_addr_parse_ip(&a, u.host, u.port));
  XS_OK_(xs_addr_format(&a, buf, sizeof buf));
  assert_string_equal(buf, "192.0.2.1:80");
  XS_OK_(xs_url_parse(&u, "http://[fe80::1%251]/"));
  XS_OK_(xs_addr_parse_ip(&a, u.host, u.port));
  assert_int_equal(a.scope_id, 1);
  XS_OK_(xs_url_parse(&u, "http://Www.Example.COM/"));
  XS_OK_(xs_hostname_check(u.host));
  assert_string_equal(u.host, "www.example.com");
}

/* ---- URLs that are refused ----------------------------------------------- */

struct url_bad {
  const char *in;
  int rc;
};

/* clang-format off */
static const struct url_bad urls_bad[] = {
    /* no scheme, no authority */
    {"", XS_EINVAL}, {"example.com", XS_EINVAL}, {"example.com:80", XS_EINVAL},
    {"//example.com/", XS_EINVAL}, {"://example.com/", XS_EINVAL},
    {"http:/example.com/", XS_EINVAL}, {"http:example.com", XS_EINVAL},
    {"http//example.com", XS_EINVAL}, {"1http://example.com/", XS_EINVAL},
    {"+http://example.com/", XS_EINVAL}, {"ht tp://example.com/", XS_EINVAL},
    {"ht_tp://example.com/", XS_EINVAL}, {" http://example.com/", XS_EINVAL},
    {"mailto:user@example.com", XS_EINVAL}, {"file:/etc/passwd", XS_EINVAL},
    {"urn:isbn:0451450523", XS_EINVAL}, {"h\xc3\xa4://example.com/", XS_EINVAL},
    /* missing host */
    {"http://", XS_EINVAL}, {"http:///path", XS_EINVAL},
    {"http://:80/", XS_EINVAL}, {"http://?x", XS_EINVAL},
    {"http://#x", XS_EINVAL}, {"file:///etc/passwd", XS_EINVAL},
    /* userinfo */
    {"http://user@example.com/", XS_EINVAL},
    {"http://user:pass@example.com/", XS_EINVAL},
    {"http://@example.com/", XS_EINVAL},
    {"http://good.example@evil.example/", XS_EINVAL},
    {"ssh://git@[::1]:22/", XS_EINVAL},
    /* ports */
    {"http://example.com:65536/", XS_EINVAL},
    {"http://example.com:-1/", XS_EINVAL},
    {"http://example.com:08a/", XS_EINVAL},
    {"http://example.com:+80/", XS_EINVAL},
    {"http://example.com: 80/", XS_EINVAL},
    {"http://example.com:80 /", XS_EINVAL},
    {"http://example.com:80:80/", XS_EINVAL},
    {"http://example.com:0x50/", XS_EINVAL},
    {"http://example.com:1e3/", XS_EINVAL},
    {"http://example.com:99999999999999999999/", XS_EINVAL},
    {"http://example.com:4294967376/", XS_EINVAL}, /* 2^32 + 80 */
    {"http://example.com:http/", XS_EINVAL},
    {"http://[::1]:65536/", XS_EINVAL},
    {"http://[::1]:x/", XS_EINVAL},
    /* hosts */
    {"http://exa mple.com/", XS_EINVAL}, {"http://exa_mple.com/", XS_EINVAL},
    {"http://-example.com/", XS_EINVAL}, {"http://example-.com/", XS_EINVAL},
    {"http://a..b/", XS_EINVAL}, {"http://.example.com/", XS_EINVAL},
    {"http://example.com../", XS_EINVAL}, {"http://./", XS_EINVAL},
    {"http://1.2.3/", XS_EINVAL}, {"http://256.1.1.1/", XS_EINVAL},
    {"http://01.2.3.4/", XS_EINVAL}, {"http://127.1/", XS_EINVAL},
    {"http://1.2.3.4./", XS_EINVAL}, {"http://0x7f.0.0.1/", XS_EINVAL},
    {"http://ex\xc3\xa4mple.com/", XS_EINVAL},
    {"http://example.com\r\n/", XS_EINVAL},
    {"http://exa%6dple.com/", XS_EINVAL},
    /* IPv6 literals */
    {"http://::1/", XS_EINVAL}, {"http://::1:80/", XS_EINVAL},
    {"http://[::1/", XS_EINVAL}, {"http://::1]/", XS_EINVAL},
    {"http://[::1]x/", XS_EINVAL}, {"http://[::1]]/", XS_EINVAL},
    {"http://[[::1]]/", XS_EINVAL}, {"http://[]/", XS_EINVAL},
    {"http://[1.2.3.4]/", XS_EINVAL}, {"http://[v1.fe]/", XS_EINVAL},
    {"http://[example.com]/", XS_EINVAL}, {"http://[::g]/", XS_EINVAL},
    {"http://[1::2::3]/", XS_EINVAL}, {"http://[ ::1]/", XS_EINVAL},
    {"http://[fe80::1%eth0]/", XS_EINVAL}, {"http://[fe80::1%1]/", XS_EINVAL},
    {"http://[fe80::1%25]/", XS_EINVAL}, {"http://[fe80::1%2]/", XS_EINVAL},
    {"http://[fe80::1%]/", XS_EINVAL}, {"http://[fe80::1%25eth%200]/", XS_EINVAL},
    {"http://[fe80::1%25eth 0]/", XS_EINVAL}, {"http://[fe80::1%25%25]/", XS_EINVAL},
    {"http://[fe80::1%25a:b]/", XS_EINVAL}, {"http://[%25eth0]/", XS_EINVAL},
    /* paths */
    {"http://h/a b", XS_EINVAL}, {"http://h/a\r\nHost: evil", XS_EINVAL},
    {"http://h/\n", XS_EINVAL}, {"http://h/\t", XS_EINVAL},
    {"http://h/\x7f", XS_EINVAL}, {"http://h/\xc3\xa4", XS_EINVAL},
    {"http://h/%", XS_EINVAL}, {"http://h/%2", XS_EINVAL},
    {"http://h/%zz", XS_EINVAL}, {"http://h/%%41", XS_EINVAL},
    {"http://h/#a#b", XS_EINVAL}, {"http://h#a#", XS_EINVAL},
    {"http://h/<script>", XS_EINVAL}, {"http://h/a\\b", XS_EINVAL},
    {"http://h/a|b", XS_EINVAL}, {"http://h/[x]", XS_EINVAL},
    {"http://h/a\"b", XS_EINVAL}, {"http://h/{x}", XS_EINVAL},
    {"http://h/^", XS_EINVAL}, {"http://h/`", XS_EINVAL},
    {"http://h?a b", XS_EINVAL},
};
/* clang-format on */

static void expect_refused(const char *in, int want) {
  xs_url u;
  int rc;
  memset(&u, 0xAA, sizeof u);
  rc = xs_url_parse(&u, in);
  if (rc != want)
    print_error("\"%.60s\"... (%u) -> %s, expected %s\n", in,
                (unsigned)strlen(in), xs_err_name(rc), xs_err_name(want));
  assert_int_equal(rc, want);
  assert_memory_equal(&u, &zero_url, sizeof u); /* zeroed on failure */
}

static void test_url_parse_refused(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof urls_bad / sizeof urls_bad[0]; i++)
    expect_refused(urls_bad[i].in, urls_bad[i].rc);
}

/* ---- lengths: at each limit, and one past it ---------------------------- */

/* text = head + n copies of c + tail; text holds at least 4096 bytes. */
static const char *build(char *text, const char *head, size_t n, char c,
                         const char *tail) {
  size_t h = strlen(head);
  memcpy(text, head, h);
  memset(text + h, c, n);
  strcpy(text + h + n, tail);
  return text;
}

static void expect_ok(const char *in) {
  xs_url u;
  int rc = xs_url_parse(&u, in);
  if (rc != 0)
    print_error("\"%.60s\"... (%u) -> %s\n", in, (unsigned)strlen(in),
                xs_err_name(rc));
  XS_OK_(rc);
}

static void test_url_parse_lengths(void **state) {
  static char text[4096];
  char name[300];
  xs_url u;
  (void)state;
  /* scheme: 31 characters fit, 32 do not */
  expect_ok(build(text, "", XS_URL_SCHEME_MAX - 1, 's', "://h/"));
  expect_refused(build(text, "", XS_URL_SCHEME_MAX, 's', "://h/"),
                 XS_ENAMETOOLONG);
  /* host name: labels of 63 and 64, names of 253 (and its dot) and 254 */
  expect_ok(build(text, "http://", 63, 'a', ".com/"));
  expect_refused(build(text, "http://", 64, 'a', ".com/"), XS_ENAMETOOLONG);
  make_name(name, 253, 63, 'a');
  XS_OK_(xs_url_parse(&u, build(text, "http://", 0, 'a', name)));
  assert_int_equal(strlen(u.host), 253);
  strcat(name, ".");
  XS_OK_(xs_url_parse(&u, build(text, "http://", 0, 'a', name)));
  assert_int_equal(strlen(u.host), 254);
  make_name(name, 254, 63, 'a');
  expect_refused(build(text, "http://", 0, 'a', name), XS_ENAMETOOLONG);
  /* a host longer than the field, whatever it holds */
  expect_refused(build(text, "http://", XS_URL_HOST_MAX, 'a', "/"),
                 XS_ENAMETOOLONG);
  expect_refused(build(text, "http://", XS_URL_HOST_MAX, '_', "/"),
                 XS_ENAMETOOLONG);
  /* a zone: "fe80::1%" and 247 characters is 255 */
  XS_OK_(xs_url_parse(&u, build(text, "http://[fe80::1%25", 247, 'z', "]/")));
  assert_int_equal(strlen(u.host), XS_URL_HOST_MAX - 1);
  expect_refused(build(text, "http://[fe80::1%25", 248, 'z', "]/"),
                 XS_ENAMETOOLONG);
  /* path: 2047 characters fit, 2048 do not; the "/" put in front counts */
  XS_OK_(
      xs_url_parse(&u, build(text, "http://h/", XS_URL_PATH_MAX - 2, 'p', "")));
  assert_int_equal(strlen(u.path), XS_URL_PATH_MAX - 1);
  expect_refused(build(text, "http://h/", XS_URL_PATH_MAX - 1, 'p', ""),
                 XS_ENAMETOOLONG);
  XS_OK_(
      xs_url_parse(&u, build(text, "http://h?", XS_URL_PATH_MAX - 3, 'q', "")));
  assert_int_equal(strlen(u.path), XS_URL_PATH_MAX - 1);
  assert_memory_equal(u.path, "/?qq", 4);
  expect_refused(build(text, "http://h?", XS_URL_PATH_MAX - 2, 'q', ""),
                 XS_ENAMETOOLONG);
  /* a bad character in a path too long: the character decides */
  expect_refused(build(text, "http://h/", XS_URL_PATH_MAX, 'p', " "),
                 XS_EINVAL);
}

/* ---- NULL arguments ------------------------------------------------------ */

static void test_url_null_args(void **state) {
  xs_url u;
  (void)state;
  XS_ERR_(XS_EINVAL, xs_url_parse(NULL, "http://h/"));
  memset(&u, 0xAA, sizeof u);
  XS_ERR_(XS_EINVAL, xs_url_parse(&u, NULL));
  assert_memory_equal(&u, &zero_url, sizeof u);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_url_hostname_table),
      cmocka_unit_test(test_url_hostname_lengths),
      cmocka_unit_test(test_url_parse_table),
      cmocka_unit_test(test_url_host_feeds_addr),
      cmocka_unit_test(test_url_parse_refused),
      cmocka_unit_test(test_url_parse_lengths),
      cmocka_unit_test(test_url_null_args),
  };
  return XS_RUN(tests);
}
