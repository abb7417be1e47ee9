/* SPDX-License-Identifier: MIT */
/**
 * @file ipnet.h
 * @brief IP prefixes (CIDR networks): parse and write them, masks, network
 *        and broadcast addresses, host ranges and counts, containment,
 *        splitting, summarizing, IPv4 classes and address scopes.
 *
 * An xs_prefix is a plain value, like xs_addr: an address and a prefix
 * length. The address is kept as given, host bits included, so
 * "192.168.10.77/25" keeps both the host (.77) and the network it lies in
 * (192.168.10.0/25); xs_prefix_network() clears the host bits. Functions
 * that compare or combine prefixes (xs_prefix_contains(),
 * xs_prefix_split(), xs_prefix_summarize()) use only the network bits.
 *
 * The whole file is pure computation: no system call, no locale, no
 * allocation except in xs_prefix_summarize() (see there). The text forms
 * are the library's own strict ones (addr.h): a dotted quad with four
 * decimal parts and no leading zeros, and RFC 4291 IPv6 text written back
 * in the RFC 5952 canonical form. All arithmetic is exact over the whole
 * 128-bit space (without a compiler's 128-bit integer type, so the code
 * builds with MSVC too).
 *
 * Conventions shared by every function here:
 *  - A valid xs_prefix has family XS_AF_INET with len 0 to 32 and
 *    ip[4..15] zero, or family XS_AF_INET6 with len 0 to 128. Any other
 *    value (a NULL pointer, another family, a length too large, non-zero
 *    bytes after an IPv4 address) is refused with XS_EINVAL.
 *  - Address outputs are 16-byte arrays in network byte order; an IPv4
 *    address fills bytes 0 to 3 and the other twelve are set to zero.
 *  - Outputs are not cut short: a result that does not fit is XS_ENOSPC,
 *    with the needed size where the function says so.
 *  - Failures found here record native error 0 (xs_native_error()).
 */
#ifndef XSOCK_IPNET_H
#define XSOCK_IPNET_H

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An IP prefix: an address and how many of its leading bits name the
 * network. An address alone is a prefix of full length (/32, /128).
 * Build one with xs_prefix_parse() or xs_prefix_make(); a zeroed struct
 * with the fields set by hand is valid too (see the file's conventions).
 * Every prefix the library writes is zeroed first, padding included, so
 * memcmp() of two such prefixes also tells equality.
 */
typedef struct xs_prefix {
  uint16_t family; /**< XS_AF_INET or XS_AF_INET6 */
  uint8_t len;     /**< prefix length: 0 to 32 (IPv4) or 0 to 128 (IPv6) */
  uint8_t ip[16];  /**< the address as given, host bits kept, network byte
                        order; IPv4 in ip[0..3], ip[4..15] zero */
} xs_prefix;

/**
 * A buffer of this many bytes holds any text xs_prefix_format() writes,
 * NUL included: INET6_ADDRSTRLEN (46) plus "/128".
 */
#define XS_PREFIX_STRLEN 50

/**
 * A buffer of this many bytes holds any text xs_prefix_host_count_text()
 * writes, NUL included: 2^128 has 39 decimal digits.
 */
#define XS_PREFIX_COUNT_STRLEN 40

/* ---- text and construction ---------------------------------------------- */

/**
 * @brief Parse "address/length" or a bare address.
 *
 * Accepted: "192.168.10.0/25", "192.168.10.77/25" (host bits kept),
 * "10.0.0.1" (a /32), "2001:db8::/32", "::1" (a /128),
 * "::ffff:192.0.2.0/120". The address is IPv6 if it holds a ':', else
 * IPv4, read by the library's strict parsers (no leading zeros in dotted
 * parts, no inet_aton() short forms such as "10.1"). The length is 1 to 3
 * decimal digits, at most 32 (IPv4) or 128 (IPv6), with no sign, space or
 * leading zero ("/0" is fine, "/08" is not: other parsers read it as octal
 * or refuse it). Refused: a zone ("fe80::1%eth0/64"), brackets, a dotted
 * netmask ("10.0.0.0/255.0.0.0"; see xs_netmask_to_len()), an empty
 * length ("10.0.0.0/"), anything before or after.
 *
 * @param out  receives the prefix; zeroed on failure.
 * @param text NUL-terminated text.
 * @return 0; XS_EINVAL for NULL arguments or text that is not a prefix.
 */
XS_EXTERN int xs_prefix_parse(xs_prefix *out, const char *text);

/**
 * @brief Make a prefix from an address's bytes and a length.
 * @param out    receives the prefix (host bits kept); zeroed on failure.
 * @param family XS_AF_INET (4 bytes read) or XS_AF_INET6 (16 bytes read).
 * @param ip     the address, network byte order.
 * @param len    prefix length, at most 32 or 128.
 * @return 0; XS_EINVAL for NULL arguments, another family or a length too
 *         large.
 */
XS_EXTERN int xs_prefix_make(xs_prefix *out, int family, const uint8_t *ip,
                             unsigned len);

/**
 * @brief Write a prefix as "address/length", in the form xs_prefix_parse()
 *        reads back to the same value.
 *
 * The address is written as stored (host bits kept): "192.0.2.77/24".
 * IPv6 in the RFC 5952 canonical form, IPv4-mapped addresses as
 * "::ffff:a.b.c.d". The length is always written, also for /32 and /128.
 *
 * @param p    the prefix.
 * @param buf  output buffer; XS_PREFIX_STRLEN bytes always suffice.
 * @param size size of buf in bytes.
 * @return 0; XS_EINVAL for a NULL buf or an invalid prefix; XS_ENOSPC if
 *         the text does not fit. On failure buf holds "" (when size > 0).
 */
XS_EXTERN int xs_prefix_format(const xs_prefix *p, char *buf, size_t size);

/* ---- masks -------------------------------------------------------------- */

/**
 * @brief The netmask of a prefix length: len one bits, then zero bits.
 * @param family XS_AF_INET (mask in mask[0..3]) or XS_AF_INET6.
 * @param len    0 to 32 or 0 to 128.
 * @param mask   receives the mask; the bytes after the family's size, and
 *               all 16 on failure, are set to zero.
 * @return 0; XS_EINVAL for a NULL mask, another family or a length too
 *         large.
 */
XS_EXTERN int xs_netmask_from_len(int family, unsigned len, uint8_t mask[16]);

/**
 * @brief The prefix length of a netmask ("255.255.255.0" gives 24).
 * @param family XS_AF_INET (reads mask[0..3]) or XS_AF_INET6 (16 bytes).
 * @param mask   the mask, network byte order.
 * @param len    receives the length; 0 on failure.
 * @return 0; XS_EINVAL for NULL arguments, another family, or a mask whose
 *         one bits are not contiguous from the top ("255.0.255.0",
 *         "0.255.255.255"): such a mask has no prefix length.
 */
XS_EXTERN int xs_netmask_to_len(int family, const uint8_t mask[16],
                                unsigned *len);

/* ---- the addresses of a prefix ------------------------------------------ */

/**
 * @brief The network of a prefix: the same length, host bits cleared
 *        ("192.168.10.77/25" gives "192.168.10.0/25").
 * @param p   the prefix.
 * @param out receives the network; may be p itself. Zeroed on failure.
 * @return 0; XS_EINVAL for NULL arguments or an invalid prefix.
 */
XS_EXTERN int xs_prefix_network(const xs_prefix *p, xs_prefix *out);

/**
 * @brief The IPv4 broadcast address of a prefix: every host bit set.
 *
 * A /31 (RFC 3021 point-to-point link) and a /32 have no broadcast
 * address. IPv6 has no broadcast at all (its all-ones address is an
 * ordinary one; use xs_prefix_last_host()).
 *
 * @param p   the prefix.
 * @param out receives the four bytes; zeroed on failure.
 * @return 0; XS_EINVAL for NULL arguments or an invalid prefix;
 *         XS_EAFNOSUPPORT for an IPv6 prefix; XS_ENOENT for /31 and /32.
 */
XS_EXTERN int xs_prefix_broadcast(const xs_prefix *p, uint8_t out[4]);

/**
 * @brief The first usable host address of a prefix.
 *
 * IPv4: the network address + 1 (so /30 "10.0.0.0/30" gives 10.0.0.1);
 * a /31 (RFC 3021) uses both its addresses, so the first is the network
 * address; a /32 is its own address. IPv6 has no broadcast and no reserved
 * host number here: the first address of the prefix (the network
 * address, which is the Subnet-Router anycast address of RFC 4291 2.6.1;
 * skip it yourself where that matters). So for IPv4 /0 to /30 the range
 * is network+1 to broadcast-1; otherwise the whole prefix.
 *
 * @param p   the prefix.
 * @param out receives the address (16 bytes, IPv4 in out[0..3]); zeroed on
 *            failure.
 * @return 0; XS_EINVAL for NULL arguments or an invalid prefix.
 */
XS_EXTERN int xs_prefix_first_host(const xs_prefix *p, uint8_t out[16]);

/**
 * @brief The last usable host address of a prefix: IPv4 /0 to /30 the
 *        broadcast address - 1; IPv4 /31 and /32, and IPv6, the last
 *        address of the prefix (see xs_prefix_first_host()).
 * @param p   the prefix.
 * @param out receives the address (16 bytes); zeroed on failure.
 * @return 0; XS_EINVAL for NULL arguments or an invalid prefix.
 */
XS_EXTERN int xs_prefix_last_host(const xs_prefix *p, uint8_t out[16]);

/**
 * @brief How many host addresses lie from xs_prefix_first_host() to
 *        xs_prefix_last_host(): IPv4 2^(32-len) - 2, /31 2, /32 1;
 *        IPv6 2^(128-len).
 * @param p     the prefix.
 * @param count receives the number; 0 on failure.
 * @return 0; XS_EINVAL for NULL arguments or an invalid prefix; XS_ENOSPC
 *         for IPv6 /0 to /64, whose count does not fit in 64 bits (use
 *         xs_prefix_host_count_text()).
 */
XS_EXTERN int xs_prefix_host_count(const xs_prefix *p, uint64_t *count);

/**
 * @brief The host count of xs_prefix_host_count() as decimal text, exact
 *        for every prefix (IPv6 /0:
 *        "340282366920938463463374607431768211456").
 * @param p    the prefix.
 * @param buf  output buffer; XS_PREFIX_COUNT_STRLEN bytes always suffice.
 * @param size size of buf in bytes.
 * @return 0; XS_EINVAL for a NULL buf or an invalid prefix; XS_ENOSPC if
 *         the text does not fit. On failure buf holds "" (when size > 0).
 */
XS_EXTERN int xs_prefix_host_count_text(const xs_prefix *p, char *buf,
                                        size_t size);

/* ---- relations ---------------------------------------------------------- */

/**
 * @brief Whether every address of inner lies within outer.
 *
 * True when both have the same family, inner->len >= outer->len, and
 * their first outer->len bits are equal. Host bits beyond that are not
 * looked at, so an address given as a /32 or /128 is tested for
 * membership: "10.1.2.3" lies within "10.0.0.0/8" and within
 * "10.9.9.9/8". A prefix contains itself. Different families: 0 (an
 * IPv4-mapped IPv6 prefix does not contain IPv4 prefixes).
 *
 * @return 1 if it does, 0 if not; XS_EINVAL for NULL arguments or an
 *         invalid prefix.
 */
XS_EXTERN int xs_prefix_contains(const xs_prefix *outer,
                                 const xs_prefix *inner);

/**
 * @brief Split a prefix into its 2^(new_len - len) subnets of length
 *        new_len, in increasing address order, host bits cleared.
 *
 * new_len == p->len gives one subnet: p's network.
 *
 * @param p       the prefix.
 * @param new_len the subnets' length: p->len to 32 or 128.
 * @param out     receives the subnets; may be NULL when cap is 0 (to ask
 *                for the count); may start at p itself.
 * @param cap     how many prefixes out holds.
 * @param count   receives the number of subnets written, or on XS_ENOSPC
 *                the number needed (SIZE_MAX when that does not fit a
 *                size_t); 0 on other failures.
 * @return 0; XS_EINVAL for NULL arguments (out with cap > 0), an invalid
 *         prefix, or new_len below p->len or above the family's maximum;
 *         XS_ENOSPC if there are more than cap subnets, and then nothing
 *         is written to out.
 */
XS_EXTERN int xs_prefix_split(const xs_prefix *p, unsigned new_len,
                              xs_prefix *out, size_t cap, size_t *count);

/**
 * @brief The fewest prefixes that cover exactly the union of the inputs.
 *
 * As Python's ipaddress.collapse_addresses(), but for both families in
 * one call: overlapping, nested, duplicate and adjacent prefixes merge
 * ("10.0.0.0/25" and "10.0.0.128/25" become "10.0.0.0/24"), and the
 * result never covers an address that no input covers (so "10.0.0.0/24"
 * and "10.0.1.0/24" merge, "10.0.1.0/24" and "10.0.2.0/24" do not). An
 * input with host bits set counts as its network. The result holds IPv4
 * prefixes first, then IPv6, each family in increasing address order,
 * with host bits cleared. It never has more prefixes than the input.
 *
 * Memory: when cap >= n the work is done in out itself, with no
 * allocation; otherwise in one temporary block of n prefixes (XS_ENOMEM
 * if that fails). Time O(n log n).
 *
 * @param in    the prefixes; may be NULL when n is 0.
 * @param n     how many.
 * @param out   receives the result; may be NULL when cap is 0 (to ask for
 *              the count). It may be the same array as in (the result is
 *              then written over the inputs); it must not otherwise
 *              overlap in.
 * @param cap   how many prefixes out holds.
 * @param count receives the number of prefixes in the result, also on
 *              XS_ENOSPC; 0 on other failures.
 * @return 0; XS_EINVAL for NULL arguments or an invalid input prefix;
 *         XS_ENOSPC if the result has more than cap prefixes, and then
 *         nothing is written to out; XS_ENOMEM.
 */
XS_EXTERN int xs_prefix_summarize(const xs_prefix *in, size_t n, xs_prefix *out,
                                  size_t cap, size_t *count);

/* ---- IPv4 classes (RFC 791; historical, for display) --------------------- */

/**
 * @brief The classful class of an IPv4 address, from its first byte:
 *        'A' 0-127, 'B' 128-191, 'C' 192-223, 'D' 224-239 (multicast),
 *        'E' 240-255 (reserved).
 * @param ip the address (4 bytes).
 * @return the class letter; '\0' for a NULL ip.
 */
XS_EXTERN char xs_ipv4_class(const uint8_t ip[4]);

/**
 * @brief The default (classful) mask length of a class.
 * @param cls 'A', 'B', 'C', 'D' or 'E' (upper case, as xs_ipv4_class()
 *            returns).
 * @return 8, 16 or 24 for A, B, C; -1 for D and E, which have none;
 *         XS_EINVAL for any other character.
 */
XS_EXTERN int xs_ipv4_class_len(char cls);

/* ---- scopes ------------------------------------------------------------- */

/**
 * Address ranges of special use (RFC 6890 and the RFCs named below), as
 * bit flags for xs_prefix_scopes(). The ranges of one family do not
 * overlap, so an address is in at most one of them.
 */
typedef enum xs_scope {
  XS_SCOPE_UNSPECIFIED = 1u << 0,   /**< 0.0.0.0/32, ::/128 */
  XS_SCOPE_LOOPBACK = 1u << 1,      /**< 127.0.0.0/8, ::1/128 */
  XS_SCOPE_PRIVATE = 1u << 2,       /**< 10/8, 172.16/12, 192.168/16
                                         (RFC 1918) */
  XS_SCOPE_UNIQUE_LOCAL = 1u << 3,  /**< fc00::/7 (RFC 4193) */
  XS_SCOPE_LINK_LOCAL = 1u << 4,    /**< 169.254/16, fe80::/10 */
  XS_SCOPE_MULTICAST = 1u << 5,     /**< 224.0.0.0/4, ff00::/8 */
  XS_SCOPE_SHARED = 1u << 6,        /**< 100.64.0.0/10 (RFC 6598, CGN) */
  XS_SCOPE_DOCUMENTATION = 1u << 7, /**< 192.0.2/24, 198.51.100/24,
                                         203.0.113/24 (RFC 5737),
                                         2001:db8::/32 (RFC 3849) */
  XS_SCOPE_BROADCAST = 1u << 8,     /**< 255.255.255.255/32 */
  XS_SCOPE_RESERVED = 1u << 9,      /**< 240.0.0.0/4 except
                                         255.255.255.255 (RFC 1112) */
  XS_SCOPE_IPV4_MAPPED = 1u << 10,  /**< "::ffff:0:0/96" (RFC 4291) */
  XS_SCOPE_GLOBAL = 1u << 11        /**< in none of the ranges above */
} xs_scope;

/**
 * @brief Every special range a prefix overlaps, as XS_SCOPE_* flags, plus
 *        XS_SCOPE_GLOBAL if some address of the prefix lies outside all
 *        of them.
 *
 * Computed exactly over the prefix's network (host bits ignored):
 *  - an address (/32, /128) gets exactly one flag: its range, or GLOBAL;
 *  - "0.0.0.0/0" gets every IPv4 flag and GLOBAL;
 *  - "240.0.0.0/4" gets RESERVED and BROADCAST, not GLOBAL (it holds
 *    nothing else);
 *  - "0.0.0.0/8" gets UNSPECIFIED and GLOBAL: only 0.0.0.0 itself is the
 *    unspecified address here (this function does not list RFC 6890's
 *    "this network" 0.0.0.0/8 as a range of its own);
 *  - anything within "::ffff:0:0/96" gets IPV4_MAPPED alone: the embedded
 *    IPv4 address is not classified (take it out of ip[12..15] and ask
 *    again if that is wanted);
 *  - IPv4 and IPv6 flags never mix: "::/0" has no BROADCAST.
 *
 * @param p the prefix.
 * @return the flags, never 0 for a valid prefix; 0 for NULL or an invalid
 *         prefix.
 */
XS_EXTERN unsigned xs_prefix_scopes(const xs_prefix *p);

/**
 * @brief The name of one scope flag: "unspecified", "loopback",
 *        "private", "unique-local", "link-local", "multicast", "shared",
 *        "documentation", "broadcast", "reserved", "ipv4-mapped",
 *        "global".
 * @param scope_bit exactly one XS_SCOPE_* flag.
 * @return a static string; NULL for 0, several flags or an unknown bit.
 */
XS_EXTERN const char *xs_scope_name(unsigned scope_bit);

/**
 * @brief The scope field of an IPv6 multicast address (ff00::/8): the low
 *        nibble of its second byte (RFC 4291 2.7).
 * @param ip the address (16 bytes).
 * @return 0 to 15; -1 if the address is not multicast; XS_EINVAL for a
 *         NULL ip.
 */
XS_EXTERN int xs_ipv6_multicast_scope(const uint8_t ip[16]);

/**
 * @brief The name of an IPv6 multicast scope value (RFC 4291 2.7, RFC
 *        7346): 1 "interface-local", 2 "link-local", 3 "realm-local",
 *        4 "admin-local", 5 "site-local", 8 "organization-local",
 *        14 "global"; 0 and 15 "reserved"; 6, 7 and 9 to 13 "unassigned".
 * @param nibble the scope value, as xs_ipv6_multicast_scope() returns.
 * @return a static string; NULL for a value outside 0 to 15.
 */
XS_EXTERN const char *xs_ipv6_multicast_scope_name(int nibble);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_IPNET_H */
