/* SPDX-License-Identifier: MIT */
/*
 * poller_poll.c - the portable poller backend, "poll": xs__plat_poll()
 * (poll / WSAPoll) over a set that persists between waits, so nothing is
 * rebuilt or allocated per wait; each wait still costs time in the number
 * of sockets watched (the system call's own cost). Entry 0 is the read end
 * of a socket pair that xs_poller_wake() writes one byte to.
 *
 * A socket's entry is found through a socket map (value: its index + 1).
 * A disarmed one-shot entry keeps its place with its socket hidden
 * (XS_INVALID_SOCKET, which xs__plat_poll skips). A delete moves the last
 * entry into the hole. Results are copied out in one pass after the call,
 * starting after where the previous wait stopped when max was too small,
 * so no socket is starved.
 */
#include <stdint.h>
#include <stdlib.h>

#include "poller_int.h"

#define FIRST_CAP 64

typedef struct pp {
  xs_poller head;
  xs_pollfd *fds;    /* [0] = wake pair's read end, then registrations */
  xs_socket_t *sock; /* each entry's socket, also while hidden */
  unsigned *ask;     /* each entry's events, XS_POLLER_ONESHOT included */
  void **data;
  size_t n; /* entries in use, the wake entry included */
  size_t cap;
  size_t next; /* where the next copy-out starts (fairness) */
  xs__sockmap map;
  xs_socket_t pair[2]; /* [0] read end (polled), [1] written by wake */
} pp;

static int grow(pp *q) {
  size_t cap = q->cap == 0 ? FIRST_CAP : q->cap * 2;
  xs_pollfd *fds = realloc(q->fds, cap * sizeof *fds);
  if (fds != NULL)
    q->fds = fds;
  xs_socket_t *sock = realloc(q->sock, cap * sizeof *sock);
  if (sock != NULL)
    q->sock = sock;
  unsigned *ask = realloc(q->ask, cap * sizeof *ask);
  if (ask != NULL)
    q->ask = ask;
  void **data = realloc(q->data, cap * sizeof *data);
  if (data != NULL)
    q->data = data;
  if (fds == NULL || sock == NULL || ask == NULL || data == NULL) {
    xs__native_set(0);
    return XS_ENOMEM;
  }
  q->cap = cap;
  return 0;
}

static void pp_close(xs_poller *p) {
  pp *q = (pp *)p;
  if (q->pair[0] != XS_INVALID_SOCKET)
    (void)xs__plat_close(q->pair[0]);
  if (q->pair[1] != XS_INVALID_SOCKET)
    (void)xs__plat_close(q->pair[1]);
  xs__sockmap_free(&q->map);
  free(q->fds);
  free(q->sock);
  free(q->ask);
  free(q->data);
  free(q);
}

static int pp_open(xs_poller **out) {
  pp *q = calloc(1, sizeof *q);
  if (q == NULL) {
    xs__native_set(0);
    return XS_ENOMEM;
  }
  q->head.ops = &xs__poller_poll_ops;
  q->pair[0] = q->pair[1] = XS_INVALID_SOCKET;
  xs__sockmap_init(&q->map);
  int rc = grow(q);
  if (rc == 0)
    rc = xs__plat_socketpair(q->pair, XS_SOCK_NONBLOCK);
  if (rc != 0) {
    pp_close(&q->head);
    return rc;
  }
  q->fds[0] = (xs_pollfd){q->pair[0], XS_POLLIN, 0};
  q->sock[0] = q->pair[0];
  q->ask[0] = XS_POLLIN;
  q->data[0] = NULL;
  q->n = 1;
  *out = &q->head;
  return 0;
}

/* Show or hide entry i to the system call, as its events say. */
static void arm(pp *q, size_t i, unsigned events, void *data) {
  q->ask[i] = events;
  q->data[i] = data;
  q->fds[i].sock = q->sock[i];
  q->fds[i].events = (short)(events & (XS_POLLIN | XS_POLLOUT));
  q->fds[i].revents = 0;
}

static size_t index_of(const pp *q, xs_socket_t sock) {
  return (size_t)(uintptr_t)xs__sockmap_get(&q->map, sock);
}

static int pp_add(xs_poller *p, xs_socket_t sock, unsigned events, void *data) {
  pp *q = (pp *)p;
  if (index_of(q, sock) != 0) {
    xs__native_set(0);
    return XS_EEXIST;
  }
  /* poll() would take a closed handle and report it later: ask the
   * socket layer now (XS_EBADF or XS_ENOTSOCK), as the other backends
   * do at registration. */
  int bytes = 0;
  int rc = xs__plat_getopt(sock, XS__OPT_RCVBUF, &bytes);
  if (rc != 0)
    return rc;
  if (q->n == q->cap && (rc = grow(q)) != 0)
    return rc;
  size_t i = q->n;
  rc = xs__sockmap_put(&q->map, sock, (void *)(uintptr_t)(i + 1));
  if (rc != 0)
    return rc;
  q->sock[i] = sock;
  arm(q, i, events, data);
  q->n++;
  return 0;
}

static int pp_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                     void *data) {
  pp *q = (pp *)p;
  size_t i1 = index_of(q, sock);
  if (i1 == 0) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  arm(q, i1 - 1, events, data);
  return 0;
}

static int pp_del(xs_poller *p, xs_socket_t sock) {
  pp *q = (pp *)p;
  size_t i1 = (size_t)(uintptr_t)xs__sockmap_del(&q->map, sock);
  if (i1 == 0) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  size_t i = i1 - 1;
  size_t last = q->n - 1;
  if (i != last) {
    q->fds[i] = q->fds[last];
    q->sock[i] = q->sock[last];
    q->ask[i] = q->ask[last];
    q->data[i] = q->data[last];
    /* The map shrank by one, so this re-insert cannot need memory. */
    (void)xs__sockmap_del(&q->map, q->sock[i]);
    (void)xs__sockmap_put(&q->map, q->sock[i], (void *)(uintptr_t)i1);
  }
  q->n--;
  if (q->next >= q->n)
    q->next = 1;
  return 0;
}

/* Empty the wake pair (wakes merge into one). */
static void drain(pp *q) {
  unsigned char buf[64];
  size_t got = 0;
  while (xs__plat_recv(q->pair[0], buf, sizeof buf, &got) == 0 &&
         got == sizeof buf)
    ;
}

/* Copy the results out, from q->next round to it. */
static size_t collect(pp *q, xs_poller_event *events, size_t max) {
  size_t count = 0;
  size_t regs = q->n - 1;
  size_t i = q->next >= 1 && q->next < q->n ? q->next : 1;
  for (size_t k = 0; k < regs && count < max; k++) {
    short rev = q->fds[i].revents;
    if (rev != 0 && q->fds[i].sock != XS_INVALID_SOCKET) {
      q->fds[i].revents = 0;
      events[count].data = q->data[i];
      events[count].events = (unsigned)rev & ~(unsigned)XS_POLLNVAL;
      if (rev & XS_POLLNVAL)
        events[count].events |= XS_POLLERR | XS_POLLHUP;
      count++;
      if (q->ask[i] & XS_POLLER_ONESHOT)
        q->fds[i].sock = XS_INVALID_SOCKET; /* disarmed until modify */
    }
    i = i + 1 < q->n ? i + 1 : 1;
  }
  q->next = i;
  return count;
}

static int pp_wait(xs_poller *p, xs_poller_event *events, size_t max,
                   int timeout_ms, size_t *count) {
  pp *q = (pp *)p;
  int ready = 0;
  *count = 0;
  int rc = xs__plat_poll(q->fds, q->n, timeout_ms, &ready);
  if (rc != 0 || ready == 0)
    return rc;
  if (q->fds[0].revents != 0)
    drain(q);
  *count = collect(q, events, max);
  return 0;
}

static int pp_wake(xs_poller *p) {
  pp *q = (pp *)p;
  size_t sent = 0;
  int rc = xs__plat_send(q->pair[1], "w", 1, &sent);
  return rc == XS_EAGAIN ? 0 : rc; /* full: a wake is already pending */
}

const xs__poller_ops xs__poller_poll_ops = {
    .name = "poll",
    .open = pp_open,
    .close = pp_close,
    .add = pp_add,
    .modify = pp_modify,
    .del = pp_del,
    .wait = pp_wait,
    .wake = pp_wake,
};
