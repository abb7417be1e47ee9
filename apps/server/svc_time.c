/* SPDX-License-Identifier: MIT */
/*
 * svc_time.c - time (RFC 868): the seconds since 1900-01-01 00:00:00 UTC
 * as a 32-bit big-endian number, modulo 2^32 (it wraps in February 2036;
 * a client reads the era from its own clock). Over TCP it is sent on
 * connect and the connection closed; over UDP it answers each datagram.
 */
#include "srv.h"
#include "sys.h"

/* Seconds from 1900-01-01 to 1970-01-01. */
#define FROM_1900 INT64_C(2208988800)

static uint32_t time_now(void) {
  int64_t us = app_wall_us();
  int64_t secs = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
  return (uint32_t)((uint64_t)(secs + FROM_1900) & 0xffffffffu);
}

static void time_open(srv_conn *c) {
  unsigned char out[4];
  xs_store_be32(out, time_now());
  (void)srv_conn_send(c, out, sizeof out);
  srv_conn_finish(c);
}

static long time_datagram(uint64_t *state, unsigned char *buf, size_t n,
                          size_t cap) {
  (void)state;
  (void)n;
  if (cap < 4)
    return -1;
  xs_store_be32(buf, time_now());
  return 4;
}

const srv_service srv_time = {
    "time", 37, time_open, NULL, NULL, NULL, time_datagram,
};
