/* SPDX-License-Identifier: MIT */
/*
 * service.c - the system's services database on Windows
 * (%SystemRoot%\system32\drivers\etc\services): getservbyname and
 * getservbyport, which compare names without regard to case and return
 * storage Winsock keeps per thread (copied at once, so no lock). The
 * caller has started Winsock (xs__plat_ensure). "Not found" is WSANO_DATA.
 *
 * Measured under wine 8: aliases are not matched ("www" is not found),
 * and getservbyport finds no port whose low byte is 128 or more (443, 445,
 * 8080: the network-order value is 0x8000 or more); the common code's
 * table answers there.
 */
#include "win32.h"

#include <string.h>

/* The answer of a failed lookup: XS_ENOENT when the system just does not
 * know it, else its error. */
static int failed(void) {
  int native = xs__sys.last_error();
  if (native == WSANO_DATA || native == 0) {
    xs__native_set(native);
    return XS_ENOENT;
  }
  return xs__plat_error(native);
}

/* 1 when se is an entry for proto. */
static int for_proto(const struct servent *se, const char *proto) {
  return se->s_proto != NULL && strcmp(se->s_proto, proto) == 0;
}

int xs__plat_serv_by_name(const char *name, const char *proto, uint16_t *port) {
  const struct servent *se = xs__sys.getservbyname(name, proto);
  if (se == NULL)
    return failed();
  xs__native_set(0);
  if (!for_proto(se, proto))
    return XS_ENOENT;
  *port = ntohs((u_short)se->s_port);
  return 0;
}

int xs__plat_serv_by_port(uint16_t port, const char *proto, char *name,
                          size_t size) {
  const struct servent *se = xs__sys.getservbyport((int)htons(port), proto);
  if (se == NULL)
    return failed();
  xs__native_set(0);
  if (!for_proto(se, proto) || ntohs((u_short)se->s_port) != port ||
      se->s_name == NULL)
    return XS_ENOENT;
  size_t len = strlen(se->s_name);
  if (len >= size)
    return XS_ENAMETOOLONG;
  memcpy(name, se->s_name, len + 1);
  return 0;
}
