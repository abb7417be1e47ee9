/* SPDX-License-Identifier: MIT */
/*
 * client.h - what the parts of xsock-echo-client share: the parsed
 * command line, the endpoint, the exit codes, and one entry point per mode
 * (stream.c, udp.c, verify.c, load.c).
 */
#ifndef XS_ECHO_CLIENT_H
#define XS_ECHO_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <xsock/xsock.h>

#define CLIENT_NAME "xsock-echo-client"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Size bounds of one message. */
#define CLIENT_UDP_MAX 65507L
#define CLIENT_TCP_MAX (16L * 1024L * 1024L)
/* Bytes moved per call in the stream and verify loops. */
#define CLIENT_CHUNK 16384

/* Where to connect. IP and UNIX addresses are parsed up front; a host name
 * is kept as text and resolved when connecting. */
typedef struct endpoint {
  const char *text; /* as given, for messages */
  int is_name;      /* 1: host/service below; 0: addr */
  xs_addr addr;
  char host[256];
  char service[8];
} endpoint;

typedef struct client_config {
  endpoint ep;
  int udp;
  long count;       /* -n; 0 if not given */
  long size;        /* -s */
  long connections; /* -c; 0 if not given */
  long duration_ms; /* -d */
  int json;
  int timeout_ms;
} client_config;

/* "xsock-echo-client: <message>" on stderr. */
void client_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* endpoint.c: parse the text (0, or -1 if it is malformed), connect over
 * TCP or UNIX within timeout_ms, open a connected UDP socket (to a host
 * name: the first of its addresses a UDP socket can be connected to).
 * endpoint_connect returns 0 or the XS_E... code and prints nothing; the
 * others print the reason and return -1 on failure. */
int endpoint_parse(endpoint *ep, const char *text);
int endpoint_connect(const endpoint *ep, int timeout_ms, xs_socket_t *out);
int endpoint_dial(const endpoint *ep, int timeout_ms, xs_socket_t *out);
int endpoint_udp(const endpoint *ep, xs_socket_t *out);

/* pattern.c: the deterministic bytes of message seq at offset off. */
void pattern_fill(unsigned char *buf, size_t len, uint64_t seq, uint64_t off);
/* 1 if buf holds message seq's bytes from off on, else 0. */
int pattern_check(const unsigned char *buf, size_t len, uint64_t seq,
                  uint64_t off);

/* stats.c: a latency histogram of fixed size, whatever the run's length:
 * exact below 64 us, then 64 buckets per power of two (within 1.6 %). */
#define HIST_SUB 64
#define HIST_OCTAVES 35 /* up to 2^40 us, about 12 days */
typedef struct latency_hist {
  uint64_t counts[HIST_SUB + HIST_OCTAVES * HIST_SUB];
  uint64_t total, max;
} latency_hist;
void hist_add(latency_hist *h, uint64_t us);
/* The latency under which per_mille / 1000 of the samples fall (nearest
 * rank); 0 for an empty histogram. */
uint64_t hist_percentile(const latency_hist *h, unsigned per_mille);

/* udp.c: wait up to timeout_ms for one datagram on a connected UDP
 * socket; 0 with *len set, or -1 with the reason printed. */
int udp_await(xs_socket_t sock, unsigned char *buf, size_t cap, size_t *len,
              int timeout_ms);

/* The modes; each returns an exit code. */
int run_stream(const client_config *cfg);
int run_udp_lines(const client_config *cfg);
int run_verify(const client_config *cfg);
int run_load(const client_config *cfg);

#endif /* XS_ECHO_CLIENT_H */
