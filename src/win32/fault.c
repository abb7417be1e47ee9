/* SPDX-License-Identifier: MIT */
/*
 * fault.c - fault-injection wrappers for the Winsock seam (xsock_testing
 * only). Each wrapper asks the plan in src/common/fault.c whether to fail;
 * a planned failure sets WSASetLastError(native) and returns what the real
 * call returns on failure. A failed close still closes the handle, as the
 * real call does for every error but an invalid handle.
 *
 * The NT calls of the poller (NtCreateFile, NtDeviceIoControlFile) report
 * through their NTSTATUS, not a last error: a planned failure returns the
 * planned Win32/Winsock code wrapped as FACILITY_NTWIN32 (0xC007xxxx, the
 * SDK's NTSTATUS_FROM_WIN32), which RtlNtStatusToDosError, and so the
 * layer's xs__win_nt_fail(), turns back into exactly that code.
 */
#include "common/fault.h"
#include "win32.h"

#include <stddef.h>
#include <string.h>

static struct xs__sys_table real;
static int saved;

/* Fail with native if the plan says so: 1 = failed, 0 = go on. */
static int planned(int id) {
  int native = xs__fault_check(id);
  if (native == 0)
    return 0;
  WSASetLastError(native);
  return 1;
}

static int cap(int id, int len) {
  return len < 0 ? len : (int)xs__fault_cap(id, (size_t)len);
}

static SOCKET WSAAPI f_socket(int af, int type, int proto,
                              LPWSAPROTOCOL_INFOW info, GROUP g, DWORD fl) {
  if (planned(XS__SYS_SOCKET))
    return INVALID_SOCKET;
  return real.wsasocket(af, type, proto, info, g, fl);
}

static int WSAAPI f_close(SOCKET s) {
  int native = xs__fault_check(XS__SYS_CLOSE);
  if (native == 0)
    return real.closesocket(s);
  real.closesocket(s);
  WSASetLastError(native);
  return SOCKET_ERROR;
}

static int WSAAPI f_bind(SOCKET s, const struct sockaddr *a, int len) {
  return planned(XS__SYS_BIND) ? SOCKET_ERROR : real.bind(s, a, len);
}

static int WSAAPI f_listen(SOCKET s, int backlog) {
  return planned(XS__SYS_LISTEN) ? SOCKET_ERROR : real.listen(s, backlog);
}

static SOCKET WSAAPI f_accept(SOCKET s, struct sockaddr *a, int *len) {
  return planned(XS__SYS_ACCEPT) ? INVALID_SOCKET : real.accept(s, a, len);
}

/* An interrupted connect goes on, as on POSIX: the real call is made,
 * then WSAEINTR reported. */
static int WSAAPI f_connect(SOCKET s, const struct sockaddr *a, int len) {
  int native = xs__fault_check(XS__SYS_CONNECT);
  if (native == WSAEINTR)
    (void)real.connect(s, a, len);
  if (native != 0) {
    WSASetLastError(native);
    return SOCKET_ERROR;
  }
  return real.connect(s, a, len);
}

static int WSAAPI f_send(SOCKET s, const char *b, int len, int fl) {
  if (planned(XS__SYS_SEND))
    return SOCKET_ERROR;
  return real.send(s, b, cap(XS__SYS_SEND, len), fl);
}

static int WSAAPI f_recv(SOCKET s, char *b, int len, int fl) {
  if (planned(XS__SYS_RECV))
    return SOCKET_ERROR;
  return real.recv(s, b, cap(XS__SYS_RECV, len), fl);
}

static int WSAAPI f_sendto(SOCKET s, const char *b, int len, int fl,
                           const struct sockaddr *a, int alen) {
  if (planned(XS__SYS_SENDTO))
    return SOCKET_ERROR;
  return real.sendto(s, b, cap(XS__SYS_SENDTO, len), fl, a, alen);
}

static int WSAAPI f_recvfrom(SOCKET s, char *b, int len, int fl,
                             struct sockaddr *a, int *alen) {
  if (planned(XS__SYS_RECVFROM))
    return SOCKET_ERROR;
  return real.recvfrom(s, b, cap(XS__SYS_RECVFROM, len), fl, a, alen);
}

static int WSAAPI f_poll(LPWSAPOLLFD p, ULONG n, INT timeout) {
  return planned(XS__SYS_POLL) ? SOCKET_ERROR : real.poll(p, n, timeout);
}

static int WSAAPI f_setsockopt(SOCKET s, int lv, int nm, const char *v,
                               int len) {
  if (planned(XS__SYS_SETSOCKOPT))
    return SOCKET_ERROR;
  return real.setsockopt(s, lv, nm, v, len);
}

static int WSAAPI f_ioctlsocket(SOCKET s, long cmd, u_long *arg) {
  if (planned(XS__SYS_FCNTL))
    return SOCKET_ERROR;
  return real.ioctlsocket(s, cmd, arg);
}

static int WSAAPI f_getsockopt(SOCKET s, int lv, int nm, char *v, int *len) {
  if (planned(XS__SYS_GETSOCKOPT))
    return SOCKET_ERROR;
  return real.getsockopt(s, lv, nm, v, len);
}

static int WSAAPI f_getaddrinfo(const char *host, const char *serv,
                                const struct addrinfo *hints,
                                struct addrinfo **res) {
  int native = xs__fault_check(XS__SYS_GETADDRINFO);
  if (native == 0)
    return real.getaddrinfo(host, serv, hints, res);
  *res = NULL;
  WSASetLastError(native);
  return native;
}

/* GetAdaptersAddresses returns its error code (no last error). */
static ULONG WINAPI f_get_adapters_addresses(ULONG family, ULONG flags,
                                             PVOID reserved,
                                             PIP_ADAPTER_ADDRESSES list,
                                             PULONG size) {
  int native = xs__fault_check(XS__SYS_IFLIST);
  if (native != 0)
    return (ULONG)native;
  return real.get_adapters_addresses(family, flags, reserved, list, size);
}

/* The NTSTATUS of a planned failure of id, or 0 (STATUS_SUCCESS): go on. */
static NTSTATUS planned_nt(int id) {
  int native = xs__fault_check(id);
  if (native == 0)
    return 0;
  return (NTSTATUS)(0xC0070000u | ((ULONG)native & 0xFFFFu));
}

static NTSTATUS NTAPI f_nt_create_file(PHANDLE h, ACCESS_MASK access,
                                       POBJECT_ATTRIBUTES attr,
                                       PIO_STATUS_BLOCK iosb,
                                       PLARGE_INTEGER size, ULONG fattr,
                                       ULONG share, ULONG disp, ULONG opts,
                                       PVOID ea, ULONG ealen) {
  NTSTATUS st = planned_nt(XS__SYS_POLLER_OPEN);
  if (st != 0)
    return st;
  return real.nt_create_file(h, access, attr, iosb, size, fattr, share, disp,
                             opts, ea, ealen);
}

static NTSTATUS NTAPI f_nt_ioctl(HANDLE h, HANDLE ev, PIO_APC_ROUTINE apc,
                                 PVOID ctx, PIO_STATUS_BLOCK iosb, ULONG code,
                                 PVOID in, ULONG inlen, PVOID out,
                                 ULONG outlen) {
  NTSTATUS st = planned_nt(XS__SYS_POLLER_CTL);
  if (st != 0)
    return st;
  return real.nt_ioctl(h, ev, apc, ctx, iosb, code, in, inlen, out, outlen);
}

static BOOL WINAPI f_get_completions(HANDLE port, LPOVERLAPPED_ENTRY e, ULONG n,
                                     PULONG got, DWORD ms, BOOL alertable) {
  if (planned(XS__SYS_POLLER_WAIT)) {
    *got = 0;
    return FALSE;
  }
  return real.get_completions(port, e, n, got, ms, alertable);
}

static int WSAAPI f_shutdown(SOCKET s, int how) {
  return planned(XS__SYS_SHUTDOWN) ? SOCKET_ERROR : real.shutdown(s, how);
}

static int WSAAPI f_getsockname(SOCKET s, struct sockaddr *a, int *len) {
  return planned(XS__SYS_GETSOCKNAME) ? SOCKET_ERROR
                                      : real.getsockname(s, a, len);
}

static int WSAAPI f_getpeername(SOCKET s, struct sockaddr *a, int *len) {
  return planned(XS__SYS_GETPEERNAME) ? SOCKET_ERROR
                                      : real.getpeername(s, a, len);
}

static int WSAAPI f_wsaioctl(SOCKET s, DWORD code, LPVOID in, DWORD inlen,
                             LPVOID out, DWORD outlen, LPDWORD bytes,
                             LPWSAOVERLAPPED ov,
                             LPWSAOVERLAPPED_COMPLETION_ROUTINE done) {
  if (planned(XS__SYS_IOCTL))
    return SOCKET_ERROR;
  return real.wsaioctl(s, code, in, inlen, out, outlen, bytes, ov, done);
}

static NET_IFINDEX WINAPI f_if_nametoindex(PCSTR name) {
  return planned(XS__SYS_IFINDEX) ? 0 : real.if_nametoindex(name);
}

static PCHAR WINAPI f_if_indextoname(NET_IFINDEX index, PCHAR name) {
  return planned(XS__SYS_IFINDEX) ? NULL : real.if_indextoname(index, name);
}

/* ConvertInterfaceLuidToNameA returns its error code. */
static NETIO_STATUS NETIOAPI_API_ f_luid_to_name(const NET_LUID *luid,
                                                 PSTR name, SIZE_T len) {
  int native = xs__fault_check(XS__SYS_IFLIST);
  if (native != 0)
    return (NETIO_STATUS)native;
  return real.luid_to_name(luid, name, len);
}

/* WSAStartup returns its error code. */
static int WSAAPI f_startup(WORD version, LPWSADATA data) {
  int native = xs__fault_check(XS__SYS_STARTUP);
  return native != 0 ? native : real.startup(version, data);
}

static int WSAAPI f_cleanup(void) {
  return planned(XS__SYS_CLEANUP) ? SOCKET_ERROR : real.cleanup();
}

static BOOL WINAPI f_set_handle_info(HANDLE h, DWORD mask, DWORD flags) {
  return planned(XS__SYS_HANDLE_INFO) ? FALSE
                                      : real.set_handle_info(h, mask, flags);
}

static BOOLEAN WINAPI f_random(PVOID buf, ULONG len) {
  return planned(XS__SYS_RANDOM) ? FALSE : real.random(buf, len);
}

static NTSTATUS NTAPI f_nt_cancel(HANDLE h, PIO_STATUS_BLOCK req,
                                  PIO_STATUS_BLOCK iosb) {
  NTSTATUS st = planned_nt(XS__SYS_POLLER_CANCEL);
  return st != 0 ? st : real.nt_cancel(h, req, iosb);
}

static HANDLE WINAPI f_create_iocp(HANDLE file, HANDLE port, ULONG_PTR key,
                                   DWORD threads) {
  if (planned(XS__SYS_POLLER_OPEN))
    return NULL;
  return real.create_iocp(file, port, key, threads);
}

static BOOL WINAPI f_post_completion(HANDLE port, DWORD n, ULONG_PTR key,
                                     LPOVERLAPPED ov) {
  return planned(XS__SYS_WAKE) ? FALSE : real.post_completion(port, n, key, ov);
}

/* A failed CloseHandle still closes, as a failed closesocket does here. */
static BOOL WINAPI f_close_handle(HANDLE h) {
  int native = xs__fault_check(XS__SYS_CLOSE_HANDLE);
  BOOL ok = real.close_handle(h);
  if (native == 0)
    return ok;
  WSASetLastError(native);
  return FALSE;
}

/* The services database reports through WSAGetLastError. */
static struct servent *WSAAPI f_getservbyname(const char *name,
                                              const char *proto) {
  return planned(XS__SYS_SERVBYNAME) ? NULL : real.getservbyname(name, proto);
}

static struct servent *WSAAPI f_getservbyport(int port, const char *proto) {
  return planned(XS__SYS_SERVBYPORT) ? NULL : real.getservbyport(port, proto);
}

static int WSAAPI f_duplicate(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW info) {
  return planned(XS__SYS_HANDOFF_SEND) ? SOCKET_ERROR
                                       : real.duplicate(s, pid, info);
}

static SOCKET WSAAPI f_socket_info(int af, int type, int proto,
                                   LPWSAPROTOCOL_INFOW info, GROUP g,
                                   DWORD fl) {
  if (planned(XS__SYS_HANDOFF_RECV))
    return INVALID_SOCKET;
  return real.wsasocket_info(af, type, proto, info, g, fl);
}

/* The rest of the table, after the socket calls. */
static void install_more(void) {
  xs__sys.shutdown = f_shutdown;
  xs__sys.getsockname = f_getsockname;
  xs__sys.getpeername = f_getpeername;
  xs__sys.wsaioctl = f_wsaioctl;
  xs__sys.if_nametoindex = f_if_nametoindex;
  xs__sys.if_indextoname = f_if_indextoname;
  xs__sys.luid_to_name = f_luid_to_name;
  xs__sys.startup = f_startup;
  xs__sys.cleanup = f_cleanup;
  xs__sys.set_handle_info = f_set_handle_info;
  xs__sys.random = f_random;
  xs__sys.nt_cancel = f_nt_cancel;
  xs__sys.create_iocp = f_create_iocp;
  xs__sys.post_completion = f_post_completion;
  xs__sys.close_handle = f_close_handle;
  xs__sys.getservbyname = f_getservbyname;
  xs__sys.getservbyport = f_getservbyport;
  xs__sys.duplicate = f_duplicate;
  xs__sys.wsasocket_info = f_socket_info;
}

void xs__plat_fault_install(void) {
  if (!saved) {
    real = xs__sys;
    saved = 1;
  }
  xs__sys.wsasocket = f_socket;
  xs__sys.closesocket = f_close;
  xs__sys.bind = f_bind;
  xs__sys.listen = f_listen;
  xs__sys.accept = f_accept;
  xs__sys.connect = f_connect;
  xs__sys.send = f_send;
  xs__sys.recv = f_recv;
  xs__sys.sendto = f_sendto;
  xs__sys.recvfrom = f_recvfrom;
  xs__sys.poll = f_poll;
  xs__sys.setsockopt = f_setsockopt;
  xs__sys.ioctlsocket = f_ioctlsocket;
  xs__sys.getsockopt = f_getsockopt;
  xs__sys.getaddrinfo = f_getaddrinfo;
  xs__sys.get_adapters_addresses = f_get_adapters_addresses;
  xs__sys.nt_create_file = f_nt_create_file;
  xs__sys.nt_ioctl = f_nt_ioctl;
  xs__sys.get_completions = f_get_completions;
  install_more();
}

void xs__plat_fault_uninstall(void) {
  if (saved)
    xs__sys = real;
}

/* ---- the listing ----------------------------------------------------------
 * Every slot of struct xs__sys_table, with the id its wrapper answers to;
 * -1 for the calls that only report, free, read the clock or sleep. */
#define E(slot, id)                                                            \
  { #slot, offsetof(struct xs__sys_table, slot), id }

static const xs__sys_entry entries[] = {
    E(wsasocket, XS__SYS_SOCKET),
    E(closesocket, XS__SYS_CLOSE),
    E(bind, XS__SYS_BIND),
    E(listen, XS__SYS_LISTEN),
    E(accept, XS__SYS_ACCEPT),
    E(connect, XS__SYS_CONNECT),
    E(send, XS__SYS_SEND),
    E(recv, XS__SYS_RECV),
    E(sendto, XS__SYS_SENDTO),
    E(recvfrom, XS__SYS_RECVFROM),
    E(shutdown, XS__SYS_SHUTDOWN),
    E(setsockopt, XS__SYS_SETSOCKOPT),
    E(getsockopt, XS__SYS_GETSOCKOPT),
    E(getsockname, XS__SYS_GETSOCKNAME),
    E(getpeername, XS__SYS_GETPEERNAME),
    E(poll, XS__SYS_POLL),
    E(ioctlsocket, XS__SYS_FCNTL),
    E(wsaioctl, XS__SYS_IOCTL),
    E(getaddrinfo, XS__SYS_GETADDRINFO),
    E(freeaddrinfo, -1),
    E(if_nametoindex, XS__SYS_IFINDEX),
    E(if_indextoname, XS__SYS_IFINDEX),
    E(get_adapters_addresses, XS__SYS_IFLIST),
    E(luid_to_name, XS__SYS_IFLIST),
    E(startup, XS__SYS_STARTUP),
    E(cleanup, XS__SYS_CLEANUP),
    E(last_error, -1),
    E(tick64, -1),
    E(sleep, -1),
    E(set_handle_info, XS__SYS_HANDLE_INFO),
    E(random, XS__SYS_RANDOM),
    E(nt_create_file, XS__SYS_POLLER_OPEN),
    E(nt_ioctl, XS__SYS_POLLER_CTL),
    E(nt_cancel, XS__SYS_POLLER_CANCEL),
    E(nt_to_win32, -1),
    E(create_iocp, XS__SYS_POLLER_OPEN),
    E(get_completions, XS__SYS_POLLER_WAIT),
    E(post_completion, XS__SYS_WAKE),
    E(close_handle, XS__SYS_CLOSE_HANDLE),
    E(win_last_error, -1),
    E(getservbyname, XS__SYS_SERVBYNAME),
    E(getservbyport, XS__SYS_SERVBYPORT),
    E(duplicate, XS__SYS_HANDOFF_SEND),
    E(wsasocket_info, XS__SYS_HANDOFF_RECV),
};
#undef E

/* A slot added to the table without an entry here fails the build. */
_Static_assert(sizeof entries / sizeof entries[0] ==
                   sizeof(struct xs__sys_table) / sizeof(void (*)(void)),
               "every xs__sys slot needs an entry in the listing");

const xs__sys_entry *xs__plat_sys_list(size_t *count) {
  *count = sizeof entries / sizeof entries[0];
  return entries;
}

int xs__plat_sys_wrapped(size_t offset) {
  if (!saved || offset + sizeof(void (*)(void)) > sizeof real)
    return 0;
  return memcmp((const char *)&xs__sys + offset, (const char *)&real + offset,
                sizeof(void (*)(void))) != 0;
}

int xs__plat_fault_default(int id) {
  switch (id) {
  case XS__SYS_GETADDRINFO:
  case XS__SYS_IFLIST:
  case XS__SYS_POLLER_OPEN:
  case XS__SYS_POLLER_CTL:
  case XS__SYS_POLLER_CANCEL:
  case XS__SYS_HANDLE_INFO:
  case XS__SYS_RANDOM:
  case XS__SYS_CLOSE_HANDLE:
  case XS__SYS_WAKE:
  case XS__SYS_POLLER_WAIT:
    return ERROR_NOT_ENOUGH_MEMORY;
  case XS__SYS_STARTUP:
    return WSASYSNOTREADY;
  default:
    return WSAENOBUFS;
  }
}
