/* SPDX-License-Identifier: MIT */
/*
 * log.h - a server's messages on stderr, each headed by the program's name:
 * errors (always), a summary at start and stop (unless -q), and one line per
 * connection (-v). Every line is written with one call, so lines from several
 * threads do not mix.
 */
#ifndef XS_SRV_LOG_H
#define XS_SRV_LOG_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

/* Set once at start, before any thread (name: the program's, kept). */
void log_setup(const char *name, int verbose, int quiet);
/* The word of the "closed" line: "N bytes WORD" ("sent" unless set). */
void log_set_sent_word(const char *word);
const char *log_sent_word(void);
/* The name given to log_setup. */
const char *log_name(void);
int log_is_verbose(void);
int log_is_quiet(void);

/* "NAME: what" and "NAME: what: detail". */
void log_error(const char *what);
void log_error2(const char *what, const char *detail);
/* The same, unless -q. */
void log_note(const char *what);
/* -v only: "NAME: event peer" or "NAME: event peer: detail". */
void log_conn(const char *event, const xs_addr *peer, const char *detail);

/* An address as text into buf (XS_ADDR_STRLEN bytes); "unix" for an
 * unnamed UNIX peer, "?" for anything that cannot be written. */
const char *log_addr(const xs_addr *addr, char *buf, size_t size);
/* A number as decimal text into buf (at least 21 bytes). */
const char *log_u64(uint64_t v, char *buf, size_t size);

#endif /* XS_SRV_LOG_H */
