/* SPDX-License-Identifier: MIT */
/*
 * socket.c - socket life cycle on Winsock: WSASocketW with the safe
 * defaults (no handle inheritance, IPV6_V6ONLY, UDP reset reports off),
 * bind, listen, accept, connect, shutdown, closesocket, addresses and
 * SO_ERROR.
 */
#include "win32.h"

#include <limits.h>
#include <string.h>

int xs__win_no_inherit(SOCKET s) {
  if (!xs__sys.set_handle_info((HANDLE)s, HANDLE_FLAG_INHERIT, 0))
    return xs__win_fail();
  return 0;
}

int xs__win_sock_family(SOCKET s, int *af) {
  WSAPROTOCOL_INFOW info;
  int len = (int)sizeof info;
  *af = AF_UNSPEC;
  memset(&info, 0, sizeof info);
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&info,
                         &len) != 0)
    return xs__win_fail();
  *af = info.iAddressFamily;
  return 0;
}

/* Turn one UDP reset report (SIO_UDP_CONNRESET / SIO_UDP_NETRESET) on
 * or off. A system without the ioctl (wine answers WSAEOPNOTSUPP for
 * NETRESET) has no such reports, so that failure is ignored. */
static int udp_report(SOCKET s, DWORD ioctl, BOOL on) {
  DWORD bytes = 0;
  if (xs__sys.wsaioctl(s, ioctl, &on, sizeof on, NULL, 0, &bytes, NULL, NULL) ==
      0)
    return 0;
  int native = xs__sys.last_error();
  if (native == WSAEOPNOTSUPP || native == WSAEINVAL)
    return 0;
  return xs__plat_error(native);
}

/* The safe defaults that need a created socket. */
static int apply_safe(SOCKET s, int af, int type) {
  int rc = 0;
  if (af == AF_INET6) {
    DWORD on = 1;
    if (xs__sys.setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&on,
                           sizeof on) != 0)
      return xs__win_fail();
  }
  if (type == SOCK_DGRAM && (af == AF_INET || af == AF_INET6)) {
    rc = udp_report(s, SIO_UDP_CONNRESET, FALSE);
    if (rc == 0)
      rc = udp_report(s, SIO_UDP_NETRESET, FALSE);
  }
  return rc;
}

/* WSASocketW; with safe, non-inheritable. Systems that reject
 * WSA_FLAG_NO_HANDLE_INHERIT (before Windows 7 SP1) get the flag cleared
 * on the handle afterwards. *out is INVALID_SOCKET on failure. */
static int create(int af, int type, int protocol, int safe, SOCKET *out) {
  DWORD flags = WSA_FLAG_OVERLAPPED;
  *out = INVALID_SOCKET;
  SOCKET s = xs__sys.wsasocket(af, type, protocol, NULL, 0,
                               flags | (safe ? WSA_FLAG_NO_HANDLE_INHERIT : 0));
  if (s == INVALID_SOCKET && safe && xs__sys.last_error() == WSAEINVAL) {
    s = xs__sys.wsasocket(af, type, protocol, NULL, 0, flags);
    int rc = s != INVALID_SOCKET ? xs__win_no_inherit(s) : 0;
    if (rc != 0) {
      xs__sys.closesocket(s);
      return rc;
    }
  }
  if (s == INVALID_SOCKET)
    return xs__win_fail();
  *out = s;
  return 0;
}

int xs__plat_socket(int family, int type, int protocol, int flags,
                    xs_socket_t *out) {
  int safe = flags & XS__SAFE;
  *out = XS_INVALID_SOCKET;
  int rc = xs__plat_ensure();
  if (rc != 0)
    return rc;
  int af = xs__win_af(family);
  int st = xs__win_type(type);
  if (af <= 0 || st <= 0)
    return xs__einval();
  SOCKET s;
  rc = create(af, st, protocol, safe, &s);
  if (rc != 0)
    return rc;
  if (safe)
    rc = apply_safe(s, af, st);
  if (rc == 0 && (flags & XS_SOCK_NONBLOCK))
    rc = xs__plat_set_nonblocking(s, 1);
  if (rc != 0) {
    xs__sys.closesocket(s);
    return rc;
  }
  *out = s;
  return 0;
}

/* A handle that is no longer (or never was) an open socket gives
 * WSAENOTSOCK, which the error table turns into XS_EBADF. */
int xs__plat_close(xs_socket_t s) {
  xs__win_error_forget(s);
  if (xs__sys.closesocket(s) == 0)
    return 0;
  return xs__win_fail();
}

int xs__plat_bind(xs_socket_t s, const xs_addr *addr) {
  xs__win_sa sa;
  int rc = xs__win_sa_from(&sa, addr);
  if (rc != 0)
    return rc;
  if (xs__sys.bind(s, (const struct sockaddr *)&sa.ss, sa.len) != 0)
    return xs__win_fail();
  return 0;
}

int xs__plat_listen(xs_socket_t s, int backlog) {
  if (xs__sys.listen(s, backlog <= 0 ? SOMAXCONN : backlog) != 0)
    return xs__win_fail();
  return 0;
}

/* An accepted socket inherits the listener's nonblocking mode on Windows
 * and may be inheritable: make it private, in the mode flags ask for. */
static int accepted_setup(SOCKET c, int flags) {
  u_long mode = (flags & XS_SOCK_NONBLOCK) ? 1 : 0;
  int rc = xs__win_no_inherit(c);
  if (rc != 0)
    return rc;
  if (xs__sys.ioctlsocket(c, (long)FIONBIO, &mode) != 0)
    return xs__win_fail();
  return 0;
}

/* The listener's receive timeout in milliseconds (0: none). */
static int recv_timeout(SOCKET s, int *ms) {
  DWORD v = 0;
  int len = (int)sizeof v;
  *ms = 0;
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&v, &len) != 0)
    return xs__win_fail();
  *ms = v > (DWORD)INT_MAX ? INT_MAX : (int)v;
  return 0;
}

/* Winsock accept() ignores SO_RCVTIMEO: with a timeout set, wait for a
 * queued connection first (XS_ETIMEDOUT, native 0, when none comes). The
 * wait happens even on a nonblocking listener, whose mode Windows cannot
 * report. */
static int accept_one(SOCKET s, const xs__deadline *d, SOCKADDR_STORAGE *ss,
                      int *len, SOCKET *c) {
  if (d != NULL) {
    int rc = xs__wait(s, XS_POLLIN, d);
    if (rc != 0)
      return rc;
  }
  *len = (int)sizeof *ss;
  memset(ss, 0, sizeof *ss);
  *c = xs__sys.accept(s, (struct sockaddr *)ss, len);
  if (*c != INVALID_SOCKET)
    return 0;
  return xs__plat_error(xs__sys.last_error());
}

/* The peer's address into peer (zeroed when there is no usable one). */
static int accepted_peer(xs_addr *peer, const SOCKADDR_STORAGE *ss, int len) {
  int rc = 0;
  if (peer == NULL)
    return 0;
  memset(peer, 0, sizeof *peer);
  if (len > 0)
    rc = xs__plat_from_sockaddr(peer, ss, (size_t)len);
  if (rc == XS_EAFNOSUPPORT)
    rc = 0; /* no usable address: peer stays zeroed (XS_AF_UNSPEC) */
  return rc;
}

int xs__plat_accept(xs_socket_t s, xs_socket_t *out, xs_addr *peer, int flags) {
  SOCKADDR_STORAGE ss;
  int len = 0, ms, rc;
  SOCKET c = INVALID_SOCKET;
  xs__deadline d;
  *out = XS_INVALID_SOCKET;
  if ((rc = recv_timeout(s, &ms)) != 0)
    return rc;
  if (ms > 0)
    xs__deadline_start(&d, ms);
  /* A peer that reset while queued: take the next one (a nonblocking
   * listener then reports WSAEWOULDBLOCK). */
  do {
    rc = accept_one(s, ms > 0 ? &d : NULL, &ss, &len, &c);
  } while (rc == XS_EINTR || rc == XS_ECONNRESET || rc == XS_ECONNABORTED);
  if (rc != 0)
    return rc;
  rc = accepted_setup(c, flags);
  if (rc == 0)
    rc = accepted_peer(peer, &ss, len);
  if (rc != 0) {
    xs__sys.closesocket(c);
    return rc;
  }
  *out = c;
  return 0;
}

/* After an interrupted blocking connect: wait for the outcome. */
static int connect_outcome(xs_socket_t s) {
  xs__deadline d;
  int err = 0;
  xs__deadline_start(&d, XS_INFINITE);
  int rc = xs__wait(s, XS_POLLOUT, &d);
  if (rc == 0)
    rc = xs__plat_sock_error(s, &err);
  return rc != 0 ? rc : err;
}

/* A connected UDP socket hears of its peer's closed port (the next
 * receive is XS_ECONNREFUSED, as on POSIX); an unconnected one keeps
 * ignoring such reports (socket.h). */
static int connected_udp(SOCKET s) {
  int family, type;
  int rc = xs__plat_sock_kind(s, &family, &type);
  if (rc == 0 && type == XS_SOCK_DGRAM &&
      (family == XS_AF_INET || family == XS_AF_INET6))
    rc = udp_report(s, SIO_UDP_CONNRESET, TRUE);
  return rc;
}

int xs__plat_connect(xs_socket_t s, const xs_addr *addr) {
  xs__win_sa sa;
  int rc = xs__win_sa_from(&sa, addr);
  if (rc != 0)
    return rc;
  if (xs__sys.connect(s, (const struct sockaddr *)&sa.ss, sa.len) == 0)
    return connected_udp(s);
  int native = xs__sys.last_error();
  if (native == WSAEWOULDBLOCK || native == WSAEINPROGRESS) {
    xs__native_set(native);
    return XS_EINPROGRESS;
  }
  if (native == WSAEINTR)
    return connect_outcome(s);
  return xs__plat_error(native);
}

int xs__plat_sock_shutdown(xs_socket_t s, int how) {
  int sd;
  switch (how) {
  case XS_SHUT_RD:
    sd = SD_RECEIVE;
    break;
  case XS_SHUT_WR:
    sd = SD_SEND;
    break;
  case XS_SHUT_RDWR:
    sd = SD_BOTH;
    break;
  default:
    return xs__einval();
  }
  if (xs__sys.shutdown(s, sd) != 0)
    return xs__win_fail();
  return 0;
}

/* getsockname / getpeername into an xs_addr; *native receives the OS
 * code of a failure (0 on success). */
static int name_of(xs_socket_t s, xs_addr *addr,
                   int(WSAAPI *fn)(SOCKET, struct sockaddr *, int *),
                   int *native) {
  SOCKADDR_STORAGE ss;
  int len = (int)sizeof ss;
  *native = 0;
  memset(&ss, 0, sizeof ss);
  memset(addr, 0, sizeof *addr);
  if (fn(s, (struct sockaddr *)&ss, &len) != 0) {
    *native = xs__sys.last_error();
    return xs__plat_error(*native);
  }
  return xs__plat_from_sockaddr(addr, &ss, (size_t)len);
}

/* getsockname on an unbound socket fails with WSAEINVAL on Windows, where
 * POSIX gives the any address of the socket's family with port 0 (an
 * empty path for AF_UNIX): give that here too. */
int xs__plat_local_addr(xs_socket_t s, xs_addr *addr) {
  int native, af;
  int rc = name_of(s, addr, xs__sys.getsockname, &native);
  if (rc == 0 || native != WSAEINVAL)
    return rc;
  int code = rc;
  if ((rc = xs__win_sock_family(s, &af)) != 0)
    return rc;
  int family = xs__win_xs_af(af);
  if (family != XS_AF_INET && family != XS_AF_INET6 && family != XS_AF_UNIX) {
    xs__native_set(native);
    return code;
  }
  memset(addr, 0, sizeof *addr);
  addr->family = (uint16_t)family;
  return 0;
}

int xs__plat_peer_addr(xs_socket_t s, xs_addr *addr) {
  int native;
  return name_of(s, addr, xs__sys.getpeername, &native);
}
