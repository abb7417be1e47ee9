/* SPDX-License-Identifier: MIT */
/*
 * init.c - Winsock start-up: a lazy, thread-safe, once-per-process
 * WSAStartup(2.2) for every entry point (xs__plat_ensure), and the explicit
 * start/clean-up pair behind xs_init()/xs_shutdown(). The lazy start is
 * never undone: Winsock stays up until the process exits. A failed lazy
 * start is tried again on the next call.
 */
#include "win32.h"

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;

/* What a run of the one-time start did, for the thread that ran it. */
typedef struct start_out {
  int result; /* 0 or an XS_E... code */
  int native; /* WSAStartup's code */
} start_out;

/* One WSAStartup(2.2): 0, or a negative XS_E... code with *native set. */
static int startup(int *native) {
  WSADATA data;
  *native = xs__sys.startup(MAKEWORD(2, 2), &data);
  if (*native != 0)
    return xs__plat_error(*native);
  if (LOBYTE(data.wVersion) != 2 || HIBYTE(data.wVersion) != 2) {
    xs__sys.cleanup();
    *native = WSAVERNOTSUPPORTED;
    xs__native_set(*native);
    return XS_ENOTSUP;
  }
  return 0;
}

/* Returning FALSE on failure leaves `once` unset, so a later call tries
 * again (a WSASYSNOTREADY at start-up does not disable the library for the
 * life of the process); only the thread that ran it sees the failure. */
static BOOL CALLBACK run_once(PINIT_ONCE o, PVOID param, PVOID *ctx) {
  start_out *out = param;
  (void)o;
  (void)ctx;
  out->result = startup(&out->native);
  return out->result == 0;
}

int xs__plat_ensure(void) {
  start_out out = {0, 0};
  if (InitOnceExecuteOnce(&once, run_once, &out, NULL))
    return 0;
  if (out.result != 0) {
    xs__native_set(out.native);
    return out.result;
  }
  xs__native_set((int)xs__sys.win_last_error());
  return XS_EUNKNOWN;
}

int xs__plat_init(void) {
  int native;
  return startup(&native);
}

int xs__plat_shutdown(void) {
  if (xs__sys.cleanup() != 0)
    return xs__win_fail();
  return 0;
}
