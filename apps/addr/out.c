/* SPDX-License-Identifier: MIT */
/*
 * out.c - the two output forms of out.h. Values go straight to the stream
 * (no buffer to cut them short); text keys are padded to one column so the
 * values line up.
 */
#include "out.h"

#include <string.h>

#include "json.h"

/* Text: "key:" and at least one space fill this many columns; the longest
 * key, "multicast_scope:", fills 16. */
#define KEY_COLUMN 17

void out_init(addr_out *o, FILE *f, int json) {
  o->f = f;
  o->json = json;
  o->records = 0;
  o->fields = 0;
  o->items = 0;
}

void out_begin(addr_out *o) {
  if (o->json)
    fputc('{', o->f);
  else if (o->records > 0)
    fputc('\n', o->f);
  o->records++;
  o->fields = 0;
}

void out_end(addr_out *o) {
  if (o->json)
    fputs("}\n", o->f);
}

/* Text: spaces up to the value column, after n characters. */
static void pad(addr_out *o, size_t n) {
  do
    fputc(' ', o->f);
  while (++n < KEY_COLUMN);
}

/* The key of the next field: `"key": ` after a comma, or `key:` padded. */
static void key(addr_out *o, const char *k) {
  if (o->json) {
    if (o->fields > 0)
      fputs(", ", o->f);
    json_string(o->f, k);
    fputs(": ", o->f);
  } else {
    fprintf(o->f, "%s:", k);
    pad(o, strlen(k) + 1);
  }
  o->fields++;
}

/* A string value: quoted and escaped in JSON, as it is in text. */
static void value(addr_out *o, const char *v) {
  if (o->json)
    json_string(o->f, v);
  else
    fputs(v, o->f);
}

static void end_field(addr_out *o) {
  if (!o->json)
    fputc('\n', o->f);
}

void out_str(addr_out *o, const char *k, const char *v) {
  key(o, k);
  if (v == NULL)
    fputs(o->json ? "null" : "-", o->f);
  else
    value(o, v);
  end_field(o);
}

void out_uint(addr_out *o, const char *k, unsigned long v) {
  key(o, k);
  fprintf(o->f, "%lu", v);
  end_field(o);
}

void out_bool(addr_out *o, const char *k, int v) {
  key(o, k);
  if (o->json)
    fputs(v ? "true" : "false", o->f);
  else
    fputs(v ? "yes" : "no", o->f);
  end_field(o);
}

void out_strs(addr_out *o, const char *k, const char *const *items, size_t n) {
  size_t i;
  key(o, k);
  if (o->json)
    fputc('[', o->f);
  else if (n == 0)
    fputc('-', o->f);
  for (i = 0; i < n; i++) {
    if (i > 0)
      fputs(o->json ? ", " : " ", o->f);
    value(o, items[i]);
  }
  if (o->json)
    fputc(']', o->f);
  end_field(o);
}

void out_list_begin(addr_out *o, const char *k) {
  key(o, k);
  if (o->json)
    fputc('[', o->f);
  o->items = 0;
}

void out_pair(addr_out *o, const char *k1, const char *v1, const char *k2,
              const char *v2, int v2_number) {
  if (o->json) {
    if (o->items > 0)
      fputs(", ", o->f);
    fputc('{', o->f);
    json_string(o->f, k1);
    fputs(": ", o->f);
    json_string(o->f, v1);
    fputs(", ", o->f);
    json_string(o->f, k2);
    fputs(": ", o->f);
    if (v2_number)
      fputs(v2, o->f);
    else
      json_string(o->f, v2);
    fputc('}', o->f);
  } else {
    if (o->items > 0) {
      fputc('\n', o->f);
      pad(o, 0);
    }
    fprintf(o->f, "%s/%s", v1, v2);
  }
  o->items++;
}

void out_list_end(addr_out *o) {
  if (o->json)
    fputc(']', o->f);
  else if (o->items == 0)
    fputc('-', o->f);
  end_field(o);
}

int out_finish(addr_out *o) {
  if (fflush(o->f) != 0 || ferror(o->f))
    return -1;
  return 0;
}
