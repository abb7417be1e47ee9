/* SPDX-License-Identifier: MIT */
/*
 * show_ip.c - the record of an IPv4 or IPv6 address or prefix: the address
 * as given, the network, mask, broadcast, host range and count, the class
 * and the scopes, all from include/xsock/ipnet.h.
 */
#include <string.h>

#include "addr.h"

int ip_text(int family, const uint8_t ip[16], char *buf, size_t size) {
  xs_addr a;
  int rc = family == XS_AF_INET ? xs_addr_ipv4(&a, ip, 0)
                                : xs_addr_ipv6(&a, ip, 0, 0);
  if (rc == 0)
    rc = xs_addr_format_ip(&a, buf, size);
  return rc == 0 ? 0 : -1;
}

static int failed(const char *what, int rc) {
  addr_error("%s failed: %s (a bug: please report it)", what, xs_strerror(rc));
  return -1;
}

/* "key": the address ip of the prefix's family. */
static int field_ip(addr_out *o, const char *k, int family,
                    const uint8_t ip[16]) {
  char text[XS_ADDR_STRLEN];
  if (ip_text(family, ip, text, sizeof text) != 0)
    return failed("formatting an address", XS_EINVAL);
  out_str(o, k, text);
  return 0;
}

/* The network as "address/len", and its netmask. */
static int network_fields(addr_out *o, const xs_prefix *p) {
  xs_prefix net;
  char text[XS_PREFIX_STRLEN];
  uint8_t mask[16];
  int rc = xs_prefix_network(p, &net);
  if (rc != 0)
    return failed("xs_prefix_network", rc);
  if (field_ip(o, "network", p->family, net.ip) != 0)
    return -1;
  if ((rc = xs_prefix_format(&net, text, sizeof text)) != 0)
    return failed("xs_prefix_format", rc);
  out_str(o, "cidr", text);
  if ((rc = xs_netmask_from_len(p->family, p->len, mask)) != 0)
    return failed("xs_netmask_from_len", rc);
  return field_ip(o, "netmask", p->family, mask);
}

/* IPv4: the broadcast address, null for /31 and /32. */
static int broadcast_field(addr_out *o, const xs_prefix *p) {
  uint8_t ip[16] = {0};
  int rc = xs_prefix_broadcast(p, ip);
  if (rc == XS_ENOENT) {
    out_str(o, "broadcast", NULL);
    return 0;
  }
  if (rc != 0)
    return failed("xs_prefix_broadcast", rc);
  return field_ip(o, "broadcast", XS_AF_INET, ip);
}

static int host_fields(addr_out *o, const xs_prefix *p) {
  uint8_t ip[16];
  char count[XS_PREFIX_COUNT_STRLEN];
  int rc = xs_prefix_first_host(p, ip);
  if (rc != 0)
    return failed("xs_prefix_first_host", rc);
  if (field_ip(o, "first_host", p->family, ip) != 0)
    return -1;
  if ((rc = xs_prefix_last_host(p, ip)) != 0)
    return failed("xs_prefix_last_host", rc);
  if (field_ip(o, "last_host", p->family, ip) != 0)
    return -1;
  if ((rc = xs_prefix_host_count_text(p, count, sizeof count)) != 0)
    return failed("xs_prefix_host_count_text", rc);
  out_str(o, "host_count", count);
  return 0;
}

/* The scope names, in the order of their flags (ipnet.h). */
static int scope_fields(addr_out *o, const xs_prefix *p) {
  const char *names[16];
  size_t n = 0;
  unsigned flags = xs_prefix_scopes(p), bit;
  int mc;
  if (flags == 0)
    return failed("xs_prefix_scopes", XS_EINVAL);
  for (bit = 1; bit <= XS_SCOPE_GLOBAL; bit <<= 1)
    if ((flags & bit) != 0 && xs_scope_name(bit) != NULL)
      names[n++] = xs_scope_name(bit);
  out_strs(o, "scopes", names, n);
  if (p->family == XS_AF_INET6 && (mc = xs_ipv6_multicast_scope(p->ip)) >= 0)
    out_str(o, "multicast_scope", xs_ipv6_multicast_scope_name(mc));
  return 0;
}

static int prefix_fields(addr_out *o, const xs_prefix *p, const char *zone) {
  int v4 = p->family == XS_AF_INET;
  char cls[2] = {0, 0};
  if (field_ip(o, "address", p->family, p->ip) != 0)
    return -1;
  if (zone != NULL)
    out_str(o, "zone", zone);
  out_uint(o, "prefix_len", p->len);
  if (network_fields(o, p) != 0 || (v4 && broadcast_field(o, p) != 0) ||
      host_fields(o, p) != 0)
    return -1;
  if (v4) {
    cls[0] = xs_ipv4_class(p->ip);
    out_str(o, "class", cls);
  }
  return scope_fields(o, p);
}

int show_prefix(addr_out *o, const char *input, const xs_prefix *p,
                const char *zone) {
  int rc;
  out_begin(o);
  out_str(o, "input", input);
  out_str(o, "kind", p->family == XS_AF_INET ? "ipv4" : "ipv6");
  rc = prefix_fields(o, p, zone);
  out_end(o);
  return rc;
}
