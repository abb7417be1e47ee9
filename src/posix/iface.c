/* SPDX-License-Identifier: MIT */
/*
 * iface.c - the interface list on POSIX: getifaddrs(), one entry per
 * address, turned into one interface per index (src/common/iface.c packs
 * it). The hardware address and the index come from the interface's
 * AF_PACKET entry (Linux, struct sockaddr_ll) or AF_LINK entry (macOS and
 * the BSDs, struct sockaddr_dl), whichever CMake found; an interface known
 * only through its IP entries gets its index from if_nametoindex.
 */
#include "posix/posix.h"

#include <string.h>

#ifdef XS_HAVE_SOCKADDR_LL
#  include <netpacket/packet.h>
#endif
#ifdef XS_HAVE_SOCKADDR_DL
#  include <net/if_dl.h>
#endif

#ifndef XS_HAVE_GETIFADDRS

int xs__plat_if_list(struct xs__if_build *b) {
  (void)b;
  xs__native_set(0);
  return XS_ENOTSUP;
}

#else

/* XS_IF_UP means up and running, as Windows' operational status does. */
static unsigned map_flags(unsigned int f) {
  unsigned out = 0;
  if ((f & IFF_UP) && (f & IFF_RUNNING))
    out |= XS_IF_UP;
  if (f & IFF_LOOPBACK)
    out |= XS_IF_LOOPBACK;
  if (f & IFF_MULTICAST)
    out |= XS_IF_MULTICAST;
  return out;
}

/* The index and hardware address of a link-layer entry: 1 if sa is one
 * (then *index is set, 0 if the entry names none), else 0. */
static int link_entry(const struct sockaddr *sa, uint32_t *index,
                      const unsigned char **hw, size_t *hwlen) {
#  ifdef XS_HAVE_SOCKADDR_LL
  if (sa->sa_family == AF_PACKET) {
    const struct sockaddr_ll *ll = (const struct sockaddr_ll *)(const void *)sa;
    *index = ll->sll_ifindex > 0 ? (uint32_t)ll->sll_ifindex : 0;
    *hw = ll->sll_addr;
    *hwlen = ll->sll_halen <= sizeof ll->sll_addr ? ll->sll_halen : 0;
    return 1;
  }
#  endif
#  ifdef XS_HAVE_SOCKADDR_DL
  if (sa->sa_family == AF_LINK) {
    const struct sockaddr_dl *dl = (const struct sockaddr_dl *)(const void *)sa;
    *index = dl->sdl_index;
    *hw = (const unsigned char *)LLADDR(dl);
    *hwlen = dl->sdl_alen;
    return 1;
  }
#  endif
  (void)sa;
  (void)index;
  (void)hw;
  (void)hwlen;
  return 0;
}

/* The size of an IP sockaddr of af as stored: sa_len where the system
 * keeps it (a BSD netmask may be shorter than its struct). */
static size_t sa_size(const struct sockaddr *sa, int af) {
  size_t len =
      af == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
#  ifdef XS_HAVE_SA_LEN
  if (sa->sa_len != 0 && sa->sa_len < len)
    len = sa->sa_len;
#  else
  (void)sa;
#  endif
  return len;
}

/* The prefix length of the netmask of an address of family af. No netmask
 * means a host address (/32, /128). */
static unsigned prefix_of(const struct sockaddr *mask, int af) {
  struct sockaddr_storage ss;
  if (mask == NULL)
    return af == AF_INET ? 32 : 128;
  memset(&ss, 0, sizeof ss);
  memcpy(&ss, mask, sa_size(mask, af));
  if (af == AF_INET) {
    struct sockaddr_in in;
    memcpy(&in, &ss, sizeof in);
    return xs__if_prefix((const uint8_t *)&in.sin_addr, 4);
  }
  struct sockaddr_in6 in6;
  memcpy(&in6, &ss, sizeof in6);
  return xs__if_prefix((const uint8_t *)&in6.sin6_addr, 16);
}

/* The interface of entry e into *ifc: NULL (rc 0) when it has no index any
 * more (it went away after getifaddrs). */
static int iface_of(struct xs__if_build *b, const struct ifaddrs *e,
                    xs_interface **ifc) {
  char base[XS_IF_NAME_MAX];
  const unsigned char *hw = NULL;
  size_t hwlen = 0;
  uint32_t index = 0;
  *ifc = NULL;
  if (e->ifa_addr != NULL && link_entry(e->ifa_addr, &index, &hw, &hwlen)) {
    int rc = index == 0 ? 0 : xs__if_add(b, index, e->ifa_name, ifc);
    if (rc == 0 && *ifc != NULL && (*ifc)->mac_len == 0)
      xs__if_set_mac(*ifc, hw, hwlen);
    return rc;
  }
  *ifc = xs__if_find(b, e->ifa_name);
  if (*ifc != NULL)
    return 0;
  /* Not seen yet: ask for the index by the name without a Linux alias
   * label ("eth0:1" is "eth0"). */
  size_t n = strcspn(e->ifa_name, ":");
  if (n >= sizeof base)
    return 0;
  memcpy(base, e->ifa_name, n);
  base[n] = '\0';
  index = xs__sys.if_nametoindex(base);
  return index == 0 ? 0 : xs__if_add(b, index, base, ifc);
}

/* Add the interface of one entry, and its address if it has an IP one. */
static int add_entry(struct xs__if_build *b, const struct ifaddrs *e) {
  xs_interface *ifc;
  xs_addr a;
  if (e->ifa_name == NULL)
    return 0;
  int rc = iface_of(b, e, &ifc);
  if (rc != 0 || ifc == NULL)
    return rc;
  ifc->flags |= map_flags(e->ifa_flags);
  const struct sockaddr *sa = e->ifa_addr;
  if (sa == NULL || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
    return 0;
  if (xs__plat_from_sockaddr(&a, sa, sa_size(sa, sa->sa_family)) != 0)
    return 0; /* not an address xsock can hold */
  return xs__if_add_addr(b, ifc->index, &a,
                         prefix_of(e->ifa_netmask, sa->sa_family));
}

int xs__plat_if_list(struct xs__if_build *b) {
  struct ifaddrs *list = NULL;
  if (xs__sys.getifaddrs(&list) != 0)
    return xs__posix_errno();
  int rc = 0;
  for (const struct ifaddrs *e = list; e != NULL && rc == 0; e = e->ifa_next)
    rc = add_entry(b, e);
  xs__sys.freeifaddrs(list);
  return rc;
}

#endif /* XS_HAVE_GETIFADDRS */
