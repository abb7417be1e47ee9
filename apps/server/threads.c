/* SPDX-License-Identifier: MIT */
/*
 * threads.c - the threads design: one thread per TCP client, at most
 * --max-clients of them (past that a new connection is accepted and closed
 * at once). The main thread polls [stop socket, listeners...] and accepts;
 * each client thread runs conn_serve (it polls [client, stop socket]).
 * Client threads are kept in a list guarded by a mutex; finished ones are
 * joined after each wake-up of the main thread, and all of them at stop.
 * UDP runs in a thread of its own.
 */
#include <stdlib.h>

#include "conn.h"
#include "log.h"
#include "srv.h"
#include "sys.h"
#include "stop.h"
#include "thread.h"

/* How often the main thread wakes to join finished client threads while
 * any exist. */
#define REAP_MS 1000

typedef struct pool pool;

typedef struct client {
  struct client *next;
  app_thread thread;
  srv_conn conn;
  xs_addr peer;
  unsigned char *buf; /* CONN_READ_BUF bytes */
  long idle_ms;
  pool *owner;
  int finished; /* guarded by owner->lock */
} client;

struct pool {
  app_mutex lock;
  client *head; /* guarded by lock */
  size_t live;  /* threads not finished; guarded by lock */
};

static void client_main(void *arg) {
  client *c = arg;
  conn_close(&c->conn,
             conn_serve(&c->conn, c->buf, c->idle_ms, XS_INVALID_SOCKET));
  app_mutex_lock(&c->owner->lock);
  c->finished = 1;
  c->owner->live--;
  app_mutex_unlock(&c->owner->lock);
}

/* Join and free the finished client threads (every one when all is set:
 * at stop, where they all end on the stop event). */
static void reap(pool *p, int all) {
  client *done = NULL;
  app_mutex_lock(&p->lock);
  for (client **link = &p->head; *link != NULL;) {
    client *c = *link;
    if (all || c->finished) {
      *link = c->next;
      c->next = done;
      done = c;
    } else {
      link = &c->next;
    }
  }
  app_mutex_unlock(&p->lock);
  while (done != NULL) {
    client *c = done;
    done = c->next;
    app_thread_join(&c->thread);
    free(c->buf);
    free(c);
  }
}

static size_t live_count(pool *p) {
  app_mutex_lock(&p->lock);
  size_t n = p->live;
  app_mutex_unlock(&p->lock);
  return n;
}

/* Start a thread for an accepted client. */
static void start_client(pool *p, const server *srv, const srv_socket *e,
                         xs_socket_t s, const xs_addr *peer) {
  client *c = calloc(1, sizeof *c);
  if (c != NULL)
    c->buf = malloc(CONN_READ_BUF);
  if (c == NULL || c->buf == NULL) {
    log_conn("dropped", peer, "out of memory");
    xs_close(s);
    free(c);
    return;
  }
  /* Replies go out at once. */
  if (e->kind == SRV_TCP)
    (void)xs_socket_set_nodelay(s, 1);
  c->peer = *peer;
  conn_init(&c->conn, s, &c->peer, e->svc, app_now_us());
  c->owner = p;
  c->idle_ms = srv->cfg.idle_ms;
  app_mutex_lock(&p->lock);
  c->next = p->head;
  p->head = c;
  p->live++;
  app_mutex_unlock(&p->lock);
  if (app_thread_start(&c->thread, client_main, c) == 0)
    return;
  app_mutex_lock(&p->lock); /* only this thread adds or removes */
  p->head = c->next;
  p->live--;
  app_mutex_unlock(&p->lock);
  c->conn.error = XS_ENOMEM;
  conn_close(&c->conn, CONN_FAILED);
  free(c->buf);
  free(c);
}

static void accept_client(pool *p, const server *srv, const srv_socket *e) {
  xs_socket_t s;
  xs_addr peer;
  if (!srv_take(e->sock, &s, &peer))
    return;
  long max = srv->cfg.max_clients;
  if (max > 0 && live_count(p) >= (size_t)max) {
    log_conn("refused", &peer, "too many clients");
    xs_close(s);
    return;
  }
  start_client(p, srv, e, s, &peer);
}

static int serve(pool *p, server *srv) {
  xs_pollfd fds[SRV_MAX_SOCKETS + 1];
  const srv_socket *socks[SRV_MAX_SOCKETS + 1];
  size_t n = srv_listener_poll(srv, fds, socks);
  while (!app_stop_requested()) {
    int ready = 0;
    int wait = p->head != NULL ? REAP_MS : XS_INFINITE;
    int rc = xs_poll(fds, n, wait, &ready);
    if (rc != 0) {
      log_error2("poll failed", xs_strerror(rc));
      return SRV_EXIT_FAIL;
    }
    if (fds[0].revents != 0)
      break;
    for (size_t i = 1; i < n; i++)
      if (fds[i].revents != 0)
        accept_client(p, srv, socks[i]);
    reap(p, 0);
  }
  return SRV_EXIT_OK;
}

int run_threads(server *srv) {
  pool p = {{NULL}, NULL, 0};
  udp_thread *udp = NULL;
  if (app_mutex_init(&p.lock) != 0) {
    log_error("cannot make a mutex");
    return SRV_EXIT_FAIL;
  }
  int status = SRV_EXIT_FAIL;
  if (udp_thread_start(srv, &udp) >= 0 && srv_announce(srv) == 0)
    status = serve(&p, srv);
  app_stop_request(); /* every thread ends on the stop event */
  reap(&p, 1);
  udp_thread_join(udp);
  app_mutex_destroy(&p.lock);
  return status;
}
