/* SPDX-License-Identifier: MIT */
/*
 * svc_daytime.c - daytime (RFC 867): the current UTC time as one line in
 * the ctime form, "Tue Dec  1 03:40:00 2026" (the day of the month padded
 * with a space, never a zero), then CR LF. Over TCP it is sent on connect
 * and the connection closed; over UDP it answers each datagram. Written
 * from the calendar arithmetic in apps/common/civil.c, not with asctime:
 * the Windows C runtime pads the day with a zero.
 */
#include <stdio.h>

#include "civil.h"
#include "srv.h"
#include "sys.h"

/* The line for now into buf (at least 64 bytes); its length. */
static size_t daytime_line(char *buf, size_t size) {
  int64_t us = app_wall_us();
  int64_t secs = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
  civil_time t;
  civil_from_unix(secs, &t);
  int n = snprintf(buf, size, "%s %s %2d %02d:%02d:%02d %lld\r\n",
                   civil_day_names[t.weekday], civil_month_names[t.month - 1],
                   t.day, t.hour, t.minute, t.second, (long long)t.year);
  return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

static void daytime_open(srv_conn *c) {
  char line[64];
  (void)srv_conn_send(c, line, daytime_line(line, sizeof line));
  srv_conn_finish(c);
}

static long daytime_datagram(uint64_t *state, unsigned char *buf, size_t n,
                             size_t cap) {
  char line[64];
  size_t len = daytime_line(line, sizeof line);
  (void)state;
  (void)n;
  if (len > cap)
    return -1;
  for (size_t i = 0; i < len; i++)
    buf[i] = (unsigned char)line[i];
  return (long)len;
}

const srv_service srv_daytime = {
    "daytime", 13, daytime_open, NULL, NULL, NULL, daytime_datagram,
};
