/*
 * pattern.c - the deterministic message bytes of the verify and load
 * modes. Each byte depends on the message number and its offset, so an
 * echo that is cut, shifted, duplicated or from another message fails the
 * check. Bytes are computed on the fly: no message is ever stored twice.
 */
#include "client.h"

static unsigned char pattern_byte(uint64_t seq, uint64_t off) {
  uint32_t v = (uint32_t)(off + seq * 131u);
  return (unsigned char)(v ^ (v >> 8) ^ (v >> 16) ^ (uint32_t)(seq * 7u));
}

void pattern_fill(unsigned char *buf, size_t len, uint64_t seq, uint64_t off) {
  size_t i;
  for (i = 0; i < len; i++) {
    buf[i] = pattern_byte(seq, off + i);
  }
}

int pattern_check(const unsigned char *buf, size_t len, uint64_t seq,
                  uint64_t off) {
  size_t i;
  for (i = 0; i < len; i++) {
    if (buf[i] != pattern_byte(seq, off + i)) {
      return 0;
    }
  }
  return 1;
}
