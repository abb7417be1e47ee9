/* SPDX-License-Identifier: MIT */
/**
 * @file addr.h
 * @brief Socket addresses (IPv4, IPv6 with scope, UNIX paths), their text
 *        form, and name resolution.
 *
 * xs_addr is a plain value: copy it, compare it with xs_addr_equal(), keep
 * it on the stack. It holds the address in a platform-neutral layout; the
 * library converts it to the OS's sockaddr at each call, and
 * xs_addr_to_sockaddr() / xs_addr_from_sockaddr() do the same for a program
 * that makes raw OS calls.
 *
 * Text forms, as parsed by xs_addr_parse() and written by xs_addr_format():
 *  - "1.2.3.4:80"          IPv4 (dotted quad, four decimal parts)
 *  - "[::1]:80"            IPv6 in brackets
 *  - "[fe80::1%eth0]:80"   IPv6 with a scope: an interface name or number
 *  - ":80"                 the any address, IPv6 "::" (see below)
 *  - "unix:/path/to/sock"  a UNIX domain socket path
 *
 * ":PORT" parses to the IPv6 any address "[::]:PORT". xs_listen() and
 * xs_udp_bind() make a socket bound to the IPv6 any address dual-stack
 * (IPV6_V6ONLY off) and fall back to IPv4 "0.0.0.0" where the host has no
 * IPv6, so ":PORT" means "every local address" on every system.
 */
#ifndef XSOCK_ADDR_H
#define XSOCK_ADDR_H

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Size of the path buffer of a UNIX address, terminating NUL included. A
 * path must be at most XS_UNIX_PATH_MAX - 1 bytes long. (Linux and Windows
 * both hold 108 bytes; a platform with a smaller sun_path rejects longer
 * paths with XS_ENAMETOOLONG when the address is used.)
 */
#define XS_UNIX_PATH_MAX 108

/** A buffer of this many bytes holds any address xs_addr_format() writes. */
#define XS_ADDR_STRLEN 128

/**
 * A socket address. Read the fields freely; prefer the functions below to
 * build one. Unused bytes are zero in every address the library makes, so
 * memcmp() of two such addresses also tells equality.
 */
typedef struct xs_addr {
  uint16_t family;             /**< an xs_family value */
  uint16_t port;               /**< port in host byte order (0 for UNIX) */
  uint32_t scope_id;           /**< IPv6 scope (zone) index; 0 for none */
  uint8_t ip[16];              /**< network byte order; IPv4 uses ip[0..3] */
  char path[XS_UNIX_PATH_MAX]; /**< UNIX path, NUL-terminated */
} xs_addr;

/**
 * @brief Parse an address with its port from text (see the forms above).
 *
 * Only numeric addresses are accepted; use xs_resolve() for host names.
 * An IPv6 scope may be an interface name (looked up with if_nametoindex) or
 * a decimal index. The port is decimal, 0 to 65535, and required for IP
 * forms.
 *
 * @param out  receives the address; zeroed on failure.
 * @param text NUL-terminated text.
 * @return 0; XS_EINVAL for NULL arguments, junk, a missing or too large
 *         port, a malformed IP, an unknown interface name; XS_ENAMETOOLONG
 *         for a UNIX path of XS_UNIX_PATH_MAX bytes or more, or an empty one.
 */
XS_EXTERN int xs_addr_parse(xs_addr *out, const char *text);

/**
 * @brief Parse a bare IP address (no brackets, no port) and set a port.
 * @param out  receives the address; zeroed on failure.
 * @param ip   "192.0.2.1", "::1", "fe80::1%eth0" or "fe80::1%2".
 * @param port port in host byte order.
 * @return 0; XS_EINVAL for NULL arguments or text that is not an IP address.
 */
XS_EXTERN int xs_addr_parse_ip(xs_addr *out, const char *ip, uint16_t port);

/**
 * @brief Write an address as text, in the form xs_addr_parse() reads.
 *
 * IPv6 is written in the RFC 5952 canonical form ("2001:db8::1", IPv4-mapped
 * as "::ffff:192.0.2.1"); a scope as the interface name if the system knows
 * it, else as its number.
 *
 * @param addr the address.
 * @param buf  output buffer; XS_ADDR_STRLEN bytes always suffice.
 * @param size size of buf in bytes.
 * @return 0; XS_EINVAL for NULL arguments or an address of no known
 *         family; XS_ENOSPC if buf is too small (buf then holds "" when
 *         size > 0: the text is never cut short).
 */
XS_EXTERN int xs_addr_format(const xs_addr *addr, char *buf, size_t size);

/**
 * @brief Write only the IP part ("::1", "192.0.2.1", "fe80::1%eth0"), or
 *        the path of a UNIX address.
 * @return as xs_addr_format().
 */
XS_EXTERN int xs_addr_format_ip(const xs_addr *addr, char *buf, size_t size);

/**
 * @brief Make the any (wildcard) address of a family: 0.0.0.0 or ::.
 * @param out    receives the address.
 * @param family XS_AF_INET or XS_AF_INET6.
 * @param port   port in host byte order.
 * @return 0; XS_EINVAL for a NULL out or another family.
 */
XS_EXTERN int xs_addr_any(xs_addr *out, int family, uint16_t port);

/**
 * @brief Make the loopback address of a family: 127.0.0.1 or ::1.
 * @return 0; XS_EINVAL for a NULL out or a family other than INET/INET6.
 */
XS_EXTERN int xs_addr_loopback(xs_addr *out, int family, uint16_t port);

/**
 * @brief Make a UNIX domain address from a file system path.
 * @param out  receives the address; zeroed on failure.
 * @param path the path; never truncated.
 * @return 0; XS_EINVAL for NULL arguments; XS_ENAMETOOLONG if the path is
 *         empty or XS_UNIX_PATH_MAX bytes or longer.
 */
XS_EXTERN int xs_addr_unix(xs_addr *out, const char *path);

/**
 * @brief Make an IPv4 address from its four bytes (network order).
 * @return 0; XS_EINVAL for NULL arguments.
 */
XS_EXTERN int xs_addr_ipv4(xs_addr *out, const uint8_t ip[4], uint16_t port);

/**
 * @brief Make an IPv6 address from its sixteen bytes (network order).
 * @return 0; XS_EINVAL for NULL arguments.
 */
XS_EXTERN int xs_addr_ipv6(xs_addr *out, const uint8_t ip[16], uint16_t port,
                           uint32_t scope_id);

/**
 * @brief The family of an address (an xs_family value).
 * @return XS_AF_UNSPEC for NULL.
 */
XS_EXTERN int xs_addr_family(const xs_addr *addr);

/**
 * @brief The port of an IP address, in host byte order.
 * @return the port; 0 for NULL, UNIX or unspecified addresses.
 */
XS_EXTERN uint16_t xs_addr_port(const xs_addr *addr);

/**
 * @brief Set the port of an IP address.
 * @return 0; XS_EINVAL for NULL or an address that is not IPv4 or IPv6.
 */
XS_EXTERN int xs_addr_set_port(xs_addr *addr, uint16_t port);

/**
 * @brief Whether two addresses are the same: family, IP, port and scope for
 *        IP addresses, path for UNIX addresses.
 * @return 1 if equal, 0 if not (or if either is NULL).
 */
XS_EXTERN int xs_addr_equal(const xs_addr *a, const xs_addr *b);

/**
 * @brief Convert to the OS's sockaddr (sockaddr_in, sockaddr_in6 or
 *        sockaddr_un), for raw OS calls.
 * @param addr the address.
 * @param sa   output; a struct sockaddr_storage always suffices.
 * @param size size of sa in bytes.
 * @param len  receives the length to pass to the OS call.
 * @return 0; XS_EINVAL for NULL arguments or no family; XS_ENOSPC if size
 *         is too small; XS_ENAMETOOLONG if a UNIX path does not fit this
 *         system's sun_path; XS_EAFNOSUPPORT if the OS has no such family.
 */
XS_EXTERN int xs_addr_to_sockaddr(const xs_addr *addr, void *sa, size_t size,
                                  size_t *len);

/**
 * @brief Convert from the OS's sockaddr.
 * @param out receives the address.
 * @param sa  a sockaddr_in, sockaddr_in6 or sockaddr_un.
 * @param len its length in bytes.
 * @return 0; XS_EINVAL for NULL arguments or a length too short for the
 *         family; XS_EAFNOSUPPORT for another family.
 */
XS_EXTERN int xs_addr_from_sockaddr(xs_addr *out, const void *sa, size_t len);

/** xs_resolve() flag: with a NULL host, return the any address (for bind). */
#define XS_RESOLVE_PASSIVE 0x1
/** xs_resolve() flag: the host must be a numeric address, in the forms
 * xs_addr_parse_ip() takes (others, such as "127.1" or octal "010.0.0.1",
 * which the C libraries read differently, are XS_EAI_NONAME); no DNS
 * query. */
#define XS_RESOLVE_NUMERIC_HOST 0x2
/** xs_resolve() flag: only families configured on this host (AI_ADDRCONFIG). */
#define XS_RESOLVE_ADDRCONFIG 0x4

/** What xs_resolve() should return. A zeroed struct means "anything". */
typedef struct xs_resolve_hints {
  int family;   /**< XS_AF_UNSPEC, XS_AF_INET or XS_AF_INET6 */
  int socktype; /**< XS_SOCK_ANY, XS_SOCK_STREAM or XS_SOCK_DGRAM */
  int flags;    /**< XS_RESOLVE_* flags */
} xs_resolve_hints;

/**
 * @brief Resolve a host and a service to addresses (getaddrinfo()).
 *
 * Every address the resolver returns is kept, in its order, once each
 * (the duplicates getaddrinfo() gives for several socket types are folded).
 * The call blocks while the resolver works.
 *
 * @param host    a name or numeric address; NULL for the local host (or the
 *                any address with XS_RESOLVE_PASSIVE).
 * @param service a port number (decimal digits only, 0 to 65535) or a
 *                service name ("http"); NULL for port 0.
 * @param hints   NULL, or what to return.
 * @param list    receives an array allocated by the library; free it with
 *                xs_addr_list_free(). NULL on failure.
 * @param count   receives the number of addresses (at least 1 on success).
 * @return 0; XS_EINVAL for bad arguments (no host and no service, unknown
 *         family or type, an empty service, a number above 65535 or with a
 *         sign or spaces, which the C libraries would wrap or accept);
 *         XS_EAI_NONAME, XS_EAI_AGAIN, XS_EAI_FAIL, XS_EAI_FAMILY,
 *         XS_EAI_SERVICE, XS_EAI_SOCKTYPE, XS_EAI_NODATA, XS_EAI_MEMORY or
 *         XS_ENOMEM as the resolver reports.
 */
XS_EXTERN int xs_resolve(const char *host, const char *service,
                         const xs_resolve_hints *hints, xs_addr **list,
                         size_t *count);

/**
 * @brief Free a list returned by xs_resolve(). NULL is allowed.
 */
XS_EXTERN void xs_addr_list_free(xs_addr *list);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_ADDR_H */
