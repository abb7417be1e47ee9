/* SPDX-License-Identifier: MIT */
/*
 * fuzz_util.c - the helpers of fuzz.h, linked into every fuzz target.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *what, const char *file, int line) {
  fprintf(stderr, "FUZZ CHECK FAILED: %s (%s:%d)\n", what, file, line);
  fflush(stderr);
  abort();
}

static void *must_alloc(size_t n) {
  void *p = malloc(n == 0 ? 1 : n);
  if (p == NULL) {
    fputs("fuzz: out of memory\n", stderr);
    abort();
  }
  return p;
}

char *fuzz_cstr(const uint8_t *data, size_t size) {
  char *s = must_alloc(size + 1);
  if (size > 0)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

uint8_t *fuzz_copy(const uint8_t *data, size_t size) {
  uint8_t *p = must_alloc(size);
  if (size > 0)
    memcpy(p, data, size);
  return p;
}

void fuzz_argv_make(fuzz_argv *a, const char *prog, const uint8_t *data,
                    size_t size) {
  size_t start = 0;
  memset(a, 0, sizeof *a);
  a->argv[a->argc++] = fuzz_cstr((const uint8_t *)prog, strlen(prog));
  if (size == 0)
    return;
  while (a->argc <= FUZZ_MAX_ARGS) {
    const uint8_t *nl = memchr(data + start, '\n', size - start);
    size_t end = nl == NULL ? size : (size_t)(nl - data);
    a->argv[a->argc++] = fuzz_cstr(data + start, end - start);
    if (nl == NULL)
      break;
    start = end + 1;
    if (start == size)
      break; /* a final newline ends the last line, it adds no argument */
  }
  a->argv[a->argc] = NULL;
}

void fuzz_argv_free(fuzz_argv *a) {
  int i;
  for (i = 0; i < a->argc; i++)
    free(a->argv[i]);
  memset(a, 0, sizeof *a);
}

int fuzz_argv_owns(const fuzz_argv *a, const char *p) {
  int i;
  for (i = 1; i < a->argc; i++) {
    const char *s = a->argv[i];
    size_t len = strlen(s);
    /* Compared as integers: pointers into different blocks cannot be
     * ordered portably. */
    if ((uintptr_t)p >= (uintptr_t)s && (uintptr_t)p <= (uintptr_t)(s + len))
      return 1;
  }
  return 0;
}

void fuzz_line_init(fuzz_line *l, size_t cap, const char *prog) {
  memset(l, 0, sizeof *l);
  l->cap = cap + strlen(prog) + 1;
  l->store = must_alloc(l->cap);
  fuzz_line_put(l, prog);
}

void fuzz_line_put(fuzz_line *l, const char *text) {
  size_t n = strlen(text);
  FUZZ_CHECK(l->argc < FUZZ_MAX_ARGS && l->used + n + 1 <= l->cap);
  memcpy(l->store + l->used, text, n + 1);
  l->argv[l->argc++] = l->store + l->used;
  l->used += n + 1;
}

void fuzz_line_free(fuzz_line *l) {
  free(l->store);
  memset(l, 0, sizeof *l);
}

int fuzz_same(const void *a, const void *b, size_t n) {
  return n == 0 || memcmp(a, b, n) == 0;
}

int fuzz_zero(const void *p, size_t n) {
  const unsigned char *b = p;
  size_t i;
  for (i = 0; i < n; i++)
    if (b[i] != 0)
      return 0;
  return 1;
}

int fuzz_all_digits(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s != '\0'; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

/* ---- addresses ---------------------------------------------------------- */

#define GUARD 0x5a
#define SLACK 16

static int guard_intact(const unsigned char *buf, size_t from, size_t end) {
  size_t i;
  for (i = from; i < end; i++)
    if (buf[i] != GUARD)
      return 0;
  return 1;
}

/* One size: the contract for an address whose text (at full size) is
 * want with code full. */
static void format_at(fuzz_format_fn fmt, const xs_addr *addr, size_t size,
                      int full, const char *want) {
  char buf[XS_ADDR_STRLEN + SLACK];
  size_t len = strlen(want);
  int rc;
  memset(buf, GUARD, sizeof buf);
  rc = fmt(addr, buf, size);
  FUZZ_CHECK(guard_intact((unsigned char *)buf, size, sizeof buf));
  if (full != 0) {
    FUZZ_CHECK(rc == full);
    FUZZ_CHECK(size == 0 || buf[0] == '\0');
  } else if (size <= len) {
    FUZZ_CHECK(rc == XS_ENOSPC); /* never a text cut short */
    FUZZ_CHECK(size == 0 || buf[0] == '\0');
  } else {
    FUZZ_CHECK(rc == 0);
    FUZZ_CHECK(memcmp(buf, want, len + 1) == 0);
  }
}

int fuzz_format_sizes(fuzz_format_fn fmt, const xs_addr *addr,
                      char out[XS_ADDR_STRLEN]) {
  char buf[XS_ADDR_STRLEN + SLACK];
  size_t size, len = 0;
  int full;
  memset(out, 0, XS_ADDR_STRLEN);
  memset(buf, GUARD, sizeof buf);
  full = fmt(addr, buf, XS_ADDR_STRLEN);
  FUZZ_CHECK(full == 0 || full == XS_EINVAL);
  FUZZ_CHECK(guard_intact((unsigned char *)buf, XS_ADDR_STRLEN, sizeof buf));
  if (full == 0) {
    FUZZ_CHECK(memchr(buf, '\0', XS_ADDR_STRLEN) != NULL);
    len = strlen(buf);
    memcpy(out, buf, len + 1);
  } else {
    FUZZ_CHECK(buf[0] == '\0');
  }
  FUZZ_CHECK(fmt(addr, NULL, XS_ADDR_STRLEN) == XS_EINVAL);
  /* Every size up to two past the text's, and the documented maximum. */
  for (size = 0; size <= len + 2 && size < XS_ADDR_STRLEN; size++)
    format_at(fmt, addr, size, full, out);
  format_at(fmt, addr, XS_ADDR_STRLEN, full, out);
  return full;
}

void fuzz_check_made(const xs_addr *a, int unnamed_ok) {
  const char *nul;
  size_t n;
  switch (a->family) {
  case XS_AF_INET:
    FUZZ_CHECK(a->scope_id == 0);
    FUZZ_CHECK(fuzz_zero(a->ip + 4, sizeof a->ip - 4));
    FUZZ_CHECK(fuzz_zero(a->path, sizeof a->path));
    break;
  case XS_AF_INET6:
    FUZZ_CHECK(fuzz_zero(a->path, sizeof a->path));
    break;
  case XS_AF_UNIX:
    FUZZ_CHECK(a->port == 0 && a->scope_id == 0);
    FUZZ_CHECK(fuzz_zero(a->ip, sizeof a->ip));
    nul = memchr(a->path, '\0', sizeof a->path);
    FUZZ_CHECK(nul != NULL);
    n = (size_t)(nul - a->path);
    FUZZ_CHECK(n > 0 || unnamed_ok);
    FUZZ_CHECK(fuzz_zero(a->path + n, sizeof a->path - n));
    break;
  default:
    fuzz_fail("an address of no known family", __FILE__, __LINE__);
  }
}

/* One size: the contract for an address that converts, at full size, to
 * full_len bytes of want (or fails with full_rc). *fits turns 1 at the
 * first size that fits. */
static void sockaddr_at(const xs_addr *addr, size_t size, int full_rc,
                        const unsigned char *want, size_t full_len, int *fits) {
  union {
    unsigned char b[FUZZ_SOCKADDR_MAX + SLACK];
    uint64_t align;
  } sa;
  size_t len = 12345;
  int rc;
  memset(sa.b, GUARD, sizeof sa.b);
  rc = xs_addr_to_sockaddr(addr, sa.b, size, &len);
  FUZZ_CHECK(guard_intact(sa.b, size, sizeof sa.b));
  if (full_rc != 0) {
    FUZZ_CHECK(rc == full_rc && len == 0);
  } else if (rc == XS_ENOSPC) {
    FUZZ_CHECK(!*fits && len == 0); /* never "too small" after a fit */
  } else {
    FUZZ_CHECK(rc == 0);
    FUZZ_CHECK(len == full_len && len <= size);
    FUZZ_CHECK(memcmp(sa.b, want, len) == 0);
    *fits = 1;
  }
}

int fuzz_check_sockaddr(const xs_addr *addr) {
  /* Aligned for any sockaddr. */
  union {
    unsigned char b[FUZZ_SOCKADDR_MAX + SLACK];
    uint64_t align;
  } full;
  size_t size, full_len = 0;
  int full_rc, fits = 0;
  xs_addr back;
  memset(full.b, GUARD, sizeof full.b);
  full_rc = xs_addr_to_sockaddr(addr, full.b, FUZZ_SOCKADDR_MAX, &full_len);
  FUZZ_CHECK(guard_intact(full.b, FUZZ_SOCKADDR_MAX, sizeof full.b));
  if (full_rc != 0) {
    FUZZ_CHECK(full_rc == XS_EINVAL || full_rc == XS_EAFNOSUPPORT ||
               full_rc == XS_ENAMETOOLONG);
    FUZZ_CHECK(full_len == 0);
  } else {
    FUZZ_CHECK(full_len >= 2 && full_len <= FUZZ_SOCKADDR_MAX);
    FUZZ_CHECK(xs_addr_from_sockaddr(&back, full.b, full_len) == 0);
    FUZZ_CHECK(xs_addr_equal(&back, addr));
  }
  /* Every size up to two past the length (a struct may be larger than
   * the length it reports: sockaddr_un), then the maximum. */
  for (size = 0; size <= full_len + 2 || size < 8; size++)
    sockaddr_at(addr, size, full_rc, full.b, full_len, &fits);
  for (size = FUZZ_SOCKADDR_MAX - 128; size <= FUZZ_SOCKADDR_MAX; size += 32)
    sockaddr_at(addr, size, full_rc, full.b, full_len, &fits);
  FUZZ_CHECK(full_rc != 0 || fits);
  return full_rc;
}
