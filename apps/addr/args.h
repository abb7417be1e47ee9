/* SPDX-License-Identifier: MIT */
/*
 * args.h - the command line of xsock-addr as a parser that prints nothing
 * (args.c): main.c prints what it returns.
 */
#ifndef XS_ADDR_ARGS_H
#define XS_ADDR_ARGS_H

#include <stddef.h>

#include "options.h"

/* What the program does: one mode per run. */
typedef enum addr_mode {
  MODE_SHOW,      /* ARG...: detect and show each */
  MODE_CONTAINS,  /* --contains PREFIX ARG... */
  MODE_SPLIT,     /* --split LEN PREFIX */
  MODE_SUMMARIZE, /* --summarize ARG... */
  MODE_RESOLVE,   /* --resolve NAME */
  MODE_INTERFACES /* --interfaces */
} addr_mode;

typedef struct addr_config {
  addr_mode mode;
  int json;
  const char *value; /* the mode option's value: PREFIX, LEN or NAME */
  const char **args; /* the operands, in order (the caller's array) */
  size_t nargs;
} addr_config;

enum {
  ADDR_ARGS_RUN,     /* cfg is set */
  ADDR_ARGS_HELP,    /* --help: print the usage, exit 0 */
  ADDR_ARGS_VERSION, /* --version: print the version, exit 0 */
  ADDR_ARGS_USAGE    /* bad usage, described in *msg: exit 2 */
};

/* Fill cfg from argv. args is the caller's array of at least argc
 * pointers, which receives the operands. The first bad option ends the
 * parse; then --help (before --version); then the checks of the mode's
 * operand count. The operands themselves are checked by the modes. */
int addr_args_parse(int argc, char **argv, const char **args, addr_config *cfg,
                    app_msg *msg);

#endif /* XS_ADDR_ARGS_H */
