# SPDX-License-Identifier: MIT
"""The oracle for xsock-addr (and so for include/xsock/ipnet.h): thousands
of random IPv4 and IPv6 addresses and prefixes, drawn with a fixed seed
(printed; XS_ORACLE_SEED chooses another) and biased towards the edge
prefix lengths and towards every special range of the scope list, are shown
by `xsock-addr --json` in batches, and every field is compared with what
Python's ipaddress module says. The scopes are computed here from the
ranges of the issue, with ipaddress's overlaps() and subnet_of(), not from
the C code. --contains, --split and --summarize are compared with
subnet_of(), subnets() and collapse_addresses(); mutated address texts
check that each is either shown correctly or refused with exit 2 and its
name on stderr. A few table cases cover MAC addresses, ports, services and
URLs. Every mismatch is printed with its input; any one fails the test.

Only the standard library. Command lines stay well under Windows' 32767
characters (BATCH_CHARS), so the same batches run under wine."""
import collections
import ipaddress
import json
import os
import random
import sys
import time
import unittest

import xsapp

SEED = int(os.environ.get("XS_ORACLE_SEED", "20261201"))
COUNT = 4000  # random texts per family for the field-by-field comparison
BATCH_CHARS = 12000  # characters of arguments per run: Windows allows 32767
LINE_MAX = 600  # characters printed of one mismatch (its input comes first)

V4, V6 = 4, 6
BITS = {V4: 32, V6: 128}
EDGES = {V4: [0, 1, 7, 8, 9, 15, 16, 24, 30, 31, 32],
         V6: [0, 1, 7, 8, 9, 15, 16, 24, 30, 31, 32, 63, 64, 127, 128]}

# The special ranges of the issue, in its order; "global" is what lies
# outside all of them.
SCOPE_ORDER = ["unspecified", "loopback", "private", "unique-local",
               "link-local", "multicast", "shared", "documentation",
               "broadcast", "reserved", "ipv4-mapped", "global"]
_N = ipaddress.ip_network
SCOPES = {
    V4: {
        "unspecified": [_N("0.0.0.0/32")],
        "loopback": [_N("127.0.0.0/8")],
        "private": [_N("10.0.0.0/8"), _N("172.16.0.0/12"),
                    _N("192.168.0.0/16")],
        "link-local": [_N("169.254.0.0/16")],
        "multicast": [_N("224.0.0.0/4")],
        "shared": [_N("100.64.0.0/10")],
        "documentation": [_N("192.0.2.0/24"), _N("198.51.100.0/24"),
                          _N("203.0.113.0/24")],
        "broadcast": [_N("255.255.255.255/32")],
        # 240.0.0.0/4 less 255.255.255.255
        "reserved": sorted(_N("240.0.0.0/4").address_exclude(
            _N("255.255.255.255/32"))),
    },
    V6: {
        "unspecified": [_N("::/128")],
        "loopback": [_N("::1/128")],
        "unique-local": [_N("fc00::/7")],
        "link-local": [_N("fe80::/10")],
        "multicast": [_N("ff00::/8")],
        "documentation": [_N("2001:db8::/32")],
        "ipv4-mapped": [_N("::ffff:0:0/96")],
    },
}
MAPPED = _N("::ffff:0:0/96")
# RFC 4291 2.7 and RFC 7346: the scope field of an IPv6 multicast address.
MC_SCOPES = {0: "reserved", 1: "interface-local", 2: "link-local",
             3: "realm-local", 4: "admin-local", 5: "site-local",
             8: "organization-local", 14: "global", 15: "reserved"}
# The ranges to draw addresses in and around: every special range, with
# the whole 240.0.0.0/4 in place of its reserved pieces.
ANCHORS = {
    V4: [n for name, nets in SCOPES[V4].items() if name != "reserved"
         for n in nets] + [_N("240.0.0.0/4")],
    V6: [n for nets in SCOPES[V6].values() for n in nets],
}


# ---- what the answer must be -------------------------------------------

def canon(a):
    """RFC 5952 text of an address: Python's, except that an IPv4-mapped
    address is written ::ffff:a.b.c.d (RFC 5952 section 5)."""
    if a.version == 6 and a in MAPPED:
        return "::ffff:" + str(ipaddress.IPv4Address(int(a) & 0xFFFFFFFF))
    return str(a)


def parse_input(text):
    """(address, prefix length) of 'addr' or 'addr/len'."""
    addr_text, slash, len_text = text.partition("/")
    a = ipaddress.ip_address(addr_text)
    return a, int(len_text) if slash else a.max_prefixlen


def scopes_of(net):
    """Every special range net overlaps, in the issue's order, plus
    "global" if some of its addresses lie outside all of them."""
    if net.version == 6 and net.subnet_of(MAPPED):
        return ["ipv4-mapped"]
    v = net.version
    names, inside = [], 0
    covered = False
    for name in SCOPE_ORDER:
        hit = False
        for r in SCOPES[v].get(name, []):
            if not net.overlaps(r):
                continue
            hit = True
            if net.subnet_of(r):
                covered = True
            else:  # prefixes nest or are disjoint: r lies within net
                inside += r.num_addresses
        if hit:
            names.append(name)
    if not covered and inside < net.num_addresses:
        names.append("global")
    return names


def expect_ip(text):
    """The object xsock-addr --json must print for an address or prefix."""
    a, plen = parse_input(text)
    net = ipaddress.ip_network((a, plen), strict=False)
    v4 = a.version == 4
    first, last = net.network_address, net.broadcast_address
    if v4 and plen == 32:
        count = 1
    elif v4 and plen == 31:
        count = 2
    elif v4:
        first, last = first + 1, last - 1
        count = net.num_addresses - 2
    else:
        count = net.num_addresses
    e = {
        "input": text,
        "kind": "ipv4" if v4 else "ipv6",
        "address": canon(a),
        "prefix_len": plen,
        "network": canon(net.network_address),
        "cidr": f"{canon(net.network_address)}/{plen}",
        "netmask": canon(net.netmask),
        "first_host": canon(first),
        "last_host": canon(last),
        "host_count": str(count),
        "scopes": scopes_of(net),
    }
    if v4:
        e["broadcast"] = None if plen >= 31 else str(net.broadcast_address)
        top = int(a) >> 24
        e["class"] = ("A" if top < 128 else "B" if top < 192 else
                      "C" if top < 224 else "D" if top < 240 else "E")
    elif int(a) >> 120 == 0xFF:
        e["multicast_scope"] = MC_SCOPES.get((int(a) >> 112) & 0xF,
                                             "unassigned")
    return e


def compare(expected, got, where):
    """Mismatch lines between two objects: every expected key, and
    multicast_scope present only where expected."""
    out = []
    for k, v in expected.items():
        if k not in got:
            out.append(f"{where}: key {k!r} missing (expected {v!r})")
        elif got[k] != v or type(got[k]) is not type(v):
            out.append(f"{where}: {k}: got {got[k]!r}, expected {v!r}")
    if "multicast_scope" in got and "multicast_scope" not in expected:
        out.append(f"{where}: unexpected multicast_scope "
                   f"{got['multicast_scope']!r}")
    return out


# ---- random inputs -------------------------------------------------------

def rand_len(rng, v, near=None):
    r = rng.random()
    if near is not None and r < 0.3:
        return max(0, min(BITS[v], near + rng.randint(-2, 2)))
    if r < 0.75:
        return rng.choice(EDGES[v])
    return rng.randint(0, BITS[v])


def rand_addr(rng, v):
    """(address as an int, a nearby range's length or None): uniform, in or
    around a special range (first, last, one outside either end, inside),
    or a structured pattern (all zeros, all ones, one bit)."""
    bits = BITS[v]
    top = (1 << bits) - 1
    r = rng.random()
    if r < 0.35:
        return rng.getrandbits(bits), None
    if r < 0.9:
        n = rng.choice(ANCHORS[v])
        lo, hi = int(n.network_address), int(n.broadcast_address)
        x = rng.choice([lo, hi, lo - 1, hi + 1, rng.randint(lo, hi),
                        rng.randint(lo, hi),
                        lo + rng.randint(-(1 << 12), 1 << 12)])
        return max(0, min(top, x)), n.prefixlen
    k = rng.randrange(bits)
    return rng.choice([0, top, 1 << k, top ^ (1 << k), (1 << k) - 1,
                       top - ((1 << k) - 1)]), None


def addr_text(rng, v, x):
    """The text of address x in one of the forms the library reads: RFC
    5952, exploded with leading zeros, upper case, or with the last 32 bits
    dotted."""
    if v == V4:
        return str(ipaddress.IPv4Address(x))
    a = ipaddress.IPv6Address(x)
    r = rng.random()
    if r < 0.6:
        return canon(a)
    if r < 0.75:
        return a.exploded
    if r < 0.85:
        return canon(a).upper()
    groups = a.exploded.split(":")[:6]
    return ":".join(groups) + ":" + str(ipaddress.IPv4Address(x & 0xFFFFFFFF))


def rand_prefix_text(rng, v):
    x, near = rand_addr(rng, v)
    text = addr_text(rng, v, x)
    if rng.random() < 0.15:
        return text  # an address alone: /32 or /128
    return f"{text}/{rand_len(rng, v, near)}"


def batches(items, reserve=0):
    """Lists of items whose command line stays within BATCH_CHARS."""
    batch, size = [], reserve
    for it in items:
        if batch and size + len(it) + 3 > BATCH_CHARS:
            yield batch
            batch, size = [], reserve
        batch.append(it)
        size += len(it) + 3  # a space, and quotes if the system adds them
    if batch:
        yield batch


def parse_lines(out, where, problems):
    objs = []
    for i, line in enumerate(out.splitlines()):
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            problems.append(f"{where}: line {i + 1} is not JSON ({e}): {line!r}")
    return objs


class Oracle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        xsapp.program("XS_ADDR")  # skips when not run through CTest
        print(f"oracle seed {SEED} (XS_ORACLE_SEED to change)", flush=True)

    def setUp(self):
        self.rng = random.Random(f"{SEED}-{self._testMethodName}")
        self.problems = []
        self.runs = 0
        self.checked = 0
        self.t0 = time.monotonic()

    def tearDown(self):
        print(f"  {self._testMethodName}: {self.checked} checks in "
              f"{self.runs} runs, {time.monotonic() - self.t0:.1f} s",
              flush=True)

    def run_json(self, args, where):
        """Run xsock-addr --json ARGS; the objects, or None (problem noted)
        when it did not exit 0 silently."""
        self.runs += 1
        rc, out, err = xsapp.run_addr("--json", *args)
        objs = parse_lines(out, where, self.problems)
        if rc != 0 or err:
            self.problems.append(f"{where}: exit {rc}, stderr {err.strip()!r}")
            return None
        return objs

    def finish(self):
        for p in self.problems:
            print("MISMATCH " + (p if len(p) <= LINE_MAX
                                 else p[:LINE_MAX] + "..."))
        if self.problems:
            self.fail(f"{len(self.problems)} mismatches (seed {SEED})")

    def check_objects(self, texts, objs, where):
        if objs is None:
            return
        if len(objs) != len(texts):
            self.problems.append(f"{where}: {len(objs)} objects for "
                                 f"{len(texts)} inputs")
            return
        for text, got in zip(texts, objs):
            self.problems += compare(expect_ip(text), got, text)
            self.checked += 1

    # ---- the tests ---------------------------------------------------------

    def test_ipv4_fields(self):
        self._fields(V4)

    def test_ipv6_fields(self):
        self._fields(V6)

    def _fields(self, v):
        texts = [rand_prefix_text(self.rng, v) for _ in range(COUNT)]
        # Every edge length of every special range, exactly.
        for nets in SCOPES[v].values():
            for n in nets[:4]:
                for plen in EDGES[v]:
                    texts.append(f"{canon(n.network_address)}/{plen}")
        for batch in batches(texts):
            self.check_objects(batch, self.run_json(["--"] + batch, batch[0]),
                               f"batch from {batch[0]}")
        seen = collections.Counter()
        for t in texts:
            seen.update(expect_ip(t)["scopes"])
        print(f"  scopes drawn: {dict(seen)}")
        self.finish()

    def test_contains(self):
        for _ in range(12):
            v = self.rng.choice([V4, V6])
            outer = rand_prefix_text(self.rng, v)
            oa, olen = parse_input(outer)
            onet = ipaddress.ip_network((oa, olen), strict=False)
            args = [self._inner(onet) for _ in range(300)]
            objs = self.run_json(["--contains", outer, "--"] + args, outer)
            if objs is None:
                continue
            if len(objs) != len(args):
                self.problems.append(f"--contains {outer}: {len(objs)} "
                                     f"objects for {len(args)} inputs")
                continue
            prefix = f"{canon(oa)}/{olen}"
            for arg, got in zip(args, objs):
                a, plen = parse_input(arg)
                inner = ipaddress.ip_network((a, plen), strict=False)
                want = {"input": arg, "prefix": prefix,
                        "contains": inner.version == onet.version
                        and inner.subnet_of(onet)}
                self.problems += compare(want, got, f"--contains {outer} {arg}")
                self.checked += 1
        self.finish()

    def _inner(self, onet):
        """An address or prefix in, at the edge of, or outside onet."""
        rng = self.rng
        v = onet.version
        bits = BITS[v]
        lo, hi = int(onet.network_address), int(onet.broadcast_address)
        r = rng.random()
        if r < 0.15:
            return rand_prefix_text(rng, V6 if v == V4 else V4)
        if r < 0.3:
            return rand_prefix_text(rng, v)
        x = rng.choice([lo, hi, max(0, lo - 1), min((1 << bits) - 1, hi + 1),
                        rng.randint(lo, hi), rng.randint(lo, hi)])
        plen = rng.choice([rng.randint(onet.prefixlen, bits),
                           rng.randint(0, bits), onet.prefixlen,
                           max(0, onet.prefixlen - 1), bits])
        text = addr_text(rng, v, x)
        return text if plen == bits and rng.random() < 0.5 else f"{text}/{plen}"

    def test_split(self):
        cases = []
        for _ in range(36):
            v = self.rng.choice([V4, V6])
            p = rand_prefix_text(self.rng, v)
            plen = parse_input(p)[1]
            k = min(BITS[v] - plen, self.rng.choice([0, 1, 2, 3, 5, 8]))
            cases.append((p, plen + k))
        cases += [("10.0.0.0/8", 20), ("255.255.255.0/24", 32),
                  ("::ffff:192.0.2.0/120", 128), ("ff02::/16", 20),
                  ("0.0.0.0/0", 1), ("::/0", 4), ("192.0.2.77/31", 32)]
        for p, new in cases:
            objs = self.run_json(["--split", str(new), p], f"--split {new} {p}")
            if objs is None:
                continue
            a, plen = parse_input(p)
            net = ipaddress.ip_network((a, plen), strict=False)
            want = [f"{canon(s.network_address)}/{new}"
                    for s in net.subnets(new_prefix=new)]
            got = [o.get("cidr") for o in objs]
            if got != want:
                self.problems.append(f"--split {new} {p}: got {got[:4]}... "
                                     f"({len(got)}), expected {want[:4]}... "
                                     f"({len(want)})")
                continue
            self.check_objects(want, objs, f"--split {new} {p}")
        self.finish()

    def test_split_limit(self):
        """2^16 subnets are printed, 2^17 refused (exit 2, the value named);
        a length shorter than the prefix's is refused."""
        self.runs += 1
        rc, out, err = xsapp.run_addr("--json", "--split", "32", "10.1.0.0/16")
        lines = out.splitlines()
        ends = [json.loads(lines[i]).get("cidr") for i in (0, -1)] \
            if len(lines) == 65536 else None
        if rc != 0 or err or ends != ["10.1.0.0/32", "10.1.255.255/32"]:
            self.problems.append(f"--split 32 10.1.0.0/16: exit {rc}, "
                                 f"{len(lines)} lines, ends {ends}, "
                                 f"stderr {err!r}")
        for args, named in ((["--split", "17", "::/0"], "'17'"),
                            (["--split", "/128", "2001:db8::/64"], "'/128'"),
                            (["--split", "23", "10.0.0.0/24"], "'23'"),
                            (["--split", "33", "10.0.0.0/24"], "'33'"),
                            (["--split", "24", "10.0.0.0/33"], "'10.0.0.0/33'")):
            self.runs += 1
            rc, out, err = xsapp.run_addr(*args)
            if rc != 2 or out or named not in err:
                self.problems.append(f"{args}: exit {rc}, stdout {out[:80]!r}, "
                                     f"stderr {err!r} (want 2, naming {named})")
            self.checked += 1
        self.finish()

    def test_summarize(self):
        for _ in range(36):
            args = self._cluster()
            objs = self.run_json(["--summarize", "--"] + args,
                                 f"--summarize {' '.join(args[:3])}...")
            if objs is None:
                continue
            nets = {V4: [], V6: []}
            for arg in args:
                a, plen = parse_input(arg)
                nets[a.version].append(ipaddress.ip_network((a, plen),
                                                            strict=False))
            want = [f"{canon(n.network_address)}/{n.prefixlen}"
                    for v in (V4, V6)
                    for n in ipaddress.collapse_addresses(nets[v])]
            got = [o.get("cidr") for o in objs]
            if got != want:
                self.problems.append(f"--summarize {' '.join(args)}: got "
                                     f"{got}, expected {want}")
                continue
            self.check_objects(want, objs, "--summarize")
        self.finish()

    def _cluster(self):
        """Prefixes in one or two small regions: nested, duplicated,
        adjacent halves, single addresses, of one or both families."""
        rng = self.rng
        out = []
        for v in rng.choice([[V4], [V6], [V4, V6], [V6, V4]]):
            bits = BITS[v]
            base_len = rng.randint(0, bits - 4) if v == V4 else rng.choice(
                [0, 8, 32, 48, 64, 96, 112, 120, 124])
            x, _ = rand_addr(rng, v)
            base = ipaddress.ip_network((x, base_len), strict=False)
            for _ in range(rng.randint(1, 30)):
                plen = min(bits, base_len + rng.randint(0, 8))
                y = rng.randint(int(base.network_address),
                                int(base.broadcast_address))
                sub = ipaddress.ip_network((y, plen), strict=False)
                r = rng.random()
                if r < 0.25 and plen < bits:  # both halves
                    out += [str(s) for s in sub.subnets()]
                elif r < 0.35:
                    out += [str(sub), str(sub)]
                elif r < 0.5:
                    out.append(addr_text(rng, v, y))  # an address
                else:
                    out.append(f"{addr_text(rng, v, y)}/{plen}")  # host bits
        rng.shuffle(out)
        return out

    def test_mutations(self):
        """Texts near valid ones (a character deleted, doubled, replaced,
        a length changed): each is shown correctly or refused with exit 2
        and named on stderr, never anything else. The IP texts Python
        reads in the library's strict form (no zone, no netmask, a length
        without leading zeros, IPv4 as a dotted quad without leading zeros)
        must not be refused."""
        alphabet = "0123456789abcdefABCDEF:./-x%"
        texts = []
        for _ in range(1500):
            t = list(rand_prefix_text(self.rng, self.rng.choice([V4, V6])))
            for _ in range(self.rng.randint(1, 2)):
                i = self.rng.randrange(len(t) + 1)
                op = self.rng.randrange(3)
                if op == 0 and i < len(t):
                    del t[i]
                elif op == 1:
                    t.insert(i, self.rng.choice(alphabet))
                elif i < len(t):
                    t[i] = self.rng.choice(alphabet)
            text = "".join(t)
            if text and not text.startswith("-"):
                texts.append(text)
        kinds = collections.Counter()
        for batch in batches(texts):
            self.runs += 1
            rc, out, err = xsapp.run_addr("--json", "--", *batch)
            objs = parse_lines(out, f"batch from {batch[0]}", self.problems)
            shown = {o.get("input") for o in objs}
            if rc not in (0, 2) or (rc == 0) != (len(shown) == len(set(batch))):
                self.problems.append(f"batch from {batch[0]}: exit {rc} with "
                                     f"{len(objs)} objects for {len(batch)}")
            for o in objs:
                if o.get("kind") in ("ipv4", "ipv6"):
                    self._check_shown_ip(o)
            for text in set(batch) - shown:
                if f"'{text}'" not in err:
                    self.problems.append(f"{text!r}: refused, not named in "
                                         f"stderr")
                elif self._strict_ip(text):
                    self.problems.append(f"{text!r}: refused, but it is a "
                                         f"valid address or prefix")
            self.checked += len(batch)
            kinds.update(o.get("kind") for o in objs)
            kinds["refused"] += len(set(batch) - shown)
        print(f"  mutations: {dict(kinds)}")
        self.finish()

    def _check_shown_ip(self, o):
        text = o.get("input")
        try:
            want = expect_ip(text)
        except ValueError:
            self.problems.append(f"{text!r}: shown as {o.get('kind')}, but "
                                 f"Python does not read it")
            return
        self.problems += compare(want, o, text)

    @staticmethod
    def _strict_ip(text):
        """Is text an address or prefix in the library's strict syntax
        (include/xsock/ipnet.h) that Python reads too?"""
        addr, slash, plen = text.partition("/")
        if "%" in addr or (slash and (not plen.isdigit() or len(plen) > 3 or
                                      (len(plen) > 1 and plen[0] == "0"))):
            return False
        if ":" not in addr and not all(
                p.isdigit() and (p == "0" or p[0] != "0")
                for p in addr.split(".")):
            return False
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            return False
        return True


class Tables(unittest.TestCase):
    """MAC addresses, ports, services, URLs, the detection order and the
    bad-input contract, case by case."""

    def one(self, arg):
        rc, out, err = xsapp.run_addr("--json", "--", arg)
        self.assertEqual((rc, err), (0, ""), arg)
        objs = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(len(objs), 1, out)
        self.assertEqual(objs[0]["input"], arg)
        return objs[0]

    def test_mac(self):
        for text, mac in (("00:50:56:c0:00:01", "00:50:56:c0:00:01"),
                          ("01-00-5E-00-00-FB", "01:00:5e:00:00:fb"),
                          ("0200.0000.0001", "02:00:00:00:00:01"),
                          ("FF:FF:FF:FF:FF:FF", "ff:ff:ff:ff:ff:ff"),
                          ("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff")):
            b = bytes.fromhex(mac.replace(":", ""))
            o = self.one(text)
            self.assertEqual(o["kind"], "mac")
            self.assertEqual(o["mac"], mac)
            self.assertEqual(o["oui"], mac[:8])
            self.assertEqual(o["nic"], mac[9:])
            self.assertIs(o["multicast"], bool(b[0] & 1), text)
            self.assertIs(o["local"], bool(b[0] & 2), text)

    def test_port(self):
        for port, rng_name in ((0, "well-known"), (1023, "well-known"),
                               (1024, "registered"), (49151, "registered"),
                               (49152, "dynamic"), (65535, "dynamic")):
            o = self.one(str(port))
            self.assertEqual((o["kind"], o["port"], o["range"]),
                             ("port", port, rng_name))
            self.assertIsInstance(o["services"], list)
        for port, name, protos in ((22, "ssh", ["tcp"]), (80, "http", ["tcp"]),
                                   (443, "https", ["tcp", "udp"]),
                                   (53, "domain", ["tcp", "udp"])):
            o = self.one(str(port))
            for proto in protos:
                self.assertIn({"name": name, "protocol": proto},
                              o["services"], port)
        self.assertEqual(self.one("080")["port"], 80)

    def test_service(self):
        for text, name, port, protos in (
                ("https", "https", 443, ["tcp", "udp"]),
                ("ssh", "ssh", 22, ["tcp"]),
                ("ntp", "ntp", 123, ["udp"]),
                ("HTTP", "http", 80, ["tcp"]),
                ("domain", "domain", 53, ["tcp", "udp"])):
            o = self.one(text)
            self.assertEqual((o["kind"], o["name"], o["port"], o["protocols"]),
                             ("service", name, port, protos))

    def test_url(self):
        for text, scheme, host, port, path in (
                ("http://example.com", "http", "example.com", 80, "/"),
                ("HTTPS://Example.COM:8443/a/b?x=1#top", "https",
                 "example.com", 8443, "/a/b?x=1#top"),
                ("ftp://192.0.2.1/pub", "ftp", "192.0.2.1", 21, "/pub"),
                ("ssh://[2001:DB8::1]:2222", "ssh", "2001:db8::1", 2222, "/"),
                ("http://[fe80::1%25eth0]/", "http", "fe80::1%eth0", 80, "/"),
                ("http://h?x", "http", "h", 80, "/?x"),
                ("xsock-nothing://host", "xsock-nothing", "host", None, "/")):
            o = self.one(text)
            self.assertEqual(
                (o["kind"], o["scheme"], o["host"], o["port"], o["path"]),
                ("url", scheme, host, port, path))

    def test_detection_order(self):
        for text, kind in (("80", "port"), ("00:11:22:33:44:55", "mac"),
                           ("0050.56c0.0001", "mac"),
                           ("00:11:22:33:44:55:66:77", "ipv6"),
                           ("::", "ipv6"), ("1.2.3.4", "ipv4"),
                           ("1.2.3.4/0", "ipv4"), ("http", "service"),
                           ("http://x", "url"), ("65535", "port")):
            self.assertEqual(self.one(text)["kind"], kind, text)

    def test_bad_input_exit_2_naming_it(self):
        for arg in ("", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/08", "1.2.3",
                    "010.0.0.1", "::1/129", "fe80::1%eth0", "1:2:3:4:5:6",
                    "00:11:22:33:44", "99999", "http://user@host/",
                    "http://[::1/", "no-such-service-xyz", "1.2.3.4 ",
                    "10.0.0.0/255.0.0.0"):
            rc, out, err = xsapp.run_addr("--json", "--", arg)
            self.assertEqual(rc, 2, arg)
            self.assertEqual(out, "", arg)
            self.assertIn(f"'{arg}'", err, arg)
            self.assertTrue(err.startswith("xsock-addr: "), err)

    def test_bad_arg_among_good_ones(self):
        rc, out, err = xsapp.run_addr("--json", "10.0.0.1", "bogus!", "80")
        self.assertEqual(rc, 2)
        self.assertEqual([json.loads(x)["input"] for x in out.splitlines()],
                         ["10.0.0.1", "80"])
        self.assertIn("'bogus!'", err)

    def test_usage_errors(self):
        for args, named in (([], "ARG"), (["--bogus"], "'--bogus'"),
                            (["--split"], "'--split'"),
                            (["--split", "24"], "PREFIX"),
                            (["--contains", "10.0.0.0/8"], "'--contains'"),
                            (["--contains", "x", "10.0.0.1"], "'x'"),
                            (["--summarize"], "'--summarize'"),
                            (["--summarize", "10.0.0.0/8", "y"], "'y'"),
                            (["--interfaces", "z"], "'z'"),
                            (["--resolve", "a", "--interfaces"], "'--resolve'"),
                            (["--resolve", ""], "''"),
                            (["--json=1"], "'--json'")):
            rc, out, err = xsapp.run_addr(*args)
            self.assertEqual((rc, out), (2, ""), args)
            self.assertIn(named, err, args)


if __name__ == "__main__":
    t0 = time.monotonic()
    try:
        xsapp.main()
    finally:
        print(f"oracle: {time.monotonic() - t0:.1f} s in all", file=sys.stderr)
