# SPDX-License-Identifier: MIT
"""xsock-time against small daytime (RFC 867) and time (RFC 868) servers
written here with Python's socket module, on 127.0.0.1 port 0, over TCP and
UDP: the time and the offset (also of a server whose clock is an hour
ahead), the choice of the 2^32-second era, malformed answers, a UDP reply
from another port, silent servers, a refused connection and usage errors.
No network beyond loopback; every wait is bounded. The program's output is
read through temporary files, not pipes (see xsapp.run_addr: under wine a
pipe stays open for seconds after the program)."""
import calendar
import json
import re
import socket
import struct
import tempfile
import threading
import time
import unittest

import xsapp

WAIT = xsapp.WAIT
ERA = 1 << 32
EPOCH_1900 = 2208988800  # seconds from 1900-01-01 to 1970-01-01
LINE_RE = re.compile(
    r"^(\S+) (time|daytime): (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC, "
    r"offset ([+-]\d+\.\d{3}) s$")


def slack():
    """Extra seconds an emulator or wrapper (wine, valgrind) may add to a
    run; never a bound on the program's own speed."""
    return 8.0 if xsapp.emulated() else 2.0


def run_time(*args, timeout=WAIT * 6):
    """Run xsock-time: (exit code, stdout, stderr, seconds taken)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess_run(xsapp.program("XS_TIME") + list(args), out, err,
                           timeout)
        took = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read().decode().replace("\r", ""),
                err.read().decode(errors="replace").replace("\r", ""), took)


def subprocess_run(cmd, out, err, timeout):
    import subprocess
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out,
                          stderr=err, timeout=timeout,
                          env=xsapp.program_env())


def time_bytes(unix_time):
    return struct.pack(">I", (int(unix_time) + EPOCH_1900) % ERA)


def ctime_text(unix_time, zero_pad=False):
    t = time.gmtime(unix_time)
    day = f"{t.tm_mday:02d}" if zero_pad else f"{t.tm_mday:2d}"
    return time.strftime(f"%a %b {day} %H:%M:%S %Y", t)


def rfc3339_text(unix_time):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(unix_time))


def nearest_era(value, local):
    """The Unix time of a 32-bit RFC 868 value nearest local (ties to the
    later), as the man page says."""
    t0 = value - EPOCH_1900
    k = (local - t0 + ERA // 2) // ERA
    return t0 + k * ERA


class Server:
    """A TCP listener and a UDP socket on 127.0.0.1, each served by a
    thread. answer() gives the bytes of one answer. TCP modes: "answer"
    (send, close), "silent" (accept, send nothing), "endless" (send until
    the client leaves). UDP modes: "answer", "silent", "other-port" (the
    answer comes from another socket). The UDP server records the
    datagrams it got."""

    def __init__(self, answer, tcp="answer", udp="answer"):
        self.answer = answer
        self.tcp_mode, self.udp_mode = tcp, udp
        self.stop = threading.Event()
        self.requests = []
        self.held = []
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(8)
        self.lsock.settimeout(0.1)
        self.usock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.usock.bind(("127.0.0.1", 0))
        self.usock.settimeout(0.1)
        self.other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.other.bind(("127.0.0.1", 0))
        self.threads = [threading.Thread(target=f, daemon=True)
                        for f in (self._tcp, self._udp)]
        for t in self.threads:
            t.start()

    @property
    def tcp_port(self):
        return self.lsock.getsockname()[1]

    @property
    def udp_port(self):
        return self.usock.getsockname()[1]

    def _tcp(self):
        while not self.stop.is_set():
            try:
                c, _ = self.lsock.accept()
            except OSError:
                continue
            c.settimeout(WAIT)
            try:
                if self.tcp_mode == "silent":
                    self.held.append(c)
                    continue
                if self.tcp_mode == "endless":
                    chunk = b"x" * 4096
                    end = time.monotonic() + WAIT
                    while not self.stop.is_set() and time.monotonic() < end:
                        c.sendall(chunk)
                else:
                    c.sendall(self.answer())
            except OSError:
                pass
            c.close()

    def _udp(self):
        while not self.stop.is_set():
            try:
                data, peer = self.usock.recvfrom(2048)
            except OSError:
                continue
            self.requests.append(data)
            if self.udp_mode == "answer":
                self.usock.sendto(self.answer(), peer)
            elif self.udp_mode == "other-port":
                self.other.sendto(self.answer(), peer)

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join(WAIT)
        for s in [self.lsock, self.usock, self.other] + self.held:
            s.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def now_time():
    return time_bytes(time.time())


class Answers(unittest.TestCase):
    def check_line(self, out, server, proto, expected_offset):
        m = LINE_RE.match(out.rstrip("\n"))
        self.assertIsNotNone(m, out)
        self.assertEqual(out.count("\n"), 1, out)
        self.assertEqual((m.group(1), m.group(2)), (server, proto))
        self.assertAlmostEqual(float(m.group(4)), expected_offset,
                               delta=1.5 + slack(), msg=out)
        shown = calendar.timegm(time.strptime(m.group(3), "%Y-%m-%d %H:%M:%S"))
        self.assertAlmostEqual(shown, time.time() + expected_offset,
                               delta=2 + slack(), msg=out)

    def test_time_tcp_and_udp(self):
        with Server(now_time) as srv:
            rc, out, err, _ = run_time(f"127.0.0.1:{srv.tcp_port}")
            self.assertEqual((rc, err), (0, ""))
            self.check_line(out, f"127.0.0.1:{srv.tcp_port}", "time", 0)
            rc, out, err, _ = run_time("-u", f"127.0.0.1:{srv.udp_port}")
            self.assertEqual((rc, err), (0, ""))
            self.check_line(out, f"127.0.0.1:{srv.udp_port}", "time", 0)
            self.assertEqual(srv.requests, [b""], "RFC 868: an empty datagram")

    def test_daytime_ctime_over_tcp_and_rfc3339_over_udp(self):
        with Server(lambda: (ctime_text(time.time()) + "\r\n").encode()) as srv:
            rc, out, err, _ = run_time("-p", "daytime",
                                       f"127.0.0.1:{srv.tcp_port}")
            self.assertEqual((rc, err), (0, ""))
            self.check_line(out, f"127.0.0.1:{srv.tcp_port}", "daytime", 0)
        with Server(lambda: (rfc3339_text(time.time()) + "\n").encode()) as srv:
            rc, out, err, _ = run_time("--protocol=daytime", "--udp",
                                       f"localhost:{srv.udp_port}")
            self.assertEqual((rc, err), (0, ""))
            self.check_line(out, f"127.0.0.1:{srv.udp_port}", "daytime", 0)

        def zoned():  # local time an hour east of UTC, with a fraction
            t = time.gmtime(time.time() + 3600)
            return time.strftime("%Y-%m-%dt%H:%M:%S.25+01:00", t).encode()

        with Server(zoned) as srv:
            rc, out, err, _ = run_time("-p", "daytime",
                                       f"127.0.0.1:{srv.tcp_port}")
            self.assertEqual((rc, err), (0, ""))
            self.check_line(out, f"127.0.0.1:{srv.tcp_port}", "daytime", 0)

    def test_shifted_clock_json(self):
        shift = 3600
        for proto, answer in (
                ("time", lambda: time_bytes(time.time() + shift)),
                ("daytime", lambda: ctime_text(time.time() + shift,
                                               zero_pad=True).encode())):
            for udp in (False, True):
                with Server(answer) as srv:
                    port = srv.udp_port if udp else srv.tcp_port
                    args = ["--json", "-p", proto] + (["-u"] if udp else [])
                    rc, out, err, _ = run_time(*args, f"127.0.0.1:{port}")
                    self.assertEqual((rc, err), (0, ""), (proto, udp))
                    self.assertEqual(out.count("\n"), 1, out)
                    obj = json.loads(out)
                    keys = {"server", "protocol", "transport", "time",
                            "unix_time", "offset_s", "rtt_ms"}
                    if proto == "daytime":
                        keys.add("text")
                        self.assertEqual(obj["text"],
                                         ctime_text(obj["unix_time"],
                                                    zero_pad=True))
                    self.assertEqual(set(obj), keys, out)
                    self.assertEqual(obj["server"], f"127.0.0.1:{port}")
                    self.assertEqual(obj["protocol"], proto)
                    self.assertEqual(obj["transport"], "udp" if udp else "tcp")
                    self.assertEqual(obj["time"],
                                     rfc3339_text(obj["unix_time"]))
                    self.assertAlmostEqual(obj["offset_s"], shift,
                                           delta=1.5 + slack(), msg=out)
                    self.assertAlmostEqual(obj["unix_time"],
                                           time.time() + shift,
                                           delta=2 + slack(), msg=out)
                    self.assertGreaterEqual(obj["rtt_ms"], 0)

    def test_era_nearest_the_local_clock(self):
        """RFC 868 counts 32 bits from 1900: the value wraps on 2036-02-07
        06:28:16 UTC. The local clock cannot be moved, so the rule is
        checked through answers: the values of 2040-01-01 and of 0 (both
        past the wrap) read as 2040 and 2036, and the value of 1955 reads
        as 2091, the nearer of its two times to a clock of the 2020s."""
        cases = [
            (calendar.timegm((2040, 1, 1, 0, 0, 0)), "2040-01-01T00:00:00Z"),
            (None, "2036-02-07T06:28:16Z"),  # the value 0
            (calendar.timegm((1955, 1, 1, 0, 0, 0)), None),
        ]
        for unix_time, expected in cases:
            value = 0 if unix_time is None else (int(unix_time) + EPOCH_1900) % ERA
            with Server(lambda: struct.pack(">I", value)) as srv:
                rc, out, err, _ = run_time("--json",
                                           f"127.0.0.1:{srv.tcp_port}")
                self.assertEqual((rc, err), (0, ""))
                obj = json.loads(out)
                want = nearest_era(value, int(time.time()))
                self.assertEqual(obj["unix_time"], want, out)
                if expected is not None:
                    self.assertEqual(obj["time"], expected)
                else:
                    self.assertTrue(obj["time"].startswith("2091-"), out)
                self.assertAlmostEqual(obj["offset_s"], want - time.time(),
                                       delta=2 + slack())

    def test_ipv6(self):
        if not xsapp.have_ipv6():
            self.skipTest("no IPv6 on this host")
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as ls:
            ls.bind(("::1", 0))
            ls.listen(1)
            ls.settimeout(WAIT)
            port = ls.getsockname()[1]
            done = []

            def serve():
                try:
                    c, _ = ls.accept()
                    c.sendall(now_time())
                    c.close()
                    done.append(1)
                except OSError:
                    pass

            t = threading.Thread(target=serve, daemon=True)
            t.start()
            rc, out, err, _ = run_time(f"[::1]:{port}")
            t.join(WAIT)
            self.assertEqual((rc, err), (0, ""))
            self.check_line(out, f"[::1]:{port}", "time", 0)


class Malformed(unittest.TestCase):
    def fails(self, srv_answer, args, pattern, tcp="answer", udp="answer",
              use_udp=False):
        with Server(srv_answer, tcp=tcp, udp=udp) as srv:
            port = srv.udp_port if use_udp else srv.tcp_port
            extra = ["-u"] if use_udp else []
            rc, out, err, took = run_time(*args, *extra, f"127.0.0.1:{port}")
        self.assertEqual(rc, 1, (out, err))
        self.assertEqual(out, "")
        self.assertRegex(err, pattern)
        self.assertTrue(err.startswith("xsock-time: "), err)
        return err, took

    def test_time_answers_of_the_wrong_length(self):
        for data, n in ((b"\x01\x02\x03", 3), (b"\x01\x02\x03\x04\x05", 5),
                        (b"", 0)):
            for use_udp in (False, True):
                self.fails(lambda: data, [],
                           rf"malformed time answer from 127\.0\.0\.1:\d+: "
                           rf"{n} bytes, expected 4", use_udp=use_udp)

    def test_daytime_garbage_is_quoted_escaped(self):
        err, _ = self.fails(lambda: b"hello\x01\"world\"\r\n", ["-p", "daytime"],
                            r'malformed daytime answer from 127\.0\.0\.1:\d+ '
                            r'\(15 bytes\): "hello\\x01\\"world\\"\\r\\n"')
        self.assertEqual(err.count("\n"), 1, err)
        for bad in (b"", b"\r\n", b"Tue Dec  1 03:40:00 2026 extra",
                    b"Mon Dec  1 03:40:00 2026",  # the wrong weekday
                    b"Tue Dec 32 03:40:00 2026", b"2026-02-30T00:00:00Z",
                    b"2026-12-01T03:40:00", b"2026-12-01 03:40:00Z",
                    b"Tue Dec  1 03:40:00 2026\n\n", b"\xff\xfe"):
            self.fails(lambda: bad, ["-p", "daytime"],
                       r"malformed daytime answer")

    def test_long_garbage_is_cut_in_the_message(self):
        data = b"\x00" * 300
        err, _ = self.fails(lambda: data, ["-p", "daytime"],
                            r'\(300 bytes\): "(\\x00){64}"\.\.\.$')
        self.assertLess(len(err), 400, err)

    def test_endless_tcp_stream_and_big_datagram(self):
        self.fails(None, ["-p", "daytime"],
                   r"malformed daytime answer from 127\.0\.0\.1:\d+: longer "
                   r"than 512 bytes", tcp="endless")
        self.fails(lambda: b"A" * 1000, ["-p", "daytime"],
                   r"longer than 512 bytes", use_udp=True)


class Failures(unittest.TestCase):
    def test_udp_reply_from_another_port_is_ignored(self):
        with Server(now_time, udp="other-port") as srv:
            rc, out, err, took = run_time("-u", "-w", "700",
                                          f"127.0.0.1:{srv.udp_port}")
            self.assertGreaterEqual(len(srv.requests), 1)
        self.assertEqual((rc, out), (1, ""), err)
        self.assertRegex(err, r"no answer from 127\.0\.0\.1:\d+ within 700 ms "
                              r"\(1 datagrams from other sources ignored\)")
        self.assertLess(took, 0.7 + slack())

    def test_silent_servers_time_out(self):
        for use_udp in (False, True):
            with Server(now_time, tcp="silent", udp="silent") as srv:
                port = srv.udp_port if use_udp else srv.tcp_port
                args = ["-w", "500"] + (["-u"] if use_udp else [])
                rc, out, err, took = run_time(*args, f"127.0.0.1:{port}")
            self.assertEqual((rc, out), (1, ""), err)
            self.assertRegex(err, r"no answer from 127\.0\.0\.1:\d+ within "
                                  r"500 ms")
            self.assertGreaterEqual(took, 0.45)
            self.assertLess(took, 0.5 + slack())

    def test_connection_refused(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        rc, out, err, _ = run_time("-w", "3000", f"127.0.0.1:{port}")
        self.assertEqual((rc, out), (1, ""), err)
        self.assertRegex(err, rf"cannot connect to 127\.0\.0\.1:{port} "
                              rf"\(127\.0\.0\.1:{port}\): .*refused")

    def test_default_ports(self):
        """No port: the protocol's (daytime 13, time 37), shown in the
        message of a server that does not answer."""
        for proto, port in (("daytime", 13), ("time", 37)):
            rc, out, err, _ = run_time("-u", "-w", "200", "-p", proto,
                                       "127.0.0.1")
            if rc == 0:
                self.skipTest(f"a {proto} server answers on this host")
            self.assertEqual(rc, 1, err)
            self.assertIn(f"127.0.0.1:{port} within 200 ms", err)


class Usage(unittest.TestCase):
    def test_usage_errors_exit_2(self):
        cases = [
            ([], r"missing HOST\[:PORT\]"),
            (["-p", "ntp", "h"], r"invalid value for '--protocol': 'ntp'"),
            (["-w", "abc", "h"], r"invalid value for '--timeout': 'abc'"),
            (["-w", "0", "h"], r"invalid value for '--timeout': '0'"),
            (["--bogus", "h"], r"unknown option '--bogus'"),
            (["a", "b"], r"unexpected argument 'b'"),
            (["h:0"], r"invalid port in 'h:0'"),
            (["h:70000"], r"invalid port in 'h:70000'"),
            (["h:no-such-service-xs"], r"invalid port"),
            (["[::1"], r"invalid HOST\[:PORT\] '\[::1'"),
            (["[::1]x"], r"invalid HOST\[:PORT\]"),
            (["fe80::zz"], r"invalid HOST\[:PORT\]"),
            (["--json=1", "h"], r"option '--json' takes no value"),
        ]
        for args, pattern in cases:
            rc, out, err, _ = run_time(*args)
            self.assertEqual((rc, out), (2, ""), (args, err))
            self.assertRegex(err, "^xsock-time: " + pattern, args)
            self.assertIn("Try 'xsock-time --help'", err)

    def test_help_and_version(self):
        rc, out, err, _ = run_time("--help")
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("usage: xsock-time", out)
        for opt in ("--protocol", "--tcp", "--udp", "--timeout", "--json",
                    "--help", "--version"):
            self.assertIn(opt, out)
        rc, out, err, _ = run_time("-V")
        self.assertEqual((rc, err), (0, ""))
        self.assertRegex(out, r"^xsock-time \d+\.\d+")


if __name__ == "__main__":
    xsapp.main()
