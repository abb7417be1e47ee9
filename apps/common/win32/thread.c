/* SPDX-License-Identifier: MIT */
/*
 * thread.c (Windows) - the thread wrapper of thread.h over Win32 threads
 * (CreateThread) and a CRITICAL_SECTION; no winpthreads needed.
 */
#include "thread.h"

#include <stdlib.h>
#include <windows.h>

typedef struct start_args {
  app_thread_fn fn;
  void *arg;
} start_args;

static DWORD WINAPI trampoline(LPVOID p) {
  start_args a = *(start_args *)p;
  free(p);
  a.fn(a.arg);
  return 0;
}

int app_thread_start(app_thread *t, app_thread_fn fn, void *arg) {
  start_args *a = malloc(sizeof(*a));
  HANDLE h;
  t->handle = NULL;
  if (a == NULL) {
    return -1;
  }
  a->fn = fn;
  a->arg = arg;
  h = CreateThread(NULL, 0, trampoline, a, 0, NULL);
  if (h == NULL) {
    free(a);
    return -1;
  }
  t->handle = h;
  return 0;
}

void app_thread_join(app_thread *t) {
  if (t->handle == NULL) {
    return;
  }
  (void)WaitForSingleObject((HANDLE)t->handle, INFINITE);
  (void)CloseHandle((HANDLE)t->handle);
  t->handle = NULL;
}

int app_mutex_init(app_mutex *m) {
  CRITICAL_SECTION *cs = malloc(sizeof(*cs));
  m->impl = cs;
  if (cs == NULL) {
    return -1;
  }
  InitializeCriticalSection(cs);
  return 0;
}

void app_mutex_lock(app_mutex *m) {
  EnterCriticalSection((CRITICAL_SECTION *)m->impl);
}

void app_mutex_unlock(app_mutex *m) {
  LeaveCriticalSection((CRITICAL_SECTION *)m->impl);
}

void app_mutex_destroy(app_mutex *m) {
  if (m->impl != NULL) {
    DeleteCriticalSection((CRITICAL_SECTION *)m->impl);
    free(m->impl);
    m->impl = NULL;
  }
}
