/* SPDX-License-Identifier: MIT */
/*
 * thread.c (POSIX) - the thread wrapper of thread.h over pthreads.
 */
#include "thread.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct start_args {
  app_thread_fn fn;
  void *arg;
} start_args;

static void *trampoline(void *p) {
  start_args a = *(start_args *)p;
  free(p);
  a.fn(a.arg);
  return NULL;
}

int app_thread_start(app_thread *t, app_thread_fn fn, void *arg) {
  pthread_t *h = malloc(sizeof(*h));
  start_args *a = malloc(sizeof(*a));
  t->handle = NULL;
  if (h == NULL || a == NULL) {
    free(h);
    free(a);
    return -1;
  }
  a->fn = fn;
  a->arg = arg;
  if (pthread_create(h, NULL, trampoline, a) != 0) {
    free(h);
    free(a);
    return -1;
  }
  t->handle = h;
  return 0;
}

void app_thread_join(app_thread *t) {
  pthread_t *h = t->handle;
  if (h == NULL) {
    return;
  }
  (void)pthread_join(*h, NULL);
  free(h);
  t->handle = NULL;
}

int app_mutex_init(app_mutex *m) {
  pthread_mutex_t *mu = malloc(sizeof(*mu));
  m->impl = NULL;
  if (mu == NULL) {
    return -1;
  }
  if (pthread_mutex_init(mu, NULL) != 0) {
    free(mu);
    return -1;
  }
  m->impl = mu;
  return 0;
}

void app_mutex_lock(app_mutex *m) {
  (void)pthread_mutex_lock((pthread_mutex_t *)m->impl);
}

void app_mutex_unlock(app_mutex *m) {
  (void)pthread_mutex_unlock((pthread_mutex_t *)m->impl);
}

void app_mutex_destroy(app_mutex *m) {
  if (m->impl != NULL) {
    (void)pthread_mutex_destroy((pthread_mutex_t *)m->impl);
    free(m->impl);
    m->impl = NULL;
  }
}
