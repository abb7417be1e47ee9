/* SPDX-License-Identifier: MIT */
/*
 * svc_chargen.c - chargen (RFC 864). The pattern: lines of 72 characters
 * followed by CR LF, made of the 95 printable ASCII characters 32 to 126;
 * within a line each character is the next (mod 95) after the one before,
 * and line k starts with character 32 + (k mod 95), so it repeats every
 * 95 lines. Over TCP it is streamed from line 0 for as long as the client
 * reads (a batch of whole lines each time the socket has room: the
 * throttle bounds what is kept) until the client closes; what the client
 * sends is dropped. Over UDP each datagram is answered with 0 to 512
 * bytes of the pattern from the start of a line, the next line each time.
 */
#include "srv.h"
#include "sys.h"

#define LINE_CHARS 72
#define LINE_BYTES (LINE_CHARS + 2)
#define PRINTABLE 95
/* Lines sent per on_room call: about 9 KiB. */
#define BATCH_LINES 128
#define UDP_MAX 512

/* n bytes of the pattern from the start of line into buf. */
static void fill(unsigned line, unsigned char *buf, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t col = i % LINE_BYTES;
    if (col == 0 && i > 0)
      line = (line + 1) % PRINTABLE;
    if (col < LINE_CHARS)
      buf[i] = (unsigned char)(32 + (line + col) % PRINTABLE);
    else
      buf[i] = col == LINE_CHARS ? '\r' : '\n';
  }
}

static void chargen_open(srv_conn *c) {
  srv_conn_want_room(c, 1);
}

static void chargen_room(srv_conn *c) {
  unsigned char buf[BATCH_LINES * LINE_BYTES];
  uint64_t *line = srv_conn_state(c);
  fill((unsigned)*line, buf, sizeof buf);
  *line = (*line + BATCH_LINES) % PRINTABLE;
  (void)srv_conn_send(c, buf, sizeof buf);
}

/* The socket's state: the next line in the low 8 bits, a 56-bit linear
 * congruential generator for the lengths above them (seeded from the
 * clock on the first datagram). */
static long chargen_datagram(uint64_t *state, unsigned char *buf, size_t n,
                             size_t cap) {
  const uint64_t mask = (UINT64_C(1) << 56) - 1;
  unsigned line = (unsigned)(*state & 0xff);
  uint64_t rng = *state >> 8;
  (void)n;
  if (*state == 0)
    rng = app_now_us() & mask;
  rng = (rng * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407)) &
        mask;
  size_t len = (size_t)((rng >> 24) % (UDP_MAX + 1));
  if (len > cap)
    len = cap;
  fill(line, buf, len);
  *state = rng << 8 | (line + 1) % PRINTABLE;
  return (long)len;
}

const srv_service srv_chargen = {
    "chargen", 19, chargen_open, NULL, chargen_room, NULL, chargen_datagram,
};
