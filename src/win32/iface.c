/* SPDX-License-Identifier: MIT */
/*
 * iface.c - the interface list on Windows: GetAdaptersAddresses(), one
 * entry per interface with its unicast addresses (src/common/iface.c packs
 * the list). The name is the NDIS name of the interface's LUID
 * (ConvertInterfaceLuidToNameA: "loopback_0", "ethernet_32768"), the one
 * if_nametoindex and if_indextoname use, so names round-trip with
 * xs_if_index / xs_if_name; not AdapterName (a GUID) or FriendlyName.
 */
#include "win32.h"

#include <stdlib.h>
#include <string.h>

#ifndef IP_ADAPTER_NO_MULTICAST
#  define IP_ADAPTER_NO_MULTICAST 0x0010
#endif

/* Neither anycast, multicast nor DNS server addresses, nor the friendly
 * name: only what xs_interface holds. */
#define LIST_FLAGS                                                             \
  (GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |                           \
   GAA_FLAG_SKIP_DNS_SERVER | GAA_FLAG_SKIP_FRIENDLY_NAME)

/* The adapters into a malloc'ed buffer (*out NULL when there are none).
 * The list may grow between the size query and the call: retry a few
 * times with the size the system asks for. */
static int fetch(IP_ADAPTER_ADDRESSES **out) {
  ULONG size = 16384, rc = ERROR_BUFFER_OVERFLOW;
  *out = NULL;
  for (int tries = 0; tries < 4 && rc == ERROR_BUFFER_OVERFLOW; tries++) {
    IP_ADAPTER_ADDRESSES *buf = malloc(size);
    if (buf == NULL)
      return xs__plat_error(ERROR_NOT_ENOUGH_MEMORY);
    ULONG want = size;
    rc =
        xs__sys.get_adapters_addresses(AF_UNSPEC, LIST_FLAGS, NULL, buf, &want);
    if (rc == NO_ERROR) {
      *out = buf;
      return 0;
    }
    free(buf);
    size = want > size ? want : size * 2;
  }
  if (rc == ERROR_NO_DATA)
    return 0; /* no interface at all */
  return xs__plat_error((int)rc);
}

static unsigned map_flags(const IP_ADAPTER_ADDRESSES *p) {
  unsigned f = 0;
  if (p->OperStatus == IfOperStatusUp)
    f |= XS_IF_UP;
  if (p->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
    f |= XS_IF_LOOPBACK;
  if ((p->Flags & IP_ADAPTER_NO_MULTICAST) == 0)
    f |= XS_IF_MULTICAST;
  return f;
}

/* The name if_nametoindex takes: the LUID's NDIS name, or if_indextoname's
 * answer if the LUID has none. 0 if neither knows one. */
static int ndis_name(const IP_ADAPTER_ADDRESSES *p, uint32_t index,
                     char name[XS_IF_NAME_MAX]) {
  memset(name, 0, XS_IF_NAME_MAX);
  if (xs__sys.luid_to_name(&p->Luid, name, XS_IF_NAME_MAX) == NO_ERROR &&
      name[0] != '\0')
    return 1;
  memset(name, 0, XS_IF_NAME_MAX);
  return xs__sys.if_indextoname(index, name) != NULL && name[0] != '\0';
}

static int add_adapter(struct xs__if_build *b, const IP_ADAPTER_ADDRESSES *p) {
  char name[XS_IF_NAME_MAX];
  xs_interface *ifc;
  xs_addr a;
  /* One index per interface since Vista; IfIndex is 0 when IPv4 is off
   * there, Ipv6IfIndex is 0 under wine. */
  uint32_t index = p->IfIndex != 0 ? p->IfIndex : p->Ipv6IfIndex;
  if (index == 0 || !ndis_name(p, index, name))
    return 0;
  int rc = xs__if_add(b, index, name, &ifc);
  if (rc != 0)
    return rc;
  ifc->flags |= map_flags(p);
  if (ifc->mac_len == 0 &&
      p->PhysicalAddressLength <= sizeof p->PhysicalAddress)
    xs__if_set_mac(ifc, p->PhysicalAddress, p->PhysicalAddressLength);
  for (const IP_ADAPTER_UNICAST_ADDRESS *u = p->FirstUnicastAddress;
       u != NULL && rc == 0; u = u->Next) {
    const SOCKADDR *sa = u->Address.lpSockaddr;
    int len = u->Address.iSockaddrLength;
    if (sa == NULL || len <= 0 ||
        (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
      continue;
    if (xs__plat_from_sockaddr(&a, sa, (size_t)len) != 0)
      continue;
    rc = xs__if_add_addr(b, index, &a, u->OnLinkPrefixLength);
  }
  return rc;
}

int xs__plat_if_list(struct xs__if_build *b) {
  IP_ADAPTER_ADDRESSES *list;
  int rc = fetch(&list);
  for (const IP_ADAPTER_ADDRESSES *p = list; p != NULL && rc == 0; p = p->Next)
    rc = add_adapter(b, p);
  free(list);
  return rc;
}
