/* SPDX-License-Identifier: MIT */
/*
 * proc.h - child processes and a few related things for the "process per
 * client" server design, which starts its own executable again as a
 * child: the executable's own path, start / wait / kill a child, a private
 * temporary folder, and random bytes from the system. Written once per
 * system in apps/common/posix/proc.c (posix_spawn, waitpid) and
 * apps/common/win32/proc.c (CreateProcessW, WaitForSingleObject).
 */
#ifndef XS_APP_PROC_H
#define XS_APP_PROC_H

#include <stddef.h>

/* A started child. One struct for both systems; each port uses only its
 * own fields. Filled by app_spawn; after app_proc_wait has returned 0 it
 * is released and must not be used again. */
typedef struct app_proc {
  long pid;         /* POSIX: the child's process id (0 once reaped) */
  void *handle;     /* Windows: the process HANDLE (NULL once closed) */
  unsigned long id; /* Windows: the process id */
} app_proc;

/* The path of the running executable, UTF-8 and NUL-terminated, into buf.
 * 0, or -1 if it does not fit in size bytes or cannot be found out.
 * POSIX: readlink("/proc/self/exe"), so -1 where there is no /proc (and
 * the path ends in " (deleted)" if the file was removed meanwhile).
 * Windows: GetModuleFileNameW converted to UTF-8. */
int app_self_path(char *buf, size_t size);

/* Start the program at path (used as it is: no PATH search, no ".exe"
 * added) with the arguments argv: argv[0] included, NULL-terminated, all
 * UTF-8. The child gets the parent's environment, inherits stdout and
 * stderr, reads stdin from the null device (/dev/null, NUL) and inherits
 * no other descriptor or handle:
 * - POSIX: posix_spawn(). With glibc 2.34 or later every descriptor above
 *   2 is closed in the child (posix_spawn_file_actions_addclosefrom_np).
 *   Elsewhere close-on-exec keeps them out: every socket xsock makes has
 *   it, and any descriptor the caller opens itself needs it too
 *   (O_CLOEXEC, fopen "e"), or it is passed on. The child starts with an
 *   empty signal mask and every signal at its default action (an ignored
 *   SIGPIPE is not passed on).
 * - Windows: CreateProcessW() with a STARTUPINFOEXW whose
 *   PROC_THREAD_ATTRIBUTE_HANDLE_LIST holds only inheritable duplicates of
 *   the three standard handles, so no other handle is inherited, even one
 *   marked inheritable. The command line quotes every argument by the
 *   rules of CommandLineToArgvW and the MSVCRT (spaces, tabs, quotes, the
 *   backslashes before a quote, empty arguments); argv[0] is always quoted
 *   and must not contain a '"'. The child reads its arguments as UTF-8
 *   only from GetCommandLineW(): main()'s argv is in the ANSI code page.
 * The child's console (Windows) and process group (POSIX) are the
 * parent's, so a Ctrl-C typed there reaches both.
 * 0, or XS_EINVAL (an argument NULL, argv empty, not UTF-8, the command
 * line too long, not an executable), XS_ENOENT (no such file),
 * XS_EACCES, XS_ENOMEM, XS_EAGAIN (a process limit), XS_EMFILE,
 * XS_ENAMETOOLONG, XS_EUNKNOWN. Where posix_spawn() cannot report a failed
 * exec (not glibc), the child exits with status 127 instead. */
int app_spawn(app_proc *p, const char *path, char *const argv[]);

/* The child's process id: what getpid() / GetCurrentProcessId() says in
 * the child, so the id xs_handoff_recv() sends from there. */
unsigned long app_proc_id(const app_proc *p);
/* This process's own id (getpid() / GetCurrentProcessId()). */
unsigned long app_self_id(void);

/* Wait up to timeout_ms milliseconds (0: just look; negative: forever) for
 * the child to end. 0 when it has ended: *status (if status is not NULL)
 * receives its exit status, or 128 + the signal number on POSIX if a
 * signal ended it, and the child is reaped / its handle closed, so p must
 * not be used again. XS_ETIMEDOUT while it still runs; XS_EINVAL if p is
 * not a running child (or already reaped); XS_EUNKNOWN on another
 * failure. EINTR is retried internally. POSIX: waitpid(), polled with
 * WNOHANG and 5 ms sleeps when a timeout is given. Windows:
 * WaitForSingleObject, GetExitCodeProcess, CloseHandle. */
int app_proc_wait(app_proc *p, int timeout_ms, int *status);

/* End the child forcibly: SIGKILL (status 128 + 9) / TerminateProcess with
 * exit code 1. The caller still calls app_proc_wait to reap it. Does
 * nothing for a child already reaped. */
void app_proc_kill(app_proc *p);

/* Make a new private folder for temporary files and put its UTF-8 path
 * (without a trailing separator) into buf. 0, or -1.
 * POSIX: mkdtemp("$TMPDIR/xsock-XXXXXX", or under /tmp), mode 0700.
 * Windows: GetTempPathW + "xsock-<pid>-<counter>-<random>", made with
 * CreateDirectoryW and the default security, which in the per-user temp
 * folder lets in only that user and the administrators. Keep the path
 * short if UNIX socket paths go under it (about 100 bytes in all). */
int app_temp_dir(char *buf, size_t size);

/* Remove an empty folder (rmdir / RemoveDirectoryW). 0, or -1. */
int app_remove_dir(const char *path);

/* Fill buf with n random bytes from the system's generator, fit for keys
 * and unguessable names. 0, or -1. POSIX: /dev/urandom, EINTR and short
 * reads retried. Windows: RtlGenRandom (advapi32 SystemFunction036). */
int app_random(void *buf, size_t n);

#endif /* XS_APP_PROC_H */
