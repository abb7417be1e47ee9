/* SPDX-License-Identifier: MIT */
/*
 * evclient.c - the events model's clients (see evclient.h): intrusive
 * lists, the slab of slots, and the echo step: one receive into the
 * loop's shared buffer, one send of what came, and a backlog only for
 * what the send did not take.
 */
#include "evclient.h"

#include <stdlib.h>
#include <string.h>

/* Slots per chunk of the slab. */
#define EV_CHUNK 256

struct ev_chunk {
  ev_chunk *next;
  ev_client slots[EV_CHUNK];
};

void ev_list_init(ev_link *list) {
  list->prev = list;
  list->next = list;
}

int ev_list_empty(const ev_link *list) {
  return list->next == list;
}

void ev_list_append(ev_link *list, ev_link *node) {
  node->prev = list->prev;
  node->next = list;
  list->prev->next = node;
  list->prev = node;
}

void ev_list_remove(ev_link *node) {
  node->prev->next = node->next;
  node->next->prev = node->prev;
  node->prev = node;
  node->next = node;
}

void ev_list_touch(ev_link *list, ev_link *node) {
  if (list->prev == node)
    return; /* already the tail: the usual case for a busy client */
  ev_list_remove(node);
  ev_list_append(list, node);
}

ev_client *ev_client_of_link(ev_link *node) {
  return (ev_client *)(void *)((char *)node - offsetof(ev_client, link));
}

ev_client *ev_client_of_stall(ev_link *node) {
  return (ev_client *)(void *)((char *)node - offsetof(ev_client, stall));
}

void ev_pool_init(ev_pool *p) {
  p->chunks = NULL;
  p->free = NULL;
}

/* A new chunk, its slots all put on the free list. */
static int pool_grow(ev_pool *p) {
  ev_chunk *ch = malloc(sizeof *ch);
  if (ch == NULL)
    return -1;
  ch->next = p->chunks;
  p->chunks = ch;
  for (size_t i = EV_CHUNK; i-- > 0;)
    ev_pool_put(p, &ch->slots[i]);
  return 0;
}

ev_client *ev_pool_get(ev_pool *p) {
  if (p->free == NULL && pool_grow(p) != 0)
    return NULL;
  ev_client *c = p->free;
  p->free = c->link.next != NULL ? ev_client_of_link(c->link.next) : NULL;
  return c;
}

void ev_pool_put(ev_pool *p, ev_client *c) {
  c->kind = 0;
  c->sock = XS_INVALID_SOCKET;
  c->link.prev = NULL;
  c->link.next = p->free != NULL ? &p->free->link : NULL;
  p->free = c;
}

void ev_pool_free(ev_pool *p) {
  while (p->chunks != NULL) {
    ev_chunk *ch = p->chunks;
    p->chunks = ch->next;
    free(ch);
  }
  p->free = NULL;
}

void ev_client_init(ev_client *c, xs_socket_t sock, xs_addr *peer,
                    uint64_t now_us) {
  memset(c, 0, sizeof *c);
  c->kind = EV_CLIENT;
  c->sock = sock;
  c->last_us = now_us;
  c->peer = peer;
  ev_list_init(&c->link);
  ev_list_init(&c->stall);
}

unsigned ev_client_wants(const ev_client *c) {
  return c->backlog != NULL ? XS_POLLOUT : XS_POLLIN;
}

/* Keep the n bytes at data that a send did not take. */
static int keep(ev_client *c, const unsigned char *data, size_t n) {
  ev_backlog *b = malloc(sizeof *b + n);
  if (b == NULL)
    return XS_ENOMEM;
  b->off = 0;
  b->len = n;
  memcpy(b->data, data, n);
  c->backlog = b;
  return 0;
}

/* One send; would-block counts as 0 bytes sent. */
static int send_some(ev_client *c, const unsigned char *data, size_t n,
                     size_t *sent) {
  int rc = xs_send(c->sock, data, n, sent);
  if (rc == XS_EAGAIN) {
    *sent = 0;
    return 0;
  }
  if (rc == 0)
    c->echoed += *sent;
  return rc;
}

/* One receive, and the echo of what came at once. */
static int read_echo(ev_client *c, unsigned char *buf, size_t size,
                     int *progress) {
  size_t got = 0;
  size_t sent = 0;
  int rc = xs_recv(c->sock, buf, size, &got);
  if (rc == XS_EAGAIN)
    return 0;
  if (rc != 0)
    return rc;
  *progress = 1;
  if (got == 0) {
    c->eof = 1;
    return 0;
  }
  rc = send_some(c, buf, got, &sent);
  if (rc == 0 && sent < got)
    rc = keep(c, buf + sent, got - sent);
  return rc;
}

/* Send (part of) the backlog; free it once it is all sent. */
static int flush(ev_client *c, int *progress) {
  ev_backlog *b = c->backlog;
  size_t sent = 0;
  int rc = send_some(c, b->data + b->off, b->len - b->off, &sent);
  if (rc != 0)
    return rc;
  b->off += sent;
  *progress |= sent > 0;
  if (b->off == b->len) {
    free(b);
    c->backlog = NULL;
  }
  return 0;
}

conn_state ev_client_handle(ev_client *c, unsigned events, unsigned char *buf,
                            size_t size, int *progress, int *error) {
  int rc = 0;
  *progress = 0;
  if (c->backlog != NULL)
    rc = flush(c, progress);
  else if (!c->eof && (events & (XS_POLLIN | XS_POLLHUP | XS_POLLERR)))
    rc = read_echo(c, buf, size, progress);
  if (rc != 0) {
    *error = rc;
    return CONN_FAILED;
  }
  if (c->eof && c->backlog == NULL)
    return CONN_DONE;
  return CONN_OPEN;
}

void ev_client_close(ev_client *c, conn_state why, int error) {
  conn_log_closed(c->peer, why, error, c->echoed);
  if (c->sock != XS_INVALID_SOCKET)
    xs_close(c->sock);
  c->sock = XS_INVALID_SOCKET;
  free(c->backlog);
  c->backlog = NULL;
  free(c->peer);
  c->peer = NULL;
}
