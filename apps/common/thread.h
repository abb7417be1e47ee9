/* SPDX-License-Identifier: MIT */
/*
 * thread.h - the tiny thread wrapper the threads model needs: start, join,
 * a mutex. pthreads on POSIX, Win32 threads on Windows.
 */
#ifndef XS_APP_THREAD_H
#define XS_APP_THREAD_H

typedef struct app_thread {
  void *handle; /* pthread_t* or HANDLE, owned by the wrapper */
} app_thread;

typedef struct app_mutex {
  void *impl; /* owned by the wrapper */
} app_mutex;

typedef void (*app_thread_fn)(void *arg);

/* Start fn(arg) in a new thread. 0, or -1 if the system refused. */
int app_thread_start(app_thread *t, app_thread_fn fn, void *arg);
/* Wait for the thread to end and release it. */
void app_thread_join(app_thread *t);

int app_mutex_init(app_mutex *m); /* 0 or -1 */
void app_mutex_lock(app_mutex *m);
void app_mutex_unlock(app_mutex *m);
void app_mutex_destroy(app_mutex *m);

#endif /* XS_APP_THREAD_H */
