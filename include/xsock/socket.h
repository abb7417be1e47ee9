/* SPDX-License-Identifier: MIT */
/**
 * @file socket.h
 * @brief Start-up, socket life cycle, and the connect/listen helpers.
 *
 * Sockets made by xs_socket_open(), xs_socket_accept(), xs_listen(),
 * xs_dial(), xs_udp_bind() and xs_socketpair() are never inherited by child
 * processes (SOCK_CLOEXEC / WSA_FLAG_NO_HANDLE_INHERIT), and sending on them
 * to a closed peer returns XS_EPIPE instead of raising SIGPIPE. IPv6 sockets
 * start with IPV6_V6ONLY on, on every system.
 *
 * An unconnected UDP socket never hears of ICMP port or network
 * unreachable reports (Linux tells only connected sockets; on Windows xsock
 * turns SIO_UDP_CONNRESET and SIO_UDP_NETRESET off), so one unreachable
 * peer cannot break a server's receive loop. A connected UDP socket does
 * hear of its peer's closed port: the next receive returns XS_ECONNREFUSED,
 * once, on every system (xs_socket_connect() turns SIO_UDP_CONNRESET on for
 * it on Windows; wine 8 tells only the next send).
 */
#ifndef XSOCK_SOCKET_H
#define XSOCK_SOCKET_H

#include "addr.h"
#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Start the socket layer explicitly (optional).
 *
 * Every function that needs the OS socket layer starts it itself on first
 * use (WSAStartup 2.2 on Windows, thread-safely, once), so calling xs_init()
 * is never required. It exists for programs that want start-up failures at
 * a known point. Calls are counted; each successful xs_init() should be
 * matched by one xs_shutdown(). Thread-safe.
 *
 * @return 0; XS_ENOTSUP if the system has no usable Winsock 2.2; another
 *         XS_E... code as WSAStartup reports. On POSIX always 0.
 */
XS_EXTERN int xs_init(void);

/**
 * @brief Release one xs_init() reference.
 *
 * When the last explicit reference goes, Winsock is cleaned up (unless the
 * library started it lazily on its own, in which case it stays up until the
 * process exits). Thread-safe.
 *
 * @return 0; XS_EINVAL if there is no matching xs_init().
 */
XS_EXTERN int xs_shutdown(void);

/**
 * @brief Create a socket with safe defaults.
 *
 * Non-inheritable, SIGPIPE suppressed, IPV6_V6ONLY on for IPv6, and on
 * Windows UDP connection-reset reports off. The socket is blocking, unless
 * type has XS_SOCK_NONBLOCK.
 * POSIX: socket(SOCK_CLOEXEC) [+ SO_NOSIGPIPE]. Windows: WSASocketW with
 * WSA_FLAG_NO_HANDLE_INHERIT | WSA_FLAG_OVERLAPPED.
 *
 * @param family XS_AF_INET, XS_AF_INET6 or XS_AF_UNIX.
 * @param type   XS_SOCK_STREAM or XS_SOCK_DGRAM, optionally ORed with
 *               XS_SOCK_NONBLOCK.
 * @param out    receives the socket; XS_INVALID_SOCKET on failure.
 * @return 0; XS_EINVAL for a NULL out or unknown family/type;
 *         XS_EAFNOSUPPORT if the OS lacks the family (AF_UNIX before
 *         Windows 10 1803, or under wine); XS_EMFILE, XS_ENFILE, XS_ENOBUFS,
 *         XS_ENOMEM, XS_EACCES as the OS reports.
 */
XS_EXTERN int xs_socket_open(int family, int type, xs_socket_t *out);

/**
 * @brief Create a socket with none of xs_socket_open()'s defaults: the OS's
 *        own inheritance, SIGPIPE and IPV6_V6ONLY behaviour.
 * @param family   XS_AF_INET, XS_AF_INET6 or XS_AF_UNIX.
 * @param type     XS_SOCK_STREAM or XS_SOCK_DGRAM, optionally ORed with
 *                 XS_SOCK_NONBLOCK.
 * @param protocol passed to the OS as it is (0 for the default).
 * @param out      receives the socket.
 * @return as xs_socket_open().
 */
XS_EXTERN int xs_socket_open_raw(int family, int type, int protocol,
                                 xs_socket_t *out);

/**
 * @brief Close a socket (close / closesocket).
 *
 * The handle is released even when an error is returned; never close it
 * twice. EINTR is not retried: on POSIX the descriptor is already gone.
 *
 * @return 0; XS_EBADF for XS_INVALID_SOCKET or a handle that is not open;
 *         XS_ENOTSOCK; other codes the OS reports for a final flush.
 */
XS_EXTERN int xs_close(xs_socket_t sock);

/**
 * @brief Bind a socket to a local address (bind).
 * @return 0; XS_EINVAL for a NULL addr or an address of no family;
 *         XS_EADDRINUSE, XS_EADDRNOTAVAIL, XS_EACCES, XS_EAFNOSUPPORT,
 *         XS_ENAMETOOLONG (UNIX path), XS_EBADF, XS_ENOTSOCK.
 */
XS_EXTERN int xs_socket_bind(xs_socket_t sock, const xs_addr *addr);

/**
 * @brief Mark a bound stream socket as listening (listen).
 * @param sock    a bound stream socket.
 * @param backlog queue length; a negative value or 0 means the OS maximum
 *                (SOMAXCONN).
 * @return 0; XS_EADDRINUSE, XS_ENOTSUP (not a stream socket), XS_EBADF,
 *         XS_EINVAL.
 */
XS_EXTERN int xs_socket_listen(xs_socket_t sock, int backlog);

/**
 * @brief Accept one connection (accept4 / WSAAccept-free accept).
 *
 * The new socket is non-inheritable with SIGPIPE suppressed, and blocking
 * (whatever the listener is). EINTR and ECONNABORTED (a client that gave up
 * while queued) are retried on blocking listeners.
 *
 * @param sock listening socket.
 * @param out  receives the connected socket.
 * @param peer NULL, or receives the peer's address.
 * With a receive timeout set (xs_socket_set_recv_timeout), a blocking
 * listener waits at most that long. Winsock's accept ignores the option,
 * so on Windows xsock waits for a queued connection itself; since Windows
 * cannot report whether a socket is nonblocking, a listener with a
 * receive timeout waits there even if it is nonblocking.
 *
 * @return 0; XS_EAGAIN (nonblocking listener with nothing queued);
 *         XS_ETIMEDOUT (blocking listener with a receive timeout, nothing
 *         queued in time); XS_EMFILE, XS_ENFILE, XS_ENOBUFS, XS_EINVAL
 *         (not listening), XS_ECONNABORTED (nonblocking listener),
 *         XS_EBADF.
 */
XS_EXTERN int xs_socket_accept(xs_socket_t sock, xs_socket_t *out,
                               xs_addr *peer);

/**
 * @brief Accept one connection, as xs_socket_accept(), with flags.
 *
 * With XS_SOCK_NONBLOCK the accepted socket is nonblocking: on Linux in
 * the one accept4 call, elsewhere with one more call.
 *
 * @param sock  listening socket.
 * @param out   receives the connected socket.
 * @param peer  NULL, or receives the peer's address.
 * @param flags 0 or XS_SOCK_NONBLOCK.
 * @return as xs_socket_accept(); XS_EINVAL for an unknown flag.
 */
XS_EXTERN int xs_socket_accept_flags(xs_socket_t sock, xs_socket_t *out,
                                     xs_addr *peer, int flags);

/**
 * @brief Start or make a connection (connect).
 *
 * On a blocking socket this waits until the connection is made or fails
 * (EINTR is handled: the wait goes on). On a nonblocking socket it returns
 * XS_EINPROGRESS at once on every system; wait for writability with
 * xs_poll() and read the outcome with xs_socket_error(). A stream socket
 * that is already connected (by this call, xs_dial() or a completed
 * nonblocking connect) gives XS_EISCONN every time, on every system
 * (Linux itself answers 0 once after a nonblocking connect); one still
 * connecting gives XS_EALREADY. For datagram sockets it sets the default
 * peer, and may be called again to change it.
 *
 * A nonblocking connect to a UNIX listener whose backlog is full returns
 * XS_EAGAIN on Linux (no connection is under way; try again later).
 *
 * @return 0; XS_EINPROGRESS; XS_EAGAIN (see above); XS_ECONNREFUSED,
 * XS_ETIMEDOUT, XS_EHOSTUNREACH, XS_ENETUNREACH, XS_EADDRNOTAVAIL, XS_EISCONN,
 *         XS_EALREADY, XS_ENOENT (UNIX path absent), XS_EINVAL.
 */
XS_EXTERN int xs_socket_connect(xs_socket_t sock, const xs_addr *addr);

/**
 * @brief Close one or both directions of a connection (shutdown).
 *
 * Unlike xs_close(), the handle stays open: after XS_SHUT_WR the peer reads
 * end of stream while this side can still receive, and a send here returns
 * XS_EPIPE. After XS_SHUT_RD a receive here with nothing queued reads end
 * of stream (0 and 0 bytes) on every system (Windows' WSAESHUTDOWN is
 * turned into that).
 *
 * @param sock a connected socket.
 * @param how  XS_SHUT_RD, XS_SHUT_WR or XS_SHUT_RDWR.
 * @return 0; XS_EINVAL for another how; XS_ENOTCONN; XS_EBADF.
 */
XS_EXTERN int xs_socket_shutdown(xs_socket_t sock, int how);

/**
 * @brief The local address of a socket (getsockname).
 *
 * An unbound socket gives the any address of its family with port 0
 * (0.0.0.0:0, [::]:0) on every system (Windows' getsockname fails there;
 * xsock answers for it).
 *
 * @return 0; XS_EINVAL for a NULL addr; XS_EBADF; XS_ENOTSOCK.
 */
XS_EXTERN int xs_socket_local_addr(xs_socket_t sock, xs_addr *addr);

/**
 * @brief The peer address of a connected socket (getpeername).
 * @return 0; XS_ENOTCONN; XS_EINVAL; XS_EBADF.
 */
XS_EXTERN int xs_socket_peer_addr(xs_socket_t sock, xs_addr *addr);

/**
 * @brief Read and clear the socket's pending error (SO_ERROR), translated.
 *
 * After a nonblocking connect reports writability, this tells whether the
 * connection was made (0 in *error) or why it failed. An error is reported
 * once: the next read gives 0, on every system (Windows keeps SO_ERROR
 * set; xsock remembers what it reported until xs_close()).
 *
 * @param sock  the socket.
 * @param error receives 0 or an XS_E... code.
 * @return 0 if the option was read; XS_EBADF, XS_ENOTSOCK, XS_EINVAL.
 */
XS_EXTERN int xs_socket_error(xs_socket_t sock, int *error);

/**
 * @brief Open a listening stream socket on an address.
 *
 * Opens with xs_socket_open(), sets the listener reuse policy (see
 * xs_socket_set_reuseaddr(): a restarted server binds at once, a second live
 * listener gets XS_EADDRINUSE), binds and listens. The IPv6 any address
 * gives a dual-stack socket, or an IPv4 one where the host has no IPv6. A
 * UNIX address binds the path, which must not exist.
 *
 * @param addr    where to listen; port 0 picks a free port (read it back
 *                with xs_socket_local_addr()).
 * @param backlog as xs_socket_listen().
 * @param out     receives the listening socket.
 * @return 0 or the first failing step's error: XS_EADDRINUSE,
 *         XS_EADDRNOTAVAIL, XS_EACCES, XS_EAFNOSUPPORT, XS_EINVAL, ...
 */
XS_EXTERN int xs_listen(const xs_addr *addr, int backlog, xs_socket_t *out);

/**
 * @brief Connect a stream socket to an address within a time limit.
 *
 * A nonblocking connect, waited for with poll and confirmed with SO_ERROR
 * (WSAPoll alone does not report every refused connect). A UNIX listener
 * with a full backlog is tried again after short pauses until the time is
 * up. The returned socket is blocking again.
 *
 * @param addr       IPv4, IPv6 or UNIX address.
 * @param timeout_ms milliseconds; XS_INFINITE to wait for ever.
 * @param out        receives the connected socket.
 * @return 0; XS_ETIMEDOUT; XS_ECONNREFUSED; XS_EHOSTUNREACH;
 *         XS_ENETUNREACH; XS_ENOENT (UNIX path absent); XS_EAFNOSUPPORT;
 *         XS_EINVAL.
 */
XS_EXTERN int xs_dial(const xs_addr *addr, int timeout_ms, xs_socket_t *out);

/**
 * @brief Resolve a host and service and connect to the first address that
 *        accepts, trying each resolved address in turn (stream sockets).
 *
 * @param host       name or numeric address.
 * @param service    port number or service name.
 * @param family     XS_AF_UNSPEC, XS_AF_INET or XS_AF_INET6.
 * @param timeout_ms one deadline for the whole attempt (resolution is not
 *                   bounded by it); XS_INFINITE to wait for ever.
 * @param out        receives the connected socket.
 * @return 0; the resolution error (XS_EAI_...); else the error of the last
 *         address tried (XS_ECONNREFUSED, XS_ETIMEDOUT, ...).
 */
XS_EXTERN int xs_dial_host(const char *host, const char *service, int family,
                           int timeout_ms, xs_socket_t *out);

/**
 * @brief Open a UDP socket bound to an address.
 *
 * The IPv6 any address gives a dual-stack socket (IPv4 where the host has
 * no IPv6). The listener reuse policy is not applied: a second socket on
 * the same port gets XS_EADDRINUSE.
 *
 * @return 0; XS_EADDRINUSE; XS_EADDRNOTAVAIL; XS_EACCES; XS_EINVAL
 *         (NULL, or not an IP address).
 */
XS_EXTERN int xs_udp_bind(const xs_addr *addr, xs_socket_t *out);

/**
 * @brief A connected pair of stream sockets in this process.
 *
 * POSIX: socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC). Windows: a TCP
 * pair over 127.0.0.1 through a one-shot listener with SO_EXCLUSIVEADDRUSE;
 * the accepted peer's address must match the connecting socket's and a
 * random 16-byte cookie is exchanged before the pair is returned, so no
 * other local process can take the place of either end. Both ends are
 * blocking, non-inheritable, SIGPIPE-suppressed.
 *
 * @param pair receives the two sockets; both XS_INVALID_SOCKET on failure.
 * @return 0; XS_EINVAL for NULL; XS_EMFILE; XS_ECONNABORTED if the Windows
 *         handshake failed (an intruder, or a timeout of 5 s).
 */
XS_EXTERN int xs_socketpair(xs_socket_t pair[2]);

/**
 * @brief A connected pair, as xs_socketpair(), with flags.
 * @param pair  receives the two sockets; both XS_INVALID_SOCKET on failure.
 * @param flags 0 or XS_SOCK_NONBLOCK (both ends nonblocking).
 * @return as xs_socketpair(); XS_EINVAL for an unknown flag.
 */
XS_EXTERN int xs_socketpair_flags(xs_socket_t pair[2], int flags);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_SOCKET_H */
