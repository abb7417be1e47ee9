/* SPDX-License-Identifier: MIT */
/*
 * service.c - ports and services (include/xsock/service.h): argument
 * checks, the built-in table, the port ranges, and the merge of the
 * system's database (the ports' xs__plat_serv_by_*) with the table.
 *
 * Decisions:
 *  - The table is Debian netbase 6.4's /etc/services for these 22 names:
 *    the protocols a service is used over, not every one IANA registers.
 *    Each (port, protocol) has at most one name in it, so a port's list has
 *    at most one system entry and one table entry per protocol
 *    (XS_SERVICE_LIST_MAX).
 *  - Per protocol, the system first and the table second: a name the
 *    system knows under a protocol takes the system's port; a port's list
 *    takes the system's entry, then the table's that are not listed yet.
 *  - If Winsock cannot start, or a system lookup fails, the table answers
 *    alone (the failure is not reported: the table is the fallback).
 *  - Names compare without regard to ASCII case, in the table and in the
 *    dedup of a port's list (the ports make the systems do the same).
 */
#include <string.h>

#include "internal.h"
#include "xsock/service.h"

#define TCP XS_SERVICE_TCP
#define UDP XS_SERVICE_UDP

typedef struct entry {
  const char *name;
  uint16_t port;
  unsigned protocols; /* TCP | UDP */
} entry;

/* Debian netbase 6.4, /etc/services (which follows the IANA registry). */
static const entry table[] = {
    {"echo", 7, TCP | UDP},     {"discard", 9, TCP | UDP},
    {"daytime", 13, TCP | UDP}, {"chargen", 19, TCP | UDP},
    {"ftp-data", 20, TCP},      {"ftp", 21, TCP},
    {"ssh", 22, TCP},           {"telnet", 23, TCP},
    {"smtp", 25, TCP},          {"time", 37, TCP | UDP},
    {"domain", 53, TCP | UDP},  {"bootps", 67, UDP},
    {"bootpc", 68, UDP},        {"tftp", 69, UDP},
    {"finger", 79, TCP},        {"http", 80, TCP},
    {"sunrpc", 111, TCP | UDP}, {"ntp", 123, UDP},
    {"https", 443, TCP | UDP},  {"rmiregistry", 1099, TCP},
    {"nfs", 2049, TCP | UDP},   {"http-alt", 8080, TCP},
};

#define TABLE_SIZE (sizeof table / sizeof table[0])

/* The protocols in the order every list uses: tcp, then udp. */
static const struct {
  const char *name;
  unsigned bit;
} protos[2] = {{"tcp", TCP}, {"udp", UDP}};

static int lower(int c) {
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Equal without regard to ASCII case. */
static int same_name(const char *a, const char *b) {
  while (*a != '\0' && lower((unsigned char)*a) == lower((unsigned char)*b)) {
    a++;
    b++;
  }
  return *a == '\0' && *b == '\0';
}

static const entry *table_find(const char *name) {
  for (size_t i = 0; i < TABLE_SIZE; i++) {
    if (same_name(table[i].name, name))
      return &table[i];
  }
  return NULL;
}

/* The protocol bits asked for: both for NULL, 0 for anything but "tcp" or
 * "udp" (lower case). */
static unsigned proto_bits(const char *protocol) {
  if (protocol == NULL)
    return TCP | UDP;
  for (size_t i = 0; i < 2; i++) {
    if (strcmp(protocol, protos[i].name) == 0)
      return protos[i].bit;
  }
  return 0;
}

/* 1 when the system's database may be asked (Winsock started). */
static int system_ready(void) {
  return xs__plat_ensure() == 0;
}

/* The port of name under protocol i (0 tcp, 1 udp): the system's, else the
 * table's. 0 or XS_ENOENT. */
static int lookup(const char *name, size_t i, int sys, uint16_t *port) {
  if (sys && xs__plat_serv_by_name(name, protos[i].name, port) == 0)
    return 0;
  const entry *e = table_find(name);
  if (e != NULL && (e->protocols & protos[i].bit) != 0) {
    *port = e->port;
    return 0;
  }
  *port = 0;
  return XS_ENOENT;
}

/* A name no source can know: empty names are refused before. */
static int too_long(const char *name) {
  return strnlen(name, XS_SERVICE_NAME_MAX) >= XS_SERVICE_NAME_MAX;
}

int xs_service_by_name(const char *name, const char *protocol, uint16_t *port) {
  if (port != NULL)
    *port = 0;
  unsigned bits = proto_bits(protocol);
  if (name == NULL || port == NULL || name[0] == '\0' || bits == 0)
    return xs__einval();
  if (too_long(name)) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  int sys = system_ready();
  for (size_t i = 0; i < 2; i++) {
    if ((bits & protos[i].bit) != 0 && lookup(name, i, sys, port) == 0)
      return 0;
  }
  return XS_ENOENT;
}

int xs_service_protocols(const char *name, uint16_t *port,
                         unsigned *protocols) {
  uint16_t found[2];
  int rc[2];
  if (port != NULL)
    *port = 0;
  if (protocols != NULL)
    *protocols = 0;
  if (name == NULL || port == NULL || protocols == NULL || name[0] == '\0')
    return xs__einval();
  if (too_long(name)) {
    xs__native_set(0);
    return XS_ENOENT;
  }
  int sys = system_ready();
  for (size_t i = 0; i < 2; i++)
    rc[i] = lookup(name, i, sys, &found[i]);
  if (rc[0] != 0 && rc[1] != 0)
    return XS_ENOENT;
  *port = rc[0] == 0 ? found[0] : found[1];
  for (size_t i = 0; i < 2; i++) {
    if (rc[i] == 0 && found[i] == *port)
      *protocols |= protos[i].bit;
  }
  return 0;
}

/* A port's list while it is made. */
typedef struct list {
  xs_service e[XS_SERVICE_LIST_MAX];
  size_t n;
} list;

/* Add (name, protocol i) unless it is listed already. */
static void add(list *l, const char *name, size_t i, uint16_t port) {
  size_t len = strlen(name);
  if (len >= XS_SERVICE_NAME_MAX || l->n == XS_SERVICE_LIST_MAX)
    return;
  for (size_t k = 0; k < l->n; k++) {
    if (same_name(l->e[k].name, name) &&
        strcmp(l->e[k].protocol, protos[i].name) == 0)
      return;
  }
  xs_service *s = &l->e[l->n++];
  memset(s, 0, sizeof *s);
  memcpy(s->name, name, len);
  memcpy(s->protocol, protos[i].name, 3);
  s->port = port;
}

int xs_service_by_port(uint16_t port, const char *protocol, xs_service *out,
                       size_t cap, size_t *count) {
  list l;
  char name[XS_SERVICE_NAME_MAX];
  unsigned bits = proto_bits(protocol);
  if (count != NULL)
    *count = 0;
  if (count == NULL || (out == NULL && cap > 0) || bits == 0)
    return xs__einval();
  int sys = system_ready();
  l.n = 0;
  for (size_t i = 0; i < 2; i++) {
    if ((bits & protos[i].bit) == 0)
      continue;
    if (sys &&
        xs__plat_serv_by_port(port, protos[i].name, name, sizeof name) == 0)
      add(&l, name, i, port);
    for (size_t k = 0; k < TABLE_SIZE; k++) {
      if (table[k].port == port && (table[k].protocols & protos[i].bit) != 0)
        add(&l, table[k].name, i, port);
    }
  }
  if (l.n == 0)
    return XS_ENOENT;
  *count = l.n;
  if (cap > 0)
    memcpy(out, l.e, (cap < l.n ? cap : l.n) * sizeof *out);
  if (cap < l.n) {
    xs__native_set(0);
    return XS_ENOSPC;
  }
  return 0;
}

xs_port_range xs_port_range_of(uint16_t port) {
  if (port <= 1023)
    return XS_PORT_WELL_KNOWN;
  if (port <= 49151)
    return XS_PORT_REGISTERED;
  return XS_PORT_DYNAMIC;
}

const char *xs_port_range_name(xs_port_range range) {
  switch (range) {
  case XS_PORT_WELL_KNOWN:
    return "well-known";
  case XS_PORT_REGISTERED:
    return "registered";
  case XS_PORT_DYNAMIC:
    return "dynamic";
  default:
    return "unknown";
  }
}
