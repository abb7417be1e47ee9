/* SPDX-License-Identifier: MIT */
/*
 * show_misc.c - the records of a MAC address (mac.h), a port and a
 * service name (service.h), and a URL (url.h).
 */
#include <stdio.h>
#include <string.h>

#include "addr.h"

/* Three bytes as colon hex text: "00:50:56". */
static void hex3(const uint8_t *b, char out[9]) {
  snprintf(out, 9, "%02x:%02x:%02x", b[0], b[1], b[2]);
}

int show_mac(addr_out *o, const char *input, const xs_mac *mac) {
  char text[XS_MAC_STRLEN], oui[9], nic[9];
  int rc = xs_mac_format(mac, text, sizeof text);
  if (rc != 0) {
    addr_error("xs_mac_format failed: %s", xs_strerror(rc));
    return -1;
  }
  hex3(mac->b, oui);
  hex3(mac->b + 3, nic);
  out_begin(o);
  out_str(o, "input", input);
  out_str(o, "kind", "mac");
  out_str(o, "mac", text);
  out_str(o, "oui", oui);
  out_str(o, "nic", nic);
  out_bool(o, "multicast", xs_mac_is_multicast(mac));
  out_bool(o, "local", xs_mac_is_local(mac));
  out_bool(o, "broadcast", xs_mac_is_broadcast(mac));
  out_end(o);
  return 0;
}

int show_port(addr_out *o, const char *input, uint16_t port) {
  xs_service list[XS_SERVICE_LIST_MAX];
  size_t count = 0, i;
  int rc = xs_service_by_port(port, NULL, list, XS_SERVICE_LIST_MAX, &count);
  if (rc == XS_ENOENT) {
    count = 0;
  } else if (rc != 0) {
    addr_error("services of port %u: %s", (unsigned)port, xs_strerror(rc));
    return -1;
  }
  out_begin(o);
  out_str(o, "input", input);
  out_str(o, "kind", "port");
  out_uint(o, "port", port);
  out_str(o, "range", xs_port_range_name(xs_port_range_of(port)));
  out_list_begin(o, "services");
  for (i = 0; i < count; i++)
    out_pair(o, "name", list[i].name, "protocol", list[i].protocol, 0);
  out_list_end(o);
  out_end(o);
  return 0;
}

int show_service(addr_out *o, const char *input, const char *name,
                 uint16_t port, unsigned protocols) {
  const char *names[2];
  size_t n = 0;
  if ((protocols & XS_SERVICE_TCP) != 0)
    names[n++] = "tcp";
  if ((protocols & XS_SERVICE_UDP) != 0)
    names[n++] = "udp";
  out_begin(o);
  out_str(o, "input", input);
  out_str(o, "kind", "service");
  out_str(o, "name", name);
  out_uint(o, "port", port);
  out_str(o, "range", xs_port_range_name(xs_port_range_of(port)));
  out_strs(o, "protocols", names, n);
  out_end(o);
  return 0;
}

static const char *host_type_name(int type) {
  switch (type) {
  case XS_URL_HOST_NAME:
    return "name";
  case XS_URL_HOST_IPV4:
    return "ipv4";
  case XS_URL_HOST_IPV6:
    return "ipv6";
  default:
    return "none";
  }
}

int show_url(addr_out *o, const char *input, const xs_url *url) {
  out_begin(o);
  out_str(o, "input", input);
  out_str(o, "kind", "url");
  out_str(o, "scheme", url->scheme);
  out_str(o, "host", url->host);
  out_str(o, "host_type", host_type_name(url->host_type));
  if (url->port_known)
    out_uint(o, "port", url->port);
  else
    out_str(o, "port", NULL);
  out_str(o, "path", url->path);
  out_end(o);
  return 0;
}
