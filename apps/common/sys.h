/* SPDX-License-Identifier: MIT */
/*
 * sys.h - the few other things the apps need from the system, written once
 * per system in apps/common/posix/sys.c and apps/common/win32/sys.c.
 */
#ifndef XS_APP_SYS_H
#define XS_APP_SYS_H

#include <stddef.h>
#include <stdint.h>

/* Raise the open-descriptor limit to the hard limit (no-op where there is
 * none). 0 on success or nothing to do, -1 on failure. *limit receives the
 * resulting limit, or 0 for "no fixed limit". */
int app_raise_fd_limit(uint64_t *limit);

enum { APP_PATH_NONE = 0, APP_PATH_SOCKET = 1, APP_PATH_OTHER = 2 };
/* What is at path: nothing, a UNIX socket, or anything else. */
int app_path_kind(const char *path);
/* Remove a file; 0 or -1. */
int app_remove(const char *path);

/* A monotonic clock in microseconds. */
uint64_t app_now_us(void);
/* The wall clock: microseconds since 1970-01-01 00:00 UTC, to the
 * system's resolution (clock_gettime(CLOCK_REALTIME);
 * GetSystemTimePreciseAsFileTime). */
int64_t app_wall_us(void);
/* Sleep for ms milliseconds. */
void app_sleep_ms(unsigned ms);

/* Read up to len bytes of stdin as soon as any are there, unbuffered (no
 * stdio, so it must not be mixed with stdio reads of stdin). Returns the
 * bytes read, 0 at end of file, -1 on an error. */
long app_read_stdin(void *buf, size_t len);

/* Put stdin and stdout in binary mode (no-op where they always are). */
void app_stdio_binary(void);

/* Make a write to a closed pipe (stdout, stderr) fail with an error
 * instead of ending the process: SIGPIPE ignored on POSIX, nothing to do
 * on Windows. 0, or -1 if it cannot be set. */
int app_ignore_sigpipe(void);

#endif /* XS_APP_SYS_H */
