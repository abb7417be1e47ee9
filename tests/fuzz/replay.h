/* SPDX-License-Identifier: MIT */
/*
 * replay.h - what replay.c needs from the system: the names in a folder.
 * One file per system (posix/replay_dir.c, win32/replay_dir.c), chosen by
 * CMake.
 */
#ifndef XS_FUZZ_REPLAY_H
#define XS_FUZZ_REPLAY_H

#include <stddef.h>

/* Call fn(path, ctx) for each regular file in the folder dir (not its
 * subfolders), where path is "dir/name". 0 when dir is a folder (even an
 * empty one), -1 when it is not or cannot be read. */
int replay_each_file(const char *dir, void (*fn)(const char *path, void *ctx),
                     void *ctx);

#endif /* XS_FUZZ_REPLAY_H */
