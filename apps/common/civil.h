/* SPDX-License-Identifier: MIT */
/*
 * civil.h - the proleptic Gregorian calendar in UTC, no leap seconds (as
 * Unix time counts): what xsock-time reads and the daytime service
 * writes (civil.c).
 */
#ifndef XS_APP_CIVIL_H
#define XS_APP_CIVIL_H

#include <stddef.h>
#include <stdint.h>

typedef struct civil_time {
  int64_t year;
  int month, day, hour, minute, second; /* 1-12, 1-31, 0-23, 0-59, 0-59 */
  int weekday;                          /* 0 Sunday to 6 Saturday */
} civil_time;

/* Days in month m (1-12) of year y. */
int civil_days_in_month(int64_t y, int m);
/* Seconds since 1970-01-01 00:00:00 UTC of a date and time (fields in
 * range; second may be 60, read as the next minute's 00). */
int64_t civil_to_unix(int64_t y, int mon, int d, int h, int mi, int s);
/* The date and time of t seconds since 1970-01-01 00:00:00 UTC. */
void civil_from_unix(int64_t t, civil_time *out);
/* "YYYY-MM-DD<sep>HH:MM:SS" into buf (at least 32 bytes). */
void civil_format(int64_t t, char sep, char *buf, size_t size);

/* The English names, "Sun".."Sat" by weekday and "Jan".."Dec" by month
 * - 1. */
extern const char *const civil_day_names[7];
extern const char *const civil_month_names[12];

#endif /* XS_APP_CIVIL_H */
