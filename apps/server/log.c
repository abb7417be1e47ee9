/* SPDX-License-Identifier: MIT */
/*
 * log.c - a server's messages on stderr (see log.h). Printed with fixed
 * formats only; each line goes out in one fprintf, which the C library
 * locks per call.
 */
#include "log.h"

#include <stdio.h>
#include <string.h>

static const char *prog_name = "xsock";
static const char *sent_word = "sent";
static int verbose_on;
static int quiet_on;

void log_setup(const char *name, int verbose, int quiet) {
  prog_name = name;
  verbose_on = verbose;
  quiet_on = quiet;
}

int log_is_verbose(void) {
  return verbose_on;
}

void log_set_sent_word(const char *word) {
  sent_word = word;
}

const char *log_name(void) {
  return prog_name;
}

const char *log_sent_word(void) {
  return sent_word;
}

int log_is_quiet(void) {
  return quiet_on;
}

void log_error(const char *what) {
  fprintf(stderr, "%s: %s\n", prog_name, what);
  fflush(stderr);
}

void log_error2(const char *what, const char *detail) {
  fprintf(stderr, "%s: %s: %s\n", prog_name, what, detail);
  fflush(stderr);
}

void log_note(const char *what) {
  if (!quiet_on)
    log_error(what);
}

void log_conn(const char *event, const xs_addr *peer, const char *detail) {
  char text[XS_ADDR_STRLEN];
  if (!verbose_on)
    return;
  log_addr(peer, text, sizeof text);
  if (detail != NULL)
    fprintf(stderr, "%s: %s %s: %s\n", prog_name, event, text, detail);
  else
    fprintf(stderr, "%s: %s %s\n", prog_name, event, text);
  fflush(stderr);
}

const char *log_addr(const xs_addr *addr, char *buf, size_t size) {
  if (addr == NULL || size < 2) {
    if (size > 0)
      buf[0] = '\0';
    return buf;
  }
  if (addr->family == XS_AF_UNIX && addr->path[0] == '\0') {
    snprintf(buf, size, "%s", "unix");
    return buf;
  }
  if (addr->family == XS_AF_UNIX) {
    snprintf(buf, size, "unix:%s", addr->path);
    return buf;
  }
  if (xs_addr_format(addr, buf, size) != 0)
    snprintf(buf, size, "%s", "?");
  return buf;
}

const char *log_u64(uint64_t v, char *buf, size_t size) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v > 0 && n < sizeof tmp);
  if (size <= n) {
    if (size > 0)
      buf[0] = '\0';
    return buf;
  }
  for (size_t i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
  return buf;
}
