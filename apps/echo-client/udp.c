/* SPDX-License-Identifier: MIT */
/*
 * udp.c - the -u line mode: each stdin line (without its line end) is one
 * datagram; its echo, awaited up to --timeout and never retried, is printed
 * as a line. Stdin is read only between exchanges, so an idle stdin is no
 * timeout and needs no reader thread.
 */
#include <stdio.h>
#include <stdlib.h>

#include "client.h"
#include "sys.h"

/* One line of stdin without "\n" or "\r\n" into buf (cap bytes at most).
 * 1 with *len set, 0 at end of file, -1 if the line is too long, -2 if
 * stdin failed. */
static int read_line(unsigned char *buf, size_t cap, size_t *len) {
  size_t n = 0;
  int c;
  while ((c = getc(stdin)) != EOF && c != '\n') {
    if (n == cap) {
      return -1;
    }
    buf[n++] = (unsigned char)c;
  }
  if (c == EOF) {
    if (ferror(stdin)) {
      return -2;
    }
    if (n == 0) {
      return 0; /* no partial last line */
    }
  } else if (n > 0 && buf[n - 1] == '\r') {
    n--;
  }
  *len = n;
  return 1;
}

int udp_await(xs_socket_t sock, unsigned char *buf, size_t cap, size_t *len,
              int timeout_ms) {
  xs_pollfd pfd;
  int ready = 0, rc;
  pfd.sock = sock;
  pfd.events = XS_POLLIN;
  pfd.revents = 0;
  rc = xs_poll(&pfd, 1, timeout_ms, &ready);
  if (rc != 0) {
    client_error("poll failed: %s", xs_strerror(rc));
    return -1;
  }
  if (ready == 0) {
    client_error("timed out: no echo within %d ms (UDP is not retried)",
                 timeout_ms);
    return -1;
  }
  rc = xs_recv(sock, buf, cap, len);
  if (rc != 0) {
    client_error("no echo: %s", xs_strerror(rc));
    return -1;
  }
  return 0;
}

static int exchange(xs_socket_t sock, const unsigned char *line, size_t len,
                    unsigned char *reply, int timeout_ms) {
  size_t n;
  int rc = xs_send(sock, line, len, &n);
  if (rc != 0 || n != len) {
    client_error("cannot send a datagram: %s",
                 rc != 0 ? xs_strerror(rc) : "sent short");
    return -1;
  }
  if (udp_await(sock, reply, (size_t)CLIENT_UDP_MAX + 1, &n, timeout_ms) != 0) {
    return -1;
  }
  if (fwrite(reply, 1, n, stdout) != n || putchar('\n') == EOF ||
      fflush(stdout) != 0) {
    client_error("cannot write to stdout");
    return -1;
  }
  return 0;
}

int run_udp_lines(const client_config *cfg) {
  static unsigned char line[CLIENT_UDP_MAX], reply[CLIENT_UDP_MAX + 1];
  xs_socket_t sock;
  size_t len = 0;
  int rc = EXIT_OK, got;
  if (endpoint_udp(&cfg->ep, &sock) != 0) {
    return EXIT_RUNTIME;
  }
  while ((got = read_line(line, sizeof(line), &len)) == 1) {
    if (exchange(sock, line, len, reply, cfg->timeout_ms) != 0) {
      rc = EXIT_RUNTIME;
      break;
    }
  }
  if (got == -1) {
    client_error("a stdin line is longer than the largest datagram (%ld "
                 "bytes)",
                 CLIENT_UDP_MAX);
    rc = EXIT_RUNTIME;
  } else if (got == -2) {
    client_error("cannot read stdin");
    rc = EXIT_RUNTIME;
  }
  (void)xs_close(sock);
  return rc;
}
