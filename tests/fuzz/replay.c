/* SPDX-License-Identifier: MIT */
/*
 * replay.c - main() for the fuzz targets where there is no libFuzzer (gcc,
 * MinGW under wine, the valgrind leg): each argument is a folder, whose
 * every file is one input, or a single input file. Each input is read
 * whole into a heap block of exactly its size (so an over-read is caught
 * by ASan or valgrind) and given once to LLVMFuzzerTestOneInput. A broken
 * property aborts inside the target; the last "input:" line names the
 * input. Exit 0 when every input ran, 1 when one could not be read or
 * there were none at all (a corpus that went missing must not pass).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "replay.h"

typedef struct tally {
  unsigned long inputs;
  unsigned long failed;
} tally;

/* The whole file in a block of exactly its size; NULL on a read error. */
static uint8_t *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  size_t len = 0;
  int c;
  if (f == NULL)
    return NULL;
  /* Two passes: count, then read into an exact block. */
  while ((c = fgetc(f)) != EOF)
    len++;
  if (ferror(f) || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  buf = malloc(len == 0 ? 1 : len);
  if (buf != NULL && len > 0 && fread(buf, 1, len, f) != len) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *size = len;
  return buf;
}

static void run_one(const char *path, void *ctx) {
  tally *t = ctx;
  size_t size = 0;
  uint8_t *data = read_all(path, &size);
  if (data == NULL) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    t->failed++;
    return;
  }
  printf("input: %s (%lu bytes)\n", path, (unsigned long)size);
  fflush(stdout);
  (void)LLVMFuzzerTestOneInput(data, size);
  free(data);
  t->inputs++;
}

int main(int argc, char **argv) {
  tally t;
  int i;
  memset(&t, 0, sizeof t);
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 1;
  }
  for (i = 1; i < argc; i++)
    if (replay_each_file(argv[i], run_one, &t) != 0)
      run_one(argv[i], &t);
  printf("replay: %lu inputs ran, %lu unreadable\n", t.inputs, t.failed);
  return t.inputs > 0 && t.failed == 0 ? 0 : 1;
}
