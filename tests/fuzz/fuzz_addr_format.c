/* SPDX-License-Identifier: MIT */
/*
 * fuzz_addr_format.c - xs_addr_format(), xs_addr_format_ip() and
 * xs_addr_to_sockaddr() on any xs_addr, including ones no library call
 * would make (the struct's fields are public), and the constructors
 * (xs_addr_ipv4, _ipv6, _unix, _any, _loopback) on any bytes.
 *
 * Input: byte 0 picks the family (low two bits: IPv4, IPv6, UNIX, or the
 * raw family field from the input); the rest fills the struct from its
 * port field on, raw, so unused bytes and the path's end are arbitrary.
 * Properties:
 *  - at every buffer size the formatters fit the text whole or fail with
 *    XS_ENOSPC and "", never write past the size (fuzz_format_sizes);
 *  - they fail (XS_EINVAL) exactly for an unknown family or a path with no
 *    NUL in its XS_UNIX_PATH_MAX bytes;
 *  - what they write parses back to an equal address (xs_addr_equal),
 *    except the unnamed UNIX address (empty path), which has no text form
 *    xs_addr_parse() accepts;
 *  - the same for the constructors, whose addresses must also be "made"
 *    ones (memcmp-equal after the round trip);
 *  - sockaddr conversion at every size (fuzz_check_sockaddr).
 */
#include <string.h>

#include "fuzz.h"

static int formats(const xs_addr *a) {
  if (a->family == XS_AF_INET || a->family == XS_AF_INET6)
    return 1;
  return a->family == XS_AF_UNIX &&
         memchr(a->path, '\0', sizeof a->path) != NULL;
}

/* Format, parse back, compare; memcmp too when the address is a made one.
 */
static void round_trip(const xs_addr *a, int made) {
  char text[XS_ADDR_STRLEN], ip[XS_ADDR_STRLEN];
  xs_addr b;
  int rc = fuzz_format_sizes(xs_addr_format, a, text);
  int rc_ip = fuzz_format_sizes(xs_addr_format_ip, a, ip);
  FUZZ_CHECK(rc == rc_ip);
  FUZZ_CHECK((rc == 0) == formats(a));
  if (rc != 0)
    return;
  if (a->family == XS_AF_UNIX && a->path[0] == '\0') {
    FUZZ_CHECK(strcmp(text, "unix:") == 0 && ip[0] == '\0');
    FUZZ_CHECK(xs_addr_parse(&b, text) == XS_ENAMETOOLONG);
    return;
  }
  FUZZ_CHECK(xs_addr_parse(&b, text) == 0);
  fuzz_check_made(&b, 0);
  FUZZ_CHECK(xs_addr_equal(a, &b));
  FUZZ_CHECK(!made || memcmp(a, &b, sizeof b) == 0);
  if (a->family == XS_AF_UNIX)
    FUZZ_CHECK(xs_addr_unix(&b, ip) == 0);
  else
    FUZZ_CHECK(xs_addr_parse_ip(&b, ip, a->port) == 0);
  FUZZ_CHECK(xs_addr_equal(a, &b));
}

/* The constructors on the same bytes. */
static void check_constructors(const xs_addr *raw) {
  xs_addr a;
  int family = raw->family == XS_AF_INET6 ? XS_AF_INET6 : XS_AF_INET;
  FUZZ_CHECK(xs_addr_ipv4(&a, raw->ip, raw->port) == 0);
  fuzz_check_made(&a, 0);
  round_trip(&a, 1);
  FUZZ_CHECK(xs_addr_ipv6(&a, raw->ip, raw->port, raw->scope_id) == 0);
  fuzz_check_made(&a, 0);
  round_trip(&a, 1);
  FUZZ_CHECK(fuzz_check_sockaddr(&a) == 0);
  if (xs_addr_unix(&a, raw->path) == 0) {
    fuzz_check_made(&a, 0);
    round_trip(&a, 1);
  } else {
    FUZZ_CHECK(fuzz_zero(&a, sizeof a));
    FUZZ_CHECK(raw->path[0] == '\0' ||
               memchr(raw->path, '\0', sizeof raw->path) == NULL);
  }
  FUZZ_CHECK(xs_addr_any(&a, family, raw->port) == 0);
  round_trip(&a, 1);
  FUZZ_CHECK(xs_addr_loopback(&a, family, raw->port) == 0);
  round_trip(&a, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const uint16_t families[] = {XS_AF_INET, XS_AF_INET6, XS_AF_UNIX};
  const size_t from = offsetof(xs_addr, port);
  xs_addr a;
  size_t n;
  if (size == 0)
    return 0;
  memset(&a, 0, sizeof a);
  n = size - 1 < sizeof a - from ? size - 1 : sizeof a - from;
  memcpy((unsigned char *)&a + from, data + 1, n);
  if ((data[0] & 3u) == 3u && size >= 3)
    a.family = (uint16_t)(data[1] | data[2] << 8);
  else
    a.family = families[(data[0] & 3u) % 3u];
  round_trip(&a, 0);
  if (formats(&a))
    FUZZ_CHECK(fuzz_check_sockaddr(&a) == 0 || a.family == XS_AF_UNIX);
  else
    FUZZ_CHECK(fuzz_check_sockaddr(&a) != 0);
  check_constructors(&a);
  return 0;
}
