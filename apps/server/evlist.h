/* SPDX-License-Identifier: MIT */
/*
 * evlist.h - intrusive doubly-linked circular lists: a list is a sentinel
 * link, a node is a link inside the struct it belongs to. The events
 * design keeps its clients in them (the idle list in last-activity order,
 * the stall list in back-off order), the processes design its children.
 */
#ifndef XS_SRV_EVLIST_H
#define XS_SRV_EVLIST_H

/* A link of an intrusive circular list; a list is a sentinel link. */
typedef struct ev_link {
  struct ev_link *prev;
  struct ev_link *next;
} ev_link;

void ev_list_init(ev_link *list);
int ev_list_empty(const ev_link *list);
void ev_list_append(ev_link *list, ev_link *node);
void ev_list_remove(ev_link *node);
/* Move node to the tail of list (node is in list). */
void ev_list_touch(ev_link *list, ev_link *node);

#endif /* XS_SRV_EVLIST_H */
