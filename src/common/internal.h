/* SPDX-License-Identifier: MIT */
/*
 * internal.h - helpers shared by the src/common entry points.
 */
#ifndef XS_COMMON_INTERNAL_H
#define XS_COMMON_INTERNAL_H

#include <stdint.h>

#include "platform.h"

/* Record the native code of a failure for xs_native_error() (per thread).
 * Argument errors found by xsock itself record 0. */
void xs__native_set(int native);

/* An argument error: records native 0, returns XS_EINVAL. */
int xs__einval(void);

/* A deadline on the platform's monotonic clock. timeout_ms < 0 is
 * infinite. */
typedef struct xs__deadline {
  uint64_t at;
  int infinite;
} xs__deadline;

void xs__deadline_start(xs__deadline *d, int timeout_ms);
/* Milliseconds left: XS_INFINITE for an infinite deadline, else >= 0. */
int xs__deadline_left(const xs__deadline *d);

/* Family / type checks for arguments. */
int xs__valid_family(int family);
int xs__valid_type(int type);
int xs__is_ip_family(int family);

/* Parse and format IP literals (addr_text.c); no OS calls except interface
 * names through xs__plat_if_index / xs__plat_if_name. */
int xs__parse_ipv4(const char *text, size_t len, uint8_t ip[4]);
int xs__parse_ipv6(const char *text, size_t len, uint8_t ip[16]);
int xs__format_ipv4(const uint8_t ip[4], char *buf, size_t size);
int xs__format_ipv6(const uint8_t ip[16], char *buf, size_t size);
/* Append the decimal digits of v at out[*pos], advance *pos and write a
 * NUL after them; the caller has room for 11 more bytes. */
void xs__put_dec(char *out, size_t *pos, uint32_t v);
/* The value of one hex digit (either case), -1 for any other character;
 * no locale (addr_text.c). */
int xs__hex_value(char c);

/* The batch calls where the system has no batch: one datagram received
 * into msgs[0], or each datagram sent in turn until one fails (batch.c).
 * The ports' xs__plat_recv_batch / xs__plat_send_batch use them. */
/* The answer for a send that failed with rc (io.c): a destination of
 * another family than the socket's is XS_EAFNOSUPPORT, none on an
 * unconnected datagram socket XS_EDESTADDRREQ, on every system (the
 * systems say EINVAL, ENOTCONN, EOPNOTSUPP or ENETUNREACH). to: NULL for
 * no destination. Looks at the socket only after such a failure. */
int xs__send_error(xs_socket_t s, const xs_addr *to, int rc);

int xs__batch_recv_one(xs_socket_t s, xs_dgram *msgs, size_t *done);
int xs__batch_send_each(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done);

/* An interface list while the port's xs__plat_if_list fills it (iface.c
 * packs it into the one block xs_if_list returns). Ports use only the
 * functions below. */
typedef struct xs__if_build {
  xs_interface *ifs; /* addrs and addr_count unused while building */
  size_t n, cap;
  struct xs__if_pending *addrs; /* every address, with its interface index */
  size_t na, capa;
} xs__if_build;
/* The interface of index (never 0) into *ifc, added with name (cut at a
 * ':', Linux's alias labels; truncated to XS_IF_NAME_MAX - 1 bytes) and no
 * flags if it is new. *ifc stays valid until the next xs__if_add. 0, or
 * XS_ENOMEM. */
int xs__if_add(xs__if_build *b, uint32_t index, const char *name,
               xs_interface **ifc);
/* The interface already added under name (compared up to a ':'), or NULL. */
xs_interface *xs__if_find(xs__if_build *b, const char *name);
/* Add an IPv4 or IPv6 address to the interface of index (added before);
 * other families are ignored. 0, or XS_ENOMEM. */
int xs__if_add_addr(xs__if_build *b, uint32_t index, const xs_addr *addr,
                    unsigned prefix_len);
/* Set f's hardware address to hw (len bytes), unless it is empty, all zero
 * (a loopback's) or longer than XS_IF_MAC_MAX. */
void xs__if_set_mac(xs_interface *f, const uint8_t *hw, size_t len);
/* The prefix length of a netmask of len bytes: its leading one bits. */
unsigned xs__if_prefix(const uint8_t *mask, size_t len);

/* Wait until sock is readable (events = XS_POLLIN) or writable (XS_POLLOUT)
 * before the deadline; EINTR retried. XS_ETIMEDOUT when the time is up. */
int xs__wait(xs_socket_t sock, short events, const xs__deadline *d);

/* Connect to each address in turn until one accepts, within one deadline
 * for all (xs_dial_host after resolution). count == 0 gives XS_EINVAL. */
int xs__dial_addrs(const xs_addr *list, size_t count, int timeout_ms,
                   xs_socket_t *out);

#endif /* XS_COMMON_INTERNAL_H */
