/* SPDX-License-Identifier: MIT */
/*
 * test_byteorder.c - xs_hton / xs_ntoh and the unaligned big-endian load
 * and store helpers of xsock/byteorder.h (pure logic; label unit).
 */
#include <string.h>

#include "harness.h"

#include "xsock/byteorder.h"

static void test_byteorder_known_layout(void **state) {
  uint16_t v16 = xs_hton16(0x1234);
  uint32_t v32 = xs_hton32(0x12345678u);
  uint64_t v64 = xs_hton64(0x0102030405060708ull);
  unsigned char b[8];
  (void)state;
  memcpy(b, &v16, 2); /* in memory, network order is most significant first */
  assert_memory_equal(b, "\x12\x34", 2);
  memcpy(b, &v32, 4);
  assert_memory_equal(b, "\x12\x34\x56\x78", 4);
  memcpy(b, &v64, 8);
  assert_memory_equal(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
}

static void test_byteorder_round_trip(void **state) {
  static const uint64_t values[] = {0,
                                    1,
                                    0xff,
                                    0x8000,
                                    0xffff,
                                    0x12345678u,
                                    0x80000000u,
                                    0xffffffffu,
                                    0x0123456789abcdefull,
                                    0x8000000000000001ull,
                                    0xffffffffffffffffull};
  (void)state;
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    uint64_t v = values[i];
    assert_int_equal(xs_ntoh16(xs_hton16((uint16_t)v)), (uint16_t)v);
    assert_int_equal(xs_ntoh32(xs_hton32((uint32_t)v)), (uint32_t)v);
    assert_true(xs_ntoh64(xs_hton64(v)) == v);
    /* Converting twice is the identity in either direction. */
    assert_int_equal(xs_hton16(xs_hton16((uint16_t)v)), (uint16_t)v);
    assert_true(xs_hton64(xs_ntoh64(v)) == v);
  }
}

/* The helpers must agree with a plain byte-by-byte definition. */
static void test_byteorder_matches_bytes(void **state) {
  unsigned char b[8] = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45, 0x67};
  uint16_t n16;
  uint32_t n32;
  uint64_t n64;
  (void)state;
  memcpy(&n16, b, 2);
  memcpy(&n32, b, 4);
  memcpy(&n64, b, 8);
  assert_int_equal(xs_ntoh16(n16), 0xdead);
  assert_int_equal(xs_ntoh32(n32), 0xdeadbeefu);
  assert_true(xs_ntoh64(n64) == 0xdeadbeef01234567ull);
}

/* Store at every offset of a buffer (most of them unaligned), check the
 * bytes and that nothing around them changed, and load back. */
static void test_byteorder_unaligned(void **state) {
  unsigned char buf[24];
  (void)state;
  for (size_t off = 0; off < 8; off++) {
    unsigned char *p = buf + off;
    memset(buf, 0xAA, sizeof buf);
    xs_store_be16(p, 0xa1b2);
    assert_memory_equal(p, "\xa1\xb2", 2);
    assert_int_equal(p[2], 0xAA);
    assert_int_equal(xs_load_be16(p), 0xa1b2);
    memset(buf, 0xAA, sizeof buf);
    xs_store_be32(p, 0xa1b2c3d4u);
    assert_memory_equal(p, "\xa1\xb2\xc3\xd4", 4);
    assert_int_equal(p[4], 0xAA);
    assert_int_equal(xs_load_be32(p), 0xa1b2c3d4u);
    memset(buf, 0xAA, sizeof buf);
    xs_store_be64(p, 0xa1b2c3d4e5f60718ull);
    assert_memory_equal(p, "\xa1\xb2\xc3\xd4\xe5\xf6\x07\x18", 8);
    assert_int_equal(p[8], 0xAA);
    if (off > 0)
      assert_int_equal(p[-1], 0xAA);
    assert_true(xs_load_be64(p) == 0xa1b2c3d4e5f60718ull);
  }
}

/* Loads of high-bit bytes must not sign-extend. */
static void test_byteorder_high_bits(void **state) {
  const unsigned char ff[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const unsigned char hi[8] = {0x80, 0, 0, 0, 0, 0, 0, 0};
  (void)state;
  assert_int_equal(xs_load_be16(ff), 0xffff);
  assert_int_equal(xs_load_be32(ff), 0xffffffffu);
  assert_true(xs_load_be64(ff) == 0xffffffffffffffffull);
  assert_int_equal(xs_load_be16(hi), 0x8000);
  assert_int_equal(xs_load_be32(hi), 0x80000000u);
  assert_true(xs_load_be64(hi) == 0x8000000000000000ull);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_byteorder_known_layout),
      cmocka_unit_test(test_byteorder_round_trip),
      cmocka_unit_test(test_byteorder_matches_bytes),
      cmocka_unit_test(test_byteorder_unaligned),
      cmocka_unit_test(test_byteorder_high_bits),
  };
  return XS_RUN(tests);
}
