# SPDX-License-Identifier: MIT
"""Across the two systems: the Windows server under wine with the Linux
client, and the Linux server with the Windows client under wine, TCP and
UDP; and the Windows programs need nothing but system DLLs (and, in a
shared build, the xsock DLL beside them). Runs in the Windows build's
tests (XS_EMULATOR = wine) and needs the Linux build's programs
(XS_NATIVE_BIN, built by the linux leg first)."""
import os
import shutil
import subprocess
import unittest

import xsapp
from xsapp import Server


def native(name):
    folder = os.environ.get("XS_NATIVE_BIN", "")
    path = os.path.join(folder, name)
    if not folder or not os.path.exists(path):
        raise unittest.SkipTest(
            f"the Linux build's {name} is not at {path!r}: build the linux "
            "preset first (ci/test.sh does)")
    return [path]


class CrossTest(unittest.TestCase):

    def setUp(self):
        if not xsapp.on_wine():
            self.skipTest("cross-OS tests run in the Windows build under wine")

    def exchange(self, server_cmd, client_cmd):
        with Server("-l", "127.0.0.1:0", "-q", cmd=server_cmd) as srv:
            rc, out, err = xsapp.run_client("-n", "100", "-s", "1500", srv.addr(), cmd=client_cmd)
            self.assertEqual(rc, 0, err)
            rc, out, err = xsapp.run_client("-u", "-n", "50", "-s", "1200", srv.addr("udp"), cmd=client_cmd)
            self.assertEqual(rc, 0, err)
            text = b"across systems\n" * 100
            rc, out, err = xsapp.run_client(srv.addr(), stdin=text, cmd=client_cmd)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, text)

    def test_windows_server_linux_client(self):
        self.exchange(xsapp.program("XS_SERVER"), native("xsock-echo-client"))

    def test_linux_server_windows_client(self):
        self.exchange(native("xsock-echo-server"), xsapp.program("XS_CLIENT"))


# What every Windows machine has; anything else would have to be shipped.
SYSTEM_DLLS = {"advapi32.dll", "iphlpapi.dll", "kernel32.dll", "msvcrt.dll",
               "ntdll.dll", "ws2_32.dll"}


def imported_dlls(objdump, path):
    out = subprocess.run([objdump, "-p", path], capture_output=True,
                         text=True, check=True).stdout
    return {line.split()[-1].lower() for line in out.splitlines()
            if "DLL Name:" in line}


class WindowsProgramsTest(unittest.TestCase):
    """The Windows programs run on a machine with nothing installed: they
    import only system DLLs (no libgcc or winpthread DLL), and in a shared
    build (XS_SHARED=ON) libxsock.dll too, which lies beside them and
    itself imports only system DLLs."""

    def test_only_system_dlls(self):
        if not xsapp.on_wine():
            self.skipTest("checks the Windows build's programs")
        objdump = shutil.which("x86_64-w64-mingw32-objdump")
        if objdump is None:
            self.skipTest("x86_64-w64-mingw32-objdump not found")
        allowed = set(SYSTEM_DLLS)
        if os.environ.get("XS_SHARED") == "ON":
            allowed.add("libxsock.dll")
        for name in ("XS_SERVER", "XS_CLIENT"):
            path = os.environ[name]
            dlls = imported_dlls(objdump, path)
            self.assertTrue(dlls, f"no imports read from {path}")
            self.assertLessEqual(dlls, allowed, f"{path} needs {dlls - allowed}")
            if "libxsock.dll" in dlls:
                lib = os.path.join(os.path.dirname(path), "libxsock.dll")
                self.assertTrue(os.path.isfile(lib), f"{lib} is not beside {path}")
                extra = imported_dlls(objdump, lib) - SYSTEM_DLLS
                self.assertFalse(extra, f"{lib} needs {extra}")


if __name__ == "__main__":
    xsapp.main()
