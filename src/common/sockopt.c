/* SPDX-License-Identifier: MIT */
/*
 * sockopt.c - public option entry points: value and range checks, the
 * check that an option applies to the socket (one XS_ENOPROTOOPT where the
 * systems answer EINVAL, EPROTO, ENOPROTOOPT or even success), then the
 * port's integer option table (xs__plat_setopt / xs__plat_getopt).
 */
#include "internal.h"

/* What an option needs of the socket it is used on. */
enum need {
  ANY,      /* every socket */
  STREAM,   /* a stream socket of any family */
  TCP,      /* an IPv4 or IPv6 stream socket */
  IP_DGRAM, /* an IPv4 or IPv6 datagram socket */
  IPV6      /* an IPv6 socket */
};

static const unsigned char needs[XS__OPT_COUNT] = {
    [XS__OPT_NODELAY] = TCP,        [XS__OPT_KEEPALIVE] = STREAM,
    [XS__OPT_KEEPIDLE] = TCP,       [XS__OPT_KEEPINTVL] = TCP,
    [XS__OPT_RCVBUF] = ANY,         [XS__OPT_SNDBUF] = ANY,
    [XS__OPT_RCVTIMEO] = ANY,       [XS__OPT_SNDTIMEO] = ANY,
    [XS__OPT_V6ONLY] = IPV6,        [XS__OPT_REUSEADDR] = ANY,
    [XS__OPT_BROADCAST] = IP_DGRAM, [XS__OPT_MCAST_LOOP] = IP_DGRAM,
    [XS__OPT_MCAST_TTL] = IP_DGRAM,
};

/* 0 when s is a socket that need fits, XS_ENOPROTOOPT when it is not, or
 * the error of asking (XS_EBADF for a closed socket). */
static int fits(xs_socket_t s, int need) {
  int family = XS_AF_UNSPEC, type = 0;
  int rc = xs__plat_sock_kind(s, &family, &type);
  if (rc != 0)
    return rc;
  int ip = family == XS_AF_INET || family == XS_AF_INET6;
  int ok = need == STREAM     ? type == XS_SOCK_STREAM
           : need == TCP      ? ip && type == XS_SOCK_STREAM
           : need == IP_DGRAM ? ip && type == XS_SOCK_DGRAM
           : need == IPV6     ? family == XS_AF_INET6
                              : 1;
  if (ok)
    return 0;
  xs__native_set(0);
  return XS_ENOPROTOOPT;
}

/* The TCP options are asked about only when the system refuses them (they
 * are set per connection, and every system refuses them elsewhere). The
 * others are checked first: some system accepts each of them where it does
 * not apply (Linux: SO_KEEPALIVE and SO_BROADCAST on any socket,
 * IP_MULTICAST_LOOP on TCP; wine: IPV6_V6ONLY on IPv4). */
static int applies_first(int opt) {
  return needs[opt] != ANY && needs[opt] != TCP;
}

/* The answer for a call of the port that gave rc: a refused option that
 * does not apply to s is XS_ENOPROTOOPT; on a handle that is not an open
 * socket, the error of asking (wine refuses keep-alive times before it
 * looks at the handle). */
static int answer(xs_socket_t s, int opt, int rc) {
  if (rc == 0 || needs[opt] != TCP)
    return rc;
  int f = fits(s, TCP);
  return f != 0 ? f : rc;
}

static int set_opt(xs_socket_t s, int opt, int value) {
  int rc = applies_first(opt) ? fits(s, needs[opt]) : 0;
  if (rc != 0)
    return rc;
  return answer(s, opt, xs__plat_setopt(s, opt, value));
}

static int set_checked(xs_socket_t s, int opt, int value, int lo, int hi) {
  if (value < lo || value > hi)
    return xs__einval();
  return set_opt(s, opt, value);
}

static int get_checked(xs_socket_t s, int opt, int *value) {
  if (value == NULL)
    return xs__einval();
  *value = 0;
  int rc = applies_first(opt) ? fits(s, needs[opt]) : 0;
  if (rc != 0)
    return rc;
  return answer(s, opt, xs__plat_getopt(s, opt, value));
}

#define XS__BOOL_OPT(name, opt)                                                \
  int xs_socket_set_##name(xs_socket_t sock, int on) {                         \
    return set_opt(sock, opt, on != 0);                                        \
  }                                                                            \
  int xs_socket_get_##name(xs_socket_t sock, int *on) {                        \
    return get_checked(sock, opt, on);                                         \
  }

#define XS__INT_OPT(name, opt, lo, hi)                                         \
  int xs_socket_set_##name(xs_socket_t sock, int value) {                      \
    return set_checked(sock, opt, value, lo, hi);                              \
  }                                                                            \
  int xs_socket_get_##name(xs_socket_t sock, int *value) {                     \
    return get_checked(sock, opt, value);                                      \
  }

/* Timeouts: milliseconds, XS_INFINITE for none (the system's 0). */
#define XS__TIMEO_OPT(name, opt)                                               \
  int xs_socket_set_##name(xs_socket_t sock, int ms) {                         \
    if (ms == XS_INFINITE)                                                     \
      return set_opt(sock, opt, 0);                                            \
    return set_checked(sock, opt, ms, 1, INT32_MAX);                           \
  }                                                                            \
  int xs_socket_get_##name(xs_socket_t sock, int *ms) {                        \
    int rc = get_checked(sock, opt, ms);                                       \
    if (rc == 0 && *ms == 0)                                                   \
      *ms = XS_INFINITE;                                                       \
    return rc;                                                                 \
  }

XS__BOOL_OPT(nodelay, XS__OPT_NODELAY)
XS__BOOL_OPT(keepalive, XS__OPT_KEEPALIVE)
XS__BOOL_OPT(v6only, XS__OPT_V6ONLY)
XS__BOOL_OPT(reuseaddr, XS__OPT_REUSEADDR)
XS__BOOL_OPT(broadcast, XS__OPT_BROADCAST)
XS__BOOL_OPT(multicast_loop, XS__OPT_MCAST_LOOP)
XS__INT_OPT(keepalive_idle, XS__OPT_KEEPIDLE, 1, 32767)
XS__INT_OPT(keepalive_interval, XS__OPT_KEEPINTVL, 1, 32767)
XS__INT_OPT(recv_buffer, XS__OPT_RCVBUF, 1, INT32_MAX / 2)
XS__INT_OPT(send_buffer, XS__OPT_SNDBUF, 1, INT32_MAX / 2)
XS__TIMEO_OPT(recv_timeout, XS__OPT_RCVTIMEO)
XS__TIMEO_OPT(send_timeout, XS__OPT_SNDTIMEO)
XS__INT_OPT(multicast_ttl, XS__OPT_MCAST_TTL, 0, 255)

int xs_socket_set_nonblocking(xs_socket_t sock, int on) {
  return xs__plat_set_nonblocking(sock, on != 0);
}

int xs_socket_set_linger(xs_socket_t sock, int on, int seconds) {
  if (seconds < 0 || seconds > 65535)
    return xs__einval();
  return xs__plat_set_linger(sock, on != 0, on ? seconds : 0);
}

int xs_socket_get_linger(xs_socket_t sock, int *on, int *seconds) {
  if (on == NULL || seconds == NULL)
    return xs__einval();
  *on = *seconds = 0;
  return xs__plat_get_linger(sock, on, seconds);
}

static int is_multicast(const xs_addr *a) {
  if (a->family == XS_AF_INET)
    return (a->ip[0] & 0xF0) == 0xE0;
  return a->family == XS_AF_INET6 && a->ip[0] == 0xFF;
}

static int group_op(xs_socket_t sock, const xs_addr *group, uint32_t ifindex,
                    int join) {
  if (group == NULL || !is_multicast(group))
    return xs__einval();
  int rc = fits(sock, IP_DGRAM);
  return rc != 0 ? rc : xs__plat_mcast(sock, group, ifindex, join);
}

int xs_socket_join_group(xs_socket_t sock, const xs_addr *group,
                         uint32_t ifindex) {
  return group_op(sock, group, ifindex, 1);
}

int xs_socket_leave_group(xs_socket_t sock, const xs_addr *group,
                          uint32_t ifindex) {
  return group_op(sock, group, ifindex, 0);
}
