# SPDX-License-Identifier: MIT
"""xsock-echo-server's events model at scale, driven as a user would: 1,000
concurrent clients, every byte of every echo verified (a round trip each
while all are connected, then a payload of its own per client with a
half-close, read back to the server's close); the idle timeout kept in
last-activity order; --workers (several event loops sharing the
listeners). Loopback only; every wait is bounded. Runs natively and under
wine (there on the backend XSOCK_POLLER names, the system's by default)."""
import os
import random
import selectors
import socket
import time
import unittest

import xsapp
from xsapp import Server, WAIT

try:
    import resource
except ImportError:  # not POSIX
    resource = None

CLIENTS = 1000


def fd_room(n):
    """Let this process (and the server it starts) open n descriptors."""
    if resource is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= n:
        return
    want = n if hard == resource.RLIM_INFINITY else min(n, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < n:
        raise unittest.SkipTest(f"needs {n} descriptors, hard limit {hard}")


def time_limit():
    """Seconds the whole exchange of one scale case may take."""
    return WAIT * (6 if xsapp.emulated() else 3)


def connect_all(host, port, n):
    socks = []
    try:
        for _ in range(n):
            socks.append(xsapp.tcp_connect(host, port))
    except BaseException:
        for s in socks:
            s.close()
        raise
    return socks


class Peer:
    """One client's side of an exchange: bytes to send, bytes expected."""

    def __init__(self, sock, out, half_close):
        self.sock = sock
        self.out = out
        self.sent = 0
        self.got = bytearray()
        self.half_close = half_close
        self.shut = False
        self.eof = False

    def done(self):
        if self.half_close:
            return self.eof
        return len(self.got) >= len(self.out)


def exchange(peers, deadline):
    """Drive every peer at once from one thread until each is done (or the
    deadline): send what is left, read what comes. Returns the peers not
    done."""
    sel = selectors.DefaultSelector()
    try:
        for p in peers:
            p.sock.setblocking(False)
            sel.register(p.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, p)
        left = sum(1 for p in peers if not p.done())
        while left > 0 and time.monotonic() < deadline:
            for key, mask in sel.select(timeout=0.5):
                p = key.data
                was_done = p.done()
                step(sel, p, mask)
                if p.done() and not was_done:
                    left -= 1
                    sel.unregister(p.sock)
    finally:
        sel.close()
    return [p for p in peers if not p.done()]


def step(sel, p, mask):
    if mask & selectors.EVENT_WRITE:
        if p.sent < len(p.out):
            try:
                p.sent += p.sock.send(p.out[p.sent:p.sent + 65536])
            except BlockingIOError:
                pass
        if p.sent == len(p.out):
            if p.half_close and not p.shut:
                p.sock.shutdown(socket.SHUT_WR)
                p.shut = True
            sel.modify(p.sock, selectors.EVENT_READ, p)
    if mask & selectors.EVENT_READ:
        try:
            b = p.sock.recv(65536)
        except BlockingIOError:
            return
        if not b:
            p.eof = True
        p.got += b


class ScaleCases:
    """Cases run with the server's extra arguments in self.extra."""

    extra = ()

    def server(self, *args):
        return Server("-l", "127.0.0.1:0", "-t", "-m", "events", "-q",
                      *self.extra, *args)

    def test_thousand_clients_every_byte(self):
        fd_room(CLIENTS + 200)
        with self.server() as srv:
            socks = connect_all(*srv.hostport(), CLIENTS)
            try:
                deadline = time.monotonic() + time_limit()
                # Round 1: a message each while all are connected.
                hello = [Peer(s, b"hello %d\n" % i, False) for i, s in enumerate(socks)]
                late = exchange(hello, deadline)
                self.assertEqual(late, [], f"{len(late)} clients got no echo")
                for i, p in enumerate(hello):
                    self.assertEqual(bytes(p.got), p.out, i)
                # Round 2: a payload each (1 B to 16 KiB), then the
                # half-close; the server echoes everything, then closes.
                rnd = random.Random(7)
                peers = [Peer(s, rnd.randbytes(rnd.randint(1, 16384)), True)
                         for s in socks]
                late = exchange(peers, deadline)
                self.assertEqual(late, [], f"{len(late)} clients not finished")
                for i, p in enumerate(peers):
                    self.assertEqual(len(p.got), len(p.out), i)
                    self.assertEqual(bytes(p.got), p.out, i)
            finally:
                for s in socks:
                    s.close()
            # A clean stop (under valgrind: no error, no leak).
            srv.interrupt()
            self.assertEqual(srv.wait(WAIT * 3), 0, srv.stderr())
            self.assertEqual(srv.stderr(), "")


class EventsScaleTest(ScaleCases, unittest.TestCase):

    def test_backend_named_with_verbose(self):
        # -v names the poller's backend: XSOCK_POLLER's when it is set.
        with Server("-l", "127.0.0.1:0", "-t", "-m", "events", "-v") as srv:
            text = srv.wait_stderr(lambda t: "poller backend: " in t)
            self.assertIsNotNone(text, srv.stderr())
            name = text.split("poller backend: ", 1)[1].split()[0]
            print(f"note: poller backend {name}")
            self.assertIn(name, ("epoll", "kqueue", "afd", "poll"))
            want = os.environ.get("XSOCK_POLLER")
            if want:
                self.assertEqual(name, want)

    def test_idle_timeout_in_last_activity_order(self):
        # a connects first, b 0.3 s later; a is active at 0.6 s, which puts
        # it behind b: b is closed first (about 1.3 s), then a (1.6 s).
        with self.server("--idle-timeout", "1") as srv:
            start = time.monotonic()
            a = xsapp.tcp_connect(*srv.hostport())
            time.sleep(0.3)
            b = xsapp.tcp_connect(*srv.hostport())
            try:
                time.sleep(0.3)
                a.sendall(b"tick")
                self.assertEqual(xsapp.recv_exactly(a, 4), b"tick")
                b_when, b_err = closed_after(b)
                a_when, a_err = closed_after(a)
                self.assertIsNone(b_err, "b was not closed")
                self.assertIsNone(a_err, "a was not closed")
                self.assertGreater(b_when - start, 1.1, "b closed before its timeout")
                self.assertGreater(a_when - start, 1.4, "a's activity was not counted")
                self.assertLess(b_when, a_when)
            finally:
                a.close()
                b.close()


class WorkersScaleTest(ScaleCases, unittest.TestCase):
    extra = ("--workers", "4")

    def test_start_note_and_udp(self):
        with Server("-l", "127.0.0.1:0", "-m", "events", "--workers", "4") as srv:
            text = srv.wait_stderr(lambda t: "Ctrl-C" in t)
            self.assertIsNotNone(text, srv.stderr())
            self.assertIn("events model, max clients unlimited, 4 workers,", text)
            host, port = srv.hostport("udp")
            self.assertEqual(xsapp.udp_echo(host, port, b"u4"), b"u4")

    def test_max_clients_over_all_workers(self):
        with self.server("--max-clients", "10") as srv:
            socks = connect_all(*srv.hostport(), 10)
            try:
                for i, s in enumerate(socks):  # all ten served
                    s.sendall(b"w%d" % i)
                    self.assertEqual(xsapp.recv_exactly(s, len(b"w%d" % i)), b"w%d" % i)
                with xsapp.tcp_connect(*srv.hostport()) as extra:
                    try:
                        self.assertEqual(extra.recv(1), b"")  # closed at once
                    except ConnectionResetError:
                        pass
                socks[0].close()  # one leaves: a new one is served
                deadline = time.monotonic() + WAIT
                served = False
                while not served and time.monotonic() < deadline:
                    with xsapp.tcp_connect(*srv.hostport()) as late:
                        try:
                            late.sendall(b"late")
                            served = xsapp.recv_exactly(late, 4) == b"late"
                        except ConnectionError:
                            pass
                    if not served:
                        time.sleep(0.05)
                self.assertTrue(served, "no client served after one left")
            finally:
                for s in socks:
                    s.close()

    def test_workers_for_other_models_is_usage(self):
        import subprocess
        p = subprocess.run(xsapp.program("XS_SERVER") + ["-m", "threads", "--workers", "2"],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=WAIT * 2, env=xsapp.program_env())
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(b"--workers", p.stderr)


def closed_after(s):
    """Wait (at most WAIT) for the server to close s: (time.monotonic()
    then, None), or (None, what came instead)."""
    s.settimeout(WAIT)
    try:
        data = s.recv(1)
    except ConnectionResetError:
        return time.monotonic(), None
    except OSError as e:
        return None, e
    if data:
        return None, data
    return time.monotonic(), None


if __name__ == "__main__":
    xsapp.main()
