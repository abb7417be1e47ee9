/* SPDX-License-Identifier: MIT */
/*
 * sys.c (Windows) - file checks for AF_UNIX socket paths, a monotonic
 * clock, sleeping, unbuffered stdin and binary stdio for the apps (see
 * sys.h). Windows has
 * no per-process descriptor limit to raise and no SIGPIPE: a write to a
 * closed pipe fails with an error.
 */
#include "sys.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <windows.h>

/* The reparse tag Windows puts on an AF_UNIX socket file; older SDK
 * headers lack the name. */
#ifndef IO_REPARSE_TAG_AF_UNIX
#  define IO_REPARSE_TAG_AF_UNIX 0x80000023UL
#endif

int app_raise_fd_limit(uint64_t *limit) {
  *limit = 0; /* no fixed limit on sockets */
  return 0;
}

/* The reparse tag of a reparse point, or 0 if it cannot be read. */
static DWORD reparse_tag(const char *path) {
  WIN32_FIND_DATAA fd;
  HANDLE h = FindFirstFileA(path, &fd);
  if (h == INVALID_HANDLE_VALUE) {
    return 0;
  }
  (void)FindClose(h);
  return (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0
             ? fd.dwReserved0
             : 0;
}

int app_path_kind(const char *path) {
  DWORD attrs = GetFileAttributesA(path);
  if (attrs == INVALID_FILE_ATTRIBUTES) {
    DWORD err = GetLastError();
    return err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND
               ? APP_PATH_NONE
               : APP_PATH_OTHER;
  }
  if ((attrs & FILE_ATTRIBUTE_REPARSE_POINT) != 0 &&
      reparse_tag(path) == IO_REPARSE_TAG_AF_UNIX) {
    return APP_PATH_SOCKET;
  }
  return APP_PATH_OTHER;
}

int app_remove(const char *path) {
  return DeleteFileA(path) ? 0 : -1;
}

int64_t app_wall_us(void) {
  /* 100 ns ticks since 1601-01-01; 1970 is 11644473600 s later. */
  FILETIME ft;
  ULARGE_INTEGER t;
  GetSystemTimePreciseAsFileTime(&ft);
  t.LowPart = ft.dwLowDateTime;
  t.HighPart = ft.dwHighDateTime;
  return (int64_t)(t.QuadPart / 10u) - INT64_C(11644473600000000);
}

uint64_t app_now_us(void) {
  static LARGE_INTEGER freq; /* constant once read; a race writes the same */
  LARGE_INTEGER now;
  if (freq.QuadPart == 0 && !QueryPerformanceFrequency(&freq)) {
    return 0;
  }
  if (!QueryPerformanceCounter(&now)) {
    return 0;
  }
  /* Split to avoid overflowing count * 1e6. */
  return (uint64_t)(now.QuadPart / freq.QuadPart) * 1000000u +
         (uint64_t)(now.QuadPart % freq.QuadPart) * 1000000u /
             (uint64_t)freq.QuadPart;
}

void app_sleep_ms(unsigned ms) {
  Sleep((DWORD)ms);
}

long app_read_stdin(void *buf, size_t len) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  DWORD want = len > 0x40000000u ? 0x40000000u : (DWORD)len;
  DWORD got = 0;
  if (in == INVALID_HANDLE_VALUE) {
    return -1;
  }
  if (in == NULL) {
    return 0; /* no stdin at all: as an empty one */
  }
  if (!ReadFile(in, buf, want, &got, NULL)) {
    /* The writer closed its end of the pipe: end of file. */
    return GetLastError() == ERROR_BROKEN_PIPE ? 0 : -1;
  }
  return (long)got; /* 0: end of file (a file, a console's Ctrl-Z) */
}

void app_stdio_binary(void) {
  (void)_setmode(_fileno(stdin), _O_BINARY);
  (void)_setmode(_fileno(stdout), _O_BINARY);
}

int app_ignore_sigpipe(void) {
  return 0; /* WriteFile reports a closed pipe as an error */
}
