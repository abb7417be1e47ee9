/* SPDX-License-Identifier: MIT */
/*
 * handoff.c - the answer of a socket hand-off on Winsock: the
 * WSAPROTOCOL_INFOW that WSADuplicateSocketW makes for the receiver's
 * process, behind a header ("XSH1" and the length as 32-bit big endian),
 * over any connected stream channel. The receiver makes its socket from it
 * with WSASocketW(FROM_PROTOCOL_INFO), overlapped (the poller's AFD backend
 * needs that) and non-inheritable, like every socket xsock makes.
 */
#include "win32.h"

#include <string.h>

#include "xsock/byteorder.h"

#define HEADER_LEN 8

static const unsigned char answer_magic[4] = {'X', 'S', 'H', '1'};

uint32_t xs__plat_process_id(void) {
  return (uint32_t)GetCurrentProcessId();
}

int xs__plat_handoff_channel(int family) {
  (void)family; /* any stream socket carries the answer's bytes */
  return 0;
}

int xs__plat_handoff_send(xs_socket_t channel, xs_socket_t sock, uint32_t pid,
                          const xs__deadline *d) {
  unsigned char answer[HEADER_LEN + sizeof(WSAPROTOCOL_INFOW)];
  WSAPROTOCOL_INFOW info;
  uint32_t len = (uint32_t)sizeof info;
  memset(&info, 0, sizeof info);
  if (xs__sys.duplicate(sock, (DWORD)pid, &info) != 0)
    return xs__win_fail();
  memcpy(answer, answer_magic, sizeof answer_magic);
  xs_store_be32(answer + 4, len);
  memcpy(answer + HEADER_LEN, &info, sizeof info);
  return xs_send_all(channel, answer, sizeof answer, xs__deadline_left(d),
                     NULL);
}

/* The socket described by info, overlapped and non-inheritable. Systems
 * that reject WSA_FLAG_NO_HANDLE_INHERIT (before Windows 7 SP1) get the
 * flag cleared on the handle afterwards, as socket.c does. */
static int from_info(WSAPROTOCOL_INFOW *info, SOCKET *out) {
  SOCKET s = xs__sys.wsasocket_info(
      FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, info, 0,
      WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  *out = INVALID_SOCKET;
  if (s == INVALID_SOCKET && xs__sys.last_error() == WSAEINVAL) {
    s = xs__sys.wsasocket_info(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
                               FROM_PROTOCOL_INFO, info, 0,
                               WSA_FLAG_OVERLAPPED);
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

int xs__plat_handoff_recv(xs_socket_t channel, const xs__deadline *d,
                          xs_socket_t *out) {
  unsigned char head[HEADER_LEN];
  WSAPROTOCOL_INFOW info;
  *out = XS_INVALID_SOCKET;
  int rc = xs_recv_all(channel, head, sizeof head, xs__deadline_left(d), NULL);
  if (rc != 0)
    return rc;
  uint32_t len = xs_load_be32(head + 4);
  if (memcmp(head, answer_magic, sizeof answer_magic) != 0 ||
      len != (uint32_t)sizeof info) {
    xs__native_set(0);
    return XS_EPROTO;
  }
  rc = xs_recv_all(channel, &info, sizeof info, xs__deadline_left(d), NULL);
  if (rc != 0)
    return rc;
  SOCKET s;
  if ((rc = from_info(&info, &s)) != 0)
    return rc;
  *out = s;
  return 0;
}
