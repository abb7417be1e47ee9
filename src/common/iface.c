/* SPDX-License-Identifier: MIT */
/*
 * iface.c - the public interface API (include/xsock/iface.h): argument
 * checks, the list builder the ports fill (xs__if_*, internal.h), and the
 * lookups, which are made on the list.
 *
 * Decisions:
 *  - A result is one heap block: the xs_interface array, then every
 *    address, each interface's addrs pointing into the block. One free()
 *    releases it (xs_if_list_free), whatever a caller got it from.
 *  - Interfaces are sorted by index, and each interface's addresses put
 *    IPv4 first, keeping the system's order within a family, so that the
 *    systems give the same list (glibc lists IPv4 first, wine IPv6 first).
 *  - A lookup by name goes through the system's if_nametoindex (the port's
 *    xs__plat_if_index) and then the list, so xs_if_by_name and xs_if_index
 *    never disagree.
 *  - Failures found here record native error 0.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* One address while building: the index of its interface and the entry. */
struct xs__if_pending {
  uint32_t index;
  xs_if_addr a;
};

static int own_error(int code) {
  xs__native_set(0);
  return code;
}

/* Length of name up to a ':' or its end. */
static size_t base_len(const char *name) {
  size_t n = strcspn(name, ":");
  return n < XS_IF_NAME_MAX - 1 ? n : XS_IF_NAME_MAX - 1;
}

xs_interface *xs__if_find(xs__if_build *b, const char *name) {
  size_t len = base_len(name);
  for (size_t i = 0; i < b->n; i++) {
    if (strlen(b->ifs[i].name) == len && memcmp(b->ifs[i].name, name, len) == 0)
      return &b->ifs[i];
  }
  return NULL;
}

int xs__if_add(xs__if_build *b, uint32_t index, const char *name,
               xs_interface **ifc) {
  *ifc = NULL;
  for (size_t i = 0; i < b->n; i++) {
    if (b->ifs[i].index == index) {
      *ifc = &b->ifs[i];
      return 0;
    }
  }
  if (b->n == b->cap) {
    size_t cap = b->cap == 0 ? 8 : b->cap * 2;
    xs_interface *p = realloc(b->ifs, cap * sizeof *p);
    if (p == NULL)
      return own_error(XS_ENOMEM);
    b->ifs = p;
    b->cap = cap;
  }
  xs_interface *f = &b->ifs[b->n++];
  memset(f, 0, sizeof *f);
  size_t len = base_len(name);
  memcpy(f->name, name, len);
  f->index = index;
  *ifc = f;
  return 0;
}

int xs__if_add_addr(xs__if_build *b, uint32_t index, const xs_addr *addr,
                    unsigned prefix_len) {
  unsigned bits;
  if (addr->family == XS_AF_INET)
    bits = 32;
  else if (addr->family == XS_AF_INET6)
    bits = 128;
  else
    return 0;
  if (b->na == b->capa) {
    size_t cap = b->capa == 0 ? 16 : b->capa * 2;
    struct xs__if_pending *p = realloc(b->addrs, cap * sizeof *p);
    if (p == NULL)
      return own_error(XS_ENOMEM);
    b->addrs = p;
    b->capa = cap;
  }
  struct xs__if_pending *e = &b->addrs[b->na++];
  memset(e, 0, sizeof *e);
  e->index = index;
  e->a.addr = *addr;
  e->a.addr.port = 0;
  e->a.prefix_len = prefix_len < bits ? prefix_len : bits;
  return 0;
}

void xs__if_set_mac(xs_interface *f, const uint8_t *hw, size_t len) {
  size_t zero = 0;
  if (len == 0 || len > XS_IF_MAC_MAX)
    return;
  while (zero < len && hw[zero] == 0)
    zero++;
  if (zero == len)
    return;
  memcpy(f->mac, hw, len);
  f->mac_len = len;
}

unsigned xs__if_prefix(const uint8_t *mask, size_t len) {
  unsigned n = 0;
  for (size_t i = 0; i < len; i++) {
    uint8_t m = mask[i];
    if (m == 0xFF) {
      n += 8;
      continue;
    }
    while (m & 0x80) {
      n++;
      m = (uint8_t)(m << 1);
    }
    break;
  }
  return n;
}

static void discard(xs__if_build *b) {
  free(b->ifs);
  free(b->addrs);
  memset(b, 0, sizeof *b);
}

static int by_index(const void *x, const void *y) {
  uint32_t a = ((const xs_interface *)x)->index;
  uint32_t c = ((const xs_interface *)y)->index;
  return a < c ? -1 : a > c;
}

/* Where the addresses start in a block of n interfaces. */
static size_t addrs_offset(size_t n) {
  size_t off = n * sizeof(xs_interface);
  size_t al = _Alignof(xs_if_addr);
  return (off + al - 1) / al * al;
}

/* Copy the addresses of ifc (index) of one family from the pending list to
 * out; returns how many. */
static size_t copy_family(const xs__if_build *b, uint32_t index, int family,
                          xs_if_addr *out) {
  size_t k = 0;
  for (size_t i = 0; i < b->na; i++) {
    if (b->addrs[i].index == index && b->addrs[i].a.addr.family == family)
      out[k++] = b->addrs[i].a;
  }
  return k;
}

/* Pack b into one block (sorted), then discard b. */
static int finish(xs__if_build *b, xs_interface **list, size_t *count) {
  size_t off = addrs_offset(b->n);
  if (b->n == 0) {
    discard(b);
    return 0;
  }
  if (b->na > (SIZE_MAX - off) / sizeof(xs_if_addr)) {
    discard(b);
    return own_error(XS_ENOMEM);
  }
  unsigned char *block = calloc(1, off + b->na * sizeof(xs_if_addr));
  if (block == NULL) {
    discard(b);
    return own_error(XS_ENOMEM);
  }
  xs_interface *ifs = (xs_interface *)(void *)block;
  xs_if_addr *next = (xs_if_addr *)(void *)(block + off);
  qsort(b->ifs, b->n, sizeof *b->ifs, by_index);
  for (size_t i = 0; i < b->n; i++) {
    ifs[i] = b->ifs[i];
    size_t k = copy_family(b, ifs[i].index, XS_AF_INET, next);
    k += copy_family(b, ifs[i].index, XS_AF_INET6, next + k);
    ifs[i].addrs = k == 0 ? NULL : next;
    ifs[i].addr_count = k;
    next += k;
  }
  *list = ifs;
  *count = b->n;
  discard(b);
  return 0;
}

/* The whole list, without argument checks. */
static int list_all(xs_interface **list, size_t *count) {
  xs__if_build b;
  *list = NULL;
  *count = 0;
  memset(&b, 0, sizeof b);
  int rc = xs__plat_if_list(&b);
  if (rc != 0) {
    discard(&b);
    return rc;
  }
  return finish(&b, list, count);
}

int xs_if_list(xs_interface **list, size_t *count) {
  if (list != NULL)
    *list = NULL;
  if (count != NULL)
    *count = 0;
  if (list == NULL || count == NULL)
    return xs__einval();
  return list_all(list, count);
}

void xs_if_list_free(xs_interface *list) {
  free(list);
}

/* A block of its own holding a copy of one interface and its addresses. */
static int copy_one(const xs_interface *src, xs_interface **out) {
  size_t off = addrs_offset(1);
  unsigned char *block = calloc(1, off + src->addr_count * sizeof(xs_if_addr));
  if (block == NULL)
    return own_error(XS_ENOMEM);
  xs_interface *f = (xs_interface *)(void *)block;
  *f = *src;
  if (src->addr_count > 0) {
    f->addrs = (xs_if_addr *)(void *)(block + off);
    memcpy(f->addrs, src->addrs, src->addr_count * sizeof(xs_if_addr));
  }
  *out = f;
  return 0;
}

static int holds_127_0_0_1(const xs_interface *f) {
  static const uint8_t lo[4] = {127, 0, 0, 1};
  for (size_t i = 0; i < f->addr_count; i++) {
    const xs_addr *a = &f->addrs[i].addr;
    if (a->family == XS_AF_INET && memcmp(a->ip, lo, 4) == 0)
      return 1;
  }
  return 0;
}

/* Which interface of the list: by index (index != 0), else the loopback. */
static int pick(uint32_t index, xs_interface **out) {
  xs_interface *list;
  size_t n;
  const xs_interface *hit = NULL;
  int rc = list_all(&list, &n);
  if (rc != 0)
    return rc;
  for (size_t i = 0; i < n && hit == NULL; i++) {
    if (index != 0 ? list[i].index == index
                   : (list[i].flags & XS_IF_LOOPBACK) != 0 &&
                         holds_127_0_0_1(&list[i]))
      hit = &list[i];
  }
  for (size_t i = 0; i < n && hit == NULL && index == 0; i++) {
    if (list[i].flags & XS_IF_LOOPBACK)
      hit = &list[i];
  }
  rc = hit == NULL ? own_error(XS_ENOENT) : copy_one(hit, out);
  xs_if_list_free(list);
  return rc;
}

int xs_if_by_index(uint32_t index, xs_interface **out) {
  if (out == NULL)
    return xs__einval();
  *out = NULL;
  if (index == 0)
    return own_error(XS_ENOENT);
  return pick(index, out);
}

int xs_if_by_name(const char *name, xs_interface **out) {
  uint32_t index = 0;
  if (out != NULL)
    *out = NULL;
  if (name == NULL || out == NULL || name[0] == '\0')
    return xs__einval();
  int rc = xs__plat_ensure();
  if (rc == 0)
    rc = xs__plat_if_index(name, &index);
  if (rc == 0 && index == 0)
    rc = own_error(XS_ENOENT);
  return rc != 0 ? rc : pick(index, out);
}

int xs_if_loopback(xs_interface **out) {
  if (out == NULL)
    return xs__einval();
  *out = NULL;
  return pick(0, out);
}

int xs_if_index(const char *name, uint32_t *index) {
  if (index != NULL)
    *index = 0;
  if (name == NULL || index == NULL || name[0] == '\0')
    return xs__einval();
  int rc = xs__plat_ensure();
  return rc != 0 ? rc : xs__plat_if_index(name, index);
}

int xs_if_name(uint32_t index, char *buf, size_t size) {
  if (buf == NULL || size == 0)
    return xs__einval();
  buf[0] = '\0';
  if (index == 0)
    return own_error(XS_ENOENT);
  int rc = xs__plat_ensure();
  return rc != 0 ? rc : xs__plat_if_name(index, buf, size);
}
