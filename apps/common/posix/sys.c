/* SPDX-License-Identifier: MIT */
/*
 * sys.c (POSIX) - the descriptor limit, file checks for UNIX socket paths,
 * a monotonic clock, sleeping, unbuffered stdin and SIGPIPE ignored, for
 * the apps (see sys.h).
 */
#include "sys.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The kernel's per-process ceiling where the hard limit is "unlimited"
 * (Linux /proc/sys/fs/nr_open); 0 if unknown. */
static rlim_t nr_open(void) {
  unsigned long v = 0;
  FILE *f = fopen("/proc/sys/fs/nr_open", "r");
  if (f == NULL) {
    return 0;
  }
  if (fscanf(f, "%lu", &v) != 1) {
    v = 0;
  }
  (void)fclose(f);
  return (rlim_t)v;
}

int app_raise_fd_limit(uint64_t *limit) {
  struct rlimit rl;
  rlim_t want;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
    *limit = 0;
    return -1;
  }
  want = rl.rlim_max;
  if (want == RLIM_INFINITY) {
    want = nr_open();
    if (want == 0 || want < rl.rlim_cur) {
      want = rl.rlim_cur; /* keep what we have */
    }
  }
  if (want != rl.rlim_cur) {
    struct rlimit nl = rl;
    nl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &nl) != 0) {
      *limit = rl.rlim_cur == RLIM_INFINITY ? 0 : (uint64_t)rl.rlim_cur;
      return -1;
    }
    rl.rlim_cur = want;
  }
  *limit = rl.rlim_cur == RLIM_INFINITY ? 0 : (uint64_t)rl.rlim_cur;
  return 0;
}

int app_path_kind(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    return errno == ENOENT || errno == ENOTDIR ? APP_PATH_NONE : APP_PATH_OTHER;
  }
  return S_ISSOCK(st.st_mode) ? APP_PATH_SOCKET : APP_PATH_OTHER;
}

int app_remove(const char *path) {
  return unlink(path) == 0 ? 0 : -1;
}

uint64_t app_now_us(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
    return 0;
  }
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int64_t app_wall_us(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
    return (int64_t)time(NULL) * 1000000;
  }
  return (int64_t)ts.tv_sec * 1000000 + (int64_t)ts.tv_nsec / 1000;
}

void app_sleep_ms(unsigned ms) {
  struct timespec req, rem;
  req.tv_sec = (time_t)(ms / 1000u);
  req.tv_nsec = (long)(ms % 1000u) * 1000000L;
  while (nanosleep(&req, &rem) != 0 && errno == EINTR) {
    req = rem;
  }
}

long app_read_stdin(void *buf, size_t len) {
  ssize_t n;
  if (len > (size_t)LONG_MAX) {
    len = (size_t)LONG_MAX;
  }
  do {
    n = read(STDIN_FILENO, buf, len);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? -1L : (long)n;
}

void app_stdio_binary(void) {
  /* POSIX streams are binary already. */
}

int app_ignore_sigpipe(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  sigemptyset(&sa.sa_mask);
  return sigaction(SIGPIPE, &sa, NULL) == 0 ? 0 : -1;
}
