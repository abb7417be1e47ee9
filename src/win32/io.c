/* SPDX-License-Identifier: MIT */
/*
 * io.c - send / recv / sendto / recvfrom on Winsock. Lengths are clamped
 * to INT_MAX (Winsock takes int); byte counts come back through the
 * out-parameters (0 on failure). Windows has no SIGPIPE. WSAEINTR (a
 * cancelled blocking call) is retried, as EINTR is on POSIX. A receive
 * after shutdown(SD_RECEIVE) fails with WSAESHUTDOWN on Windows; it reads
 * as end of stream (0 bytes, success) as on POSIX, while a send after
 * shutdown(SD_SEND) stays XS_EPIPE.
 */
#include "win32.h"

#include <limits.h>
#include <string.h>

static int clamp(size_t len) {
  return len > (size_t)INT_MAX ? INT_MAX : (int)len;
}

/* The error of a failed transfer. On a datagram socket WSAECONNRESET is
 * an ICMP port unreachable for the connected peer (the only socket that
 * hears of it: socket.c), which POSIX and socket.h call ECONNREFUSED. */
static int io_error(SOCKET s, int native) {
  int family, type;
  if (native == WSAECONNRESET && xs__plat_sock_kind(s, &family, &type) == 0 &&
      type == XS_SOCK_DGRAM) {
    xs__native_set(native);
    return XS_ECONNREFUSED;
  }
  return xs__plat_error(native);
}

/* The native error of a failed call, or 0 if it should be retried. */
static int failed_native(void) {
  int native = xs__sys.last_error();
  return native == WSAEINTR ? 0 : native;
}

int xs__plat_send(xs_socket_t s, const void *buf, size_t len, size_t *sent) {
  int n, native = 0;
  *sent = 0;
  do {
    n = xs__sys.send(s, (const char *)buf, clamp(len), 0);
  } while (n == SOCKET_ERROR && (native = failed_native()) == 0);
  if (n == SOCKET_ERROR)
    return io_error(s, native);
  *sent = (size_t)n;
  return 0;
}

int xs__plat_recv(xs_socket_t s, void *buf, size_t len, size_t *received) {
  int n, native = 0, want = clamp(len);
  *received = 0;
  do {
    n = xs__sys.recv(s, (char *)buf, want, 0);
  } while (n == SOCKET_ERROR && (native = failed_native()) == 0);
  if (n != SOCKET_ERROR) {
    *received = (size_t)n;
    return 0;
  }
  if (native == WSAESHUTDOWN)
    return 0; /* end of stream, as on POSIX */
  if (native == WSAEMSGSIZE)
    *received = (size_t)want; /* the buffer holds the first want bytes */
  return io_error(s, native);
}

int xs__plat_sendto(xs_socket_t s, const void *buf, size_t len,
                    const xs_addr *to, size_t *sent) {
  if (to == NULL)
    return xs__plat_send(s, buf, len, sent);
  *sent = 0;
  xs__win_sa sa;
  int n, native = 0, rc = xs__win_sa_from(&sa, to);
  if (rc != 0)
    return rc;
  do {
    n = xs__sys.sendto(s, (const char *)buf, clamp(len), 0,
                       (const struct sockaddr *)&sa.ss, sa.len);
  } while (n == SOCKET_ERROR && (native = failed_native()) == 0);
  if (n == SOCKET_ERROR)
    return io_error(s, native);
  *sent = (size_t)n;
  return 0;
}

/* The sender's address, zeroed when the OS gave none usable. */
static void set_from(xs_addr *from, const SOCKADDR_STORAGE *ss, int len) {
  if (from == NULL)
    return;
  if (len <= 0 || xs__plat_from_sockaddr(from, ss, (size_t)len) != 0)
    memset(from, 0, sizeof *from);
}

int xs__plat_recvfrom(xs_socket_t s, void *buf, size_t len, xs_addr *from,
                      size_t *received) {
  SOCKADDR_STORAGE ss;
  int n, slen, native = 0, want = clamp(len);
  *received = 0;
  do {
    slen = (int)sizeof ss;
    memset(&ss, 0, sizeof ss);
    n = xs__sys.recvfrom(s, (char *)buf, want, 0, (struct sockaddr *)&ss,
                         &slen);
  } while (n == SOCKET_ERROR && (native = failed_native()) == 0);
  if (n != SOCKET_ERROR) {
    set_from(from, &ss, slen);
    *received = (size_t)n;
    return 0;
  }
  if (native == WSAEMSGSIZE) {
    set_from(from, &ss, slen); /* Windows fills it for a cut datagram */
    *received = (size_t)want;
  } else {
    set_from(from, &ss, 0);
  }
  if (native == WSAESHUTDOWN)
    return 0; /* end of stream, as on POSIX */
  return io_error(s, native);
}
