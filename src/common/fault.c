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

static int valid_id(int id) {
  return id >= 0 && id < XS__SYS_COUNT;
}

void xs__fault_begin(void) {
  memset(plans, 0, sizeof plans);
  xs__plat_fault_install();
}

void xs__fault_end(void) {
  xs__plat_fault_uninstall();
  memset(plans, 0, sizeof plans);
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
  if (p->first != 0 && p->calls >= p->first && p->calls <= p->last)
    return p->native;
  return 0;
}

size_t xs__fault_cap(int id, size_t len) {
  if (!valid_id(id) || plans[id].cap == 0 || len <= plans[id].cap)
    return len;
  return plans[id].cap;
}
