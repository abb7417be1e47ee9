/* SPDX-License-Identifier: MIT */
/*
 * verify.c - the -n mode: N messages of SIZE bytes, each echo checked byte
 * for byte, then a one-line summary. TCP sends and reads back each message
 * at the same time (nonblocking, so a large message cannot deadlock
 * against a server that throttles a client which does not read); UDP
 * sends each datagram once and awaits its echo up to --timeout. The first
 * failure ends the run.
 */
#include <stdio.h>

#include "client.h"
#include "sys.h"

typedef struct exchange {
  xs_socket_t sock;
  uint64_t seq;
  size_t size, sent, got;
  int timeout_ms;
  uint64_t last_us; /* last progress */
} exchange;

/* Send the next part of the message; 0 or -1 (reason printed). */
static int send_part(exchange *x) {
  unsigned char chunk[CLIENT_CHUNK];
  size_t want = x->size - x->sent, n;
  int rc;
  if (want > sizeof(chunk)) {
    want = sizeof(chunk);
  }
  pattern_fill(chunk, want, x->seq, x->sent);
  rc = xs_send(x->sock, chunk, want, &n);
  if (rc == XS_EAGAIN) {
    return 0;
  }
  if (rc != 0) {
    client_error("message %lu: send failed: %s", (unsigned long)x->seq + 1,
                 xs_strerror(rc));
    return -1;
  }
  x->sent += n;
  x->last_us = app_now_us();
  return 0;
}

/* Read and check the next part of the echo; 0 or -1 (reason printed). */
static int recv_part(exchange *x) {
  unsigned char chunk[CLIENT_CHUNK];
  size_t want = x->size - x->got, n;
  int rc;
  if (want > sizeof(chunk)) {
    want = sizeof(chunk);
  }
  rc = xs_recv(x->sock, chunk, want, &n);
  if (rc == XS_EAGAIN) {
    return 0;
  }
  if (rc != 0 || n == 0) {
    client_error("message %lu: %s after %lu of %lu echoed bytes",
                 (unsigned long)x->seq + 1,
                 rc != 0 ? xs_strerror(rc)
                         : "the server closed the "
                           "connection",
                 (unsigned long)x->got, (unsigned long)x->size);
    return -1;
  }
  if (!pattern_check(chunk, n, x->seq, x->got)) {
    client_error("message %lu: the echo differs from what was sent "
                 "(within bytes %lu to %lu)",
                 (unsigned long)x->seq + 1, (unsigned long)x->got,
                 (unsigned long)(x->got + n - 1));
    return -1;
  }
  x->got += n;
  x->last_us = app_now_us();
  return 0;
}

/* One TCP message out and its echo back; 0 or -1 (reason printed). */
static int tcp_message(exchange *x) {
  x->sent = x->got = 0;
  x->last_us = app_now_us();
  while (x->got < x->size) {
    xs_pollfd pfd;
    uint64_t idle = app_now_us() - x->last_us;
    uint64_t limit = (uint64_t)x->timeout_ms * 1000u;
    int rc;
    if (idle >= limit) {
      client_error("message %lu: timed out after %d ms waiting for the "
                   "echo (%lu of %lu bytes back)",
                   (unsigned long)x->seq + 1, x->timeout_ms,
                   (unsigned long)x->got, (unsigned long)x->size);
      return -1;
    }
    pfd.sock = x->sock;
    pfd.events = (short)(XS_POLLIN | (x->sent < x->size ? XS_POLLOUT : 0));
    pfd.revents = 0;
    rc = xs_poll(&pfd, 1, (int)((limit - idle + 999u) / 1000u), NULL);
    if (rc != 0) {
      client_error("poll failed: %s", xs_strerror(rc));
      return -1;
    }
    if ((pfd.revents & XS_POLLOUT) != 0 && x->sent < x->size &&
        send_part(x) != 0) {
      return -1;
    }
    if ((pfd.revents & (XS_POLLIN | XS_POLLHUP | XS_POLLERR)) != 0 &&
        recv_part(x) != 0) {
      return -1;
    }
  }
  return 0;
}

static long verify_tcp(const client_config *cfg) {
  exchange x;
  long done = 0;
  if (endpoint_dial(&cfg->ep, cfg->timeout_ms, &x.sock) != 0) {
    return -1;
  }
  (void)xs_socket_set_nodelay(x.sock, 1); /* TCP only; UNIX has none */
  if (xs_socket_set_nonblocking(x.sock, 1) != 0) {
    client_error("cannot set up the connection to %s", cfg->ep.text);
    (void)xs_close(x.sock);
    return -1;
  }
  x.size = (size_t)cfg->size;
  x.timeout_ms = cfg->timeout_ms;
  for (x.seq = 0; x.seq < (uint64_t)cfg->count; x.seq++) {
    if (tcp_message(&x) != 0) {
      break;
    }
    done++;
  }
  (void)xs_close(x.sock);
  return done;
}

/* One datagram out and its echo checked; 0 or -1 (reason printed). */
static int udp_message(xs_socket_t sock, uint64_t seq, size_t size,
                       int timeout_ms) {
  static unsigned char msg[CLIENT_UDP_MAX], reply[CLIENT_UDP_MAX + 1];
  size_t n;
  int rc;
  pattern_fill(msg, size, seq, 0);
  rc = xs_send(sock, msg, size, &n);
  if (rc != 0 || n != size) {
    client_error("datagram %lu: send failed: %s", (unsigned long)seq + 1,
                 rc != 0 ? xs_strerror(rc) : "sent short");
    return -1;
  }
  if (udp_await(sock, reply, sizeof(reply), &n, timeout_ms) != 0) {
    return -1;
  }
  if (n != size || !pattern_check(reply, n, seq, 0)) {
    client_error("datagram %lu: the echo differs from what was sent (%lu "
                 "bytes back for %lu)",
                 (unsigned long)seq + 1, (unsigned long)n, (unsigned long)size);
    return -1;
  }
  return 0;
}

static long verify_udp(const client_config *cfg) {
  xs_socket_t sock;
  uint64_t seq;
  long done = 0;
  if (endpoint_udp(&cfg->ep, &sock) != 0) {
    return -1;
  }
  for (seq = 0; seq < (uint64_t)cfg->count; seq++) {
    if (udp_message(sock, seq, (size_t)cfg->size, cfg->timeout_ms) != 0) {
      break;
    }
    done++;
  }
  (void)xs_close(sock);
  return done;
}

int run_verify(const client_config *cfg) {
  long done = cfg->udp ? verify_udp(cfg) : verify_tcp(cfg);
  if (done < 0) {
    return EXIT_RUNTIME; /* no connection */
  }
  printf("verified %ld of %ld messages of %ld bytes\n", done, cfg->count,
         cfg->size);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    client_error("cannot write to stdout");
    return EXIT_RUNTIME;
  }
  return done == cfg->count ? EXIT_OK : EXIT_RUNTIME;
}
