/* SPDX-License-Identifier: MIT */
/*
 * service.c - the system's services database on POSIX (/etc/services, or
 * whatever nsswitch.conf names): getservbyname_r / getservbyport_r with
 * glibc's signature where the build found them, else the classic calls,
 * whose answer is static storage, under a lock until it is copied. glibc
 * compares names exactly, so a name with upper-case letters is asked again
 * in lower case ("HTTP" finds "http", as on Windows).
 */
#include "posix/posix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xsock/service.h"

#if !defined(XS_HAVE_GETSERVBYNAME_R) || !defined(XS_HAVE_GETSERVBYPORT_R)
#  include <pthread.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
#endif

/* The reentrant calls' buffer: on the stack first, then doubled on the
 * heap while the system says ERANGE (an entry with many aliases), up to
 * BUF_LIMIT. */
#define BUF_FIRST 1024
#define BUF_LIMIT 65536

/* One lookup: by name (name set; port receives the answer) or by port
 * (name NULL; out receives the answer's name). */
typedef struct query {
  const char *name;
  uint16_t port;
  const char *proto;
  char *out;
  size_t size;
} query;

/* Take the system's answer se (NULL: none) if it is one for q. */
static int take(query *q, const struct servent *se) {
  xs__native_set(0);
  if (se == NULL || se->s_proto == NULL || strcmp(se->s_proto, q->proto) != 0)
    return XS_ENOENT;
  uint16_t port = ntohs((uint16_t)se->s_port);
  if (q->name != NULL) {
    q->port = port;
    return 0;
  }
  if (port != q->port || se->s_name == NULL)
    return XS_ENOENT;
  size_t len = strlen(se->s_name);
  if (len >= q->size)
    return XS_ENAMETOOLONG;
  memcpy(q->out, se->s_name, len + 1);
  return 0;
}

/* 1 when q's kind of lookup has a reentrant call here. */
static int reentrant(const query *q) {
  (void)q;
#ifdef XS_HAVE_GETSERVBYNAME_R
  if (q->name != NULL)
    return 1;
#endif
#ifdef XS_HAVE_GETSERVBYPORT_R
  if (q->name == NULL)
    return 1;
#endif
  return 0;
}

/* One reentrant call: 0 (*res NULL when nothing was found) or an errno. */
static int call_r(const query *q, struct servent *se, char *buf, size_t len,
                  struct servent **res) {
  *res = NULL;
#ifdef XS_HAVE_GETSERVBYNAME_R
  if (q->name != NULL)
    return xs__sys.getservbyname_r(q->name, q->proto, se, buf, len, res);
#endif
#ifdef XS_HAVE_GETSERVBYPORT_R
  if (q->name == NULL)
    return xs__sys.getservbyport_r((int)htons(q->port), q->proto, se, buf, len,
                                   res);
#endif
  (void)q;
  (void)se;
  (void)buf;
  (void)len;
  return ENOSYS;
}

static int run_r(query *q) {
  char first[BUF_FIRST];
  char *buf = first, *heap = NULL;
  size_t len = sizeof first;
  struct servent se, *res;
  int err;
  while ((err = call_r(q, &se, buf, len, &res)) == ERANGE && len < BUF_LIMIT) {
    free(heap);
    len *= 2;
    heap = malloc(len);
    if (heap == NULL) {
      xs__native_set(ENOMEM);
      return XS_ENOMEM;
    }
    buf = heap;
  }
  int rc = err != 0 ? xs__plat_error(err) : take(q, res);
  free(heap);
  return rc;
}

/* The classic call, its answer copied before the lock is released. */
static int run_classic(query *q) {
#if !defined(XS_HAVE_GETSERVBYNAME_R) || !defined(XS_HAVE_GETSERVBYPORT_R)
  struct servent *se = NULL;
  int rc;
  (void)pthread_mutex_lock(&lock);
  errno = 0;
#  ifndef XS_HAVE_GETSERVBYNAME_R
  if (q->name != NULL)
    se = xs__sys.getservbyname(q->name, q->proto);
#  endif
#  ifndef XS_HAVE_GETSERVBYPORT_R
  if (q->name == NULL)
    se = xs__sys.getservbyport((int)htons(q->port), q->proto);
#  endif
  if (se == NULL) {
    xs__native_set(errno);
    rc = XS_ENOENT;
  } else {
    rc = take(q, se);
  }
  (void)pthread_mutex_unlock(&lock);
  return rc;
#else
  (void)q;
  return XS_ENOTSUP;
#endif
}

static int run(query *q) {
  return reentrant(q) ? run_r(q) : run_classic(q);
}

/* name in lower case into low (XS_SERVICE_NAME_MAX bytes); 0 when it has
 * no upper-case letter (nothing to ask again). */
static int lowered(const char *name, char *low) {
  int changed = 0;
  size_t i = 0;
  for (; name[i] != '\0' && i < XS_SERVICE_NAME_MAX - 1; i++) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') {
      c = (char)(c - 'A' + 'a');
      changed = 1;
    }
    low[i] = c;
  }
  low[i] = '\0';
  return changed;
}

int xs__plat_serv_by_name(const char *name, const char *proto, uint16_t *port) {
  char low[XS_SERVICE_NAME_MAX];
  query q = {name, 0, proto, NULL, 0};
  int rc = run(&q);
  if (rc == XS_ENOENT && lowered(name, low)) {
    q.name = low;
    rc = run(&q);
  }
  if (rc == 0)
    *port = q.port;
  return rc;
}

int xs__plat_serv_by_port(uint16_t port, const char *proto, char *name,
                          size_t size) {
  query q = {NULL, port, proto, name, size};
  return run(&q);
}
