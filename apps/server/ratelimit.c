/* SPDX-License-Identifier: MIT */
/*
 * ratelimit.c - token buckets per source address in a fixed table (see
 * ratelimit.h). Tokens are counted in millionths, so a refill of
 * elapsed_us * per_sec millionths is exact.
 */
#include "ratelimit.h"

#include <stdlib.h>
#include <string.h>

#define UNIT 1000000u

typedef struct rate_slot {
  uint8_t key[17];    /* family byte, then the address */
  uint8_t used;       /* the slot holds a source */
  uint8_t limited;    /* its last datagram was refused */
  uint8_t guarded;    /* the guard's drop was logged */
  uint64_t tokens;    /* millionths of a reply */
  uint64_t refill_us; /* when tokens were last brought up to date */
} rate_slot;

struct rate_table {
  uint64_t per_sec;
  uint64_t cap; /* per_sec * UNIT */
  rate_slot slots[RATE_SLOTS];
};

rate_table *rate_open(long per_sec) {
  rate_table *t = calloc(1, sizeof *t);
  if (t == NULL)
    return NULL;
  t->per_sec = per_sec > 0 ? (uint64_t)per_sec : 0;
  t->cap = t->per_sec * UNIT;
  return t;
}

void rate_close(rate_table *t) {
  free(t);
}

/* The source's slot, taken over (afresh) if another source held it. */
static rate_slot *slot_of(rate_table *t, const xs_addr *from, uint64_t now_us) {
  uint8_t key[17];
  memset(key, 0, sizeof key);
  key[0] = (uint8_t)from->family;
  memcpy(key + 1, from->ip, 16);
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < sizeof key; i++)
    h = (h ^ key[i]) * 16777619u;
  rate_slot *s = &t->slots[h % RATE_SLOTS];
  if (!s->used || memcmp(s->key, key, sizeof key) != 0) {
    memset(s, 0, sizeof *s);
    memcpy(s->key, key, sizeof key);
    s->used = 1;
    s->tokens = t->cap;
    s->refill_us = now_us;
  }
  return s;
}

int rate_allow(rate_table *t, const xs_addr *from, uint64_t now_us,
               int *started) {
  *started = 0;
  if (t->per_sec == 0)
    return 1;
  rate_slot *s = slot_of(t, from, now_us);
  if (now_us > s->refill_us) {
    /* A second refills the whole bucket: no product can overflow. */
    uint64_t elapsed = now_us - s->refill_us;
    uint64_t add = elapsed >= UNIT ? t->cap : elapsed * t->per_sec;
    s->tokens = add >= t->cap - s->tokens ? t->cap : s->tokens + add;
    s->refill_us = now_us;
  }
  if (s->tokens >= UNIT) {
    s->tokens -= UNIT;
    s->limited = 0;
    return 1;
  }
  *started = !s->limited;
  s->limited = 1;
  return 0;
}

int rate_first_guarded(rate_table *t, const xs_addr *from, uint64_t now_us) {
  rate_slot *s = slot_of(t, from, now_us);
  if (s->guarded)
    return 0;
  s->guarded = 1;
  return 1;
}
