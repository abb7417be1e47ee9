/* SPDX-License-Identifier: MIT */
/*
 * conn.h - one TCP (or unix stream) client being echoed, the logic the
 * iterative and threads models share (the events model has its own,
 * evclient.h, and shares the accept and the close log line): a bounded ring
 * buffer of pending echo bytes allocated once per connection, nonblocking reads
 * only while there is room in it (throttling), writes whenever bytes are
 * pending, the half-close rule (finish echoing, then close), the idle timeout,
 * and a short back-off after a hang-up report that allowed no progress (so no
 * poll loop spins).
 */
#ifndef XS_ECHO_CONN_H
#define XS_ECHO_CONN_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

/* The bound on one client's pending echo bytes. */
#define CONN_BUF_SIZE 65536

/* What a step left the connection in; also why it was closed. */
typedef enum conn_state {
  CONN_OPEN = 0, /* still echoing */
  CONN_DONE,     /* half-closed by the client and everything echoed */
  CONN_FAILED,   /* an error (reset, ...): c->error says which */
  CONN_IDLE,     /* idle timeout */
  CONN_STOPPED   /* the server is stopping */
} conn_state;

typedef struct echo_conn {
  xs_socket_t sock;
  xs_addr peer;
  unsigned char *buf; /* CONN_BUF_SIZE bytes */
  size_t head;        /* first pending byte */
  size_t len;         /* pending bytes */
  int eof;            /* the client half-closed */
  int error;          /* the XS_E... code that failed it */
  uint64_t last_us;   /* last byte read or written */
  uint64_t stall_us;  /* not polled before this time (0: no back-off) */
  uint64_t echoed;    /* bytes echoed, for the log */
} echo_conn;

/* Take over an accepted (nonblocking, see srv_accept) socket: allocate its
 * buffer. 0, or an XS_E... code (the socket is then closed, "dropped"
 * logged with -v). */
int conn_open(echo_conn *c, xs_socket_t sock, const xs_addr *peer);
/* Close the socket, free the buffer, log "closed" with the reason. */
void conn_close(echo_conn *c, conn_state why);
/* -v only: the "closed PEER: REASON, N bytes echoed" line (error: the
 * XS_E... code for CONN_FAILED). Every model logs a close through it. */
void conn_log_closed(const xs_addr *peer, conn_state why, int error,
                     uint64_t echoed);

/* What to poll for now (0 while backing off). */
short conn_events(const echo_conn *c, uint64_t now_us);
/* Milliseconds until the connection next needs a look without socket
 * events (idle deadline, end of a back-off), or -1 for none. */
int conn_wait_ms(const echo_conn *c, long idle_ms, uint64_t now_us);
/* 1 if the client has been idle for idle_ms (0 = never). */
int conn_idle_expired(const echo_conn *c, long idle_ms, uint64_t now_us);
/* Act on poll results: read, write, notice the end. */
conn_state conn_handle(echo_conn *c, short revents, uint64_t now_us);

/* Serve one client until it is done, fails, times out or the stop event:
 * polls [client, stop socket]. Used by the iterative and threads models. */
conn_state conn_serve(echo_conn *c, long idle_ms);

/* The smaller of two waits in ms, where -1 means none. */
int conn_min_wait(int a, int b);

#endif /* XS_ECHO_CONN_H */
