/* SPDX-License-Identifier: MIT */
/*
 * json.h - the one piece of JSON that needs care: a string, escaped.
 */
#ifndef XS_ADDR_JSON_H
#define XS_ADDR_JSON_H

#include <stdio.h>

/* Write s as a JSON string, quotes included (RFC 8259): '"' and '\' and
 * the control characters U+0000 to U+001F and U+007F escaped, valid UTF-8
 * copied as it is, and each byte that is not part of valid UTF-8 (a stray
 * continuation byte, a truncated or overlong sequence, a surrogate, a code
 * point above U+10FFFF) written as \ufffd, so that the output is always
 * valid UTF-8 JSON whatever the input. Writes straight to f: nothing is
 * ever cut short. */
void json_string(FILE *f, const char *s);

#endif /* XS_ADDR_JSON_H */
