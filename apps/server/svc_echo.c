/* SPDX-License-Identifier: MIT */
/*
 * svc_echo.c - echo (RFC 862): every byte a TCP client sends goes back to
 * it; every datagram goes back to its sender unchanged (in place).
 */
#include "srv.h"

static void echo_data(srv_conn *c, const unsigned char *data, size_t n) {
  (void)srv_conn_send(c, data, n);
}

static long echo_datagram(uint64_t *state, unsigned char *buf, size_t n,
                          size_t cap) {
  (void)state;
  (void)buf;
  (void)cap;
  return (long)n;
}

const srv_service srv_echo = {
    "echo", 7, NULL, echo_data, NULL, NULL, echo_datagram,
};
