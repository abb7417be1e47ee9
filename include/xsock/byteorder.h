/* SPDX-License-Identifier: MIT */
/**
 * @file byteorder.h
 * @brief Host <-> network (big-endian) byte order, 16, 32 and 64 bits.
 *
 * Written with shifts, so they are correct whatever the host's byte order
 * and need no system header. The load/store forms read and write a value
 * at any (unaligned) byte address in network order.
 */
#ifndef XSOCK_BYTEORDER_H
#define XSOCK_BYTEORDER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Store a 16-bit value at p in network order. */
static inline void xs_store_be16(void *p, uint16_t v) {
  unsigned char *b = (unsigned char *)p;
  b[0] = (unsigned char)(v >> 8);
  b[1] = (unsigned char)v;
}

/** @brief Store a 32-bit value at p in network order. */
static inline void xs_store_be32(void *p, uint32_t v) {
  unsigned char *b = (unsigned char *)p;
  b[0] = (unsigned char)(v >> 24);
  b[1] = (unsigned char)(v >> 16);
  b[2] = (unsigned char)(v >> 8);
  b[3] = (unsigned char)v;
}

/** @brief Store a 64-bit value at p in network order. */
static inline void xs_store_be64(void *p, uint64_t v) {
  unsigned char *b = (unsigned char *)p;
  xs_store_be32(b, (uint32_t)(v >> 32));
  xs_store_be32(b + 4, (uint32_t)v);
}

/** @brief Load a 16-bit network-order value from p. */
static inline uint16_t xs_load_be16(const void *p) {
  const unsigned char *b = (const unsigned char *)p;
  return (uint16_t)((unsigned)b[0] << 8 | (unsigned)b[1]);
}

/** @brief Load a 32-bit network-order value from p. */
static inline uint32_t xs_load_be32(const void *p) {
  const unsigned char *b = (const unsigned char *)p;
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
         (uint32_t)b[3];
}

/** @brief Load a 64-bit network-order value from p. */
static inline uint64_t xs_load_be64(const void *p) {
  const unsigned char *b = (const unsigned char *)p;
  return (uint64_t)xs_load_be32(b) << 32 | (uint64_t)xs_load_be32(b + 4);
}

/** @brief Host to network order, 16 bits (as htons). */
static inline uint16_t xs_hton16(uint16_t v) {
  uint16_t r;
  xs_store_be16(&r, v);
  return r;
}

/** @brief Network to host order, 16 bits (as ntohs). */
static inline uint16_t xs_ntoh16(uint16_t v) {
  return xs_load_be16(&v);
}

/** @brief Host to network order, 32 bits (as htonl). */
static inline uint32_t xs_hton32(uint32_t v) {
  uint32_t r;
  xs_store_be32(&r, v);
  return r;
}

/** @brief Network to host order, 32 bits (as ntohl). */
static inline uint32_t xs_ntoh32(uint32_t v) {
  return xs_load_be32(&v);
}

/** @brief Host to network order, 64 bits (as htobe64 / htonll). */
static inline uint64_t xs_hton64(uint64_t v) {
  uint64_t r;
  xs_store_be64(&r, v);
  return r;
}

/** @brief Network to host order, 64 bits (as be64toh / ntohll). */
static inline uint64_t xs_ntoh64(uint64_t v) {
  return xs_load_be64(&v);
}

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_BYTEORDER_H */
