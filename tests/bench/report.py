#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report.py - turns the raw lines of ci/bench.sh into Markdown.

Reads the results directory that ci/bench.sh fills (runs.txt: one loadgen
line per run prefixed with server=, scenario=, round=; costs.txt: callgrind
and strace totals; machine.txt: key=value lines), takes the median of the
rounds of every metric, computes each server's ratio to the epoll baseline,
checks the targets of issue 7, and writes the Markdown to stdout (the table
part) and to the given file (everything: table, command, machine, targets,
every round's raw value). Python 3 standard library only.

Usage: report.py RESULTS_DIR OUTPUT_MD
"""
import statistics
import sys

BASE = "epoll"
SERVER_ORDER = ["xsock", "epoll", "libuv", "libevent"]
SERVER_LABEL = {
    "xsock": "xsock-echo-server (events)",
    "epoll": "epoll baseline",
    "libuv": "libuv",
    "libevent": "libevent",
}


def parse_kv(line):
    out = {}
    for tok in line.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def med(values):
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v, digits=0):
    if v is None:
        return "n/a"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def load(results):
    runs = []
    with open(f"{results}/runs.txt") as f:
        for line in f:
            if line.strip():
                runs.append(parse_kv(line))
    costs = []
    try:
        with open(f"{results}/costs.txt") as f:
            costs = [parse_kv(l) for l in f if l.strip()]
    except FileNotFoundError:
        pass
    machine = {}
    with open(f"{results}/machine.txt") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                machine[k] = v
    scen = []
    with open(f"{results}/scenarios.txt") as f:
        for line in f:
            if line.strip():
                name, title = line.rstrip("\n").split(" ", 1)
                scen.append((name, title))
    return runs, costs, machine, scen


def summarize(runs):
    """(scenario, server) -> medians and the rounds' raw values."""
    groups = {}
    for r in runs:
        groups.setdefault((r["scenario"], r["server"]), []).append(r)
    out = {}
    for key, rs in groups.items():
        ok = [r for r in rs if r.get("status", "ok") == "ok"]
        s = {"rounds": len(rs), "failed": len(rs) - len(ok)}
        for r in ok:
            cpu, secs = num(r.get("server_cpu_us")), num(r.get("secs"))
            if cpu is not None and cpu >= 0 and secs:
                r["cpu_pct"] = str(100.0 * cpu / (secs * 1e6))
        for m in ("msgs_per_s", "mb_per_s", "p50_us", "p99_us", "p999_us",
                  "cpu_us_per_msg", "cpu_pct", "loadgen_cpu_pct",
                  "rss_per_conn_b",
                  "rss_before_kb", "rss_idle_kb"):
            vals = [num(r.get(m)) for r in ok]
            vals = [v for v in vals if v is not None and v >= 0]
            s[m] = med(vals)
            s[m + "_all"] = vals
        s["errors"] = sum(int(num(r.get("errors")) or 0) for r in rs)
        s["errors"] += sum(int(num(r.get("unfinished")) or 0) for r in rs)
        s["lost"] = sum(int(num(r.get("lost")) or 0) for r in rs)
        s["bytes"] = sum(int(num(r.get("bytes_verified")) or 0) for r in rs)
        out[key] = s
    return out


def servers_in(summary):
    present = {srv for (_, srv) in summary}
    return [s for s in SERVER_ORDER if s in present]


def rate_of(scenario, s):
    if s is None:
        return None
    return s["mb_per_s"] if scenario == "bulk" else s["msgs_per_s"]


def main_table(summary, scen, servers):
    lines = [
        "| scenario | server | msgs/s (bulk: MB/s) | × epoll | p50 µs | "
        "p99 µs | p999 µs | server CPU µs/msg | server CPU % | "
        "load gen CPU % | errors | rounds |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, title in scen:
        if name.startswith("idle"):
            continue
        base = summary.get((name, BASE))
        for srv in servers:
            s = summary.get((name, srv))
            if s is None:
                continue
            rate = rate_of(name, s)
            digits = 1 if name == "bulk" else 0
            r = ratio(rate, rate_of(name, base))
            lat = ["–"] * 3 if name == "bulk" else [
                fmt(s["p50_us"], 1), fmt(s["p99_us"], 1), fmt(s["p999_us"], 1)]
            cpu = s["cpu_us_per_msg"]
            if name == "bulk" and cpu is not None:
                cpu_txt = fmt(cpu, 2) + " per 64 KiB"
            else:
                cpu_txt = fmt(cpu, 2)
            err = str(s["errors"])
            if s["lost"]:
                err += f" ({s['lost']} lost)"
            if s["failed"]:
                err += f", {s['failed']} runs failed"
            lines.append(
                f"| {title} | {SERVER_LABEL[srv]} | {fmt(rate, digits)} | "
                f"{fmt(r, 2) if r is not None else 'n/a'} | {lat[0]} | "
                f"{lat[1]} | {lat[2]} | {cpu_txt} | {fmt(s['cpu_pct'])} | "
                f"{fmt(s['loadgen_cpu_pct'])} | {err} | {s['rounds']} |")
    return lines


def idle_table(summary, scen, servers):
    idle = [(n, t) for (n, t) in scen if n.startswith("idle")]
    if not idle:
        return []
    name, title = idle[0]
    lines = [
        f"Idle connections ({title}): the server's RSS before any client and "
        "with every client connected and idle, and one extra client's "
        "ping-pong while they are held.",
        "",
        "| server | RSS before kB | RSS idle kB | bytes per idle connection | "
        "extra client msgs/s | p50 µs | p99 µs | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for srv in servers:
        s = summary.get((name, srv))
        if s is None:
            continue
        lines.append(
            f"| {SERVER_LABEL[srv]} | {fmt(s['rss_before_kb'])} | "
            f"{fmt(s['rss_idle_kb'])} | {fmt(s['rss_per_conn_b'])} | "
            f"{fmt(s['msgs_per_s'])} | {fmt(s['p50_us'], 1)} | "
            f"{fmt(s['p99_us'], 1)} | {s['errors']} |")
    lines += [
        "",
        "RSS counts the server's own memory only (the kernel's socket buffers "
        "are not in it). The epoll baseline keeps no per-connection state in "
        "user space at all: a table of pointers indexed by descriptor, "
        "written only when a write falls short, so its figure is about 0.",
    ]
    return lines


def cost_summary(costs):
    """server -> {ir, sys, breakdown}: per-message differences of two runs."""
    by = {}
    for c in costs:
        by.setdefault((c["server"], c["kind"]), []).append(c)
    out = {}
    for (srv, kind), cs in by.items():
        if len(cs) < 2:
            continue
        cs.sort(key=lambda c: int(c["msgs"]))
        lo, hi = cs[0], cs[-1]
        dm = int(hi["msgs"]) - int(lo["msgs"])
        if dm <= 0:
            continue
        d = out.setdefault(srv, {"dm": dm, "lo": int(lo["msgs"]),
                                 "hi": int(hi["msgs"])})
        if kind == "callgrind":
            if num(hi.get("ir")) and num(lo.get("ir")):
                d["ir"] = (num(hi["ir"]) - num(lo["ir"])) / dm
        elif kind == "strace":
            if num(hi.get("total")) is not None and num(lo.get("total")):
                d["sys"] = (num(hi["total"]) - num(lo["total"])) / dm

                def calls(c):
                    m = {}
                    for item in c.get("calls", "").split(","):
                        if ":" in item:
                            k, v = item.split(":")
                            m[k] = int(v)
                    return m

                a, b = calls(lo), calls(hi)
                parts = []
                for k in sorted(b, key=lambda k: -(b[k] - a.get(k, 0))):
                    per = (b[k] - a.get(k, 0)) / dm
                    if per >= 0.005:
                        parts.append(f"{k} {per:.2f}")
                d["breakdown"] = ", ".join(parts)
    return out


def cost_table(cs, servers):
    if not cs:
        return []
    any_d = next(iter(cs.values()))
    lines = [
        f"Cost per echoed message: 1 connection, 64 B ping-pong; each number "
        f"is (run of {any_d['hi']:,} messages − run of {any_d['lo']:,}) / "
        f"{any_d['dm']:,}, so start-up, accept, close and exit cancel out. "
        "Instructions are the server's user-space instructions counted by "
        "valgrind --tool=callgrind (kernel work not included); system calls "
        "are counted by strace -c -f.",
        "",
        "| server | instructions/msg | × epoll | syscalls/msg | × epoll | "
        "syscalls per message |",
        "|---|---:|---:|---:|---:|---|",
    ]
    base = cs.get(BASE, {})
    for srv in servers:
        d = cs.get(srv)
        if d is None:
            continue
        lines.append(
            f"| {SERVER_LABEL[srv]} | {fmt(d.get('ir'))} | "
            f"{fmt(ratio(d.get('ir'), base.get('ir')), 2)} | "
            f"{fmt(d.get('sys'), 2)} | "
            f"{fmt(ratio(d.get('sys'), base.get('sys')), 2)} | "
            f"{d.get('breakdown', '')} |")
    return lines


def verdict(ok):
    if ok is None:
        return "**not measured**"
    return "**met**" if ok else "**not met**"


def targets(summary, cs, scen):
    names = {n for n, _ in scen}
    out = []

    def get(sc, srv):
        return summary.get((sc, srv))

    for sc, label in (("tcp1", "1"), ("tcp100", "100"), ("tcp1000", "1,000"),
                      ("tcp10000", "10,000")):
        if sc not in names:
            out.append(f"- events model at {label} connections: "
                       f"{verdict(None)} (scenario not run in this mode)")
            continue
        x = rate_of(sc, get(sc, "xsock"))
        b = rate_of(sc, get(sc, "epoll"))
        uv = rate_of(sc, get(sc, "libuv"))
        ev = rate_of(sc, get(sc, "libevent"))
        r = ratio(x, b)
        ok = None
        if x is not None and b is not None:
            ok = r >= 0.95
            if uv is not None:
                ok = ok and x >= uv
            if ev is not None:
                ok = ok and x >= ev
        out.append(
            f"- events model at {label} connections ≥ 0.95× epoll and ≥ "
            f"libuv and libevent: {verdict(ok)} — xsock {fmt(x)} msgs/s = "
            f"{fmt(r, 3)}× epoll ({fmt(b)}); libuv {fmt(uv)}, libevent "
            f"{fmt(ev)}")
    if "tcp10000" in names:
        x = get("tcp10000", "xsock")
        b = get("tcp10000", "epoll")
        xp = x["p99_us"] if x else None
        bp = b["p99_us"] if b else None
        ok = None if xp is None or bp is None else xp <= 2 * bp
        out.append(f"- p99 at 10,000 connections within 2× the baseline's: "
                   f"{verdict(ok)} — xsock {fmt(xp, 1)} µs, epoll "
                   f"{fmt(bp, 1)} µs ({fmt(ratio(xp, bp), 2)}×)")
    else:
        out.append("- p99 at 10,000 connections within 2× the baseline's: "
                   f"{verdict(None)} (scenario not run in this mode)")
    x = rate_of("bulk", get("bulk", "xsock"))
    b = rate_of("bulk", get("bulk", "epoll"))
    r = ratio(x, b)
    out.append(f"- bulk stream ≥ 0.9× the baseline: "
               f"{verdict(None if r is None else r >= 0.9)} — xsock "
               f"{fmt(x, 1)} MB/s, epoll {fmt(b, 1)} MB/s ({fmt(r, 3)}×)")
    idle = [n for n in names if n.startswith("idle")]
    rss = get(idle[0], "xsock")["rss_per_conn_b"] if idle and get(
        idle[0], "xsock") else None
    others = ", ".join(
        f"{SERVER_LABEL[s]} {fmt(get(idle[0], s)['rss_per_conn_b'])} B"
        for s in ("epoll", "libuv", "libevent")
        if idle and get(idle[0], s)) if idle else ""
    out.append(f"- ≤ 256 bytes of server RSS per idle connection: "
               f"{verdict(None if rss is None else rss <= 256)} — xsock "
               f"{fmt(rss)} B ({others})")
    xi = cs.get("xsock", {}).get("ir")
    bi = cs.get(BASE, {}).get("ir")
    r = ratio(xi, bi)
    out.append(f"- instructions per echoed message ≤ 1.10× the baseline's: "
               f"{verdict(None if r is None else r <= 1.10)} — xsock "
               f"{fmt(xi)}, epoll {fmt(bi)} ({fmt(r, 3)}×)")
    xs = cs.get("xsock", {}).get("sys")
    bs = cs.get(BASE, {}).get("sys")
    ok = None if xs is None or bs is None else xs <= bs + 0.005
    out.append(f"- system calls per message no more than the baseline's: "
               f"{verdict(ok)} — xsock {fmt(xs, 2)}, epoll {fmt(bs, 2)}")
    out.append("- Windows events server on the AFD backend serving 1,000 "
               "concurrent clients under wine: not measured here (a "
               "correctness test in ci/test.sh, not a speed target)")
    return out


def raw_rounds(summary, scen, servers):
    lines = ["| scenario | server | each round (msgs/s or MB/s) | "
             "each round p99 µs |", "|---|---|---|---|"]
    for name, title in scen:
        for srv in servers:
            s = summary.get((name, srv))
            if s is None:
                continue
            vals = s["mb_per_s_all"] if name == "bulk" else s["msgs_per_s_all"]
            lines.append(
                f"| {title} | {SERVER_LABEL[srv]} | "
                f"{', '.join(fmt(v, 1 if name == 'bulk' else 0) for v in vals)}"
                f" | {', '.join(fmt(v, 1) for v in s['p99_us_all'])} |")
    return lines


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    results, out_md = sys.argv[1], sys.argv[2]
    runs, costs, machine, scen = load(results)
    summary = summarize(runs)
    servers = servers_in(summary)
    cs = cost_summary(costs)

    tables = main_table(summary, scen, servers)
    tables += [""] + idle_table(summary, scen, servers)
    tables += [""] + cost_table(cs, servers)
    tgt = targets(summary, cs, scen)

    print("\n".join(tables))
    print()
    print("Targets (issue 7):")
    print("\n".join(tgt))

    m = machine
    doc = [
        "# Performance",
        "",
        "The latest `ci/bench.sh` run: xsock-echo-server's events model "
        "against an echo server written directly on epoll (the baseline, "
        "`tests/bench/epoll_echo.c`) and the same server on libuv and on "
        "libevent, all driven by `tests/bench/loadgen.c`, which checks every "
        "echoed byte. Generated by `tests/bench/report.py`; do not edit by "
        "hand, run the benchmark again.",
        "",
        "## How it was run",
        "",
        "```sh",
        m.get("command", "ci/bench.sh"),
        "```",
        "",
        f"- mode: {m.get('mode', '?')}; {m.get('rounds', '?')} round(s), "
        f"median shown; {m.get('duration', '?')} s per measured run; "
        "servers alternated within each round, each started fresh per run",
        f"- server pinned to CPU {m.get('server_cpu', '?')}, load generator "
        f"to CPU {m.get('loadgen_cpu', '?')} (taskset); loopback only",
        f"- machine: {m.get('nproc', '?')} CPUs, {m.get('cpu_model', '?')}; "
        f"kernel {m.get('kernel', '?')}; {m.get('os', '?')}",
        f"- date: {m.get('date', '?')}; source: {m.get('git', '?')}",
        f"- compilers and libraries: {m.get('cc', '?')}; libuv "
        f"{m.get('libuv', 'n/a')}; libevent {m.get('libevent', 'n/a')}; "
        f"build type Release",
        f"- load average at start / end: {m.get('load_start', '?')} / "
        f"{m.get('load_end', '?')} (other work on the machine adds noise)",
        f"- limits: descriptors {m.get('nofile', '?')}, "
        f"somaxconn {m.get('somaxconn', '?')}, ephemeral ports "
        f"{m.get('port_range', '?')}",
        "",
        "Each msgs/s figure is the median over the rounds; p50/p99/p999 are "
        "the medians of each round's percentile of per-message round-trip "
        "time, as seen by the load generator. Server CPU is utime+stime from "
        "/proc/PID/stat over the measured phase divided by the messages "
        "echoed in it (10 ms clock ticks; it includes the kernel's loopback "
        "TCP work done in the server's system calls); server CPU % is that "
        "time over the run's length, and load gen CPU % the load "
        "generator's own (getrusage). × epoll is the ratio to the "
        "baseline's median.",
        "",
        "Reading it: on a 2-CPU machine the load generator needs a whole "
        "core just as the server does (one recv and one send per message "
        "each). Where server CPU % is well below 100, the server was not the "
        "bottleneck (1 connection is bound by round-trip latency; many "
        "connections are bound by the load generator when its CPU % is near "
        "100, or by other work on the machine), so msgs/s "
        "differences there say little and server CPU µs/msg is the fairer "
        "comparison.",
        "",
        "## Results",
        "",
    ] + tables + [
        "",
        "## Targets (issue 7)",
        "",
    ] + tgt + [
        "",
        "## Every round",
        "",
    ] + raw_rounds(summary, scen, servers) + [""]
    doc += kept_analysis(out_md)
    with open(out_md, "w") as f:
        f.write("\n".join(doc))
    return 0


ANALYSIS_BEGIN = "<!-- analysis: written by people, kept by report.py -->"
ANALYSIS_END = "<!-- end of analysis -->"


def kept_analysis(path):
    """The hand-written analysis block of the previous report, if any, so
    that regenerating the tables keeps it (it says which run it read)."""
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        return []
    start = old.find(ANALYSIS_BEGIN)
    end = old.find(ANALYSIS_END, start)
    if start < 0 or end < 0:
        return []
    return old[start:end + len(ANALYSIS_END)].split("\n") + [""]


if __name__ == "__main__":
    sys.exit(main())
