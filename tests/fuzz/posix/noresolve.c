/* SPDX-License-Identifier: MIT */
/*
 * noresolve.c - the getaddrinfo guard of noresolve.h over the POSIX seam.
 */
#include "posix/posix.h"

#include "fuzz.h"
#include "noresolve.h"

static int (*real_getaddrinfo)(const char *host, const char *service,
                               const struct addrinfo *hints,
                               struct addrinfo **res);

static int guarded(const char *host, const char *service,
                   const struct addrinfo *hints, struct addrinfo **res) {
  FUZZ_CHECK(host == NULL ||
             (hints != NULL && (hints->ai_flags & AI_NUMERICHOST) != 0));
  FUZZ_CHECK(service == NULL || fuzz_all_digits(service));
  return real_getaddrinfo(host, service, hints, res);
}

void fuzz_no_lookups(void) {
  if (xs__sys.getaddrinfo == guarded)
    return;
  real_getaddrinfo = xs__sys.getaddrinfo;
  xs__sys.getaddrinfo = guarded;
}
