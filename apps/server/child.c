/* SPDX-License-Identifier: MIT */
/*
 * child.c - the child mode of the processes design (child.h): the child's
 * command line, and its life: take the socket from the parent, serve the
 * one client until it is done, the idle timeout, or a stop (its own stop
 * signal, or the parent closing the channel), then exit 0.
 */
#include "child.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "log.h"
#include "options.h"
#include "proc.h"
#include "srv.h"
#include "stop.h"
#include "sys.h"

/* How long the child may take to dial the parent and take the socket. */
#define TAKE_MS 20000

int child_make_token(char *buf) {
  static const char hex[] = "0123456789abcdef";
  unsigned char raw[CHILD_TOKEN_LEN / 2];
  if (app_random(raw, sizeof raw) != 0)
    return -1;
  for (size_t i = 0; i < sizeof raw; i++) {
    buf[2 * i] = hex[raw[i] >> 4];
    buf[2 * i + 1] = hex[raw[i] & 15];
  }
  buf[CHILD_TOKEN_LEN] = '\0';
  return 0;
}

/* argv's type is the spawn call's (as execv's); no string is written to. */
static char *arg(const char *s) {
  return (char *)(uintptr_t)s;
}

void child_argv(char **argv, const char *self, const char *where,
                const char *token, const char *service, const char *idle) {
  argv[0] = arg(self);
  argv[1] = arg(CHILD_ARG);
  argv[2] = arg(where);
  argv[3] = arg(token);
  argv[4] = arg(service);
  argv[5] = arg(idle);
  argv[6] = arg(log_is_verbose() ? "1" : "0");
  argv[7] = arg(log_name());
  argv[8] = arg(log_sent_word());
  argv[9] = NULL;
}

/* Dial the channel, send the token, take the socket. 0 or an XS_E code;
 * *channel is left open on success (the stop event from then on). */
static int take_socket(const char *where, const char *token,
                       xs_socket_t *channel, xs_socket_t *out) {
  xs_addr a;
  size_t sent = 0;
  int rc = xs_addr_parse(&a, where);
  if (rc == 0)
    rc = xs_dial(&a, TAKE_MS, channel);
  if (rc != 0)
    return rc;
  rc = xs_send_all(*channel, token, strlen(token), TAKE_MS, &sent);
  if (rc == 0)
    rc = xs_handoff_recv(*channel, TAKE_MS, out);
  if (rc == 0)
    rc = xs_socket_set_nonblocking(*out, 1);
  if (rc != 0) {
    if (*out != XS_INVALID_SOCKET)
      xs_close(*out);
    xs_close(*channel);
    *channel = XS_INVALID_SOCKET;
  }
  return rc;
}

static void log_serving(const xs_addr *peer, const char *service) {
  char text[XS_ADDR_STRLEN];
  char what[XS_ADDR_STRLEN + 96];
  if (!log_is_verbose())
    return;
  snprintf(what, sizeof what, "process %lu serving %s (%s)", app_self_id(),
           log_addr(peer, text, sizeof text), service);
  log_error(what);
}

/* Serve the client on sock; the channel is the stop event too. */
static int serve_client(xs_socket_t sock, xs_socket_t channel,
                        const srv_service *svc, long idle_ms) {
  xs_addr peer;
  srv_conn c;
  if (xs_socket_peer_addr(sock, &peer) != 0)
    memset(&peer, 0, sizeof peer);
  log_serving(&peer, svc->name);
  unsigned char *buf = malloc(CONN_READ_BUF);
  if (buf == NULL) {
    log_conn("dropped", &peer, "out of memory");
    xs_close(sock);
    return SRV_EXIT_FAIL;
  }
  if (peer.family != XS_AF_UNIX)
    (void)xs_socket_set_nodelay(sock, 1);
  conn_init(&c, sock, &peer, svc, app_now_us());
  conn_close(&c, conn_serve(&c, buf, idle_ms, channel));
  free(buf);
  return SRV_EXIT_OK;
}

int srv_child_main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], CHILD_ARG) != 0)
    return -1;
  long idle_ms = 0;
  const srv_service *svc =
      argc == CHILD_ARGC ? srv_service_named(argv[4]) : NULL;
  if (svc == NULL || app_parse_long(argv[5], 0, 1000000000L, &idle_ms) != 0) {
    fprintf(stderr, "%s: bad arguments for the child mode\n", argv[0]);
    return SRV_EXIT_USAGE;
  }
  log_setup(argv[7], strcmp(argv[6], "1") == 0, 1);
  log_set_sent_word(argv[8]);
  int rc = app_stop_init();
  if (rc != 0) {
    log_error2("cannot catch the stop signals", xs_strerror(rc));
    return SRV_EXIT_FAIL;
  }
  xs_socket_t channel = XS_INVALID_SOCKET;
  xs_socket_t sock = XS_INVALID_SOCKET;
  rc = take_socket(argv[2], argv[3], &channel, &sock);
  int status = SRV_EXIT_FAIL;
  if (rc != 0)
    log_error2("cannot take the client's socket", xs_strerror(rc));
  else
    status = serve_client(sock, channel, svc, idle_ms);
  if (channel != XS_INVALID_SOCKET)
    xs_close(channel);
  app_stop_close();
  return status;
}
