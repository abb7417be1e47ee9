/* SPDX-License-Identifier: MIT */
/*
 * events.c - the events design: an event loop on one xs_poller holding the
 * stop socket, the listeners, the UDP sockets and every TCP client, each
 * registered with a pointer that stays valid while it is registered (a
 * client's slot in a slab of slots that never move, with a free list). A
 * wake-up touches only what the poller reports and the clients whose time is
 * up: the idle list keeps the open clients in last-activity order (one timeout
 * for all, so the oldest is at the head), the stall list the clients backing
 * off.
 *
 * A client is registered for what conn_wants() says: XS_POLLIN while it
 * has no backlog, XS_POLLOUT only while it has one (it is not read then:
 * the throttle) or while its service asks for room. A report of a hang-up or
 * error that let nothing move takes the client out of the poller for
 * CONN_STALL_US, so no wait spins on it.
 *
 * With --workers N, N such loops run in threads, each with its own poller
 * and clients; they all watch the listeners (whoever accepts first takes
 * the client) and the stop socket; the first serves the UDP sockets.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "srv.h"
#include "stop.h"
#include "sys.h"
#include "thread.h"

/* Connections accepted from one listener per report. */
#define ACCEPT_BURST 64
/* Events taken from the poller per wait. */
#define EV_BATCH 256
/* Slots per chunk of the slab. */
#define EV_CHUNK 256

/* What the loops of every worker share. */
typedef struct ev_shared {
  atomic_size_t clients; /* open clients, every worker's */
  size_t max;            /* --max-clients, SIZE_MAX for none */
} ev_shared;

/* The stop socket, a listener or a UDP socket, as registered. */
typedef struct ev_fixed {
  unsigned char kind; /* EV_STOP, EV_LISTENER, EV_UDP (first member) */
  unsigned char nodelay;
  xs_socket_t sock;
  srv_socket *e;  /* NULL for the stop socket */
  uint64_t state; /* UDP: the service's state of the socket */
} ev_fixed;

/* The slab: slots are allocated EV_CHUNK at a time and reused; a chunk is
 * freed only at the end. */
typedef struct ev_chunk {
  struct ev_chunk *next;
  srv_conn slots[EV_CHUNK];
} ev_chunk;

typedef struct ev_pool {
  ev_chunk *chunks;
  srv_conn *free; /* singly linked through link.next */
} ev_pool;

typedef struct ev_loop {
  server *srv;
  ev_shared *shared;
  xs_poller *poller;
  ev_pool pool;
  ev_link idle;   /* open clients, least recently active first */
  ev_link stalls; /* stalled clients, the first to end first */
  ev_link dead;   /* closed during this wake-up: freed after it */
  ev_fixed fixed[SRV_MAX_SOCKETS + 1];
  size_t n_fixed;
  uint64_t idle_us;   /* --idle-timeout, 0 = never */
  uint64_t pause_us;  /* accepting paused until then (0: not paused) */
  uint64_t now_us;    /* this wake-up's time, 0 until a timer asks */
  unsigned char *buf; /* every read: SRV_UDP_BUF bytes for TCP, or
                         SRV_UDP_AREA when this loop serves UDP */
  app_thread thread;
  int status;
  xs_poller_event events[EV_BATCH];
} ev_loop;

static srv_conn *conn_of_link(ev_link *node) {
  return (srv_conn *)(void *)((char *)node - offsetof(srv_conn, link));
}

static srv_conn *conn_of_stall(ev_link *node) {
  return (srv_conn *)(void *)((char *)node - offsetof(srv_conn, stall));
}

static void pool_put(ev_pool *p, srv_conn *c) {
  c->kind = 0;
  c->sock = XS_INVALID_SOCKET;
  c->link.prev = NULL;
  c->link.next = p->free != NULL ? &p->free->link : NULL;
  p->free = c;
}

/* A new chunk, its slots all put on the free list. */
static int pool_grow(ev_pool *p) {
  ev_chunk *ch = malloc(sizeof *ch);
  if (ch == NULL)
    return -1;
  ch->next = p->chunks;
  p->chunks = ch;
  for (size_t i = EV_CHUNK; i-- > 0;)
    pool_put(p, &ch->slots[i]);
  return 0;
}

/* A free slot (contents undefined), or NULL when out of memory. */
static srv_conn *pool_get(ev_pool *p) {
  if (p->free == NULL && pool_grow(p) != 0)
    return NULL;
  srv_conn *c = p->free;
  p->free = c->link.next != NULL ? conn_of_link(c->link.next) : NULL;
  return c;
}

static void pool_free(ev_pool *p) {
  while (p->chunks != NULL) {
    ev_chunk *ch = p->chunks;
    p->chunks = ch->next;
    free(ch);
  }
  p->free = NULL;
}

/* The time of this wake-up: the clock is read once, and only when a timer
 * (idle timeout, back-off, accept pause) needs it. */
static uint64_t loop_now(ev_loop *l) {
  if (l->now_us == 0)
    l->now_us = app_now_us();
  return l->now_us;
}

static int claim_client(ev_shared *s) {
  if (atomic_fetch_add(&s->clients, 1) < s->max)
    return 1;
  atomic_fetch_sub(&s->clients, 1);
  return 0;
}

/* Take a client out of everything and close it; its slot is freed after
 * this wake-up (a report for it may still be in the events array). */
static void drop_client(ev_loop *l, srv_conn *c, conn_state why) {
  if (c->stalled)
    ev_list_remove(&c->stall);
  else
    (void)xs_poller_delete(l->poller, c->sock);
  ev_list_remove(&c->link);
  conn_close(c, why);
  free(c->peer);
  c->peer = NULL;
  ev_list_append(&l->dead, &c->link);
  atomic_fetch_sub(&l->shared->clients, 1);
}

static void free_dead(ev_loop *l) {
  while (!ev_list_empty(&l->dead)) {
    srv_conn *c = conn_of_link(l->dead.next);
    ev_list_remove(&c->link);
    pool_put(&l->pool, c);
  }
}

/* The peer, kept for the log when -v asks for it. 0 or XS_ENOMEM. */
static int keep_peer(const xs_addr *peer, xs_addr **out) {
  *out = NULL;
  if (!log_is_verbose())
    return 0;
  *out = malloc(sizeof **out);
  if (*out == NULL)
    return XS_ENOMEM;
  **out = *peer;
  return 0;
}

/* A client that could not be taken in or has already ended. */
static void release(ev_loop *l, srv_conn *c, xs_addr *kept) {
  free(kept);
  if (c != NULL) {
    c->peer = NULL;
    pool_put(&l->pool, c);
  }
  atomic_fetch_sub(&l->shared->clients, 1);
}

/* Give an accepted socket a slot, open its service and register it. */
static void admit(ev_loop *l, const ev_fixed *f, xs_socket_t s,
                  const xs_addr *peer) {
  xs_addr *kept = NULL;
  srv_conn *c = pool_get(&l->pool);
  int rc = c == NULL ? XS_ENOMEM : keep_peer(peer, &kept);
  if (rc != 0) {
    log_conn("dropped", peer, xs_strerror(rc));
    xs_close(s);
    release(l, c, kept);
    return;
  }
  /* Replies go out at once. */
  if (f->nodelay)
    (void)xs_socket_set_nodelay(s, 1);
  conn_init(c, s, kept, f->e->svc, l->idle_us != 0 ? loop_now(l) : 0);
  conn_state st = conn_start(c);
  if (st == CONN_OPEN) {
    c->wants = (unsigned char)conn_wants(c);
    rc = xs_poller_add(l->poller, s, c->wants, c);
    if (rc != 0) {
      c->error = rc;
      st = CONN_FAILED;
    }
  }
  if (st != CONN_OPEN) {
    conn_close(c, st);
    release(l, c, kept);
    return;
  }
  ev_list_append(&l->idle, &c->link);
}

/* Stop watching the listeners for SRV_ACCEPT_PAUSE_MS, or watch them
 * again. */
static void watch_listeners(ev_loop *l, unsigned events) {
  for (size_t i = 0; i < l->n_fixed; i++)
    if (l->fixed[i].kind == EV_LISTENER)
      (void)xs_poller_modify(l->poller, l->fixed[i].sock, events, &l->fixed[i]);
}

/* Take one waiting connection. 0 to go on, -1 when no more now. */
static int accept_one(ev_loop *l, const ev_fixed *f) {
  xs_socket_t s;
  xs_addr peer;
  int rc = srv_accept(f->sock, &s, &peer);
  if (rc == XS_EAGAIN)
    return -1;
  if (rc != 0) {
    /* Out of descriptors or buffers: stop accepting for a moment. */
    l->pause_us = loop_now(l) + SRV_ACCEPT_PAUSE_MS * 1000u;
    watch_listeners(l, 0);
    return -1;
  }
  if (!claim_client(l->shared)) {
    log_conn("refused", &peer, "too many clients");
    xs_close(s);
    return 0;
  }
  admit(l, f, s, &peer);
  return 0;
}

static void stall_client(ev_loop *l, srv_conn *c) {
  (void)xs_poller_delete(l->poller, c->sock);
  c->stalled = 1;
  c->stall_us = loop_now(l) + CONN_STALL_US;
  ev_list_append(&l->stalls, &c->stall);
}

static void unstall_client(ev_loop *l, srv_conn *c) {
  ev_list_remove(&c->stall);
  c->stalled = 0;
  c->wants = (unsigned char)conn_wants(c);
  int rc = xs_poller_add(l->poller, c->sock, c->wants, c);
  if (rc != 0) {
    c->error = rc;
    drop_client(l, c, CONN_FAILED);
  }
}

/* Register the client for what it needs now, if that changed. */
static int rearm(ev_loop *l, srv_conn *c) {
  unsigned char wants = (unsigned char)conn_wants(c);
  if (wants == c->wants)
    return 0;
  c->wants = wants;
  return xs_poller_modify(l->poller, c->sock, wants, c);
}

static void on_client(ev_loop *l, srv_conn *c, unsigned events) {
  int progress = 0;
  if (c->sock == XS_INVALID_SOCKET || c->stalled)
    return; /* closed or taken out earlier in this wake-up */
  conn_state st = conn_step(c, events, l->buf, CONN_READ_BUF, &progress);
  if (st == CONN_OPEN && !progress && (events & (XS_POLLHUP | XS_POLLERR))) {
    stall_client(l, c);
    return;
  }
  if (st == CONN_OPEN && (c->error = rearm(l, c)) != 0)
    st = CONN_FAILED;
  if (st != CONN_OPEN) {
    drop_client(l, c, st);
    return;
  }
  if (progress && l->idle_us != 0) {
    c->last_us = loop_now(l);
    ev_list_touch(&l->idle, &c->link);
  }
}

static void on_listener(ev_loop *l, const ev_fixed *f) {
  for (int k = 0; k < ACCEPT_BURST && l->pause_us == 0; k++)
    if (accept_one(l, f) != 0)
      break;
}

/* Act on one report; 1 when it is the stop event. */
static int dispatch(ev_loop *l, const xs_poller_event *ev) {
  unsigned char kind = *(const unsigned char *)ev->data;
  switch (kind) {
  case EV_CLIENT:
    on_client(l, ev->data, ev->events);
    return 0;
  case EV_LISTENER:
    on_listener(l, ev->data);
    return 0;
  case EV_UDP: {
    ev_fixed *f = ev->data;
    udp_serve_pending(f->e, &f->state, l->buf);
    return 0;
  }
  default: /* EV_STOP */
    return 1;
  }
}

static int ms_until(uint64_t when_us, uint64_t now_us) {
  if (when_us <= now_us)
    return 0;
  uint64_t ms = (when_us - now_us + 999) / 1000;
  return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

/* Close the idle clients, end the back-offs and the accept pause that are
 * due; the wait until the next one is due, in ms (XS_INFINITE: none). */
static int expire(ev_loop *l) {
  int wait = XS_INFINITE;
  if (l->idle_us == 0 && ev_list_empty(&l->stalls) && l->pause_us == 0)
    return wait; /* no timer: no clock */
  uint64_t now = loop_now(l);
  while (l->idle_us != 0 && !ev_list_empty(&l->idle)) {
    srv_conn *c = conn_of_link(l->idle.next);
    if (c->last_us + l->idle_us > now) {
      wait = ms_until(c->last_us + l->idle_us, now);
      break;
    }
    drop_client(l, c, CONN_IDLE);
  }
  while (!ev_list_empty(&l->stalls)) {
    srv_conn *c = conn_of_stall(l->stalls.next);
    if (c->stall_us > now) {
      int w = ms_until(c->stall_us, now);
      wait = wait == XS_INFINITE || w < wait ? w : wait;
      break;
    }
    unstall_client(l, c);
  }
  if (l->pause_us != 0 && now >= l->pause_us) {
    l->pause_us = 0;
    watch_listeners(l, XS_POLLIN);
  }
  if (l->pause_us != 0) {
    int w = ms_until(l->pause_us, now);
    wait = wait == XS_INFINITE || w < wait ? w : wait;
  }
  return wait;
}

static int serve(ev_loop *l) {
  int wait = XS_INFINITE;
  while (!app_stop_requested()) {
    size_t n = 0;
    int rc = xs_poller_wait(l->poller, l->events, EV_BATCH, wait, &n);
    if (rc != 0) {
      log_error2("poll failed", xs_strerror(rc));
      app_stop_request(); /* the other workers end too */
      return SRV_EXIT_FAIL;
    }
    l->now_us = 0;
    for (size_t i = 0; i < n; i++)
      if (dispatch(l, &l->events[i]))
        return SRV_EXIT_OK;
    wait = expire(l);
    free_dead(l);
  }
  return SRV_EXIT_OK;
}

static int add_fixed(ev_loop *l, xs_socket_t sock, unsigned char kind,
                     srv_socket *e) {
  ev_fixed *f = &l->fixed[l->n_fixed++];
  f->kind = kind;
  f->nodelay = e != NULL && e->kind == SRV_TCP;
  f->sock = sock;
  f->e = e;
  f->state = 0;
  int rc = xs_poller_add(l->poller, sock, XS_POLLIN, f);
  if (rc != 0)
    log_error2("cannot watch a socket", xs_strerror(rc));
  return rc;
}

/* The loop's poller with the stop socket, every listener and (udp set)
 * every UDP socket in it, and its buffer. 0, or -1 (message printed). */
static int loop_open(ev_loop *l, server *srv, ev_shared *shared, int udp) {
  l->srv = srv;
  l->shared = shared;
  l->idle_us = (uint64_t)srv->cfg.idle_ms * 1000u;
  l->pool.chunks = NULL;
  l->pool.free = NULL;
  ev_list_init(&l->idle);
  ev_list_init(&l->stalls);
  ev_list_init(&l->dead);
  l->buf = malloc(udp && srv_count(srv, 0) > 0 ? SRV_UDP_AREA : SRV_UDP_BUF);
  if (l->buf == NULL) {
    log_error("out of memory");
    return -1;
  }
  int rc = xs_poller_open(&l->poller);
  if (rc != 0) {
    log_error2("cannot open a poller", xs_strerror(rc));
    return -1;
  }
  if (udp && log_is_verbose())
    log_error2("poller backend", xs_poller_backend(l->poller));
  if (add_fixed(l, app_stop_socket(), EV_STOP, NULL) != 0)
    return -1;
  for (size_t i = 0; i < srv->n_socks; i++) {
    srv_socket *e = &srv->socks[i];
    if (e->kind != SRV_UDP)
      rc = add_fixed(l, e->sock, EV_LISTENER, e);
    else if (udp)
      rc = add_fixed(l, e->sock, EV_UDP, e);
    if (rc != 0)
      return -1;
  }
  return 0;
}

/* Close every client ("server stopping"), then the poller. */
static void loop_close(ev_loop *l) {
  while (!ev_list_empty(&l->idle))
    drop_client(l, conn_of_link(l->idle.next), CONN_STOPPED);
  free_dead(l);
  pool_free(&l->pool);
  xs_poller_close(l->poller);
  l->poller = NULL;
  free(l->buf);
  l->buf = NULL;
}

static void worker_main(void *arg) {
  ev_loop *l = arg;
  l->status = serve(l);
}

/* Start the loops 1..n-1 in threads; how many were started. */
static size_t start_workers(ev_loop *loops, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (app_thread_start(&loops[i].thread, worker_main, &loops[i]) != 0) {
      log_error("cannot start a worker thread");
      app_stop_request();
      loops[i].status = SRV_EXIT_FAIL;
      return i;
    }
  return n;
}

/* Open n loops; how many opened (n unless one failed). */
static size_t open_loops(ev_loop *loops, size_t n, server *srv,
                         ev_shared *shared) {
  for (size_t i = 0; i < n; i++)
    if (loop_open(&loops[i], srv, shared, i == 0) != 0) {
      loop_close(&loops[i]);
      return i;
    }
  return n;
}

int run_events(server *srv) {
  size_t n = srv->cfg.workers > 1 ? (size_t)srv->cfg.workers : 1;
  ev_shared shared;
  atomic_init(&shared.clients, 0);
  shared.max =
      srv->cfg.max_clients > 0 ? (size_t)srv->cfg.max_clients : SIZE_MAX;
  ev_loop *loops = calloc(n, sizeof *loops);
  if (loops == NULL) {
    log_error("out of memory");
    return SRV_EXIT_FAIL;
  }
  int status = SRV_EXIT_FAIL;
  size_t opened = open_loops(loops, n, srv, &shared);
  if (opened == n && srv_announce(srv) == 0) {
    size_t started = start_workers(loops, n);
    if (started == n)
      status = serve(&loops[0]);
    app_stop_request(); /* every worker ends on the stop event */
    for (size_t i = 1; i < started; i++) {
      app_thread_join(&loops[i].thread);
      if (loops[i].status != SRV_EXIT_OK)
        status = SRV_EXIT_FAIL;
    }
  }
  for (size_t i = 0; i < opened; i++)
    loop_close(&loops[i]);
  free(loops);
  return status;
}
