/* SPDX-License-Identifier: MIT */
/*
 * fuzz_mac.c - xs_mac_parse() on any text, xs_mac_format() and the part and
 * bit functions on what it gives, and xs_mac_from_bytes() on raw bytes.
 *
 * The input is the text (up to its first NUL byte), in a heap block of
 * exactly its length + 1: a parser reading past the NUL is an ASan or
 * valgrind error. Properties:
 *  - xs_mac_parse() accepts exactly what a second matcher written here
 *    accepts (the text matches one of the three patterns of mac.h
 *    character by character), with the same bytes; otherwise XS_EINVAL and
 *    an all-zero address;
 *  - at every buffer size xs_mac_format() writes the whole text or fails
 *    with XS_ENOSPC and "", and never writes past the size;
 *  - the text it writes is the lower-case colon form, and parses back to
 *    the same address; so do the hyphen and dotted forms of the same bytes
 *    written here;
 *  - the OUI and NIC put the six bytes back together; the bits are b[0]'s.
 * The first six input bytes also go through xs_mac_from_bytes() and the
 * same checks, so every byte value is formatted.
 */
#include <stdlib.h>
#include <string.h>

#include "xsock/mac.h"

#include "fuzz.h"

/* ---- the reference ------------------------------------------------------ */

static int ref_nibble(char c) {
  static const char digits[] = "0123456789abcdef0123456789ABCDEF";
  const char *p = c == '\0' ? NULL : strchr(digits, c);
  return p == NULL ? -1 : (int)((p - digits) % 16);
}

/* Match text against a pattern ('h': one hex digit, else that very
 * character) and collect the twelve digits. */
static int ref_match(const char *text, const char *pattern, uint8_t b[6]) {
  size_t i, nibbles = 0;
  uint8_t tmp[6] = {0};
  for (i = 0; pattern[i] != '\0'; i++) {
    if (pattern[i] == 'h') {
      int v = ref_nibble(text[i]);
      if (v < 0)
        return -1;
      tmp[nibbles / 2] = (uint8_t)(tmp[nibbles / 2] << 4 | v);
      nibbles++;
    } else if (text[i] != pattern[i]) {
      return -1;
    }
  }
  if (text[i] != '\0' || nibbles != 12)
    return -1;
  memcpy(b, tmp, 6);
  return 0;
}

static int ref_parse(const char *text, uint8_t b[6]) {
  static const char *const patterns[] = {"hh:hh:hh:hh:hh:hh",
                                         "hh-hh-hh-hh-hh-hh", "hhhh.hhhh.hhhh"};
  size_t i;
  for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
    if (ref_match(text, patterns[i], b) == 0)
      return 0;
  return -1;
}

/* The three forms of the bytes, written here. */
static void ref_forms(const uint8_t b[6], char colon[18], char hyphen[18],
                      char dotted[15]) {
  static const char hex[] = "0123456789abcdef";
  size_t i, d = 0;
  for (i = 0; i < 6; i++) {
    colon[3 * i] = hex[b[i] >> 4];
    colon[3 * i + 1] = hex[b[i] & 15];
    colon[3 * i + 2] = i < 5 ? ':' : '\0';
  }
  memcpy(hyphen, colon, 18);
  for (i = 2; i < 17; i += 3)
    hyphen[i] = '-';
  for (i = 0; i < 6; i++) {
    if (i == 2 || i == 4)
      dotted[d++] = '.';
    dotted[d++] = hex[b[i] >> 4];
    dotted[d++] = hex[b[i] & 15];
  }
  dotted[d] = '\0';
}

/* ---- the checks --------------------------------------------------------- */

/* xs_mac_format() at every size from 0 to XS_MAC_STRLEN + 2. */
static void check_format(const xs_mac *m, const char *want) {
  char buf[XS_MAC_STRLEN + 3];
  size_t size, j;
  for (size = 0; size <= XS_MAC_STRLEN + 2; size++) {
    int rc;
    memset(buf, '#', sizeof buf);
    rc = xs_mac_format(m, buf, size);
    if (size < XS_MAC_STRLEN) {
      FUZZ_CHECK(rc == XS_ENOSPC);
      FUZZ_CHECK(size == 0 || buf[0] == '\0');
      for (j = size > 0 ? 1 : 0; j < sizeof buf; j++)
        FUZZ_CHECK(buf[j] == '#');
    } else {
      FUZZ_CHECK(rc == 0);
      FUZZ_CHECK(strcmp(buf, want) == 0);
      for (j = XS_MAC_STRLEN; j < sizeof buf; j++)
        FUZZ_CHECK(buf[j] == '#');
    }
  }
}

/* Everything about a valid address m. */
static void check_mac(const xs_mac *m) {
  char colon[18], hyphen[18], dotted[15];
  xs_mac back;
  uint32_t oui = xs_mac_oui(m), nic = xs_mac_nic(m);
  ref_forms(m->b, colon, hyphen, dotted);
  check_format(m, colon);
  FUZZ_CHECK(xs_mac_parse(&back, colon) == 0);
  FUZZ_CHECK(memcmp(&back, m, sizeof back) == 0);
  FUZZ_CHECK(xs_mac_parse(&back, hyphen) == 0);
  FUZZ_CHECK(memcmp(&back, m, sizeof back) == 0);
  FUZZ_CHECK(xs_mac_parse(&back, dotted) == 0);
  FUZZ_CHECK(memcmp(&back, m, sizeof back) == 0);
  FUZZ_CHECK(oui <= 0xffffffu && nic <= 0xffffffu);
  FUZZ_CHECK((oui >> 16) == m->b[0] && ((oui >> 8) & 0xff) == m->b[1] &&
             (oui & 0xff) == m->b[2]);
  FUZZ_CHECK((nic >> 16) == m->b[3] && ((nic >> 8) & 0xff) == m->b[4] &&
             (nic & 0xff) == m->b[5]);
  FUZZ_CHECK(xs_mac_is_multicast(m) == (m->b[0] & 1));
  FUZZ_CHECK(xs_mac_is_local(m) == ((m->b[0] >> 1) & 1));
  FUZZ_CHECK(xs_mac_is_broadcast(m) == (oui == 0xffffffu && nic == 0xffffffu));
  FUZZ_CHECK(!xs_mac_is_broadcast(m) ||
             (xs_mac_is_multicast(m) && xs_mac_is_local(m)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const xs_mac zero;
  char *text = fuzz_cstr(data, size);
  uint8_t want[6];
  xs_mac m;
  int rc, ref;
  memset(&m, 0xAA, sizeof m);
  rc = xs_mac_parse(&m, text);
  ref = ref_parse(text, want);
  FUZZ_CHECK(rc == 0 || rc == XS_EINVAL);
  FUZZ_CHECK((rc == 0) == (ref == 0));
  if (rc == 0) {
    FUZZ_CHECK(memcmp(m.b, want, 6) == 0);
    check_mac(&m);
  } else {
    FUZZ_CHECK(memcmp(&m, &zero, sizeof m) == 0);
  }
  free(text);
  memset(&m, 0xAA, sizeof m);
  rc = xs_mac_from_bytes(&m, data, size < 6 ? size : 6);
  FUZZ_CHECK(rc == (size >= 6 ? 0 : XS_EINVAL));
  if (rc == 0) {
    FUZZ_CHECK(memcmp(m.b, data, 6) == 0);
    check_mac(&m);
  } else {
    FUZZ_CHECK(memcmp(&m, &zero, sizeof m) == 0);
  }
  return 0;
}
