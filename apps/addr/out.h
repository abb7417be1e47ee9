/* SPDX-License-Identifier: MIT */
/*
 * out.h - the records xsock-addr prints, written once for both output
 * forms: JSON Lines (--json: one object per record, on one line) or text
 * ("key: value" lines with the values aligned, a blank line between
 * records). The show functions call these and never look at the form.
 *
 * Text form of the values: a null is "-", a boolean "yes" or "no", a list
 * of strings its items separated by spaces ("-" when empty), a list of
 * pairs one "first/second" item per line.
 */
#ifndef XS_ADDR_OUT_H
#define XS_ADDR_OUT_H

#include <stdio.h>

typedef struct addr_out {
  FILE *f;
  int json;
  unsigned long records; /* records begun */
  int fields;            /* fields written in the current record */
  int items;             /* items written in the current list of pairs */
} addr_out;

void out_init(addr_out *o, FILE *f, int json);

/* A record: out_begin, its fields, out_end. */
void out_begin(addr_out *o);
void out_end(addr_out *o);

/* A string field; value NULL writes a null. */
void out_str(addr_out *o, const char *key, const char *value);
void out_uint(addr_out *o, const char *key, unsigned long value);
void out_bool(addr_out *o, const char *key, int value);
/* A list of n strings. */
void out_strs(addr_out *o, const char *key, const char *const *items, size_t n);

/* A list of pairs, as objects {k1: v1, k2: v2} in JSON (v2 a number when
 * v2_number is set, else a string): out_list_begin, out_pair for each
 * item, out_list_end. */
void out_list_begin(addr_out *o, const char *key);
void out_pair(addr_out *o, const char *k1, const char *v1, const char *k2,
              const char *v2, int v2_number);
void out_list_end(addr_out *o);

/* Flush; 0, or -1 if writing failed at any point. */
int out_finish(addr_out *o);

#endif /* XS_ADDR_OUT_H */
