/* SPDX-License-Identifier: MIT */
/*
 * stream.c - the default mode: stdin to the server, the echo to stdout.
 *
 * Windows cannot poll stdin, so on every system a thread reads stdin and
 * forwards it into a socket pair, and the main thread polls the server
 * socket and the pair end together, nonblocking both ways so that a server
 * that throttles us while we do not read can never deadlock the client.
 * The reader forwards whatever stdin delivers as soon as it arrives (a
 * partial line too, read without stdio buffering). At stdin EOF the client
 * half-closes, reads the rest of the echo until the server closes, and
 * checks that every byte sent came back.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "client.h"
#include "sys.h"
#include "thread.h"

typedef struct stream {
  const client_config *cfg;
  xs_socket_t sock;    /* the server */
  xs_socket_t pair[2]; /* [0] polled here, [1] written by the reader */
  unsigned char out[CLIENT_CHUNK];
  size_t out_len, out_off; /* bytes from stdin not yet sent */
  int stdin_open, half_closed;
  uint64_t sent, received;
  /* When the current echo wait began: the last echo bytes received, or
   * the moment bytes became owed with nothing owed before. */
  uint64_t last_progress_us;
} stream;

/* Set by the reader thread before it shuts the pair, read by the main
 * thread once it sees that. */
static atomic_int stdin_failed;

/* Forwards stdin into the pair as soon as any arrives, unbuffered, so a
 * partial line is not held back; at end of file (or a read error, noted
 * for the main thread) it shuts the pair's write side. */
static void reader(void *arg) {
  xs_socket_t w = *(xs_socket_t *)arg;
  static unsigned char buf[CLIENT_CHUNK];
  for (;;) {
    long n = app_read_stdin(buf, sizeof(buf));
    if (n <= 0) {
      atomic_store(&stdin_failed, n < 0);
      break;
    }
    if (xs_send_all(w, buf, (size_t)n, XS_INFINITE, NULL) != 0) {
      return; /* the main thread is gone */
    }
  }
  (void)xs_socket_shutdown(w, XS_SHUT_WR);
}

/* A failure: report it and end at once. The reader may be blocked in
 * stdin for ever, so the process ends without joining or closing it. */
static int fail(const char *what, int rc) {
  if (rc != 0) {
    client_error("%s: %s", what, xs_strerror(rc));
  } else {
    client_error("%s", what);
  }
  fflush(stdout);
  fflush(stderr);
  _Exit(EXIT_RUNTIME);
}

/* The server closed its side: fine only after our half-close with every
 * byte echoed. 1 when done. */
static int server_closed(stream *st) {
  char msg[160];
  if (!st->half_closed) {
    return fail("the server closed the connection", 0);
  }
  if (st->received != st->sent) {
    snprintf(msg, sizeof(msg),
             "the server closed the connection after echoing %llu of %llu "
             "bytes",
             (unsigned long long)st->received, (unsigned long long)st->sent);
    return fail(msg, 0);
  }
  return 1;
}

/* Echoed bytes to stdout. 1 when the server closed and all is well. */
static int pump_in(stream *st) {
  unsigned char buf[CLIENT_CHUNK];
  size_t n;
  int rc = xs_recv(st->sock, buf, sizeof(buf), &n);
  if (rc == XS_EAGAIN) {
    return 0;
  }
  if (rc != 0) {
    return fail("connection lost", rc);
  }
  if (n == 0) {
    return server_closed(st);
  }
  st->received += n;
  st->last_progress_us = app_now_us();
  if (st->received > st->sent) {
    return fail("the server sent more bytes than it was sent", 0);
  }
  if (fwrite(buf, 1, n, stdout) != n || fflush(stdout) != 0) {
    return fail("cannot write to stdout", 0);
  }
  return 0;
}

/* Pending stdin bytes to the server. */
static void pump_out(stream *st) {
  size_t n;
  int rc =
      xs_send(st->sock, st->out + st->out_off, st->out_len - st->out_off, &n);
  if (rc == XS_EAGAIN) {
    return;
  }
  if (rc != 0) {
    fail("connection lost", rc);
  }
  /* Sending is no progress of the echo: a server that reads but never
   * echoes must still time out while stdin keeps trickling. The wait
   * started when these bytes came in with nothing owed (pump_pair). */
  st->out_off += n;
  st->sent += n;
  if (st->out_off == st->out_len) {
    st->out_off = st->out_len = 0;
  }
}

/* More stdin from the reader; at its end, half-close the connection. */
static void pump_pair(stream *st) {
  size_t n;
  int rc = xs_recv(st->pair[0], st->out, sizeof(st->out), &n);
  if (rc == XS_EAGAIN) {
    return;
  }
  if (rc != 0 || n == 0) {
    if (atomic_load(&stdin_failed)) {
      fail("cannot read stdin", 0);
    }
    st->stdin_open = 0;
    rc = xs_socket_shutdown(st->sock, XS_SHUT_WR);
    if (rc != 0) {
      fail("cannot half-close the connection", rc);
    }
    st->half_closed = 1;
    if (st->received == st->sent) {
      st->last_progress_us = app_now_us(); /* now waiting for the close */
    }
    return;
  }
  st->out_len = n;
  st->out_off = 0;
  if (st->received == st->sent) {
    st->last_progress_us = app_now_us(); /* the wait starts now */
  }
}

/* The poll timeout: none while nothing is owed to us (an idle stdin is
 * not a timeout), else what is left of --timeout since the wait began.
 * -2 once that time is over. */
static int wait_limit(const stream *st) {
  uint64_t limit = (uint64_t)st->cfg->timeout_ms * 1000u, idle;
  if (st->out_len == 0 && st->received == st->sent && !st->half_closed) {
    return XS_INFINITE;
  }
  idle = app_now_us() - st->last_progress_us;
  if (idle >= limit) {
    return -2;
  }
  return (int)((limit - idle + 999u) / 1000u);
}

static int loop(stream *st) {
  for (;;) {
    xs_pollfd fds[2];
    int rc, timeout = wait_limit(st);
    if (timeout == -2) {
      return fail(st->half_closed ? "timed out waiting for the rest of "
                                    "the echo and the end of stream"
                                  : "timed out waiting for the echo",
                  0);
    }
    fds[0].sock = st->sock;
    fds[0].events = (short)(XS_POLLIN | (st->out_len > 0 ? XS_POLLOUT : 0));
    fds[1].sock =
        st->stdin_open && st->out_len == 0 ? st->pair[0] : XS_INVALID_SOCKET;
    fds[1].events = XS_POLLIN;
    fds[0].revents = fds[1].revents = 0;
    rc = xs_poll(fds, 2, timeout, NULL);
    if (rc != 0) {
      return fail("poll failed", rc);
    }
    if ((fds[0].revents & (XS_POLLIN | XS_POLLHUP | XS_POLLERR)) != 0 &&
        pump_in(st) == 1) {
      return EXIT_OK;
    }
    if ((fds[0].revents & XS_POLLOUT) != 0 && st->out_len > 0) {
      pump_out(st);
    }
    if ((fds[1].revents & (XS_POLLIN | XS_POLLHUP | XS_POLLERR)) != 0) {
      pump_pair(st);
    }
  }
}

int run_stream(const client_config *cfg) {
  static stream st; /* its buffer is large for a stack */
  app_thread thread;
  int rc;
  st.cfg = cfg;
  st.stdin_open = 1;
  if (endpoint_dial(&cfg->ep, cfg->timeout_ms, &st.sock) != 0) {
    return EXIT_RUNTIME;
  }
  rc = xs_socketpair(st.pair);
  if (rc == 0) {
    rc = xs_socket_set_nonblocking(st.sock, 1);
  }
  if (rc == 0) {
    rc = xs_socket_set_nonblocking(st.pair[0], 1);
  }
  if (rc != 0) {
    return fail("cannot set up the connection", rc);
  }
  if (app_thread_start(&thread, reader, &st.pair[1]) != 0) {
    return fail("cannot start the stdin reader thread", 0);
  }
  rc = loop(&st);
  app_thread_join(&thread); /* it has seen end of file */
  (void)xs_close(st.pair[0]);
  (void)xs_close(st.pair[1]);
  (void)xs_close(st.sock);
  return rc;
}
