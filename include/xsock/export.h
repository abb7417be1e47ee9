/* SPDX-License-Identifier: MIT */
/**
 * @file export.h
 * @brief Symbol visibility for the xsock library.
 *
 * XS_EXTERN marks every public function. A shared build defines
 * XS_BUILDING_SHARED while compiling the library; programs that link the
 * shared library on Windows define XS_USING_SHARED (the CMake target does
 * both for you).
 */
#ifndef XSOCK_EXPORT_H
#define XSOCK_EXPORT_H

#if defined(_WIN32)
#  if defined(XS_BUILDING_SHARED)
#    define XS_EXTERN __declspec(dllexport)
#  elif defined(XS_USING_SHARED)
#    define XS_EXTERN __declspec(dllimport)
#  else
#    define XS_EXTERN
#  endif
#elif defined(__GNUC__) && defined(XS_BUILDING_SHARED)
#  define XS_EXTERN __attribute__((visibility("default")))
#else
#  define XS_EXTERN
#endif

#endif /* XSOCK_EXPORT_H */
