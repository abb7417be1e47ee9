/* SPDX-License-Identifier: MIT */
/*
 * event_echo.c - the echo server of ci/bench.sh written on libevent 2.1,
 * with its event API (event_new per connection) rather than bufferevents,
 * so that it buffers the way the other servers do: reads land in one shared
 * buffer and are written back at once; only a short write copies the rest
 * to the heap and turns the connection's event from read to write until it
 * is flushed (back-pressure). TCP and UDP on the same port; datagrams are
 * echoed with sendto (dropped when the socket buffer is full).
 * Usage: xsock-bench-event-echo [HOST:]PORT
 * Prints "listening tcp ADDR" and "listening udp ADDR" when ready; SIGINT or
 * SIGTERM stops it cleanly (exit 0).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>

#define READ_BUF (64 * 1024)

/* One TCP client: its event, and the unsent rest of a short write. */
typedef struct conn {
  struct event *ev;
  unsigned char *rest;
  size_t rest_len;
  size_t rest_off;
} conn;

static struct event_base *g_base;
static unsigned char g_buf[READ_BUF];

static void close_conn(conn *c) {
  evutil_socket_t fd = event_get_fd(c->ev);
  event_free(c->ev);
  free(c->rest);
  free(c);
  close(fd);
}

static void on_client(evutil_socket_t fd, short what, void *arg);

/* Switches the client's one event between reading and writing. */
static int watch(conn *c, short what) {
  evutil_socket_t fd = event_get_fd(c->ev);
  event_del(c->ev);
  if (event_assign(c->ev, g_base, fd, (short)(what | EV_PERSIST), on_client,
                   c) != 0)
    return -1;
  return event_add(c->ev, NULL);
}

static void flush_rest(conn *c, evutil_socket_t fd) {
  ssize_t w = write(fd, c->rest + c->rest_off, c->rest_len - c->rest_off);
  if (w < 0) {
    if (errno != EAGAIN && errno != EINTR)
      close_conn(c);
    return;
  }
  c->rest_off += (size_t)w;
  if (c->rest_off < c->rest_len)
    return;
  free(c->rest);
  c->rest = NULL;
  if (watch(c, EV_READ) != 0)
    close_conn(c);
}

static void on_client(evutil_socket_t fd, short what, void *arg) {
  conn *c = arg;
  if (what & EV_WRITE) {
    flush_rest(c, fd);
    return;
  }
  ssize_t n = read(fd, g_buf, sizeof g_buf);
  if (n <= 0) {
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return;
    close_conn(c);
    return;
  }
  ssize_t w = write(fd, g_buf, (size_t)n);
  if (w == n)
    return;
  if (w < 0) {
    if (errno != EAGAIN && errno != EINTR) {
      close_conn(c);
      return;
    }
    w = 0;
  }
  c->rest_len = (size_t)(n - w);
  c->rest_off = 0;
  c->rest = malloc(c->rest_len);
  if (c->rest == NULL) {
    close_conn(c);
    return;
  }
  memcpy(c->rest, g_buf + w, c->rest_len);
  if (watch(c, EV_WRITE) != 0)
    close_conn(c);
}

static void on_accept(evutil_socket_t lfd, short what, void *arg) {
  (void)what;
  (void)arg;
  for (;;) {
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      return;
    }
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn *c = calloc(1, sizeof *c);
    if (c != NULL)
      c->ev = event_new(g_base, fd, EV_READ | EV_PERSIST, on_client, c);
    if (c == NULL || c->ev == NULL || event_add(c->ev, NULL) != 0) {
      if (c != NULL && c->ev != NULL)
        event_free(c->ev);
      free(c);
      close(fd);
    }
  }
}

static void on_dgram(evutil_socket_t ufd, short what, void *arg) {
  (void)what;
  (void)arg;
  struct sockaddr_storage from;
  socklen_t fromlen = sizeof from;
  ssize_t n =
      recvfrom(ufd, g_buf, sizeof g_buf, 0, (struct sockaddr *)&from, &fromlen);
  if (n >= 0)
    (void)sendto(ufd, g_buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
}

static void on_signal(evutil_socket_t sig, short what, void *arg) {
  (void)sig;
  (void)what;
  (void)arg;
  event_base_loopbreak(g_base);
}

/* The clients still open at the stop, gathered first: events must not be
 * freed while event_base_foreach_event walks them. */
typedef struct conn_list {
  conn **items;
  size_t n;
  size_t cap;
} conn_list;

static int gather_client(const struct event_base *base, const struct event *ev,
                         void *arg) {
  (void)base;
  conn_list *l = arg;
  if (event_get_callback(ev) != on_client)
    return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    conn **items = realloc(l->items, cap * sizeof *items);
    if (items == NULL)
      return -1;
    l->items = items;
    l->cap = cap;
  }
  l->items[l->n++] = event_get_callback_arg(ev);
  return 0;
}

static int open_socket(int type, const struct sockaddr_in *sa) {
  int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int one = 1;
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) != 0 ||
      (type == SOCK_STREAM && listen(fd, 65535) != 0)) {
    close(fd);
    return -1;
  }
  return fd;
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
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)atoi(port));
  if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
    fprintf(stderr, "event_echo: bad address %s\n", argv[1]);
    return 2;
  }
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }
  signal(SIGPIPE, SIG_IGN);

  g_base = event_base_new();
  int lfd = open_socket(SOCK_STREAM, &sa);
  int ufd = open_socket(SOCK_DGRAM, &sa);
  if (g_base == NULL || lfd < 0 || ufd < 0) {
    perror("event_echo: start-up");
    return 1;
  }
  struct event *lev =
      event_new(g_base, lfd, EV_READ | EV_PERSIST, on_accept, NULL);
  struct event *uev =
      event_new(g_base, ufd, EV_READ | EV_PERSIST, on_dgram, NULL);
  struct event *s1 = evsignal_new(g_base, SIGINT, on_signal, NULL);
  struct event *s2 = evsignal_new(g_base, SIGTERM, on_signal, NULL);
  if (lev == NULL || uev == NULL || s1 == NULL || s2 == NULL ||
      event_add(lev, NULL) != 0 || event_add(uev, NULL) != 0 ||
      event_add(s1, NULL) != 0 || event_add(s2, NULL) != 0) {
    fprintf(stderr, "event_echo: cannot add the events\n");
    return 1;
  }
  printf("listening tcp %s:%s\nlistening udp %s:%s\n", host, port, host, port);
  fflush(stdout);

  event_base_dispatch(g_base);

  conn_list open = {NULL, 0, 0};
  event_base_foreach_event(g_base, gather_client, &open);
  for (size_t i = 0; i < open.n; i++)
    close_conn(open.items[i]);
  free(open.items);
  event_free(lev);
  event_free(uev);
  event_free(s1);
  event_free(s2);
  event_base_free(g_base);
  close(lfd);
  close(ufd);
  return 0;
}
