/* SPDX-License-Identifier: MIT */
/*
 * endpoint.c - the client's ENDPOINT: parsing HOST:PORT, [IPV6]:PORT and
 * unix:PATH, connecting to it over TCP (every address of a host name in
 * turn) or UNIX, and opening a connected UDP socket to it.
 */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "options.h"

/* "HOST:PORT" with a host name: split into ep->host and ep->service. */
static int parse_name(endpoint *ep, const char *text) {
  const char *colon = strrchr(text, ':');
  size_t hlen;
  long port;
  if (colon == NULL || colon == text) {
    return -1; /* no port, or ":PORT" (a listening form only) */
  }
  hlen = (size_t)(colon - text);
  if (hlen >= sizeof(ep->host) || memchr(text, ':', hlen) != NULL ||
      memchr(text, '[', hlen) != NULL || memchr(text, ']', hlen) != NULL) {
    return -1; /* too long, or an IPv6 address without brackets */
  }
  if (app_parse_long(colon + 1, 1, 65535, &port) != 0) {
    return -1;
  }
  memcpy(ep->host, text, hlen);
  ep->host[hlen] = '\0';
  /* A numeric host whose port xs_addr_parse() refused for its leading
   * zeros ("1.2.3.4:000080") is an address all the same. */
  if (xs_addr_parse_ip(&ep->addr, ep->host, (uint16_t)port) == 0) {
    ep->host[0] = '\0';
    return 0;
  }
  snprintf(ep->service, sizeof(ep->service), "%ld", port);
  ep->is_name = 1;
  return 0;
}

int endpoint_parse(endpoint *ep, const char *text) {
  memset(ep, 0, sizeof(*ep));
  ep->text = text;
  if (strncmp(text, "unix:", 5) == 0) {
    return xs_addr_parse(&ep->addr, text) == 0 ? 0 : -1;
  }
  if (xs_addr_parse(&ep->addr, text) == 0) {
    /* numeric IPv4 or [IPv6]; ":PORT" and port 0 are for servers */
    return text[0] != ':' && ep->addr.port != 0 ? 0 : -1;
  }
  return text[0] == '[' ? -1 : parse_name(ep, text);
}

int endpoint_connect(const endpoint *ep, int timeout_ms, xs_socket_t *out) {
  if (ep->is_name) {
    return xs_dial_host(ep->host, ep->service, XS_AF_UNSPEC, timeout_ms, out);
  }
  return xs_dial(&ep->addr, timeout_ms, out);
}

int endpoint_dial(const endpoint *ep, int timeout_ms, xs_socket_t *out) {
  int rc = endpoint_connect(ep, timeout_ms, out);
  if (rc != 0) {
    client_error("cannot connect to %s: %s", ep->text, xs_strerror(rc));
    return -1;
  }
  return 0;
}

/* A UDP socket connected to addr (replies from the server only). */
static int udp_connect(const xs_addr *addr, xs_socket_t *out) {
  int rc = xs_socket_open(addr->family, XS_SOCK_DGRAM, out);
  if (rc != 0) {
    return rc;
  }
  rc = xs_socket_connect(*out, addr);
  if (rc != 0) {
    (void)xs_close(*out);
    *out = XS_INVALID_SOCKET;
  }
  return rc;
}

/* A host name: its addresses in the resolver's order, the first one a UDP
 * socket can be opened and connected to (one of a family the host lacks
 * is skipped). UDP has no handshake, so a server that listens on another
 * address of the name only is not found (documented in --help). 0 with
 * *rc_out set (0, or the error of the last address tried), or -1 if the
 * name cannot be resolved (reason printed). */
static int udp_by_name(const endpoint *ep, xs_socket_t *out, int *rc_out) {
  xs_resolve_hints hints;
  xs_addr *list = NULL;
  size_t count = 0, i;
  int rc;
  memset(&hints, 0, sizeof(hints));
  hints.family = XS_AF_UNSPEC;
  hints.socktype = XS_SOCK_DGRAM;
  rc = xs_resolve(ep->host, ep->service, &hints, &list, &count);
  if (rc != 0) {
    client_error("cannot resolve %s: %s", ep->text, xs_strerror(rc));
    return -1;
  }
  rc = XS_EAFNOSUPPORT;
  for (i = 0; i < count; i++) {
    rc = udp_connect(&list[i], out);
    if (rc == 0) {
      break;
    }
  }
  xs_addr_list_free(list);
  *rc_out = rc;
  return 0;
}

int endpoint_udp(const endpoint *ep, xs_socket_t *out) {
  int rc;
  *out = XS_INVALID_SOCKET;
  if (ep->is_name) {
    if (udp_by_name(ep, out, &rc) != 0) {
      return -1;
    }
  } else {
    rc = udp_connect(&ep->addr, out);
  }
  if (rc != 0) {
    client_error("cannot open a UDP socket to %s: %s", ep->text,
                 xs_strerror(rc));
    return -1;
  }
  return 0;
}
