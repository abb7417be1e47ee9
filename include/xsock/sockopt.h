/* SPDX-License-Identifier: MIT */
/**
 * @file sockopt.h
 * @brief Socket options as paired setters and getters.
 *
 * Every setter returns 0 or an XS_E... code; every getter stores the value
 * through its last parameter and returns 0 or an XS_E... code. Common
 * errors for all of them: XS_EINVAL (NULL out-parameter, value out of
 * range), XS_EBADF (not an open socket), XS_ENOPROTOOPT (the option does
 * not apply to this socket's family or type: TCP options on anything but
 * a TCP socket, IPv6 options on anything but IPv6, broadcast and multicast
 * options on anything but an IPv4 or IPv6 datagram socket, keep-alive on
 * anything but a stream socket; xsock checks, where the systems answer
 * EINVAL, EPROTO, ENOPROTOOPT or even success), XS_ENOTSUP (the system
 * lacks the option).
 */
#ifndef XSOCK_SOCKOPT_H
#define XSOCK_SOCKOPT_H

#include "addr.h"
#include "export.h"
#include "iface.h" /* xs_if_index(), xs_if_name(), the interface list */
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Make a socket nonblocking (1) or blocking (0).
 * POSIX: fcntl O_NONBLOCK. Windows: ioctlsocket FIONBIO. There is no getter:
 * Windows cannot report this state.
 */
XS_EXTERN int xs_socket_set_nonblocking(xs_socket_t sock, int on);

/** @brief TCP_NODELAY: 1 disables Nagle's algorithm. */
XS_EXTERN int xs_socket_set_nodelay(xs_socket_t sock, int on);
/** @brief Read TCP_NODELAY (0 or 1). */
XS_EXTERN int xs_socket_get_nodelay(xs_socket_t sock, int *on);

/** @brief SO_KEEPALIVE: 1 sends keep-alive probes on an idle connection. */
XS_EXTERN int xs_socket_set_keepalive(xs_socket_t sock, int on);
/** @brief Read SO_KEEPALIVE (0 or 1). */
XS_EXTERN int xs_socket_get_keepalive(xs_socket_t sock, int *on);

/**
 * @brief Seconds of idleness before the first keep-alive probe, 1 to 32767.
 * POSIX: TCP_KEEPIDLE (TCP_KEEPALIVE on macOS). Windows: TCP_KEEPALIVE
 * (Windows 10 1709+). XS_ENOTSUP where the system has neither;
 * XS_ENOPROTOOPT when setting it on a socket that is not TCP.
 */
XS_EXTERN int xs_socket_set_keepalive_idle(xs_socket_t sock, int seconds);
/** @brief Read the keep-alive idle time in seconds. */
XS_EXTERN int xs_socket_get_keepalive_idle(xs_socket_t sock, int *seconds);

/**
 * @brief Seconds between keep-alive probes, 1 to 32767.
 * POSIX: TCP_KEEPINTVL. Windows: TCP_KEEPINTVL (Windows 10 1709+).
 * Errors as xs_socket_set_keepalive_idle().
 */
XS_EXTERN int xs_socket_set_keepalive_interval(xs_socket_t sock, int seconds);
/** @brief Read the keep-alive probe interval in seconds. */
XS_EXTERN int xs_socket_get_keepalive_interval(xs_socket_t sock, int *seconds);

/**
 * @brief SO_RCVBUF: the receive buffer size in bytes (> 0).
 * The getter reports what the OS keeps, which may differ: Linux doubles the
 * value to count its bookkeeping, and clamps it to system limits.
 */
XS_EXTERN int xs_socket_set_recv_buffer(xs_socket_t sock, int bytes);
/** @brief Read SO_RCVBUF in bytes. */
XS_EXTERN int xs_socket_get_recv_buffer(xs_socket_t sock, int *bytes);

/** @brief SO_SNDBUF: the send buffer size in bytes (> 0); see above. */
XS_EXTERN int xs_socket_set_send_buffer(xs_socket_t sock, int bytes);
/** @brief Read SO_SNDBUF in bytes. */
XS_EXTERN int xs_socket_get_send_buffer(xs_socket_t sock, int *bytes);

/**
 * @brief Receive timeout for blocking calls: milliseconds, or XS_INFINITE
 * for none (the default).
 *
 * POSIX: SO_RCVTIMEO as a struct timeval. Windows: SO_RCVTIMEO as a DWORD.
 * A timed-out receive or accept returns XS_ETIMEDOUT on both. 0 is
 * XS_EINVAL (it would mean "do not wait": use a nonblocking socket), as is
 * any other negative value. Set timeouts through xsock, not on the raw
 * handle: on POSIX xsock tells an expired timeout from a would-block only
 * once it has set one itself (docs/decisions.md), so that nonblocking I/O
 * costs one system call.
 */
XS_EXTERN int xs_socket_set_recv_timeout(xs_socket_t sock, int ms);
/**
 * @brief Read the receive timeout: milliseconds, or XS_INFINITE for none.
 *
 * The value the system keeps: at least the value set and at most 10 ms
 * more. Windows keeps milliseconds exactly; Linux keeps clock ticks and
 * rounds up (1 ms reads back as 4 with a 250 Hz clock, 1234 as 1236).
 */
XS_EXTERN int xs_socket_get_recv_timeout(xs_socket_t sock, int *ms);

/** @brief Send timeout for blocking calls; as xs_socket_set_recv_timeout(). */
XS_EXTERN int xs_socket_set_send_timeout(xs_socket_t sock, int ms);
/** @brief Read the send timeout; as xs_socket_get_recv_timeout(). */
XS_EXTERN int xs_socket_get_send_timeout(xs_socket_t sock, int *ms);

/**
 * @brief IPV6_V6ONLY on an IPv6 socket: 1 = IPv6 only, 0 = dual-stack.
 * Set before bind. xs_socket_open() sets 1 on every system.
 */
XS_EXTERN int xs_socket_set_v6only(xs_socket_t sock, int on);
/** @brief Read IPV6_V6ONLY (0 or 1). */
XS_EXTERN int xs_socket_get_v6only(xs_socket_t sock, int *on);

/**
 * @brief SO_LINGER. on = 0: close returns at once and the system sends what
 * is queued in the background (the default). on = 1, seconds = 0: close
 * resets the connection (RST) and drops queued data. on = 1, seconds > 0:
 * close waits up to that long for queued data to go (0 to 65535).
 */
XS_EXTERN int xs_socket_set_linger(xs_socket_t sock, int on, int seconds);
/** @brief Read SO_LINGER. */
XS_EXTERN int xs_socket_get_linger(xs_socket_t sock, int *on, int *seconds);

/**
 * @brief The listener reuse policy, the same on both systems: with 1, a
 * restarted server binds its port at once although old connections linger
 * in TIME_WAIT, and a second live socket on the same address still gets
 * XS_EADDRINUSE.
 * POSIX: SO_REUSEADDR. Windows: SO_EXCLUSIVEADDRUSE (Windows already
 * allows the restart; SO_REUSEADDR there would let a second live listener
 * steal the port, so it is never used).
 */
XS_EXTERN int xs_socket_set_reuseaddr(xs_socket_t sock, int on);
/** @brief Read the listener reuse policy (0 or 1). */
XS_EXTERN int xs_socket_get_reuseaddr(xs_socket_t sock, int *on);

/** @brief SO_BROADCAST on a UDP socket: 1 allows sending to broadcast. */
XS_EXTERN int xs_socket_set_broadcast(xs_socket_t sock, int on);
/** @brief Read SO_BROADCAST (0 or 1). */
XS_EXTERN int xs_socket_get_broadcast(xs_socket_t sock, int *on);

/**
 * @brief Whether multicast this socket sends is looped back to local
 * receivers (IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP by the socket's
 * family).
 */
XS_EXTERN int xs_socket_set_multicast_loop(xs_socket_t sock, int on);
/** @brief Read the multicast loop flag (0 or 1). */
XS_EXTERN int xs_socket_get_multicast_loop(xs_socket_t sock, int *on);

/**
 * @brief Hop limit of multicast this socket sends, 0 to 255
 * (IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS).
 */
XS_EXTERN int xs_socket_set_multicast_ttl(xs_socket_t sock, int ttl);
/** @brief Read the multicast hop limit. */
XS_EXTERN int xs_socket_get_multicast_ttl(xs_socket_t sock, int *ttl);

/**
 * @brief Join a multicast group on a UDP socket.
 *
 * IPv4: IP_ADD_MEMBERSHIP; IPv6: IPV6_JOIN_GROUP. The group's family must
 * be the socket's.
 *
 * @param sock    a UDP socket.
 * @param group   a multicast address (224.0.0.0/4 or ff00::/8); its port is
 *                ignored.
 * @param ifindex interface index; 0 lets the system choose. xs_if_loopback()
 *                gives the loopback interface's (iface.h).
 * @return 0; XS_EINVAL (not a multicast address, NULL); XS_EADDRINUSE
 *         (already a member); XS_EADDRNOTAVAIL (no such interface, or no
 *         route for the group); XS_ENOTSUP (an IPv4 ifindex where the
 *         system cannot select an interface by index).
 */
XS_EXTERN int xs_socket_join_group(xs_socket_t sock, const xs_addr *group,
                                   uint32_t ifindex);

/**
 * @brief Leave a multicast group joined with xs_socket_join_group().
 * @return 0; XS_EINVAL; XS_EADDRNOTAVAIL (not a member).
 */
XS_EXTERN int xs_socket_leave_group(xs_socket_t sock, const xs_addr *group,
                                    uint32_t ifindex);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_SOCKOPT_H */
