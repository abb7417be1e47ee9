/* SPDX-License-Identifier: MIT */
/*
 * sockopt.c - socket options on Berkeley sockets: one table row per
 * enum xs__opt saying where the option lives and how its value is stored;
 * SO_LINGER, O_NONBLOCK and multicast membership.
 */
#include "posix/posix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/time.h>

/* How an option's value is stored. */
enum kind {
  K_NONE,    /* the system lacks the option */
  K_BOOL,    /* int, read back as 0/1 */
  K_INT,     /* int */
  K_TIMEO,   /* struct timeval <-> milliseconds */
  K_BYFAMILY /* IPv4 or IPv6 option picked by the socket's family */
};

typedef struct opt_row {
  int kind;
  int level;
  int name;
  int name6;   /* K_BYFAMILY: the IPPROTO_IPV6 option */
  int boolean; /* K_BYFAMILY: read back as 0/1 */
} opt_row;

#if defined(XS_HAVE_TCP_KEEPIDLE)
#  define KEEPIDLE_ROW                                                         \
    { K_INT, IPPROTO_TCP, TCP_KEEPIDLE, 0, 0 }
#elif defined(XS_HAVE_TCP_KEEPALIVE)
#  define KEEPIDLE_ROW                                                         \
    { K_INT, IPPROTO_TCP, TCP_KEEPALIVE, 0, 0 }
#else
#  define KEEPIDLE_ROW                                                         \
    { K_NONE, 0, 0, 0, 0 }
#endif

#if defined(XS_HAVE_TCP_KEEPINTVL)
#  define KEEPINTVL_ROW                                                        \
    { K_INT, IPPROTO_TCP, TCP_KEEPINTVL, 0, 0 }
#else
#  define KEEPINTVL_ROW                                                        \
    { K_NONE, 0, 0, 0, 0 }
#endif

static const opt_row rows[XS__OPT_COUNT] = {
    [XS__OPT_NODELAY] = {K_BOOL, IPPROTO_TCP, TCP_NODELAY, 0, 0},
    [XS__OPT_KEEPALIVE] = {K_BOOL, SOL_SOCKET, SO_KEEPALIVE, 0, 0},
    [XS__OPT_KEEPIDLE] = KEEPIDLE_ROW,
    [XS__OPT_KEEPINTVL] = KEEPINTVL_ROW,
    [XS__OPT_RCVBUF] = {K_INT, SOL_SOCKET, SO_RCVBUF, 0, 0},
    [XS__OPT_SNDBUF] = {K_INT, SOL_SOCKET, SO_SNDBUF, 0, 0},
    [XS__OPT_RCVTIMEO] = {K_TIMEO, SOL_SOCKET, SO_RCVTIMEO, 0, 0},
    [XS__OPT_SNDTIMEO] = {K_TIMEO, SOL_SOCKET, SO_SNDTIMEO, 0, 0},
    [XS__OPT_V6ONLY] = {K_BOOL, IPPROTO_IPV6, IPV6_V6ONLY, 0, 0},
    [XS__OPT_REUSEADDR] = {K_BOOL, SOL_SOCKET, SO_REUSEADDR, 0, 0},
    [XS__OPT_BROADCAST] = {K_BOOL, SOL_SOCKET, SO_BROADCAST, 0, 0},
    [XS__OPT_MCAST_LOOP] = {K_BYFAMILY, 0, IP_MULTICAST_LOOP,
                            IPV6_MULTICAST_LOOP, 1},
    [XS__OPT_MCAST_TTL] = {K_BYFAMILY, 0, IP_MULTICAST_TTL, IPV6_MULTICAST_HOPS,
                           0},
};

/* The native family of s (from getsockname), or a negative XS_E... code. */
static int sock_af(int s) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (xs__sys.getsockname(s, (struct sockaddr *)&ss, &len) < 0)
    return xs__posix_errno();
  return ss.ss_family;
}

static int set_int(int s, int level, int name, int value) {
  if (xs__sys.setsockopt(s, level, name, &value, sizeof value) < 0)
    return xs__posix_errno();
  return 0;
}

/* Reads an int option; a system that stores it in one byte (BSD
 * IP_MULTICAST_*) is read correctly too. */
static int get_int(int s, int level, int name, int *value) {
  unsigned char buf[sizeof(int)];
  socklen_t len = sizeof buf;
  memset(buf, 0, sizeof buf);
  if (xs__sys.getsockopt(s, level, name, buf, &len) < 0)
    return xs__posix_errno();
  if (len == 1)
    *value = buf[0];
  else
    memcpy(value, buf, sizeof *value);
  return 0;
}

/* IP_MULTICAST_LOOP / IP_MULTICAST_TTL: an int where the system takes one,
 * else the unsigned char BSD wants. */
static int set_ipv4_byte(int s, int name, int value) {
  if (xs__sys.setsockopt(s, IPPROTO_IP, name, &value, sizeof value) == 0)
    return 0;
  if (errno != EINVAL || value < 0 || value > UCHAR_MAX)
    return xs__posix_errno();
  unsigned char b = (unsigned char)value;
  if (xs__sys.setsockopt(s, IPPROTO_IP, name, &b, sizeof b) < 0)
    return xs__posix_errno();
  return 0;
}

static int set_timeo(int s, int name, int ms) {
  struct timeval tv;
  if (ms > 0)
    xs__posix_timeouts_used(); /* before the option can take effect */
  tv.tv_sec = ms / 1000;
  tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
  if (xs__sys.setsockopt(s, SOL_SOCKET, name, &tv, sizeof tv) < 0)
    return xs__posix_errno();
  return 0;
}

static int get_timeo(int s, int name, int *ms) {
  struct timeval tv;
  socklen_t len = sizeof tv;
  memset(&tv, 0, sizeof tv);
  if (xs__sys.getsockopt(s, SOL_SOCKET, name, &tv, &len) < 0)
    return xs__posix_errno();
  /* Round up so a short timeout never reads back as "none". */
  long long total = (long long)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
  *ms = total > INT_MAX ? INT_MAX : (int)total;
  return 0;
}

/* The level and name of a by-family option on s. */
static int family_opt(int s, const opt_row *r, int *level, int *name) {
  int af = sock_af(s);
  if (af < 0)
    return af;
  if (af == AF_INET) {
    *level = IPPROTO_IP;
    *name = r->name;
  } else if (af == AF_INET6) {
    *level = IPPROTO_IPV6;
    *name = r->name6;
  } else {
    return xs__plat_error(ENOPROTOOPT);
  }
  return 0;
}

int xs__plat_setopt(xs_socket_t s, int opt, int value) {
  if (opt < 0 || opt >= XS__OPT_COUNT || rows[opt].kind == K_NONE)
    return xs__plat_error(EOPNOTSUPP);
  const opt_row *r = &rows[opt];
  int level = r->level;
  int name = r->name;
  switch (r->kind) {
  case K_BOOL:
    return set_int(s, level, name, value != 0);
  case K_TIMEO:
    return set_timeo(s, name, value);
  case K_BYFAMILY: {
    int rc = family_opt(s, r, &level, &name);
    if (rc != 0)
      return rc;
    if (r->boolean)
      value = value != 0;
    if (level == IPPROTO_IP)
      return set_ipv4_byte(s, name, value);
    return set_int(s, level, name, value);
  }
  default:
    return set_int(s, level, name, value);
  }
}

int xs__plat_getopt(xs_socket_t s, int opt, int *value) {
  if (opt < 0 || opt >= XS__OPT_COUNT || rows[opt].kind == K_NONE)
    return xs__plat_error(EOPNOTSUPP);
  const opt_row *r = &rows[opt];
  int level = r->level;
  int name = r->name;
  int rc;
  if (r->kind == K_TIMEO)
    return get_timeo(s, name, value);
  if (r->kind == K_BYFAMILY) {
    rc = family_opt(s, r, &level, &name);
    if (rc != 0)
      return rc;
  }
  rc = get_int(s, level, name, value);
  if (rc == 0 && (r->kind == K_BOOL || r->boolean))
    *value = *value != 0;
  return rc;
}

int xs__plat_set_linger(xs_socket_t s, int on, int seconds) {
  struct linger l;
  memset(&l, 0, sizeof l);
  l.l_onoff = on != 0;
  l.l_linger = seconds;
  if (xs__sys.setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0)
    return xs__posix_errno();
  return 0;
}

int xs__plat_get_linger(xs_socket_t s, int *on, int *seconds) {
  struct linger l;
  socklen_t len = sizeof l;
  memset(&l, 0, sizeof l);
  if (xs__sys.getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &len) < 0)
    return xs__posix_errno();
  *on = l.l_onoff != 0;
  *seconds = l.l_linger;
  return 0;
}

int xs__plat_set_nonblocking(xs_socket_t s, int on) {
  int fl = xs__sys.fcntl(s, F_GETFL);
  if (fl < 0)
    return xs__posix_errno();
  int want = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  if (want != fl && xs__sys.fcntl(s, F_SETFL, want) < 0)
    return xs__posix_errno();
  return 0;
}

static int mcast4(int s, const xs_addr *group, uint32_t ifindex, int join) {
  int name = join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
#ifdef XS_HAVE_IP_MREQN
  struct ip_mreqn m;
  if (ifindex > INT_MAX)
    return xs__plat_error(ENXIO);
  memset(&m, 0, sizeof m);
  memcpy(&m.imr_multiaddr, group->ip, 4);
  m.imr_address.s_addr = htonl(INADDR_ANY);
  m.imr_ifindex = (int)ifindex;
#else
  struct ip_mreq m;
  if (ifindex != 0) {
    xs__native_set(0);
    return XS_ENOTSUP;
  }
  memset(&m, 0, sizeof m);
  memcpy(&m.imr_multiaddr, group->ip, 4);
  m.imr_interface.s_addr = htonl(INADDR_ANY);
#endif
  if (xs__sys.setsockopt(s, IPPROTO_IP, name, &m, sizeof m) < 0)
    return xs__posix_errno();
  return 0;
}

#if defined(IPV6_JOIN_GROUP)
#  define JOIN6 IPV6_JOIN_GROUP
#  define LEAVE6 IPV6_LEAVE_GROUP
#else
#  define JOIN6 IPV6_ADD_MEMBERSHIP
#  define LEAVE6 IPV6_DROP_MEMBERSHIP
#endif

static int mcast6(int s, const xs_addr *group, uint32_t ifindex, int join) {
  struct ipv6_mreq m;
  memset(&m, 0, sizeof m);
  memcpy(&m.ipv6mr_multiaddr, group->ip, 16);
  m.ipv6mr_interface = ifindex;
  if (xs__sys.setsockopt(s, IPPROTO_IPV6, join ? JOIN6 : LEAVE6, &m, sizeof m) <
      0)
    return xs__posix_errno();
  return 0;
}

/* The group's family must be the socket's (xs_socket_join_group). */
int xs__plat_mcast(xs_socket_t s, const xs_addr *group, uint32_t ifindex,
                   int join) {
  int af = sock_af(s);
  if (af < 0)
    return af;
  if (xs__posix_family(af) != group->family) {
    xs__native_set(0);
    return XS_EINVAL;
  }
  if (group->family == XS_AF_INET)
    return mcast4(s, group, ifindex, join);
  return mcast6(s, group, ifindex, join);
}
