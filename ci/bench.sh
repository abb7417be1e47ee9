#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The benchmark (issue 7): xsock-echo-server's events model side by side
# with an echo server written directly on epoll (the baseline), the same
# server on libuv and on libevent, all under one load generator that checks
# every echoed byte (tests/bench/). Never part of ci/test.sh's pass or fail.
#
#   ci/bench.sh                    the full run (about 15 minutes on 2 CPUs)
#   XS_BENCH_QUICK=1 ci/bench.sh   a smoke run: 1 round, short, fewer clients
#
# As root on Debian 12: installs what it needs, builds a Release tree in
# build/bench, and in each round runs every scenario against every server in
# turn (the order rotates per round), each server started fresh, pinned to
# one CPU with taskset and the load generator to another. Then it counts the
# instructions (callgrind) and system calls (strace -c) per echoed message.
# Prints the tables and writes docs/PERFORMANCE.md (a quick run writes
# build/bench/PERFORMANCE-quick.md instead, leaving the full results alone).
# Loopback only; every server it starts is stopped on exit.
#
# Knobs: XS_BENCH_ROUNDS, XS_BENCH_SECS (per measured run), XS_BENCH_PORT
# (first TCP/UDP port used, default 17100), XS_BENCH_SKIP_DEPS=1,
# XS_BENCH_SKIP_BUILD=1 (use what build/bench holds), XS_BENCH_SKIP_COSTS=1
# (no callgrind/strace).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=${XS_BENCH_QUICK:-0}
build=$root/build/bench
bin=$build/bin
results=$build/results
if [ "$quick" = 1 ]; then
  rounds=${XS_BENCH_ROUNDS:-1}
  secs=${XS_BENCH_SECS:-1}
  many=1000 # the 10,000-connection scenarios run with this many
  cost_hi=4000
  cost_lo=1000
  out_md=$build/PERFORMANCE-quick.md
else
  rounds=${XS_BENCH_ROUNDS:-3}
  secs=${XS_BENCH_SECS:-5}
  many=10000
  cost_hi=20000
  cost_lo=2000
  out_md=$root/docs/PERFORMANCE.md
fi
port_base=${XS_BENCH_PORT:-17100}
command_line="ci/bench.sh"
for v in XS_BENCH_QUICK XS_BENCH_ROUNDS XS_BENCH_SECS XS_BENCH_PORT \
  XS_BENCH_SKIP_BUILD XS_BENCH_SKIP_COSTS; do
  if [ -n "${!v:-}" ]; then command_line="$v=${!v} $command_line"; fi
done

say() { echo "== $*" >&2; }
die() {
  echo "ci/bench.sh: $*" >&2
  exit 1
}

# --- dependencies (idempotent, like ci/deps.sh) ---

bench_packages=(
  build-essential cmake ninja-build pkg-config python3
  libuv1-dev libevent-dev valgrind strace util-linux procps
)

install_deps() {
  if [ "${XS_BENCH_SKIP_DEPS:-0}" = 1 ]; then return 0; fi
  [ "$(id -u)" -eq 0 ] || die "must run as root (it calls apt-get), or set XS_BENCH_SKIP_DEPS=1"
  local p missing=()
  for p in "${bench_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # One `apt-get update` per machine, shared with ci/deps.sh.
    if [ ! -e /var/lib/apt/xsock-updated ]; then
      apt-get update -qq
      touch /var/lib/apt/xsock-updated
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  say "dependencies: ${#bench_packages[@]} packages present"
}

# --- build ---

build_tree() {
  if [ "${XS_BENCH_SKIP_BUILD:-0}" = 1 ]; then
    say "using the programs already built in build/bench (XS_BENCH_SKIP_BUILD=1)"
    return 0
  fi
  say "building a Release tree in build/bench"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_TESTING=OFF -DXSOCK_BUILD_APPS=ON -DXSOCK_BUILD_BENCH=ON \
    >"$build.configure.log" 2>&1 || {
    cat "$build.configure.log" >&2
    die "cmake configure failed"
  }
  cmake --build "$build" >"$build.build.log" 2>&1 || {
    tail -40 "$build.build.log" >&2
    die "build failed (log: $build.build.log)"
  }
}

# --- processes: every one we start is recorded and stopped on exit ---

started=()

cleanup() {
  local pid
  for pid in "${started[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 0.2
  for pid in "${started[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget() {
  local pid=$1 i
  for i in "${!started[@]}"; do
    if [ "${started[$i]}" = "$pid" ]; then unset 'started[i]'; fi
  done
}

# Stops a process we started: SIGTERM, up to 20 s (valgrind writes its
# output at exit), then SIGKILL.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}

server_cmd() { # NAME PORT -> the server's argv, one per line
  case $1 in
  xsock) printf '%s\n' "$bin/xsock-echo-server" -m events -q -l "127.0.0.1:$2" ;;
  epoll) printf '%s\n' "$bin/xsock-bench-epoll-echo" "127.0.0.1:$2" ;;
  libuv) printf '%s\n' "$bin/xsock-bench-uv-echo" "127.0.0.1:$2" ;;
  libevent) printf '%s\n' "$bin/xsock-bench-event-echo" "127.0.0.1:$2" ;;
  esac
}

run_no=0
srv_pid=
srv_wrapper_pid=
# start_server NAME LOG [WRAPPER...]: starts NAME on a fresh port, pinned
# to the server CPU, waits for its two "listening" lines. Sets port,
# srv_pid (the server itself) and srv_wrapper_pid (strace, if any).
start_server() {
  local name=$1 log=$2 wrapper=("${@:3}") tries i
  for ((tries = 0; tries < 5; tries++)); do
    run_no=$((run_no + 1))
    port=$((port_base + run_no % 800))
    local cmd
    mapfile -t cmd < <(server_cmd "$name" "$port")
    taskset -c "$srv_cpu" "${wrapper[@]}" "${cmd[@]}" >"$log.out" 2>"$log.err" &
    local pid=$!
    started+=("$pid")
    srv_wrapper_pid=
    srv_pid=$pid
    for ((i = 0; i < 600; i++)); do
      if [ "$(grep -c '^listening' "$log.out" 2>/dev/null)" -ge 2 ]; then
        if [ "${wrapper[0]:-}" = strace ]; then
          srv_wrapper_pid=$pid
          srv_pid=$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null)
          [ -n "$srv_pid" ] && started+=("$srv_pid")
        fi
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "ci/bench.sh: $name did not start on port $port: $(head -c 300 "$log.err")" >&2
    stop_pid "$pid"
  done
  return 1
}

stop_server() {
  if [ -n "$srv_wrapper_pid" ]; then
    stop_pid "$srv_pid"
    # strace ends when its tracee does, after writing the summary.
    local i
    for ((i = 0; i < 100; i++)); do
      kill -0 "$srv_wrapper_pid" 2>/dev/null || break
      sleep 0.1
    done
    stop_pid "$srv_wrapper_pid"
  else
    stop_pid "$srv_pid"
  fi
}

loadgen() {
  taskset -c "$lg_cpu" "$bin/xsock-bench-loadgen" "$@"
}

# --- scenarios ---

scenario_args() { # NAME -> loadgen arguments (without -p / -P)
  case $1 in
  tcp1) echo "-m tcp -c 1 -s 64 -d $secs" ;;
  tcp100) echo "-m tcp -c 100 -s 64 -d $secs" ;;
  tcp1000) echo "-m tcp -c 1000 -s 64 -d $secs" ;;
  "tcp$many") echo "-m tcp -c $many -s 64 -d $secs" ;;
  bulk) echo "-m bulk -d $secs" ;;
  udp1) echo "-m udp -c 1 -s 64 -d $secs" ;;
  udp16) echo "-m udp -c 16 -s 64 -d $secs" ;;
  "idle$many") echo "-m idle -c $many -s 64 -H 1 -d $secs" ;;
  esac
}

write_scenarios() {
  local m
  m=$(echo "$many" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')
  {
    echo "tcp1 TCP ping-pong 64 B, 1 connection"
    echo "tcp100 TCP ping-pong 64 B, 100 connections"
    echo "tcp1000 TCP ping-pong 64 B, 1,000 connections"
    if [ "$many" != 1000 ]; then echo "tcp$many TCP ping-pong 64 B, $m connections"; fi
    echo "bulk bulk stream, 64 KiB writes, 1 connection"
    echo "udp1 UDP ping-pong 64 B, 1 socket"
    echo "udp16 UDP ping-pong 64 B, 16 sockets"
    echo "idle$many $m idle connections"
  } >"$results/scenarios.txt"
}

run_one() { # SCENARIO SERVER ROUND
  local sc=$1 name=$2 r=$3 log=$results/logs/$1.$2.$3 line status=ok args
  read -ra args <<<"$(scenario_args "$sc")"
  if ! start_server "$name" "$log"; then
    echo "server=$name scenario=$sc round=$r status=nostart" >>"$results/runs.txt"
    return 0
  fi
  line=$(loadgen -p "$port" -P "$srv_pid" "${args[@]}" 2>"$log.loadgen" |
    grep '^mode=' || true)
  kill -0 "$srv_pid" 2>/dev/null || status=died
  stop_server
  [ -n "$line" ] || status=noresult
  echo "server=$name scenario=$sc round=$r status=$status $line" >>"$results/runs.txt"
  printf '   %-10s %-9s round %s: %s\n' "$sc" "$name" "$r" \
    "$(echo "$line" | grep -o 'msgs_per_s=[^ ]*\|mb_per_s=[^ ]*\|p99_us=[^ ]*\|errors=[^ ]*\|rss_per_conn_b=[^ ]*' | tr '\n' ' ') $status" >&2
}

# --- instructions and system calls per message ---

cost_runs() {
  local name m log
  for name in "${servers[@]}"; do
    for m in "$cost_lo" "$cost_hi"; do
      log=$results/logs/callgrind.$name.$m
      if start_server "$name" "$log" valgrind --tool=callgrind \
        --callgrind-out-file="$log.cg"; then
        loadgen -p "$port" -m tcp -c 1 -s 64 -n "$m" -T 600 >"$log.loadgen" 2>&1 || true
        stop_server
        local ir
        ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$log.cg" 2>/dev/null || true)
        echo "server=$name kind=callgrind msgs=$m ir=${ir:-n/a}" >>"$results/costs.txt"
        say "callgrind $name $m messages: ${ir:-n/a} instructions"
      fi
      log=$results/logs/strace.$name.$m
      if start_server "$name" "$log" strace -f -c -o "$log.strace"; then
        loadgen -p "$port" -m tcp -c 1 -s 64 -n "$m" -T 600 >"$log.loadgen" 2>&1 || true
        stop_server
        local total calls
        total=$(awk '$NF == "total" {print $4}' "$log.strace" 2>/dev/null || true)
        calls=$(awk '$1 ~ /^[0-9.]+$/ && $NF != "total" {printf "%s%s:%s", sep, $NF, $4; sep=","}' \
          "$log.strace" 2>/dev/null || true)
        echo "server=$name kind=strace msgs=$m total=${total:-n/a} calls=$calls" >>"$results/costs.txt"
        say "strace $name $m messages: ${total:-n/a} system calls"
      fi
    done
  done
}

# --- machine and limits ---

check_limits() {
  local hard
  hard=$(ulimit -Hn)
  ulimit -n "$hard" || true
  if [ "$hard" != unlimited ] && [ "$hard" -lt $((many + 64)) ]; then
    die "descriptor hard limit $hard is below $((many + 64)): raise it (ulimit -Hn) first"
  fi
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
  if [ $((hi - lo)) -lt $((many + 1000)) ]; then
    die "ephemeral port range $lo-$hi cannot hold $many connections"
  fi
  if [ "$port_base" -ge "$lo" ] && [ "$port_base" -le "$hi" ]; then
    die "XS_BENCH_PORT $port_base is inside the ephemeral range $lo-$hi"
  fi
  somaxconn=$(cat /proc/sys/net/core/somaxconn)
  # The load generator keeps at most 256 connects outstanding, so a backlog
  # of somaxconn >= 256 never drops a SYN; below that, say so.
  if [ "$somaxconn" -lt 256 ]; then
    echo "ci/bench.sh: net.core.somaxconn=$somaxconn is small; connects may be retried" >&2
  fi
}

pick_cpus() {
  local cpus
  cpus=$(taskset -pc $$ | awk -F': ' '{print $2}')
  # Expand "0-3,5" into a list and take the first two.
  local list=() part a b
  IFS=, read -ra parts <<<"$cpus"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then
      a=${part%-*} b=${part#*-}
      for ((i = a; i <= b; i++)); do list+=("$i"); done
    else
      list+=("$part")
    fi
  done
  srv_cpu=${list[0]}
  lg_cpu=${list[1]:-${list[0]}}
  if [ "$srv_cpu" = "$lg_cpu" ]; then
    echo "ci/bench.sh: only one CPU: server and load generator share it" >&2
  fi
}

write_machine() {
  local model
  model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  {
    echo "command=$command_line"
    echo "mode=$([ "$quick" = 1 ] && echo quick || echo full)"
    echo "rounds=$rounds"
    echo "duration=$secs"
    echo "nproc=$(nproc)"
    echo "cpu_model=${model:-unknown}"
    echo "kernel=$(uname -sr)"
    echo "os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "git=$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src include apps 2>/dev/null || echo ' with uncommitted changes in src/include/apps')"
    echo "cc=$(cc --version | head -1)"
    echo "libuv=$(pkg-config --modversion libuv 2>/dev/null || echo n/a)"
    echo "libevent=$(pkg-config --modversion libevent 2>/dev/null || echo n/a)"
    echo "server_cpu=$srv_cpu"
    echo "loadgen_cpu=$lg_cpu"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "nofile=$(ulimit -n)"
    echo "somaxconn=$somaxconn"
    echo "port_range=$(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range)"
  } >"$results/machine.txt"
}

main() {
  install_deps
  build_tree
  check_limits
  pick_cpus

  servers=()
  for s in xsock epoll libuv libevent; do
    mapfile -t c < <(server_cmd "$s" 1)
    if [ -x "${c[0]}" ]; then servers+=("$s"); else say "skipping $s: ${c[0]} not built"; fi
  done
  [ "${#servers[@]}" -gt 0 ] || die "no server built"

  rm -rf "$results"
  mkdir -p "$results/logs"
  : >"$results/runs.txt"
  : >"$results/costs.txt"
  write_machine
  write_scenarios
  local scenarios=(tcp1 tcp100 tcp1000)
  [ "$many" != 1000 ] && scenarios+=("tcp$many")
  scenarios+=(bulk udp1 udp16 "idle$many")

  local t0=$SECONDS r sc k n=${#servers[@]}
  for ((r = 1; r <= rounds; r++)); do
    say "round $r of $rounds"
    for sc in "${scenarios[@]}"; do
      # Rotate the order each round so no server always runs first.
      for ((k = 0; k < n; k++)); do
        run_one "$sc" "${servers[$(((k + r - 1) % n))]}" "$r"
      done
    done
  done
  if [ "${XS_BENCH_SKIP_COSTS:-0}" != 1 ]; then
    say "instructions (callgrind) and system calls (strace) per message"
    cost_runs
  fi
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"
  say "done in $((SECONDS - t0)) s; writing $out_md"
  python3 "$root/tests/bench/report.py" "$results" "$out_md"
}

main "$@"
