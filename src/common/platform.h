/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the port contract.
 *
 * Every function here is implemented once in src/posix/ and once in
 * src/win32/ (same file names in both), and nowhere else. The public entry
 * points in src/common/ check their arguments, then call these. Platform
 * code therefore may assume: pointers are non-NULL, families and types are
 * valid xs_family / xs_socktype values, and addresses passed in have a
 * family. Every function returns 0 or a negative XS_E... code, and records
 * the native code of a failure with xs__native_set() (via the platform's
 * error translation).
 *
 * Every OS call a port makes goes through its xs__sys table (posix.h,
 * win32.h), the seam the fault-injection tests use.
 */
#ifndef XS_COMMON_PLATFORM_H
#define XS_COMMON_PLATFORM_H

#include "xsock/xsock.h"

/* ---- start-up (init.c) ------------------------------------------------ */

/* Start the socket layer once per process, lazily; thread-safe; cheap after
 * the first call. Every entry point that creates a socket or resolves a
 * name calls it first. POSIX: nothing to do. */
int xs__plat_ensure(void);
/* One explicit start (WSAStartup), balanced by xs__plat_shutdown(). */
int xs__plat_init(void);
/* One explicit clean-up (WSACleanup). */
int xs__plat_shutdown(void);

/* ---- sockets (socket.c) ----------------------------------------------- */

/* Flags of xs__plat_socket: XS__SAFE applies the xs_socket_open()
 * defaults (non-inheritable, no SIGPIPE, IPV6_V6ONLY=1 for IPv6, UDP
 * connreset off); XS_SOCK_NONBLOCK makes the socket nonblocking. */
#define XS__SAFE 1
/* Create a socket; type is a plain XS_SOCK_* value. */
int xs__plat_socket(int family, int type, int protocol, int flags,
                    xs_socket_t *out);
/* Close; never retried. */
int xs__plat_close(xs_socket_t s);
int xs__plat_bind(xs_socket_t s, const xs_addr *addr);
/* backlog <= 0 means SOMAXCONN. */
int xs__plat_listen(xs_socket_t s, int backlog);
/* Accepted socket is non-inheritable, SIGPIPE-free, and blocking unless
 * flags has XS_SOCK_NONBLOCK. peer may be NULL. EINTR (and ECONNABORTED on
 * a blocking listener) are retried. */
int xs__plat_accept(xs_socket_t s, xs_socket_t *out, xs_addr *peer, int flags);
/* One connect call. A nonblocking socket gives XS_EINPROGRESS on every
 * system; a blocking one waits (an EINTR is followed by a wait for the
 * outcome). */
int xs__plat_connect(xs_socket_t s, const xs_addr *addr);
int xs__plat_sock_shutdown(xs_socket_t s, int how);
int xs__plat_local_addr(xs_socket_t s, xs_addr *addr);
int xs__plat_peer_addr(xs_socket_t s, xs_addr *addr);
/* SO_ERROR, translated into *error (0 or XS_E...), and cleared: a second
 * read gives 0 on every system. */
int xs__plat_sock_error(xs_socket_t s, int *error);
/* The socket's family (XS_AF_*, XS_AF_UNSPEC for one xsock does not know)
 * and type (XS_SOCK_STREAM, XS_SOCK_DGRAM, or 0 for another). For the
 * checks that make one answer out of the systems' different ones; not for
 * hot paths. */
int xs__plat_sock_kind(xs_socket_t s, int *family, int *type);

/* ---- socketpair (socketpair.c) ---------------------------------------- */

/* flags: 0 or XS_SOCK_NONBLOCK (both ends). */
int xs__plat_socketpair(xs_socket_t pair[2], int flags);

/* ---- process hand-off (handoff.c) -------------------------------------- */

struct xs__deadline;
/* This process's id (getpid / GetCurrentProcessId). */
uint32_t xs__plat_process_id(void);
/* 0 if a stream socket of family (XS_AF_*) can carry a hand-off on this
 * system: POSIX needs XS_AF_UNIX (else XS_EAFNOSUPPORT, native 0);
 * Windows takes any. */
int xs__plat_handoff_channel(int family);
/* Answer a request of process pid, already read from channel, with sock
 * before the deadline d: POSIX one byte with sock in SCM_RIGHTS;
 * Windows WSADuplicateSocketW(sock, pid) and the header + protocol info. */
int xs__plat_handoff_send(xs_socket_t channel, xs_socket_t sock, uint32_t pid,
                          const struct xs__deadline *d);
/* Read the answer to a request already written on channel before d and
 * make the received handle *out (non-inheritable; XS_INVALID_SOCKET on
 * failure, and nothing received is left open). A malformed answer is
 * XS_EPROTO. */
int xs__plat_handoff_recv(xs_socket_t channel, const struct xs__deadline *d,
                          xs_socket_t *out);

/* ---- I/O (io.c) --------------------------------------------------------- */

/* One call each; EINTR retried; would-block is XS_EAGAIN, an expired
 * SO_RCVTIMEO/SO_SNDTIMEO on a blocking socket XS_ETIMEDOUT. to == NULL:
 * plain send. from may be NULL. An oversized datagram: XS_EMSGSIZE with
 * *received = len. */
int xs__plat_send(xs_socket_t s, const void *buf, size_t len, size_t *sent);
int xs__plat_recv(xs_socket_t s, void *buf, size_t len, size_t *received);
int xs__plat_sendto(xs_socket_t s, const void *buf, size_t len,
                    const xs_addr *to, size_t *sent);
int xs__plat_recvfrom(xs_socket_t s, void *buf, size_t len, xs_addr *from,
                      size_t *received);

/* ---- datagram batches (batch.c) ---------------------------------------- */

/* At most XS_BATCH_MAX entries (the caller clamps count); *done set. A
 * receive fills n, error and addr of each entry received; XS_AF_UNSPEC in a
 * send entry's addr means no destination (connected socket). */
int xs__plat_recv_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done);
int xs__plat_send_batch(xs_socket_t s, xs_dgram *msgs, size_t count,
                        size_t *done);

/* ---- readiness and time (poll.c) --------------------------------------- */

/* One wait, XS_EINTR not retried (the caller retries with the time left).
 * Works in place on fds and allocates nothing: translates XS_POLL* to the
 * native flags and back; skips entries whose socket is XS_INVALID_SOCKET
 * (revents 0); when every entry is skipped (or n == 0) sleeps for
 * timeout_ms, or returns XS_EINVAL if timeout_ms < 0. */
int xs__plat_poll(xs_pollfd *fds, size_t n, int timeout_ms, int *ready);
/* A monotonic clock in milliseconds. */
uint64_t xs__plat_now_ms(void);

/* ---- the poller's native backend (poller_<backend>.c) ------------------- */

struct xs__poller_ops;
/* The table of the scalable backend CMake chose for this system (epoll,
 * kqueue, afd; see poller_int.h), or NULL if there is none. */
const struct xs__poller_ops *xs__plat_poller_ops(void);

/* ---- options (sockopt.c) ----------------------------------------------- */

/* Integer-valued options; values are already range-checked. Booleans are
 * read back as 0 or 1; timeouts are milliseconds; keep-alive times are
 * seconds. The REUSEADDR option is the listener reuse policy. Options that
 * do not exist on the system give XS_ENOTSUP. */
enum xs__opt {
  XS__OPT_NODELAY,
  XS__OPT_KEEPALIVE,
  XS__OPT_KEEPIDLE,
  XS__OPT_KEEPINTVL,
  XS__OPT_RCVBUF,
  XS__OPT_SNDBUF,
  XS__OPT_RCVTIMEO,
  XS__OPT_SNDTIMEO,
  XS__OPT_V6ONLY,
  XS__OPT_REUSEADDR,
  XS__OPT_BROADCAST,
  XS__OPT_MCAST_LOOP,
  XS__OPT_MCAST_TTL,
  XS__OPT_COUNT
};
int xs__plat_setopt(xs_socket_t s, int opt, int value);
int xs__plat_getopt(xs_socket_t s, int opt, int *value);
int xs__plat_set_linger(xs_socket_t s, int on, int seconds);
int xs__plat_get_linger(xs_socket_t s, int *on, int *seconds);
int xs__plat_set_nonblocking(xs_socket_t s, int on);
/* group is IPv4 or IPv6 multicast (checked by the caller). */
int xs__plat_mcast(xs_socket_t s, const xs_addr *group, uint32_t ifindex,
                   int join);

/* ---- addresses and names (addr.c) -------------------------------------- */

int xs__plat_to_sockaddr(const xs_addr *addr, void *sa, size_t size,
                         size_t *len);
int xs__plat_from_sockaddr(xs_addr *out, const void *sa, size_t len);
/* if_nametoindex; XS_ENOENT if there is no such interface. */
int xs__plat_if_index(const char *name, uint32_t *index);
/* if_indextoname; XS_ENOENT if unknown. size >= 1. */
int xs__plat_if_name(uint32_t index, char *buf, size_t size);
/* getaddrinfo; hints already checked; list deduplicated, malloc'ed. */
int xs__plat_resolve(const char *host, const char *service,
                     const xs_resolve_hints *hints, xs_addr **list,
                     size_t *count);

/* ---- network interfaces (iface.c) -------------------------------------- */

struct xs__if_build;
/* getifaddrs / GetAdaptersAddresses: add every interface (name, index,
 * flags, hardware address) and each of its IPv4 and IPv6 addresses with its
 * prefix length to b through the helpers in internal.h. Names are the ones
 * xs__plat_if_index takes. On failure the caller discards b. */
int xs__plat_if_list(struct xs__if_build *b);

/* ---- services (service.c) ---------------------------------------------- */

/* The system's services database, for proto "tcp" or "udp" (never NULL);
 * name is non-empty and shorter than XS_SERVICE_NAME_MAX. Names match
 * without regard to ASCII case (POSIX: asked as given, then in lower case)
 * or as one of the system's aliases. 0 and *port in host order (an entry of
 * another protocol is not an answer); XS_ENOENT when the system does not
 * know the name; another XS_E... code when the lookup failed. Either way
 * the caller then asks its own table. Safe from several threads. */
int xs__plat_serv_by_name(const char *name, const char *proto, uint16_t *port);
/* The name of the system's (first) entry for port under proto into name
 * (size bytes, NUL-terminated); an entry for another port or protocol is
 * not an answer. XS_ENOENT when there is none; XS_ENAMETOOLONG when the
 * name does not fit; another XS_E... code when the lookup failed. */
int xs__plat_serv_by_port(uint16_t port, const char *proto, char *name,
                          size_t size);

/* ---- errors (error.c) --------------------------------------------------- */

/* Translate a native socket error (errno / WSA...) to XS_E..., recording it
 * as this thread's last native error. Unknown codes give XS_EUNKNOWN. */
int xs__plat_error(int native);
/* Translate a getaddrinfo() failure code, recording it. */
int xs__plat_eai_error(int native);
/* Reverse lookup for tests: a native code that translates to code, or 0. */
int xs__plat_native_code(int code);

/* ---- fault injection (fault.c, only in the xsock_testing library) ------- */

/* The OS calls the seam lets a test fail or shorten, by a neutral name. */
enum xs__sysid {
  XS__SYS_SOCKET,
  XS__SYS_CLOSE,
  XS__SYS_BIND,
  XS__SYS_LISTEN,
  XS__SYS_ACCEPT,
  XS__SYS_CONNECT,
  XS__SYS_SEND,
  XS__SYS_RECV,
  XS__SYS_SENDTO,
  XS__SYS_RECVFROM,
  XS__SYS_POLL,
  XS__SYS_SETSOCKOPT,
  XS__SYS_GETSOCKOPT,
  XS__SYS_GETADDRINFO,
  XS__SYS_FCNTL,       /* fcntl / ioctlsocket: mode changes and queries */
  XS__SYS_POLLER_OPEN, /* epoll_create1 / kqueue / NtCreateFile on AFD */
  XS__SYS_POLLER_CTL,  /* epoll_ctl / kevent changes / IOCTL_AFD_POLL */
  XS__SYS_POLLER_WAIT, /* epoll_wait / kevent / GetQueuedCompletionStatusEx */
  XS__SYS_IFLIST,      /* getifaddrs / GetAdaptersAddresses (+ LUID name) */
  XS__SYS_SHUTDOWN,
  XS__SYS_GETSOCKNAME,
  XS__SYS_GETPEERNAME,
  XS__SYS_SOCKETPAIR,    /* socketpair (POSIX only) */
  XS__SYS_IFINDEX,       /* if_nametoindex / if_indextoname */
  XS__SYS_WAKE_OPEN,     /* eventfd (the epoll backend's wake) */
  XS__SYS_WAKE,          /* write to the eventfd / PostQueuedCompletionStatus */
  XS__SYS_WAKE_READ,     /* read of the eventfd */
  XS__SYS_IOCTL,         /* WSAIoctl (Windows only) */
  XS__SYS_HANDLE_INFO,   /* SetHandleInformation (Windows only) */
  XS__SYS_STARTUP,       /* WSAStartup (Windows only) */
  XS__SYS_CLEANUP,       /* WSACleanup (Windows only) */
  XS__SYS_RANDOM,        /* RtlGenRandom (Windows only) */
  XS__SYS_POLLER_CANCEL, /* NtCancelIoFileEx (Windows only) */
  XS__SYS_CLOSE_HANDLE,  /* CloseHandle (Windows only) */
  XS__SYS_SERVBYNAME,    /* getservbyname(_r) */
  XS__SYS_SERVBYPORT,    /* getservbyport(_r) */
  XS__SYS_HANDOFF_SEND,  /* sendmsg with SCM_RIGHTS / WSADuplicateSocketW */
  XS__SYS_HANDOFF_RECV,  /* recvmsg with SCM_RIGHTS / WSASocketW(FROM_INFO) */
  XS__SYS_COUNT
};

/* One entry of the seam's table, for the tests that check that every OS
 * call can be made to fail: its name, where it sits in the table, and the
 * id its fault wrapper answers to (-1: a call that reports or frees and
 * cannot fail, such as WSAGetLastError or freeaddrinfo). */
typedef struct xs__sys_entry {
  const char *name;
  size_t offset;
  int id;
} xs__sys_entry;
/* Every entry of the platform's xs__sys table (fault.c checks at compile
 * time that none is missing); *count receives how many. */
const xs__sys_entry *xs__plat_sys_list(size_t *count);
/* 1 when the wrappers are installed and the entry at offset is one. */
int xs__plat_sys_wrapped(size_t offset);
/* The native error a sweep fails call id with: a shortage of buffers or
 * memory, in the form that call reports (errno, WSA..., EAI_..., NTSTATUS
 * as the wrapper expects). */
int xs__plat_fault_default(int id);
/* Install the platform's fault wrappers into its xs__sys table (idempotent)
 * and clear every planned fault. */
void xs__plat_fault_install(void);
/* Put the real OS calls back. */
void xs__plat_fault_uninstall(void);

#endif /* XS_COMMON_PLATFORM_H */
