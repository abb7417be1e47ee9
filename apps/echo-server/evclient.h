/* SPDX-License-Identifier: MIT */
/*
 * evclient.h - a TCP (or unix stream) client of the events model, and the
 * containers that hold clients: a slab of slots that never move (so a
 * slot's address is the poller's user data for as long as the client
 * lives) with a free list, and intrusive doubly-linked lists (the idle
 * list in last-activity order, the stall list in back-off order).
 *
 * Memory: an idle client is its slot alone (sizeof(ev_client), under 100
 * bytes). Bytes read are echoed at once from a buffer the loop shares by
 * all its clients; only what a send leaves over is kept, in a backlog
 * allocated then and freed when it is sent. While a client has a backlog
 * it is not read (the throttle: TCP flow control holds the sender back).
 */
#ifndef XS_ECHO_EVCLIENT_H
#define XS_ECHO_EVCLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

#include "conn.h"

/* What a poller registration's data points to: a struct whose first
 * member is an ev_kind byte, so the loop can tell what became ready. */
typedef enum ev_kind { EV_STOP = 1, EV_LISTENER, EV_UDP, EV_CLIENT } ev_kind;

/* A link of an intrusive circular list; a list is a sentinel link. */
typedef struct ev_link {
  struct ev_link *prev;
  struct ev_link *next;
} ev_link;

/* Bytes a send left over, kept until they are sent. */
typedef struct ev_backlog {
  size_t off; /* first unsent byte */
  size_t len; /* bytes in data */
  unsigned char data[];
} ev_backlog;

typedef struct ev_client {
  unsigned char kind;    /* EV_CLIENT (first member: see ev_kind) */
  unsigned char eof;     /* the client half-closed */
  unsigned char writing; /* registered for XS_POLLOUT, not XS_POLLIN */
  unsigned char stalled; /* backing off: not in the poller for now */
  xs_socket_t sock;      /* XS_INVALID_SOCKET once closed */
  ev_link link;          /* the idle list while open, else free/dead list */
  ev_link stall;         /* the stall list while stalled */
  uint64_t last_us;      /* last byte read or written */
  uint64_t stall_us;     /* end of the back-off while stalled */
  uint64_t echoed;       /* bytes echoed, for the log */
  ev_backlog *backlog;   /* NULL unless a send fell short */
  xs_addr *peer;         /* the peer for the log: -v only, else NULL */
} ev_client;

/* Lists. */
void ev_list_init(ev_link *list);
int ev_list_empty(const ev_link *list);
void ev_list_append(ev_link *list, ev_link *node);
void ev_list_remove(ev_link *node);
/* Move node to the tail of list (node is in list). */
void ev_list_touch(ev_link *list, ev_link *node);
/* The client a link of it belongs to (link: &c->link, stall: &c->stall). */
ev_client *ev_client_of_link(ev_link *node);
ev_client *ev_client_of_stall(ev_link *node);

/* The slab: slots are allocated EV_CHUNK at a time and reused; a chunk is
 * freed only by ev_pool_free. */
typedef struct ev_chunk ev_chunk;
typedef struct ev_pool {
  ev_chunk *chunks;
  ev_client *free; /* singly linked through link.next */
} ev_pool;

void ev_pool_init(ev_pool *p);
/* A free slot (contents undefined), or NULL when out of memory. */
ev_client *ev_pool_get(ev_pool *p);
void ev_pool_put(ev_pool *p, ev_client *c);
void ev_pool_free(ev_pool *p);

/* Set up a slot for an accepted socket (peer may be NULL). */
void ev_client_init(ev_client *c, xs_socket_t sock, xs_addr *peer,
                    uint64_t now_us);

/* Act on a readiness report: read into buf (size bytes, shared) and echo
 * at once, or send the backlog. *progress is set when bytes moved or the
 * end of stream was read. CONN_OPEN to go on, CONN_DONE (half-closed and
 * all echoed) or CONN_FAILED with *error set. */
conn_state ev_client_handle(ev_client *c, unsigned events, unsigned char *buf,
                            size_t size, int *progress, int *error);

/* What the client should be registered for now. */
unsigned ev_client_wants(const ev_client *c);

/* Log the close (-v), close the socket, free the backlog and the peer.
 * The caller has taken it out of the poller and of its lists. */
void ev_client_close(ev_client *c, conn_state why, int error);

#endif /* XS_ECHO_EVCLIENT_H */
