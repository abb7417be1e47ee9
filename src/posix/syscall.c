/* SPDX-License-Identifier: MIT */
/*
 * syscall.c - the xs__sys table: the real OS calls of the POSIX layer.
 * Tests swap entries for the wrappers in fault.c.
 */
#include "posix/posix.h"

#include <fcntl.h>
#include <unistd.h>

XS__SYS_CONST struct xs__sys_table xs__sys = {
    .socket = socket,
    .close = close,
    .bind = bind,
    .listen = listen,
#ifdef XS_HAVE_ACCEPT4
    .accept4 = accept4,
#else
    .accept = accept,
#endif
    .connect = connect,
    .send = send,
    .recv = recvmsg,
    .sendto = sendto,
    .recvfrom = recvmsg,
    .shutdown = shutdown,
    .setsockopt = setsockopt,
    .getsockopt = getsockopt,
    .getsockname = getsockname,
    .getpeername = getpeername,
    .poll = poll,
    .fcntl = fcntl,
    .getaddrinfo = getaddrinfo,
    .freeaddrinfo = freeaddrinfo,
    .socketpair = socketpair,
    .if_nametoindex = if_nametoindex,
    .if_indextoname = if_indextoname,
#ifdef XS_HAVE_GETIFADDRS
    .getifaddrs = getifaddrs,
    .freeifaddrs = freeifaddrs,
#endif
    .clock_gettime = clock_gettime,
#ifdef XS_HAVE_EPOLL
    .epoll_create1 = epoll_create1,
    .epoll_ctl = epoll_ctl,
    .epoll_wait = epoll_wait,
#endif
#ifdef XS_HAVE_EVENTFD
    .eventfd = eventfd,
#endif
#ifdef XS_HAVE_KQUEUE
    .kqueue = kqueue,
    .kevent = kevent,
#endif
#ifdef XS_HAVE_RECVMMSG
    .recvmmsg = recvmmsg,
#endif
#ifdef XS_HAVE_SENDMMSG
    .sendmmsg = sendmmsg,
#endif
    .read = read,
    .write = write,
    .sendmsg = sendmsg,
    .recvmsg = recvmsg,
#ifdef XS_HAVE_GETSERVBYNAME_R
    .getservbyname_r = getservbyname_r,
#else
    .getservbyname = getservbyname,
#endif
#ifdef XS_HAVE_GETSERVBYPORT_R
    .getservbyport_r = getservbyport_r,
#else
    .getservbyport = getservbyport,
#endif
};
