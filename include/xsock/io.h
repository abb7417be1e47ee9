/* SPDX-License-Identifier: MIT */
/**
 * @file io.h
 * @brief Sending and receiving.
 *
 * Byte counts come back through size_t out-parameters; the return value is
 * always 0 or an XS_E... code. Would-block is XS_EAGAIN (never 0 bytes). A
 * receive timeout (xs_socket_set_recv_timeout) expiring on a blocking socket
 * is XS_ETIMEDOUT on every system. EINTR is retried inside the library. No
 * call raises SIGPIPE: a send to a closed peer returns XS_EPIPE (or
 * XS_ECONNRESET if the peer reset the connection).
 *
 * Lengths above INT_MAX are clamped to INT_MAX on Windows, whose calls take
 * an int; the byte count reports what was really sent or received.
 *
 * Conventions, the same in every function here and in poll.h:
 * - A count out-parameter is required (NULL is XS_EINVAL) where the count
 *   is the result: xs_send, xs_recv, xs_sendto, xs_recvfrom and the
 *   batches may move less than asked. It may be NULL only in xs_send_all
 *   and xs_recv_all, whose success means everything moved.
 * - Timeouts are milliseconds; XS_INFINITE means no limit everywhere
 *   (socket timeouts included); 0 means "do not wait" where waiting is
 *   optional (xs_poll, the *_all calls).
 * - Destinations: an address of another family than the socket's is
 *   XS_EAFNOSUPPORT, no destination on an unconnected datagram socket
 *   XS_EDESTADDRREQ, on every system.
 */
#ifndef XSOCK_IO_H
#define XSOCK_IO_H

#include "addr.h"
#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Send bytes on a connected socket (send with MSG_NOSIGNAL).
 * @param sock the socket.
 * @param buf  the bytes to send.
 * @param len  how many bytes.
 * @param sent receives the number of bytes sent (maybe fewer than len); 0
 *             on failure. Must not be NULL.
 * @return 0; XS_EAGAIN; XS_ETIMEDOUT; XS_EPIPE; XS_ECONNRESET;
 *         XS_ENOTCONN; XS_EDESTADDRREQ (unconnected datagram socket);
 *         XS_ECONNREFUSED (connected UDP socket whose peer's port is
 *         closed); XS_EMSGSIZE (datagram too large); XS_EINVAL (NULL buf
 *         with len > 0, NULL sent); XS_EBADF.
 */
XS_EXTERN int xs_send(xs_socket_t sock, const void *buf, size_t len,
                      size_t *sent);

/**
 * @brief Receive bytes from a connected socket (recv).
 * @param sock the socket.
 * @param buf  where to store the bytes.
 * @param len  size of buf in bytes.
 * @param received receives the number of bytes; 0 means the peer closed its
 *                 sending side (end of stream) on a stream socket, or an
 *                 empty datagram.
 * @return 0; XS_EAGAIN; XS_ETIMEDOUT; XS_ECONNRESET; XS_ENOTCONN;
 *         XS_ECONNREFUSED (connected UDP socket whose peer's port is
 *         closed, reported once: socket.h); XS_EMSGSIZE (datagram larger
 *         than len: the first len bytes are in buf and *received is len;
 *         the rest is gone); XS_EINVAL; XS_EBADF.
 */
XS_EXTERN int xs_recv(xs_socket_t sock, void *buf, size_t len,
                      size_t *received);

/**
 * @brief Send a datagram to an address (sendto).
 * @param sock the socket.
 * @param buf  the bytes to send.
 * @param len  how many bytes.
 * @param to   the destination; NULL on a connected socket (on an
 *             unconnected one: XS_EDESTADDRREQ).
 * @param sent receives the number of bytes sent; 0 on failure.
 * @return as xs_send(); also XS_EAFNOSUPPORT for an address of the wrong
 *         family, XS_EACCES (broadcast without xs_socket_set_broadcast),
 *         XS_EHOSTUNREACH, XS_ENETUNREACH.
 */
XS_EXTERN int xs_sendto(xs_socket_t sock, const void *buf, size_t len,
                        const xs_addr *to, size_t *sent);

/**
 * @brief Receive a datagram and its sender (recvmsg / WSARecvFrom).
 *
 * A datagram larger than the buffer is reported, never cut silently: the
 * call returns XS_EMSGSIZE with the first len bytes in buf and *received set
 * to len, on every system.
 *
 * @param sock the socket.
 * @param buf  where to store the bytes.
 * @param len  size of buf in bytes.
 * @param from NULL, or receives the sender's address.
 * @param received receives the datagram's length (at most len).
 * @return as xs_recv().
 */
XS_EXTERN int xs_recvfrom(xs_socket_t sock, void *buf, size_t len,
                          xs_addr *from, size_t *received);

/** The most datagrams one xs_recv_batch() or xs_send_batch() call moves. */
#define XS_BATCH_MAX 32

/** One datagram of a batch. */
typedef struct xs_dgram {
  void *buf;    /**< receive: room for the datagram; send: its bytes */
  size_t len;   /**< size of buf (receive) / bytes to send (send) */
  size_t n;     /**< out: bytes received (at most len) / bytes sent */
  int error;    /**< receive, out: 0; XS_EMSGSIZE (cut to len bytes); or
                     the code of a sender address xsock cannot express
                     (addr is then zeroed, the bytes are kept) */
  xs_addr addr; /**< receive, out: the sender; send: the destination,
                     family XS_AF_UNSPEC on a connected socket */
} xs_dgram;

/**
 * @brief Receive several datagrams in one call where the system can.
 *
 * Waits as xs_recvfrom() does for the first datagram (not at all on a
 * nonblocking socket), then takes those already queued, up to count and
 * XS_BATCH_MAX. Linux: one recvmmsg call. Elsewhere (Windows, systems
 * without recvmmsg): one datagram per call, so a program loops until
 * XS_EAGAIN the same way on every system. An oversized datagram is
 * reported in its entry (error XS_EMSGSIZE), never cut silently.
 *
 * @param sock  a datagram socket.
 * @param msgs  count entries, buf and len set (buf may be NULL if len is 0).
 * @param count entries in msgs, at least 1.
 * @param done  receives the number of datagrams received (0 on failure).
 * @return 0 (at least one datagram); XS_EAGAIN (nonblocking, none
 *         waiting); XS_EINVAL (NULL msgs or done, count 0, NULL buf with
 *         len > 0); otherwise as xs_recvfrom().
 */
XS_EXTERN int xs_recv_batch(xs_socket_t sock, xs_dgram *msgs, size_t count,
                            size_t *done);

/**
 * @brief Send several datagrams in one call where the system can.
 *
 * Linux: one sendmmsg call; elsewhere one sendto per datagram, stopping at
 * the first failure. The datagrams are sent in order; *done tells how many
 * went (the rest were not sent: retry or drop them, as UDP may).
 *
 * @param sock  a datagram socket.
 * @param msgs  count entries, buf, len and addr set.
 * @param count entries in msgs, at least 1 (at most XS_BATCH_MAX are sent
 *              per call).
 * @param done  receives the number of datagrams sent.
 * @return 0 (at least one sent); the failure of the first datagram, as
 *         xs_sendto() reports it; XS_EINVAL (NULL msgs or done, count 0,
 *         NULL buf with len > 0).
 */
XS_EXTERN int xs_send_batch(xs_socket_t sock, xs_dgram *msgs, size_t count,
                            size_t *done);

/**
 * @brief Send all of a buffer, within a time limit.
 *
 * Loops over partial sends and EINTR, waiting for writability with poll
 * between calls. On a nonblocking socket the deadline is exact. On a
 * blocking socket it is checked before each call, and a single call may
 * block while the kernel buffer is full (use a send timeout or a
 * nonblocking socket for a hard limit).
 *
 * @param sock the socket.
 * @param buf  the bytes to send.
 * @param len  how many bytes.
 * @param timeout_ms milliseconds for the whole buffer; XS_INFINITE.
 * @param sent       NULL, or receives the number of bytes sent, also on
 *                   failure (nothing is lost track of).
 * @return 0 when every byte was sent; XS_ETIMEDOUT; XS_EPIPE;
 *         XS_ECONNRESET; other xs_send() errors.
 */
XS_EXTERN int xs_send_all(xs_socket_t sock, const void *buf, size_t len,
                          int timeout_ms, size_t *sent);

/**
 * @brief Receive exactly len bytes, within a time limit.
 *
 * Loops over partial receives and EINTR, waiting for readability with poll
 * between calls; the deadline is exact on any socket.
 *
 * @param sock the socket.
 * @param buf  where to store the bytes.
 * @param len  size of buf in bytes.
 * @param timeout_ms milliseconds for the whole buffer; XS_INFINITE.
 * @param received NULL, or receives the number of bytes received, also on
 *                 failure.
 * @return 0 when len bytes arrived; XS_EOF if the peer closed first;
 *         XS_ETIMEDOUT; XS_ECONNRESET; other xs_recv() errors.
 */
XS_EXTERN int xs_recv_all(xs_socket_t sock, void *buf, size_t len,
                          int timeout_ms, size_t *received);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_IO_H */
