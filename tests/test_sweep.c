/* SPDX-License-Identifier: MIT */
/*
 * test_sweep.c - the syscall seam covers every OS call, and every public
 * entry point that makes OS calls survives the failure of each of them.
 *
 * The listing case checks that every slot of the port's xs__sys table is
 * listed and, once the fault wrappers are installed, is a wrapper (except
 * the calls that cannot fail: reading the last error or the clock,
 * freeing, sleeping). The sweep cases run an operation once to count its
 * OS calls, then again once per call with that call failing (a shortage:
 * ENOBUFS, EAI_MEMORY, ERROR_NOT_ENOUGH_MEMORY in the call's own form),
 * and check each time: a clear XS_E code (never XS_EUNKNOWN), no handle
 * returned on failure, and as many descriptors/handles open afterwards as
 * before (leaked memory is the ASan and valgrind legs' part). The EINTR
 * case interrupts every blocking call in turn and expects the operation
 * to succeed anyway.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "common/fault.h"

/* ---- the listing ------------------------------------------------------- */

static void test_sweep_listing(void **state) {
  size_t n = 0, failable = 0;
  (void)state;
  const xs__sys_entry *e = xs__plat_sys_list(&n);
  assert_true(n > 10);
  xs__fault_begin();
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < i; j++)
      assert_true(e[j].offset != e[i].offset);
    assert_true(e[i].id >= -1 && e[i].id < XS__SYS_COUNT);
    if (e[i].id < 0)
      continue;
    failable++;
    if (!xs__plat_sys_wrapped(e[i].offset)) {
      print_error("seam entry %s has no fault wrapper\n", e[i].name);
      fail();
    }
  }
  xs__fault_end();
  for (size_t i = 0; i < n; i++)
    assert_false(xs__plat_sys_wrapped(e[i].offset));
  printf("seam: %zu entries, %zu can be made to fail\n", n, failable);
}

/* ---- the operations ------------------------------------------------------ */

typedef struct sweep {
  xs_socket_t lsock; /* a nonblocking listener the dials go to */
  xs_addr laddr;
  char port[8];
  xs_socket_t out[2];  /* what an operation made */
  xs_socket_t pending; /* op_accept: the client end of the connection */
  xs_poller *poller;
} sweep;

static int op_listen(sweep *w) {
  xs_addr a;
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 0));
  return xs_listen(&a, 16, &w->out[0]);
}

static int op_dial(sweep *w) {
  return xs_dial(&w->laddr, 5000, &w->out[0]);
}

static int op_dial_host(sweep *w) {
  return xs_dial_host("127.0.0.1", w->port, XS_AF_INET, 5000, &w->out[0]);
}

/* A connection is made before the faults start (pending); the sweep is
 * over the accept alone. */
static int op_accept(sweep *w) {
  xs_addr peer;
  return xs_socket_accept(w->lsock, &w->out[0], &peer);
}

static int op_udp_bind(sweep *w) {
  xs_addr a;
  XS_OK_(xs_addr_loopback(&a, XS_AF_INET, 0));
  return xs_udp_bind(&a, &w->out[0]);
}

static int op_socketpair(sweep *w) {
  return xs_socketpair(w->out);
}

/* Open a poller (backend: NULL for the native one), register the
 * listener, look, wake, look again. */
static int poller_op(sweep *w, const char *backend) {
  xs_poller_event ev[4];
  size_t got = 0;
  int rc = backend == NULL ? xs_poller_open(&w->poller)
                           : xs_poller_open_backend(backend, &w->poller);
  if (rc == 0)
    rc = xs_poller_add(w->poller, w->lsock, XS_POLLIN, w);
  if (rc == 0)
    rc = xs_poller_wait(w->poller, ev, 4, 0, &got);
  if (rc == 0)
    rc = xs_poller_wake(w->poller);
  if (rc == 0)
    rc = xs_poller_wait(w->poller, ev, 4, 1000, &got);
  return rc;
}

static int op_poller(sweep *w) {
  return poller_op(w, NULL);
}

static int op_poller_poll(sweep *w) {
  return poller_op(w, "poll");
}

static int op_resolve(sweep *w) {
  xs_addr *list = NULL;
  size_t count = 0;
  xs_resolve_hints h;
  memset(&h, 0, sizeof h);
  h.flags = XS_RESOLVE_NUMERIC_HOST;
  int rc = xs_resolve("127.0.0.1", w->port, &h, &list, &count);
  xs_addr_list_free(list);
  return rc;
}

typedef struct op {
  const char *name;
  int (*run)(sweep *w);
  int needs_pending; /* op_accept: a connection waiting on the listener */
} op;

static const op ops[] = {
    {"xs_listen", op_listen, 0},
    {"xs_dial", op_dial, 0},
    {"xs_dial_host", op_dial_host, 0},
    {"xs_socket_accept", op_accept, 1},
    {"xs_udp_bind", op_udp_bind, 0},
    {"xs_socketpair", op_socketpair, 0},
    {"xs_poller_* (native)", op_poller, 0},
    {"xs_poller_* (poll)", op_poller_poll, 0},
    {"xs_resolve", op_resolve, 0},
};

/* Accept and close whatever dials left waiting on the listener. */
static void drain(sweep *w) {
  xs_socket_t s;
  while (xs_socket_accept_flags(w->lsock, &s, NULL, XS_SOCK_NONBLOCK) == 0)
    XS_OK_(xs_close(s));
}

/* Close what the operation made (faults off). */
static void undo(sweep *w) {
  for (int i = 0; i < 2; i++) {
    if (w->out[i] != XS_INVALID_SOCKET)
      XS_OK_(xs_close(w->out[i]));
    w->out[i] = XS_INVALID_SOCKET;
  }
  if (w->pending != XS_INVALID_SOCKET)
    XS_OK_(xs_close(w->pending));
  w->pending = XS_INVALID_SOCKET;
  if (w->poller != NULL)
    XS_OK_(xs_poller_close(w->poller));
  w->poller = NULL;
  drain(w);
}

/* One run of o with faults on; fail the nth call (0: none). Returns the
 * operation's result; *calls receives the OS calls it made. */
static int run_once(sweep *w, const op *o, unsigned long nth,
                    unsigned long *calls, int *failed_id) {
  if (o->needs_pending)
    XS_OK_(xs_dial(&w->laddr, 5000, &w->pending));
  w->out[0] = w->out[1] = XS_INVALID_SOCKET;
  w->poller = NULL;
  xs__fault_begin();
  xs__fault_fail_any(nth);
  int rc = o->run(w);
  *calls = xs__fault_total();
  *failed_id = xs__fault_any_failed();
  xs__fault_end();
  if (rc != 0) {
    assert_true(w->out[0] == XS_INVALID_SOCKET);
    assert_true(w->out[1] == XS_INVALID_SOCKET);
  }
  undo(w);
  return rc;
}

static void sweep_setup(sweep *w) {
  xs_test_listener(XS_AF_INET, &w->lsock, &w->laddr);
  XS_OK_(xs_socket_set_nonblocking(w->lsock, 1));
  (void)snprintf(w->port, sizeof w->port, "%u",
                 (unsigned)xs_addr_port(&w->laddr));
  w->out[0] = w->out[1] = XS_INVALID_SOCKET;
  w->pending = XS_INVALID_SOCKET;
  w->poller = NULL;
}

static void sweep_op(sweep *w, const op *o) {
  unsigned long calls = 0, c = 0;
  int id = -1;
  long before = xs_test_open_handles();
  XS_OK_(run_once(w, o, 0, &calls, &id));
  assert_true(calls > 0);
  for (unsigned long n = 1; n <= calls; n++) {
    int rc = run_once(w, o, n, &c, &id);
    if (id < 0) {
      print_error("%s: call %lu of %lu was never made\n", o->name, n, calls);
      fail();
    }
    if (rc > 0 || rc == XS_EUNKNOWN) {
      print_error("%s: call %lu (seam id %d) failed: answer %d (%s)\n", o->name,
                  n, id, rc, xs_err_name(rc));
      fail();
    }
    long now = xs_test_open_handles();
    if (before >= 0 && now != before) {
      print_error("%s: call %lu (seam id %d) failed: %ld handles open, "
                  "%ld before\n",
                  o->name, n, id, now, before);
      fail();
    }
  }
  printf("%s: %lu OS calls, each failed in turn: clean\n", o->name, calls);
}

static void test_sweep_failures(void **state) {
  sweep w;
  (void)state;
  sweep_setup(&w);
  if (xs_test_open_handles() < 0)
    printf("note: this system does not count open handles; the sweep checks "
           "codes only\n");
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    sweep_op(&w, &ops[i]);
  XS_OK_(xs_close(w.lsock));
}

/* The calls that may block and so may be interrupted. */
static int blocking_id(int id) {
  return id == XS__SYS_CONNECT || id == XS__SYS_ACCEPT || id == XS__SYS_POLL ||
         id == XS__SYS_SEND || id == XS__SYS_RECV || id == XS__SYS_POLLER_WAIT;
}

/* Every blocking call of every operation interrupted once in turn: the
 * operation still succeeds (EINTR is retried with the time left). */
static void test_sweep_eintr(void **state) {
  sweep w;
  int eintr = xs__plat_native_code(XS_EINTR);
  (void)state;
  sweep_setup(&w);
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    unsigned long made = 0, tried = 0;
    for (int sys = 0; sys < XS__SYS_COUNT; sys++) {
      if (!blocking_id(sys))
        continue;
      for (unsigned nth = 1; nth <= 8; nth++) {
        if (ops[i].needs_pending)
          XS_OK_(xs_dial(&w.laddr, 5000, &w.pending));
        w.out[0] = w.out[1] = XS_INVALID_SOCKET;
        w.poller = NULL;
        xs__fault_begin();
        xs__fault_fail(sys, nth, 1, eintr);
        int rc = ops[i].run(&w);
        made = xs__fault_calls(sys);
        xs__fault_end();
        if (rc != 0)
          print_error("%s: EINTR at call %u of seam id %d: %s\n", ops[i].name,
                      nth, sys, xs_err_name(rc));
        XS_OK_(rc);
        undo(&w);
        if (made < nth)
          break; /* this call was not reached: no later one either */
        tried++;
      }
    }
    printf("%s: %lu blocking calls interrupted: each retried\n", ops[i].name,
           tried);
  }
  XS_OK_(xs_close(w.lsock));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sweep_listing),
      cmocka_unit_test(test_sweep_failures),
      cmocka_unit_test(test_sweep_eintr),
  };
  return XS_RUN(tests);
}
