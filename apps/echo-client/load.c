/* SPDX-License-Identifier: MIT */
/*
 * load.c - the -c mode: C TCP connections, each sending a message and
 * waiting for its echo, again and again until the duration ends; every
 * echo verified, every round trip timed. One thread multiplexes all the
 * connections with xs_poll, nonblocking; memory is bounded whatever the
 * duration (fixed histogram, bytes computed on the fly). Prints one line,
 * or one JSON object with --json.
 *
 * When the duration ends no message is started any more. A connection
 * that has completed no message by then is an error ("no echo during the
 * run"); the others finish the message they have in flight, each within
 * --timeout of its last progress, or that is an error too. So a server
 * that accepts and never answers, or serves one client at a time, cannot
 * pass for a working one; the reported duration is the measured one, this
 * last wait included.
 */
#include <stdio.h>
#include <stdlib.h>

#include "client.h"
#include "sys.h"

#define MAX_REPORTED_ERRORS 5

typedef struct conn {
  uint64_t seq;     /* pattern number: connection index and message */
  size_t sent, got; /* of the current message */
  uint64_t start_us, last_us;
  uint64_t done; /* messages completed */
} conn;

typedef struct load {
  const client_config *cfg;
  size_t n, alive;
  conn *conns;
  xs_pollfd *fds; /* fds[i] is conns[i]'s socket, INVALID once closed */
  uint64_t done, errors;
  int ending; /* the duration is over: no new message */
  latency_hist hist;
} load;

/* A failure of connection i: count it, tell the first few. */
static void count_error(load *ld, size_t i, const char *why, int rc) {
  ld->errors++;
  if (ld->errors <= MAX_REPORTED_ERRORS) {
    client_error("connection %lu: %s%s%s", (unsigned long)i + 1, why,
                 rc != 0 ? ": " : "", rc != 0 ? xs_strerror(rc) : "");
  } else if (ld->errors == MAX_REPORTED_ERRORS + 1) {
    client_error("(further errors are only counted)");
  }
}

/* A connection that is through: close it. */
static void retire(load *ld, size_t i) {
  (void)xs_close(ld->fds[i].sock);
  ld->fds[i].sock = XS_INVALID_SOCKET;
  ld->alive--;
}

/* A failed connection: count it and close it. */
static void drop(load *ld, size_t i, const char *why, int rc) {
  count_error(ld, i, why, rc);
  retire(ld, i);
}

static void start_message(load *ld, size_t i, uint64_t now) {
  conn *c = &ld->conns[i];
  c->seq++;
  c->sent = c->got = 0;
  c->start_us = c->last_us = now;
  ld->fds[i].events = XS_POLLIN | XS_POLLOUT;
}

static void on_writable(load *ld, size_t i) {
  static unsigned char chunk[CLIENT_CHUNK];
  conn *c = &ld->conns[i];
  size_t want = (size_t)ld->cfg->size - c->sent, n;
  int rc;
  if (want > sizeof(chunk)) {
    want = sizeof(chunk);
  }
  pattern_fill(chunk, want, c->seq, c->sent);
  rc = xs_send(ld->fds[i].sock, chunk, want, &n);
  if (rc == XS_EAGAIN) {
    return;
  }
  if (rc != 0) {
    drop(ld, i, "send failed", rc);
    return;
  }
  c->sent += n;
  c->last_us = app_now_us();
  if (c->sent == (size_t)ld->cfg->size) {
    ld->fds[i].events = XS_POLLIN;
  }
}

static void on_readable(load *ld, size_t i) {
  static unsigned char chunk[CLIENT_CHUNK];
  conn *c = &ld->conns[i];
  size_t want = (size_t)ld->cfg->size - c->got, n;
  int rc;
  if (want > sizeof(chunk)) {
    want = sizeof(chunk);
  }
  rc = xs_recv(ld->fds[i].sock, chunk, want, &n);
  if (rc == XS_EAGAIN) {
    return;
  }
  if (rc != 0 || n == 0) {
    drop(ld, i, rc != 0 ? "receive failed" : "closed by the server", rc);
    return;
  }
  if (c->got + n > c->sent || !pattern_check(chunk, n, c->seq, c->got)) {
    drop(ld, i, "the echo differs from what was sent", 0);
    return;
  }
  c->got += n;
  c->last_us = app_now_us();
  if (c->got == (size_t)ld->cfg->size) {
    hist_add(&ld->hist, c->last_us - c->start_us);
    ld->done++;
    c->done++;
    if (ld->ending) {
      retire(ld, i);
    } else {
      start_message(ld, i, c->last_us);
    }
  }
}

/* Drop connections idle past --timeout; the ms until the next may expire
 * (at most cap_ms). */
static int check_timeouts(load *ld, uint64_t now, int cap_ms) {
  uint64_t limit = (uint64_t)ld->cfg->timeout_ms * 1000u;
  uint64_t next = (uint64_t)cap_ms * 1000u;
  size_t i;
  for (i = 0; i < ld->n; i++) {
    uint64_t idle;
    if (ld->fds[i].sock == XS_INVALID_SOCKET) {
      continue;
    }
    idle = now - ld->conns[i].last_us;
    if (idle >= limit) {
      drop(ld, i, "timed out waiting for the echo", 0);
    } else if (limit - idle < next) {
      next = limit - idle;
    }
  }
  return (int)((next + 999u) / 1000u);
}

/* Open the connections; one that cannot be opened is an error and the
 * run goes on with the others (its poll entry stays invalid). */
static void open_all(load *ld) {
  size_t i;
  uint64_t now;
  for (i = 0; i < ld->n; i++) {
    xs_socket_t s;
    int rc = endpoint_connect(&ld->cfg->ep, ld->cfg->timeout_ms, &s);
    if (rc != 0) {
      count_error(ld, i, "cannot connect", rc);
      continue;
    }
    ld->fds[i].sock = s;
    ld->alive++;
    (void)xs_socket_set_nodelay(s, 1); /* TCP only; UNIX has none */
    rc = xs_socket_set_nonblocking(s, 1);
    if (rc != 0) {
      drop(ld, i, "cannot set up the connection", rc);
    }
  }
  now = app_now_us();
  for (i = 0; i < ld->n; i++) {
    ld->conns[i].seq = (uint64_t)i << 32; /* start_message adds 1 */
    start_message(ld, i, now);
  }
}

/* The duration is over: a connection with no message completed is an
 * error, one with nothing in flight is through; the rest go on until
 * their message is answered (or times out). */
static void end_run(load *ld) {
  size_t i;
  ld->ending = 1;
  for (i = 0; i < ld->n; i++) {
    if (ld->fds[i].sock == XS_INVALID_SOCKET) {
      continue;
    }
    if (ld->conns[i].done == 0) {
      drop(ld, i, "no echo during the run", 0);
    } else if (ld->conns[i].sent == 0) {
      retire(ld, i);
    }
  }
}

/* Run until the duration is over and the messages in flight then are
 * answered or timed out (or every connection failed); the microseconds
 * it took. */
static uint64_t run(load *ld) {
  uint64_t start = app_now_us(), now = start;
  uint64_t end = start + (uint64_t)ld->cfg->duration_ms * 1000u;
  while (ld->alive > 0) {
    int left_ms, rc, ready = 0, timeout;
    size_t i;
    if (!ld->ending && now >= end) {
      end_run(ld);
      continue;
    }
    left_ms =
        ld->ending ? ld->cfg->timeout_ms : (int)((end - now + 999u) / 1000u);
    timeout = check_timeouts(ld, now, left_ms);
    if (ld->alive == 0) {
      break;
    }
    rc = xs_poll(ld->fds, ld->n, timeout, &ready);
    if (rc != 0) {
      client_error("poll failed: %s", xs_strerror(rc));
      ld->errors++;
      break;
    }
    for (i = 0; i < ld->n && ready > 0; i++) {
      short ev = ld->fds[i].revents;
      if (ev == 0 || ld->fds[i].sock == XS_INVALID_SOCKET) {
        continue;
      }
      ready--;
      if ((ev & XS_POLLOUT) != 0 && (ld->fds[i].events & XS_POLLOUT) != 0) {
        on_writable(ld, i);
      }
      if ((ev & (XS_POLLIN | XS_POLLHUP | XS_POLLERR | XS_POLLNVAL)) != 0 &&
          ld->fds[i].sock != XS_INVALID_SOCKET) {
        on_readable(ld, i);
      }
    }
    now = app_now_us();
  }
  return now - start;
}

/* The result line (or JSON object) on stdout. 0, or -1 if stdout failed
 * (reason printed). */
static int report(const load *ld, uint64_t elapsed_us) {
  const client_config *cfg = ld->cfg;
  uint64_t rate =
      elapsed_us > 0 ? (ld->done * 1000000u + elapsed_us / 2u) / elapsed_us : 0;
  unsigned long long p50 = hist_percentile(&ld->hist, 500);
  unsigned long long p99 = hist_percentile(&ld->hist, 990);
  unsigned long long p999 = hist_percentile(&ld->hist, 999);
  unsigned long long ms = (unsigned long long)((elapsed_us + 500u) / 1000u);
  if (cfg->json) {
    printf("{\"connections\": %ld, \"duration_s\": %llu.%03llu, "
           "\"msgs_per_sec\": %llu, \"p50_us\": %llu, \"p99_us\": %llu, "
           "\"p999_us\": %llu, \"errors\": %llu}\n",
           cfg->connections, ms / 1000u, ms % 1000u, (unsigned long long)rate,
           p50, p99, p999, (unsigned long long)ld->errors);
  } else {
    printf("messages/s: %llu  p50: %llu us  p99: %llu us  p999: %llu us  "
           "errors: %llu\n",
           (unsigned long long)rate, p50, p99, p999,
           (unsigned long long)ld->errors);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    client_error("cannot write to stdout");
    return -1;
  }
  return 0;
}

int run_load(const client_config *cfg) {
  static load ld; /* the histogram is large for a stack */
  uint64_t fd_limit, elapsed;
  size_t i;
  int rc = EXIT_RUNTIME;
  ld.cfg = cfg;
  ld.n = (size_t)cfg->connections;
  (void)app_raise_fd_limit(&fd_limit); /* a failure shows as a dial error */
  ld.conns = calloc(ld.n, sizeof(*ld.conns));
  ld.fds = calloc(ld.n, sizeof(*ld.fds));
  if (ld.conns == NULL || ld.fds == NULL) {
    client_error("out of memory for %lu connections", (unsigned long)ld.n);
  } else {
    for (i = 0; i < ld.n; i++) {
      ld.fds[i].sock = XS_INVALID_SOCKET;
    }
    open_all(&ld);
    elapsed = run(&ld);
    rc = report(&ld, elapsed) == 0 && ld.errors == 0 ? EXIT_OK : EXIT_RUNTIME;
    for (i = 0; i < ld.n; i++) {
      if (ld.fds[i].sock != XS_INVALID_SOCKET) {
        (void)xs_close(ld.fds[i].sock);
      }
    }
  }
  free(ld.conns);
  free(ld.fds);
  return rc;
}
