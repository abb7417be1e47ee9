/* SPDX-License-Identifier: MIT */
/*
 * replay_dir.c - the files of a folder, with opendir/readdir (replay.h).
 */
#include "replay.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int replay_each_file(const char *dir, void (*fn)(const char *path, void *ctx),
                     void *ctx) {
  DIR *d = opendir(dir);
  struct dirent *e;
  if (d == NULL)
    return -1;
  while ((e = readdir(d)) != NULL) {
    struct stat st;
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    char *path = malloc(len);
    if (path == NULL) {
      closedir(d);
      return -1;
    }
    snprintf(path, len, "%s/%s", dir, e->d_name);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
      fn(path, ctx);
    free(path);
  }
  closedir(d);
  return 0;
}
