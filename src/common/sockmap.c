/* SPDX-License-Identifier: MIT */
/*
 * sockmap.c - socket handle -> pointer map for the poller backends that
 * keep their own registrations (poller_int.h). Linear probing, load at
 * most 1/2, backward-shift deletion.
 */
#include <stdint.h>
#include <stdlib.h>

#include "poller_int.h"

#define FIRST_CAP 16

/* Socket values are small integers on POSIX and multiples of 4 on
 * Windows: mix the bits so that neighbours spread over the table. */
static size_t slot_of(xs_socket_t sock, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)sock * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 32) & (cap - 1);
}

void xs__sockmap_init(xs__sockmap *m) {
  m->keys = NULL;
  m->vals = NULL;
  m->cap = 0;
  m->n = 0;
}

void xs__sockmap_free(xs__sockmap *m) {
  free(m->keys);
  free(m->vals);
  xs__sockmap_init(m);
}

void *xs__sockmap_get(const xs__sockmap *m, xs_socket_t sock) {
  if (m->cap == 0)
    return NULL;
  for (size_t i = slot_of(sock, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == sock)
      return m->vals[i];
    if (m->keys[i] == XS_INVALID_SOCKET)
      return NULL;
  }
}

/* Place a key known to be absent; the table has a free slot. */
static void place(xs__sockmap *m, xs_socket_t sock, void *val) {
  size_t i = slot_of(sock, m->cap);
  while (m->keys[i] != XS_INVALID_SOCKET)
    i = (i + 1) & (m->cap - 1);
  m->keys[i] = sock;
  m->vals[i] = val;
  m->n++;
}

static int grow(xs__sockmap *m) {
  size_t cap = m->cap == 0 ? FIRST_CAP : m->cap * 2;
  if (cap > SIZE_MAX / sizeof(void *))
    return XS_ENOMEM;
  xs_socket_t *keys = malloc(cap * sizeof *keys);
  void **vals = malloc(cap * sizeof *vals);
  if (keys == NULL || vals == NULL) {
    free(keys);
    free(vals);
    return XS_ENOMEM;
  }
  for (size_t i = 0; i < cap; i++)
    keys[i] = XS_INVALID_SOCKET;
  xs__sockmap old = *m;
  m->keys = keys;
  m->vals = vals;
  m->cap = cap;
  m->n = 0;
  for (size_t i = 0; i < old.cap; i++)
    if (old.keys[i] != XS_INVALID_SOCKET)
      place(m, old.keys[i], old.vals[i]);
  free(old.keys);
  free(old.vals);
  return 0;
}

int xs__sockmap_put(xs__sockmap *m, xs_socket_t sock, void *val) {
  if ((m->n + 1) * 2 > m->cap) {
    int rc = grow(m);
    if (rc != 0) {
      xs__native_set(0);
      return rc;
    }
  }
  place(m, sock, val);
  return 0;
}

/* 1 if slot j lies cyclically in (i, k]: an entry at j whose home is k
 * may not move back to i. */
static int between(size_t i, size_t k, size_t j) {
  return i <= j ? (i < k && k <= j) : (i < k || k <= j);
}

void *xs__sockmap_del(xs__sockmap *m, xs_socket_t sock) {
  if (m->cap == 0)
    return NULL;
  size_t mask = m->cap - 1;
  size_t i = slot_of(sock, m->cap);
  while (m->keys[i] != sock) {
    if (m->keys[i] == XS_INVALID_SOCKET)
      return NULL;
    i = (i + 1) & mask;
  }
  void *val = m->vals[i];
  /* Shift back each later entry of the run that may fill the hole. */
  for (size_t j = (i + 1) & mask; m->keys[j] != XS_INVALID_SOCKET;
       j = (j + 1) & mask) {
    size_t home = slot_of(m->keys[j], m->cap);
    if (between(i, home, j))
      continue;
    m->keys[i] = m->keys[j];
    m->vals[i] = m->vals[j];
    i = j;
  }
  m->keys[i] = XS_INVALID_SOCKET;
  m->n--;
  return val;
}

void xs__sockmap_each(const xs__sockmap *m,
                      void (*fn)(xs_socket_t sock, void *val, void *ctx),
                      void *ctx) {
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i] != XS_INVALID_SOCKET)
      fn(m->keys[i], m->vals[i], ctx);
}
