/* SPDX-License-Identifier: MIT */
/*
 * out.c - what xsock-time prints: the result as one line of text or one
 * JSON object, and answers quoted for error messages.
 *
 * Text:  SERVER PROTOCOL: YYYY-MM-DD HH:MM:SS UTC, offset +S.mmm s
 * JSON:  {"server": ..., "protocol": ..., "transport": ..., "time":
 *        "YYYY-MM-DDTHH:MM:SSZ", "unix_time": N, "offset_s": S.mmm,
 *        "rtt_ms": M.mmm[, "text": "..."]}
 * The offset is the server's time minus the local clock at the middle of
 * the round trip, in milliseconds; both clocks are read to the second.
 */
#include <stdio.h>
#include <string.h>

#include "xstime.h"

void out_quote(const unsigned char *s, size_t len, size_t limit, char *buf,
               size_t size) {
  size_t i, n = 0;
  if (size < 8)
    return;
  buf[n++] = '"';
  for (i = 0; i < len && i < limit && n + 8 < size; i++) {
    unsigned char c = s[i];
    const char *esc = c == '\r'   ? "\\r"
                      : c == '\n' ? "\\n"
                      : c == '\t' ? "\\t"
                      : c == '"'  ? "\\\""
                      : c == '\\' ? "\\\\"
                                  : NULL;
    if (esc != NULL)
      n += (size_t)snprintf(buf + n, size - n, "%s", esc);
    else if (c < 0x20 || c > 0x7e)
      n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
    else
      buf[n++] = (char)c;
  }
  buf[n++] = '"';
  buf[n] = '\0';
  if (i < len && n + 4 < size)
    memcpy(buf + n, "...", 4);
}

/* A signed count of thousandths as "[-]I.FFF" (sign "+" when plus is set
 * and the value is not negative). */
static void milli(char *buf, size_t size, int64_t v, int plus) {
  const char *sign = v < 0 ? "-" : plus ? "+" : "";
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  snprintf(buf, size, "%s%llu.%03u", sign, (unsigned long long)(a / 1000u),
           (unsigned)(a % 1000u));
}

/* The text is printable ASCII (daytime_parse), so JSON needs only '"' and
 * '\' escaped. */
static void json_text(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s != '\0'; s++) {
    if (*s == '"' || *s == '\\')
      fputc('\\', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int out_result(const time_config *cfg, const query_result *r, int64_t t,
               const char *text) {
  char server[XS_ADDR_STRLEN], when[40], offset[48], rtt[48];
  /* local clock at the middle of the round trip, in milliseconds */
  int64_t mid_ms = (r->local_start_us + (int64_t)(r->rtt_us / 2u)) / 1000;
  if (xs_addr_format(&r->server, server, sizeof server) != 0)
    snprintf(server, sizeof server, "%s", cfg->target);
  if (!cfg->json) {
    civil_format(t, ' ', when, sizeof when);
    milli(offset, sizeof offset, t * 1000 - mid_ms, 1);
    printf("%s %s: %s UTC, offset %s s\n", server, time_proto_name(cfg->proto),
           when, offset);
  } else {
    civil_format(t, 'T', when, sizeof when);
    milli(offset, sizeof offset, t * 1000 - mid_ms, 0);
    milli(rtt, sizeof rtt, (int64_t)r->rtt_us, 0);
    printf("{\"server\": \"%s\", \"protocol\": \"%s\", \"transport\": \"%s\", "
           "\"time\": \"%sZ\", \"unix_time\": %lld, \"offset_s\": %s, "
           "\"rtt_ms\": %s",
           server, time_proto_name(cfg->proto), time_transport_name(cfg->udp),
           when, (long long)t, offset, rtt);
    if (text != NULL) {
      fputs(", \"text\": ", stdout);
      json_text(stdout, text);
    }
    fputs("}\n", stdout);
  }
  return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}
