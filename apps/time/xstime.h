/* SPDX-License-Identifier: MIT */
/*
 * xstime.h - what the parts of xsock-time share: the exit codes, the error
 * printer, the size bound of an answer, and one declaration block per file:
 * civil.c (calendar arithmetic), timeproto.c (RFC 868), daytime.c (RFC
 * 867), query.c (the exchange over TCP or UDP) and out.c (the output).
 */
#ifndef XS_TIME_APP_H
#define XS_TIME_APP_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

#include "args.h"
#include "civil.h"

#define TIME_NAME "xsock-time"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* The longest answer taken, in bytes (either protocol, TCP or UDP): a
 * longer one is malformed, and a TCP stream is read no further. */
#define TIME_ANSWER_MAX 512

/* Print "xsock-time: " and the message on stderr (stdout flushed first). */
void time_error(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* timeproto.c: RFC 868. Seconds from 1900-01-01 to 1970-01-01. */
#define TIME_1900_TO_1970 INT64_C(2208988800)
/* The Unix time of the 4 big-endian bytes of a time answer: of the times
 * the 32-bit value can stand for (one per 2^32 s era from 1900 on), the
 * one nearest local_unix (a tie goes to the later). */
int64_t timeproto_decode(const unsigned char b[4], int64_t local_unix);

/* daytime.c: RFC 867. The Unix time of an answer of len bytes: one line,
 * with an optional CR LF or LF at its end, in the ctime form "Tue Dec  1
 * 03:40:00 2026" or RFC 3339 "2026-12-01T03:40:00Z", read as UTC. 0 with
 * *t set and the line (without its end) copied into text (a NUL-ended
 * string of printable ASCII), or -1 if the answer is anything else. */
int daytime_parse(const unsigned char *buf, size_t len, int64_t *t, char *text,
                  size_t text_size);

/* query.c: one exchange with the server. */
typedef struct query_result {
  xs_addr server;                            /* the address that answered */
  unsigned char answer[TIME_ANSWER_MAX + 1]; /* the bytes received */
  size_t len;                                /* how many (at most MAX) */
  int64_t local_start;    /* the wall clock at the start, in seconds */
  int64_t local_start_us; /* the same in microseconds */
  uint64_t rtt_us;        /* start (connect or send) to the first answer byte */
} query_result;

/* Resolve, connect or send, and receive the whole answer within
 * cfg->timeout_ms. 0, or -1 after a message on stderr. */
int query_run(const time_config *cfg, query_result *r);

/* out.c */
/* The bytes as a quoted C-like string ("\r\n", "\x01"), at most limit of
 * them, then "..." if there were more; buf holds 4 * limit + 8 bytes. */
void out_quote(const unsigned char *s, size_t len, size_t limit, char *buf,
               size_t size);
/* The result line or the JSON object on stdout. text is the daytime line
 * (NULL for time). 0, or -1 if writing failed. */
int out_result(const time_config *cfg, const query_result *r, int64_t t,
               const char *text);

#endif /* XS_TIME_APP_H */
