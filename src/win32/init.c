/*
 * init.c - Winsock start-up: a lazy, thread-safe, once-per-process
 * WSAStartup(2.2) for every entry point (xs__plat_ensure), and the explicit
 * start/clean-up pair behind xs_init()/xs_shutdown(). The lazy start is
 * never undone: Winsock stays up until the process exits.
 */
#include "win32.h"

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static int once_native; /* WSAStartup's code, or 0 */
static int once_result; /* its translation, written once under `once` */

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

static BOOL CALLBACK run_once(PINIT_ONCE o, PVOID param, PVOID *ctx) {
  (void)o;
  (void)param;
  (void)ctx;
  once_result = startup(&once_native);
  return TRUE;
}

int xs__plat_ensure(void) {
  if (!InitOnceExecuteOnce(&once, run_once, NULL, NULL)) {
    xs__native_set((int)GetLastError());
    return XS_EUNKNOWN;
  }
  if (once_result != 0)
    xs__native_set(once_native); /* record it for this thread too */
  return once_result;
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
