/* SPDX-License-Identifier: MIT */
/**
 * @file types.h
 * @brief The socket handle and the small enums shared by the API.
 */
#ifndef XSOCK_TYPES_H
#define XSOCK_TYPES_H

#include <stddef.h>
#include <stdint.h>

/**
 * xs_socket_t is the operating system's own handle: an int file descriptor
 * on POSIX and a SOCKET on Windows (declared here without <winsock2.h>; the
 * two types are the same size and the library checks it at build time). It
 * can be passed as it is to select(), poll(), epoll, WSAPoll or another
 * event loop.
 */
#if defined(_WIN32)
#  if defined(_WIN64)
typedef unsigned long long xs_socket_t;
#  else
typedef unsigned int xs_socket_t;
#  endif
/** The value of no socket (INVALID_SOCKET). */
#  define XS_INVALID_SOCKET ((xs_socket_t) ~(xs_socket_t)0)
#else
typedef int xs_socket_t;
/** The value of no socket (-1). */
#  define XS_INVALID_SOCKET (-1)
#endif

/** Address families. The values are xsock's own, not the OS's AF_*. */
typedef enum xs_family {
  XS_AF_UNSPEC = 0, /**< any family (resolution hints) / no address */
  XS_AF_INET = 1,   /**< IPv4 */
  XS_AF_INET6 = 2,  /**< IPv6 */
  XS_AF_UNIX = 3    /**< UNIX domain (local) sockets */
} xs_family;

/** Socket types. */
typedef enum xs_socktype {
  XS_SOCK_ANY = 0,    /**< any type (resolution hints only) */
  XS_SOCK_STREAM = 1, /**< reliable byte stream: TCP, or UNIX stream */
  XS_SOCK_DGRAM = 2   /**< datagrams: UDP */
} xs_socktype;

/**
 * Flag: the new socket is nonblocking from the start. OR it into the type
 * of xs_socket_open() / xs_socket_open_raw(), or pass it to
 * xs_socket_accept_flags() / xs_socketpair_flags(). Where the system can
 * (Linux: SOCK_NONBLOCK, accept4), no extra system call is made.
 */
#define XS_SOCK_NONBLOCK 0x100

/** Which direction xs_socket_shutdown() closes. */
typedef enum xs_shutdown_how {
  XS_SHUT_RD = 0,  /**< no more receives */
  XS_SHUT_WR = 1,  /**< no more sends: the peer reads end of stream */
  XS_SHUT_RDWR = 2 /**< both */
} xs_shutdown_how;

/** A timeout of this many milliseconds means "wait for ever". */
#define XS_INFINITE (-1)

#endif /* XSOCK_TYPES_H */
