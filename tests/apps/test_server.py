# SPDX-License-Identifier: MIT
"""xsock-echo-server driven as a user would: started with -l 127.0.0.1:0,
its ready lines read, real TCP/UDP peers (Python sockets and the built
client) talking to it, for every model; then the contract's edges: bad
arguments, port in use, --max-clients, --idle-timeout, a client that never
reads, SIGINT with clients connected, UNIX endpoints."""
import os
import re
import socket
import threading
import time
import unittest

import xsapp
from xsapp import Server, WAIT


class ModelCases:
    """Cases run once per model (see the subclasses at the end)."""

    model = None

    def server(self, *args):
        return Server("-l", "127.0.0.1:0", "-m", self.model, "-q", *args)

    def test_ready_lines_same_port(self):
        with self.server() as srv:
            kinds = [k for k, _ in srv.ready]
            self.assertEqual(sorted(kinds), ["tcp", "udp"])
            self.assertEqual(srv.addr("tcp"), srv.addr("udp"))
            host, port = srv.hostport()
            self.assertEqual(host, "127.0.0.1")
            self.assertGreater(port, 0)

    def test_tcp_echo(self):
        # Sent from a thread while the echo is read: no buffer size matters.
        with self.server() as srv:
            with xsapp.tcp_connect(*srv.hostport()) as s:
                for n in (1, 100, 70000, 1 << 20):
                    data = xsapp.pattern(n, seed=n)
                    self.assertEqual(xsapp.echo_exchange(s, data), data, n)

    def test_tcp_half_close_finishes_echo(self):
        with self.server() as srv:
            with xsapp.tcp_connect(*srv.hostport()) as s:
                data = xsapp.pattern(300000, seed=3)
                got = xsapp.echo_exchange(s, data, half_close=True)
                self.assertEqual(len(got), len(data))
                self.assertEqual(got, data)

    def test_udp_echo_sizes(self):
        with self.server() as srv:
            host, port = srv.hostport("udp")
            for n in (0, 1, 1472, 65507):
                data = xsapp.pattern(n, seed=n)
                self.assertEqual(xsapp.udp_echo(host, port, data), data, n)

    def test_client_verify_tcp_and_udp(self):
        with self.server() as srv:
            rc, out, err = xsapp.run_client("-n", "50", "-s", "1000", srv.addr())
            self.assertEqual(rc, 0, err)
            rc, out, err = xsapp.run_client("-u", "-n", "20", "-s", "512", srv.addr("udp"))
            self.assertEqual(rc, 0, err)

    def test_client_stdin_mode(self):
        with self.server() as srv:
            text = b"hello\nworld\n" + xsapp.pattern(10000)
            rc, out, err = xsapp.run_client(srv.addr(), stdin=text)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, text)

    def test_idle_timeout_closes_idle_client(self):
        # An idle client is closed after --idle-timeout 0.5, not before;
        # one that sends every 0.2 s for 1.5 s (three timeouts) is kept.
        # Iterative serves one client at a time: the idle one first, then
        # the active one alone; the others serve both at once.
        with self.server("--idle-timeout", "0.5") as srv:
            idle = xsapp.tcp_connect(*srv.hostport())
            start = time.monotonic()  # the server accepts after this
            try:
                if self.model == "iterative":
                    self.check_idle_closed(idle, start, closed_after(idle))
                    with xsapp.tcp_connect(*srv.hostport()) as active:
                        keep_active(self, active)
                else:
                    result = []
                    watch = threading.Thread(
                        target=lambda: result.append(closed_after(idle)), daemon=True)
                    watch.start()
                    with xsapp.tcp_connect(*srv.hostport()) as active:
                        keep_active(self, active)
                    watch.join(WAIT + 1)
                    self.assertTrue(result, "the idle client's watch did not end")
                    self.check_idle_closed(idle, start, result[0])
            finally:
                idle.close()

    def check_idle_closed(self, s, start, outcome):
        """outcome from closed_after(s): (time it was closed, error)."""
        when, error = outcome
        self.assertIsNone(error, "the idle client was not closed by the server")
        elapsed = when - start
        # Loose lower bound: never before the timeout (0.5 s from the
        # accept, which follows the connect), less a margin for clocks.
        self.assertGreater(elapsed, 0.3, "closed before --idle-timeout 0.5")
        # Generous upper bound; more under valgrind or wine.
        limit = WAIT if xsapp.emulated() else 3.0
        self.assertLess(elapsed, limit, "idle client closed too late")

    def test_sigint_with_clients_connected(self):
        with self.server() as srv:
            # The hog first: with iterative it is the client being served,
            # so the server is blocked writing to it when SIGINT comes (the
            # idle one waits in the backlog); the other models serve both.
            hog = blocked_writer(srv)
            self.assertTrue(hog.stalled, "the never-reading client never stalled")
            idle = xsapp.tcp_connect(*srv.hostport())
            start = time.monotonic()
            srv.interrupt()  # under wine: CTRL_C_EVENT to its console handler
            rc = srv.wait(WAIT)
            elapsed = time.monotonic() - start
            idle.close()
            hog.close()
            self.assertIsNotNone(rc, "still running 10 s after SIGINT: " + srv.stderr())
            self.assertEqual(rc, 0, srv.stderr())
            # The contract's 2 s; extra only for an emulator or wrapper
            # (valgrind's own exit work, wine's), see xsapp.stop_limit().
            self.assertLess(elapsed, xsapp.stop_limit())

    def test_quiet_prints_nothing_for_a_client(self):
        with self.server() as srv:  # self.server() passes -q
            with xsapp.tcp_connect(*srv.hostport()) as s:
                s.sendall(b"hush")
                self.assertEqual(xsapp.recv_exactly(s, 4), b"hush")
            # A second client served after the first left: the server has
            # handled the first one's end by then (iterative for sure; the
            # others within the short wait below).
            with xsapp.tcp_connect(*srv.hostport()) as s:
                s.sendall(b"x")
                self.assertEqual(xsapp.recv_exactly(s, 1), b"x")
            time.sleep(0.3)
            self.assertEqual(srv.stderr(), "")
        self.assertEqual(srv.stderr(), "", "-q printed something, also at exit")

    def test_verbose_names_each_connection(self):
        with Server("-l", "127.0.0.1:0", "-m", self.model, "-v") as srv:
            with xsapp.tcp_connect(*srv.hostport()) as s:
                peer = "%s:%d" % s.getsockname()[:2]
                s.sendall(b"hello")
                self.assertEqual(xsapp.recv_exactly(s, 5), b"hello")
            # One line per connection, when it closes: "closed PEER: why, N
            # bytes echoed".
            text = srv.wait_stderr(lambda t: f"closed {peer}" in t)
            self.assertIsNotNone(text, f"no 'closed {peer}' line: {srv.stderr()!r}")
            time.sleep(0.2)  # a second line, if any, would follow at once
            mine = [line for line in srv.stderr().splitlines() if peer in line]
            self.assertEqual(len(mine), 1, mine)
            self.assertRegex(mine[0], r"^xsock-echo-server: closed " + re.escape(peer) + r": done, 5 bytes echoed$")

    def test_sigterm_stops_with_exit_0(self):
        with self.server() as srv:
            idle = xsapp.tcp_connect(*srv.hostport())
            start = time.monotonic()
            srv.terminate()
            rc = srv.wait(WAIT)
            elapsed = time.monotonic() - start
            idle.close()
            if xsapp.on_wine():
                self.assertIsNotNone(rc, "the process outlived SIGTERM")
                self.skipTest("SIGTERM under wine kills the process (it is no "
                              f"console event; exit code {rc}); Ctrl-C is "
                              "tested through SIGINT")
            self.assertEqual(rc, 0, srv.stderr())
            # The contract's 2 s; extra only for an emulator or wrapper.
            self.assertLess(elapsed, xsapp.stop_limit())


class ConcurrentCases:
    """Cases for the concurrent models (threads, events)."""

    def test_many_clients_at_once(self):
        with self.server() as srv:
            socks = [xsapp.tcp_connect(*srv.hostport()) for _ in range(40)]
            try:
                for i, s in enumerate(socks):
                    s.sendall(xsapp.pattern(1000, seed=i))
                for i, s in enumerate(socks):
                    self.assertEqual(xsapp.recv_exactly(s, 1000), xsapp.pattern(1000, seed=i))
            finally:
                for s in socks:
                    s.close()

    def test_max_clients(self):
        with self.server("--max-clients", "2") as srv:
            a = xsapp.tcp_connect(*srv.hostport())
            b = xsapp.tcp_connect(*srv.hostport())
            try:
                for s in (a, b):  # both served before the third arrives
                    s.sendall(b"x")
                    self.assertEqual(xsapp.recv_exactly(s, 1), b"x")
                with xsapp.tcp_connect(*srv.hostport()) as c:
                    try:
                        self.assertEqual(c.recv(1), b"")  # accepted, closed at once
                    except ConnectionResetError:
                        pass
                for s in (a, b):  # the others keep being served
                    s.sendall(b"still here")
                    self.assertEqual(xsapp.recv_exactly(s, 10), b"still here")
            finally:
                a.close()
                b.close()

    def test_never_reading_client_is_throttled(self):
        with self.server() as srv:
            # The server's own memory, natively on Linux only: under
            # valgrind or wine the pid is valgrind's or wine's process,
            # whose memory is not the program's; there the black-box
            # checks below stand alone.
            pid = srv.proc.pid
            measure = not xsapp.emulated() and xsapp.vm_rss_kib(pid) is not None
            with xsapp.tcp_connect(*srv.hostport()) as s:  # warm up first
                s.sendall(b"warm")
                self.assertEqual(xsapp.recv_exactly(s, 4), b"warm")
            before = xsapp.vm_rss_kib(pid) if measure else None
            hog = blocked_writer(srv)
            try:
                # Its sends stalled, and it could not push much: the server
                # stopped reading it.
                self.assertTrue(hog.stalled, f"never stalled: {hog.sent} bytes taken")
                self.assertLess(hog.sent, 48 << 20, "server buffered without bound")
                if measure:
                    growth = xsapp.vm_rss_kib(pid) - before
                    # The per-client bound is 64 KiB; a few MiB for the
                    # rest (a thread's stack, allocator, page granularity).
                    self.assertLess(growth, 4 << 10,
                                    f"server grew {growth} KiB while the hog "
                                    f"pushed {hog.sent} bytes")
                with xsapp.tcp_connect(*srv.hostport()) as s:
                    s.sendall(b"served meanwhile")
                    self.assertEqual(xsapp.recv_exactly(s, 16), b"served meanwhile")
            finally:
                hog.close()


def closed_after(s):
    """Wait for the server to close s: (time.monotonic() then, None), or
    (None, what came instead: data, a timeout)."""
    try:
        data = s.recv(1)
    except ConnectionResetError:
        return time.monotonic(), None  # closed with unread data: fine
    except OSError as e:
        return None, e
    if data:
        return None, data
    return time.monotonic(), None


def keep_active(test, s, seconds=1.5, every=0.2):
    """Send on s every `every` s (on a fixed schedule, so a slow echo does
    not stretch the gaps) for `seconds`; every echo must arrive."""
    start = time.monotonic()
    k = 0
    while k * every <= seconds:
        delay = start + k * every - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        msg = b"tick %d" % k
        s.sendall(msg)
        got = xsapp.recv_exactly(s, len(msg))
        test.assertEqual(got, msg, f"active client cut after {time.monotonic() - start:.2f} s")
        k += 1


def blocked_writer(srv, seconds=WAIT):
    """A client that sends as fast as it can and never reads, until its
    sends have stalled for 0.5 s (or a bound is hit). Returns the socket
    with .sent (bytes taken) and .stalled set."""
    s = xsapp.tcp_connect(*srv.hostport())
    s.setblocking(False)
    chunk = bytes(65536)
    total = 0
    stalled = False
    deadline = time.monotonic() + seconds
    stalled_since = None
    while time.monotonic() < deadline and total < (64 << 20):
        try:
            total += s.send(chunk)
            stalled_since = None
        except BlockingIOError:
            if stalled_since is None:
                stalled_since = time.monotonic()
            elif time.monotonic() - stalled_since > 0.5:
                stalled = True
                break
            time.sleep(0.01)

    class Hog:
        pass

    hog = Hog()
    hog.sent = total
    hog.stalled = stalled
    hog.close = s.close
    return hog


class IterativeTest(ModelCases, unittest.TestCase):
    model = "iterative"

    def test_second_client_waits_for_the_first(self):
        with self.server() as srv:
            first = xsapp.tcp_connect(*srv.hostport())
            first.sendall(b"one")
            self.assertEqual(xsapp.recv_exactly(first, 3), b"one")
            second = xsapp.tcp_connect(*srv.hostport())  # waits in the backlog
            second.sendall(b"two")
            second.settimeout(0.5)
            with self.assertRaises(socket.timeout):
                second.recv(3)
            first.close()
            second.settimeout(WAIT)
            self.assertEqual(xsapp.recv_exactly(second, 3), b"two")
            second.close()


class ThreadsTest(ModelCases, ConcurrentCases, unittest.TestCase):
    model = "threads"


class EventsTest(ModelCases, ConcurrentCases, unittest.TestCase):
    model = "events"


class ContractTest(unittest.TestCase):
    """Options, errors and endpoints (model-independent)."""

    def run_server(self, *args):
        import subprocess
        p = subprocess.run(xsapp.program("XS_SERVER") + list(args),
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=WAIT * 2, env=xsapp.program_env())
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

    def test_help_and_version(self):
        rc, out, _ = self.run_server("--help")
        self.assertEqual(rc, 0)
        self.assertIn("--listen", out)
        rc, out, _ = self.run_server("-V")
        self.assertEqual(rc, 0)
        self.assertTrue(out.strip())

    def test_bad_arguments_exit_2_naming_them(self):
        cases = [
            (["--bogus"], "--bogus"),
            (["-m", "forking"], "forking"),
            (["-l", "127.0.0.1:99999"], "127.0.0.1:99999"),
            (["-l", "not an endpoint"], "not an endpoint"),
            (["--max-clients", "-3"], "-3"),
            (["--idle-timeout", "soon"], "soon"),
            (["-l"], "-l"),
        ]
        for args, named in cases:
            with self.subTest(args=args):
                rc, _, err = self.run_server(*args)
                self.assertEqual(rc, 2, err)
                self.assertIn(named, err)

    def test_udp_with_unix_endpoint_exit_2(self):
        # Refused as usage before any socket is made, so under wine too.
        path = xsapp.temp_unix_path("udp")
        rc, _, err = self.run_server("-u", "-l", "unix:" + path)
        self.assertEqual(rc, 2, err)
        self.assertIn("unix:" + path, err)
        self.assertFalse(os.path.exists(path), "a socket file was made")

    def test_listen_repeatable(self):
        args = ["-l", "127.0.0.1:0"]
        v6 = xsapp.have_ipv6()
        if v6:
            args += ["-l", "[::1]:0"]
        with Server(*args, "-q") as srv:
            tcp, udp = srv.addrs("tcp"), srv.addrs("udp")
            self.assertEqual(len(tcp), len(args) // 2, srv.ready)
            self.assertEqual(tcp, udp)  # same port per endpoint
            self.assertTrue(tcp[0].startswith("127.0.0.1:"), tcp)
            if v6:
                self.assertTrue(tcp[1].startswith("[::1]:"), tcp)
            for i, text in enumerate(tcp):
                host, port = xsapp.split_hostport(text)
                with xsapp.tcp_connect(host, port) as s:
                    s.sendall(b"tcp %d" % i)
                    self.assertEqual(xsapp.recv_exactly(s, 5), b"tcp %d" % i)
                self.assertEqual(xsapp.udp_echo(host, port, b"udp %d" % i), b"udp %d" % i)
        if not v6:
            self.skipTest("no IPv6 on this host: checked one -l only")

    def no_udp_echo(self, host, port):
        """True if a datagram to host:port gets no answer within 0.5 s."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.5)
            s.sendto(b"anyone?", (host, port))
            try:
                s.recvfrom(100)
            except (socket.timeout, ConnectionError):
                return True
            return False

    def test_tcp_only(self):
        with Server("-l", "127.0.0.1:0", "-t", "-q") as srv:
            self.assertEqual([k for k, _ in srv.ready], ["tcp"])
            host, port = srv.hostport()
            with xsapp.tcp_connect(host, port) as s:
                s.sendall(b"t")
                self.assertEqual(xsapp.recv_exactly(s, 1), b"t")
            self.assertTrue(self.no_udp_echo(host, port), "-t served UDP")

    def test_udp_only(self):
        with Server("-l", "127.0.0.1:0", "-u", "-q") as srv:
            self.assertEqual([k for k, _ in srv.ready], ["udp"])
            host, port = srv.hostport("udp")
            self.assertEqual(xsapp.udp_echo(host, port, b"u"), b"u")
            with self.assertRaises(ConnectionError, msg="-u served TCP"):
                xsapp.tcp_connect(host, port, timeout=2.0).close()

    def test_max_clients_defaults(self):
        # Said by --help, and by the start note (not -q) of each model.
        rc, out, _ = self.run_server("--help")
        self.assertEqual(rc, 0)
        flat = " ".join(out.split())
        self.assertIn("1024 for threads", flat)
        self.assertIn("0 for events", flat)
        for model, shown in (("threads", "max clients 1024"),
                             ("events", "max clients unlimited")):
            with self.subTest(model=model):
                with Server("-l", "127.0.0.1:0", "-t", "-m", model) as srv:
                    text = srv.wait_stderr(lambda t: "max clients" in t)
                    self.assertIsNotNone(text, srv.stderr())
                    self.assertIn(shown, text)

    def test_port_in_use_exit_1(self):
        with Server("-l", "127.0.0.1:0", "-t") as srv:
            rc, _, err = self.run_server("-l", srv.addr(), "-t")
            self.assertEqual(rc, 1, err)
            self.assertIn("in use", err)

    def test_dual_stack_any(self):
        with Server("-l", ":0", "-t") as srv:
            text = srv.addr()
            self.assertTrue(text.startswith("[::]:") or text.startswith("0.0.0.0:"), text)
            _, port = xsapp.split_hostport(text)
            with xsapp.tcp_connect("127.0.0.1", port) as s:
                s.sendall(b"v4")
                self.assertEqual(xsapp.recv_exactly(s, 2), b"v4")

    def test_unix_endpoint(self):
        path = xsapp.temp_unix_path("srv")
        if xsapp.on_wine():
            rc, _, err = self.run_server("-l", "unix:" + path)
            self.assertEqual(rc, 1, err)
            self.assertIn("address family not supported", err)
            self.skipTest("AF_UNIX: wine 8 has none (checked: the server "
                          "exits 1 with XS_EAFNOSUPPORT's message)")
        with Server("-l", "unix:" + path) as srv:
            self.assertEqual(srv.ready, [("unix", path)])
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(WAIT)
                s.connect(path)
                s.sendall(b"over a path")
                self.assertEqual(xsapp.recv_exactly(s, 11), b"over a path")
        self.assertFalse(os.path.exists(path), "socket file left behind")

    def test_unix_stale_replaced_and_file_refused(self):
        if xsapp.on_wine():
            self.skipTest("AF_UNIX: wine 8 has none")
        path = xsapp.temp_unix_path("stale")
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(path)
        stale.close()  # a socket file with nothing listening
        with Server("-l", "unix:" + path) as srv:
            self.assertEqual(srv.ready, [("unix", path)])
        with open(path, "w") as f:
            f.write("not a socket")
        try:
            rc, _, err = self.run_server("-l", "unix:" + path)
            self.assertEqual(rc, 1, err)
            self.assertTrue(os.path.exists(path), "a regular file was removed")
        finally:
            os.remove(path)


if __name__ == "__main__":
    xsapp.main()
