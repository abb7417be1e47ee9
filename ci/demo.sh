#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The echo apps in one command, on a fresh Debian 12 machine, as root:
# installs what it needs (ci/deps.sh), builds the Linux and the Windows
# (MinGW-w64) programs, then runs an echo session on Linux, on Windows
# under wine, and across the two, printing every command and its output.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/ci/deps.sh" >/dev/null

say() { printf '\n### %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

build() {
  local preset=$1
  if [ "$preset" = mingw64 ]; then "$root/ci/cmocka-mingw.sh" >/dev/null; fi
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target xsock-echo-server xsock-echo-client >/dev/null
}

export WINEPREFIX=$root/build/wineprefix WINEDEBUG=-all
start_wine() { # as in ci/test.sh: one persistent wineserver of our own
  [ -f "$WINEPREFIX/system.reg" ] || wineboot -i >/dev/null 2>&1 || true
  wineserver -k >/dev/null 2>&1 || true
  wineserver -w >/dev/null 2>&1 || true
  wineserver -p >/dev/null 2>&1 || true
  wine cmd /c exit >/dev/null 2>&1 || true
}

server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid"
    local rc=0
    wait "$server_pid" || rc=$?
    echo "(server stopped by SIGINT, exit status $rc)"
  fi
  server_pid=
}
cleanup() { stop_server; wineserver -k >/dev/null 2>&1 || true; }
trap cleanup EXIT

# Start a server (its command as arguments) on 127.0.0.1, port chosen by
# the system; sets $port from its first ready line.
start_server() {
  local out=$root/build/demo-server.out
  printf '$ %s -l 127.0.0.1:0 &\n' "$*"
  "$@" -l 127.0.0.1:0 >"$out" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening udp' "$out" 2>/dev/null && break
    sleep 0.1
  done
  tr -d '\r' <"$out"
  port=$(tr -d '\r' <"$out" | sed -n 's/^listening tcp 127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -n 1)
  [ -n "$port" ] || { echo "server did not start"; exit 1; }
}

session() { # client command...
  printf 'hello, echo\n' | show "$@" "127.0.0.1:$port"
  printf 'one datagram\nanother one\n' | show "$@" -u "127.0.0.1:$port"
  show "$@" -n 100 -s 1000 "127.0.0.1:$port"
  show "$@" -u -n 20 -s 1200 "127.0.0.1:$port"
}

say "building the Linux programs (preset linux)"
build linux
say "building the Windows programs (preset mingw64, MinGW-w64)"
build mingw64
start_wine

lin=$root/build/linux/bin
win=$root/build/mingw64/bin

say "Linux server, Linux client"
start_server "$lin/xsock-echo-server"
session "$lin/xsock-echo-client"
show "$lin/xsock-echo-client" -c 4 -d 1 "127.0.0.1:$port"
stop_server

say "Windows server and Windows client, under wine"
start_server wine "$win/xsock-echo-server.exe"
session wine "$win/xsock-echo-client.exe"
say "Linux client talking to the Windows server"
session "$lin/xsock-echo-client"
stop_server

say "Windows client talking to the Linux server"
start_server "$lin/xsock-echo-server"
session wine "$win/xsock-echo-client.exe"
stop_server

say "done: the same sources, two systems, one conversation"
