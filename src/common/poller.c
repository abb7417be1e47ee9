/* SPDX-License-Identifier: MIT */
/*
 * poller.c - the public poller: argument checks, the choice of backend
 * (by name, or by XSOCK_POLLER), EINTR retried with the time left, then
 * the backend's table (poller_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "poller_int.h"

/* The names a caller may give, native ones included where absent here. */
static const char *const known[] = {"epoll", "kqueue", "afd", "poll"};

/* The table for name on this system; NULL with *rc set if none. */
static const xs__poller_ops *find_backend(const char *name, int *rc) {
  const xs__poller_ops *native = xs__plat_poller_ops();
  if (name == NULL || name[0] == '\0')
    return native != NULL ? native : &xs__poller_poll_ops;
  if (strcmp(name, xs__poller_poll_ops.name) == 0)
    return &xs__poller_poll_ops;
  if (native != NULL && strcmp(name, native->name) == 0)
    return native;
  *rc = XS_EINVAL;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(name, known[i]) == 0)
      *rc = XS_ENOTSUP;
  return NULL;
}

int xs_poller_open_backend(const char *name, xs_poller **out) {
  if (out == NULL)
    return xs__einval();
  *out = NULL;
  if (name == NULL)
    name = getenv("XSOCK_POLLER");
  int rc = 0;
  const xs__poller_ops *ops = find_backend(name, &rc);
  if (ops == NULL) {
    xs__native_set(0);
    return rc;
  }
  rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  return ops->open(out);
}

int xs_poller_open(xs_poller **out) {
  return xs_poller_open_backend(NULL, out);
}

int xs_poller_close(xs_poller *p) {
  if (p != NULL)
    p->ops->close(p);
  return 0;
}

static int check(const xs_poller *p, xs_socket_t sock) {
  return p == NULL || sock == XS_INVALID_SOCKET ? xs__einval() : 0;
}

int xs_poller_add(xs_poller *p, xs_socket_t sock, unsigned events, void *data) {
  if (check(p, sock) != 0 || (events & ~XS__POLLER_ASK) != 0)
    return xs__einval();
  return p->ops->add(p, sock, events, data);
}

int xs_poller_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                     void *data) {
  if (check(p, sock) != 0 || (events & ~XS__POLLER_ASK) != 0)
    return xs__einval();
  return p->ops->modify(p, sock, events, data);
}

int xs_poller_delete(xs_poller *p, xs_socket_t sock) {
  if (check(p, sock) != 0)
    return xs__einval();
  return p->ops->del(p, sock);
}

int xs_poller_wait(xs_poller *p, xs_poller_event *events, size_t max,
                   int timeout_ms, size_t *count) {
  if (count != NULL)
    *count = 0;
  if (p == NULL || events == NULL || count == NULL || max == 0)
    return xs__einval();
  if (timeout_ms < 0)
    timeout_ms = XS_INFINITE;
  /* The clock is read only when a retry would need the time left. */
  xs__deadline d = {0, 1};
  if (timeout_ms > 0)
    xs__deadline_start(&d, timeout_ms);
  int rc;
  for (;;) {
    rc = p->ops->wait(p, events, max, timeout_ms, count);
    if (rc != XS_EINTR)
      return rc;
    /* Interrupted, or woken for the poller's own business (poller_int.h):
     * wait again for the time left. */
    if (timeout_ms > 0)
      timeout_ms = xs__deadline_left(&d);
  }
}

int xs_poller_wake(xs_poller *p) {
  if (p == NULL)
    return xs__einval();
  return p->ops->wake(p);
}

const char *xs_poller_backend(const xs_poller *p) {
  return p == NULL ? "" : p->ops->name;
}
