/* SPDX-License-Identifier: MIT */
/*
 * fuzz_addr_parse.c - xs_addr_parse() and xs_addr_parse_ip() on any text.
 *
 * The input is the text (up to its first NUL byte), in a heap block of
 * exactly its length + 1: a parser reading past the NUL is an ASan or
 * valgrind error. Properties:
 *  - xs_addr_parse() returns 0, XS_EINVAL or XS_ENAMETOOLONG, and leaves
 *    an all-zero address on failure;
 *  - a parsed address is one the library makes (known family, unused
 *    bytes zero);
 *  - it formats, at every buffer size, as addr.h says (fuzz_format_sizes);
 *    the text parses back to the same address (memcmp), and formatting
 *    that again gives the same text (the format is canonical);
 *  - xs_addr_format_ip() gives text that xs_addr_parse_ip() (or
 *    xs_addr_unix()) reads back to the same address;
 *  - xs_addr_parse_ip(T) accepts T exactly when xs_addr_parse() accepts
 *    "[T]:7" (T with a ':') or "T:7" (without), giving the same address;
 *  - the address converts to the OS's sockaddr and back unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The port form of an IP text: "[T]:7" or "T:7" (heap, free it). */
static char *with_port(const char *ip) {
  size_t len = strlen(ip);
  char *s = malloc(len + 5);
  size_t pos = 0;
  if (s == NULL)
    abort();
  if (strchr(ip, ':') != NULL)
    s[pos++] = '[';
  memcpy(s + pos, ip, len);
  pos += len;
  if (s[0] == '[')
    s[pos++] = ']';
  memcpy(s + pos, ":7", 3);
  return s;
}

/* T as a bare IP and as the IP of an address with a port. */
static void check_ip_forms(const char *text) {
  xs_addr a, b;
  int rc_a, rc_b;
  char *full;
  /* Brackets in T would change where the port form's IP ends; an empty
   * T would make ":7", the any address. */
  if (text[0] == '\0' || strchr(text, '[') != NULL || strchr(text, ']') != NULL)
    return;
  rc_a = xs_addr_parse_ip(&a, text, 7);
  full = with_port(text);
  if (strncmp(full, "unix:", 5) == 0) {
    free(full); /* "unix" + ":7" is the UNIX path "7" */
    return;
  }
  rc_b = xs_addr_parse(&b, full);
  free(full);
  FUZZ_CHECK((rc_a == 0) == (rc_b == 0));
  FUZZ_CHECK(rc_a == 0 || rc_a == XS_EINVAL);
  if (rc_a == 0) {
    FUZZ_CHECK(a.family == XS_AF_INET || a.family == XS_AF_INET6);
    FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
  } else {
    FUZZ_CHECK(fuzz_zero(&a, sizeof a));
  }
}

/* xs_addr_format_ip() and back. */
static void check_ip_text(const xs_addr *a) {
  char text[XS_ADDR_STRLEN];
  xs_addr b;
  FUZZ_CHECK(fuzz_format_sizes(xs_addr_format_ip, a, text) == 0);
  if (a->family == XS_AF_UNIX) {
    FUZZ_CHECK(xs_addr_unix(&b, text) == 0);
  } else {
    FUZZ_CHECK(xs_addr_parse_ip(&b, text, a->port) == 0);
  }
  FUZZ_CHECK(memcmp(a, &b, sizeof b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_cstr(data, size);
  char once[XS_ADDR_STRLEN], twice[XS_ADDR_STRLEN];
  xs_addr a, b, c;
  int rc;
  memset(&a, 0xa5, sizeof a);
  rc = xs_addr_parse(&a, text);
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL || rc == XS_ENAMETOOLONG);
  if (rc != 0) {
    FUZZ_CHECK(fuzz_zero(&a, sizeof a));
  } else {
    fuzz_check_made(&a, 0);
    FUZZ_CHECK(xs_addr_equal(&a, &a));
    FUZZ_CHECK(fuzz_format_sizes(xs_addr_format, &a, once) == 0);
    FUZZ_CHECK(xs_addr_parse(&b, once) == 0);
    FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
    FUZZ_CHECK(xs_addr_equal(&a, &b));
    FUZZ_CHECK(xs_addr_format(&b, twice, sizeof twice) == 0);
    FUZZ_CHECK(strcmp(once, twice) == 0);
    check_ip_text(&a);
    FUZZ_CHECK(fuzz_check_sockaddr(&a) == 0 || a.family == XS_AF_UNIX);
    c = a;
    if (a.family != XS_AF_UNIX) {
      FUZZ_CHECK(xs_addr_set_port(&c, (uint16_t)(a.port ^ 1u)) == 0);
      FUZZ_CHECK(!xs_addr_equal(&a, &c));
    }
  }
  FUZZ_CHECK(xs_addr_parse(NULL, text) == XS_EINVAL);
  check_ip_forms(text);
  free(text);
  return 0;
}
