# SPDX-License-Identifier: MIT
"""Helpers for the app tests: start the built programs as a user would (the
Windows build under wine), read their ready lines, talk to them with real
peers on loopback, stop them with a signal.

Environment (set by CTest, see tests/CMakeLists.txt):
  XS_SERVER, XS_CLIENT   paths of xsock-echo-server / xsock-echo-client
  XS_ADDR                path of xsock-addr
  XS_EMULATOR            "|"-separated command that runs them (wine, or
                         valgrind with its options), or ""
  XS_NATIVE_BIN          folder of the Linux build's apps (cross-OS tests)
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

WAIT = 10.0  # seconds: the bound on every wait in these tests
READY_RE = re.compile(r"^listening (tcp|udp|unix) (.+)$")


def emulator():
    text = os.environ.get("XS_EMULATOR", "")
    return [part for part in text.split("|") if part]


def on_wine():
    return any("wine" in os.path.basename(p) for p in emulator())


def emulated():
    """True when the programs run under an emulator or a wrapper (wine,
    valgrind): slower, and their process is not the program alone."""
    return bool(emulator())


def stop_limit():
    """Seconds a stop (SIGINT/SIGTERM) may take, from the signal to the
    exit the test sees. The contract's 2 s for the program itself; the
    extra time is for an emulator or wrapper only: valgrind runs its leak
    check and tears itself down after the program is done, wine shuts its
    process down through wineserver. Never a bound on the program's speed."""
    return 2.0 + (6.0 if emulated() else 0.0)


def program(name):
    """Command prefix for XS_SERVER, XS_CLIENT or XS_ADDR, emulator
    included."""
    path = os.environ.get(name)
    if not path:
        raise unittest.SkipTest(f"{name} not set: run these tests through CTest")
    return emulator() + [path]


def program_env():
    env = dict(os.environ)
    env.setdefault("WINEDEBUG", "-all")
    return env


def split_hostport(text):
    """'127.0.0.1:80' or '[::1]:80' -> (host, port)."""
    m = re.match(r"^\[(.*)\]:(\d+)$", text) or re.match(r"^(.*):(\d+)$", text)
    if not m:
        raise ValueError(f"not HOST:PORT: {text!r}")
    return m.group(1), int(m.group(2))


def expected_listeners(args):
    """How many ready lines a server started with args prints: one per
    endpoint and protocol (a unix: endpoint is stream only); None where
    args do not say (help, version, an option this does not know)."""
    endpoints, tcp, udp = [], False, False
    it = iter(args)
    for arg in it:
        if arg in ("-l", "--listen"):
            endpoints.append(next(it, ""))
        elif arg.startswith("--listen="):
            endpoints.append(arg.split("=", 1)[1])
        elif arg in ("-t", "--tcp"):
            tcp = True
        elif arg in ("-u", "--udp"):
            udp = True
        elif arg in ("-m", "--model", "--max-clients", "--idle-timeout",
                     "--workers"):
            next(it, None)
        elif arg not in ("-q", "--quiet", "-v", "--verbose"):
            return None
    if not tcp and not udp:
        tcp = udp = True
    count = 0
    for endpoint in endpoints or [":7007"]:
        if endpoint.startswith("unix:"):
            count += int(tcp)
        else:
            count += int(tcp) + int(udp)
    return count or None


class Server:
    """A running xsock-echo-server. Use as a context manager."""

    def __init__(self, *args, cmd=None, expect_ready=True):
        self.cmd = (cmd or program("XS_SERVER")) + list(args)
        self.expected = expected_listeners(list(args))
        self.proc = subprocess.Popen(
            self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=program_env())
        self.ready = []  # (kind, address text)
        self._stderr = []
        self._err_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._err_thread.start()
        if expect_ready:
            self._read_ready()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self._stderr.append(line.decode(errors="replace"))

    def stderr(self):
        return "".join(self._stderr)

    def _ready_count(self, lines):
        return sum(1 for line in list(lines) if READY_RE.match(line))

    def _read_ready(self):
        """Read ready lines until every listener is reported: as many as
        the arguments ask for (expected_listeners), however slowly they
        come; where the arguments do not say, until a short quiet period
        after the first line (the server prints them all before serving)."""
        deadline = time.monotonic() + WAIT
        lines = []

        def reader():
            for raw in self.proc.stdout:
                lines.append(raw.decode(errors="replace").rstrip("\r\n"))

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None and not t.is_alive():
                break
            if self.expected is not None:
                if self._ready_count(lines) >= self.expected:
                    break
            elif lines and time.monotonic() > self._first_seen(lines) + 0.3:
                break
            time.sleep(0.02)
        for line in list(lines):
            m = READY_RE.match(line)
            if m:
                self.ready.append((m.group(1), m.group(2)))
        if not self.ready:
            self.kill()
            self._err_thread.join(timeout=WAIT)  # all of stderr, for the message
            raise AssertionError(
                f"no ready line from {self.cmd}: stdout={lines!r} "
                f"stderr={self.stderr()!r} rc={self.proc.returncode}")

    _seen_at = None

    def _first_seen(self, lines):
        if self._seen_at is None:
            self._seen_at = time.monotonic()
        return self._seen_at

    def addr(self, kind="tcp"):
        for k, text in self.ready:
            if k == kind:
                return text
        raise AssertionError(f"no {kind} listener in {self.ready}")

    def hostport(self, kind="tcp"):
        host, port = split_hostport(self.addr(kind))
        if host in ("0.0.0.0",):
            host = "127.0.0.1"
        if host in ("::",):
            host = "::1"
        return host, port

    def addrs(self, kind):
        """Every listener of that kind, in the order printed."""
        return [text for k, text in self.ready if k == kind]

    def wait_stderr(self, predicate, timeout=WAIT):
        """Wait until predicate(stderr text) holds; the text, or None if it
        did not within timeout."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.stderr()
            if predicate(text):
                return text
            if time.monotonic() > deadline or (
                    self.proc.poll() is not None and not self._err_thread.is_alive()):
                return None
            time.sleep(0.02)

    def terminate(self):
        """SIGTERM, as a service manager or kill(1) stops it."""
        self.proc.send_signal(signal.SIGTERM)

    def interrupt(self):
        """SIGINT, as Ctrl-C in a terminal (wine turns it into CTRL_C_EVENT)."""
        self.proc.send_signal(signal.SIGINT)

    def wait(self, timeout=WAIT):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)

    def close(self):
        if self.proc.poll() is None:
            self.interrupt()
            if self.wait(5) is None:
                self.kill()
        self._err_thread.join(timeout=WAIT)
        for f in (self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_client(*args, stdin=b"", timeout=WAIT * 3, cmd=None):
    """Run xsock-echo-client to completion: (exit code, stdout, stderr)."""
    full = (cmd or program("XS_CLIENT")) + list(args)
    p = subprocess.run(full, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout,
                       env=program_env())
    return p.returncode, p.stdout, p.stderr.decode(errors="replace")


def run_addr(*args, timeout=WAIT * 12, stdout=None):
    """Run xsock-addr to completion: (exit code, stdout, stderr), both as
    text with the "\r" of a Windows console removed (stdout None when the
    caller passes a file of its own). Its output must be UTF-8: anything
    else raises. The output goes through temporary files, not pipes: a
    wineserver started by the program inherits its handles and lives on
    for seconds after it, and a pipe would stay open until then."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.run(program("XS_ADDR") + list(args),
                           stdin=subprocess.DEVNULL,
                           stdout=stdout if stdout is not None else out,
                           stderr=err, timeout=timeout, env=program_env())
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8").replace("\r", "") \
            if stdout is None else None
        return (p.returncode, text,
                err.read().decode(errors="replace").replace("\r", ""))


class Client:
    """A running xsock-echo-client whose stdin is fed by the test and whose
    stdout is read as it arrives (a thread collects it). Use as a context
    manager; it is killed at exit if still running."""

    def __init__(self, *args, cmd=None):
        full = (cmd or program("XS_CLIENT")) + list(args)
        self.proc = subprocess.Popen(
            full, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=program_env())
        self._out = []
        self._err = []
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._drain, args=(self.proc.stdout, self._out), daemon=True),
            threading.Thread(target=self._drain, args=(self.proc.stderr, self._err), daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _drain(self, pipe, chunks):
        fd = pipe.fileno()
        while True:
            try:
                b = os.read(fd, 65536)
            except OSError:
                return
            if not b:
                return
            with self._lock:
                chunks.append(b)

    def stdout(self):
        with self._lock:
            return b"".join(self._out)

    def stderr(self):
        with self._lock:
            return b"".join(self._err).decode(errors="replace")

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close_stdin(self):
        self.proc.stdin.close()

    def wait_stdout(self, expected, timeout=WAIT):
        """Wait until stdout is at least as long as expected; stdout."""
        deadline = time.monotonic() + timeout
        while len(self.stdout()) < len(expected) and time.monotonic() < deadline:
            if self.proc.poll() is not None and not self._threads[0].is_alive():
                break
            time.sleep(0.02)
        return self.stdout()

    def wait(self, timeout=WAIT):
        """Exit code once it ended and its output is read; None on timeout."""
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        for t in self._threads:
            t.join(timeout=WAIT)
        return rc

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
        for t in self._threads:
            t.join(timeout=WAIT)
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def have_ipv6():
    """Can this host bind ::1? (Not every container has IPv6.)"""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def tcp_connect(host, port, timeout=WAIT):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect((host, port))
    return s


def recv_exactly(s, n):
    chunks = []
    got = 0
    while got < n:
        b = s.recv(min(65536, n - got))
        if not b:
            break
        chunks.append(b)
        got += len(b)
    return b"".join(chunks)


def recv_until_eof(s, limit=64 << 20):
    chunks = []
    total = 0
    while total < limit:
        b = s.recv(65536)
        if not b:
            break
        chunks.append(b)
        total += len(b)
    return b"".join(chunks)


def echo_exchange(s, data, half_close=False):
    """Send data on the TCP socket s from a thread while this thread reads
    the echo, so that no kernel buffer size matters (sending all before
    reading deadlocks once the buffers both ways are full). With
    half_close, shut down the sending side after the data and read until
    the server closes. Returns the bytes read."""
    errors = []

    def sender():
        try:
            s.sendall(data)
            if half_close:
                s.shutdown(socket.SHUT_WR)
        except OSError as e:
            errors.append(e)

    t = threading.Thread(target=sender, daemon=True)
    t.start()
    try:
        if half_close:
            got = recv_until_eof(s, limit=len(data) + 1)
        else:
            got = recv_exactly(s, len(data))
    finally:
        t.join(WAIT)
    if errors:
        raise errors[0]
    if t.is_alive():
        raise AssertionError("sending did not finish")
    return got


def vm_rss_kib(pid):
    """Resident memory of Linux process pid in KiB (VmRSS in
    /proc/PID/status), or None where there is no such file."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def udp_echo(host, port, payload, timeout=WAIT):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(payload, (host, port))
        data, _ = s.recvfrom(70000)
        return data


def pattern(n, seed=0):
    return bytes((i * 131 + seed * 7 + (i >> 8)) & 0xFF for i in range(n))


def temp_unix_path(tag):
    d = tempfile.gettempdir()
    path = os.path.join(d, f"xs-app-{os.getpid()}-{tag}.sock")
    if os.path.exists(path):
        os.remove(path)
    return path


def main():
    """Run the calling module's tests; exit 0 if they passed (some may be
    skipped, each with its reason printed), 1 on a failure, 77 (CTest's
    "skipped") if every test was skipped."""
    import sys
    import __main__
    suite = unittest.defaultTestLoader.loadTestsFromModule(__main__)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    for test, reason in result.skipped:
        print(f"SKIP: {test.id()}: {reason}")
    if not result.wasSuccessful():
        sys.exit(1)
    if result.testsRun > 0 and len(result.skipped) == result.testsRun:
        sys.exit(77)
    sys.exit(0)
