/* SPDX-License-Identifier: MIT */
/*
 * fault.c - the fault plan consulted by the platforms' seam wrappers
 * (src/posix/fault.c, src/win32/fault.c). Only in xsock_testing.
 */
#include "fault.h"

#include <string.h>

typedef struct plan {
  unsigned long calls; /* calls seen since xs__fault_begin */
  unsigned long first; /* first call to fail (1-based), 0 = none */
  unsigned long last;  /* last call to fail */
  int native;          /* native error to fail with */
  size_t cap;          /* byte cap per call, 0 = none */
} plan;

static plan plans[XS__SYS_COUNT];
static unsigned long total;   /* calls of every id since xs__fault_begin */
static unsigned long any_nth; /* xs__fault_fail_any: the call to fail */
static int any_id = -1;       /* the id that call had */

static int valid_id(int id) {
  return id >= 0 && id < XS__SYS_COUNT;
}

static void clear(void) {
  memset(plans, 0, sizeof plans);
  total = 0;
  any_nth = 0;
  any_id = -1;
}

void xs__fault_begin(void) {
  clear();
  xs__plat_fault_install();
}

void xs__fault_end(void) {
  xs__plat_fault_uninstall();
  clear();
}

void xs__fault_fail_any(unsigned long nth) {
  any_nth = nth == 0 ? 0 : total + nth;
  any_id = -1;
}

unsigned long xs__fault_total(void) {
  return total;
}

int xs__fault_any_failed(void) {
  return any_id;
}

void xs__fault_fail(int id, unsigned nth, unsigned times, int native_err) {
  if (!valid_id(id) || nth == 0 || times == 0)
    return;
  plan *p = &plans[id];
  p->first = p->calls + nth;
  p->last = p->first + times - 1;
  p->native = native_err;
}

void xs__fault_short(int id, size_t max) {
  if (valid_id(id))
    plans[id].cap = max;
}

unsigned long xs__fault_calls(int id) {
  return valid_id(id) ? plans[id].calls : 0;
}

int xs__fault_check(int id) {
  if (!valid_id(id))
    return 0;
  plan *p = &plans[id];
  p->calls++;
  if (++total == any_nth) {
    any_id = id;
    return xs__plat_fault_default(id);
  }
  if (p->first != 0 && p->calls >= p->first && p->calls <= p->last)
    return p->native;
  return 0;
}

size_t xs__fault_cap(int id, size_t len) {
  if (!valid_id(id) || plans[id].cap == 0 || len <= plans[id].cap)
    return len;
  return plans[id].cap;
}
