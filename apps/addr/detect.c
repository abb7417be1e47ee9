/* SPDX-License-Identifier: MIT */
/*
 * detect.c - the default mode: what kind of thing each ARG is, tried in a
 * fixed order so that every text has one meaning:
 *   1. a URL, if it contains "://" (xs_url_parse());
 *   2. a MAC address, if xs_mac_parse() reads it;
 *   3. an IP address or prefix, if xs_prefix_parse() reads it;
 *   4. a port, if it is all decimal digits (0 to 65535);
 *   5. else a service name, which the services database must know.
 * No text is read by two of them: a MAC has five ':' or '-' or two '.'
 * between groups of hex digits, which no IP literal has, and a port has
 * no separator at all. A text that none of them takes is a bad ARG.
 */
#include <string.h>

#include "addr.h"

static int all_digits(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s != '\0'; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

/* Does the text look like an attempt at an address (digits and dots, or
 * a ':' or '/'), for a more precise message? */
static int looks_like_address(const char *s) {
  int dots = 0, other = 0;
  if (strchr(s, ':') != NULL || strchr(s, '/') != NULL)
    return 1;
  for (; *s != '\0'; s++) {
    if (*s == '.')
      dots++;
    else if (*s < '0' || *s > '9')
      other = 1;
  }
  return dots > 0 && !other;
}

int parse_prefix_arg(const char *arg, const char *what, xs_prefix *p) {
  if (xs_prefix_parse(p, arg) == 0)
    return 0;
  addr_error("invalid %s '%s': expected an IPv4 or IPv6 address or prefix "
             "(192.0.2.1, 192.0.2.0/24, 2001:db8::/32)",
             what, arg);
  return -1;
}

static int show_url_arg(addr_out *o, const char *arg) {
  xs_url url;
  int rc = xs_url_parse(&url, arg);
  if (rc == 0)
    return show_url(o, arg, &url) == 0 ? EXIT_OK : EXIT_RUNTIME;
  if (rc == XS_ENAMETOOLONG)
    addr_error("invalid URL '%s': a part of it is too long (scheme 31, "
               "host 255, label 63, path 2047 characters)",
               arg);
  else
    addr_error("invalid URL '%s': expected scheme://host[:port][/path] "
               "(no user, an IPv6 host in brackets)",
               arg);
  return EXIT_USAGE;
}

static int show_port_arg(addr_out *o, const char *arg) {
  long port;
  if (app_parse_long(arg, 0, 65535, &port) != 0) {
    addr_error("invalid port '%s': expected 0 to 65535", arg);
    return EXIT_USAGE;
  }
  return show_port(o, arg, (uint16_t)port) == 0 ? EXIT_OK : EXIT_RUNTIME;
}

static int show_service_arg(addr_out *o, const char *arg) {
  char name[XS_SERVICE_NAME_MAX];
  uint16_t port;
  unsigned protocols;
  size_t i, len = strlen(arg);
  if (len < sizeof name && xs_service_protocols(arg, &port, &protocols) == 0) {
    for (i = 0; i <= len; i++) /* lower case, as names compare */
      name[i] = (char)(arg[i] >= 'A' && arg[i] <= 'Z' ? arg[i] + 32 : arg[i]);
    return show_service(o, arg, name, port, protocols) == 0 ? EXIT_OK
                                                            : EXIT_RUNTIME;
  }
  if (*arg == '\0')
    addr_error("invalid ARG '': empty");
  else if (looks_like_address(arg))
    addr_error("invalid ARG '%s': not a valid IP address, prefix or MAC "
               "address",
               arg);
  else
    addr_error("unknown ARG '%s': not an IP address or prefix, MAC address, "
               "port, URL or known service name",
               arg);
  return EXIT_USAGE;
}

/* One ARG: its record, or a message; an exit code. */
static int show_arg(addr_out *o, const char *arg) {
  xs_mac mac;
  xs_prefix p;
  if (strstr(arg, "://") != NULL)
    return show_url_arg(o, arg);
  if (xs_mac_parse(&mac, arg) == 0)
    return show_mac(o, arg, &mac) == 0 ? EXIT_OK : EXIT_RUNTIME;
  if (xs_prefix_parse(&p, arg) == 0)
    return show_prefix(o, arg, &p, NULL) == 0 ? EXIT_OK : EXIT_RUNTIME;
  if (all_digits(arg))
    return show_port_arg(o, arg);
  return show_service_arg(o, arg);
}

int run_show(addr_out *o, const char *const *args, size_t n) {
  int code = EXIT_OK;
  size_t i;
  for (i = 0; i < n; i++)
    code = addr_worst(code, show_arg(o, args[i]));
  return code;
}
