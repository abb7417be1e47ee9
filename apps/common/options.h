/* SPDX-License-Identifier: MIT */
/*
 * options.h - command-line parsing written once for every system (Windows
 * has no getopt). Long options "--name", "--name=value", "--name value";
 * short options "-x", "-xVALUE", "-x VALUE", grouped flags "-tv"; "--"
 * ends the options. Parsing stops at the first error with a message that
 * names the offending option.
 */
#ifndef XS_APP_OPTIONS_H
#define XS_APP_OPTIONS_H

#include <stddef.h>

/* One option: its long name (without "--"), its short letter (0 for none),
 * whether it takes a value, and the id returned when it is seen. */
typedef struct app_option {
  const char *name;
  char letter;
  int has_value;
  int id;
} app_option;

/* Parser state. Initialise with app_opts_init. */
typedef struct app_opts {
  int argc;
  char **argv;
  int index;           /* next argv element to look at */
  const char *cluster; /* rest of a "-abc" group being read */
  int done;            /* "--" seen or options over */
  const char *value;   /* value of the option just returned */
  const char *operand; /* operand just returned (id APP_OPT_OPERAND) */
  char error[160];     /* message when APP_OPT_ERROR is returned */
} app_opts;

/* Returned by app_opts_next besides option ids (which must be >= 0). */
enum { APP_OPT_END = -1, APP_OPT_ERROR = -2, APP_OPT_OPERAND = -3 };

void app_opts_init(app_opts *p, int argc, char **argv);

/* The next option's id (its value in p->value), APP_OPT_OPERAND for a
 * non-option argument (in p->operand), APP_OPT_END, or APP_OPT_ERROR with
 * p->error set ("unknown option '--foo'", "option '--port' needs a value",
 * "option '--help' takes no value"). */
int app_opts_next(app_opts *p, const app_option *table, size_t n);

/* A message about the command line, for the program to print: head, then
 * arg in full however long (NULL for none), then tail. The parsers fill
 * one instead of printing, so that they print nothing and can be tested
 * on their own (tests/fuzz). */
typedef struct app_msg {
  char head[160];
  const char *arg;
  char tail[160];
} app_msg;

/* Set m: head and tail copied (cut to fit; NULL for ""), arg kept. */
void app_msg_set(app_msg *m, const char *head, const char *arg,
                 const char *tail);
/* Set m to "what 'value'", or to what alone when value is NULL. */
void app_msg_quote(app_msg *m, const char *what, const char *value);
/* Print "NAME: message" and "Try 'NAME --help' for more information." on
 * stderr. */
void app_msg_print_usage(const char *name, const app_msg *m);

/* A command line of options only: apply(ctx, id, value) for each option
 * in turn. 0 once all are applied; the first nonzero apply returned (the
 * parse stops there); or -1 with *m set for a bad option or any operand
 * ("unexpected argument 'x'"). Ends: each app_opts_next call takes at
 * least one argument or one letter of a group. */
typedef int (*app_opt_apply)(void *ctx, int id, const char *value);
int app_opts_parse(int argc, char **argv, const app_option *table, size_t n,
                   app_opt_apply apply, void *ctx, app_msg *m);

/* Strict number parsing for option values; 0 on success, -1 on junk,
 * empty text, sign where not allowed, or a value outside [min, max]. */
int app_parse_long(const char *text, long min, long max, long *out);
/* A non-negative decimal number of seconds with an optional fraction
 * ("0.5", "2"), into milliseconds; -1 on junk or above max_ms. */
int app_parse_seconds(const char *text, long max_ms, long *out_ms);

#endif /* XS_APP_OPTIONS_H */
