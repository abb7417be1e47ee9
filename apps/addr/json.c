/* SPDX-License-Identifier: MIT */
/*
 * json.c - JSON string escaping for the JSON Lines output (json.h).
 */
#include "json.h"

/* The length of the valid UTF-8 sequence at s (2 to 4), or 0 if the
 * bytes there are not one (RFC 3629, table 3-7 of Unicode: no overlong
 * forms, no surrogates, nothing above U+10FFFF). s[0] is >= 0x80. */
static int utf8_len(const unsigned char *s) {
  unsigned char c = s[0], lo = 0x80, hi = 0xbf;
  int n, i;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4;
  else
    return 0;
  if (c == 0xe0)
    lo = 0xa0; /* overlong */
  else if (c == 0xed)
    hi = 0x9f; /* surrogates */
  else if (c == 0xf0)
    lo = 0x90; /* overlong */
  else if (c == 0xf4)
    hi = 0x8f; /* above U+10FFFF */
  for (i = 1; i < n; i++) {
    /* A NUL ends the check too: it is below 0x80. */
    if (s[i] < lo || s[i] > hi)
      return 0;
    lo = 0x80;
    hi = 0xbf;
  }
  return n;
}

static void put_escape(FILE *f, unsigned char c) {
  switch (c) {
  case '"':
    fputs("\\\"", f);
    break;
  case '\\':
    fputs("\\\\", f);
    break;
  case '\b':
    fputs("\\b", f);
    break;
  case '\f':
    fputs("\\f", f);
    break;
  case '\n':
    fputs("\\n", f);
    break;
  case '\r':
    fputs("\\r", f);
    break;
  case '\t':
    fputs("\\t", f);
    break;
  default:
    fprintf(f, "\\u%04x", (unsigned)c);
    break;
  }
}

void json_string(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
  fputc('"', f);
  while (*p != '\0') {
    if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\') {
      put_escape(f, *p++);
    } else if (*p < 0x80) {
      fputc(*p++, f);
    } else {
      int n = utf8_len(p);
      if (n == 0) {
        fputs("\\ufffd", f);
        p++;
      } else {
        fwrite(p, 1, (size_t)n, f);
        p += n;
      }
    }
  }
  fputc('"', f);
}
