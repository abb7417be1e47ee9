/* SPDX-License-Identifier: MIT */
/*
 * processes.c - the processes design: a process per TCP client, the same
 * code on every system (no fork). The parent polls [stop socket,
 * listeners..., channels...] and accepts; for each client it starts the
 * program again in the child mode (child.c) with a one-time token, meets
 * the child on a private channel (a UNIX socket in a folder of its own,
 * or loopback TCP where the system has no AF_UNIX), checks the token and
 * hands the socket over (xs_handoff_send); then it closes its own handle,
 * so the connection lives in the child alone and the client reads end of
 * stream when the child closes it.
 *
 * The channel stays open for the child's life: the child takes its end
 * becoming readable (the parent closed it, or died) as the stop event, and
 * the parent takes its end becoming readable as the child ending. At stop
 * the parent closes every channel, waits for the children a moment and
 * ends those still running. UDP runs in a thread of the parent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "conn.h"
#include "log.h"
#include "proc.h"
#include "srv.h"
#include "stop.h"
#include "sys.h"

/* How long a child may take to start, dial and take the socket. */
#define MEET_MS 20000
/* How long one that dialed in may take to send its token. */
#define TOKEN_MS 5000
/* How long the children may take to end at stop before they are killed;
 * how long the parent waits for one whose channel closed. */
#define STOP_WAIT_MS 1500
#define ENDING_WAIT_MS 10

typedef struct child {
  struct child *next;
  app_proc proc;
  xs_socket_t channel; /* XS_INVALID_SOCKET once the child ended */
} child;

typedef struct family {
  server *srv;
  xs_socket_t meet;                 /* the channel listener */
  char where[XS_UNIX_PATH_MAX + 8]; /* its address as text */
  char dir[XS_UNIX_PATH_MAX];       /* its private folder, or "" */
  char path[XS_UNIX_PATH_MAX + 16]; /* the socket file, or "" */
  child *head;
  size_t live;
} family;

/* A listener for the channels: a UNIX socket in a private folder, or
 * loopback TCP where AF_UNIX is missing. 0, or an XS_E... code. */
static int listen_meet(family *f) {
  xs_addr a;
  int rc = XS_EAFNOSUPPORT;
  if (app_temp_dir(f->dir, sizeof f->dir) == 0) {
    snprintf(f->path, sizeof f->path, "%s/handoff", f->dir);
    rc = xs_addr_unix(&a, f->path); /* XS_ENAMETOOLONG past the limit */
    if (rc == 0)
      rc = xs_listen(&a, 0, &f->meet);
    if (rc == 0) {
      snprintf(f->where, sizeof f->where, "unix:%.*s",
               (int)(XS_UNIX_PATH_MAX - 1), f->path);
      return 0;
    }
    (void)app_remove_dir(f->dir);
    f->dir[0] = f->path[0] = '\0';
  }
  if (rc != XS_EAFNOSUPPORT)
    return rc;
  rc = xs_addr_loopback(&a, XS_AF_INET, 0);
  if (rc == 0)
    rc = xs_listen(&a, 0, &f->meet);
  if (rc == 0 && (rc = xs_socket_local_addr(f->meet, &a)) == 0)
    rc = xs_addr_format(&a, f->where, sizeof f->where);
  if (rc != 0 && f->meet != XS_INVALID_SOCKET) {
    xs_close(f->meet);
    f->meet = XS_INVALID_SOCKET;
  }
  return rc;
}

static void close_meet(family *f) {
  if (f->meet != XS_INVALID_SOCKET)
    xs_close(f->meet);
  f->meet = XS_INVALID_SOCKET;
  if (f->path[0] != '\0')
    (void)app_remove(f->path);
  if (f->dir[0] != '\0' && app_remove_dir(f->dir) != 0)
    log_error2("cannot remove the folder", f->dir);
}

/* The channel listener, nonblocking: a child's connection that vanishes
 * between the poll and the accept must not block the parent. */
static int open_meet(family *f) {
  int rc = listen_meet(f);
  if (rc == 0)
    rc = xs_socket_set_nonblocking(f->meet, 1);
  if (rc != 0)
    close_meet(f);
  return rc;
}

/* Wait (up to the deadline, or the stop event) for the child to dial in
 * with its token. 0 with *out set, or an XS_E... code. */
static int meet_child(family *f, app_proc *p, const char *token,
                      xs_socket_t *out) {
  uint64_t end = app_now_us() + (uint64_t)MEET_MS * 1000u;
  size_t len = strlen(token);
  for (;;) {
    int status = 0;
    uint64_t now = app_now_us();
    if (now >= end)
      return XS_ETIMEDOUT;
    xs_pollfd pf[2] = {{f->meet, XS_POLLIN, 0},
                       {app_stop_socket(), XS_POLLIN, 0}};
    int ready = 0;
    int rc = xs_poll(pf, 2, 100, &ready);
    if (rc != 0)
      return rc;
    if (pf[1].revents != 0)
      return XS_EINTR;
    if (pf[0].revents == 0) {
      if (app_proc_wait(p, 0, &status) == 0)
        return XS_ECONNABORTED; /* it ended before dialing in */
      continue;
    }
    xs_socket_t s;
    if (xs_socket_accept(f->meet, &s, NULL) != 0)
      continue;
    char got[CHILD_TOKEN_LEN + 1];
    size_t n = 0;
    rc = xs_recv_all(s, got, len,
                     conn_min_wait(conn_ms_until(end, now), TOKEN_MS), &n);
    if (rc == 0 && n == len && memcmp(got, token, len) == 0) {
      *out = s;
      return 0;
    }
    xs_close(s); /* not the child: someone else dialed in */
  }
}

/* Start a child for the client, meet it and hand the socket over. */
static int spawn_child(family *f, const srv_socket *e, xs_socket_t client) {
  char token[CHILD_TOKEN_LEN + 1];
  char *argv[CHILD_ARGC + 1];
  char idle[24];
  if (child_make_token(token) != 0)
    return XS_ENOMEM;
  snprintf(idle, sizeof idle, "%ld", f->srv->cfg.idle_ms);
  child_argv(argv, f->srv->self, f->where, token, e->svc->name, idle);
  child *ch = calloc(1, sizeof *ch);
  if (ch == NULL)
    return XS_ENOMEM;
  ch->channel = XS_INVALID_SOCKET;
  int rc = app_spawn(&ch->proc, f->srv->self, argv);
  if (rc != 0) {
    free(ch);
    return rc;
  }
  rc = meet_child(f, &ch->proc, token, &ch->channel);
  if (rc == 0)
    rc = xs_handoff_send(ch->channel, client, MEET_MS);
  if (rc != 0) {
    int status = 0;
    if (ch->channel != XS_INVALID_SOCKET)
      xs_close(ch->channel);
    app_proc_kill(&ch->proc);
    (void)app_proc_wait(&ch->proc, -1, &status);
    free(ch);
    return rc;
  }
  ch->next = f->head;
  f->head = ch;
  f->live++;
  return 0;
}

static void accept_client(family *f, const srv_socket *e) {
  xs_socket_t s;
  xs_addr peer;
  if (!srv_take(e->sock, &s, &peer))
    return;
  long max = f->srv->cfg.max_clients;
  if (max > 0 && f->live >= (size_t)max) {
    log_conn("refused", &peer, "too many clients");
    xs_close(s);
    return;
  }
  int rc = spawn_child(f, e, s);
  if (rc != 0 && rc != XS_EINTR)
    log_conn("dropped", &peer, xs_strerror(rc));
  xs_close(s); /* the child has its own handle: the parent keeps none */
}

/* Reap the children that ended (their channel closed), and every one when
 * all is set (at stop: their channels are closed first, then they get a
 * moment to end before they are killed). */
static void reap(family *f, int all) {
  uint64_t end = app_now_us() + (uint64_t)STOP_WAIT_MS * 1000u;
  if (all)
    for (child *c = f->head; c != NULL; c = c->next)
      if (c->channel != XS_INVALID_SOCKET) {
        xs_close(c->channel);
        c->channel = XS_INVALID_SOCKET;
      }
  for (child **link = &f->head; *link != NULL;) {
    child *c = *link;
    int status = 0;
    int wait = all ? conn_ms_until(end, app_now_us()) : ENDING_WAIT_MS;
    if (c->channel != XS_INVALID_SOCKET ||
        app_proc_wait(&c->proc, wait, &status) != 0) {
      if (!all) {
        link = &c->next;
        continue;
      }
      app_proc_kill(&c->proc);
      (void)app_proc_wait(&c->proc, -1, &status);
    }
    *link = c->next;
    f->live--;
    free(c);
  }
}

/* The poll set: stop socket, listeners, then each child's channel (in list
 * order). NULL when out of memory. */
static xs_pollfd *poll_set(const family *f, size_t *n, size_t listeners,
                           const xs_pollfd *fixed) {
  xs_pollfd *p = malloc((listeners + 1 + f->live) * sizeof *p);
  if (p == NULL)
    return NULL;
  memcpy(p, fixed, (listeners + 1) * sizeof *p);
  *n = listeners + 1;
  for (const child *c = f->head; c != NULL; c = c->next)
    if (c->channel != XS_INVALID_SOCKET)
      p[(*n)++] = (xs_pollfd){c->channel, XS_POLLIN, 0};
  return p;
}

/* A channel that became readable: its child ended (or is ending). */
static void channel_closed(family *f, xs_socket_t channel) {
  for (child *c = f->head; c != NULL; c = c->next)
    if (c->channel == channel) {
      xs_close(c->channel);
      c->channel = XS_INVALID_SOCKET;
    }
}

static int serve(family *f) {
  server *srv = f->srv;
  xs_pollfd fixed[SRV_MAX_SOCKETS + 1];
  const srv_socket *socks[SRV_MAX_SOCKETS + 1];
  size_t nf = srv_listener_poll(srv, fixed, socks);
  while (!app_stop_requested()) {
    size_t n = 0;
    int ready = 0;
    xs_pollfd *p = poll_set(f, &n, nf - 1, fixed);
    if (p == NULL) {
      log_error("out of memory");
      return SRV_EXIT_FAIL;
    }
    int rc = xs_poll(p, n, f->head != NULL ? 1000 : XS_INFINITE, &ready);
    if (rc != 0 || p[0].revents != 0) {
      if (rc != 0)
        log_error2("poll failed", xs_strerror(rc));
      free(p);
      return rc != 0 ? SRV_EXIT_FAIL : SRV_EXIT_OK;
    }
    for (size_t i = nf; i < n; i++)
      if (p[i].revents != 0)
        channel_closed(f, p[i].sock);
    for (size_t i = 1; i < nf; i++)
      if (p[i].revents != 0)
        accept_client(f, socks[i]);
    free(p);
    reap(f, 0);
  }
  return SRV_EXIT_OK;
}

int run_processes(server *srv) {
  family f;
  memset(&f, 0, sizeof f);
  f.srv = srv;
  f.meet = XS_INVALID_SOCKET;
  int rc = open_meet(&f);
  if (rc != 0) {
    log_error2("cannot open the hand-off channel", xs_strerror(rc));
    return SRV_EXIT_FAIL;
  }
  if (srv->self == NULL) {
    log_error("cannot find this program's path to start its children");
    close_meet(&f);
    return SRV_EXIT_FAIL;
  }
  udp_thread *udp = NULL;
  int status = SRV_EXIT_FAIL;
  if (udp_thread_start(srv, &udp) >= 0 && srv_announce(srv) == 0)
    status = serve(&f);
  app_stop_request(); /* the UDP thread ends on the stop event */
  reap(&f, 1);
  udp_thread_join(udp);
  close_meet(&f);
  return status;
}
