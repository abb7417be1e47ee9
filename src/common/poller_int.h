/* SPDX-License-Identifier: MIT */
/*
 * poller_int.h - the contract between the public poller (src/common/
 * poller.c) and its backends: one file per backend, each exporting one
 * xs__poller_ops table.
 *
 *   src/common/poller_poll.c    "poll": xs__plat_poll over a persistent
 *                               set; every system
 *   src/posix/poller_epoll.c    "epoll": Linux
 *   src/posix/poller_kqueue.c   "kqueue": macOS and the BSDs
 *   src/win32/poller_afd.c      "afd": Windows
 *
 * CMake compiles the poll backend everywhere and the one native backend
 * its feature checks find; the port's xs__plat_poller_ops() returns that
 * backend's table (platform.h).
 *
 * The front end checks every argument before a backend sees it: p and
 * the arrays are non-NULL, sock is not XS_INVALID_SOCKET, events holds
 * only XS_POLLIN, XS_POLLOUT and XS_POLLER_ONESHOT, max >= 1. Backends
 * return 0 or a negative XS_E... code (recording the native code with the
 * port's error translation), and keep the semantics poller.h promises.
 */
#ifndef XS_COMMON_POLLER_INT_H
#define XS_COMMON_POLLER_INT_H

#include "internal.h"
#include "xsock/poller.h"

typedef struct xs__poller_ops xs__poller_ops;

/* The head of every backend's poller struct. */
struct xs_poller {
  const xs__poller_ops *ops;
};

/* The events a registration may ask for. */
#define XS__POLLER_ASK ((unsigned)(XS_POLLIN | XS_POLLOUT | XS_POLLER_ONESHOT))

struct xs__poller_ops {
  const char *name;
  /* Allocate and open a poller (its ops field set to this table). */
  int (*open)(xs_poller **out);
  /* Release everything; the sockets stay open. */
  void (*close)(xs_poller *p);
  /* XS_EEXIST if sock is registered. */
  int (*add)(xs_poller *p, xs_socket_t sock, unsigned events, void *data);
  /* XS_ENOENT if sock is not registered (also re-arms a one-shot). */
  int (*modify)(xs_poller *p, xs_socket_t sock, unsigned events, void *data);
  /* XS_ENOENT if sock is not registered. */
  int (*del)(xs_poller *p, xs_socket_t sock);
  /* One wait of at most timeout_ms (XS_INFINITE: none). *count = 0 on a
   * timeout or a wake-up. XS_EINTR asks the front end to wait again with
   * the time left: for a signal, or when everything that arrived was for
   * the poller itself (a completion of a deleted socket...). */
  int (*wait)(xs_poller *p, xs_poller_event *events, size_t max, int timeout_ms,
              size_t *count);
  /* Safe from any thread. */
  int (*wake)(xs_poller *p);
};

/* The portable backend (src/common/poller_poll.c). */
extern const xs__poller_ops xs__poller_poll_ops;

/*
 * A map from socket handle to a pointer, for the backends that must find
 * their own state by socket (poll, afd). Open addressing with linear
 * probing on the handle's bits; grows at 1/2 load; deletion shifts entries
 * back (no tombstones), so lookups stay short whatever the churn.
 */
typedef struct xs__sockmap {
  xs_socket_t *keys; /* XS_INVALID_SOCKET = empty slot */
  void **vals;
  size_t cap; /* a power of two, or 0 before the first insert */
  size_t n;
} xs__sockmap;

void xs__sockmap_init(xs__sockmap *m);
void xs__sockmap_free(xs__sockmap *m);
/* The value for sock, or NULL. */
void *xs__sockmap_get(const xs__sockmap *m, xs_socket_t sock);
/* Insert (sock must be absent, val non-NULL): 0 or XS_ENOMEM. */
int xs__sockmap_put(xs__sockmap *m, xs_socket_t sock, void *val);
/* Remove sock; returns its value, or NULL if it was absent. */
void *xs__sockmap_del(xs__sockmap *m, xs_socket_t sock);
/* Call fn(sock, value, ctx) for every entry (fn must not change m). */
void xs__sockmap_each(const xs__sockmap *m,
                      void (*fn)(xs_socket_t sock, void *val, void *ctx),
                      void *ctx);

#endif /* XS_COMMON_POLLER_INT_H */
