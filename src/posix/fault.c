/* SPDX-License-Identifier: MIT */
/*
 * fault.c - the fault-injection wrappers of the POSIX seam (xsock_testing
 * only). Each wrapper asks the plan in src/common/fault.c whether to fail
 * (then sets errno and returns -1) and, for the byte movers, how many bytes
 * it may move; otherwise it calls the real entry saved at install time.
 */
#include "posix/posix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/uio.h>

#include "common/fault.h"

#include <netdb.h>
#include <stddef.h>

static struct xs__sys_table real;
static int saved;

/* Fail the call with the planned error, if there is one. */
#define FAULT(id)                                                              \
  do {                                                                         \
    int native_ = xs__fault_check(id);                                         \
    if (native_ != 0) {                                                        \
      errno = native_;                                                         \
      return -1;                                                               \
    }                                                                          \
  } while (0)

static int w_socket(int domain, int type, int protocol) {
  FAULT(XS__SYS_SOCKET);
  return real.socket(domain, type, protocol);
}

/* A failed close still releases the descriptor, as close(2) does on
 * EINTR or EIO, so a test's planned failure leaks nothing. */
static int w_close(int fd) {
  int native = xs__fault_check(XS__SYS_CLOSE);
  int rc = real.close(fd);
  if (native != 0) {
    errno = native;
    return -1;
  }
  return rc;
}

static int w_bind(int fd, const struct sockaddr *sa, socklen_t len) {
  FAULT(XS__SYS_BIND);
  return real.bind(fd, sa, len);
}

static int w_listen(int fd, int backlog) {
  FAULT(XS__SYS_LISTEN);
  return real.listen(fd, backlog);
}

#ifdef XS_HAVE_ACCEPT4
static int w_accept(int fd, struct sockaddr *sa, socklen_t *len, int flags) {
  FAULT(XS__SYS_ACCEPT);
  return real.accept4(fd, sa, len, flags);
}
#else
static int w_accept(int fd, struct sockaddr *sa, socklen_t *len) {
  FAULT(XS__SYS_ACCEPT);
  return real.accept(fd, sa, len);
}
#endif

/* An interrupted connect goes on in the background, as connect(2) does on
 * EINTR: the real call is made, then EINTR reported. */
static int w_connect(int fd, const struct sockaddr *sa, socklen_t len) {
  int native = xs__fault_check(XS__SYS_CONNECT);
  if (native == EINTR)
    (void)real.connect(fd, sa, len);
  if (native != 0) {
    errno = native;
    return -1;
  }
  return real.connect(fd, sa, len);
}

static ssize_t w_send(int fd, const void *buf, size_t len, int flags) {
  FAULT(XS__SYS_SEND);
  return real.send(fd, buf, xs__fault_cap(XS__SYS_SEND, len), flags);
}

static ssize_t w_sendto(int fd, const void *buf, size_t len, int flags,
                        const struct sockaddr *sa, socklen_t salen) {
  FAULT(XS__SYS_SENDTO);
  return real.sendto(fd, buf, xs__fault_cap(XS__SYS_SENDTO, len), flags, sa,
                     salen);
}

/* recvmsg with the first buffer capped; a capped call reads into that one
 * buffer only. The kernel's results are copied back into msg. */
static ssize_t capped_recvmsg(ssize_t (*fn)(int, struct msghdr *, int), int id,
                              int fd, struct msghdr *msg, int flags) {
  if (msg->msg_iovlen < 1)
    return fn(fd, msg, flags);
  struct iovec iov = msg->msg_iov[0];
  size_t cap = xs__fault_cap(id, iov.iov_len);
  if (cap == iov.iov_len && msg->msg_iovlen == 1)
    return fn(fd, msg, flags);
  struct msghdr m = *msg;
  iov.iov_len = cap;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  ssize_t n = fn(fd, &m, flags);
  msg->msg_namelen = m.msg_namelen;
  msg->msg_controllen = m.msg_controllen;
  msg->msg_flags = m.msg_flags;
  return n;
}

static ssize_t w_recv(int fd, struct msghdr *msg, int flags) {
  FAULT(XS__SYS_RECV);
  return capped_recvmsg(real.recv, XS__SYS_RECV, fd, msg, flags);
}

static ssize_t w_recvfrom(int fd, struct msghdr *msg, int flags) {
  FAULT(XS__SYS_RECVFROM);
  return capped_recvmsg(real.recvfrom, XS__SYS_RECVFROM, fd, msg, flags);
}

static int w_poll(struct pollfd *fds, nfds_t n, int timeout_ms) {
  FAULT(XS__SYS_POLL);
  return real.poll(fds, n, timeout_ms);
}

static int w_setsockopt(int fd, int level, int name, const void *val,
                        socklen_t len) {
  FAULT(XS__SYS_SETSOCKOPT);
  return real.setsockopt(fd, level, name, val, len);
}

/* The layer calls fcntl with F_GETFL / F_GETFD (no third argument) and
 * F_SETFL / F_SETFD (an int). */
static int w_fcntl(int fd, int cmd, ...) {
  FAULT(XS__SYS_FCNTL);
  if (cmd != F_SETFL && cmd != F_SETFD)
    return real.fcntl(fd, cmd);
  va_list ap;
  va_start(ap, cmd);
  int arg = va_arg(ap, int);
  va_end(ap);
  return real.fcntl(fd, cmd, arg);
}

static int w_getsockopt(int fd, int level, int name, void *val,
                        socklen_t *len) {
  FAULT(XS__SYS_GETSOCKOPT);
  return real.getsockopt(fd, level, name, val, len);
}

/* The planned value is the EAI_ code getaddrinfo returns. */
static int w_getaddrinfo(const char *host, const char *service,
                         const struct addrinfo *hints, struct addrinfo **res) {
  int native = xs__fault_check(XS__SYS_GETADDRINFO);
  if (native != 0) {
    *res = NULL;
    return native;
  }
  return real.getaddrinfo(host, service, hints, res);
}

static int w_shutdown(int fd, int how) {
  FAULT(XS__SYS_SHUTDOWN);
  return real.shutdown(fd, how);
}

static int w_getsockname(int fd, struct sockaddr *sa, socklen_t *len) {
  FAULT(XS__SYS_GETSOCKNAME);
  return real.getsockname(fd, sa, len);
}

static int w_getpeername(int fd, struct sockaddr *sa, socklen_t *len) {
  FAULT(XS__SYS_GETPEERNAME);
  return real.getpeername(fd, sa, len);
}

static int w_socketpair(int domain, int type, int protocol, int fds[2]) {
  FAULT(XS__SYS_SOCKETPAIR);
  return real.socketpair(domain, type, protocol, fds);
}

/* if_nametoindex reports failure as 0, if_indextoname as NULL. */
static unsigned int w_if_nametoindex(const char *name) {
  int native = xs__fault_check(XS__SYS_IFINDEX);
  if (native != 0) {
    errno = native;
    return 0;
  }
  return real.if_nametoindex(name);
}

static char *w_if_indextoname(unsigned int index, char *name) {
  int native = xs__fault_check(XS__SYS_IFINDEX);
  if (native != 0) {
    errno = native;
    return NULL;
  }
  return real.if_indextoname(index, name);
}

static ssize_t w_read(int fd, void *buf, size_t len) {
  FAULT(XS__SYS_WAKE_READ);
  return real.read(fd, buf, len);
}

static ssize_t w_write(int fd, const void *buf, size_t len) {
  FAULT(XS__SYS_WAKE);
  return real.write(fd, buf, len);
}

static ssize_t w_sendmsg(int fd, const struct msghdr *msg, int flags) {
  FAULT(XS__SYS_HANDOFF_SEND);
  return real.sendmsg(fd, msg, flags);
}

static ssize_t w_recvmsg(int fd, struct msghdr *msg, int flags) {
  FAULT(XS__SYS_HANDOFF_RECV);
  return real.recvmsg(fd, msg, flags);
}

#ifdef XS_HAVE_EVENTFD
static int w_eventfd(unsigned int initval, int flags) {
  FAULT(XS__SYS_WAKE_OPEN);
  return real.eventfd(initval, flags);
}
#endif

#ifdef XS_HAVE_EPOLL
static int w_epoll_create1(int flags) {
  FAULT(XS__SYS_POLLER_OPEN);
  return real.epoll_create1(flags);
}

static int w_epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev) {
  FAULT(XS__SYS_POLLER_CTL);
  return real.epoll_ctl(epfd, op, fd, ev);
}

static int w_epoll_wait(int epfd, struct epoll_event *evs, int max,
                        int timeout) {
  FAULT(XS__SYS_POLLER_WAIT);
  return real.epoll_wait(epfd, evs, max, timeout);
}
#endif

#ifdef XS_HAVE_KQUEUE
static int w_kqueue(void) {
  FAULT(XS__SYS_POLLER_OPEN);
  return real.kqueue();
}

/* A call with changes is a registration (CTL), one without a wait. */
static int w_kevent(int kq, const struct kevent *changes, int nchanges,
                    struct kevent *events, int nevents,
                    const struct timespec *timeout) {
  FAULT(nchanges > 0 ? XS__SYS_POLLER_CTL : XS__SYS_POLLER_WAIT);
  return real.kevent(kq, changes, nchanges, events, nevents, timeout);
}
#endif

#ifdef XS_HAVE_GETIFADDRS
static int w_getifaddrs(struct ifaddrs **list) {
  FAULT(XS__SYS_IFLIST);
  return real.getifaddrs(list);
}
#endif

#ifdef XS_HAVE_RECVMMSG
static int w_recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
                      struct timespec *timeout) {
  FAULT(XS__SYS_RECVFROM);
  return real.recvmmsg(fd, msgs, n, flags, timeout);
}
#endif

#ifdef XS_HAVE_SENDMMSG
static int w_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags) {
  FAULT(XS__SYS_SENDTO);
  return real.sendmmsg(fd, msgs, n, flags);
}
#endif

/* The services database: the reentrant calls return the error code, the
 * classic ones NULL with errno set. */
#ifdef XS_HAVE_GETSERVBYNAME_R
static int w_getservbyname_r(const char *name, const char *proto,
                             struct servent *se, char *buf, size_t len,
                             struct servent **res) {
  int native = xs__fault_check(XS__SYS_SERVBYNAME);
  if (native != 0) {
    *res = NULL;
    return native;
  }
  return real.getservbyname_r(name, proto, se, buf, len, res);
}
#else
static struct servent *w_getservbyname(const char *name, const char *proto) {
  int native = xs__fault_check(XS__SYS_SERVBYNAME);
  if (native != 0) {
    errno = native;
    return NULL;
  }
  return real.getservbyname(name, proto);
}
#endif

#ifdef XS_HAVE_GETSERVBYPORT_R
static int w_getservbyport_r(int port, const char *proto, struct servent *se,
                             char *buf, size_t len, struct servent **res) {
  int native = xs__fault_check(XS__SYS_SERVBYPORT);
  if (native != 0) {
    *res = NULL;
    return native;
  }
  return real.getservbyport_r(port, proto, se, buf, len, res);
}
#else
static struct servent *w_getservbyport(int port, const char *proto) {
  int native = xs__fault_check(XS__SYS_SERVBYPORT);
  if (native != 0) {
    errno = native;
    return NULL;
  }
  return real.getservbyport(port, proto);
}
#endif

/* The native poller's and the batches' calls, where the system has them
 * (the batches count as recvfrom and sendto). */
static void install_optional(void) {
#ifdef XS_HAVE_GETSERVBYNAME_R
  xs__sys.getservbyname_r = w_getservbyname_r;
#else
  xs__sys.getservbyname = w_getservbyname;
#endif
#ifdef XS_HAVE_GETSERVBYPORT_R
  xs__sys.getservbyport_r = w_getservbyport_r;
#else
  xs__sys.getservbyport = w_getservbyport;
#endif
#ifdef XS_HAVE_EVENTFD
  xs__sys.eventfd = w_eventfd;
#endif
#ifdef XS_HAVE_GETIFADDRS
  xs__sys.getifaddrs = w_getifaddrs;
#endif
#ifdef XS_HAVE_RECVMMSG
  xs__sys.recvmmsg = w_recvmmsg;
#endif
#ifdef XS_HAVE_SENDMMSG
  xs__sys.sendmmsg = w_sendmmsg;
#endif
#ifdef XS_HAVE_EPOLL
  xs__sys.epoll_create1 = w_epoll_create1;
  xs__sys.epoll_ctl = w_epoll_ctl;
  xs__sys.epoll_wait = w_epoll_wait;
#endif
#ifdef XS_HAVE_KQUEUE
  xs__sys.kqueue = w_kqueue;
  xs__sys.kevent = w_kevent;
#endif
}

void xs__plat_fault_install(void) {
  if (!saved) {
    real = xs__sys;
    saved = 1;
  }
  xs__sys.socket = w_socket;
  xs__sys.close = w_close;
  xs__sys.bind = w_bind;
  xs__sys.listen = w_listen;
#ifdef XS_HAVE_ACCEPT4
  xs__sys.accept4 = w_accept;
#else
  xs__sys.accept = w_accept;
#endif
  xs__sys.connect = w_connect;
  xs__sys.send = w_send;
  xs__sys.recv = w_recv;
  xs__sys.sendto = w_sendto;
  xs__sys.recvfrom = w_recvfrom;
  xs__sys.poll = w_poll;
  xs__sys.setsockopt = w_setsockopt;
  xs__sys.getsockopt = w_getsockopt;
  xs__sys.fcntl = w_fcntl;
  xs__sys.getaddrinfo = w_getaddrinfo;
  xs__sys.shutdown = w_shutdown;
  xs__sys.getsockname = w_getsockname;
  xs__sys.getpeername = w_getpeername;
  xs__sys.socketpair = w_socketpair;
  xs__sys.if_nametoindex = w_if_nametoindex;
  xs__sys.if_indextoname = w_if_indextoname;
  xs__sys.read = w_read;
  xs__sys.write = w_write;
  xs__sys.sendmsg = w_sendmsg;
  xs__sys.recvmsg = w_recvmsg;
  install_optional();
}

void xs__plat_fault_uninstall(void) {
  if (saved)
    xs__sys = real;
}

/* ---- the listing ----------------------------------------------------------
 * Every slot of struct xs__sys_table, with the id its wrapper answers to;
 * -1 for the calls that cannot fail (freeing, reading the clock). */
#define E(slot, id)                                                            \
  { #slot, offsetof(struct xs__sys_table, slot), id }

static const xs__sys_entry entries[] = {
    E(socket, XS__SYS_SOCKET),
    E(close, XS__SYS_CLOSE),
    E(bind, XS__SYS_BIND),
    E(listen, XS__SYS_LISTEN),
#ifdef XS_HAVE_ACCEPT4
    E(accept4, XS__SYS_ACCEPT),
#else
    E(accept, XS__SYS_ACCEPT),
#endif
    E(connect, XS__SYS_CONNECT),
    E(send, XS__SYS_SEND),
    E(recv, XS__SYS_RECV),
    E(sendto, XS__SYS_SENDTO),
    E(recvfrom, XS__SYS_RECVFROM),
    E(shutdown, XS__SYS_SHUTDOWN),
    E(setsockopt, XS__SYS_SETSOCKOPT),
    E(getsockopt, XS__SYS_GETSOCKOPT),
    E(getsockname, XS__SYS_GETSOCKNAME),
    E(getpeername, XS__SYS_GETPEERNAME),
    E(poll, XS__SYS_POLL),
    E(fcntl, XS__SYS_FCNTL),
    E(getaddrinfo, XS__SYS_GETADDRINFO),
    E(freeaddrinfo, -1),
    E(socketpair, XS__SYS_SOCKETPAIR),
    E(if_nametoindex, XS__SYS_IFINDEX),
    E(if_indextoname, XS__SYS_IFINDEX),
#ifdef XS_HAVE_GETIFADDRS
    E(getifaddrs, XS__SYS_IFLIST),
    E(freeifaddrs, -1),
#endif
    E(clock_gettime, -1),
#ifdef XS_HAVE_EPOLL
    E(epoll_create1, XS__SYS_POLLER_OPEN),
    E(epoll_ctl, XS__SYS_POLLER_CTL),
    E(epoll_wait, XS__SYS_POLLER_WAIT),
#endif
#ifdef XS_HAVE_EVENTFD
    E(eventfd, XS__SYS_WAKE_OPEN),
#endif
#ifdef XS_HAVE_KQUEUE
    E(kqueue, XS__SYS_POLLER_OPEN),
    E(kevent, XS__SYS_POLLER_CTL),
#endif
#ifdef XS_HAVE_RECVMMSG
    E(recvmmsg, XS__SYS_RECVFROM),
#endif
#ifdef XS_HAVE_SENDMMSG
    E(sendmmsg, XS__SYS_SENDTO),
#endif
    E(read, XS__SYS_WAKE_READ),
    E(write, XS__SYS_WAKE),
    E(sendmsg, XS__SYS_HANDOFF_SEND),
    E(recvmsg, XS__SYS_HANDOFF_RECV),
#ifdef XS_HAVE_GETSERVBYNAME_R
    E(getservbyname_r, XS__SYS_SERVBYNAME),
#else
    E(getservbyname, XS__SYS_SERVBYNAME),
#endif
#ifdef XS_HAVE_GETSERVBYPORT_R
    E(getservbyport_r, XS__SYS_SERVBYPORT),
#else
    E(getservbyport, XS__SYS_SERVBYPORT),
#endif
};
#undef E

/* A slot added to the table without an entry here fails the build. */
_Static_assert(sizeof entries / sizeof entries[0] ==
                   sizeof(struct xs__sys_table) / sizeof(void (*)(void)),
               "every xs__sys slot needs an entry in the listing");

const xs__sys_entry *xs__plat_sys_list(size_t *count) {
  *count = sizeof entries / sizeof entries[0];
  return entries;
}

int xs__plat_sys_wrapped(size_t offset) {
  if (!saved || offset + sizeof(void (*)(void)) > sizeof real)
    return 0;
  return memcmp((const char *)&xs__sys + offset, (const char *)&real + offset,
                sizeof(void (*)(void))) != 0;
}

int xs__plat_fault_default(int id) {
  if (id == XS__SYS_GETADDRINFO)
    return EAI_MEMORY;
  if (id == XS__SYS_IFLIST || id == XS__SYS_WAKE_OPEN ||
      id == XS__SYS_POLLER_OPEN)
    return ENOMEM;
  return ENOBUFS;
}
