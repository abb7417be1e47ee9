/* SPDX-License-Identifier: MIT */
/*
 * loadgen.c - the load generator of ci/bench.sh (Linux, one thread, epoll,
 * plain POSIX sockets). It talks to an echo server on loopback only, checks
 * every echoed byte against the pattern it sent, and prints one line of
 * key=value pairs. Modes:
 *   tcp   N connections, ping-pong: each sends one message of S bytes,
 *         waits for the whole echo, checks it, sends the next;
 *   bulk  one connection streaming 64 KiB writes while reading the echo
 *         back and checking it (at most a window of unechoed bytes);
 *   udp   K sockets, ping-pong with datagrams of S bytes (a datagram not
 *         echoed within 200 ms is counted lost and the next one is sent);
 *   idle  N connections opened (each echoes one message), then held: it
 *         prints "connected N" and, with -P, reads the server's RSS; after
 *         the hold one more connection runs ping-pong for D seconds, so its
 *         latency shows what N idle clients cost the busy one.
 * Every connection first echoes one message (warm-up, not measured), then
 * the measured phase runs for D seconds (-d) or M messages (-n). With -P
 * PID it reads the server's CPU time (utime+stime from /proc/PID/stat) at
 * the start and the end of the measured phase. Everything is bounded: a
 * hard deadline (-T) ends the program whatever the server does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAT_PERIOD 65521u /* a prime: no message repeats a shifted window */
#define MAX_MSG (64u * 1024u)
#define BULK_CHUNK (64u * 1024u)
#define MAX_EVENTS 1024
#define CONNECT_BATCH 256 /* connections between connect() and warm echo */
#define UDP_TIMEOUT_NS 200000000ull
#define DRAIN_NS 5000000000ull

enum mode { MODE_TCP, MODE_BULK, MODE_UDP, MODE_IDLE };
enum state { ST_CONNECTING, ST_WARM, ST_READY, ST_BUSY, ST_DEAD };

typedef struct conn {
  int fd;
  uint32_t id;
  uint8_t state;
  uint8_t want_out; /* EPOLLOUT is in the interest set */
  uint8_t measured; /* the message in flight was sent in the measured phase */
  uint64_t seq;     /* message number; 0 is the warm-up */
  uint32_t sent;    /* bytes of the current message written */
  uint32_t got;     /* bytes of the current message echoed and checked */
  uint64_t t0;      /* when the current message was sent (ns) */
  uint64_t tx;      /* bulk: stream bytes written */
  uint64_t rx;      /* bulk: stream bytes echoed and checked */
} conn;

static struct {
  enum mode mode;
  struct sockaddr_in addr;
  long conns;
  uint32_t size;
  double secs;
  uint64_t msgs; /* 0: run for secs */
  long server_pid;
  double hold;
  double max_secs;
  uint64_t window;
} g_opt = {MODE_TCP, {0}, 1, 64, 5.0, 0, 0, 1.0, 0, 8u << 20};

static unsigned char g_pat[PAT_PERIOD + MAX_MSG];
static unsigned char g_rbuf[MAX_MSG + 64];
static conn *g_conns;
static long g_nconns;
static int g_ep = -1;

/* Counters. */
static uint64_t g_errors;
static uint64_t g_lost;
static uint64_t g_late;
static uint64_t g_bytes_verified;
static uint64_t g_done_in_window; /* messages completed in the window */
static uint64_t g_issued;         /* measured messages sent */
static uint64_t g_inflight;       /* measured messages not yet echoed */
static long g_ready;
static long g_dead;
static long g_started;
static int g_measuring; /* 1 while new messages may be sent */
static uint64_t g_t_end;
static char g_first_error[160];

/* --- time and the latency histogram (log-linear, < 1.6 % error) --- */

#define SUB_BITS 6
#define SUB (1u << SUB_BITS)
#define N_BUCKETS (SUB + (64 - SUB_BITS) * SUB)
static uint64_t g_hist[N_BUCKETS];
static uint64_t g_hist_n;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static unsigned bucket_of(uint64_t v) {
  if (v < SUB)
    return (unsigned)v;
  unsigned msb = 63u - (unsigned)__builtin_clzll(v);
  unsigned e = msb - SUB_BITS;
  return SUB + e * SUB + (unsigned)((v >> e) - SUB);
}

static double bucket_mid(unsigned b) {
  if (b < SUB)
    return b;
  unsigned e = (b - SUB) / SUB;
  uint64_t mant = SUB + (b - SUB) % SUB;
  return (double)(mant << e) + (double)(1ull << e) / 2.0;
}

static void record(uint64_t ns) {
  g_hist[bucket_of(ns)]++;
  g_hist_n++;
}

static double percentile_us(double p) {
  if (g_hist_n == 0)
    return 0;
  uint64_t rank = (uint64_t)(p * (double)g_hist_n + 0.999999);
  if (rank == 0)
    rank = 1;
  uint64_t seen = 0;
  for (unsigned b = 0; b < N_BUCKETS; b++) {
    seen += g_hist[b];
    if (seen >= rank)
      return bucket_mid(b) / 1000.0;
  }
  return 0;
}

/* This process's CPU time (user + system), in microseconds. */
static double self_cpu_us(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0)
    return 0;
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* --- the server's /proc entries --- */

static long long server_cpu_ticks(void) {
  if (g_opt.server_pid <= 0)
    return -1;
  char path[64];
  char text[1024];
  snprintf(path, sizeof path, "/proc/%ld/stat", g_opt.server_pid);
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -1;
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  char *p = strrchr(text, ')'); /* the name may hold spaces */
  if (p == NULL)
    return -1;
  unsigned long long ut = 0;
  unsigned long long st = 0;
  /* After ")": state(3) ... utime(14) stime(15). */
  if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
             &ut, &st) != 2)
    return -1;
  return (long long)(ut + st);
}

static long server_rss_kb(void) {
  if (g_opt.server_pid <= 0)
    return -1;
  char path[64];
  char line[256];
  long kb = -1;
  snprintf(path, sizeof path, "/proc/%ld/status", g_opt.server_pid);
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -1;
  while (fgets(line, sizeof line, f) != NULL)
    if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
      break;
  fclose(f);
  return kb;
}

/* --- connections --- */

static void fail(conn *c, const char *what, int err) {
  g_errors++;
  if (g_first_error[0] == '\0')
    snprintf(g_first_error, sizeof g_first_error, "conn %u: %s: %s", c->id,
             what, err ? strerror(err) : "mismatch");
  if (c->state == ST_BUSY && c->measured && g_inflight > 0)
    g_inflight--;
  if (c->state == ST_READY || c->state == ST_BUSY)
    g_ready--;
  if (c->fd >= 0) {
    epoll_ctl(g_ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
  }
  c->fd = -1;
  c->state = ST_DEAD;
  g_dead++;
}

static void interest(conn *c, int out) {
  if (c->want_out == out)
    return;
  struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0u),
                           .data.ptr = c};
  epoll_ctl(g_ep, EPOLL_CTL_MOD, c->fd, &ev);
  c->want_out = (uint8_t)out;
}

static const unsigned char *msg_of(const conn *c) {
  uint64_t start = ((uint64_t)c->id * 7919u + c->seq * 104729u) % PAT_PERIOD;
  return g_pat + start;
}

/* Writes what is left of the current message. */
static void push(conn *c) {
  const unsigned char *m = msg_of(c);
  while (c->sent < g_opt.size) {
    ssize_t w = send(c->fd, m + c->sent, g_opt.size - c->sent, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN) {
        if (g_opt.mode != MODE_UDP)
          interest(c, 1);
        return;
      }
      fail(c, "send", errno);
      return;
    }
    c->sent += (uint32_t)w;
  }
  if (g_opt.mode != MODE_UDP)
    interest(c, 0);
}

static void start_msg(conn *c, uint64_t t, int measured) {
  c->seq++;
  c->sent = 0;
  c->got = 0;
  c->t0 = t;
  c->measured = (uint8_t)measured;
  c->state = ST_BUSY;
  if (measured) {
    g_issued++;
    g_inflight++;
  }
  push(c);
}

static void send_warm(conn *c, uint64_t t) {
  c->state = ST_WARM;
  c->seq = 0;
  c->sent = 0;
  c->got = 0;
  c->t0 = t;
  push(c);
}

static int may_issue(void) {
  if (!g_measuring)
    return 0;
  if (g_opt.msgs != 0)
    return g_issued < g_opt.msgs;
  return 1;
}

/* Whether connection c takes part in the measured phase. */
static int is_active(const conn *c) {
  return g_opt.mode != MODE_IDLE || c->id == (uint32_t)(g_nconns - 1);
}

static void complete(conn *c, uint64_t t) {
  if (c->state == ST_WARM) {
    c->state = ST_READY;
    g_ready++;
    return;
  }
  if (c->measured) {
    record(t - c->t0);
    g_inflight--;
    if (t <= g_t_end || g_opt.msgs != 0)
      g_done_in_window++;
  }
  c->state = ST_READY;
  if (may_issue() && is_active(c))
    start_msg(c, t, 1);
}

/* One receive of at most len bytes into g_rbuf on a stream connection:
 * the count, or 0 when nothing came (would block) or the connection
 * failed or closed (then recorded with fail()). */
static ssize_t recv_stream(conn *c, size_t len) {
  ssize_t n = recv(c->fd, g_rbuf, len, 0);
  if (n > 0)
    return n;
  if (n == 0)
    fail(c, "closed by the server", ECONNRESET);
  else if (errno != EAGAIN && errno != EINTR)
    fail(c, "recv", errno);
  return 0;
}

static void on_tcp_readable(conn *c) {
  if (c->state != ST_WARM && c->state != ST_BUSY) {
    /* Nothing is expected: only an EOF or an error may come. */
    ssize_t n = recv(c->fd, g_rbuf, sizeof g_rbuf, 0);
    if (n > 0)
      fail(c, "unexpected bytes", 0);
    else if (n == 0)
      fail(c, "closed by the server", ECONNRESET);
    else if (errno != EAGAIN && errno != EINTR)
      fail(c, "recv", errno);
    return;
  }
  uint32_t want = g_opt.size - c->got;
  ssize_t n = recv_stream(c, want);
  if (n <= 0)
    return;
  if (memcmp(g_rbuf, msg_of(c) + c->got, (size_t)n) != 0) {
    fail(c, "echo differs from what was sent", 0);
    return;
  }
  c->got += (uint32_t)n;
  g_bytes_verified += (uint64_t)n;
  if (c->got == g_opt.size)
    complete(c, now_ns());
}

static void on_udp_readable(conn *c) {
  ssize_t n = recv(c->fd, g_rbuf, sizeof g_rbuf, 0);
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR)
      fail(c, "recv", errno);
    return;
  }
  if (c->state == ST_BUSY && (size_t)n == g_opt.size &&
      memcmp(g_rbuf, msg_of(c), (size_t)n) == 0) {
    g_bytes_verified += (uint64_t)n;
    complete(c, now_ns());
    return;
  }
  /* The echo of a datagram already counted lost is late, not wrong. */
  if (c->seq > 0 && (size_t)n == g_opt.size) {
    c->seq--;
    int old = memcmp(g_rbuf, msg_of(c), (size_t)n) == 0;
    c->seq++;
    if (old) {
      g_late++;
      return;
    }
  }
  fail(c, "datagram differs from what was sent", 0);
}

static void udp_timeouts(uint64_t t) {
  for (long i = 0; i < g_nconns; i++) {
    conn *c = &g_conns[i];
    if (c->state != ST_BUSY || t - c->t0 < UDP_TIMEOUT_NS)
      continue;
    g_lost++;
    if (c->measured)
      g_inflight--;
    c->state = ST_READY;
    if (may_issue())
      start_msg(c, t, 1);
  }
}

static int open_conn(conn *c, uint64_t t) {
  int type = g_opt.mode == MODE_UDP ? SOCK_DGRAM : SOCK_STREAM;
  c->fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) {
    fail(c, "socket", errno);
    return -1;
  }
  if (type == SOCK_STREAM) {
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
  c->want_out = 1;
  if (epoll_ctl(g_ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
    fail(c, "epoll_ctl", errno);
    return -1;
  }
  int rc =
      connect(c->fd, (const struct sockaddr *)&g_opt.addr, sizeof g_opt.addr);
  if (rc != 0 && errno != EINPROGRESS) {
    fail(c, "connect", errno);
    return -1;
  }
  if (type == SOCK_DGRAM) {
    interest(c, 0);
    c->state = ST_READY;
    g_ready++;
    return 0;
  }
  c->state = ST_CONNECTING;
  if (rc == 0) {
    interest(c, 0);
    send_warm(c, t);
  }
  return 0;
}

static void on_connected(conn *c, uint64_t t) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
    err = errno;
  if (err != 0) {
    fail(c, "connect", err);
    return;
  }
  interest(c, 0);
  send_warm(c, t);
}

/* --- bulk stream --- */

static void bulk_write(conn *c) {
  while (g_measuring && c->tx - c->rx < g_opt.window) {
    uint64_t room = g_opt.window - (c->tx - c->rx);
    size_t len = room < BULK_CHUNK ? (size_t)room : BULK_CHUNK;
    ssize_t w = send(c->fd, g_pat + c->tx % PAT_PERIOD, len, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN)
        fail(c, "send", errno);
      return;
    }
    c->tx += (uint64_t)w;
    if ((size_t)w < len)
      return; /* the socket buffer is full: wait for EPOLLOUT */
  }
  interest(c, 0); /* window full or stopped: wait for the echo */
}

static void bulk_read(conn *c) {
  ssize_t n = recv_stream(c, BULK_CHUNK);
  if (n <= 0)
    return;
  if ((uint64_t)n > c->tx - c->rx) {
    fail(c, "more bytes echoed than sent", 0);
    return;
  }
  /* g_pat holds MAX_MSG bytes past the period: one memcmp suffices. */
  if (memcmp(g_rbuf, g_pat + c->rx % PAT_PERIOD, (size_t)n) != 0) {
    fail(c, "stream echo differs from what was sent", 0);
    return;
  }
  c->rx += (uint64_t)n;
  if (now_ns() <= g_t_end)
    g_bytes_verified += (uint64_t)n;
  if (g_measuring && c->tx - c->rx < g_opt.window)
    interest(c, 1);
}

/* --- the run --- */

static int parse_host_port(const char *host, const char *port) {
  memset(&g_opt.addr, 0, sizeof g_opt.addr);
  g_opt.addr.sin_family = AF_INET;
  if (inet_pton(AF_INET, host, &g_opt.addr.sin_addr) != 1)
    return -1;
  /* Loopback only: this program is a load test, never aimed elsewhere. */
  if ((ntohl(g_opt.addr.sin_addr.s_addr) >> 24) != 127)
    return -1;
  char *end = NULL;
  long p = strtol(port, &end, 10);
  if (*port == '\0' || *end != '\0' || p <= 0 || p > 65535)
    return -1;
  g_opt.addr.sin_port = htons((uint16_t)p);
  return 0;
}

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s -m tcp|bulk|udp|idle -p PORT [-h 127.0.0.1] [-c N]\n"
          "          [-s SIZE] [-d SECS] [-n MSGS] [-P SERVER_PID]\n"
          "          [-H HOLD_SECS] [-T MAX_SECS] [-w WINDOW_BYTES]\n",
          argv0);
}

static int parse_args(int argc, char **argv) {
  const char *host = "127.0.0.1";
  const char *port = NULL;
  int ch;
  while ((ch = getopt(argc, argv, "m:p:h:c:s:d:n:P:H:T:w:")) != -1) {
    switch (ch) {
    case 'm':
      if (strcmp(optarg, "tcp") == 0)
        g_opt.mode = MODE_TCP;
      else if (strcmp(optarg, "bulk") == 0)
        g_opt.mode = MODE_BULK;
      else if (strcmp(optarg, "udp") == 0)
        g_opt.mode = MODE_UDP;
      else if (strcmp(optarg, "idle") == 0)
        g_opt.mode = MODE_IDLE;
      else
        return -1;
      break;
    case 'p':
      port = optarg;
      break;
    case 'h':
      host = optarg;
      break;
    case 'c':
      g_opt.conns = strtol(optarg, NULL, 10);
      break;
    case 's':
      g_opt.size = (uint32_t)strtoul(optarg, NULL, 10);
      break;
    case 'd':
      g_opt.secs = strtod(optarg, NULL);
      break;
    case 'n':
      g_opt.msgs = strtoull(optarg, NULL, 10);
      break;
    case 'P':
      g_opt.server_pid = strtol(optarg, NULL, 10);
      break;
    case 'H':
      g_opt.hold = strtod(optarg, NULL);
      break;
    case 'T':
      g_opt.max_secs = strtod(optarg, NULL);
      break;
    case 'w':
      g_opt.window = strtoull(optarg, NULL, 10);
      break;
    default:
      return -1;
    }
  }
  if (port == NULL || optind != argc || parse_host_port(host, port) != 0)
    return -1;
  if (g_opt.conns < 1 || g_opt.conns > 1000000 || g_opt.size < 1 ||
      g_opt.size > MAX_MSG || g_opt.secs <= 0 || g_opt.secs > 3600 ||
      g_opt.hold < 0 || g_opt.hold > 3600 || g_opt.window < BULK_CHUNK)
    return -1;
  if (g_opt.mode == MODE_BULK)
    g_opt.conns = 1;
  if (g_opt.max_secs <= 0) /* connect, run, drain, with room to spare */
    g_opt.max_secs = 60 + (double)g_opt.conns / 500.0 + g_opt.hold +
                     (g_opt.msgs ? 600 : g_opt.secs);
  return 0;
}

static void raise_nofile(long need) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return;
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)need > rl.rlim_cur) {
    fprintf(stderr,
            "loadgen: %ld descriptors needed, the limit is %llu (ulimit -Hn)\n",
            need, (unsigned long long)rl.rlim_cur);
    exit(2);
  }
}

static void fill_pattern(void) {
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < PAT_PERIOD; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    g_pat[i] = (unsigned char)(x >> 32);
  }
  /* The tail repeats the period, so any window of MAX_MSG bytes at an
   * offset below the period is contiguous (the ranges overlap: no memcpy). */
  for (size_t i = PAT_PERIOD; i < sizeof g_pat; i++)
    g_pat[i] = g_pat[i - PAT_PERIOD];
}

/* One pass of the event loop: waits at most until `until` (ns). */
static void poll_once(uint64_t until) {
  static struct epoll_event evs[MAX_EVENTS];
  uint64_t t = now_ns();
  int timeout = 0;
  if (until > t) {
    uint64_t ms = (until - t + 999999) / 1000000;
    timeout = ms > 100 ? 100 : (int)ms;
  }
  int n = epoll_wait(g_ep, evs, MAX_EVENTS, timeout);
  for (int i = 0; i < n; i++) {
    conn *c = evs[i].data.ptr;
    uint32_t e = evs[i].events;
    if (c->state == ST_DEAD)
      continue;
    if (c->state == ST_CONNECTING) {
      if (e & (EPOLLOUT | EPOLLERR | EPOLLHUP))
        on_connected(c, now_ns());
      continue;
    }
    if (g_opt.mode == MODE_BULK && c->state == ST_BUSY) {
      if (e & (EPOLLIN | EPOLLERR | EPOLLHUP))
        bulk_read(c);
      if (c->state != ST_DEAD && (e & EPOLLOUT))
        bulk_write(c);
      continue;
    }
    if ((e & EPOLLOUT) && c->sent < g_opt.size)
      push(c);
    if (c->state != ST_DEAD && (e & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
      if (g_opt.mode == MODE_UDP)
        on_udp_readable(c);
      else
        on_tcp_readable(c);
    }
  }
}

int main(int argc, char **argv) {
  if (parse_args(argc, argv) != 0) {
    usage(argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  fill_pattern();
  g_nconns = g_opt.conns + (g_opt.mode == MODE_IDLE ? 1 : 0);
  raise_nofile(g_nconns + 16);
  g_conns = calloc((size_t)g_nconns, sizeof *g_conns);
  g_ep = epoll_create1(EPOLL_CLOEXEC);
  if (g_conns == NULL || g_ep < 0) {
    perror("loadgen");
    return 2;
  }
  for (long i = 0; i < g_nconns; i++) {
    g_conns[i].fd = -1;
    g_conns[i].id = (uint32_t)i;
  }
  const uint64_t t_begin = now_ns();
  const uint64_t t_hard = t_begin + (uint64_t)(g_opt.max_secs * 1e9);
  long rss_before = server_rss_kb();

  /* Connect everything, a batch at a time, each echoing one message. */
  while (g_ready + g_dead < g_nconns && now_ns() < t_hard) {
    while (g_started < g_nconns &&
           g_started - g_ready - g_dead < CONNECT_BATCH) {
      open_conn(&g_conns[g_started], now_ns());
      g_started++;
    }
    if (g_ready + g_dead < g_nconns)
      poll_once(t_hard);
  }
  const double connect_s = (double)(now_ns() - t_begin) / 1e9;
  long rss_after = -1;
  if (g_opt.mode == MODE_IDLE) {
    struct timespec settle = {0, 200000000};
    nanosleep(&settle, NULL);
    rss_after = server_rss_kb();
    printf("connected %ld\n", g_ready);
    fflush(stdout);
    uint64_t hold_end = now_ns() + (uint64_t)(g_opt.hold * 1e9);
    while (now_ns() < hold_end && now_ns() < t_hard)
      poll_once(hold_end); /* any byte or EOF now is an error */
  }

  /* The measured phase. */
  long long cpu0 = server_cpu_ticks();
  double self0 = self_cpu_us();
  const uint64_t t_start = now_ns();
  g_t_end = g_opt.msgs ? UINT64_MAX : t_start + (uint64_t)(g_opt.secs * 1e9);
  if (g_t_end > t_hard)
    g_t_end = t_hard;
  g_measuring = 1;
  for (long i = 0; i < g_nconns; i++) {
    conn *c = &g_conns[i];
    if (c->state != ST_READY || !is_active(c) || !may_issue())
      continue;
    if (g_opt.mode == MODE_BULK) {
      c->state = ST_BUSY;
      interest(c, 1);
    } else {
      start_msg(c, now_ns(), 1);
    }
  }
  uint64_t t_stop = 0;
  uint64_t last_scan = t_start;
  for (;;) {
    uint64_t t = now_ns();
    if (t >= t_hard)
      break;
    if (g_measuring && (t >= g_t_end || (g_opt.msgs && !may_issue())))
      g_measuring = 0;
    if (!g_measuring && t_stop == 0 && g_opt.msgs == 0)
      t_stop = t;
    if (g_opt.msgs != 0 && t_stop == 0 && !may_issue() && g_inflight == 0)
      t_stop = t;
    if (g_opt.mode == MODE_BULK) {
      conn *c = &g_conns[0];
      if (c->state == ST_DEAD || (!g_measuring && c->rx == c->tx))
        break;
    } else if (!g_measuring && g_inflight == 0) {
      break;
    }
    if (t_stop != 0 && t > t_stop + DRAIN_NS)
      break;
    if (g_opt.mode == MODE_UDP && t - last_scan > 20000000) {
      udp_timeouts(t);
      last_scan = t;
    }
    poll_once(g_measuring ? g_t_end : t_hard);
  }
  if (t_stop == 0)
    t_stop = now_ns();
  long long cpu1 = server_cpu_ticks();
  double self1 = self_cpu_us();

  uint64_t unfinished = g_inflight;
  if (g_opt.mode == MODE_BULK && g_conns[0].tx > g_conns[0].rx)
    unfinished = g_conns[0].tx - g_conns[0].rx;
  for (long i = 0; i < g_nconns; i++)
    if (g_conns[i].fd >= 0)
      close(g_conns[i].fd);

  double secs = (double)(t_stop - t_start) / 1e9;
  if (g_opt.mode == MODE_BULK)
    g_done_in_window = g_bytes_verified / BULK_CHUNK;
  double rate = secs > 0 ? (double)g_done_in_window / secs : 0;
  double mbps = 0;
  if (g_opt.mode == MODE_BULK) {
    /* Only the bytes echoed inside the window count for the rate. */
    uint64_t end = g_t_end < t_stop ? g_t_end : t_stop;
    double win = (double)(end - t_start) / 1e9;
    mbps = win > 0 ? (double)g_bytes_verified / win / 1e6 : 0;
    g_bytes_verified = g_conns[0].rx;
  }
  double cpu_us = -1;
  double cpu_per_msg = -1;
  if (cpu0 >= 0 && cpu1 >= 0) {
    cpu_us = (double)(cpu1 - cpu0) * 1e6 / (double)sysconf(_SC_CLK_TCK);
    if (g_done_in_window > 0)
      cpu_per_msg = cpu_us / (double)g_done_in_window;
  }
  static const char *names[] = {"tcp", "bulk", "udp", "idle"};
  printf("mode=%s conns=%ld size=%u connect_s=%.2f secs=%.3f msgs=%llu "
         "msgs_per_s=%.0f mb_per_s=%.1f p50_us=%.1f p99_us=%.1f "
         "p999_us=%.1f bytes_verified=%llu errors=%llu lost=%llu late=%llu "
         "unfinished=%llu server_cpu_us=%.0f cpu_us_per_msg=%.3f "
         "loadgen_cpu_pct=%.0f",
         names[g_opt.mode], g_opt.conns, g_opt.size, connect_s, secs,
         (unsigned long long)g_done_in_window, rate, mbps, percentile_us(0.50),
         percentile_us(0.99), percentile_us(0.999),
         (unsigned long long)g_bytes_verified, (unsigned long long)g_errors,
         (unsigned long long)g_lost, (unsigned long long)g_late,
         (unsigned long long)unfinished, cpu_us, cpu_per_msg,
         secs > 0 ? (self1 - self0) / (secs * 1e4) : 0.0);
  if (g_opt.mode == MODE_IDLE) {
    double per = -1;
    if (rss_before >= 0 && rss_after >= 0)
      per = (double)(rss_after - rss_before) * 1024.0 / (double)g_nconns;
    printf(" idle_conns=%ld rss_before_kb=%ld rss_idle_kb=%ld "
           "rss_per_conn_b=%.1f",
           g_nconns, rss_before, rss_after, per);
  }
  printf("\n");
  if (g_first_error[0] != '\0')
    fprintf(stderr, "loadgen: first error: %s\n", g_first_error);
  fflush(stdout);
  free(g_conns);
  close(g_ep);
  return g_errors == 0 && unfinished == 0 ? 0 : 1;
}
