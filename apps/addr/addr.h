/* SPDX-License-Identifier: MIT */
/*
 * addr.h - what the parts of xsock-addr share: the exit codes, the error
 * printer, and one entry point per mode (detect.c for the default one,
 * modes.c for --contains, --split, --summarize and --resolve, iface.c for
 * --interfaces). Each entry point prints through out.h and returns an
 * exit code.
 */
#ifndef XS_ADDR_APP_H
#define XS_ADDR_APP_H

#include <stddef.h>
#include <xsock/xsock.h>

#include "options.h"
#include "out.h"

#define ADDR_NAME "xsock-addr"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* At most this many subnets for --split (2^16). */
#define ADDR_SPLIT_MAX_BITS 16

/* Print "xsock-addr: " and the message on stderr (stdout flushed first). */
void addr_error(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The worse of two exit codes: usage (2) over runtime (1) over ok. */
int addr_worst(int a, int b);

/* The default mode: each of the n args detected and shown (detect.c). A
 * bad arg is named on stderr and the others are still shown. */
int run_show(addr_out *o, const char *const *args, size_t n);

/* --contains PREFIX ARG..., --split LEN PREFIX, --summarize ARG...,
 * --resolve NAME (modes.c). */
int run_contains(addr_out *o, const char *prefix, const char *const *args,
                 size_t n);
int run_split(addr_out *o, const char *len, const char *prefix);
int run_summarize(addr_out *o, const char *const *args, size_t n);
int run_resolve(addr_out *o, const char *name);

/* --interfaces (iface.c). */
int run_interfaces(addr_out *o);

/* Parse an address or prefix ARG for a mode that takes only those; on
 * failure name it on stderr (what: "argument", "option '--split'") and
 * return -1. */
int parse_prefix_arg(const char *arg, const char *what, xs_prefix *p);

/* One record for an IP address or prefix (show_ip.c); zone, when not NULL,
 * is added as "zone" (an address from the resolver). 0, or -1 after an
 * error message (a library call failed: a bug). */
int show_prefix(addr_out *o, const char *input, const xs_prefix *p,
                const char *zone);

/* The address of family (ip[0..3] or ip[0..15]) as text; buf holds
 * XS_ADDR_STRLEN bytes. 0 or -1. */
int ip_text(int family, const uint8_t ip[16], char *buf, size_t size);

/* Records for the other kinds (show_misc.c). */
int show_mac(addr_out *o, const char *input, const xs_mac *mac);
int show_port(addr_out *o, const char *input, uint16_t port);
int show_service(addr_out *o, const char *input, const char *name,
                 uint16_t port, unsigned protocols);
int show_url(addr_out *o, const char *input, const xs_url *url);

#endif /* XS_ADDR_APP_H */
