/* SPDX-License-Identifier: MIT */
/*
 * test_lifecycle.c - start-up and shutdown of the socket layer: lazy start
 * on the first call, xs_init/xs_shutdown counting, start-up from several
 * threads at once, and the version functions.
 *
 * cmocka runs the cases in the order of the tests[] array, so
 * test_lifecycle_lazy_start_first_call really is the first xsock call of the
 * process: it must stay first, and main() must call nothing before XS_RUN.
 */
#include "harness.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#ifdef _WIN32
#  include <windows.h>
#  include <process.h>
#else
#  include <pthread.h>
#endif

/* ---- the tests' own tiny thread wrapper --------------------------------- */

typedef void (*thread_fn)(void *arg);

typedef struct thread_start {
  thread_fn fn;
  void *arg;
} thread_start;

#ifdef _WIN32
typedef HANDLE thread_t;

static unsigned __stdcall thread_trampoline(void *p) {
  thread_start *ts = p;
  ts->fn(ts->arg);
  return 0;
}

static int thread_create(thread_t *t, thread_start *ts) {
  uintptr_t h = _beginthreadex(NULL, 0, thread_trampoline, ts, 0, NULL);
  if (h == 0)
    return -1;
  *t = (HANDLE)h;
  return 0;
}

static int thread_join(thread_t t) {
  /* Bounded: a thread that never ends fails the test instead of hanging. */
  DWORD w = WaitForSingleObject(t, 30000);
  CloseHandle(t);
  return w == WAIT_OBJECT_0 ? 0 : -1;
}
#else
typedef pthread_t thread_t;

static void *thread_trampoline(void *p) {
  thread_start *ts = p;
  ts->fn(ts->arg);
  return NULL;
}

static int thread_create(thread_t *t, thread_start *ts) {
  return pthread_create(t, NULL, thread_trampoline, ts) == 0 ? 0 : -1;
}

/* Each worker does a bounded amount of work, so the join is bounded too. */
static int thread_join(thread_t t) {
  return pthread_join(t, NULL) == 0 ? 0 : -1;
}
#endif

/* ---- cases --------------------------------------------------------------- */

/* Must be the first case (see the comment at the top): no xs_init() yet. */
static void test_lifecycle_lazy_start_first_call(void **state) {
  xs_socket_t s = XS_INVALID_SOCKET;
  xs_socket_t u = XS_INVALID_SOCKET;
  xs_addr a;
  (void)state;
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &s));
  assert_true(s != XS_INVALID_SOCKET);
  /* The layer is really up: the socket binds and listens. */
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 0));
  XS_OK_(xs_socket_bind(s, &a));
  XS_OK_(xs_socket_listen(s, 4));
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_DGRAM, &u));
  XS_OK_(xs_close(u));
  XS_OK_(xs_close(s));
}

static void test_lifecycle_init_shutdown_balanced_twice(void **state) {
  xs_socket_t s;
  (void)state;
  for (int round = 0; round < 2; round++) {
    XS_OK_(xs_init());
    XS_OK_(xs_init());
    XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &s));
    XS_OK_(xs_close(s));
    XS_OK_(xs_shutdown());
    XS_OK_(xs_shutdown());
    /* Lazily started before: the layer stays usable after the last
     * explicit reference is gone. */
    XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_DGRAM, &s));
    XS_OK_(xs_close(s));
  }
  /* Balanced: one more shutdown has no matching init. */
  XS_ERR_(XS_EINVAL, xs_shutdown());
}

static void test_lifecycle_shutdown_without_init(void **state) {
  xs_socket_t s;
  (void)state;
  XS_ERR_(XS_EINVAL, xs_shutdown());
  XS_ERR_(XS_EINVAL, xs_shutdown());
  /* A refused shutdown does not stop the layer. */
  XS_OK_(xs_socket_open(XS_AF_INET, XS_SOCK_STREAM, &s));
  XS_OK_(xs_close(s));
}

#define NTHREADS 4
#define ROUNDS 50

typedef struct worker {
  int failures;
  int first_error;
} worker;

static void note(worker *w, int rc) {
  if (rc != 0) {
    if (w->failures == 0)
      w->first_error = rc;
    w->failures++;
  }
}

/* Set once every thread exists, so they all call xs_init() together. */
static atomic_int gate;

static void worker_main(void *arg) {
  worker *w = arg;
  int rc;
  for (int spins = 0; spins < 10000 && atomic_load(&gate) == 0; spins++)
    xs_test_sleep_ms(1);
  rc = xs_init();
  note(w, rc);
  for (int i = 0; i < ROUNDS; i++) {
    xs_socket_t s = XS_INVALID_SOCKET;
    int type = (i % 2) ? XS_SOCK_DGRAM : XS_SOCK_STREAM;
    int orc = xs_socket_open(XS_AF_INET, type, &s);
    note(w, orc);
    if (orc == 0)
      note(w, xs_close(s));
  }
  if (rc == 0)
    note(w, xs_shutdown());
}

/* Four threads start the layer (xs_init) and open and close sockets at the
 * same time; every call succeeds and the counts stay balanced. (The very
 * first, lazy start of the process is the first case above; a process
 * starts only once, so a concurrent *first* start would need a fresh
 * process per run and is not covered by this program.) */
static void test_lifecycle_threads_start_together(void **state) {
  thread_t threads[NTHREADS];
  thread_start starts[NTHREADS];
  worker workers[NTHREADS];
  int created = 0;
  (void)state;
  memset(workers, 0, sizeof workers);
  atomic_store(&gate, 0);
  for (int i = 0; i < NTHREADS; i++) {
    starts[i].fn = worker_main;
    starts[i].arg = &workers[i];
    if (thread_create(&threads[i], &starts[i]) != 0)
      break;
    created++;
  }
  atomic_store(&gate, 1);
  for (int i = 0; i < created; i++)
    assert_int_equal(thread_join(threads[i]), 0);
  assert_int_equal(created, NTHREADS);
  for (int i = 0; i < NTHREADS; i++) {
    if (workers[i].failures != 0)
      print_error("thread %d: %d failures, first %s\n", i, workers[i].failures,
                  xs_err_name(workers[i].first_error));
    assert_int_equal(workers[i].failures, 0);
  }
  /* Every thread's xs_init was matched: none is left over. */
  XS_ERR_(XS_EINVAL, xs_shutdown());
}

static void test_lifecycle_version(void **state) {
  char want[32];
  (void)state;
  assert_int_equal(xs_version(), XS_VERSION_NUMBER);
  assert_int_equal(xs_version(), XS_VERSION_MAJOR * 10000 +
                                     XS_VERSION_MINOR * 100 + XS_VERSION_PATCH);
  snprintf(want, sizeof want, "%d.%d.%d", XS_VERSION_MAJOR, XS_VERSION_MINOR,
           XS_VERSION_PATCH);
  assert_non_null(xs_version_string());
  assert_string_equal(xs_version_string(), want);
}

int main(void) {
  /* Order matters: the lazy-start case must run first. */
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lifecycle_lazy_start_first_call),
      cmocka_unit_test(test_lifecycle_init_shutdown_balanced_twice),
      cmocka_unit_test(test_lifecycle_shutdown_without_init),
      cmocka_unit_test(test_lifecycle_threads_start_together),
      cmocka_unit_test(test_lifecycle_version),
  };
  return XS_RUN(tests);
}
