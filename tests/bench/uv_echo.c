/* SPDX-License-Identifier: MIT */
/*
 * uv_echo.c - the echo server of ci/bench.sh written on libuv, as a user who
 * cares about speed would write it: one loop, TCP and UDP on the same port.
 * Reads land in one shared buffer and are echoed at once with
 * uv_try_write; only a short write copies the rest into a heap uv_write
 * request and stops reading until it completes (back-pressure), so an idle
 * connection costs its uv_tcp_t. Datagrams are echoed with uv_udp_try_send
 * (dropped when the socket buffer is full).
 * Usage: xsock-bench-uv-echo [HOST:]PORT
 * Prints "listening tcp ADDR" and "listening udp ADDR" when ready; SIGINT or
 * SIGTERM stops it cleanly (exit 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <uv.h>

#define READ_BUF (64 * 1024)

/* The unsent rest of a short write, with its libuv request. */
typedef struct pending {
  uv_write_t req;
  size_t len;
  char data[];
} pending;

static uv_loop_t *g_loop;
static char g_buf[READ_BUF];
static char g_dgram[READ_BUF];
static uv_tcp_t g_listener;
static uv_udp_t g_udp;
static uv_signal_t g_sigint;
static uv_signal_t g_sigterm;

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  *buf = uv_buf_init(g_buf, sizeof g_buf);
}

static void on_dgram_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  *buf = uv_buf_init(g_dgram, sizeof g_dgram);
}

static void on_closed(uv_handle_t *h) {
  free(h);
}

static void close_client(uv_stream_t *s) {
  if (!uv_is_closing((uv_handle_t *)s))
    uv_close((uv_handle_t *)s, on_closed);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

static void on_written(uv_write_t *req, int status) {
  pending *pd = (pending *)req;
  uv_stream_t *s = req->handle;
  free(pd);
  if (status != 0) {
    close_client(s);
    return;
  }
  if (uv_read_start(s, on_alloc, on_read) != 0)
    close_client(s);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  if (nread == 0)
    return;
  if (nread < 0) {
    close_client(s);
    return;
  }
  uv_buf_t out = uv_buf_init(buf->base, (unsigned int)nread);
  int w = uv_try_write(s, &out, 1);
  if (w == nread)
    return;
  if (w < 0) {
    if (w != UV_EAGAIN) {
      close_client(s);
      return;
    }
    w = 0;
  }
  size_t rest = (size_t)nread - (size_t)w;
  pending *pd = malloc(sizeof *pd + rest);
  if (pd == NULL) {
    close_client(s);
    return;
  }
  pd->len = rest;
  memcpy(pd->data, buf->base + w, rest);
  uv_buf_t wb = uv_buf_init(pd->data, (unsigned int)rest);
  uv_read_stop(s);
  if (uv_write(&pd->req, s, &wb, 1, on_written) != 0) {
    free(pd);
    close_client(s);
  }
}

static void on_connection(uv_stream_t *server, int status) {
  if (status != 0)
    return;
  uv_tcp_t *c = malloc(sizeof *c);
  if (c == NULL)
    return;
  uv_tcp_init(g_loop, c);
  if (uv_accept(server, (uv_stream_t *)c) != 0) {
    uv_close((uv_handle_t *)c, on_closed);
    return;
  }
  uv_tcp_nodelay(c, 1);
  if (uv_read_start((uv_stream_t *)c, on_alloc, on_read) != 0)
    close_client((uv_stream_t *)c);
}

static void on_dgram(uv_udp_t *u, ssize_t nread, const uv_buf_t *buf,
                     const struct sockaddr *addr, unsigned flags) {
  (void)flags;
  if (nread < 0 || addr == NULL)
    return; /* an error, or "nothing more to read" */
  uv_buf_t out = uv_buf_init(buf->base, (unsigned int)nread);
  (void)uv_udp_try_send(u, &out, 1, addr);
}

static void close_any(uv_handle_t *h, void *arg) {
  (void)arg;
  if (uv_is_closing(h))
    return;
  if (h->type == UV_TCP && h != (uv_handle_t *)&g_listener)
    uv_close(h, on_closed);
  else
    uv_close(h, NULL);
}

static void on_signal(uv_signal_t *h, int signum) {
  (void)signum;
  uv_stop(h->loop);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s [HOST:]PORT\n", argv[0]);
    return 2;
  }
  char host[64] = "127.0.0.1";
  const char *port = argv[1];
  const char *colon = strrchr(argv[1], ':');
  if (colon != NULL) {
    size_t n = (size_t)(colon - argv[1]);
    if (n >= sizeof host)
      return 2;
    memcpy(host, argv[1], n);
    host[n] = '\0';
    port = colon + 1;
  }
  struct sockaddr_in sa;
  if (uv_ip4_addr(host, atoi(port), &sa) != 0) {
    fprintf(stderr, "uv_echo: bad address %s\n", argv[1]);
    return 2;
  }
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }

  g_loop = uv_default_loop();
  int rc = uv_tcp_init(g_loop, &g_listener);
  if (rc == 0)
    rc = uv_tcp_bind(&g_listener, (const struct sockaddr *)&sa, 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)&g_listener, 65535, on_connection);
  if (rc == 0)
    rc = uv_udp_init(g_loop, &g_udp);
  if (rc == 0)
    rc = uv_udp_bind(&g_udp, (const struct sockaddr *)&sa, UV_UDP_REUSEADDR);
  if (rc == 0)
    rc = uv_udp_recv_start(&g_udp, on_dgram_alloc, on_dgram);
  if (rc != 0) {
    fprintf(stderr, "uv_echo: start-up: %s\n", uv_strerror(rc));
    return 1;
  }
  uv_signal_init(g_loop, &g_sigint);
  uv_signal_start(&g_sigint, on_signal, SIGINT);
  uv_signal_init(g_loop, &g_sigterm);
  uv_signal_start(&g_sigterm, on_signal, SIGTERM);

  printf("listening tcp %s:%s\nlistening udp %s:%s\n", host, port, host, port);
  fflush(stdout);

  uv_run(g_loop, UV_RUN_DEFAULT);
  uv_walk(g_loop, close_any, NULL);
  uv_run(g_loop, UV_RUN_DEFAULT);
  return uv_loop_close(g_loop) == 0 ? 0 : 1;
}
