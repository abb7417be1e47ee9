/* SPDX-License-Identifier: MIT */
/*
 * posix.h - private declarations of the POSIX platform layer: the xs__sys
 * table through which every OS call goes (the fault-injection seam, see
 * syscall.c and fault.c), and small helpers shared by the src/posix files.
 */
#ifndef XS_POSIX_POSIX_H
#define XS_POSIX_POSIX_H

#include "xs_config.h"

#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#ifdef XS_HAVE_EPOLL
#  include <sys/epoll.h>
#endif
#ifdef XS_HAVE_EVENTFD
#  include <sys/eventfd.h>
#endif
#ifdef XS_HAVE_KQUEUE
#  include <sys/event.h>
#endif
#ifdef XS_HAVE_GETIFADDRS
#  include <ifaddrs.h>
#endif

#include "common/internal.h"

/*
 * One pointer per OS call the layer makes. Entries named after an
 * enum xs__sysid value are the ones fault.c can wrap. recv and recvfrom are
 * both recvmsg(2) (so a truncated datagram is always seen); they are two
 * entries so that a test can fail either one alone.
 */
struct xs__sys_table {
  int (*socket)(int domain, int type, int protocol);
  int (*close)(int fd);
  int (*bind)(int fd, const struct sockaddr *sa, socklen_t len);
  int (*listen)(int fd, int backlog);
#ifdef XS_HAVE_ACCEPT4
  int (*accept4)(int fd, struct sockaddr *sa, socklen_t *len, int flags);
#else
  int (*accept)(int fd, struct sockaddr *sa, socklen_t *len);
#endif
  int (*connect)(int fd, const struct sockaddr *sa, socklen_t len);
  ssize_t (*send)(int fd, const void *buf, size_t len, int flags);
  ssize_t (*recv)(int fd, struct msghdr *msg, int flags);
  ssize_t (*sendto)(int fd, const void *buf, size_t len, int flags,
                    const struct sockaddr *sa, socklen_t salen);
  ssize_t (*recvfrom)(int fd, struct msghdr *msg, int flags);
  int (*shutdown)(int fd, int how);
  int (*setsockopt)(int fd, int level, int name, const void *val,
                    socklen_t len);
  int (*getsockopt)(int fd, int level, int name, void *val, socklen_t *len);
  int (*getsockname)(int fd, struct sockaddr *sa, socklen_t *len);
  int (*getpeername)(int fd, struct sockaddr *sa, socklen_t *len);
  int (*poll)(struct pollfd *fds, nfds_t n, int timeout_ms);
  int (*fcntl)(int fd, int cmd, ...);
  int (*getaddrinfo)(const char *host, const char *service,
                     const struct addrinfo *hints, struct addrinfo **res);
  void (*freeaddrinfo)(struct addrinfo *res);
  int (*socketpair)(int domain, int type, int protocol, int fds[2]);
  unsigned int (*if_nametoindex)(const char *name);
  char *(*if_indextoname)(unsigned int index, char *name);
#ifdef XS_HAVE_GETIFADDRS
  /* The interface list (iface.c). */
  int (*getifaddrs)(struct ifaddrs **list);
  void (*freeifaddrs)(struct ifaddrs *list);
#endif
  int (*clock_gettime)(clockid_t clock, struct timespec *ts);
  /* The poller's native backend (poller_epoll.c / poller_kqueue.c). */
#ifdef XS_HAVE_EPOLL
  int (*epoll_create1)(int flags);
  int (*epoll_ctl)(int epfd, int op, int fd, struct epoll_event *ev);
  int (*epoll_wait)(int epfd, struct epoll_event *evs, int max, int timeout);
#endif
#ifdef XS_HAVE_EVENTFD
  int (*eventfd)(unsigned int initval, int flags);
#endif
#ifdef XS_HAVE_KQUEUE
  int (*kqueue)(void);
  int (*kevent)(int kq, const struct kevent *changes, int nchanges,
                struct kevent *events, int nevents,
                const struct timespec *timeout);
#endif
#ifdef XS_HAVE_RECVMMSG
  int (*recvmmsg)(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
                  struct timespec *timeout);
#endif
#ifdef XS_HAVE_SENDMMSG
  int (*sendmmsg)(int fd, struct mmsghdr *msgs, unsigned int n, int flags);
#endif
  ssize_t (*read)(int fd, void *buf, size_t len);
  ssize_t (*write)(int fd, const void *buf, size_t len);
  /* The socket hand-off (handoff.c): a descriptor in SCM_RIGHTS. */
  ssize_t (*sendmsg)(int fd, const struct msghdr *msg, int flags);
  ssize_t (*recvmsg)(int fd, struct msghdr *msg, int flags);
  /* The services database (service.c): the reentrant calls where the
   * system has them with glibc's signature, else the classic ones. */
#ifdef XS_HAVE_GETSERVBYNAME_R
  int (*getservbyname_r)(const char *name, const char *proto,
                         struct servent *se, char *buf, size_t len,
                         struct servent **res);
#else
  struct servent *(*getservbyname)(const char *name, const char *proto);
#endif
#ifdef XS_HAVE_GETSERVBYPORT_R
  int (*getservbyport_r)(int port, const char *proto, struct servent *se,
                         char *buf, size_t len, struct servent **res);
#else
  struct servent *(*getservbyport)(int port, const char *proto);
#endif
};

/* Read-only except in the xsock_testing library, whose fault wrappers
 * replace entries. */
#ifdef XS_TESTING
#  define XS__SYS_CONST
#else
#  define XS__SYS_CONST const
#endif
extern XS__SYS_CONST struct xs__sys_table xs__sys;

/* XS_AF_* -> AF_*, or -1. */
int xs__posix_af(int family);
/* AF_* -> XS_AF_*, or -1. */
int xs__posix_family(int af);
/* XS_SOCK_* -> SOCK_* (XS_SOCK_ANY -> 0), or -1. */
int xs__posix_socktype(int type);

/* Translate errno (recording it). */
int xs__posix_errno(void);
/* 1 if fcntl(F_GETFL) says the socket is blocking, 0 if nonblocking or
 * unknown. */
int xs__posix_is_blocking(int fd);
/* A would-block report (err is EAGAIN or EWOULDBLOCK): XS_ETIMEDOUT on a
 * blocking socket whose timeout option timeo (SO_RCVTIMEO or SO_SNDTIMEO)
 * is set, as only its expiry makes a blocking call give up; else XS_EAGAIN.
 * Records err. Until xsock has given some socket a timeout (see
 * xs__posix_timeouts_used), no socket can have one, and the answer is
 * XS_EAGAIN without a system call. */
int xs__posix_wouldblock(int fd, int err, int timeo);
/* Called before xsock sets a receive or send timeout on any socket: from
 * then on (for the rest of the process) a would-block report is checked
 * with fcntl and getsockopt. */
void xs__posix_timeouts_used(void);
/* Translate the errno err of a failed send or receive on fd; timeo is the
 * timeout option of the direction (SO_SNDTIMEO / SO_RCVTIMEO). */
int xs__posix_io_error(int fd, int err, int timeo);
/* Set FD_CLOEXEC (read-modify-write). */
int xs__posix_cloexec(int fd);
/* SO_NOSIGPIPE where the system has it; 0 elsewhere. */
int xs__posix_nosigpipe(int fd);

#endif /* XS_POSIX_POSIX_H */
