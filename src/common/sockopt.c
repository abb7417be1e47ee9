/*
 * sockopt.c - public option entry points: value and range checks, then the
 * port's integer option table (xs__plat_setopt / xs__plat_getopt).
 */
#include "internal.h"

static int set_checked(xs_socket_t s, int opt, int value, int lo, int hi) {
  if (value < lo || value > hi)
    return xs__einval();
  return xs__plat_setopt(s, opt, value);
}

static int get_checked(xs_socket_t s, int opt, int *value) {
  if (value == NULL)
    return xs__einval();
  *value = 0;
  return xs__plat_getopt(s, opt, value);
}

#define XS__BOOL_OPT(name, opt)                                                \
  int xs_socket_set_##name(xs_socket_t sock, int on) {                         \
    return xs__plat_setopt(sock, opt, on != 0);                                \
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
XS__INT_OPT(recv_timeout, XS__OPT_RCVTIMEO, 0, INT32_MAX)
XS__INT_OPT(send_timeout, XS__OPT_SNDTIMEO, 0, INT32_MAX)
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
  return xs__plat_mcast(sock, group, ifindex, join);
}

int xs_socket_join_group(xs_socket_t sock, const xs_addr *group,
                         uint32_t ifindex) {
  return group_op(sock, group, ifindex, 1);
}

int xs_socket_leave_group(xs_socket_t sock, const xs_addr *group,
                          uint32_t ifindex) {
  return group_op(sock, group, ifindex, 0);
}

int xs_if_index(const char *name, uint32_t *index) {
  if (name == NULL || index == NULL || name[0] == '\0')
    return xs__einval();
  *index = 0;
  int rc = xs__plat_ensure();
  return rc != 0 ? rc : xs__plat_if_index(name, index);
}
