# SPDX-License-Identifier: MIT
"""xsock-echo-client driven as a user would: against the built server and
against Python peers that misbehave (corrupt echoes, never answer), with
its exit codes and messages checked."""
import json
import re
import select
import socket
import subprocess
import threading
import time
import unittest

import xsapp
from xsapp import Server, WAIT


class Background:
    """A peer served by a thread of its own: close() stops the thread and
    closes the listening socket; usable with "with"."""

    def close(self):
        self.stop = True
        self.thread.join(timeout=WAIT)
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Peer(Background):
    """A Python TCP or UDP peer on 127.0.0.1 that answers with handler."""

    def __init__(self, kind, handler):
        self.kind = kind
        self.handler = handler
        t = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
        self.sock = socket.socket(socket.AF_INET, t)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        if kind == "tcp":
            self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.addr = f"127.0.0.1:{self.port}"
        self.stop = False
        self.conns = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        deadline = time.monotonic() + WAIT * 3
        while not self.stop and time.monotonic() < deadline:
            try:
                if self.kind == "tcp":
                    c, _ = self.sock.accept()
                    c.settimeout(0.2)
                    self.conns.append(c)
                else:
                    data, who = self.sock.recvfrom(70000)
                    self.handler(self.sock, data, who)
            except (socket.timeout, OSError):
                pass
            for c in list(self.conns):
                try:
                    data = c.recv(65536)
                    if data:
                        self.handler(c, data, None)
                except (socket.timeout, OSError):
                    pass

    def close(self):
        super().close()
        for c in self.conns:
            c.close()


class DelayedPeer(Background):
    """A TCP echo peer whose listen backlog holds one connection (backlog
    0) and which accepts nothing until `delay` seconds after the first
    connection is queued: a second connection attempt meanwhile finds the
    queue full, its SYN is dropped, and it times out. Then it echoes."""

    def __init__(self, delay):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.addr = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.delay = delay
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        deadline = time.monotonic() + WAIT * 3
        conns = []
        queued = None
        while not self.stop and time.monotonic() < deadline:
            now = time.monotonic()
            if queued is None:
                r, _, _ = select.select([self.sock], [], [], 0.05)
                if r:
                    queued = now  # a connection waits in the backlog
                continue
            if now >= queued + self.delay:
                r, _, _ = select.select([self.sock], [], [], 0)
                if r:
                    c, _ = self.sock.accept()
                    conns.append(c)
            r, _, _ = select.select(conns, [], [], 0.05) if conns else ([], [], [])
            if not conns:
                time.sleep(0.05)
            for c in r:
                try:
                    data = c.recv(65536)
                    if data:
                        c.sendall(data)
                except OSError:
                    pass
        for c in conns:
            c.close()


class CrossWiredPeer(Background):
    """A TCP peer that accepts two connections and sends what it reads from
    each to the other one: a client must not take the other connection's
    bytes for its own echo."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(WAIT)
        self.addr = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.stop = False
        self.relayed = 0
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        conns = []
        try:
            while len(conns) < 2:
                conns.append(self.sock.accept()[0])
        except OSError:
            pass
        deadline = time.monotonic() + WAIT * 3
        while len(conns) == 2 and not self.stop and time.monotonic() < deadline:
            r, _, _ = select.select(conns, [], [], 0.05)
            for c in r:
                other = conns[1] if c is conns[0] else conns[0]
                try:
                    data = c.recv(65536)
                    if data:
                        other.sendall(data)
                        self.relayed += len(data)
                except OSError:
                    pass
        for c in conns:
            c.close()


def corrupt(sock, data, who):
    bad = bytes([data[0] ^ 0xFF]) + data[1:] if data else data
    if who is None:
        sock.sendall(bad)
    else:
        sock.sendto(bad, who)


def silent(sock, data, who):
    pass


class ClientTest(unittest.TestCase):

    def test_stdin_mode_binary_safe(self):
        with Server("-l", "127.0.0.1:0", "-q") as srv:
            data = bytes(range(256)) * 64 + b"\r\n\x00\x1a end"
            rc, out, err = xsapp.run_client(srv.addr(), stdin=data)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, data)

    def test_udp_lines(self):
        with Server("-l", "127.0.0.1:0", "-q") as srv:
            rc, out, err = xsapp.run_client("-u", srv.addr("udp"), stdin=b"one\ntwo\nthree\n")
            self.assertEqual(rc, 0, err)
            self.assertEqual(out.replace(b"\r\n", b"\n"), b"one\ntwo\nthree\n")

    def test_verify_mode_passes(self):
        with Server("-l", "127.0.0.1:0", "-q") as srv:
            rc, out, err = xsapp.run_client("-n", "200", "-s", "4096", srv.addr())
            self.assertEqual(rc, 0, err)
            self.assertTrue(out.strip(), "no summary printed")
            rc, out, err = xsapp.run_client("-u", "-n", "10", "-s", "65507", srv.addr("udp"))
            self.assertEqual(rc, 0, err)

    def test_verify_mode_detects_mismatch(self):
        for kind in ("tcp", "udp"):
            with self.subTest(kind=kind), Peer(kind, corrupt) as peer:
                args = ["-n", "3", "-s", "16", peer.addr]
                if kind == "udp":
                    args.insert(0, "-u")
                rc, _, err = xsapp.run_client(*args)
                self.assertEqual(rc, 1, err)
                self.assertTrue(err.strip(), "no reason given")

    def test_timeout_waiting_for_echo(self):
        for kind in ("tcp", "udp"):
            with self.subTest(kind=kind), Peer(kind, silent) as peer:
                args = ["-n", "1", "--timeout", "500", peer.addr]
                if kind == "udp":
                    args.insert(0, "-u")
                start = time.monotonic()
                rc, _, err = xsapp.run_client(*args)
                self.assertEqual(rc, 1, err)
                self.assertIn("time", err.lower())
                self.assertLess(time.monotonic() - start, WAIT)

    def test_connection_refused(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        rc, _, err = xsapp.run_client("-n", "1", f"127.0.0.1:{port}")
        self.assertEqual(rc, 1, err)
        self.assertIn("refused", err.lower())

    def test_stdin_forwarded_without_waiting_for_a_line(self):
        # "abc" with no newline, stdin left open: the echo must come back
        # now, not at a newline, a full buffer or end of file.
        with Server("-l", "127.0.0.1:0", "-q") as srv, xsapp.Client(srv.addr()) as cl:
            cl.send(b"abc")
            out = cl.wait_stdout(b"abc")
            self.assertEqual(out, b"abc", cl.stderr())
            self.assertIsNone(cl.proc.poll(), "the client ended with stdin open")
            cl.close_stdin()
            self.assertEqual(cl.wait(), 0, cl.stderr())
            self.assertEqual(cl.stdout(), b"abc")

    def test_idle_stdin_is_not_a_timeout(self):
        with Server("-l", "127.0.0.1:0", "-q") as srv, \
                xsapp.Client("--timeout", "300", srv.addr()) as cl:
            cl.send(b"a")
            self.assertEqual(cl.wait_stdout(b"a"), b"a", cl.stderr())
            time.sleep(1.5)  # idle stdin, 5 times --timeout
            self.assertIsNone(cl.proc.poll(), f"the client ended: {cl.stderr()!r}")
            cl.send(b"b")
            cl.close_stdin()
            self.assertEqual(cl.wait(), 0, cl.stderr())
            self.assertEqual(cl.stdout(), b"ab")

    def test_udp_is_never_retried(self):
        seen = []

        def count(sock, data, who):
            seen.append(data)

        with Peer("udp", count) as peer:
            rc, _, err = xsapp.run_client("-u", "-n", "1", "--timeout", "500", peer.addr)
            self.assertEqual(rc, 1, err)
            time.sleep(0.3)  # anything still on its way arrives meanwhile
        self.assertEqual(len(seen), 1, "datagrams seen: %d" % len(seen))

    def test_load_mode_line_and_json(self):
        with Server("-l", "127.0.0.1:0", "-q") as srv:
            rc, out, err = xsapp.run_client("-c", "4", "-d", "1", srv.addr())
            self.assertEqual(rc, 0, err)
            line = out.decode().strip()
            self.assertRegex(line, r"^messages/s: \d+(\.\d+)?  p50: \d+ us  p99: \d+ us  p999: \d+ us  errors: 0$")
            rc, out, err = xsapp.run_client("-c", "2", "-d", "0.5", "--json", srv.addr())
            self.assertEqual(rc, 0, err)
            obj = json.loads(out.decode())
            for key in ("connections", "duration_s", "msgs_per_sec", "p50_us",
                        "p99_us", "p999_us", "errors"):
                self.assertIn(key, obj)
            self.assertEqual(obj["connections"], 2)
            self.assertEqual(obj["errors"], 0)
            self.assertGreater(obj["msgs_per_sec"], 0)

    def test_closed_stdout_is_an_error(self):
        # The reader of stdout went away: writing the echo fails, and that
        # is a failure with its reason, not a silent death by SIGPIPE.
        with Server("-l", "127.0.0.1:0", "-q") as srv:
            p = subprocess.Popen(
                xsapp.program("XS_CLIENT") + [srv.addr()],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=xsapp.program_env())
            try:
                p.stdout.close()
                try:
                    p.stdin.write(b"echo me\n" * 64)
                    p.stdin.flush()
                    p.stdin.close()
                except BrokenPipeError:
                    pass
                try:
                    rc = p.wait(timeout=WAIT)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=WAIT)
                    self.fail("the client did not end with its stdout closed")
                err = p.stderr.read().decode(errors="replace")
            finally:
                if p.poll() is None:
                    p.kill()
                    p.wait(timeout=WAIT)
                p.stderr.close()
            self.assertEqual(rc, 1, f"exit {rc}, stderr {err!r}")
            self.assertIn("cannot write to stdout", err)

    def test_trickling_stdin_does_not_hide_a_missing_echo(self):
        # A peer that reads but never echoes, stdin trickling one byte
        # every 300 ms: sending is no echo, so --timeout 500 still fires,
        # well within 3 s of the first byte reaching the peer.
        first = []

        def swallow(sock, data, who):
            if not first:
                first.append(time.monotonic())

        with Peer("tcp", swallow) as peer, \
                xsapp.Client("--timeout", "500", peer.addr) as cl:
            start = time.monotonic()
            while cl.proc.poll() is None and time.monotonic() - start < WAIT:
                try:
                    cl.send(b"x")
                except OSError:
                    break  # it ended: its stdin is closed
                time.sleep(0.3)
            rc = cl.wait()
            end = time.monotonic()
            self.assertEqual(rc, 1, cl.stderr())
            self.assertIn("timed out", cl.stderr())
            self.assertTrue(first, "no byte reached the peer")
            self.assertLess(end - first[0], 3.0,
                            f"ended {end - first[0]:.1f} s after the first byte")

    def test_load_mode_goes_on_past_a_failed_connection(self):
        # Connection 2 cannot connect (the peer's backlog is full and it
        # accepts nothing yet): counted as an error, the run goes on with
        # connection 1 and still prints its line.
        with DelayedPeer(delay=1.5) as peer:
            rc, out, err = xsapp.run_client("-c", "2", "-d", "1", "--timeout",
                                            "1000", peer.addr)
        self.assertEqual(rc, 1, err)
        self.assertIn("connection 2: cannot connect", err)
        m = re.search(rb"^messages/s: \d+  p50: \d+ us  p99: \d+ us  "
                      rb"p999: \d+ us  errors: (\d+)$", out, re.M)
        self.assertIsNotNone(m, f"no report line: {out!r} {err!r}")
        self.assertGreaterEqual(int(m.group(1)), 1)

    def test_load_mode_detects_cross_wired_echoes(self):
        # Each connection gets the other's bytes: the same message number
        # on two connections must not look alike.
        with CrossWiredPeer() as peer:
            rc, out, err = xsapp.run_client("-c", "2", "-d", "1", "--json",
                                            peer.addr)
            relayed = peer.relayed
        self.assertEqual(rc, 1, err)
        self.assertGreater(relayed, 0, "the peer relayed nothing")
        obj = json.loads(out.decode())
        self.assertGreaterEqual(obj["errors"], 1, err)
        self.assertIn("differs", err)

    def test_bad_arguments_exit_2(self):
        cases = [
            (["--bogus", "127.0.0.1:1"], "--bogus"),
            (["-n", "ten", "127.0.0.1:1"], "ten"),
            (["-s", "-5", "-n", "1", "127.0.0.1:1"], "-5"),
            (["127.0.0.1:70000"], "127.0.0.1:70000"),
            ([], "ENDPOINT"),
        ]
        for args, named in cases:
            with self.subTest(args=args):
                rc, _, err = xsapp.run_client(*args)
                self.assertEqual(rc, 2, err)
                self.assertIn(named, err)

    def test_help_and_version(self):
        rc, out, _ = xsapp.run_client("--help")
        self.assertEqual(rc, 0)
        self.assertIn(b"--count", out)
        rc, out, _ = xsapp.run_client("--version")
        self.assertEqual(rc, 0)


if __name__ == "__main__":
    xsapp.main()
