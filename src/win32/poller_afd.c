/* SPDX-License-Identifier: MIT */
/*
 * poller_afd.c - the Windows poller backend, "afd": the technique of
 * wepoll and mio. One handle on the AFD driver (\Device\Afd\xsock, opened
 * with NtCreateFile) is tied to an I/O completion port. Each registered
 * socket has one state block (reg) holding one IOCTL_AFD_POLL request on
 * the socket's base handle, submitted through that AFD handle; a wait
 * collects finished requests with GetQueuedCompletionStatusEx, and a wake
 * posts a packet of its own key to the port.
 *
 * A poll request finishes once, so the backend re-arms it:
 * - A registration whose request finished (reported or not) goes on the
 *   update queue; the next wait submits its request again before it
 *   waits. A one-shot registration that was reported is left off the
 *   queue: disarmed until modify.
 * - add and modify submit at once, so that their errors are theirs. A
 *   modify whose new events the pending request does not cover cancels it
 *   (NtCancelIoFileEx); the cancelled request comes back through the port
 *   and is then queued with the new events.
 * - delete unlinks the registration from the socket map at once (the same
 *   socket may be added again straight away) and cancels its request; the
 *   block is freed when that request comes back, since the driver writes
 *   into it until then, and it is never reported.
 * - AFD_POLL_LOCAL_CLOSE (the socket was closed while registered) leaves
 *   the registration dead: nothing more is reported or submitted for it
 *   until it is deleted.
 * A wait whose packets were all the backend's own business (cancelled or
 * filtered requests, deleted sockets) returns XS_EINTR, and the front end
 * waits again for the time left (poller_int.h). A submission that fails in
 * a wait (the socket was closed without a delete) is reported as
 * XS_POLLERR | XS_POLLHUP and disarms the registration; XS_ENOMEM instead
 * fails the wait and is tried again by the next one. Closing the poller
 * cancels every request and collects them (for at most DRAIN_MS) before
 * the blocks are freed. A request reports the events of the moment it
 * finished: one that waited in the port says what was true then, and the
 * next wait, after the re-submission, sees the present state.
 *
 * AFD events -> XS_POLL* (each of IN and OUT only if asked): RECEIVE,
 * ACCEPT: IN. SEND: OUT. DISCONNECT: IN | HUP (with IN asked). ABORT (a
 * reset), CONNECT_FAIL: IN | OUT | ERR | HUP, as poll and epoll report a
 * pending error. ABORT, CONNECT_FAIL and LOCAL_CLOSE are always asked for.
 */
#include "win32.h"

#include <stdint.h>
#include <stdlib.h>

#include "common/poller_int.h"

/* The AFD driver's poll request (not in the SDK headers). */
#define IOCTL_AFD_POLL 0x00012024
#define AFD_POLL_RECEIVE 0x0001
#define AFD_POLL_RECEIVE_EXPEDITED 0x0002
#define AFD_POLL_SEND 0x0004
#define AFD_POLL_DISCONNECT 0x0008
#define AFD_POLL_ABORT 0x0010
#define AFD_POLL_LOCAL_CLOSE 0x0020
#define AFD_POLL_ACCEPT 0x0080
#define AFD_POLL_CONNECT_FAIL 0x0100

typedef struct afd_handle_info {
  HANDLE handle;
  ULONG events;
  NTSTATUS status;
} afd_handle_info;

typedef struct afd_poll_info {
  LARGE_INTEGER timeout;
  ULONG count;
  ULONG exclusive;
  afd_handle_info handles[1];
} afd_poll_info;

/* NTSTATUS values (<ntstatus.h> clashes with <windows.h>). */
#define NT_PENDING ((NTSTATUS)0x00000103L)
#define NT_CANCELLED ((NTSTATUS)0xC0000120L)
#define NT_NOT_FOUND ((NTSTATUS)0xC0000225L)
#define NT_IS_ERROR(st) ((((ULONG)(st)) >> 30) == 3)

/* Completion keys: the AFD handle's requests, and xs_poller_wake(). */
#define KEY_AFD 1
#define KEY_WAKE 2

/* Completion packets fetched per system call. */
#define BATCH 256
/* The longest a poller's close waits for its cancelled requests. */
#define DRAIN_MS 2000

typedef struct reg reg;

/* One registration; the driver owns iosb and info while pending. */
struct reg {
  IO_STATUS_BLOCK iosb;
  afd_poll_info info;
  HANDLE base;  /* the socket's base handle, the one AFD polls */
  unsigned ask; /* XS_POLLIN | XS_POLLOUT | XS_POLLER_ONESHOT */
  void *data;   /* the caller's */
  ULONG polled; /* the AFD events of the pending request */
  reg *prev;    /* the update queue */
  reg *next;
  char pending; /* a request is with the driver */
  char cancel;  /* and it has been cancelled */
  char queued;  /* on the update queue */
  char deleted; /* out of the map: free when the request is back */
  char dead;    /* the socket was closed: never submitted again */
};

typedef struct afd {
  xs_poller head;
  HANDLE port; /* the completion port */
  HANDLE dev;  /* \Device\Afd\xsock */
  xs__sockmap map;
  reg *queue;          /* registrations to submit at the next wait */
  size_t pending;      /* requests with the driver, deleted ones included */
  volatile LONG woken; /* a wake packet is in the port */
  OVERLAPPED_ENTRY buf[BATCH];
} afd;

static const xs__poller_ops afd_ops;

static int no_memory(void) {
  xs__native_set(0);
  return XS_ENOMEM;
}

static int last_win_error(void) {
  return xs__plat_error((int)xs__sys.win_last_error());
}

/* ---- the update queue ---------------------------------------------------- */

static void enqueue(afd *q, reg *r) {
  if (r->queued)
    return;
  r->prev = NULL;
  r->next = q->queue;
  if (q->queue != NULL)
    q->queue->prev = r;
  q->queue = r;
  r->queued = 1;
}

static void dequeue(afd *q, reg *r) {
  if (!r->queued)
    return;
  if (r->prev != NULL)
    r->prev->next = r->next;
  else
    q->queue = r->next;
  if (r->next != NULL)
    r->next->prev = r->prev;
  r->queued = 0;
}

/* ---- requests ------------------------------------------------------------ */

static ULONG afd_events(unsigned ask) {
  ULONG ev = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL | AFD_POLL_LOCAL_CLOSE;
  if (ask & XS_POLLIN)
    ev |= AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT;
  if (ask & XS_POLLOUT)
    ev |= AFD_POLL_SEND;
  return ev;
}

/* What the caller is told of AFD events ev, given what it asks. */
static unsigned xs_events(ULONG ev, unsigned ask) {
  unsigned out = 0;
  if (ev & (AFD_POLL_RECEIVE | AFD_POLL_ACCEPT))
    out |= XS_POLLIN;
  if (ev & AFD_POLL_SEND)
    out |= XS_POLLOUT;
  if ((ev & AFD_POLL_DISCONNECT) && (ask & XS_POLLIN))
    out |= XS_POLLIN | XS_POLLHUP;
  /* A pending error is readable and writable (the next call returns it
   * at once), as poll and epoll report it. */
  if (ev & (AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL))
    out |= XS_POLLIN | XS_POLLOUT | XS_POLLERR | XS_POLLHUP;
  return out & (ask | XS_POLLERR | XS_POLLHUP);
}

/* Hand r's request to the driver. A request the driver finishes at once
 * still comes back through the port. */
static int submit(afd *q, reg *r) {
  ULONG ev = afd_events(r->ask);
  r->info.timeout.QuadPart = INT64_MAX;
  r->info.count = 1;
  r->info.exclusive = FALSE;
  r->info.handles[0].handle = r->base;
  r->info.handles[0].events = ev;
  r->info.handles[0].status = 0;
  r->iosb.Status = NT_PENDING;
  r->iosb.Information = 0;
  NTSTATUS st =
      xs__sys.nt_ioctl(q->dev, NULL, NULL, r, &r->iosb, IOCTL_AFD_POLL,
                       &r->info, sizeof r->info, &r->info, sizeof r->info);
  if (NT_IS_ERROR(st))
    return xs__win_nt_fail(st);
  r->pending = 1;
  r->cancel = 0;
  r->polled = ev;
  q->pending++;
  return 0;
}

/* Ask the driver to give r's pending request back. A request that has
 * just finished is not found: its packet is already on its way. */
static int cancel(afd *q, reg *r) {
  IO_STATUS_BLOCK iosb;
  if (r->cancel)
    return 0;
  NTSTATUS st = xs__sys.nt_cancel(q->dev, &r->iosb, &iosb);
  if (NT_IS_ERROR(st) && st != NT_NOT_FOUND)
    return xs__win_nt_fail(st);
  r->cancel = 1;
  return 0;
}

/* Make r's request match r->ask: submit one, or cancel one that does not
 * cover it (the cancelled request comes back and is queued). */
static int rearm(afd *q, reg *r) {
  if (r->dead)
    return 0;
  if (!r->pending) {
    dequeue(q, r);
    return submit(q, r);
  }
  if ((afd_events(r->ask) & ~r->polled) == 0)
    return 0;
  return cancel(q, r);
}

/* The registration is gone for the caller: free it now, or when its
 * request comes back. */
static void retire(afd *q, reg *r) {
  dequeue(q, r);
  r->deleted = 1;
  if (!r->pending)
    free(r);
  else
    (void)cancel(q, r);
}

/* ---- open and close ------------------------------------------------------ */

static NTSTATUS open_device(HANDLE *dev) {
  WCHAR path[] = L"\\Device\\Afd\\xsock";
  UNICODE_STRING name = {sizeof path - sizeof path[0], sizeof path, path};
  OBJECT_ATTRIBUTES attr;
  IO_STATUS_BLOCK iosb;
  InitializeObjectAttributes(&attr, &name, 0, NULL, NULL);
  return xs__sys.nt_create_file(dev, SYNCHRONIZE, &attr, &iosb, NULL, 0,
                                FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
                                0, NULL, 0);
}

static int open_handles(afd *q) {
  q->port = xs__sys.create_iocp(INVALID_HANDLE_VALUE, NULL, 0, 1);
  if (q->port == NULL)
    return last_win_error();
  HANDLE dev = NULL;
  NTSTATUS st = open_device(&dev);
  if (!NT_SUCCESS(st)) {
    int rc = xs__win_nt_fail(st);
    return rc == XS_ENOENT ? XS_ENOTSUP : rc; /* no AFD driver */
  }
  q->dev = dev;
  if (xs__sys.create_iocp(dev, q->port, KEY_AFD, 0) == NULL)
    return last_win_error();
  return 0;
}

/* Collect the cancelled requests of retired registrations and free them,
 * for at most DRAIN_MS; what does not come back in time is left (the
 * driver may still write into it). */
static void drain(afd *q) {
  ULONGLONG end = xs__sys.tick64() + DRAIN_MS;
  while (q->pending > 0) {
    ULONGLONG now = xs__sys.tick64();
    ULONG got = 0;
    if (now >= end || !xs__sys.get_completions(q->port, q->buf, BATCH, &got,
                                               (DWORD)(end - now), FALSE))
      return;
    for (ULONG i = 0; i < got; i++) {
      if (q->buf[i].lpCompletionKey != KEY_AFD)
        continue;
      q->pending--;
      free(q->buf[i].lpOverlapped);
    }
  }
}

/* For xs__sockmap_each at close (the map itself is freed after). */
static void retire_one(xs_socket_t sock, void *val, void *ctx) {
  (void)sock;
  retire(ctx, val);
}

static void afd_close(xs_poller *p) {
  afd *q = (afd *)p;
  xs__sockmap_each(&q->map, retire_one, q);
  if (q->port != NULL)
    drain(q);
  if (q->dev != NULL)
    (void)xs__sys.close_handle(q->dev);
  if (q->port != NULL)
    (void)xs__sys.close_handle(q->port);
  xs__sockmap_free(&q->map);
  free(q);
}

static int afd_open(xs_poller **out) {
  afd *q = calloc(1, sizeof *q);
  if (q == NULL)
    return no_memory();
  q->head.ops = &afd_ops;
  xs__sockmap_init(&q->map);
  int rc = open_handles(q);
  if (rc != 0) {
    afd_close(&q->head);
    return rc;
  }
  *out = &q->head;
  return 0;
}

/* ---- registrations ------------------------------------------------------- */

/* The handle AFD polls: the base provider's socket under any layered
 * provider (SIO_BASE_HANDLE; SIO_BSP_HANDLE_POLL for a provider that
 * hides the former). *out is INVALID_HANDLE_VALUE on failure. */
static int base_handle(SOCKET s, HANDLE *out) {
  static const DWORD ioctls[] = {SIO_BASE_HANDLE, SIO_BSP_HANDLE_POLL};
  int first = 0;
  *out = INVALID_HANDLE_VALUE;
  for (size_t i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
    SOCKET base = INVALID_SOCKET;
    DWORD bytes = 0;
    if (xs__sys.wsaioctl(s, ioctls[i], NULL, 0, &base, sizeof base, &bytes,
                         NULL, NULL) == 0 &&
        base != INVALID_SOCKET) {
      *out = (HANDLE)base;
      return 0;
    }
    if (first == 0)
      first = xs__sys.last_error();
    if (first == WSAENOTSOCK)
      break;
  }
  return xs__plat_error(first != 0 ? first : WSAENOTSOCK);
}

static int afd_add(xs_poller *p, xs_socket_t sock, unsigned events,
                   void *data) {
  afd *q = (afd *)p;
  if (xs__sockmap_get(&q->map, sock) != NULL) {
    xs__native_set(0);
    return XS_EEXIST;
  }
  HANDLE base;
  int rc = base_handle((SOCKET)sock, &base);
  if (rc != 0)
    return rc;
  reg *r = calloc(1, sizeof *r);
  if (r == NULL)
    return no_memory();
  r->base = base;
  r->ask = events;
  r->data = data;
  rc = xs__sockmap_put(&q->map, sock, r);
  if (rc == 0)
    rc = submit(q, r);
  if (rc != 0) {
    (void)xs__sockmap_del(&q->map, sock);
    free(r);
  }
  return rc;
}

static int afd_modify(xs_poller *p, xs_socket_t sock, unsigned events,
                      void *data) {
  afd *q = (afd *)p;
  reg *r = xs__sockmap_get(&q->map, sock);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  unsigned old_ask = r->ask;
  void *old_data = r->data;
  r->ask = events;
  r->data = data;
  int rc = rearm(q, r);
  if (rc != 0) { /* the registration stays as it was */
    r->ask = old_ask;
    r->data = old_data;
  }
  return rc;
}

static int afd_del(xs_poller *p, xs_socket_t sock) {
  afd *q = (afd *)p;
  reg *r = xs__sockmap_del(&q->map, sock);
  if (r == NULL) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  retire(q, r);
  return 0;
}

/* ---- waiting ------------------------------------------------------------- */

/* Submit the queued requests. A socket the driver refuses is reported
 * (ERR | HUP) and left disarmed; out of memory stops and fails. */
static int flush(afd *q, xs_poller_event *events, size_t max, size_t *n) {
  while (q->queue != NULL && *n < max) {
    reg *r = q->queue;
    dequeue(q, r);
    int rc = submit(q, r);
    if (rc == XS_ENOMEM) {
      enqueue(q, r);
      return rc;
    }
    if (rc != 0) {
      events[*n].data = r->data;
      events[*n].events = XS_POLLERR | XS_POLLHUP;
      (*n)++;
    }
  }
  return 0;
}

/* The events r's finished request reports (0: none), and whether it is
 * to be submitted again (*again). */
static unsigned finished(reg *r, int *again) {
  NTSTATUS st = r->iosb.Status;
  *again = 1;
  if (st == NT_CANCELLED)
    return 0;
  /* A modify asked for more while this request was finishing (its cancel
   * came too late): what it saw is stale, so poll again for the new set
   * and report that, as a one-shot must not be spent on the old one. */
  if (r->cancel && (afd_events(r->ask) & ~r->polled) != 0)
    return 0;
  if (NT_IS_ERROR(st)) {
    *again = 0;
    return XS_POLLERR | XS_POLLHUP;
  }
  if (r->info.count < 1)
    return 0;
  ULONG ev = r->info.handles[0].events;
  if (ev & AFD_POLL_LOCAL_CLOSE) {
    r->dead = 1;
    *again = 0;
    return 0;
  }
  unsigned out = xs_events(ev, r->ask);
  if (out != 0 && (r->ask & XS_POLLER_ONESHOT))
    *again = 0;
  return out;
}

/* One packet: fills events[*n] if it reports something; 1 for a wake. */
static int take(afd *q, const OVERLAPPED_ENTRY *e, xs_poller_event *events,
                size_t *n) {
  if (e->lpCompletionKey == KEY_WAKE) {
    InterlockedExchange(&q->woken, 0);
    return 1;
  }
  reg *r = (reg *)e->lpOverlapped;
  r->pending = 0;
  q->pending--;
  if (r->deleted) {
    free(r);
    return 0;
  }
  int again;
  unsigned ev = finished(r, &again);
  if (again)
    enqueue(q, r);
  if (ev != 0) {
    events[*n].data = r->data;
    events[*n].events = ev;
    (*n)++;
  }
  return 0;
}

static int afd_wait(xs_poller *p, xs_poller_event *events, size_t max,
                    int timeout_ms, size_t *count) {
  afd *q = (afd *)p;
  size_t n = 0;
  int rc = flush(q, events, max, &n);
  *count = n;
  if (n > 0 || rc != 0)
    return n > 0 ? 0 : rc;
  ULONG want = max < BATCH ? (ULONG)max : BATCH;
  ULONG got = 0;
  DWORD ms = timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms;
  if (!xs__sys.get_completions(q->port, q->buf, want, &got, ms, FALSE)) {
    DWORD err = xs__sys.win_last_error();
    return err == WAIT_TIMEOUT ? 0 : xs__plat_error((int)err);
  }
  int woke = 0;
  for (ULONG i = 0; i < got; i++)
    woke |= take(q, &q->buf[i], events, &n);
  *count = n;
  if (n == 0 && !woke) {
    xs__native_set(0);
    return XS_EINTR; /* only the backend's own business arrived */
  }
  return 0;
}

static int afd_wake(xs_poller *p) {
  afd *q = (afd *)p;
  if (InterlockedCompareExchange(&q->woken, 1, 0) != 0)
    return 0; /* one is already on its way */
  if (xs__sys.post_completion(q->port, 0, KEY_WAKE, NULL))
    return 0;
  InterlockedExchange(&q->woken, 0);
  return last_win_error();
}

static const xs__poller_ops afd_ops = {
    .name = "afd",
    .open = afd_open,
    .close = afd_close,
    .add = afd_add,
    .modify = afd_modify,
    .del = afd_del,
    .wait = afd_wait,
    .wake = afd_wake,
};

const xs__poller_ops *xs__plat_poller_ops(void) {
  return &afd_ops;
}
