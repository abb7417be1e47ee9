/* SPDX-License-Identifier: MIT */
/**
 * @file poller.h
 * @brief Readiness of many sockets: a poller object that waits in time
 *        proportional to the sockets that are ready, not to those watched.
 *
 * A poller holds a set of registered sockets, each with the events it is
 * interested in and one `void *` of the caller's. xs_poller_wait() fills a
 * caller's array with the registrations that are ready. It is
 * level-triggered: a socket that is still readable (or writable) is
 * reported again by the next wait. A registration made with
 * XS_POLLER_ONESHOT is reported once, then disarmed until
 * xs_poller_modify() arms it again.
 *
 * Backends, chosen when the poller is opened: "epoll" (Linux), "kqueue"
 * (macOS and the BSDs), "afd" (Windows: the AFD poll driver behind an I/O
 * completion port, as wepoll and mio use) and "poll" (poll() or WSAPoll()
 * over a persistent set, on every system; its wait costs time in the
 * number of sockets watched). xs_poller_open() takes the system's
 * scalable backend, or the one named by the environment variable
 * XSOCK_POLLER; xs_poller_open_backend() names one.
 *
 * What every backend reports the same way:
 * - XS_POLLIN: data to read, a connection to accept, the peer's end of
 *   stream (a receive returns 0 bytes), or a pending error.
 * - XS_POLLOUT: a send will not block, or a nonblocking connect finished
 *   (whether it succeeded or failed).
 * - XS_POLLHUP: the peer closed or reset the connection, or a connect
 *   failed: nothing more will arrive. Reported, with XS_POLLIN, when the
 *   peer's end of stream is reached and XS_POLLIN is asked for. Bytes sent
 *   before the end may still be waiting: Linux reports XS_POLLHUP as soon
 *   as the end arrives, Windows once they are read. So on every system,
 *   read until a receive returns 0 bytes (or fails) before closing.
 * - XS_POLLERR: an error is pending on the socket (a reset, a refused
 *   connect); xs_socket_error() reads it. A refused nonblocking connect
 *   registered for XS_POLLOUT gives XS_POLLOUT | XS_POLLERR | XS_POLLHUP.
 * - XS_POLLERR and XS_POLLHUP are reported whether asked for or not, even
 *   for a registration whose events are 0, but not for a disarmed
 *   one-shot registration.
 *
 * Rules for the caller, the same on every backend:
 * - One thread waits at a time. Register, modify, delete and close from
 *   that thread (or while no thread waits). xs_poller_wake() is the one
 *   call that is safe from any thread at any time.
 * - Delete a socket before closing it. A closed socket that is still
 *   registered may be reported (XS_POLLERR | XS_POLLHUP on some
 *   backends), and a new socket that gets the same handle value cannot be
 *   added until the old registration is deleted.
 * - After xs_poller_delete() returns, the socket is never reported by a
 *   later wait, even if an event for it was already pending inside the
 *   poller. Events already copied into the caller's array by an earlier
 *   wait are the caller's to skip.
 *
 * The poller allocates at open and at each new registration (the poll
 * and afd backends keep a table that grows), never in xs_poller_wait().
 */
#ifndef XSOCK_POLLER_H
#define XSOCK_POLLER_H

#include <stddef.h>

#include "export.h"
#include "poll.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Events flag: report once, then disarm until xs_poller_modify(). */
#define XS_POLLER_ONESHOT 0x100

/** A poller (opaque). */
typedef struct xs_poller xs_poller;

/** One ready registration, as xs_poller_wait() reports it. */
typedef struct xs_poller_event {
  void *data;      /**< the caller's pointer given to add or modify */
  unsigned events; /**< XS_POLLIN | XS_POLLOUT | XS_POLLERR | XS_POLLHUP */
} xs_poller_event;

/**
 * @brief Open a poller on the system's scalable backend.
 *
 * The environment variable XSOCK_POLLER, when set and not empty, names the
 * backend instead ("poll", "epoll", "kqueue", "afd"), so that a program can
 * be run against another backend without a change.
 *
 * @param out receives the poller.
 * @return 0; XS_EINVAL (out NULL, or XSOCK_POLLER names no backend);
 *         XS_ENOTSUP (the backend named does not exist on this system);
 *         XS_ENOMEM, XS_EMFILE, XS_ENFILE (out of resources).
 */
XS_EXTERN int xs_poller_open(xs_poller **out);

/**
 * @brief Open a poller on a named backend.
 * @param name "epoll", "kqueue", "afd" or "poll"; NULL means as
 *             xs_poller_open().
 * @param out  receives the poller.
 * @return 0; XS_EINVAL (out NULL, or name is no backend's name);
 *         XS_ENOTSUP (that backend does not exist on this system);
 *         XS_ENOMEM, XS_EMFILE, XS_ENFILE (out of resources).
 */
XS_EXTERN int xs_poller_open_backend(const char *name, xs_poller **out);

/**
 * @brief Close a poller. The registered sockets stay open; they are no
 *        longer watched.
 * @param p a poller, or NULL (nothing happens).
 * @return 0 (the poller's resources are released in every case).
 */
XS_EXTERN int xs_poller_close(xs_poller *p);

/**
 * @brief Watch a socket.
 * @param p      the poller.
 * @param sock   an open socket not registered in p.
 * @param events XS_POLLIN and/or XS_POLLOUT (or 0: errors and hang-ups
 *               only), optionally with XS_POLLER_ONESHOT.
 * @param data   reported with every event of this socket; may be NULL.
 * @return 0; XS_EEXIST (sock is already registered); XS_EINVAL (p NULL,
 *         sock XS_INVALID_SOCKET, or an unknown bit in events);
 *         XS_EBADF or XS_ENOTSOCK (sock is not an open socket; the epoll
 *         and kqueue backends also take any other descriptor the system
 *         can watch, such as a pipe); XS_ENOMEM (out of memory).
 */
XS_EXTERN int xs_poller_add(xs_poller *p, xs_socket_t sock, unsigned events,
                            void *data);

/**
 * @brief Change what a registered socket is watched for, and its data.
 *        This also re-arms a one-shot registration.
 * @param p      the poller.
 * @param sock   a socket registered in p.
 * @param events as for xs_poller_add().
 * @param data   the new pointer to report.
 * @return 0; XS_ENOENT (sock is not registered); XS_EINVAL (as for add);
 *         XS_ENOMEM (out of memory).
 */
XS_EXTERN int xs_poller_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                               void *data);

/**
 * @brief Stop watching a socket (before it is closed). No later wait
 *        reports it.
 * @param p    the poller.
 * @param sock a socket registered in p.
 * @return 0; XS_ENOENT (sock is not registered); XS_EINVAL (p NULL or
 *         sock XS_INVALID_SOCKET).
 */
XS_EXTERN int xs_poller_delete(xs_poller *p, xs_socket_t sock);

/**
 * @brief Wait until registered sockets are ready, the time runs out, or
 *        xs_poller_wake() is called.
 *
 * Fills events[0 .. *count - 1], at most max entries, one per ready
 * registration. When more are ready than max, the rest are reported by the
 * next wait. EINTR is retried with the time left. Allocates nothing.
 *
 * @param p          the poller.
 * @param events     the caller's array of max entries.
 * @param max        its size, at least 1.
 * @param timeout_ms milliseconds; 0 = just look; XS_INFINITE = no limit.
 * @param count      receives the number of entries filled: 0 when the time
 *                   ran out or the poller was woken.
 * @return 0 (also on timeout and wake-up); XS_EINVAL (p, events or count
 *         NULL, or max 0); XS_ENOMEM (the system is out of memory).
 */
XS_EXTERN int xs_poller_wait(xs_poller *p, xs_poller_event *events, size_t max,
                             int timeout_ms, size_t *count);

/**
 * @brief Make the current (or the next) xs_poller_wait() return at once.
 *
 * Safe from any thread, at any time while the poller is open; wakes that
 * come before a wait starts are merged into one.
 *
 * @param p the poller.
 * @return 0; XS_EINVAL (p NULL); another XS_E... code if the system
 *         refused the wake-up.
 */
XS_EXTERN int xs_poller_wake(xs_poller *p);

/**
 * @brief The name of the poller's backend: "epoll", "kqueue", "afd" or
 *        "poll".
 * @param p the poller, or NULL.
 * @return a static string; "" for NULL.
 */
XS_EXTERN const char *xs_poller_backend(const xs_poller *p);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_POLLER_H */
