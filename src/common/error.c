/* SPDX-License-Identifier: MIT */
/*
 * error.c - error names and messages from XS_ERRNO_MAP, and the per-thread
 * record of the last native error code.
 */
#include "internal.h"

/* MSVC's C compiler knows _Thread_local but does not implement it. */
#if defined(_MSC_VER) && !defined(__clang__)
#  define XS__THREAD_LOCAL __declspec(thread)
#else
#  define XS__THREAD_LOCAL _Thread_local
#endif

static XS__THREAD_LOCAL int last_native;

const char *xs_strerror(int code) {
  switch (code) {
  case 0:
    return "success";
#define XS__ERR_MSG(name, value, msg)                                          \
  case XS_##name:                                                              \
    return msg;
    XS_ERRNO_MAP(XS__ERR_MSG)
#undef XS__ERR_MSG
  default:
    return "unrecognized error code";
  }
}

const char *xs_err_name(int code) {
  switch (code) {
  case 0:
    return "OK";
#define XS__ERR_NAME(name, value, msg)                                         \
  case XS_##name:                                                              \
    return #name;
    XS_ERRNO_MAP(XS__ERR_NAME)
#undef XS__ERR_NAME
  default:
    return "EUNRECOGNIZED";
  }
}

int xs_native_error(void) {
  return last_native;
}

void xs__native_set(int native) {
  last_native = native;
}

int xs__einval(void) {
  last_native = 0;
  return XS_EINVAL;
}
