/* SPDX-License-Identifier: MIT */
/*
 * poller_epoll.c - the Linux poller backend, "epoll": an epoll set holds
 * the registrations (the caller's pointer is the epoll data itself, so a
 * wait translates flags and nothing else), and an eventfd registered in it
 * is the wake-up. EPOLLRDHUP is asked with XS_POLLIN, so the peer's end of
 * stream comes as XS_POLLIN | XS_POLLHUP, as on the other backends.
 */
#include "posix/posix.h"

#include <stdlib.h>

#include "common/poller_int.h"

/* epoll events fetched per system call. */
#define BATCH 256

typedef struct ep {
  xs_poller head;
  int epfd;
  int evfd;
  struct epoll_event buf[BATCH];
} ep;

static const xs__poller_ops ep_ops;

static void ep_close(xs_poller *p) {
  ep *q = (ep *)p;
  if (q->evfd >= 0)
    (void)xs__sys.close(q->evfd);
  if (q->epfd >= 0)
    (void)xs__sys.close(q->epfd);
  free(q);
}

static int ep_open(xs_poller **out) {
  ep *q = malloc(sizeof *q);
  if (q == NULL) {
    xs__native_set(0);
    return XS_ENOMEM;
  }
  q->head.ops = &ep_ops;
  q->evfd = -1;
  q->epfd = xs__sys.epoll_create1(EPOLL_CLOEXEC);
  int rc = q->epfd < 0 ? xs__posix_errno() : 0;
  if (rc == 0) {
    q->evfd = xs__sys.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    rc = q->evfd < 0 ? xs__posix_errno() : 0;
  }
  if (rc == 0) {
    /* The wake-up's data is the eventfd field: no caller owns it. */
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &q->evfd};
    if (xs__sys.epoll_ctl(q->epfd, EPOLL_CTL_ADD, q->evfd, &ev) < 0)
      rc = xs__posix_errno();
  }
  if (rc != 0) {
    ep_close(&q->head);
    return rc;
  }
  *out = &q->head;
  return 0;
}

static int ctl(xs_poller *p, int op, xs_socket_t sock, unsigned events,
               void *data) {
  struct epoll_event ev = {.events = 0, .data.ptr = data};
  if (events & XS_POLLIN)
    ev.events |= EPOLLIN | EPOLLRDHUP;
  if (events & XS_POLLOUT)
    ev.events |= EPOLLOUT;
  if (events & XS_POLLER_ONESHOT)
    ev.events |= EPOLLONESHOT;
  if (xs__sys.epoll_ctl(((ep *)p)->epfd, op, sock, &ev) < 0)
    return xs__posix_errno();
  return 0;
}

static int ep_add(xs_poller *p, xs_socket_t sock, unsigned events, void *data) {
  return ctl(p, EPOLL_CTL_ADD, sock, events, data);
}

static int ep_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                     void *data) {
  return ctl(p, EPOLL_CTL_MOD, sock, events, data);
}

static int ep_del(xs_poller *p, xs_socket_t sock) {
  return ctl(p, EPOLL_CTL_DEL, sock, 0, NULL);
}

static unsigned from_epoll(uint32_t e) {
  unsigned out = 0;
  if (e & EPOLLIN)
    out |= XS_POLLIN;
  if (e & EPOLLOUT)
    out |= XS_POLLOUT;
  if (e & EPOLLERR)
    out |= XS_POLLERR;
  if (e & (EPOLLHUP | EPOLLRDHUP))
    out |= XS_POLLHUP;
  return out;
}

/* Reset the eventfd: every wake so far is served by this wait. */
static void drain(ep *q) {
  uint64_t v;
  (void)xs__sys.read(q->evfd, &v, sizeof v);
}

static int ep_wait(xs_poller *p, xs_poller_event *events, size_t max,
                   int timeout_ms, size_t *count) {
  ep *q = (ep *)p;
  int want = max < BATCH ? (int)max : BATCH;
  int n = xs__sys.epoll_wait(q->epfd, q->buf, want, timeout_ms);
  if (n < 0)
    return xs__posix_errno();
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    if (q->buf[i].data.ptr == &q->evfd) {
      drain(q);
      continue;
    }
    events[k].data = q->buf[i].data.ptr;
    events[k].events = from_epoll(q->buf[i].events);
    k++;
  }
  *count = k;
  return 0;
}

static int ep_wake(xs_poller *p) {
  uint64_t one = 1;
  if (xs__sys.write(((ep *)p)->evfd, &one, sizeof one) >= 0)
    return 0;
  int rc = xs__posix_errno();
  return rc == XS_EAGAIN ? 0 : rc; /* the counter is full: awake anyway */
}

static const xs__poller_ops ep_ops = {
    .name = "epoll",
    .open = ep_open,
    .close = ep_close,
    .add = ep_add,
    .modify = ep_modify,
    .del = ep_del,
    .wait = ep_wait,
    .wake = ep_wake,
};

const xs__poller_ops *xs__plat_poller_ops(void) {
  return &ep_ops;
}
