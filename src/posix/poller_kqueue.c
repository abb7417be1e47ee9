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
 */
#include "posix/posix.h"

#include <stdlib.h>

#include "common/poller_int.h"

/* kevents fetched per system call. */
#define BATCH 256
/* The wake-up's identifier in the EVFILT_USER filter. */
#define WAKE_ID 0

typedef struct kreg {
  xs_socket_t sock;
  void *data;
} kreg;

typedef struct kq {
  xs_poller head;
  int fd;
  xs__sockmap map;
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
  if (q->fd >= 0)
    (void)xs__sys.close(q->fd);
  free(q);
}

/* Apply n changes; 0 or the first failure. */
static int change(kq *q, struct kevent *ch, int n) {
  if (xs__sys.kevent(q->fd, ch, n, NULL, 0, NULL) < 0)
    return xs__posix_errno();
  return 0;
}

static int kq_open(xs_poller **out) {
  kq *q = malloc(sizeof *q);
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

/* Both filters of r, each enabled if asked for. */
static int set_filters(kq *q, kreg *r, unsigned events, unsigned short add) {
  struct kevent ch[2];
  unsigned short once = (events & XS_POLLER_ONESHOT) ? EV_DISPATCH : 0;
  unsigned short rd = (events & XS_POLLIN) ? EV_ENABLE : EV_DISABLE;
  unsigned short wr = (events & XS_POLLOUT) ? EV_ENABLE : EV_DISABLE;
  EV_SET(&ch[0], (uintptr_t)r->sock, EVFILT_READ, add | rd | once, 0, 0, r);
  EV_SET(&ch[1], (uintptr_t)r->sock, EVFILT_WRITE, add | wr | once, 0, 0, r);
  return change(q, ch, 2);
}

static int kq_add(xs_poller *p, xs_socket_t sock, unsigned events, void *data) {
  kq *q = (kq *)p;
  if (xs__sockmap_get(&q->map, sock) != NULL) {
    xs__native_set(0);
    return XS_EEXIST;
  }
  kreg *r = malloc(sizeof *r);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOMEM;
  }
  r->sock = sock;
  r->data = data;
  int rc = xs__sockmap_put(&q->map, sock, r);
  if (rc == 0) {
    rc = set_filters(q, r, events, EV_ADD);
    if (rc != 0)
      (void)xs__sockmap_del(&q->map, sock);
  }
  if (rc != 0)
    free(r);
  return rc;
}

static int kq_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                     void *data) {
  kq *q = (kq *)p;
  kreg *r = xs__sockmap_get(&q->map, sock);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  r->data = data;
  return set_filters(q, r, events, EV_ADD);
}

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
  free(r); /* no event of it is reported after this: see kq_wait */
  return rc;
}

static unsigned from_kevent(const struct kevent *e) {
  unsigned out = e->filter == EVFILT_READ ? XS_POLLIN : XS_POLLOUT;
  if (e->flags & EV_EOF)
    out |= XS_POLLHUP;
  if ((e->flags & EV_EOF) && e->fflags != 0)
    out |= XS_POLLERR;
  return out;
}

/* The index of the entry already filled for r, or n. */
static size_t find(kreg *const *from, size_t n, const kreg *r) {
  size_t i = 0;
  while (i < n && from[i] != r)
    i++;
  return i;
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
  for (int i = 0; i < n; i++) {
    const struct kevent *e = &q->buf[i];
    if (e->filter == EVFILT_USER)
      continue;
    /* Both filters are deleted together, before the registration is
     * freed: a kevent in this batch always has a live registration. */
    kreg *r = e->udata;
    size_t j = find(q->from, k, r);
    if (j < k) {
      events[j].events |= from_kevent(e);
      continue;
    }
    q->from[k] = r;
    events[k].data = r->data;
    events[k].events = from_kevent(e);
    k++;
  }
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
