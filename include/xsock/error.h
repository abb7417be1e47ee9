/* SPDX-License-Identifier: MIT */
/**
 * @file error.h
 * @brief The portable error model.
 *
 * Every xsock function that can fail returns an int: 0 on success or one of
 * the negative XS_E... codes below. The numbers are fixed and identical on
 * every platform (they are part of the ABI), so a program may compare,
 * store or transmit them. No xsock function reports through errno or
 * WSAGetLastError.
 *
 * Each platform translates its native codes (errno, WSA..., EAI_...) through
 * one table. A native code the table does not know becomes XS_EUNKNOWN, and
 * the native value stays available through xs_native_error().
 *
 * A value that is not an open socket (closed, or never opened) is
 * XS_EBADF from every function on every system. XS_ENOTSOCK is only
 * POSIX's answer for a descriptor that is open but not a socket (a file);
 * Windows cannot tell that case from a closed handle and says XS_EBADF.
 */
#ifndef XSOCK_ERROR_H
#define XSOCK_ERROR_H

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The error table: XX(NAME, value, message). NAME gives XS_NAME; the value
 * never changes once released; the message is what xs_strerror() returns.
 */
/* clang-format off */
#define XS_ERRNO_MAP(XX)                                                     \
  XX(EUNKNOWN, -1, "unknown error (see xs_native_error)")                   \
  XX(EAGAIN, -2, "resource temporarily unavailable (would block)")          \
  XX(EINTR, -3, "interrupted system call")                                  \
  XX(EINPROGRESS, -4, "operation in progress")                              \
  XX(EALREADY, -5, "operation already in progress")                         \
  XX(ECONNREFUSED, -6, "connection refused")                                \
  XX(ECONNRESET, -7, "connection reset by peer")                            \
  XX(ECONNABORTED, -8, "connection aborted")                                \
  XX(EPIPE, -9, "broken pipe")                                              \
  XX(ETIMEDOUT, -10, "operation timed out")                                 \
  XX(EADDRINUSE, -11, "address already in use")                             \
  XX(EADDRNOTAVAIL, -12, "address not available")                           \
  XX(EAFNOSUPPORT, -13, "address family not supported")                     \
  XX(EACCES, -14, "permission denied")                                      \
  XX(EMFILE, -15, "too many open files")                                    \
  XX(ENOBUFS, -16, "no buffer space available")                             \
  XX(ENOTCONN, -17, "socket is not connected")                              \
  XX(EISCONN, -18, "socket is already connected")                           \
  XX(EHOSTUNREACH, -19, "host is unreachable")                              \
  XX(ENETUNREACH, -20, "network is unreachable")                            \
  XX(EMSGSIZE, -21, "message too long")                                     \
  XX(EINVAL, -22, "invalid argument")                                       \
  XX(ENOMEM, -23, "not enough memory")                                      \
  XX(ENOTSUP, -24, "operation not supported")                               \
  XX(EBADF, -25, "bad socket handle")                                       \
  XX(ENOTSOCK, -26, "not a socket")                                         \
  XX(ENOENT, -27, "no such file or directory")                              \
  XX(EPERM, -28, "operation not permitted")                                 \
  XX(ENETDOWN, -29, "network is down")                                      \
  XX(ENETRESET, -30, "connection reset by network")                         \
  XX(EHOSTDOWN, -31, "host is down")                                        \
  XX(ESHUTDOWN, -32, "cannot send after socket shutdown")                   \
  XX(ENOPROTOOPT, -33, "protocol option not available")                     \
  XX(EPROTONOSUPPORT, -34, "protocol not supported")                        \
  XX(EPROTOTYPE, -35, "protocol wrong type for socket")                     \
  XX(EDESTADDRREQ, -36, "destination address required")                     \
  XX(ENAMETOOLONG, -37, "name too long")                                    \
  XX(ENOSPC, -38, "buffer too small for the result")                        \
  XX(EOF, -39, "end of stream")                                             \
  XX(EAI_NONAME, -40, "unknown host or service name")                       \
  XX(EAI_AGAIN, -41, "temporary failure in name resolution")                \
  XX(EAI_FAIL, -42, "non-recoverable failure in name resolution")           \
  XX(EAI_FAMILY, -43, "address family not supported for the name")         \
  XX(EAI_SOCKTYPE, -44, "socket type not supported for the name")           \
  XX(EAI_SERVICE, -45, "service not available for the socket type")         \
  XX(EAI_MEMORY, -46, "out of memory in name resolution")                   \
  XX(EAI_NODATA, -47, "the host has no address of the requested family")   \
  XX(ENFILE, -48, "too many open files in the system")                      \
  XX(EBUSY, -49, "resource busy")                                           \
  XX(EPROTO, -50, "protocol error")                                         \
  XX(EEXIST, -51, "already exists")
/* clang-format on */

/** The error codes. 0 is success; every error is negative. */
typedef enum xs_errno {
  XS_OK = 0,
/** @cond INTERNAL */
#define XS__ERR_ENUM(name, value, msg) XS_##name = (value),
  XS_ERRNO_MAP(XS__ERR_ENUM)
#undef XS__ERR_ENUM
  /** @endcond */
  XS__ERR_LAST = -51
} xs_errno;

/**
 * @brief Human-readable text for an error code.
 * @param code 0 or an XS_E... code.
 * @return A static string; "success" for 0, "unrecognized error code" for
 *         a value that is not in the table. Never NULL.
 */
XS_EXTERN const char *xs_strerror(int code);

/**
 * @brief The symbolic name of an error code, without the XS_ prefix.
 * @param code 0 or an XS_E... code.
 * @return "ECONNREFUSED" for XS_ECONNREFUSED, "OK" for 0, "EUNRECOGNIZED"
 *         for a value not in the table. A static string, never NULL.
 */
XS_EXTERN const char *xs_err_name(int code);

/**
 * @brief The native code behind the last xsock failure on this thread.
 *
 * Every failing call records the platform's own code (errno on POSIX,
 * WSAGetLastError() or GetLastError() on Windows, the getaddrinfo() result
 * code for name resolution) before translating it. Use it for
 * diagnostics, above all when a call returned XS_EUNKNOWN. Failures found by
 * xsock itself (bad arguments) record 0.
 *
 * @return The native code; 0 if no xsock call has failed on this thread.
 */
XS_EXTERN int xs_native_error(void);

#ifdef __cplusplus
}
#endif

#endif /* XSOCK_ERROR_H */
