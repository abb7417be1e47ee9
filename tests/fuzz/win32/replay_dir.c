/* SPDX-License-Identifier: MIT */
/*
 * replay_dir.c - the files of a folder, with FindFirstFileA (replay.h).
 */
#include "replay.h"

#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int replay_each_file(const char *dir, void (*fn)(const char *path, void *ctx),
                     void *ctx) {
  WIN32_FIND_DATAA fd;
  HANDLE h;
  size_t len = strlen(dir) + 3;
  char *pattern = malloc(len);
  if (pattern == NULL)
    return -1;
  snprintf(pattern, len, "%s/*", dir);
  h = FindFirstFileA(pattern, &fd);
  free(pattern);
  if (h == INVALID_HANDLE_VALUE)
    return GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : -1;
  do {
    size_t n = strlen(dir) + strlen(fd.cFileName) + 2;
    char *path;
    if ((fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0)
      continue;
    path = malloc(n);
    if (path == NULL)
      break;
    snprintf(path, n, "%s/%s", dir, fd.cFileName);
    fn(path, ctx);
    free(path);
  } while (FindNextFileA(h, &fd));
  FindClose(h);
  return 0;
}
