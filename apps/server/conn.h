/* SPDX-License-Identifier: MIT */
/*
 * conn.h - one TCP (or unix stream) client of a service, the logic every
 * design shares. A read goes into a buffer the caller lends (one per event
 * loop or thread) and is handed to the service at once; what the service
 * sends goes out at once, and only what the socket does not take is kept,
 * in a backlog allocated then and freed when it is sent. While a client
 * has a backlog it is not read and the service is not asked for more (the
 * throttle: TCP flow control holds the sender back), so a client's memory
 * is bounded by what one callback sends. An idle client is its struct
 * alone.
 *
 * The end: a client that half-closes is closed once its backlog is sent;
 * a service that finishes (srv_conn_finish) has it closed once its backlog
 * is sent. A hang-up or error report that allowed no progress makes the
 * designs back off for a moment (so no wait spins on it).
 */
#ifndef XS_SRV_CONN_H
#define XS_SRV_CONN_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

#include "evlist.h"
#include "srv.h"

/* The back-off after a hang-up/error report that allowed no progress. */
#define CONN_STALL_US 20000u
/* The buffer a design lends for reads. */
#define CONN_READ_BUF 65536

/* What a step left the connection in; also why it was closed. */
typedef enum conn_state {
  CONN_OPEN = 0, /* still going */
  CONN_DONE,     /* ended by the client (half-close) or the service */
  CONN_FAILED,   /* an error (reset, ...): c->error says which */
  CONN_IDLE,     /* idle timeout */
  CONN_STOPPED   /* the server is stopping */
} conn_state;

/* What a poller registration's data points to in the events design: a
 * struct whose first member is an ev_kind byte. */
typedef enum ev_kind { EV_STOP = 1, EV_LISTENER, EV_UDP, EV_CLIENT } ev_kind;

/* Bytes sent but not yet taken by the socket. */
typedef struct conn_backlog {
  size_t off; /* first unsent byte */
  size_t len; /* bytes in data */
  unsigned char data[];
} conn_backlog;

struct srv_conn {
  unsigned char kind;    /* EV_CLIENT (first member: see ev_kind) */
  unsigned char eof;     /* the client half-closed */
  unsigned char finish;  /* the service is done: close once sent */
  unsigned char room;    /* the service wants on_room calls */
  unsigned char wants;   /* events: what it is registered for */
  unsigned char stalled; /* events: backing off, not in the poller */
  xs_socket_t sock;      /* XS_INVALID_SOCKET once closed */
  int error;             /* the XS_E... code that failed it */
  const srv_service *svc;
  ev_link link;          /* events: the idle list, else free/dead list */
  ev_link stall;         /* events: the stall list while stalled */
  uint64_t last_us;      /* last byte read or written */
  uint64_t stall_us;     /* end of the back-off (0: none) */
  uint64_t sent;         /* bytes sent, for the log */
  uint64_t state;        /* the service's */
  conn_backlog *backlog; /* NULL unless a send fell short */
  xs_addr *peer;         /* for the log (the caller's), or NULL */
};

/* Set up c for an accepted nonblocking socket (peer may be NULL). */
void conn_init(srv_conn *c, xs_socket_t sock, xs_addr *peer,
               const srv_service *svc, uint64_t now_us);
/* Call the service's on_open: CONN_OPEN, CONN_DONE (already finished and
 * sent) or CONN_FAILED. */
conn_state conn_start(srv_conn *c);
/* Act on a readiness report: send the backlog, or read once into buf
 * (size bytes) and hand that to the service, or ask the service for more.
 * *progress is set when bytes moved or the end of stream was read.
 * CONN_OPEN to go on, CONN_DONE or CONN_FAILED (c->error set). */
conn_state conn_step(srv_conn *c, unsigned events, unsigned char *buf,
                     size_t size, int *progress);
/* What to wait for now (XS_POLLIN and/or XS_POLLOUT). Inline: the
 * events loop asks after every step. */
static inline unsigned conn_wants(const srv_conn *c) {
  unsigned ev = 0;
  if (c->backlog != NULL)
    return XS_POLLOUT;
  if (!c->eof && !c->finish)
    ev |= XS_POLLIN;
  if (c->room && !c->finish)
    ev |= XS_POLLOUT;
  return ev;
}
/* The service's on_close, the "closed" log line (-v), then close the
 * socket and free the backlog. A connection the service finished has its
 * unread input drained first (so closing does not reset it). */
void conn_close(srv_conn *c, conn_state why);

/* Serve one client until it is done, fails, times out or the stop event
 * (the stop socket, or also_stop readable unless XS_INVALID_SOCKET):
 * polls [client, stop socket, also_stop]. buf: CONN_READ_BUF bytes. The
 * iterative, threads and processes designs use it. */
conn_state conn_serve(srv_conn *c, unsigned char *buf, long idle_ms,
                      xs_socket_t also_stop);

/* The smaller of two waits in ms, where -1 means none. */
int conn_min_wait(int a, int b);
/* Milliseconds from now_us until when_us (0 if past). */
int conn_ms_until(uint64_t when_us, uint64_t now_us);

#endif /* XS_SRV_CONN_H */
