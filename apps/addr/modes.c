/* SPDX-License-Identifier: MIT */
/*
 * modes.c - the modes over prefixes and names: --contains, --split,
 * --summarize and --resolve. Each prints one record per result.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int run_contains(addr_out *o, const char *prefix, const char *const *args,
                 size_t n) {
  xs_prefix outer, inner;
  char text[XS_PREFIX_STRLEN];
  int code = EXIT_OK, rc;
  size_t i;
  if (parse_prefix_arg(prefix, "value for option '--contains'", &outer) != 0)
    return EXIT_USAGE;
  if ((rc = xs_prefix_format(&outer, text, sizeof text)) != 0) {
    addr_error("xs_prefix_format failed: %s", xs_strerror(rc));
    return EXIT_RUNTIME;
  }
  for (i = 0; i < n; i++) {
    if (parse_prefix_arg(args[i], "ARG", &inner) != 0) {
      code = addr_worst(code, EXIT_USAGE);
      continue;
    }
    rc = xs_prefix_contains(&outer, &inner);
    if (rc < 0) {
      addr_error("xs_prefix_contains failed: %s", xs_strerror(rc));
      return EXIT_RUNTIME;
    }
    out_begin(o);
    out_str(o, "input", args[i]);
    out_str(o, "kind", "contains");
    out_str(o, "prefix", text);
    out_bool(o, "contains", rc);
    out_end(o);
  }
  return code;
}

/* Print each of n prefixes as a record of its own (input: its text). */
static int show_all(addr_out *o, const xs_prefix *list, size_t n) {
  char text[XS_PREFIX_STRLEN];
  size_t i;
  int rc;
  for (i = 0; i < n; i++) {
    if ((rc = xs_prefix_format(&list[i], text, sizeof text)) != 0) {
      addr_error("xs_prefix_format failed: %s", xs_strerror(rc));
      return EXIT_RUNTIME;
    }
    if (show_prefix(o, text, &list[i], NULL) != 0)
      return EXIT_RUNTIME;
  }
  return EXIT_OK;
}

/* LEN: a decimal length, with or without a '/' in front ("26", "/26"). */
static int parse_split_len(const char *text, const xs_prefix *p,
                           unsigned *len) {
  unsigned max = p->family == XS_AF_INET ? 32u : 128u;
  long v;
  const char *digits = text[0] == '/' ? text + 1 : text;
  if (app_parse_long(digits, 0, 128, &v) != 0 || (unsigned long)v > max ||
      (unsigned long)v < p->len) {
    addr_error("invalid value '%s' for option '--split': expected a prefix "
               "length from %u to %u",
               text, (unsigned)p->len, max);
    return -1;
  }
  if ((unsigned)v - p->len > ADDR_SPLIT_MAX_BITS) {
    addr_error("invalid value '%s' for option '--split': a /%u has 2^%u "
               "subnets of length %ld, more than %lu",
               text, (unsigned)p->len, (unsigned)v - p->len, v,
               1ul << ADDR_SPLIT_MAX_BITS);
    return -1;
  }
  *len = (unsigned)v;
  return 0;
}

int run_split(addr_out *o, const char *len_text, const char *prefix) {
  xs_prefix p, *list;
  unsigned len;
  size_t cap, count = 0;
  int rc, code;
  if (parse_prefix_arg(prefix, "PREFIX", &p) != 0 ||
      parse_split_len(len_text, &p, &len) != 0)
    return EXIT_USAGE;
  cap = (size_t)1 << (len - p.len); /* at most 2^ADDR_SPLIT_MAX_BITS */
  list = malloc(cap * sizeof *list);
  if (list == NULL) {
    addr_error("out of memory for %lu subnets", (unsigned long)cap);
    return EXIT_RUNTIME;
  }
  rc = xs_prefix_split(&p, len, list, cap, &count);
  if (rc != 0) {
    addr_error("xs_prefix_split failed: %s", xs_strerror(rc));
    code = EXIT_RUNTIME;
  } else {
    code = show_all(o, list, count);
  }
  free(list);
  return code;
}

int run_summarize(addr_out *o, const char *const *args, size_t n) {
  xs_prefix *list = malloc(n * sizeof *list);
  size_t i, count = 0;
  int rc, code = EXIT_OK;
  if (list == NULL) {
    addr_error("out of memory for %lu prefixes", (unsigned long)n);
    return EXIT_RUNTIME;
  }
  for (i = 0; i < n; i++)
    if (parse_prefix_arg(args[i], "ARG", &list[i]) != 0)
      code = EXIT_USAGE;
  if (code == EXIT_OK) {
    /* In place: the result is never longer than the input. */
    rc = xs_prefix_summarize(list, n, list, n, &count);
    if (rc != 0) {
      addr_error("xs_prefix_summarize failed: %s", xs_strerror(rc));
      code = EXIT_RUNTIME;
    } else {
      code = show_all(o, list, count);
    }
  }
  free(list);
  return code;
}

/* The zone of a resolved IPv6 address ("eth0" of "fe80::1%eth0"), into
 * zone; NULL when it has none. */
static const char *zone_of(const xs_addr *a, char *zone, size_t size) {
  char text[XS_ADDR_STRLEN];
  const char *pct;
  if (a->family != XS_AF_INET6 || a->scope_id == 0 ||
      xs_addr_format_ip(a, text, sizeof text) != 0 ||
      (pct = strchr(text, '%')) == NULL || strlen(pct + 1) >= size)
    return NULL;
  memcpy(zone, pct + 1, strlen(pct + 1) + 1);
  return zone;
}

int run_resolve(addr_out *o, const char *name) {
  xs_addr *list = NULL;
  xs_prefix p;
  char zone[XS_ADDR_STRLEN];
  size_t count = 0, i;
  int rc, code = EXIT_OK;
  if (*name == '\0') {
    addr_error("invalid value '' for option '--resolve': empty name");
    return EXIT_USAGE;
  }
  rc = xs_resolve(name, NULL, NULL, &list, &count);
  if (rc != 0) {
    addr_error("cannot resolve '%s': %s (%s)", name, xs_strerror(rc),
               xs_err_name(rc));
    return EXIT_RUNTIME;
  }
  for (i = 0; i < count && code == EXIT_OK; i++) {
    int v4 = list[i].family == XS_AF_INET;
    if (!v4 && list[i].family != XS_AF_INET6)
      continue; /* not an IP address: nothing to show */
    if (xs_prefix_make(&p, list[i].family, list[i].ip, v4 ? 32 : 128) != 0 ||
        show_prefix(o, name, &p, zone_of(&list[i], zone, sizeof zone)) != 0)
      code = EXIT_RUNTIME;
  }
  xs_addr_list_free(list);
  return code;
}
