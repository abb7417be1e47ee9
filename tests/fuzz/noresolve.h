/* SPDX-License-Identifier: MIT */
/*
 * noresolve.h - a guard for the targets that call xs_resolve(): every
 * getaddrinfo() call the library makes goes through the syscall seam
 * (xs__sys), and the guard checks it before it reaches the C library. A
 * call that could go to the network (a host without AI_NUMERICHOST) or
 * read the services database (a service that is not all digits) stops
 * the run as a failed check. One file per system (posix/noresolve.c,
 * win32/noresolve.c), chosen by CMake.
 */
#ifndef XS_FUZZ_NORESOLVE_H
#define XS_FUZZ_NORESOLVE_H

/* Put the guard in front of the seam's getaddrinfo (idempotent). */
void fuzz_no_lookups(void);

#endif /* XS_FUZZ_NORESOLVE_H */
