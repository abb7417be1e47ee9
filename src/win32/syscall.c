/* SPDX-License-Identifier: MIT */
/*
 * syscall.c - the xs__sys table of the Winsock layer: every OS call the
 * layer makes, reached through these pointers so that the fault-injection
 * tests (fault.c) can swap any of them for a failing wrapper.
 */
#include "win32.h"

#include <ntsecapi.h> /* RtlGenRandom (SystemFunction036, advapi32) */

XS__SYS_CONST struct xs__sys_table xs__sys = {
    .wsasocket = WSASocketW,
    .closesocket = closesocket,
    .bind = bind,
    .listen = listen,
    .accept = accept,
    .connect = connect,
    .send = send,
    .recv = recv,
    .sendto = sendto,
    .recvfrom = recvfrom,
    .shutdown = shutdown,
    .setsockopt = setsockopt,
    .getsockopt = getsockopt,
    .getsockname = getsockname,
    .getpeername = getpeername,
    .poll = WSAPoll,
    .ioctlsocket = ioctlsocket,
    .wsaioctl = WSAIoctl,
    .getaddrinfo = getaddrinfo,
    .freeaddrinfo = freeaddrinfo,
    .if_nametoindex = if_nametoindex,
    .if_indextoname = if_indextoname,
    .get_adapters_addresses = GetAdaptersAddresses,
    .luid_to_name = ConvertInterfaceLuidToNameA,
    .startup = WSAStartup,
    .cleanup = WSACleanup,
    .last_error = WSAGetLastError,
    .tick64 = GetTickCount64,
    .sleep = Sleep,
    .set_handle_info = SetHandleInformation,
    .random = SystemFunction036,
    .nt_create_file = NtCreateFile,
    .nt_ioctl = NtDeviceIoControlFile,
    .nt_cancel = NtCancelIoFileEx,
    .nt_to_win32 = RtlNtStatusToDosError,
    .create_iocp = CreateIoCompletionPort,
    .get_completions = GetQueuedCompletionStatusEx,
    .post_completion = PostQueuedCompletionStatus,
    .close_handle = CloseHandle,
    .win_last_error = GetLastError,
    .getservbyname = getservbyname,
    .getservbyport = getservbyport,
    .duplicate = WSADuplicateSocketW,
    .wsasocket_info = WSASocketW,
};
