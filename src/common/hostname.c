/* SPDX-License-Identifier: MIT */
/*
 * hostname.c - xs_hostname_check() (include/xsock/url.h): the RFC 952 /
 * RFC 1123 host name rules.
 *
 * Pure text code: no OS calls and no locale-dependent functions (no
 * isalnum: in some locales it accepts bytes above 127). The whole text is
 * read once, so every character and label is checked before the lengths:
 * a malformed name is XS_EINVAL however long it is.
 */
#include "xsock/url.h"

#include "internal.h"

/* Longest label, and longest name without its trailing dot. */
#define LABEL_MAX 63
#define NAME_MAX_LEN 253

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* A letter, digit or hyphen (RFC 952 "LDH"). */
static int is_ldh(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '-';
}

/* A failure found here: native code 0 (xs_native_error()). */
static int fail(int code) {
  xs__native_set(0);
  return code;
}

int xs_hostname_check(const char *name) {
  size_t pos = 0, len;
  int too_long = 0, last_digits = 0;
  if (name == NULL)
    return fail(XS_EINVAL);
  for (;;) {
    size_t start = pos;
    last_digits = 1;
    while (is_ldh(name[pos])) {
      if (!is_digit(name[pos]))
        last_digits = 0;
      pos++;
    }
    if (pos == start || name[start] == '-' || name[pos - 1] == '-')
      return fail(XS_EINVAL); /* empty label, or a hyphen at an end */
    if (pos - start > LABEL_MAX)
      too_long = 1;
    if (name[pos] == '\0') {
      len = pos;
      break;
    }
    if (name[pos] != '.')
      return fail(XS_EINVAL); /* not a host name character */
    pos++;
    if (name[pos] == '\0') {
      len = pos - 1; /* one trailing dot: the root, not counted */
      break;
    }
  }
  if (last_digits)
    return fail(XS_EINVAL); /* "1.2.3.4", "127.1": an IPv4 literal's form */
  if (too_long || len > NAME_MAX_LEN)
    return fail(XS_ENAMETOOLONG);
  return 0;
}
