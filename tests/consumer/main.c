/* SPDX-License-Identifier: MIT */
/* Uses the installed library: a socketpair round trip and the version. */
#include <stdio.h>
#include <string.h>

#include <xsock/xsock.h>

int main(void) {
  xs_socket_t pair[2];
  char buf[8] = {0};
  size_t n = 0;
  int rc = xs_socketpair(pair);
  if (rc != 0) {
    fprintf(stderr, "xs_socketpair: %s\n", xs_strerror(rc));
    return 1;
  }
  rc = xs_send_all(pair[0], "ping", 4, 2000, NULL);
  if (rc == 0)
    rc = xs_recv_all(pair[1], buf, 4, 2000, &n);
  xs_close(pair[0]);
  xs_close(pair[1]);
  if (rc != 0 || memcmp(buf, "ping", 4) != 0) {
    fprintf(stderr, "round trip failed: %s\n", xs_strerror(rc));
    return 1;
  }
  printf("consumer: xsock %s ok\n", xs_version_string());
  return 0;
}
