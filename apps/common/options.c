/* SPDX-License-Identifier: MIT */
/*
 * options.c - the command-line parser of options.h (long and short options,
 * grouped flags, "--") and strict number parsing for option values. Written
 * once for every system: Windows has no getopt.
 */
#include "options.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

void app_opts_init(app_opts *p, int argc, char **argv) {
  memset(p, 0, sizeof(*p));
  p->argc = argc;
  p->argv = argv;
  p->index = 1; /* argv[0] is the program */
}

static const app_option *find_long(const app_option *table, size_t n,
                                   const char *name, size_t len) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (table[i].name != NULL && strlen(table[i].name) == len &&
        memcmp(table[i].name, name, len) == 0) {
      return &table[i];
    }
  }
  return NULL;
}

static const app_option *find_short(const app_option *table, size_t n,
                                    char letter) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (table[i].letter != 0 && table[i].letter == letter) {
      return &table[i];
    }
  }
  return NULL;
}

/* "--name", "--name=value" or "--name value"; arg points past "--". */
static int next_long(app_opts *p, const app_option *table, size_t n,
                     const char *arg) {
  const char *eq = strchr(arg, '=');
  size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
  const app_option *o = find_long(table, n, arg, len);
  if (o == NULL) {
    snprintf(p->error, sizeof(p->error), "unknown option '--%.*s'",
             (int)(len > 100 ? 100 : len), arg);
    return APP_OPT_ERROR;
  }
  if (!o->has_value) {
    if (eq != NULL) {
      snprintf(p->error, sizeof(p->error), "option '--%s' takes no value",
               o->name);
      return APP_OPT_ERROR;
    }
    return o->id;
  }
  if (eq != NULL) {
    p->value = eq + 1;
  } else if (p->index < p->argc) {
    p->value = p->argv[p->index++];
  } else {
    snprintf(p->error, sizeof(p->error), "option '--%s' needs a value",
             o->name);
    return APP_OPT_ERROR;
  }
  return o->id;
}

/* One letter of a "-abc" group: p->cluster points at it. */
static int next_short(app_opts *p, const app_option *table, size_t n) {
  char letter = *p->cluster++;
  const app_option *o = find_short(table, n, letter);
  if (o == NULL) {
    snprintf(p->error, sizeof(p->error), "unknown option '-%c'", letter);
    p->cluster = NULL;
    return APP_OPT_ERROR;
  }
  if (!o->has_value) {
    if (*p->cluster == '\0') {
      p->cluster = NULL;
    }
    return o->id;
  }
  if (*p->cluster != '\0') {
    p->value = p->cluster; /* "-xVALUE" */
  } else if (p->index < p->argc) {
    p->value = p->argv[p->index++];
  } else {
    snprintf(p->error, sizeof(p->error), "option '-%c' needs a value", letter);
    p->cluster = NULL;
    return APP_OPT_ERROR;
  }
  p->cluster = NULL;
  return o->id;
}

int app_opts_next(app_opts *p, const app_option *table, size_t n) {
  const char *arg;
  p->value = NULL;
  p->operand = NULL;
  if (p->cluster != NULL) {
    return next_short(p, table, n);
  }
  if (p->index >= p->argc) {
    return APP_OPT_END;
  }
  arg = p->argv[p->index++];
  if (p->done || arg[0] != '-' || arg[1] == '\0') {
    p->operand = arg; /* also "-" alone, conventionally stdin */
    return APP_OPT_OPERAND;
  }
  if (arg[1] == '-') {
    if (arg[2] == '\0') {
      p->done = 1;
      return app_opts_next(p, table, n);
    }
    return next_long(p, table, n, arg + 2);
  }
  p->cluster = arg + 1;
  return next_short(p, table, n);
}

void app_msg_set(app_msg *m, const char *head, const char *arg,
                 const char *tail) {
  snprintf(m->head, sizeof(m->head), "%s", head != NULL ? head : "");
  m->arg = arg;
  snprintf(m->tail, sizeof(m->tail), "%s", tail != NULL ? tail : "");
}

int app_parse_long(const char *text, long min, long max, long *out) {
  unsigned long limit, v = 0;
  int negative = 0;
  const char *s = text;
  if (s == NULL || out == NULL || min > max) {
    return -1;
  }
  if (*s == '-') {
    if (min >= 0) {
      return -1;
    }
    negative = 1;
    s++;
  }
  if (*s == '\0') {
    return -1;
  }
  /* The magnitude bound: LONG_MAX, or |LONG_MIN| for a negative number. */
  limit = negative ? (unsigned long)LONG_MAX + 1UL : (unsigned long)LONG_MAX;
  for (; *s != '\0'; s++) {
    unsigned d;
    if (*s < '0' || *s > '9') {
      return -1;
    }
    d = (unsigned)(*s - '0');
    if (v > (limit - d) / 10UL) {
      return -1; /* overflow */
    }
    v = v * 10UL + d;
  }
  if (negative) {
    long r = v == (unsigned long)LONG_MAX + 1UL ? LONG_MIN : -(long)v;
    if (r < min || r > max) {
      return -1;
    }
    *out = r;
    return 0;
  }
  if ((long)v < min || (long)v > max) {
    return -1;
  }
  *out = (long)v;
  return 0;
}

/* Digits after the point: milliseconds, any further digit rounds up so
 * that a small nonzero duration never becomes 0. */
static int parse_fraction(const char *s, long *ms) {
  long v = 0;
  int digits = 0, round_up = 0;
  if (*s == '\0') {
    return -1; /* "2." */
  }
  for (; *s != '\0'; s++, digits++) {
    if (*s < '0' || *s > '9') {
      return -1;
    }
    if (digits < 3) {
      v = v * 10 + (*s - '0');
    } else if (*s != '0') {
      round_up = 1;
    }
  }
  for (; digits < 3; digits++) {
    v *= 10;
  }
  *ms = v + round_up;
  return 0;
}

int app_parse_seconds(const char *text, long max_ms, long *out_ms) {
  long secs = 0, frac = 0, max_secs;
  const char *s = text;
  if (s == NULL || out_ms == NULL || max_ms < 0 || *s < '0' || *s > '9') {
    return -1;
  }
  /* Whole seconds stay at most max_ms / 1000, so secs * 1000 cannot
   * overflow, and every value up to max_ms is taken. */
  max_secs = max_ms / 1000L;
  for (; *s >= '0' && *s <= '9'; s++) {
    long d = *s - '0';
    if (d > max_secs || secs > (max_secs - d) / 10L) {
      return -1; /* already above max_ms */
    }
    secs = secs * 10 + d;
  }
  if (*s == '.') {
    if (parse_fraction(s + 1, &frac) != 0) {
      return -1;
    }
  } else if (*s != '\0') {
    return -1;
  }
  if (frac > max_ms - secs * 1000L) {
    return -1;
  }
  *out_ms = secs * 1000L + frac;
  return 0;
}

void app_msg_quote(app_msg *m, const char *what, const char *value) {
  char head[sizeof m->head];
  if (value == NULL) {
    app_msg_set(m, what, NULL, NULL);
    return;
  }
  snprintf(head, sizeof head, "%s '", what);
  app_msg_set(m, head, value, "'");
}

void app_msg_print_usage(const char *name, const app_msg *m) {
  fflush(stdout);
  fprintf(stderr, "%s: %s%s%s\n", name, m->head, m->arg != NULL ? m->arg : "",
          m->tail);
  fprintf(stderr, "Try '%s --help' for more information.\n", name);
  fflush(stderr);
}

int app_opts_parse(int argc, char **argv, const app_option *table, size_t n,
                   app_opt_apply apply, void *ctx, app_msg *m) {
  app_opts p;
  app_opts_init(&p, argc, argv);
  for (;;) {
    int id = app_opts_next(&p, table, n);
    if (id == APP_OPT_END)
      return 0;
    if (id == APP_OPT_ERROR) {
      app_msg_set(m, p.error, NULL, NULL);
      return -1;
    }
    if (id == APP_OPT_OPERAND) {
      app_msg_quote(m, "unexpected argument", p.operand);
      return -1;
    }
    int rc = apply(ctx, id, p.value);
    if (rc != 0)
      return rc;
  }
}
