/* SPDX-License-Identifier: MIT */
/*
 * poller_kqueue.c - the macOS and BSD poller backend, "kqueue". Each
 * registration has a read and a write filter (the one not asked for is
 * disabled), level-triggered; one-shot uses EV_DISPATCH and modify enables
 * again; EVFILT_USER is the wake-up. A registration's state is found by
 * socket through the socket map, so adds and deletes give XS_EEXIST and
 * XS_ENOENT as on the other backends, and both filters' events of one
 * socket are merged into one entry.
 *
 * This file is compiled only where CMake finds kqueue and EVFILT_USER;
 * no such system runs this project's CI (Linux and wine), so it is kept
 * small and has not been run.
 *
 * Deleted sockets: a kevent in a wait's batch always belongs to a live
 * registration, since a delete removes the knotes before the block goes;
 * a block whose knotes could not be removed is kept, marked, until close.
 */
#include "posix/posix.h"

#include <limits.h>
#include <stdlib.h>

#include "common/poller_int.h"

/* kevents fetched per system call. */
#define BATCH 256
/* The wake-up's identifier in the EVFILT_USER filter. */
#define WAKE_ID 0

typedef struct kreg kreg;
struct kreg {
  xs_socket_t sock;
  void *data;
  unsigned ask;  /* XS_POLLIN | XS_POLLOUT | XS_POLLER_ONESHOT */
  int armed;     /* a one-shot not yet reported since add or modify */
  int deleted;   /* out of the map; its knotes could not be deleted */
  kreg *zombies; /* deleted ones kept until close (see kq_del) */
};

typedef struct kq {
  xs_poller head;
  int fd;
  xs__sockmap map;
  kreg *zombies;
  struct kevent buf[BATCH];
  kreg *from[BATCH]; /* the registration of each entry a wait filled */
} kq;

static const xs__poller_ops kq_ops;

static void free_reg(xs_socket_t sock, void *val, void *ctx) {
  (void)sock;
  (void)ctx;
  free(val);
}

static void kq_close(xs_poller *p) {
  kq *q = (kq *)p;
  xs__sockmap_each(&q->map, free_reg, NULL);
  xs__sockmap_free(&q->map);
  while (q->zombies != NULL) {
    kreg *z = q->zombies;
    q->zombies = z->zombies;
    free(z);
  }
  if (q->fd >= 0)
    (void)xs__sys.close(q->fd);
  free(q);
}

/* Apply n changes; 0 or the failure. */
static int change(kq *q, struct kevent *ch, int n) {
  if (xs__sys.kevent(q->fd, ch, n, NULL, 0, NULL) < 0)
    return xs__posix_errno();
  return 0;
}

static int kq_open(xs_poller **out) {
  kq *q = calloc(1, sizeof *q);
  if (q == NULL) {
    xs__native_set(0);
    return XS_ENOMEM;
  }
  q->head.ops = &kq_ops;
  xs__sockmap_init(&q->map);
  q->fd = xs__sys.kqueue();
  int rc = q->fd < 0 ? xs__posix_errno() : xs__posix_cloexec(q->fd);
  if (rc == 0) {
    struct kevent ev;
    EV_SET(&ev, WAKE_ID, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, NULL);
    rc = change(q, &ev, 1);
  }
  if (rc != 0) {
    kq_close(&q->head);
    return rc;
  }
  *out = &q->head;
  return 0;
}

/* r's read filter: enabled always, so that an end or error is reported
 * even with XS_POLLIN not asked (a low-water mark no data reaches then). */
static void read_filter(struct kevent *ev, kreg *r, unsigned short fl) {
  unsigned short once = (r->ask & XS_POLLER_ONESHOT) ? EV_DISPATCH : 0;
  if (r->ask & XS_POLLIN)
    EV_SET(ev, (uintptr_t)r->sock, EVFILT_READ, fl | EV_ENABLE | once, 0, 0, r);
  else
    EV_SET(ev, (uintptr_t)r->sock, EVFILT_READ, fl | EV_ENABLE | once,
           NOTE_LOWAT, INT_MAX, r);
}

static void write_filter(struct kevent *ev, kreg *r, unsigned short fl) {
  unsigned short once = (r->ask & XS_POLLER_ONESHOT) ? EV_DISPATCH : 0;
  unsigned short on = (r->ask & XS_POLLOUT) ? EV_ENABLE : EV_DISABLE;
  EV_SET(ev, (uintptr_t)r->sock, EVFILT_WRITE, fl | on | once, 0, 0, r);
}

static void delete_filters(kq *q, xs_socket_t sock) {
  struct kevent ch[2];
  EV_SET(&ch[0], (uintptr_t)sock, EVFILT_READ, EV_DELETE, 0, 0, NULL);
  EV_SET(&ch[1], (uintptr_t)sock, EVFILT_WRITE, EV_DELETE, 0, 0, NULL);
  (void)change(q, &ch[0], 1);
  (void)change(q, &ch[1], 1);
}

/* Add both filters, one call each, so that a failure leaves neither. */
static int add_filters(kq *q, kreg *r) {
  struct kevent ev;
  read_filter(&ev, r, EV_ADD);
  int rc = change(q, &ev, 1);
  if (rc != 0)
    return rc;
  write_filter(&ev, r, EV_ADD);
  rc = change(q, &ev, 1);
  if (rc != 0)
    delete_filters(q, r->sock);
  return rc;
}

static int kq_add(xs_poller *p, xs_socket_t sock, unsigned events, void *data) {
  kq *q = (kq *)p;
  if (xs__sockmap_get(&q->map, sock) != NULL) {
    xs__native_set(0);
    return XS_EEXIST;
  }
  kreg *r = calloc(1, sizeof *r);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOMEM;
  }
  r->sock = sock;
  r->data = data;
  r->ask = events;
  r->armed = 1;
  int rc = add_filters(q, r);
  if (rc == 0) {
    rc = xs__sockmap_put(&q->map, sock, r);
    if (rc != 0)
      delete_filters(q, sock);
  }
  if (rc != 0)
    free(r);
  return rc;
}

/* A change of the one-shot flag takes new knotes (EV_ADD on a knote
 * does not change EV_DISPATCH); otherwise EV_ADD updates them. */
static int kq_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                     void *data) {
  kq *q = (kq *)p;
  kreg *r = xs__sockmap_get(&q->map, sock);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  unsigned old = r->ask;
  r->data = data;
  r->ask = events;
  r->armed = 1;
  if ((old ^ events) & XS_POLLER_ONESHOT) {
    delete_filters(q, sock);
    return add_filters(q, r);
  }
  struct kevent ch[2];
  read_filter(&ch[0], r, EV_ADD);
  write_filter(&ch[1], r, EV_ADD);
  return change(q, ch, 2);
}

/* The knotes of a closed socket are gone already (EBADF, ENOENT); one
 * that could not be deleted keeps its block alive, marked, until close. */
static int kq_del(xs_poller *p, xs_socket_t sock) {
  kq *q = (kq *)p;
  kreg *r = xs__sockmap_del(&q->map, sock);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  struct kevent ch[2];
  EV_SET(&ch[0], (uintptr_t)sock, EVFILT_READ, EV_DELETE, 0, 0, NULL);
  EV_SET(&ch[1], (uintptr_t)sock, EVFILT_WRITE, EV_DELETE, 0, 0, NULL);
  int rc = change(q, ch, 2);
  if (rc == 0 || rc == XS_EBADF || rc == XS_ENOENT) {
    free(r);
    return 0;
  }
  r->deleted = 1;
  r->zombies = q->zombies;
  q->zombies = r;
  return 0;
}

static unsigned from_kevent(const struct kevent *e, unsigned ask) {
  unsigned out = 0;
  if (e->filter == EVFILT_READ && (ask & XS_POLLIN))
    out |= XS_POLLIN;
  if (e->filter == EVFILT_WRITE)
    out |= XS_POLLOUT;
  if (e->flags & EV_EOF)
    out |= XS_POLLHUP;
  if ((e->flags & EV_EOF) && e->fflags != 0)
    out |= XS_POLLERR | (ask & (XS_POLLIN | XS_POLLOUT));
  return out;
}

/* The index of the entry already filled for r, or n. */
static size_t find(kreg *const *from, size_t n, const kreg *r) {
  size_t i = 0;
  while (i < n && from[i] != r)
    i++;
  return i;
}

/* A one-shot registration is spent by its first report: disable both
 * filters (EV_DISPATCH disabled only the one that fired). */
static void spend(kq *q, kreg *r) {
  struct kevent ch[2];
  r->armed = 0;
  EV_SET(&ch[0], (uintptr_t)r->sock, EVFILT_READ, EV_DISABLE, 0, 0, r);
  EV_SET(&ch[1], (uintptr_t)r->sock, EVFILT_WRITE, EV_DISABLE, 0, 0, r);
  (void)change(q, ch, 2);
}

/* Fold one kevent into the caller's array; k entries are filled. */
static size_t take(kq *q, const struct kevent *e, xs_poller_event *events,
                   size_t k) {
  kreg *r = e->udata;
  if (r->deleted)
    return k;
  size_t j = find(q->from, k, r);
  if (j < k) {
    events[j].events |=
        from_kevent(e, r->ask) & (r->ask | XS_POLLERR | XS_POLLHUP);
    return k;
  }
  if ((r->ask & XS_POLLER_ONESHOT) && !r->armed)
    return k;
  unsigned ev = from_kevent(e, r->ask);
  if (ev == 0)
    return k;
  if (r->ask & XS_POLLER_ONESHOT)
    spend(q, r);
  q->from[k] = r;
  events[k].data = r->data;
  events[k].events = ev;
  return k + 1;
}

static int kq_wait(xs_poller *p, xs_poller_event *events, size_t max,
                   int timeout_ms, size_t *count) {
  kq *q = (kq *)p;
  struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000};
  int want = max < BATCH ? (int)max : BATCH;
  int n =
      xs__sys.kevent(q->fd, NULL, 0, q->buf, want, timeout_ms < 0 ? NULL : &ts);
  if (n < 0)
    return xs__posix_errno();
  size_t k = 0;
  for (int i = 0; i < n; i++)
    if (q->buf[i].filter != EVFILT_USER)
      k = take(q, &q->buf[i], events, k);
  *count = k;
  return 0;
}

static int kq_wake(xs_poller *p) {
  struct kevent ev;
  EV_SET(&ev, WAKE_ID, EVFILT_USER, 0, NOTE_TRIGGER, 0, NULL);
  return change((kq *)p, &ev, 1);
}

static const xs__poller_ops kq_ops = {
    .name = "kqueue",
    .open = kq_open,
    .close = kq_close,
    .add = kq_add,
    .modify = kq_modify,
    .del = kq_del,
    .wait = kq_wait,
    .wake = kq_wake,
};

const xs__poller_ops *xs__plat_poller_ops(void) {
  return &kq_ops;
}
