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

static int w_connect(int fd, const struct sockaddr *sa, socklen_t len) {
  FAULT(XS__SYS_CONNECT);
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

/* The native poller's and the batches' calls, where the system has them
 * (the batches count as recvfrom and sendto). */
static void install_optional(void) {
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
  install_optional();
}

void xs__plat_fault_uninstall(void) {
  if (saved)
    xs__sys = real;
}
