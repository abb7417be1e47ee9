/* SPDX-License-Identifier: MIT */
/*
 * iface.c - --interfaces: one record per network interface (iface.h), with
 * its name, index, hardware address, flags and addresses.
 */
#include <stdio.h>

#include "addr.h"

/* The hardware address: a MAC-48 as xs_mac_format() writes it, another
 * length as colon hex bytes too; NULL when there is none. */
static const char *mac_text(const xs_interface *it, char *buf, size_t size) {
  xs_mac mac;
  size_t i, pos = 0;
  if (it->mac_len == 6 && xs_mac_from_bytes(&mac, it->mac, 6) == 0 &&
      xs_mac_format(&mac, buf, size) == 0)
    return buf;
  if (it->mac_len == 0 || it->mac_len > XS_IF_MAC_MAX || size < 3 * 8)
    return NULL;
  for (i = 0; i < it->mac_len; i++)
    pos += (size_t)snprintf(buf + pos, size - pos, "%s%02x", i ? ":" : "",
                            it->mac[i]);
  return buf;
}

static void show_flags(addr_out *o, unsigned flags) {
  const char *names[3];
  size_t n = 0;
  if ((flags & XS_IF_UP) != 0)
    names[n++] = "up";
  if ((flags & XS_IF_LOOPBACK) != 0)
    names[n++] = "loopback";
  if ((flags & XS_IF_MULTICAST) != 0)
    names[n++] = "multicast";
  out_strs(o, "flags", names, n);
}

/* The addresses, without a zone: the interface says which it is. */
static int show_addrs(addr_out *o, const xs_interface *it) {
  char text[XS_ADDR_STRLEN], len[16];
  size_t i;
  int rc = 0;
  out_list_begin(o, "addresses");
  for (i = 0; i < it->addr_count; i++) {
    const xs_addr *a = &it->addrs[i].addr;
    if (ip_text(a->family, a->ip, text, sizeof text) != 0) {
      addr_error("interface %s: an address of family %d cannot be written",
                 it->name, a->family);
      rc = -1;
      break;
    }
    snprintf(len, sizeof len, "%u", it->addrs[i].prefix_len);
    out_pair(o, "address", text, "prefix_len", len, 1);
  }
  out_list_end(o);
  return rc;
}

int run_interfaces(addr_out *o) {
  xs_interface *list = NULL;
  size_t count = 0, i;
  char mac[XS_MAC_STRLEN + 3 * XS_IF_MAC_MAX];
  int rc = xs_if_list(&list, &count), code = EXIT_OK;
  if (rc != 0) {
    addr_error("cannot list the interfaces: %s (%s)", xs_strerror(rc),
               xs_err_name(rc));
    return EXIT_RUNTIME;
  }
  for (i = 0; i < count && code == EXIT_OK; i++) {
    out_begin(o);
    out_str(o, "kind", "interface");
    out_str(o, "name", list[i].name);
    out_uint(o, "index", list[i].index);
    out_str(o, "mac", mac_text(&list[i], mac, sizeof mac));
    show_flags(o, list[i].flags);
    if (show_addrs(o, &list[i]) != 0)
      code = EXIT_RUNTIME;
    out_end(o);
  }
  xs_if_list_free(list);
  return code;
}
