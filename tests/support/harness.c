/* SPDX-License-Identifier: MIT */
/*
 * harness.c - shared test helpers (see harness.h).
 *
 * The tests folder may look at the platform; the library's own platform
 * code lives in src/posix and src/win32 only.
 */
#include "harness.h"

#include "common/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <windows.h>
#  include <process.h>
#  define xs_getpid() ((unsigned long)_getpid())
#else
#  include <dirent.h>
#  include <pthread.h>
#  include <time.h>
#  include <unistd.h>
#  define xs_getpid() ((unsigned long)getpid())
#endif

static size_t skipped;

void xs_test_ok(int rc, const char *expr, const char *file, int line) {
  if (rc != 0) {
    print_error("%s:%d: %s returned %d (%s: %s), native %d\n", file, line, expr,
                rc, xs_err_name(rc), xs_strerror(rc), xs_native_error());
    fail();
  }
}

void xs_test_err(int want, int rc, const char *expr, const char *file,
                 int line) {
  if (rc != want) {
    print_error("%s:%d: %s returned %d (%s), expected %d (%s), native %d\n",
                file, line, expr, rc, xs_err_name(rc), want, xs_err_name(want),
                xs_native_error());
    fail();
  }
}

void xs_test_skip_note(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("SKIP: ");
  vprintf(fmt, ap);
  printf("\n");
  fflush(stdout);
  va_end(ap);
  skipped++;
}

int xs_test_run(const struct CMUnitTest *tests, size_t n, const char *name) {
  skipped = 0;
  int failed = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
  if (failed != 0)
    return 1;
  if (n > 0 && skipped == n) {
    printf("all %zu cases of %s skipped (reasons above)\n", n, name);
    return 77;
  }
  if (skipped > 0)
    printf("%zu of %zu cases of %s skipped (reasons above)\n", skipped, n,
           name);
  return 0;
}

int xs_test_on_wine(void) {
#ifdef _WIN32
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
#else
  return 0;
#endif
}

int xs_test_have_ipv6(void) {
  xs_addr a;
  xs_socket_t s;
  int ok;
  if (xs_socket_open(XS_AF_INET6, XS_SOCK_STREAM, &s) != 0)
    return 0;
  xs_addr_loopback(&a, XS_AF_INET6, 0);
  ok = xs_socket_bind(s, &a) == 0;
  xs_close(s);
  return ok;
}

int xs_test_have_unix(void) {
  xs_socket_t s;
  if (xs_socket_open(XS_AF_UNIX, XS_SOCK_STREAM, &s) != 0)
    return 0;
  xs_close(s);
  return 1;
}

void xs_test_listener(int family, xs_socket_t *lsock, xs_addr *addr) {
  xs_addr a;
  XS_OK_(xs_addr_loopback(&a, family, 0));
  XS_OK_(xs_listen(&a, 16, lsock));
  XS_OK_(xs_socket_local_addr(*lsock, addr));
}

void xs_test_tcp_pair(int family, xs_socket_t *client, xs_socket_t *server) {
  xs_socket_t l;
  xs_addr a;
  xs_test_listener(family, &l, &a);
  xs_test_connect(l, &a, client, server);
  XS_OK_(xs_close(l));
}

void xs_test_connect(xs_socket_t l, const xs_addr *addr, xs_socket_t *client,
                     xs_socket_t *server) {
  XS_OK_(xs_dial(addr, 5000, client));
  XS_OK_(xs_socket_accept(l, server, NULL));
}

void xs_test_refused_addr(int family, xs_addr *addr) {
  xs_socket_t l;
  xs_test_listener(family, &l, addr);
  XS_OK_(xs_close(l));
}

void xs_test_need_ipv6(void) {
  if (!xs_test_have_ipv6())
    XS_SKIP("no IPv6 loopback on this host (cannot bind ::1)");
}

void xs_test_send_check(xs_socket_t from, xs_socket_t to, const char *text) {
  size_t len = strlen(text);
  size_t sent = 0, got = 0;
  char buf[64];
  assert_true(len < sizeof buf);
  XS_OK_(xs_send_all(from, text, len, 5000, &sent));
  assert_int_equal(sent, len);
  XS_OK_(xs_recv_all(to, buf, len, 5000, &got));
  assert_int_equal(got, len);
  assert_memory_equal(buf, text, len);
}

void xs_test_udp(int family, xs_socket_t *sock, xs_addr *addr) {
  xs_addr a;
  XS_OK_(xs_addr_loopback(&a, family, 0));
  XS_OK_(xs_udp_bind(&a, sock));
  XS_OK_(xs_socket_local_addr(*sock, addr));
}

void xs_test_unix_path(char *buf, size_t size, const char *tag) {
  static unsigned counter;
  const char *dir;
#ifdef _WIN32
  char tmp[MAX_PATH + 1];
  DWORD n = GetTempPathA(sizeof tmp, tmp);
  assert_true(n > 0 && n < sizeof tmp);
  if (tmp[n - 1] == '\\')
    tmp[n - 1] = '\0';
  dir = tmp;
#else
  dir = getenv("TMPDIR");
  if (dir == NULL || dir[0] == '\0' || strlen(dir) > 40)
    dir = "/tmp";
#endif
  int len = snprintf(buf, size, "%s/xs-%lu-%u-%s.sock", dir, xs_getpid(),
                     counter++, tag);
  assert_true(len > 0 && (size_t)len < size);
  xs_test_unlink(buf);
}

void xs_test_unlink(const char *path) {
  (void)remove(path);
}

int xs_test_dial_until_failure(const xs_addr *a, int timeout_ms, size_t max,
                               size_t *made, long long *elapsed_ms) {
  enum { CAP = 64 };
  xs_socket_t conns[CAP];
  size_t n = 0;
  int rc = 0;
  assert_true(max <= CAP);
  while (n < max) {
    long long t0 = xs_test_now_ms();
    rc = xs_dial(a, timeout_ms, &conns[n]);
    *elapsed_ms = xs_test_now_ms() - t0;
    if (rc != 0)
      break;
    n++;
  }
  for (size_t i = 0; i < n; i++)
    XS_OK_(xs_close(conns[i]));
  *made = n;
  return rc;
}

long long xs_test_now_ms(void) {
  return (long long)xs__plat_now_ms();
}

void xs_test_sleep_ms(int ms) {
#ifdef _WIN32
  Sleep((DWORD)ms);
#else
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) != 0) {
  }
#endif
}

static xs_socket_t tracked[XS_TEST_MAX_TRACKED];
static size_t ntracked;

xs_socket_t xs_test_track(xs_socket_t s) {
  assert_true(ntracked < XS_TEST_MAX_TRACKED);
  tracked[ntracked++] = s;
  return s;
}

void xs_test_untrack(xs_socket_t s) {
  for (size_t i = 0; i < ntracked; i++) {
    if (tracked[i] == s) {
      tracked[i] = tracked[--ntracked];
      return;
    }
  }
  fail_msg("%s", "socket not tracked");
}

void xs_test_close_tracked(void) {
  while (ntracked > 0) {
    xs_socket_t s = tracked[--ntracked];
    XS_OK_(xs_close(s));
  }
}

int xs_test_teardown_tracked(void **state) {
  (void)state;
  while (ntracked > 0)
    (void)xs_close(tracked[--ntracked]);
  return 0;
}

static uint8_t pattern_byte(size_t i, uint32_t seed) {
  uint32_t x = (uint32_t)i * 2654435761u ^ seed;
  x ^= x >> 15;
  return (uint8_t)(x * 2246822519u >> 24);
}

void xs_test_pattern(void *buf, size_t len, uint32_t seed) {
  uint8_t *b = buf;
  for (size_t i = 0; i < len; i++)
    b[i] = pattern_byte(i, seed);
}

int xs_test_pattern_ok(const void *buf, size_t len, uint32_t seed) {
  const uint8_t *b = buf;
  for (size_t i = 0; i < len; i++)
    if (b[i] != pattern_byte(i, seed))
      return 0;
  return 1;
}

#ifdef _WIN32
static DWORD WINAPI thread_main(LPVOID arg) {
  xs_test_thread *t = arg;
  t->fn(t->arg);
  return 0;
}

void xs_test_thread_start(xs_test_thread *t, void (*fn)(void *), void *arg) {
  t->fn = fn;
  t->arg = arg;
  t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
  assert_non_null(t->handle);
}

void xs_test_thread_join(xs_test_thread *t) {
  WaitForSingleObject(t->handle, INFINITE);
  CloseHandle(t->handle);
}
#else
static void *thread_main(void *arg) {
  xs_test_thread *t = arg;
  t->fn(t->arg);
  return NULL;
}

void xs_test_thread_start(xs_test_thread *t, void (*fn)(void *), void *arg) {
  pthread_t *th = malloc(sizeof *th);
  assert_non_null(th);
  t->fn = fn;
  t->arg = arg;
  t->handle = th;
  assert_int_equal(pthread_create(th, NULL, thread_main, t), 0);
}

void xs_test_thread_join(xs_test_thread *t) {
  pthread_join(*(pthread_t *)t->handle, NULL);
  free(t->handle);
}
#endif

long xs_test_open_handles(void) {
#ifdef _WIN32
  DWORD n = 0;
  if (!GetProcessHandleCount(GetCurrentProcess(), &n))
    return -1;
  return (long)n;
#else
  DIR *d = opendir("/proc/self/fd");
  long n = 0;
  if (d == NULL)
    return -1;
  while (readdir(d) != NULL)
    n++;
  (void)closedir(d);
  return n;
#endif
}
