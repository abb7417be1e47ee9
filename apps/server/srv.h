/* SPDX-License-Identifier: MIT */
/*
 * srv.h - the server framework the apps' servers share: a table of
 * services (what to do when a TCP client opens, sends, has room to take
 * more, closes, and when a datagram comes), the set of listening sockets
 * each bound to a service, and the designs that drive them: iterative,
 * processes (a process per client, the program started again with the
 * socket handed off), threads and events. A program fills a server (its
 * settings and sockets), prints the ready lines and calls srv_run().
 */
#ifndef XS_SRV_H
#define XS_SRV_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

#define SRV_MAX_SOCKETS 96

/* Exit statuses. */
enum { SRV_EXIT_OK = 0, SRV_EXIT_FAIL = 1, SRV_EXIT_USAGE = 2 };

typedef enum srv_model {
  SRV_MODEL_ITERATIVE,
  SRV_MODEL_PROCESSES,
  SRV_MODEL_THREADS,
  SRV_MODEL_EVENTS
} srv_model;

/* A TCP (or unix stream) client, as a service sees it (see the srv_conn_*
 * functions). */
typedef struct srv_conn srv_conn;

/* What a service does. Each callback may be NULL: then nothing is done
 * (on_data NULL: the bytes are dropped). The TCP callbacks run in the
 * thread (or process) that serves the client; on_datagram in the one
 * thread that serves every UDP socket. */
typedef struct srv_service {
  const char *name; /* "echo" */
  uint16_t port;    /* its standard port (7), for the ready lines' base */
  /* A client was accepted. */
  void (*on_open)(srv_conn *c);
  /* n > 0 bytes came from the client. Only called while everything sent
   * before has gone out (the throttle). */
  void (*on_data)(srv_conn *c, const unsigned char *data, size_t n);
  /* The client can take more: called while srv_conn_want_room() is on,
   * everything sent before has gone out and the socket has room. */
  void (*on_room)(srv_conn *c);
  /* The connection is about to close. */
  void (*on_close)(srv_conn *c);
  /* A datagram of n bytes is in buf (cap bytes, at least SRV_UDP_MIN):
   * write the reply into buf and return its length, or -1 for none. state
   * is the socket's, 0 at first. */
  long (*on_datagram)(uint64_t *state, unsigned char *buf, size_t n,
                      size_t cap);
} srv_service;

/* Send bytes to the client: at once, and what the socket does not take is
 * kept and sent as it drains (nothing more is read, and on_room is not
 * called, until it is). 0, or XS_ENOMEM (the connection then closes). */
int srv_conn_send(srv_conn *c, const void *data, size_t n);
/* Close the connection once everything sent has gone out. */
void srv_conn_finish(srv_conn *c);
/* Ask for on_room calls (on) or stop them (0). */
void srv_conn_want_room(srv_conn *c, int on);
/* Room for the service's own state of this connection, 0 at first. */
uint64_t *srv_conn_state(srv_conn *c);

/* The services (apps/server/svc_*.c). */
extern const srv_service srv_echo;
extern const srv_service srv_discard;
extern const srv_service srv_chargen;
extern const srv_service srv_daytime;
extern const srv_service srv_time;
/* services.c: the service of that name, or NULL. */
const srv_service *srv_service_named(const char *name);

/* The settings. */
typedef struct srv_settings {
  srv_model model;
  long max_clients; /* 0 = no limit but the OS's */
  long idle_ms;     /* 0 = never */
  long workers;     /* events: event loops in threads; 0 or 1: one */
  long udp_rate;    /* UDP replies per second per source; 0 = no limit */
  int verbose;
  int quiet;
} srv_settings;

typedef enum srv_kind { SRV_TCP, SRV_UDP, SRV_UNIX } srv_kind;

/* One open socket: a stream listener (TCP or unix) or a UDP socket. */
typedef struct srv_socket {
  xs_socket_t sock;
  srv_kind kind;
  const srv_service *svc;
  xs_addr local; /* the address it is bound to (as the OS reports) */
  int owns_path; /* unix: remove local.path at close */
} srv_socket;

typedef struct server {
  srv_settings cfg;
  srv_socket socks[SRV_MAX_SOCKETS];
  size_t n_socks;
  /* The processes design: argv[0] and the path of this program, which the
   * children are started from (set by srv_main). */
  const char *self;
  int names; /* the ready lines name the service (srv_serve) */
} server;

/* sockets.c: open sockets into srv (all nonblocking), each bound to svc.
 * text names the endpoint in messages. SRV_EXIT_OK, or SRV_EXIT_FAIL with
 * "cannot listen on TEXT: reason" printed (what was opened stays open;
 * srv_open_pair adds " (udp)" to TEXT when the UDP socket fails). */
int srv_open_stream(server *srv, const xs_addr *addr, const srv_service *svc,
                    const char *text);
int srv_open_udp(server *srv, const xs_addr *addr, const srv_service *svc,
                 const char *text);
/* TCP and UDP on one port: port 0 in addr picks one free for both. */
int srv_open_pair(server *srv, const xs_addr *addr, const srv_service *svc,
                  const char *text);
/* A unix stream listener; a stale socket file at the path (nothing
 * listening) is replaced, anything else refused. */
int srv_open_unix(server *srv, const xs_addr *addr, const srv_service *svc,
                  const char *text);
/* The ready lines on stdout, flushed: "listening tcp 127.0.0.1:7007", and
 * " SERVICE" after each when names is set. 0, or -1 if stdout failed. */
int srv_print_ready(const server *srv, int names);
/* Close every socket and remove the unix socket files made. */
void srv_close(server *srv);
/* How many stream (TCP or unix) listeners / UDP sockets there are. */
size_t srv_count(const server *srv, int stream);

/* run.c: the rest of a server's life once its sockets are open: raise
 * the descriptor limit (and fit max_clients to it), run the design until a
 * stop (SIGINT/SIGTERM, Ctrl-C), close everything. The stop signals must be
 * caught (app_stop_init) and the log set up. names: the ready lines name
 * each socket's service. An exit status. */
int srv_serve(server *srv, int names);
/* The ready lines on stdout and the start note: each design calls it once
 * everything it needs to serve is set up (the events design's pollers, the
 * UDP thread...), so a failure there prints no ready line. 0, or -1
 * (message printed). */
int srv_announce(const server *srv);
/* The processes design's children: if argv asks for the child mode (the
 * hidden first argument the design starts them with), serve the one
 * client handed over and return its exit status; else -1. Call first in
 * main(). */
int srv_child_main(int argc, char **argv);

/* udp.c: the UDP service of every UDP socket. */
#define SRV_UDP_BUF 65536
#define SRV_UDP_MIN 1024
#define SRV_UDP_BATCH 8
#define SRV_UDP_AREA (SRV_UDP_BUF * SRV_UDP_BATCH)
/* The UDP state shared by every socket: the guard's ports, the rate table,
 * the counts. Made once, before any thread, by udp_setup. */
int udp_setup(const server *srv);
void udp_teardown(void);
/* Serve the datagrams waiting on the UDP socket e (a bounded number),
 * moved in batches; area holds SRV_UDP_AREA bytes. */
void udp_serve_pending(srv_socket *e, uint64_t *state, unsigned char *area);
/* -v: the counts of datagrams not answered, once at stop. */
void udp_log_summary(void);
/* Run the UDP service of every UDP socket of srv in a thread of its own
 * until the stop event. udp_thread_start: 0, 1 if there is no UDP socket
 * (no thread), -1 on failure (message printed). */
typedef struct udp_thread udp_thread;
int udp_thread_start(server *srv, udp_thread **out);
void udp_thread_join(udp_thread *t);

/* The designs. Each runs until the stop event; SRV_EXIT_OK, or
 * SRV_EXIT_FAIL after a failure that stops the server (message printed). */
int run_iterative(server *srv);
int run_processes(server *srv);
int run_threads(server *srv);
int run_events(server *srv);

/* accept.c: accept one connection from a nonblocking listener; the new
 * socket is nonblocking too. A queued connection that failed on its own
 * (reset or given up while waiting: ECONNRESET, ECONNABORTED, ENOTCONN,
 * EPROTO, a network error) is skipped at once and the next one taken,
 * silently. 0 with *out and *peer set; XS_EAGAIN when none was waiting (or
 * only failed ones, up to a bound per call); another XS_E... code, which
 * is reported ("accept failed: ...") once per run of failures, whichever
 * thread accepts: XS_EMFILE, XS_ENFILE, XS_ENOBUFS, XS_ENOMEM (out of
 * resources) or a failure of the listener itself. */
int srv_accept(xs_socket_t listener, xs_socket_t *out, xs_addr *peer);

/* srv_accept for a design that blocks: after a failure (not XS_EAGAIN)
 * it pauses SRV_ACCEPT_PAUSE_MS. 1 with *out and *peer set, else 0. */
int srv_take(xs_socket_t listener, xs_socket_t *out, xs_addr *peer);

/* The poll set of a design's accepting thread: [stop socket, stream
 * listeners...] into fds, and each listener's entry into socks at the
 * same index (socks[0] is NULL). The count. Both hold SRV_MAX_SOCKETS + 1
 * entries. */
size_t srv_listener_poll(const server *srv, xs_pollfd *fds,
                         const srv_socket **socks);

/* After an accept failure srv_accept returned (out of descriptors or
 * memory, or the listener failing: pausing keeps a persistent failure from
 * spinning), wait this long, or until the stop event, before accepting
 * again. */
#define SRV_ACCEPT_PAUSE_MS 100
void srv_pause(int ms);

#endif /* XS_SRV_H */
