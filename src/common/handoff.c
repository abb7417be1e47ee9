/* SPDX-License-Identifier: MIT */
/*
 * handoff.c - public entry points of the socket hand-off (handoff.h): the
 * argument and channel checks and the request, the same on every system;
 * the answer is the port's (xs__plat_handoff_send / _recv).
 *
 * The request, written by the receiver: "XSH1" (magic and version) and the
 * receiver's process id as 32-bit big endian, 8 bytes.
 */
#include <string.h>

#include "internal.h"
#include "xsock/byteorder.h"
#include "xsock/handoff.h"

#define REQUEST_LEN 8

static const unsigned char request_magic[4] = {'X', 'S', 'H', '1'};

uint32_t xs_process_id(void) {
  return xs__plat_process_id();
}

static int fail(int code) {
  xs__native_set(0);
  return code;
}

/* A channel whose peer is gone: the write side says XS_EPIPE where the read
 * side says XS_EOF or XS_ECONNRESET; one answer for both. */
static int channel_error(int rc) {
  return rc == XS_EPIPE ? XS_ECONNRESET : rc;
}

/* The channel is an open stream socket the port can carry a hand-off on. */
static int check_channel(xs_socket_t channel) {
  int family = XS_AF_UNSPEC, type = 0;
  if (channel == XS_INVALID_SOCKET)
    return fail(XS_EBADF);
  int rc = xs__plat_sock_kind(channel, &family, &type);
  if (rc != 0)
    return rc;
  if (type != XS_SOCK_STREAM)
    return fail(XS_EPROTOTYPE);
  return xs__plat_handoff_channel(family);
}

/* Start-up and the channel check, the first steps of both sides. */
static int prepare(xs_socket_t channel) {
  int rc = xs__plat_ensure();
  return rc != 0 ? rc : check_channel(channel);
}

int xs_handoff_recv(xs_socket_t channel, int timeout_ms, xs_socket_t *out) {
  unsigned char req[REQUEST_LEN];
  xs__deadline d;
  if (out == NULL)
    return xs__einval();
  *out = XS_INVALID_SOCKET;
  xs__deadline_start(&d, timeout_ms);
  int rc = prepare(channel);
  if (rc != 0)
    return rc;
  uint32_t pid = xs__plat_process_id();
  memcpy(req, request_magic, sizeof request_magic);
  xs_store_be32(req + 4, pid);
  rc = xs_send_all(channel, req, sizeof req, xs__deadline_left(&d), NULL);
  if (rc != 0)
    return channel_error(rc);
  return channel_error(xs__plat_handoff_recv(channel, &d, out));
}

int xs_handoff_send(xs_socket_t channel, xs_socket_t sock, int timeout_ms) {
  unsigned char req[REQUEST_LEN];
  int family = XS_AF_UNSPEC, type = 0;
  xs__deadline d;
  xs__deadline_start(&d, timeout_ms);
  if (channel != XS_INVALID_SOCKET && sock == channel)
    return xs__einval();
  int rc = prepare(channel);
  if (rc != 0)
    return rc;
  /* sock is checked before the request is taken off the channel, so that
   * a bad argument does not cost the receiver its request. */
  if (sock == XS_INVALID_SOCKET)
    return fail(XS_EBADF);
  if ((rc = xs__plat_sock_kind(sock, &family, &type)) != 0)
    return rc;
  rc = xs_recv_all(channel, req, sizeof req, xs__deadline_left(&d), NULL);
  if (rc != 0)
    return channel_error(rc);
  uint32_t pid = xs_load_be32(req + 4);
  if (memcmp(req, request_magic, sizeof request_magic) != 0 || pid == 0)
    return fail(XS_EPROTO);
  return channel_error(xs__plat_handoff_send(channel, sock, pid, &d));
}
