# SPDX-License-Identifier: MIT
"""xsock-addr as a user runs it: the text output (aligned "key: value"
lines, a blank line between ARGs), --help and --version, --interfaces
(the loopback interface is there), --resolve localhost, and a failed
write. The field values themselves are the oracle's
(test_addr_oracle.py). No network beyond loopback: the only name resolved
is localhost."""
import json
import os
import re
import unittest

import xsapp
from xsapp import run_addr

LINE_RE = re.compile(r"^([a-z_]+):( +)(\S.*)$")


def records(text):
    """The records of the text output: lists of (key, value, column)."""
    out = []
    for block in text.split("\n\n"):
        rec = []
        for line in block.splitlines():
            m = LINE_RE.match(line)
            if m:
                rec.append((m.group(1), m.group(3), m.start(3)))
            elif line.startswith(" ") and rec:  # a list's next item
                key, _, col = rec[-1]
                rec.append((key, line.strip(), len(line) - len(line.lstrip())))
            else:
                raise AssertionError(f"not a key: value line: {line!r}")
        out.append(rec)
    return out


def fields(rec):
    """A record as a dict; a key met again (a list) holds a list."""
    d = {}
    for key, value, _ in rec:
        if key in d:
            d[key] = (d[key] if isinstance(d[key], list) else [d[key]]) + [value]
        else:
            d[key] = value
    return d


class Text(unittest.TestCase):
    def test_aligned_records_with_a_blank_line_between(self):
        rc, out, err = run_addr("192.0.2.77/24", "00-50-56-C0-00-01", "443",
                                "https", "ssh://[2001:db8::1]:2222/x")
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.endswith("\n") and not out.endswith("\n\n"), out)
        recs = records(out)
        self.assertEqual(len(recs), 5, out)
        columns = {col for rec in recs for _, _, col in rec}
        self.assertEqual(len(columns), 1, f"values not aligned: {out}")
        ip, mac, port, service, url = (fields(r) for r in recs)
        self.assertEqual(ip["input"], "192.0.2.77/24")
        self.assertEqual(ip["kind"], "ipv4")
        self.assertEqual(ip["address"], "192.0.2.77")
        self.assertEqual(ip["network"], "192.0.2.0")
        self.assertEqual(ip["netmask"], "255.255.255.0")
        self.assertEqual(ip["broadcast"], "192.0.2.255")
        self.assertEqual((ip["first_host"], ip["last_host"]),
                         ("192.0.2.1", "192.0.2.254"))
        self.assertEqual(ip["host_count"], "254")
        self.assertEqual(ip["class"], "C")
        self.assertEqual(ip["scopes"], "documentation")
        self.assertEqual((mac["mac"], mac["oui"], mac["nic"]),
                         ("00:50:56:c0:00:01", "00:50:56", "c0:00:01"))
        self.assertEqual((mac["multicast"], mac["local"]), ("no", "no"))
        self.assertEqual(port["range"], "well-known")
        self.assertIn("https/tcp", port["services"])
        self.assertEqual((service["port"], service["protocols"]),
                         ("443", "tcp udp"))
        self.assertEqual((url["host"], url["port"], url["path"]),
                         ("2001:db8::1", "2222", "/x"))

    def test_null_and_lists_in_text(self):
        rc, out, _ = run_addr("10.0.0.1", "::/0", "foo://h")
        self.assertEqual(rc, 0)
        v4, v6, url = (fields(r) for r in records(out))
        self.assertEqual(v4["broadcast"], "-")  # a /32 has none
        self.assertEqual(v6["scopes"].split(),
                         ["unspecified", "loopback", "unique-local",
                          "link-local", "multicast", "documentation",
                          "ipv4-mapped", "global"])
        self.assertEqual(url["port"], "-")

    def test_json_lines_same_fields_as_text(self):
        args = ["198.51.100.9/30", "ff05::2", "01:00:5e:00:00:01", "8080"]
        rc, out, _ = run_addr(*args)
        rc_j, out_j, _ = run_addr("--json", *args)
        self.assertEqual((rc, rc_j), (0, 0))
        objs = [json.loads(line) for line in out_j.splitlines()]
        for rec, obj in zip(records(out), objs):
            self.assertEqual(list(fields(rec)), list(obj), obj["input"])
        self.assertEqual(objs[1]["multicast_scope"], "site-local")

    def test_split_and_summarize_text(self):
        rc, out, _ = run_addr("--split", "26", "192.0.2.0/24")
        self.assertEqual(rc, 0)
        self.assertEqual([fields(r)["cidr"] for r in records(out)],
                         ["192.0.2.0/26", "192.0.2.64/26", "192.0.2.128/26",
                          "192.0.2.192/26"])
        rc, out, _ = run_addr("--summarize", "2001:db8::/33",
                              "2001:db8:8000::/33", "10.0.1.0/24",
                              "10.0.0.0/24")
        self.assertEqual(rc, 0)
        self.assertEqual([fields(r)["cidr"] for r in records(out)],
                         ["10.0.0.0/23", "2001:db8::/32"])

    def test_contains_text(self):
        rc, out, _ = run_addr("--contains", "10.0.0.0/8", "10.1.2.3", "::1")
        self.assertEqual(rc, 0)
        self.assertEqual([fields(r)["contains"] for r in records(out)],
                         ["yes", "no"])


class Info(unittest.TestCase):
    def test_help_names_every_option(self):
        rc, out, err = run_addr("--help")
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.startswith("usage: xsock-addr"), out)
        for opt in ("--json", "--contains", "--split", "--summarize",
                    "--resolve", "--interfaces", "--help", "--version"):
            self.assertIn(opt, out)
        self.assertEqual(run_addr("-h")[:2], (0, out))
        # --help wins over -V, a bad option anywhere is still a usage error
        self.assertEqual(run_addr("-V", "--help")[:2], (0, out))
        self.assertEqual(run_addr("--help", "--bogus")[0], 2)

    def test_version(self):
        for opt in ("--version", "-V"):
            rc, out, err = run_addr(opt)
            self.assertEqual((rc, err), (0, ""))
            self.assertRegex(out, r"^xsock-addr \d+\.\d+\.\d+\n$")


class System(unittest.TestCase):
    def test_interfaces_list_the_loopback(self):
        rc, out, err = run_addr("--json", "--interfaces")
        self.assertEqual((rc, err), (0, ""))
        ifs = [json.loads(line) for line in out.splitlines()]
        for i in ifs:
            self.assertEqual(set(i) >= {"name", "index", "mac", "flags",
                                        "addresses"}, True, i)
        loops = [i for i in ifs if "loopback" in i["flags"]]
        self.assertTrue(loops, f"no interface with the loopback flag: {ifs}")
        lo = loops[0]
        if not xsapp.on_wine() and os.name == "posix" and \
                os.path.exists("/sys/class/net/lo"):
            self.assertEqual(lo["name"], "lo")
        self.assertIn("up", lo["flags"])
        self.assertIn({"address": "127.0.0.1", "prefix_len": 8},
                      lo["addresses"])
        self.assertEqual([i["index"] for i in ifs],
                         sorted(i["index"] for i in ifs))
        rc, text, _ = run_addr("--interfaces")
        self.assertEqual(rc, 0)
        names = [fields(r)["name"] for r in records(text)]
        self.assertEqual(names, [i["name"] for i in ifs])

    def test_resolve_localhost(self):
        rc, out, err = run_addr("--json", "--resolve", "localhost")
        self.assertEqual((rc, err), (0, ""))
        objs = [json.loads(line) for line in out.splitlines()]
        self.assertTrue(objs)
        for o in objs:
            self.assertEqual(o["input"], "localhost")
            self.assertIn(o["kind"], ("ipv4", "ipv6"))
            self.assertIn("loopback", o["scopes"], o)
        rc, out, _ = run_addr("--resolve", "127.0.0.1")
        self.assertEqual(rc, 0)
        self.assertEqual(fields(records(out)[0])["address"], "127.0.0.1")

    def test_write_failure_exit_1(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full to make the output fail")
        with open("/dev/full", "wb") as full:
            rc, _, err = run_addr("10.0.0.0/8", stdout=full)
        self.assertEqual(rc, 1, err)
        self.assertIn("cannot write", err)


if __name__ == "__main__":
    xsapp.main()
