/* SPDX-License-Identifier: MIT */
/*
 * server.h - what the parts of xsock-echo-server share: the settings read
 * from the command line, the set of open listening sockets, and the entry
 * points of each part (endpoints, the UDP echo, the three TCP models).
 */
#ifndef XS_ECHO_SERVER_H
#define XS_ECHO_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include <xsock/xsock.h>

#define SRV_NAME "xsock-echo-server"
#define SRV_MAX_ENDPOINTS 16
#define SRV_MAX_SOCKETS (2 * SRV_MAX_ENDPOINTS)
#define SRV_DEFAULT_ENDPOINT ":7007"

/* Exit statuses. */
enum { SRV_EXIT_OK = 0, SRV_EXIT_FAIL = 1, SRV_EXIT_USAGE = 2 };

typedef enum srv_model {
  SRV_MODEL_ITERATIVE,
  SRV_MODEL_THREADS,
  SRV_MODEL_EVENTS
} srv_model;

/* The settings, from the command line. */
typedef struct srv_config {
  const char *endpoints[SRV_MAX_ENDPOINTS];
  size_t n_endpoints;
  int tcp; /* serve TCP (and unix stream) */
  int udp; /* serve UDP */
  srv_model model;
  long max_clients; /* 0 = no limit but the OS's; -1 = model default */
  long idle_ms;     /* 0 = never */
  long workers;     /* events: event loops in threads; 0 = not given (1) */
  int verbose;
  int quiet;
} srv_config;

typedef enum srv_kind { SRV_TCP, SRV_UDP, SRV_UNIX } srv_kind;

/* One open socket: a stream listener (TCP or unix) or a UDP socket. */
typedef struct srv_socket {
  xs_socket_t sock;
  srv_kind kind;
  xs_addr local; /* the address it is bound to (as the OS reports) */
  int owns_path; /* unix: remove local.path at close */
} srv_socket;

typedef struct server {
  srv_config cfg;
  srv_socket socks[SRV_MAX_SOCKETS];
  size_t n_socks;
} server;

/* args.c: fill cfg from argv. SRV_EXIT_OK to go on, or -1 when --help or
 * --version was printed (exit 0), or SRV_EXIT_USAGE (message printed). */
int srv_parse_args(srv_config *cfg, int argc, char **argv);

/* endpoints.c: open every listening socket the settings ask for, all
 * nonblocking. SRV_EXIT_OK, or an exit status with the message printed
 * (everything opened so far is closed again). */
int srv_open(server *srv);
/* Print the ready lines on stdout and flush. 0, or -1 if stdout failed. */
int srv_print_ready(const server *srv);
/* Close every socket and remove the unix socket files made. */
void srv_close(server *srv);
/* How many stream (TCP or unix) listeners / UDP sockets there are. */
size_t srv_count(const server *srv, int stream);

/* udp.c: echo the datagrams waiting on one UDP socket (a bounded number of
 * them), received and sent in batches of up to SRV_UDP_BATCH where the
 * system can (xs_recv_batch); area holds SRV_UDP_AREA bytes, room for one
 * largest datagram (SRV_UDP_BUF) per entry of a batch. A datagram from
 * port 0, 7, 9, 13, 19, 37 or own_port (the socket's own) is not answered
 * (the loop and reflection guard) and is counted. */
#define SRV_UDP_BUF 65536
#define SRV_UDP_BATCH 8
#define SRV_UDP_AREA (SRV_UDP_BUF * SRV_UDP_BATCH)
void udp_echo_pending(xs_socket_t sock, uint16_t own_port, unsigned char *area);
/* -v: the count of datagrams the guard left unanswered, once at stop
 * (nothing when there were none). */
void udp_log_summary(void);
/* Run the UDP echo of every UDP socket of srv in a thread of its own until
 * the stop event. udp_thread_start: 0, 1 if there is no UDP socket (no
 * thread), -1 on failure (message printed). */
typedef struct udp_thread udp_thread;
int udp_thread_start(server *srv, udp_thread **out);
void udp_thread_join(udp_thread *t);

/* The TCP models (run_events with cfg.workers event loops). Each runs
 * until the stop event; SRV_EXIT_OK, or SRV_EXIT_FAIL after a failure
 * that stops the server (message printed). */
int run_iterative(server *srv);
int run_threads(server *srv);
int run_events(server *srv);

/* Accept one connection from a nonblocking listener; the new socket is
 * nonblocking too. A queued connection that failed on its own (reset or
 * given up while waiting: ECONNRESET, ECONNABORTED, ENOTCONN, EPROTO, a
 * network error) is skipped at once and the next one taken, silently.
 * 0 with *out and *peer set; XS_EAGAIN when none was waiting (or only
 * failed ones, up to a bound per call); another XS_E... code, which is
 * reported ("accept failed: ...") once per run of failures, whichever
 * thread accepts: XS_EMFILE, XS_ENFILE, XS_ENOBUFS, XS_ENOMEM (out of
 * resources) or a failure of the listener itself. */
int srv_accept(xs_socket_t listener, xs_socket_t *out, xs_addr *peer);

/* After an accept failure srv_accept returned (out of descriptors or
 * memory, or the listener failing: pausing keeps a persistent failure from
 * spinning), wait this long, or until the stop event, before accepting
 * again. */
#define SRV_ACCEPT_PAUSE_MS 100
void srv_pause(int ms);

#endif /* XS_ECHO_SERVER_H */
