/* SPDX-License-Identifier: MIT */
/*
 * error.c - errno and getaddrinfo (EAI_*) codes translated to XS_E...
 * codes, each through one table of pairs. Where several native codes share
 * one XS code, the first listed is the one xs__plat_native_code() returns.
 */
#include "posix/posix.h"

#include <errno.h>

typedef struct code_pair {
  int native;
  int xs;
} code_pair;

static const code_pair errno_table[] = {
    {EAGAIN, XS_EAGAIN},
#if defined(EWOULDBLOCK)
    {EWOULDBLOCK, XS_EAGAIN},
#endif
    {EINTR, XS_EINTR},
    {EINPROGRESS, XS_EINPROGRESS},
    {EALREADY, XS_EALREADY},
    {ECONNREFUSED, XS_ECONNREFUSED},
    {ECONNRESET, XS_ECONNRESET},
    {ECONNABORTED, XS_ECONNABORTED},
    {EPIPE, XS_EPIPE},
    {ETIMEDOUT, XS_ETIMEDOUT},
    {EADDRINUSE, XS_EADDRINUSE},
    {EADDRNOTAVAIL, XS_EADDRNOTAVAIL},
    {ENODEV, XS_EADDRNOTAVAIL},
    {ENXIO, XS_EADDRNOTAVAIL},
    {EAFNOSUPPORT, XS_EAFNOSUPPORT},
#if defined(EPFNOSUPPORT)
    {EPFNOSUPPORT, XS_EAFNOSUPPORT},
#endif
    {EACCES, XS_EACCES},
    {EMFILE, XS_EMFILE},
    {ENOBUFS, XS_ENOBUFS},
    {ENOTCONN, XS_ENOTCONN},
    {EISCONN, XS_EISCONN},
    {EHOSTUNREACH, XS_EHOSTUNREACH},
    {ENETUNREACH, XS_ENETUNREACH},
    {EMSGSIZE, XS_EMSGSIZE},
    {EINVAL, XS_EINVAL},
    {ENOMEM, XS_ENOMEM},
    {EOPNOTSUPP, XS_ENOTSUP},
#if defined(ENOTSUP)
    {ENOTSUP, XS_ENOTSUP},
#endif
#if defined(ESOCKTNOSUPPORT)
    {ESOCKTNOSUPPORT, XS_ENOTSUP},
#endif
    {EBADF, XS_EBADF},
    {ENOTSOCK, XS_ENOTSOCK},
    {ENOENT, XS_ENOENT},
    {EPERM, XS_EPERM},
    {ENETDOWN, XS_ENETDOWN},
    {ENETRESET, XS_ENETRESET},
#if defined(EHOSTDOWN)
    {EHOSTDOWN, XS_EHOSTDOWN},
#endif
#if defined(ESHUTDOWN)
    {ESHUTDOWN, XS_ESHUTDOWN},
#endif
    {ENOPROTOOPT, XS_ENOPROTOOPT},
    {EPROTONOSUPPORT, XS_EPROTONOSUPPORT},
    {EPROTO, XS_EPROTO},
    {EPROTOTYPE, XS_EPROTOTYPE},
    {EDESTADDRREQ, XS_EDESTADDRREQ},
    {ENAMETOOLONG, XS_ENAMETOOLONG},
    {ENOSPC, XS_ENOSPC},
    {ENFILE, XS_ENFILE},
    {EBUSY, XS_EBUSY},
    {EEXIST, XS_EEXIST},
};

static const code_pair eai_table[] = {
    {EAI_NONAME, XS_EAI_NONAME},     {EAI_AGAIN, XS_EAI_AGAIN},
    {EAI_FAIL, XS_EAI_FAIL},         {EAI_FAMILY, XS_EAI_FAMILY},
    {EAI_SOCKTYPE, XS_EAI_SOCKTYPE}, {EAI_SERVICE, XS_EAI_SERVICE},
    {EAI_MEMORY, XS_EAI_MEMORY},
#if defined(EAI_NODATA)
    {EAI_NODATA, XS_EAI_NODATA},
#endif
#if defined(EAI_ADDRFAMILY)
    {EAI_ADDRFAMILY, XS_EAI_NODATA},
#endif
    {EAI_BADFLAGS, XS_EINVAL},
#if defined(EAI_OVERFLOW)
    {EAI_OVERFLOW, XS_ENOSPC},
#endif
};

#define TABLE_LEN(t) (sizeof(t) / sizeof((t)[0]))

static int lookup(const code_pair *table, size_t n, int native) {
  for (size_t i = 0; i < n; i++) {
    if (table[i].native == native)
      return table[i].xs;
  }
  return XS_EUNKNOWN;
}

int xs__plat_error(int native) {
  xs__native_set(native);
  return lookup(errno_table, TABLE_LEN(errno_table), native);
}

int xs__plat_eai_error(int native) {
#if defined(EAI_SYSTEM)
  if (native == EAI_SYSTEM)
    return xs__plat_error(errno);
#endif
  xs__native_set(native);
  return lookup(eai_table, TABLE_LEN(eai_table), native);
}

int xs__plat_native_code(int code) {
  for (size_t i = 0; i < TABLE_LEN(errno_table); i++) {
    if (errno_table[i].xs == code)
      return errno_table[i].native;
  }
  return 0;
}

int xs__posix_errno(void) {
  return xs__plat_error(errno);
}
