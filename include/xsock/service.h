/* SPDX-License-Identifier: MIT */
/**
 * @file service.h
 * @brief Ports and services: a service name to its port ("https" -> 443),
 *        a port to its service names, and the IANA port ranges.
 *
 * Two sources answer, in this order:
 *  1. the system's services database: getservbyname() / getservbyport()
 *     (getservbyname_r() / getservbyport_r() where the system has them).
 *     POSIX reads /etc/services (Debian: package netbase); Windows reads
 *     \%SystemRoot\%\\system32\\drivers\\etc\\services (wine: the same file in
 *     its prefix).
 *  2. a built-in table, when the system does not know the name or port,
 *     has no services file, or its lookup fails (or Winsock cannot
 *     start). It holds these 22 services, with the protocols Debian's
 *     netbase 6.4 /etc/services lists for them (that file follows the IANA
 *     registry, but lists a protocol only where the service is used over
 *     it; IANA registers most of these for both tcp and udp):
 *
 * | name        | port | protocols |
 * |-------------|------|-----------|
 * | echo        | 7    | tcp udp   |
 * | discard     | 9    | tcp udp   |
 * | daytime     | 13   | tcp udp   |
 * | chargen     | 19   | tcp udp   |
 * | ftp-data    | 20   | tcp       |
 * | ftp         | 21   | tcp       |
 * | ssh         | 22   | tcp       |
 * | telnet      | 23   | tcp       |
 * | smtp        | 25   | tcp       |
 * | time        | 37   | tcp udp   |
 * | domain      | 53   | tcp udp   |
 * | bootps      | 67   | udp       |
 * | bootpc      | 68   | udp       |
 * | tftp        | 69   | udp       |
 * | finger      | 79   | tcp       |
 * | http        | 80   | tcp       |
 * | sunrpc      | 111  | tcp udp   |
 * | ntp         | 123  | udp       |
 * | https       | 443  | tcp udp   |
 * | rmiregistry | 1099 | tcp       |
 * | nfs         | 2049 | tcp udp   |
 * | http-alt    | 8080 | tcp       |
 *
 * The merge rule, applied to tcp and udp separately:
 *  - By name: the system's answer if it has one, else the table's. So the
 *    system decides the port of a name it knows and adds the names and
 *    aliases the table lacks; the table fills in the names and protocols
 *    the system lacks.
 *  - By port: the system's entry (getservbyport() gives one, the first in
 *    its file), then every table entry for the port not already listed: a
 *    table entry is always listed.
 *
 * For the 22 names above the answers are the same on every system
 * measured: glibc with Debian's netbase file, glibc without any
 * /etc/services, and wine 8. Each name resolves to its port with exactly
 * the protocols above, and a lookup of its port lists it under each of
 * them. Wine's services file lacks rmiregistry and http-alt and calls 2049
 * "nfsd" (udp only, "nfs" an alias), and wine's getservbyport() finds no
 * port whose low byte is 128 or more (443, 445, 8080): the table answers
 * there. A port's list may hold more than the table's names (2049 under
 * wine: "nfsd" for udp as well; 21: "fsp" for udp, from both systems'
 * files), and a services file that lists more protocols for one of these
 * names than netbase does (files that copy the whole IANA registry do)
 * adds them.
 *
 * Names are compared without regard to ASCII case ("HTTP" is "http"), as
 * Winsock compares them (measured under wine 8); glibc compares exactly,
 * so the POSIX layer asks again in lower case. A lookup by an alias
 * ("www" for http, "webcache" for http-alt) succeeds where the system's
 * database knows the alias: glibc does, wine 8 matches primary names only,
 * and the table has no aliases. A number is not a name: "80" is
 * XS_ENOENT.
 *
 * Thread safety: every function here may be called from several threads.
 * POSIX uses getservbyname_r() / getservbyport_r() where the build finds
 * them (glibc, musl, FreeBSD); elsewhere the classic calls, whose result
 * is static storage, run under a lock that serialises xsock's own calls
 * (not other code in the process that calls them). Windows keeps the
 * result of getservbyname() / getservbyport() per thread; it is copied at
 * once. Winsock is started first (see xs_init()).
 */
#ifndef XSOCK_SERVICE_H
#define XSOCK_SERVICE_H

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A buffer of this many bytes holds any service name this API returns,
 * terminating NUL included. IANA's names are at most 15 characters (RFC
 * 6335); a system entry whose name is longer than XS_SERVICE_NAME_MAX - 1
 * is left out of xs_service_by_port()'s list, and a name that long is
 * XS_ENOENT for the lookups by name.
 */
#define XS_SERVICE_NAME_MAX 32

/**
 * An array of this many xs_service always holds xs_service_by_port()'s
 * list: for each of tcp and udp, the system's entry and the table's.
 */
#define XS_SERVICE_LIST_MAX 4

/** Protocol bit of xs_service_protocols(): the name is known for tcp. */
#define XS_SERVICE_TCP 0x1
/** Protocol bit of xs_service_protocols(): the name is known for udp. */
#define XS_SERVICE_UDP 0x2

/** The three port ranges of the IANA registry (RFC 6335, section 6). */
typedef enum xs_port_range {
  /** 0 to 1023: System Ports ("well-known"). */
  XS_PORT_WELL_KNOWN = 0,
  /** 1024 to 49151: User Ports ("registered"). */
  XS_PORT_REGISTERED = 1,
  /** 49152 to 65535: Dynamic and/or Private Ports ("dynamic"), never
   * assigned by IANA; the range RFC 6335 recommends for ephemeral ports
   * (Windows uses it; Linux's default ephemeral range is 32768-60999). */
  XS_PORT_DYNAMIC = 2
} xs_port_range;

/** One service of a port: a name under one protocol. */
typedef struct xs_service {
  /** The service's name, NUL-terminated, as its source spells it (the
   * system's database or the built-in table). */
  char name[XS_SERVICE_NAME_MAX];
  /** "tcp" or "udp", NUL-terminated. */
  char protocol[4];
  /** The port, in host byte order. */
  uint16_t port;
} xs_service;

/**
 * @brief The port of a service name.
 *
 * The system's database is asked first, then the built-in table (see the
 * merge rule above). With protocol NULL, the answer for "tcp" if there is
 * one, else the one for "udp".
 *
 * POSIX: getservbyname_r() (or getservbyname()). Winsock: getservbyname().
 *
 * @param name     a service name ("http", "ssh"); ASCII case is ignored.
 * @param protocol "tcp", "udp" (lower case), or NULL for either.
 * @param port     receives the port in host byte order; 0 on failure.
 * @return 0; XS_EINVAL (NULL name or port, an empty name, a protocol other
 *         than "tcp", "udp" or NULL); XS_ENOENT (neither the system nor the
 *         table knows the name under that protocol; xs_native_error() holds
 *         the code of the system's last lookup, for diagnostics: when it
 *         simply did not know the name, 0 on POSIX and WSANO_DATA on
 *         Windows).
 */
XS_EXTERN int xs_service_by_name(const char *name, const char *protocol,
                                 uint16_t *port);

/**
 * @brief A service name's port and the protocols it is known for: what
 *        "xsock-addr https" prints as {"name", "port", "protocols"}.
 *
 * The port is the one xs_service_by_name(name, NULL) gives; a protocol's
 * bit is set when xs_service_by_name(name, protocol) gives that same port.
 *
 * @param name      a service name; ASCII case is ignored.
 * @param port      receives the port in host byte order; 0 on failure.
 * @param protocols receives XS_SERVICE_TCP and/or XS_SERVICE_UDP, OR-ed
 *                  (never 0 on success); 0 on failure.
 * @return 0; XS_EINVAL (a NULL argument, an empty name); XS_ENOENT (the
 *         name is not known under either protocol).
 */
XS_EXTERN int xs_service_protocols(const char *name, uint16_t *port,
                                   unsigned *protocols);

/**
 * @brief Every service known for a port: what "xsock-addr 443" prints as
 *        {"port", "range", "services": [{"name", "protocol"}]}.
 *
 * The list holds the tcp entries first, then the udp ones; within a
 * protocol, the system's entry (getservbyport() gives one: the first in
 * its file) and then the built-in table's, each (name, protocol) once
 * (names compared without regard to ASCII case).
 *
 * POSIX: getservbyport_r() (or getservbyport()). Winsock: getservbyport().
 *
 * @param port     the port, in host byte order.
 * @param protocol "tcp", "udp" (lower case), or NULL for both.
 * @param out      receives the list; may be NULL when cap is 0.
 * @param cap      number of entries out holds; XS_SERVICE_LIST_MAX always
 *                 suffices.
 * @param count    receives the number of entries in the list, also when it
 *                 did not fit (0 on XS_ENOENT and XS_EINVAL).
 * @return 0; XS_EINVAL (NULL count, NULL out with cap > 0, a protocol other
 *         than "tcp", "udp" or NULL); XS_ENOENT (no service is known for
 *         the port); XS_ENOSPC (cap is smaller than *count: out holds the
 *         first cap entries).
 */
XS_EXTERN int xs_service_by_port(uint16_t port, const char *protocol,
                                 xs_service *out, size_t cap, size_t *count);

/**
 * @brief The IANA range a port belongs to.
 * @param port a port in host byte order.
 * @return XS_PORT_WELL_KNOWN (0 to 1023), XS_PORT_REGISTERED (1024 to
 *         49151) or XS_PORT_DYNAMIC (49152 to 65535).
 */
XS_EXTERN xs_port_range xs_port_range_of(uint16_t port);

/**
 * @brief The name of a port range.
 * @param range an xs_port_range value.
 * @return "well-known", "registered" or "dynamic"; "unknown" for a value
 *         that is not an xs_port_range. A static string, never NULL.
 */
XS_EXTERN const char *xs_port_range_name(xs_port_range range);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_SERVICE_H */
