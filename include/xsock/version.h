/* SPDX-License-Identifier: MIT */
/**
 * @file version.h
 * @brief Library version.
 */
#ifndef XSOCK_VERSION_H
#define XSOCK_VERSION_H

#include "export.h"

/** Major version: changes break the API or ABI. */
#define XS_VERSION_MAJOR 0
/** Minor version: additions. */
#define XS_VERSION_MINOR 1
/** Patch version: fixes. */
#define XS_VERSION_PATCH 0

/** The version as one number: major * 10000 + minor * 100 + patch. */
#define XS_VERSION_NUMBER                                                      \
  (XS_VERSION_MAJOR * 10000 + XS_VERSION_MINOR * 100 + XS_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The version of the library linked at run time.
 * @return XS_VERSION_NUMBER of the library that was built.
 */
XS_EXTERN unsigned xs_version(void);

/**
 * @brief The version of the library as text, "major.minor.patch".
 * @return A static string; never NULL.
 */
XS_EXTERN const char *xs_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_VERSION_H */
