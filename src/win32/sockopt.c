/* SPDX-License-Identifier: MIT */
/*
 * sockopt.c - socket options on Winsock, one table row per enum xs__opt:
 * level, name and the C type Windows wants (BOOL, DWORD or int). Timeouts
 * are DWORD milliseconds; the listener reuse policy is SO_EXCLUSIVEADDRUSE
 * (never SO_REUSEADDR, which lets a second live socket take the port);
 * multicast options follow the socket's own family.
 */
#include "win32.h"

#include <limits.h>
#include <string.h>

enum kind { K_BOOL, K_DWORD, K_INT };

typedef struct opt_row {
  int level;
  int name;
  enum kind kind;
  int keepalive_time; /* 1: newer Windows only; rejection is XS_ENOTSUP */
} opt_row;

/* Rows for XS__OPT_*; MCAST_LOOP / MCAST_TTL hold the IPv4 form and are
 * switched to IPv6 by mcast_row(). */
static const opt_row rows[XS__OPT_COUNT] = {
    [XS__OPT_NODELAY] = {IPPROTO_TCP, TCP_NODELAY, K_BOOL, 0},
    [XS__OPT_KEEPALIVE] = {SOL_SOCKET, SO_KEEPALIVE, K_BOOL, 0},
    [XS__OPT_KEEPIDLE] = {IPPROTO_TCP, TCP_KEEPALIVE, K_DWORD, 1},
    [XS__OPT_KEEPINTVL] = {IPPROTO_TCP, TCP_KEEPINTVL, K_DWORD, 1},
    [XS__OPT_RCVBUF] = {SOL_SOCKET, SO_RCVBUF, K_INT, 0},
    [XS__OPT_SNDBUF] = {SOL_SOCKET, SO_SNDBUF, K_INT, 0},
    [XS__OPT_RCVTIMEO] = {SOL_SOCKET, SO_RCVTIMEO, K_DWORD, 0},
    [XS__OPT_SNDTIMEO] = {SOL_SOCKET, SO_SNDTIMEO, K_DWORD, 0},
    [XS__OPT_V6ONLY] = {IPPROTO_IPV6, IPV6_V6ONLY, K_BOOL, 0},
    [XS__OPT_REUSEADDR] = {SOL_SOCKET, SO_EXCLUSIVEADDRUSE, K_BOOL, 0},
    [XS__OPT_BROADCAST] = {SOL_SOCKET, SO_BROADCAST, K_BOOL, 0},
    [XS__OPT_MCAST_LOOP] = {IPPROTO_IP, IP_MULTICAST_LOOP, K_BOOL, 0},
    [XS__OPT_MCAST_TTL] = {IPPROTO_IP, IP_MULTICAST_TTL, K_DWORD, 0},
};

/* The row for opt on s (multicast rows follow the family). *row is
 * written on every path, zeroed when opt is out of range. */
static int find_row(SOCKET s, int opt, opt_row *row) {
  memset(row, 0, sizeof *row);
  if (opt < 0 || opt >= XS__OPT_COUNT)
    return xs__einval();
  *row = rows[opt];
  if (opt != XS__OPT_MCAST_LOOP && opt != XS__OPT_MCAST_TTL)
    return 0;
  int af, rc = xs__win_sock_family(s, &af);
  if (rc != 0)
    return rc;
  if (af == AF_INET6) {
    row->level = IPPROTO_IPV6;
    row->name =
        opt == XS__OPT_MCAST_LOOP ? IPV6_MULTICAST_LOOP : IPV6_MULTICAST_HOPS;
  } else if (af != AF_INET) {
    xs__native_set(0);
    return XS_ENOPROTOOPT;
  }
  return 0;
}

/* Translate a failed get/setsockopt. An option that does not apply to this
 * socket is XS_ENOPROTOOPT; one this system lacks XS_ENOTSUP. A rejected
 * keep-alive time means this Windows lacks it (wine rejects them before it
 * looks at the handle); on a socket that is not TCP the caller
 * (common/sockopt.c) makes that XS_ENOPROTOOPT. */
static int opt_fail(const opt_row *row) {
  int native = xs__sys.last_error();
  int code = xs__plat_error(native);
  if (row->keepalive_time && (native == WSAENOPROTOOPT || native == WSAEINVAL))
    return XS_ENOTSUP;
  if (native == WSAEOPNOTSUPP)
    return XS_ENOPROTOOPT;
  return code;
}

int xs__plat_setopt(xs_socket_t s, int opt, int value) {
  opt_row row;
  int rc = find_row(s, opt, &row);
  if (rc != 0)
    return rc;
  DWORD v = row.kind == K_BOOL ? (DWORD)(value != 0) : (DWORD)value;
  int iv = value;
  const char *p = row.kind == K_INT ? (const char *)&iv : (const char *)&v;
  if (xs__sys.setsockopt(s, row.level, row.name, p, (int)sizeof v) != 0)
    return opt_fail(&row);
  return 0;
}

int xs__plat_getopt(xs_socket_t s, int opt, int *value) {
  opt_row row;
  *value = 0;
  int rc = find_row(s, opt, &row);
  if (rc != 0)
    return rc;
  /* Zeroed first: some BOOL options come back as one byte. */
  unsigned char buf[sizeof(DWORD)] = {0};
  int len = (int)sizeof buf;
  if (xs__sys.getsockopt(s, row.level, row.name, (char *)buf, &len) != 0)
    return opt_fail(&row);
  DWORD v;
  int iv;
  memcpy(&v, buf, sizeof v);
  memcpy(&iv, buf, sizeof iv);
  if (row.kind == K_BOOL)
    *value = v != 0;
  else if (row.kind == K_INT)
    *value = iv;
  else
    *value = v > (DWORD)INT_MAX ? INT_MAX : (int)v;
  return 0;
}

int xs__plat_set_linger(xs_socket_t s, int on, int seconds) {
  struct linger l;
  l.l_onoff = (u_short)(on != 0);
  l.l_linger = (u_short)seconds; /* 0..65535, checked by the caller */
  if (xs__sys.setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l,
                         (int)sizeof l) != 0)
    return xs__win_fail();
  return 0;
}

int xs__plat_get_linger(xs_socket_t s, int *on, int *seconds) {
  struct linger l;
  int len = (int)sizeof l;
  *on = 0;
  *seconds = 0;
  memset(&l, 0, sizeof l);
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&l, &len) != 0)
    return xs__win_fail();
  *on = l.l_onoff != 0;
  *seconds = l.l_linger;
  return 0;
}

int xs__plat_set_nonblocking(xs_socket_t s, int on) {
  u_long mode = on != 0;
  if (xs__sys.ioctlsocket(s, (long)FIONBIO, &mode) != 0)
    return xs__win_fail();
  return 0;
}

static int mcast4(SOCKET s, const xs_addr *group, uint32_t ifindex, int join) {
  struct ip_mreq m;
  memset(&m, 0, sizeof m);
  memcpy(&m.imr_multiaddr, group->ip, 4);
  m.imr_interface.s_addr = htonl(ifindex); /* 0.0.0.x: an interface index */
  int name = join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
  if (xs__sys.setsockopt(s, IPPROTO_IP, name, (const char *)&m,
                         (int)sizeof m) == 0)
    return 0;
  int native = xs__sys.last_error();
  int code = xs__plat_error(native);
  if (native == WSAEINVAL && join && ifindex != 0)
    return XS_ENOTSUP; /* the system takes no index here (wine) */
  if (native == WSAEINVAL && !join)
    return XS_EADDRNOTAVAIL; /* not a member */
  return code;
}

static int mcast6(SOCKET s, const xs_addr *group, uint32_t ifindex, int join) {
  struct ipv6_mreq m;
  memset(&m, 0, sizeof m);
  memcpy(&m.ipv6mr_multiaddr, group->ip, 16);
  m.ipv6mr_interface = ifindex;
  int name = join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP;
  if (xs__sys.setsockopt(s, IPPROTO_IPV6, name, (const char *)&m,
                         (int)sizeof m) == 0)
    return 0;
  int native = xs__sys.last_error();
  int code = xs__plat_error(native);
  if (native == WSAEINVAL && !join)
    return XS_EADDRNOTAVAIL;
  return code;
}

/* The group's family must be the socket's (xs_socket_join_group): wine
 * takes an IPv4 group on an IPv6 socket, POSIX says EINVAL. */
int xs__plat_mcast(xs_socket_t s, const xs_addr *group, uint32_t ifindex,
                   int join) {
  int af, rc = xs__win_sock_family(s, &af);
  if (rc != 0)
    return rc;
  if (xs__win_xs_af(af) != group->family)
    return xs__einval();
  if (group->family == XS_AF_INET)
    return mcast4(s, group, ifindex, join);
  if (group->family == XS_AF_INET6)
    return mcast6(s, group, ifindex, join);
  return xs__einval();
}
