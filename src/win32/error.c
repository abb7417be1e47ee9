/* SPDX-License-Identifier: MIT */
/*
 * error.c - Winsock (WSA...) and Win32 (ERROR_...) codes -> XS_E...
 *
 * Two data tables: one for socket calls, one for name resolution
 * (getaddrinfo's WSAHOST_NOT_FOUND, ...). Every translation records the
 * native code first, so xs_native_error() can still report a code that
 * became XS_EUNKNOWN. Where several native codes share a meaning the first
 * row of the group is the one xs__plat_native_code() gives back.
 */
#include "win32.h"

typedef struct err_row {
  int native;
  int code;
} err_row;

static const err_row sock_rows[] = {
    {WSAEWOULDBLOCK, XS_EAGAIN},
    {WSAEINTR, XS_EINTR},
    {WSAEINPROGRESS, XS_EINPROGRESS},
    {WSAEALREADY, XS_EALREADY},
    {WSAECONNREFUSED, XS_ECONNREFUSED},
    {ERROR_CONNECTION_REFUSED, XS_ECONNREFUSED},
    {WSAECONNRESET, XS_ECONNRESET},
    {ERROR_NETNAME_DELETED, XS_ECONNRESET},
    {WSAECONNABORTED, XS_ECONNABORTED},
    {ERROR_CONNECTION_ABORTED, XS_ECONNABORTED},
    /* A send after shutdown(SD_SEND) is EPIPE on POSIX. */
    {WSAESHUTDOWN, XS_EPIPE},
    {ERROR_BROKEN_PIPE, XS_EPIPE},
    {WSAETIMEDOUT, XS_ETIMEDOUT},
    {ERROR_SEM_TIMEOUT, XS_ETIMEDOUT},
    {ERROR_TIMEOUT, XS_ETIMEDOUT},
    {WSAEADDRINUSE, XS_EADDRINUSE},
    {ERROR_ALREADY_EXISTS, XS_EADDRINUSE},
    {ERROR_FILE_EXISTS, XS_EADDRINUSE},
    {WSAEADDRNOTAVAIL, XS_EADDRNOTAVAIL},
    {WSAEAFNOSUPPORT, XS_EAFNOSUPPORT},
    {WSAEPFNOSUPPORT, XS_EAFNOSUPPORT},
    {WSAEACCES, XS_EACCES},
    {ERROR_ACCESS_DENIED, XS_EACCES},
    {WSAEMFILE, XS_EMFILE},
    {ERROR_TOO_MANY_OPEN_FILES, XS_EMFILE},
    {WSAENOBUFS, XS_ENOBUFS},
    {WSAENOTCONN, XS_ENOTCONN},
    {WSAEISCONN, XS_EISCONN},
    {WSAEHOSTUNREACH, XS_EHOSTUNREACH},
    {ERROR_HOST_UNREACHABLE, XS_EHOSTUNREACH},
    {WSAENETUNREACH, XS_ENETUNREACH},
    {ERROR_NETWORK_UNREACHABLE, XS_ENETUNREACH},
    {WSAEMSGSIZE, XS_EMSGSIZE},
    {ERROR_MORE_DATA, XS_EMSGSIZE},
    {WSAEINVAL, XS_EINVAL},
    {WSAEFAULT, XS_EINVAL},
    {ERROR_INVALID_PARAMETER, XS_EINVAL},
    {WSANOTINITIALISED, XS_EINVAL},
    {WSA_NOT_ENOUGH_MEMORY, XS_ENOMEM}, /* = ERROR_NOT_ENOUGH_MEMORY */
    {ERROR_OUTOFMEMORY, XS_ENOMEM},
    /* STATUS_INSUFFICIENT_RESOURCES, STATUS_QUOTA_EXCEEDED (NT calls) */
    {ERROR_NO_SYSTEM_RESOURCES, XS_ENOMEM},
    {ERROR_NOT_ENOUGH_QUOTA, XS_ENOMEM},
    {WSAEOPNOTSUPP, XS_ENOTSUP},
    {WSAESOCKTNOSUPPORT, XS_ENOTSUP},
    {WSAVERNOTSUPPORTED, XS_ENOTSUP},
    {ERROR_NOT_SUPPORTED, XS_ENOTSUP},
    {WSAEBADF, XS_EBADF},
    {WSA_INVALID_HANDLE, XS_EBADF}, /* = ERROR_INVALID_HANDLE */
    /* Windows cannot tell a closed handle from one that is not a socket;
     * error.h: both are XS_EBADF, as a closed descriptor is on POSIX. */
    {WSAENOTSOCK, XS_EBADF},
    {ERROR_FILE_NOT_FOUND, XS_ENOENT}, /* AF_UNIX: no such path */
    {ERROR_PATH_NOT_FOUND, XS_ENOENT},
    {ERROR_PRIVILEGE_NOT_HELD, XS_EPERM},
    {WSAENETDOWN, XS_ENETDOWN},
    {WSASYSNOTREADY, XS_ENETDOWN},
    {WSAENETRESET, XS_ENETRESET},
    {WSAEHOSTDOWN, XS_EHOSTDOWN},
    {WSAENOPROTOOPT, XS_ENOPROTOOPT},
    {WSAEPROTONOSUPPORT, XS_EPROTONOSUPPORT},
    {WSAEPROTOTYPE, XS_EPROTOTYPE},
    {WSAEDESTADDRREQ, XS_EDESTADDRREQ},
    {WSAENAMETOOLONG, XS_ENAMETOOLONG},
    {ERROR_FILENAME_EXCED_RANGE, XS_ENAMETOOLONG},
    {WSAEPROCLIM, XS_ENFILE},
    {ERROR_BUSY, XS_EBUSY},
};

static const err_row eai_rows[] = {
    {WSAHOST_NOT_FOUND, XS_EAI_NONAME},
    {WSATRY_AGAIN, XS_EAI_AGAIN},
    {WSANO_RECOVERY, XS_EAI_FAIL},
    {WSANO_DATA, XS_EAI_NODATA},
    {WSATYPE_NOT_FOUND, XS_EAI_SERVICE},
    {WSAESOCKTNOSUPPORT, XS_EAI_SOCKTYPE},
    {WSAEAFNOSUPPORT, XS_EAI_FAMILY},
    {WSA_NOT_ENOUGH_MEMORY, XS_EAI_MEMORY},
    {WSAEINVAL, XS_EINVAL},
};

#define ROWS(t) (sizeof(t) / sizeof((t)[0]))

/* The XS code of native in rows, or 0 if it is not there. */
static int lookup(const err_row *rows, size_t n, int native) {
  for (size_t i = 0; i < n; i++)
    if (rows[i].native == native)
      return rows[i].code;
  return 0;
}

/* The first native code that becomes code in rows, or 0. */
static int reverse(const err_row *rows, size_t n, int code) {
  for (size_t i = 0; i < n; i++)
    if (rows[i].code == code)
      return rows[i].native;
  return 0;
}

int xs__plat_error(int native) {
  xs__native_set(native);
  int code = lookup(sock_rows, ROWS(sock_rows), native);
  return code != 0 ? code : XS_EUNKNOWN;
}

int xs__plat_eai_error(int native) {
  int code = lookup(eai_rows, ROWS(eai_rows), native);
  if (code == 0)
    return xs__plat_error(native); /* e.g. WSANOTINITIALISED */
  xs__native_set(native);
  return code;
}

int xs__plat_native_code(int code) {
  int native = reverse(sock_rows, ROWS(sock_rows), code);
  return native != 0 ? native : reverse(eai_rows, ROWS(eai_rows), code);
}
