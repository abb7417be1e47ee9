/* SPDX-License-Identifier: MIT */
/*
 * civil.c - the proleptic Gregorian calendar in UTC, without leap seconds
 * (as Unix time counts): dates to day numbers and back, after Howard
 * Hinnant's days_from_civil and civil_from_days. Written here rather than
 * with timegm/gmtime, which Windows spells differently and which a 32-bit
 * time_t cannot hold past 2038.
 */
#include <stdio.h>

#include "civil.h"

/* Floor division for the negative day counts before 1970. */
static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int civil_days_in_month(int64_t y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12)
    return 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of y-m-d. */
static int64_t days_from_civil(int64_t y, int m, int d) {
  int64_t era, yoe, doy, doe;
  y -= m <= 2;
  era = floor_div(y, 400);
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t civil_to_unix(int64_t y, int mon, int d, int h, int mi, int s) {
  return days_from_civil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s;
}

void civil_from_unix(int64_t t, civil_time *out) {
  int64_t days = floor_div(t, 86400), secs = t - days * 86400;
  int64_t z = days + 719468, era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
  out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
  out->year = yoe + era * 400 + (out->month <= 2);
  out->hour = (int)(secs / 3600);
  out->minute = (int)(secs / 60 % 60);
  out->second = (int)(secs % 60);
  out->weekday = (int)(days - floor_div(days + 4, 7) * 7 + 4); /* 1970: Thu */
}

void civil_format(int64_t t, char sep, char *buf, size_t size) {
  civil_time c;
  civil_from_unix(t, &c);
  snprintf(buf, size, "%04lld-%02d-%02d%c%02d:%02d:%02d", (long long)c.year,
           c.month, c.day, sep, c.hour, c.minute, c.second);
}

const char *const civil_day_names[7] = {"Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat"};
const char *const civil_month_names[12] = {"Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"};
