/* SPDX-License-Identifier: MIT */
/**
 * @file iface.h
 * @brief The host's network interfaces: list them with their addresses,
 *        look one up by name or index, find the loopback interface.
 *
 * An interface has a name, an index, flags, a hardware address when it has
 * one, and every IPv4 and IPv6 address assigned to it with its prefix
 * length. The index is what xs_socket_join_group() and the scope id of an
 * IPv6 address (xs_addr.scope_id) take; the name is what xs_if_index() and
 * the "%zone" of an address text take. Names and indexes round-trip:
 * xs_if_index(iface->name) gives iface->index, and xs_if_name(iface->index)
 * gives iface->name, on every system.
 *
 * POSIX: getifaddrs(); the hardware address from its AF_PACKET (Linux) or
 * AF_LINK (macOS, the BSDs) entries. Windows: GetAdaptersAddresses(); the
 * name is the interface's NDIS name from ConvertInterfaceLuidToNameA()
 * ("loopback_0", "ethernet_32768"), the one if_nametoindex() takes, not
 * the adapter's GUID or its friendly name ("Ethernet 2").
 *
 * What is the same on every system:
 * - Interfaces are listed in increasing index order; each interface's
 *   addresses are listed IPv4 first, then IPv6, each family in the order
 *   the system gives. Interfaces that are down are listed too.
 * - The loopback interface (xs_if_loopback()) has XS_IF_LOOPBACK and
 *   XS_IF_UP and holds 127.0.0.1/8, and ::1/128 where the host has IPv6.
 *   Its hardware address is empty (mac_len 0).
 *
 * Where the systems differ, because the system says so:
 * - The loopback interface's name and index: "lo" on Linux, "lo0" on macOS
 *   and the BSDs, "loopback_0" on Windows, "loopback_1" under wine 8 (wine
 *   names each interface after its type and the Linux host's index). The
 *   index is often 1, but that is not promised: look it up with
 *   xs_if_loopback().
 * - XS_IF_MULTICAST is the system's own flag. Linux does not set it on
 *   "lo" (IFF_MULTICAST is off there, yet a group can be joined on it);
 *   Windows sets it on the loopback interface, and wine 8 on every
 *   interface.
 * - Linux gives an IPv4 alias address ("eth0:1") to its interface
 *   ("eth0"): an interface appears once, with all its addresses.
 *
 * Every function that lists or looks up interfaces asks the system anew (no
 * caching) and allocates the result; free it with xs_if_list_free().
 */
#ifndef XSOCK_IFACE_H
#define XSOCK_IFACE_H

#include "addr.h"
#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A buffer of this many bytes holds any interface name, terminating NUL
 * included (Windows allows 256 characters; Linux 15).
 */
#define XS_IF_NAME_MAX 257

/** Room for a hardware address in xs_interface (MAC-48 is 6 bytes). */
#define XS_IF_MAC_MAX 8

/**
 * Interface flag: the interface is up and running, ready to pass traffic.
 * POSIX: IFF_UP and IFF_RUNNING. Windows: OperStatus is IfOperStatusUp.
 */
#define XS_IF_UP 0x1
/**
 * Interface flag: the loopback interface. POSIX: IFF_LOOPBACK. Windows:
 * IfType is IF_TYPE_SOFTWARE_LOOPBACK.
 */
#define XS_IF_LOOPBACK 0x2
/**
 * Interface flag: the system says the interface supports multicast. POSIX:
 * IFF_MULTICAST. Windows: the adapter lacks IP_ADAPTER_NO_MULTICAST. See
 * the file's notes for the loopback interface.
 */
#define XS_IF_MULTICAST 0x4

/** One address of an interface. */
typedef struct xs_if_addr {
  /** The address: XS_AF_INET or XS_AF_INET6, port 0. An IPv6 link-local
   * address carries its interface's index as scope_id. */
  xs_addr addr;
  /** Prefix length: the number of leading one bits of the netmask, 0 to 32
   * (IPv4) or 0 to 128 (IPv6). */
  unsigned prefix_len;
} xs_if_addr;

/**
 * One network interface. Read the fields freely; the library fills every
 * one (unused bytes are zero).
 */
typedef struct xs_interface {
  /** The interface's name, NUL-terminated; see xs_if_index(). */
  char name[XS_IF_NAME_MAX];
  /** The interface index (never 0). */
  uint32_t index;
  /** XS_IF_UP, XS_IF_LOOPBACK and XS_IF_MULTICAST, OR-ed. */
  unsigned flags;
  /** The hardware address, mac_len bytes; MAC-48 for Ethernet and Wi-Fi. */
  uint8_t mac[XS_IF_MAC_MAX];
  /** Length of mac: 6 for a MAC-48, up to XS_IF_MAC_MAX; 0 when the
   * interface has none (loopback, tunnels), when the system reports only
   * zero bytes, or when the address is longer than XS_IF_MAC_MAX. */
  size_t mac_len;
  /** The interface's IPv4 and IPv6 addresses, addr_count of them (IPv4
   * first); NULL when it has none. Freed with the list. */
  xs_if_addr *addrs;
  /** Number of entries in addrs. */
  size_t addr_count;
} xs_interface;

/**
 * @brief List the host's network interfaces with their addresses.
 *
 * @param list  receives an array allocated by the library, in increasing
 *              index order; free it with xs_if_list_free(). NULL on
 *              failure, and when the host has no interface.
 * @param count receives the number of interfaces (0 on failure).
 * @return 0; XS_EINVAL (NULL argument); XS_ENOMEM (out of memory);
 *         XS_ENOTSUP (a POSIX system without getifaddrs()); another
 *         XS_E... code when the system cannot list its interfaces
 *         (getifaddrs() / GetAdaptersAddresses() failed;
 *         xs_native_error() holds its code).
 */
XS_EXTERN int xs_if_list(xs_interface **list, size_t *count);

/**
 * @brief Free what xs_if_list(), xs_if_by_name(), xs_if_by_index() or
 *        xs_if_loopback() returned, addresses included. NULL is allowed.
 */
XS_EXTERN void xs_if_list_free(xs_interface *list);

/**
 * @brief Look up one interface by its name.
 *
 * The name is resolved as xs_if_index() resolves it, so both always agree
 * (on Linux an alias label such as "eth0:1" finds "eth0").
 *
 * @param name an interface name ("eth0", "lo", "loopback_0").
 * @param out  receives one interface allocated by the library; free it
 *             with xs_if_list_free(). NULL on failure.
 * @return 0; XS_EINVAL (NULL, or an empty name); XS_ENOENT (no such
 *         interface); XS_ENOMEM; or an error of xs_if_list().
 */
XS_EXTERN int xs_if_by_name(const char *name, xs_interface **out);

/**
 * @brief Look up one interface by its index.
 * @param index an interface index.
 * @param out   receives one interface allocated by the library; free it
 *              with xs_if_list_free(). NULL on failure.
 * @return 0; XS_EINVAL (NULL out); XS_ENOENT (no such interface; index 0
 *         never names one); XS_ENOMEM; or an error of xs_if_list().
 */
XS_EXTERN int xs_if_by_index(uint32_t index, xs_interface **out);

/**
 * @brief The loopback interface: the portable way to get its index (for a
 *        multicast join on loopback, or the scope id of an IPv6
 *        link-local address on it) and its name.
 *
 * The interface chosen is the one with XS_IF_LOOPBACK that holds
 * 127.0.0.1, or else the first one with XS_IF_LOOPBACK.
 *
 * A multicast group can be joined on it by this index, IPv4 and IPv6, on
 * Linux and Windows, with two limits the systems impose: wine 8 cannot
 * join an IPv4 group by index (xs_socket_join_group() says XS_ENOTSUP),
 * and Linux has no IPv6 multicast route out of "lo" (IFF_MULTICAST is
 * off), so sending IPv6 multicast there gives XS_ENETUNREACH (also under
 * wine, which uses the Linux stack). IPv4 multicast sent from a socket
 * bound to 127.0.0.1 reaches a member that joined on it.
 *
 * @param out receives one interface allocated by the library; free it with
 *            xs_if_list_free(). NULL on failure.
 * @return 0; XS_EINVAL (NULL out); XS_ENOENT (the host has no loopback
 *         interface); XS_ENOMEM; or an error of xs_if_list().
 */
XS_EXTERN int xs_if_loopback(xs_interface **out);

/**
 * @brief The interface index of an interface name (if_nametoindex).
 * @param name  an interface name ("eth0", "lo", "loopback_0").
 * @param index receives the index (0 on failure).
 * @return 0; XS_EINVAL (NULL, or an empty name); XS_ENOENT (no such
 *         interface).
 */
XS_EXTERN int xs_if_index(const char *name, uint32_t *index);

/**
 * @brief The name of an interface index (if_indextoname).
 * @param index an interface index.
 * @param buf   receives the NUL-terminated name; XS_IF_NAME_MAX bytes
 *              always suffice.
 * @param size  size of buf in bytes.
 * @return 0; XS_EINVAL (NULL buf, or size 0); XS_ENOENT (no such
 *         interface; index 0 never names one); XS_ENOSPC (buf too small:
 *         it then holds "", the name is never cut short).
 */
XS_EXTERN int xs_if_name(uint32_t index, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_IFACE_H */
