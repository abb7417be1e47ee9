/* SPDX-License-Identifier: MIT */
/*
 * version.c - the library's version at run time.
 */
#include "internal.h"

#define XS__STR2(x) #x
#define XS__STR(x) XS__STR2(x)

unsigned xs_version(void) {
  return XS_VERSION_NUMBER;
}

const char *xs_version_string(void) {
  return XS__STR(XS_VERSION_MAJOR) "." XS__STR(XS_VERSION_MINOR) "." XS__STR(
      XS_VERSION_PATCH);
}
