/* SPDX-License-Identifier: MIT */
/*
 * fuzz_app_options.c - the apps' command-line parser and number parsers
 * (apps/common/options.c) on any command line.
 *
 * Input: one argument per line. Properties of app_opts_next() over a
 * table with long and short options, with and without values:
 *  - it ends (at most one call per argument byte, plus one);
 *  - each result is an id of the table, APP_OPT_OPERAND, APP_OPT_END or
 *    APP_OPT_ERROR; a value comes with exactly the options that take one
 *    and points into the arguments; an operand is one whole argument; an
 *    error has a message;
 *  - the options and operands read before the end (or an error) are read
 *    again, the same, from two rewritten command lines: "--name=value"
 *    and "-x" "value" with the operands after "--"; and "--name" "value",
 *    grouped flags "-ab" and "-xVALUE";
 * and of app_parse_long() and app_parse_seconds() on every argument: they
 * accept exactly what a reference here accepts, with the same value.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "options.h"

static const app_option table[] = {
    {"alpha", 'a', 0, 0}, {"beta", 'b', 1, 1}, {"gamma", 0, 1, 2},
    {"delta", 'd', 0, 3}, {NULL, 'e', 1, 4},   {"x", 'x', 0, 5},
    {"beta-2", 0, 0, 6},  {"help", 'h', 0, 7},
};
#define N_OPTS (sizeof table / sizeof table[0])

/* What one parse read: options (id, value) and operands, in order. */
#define MAX_SEEN 256
typedef struct reading {
  int ids[MAX_SEEN];
  const char *values[MAX_SEEN];
  size_t n;
  const char *operands[MAX_SEEN];
  size_t n_operands;
  int error;
  int overflow; /* more than MAX_SEEN: not compared */
} reading;

static const app_option *by_id(int id) {
  FUZZ_CHECK(id >= 0 && (size_t)id < N_OPTS);
  return &table[id];
}

/* 1 if p points into one of argv[1..argc-1], NUL included. */
static int in_args(int argc, char **argv, const char *p) {
  int i;
  for (i = 1; i < argc; i++) {
    /* Compared as integers: pointers into different blocks cannot be
     * ordered portably. */
    uintptr_t s = (uintptr_t)argv[i];
    if ((uintptr_t)p >= s && (uintptr_t)p <= s + strlen(argv[i]))
      return 1;
  }
  return 0;
}

static void read_all(int argc, char **argv, reading *r) {
  app_opts p;
  size_t budget = 1;
  int i;
  memset(r, 0, sizeof *r);
  for (i = 1; i < argc; i++)
    budget += strlen(argv[i]) + 1;
  app_opts_init(&p, argc, argv);
  for (;;) {
    int id = app_opts_next(&p, table, N_OPTS);
    FUZZ_CHECK(budget-- > 0); /* every call reads something */
    if (id == APP_OPT_END)
      return;
    if (id == APP_OPT_ERROR) {
      FUZZ_CHECK(memchr(p.error, '\0', sizeof p.error) != NULL);
      FUZZ_CHECK(p.error[0] != '\0');
      r->error = 1;
      return;
    }
    if (id == APP_OPT_OPERAND) {
      int k, whole = 0;
      for (k = 1; k < argc; k++)
        whole |= p.operand == argv[k];
      FUZZ_CHECK(whole && p.value == NULL);
      if (r->n_operands == MAX_SEEN) {
        r->overflow = 1;
        return;
      }
      r->operands[r->n_operands++] = p.operand;
      continue;
    }
    FUZZ_CHECK((p.value != NULL) == (by_id(id)->has_value != 0));
    FUZZ_CHECK(p.value == NULL || in_args(argc, argv, p.value));
    FUZZ_CHECK(p.operand == NULL);
    if (r->n == MAX_SEEN) {
      r->overflow = 1;
      return;
    }
    r->ids[r->n] = id;
    r->values[r->n++] = p.value;
  }
}

/* ---- rewriting ---------------------------------------------------------- */

typedef struct line {
  char *argv[3 * MAX_SEEN + 4];
  int argc;
} line;

static void add(line *l, const char *text, size_t len) {
  char *s = malloc(len + 1);
  FUZZ_CHECK(s != NULL && l->argc < (int)(sizeof l->argv / sizeof *l->argv));
  memcpy(s, text, len);
  s[len] = '\0';
  l->argv[l->argc++] = s;
}

static void add_str(line *l, const char *text) {
  add(l, text, strlen(text));
}

/* "--name" followed by "=value" or nothing. */
static void add_long(line *l, const char *name, const char *eq_value) {
  size_t n = strlen(name), v = eq_value != NULL ? strlen(eq_value) : 0;
  char *s = malloc(n + v + 4);
  FUZZ_CHECK(s != NULL);
  memcpy(s, "--", 2);
  memcpy(s + 2, name, n);
  s[n + 2] = '=';
  if (eq_value != NULL)
    memcpy(s + n + 3, eq_value, v);
  add(l, s, eq_value != NULL ? n + v + 3 : n + 2);
  free(s);
}

/* Form A: "--name=value", "-e" "value", "-x"; "--" and the operands. */
static void rewrite_a(const reading *r, line *l) {
  size_t i;
  add_str(l, "prog");
  for (i = 0; i < r->n; i++) {
    const app_option *o = by_id(r->ids[i]);
    char flag[3] = {'-', o->letter, '\0'};
    if (o->name != NULL) {
      add_long(l, o->name, o->has_value ? r->values[i] : NULL);
    } else {
      add_str(l, flag);
      add_str(l, r->values[i]);
    }
  }
  add_str(l, "--");
  for (i = 0; i < r->n_operands; i++)
    add_str(l, r->operands[i]);
}

/* Form B: letters grouped in one "-abeVALUE" while they can be, else
 * "--name" "value"; the operands after "--". */
static void rewrite_b(const reading *r, line *l) {
  char group[MAX_SEEN + 2];
  size_t i, g = 0;
  add_str(l, "prog");
  for (i = 0; i < r->n; i++) {
    const app_option *o = by_id(r->ids[i]);
    const char *v = r->values[i];
    if (o->letter != 0 && (!o->has_value || v[0] != '\0')) {
      if (g == 0)
        group[g++] = '-';
      group[g++] = o->letter;
      if (!o->has_value)
        continue;
      add(l, group, g); /* "-abe" then the value glued on */
      g = 0;
      {
        char *last = l->argv[l->argc - 1];
        size_t n = strlen(last), vn = strlen(v);
        char *s = malloc(n + vn + 1);
        FUZZ_CHECK(s != NULL);
        memcpy(s, last, n);
        memcpy(s + n, v, vn + 1);
        free(last);
        l->argv[l->argc - 1] = s;
      }
      continue;
    }
    if (g > 0) {
      add(l, group, g);
      g = 0;
    }
    if (o->name != NULL) {
      add_long(l, o->name, NULL);
    } else {
      char flag[3] = {'-', o->letter, '\0'};
      add_str(l, flag);
    }
    if (o->has_value)
      add_str(l, v);
  }
  if (g > 0)
    add(l, group, g);
  add_str(l, "--");
  for (i = 0; i < r->n_operands; i++)
    add_str(l, r->operands[i]);
}

static void check_again(const reading *r, line *l) {
  reading again;
  size_t i;
  int k;
  read_all(l->argc, l->argv, &again);
  FUZZ_CHECK(!again.error);
  FUZZ_CHECK(again.n == r->n && again.n_operands == r->n_operands);
  for (i = 0; i < r->n; i++) {
    FUZZ_CHECK(again.ids[i] == r->ids[i]);
    FUZZ_CHECK((again.values[i] == NULL) == (r->values[i] == NULL));
    FUZZ_CHECK(r->values[i] == NULL ||
               strcmp(again.values[i], r->values[i]) == 0);
  }
  for (i = 0; i < r->n_operands; i++)
    FUZZ_CHECK(strcmp(again.operands[i], r->operands[i]) == 0);
  for (k = 0; k < l->argc; k++)
    free(l->argv[k]);
  l->argc = 0;
}

/* ---- numbers ------------------------------------------------------------ */

/* Reference: optional '-' (only if min < 0), then digits, nothing else;
 * the value by strtol, which reports overflow. */
static int ref_long(const char *s, long min, long max, long *out) {
  const char *d = s[0] == '-' ? s + 1 : s;
  char *end;
  long v;
  if (min > max || (s[0] == '-' && min >= 0) || !fuzz_all_digits(d))
    return -1;
  errno = 0;
  v = strtol(s, &end, 10);
  if (errno == ERANGE || *end != '\0' || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

static void check_long(const char *s) {
  static const long ranges[][2] = {
      {0, 65535},    {1, 256},       {-5, 5}, {LONG_MIN, LONG_MAX},
      {0, LONG_MAX}, {LONG_MIN, -1}, {10, 9}, {1, 1000000000L},
  };
  size_t i;
  for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
    long got = 12345, want = 54321;
    int rc = app_parse_long(s, ranges[i][0], ranges[i][1], &got);
    int ref = ref_long(s, ranges[i][0], ranges[i][1], &want);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(rc == ref);
    FUZZ_CHECK(rc != 0 || got == want);
    FUZZ_CHECK(rc == 0 || got == 12345); /* untouched on failure */
  }
}

/* Reference: digits, optionally '.' and digits; whole milliseconds, a
 * further nonzero digit rounding up; at most max_ms. */
static int ref_seconds(const char *s, long max_ms, long *out) {
  unsigned long long secs = 0, ms;
  unsigned frac = 0, scale = 100;
  int round_up = 0;
  const char *dot = strchr(s, '.');
  size_t whole = dot != NULL ? (size_t)(dot - s) : strlen(s), i;
  if (whole == 0 || max_ms < 0)
    return -1;
  for (i = 0; i < whole; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    if (secs < 10000000000000000ULL) /* saturates above any max_ms */
      secs = secs * 10u + (unsigned)(s[i] - '0');
  }
  if (dot != NULL) {
    if (!fuzz_all_digits(dot + 1))
      return -1;
    for (i = 1; dot[i] != '\0'; i++) {
      if (scale > 0) {
        frac += (unsigned)(dot[i] - '0') * scale;
        scale /= 10u;
      } else if (dot[i] != '0') {
        round_up = 1;
      }
    }
  }
  if (secs >= 10000000000000000ULL)
    return -1;
  ms = secs * 1000u + frac + (unsigned)round_up;
  if (ms > (unsigned long long)max_ms)
    return -1;
  *out = (long)ms;
  return 0;
}

static void check_seconds(const char *s) {
  static const long maxes[] = {86400000L, 1000000000L, LONG_MAX, 0, 999, 1000};
  size_t i;
  for (i = 0; i < sizeof maxes / sizeof maxes[0]; i++) {
    long got = 12345, want = 54321;
    int rc = app_parse_seconds(s, maxes[i], &got);
    int ref = ref_seconds(s, maxes[i], &want);
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(rc == ref);
    FUZZ_CHECK(rc != 0 || got == want);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_argv a;
  reading r;
  line l;
  int i;
  fuzz_argv_make(&a, "prog", data, size);
  read_all(a.argc, a.argv, &r);
  memset(&l, 0, sizeof l);
  if (!r.overflow) {
    rewrite_a(&r, &l);
    check_again(&r, &l);
    rewrite_b(&r, &l);
    check_again(&r, &l);
  }
  for (i = 1; i < a.argc; i++) {
    check_long(a.argv[i]);
    check_seconds(a.argv[i]);
  }
  fuzz_argv_free(&a);
  return 0;
}
