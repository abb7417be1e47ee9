/* SPDX-License-Identifier: MIT */
/*
 * proc.c (POSIX) - the executable's own path, child processes with
 * posix_spawn and waitpid, a private temporary folder (mkdtemp) and random
 * bytes (/dev/urandom) for the apps (see proc.h).
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xsock/xsock.h>

#include "sys.h"

extern char **environ;

int app_self_path(char *buf, size_t size) {
  ssize_t n;
  if (buf == NULL || size == 0) {
    return -1;
  }
  n = readlink("/proc/self/exe", buf, size);
  if (n < 0 || (size_t)n >= size) {
    return -1; /* no /proc, or truncated */
  }
  buf[n] = '\0';
  return 0;
}

/* posix_spawn's error number as an XS_E... code. */
static int spawn_error(int err) {
  switch (err) {
  case ENOENT:
  case ENOTDIR:
    return XS_ENOENT;
  case EACCES:
    return XS_EACCES;
  case EPERM:
    return XS_EPERM;
  case ENOMEM:
    return XS_ENOMEM;
  case EAGAIN:
    return XS_EAGAIN;
  case EMFILE:
    return XS_EMFILE;
  case ENFILE:
    return XS_ENFILE;
  case ENAMETOOLONG:
    return XS_ENAMETOOLONG;
  case EINVAL:
  case E2BIG:
  case ENOEXEC:
  case ELOOP:
    return XS_EINVAL;
  default:
    return XS_EUNKNOWN;
  }
}

/* Close every descriptor above stderr in the child, even one the process
 * got without close-on-exec from whoever started it, where the C library
 * can (glibc 2.34: close_range, or /proc/self/fd). Elsewhere
 * close-on-exec is what keeps them. An errno value. */
static int close_others(posix_spawn_file_actions_t *fa) {
#ifdef __GLIBC__
#  if __GLIBC_PREREQ(2, 34)
  return posix_spawn_file_actions_addclosefrom_np(fa, STDERR_FILENO + 1);
#  endif
#endif
  (void)fa;
  return 0;
}

/* The child's start: stdin from /dev/null, no other descriptor, an empty
 * signal mask and every signal at its default action. An errno value. */
static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at) {
  sigset_t set;
  int err;
  err = posix_spawn_file_actions_addopen(fa, STDIN_FILENO, "/dev/null",
                                         O_RDONLY, 0);
  if (err == 0) {
    err = close_others(fa);
  }
  if (err == 0) {
    sigemptyset(&set);
    err = posix_spawnattr_setsigmask(at, &set);
  }
  if (err == 0) {
    sigfillset(&set);
    sigdelset(&set, SIGKILL);
    sigdelset(&set, SIGSTOP);
    err = posix_spawnattr_setsigdefault(at, &set);
  }
  if (err == 0) {
    err = posix_spawnattr_setflags(
        at, (short)(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  }
  return err;
}

int app_spawn(app_proc *p, const char *path, char *const argv[]) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  pid_t pid = 0;
  int err;
  if (p == NULL || path == NULL || argv == NULL || argv[0] == NULL) {
    return XS_EINVAL;
  }
  memset(p, 0, sizeof(*p));
  err = posix_spawn_file_actions_init(&fa);
  if (err != 0) {
    return spawn_error(err);
  }
  err = posix_spawnattr_init(&at);
  if (err != 0) {
    (void)posix_spawn_file_actions_destroy(&fa);
    return spawn_error(err);
  }
  err = spawn_setup(&fa, &at);
  if (err == 0) {
    err = posix_spawn(&pid, path, &fa, &at, argv, environ);
  }
  (void)posix_spawnattr_destroy(&at);
  (void)posix_spawn_file_actions_destroy(&fa);
  if (err != 0) {
    return spawn_error(err);
  }
  p->pid = (long)pid;
  return 0;
}

unsigned long app_proc_id(const app_proc *p) {
  return (unsigned long)p->pid;
}

/* waitpid once, EINTR retried: the pid when it ended, 0 while it runs, -1
 * on an error. */
static pid_t wait_once(pid_t pid, int *wstatus, int flags) {
  pid_t r;
  do {
    r = waitpid(pid, wstatus, flags);
  } while (r < 0 && errno == EINTR);
  return r;
}

int app_proc_wait(app_proc *p, int timeout_ms, int *status) {
  uint64_t deadline = 0, now, left_ms;
  int wstatus = 0;
  pid_t r;
  if (p == NULL || p->pid <= 0) {
    return XS_EINVAL;
  }
  if (timeout_ms > 0) {
    deadline = app_now_us() + (uint64_t)timeout_ms * 1000u;
  }
  /* Forever: one blocking waitpid. Else poll, sleeping at most 5 ms. */
  while ((r = wait_once((pid_t)p->pid, &wstatus,
                        timeout_ms < 0 ? 0 : WNOHANG)) == 0) {
    now = app_now_us();
    left_ms = now < deadline ? (deadline - now + 999u) / 1000u : 0;
    if (left_ms == 0) {
      return XS_ETIMEDOUT;
    }
    app_sleep_ms(left_ms < 5u ? (unsigned)left_ms : 5u);
  }
  if (r < 0) {
    return errno == ECHILD ? XS_EINVAL : XS_EUNKNOWN;
  }
  p->pid = 0;
  if (status != NULL) {
    if (WIFEXITED(wstatus)) {
      *status = WEXITSTATUS(wstatus);
    } else if (WIFSIGNALED(wstatus)) {
      *status = 128 + WTERMSIG(wstatus);
    } else {
      *status = -1;
    }
  }
  return 0;
}

void app_proc_kill(app_proc *p) {
  /* Never kill(0) or kill(-1): those reach whole process groups. */
  if (p != NULL && p->pid > 0) {
    (void)kill((pid_t)p->pid, SIGKILL);
  }
}

int app_temp_dir(char *buf, size_t size) {
  const char *base = getenv("TMPDIR");
  size_t len;
  int n;
  if (buf == NULL || size == 0) {
    return -1;
  }
  if (base == NULL || base[0] == '\0') {
    base = "/tmp";
  }
  len = strlen(base);
  while (len > 0 && base[len - 1] == '/') {
    len--; /* no "//" in the result ("/" gives "/xsock-...") */
  }
  if (len > 4096) {
    return -1;
  }
  n = snprintf(buf, size, "%.*s/xsock-XXXXXX", (int)len, base);
  if (n < 0 || (size_t)n >= size) {
    return -1;
  }
  return mkdtemp(buf) != NULL ? 0 : -1;
}

int app_remove_dir(const char *path) {
  return path != NULL && rmdir(path) == 0 ? 0 : -1;
}

int app_random(void *buf, size_t n) {
  unsigned char *out = buf;
  int fd;
  do {
    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return -1;
  }
  while (n > 0) {
    ssize_t got = read(fd, out, n);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      (void)close(fd);
      return -1;
    }
    out += got;
    n -= (size_t)got;
  }
  (void)close(fd);
  return 0;
}

unsigned long app_self_id(void) {
  return (unsigned long)getpid();
}
