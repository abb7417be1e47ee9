/* SPDX-License-Identifier: MIT */
/*
 * epoll_echo.c - the baseline echo server of ci/bench.sh: one thread, one
 * level-triggered epoll set, nonblocking read/write straight on the kernel's
 * API, TCP and UDP on the same port of 127.0.0.1 (or a given address). It
 * is the practical limit of one core that the other servers are compared
 * with, so it does the least a correct echo server can do:
 *   - one read per readiness event into one shared buffer, then one write;
 *   - a connection holds memory only while a write falls short: the unsent
 *     rest is copied to the heap and reading stops (back-pressure) until it
 *     is flushed; otherwise a connection costs one slot of a pointer table;
 *   - one datagram per readiness event, echoed with sendto (dropped if the
 *     socket buffer is full, as UDP allows).
 * Usage: xsock-bench-epoll-echo [HOST:]PORT
 * Prints "listening tcp ADDR" and "listening udp ADDR" when ready; SIGINT or
 * SIGTERM (read from a signalfd) stops it cleanly (exit 0).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_BUF (64 * 1024)
#define MAX_EVENTS 512

/* The unsent rest of a short write. */
typedef struct pending {
  size_t len;
  size_t off;
  unsigned char data[];
} pending;

static unsigned char g_buf[READ_BUF];
static pending **g_pend; /* indexed by descriptor */
static size_t g_pend_cap;

static int parse_endpoint(const char *arg, struct sockaddr_in *sa) {
  char host[64] = "127.0.0.1";
  const char *port = arg;
  const char *colon = strrchr(arg, ':');
  if (colon != NULL) {
    size_t n = (size_t)(colon - arg);
    if (n >= sizeof host)
      return -1;
    memcpy(host, arg, n);
    host[n] = '\0';
    port = colon + 1;
  }
  char *end = NULL;
  long p = strtol(port, &end, 10);
  if (*port == '\0' || *end != '\0' || p < 0 || p > 65535)
    return -1;
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons((uint16_t)p);
  return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
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

static void close_conn(int ep, int fd) {
  (void)epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
  if ((size_t)fd < g_pend_cap) {
    free(g_pend[fd]);
    g_pend[fd] = NULL;
  }
  close(fd);
}

static int set_interest(int ep, int fd, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.fd = fd};
  return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

static void accept_all(int ep, int lfd) {
  for (;;) {
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      return; /* EAGAIN, or out of descriptors: try again on the next wake */
    }
    if ((size_t)fd >= g_pend_cap) {
      close(fd);
      continue;
    }
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0)
      close(fd);
  }
}

/* Keeps the rest of a short write and stops reading until it is sent. */
static void hold_rest(int ep, int fd, const unsigned char *p, size_t n) {
  pending *pd = malloc(sizeof *pd + n);
  if (pd == NULL) {
    close_conn(ep, fd);
    return;
  }
  pd->len = n;
  pd->off = 0;
  memcpy(pd->data, p, n);
  g_pend[fd] = pd;
  if (set_interest(ep, fd, EPOLLOUT) != 0)
    close_conn(ep, fd);
}

static void on_readable(int ep, int fd) {
  ssize_t n = read(fd, g_buf, sizeof g_buf);
  if (n <= 0) {
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return;
    close_conn(ep, fd);
    return;
  }
  ssize_t w = write(fd, g_buf, (size_t)n);
  if (w == n)
    return;
  if (w < 0) {
    if (errno != EAGAIN && errno != EINTR) {
      close_conn(ep, fd);
      return;
    }
    w = 0;
  }
  hold_rest(ep, fd, g_buf + w, (size_t)(n - w));
}

static void on_writable(int ep, int fd) {
  pending *pd = g_pend[fd];
  if (pd == NULL) {
    (void)set_interest(ep, fd, EPOLLIN);
    return;
  }
  ssize_t w = write(fd, pd->data + pd->off, pd->len - pd->off);
  if (w < 0) {
    if (errno != EAGAIN && errno != EINTR)
      close_conn(ep, fd);
    return;
  }
  pd->off += (size_t)w;
  if (pd->off == pd->len) {
    free(pd);
    g_pend[fd] = NULL;
    if (set_interest(ep, fd, EPOLLIN) != 0)
      close_conn(ep, fd);
  }
}

static void on_datagram(int ufd) {
  struct sockaddr_storage from;
  socklen_t fromlen = sizeof from;
  ssize_t n =
      recvfrom(ufd, g_buf, sizeof g_buf, 0, (struct sockaddr *)&from, &fromlen);
  if (n < 0)
    return;
  (void)sendto(ufd, g_buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
}

int main(int argc, char **argv) {
  struct sockaddr_in sa;
  if (argc != 2 || parse_endpoint(argv[1], &sa) != 0) {
    fprintf(stderr, "usage: %s [HOST:]PORT\n", argv[0]);
    return 2;
  }
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  g_pend_cap = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1u << 22)
                   ? (1u << 22)
                   : (size_t)rl.rlim_cur;
  /* Untouched zero pages: this table costs memory only where it is used. */
  g_pend = calloc(g_pend_cap, sizeof *g_pend);

  /* SIGINT and SIGTERM arrive through a signalfd in the epoll set: no
   * window between a flag check and epoll_wait where a stop is lost. */
  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGINT);
  sigaddset(&stop_set, SIGTERM);
  sigprocmask(SIG_BLOCK, &stop_set, NULL);
  int sfd = signalfd(-1, &stop_set, SFD_NONBLOCK | SFD_CLOEXEC);
  signal(SIGPIPE, SIG_IGN);

  int lfd = open_socket(SOCK_STREAM, &sa);
  int ufd = open_socket(SOCK_DGRAM, &sa);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (g_pend == NULL || sfd < 0 || lfd < 0 || ufd < 0 || ep < 0) {
    perror("epoll_echo: start-up");
    return 1;
  }
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  ev.data.fd = ufd;
  epoll_ctl(ep, EPOLL_CTL_ADD, ufd, &ev);
  ev.data.fd = sfd;
  epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);

  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &sa.sin_addr, text, sizeof text);
  printf("listening tcp %s:%u\nlistening udp %s:%u\n", text, ntohs(sa.sin_port),
         text, ntohs(sa.sin_port));
  fflush(stdout);

  struct epoll_event evs[MAX_EVENTS];
  int stop = 0;
  while (!stop) {
    int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      perror("epoll_wait");
      return 1;
    }
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      uint32_t e = evs[i].events;
      if (fd == sfd)
        stop = 1;
      else if (fd == lfd)
        accept_all(ep, lfd);
      else if (fd == ufd)
        on_datagram(ufd);
      else if (e & EPOLLOUT)
        on_writable(ep, fd);
      else if (e & (EPOLLIN | EPOLLERR | EPOLLHUP))
        on_readable(ep, fd);
    }
  }

  for (size_t fd = 0; fd < g_pend_cap; fd++)
    free(g_pend[fd]);
  free(g_pend);
  close(ep);
  close(sfd);
  close(ufd);
  close(lfd);
  /* Connections still open are closed by the exit. */
  return 0;
}
