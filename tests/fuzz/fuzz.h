/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what every fuzz target shares: the libFuzzer entry point, a
 * check that stays on in every build type (assert() does not: the release
 * preset defines NDEBUG), and helpers that turn the raw input into the
 * shapes the parsers take. See tests/fuzz/README.md.
 */
#ifndef XS_FUZZ_H
#define XS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

/* The entry point libFuzzer calls, and replay.c where there is no
 * libFuzzer. Returns 0; a broken property aborts. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print "FUZZ CHECK FAILED: what (file:line)" and abort(): libFuzzer
 * saves the input as a crash, replay.c's run fails. */
void fuzz_fail(const char *what, const char *file, int line);

#define FUZZ_CHECK(cond)                                                       \
  ((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

/* The input as a C string in a heap block of exactly size + 1 bytes (a
 * parser that reads past the NUL is caught by ASan or valgrind). An
 * embedded NUL ends the string early, as it would for a caller. Free with
 * free(). Aborts if out of memory. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* A copy of the input in a heap block of exactly size bytes, no NUL (one
 * byte when size is 0, never read). Free with free(). */
uint8_t *fuzz_copy(const uint8_t *data, size_t size);

/* A command line from the input: one argument per line ('\n'), after
 * argv[0] = prog. At most FUZZ_MAX_ARGS arguments; the rest is dropped.
 * Each argument is its own heap block of exactly its length + 1. */
#define FUZZ_MAX_ARGS 48
typedef struct fuzz_argv {
  int argc;
  char *argv[FUZZ_MAX_ARGS + 2]; /* argv[argc] is NULL */
} fuzz_argv;
void fuzz_argv_make(fuzz_argv *a, const char *prog, const uint8_t *data,
                    size_t size);
void fuzz_argv_free(fuzz_argv *a);
/* 1 if p points into one of a's arguments (argv[1..], NUL included). */
int fuzz_argv_owns(const fuzz_argv *a, const char *p);

/* A command line being written (to parse settings again): the arguments
 * in one block of cap bytes. */
typedef struct fuzz_line {
  int argc;
  char *argv[FUZZ_MAX_ARGS + 2];
  char *store;
  size_t used, cap;
} fuzz_line;
/* Start with argv[0] = prog; room for cap bytes of arguments. */
void fuzz_line_init(fuzz_line *l, size_t cap, const char *prog);
/* Append text as the next argument (a check fails if there is no room). */
void fuzz_line_put(fuzz_line *l, const char *text);
void fuzz_line_free(fuzz_line *l);

/* 1 if s is one or more decimal digits and nothing else. */
int fuzz_all_digits(const char *s);
/* 1 if the first n bytes of a and b are equal. */
int fuzz_same(const void *a, const void *b, size_t n);
/* 1 if every one of the n bytes at p is zero. */
int fuzz_zero(const void *p, size_t n);

/* Write addr with fmt (xs_addr_format or xs_addr_format_ip) into every
 * buffer size from 0 to two past the text's length, and XS_ADDR_STRLEN,
 * and check the contract each time:
 * below the text's length + 1, XS_ENOSPC with "" in the buffer (size > 0);
 * from there on 0 and the same text; an invalid address XS_EINVAL with ""
 * at every size; never a byte written at or past size; never XS_ENOSPC
 * at XS_ADDR_STRLEN. Returns the code at XS_ADDR_STRLEN, with the text in
 * out. */
typedef int (*fuzz_format_fn)(const xs_addr *addr, char *buf, size_t size);
int fuzz_format_sizes(fuzz_format_fn fmt, const xs_addr *addr,
                      char out[XS_ADDR_STRLEN]);

/* Check that addr is one the library could have made: a known family and
 * every byte the family does not use zero (addr.h promises memcmp()
 * equality). An empty UNIX path (an unnamed socket, as the OS reports
 * one) only if unnamed_ok. */
void fuzz_check_made(const xs_addr *addr, int unnamed_ok);

/* Convert addr to the OS's sockaddr into every buffer size from 0 to two
 * past its length, and sizes up to FUZZ_SOCKADDR_MAX, and check: an address
 * that cannot be converted gives the same code at every size; one that can
 * gives XS_ENOSPC below some size and 0 from there on, the same bytes and a
 * length no larger than the size each time; nothing is written past the size;
 * and xs_addr_from_sockaddr() gives addr back. Returns the code at
 * FUZZ_SOCKADDR_MAX. */
#define FUZZ_SOCKADDR_MAX 256
int fuzz_check_sockaddr(const xs_addr *addr);

#endif /* XS_FUZZ_H */
