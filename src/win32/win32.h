/* SPDX-License-Identifier: MIT */
/*
 * win32.h - private to the Winsock 2 platform layer (src/win32).
 *
 * Declares the xs__sys table through which every OS call of this layer
 * goes (the fault-injection seam), and a few small helpers shared by the
 * files of the layer: family/type mapping and "translate the last error".
 */
#ifndef XS_WINSOCK_PORT_H
#define XS_WINSOCK_PORT_H

/* The order of the Windows headers matters (clang-format keeps it:
 * SortIncludes is off). */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <mswsock.h>
#include <afunix.h>
#include <iphlpapi.h>
#include <winternl.h>

#include "common/internal.h"
#include "common/platform.h"

_Static_assert(sizeof(SOCKET) == sizeof(xs_socket_t),
               "xs_socket_t must be the size of a SOCKET");

/* Options and ioctls that older MinGW headers lack (values from the
 * Windows SDK). */
#ifndef SIO_UDP_NETRESET
#  define SIO_UDP_NETRESET _WSAIOW(IOC_VENDOR, 15)
#endif
#ifndef TCP_KEEPALIVE
#  define TCP_KEEPALIVE 3
#endif
#ifndef TCP_KEEPINTVL
#  define TCP_KEEPINTVL 17
#endif

/* ntdll's cancel of one request (Windows Vista and later), which MinGW's
 * <winternl.h> does not declare; libntdll.a exports it. */
NTSTATUS NTAPI NtCancelIoFileEx(HANDLE file, PIO_STATUS_BLOCK request,
                                PIO_STATUS_BLOCK status);

/* Every OS call the layer makes. The pointer types carry the calling
 * convention (WSAAPI / WINAPI) of the real functions. */
struct xs__sys_table {
  SOCKET(WSAAPI *wsasocket)(int, int, int, LPWSAPROTOCOL_INFOW, GROUP, DWORD);
  int(WSAAPI *closesocket)(SOCKET);
  int(WSAAPI *bind)(SOCKET, const struct sockaddr *, int);
  int(WSAAPI *listen)(SOCKET, int);
  SOCKET(WSAAPI *accept)(SOCKET, struct sockaddr *, int *);
  int(WSAAPI *connect)(SOCKET, const struct sockaddr *, int);
  int(WSAAPI *send)(SOCKET, const char *, int, int);
  int(WSAAPI *recv)(SOCKET, char *, int, int);
  int(WSAAPI *sendto)(SOCKET, const char *, int, int, const struct sockaddr *,
                      int);
  int(WSAAPI *recvfrom)(SOCKET, char *, int, int, struct sockaddr *, int *);
  int(WSAAPI *shutdown)(SOCKET, int);
  int(WSAAPI *setsockopt)(SOCKET, int, int, const char *, int);
  int(WSAAPI *getsockopt)(SOCKET, int, int, char *, int *);
  int(WSAAPI *getsockname)(SOCKET, struct sockaddr *, int *);
  int(WSAAPI *getpeername)(SOCKET, struct sockaddr *, int *);
  int(WSAAPI *poll)(LPWSAPOLLFD, ULONG, INT);
  int(WSAAPI *ioctlsocket)(SOCKET, long, u_long *);
  int(WSAAPI *wsaioctl)(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD,
                        LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE);
  int(WSAAPI *getaddrinfo)(const char *, const char *, const struct addrinfo *,
                           struct addrinfo **);
  void(WSAAPI *freeaddrinfo)(struct addrinfo *);
  NET_IFINDEX(WINAPI *if_nametoindex)(PCSTR);
  PCHAR(WINAPI *if_indextoname)(NET_IFINDEX, PCHAR);
  /* The interface list (iface.c). */
  ULONG(WINAPI *get_adapters_addresses)
  (ULONG, ULONG, PVOID, PIP_ADAPTER_ADDRESSES, PULONG);
  NETIO_STATUS(NETIOAPI_API_ *luid_to_name)(const NET_LUID *, PSTR, SIZE_T);
  int(WSAAPI *startup)(WORD, LPWSADATA);
  int(WSAAPI *cleanup)(void);
  int(WSAAPI *last_error)(void);
  ULONGLONG(WINAPI *tick64)(void);
  void(WINAPI *sleep)(DWORD);
  BOOL(WINAPI *set_handle_info)(HANDLE, DWORD, DWORD);
  BOOLEAN(WINAPI *random)(PVOID, ULONG);
  /* The poller's "afd" backend (poller_afd.c). */
  NTSTATUS(NTAPI *nt_create_file)
  (PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, PLARGE_INTEGER,
   ULONG, ULONG, ULONG, ULONG, PVOID, ULONG);
  NTSTATUS(NTAPI *nt_ioctl)
  (HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK, ULONG, PVOID,
   ULONG, PVOID, ULONG);
  NTSTATUS(NTAPI *nt_cancel)(HANDLE, PIO_STATUS_BLOCK, PIO_STATUS_BLOCK);
  ULONG(NTAPI *nt_to_win32)(NTSTATUS);
  HANDLE(WINAPI *create_iocp)(HANDLE, HANDLE, ULONG_PTR, DWORD);
  BOOL(WINAPI *get_completions)
  (HANDLE, LPOVERLAPPED_ENTRY, ULONG, PULONG, DWORD, BOOL);
  BOOL(WINAPI *post_completion)(HANDLE, DWORD, ULONG_PTR, LPOVERLAPPED);
  BOOL(WINAPI *close_handle)(HANDLE);
  DWORD(WINAPI *win_last_error)(void);
  /* The services database (service.c); the result is per-thread storage
   * of Winsock. */
  struct servent *(WSAAPI *getservbyname)(const char *, const char *);
  struct servent *(WSAAPI *getservbyport)(int, const char *);
  /* The socket hand-off (handoff.c): the duplicate for another process, and
   * WSASocketW again (its own slot and seam id) to take one in. */
  int(WSAAPI *duplicate)(SOCKET, DWORD, LPWSAPROTOCOL_INFOW);
  SOCKET(WSAAPI *wsasocket_info)
  (int, int, int, LPWSAPROTOCOL_INFOW, GROUP, DWORD);
};

/* Read-only except in the xsock_testing library, whose fault wrappers
 * replace entries. */
#ifdef XS_TESTING
#  define XS__SYS_CONST
#else
#  define XS__SYS_CONST const
#endif
extern XS__SYS_CONST struct xs__sys_table xs__sys;

/* Translate (and record) the calling thread's last Winsock error. */
static inline int xs__win_fail(void) {
  return xs__plat_error(xs__sys.last_error());
}

/* Translate (and record) an NTSTATUS: its Win32 code (RtlNtStatusToDosError,
 * which also unwraps the FACILITY_NTWIN32 form 0xC007xxxx that the fault
 * wrappers return) through the same table as every other code. */
static inline int xs__win_nt_fail(NTSTATUS status) {
  return xs__plat_error((int)xs__sys.nt_to_win32(status));
}

/* XS_AF_* -> AF_* (AF_UNSPEC for XS_AF_UNSPEC, -1 for an unknown value). */
static inline int xs__win_af(int family) {
  switch (family) {
  case XS_AF_UNSPEC:
    return AF_UNSPEC;
  case XS_AF_INET:
    return AF_INET;
  case XS_AF_INET6:
    return AF_INET6;
  case XS_AF_UNIX:
    return AF_UNIX;
  default:
    return -1;
  }
}

/* AF_* -> XS_AF_* (-1 for a family xsock does not know). */
static inline int xs__win_xs_af(int af) {
  switch (af) {
  case AF_UNSPEC:
    return XS_AF_UNSPEC;
  case AF_INET:
    return XS_AF_INET;
  case AF_INET6:
    return XS_AF_INET6;
  case AF_UNIX:
    return XS_AF_UNIX;
  default:
    return -1;
  }
}

/* XS_SOCK_* -> SOCK_* (0 for XS_SOCK_ANY, -1 for an unknown value). */
static inline int xs__win_type(int type) {
  switch (type) {
  case XS_SOCK_ANY:
    return 0;
  case XS_SOCK_STREAM:
    return SOCK_STREAM;
  case XS_SOCK_DGRAM:
    return SOCK_DGRAM;
  default:
    return -1;
  }
}

/* An xs_addr as a sockaddr the OS takes: storage and its length. */
typedef struct xs__win_sa {
  SOCKADDR_STORAGE ss;
  int len;
} xs__win_sa;

/* Fill sa from addr; 0 or a negative XS_E... code. */
int xs__win_sa_from(xs__win_sa *sa, const xs_addr *addr);

/* Make a handle non-inheritable; 0 or a negative XS_E... code. */
int xs__win_no_inherit(SOCKET s);

/* The socket's address family (AF_*) into *af; 0 or a negative XS_E...
 * code. Asks SO_PROTOCOL_INFOW, which answers even for an unbound socket
 * (getsockname does not). */
int xs__win_sock_family(SOCKET s, int *af);

/* Forget the SO_ERROR value already reported for s (sockinfo.c): called
 * when s is closed, as its handle value may come back for a new socket. */
void xs__win_error_forget(SOCKET s);

#endif /* XS_WINSOCK_PORT_H */
