/* SPDX-License-Identifier: MIT */
/*
 * evlist.h - intrusive doubly-linked circular lists: a list is a sentinel
 * link, a node is a link inside the struct it belongs to. The events
 * design keeps its clients in them (the idle list in last-activity order,
 * the stall list in back-off order). Inline: the events loop touches them
 * for every message.
 */
#ifndef XS_SRV_EVLIST_H
#define XS_SRV_EVLIST_H

/* A link of an intrusive circular list; a list is a sentinel link. */
typedef struct ev_link {
  struct ev_link *prev;
  struct ev_link *next;
} ev_link;

static inline void ev_list_init(ev_link *list) {
  list->prev = list;
  list->next = list;
}

static inline int ev_list_empty(const ev_link *list) {
  return list->next == list;
}

static inline void ev_list_append(ev_link *list, ev_link *node) {
  node->prev = list->prev;
  node->next = list;
  list->prev->next = node;
  list->prev = node;
}

static inline void ev_list_remove(ev_link *node) {
  node->prev->next = node->next;
  node->next->prev = node->prev;
  node->prev = node;
  node->next = node;
}

/* Move node to the tail of list (node is in list). */
static inline void ev_list_touch(ev_link *list, ev_link *node) {
  if (list->prev == node)
    return; /* already the tail: the usual case for a busy client */
  ev_list_remove(node);
  ev_list_append(list, node);
}

#endif /* XS_SRV_EVLIST_H */
