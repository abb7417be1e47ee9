/* SPDX-License-Identifier: MIT */
/*
 * socketpair.c - a connected stream pair for Windows, which has no
 * socketpair(): TCP over 127.0.0.1 through a one-shot listener that no
 * other local process can slip into. The listener is exclusive
 * (SO_EXCLUSIVEADDRUSE); the accepted peer must be our client's address
 * and the client's peer our listener; the client then sends a random
 * 16-byte cookie that the accepted side must read back within the same
 * 5-second deadline. A connection from anyone else is closed and the
 * wait goes on; any other failure of the handshake closes everything and
 * gives XS_ECONNABORTED.
 */
#include "win32.h"

#include <string.h>

#define PAIR_DEADLINE_MS 5000
#define COOKIE_LEN 16

typedef struct pair_state {
  xs_socket_t listener, client, server;
  xs_addr laddr; /* the listener's address */
  xs__deadline d;
} pair_state;

/* A handshake step that did not go as planned. */
static int aborted(void) {
  xs__native_set(0);
  return XS_ECONNABORTED;
}

static int open_listener(pair_state *ps) {
  xs_addr a;
  memset(&a, 0, sizeof a);
  a.family = XS_AF_INET;
  a.ip[0] = 127;
  a.ip[3] = 1;
  int rc = xs__plat_socket(XS_AF_INET, XS_SOCK_STREAM, 0, 1, &ps->listener);
  if (rc == 0)
    rc = xs__plat_setopt(ps->listener, XS__OPT_REUSEADDR, 1);
  if (rc == 0)
    rc = xs__plat_bind(ps->listener, &a);
  if (rc == 0)
    rc = xs__plat_listen(ps->listener, 8); /* an intruder cannot crowd us out */
  if (rc == 0)
    rc = xs__plat_local_addr(ps->listener, &ps->laddr);
  if (rc == 0)
    rc = xs__plat_set_nonblocking(ps->listener, 1);
  return rc;
}

/* Wait for events on s before the deadline: 0, or XS_ECONNABORTED on
 * time-out or error. */
static int wait_for(xs_socket_t s, short events, const xs__deadline *d) {
  for (;;) {
    xs_pollfd p = {s, events, 0};
    int ready = 0;
    int left = xs__deadline_left(d);
    int rc = xs__plat_poll(&p, 1, left, &ready);
    if (rc != 0 && rc != XS_EINTR)
      return aborted();
    if (ready > 0)
      return (p.revents & events) ? 0 : aborted();
    if (rc == 0 && left == 0)
      return aborted();
  }
}

/* Nonblocking connect to the listener, completed within the deadline. */
static int connect_client(pair_state *ps) {
  int err = 0;
  int rc = xs__plat_socket(XS_AF_INET, XS_SOCK_STREAM, 0, 1, &ps->client);
  if (rc == 0)
    rc = xs__plat_set_nonblocking(ps->client, 1);
  if (rc != 0)
    return rc;
  rc = xs__plat_connect(ps->client, &ps->laddr);
  if (rc != 0 && rc != XS_EINPROGRESS)
    return aborted();
  if (rc == XS_EINPROGRESS && wait_for(ps->client, XS_POLLOUT, &ps->d) != 0)
    return aborted();
  if (xs__plat_sock_error(ps->client, &err) != 0 || err != 0)
    return aborted();
  return xs__plat_set_nonblocking(ps->client, 0);
}

/* Accept connections until our client's arrives, within the deadline. A
 * connection from anyone else (another local program that happened to
 * dial this ephemeral port) is closed and never used; it cannot make the
 * pair fail, nor take the place of our client. */
static int accept_server(pair_state *ps) {
  xs_addr peer, caddr, cpeer;
  if (xs__plat_local_addr(ps->client, &caddr) != 0 ||
      xs__plat_peer_addr(ps->client, &cpeer) != 0 ||
      memcmp(&cpeer, &ps->laddr, sizeof cpeer) != 0)
    return aborted();
  for (;;) {
    if (wait_for(ps->listener, XS_POLLIN, &ps->d) != 0)
      return aborted();
    int rc = xs__plat_accept(ps->listener, &ps->server, &peer, 0);
    if (rc == XS_EAGAIN)
      continue;
    if (rc != 0)
      return aborted();
    if (memcmp(&peer, &caddr, sizeof peer) == 0)
      return 0;
    xs__plat_close(ps->server); /* not ours */
    ps->server = XS_INVALID_SOCKET;
  }
}

/* The client sends a fresh random cookie; the server must read it. */
static int exchange_cookie(pair_state *ps) {
  unsigned char sent[COOKIE_LEN], got[COOKIE_LEN];
  size_t n, have = 0;
  if (!xs__sys.random(sent, (ULONG)sizeof sent))
    return aborted();
  for (size_t off = 0; off < sizeof sent; off += n)
    if (xs__plat_send(ps->client, sent + off, sizeof sent - off, &n) != 0)
      return aborted();
  while (have < sizeof got) {
    if (wait_for(ps->server, XS_POLLIN, &ps->d) != 0 ||
        xs__plat_recv(ps->server, got + have, sizeof got - have, &n) != 0 ||
        n == 0)
      return aborted();
    have += n;
  }
  return memcmp(sent, got, sizeof sent) == 0 ? 0 : aborted();
}

static void close_if_open(xs_socket_t *s) {
  if (*s != XS_INVALID_SOCKET)
    xs__plat_close(*s);
  *s = XS_INVALID_SOCKET;
}

int xs__plat_socketpair(xs_socket_t pair[2], int flags) {
  pair_state ps = {.listener = XS_INVALID_SOCKET,
                   .client = XS_INVALID_SOCKET,
                   .server = XS_INVALID_SOCKET};
  pair[0] = pair[1] = XS_INVALID_SOCKET;
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  xs__deadline_start(&ps.d, PAIR_DEADLINE_MS);
  rc = open_listener(&ps);
  if (rc == 0)
    rc = connect_client(&ps);
  if (rc == 0)
    rc = accept_server(&ps);
  if (rc == 0)
    rc = exchange_cookie(&ps);
  if (rc == 0)
    rc = xs__plat_setopt(ps.client, XS__OPT_NODELAY, 1);
  if (rc == 0)
    rc = xs__plat_setopt(ps.server, XS__OPT_NODELAY, 1);
  if (rc == 0 && (flags & XS_SOCK_NONBLOCK))
    rc = xs__plat_set_nonblocking(ps.client, 1);
  if (rc == 0 && (flags & XS_SOCK_NONBLOCK))
    rc = xs__plat_set_nonblocking(ps.server, 1);
  close_if_open(&ps.listener);
  if (rc != 0) {
    close_if_open(&ps.client);
    close_if_open(&ps.server);
    return rc;
  }
  pair[0] = ps.client;
  pair[1] = ps.server;
  return 0;
}
