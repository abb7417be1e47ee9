#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fuzzing, bounded in time. Builds the libFuzzer targets of tests/fuzz with
# clang in build/fuzz (AddressSanitizer + UndefinedBehaviorSanitizer, and
# the library, the apps' parsers and the targets instrumented for
# coverage), then runs each for FUZZ_SECONDS from its corpus
# (tests/fuzz/corpus/<name>/), FUZZ_JOBS targets at a time:
#
#   ci/fuzz.sh                       every target, 60 s each
#   FUZZ_SECONDS=600 ci/fuzz.sh      longer
#   ci/fuzz.sh addr_parse resolve    only those targets
#
# Inputs that reach new code go to build/fuzz/found/<name>/ (never into the
# source tree; copy the good ones to the corpus by hand). A crash, a broken
# property (FUZZ_CHECK), a leak or a slow input is written to
# build/fuzz/crashes/<name>-crash-<sha1> (or -leak-, -timeout-, -oom-),
# printed with the command that replays it, and makes the script exit 1.
# Each becomes a regression input: copy it to tests/fuzz/corpus/<name>/
# under a name that says what it was, then fix; every leg of ci/test.sh
# replays the corpus. Logs: build/fuzz/logs/<name>.log.
#
# Run as root on Debian 12 (ci/deps.sh installs clang and libFuzzer), or as
# any user once they are installed.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
build=$root/build/fuzz
case $seconds in '' | *[!0-9]*)
  echo "ci/fuzz.sh: FUZZ_SECONDS must be a number of seconds" >&2
  exit 2
  ;;
esac

if [ "$(id -u)" -eq 0 ]; then
  "$root/ci/deps.sh" || { echo "ci/fuzz.sh: ci/deps.sh failed" >&2; exit 1; }
fi

echo "== fuzz: configure and build ($build)"
mkdir -p "$build/logs"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 \
  -DXSOCK_SANITIZER="address;undefined;fuzzer-no-link" \
  -DXSOCK_WERROR=ON -DBUILD_TESTING=ON -DXSOCK_BUILD_APPS=ON \
  -DXSOCK_BUILD_FUZZ=ON -DXSOCK_FUZZ_ENGINE=libfuzzer \
  >"$build/logs/build.log" 2>&1 &&
  cmake --build "$build" --target xsock_fuzz >>"$build/logs/build.log" 2>&1 || {
    tail -n 40 "$build/logs/build.log"
    echo "== fuzz: BUILD FAILED (full log: $build/logs/build.log)"
    exit 1
  }

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cd "$build/bin" && ls xsock_fuzz_* | sed 's/^xsock_fuzz_//' | sort)
fi
for t in "${targets[@]}"; do
  if [ ! -x "$build/bin/xsock_fuzz_$t" ] || [ ! -d "$root/tests/fuzz/corpus/$t" ]; then
    echo "ci/fuzz.sh: no target '$t' (or no tests/fuzz/corpus/$t/)" >&2
    exit 2
  fi
done

rm -rf "$build/crashes"
mkdir -p "$build/crashes"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One target: its corpus, then fuzzing until the time is up. A hard limit
# well past that ends a run that hangs outside libFuzzer's own timeout.
run_one() {
  local t=$1 log=$build/logs/$1.log
  mkdir -p "$build/found/$t"
  timeout -k 10 $((seconds + 300)) "$build/bin/xsock_fuzz_$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" \
    "$build/found/$t" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
  echo $? >"$build/logs/$t.rc"
}

echo "== fuzz: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=0
printf '%-14s %-7s %12s %9s %7s\n' target result execs exec/s corpus
for t in "${targets[@]}"; do
  log=$build/logs/$t.log
  rc=$(cat "$build/logs/$t.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  corpus=$(find "$build/found/$t" "$root/tests/fuzz/corpus/$t" -type f | wc -l)
  result=clean
  if [ "$rc" -ne 0 ]; then
    result=FAILED
    failed=1
  fi
  printf '%-14s %-7s %12s %9s %7s\n' "$t" "$result" "${execs:-?}" "${speed:-?}" "$corpus"
done

if [ "$failed" -ne 0 ]; then
  echo
  for t in "${targets[@]}"; do
    [ "$(cat "$build/logs/$t.rc" 2>/dev/null || echo 1)" -eq 0 ] && continue
    echo "== fuzz: $t failed; the report (full log: $build/logs/$t.log):"
    # The failed check or sanitizer report, and the first frames of the stack.
    awk '/FUZZ CHECK FAILED|ERROR: |runtime error:|^SUMMARY:/ { print; n = 0; next }
         /^ *#[0-9]+ / && n < 12 { print; n++ }' "$build/logs/$t.log" | head -n 40
    for f in "$build/crashes/$t"-*; do
      [ -e "$f" ] || continue
      echo "   input: $f"
      echo "   again: $build/bin/xsock_fuzz_$t $f"
    done
  done
  echo "== fuzz: FAILED. Add each input above to tests/fuzz/corpus/<target>/ as a regression case."
  exit 1
fi
echo "== fuzz: every target ran clean"
exit 0
