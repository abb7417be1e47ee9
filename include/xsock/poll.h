/* SPDX-License-Identifier: MIT */
/**
 * @file poll.h
 * @brief Readiness of a few sockets (poll / WSAPoll).
 */
#ifndef XSOCK_POLL_H
#define XSOCK_POLL_H

#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Readable: data, end of stream, or a connection waiting to be accepted. */
#define XS_POLLIN 0x1
/** Writable: send will not block (or a nonblocking connect finished). */
#define XS_POLLOUT 0x2
/** Error pending on the socket (revents only; read it with xs_socket_error). */
#define XS_POLLERR 0x4
/** Hang-up: the peer closed or reset the connection, or a connect failed
 * (revents only). The peer's end of stream reads XS_POLLIN | XS_POLLHUP on
 * every system (Linux: POLLRDHUP is asked with XS_POLLIN). Bytes may still
 * be waiting when it comes: read until a receive returns 0 bytes. */
#define XS_POLLHUP 0x8
/** Not an open socket (revents only). */
#define XS_POLLNVAL 0x10

/** One socket to watch. The layout is xsock's own on every system. */
typedef struct xs_pollfd {
  xs_socket_t sock; /**< socket; XS_INVALID_SOCKET entries are skipped */
  short events;     /**< XS_POLLIN | XS_POLLOUT */
  short revents;    /**< set by xs_poll(): what happened */
} xs_pollfd;

/**
 * @brief Wait until one of the sockets is ready or the time runs out.
 *
 * EINTR is retried with the time left. Entries whose sock is
 * XS_INVALID_SOCKET are skipped and get revents 0. XS_POLLERR, XS_POLLHUP
 * and XS_POLLNVAL are reported whether asked for or not. With n = 0, or
 * when every entry is skipped, the call just sleeps for timeout_ms.
 *
 * No memory is allocated, whatever n: the system call works on fds
 * itself. While xs_poll() runs, the events fields hold the system's own
 * flags, so no other thread may read or write the array during the call.
 * On return each events field is as it was given, less any bit other
 * than XS_POLLIN and XS_POLLOUT (such bits have no effect).
 *
 * POSIX: poll(). Windows: WSAPoll() (a refused nonblocking connect is not
 * reported by it before Windows 10 2004; xs_dial() does not depend on it).
 *
 * @param fds        array of n entries; NULL only if n is 0.
 * @param n          number of entries, at most XS_POLL_MAX.
 * @param timeout_ms milliseconds; 0 = just look; XS_INFINITE = no limit.
 * @param ready      NULL, or receives the number of entries with revents
 *                   set (0 when the time ran out).
 * @return 0 (also on timeout); XS_EINVAL (NULL fds with n > 0, n too large,
 *         n = 0 or every entry skipped with an infinite timeout);
 *         XS_ENOMEM or XS_ENOBUFS (the system itself is out of memory).
 */
XS_EXTERN int xs_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready);

/** The largest number of entries one xs_poll() call takes. */
#define XS_POLL_MAX 65536

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_POLL_H */
