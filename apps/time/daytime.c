/* SPDX-License-Identifier: MIT */
/*
 * daytime.c - the answer of a daytime server (RFC 867). The RFC leaves
 * the form free; this takes the two that servers send in practice, read
 * as UTC:
 *   the ctime form  "Tue Dec  1 03:40:00 2026" (the day padded with a
 *                   space, or with a zero: "Dec 01"); the weekday must be
 *                   the date's;
 *   RFC 3339        "2026-12-01T03:40:00Z": 'T' or 't', a fraction of a
 *                   second (dropped: the time is whole seconds), 'Z', 'z'
 *                   or an offset "+01:00" (the time is turned into UTC).
 * One line, with at most one CR LF or LF at its end. A second of 60 (a
 * leap second) is read as the next minute's 00. Anything else is
 * malformed.
 */
#include <string.h>

#include "xstime.h"

/* n decimal digits at s, into *v; -1 if any is not a digit. */
static int digits(const char *s, int n, int *v) {
  int i;
  *v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    *v = *v * 10 + (s[i] - '0');
  }
  return 0;
}

/* "HH:MM:SS" at s. */
static int clock_part(const char *s, int *h, int *mi, int *sec) {
  if (digits(s, 2, h) != 0 || s[2] != ':' || digits(s + 3, 2, mi) != 0 ||
      s[5] != ':' || digits(s + 6, 2, sec) != 0)
    return -1;
  return *h <= 23 && *mi <= 59 && *sec <= 60 ? 0 : -1;
}

static int find_name(const char *const *names, int n, const char *s) {
  int i;
  for (i = 0; i < n; i++) {
    if (memcmp(names[i], s, 3) == 0)
      return i;
  }
  return -1;
}

/* "Www Mmm dd hh:mm:ss yyyy", exactly 24 characters. */
static int parse_ctime(const char *s, size_t len, int64_t *t) {
  int wd, mon, day, h, mi, sec, year;
  civil_time c;
  if (len != 24 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ')
    return -1;
  wd = find_name(civil_day_names, 7, s);
  mon = find_name(civil_month_names, 12, s + 4) + 1;
  if (wd < 0 || mon < 1)
    return -1;
  if (s[8] == ' ' ? digits(s + 9, 1, &day) : digits(s + 8, 2, &day))
    return -1;
  if (clock_part(s + 11, &h, &mi, &sec) != 0 || digits(s + 20, 4, &year) != 0)
    return -1;
  if (day < 1 || day > civil_days_in_month(year, mon))
    return -1;
  *t = civil_to_unix(year, mon, day, h, mi, sec);
  civil_from_unix(civil_to_unix(year, mon, day, 0, 0, 0), &c);
  return c.weekday == wd ? 0 : -1;
}

/* The zone of RFC 3339 at s (len bytes left): 'Z', 'z' or "+HH:MM" /
 * "-HH:MM", into seconds east of UTC. */
static int parse_zone(const char *s, size_t len, int *east) {
  int h, mi;
  if (len == 1 && (s[0] == 'Z' || s[0] == 'z')) {
    *east = 0;
    return 0;
  }
  if (len != 6 || (s[0] != '+' && s[0] != '-') || digits(s + 1, 2, &h) ||
      s[3] != ':' || digits(s + 4, 2, &mi) || h > 23 || mi > 59)
    return -1;
  *east = (s[0] == '-' ? -1 : 1) * (h * 3600 + mi * 60);
  return 0;
}

/* "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM)". */
static int parse_rfc3339(const char *s, size_t len, int64_t *t) {
  int year, mon, day, h, mi, sec, east;
  size_t i = 19;
  if (len < 20 || digits(s, 4, &year) || s[4] != '-' ||
      digits(s + 5, 2, &mon) || s[7] != '-' || digits(s + 8, 2, &day) ||
      (s[10] != 'T' && s[10] != 't') || clock_part(s + 11, &h, &mi, &sec))
    return -1;
  if (mon < 1 || mon > 12 || day < 1 || day > civil_days_in_month(year, mon))
    return -1;
  if (s[i] == '.') {
    for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
    }
    if (i == 20)
      return -1; /* "." without a digit */
  }
  if (parse_zone(s + i, len - i, &east) != 0)
    return -1;
  *t = civil_to_unix(year, mon, day, h, mi, sec) - east;
  return 0;
}

int daytime_parse(const unsigned char *buf, size_t len, int64_t *t, char *text,
                  size_t text_size) {
  size_t i;
  if (len > 0 && buf[len - 1] == '\n') {
    len--;
    if (len > 0 && buf[len - 1] == '\r')
      len--;
  }
  if (len == 0 || len >= text_size)
    return -1;
  for (i = 0; i < len; i++) {
    if (buf[i] < 0x20 || buf[i] > 0x7e)
      return -1; /* one line of printable ASCII */
  }
  memcpy(text, buf, len);
  text[len] = '\0';
  if (parse_ctime(text, len, t) == 0 || parse_rfc3339(text, len, t) == 0)
    return 0;
  text[0] = '\0';
  return -1;
}
