/* SPDX-License-Identifier: MIT */
/*
 * evlist.c - intrusive lists (see evlist.h).
 */
#include "evlist.h"

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
