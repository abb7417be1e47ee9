/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sockaddr.c - xs_addr_from_sockaddr() on any bytes, as a program
 * could hand it what recvfrom(), accept() or getsockname() filled in.
 *
 * Input: byte 0 picks the family field's value (low two bits: this OS's
 * AF_INET, AF_INET6 or AF_UNIX, taken from a sockaddr the library made so
 * that the seeds work on every system, or the input's own bytes); bit 2
 * cuts the length to the input's byte 1 (lengths shorter than the
 * family's struct). The rest is the sockaddr, in a heap block of exactly
 * the length given, so a read past it is an ASan or valgrind error.
 * Properties:
 *  - the result is 0, XS_EINVAL, XS_EAFNOSUPPORT or XS_ENAMETOOLONG, with
 *    an all-zero address on failure;
 *  - a converted address is a made one (known family, unused bytes zero;
 *    a UNIX path may be empty: an unnamed socket);
 *  - it converts back to a sockaddr at every size and from that to the
 *    same address (fuzz_check_sockaddr), and formats at every size.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The first two bytes of a sockaddr of the family (which holds the family
 * field on every system, with BSD's length byte). 0 if none. */
static int family_bytes(int which, uint8_t out[2]) {
  union {
    unsigned char b[FUZZ_SOCKADDR_MAX];
    uint64_t align;
  } sa;
  xs_addr a;
  size_t len;
  if (which == 0)
    xs_addr_loopback(&a, XS_AF_INET, 1);
  else if (which == 1)
    xs_addr_loopback(&a, XS_AF_INET6, 1);
  else
    xs_addr_unix(&a, "x");
  if (xs_addr_to_sockaddr(&a, sa.b, sizeof sa.b, &len) != 0)
    return 0;
  memcpy(out, sa.b, 2);
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char text[XS_ADDR_STRLEN];
  uint8_t *sa;
  size_t len;
  xs_addr a;
  int rc;
  if (size < 2)
    return 0;
  len = size - 1;
  if ((data[0] & 4u) != 0 && data[1] < len)
    len = data[1];
  sa = fuzz_copy(data + 1, len);
  if ((data[0] & 3u) != 3u && len >= 2 && !family_bytes(data[0] & 3u, sa)) {
    free(sa);
    return 0; /* no such family here (AF_UNIX on an old system) */
  }
  memset(&a, 0xa5, sizeof a);
  rc = xs_addr_from_sockaddr(&a, sa, len);
  free(sa);
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL || rc == XS_EAFNOSUPPORT ||
             rc == XS_ENAMETOOLONG);
  if (rc != 0) {
    FUZZ_CHECK(fuzz_zero(&a, sizeof a));
    return 0;
  }
  fuzz_check_made(&a, 1);
  FUZZ_CHECK(fuzz_check_sockaddr(&a) == 0);
  FUZZ_CHECK(fuzz_format_sizes(xs_addr_format, &a, text) == 0);
  return 0;
}
