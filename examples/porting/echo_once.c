/* SPDX-License-Identifier: MIT */
/*
 * echo_once: the classic loopback round trip (listen, connect, send, accept,
 * echo, check the reply) ported to xsock. One source for POSIX and Windows:
 * no #ifdef, no WSAStartup, no close/closesocket or errno/WSAGetLastError
 * choice, and every blocking step has a time limit, so it cannot hang.
 * docs/porting.md walks through it next to the program it replaces.
 */
#include <stdio.h>
#include <string.h>

#include <xsock/xsock.h>

/* The most any one step may wait, in milliseconds. */
#define STEP_TIMEOUT_MS 5000

static const char message[] = "hello through xsock";

/* Say which step failed and why. */
static void fail(const char *step, int rc) {
  fprintf(stderr, "echo_once: %s: %s (XS_%s, native code %d)\n", step,
          xs_strerror(rc), xs_err_name(rc), xs_native_error());
}

/* Close a socket if it is open; keep the first error in *rc. */
static void close_socket(xs_socket_t *sock, int *rc) {
  if (*sock != XS_INVALID_SOCKET) {
    int crc = xs_close(*sock);
    if (*rc == 0)
      *rc = crc;
    *sock = XS_INVALID_SOCKET;
  }
}

int main(void) {
  xs_socket_t listener = XS_INVALID_SOCKET;
  xs_socket_t client = XS_INVALID_SOCKET;
  xs_socket_t server = XS_INVALID_SOCKET;
  const size_t len = sizeof message - 1;
  char where[XS_ADDR_STRLEN];
  char buf[64];
  char extra;
  xs_addr addr;
  size_t n;
  const char *step;
  int rc;

  /* Server side: socket, SO_REUSEADDR, bind, listen on 127.0.0.1 port 0. */
  step = "loopback address";
  rc = xs_addr_loopback(&addr, XS_AF_INET, 0);
  if (rc != 0)
    goto out;
  step = "socket";
  rc = xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &listener);
  if (rc != 0)
    goto out;
  step = "listener reuse policy";
  rc = xs_socket_set_reuseaddr(listener, 1);
  if (rc != 0)
    goto out;
  step = "bind";
  rc = xs_socket_bind(listener, &addr);
  if (rc != 0)
    goto out;
  step = "listen";
  rc = xs_socket_listen(listener, 1);
  if (rc != 0)
    goto out;
  /* A blocking accept now gives up with XS_ETIMEDOUT on every system. */
  step = "accept timeout";
  rc = xs_socket_set_recv_timeout(listener, STEP_TIMEOUT_MS);
  if (rc != 0)
    goto out;
  /* getsockname: the port the system picked. */
  step = "local address";
  rc = xs_socket_local_addr(listener, &addr);
  if (rc == 0)
    rc = xs_addr_format(&addr, where, sizeof where);
  if (rc != 0)
    goto out;

  /* Client side: connect with a time limit, send the message, then say
   * "that is all" so the server's read loop sees end of stream. */
  step = "connect";
  rc = xs_dial(&addr, STEP_TIMEOUT_MS, &client);
  if (rc != 0)
    goto out;
  step = "client send";
  rc = xs_send_all(client, message, len, STEP_TIMEOUT_MS, NULL);
  if (rc != 0)
    goto out;
  step = "client shutdown";
  rc = xs_socket_shutdown(client, XS_SHUT_WR);
  if (rc != 0)
    goto out;

  /* Server side: accept the queued connection and echo until end of
   * stream. xs_send_all loops over partial sends; the message is far too
   * small to fill a socket buffer, so it cannot block. */
  step = "accept";
  rc = xs_socket_accept(listener, &server, NULL);
  if (rc != 0)
    goto out;
  step = "server receive timeout";
  rc = xs_socket_set_recv_timeout(server, STEP_TIMEOUT_MS);
  if (rc != 0)
    goto out;
  for (;;) {
    step = "server receive";
    rc = xs_recv(server, buf, sizeof buf, &n);
    if (rc != 0)
      goto out;
    if (n == 0) /* the client shut down its sending side */
      break;
    step = "server send";
    rc = xs_send_all(server, buf, n, STEP_TIMEOUT_MS, NULL);
    if (rc != 0)
      goto out;
  }
  step = "server shutdown";
  rc = xs_socket_shutdown(server, XS_SHUT_WR);
  if (rc != 0)
    goto out;

  /* Client side: exactly the message must come back, then end of stream. */
  step = "client receive";
  rc = xs_recv_all(client, buf, len, STEP_TIMEOUT_MS, NULL);
  if (rc != 0)
    goto out;
  step = "reply check";
  if (memcmp(buf, message, len) != 0) {
    rc = XS_EPROTO;
    goto out;
  }
  step = "end of reply";
  rc = xs_recv_all(client, &extra, 1, STEP_TIMEOUT_MS, NULL);
  if (rc != XS_EOF) {
    rc = rc == 0 ? XS_EPROTO : rc;
    goto out;
  }
  rc = 0;

  step = "close";
  close_socket(&server, &rc);
  close_socket(&client, &rc);
  close_socket(&listener, &rc);
  if (rc != 0)
    goto out;
  printf("echo_once: ok (%zu bytes via %s)\n", len, where);
  return 0;

out:
  fail(step, rc); /* before closing, so xs_native_error() is still ours */
  close_socket(&server, &rc);
  close_socket(&client, &rc);
  close_socket(&listener, &rc);
  return 1;
}
