/* SPDX-License-Identifier: MIT */
/**
 * @file handoff.h
 * @brief Hand a socket to another process over a connected stream channel.
 *
 * A process that owns a socket (say a listener's dispatcher holding an
 * accepted connection) can give another process its own handle to the same
 * socket, with the same code on every system. The exchange is pulled by the
 * receiver over a connected stream socket, the "channel":
 *
 * 1. the receiver calls xs_handoff_recv(), which writes a small request
 *    carrying its process id (8 bytes: "XSH1" and the id as 32-bit big
 *    endian) and waits for the answer;
 * 2. the sender calls xs_handoff_send(), which reads that request and
 *    answers with the socket.
 *
 * POSIX: the answer is one byte with the descriptor attached as SCM_RIGHTS
 * ancillary data (sendmsg / recvmsg), so the channel must be an AF_UNIX
 * stream socket (xs_socketpair(), or xs_listen() / xs_dial() on a UNIX
 * address); any other channel gives XS_EAFNOSUPPORT. Windows: the answer is
 * the WSAPROTOCOL_INFOW that WSADuplicateSocketW() makes for the receiver's
 * process id, behind a header ("XSH1" and its length as 32-bit big
 * endian), from which the receiver makes its socket with
 * WSASocketW(FROM_PROTOCOL_INFO); any connected stream socket can be the
 * channel (xs_socketpair() is a loopback TCP pair there). That is the one
 * documented difference: the same program runs on both systems when its
 * channel comes from xs_socketpair() (within a process) or, between
 * processes, from a listener the receiver dials: a UNIX path on POSIX,
 * loopback TCP where AF_UNIX is missing (xs_socket_open() says
 * XS_EAFNOSUPPORT for XS_AF_UNIX there).
 *
 * What the receiver gets is a new handle (a different value, in a different
 * process usually) to the same socket: the same connection, the same
 * buffers, the same options. The rules that a course on sockets teaches
 * for a connection shared by several processes (as after fork()) apply:
 *
 * - xs_close() releases one handle only. The connection stays open, and
 *   the peer sees nothing, while any process still holds a handle to it.
 *   The sender's socket stays open after xs_handoff_send(): close it there
 *   when done, or the connection outlives the receiver's xs_close() (the
 *   peer never reads end of stream).
 * - xs_socket_shutdown() acts on the connection itself, for every holder:
 *   after XS_SHUT_WR in any process the peer reads end of stream, and no
 *   holder can send any more.
 * - Bytes are not duplicated: two holders reading at once each get part of
 *   the stream. Hand a socket over, then let one process use it.
 * - Options and the nonblocking mode are the socket's: on POSIX both
 *   descriptors are one open file (a nonblocking socket arrives
 *   nonblocking). xsock does not promise the mode of the received handle
 *   on every system: set it with xs_socket_set_nonblocking() if it
 *   matters.
 *
 * The received handle is non-inheritable like every socket xsock makes
 * (MSG_CMSG_CLOEXEC, or FD_CLOEXEC set at once where that flag does not
 * exist; WSA_FLAG_NO_HANDLE_INHERIT), overlapped on Windows (so a poller
 * can take it), and sends on it never raise SIGPIPE.
 *
 * Connected and listening sockets alike can be handed over.
 * Each request is answered by one socket; a receiver that wants several
 * calls xs_handoff_recv() once per socket, the sender xs_handoff_send()
 * once per socket, in the same order.
 */
#ifndef XSOCK_HANDOFF_H
#define XSOCK_HANDOFF_H

#include <stdint.h>

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Ask for a socket over a channel and receive one's own handle to
 *        it.
 *
 * Writes the request (this process's id), then reads the answer, within
 * one time limit for both. On failure nothing received is left open.
 * POSIX: recvmsg with SCM_RIGHTS (MSG_CMSG_CLOEXEC). Windows:
 * WSASocketW(FROM_PROTOCOL_INFO, WSA_FLAG_OVERLAPPED |
 * WSA_FLAG_NO_HANDLE_INHERIT).
 *
 * If the channel breaks after the sender has answered (on Windows, after
 * the answer arrived but before WSASocketW took it), the socket meant for
 * this process is not delivered; the sender still holds its own handle.
 *
 * @param channel    a connected stream socket to the sender: on POSIX an
 *                   AF_UNIX one.
 * @param timeout_ms milliseconds for the whole exchange; XS_INFINITE (any
 *                   negative value) for no limit.
 * @param out        receives the new handle; XS_INVALID_SOCKET on failure.
 * @return 0; XS_EINVAL (NULL out); XS_EBADF (channel not an open socket,
 *         XS_INVALID_SOCKET included); XS_EPROTOTYPE (channel not a stream
 *         socket); XS_EAFNOSUPPORT (POSIX: channel not AF_UNIX);
 *         XS_ETIMEDOUT; XS_EOF or XS_ECONNRESET (the sender closed the
 *         channel before answering); XS_EPROTO (an answer that is not one:
 *         wrong header or length, no descriptor, more than one, or
 *         truncated ancillary data); XS_EMFILE and the other codes of
 *         socket creation; other xs_send() / xs_recv() errors of the
 *         channel.
 */
XS_EXTERN int xs_handoff_recv(xs_socket_t channel, int timeout_ms,
                              xs_socket_t *out);

/**
 * @brief Answer one hand-off request on a channel with a socket.
 *
 * Reads the request, then sends the answer, within one time limit for
 * both. sock stays open in this process: the receiver gets its own handle
 * to the same socket (see the file's description for close versus
 * shutdown). POSIX: sendmsg with SCM_RIGHTS and MSG_NOSIGNAL. Windows:
 * WSADuplicateSocketW into the requesting process.
 *
 * @param channel    a connected stream socket to the receiver: on POSIX an
 *                   AF_UNIX one.
 * @param sock       the socket to hand over; not the channel itself.
 * @param timeout_ms milliseconds for the whole exchange; XS_INFINITE (any
 *                   negative value) for no limit.
 * @return 0; XS_EINVAL (sock is the channel); XS_EBADF (channel or sock not
 *         an open socket, XS_INVALID_SOCKET included); XS_ENOTSOCK (POSIX:
 *         a descriptor that is not a socket); XS_EPROTOTYPE (channel not a
 *         stream socket); XS_EAFNOSUPPORT (POSIX: channel not AF_UNIX);
 *         XS_ETIMEDOUT (no request in time); XS_EOF or XS_ECONNRESET (the
 *         receiver closed the channel); XS_EPROTO (a request that is not
 *         one: wrong magic or version, process id 0); other
 *         xs_send() / xs_recv() errors of the channel; on Windows the
 *         errors of WSADuplicateSocketW (XS_EINVAL for a process that does
 *         not exist).
 */
XS_EXTERN int xs_handoff_send(xs_socket_t channel, xs_socket_t sock,
                              int timeout_ms);

/**
 * @brief This process's id (getpid / GetCurrentProcessId).
 * @return The id; never fails.
 */
XS_EXTERN uint32_t xs_process_id(void);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_HANDOFF_H */
