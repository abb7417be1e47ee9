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

static int WSAAPI f_connect(SOCKET s, const struct sockaddr *a, int len) {
  return planned(XS__SYS_CONNECT) ? SOCKET_ERROR : real.connect(s, a, len);
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
  xs__sys.nt_create_file = f_nt_create_file;
  xs__sys.nt_ioctl = f_nt_ioctl;
  xs__sys.get_completions = f_get_completions;
}

void xs__plat_fault_uninstall(void) {
  if (saved)
    xs__sys = real;
}
