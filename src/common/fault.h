/* SPDX-License-Identifier: MIT */
/*
 * fault.h - the platform-neutral fault plan the seam's wrappers consult.
 *
 * Tests say what should go wrong (xs__fault_fail, xs__fault_short); each
 * platform's fault.c wraps its xs__sys entries so that every wrapped call
 * first asks xs__fault_check() whether to fail, and xs__fault_cap() how
 * many bytes it may move. Built only into the xsock_testing library.
 */
#ifndef XS_COMMON_FAULT_H
#define XS_COMMON_FAULT_H

#include <stddef.h>

#include "platform.h"

/* Start fault injection: installs the wrappers and clears all plans. */
void xs__fault_begin(void);
/* Stop: clears the plans and restores the real OS calls. */
void xs__fault_end(void);
/* Fail calls nth .. nth+times-1 (1 = the next call) of id with the native
 * error code native_err (errno value on POSIX, WSA... on Windows). */
void xs__fault_fail(int id, unsigned nth, unsigned times, int native_err);
/* Let each call of id (send, recv, sendto, recvfrom) move at most max bytes;
 * 0 removes the cap. */
void xs__fault_short(int id, size_t max);
/* How many calls of id the wrappers saw since xs__fault_begin(). */
unsigned long xs__fault_calls(int id);
/* Fail the nth OS call from now, whatever it is (1 = the next), once, with
 * the platform's shortage error for that call (xs__plat_fault_default):
 * the sweep tests' plan. */
void xs__fault_fail_any(unsigned long nth);
/* How many OS calls, of every id, the wrappers saw since
 * xs__fault_begin(). */
unsigned long xs__fault_total(void);
/* The id of the call the last xs__fault_fail_any() plan failed, or -1 if
 * it has not been reached. */
int xs__fault_any_failed(void);

/* For the wrappers: count this call; return the native error to fail it
 * with, or 0 to let it through. */
int xs__fault_check(int id);
/* For the wrappers: the length to pass on for a call asking for len. */
size_t xs__fault_cap(int id, size_t len);

#endif /* XS_COMMON_FAULT_H */
