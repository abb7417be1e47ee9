#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test matrix, as CI runs it and as anyone can run it on a fresh Debian 12
# machine, as root:  ci/test.sh
#
# Legs (each configures, builds and runs every CTest test of a preset):
#   checks          the docs target (Doxygen, warnings as errors: every
#                   public declaration documented), clang-format, the SPDX
#                   license line in every source file, the man pages
#                   (mandoc lint), the GitHub workflow's jobs
#   linux           gcc, shared library, warnings as errors; then every way
#                   of consuming xsock (ci/check-install.sh) and the man
#                   pages against the programs' --help
#   linux-asan      clang, AddressSanitizer + UndefinedBehaviorSanitizer
#   linux-valgrind  every test program under valgrind memcheck
#   mingw64         the Windows build (MinGW-w64, DLL), tests run under
#                   wine; then find_package, add_subdirectory and
#                   pkg-config --static consumers run under wine
#   release         the presets linux, linux-asan, mingw64 and mingw64-clang
#                   built again in Release (-O3), warnings as errors; every
#                   test of the linux one runs
# Prints each leg's CTest summary and exits non-zero if any leg failed.
#   XS_LEGS="linux mingw64" ci/test.sh   runs only those legs.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

"$root/ci/deps.sh" || { echo "ci/test.sh: ci/deps.sh failed" >&2; exit 1; }

legs=${XS_LEGS:-"checks linux linux-asan linux-valgrind mingw64 release"}
jobs=$(nproc 2>/dev/null || echo 2)
declare -A result
logdir=$root/build/logs
mkdir -p "$logdir"

# wine keeps its state in a prefix of our own under build/, started once.
start_wine() {
  export WINEPREFIX=$root/build/wineprefix
  export WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml="
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    echo "== wine: creating $WINEPREFIX"
    wineboot -i >/dev/null 2>&1 || true
  fi
  # One persistent wineserver for the whole leg. Whatever server wineboot
  # (or an earlier run) left is stopped first: otherwise `wineserver -p`
  # finds it, does nothing, and that server exits whenever no program runs
  # for a moment. Then the next two programs that start together are both
  # "first" and one of them hangs for a minute at exit.
  wineserver -k >/dev/null 2>&1 || true
  wineserver -w >/dev/null 2>&1 || true
  wineserver -p >/dev/null 2>&1 || { echo "ci/test.sh: wineserver -p failed" >&2; return 1; }
  # Start wine's own services with one program before tests run in
  # parallel.
  wine cmd /c exit >/dev/null 2>&1 || true
}

stop_wine() {
  [ -n "${WINEPREFIX:-}" ] && wineserver -k >/dev/null 2>&1 || true
}
trap stop_wine EXIT

run_leg() {
  local leg=$1 log=$logdir/$1.log
  if [ "$leg" = checks ]; then
    echo "== leg checks"
    local rc=0
    "$root/ci/check-docs.sh" >"$log.ctest" 2>&1 || rc=1
    "$root/ci/check-format.sh" >>"$log.ctest" 2>&1 || rc=1
    "$root/ci/check-license.sh" >>"$log.ctest" 2>&1 || rc=1
    "$root/ci/check-man.sh" >>"$log.ctest" 2>&1 || rc=1
    /usr/bin/python3 "$root/ci/check-workflow.py" >>"$log.ctest" 2>&1 || rc=1
    cat "$log.ctest"
    if [ $rc -eq 0 ]; then echo "checks passed: docs, format, license, man pages, workflow" >>"$log.ctest"; fi
    return $rc
  fi
  if [ "$leg" = release ]; then
    release_leg
    return $?
  fi
  echo "== leg $leg: configure and build"
  if [ "$leg" = mingw64 ]; then
    "$root/ci/cmocka-mingw.sh" || return 1
    start_wine || return 1
  fi
  cmake --preset "$leg" >"$log" 2>&1 &&
    cmake --build --preset "$leg" -j "$jobs" >>"$log" 2>&1 || {
      tail -n 60 "$log"
      echo "== leg $leg: BUILD FAILED (full log: $log)"
      return 1
    }
  echo "== leg $leg: test"
  local par=$jobs
  [ "$leg" = linux-valgrind ] && par=2
  ctest --preset "$leg" -j "$par" --timeout 300 2>&1 | tee "$log.ctest" |
    grep -vE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed'
  local rc=${PIPESTATUS[0]}
  # Skips pass in CTest's eyes: list each one with its reason.
  local skips
  skips=$(grep -hE '^SKIP' "$root/build/$leg/Testing/Temporary/LastTest.log" 2>/dev/null | sort | uniq -c)
  if [ -n "$skips" ]; then
    echo "== leg $leg: skipped cases and rows (count, reason):"
    echo "$skips"
  fi
  if [ "$rc" -eq 0 ] && { [ "$leg" = linux ] || [ "$leg" = mingw64 ]; }; then
    echo "== leg $leg: install, then consume xsock every way"
    "$root/ci/check-install.sh" "$root/build/$leg" || rc=1
  fi
  if [ "$rc" -eq 0 ] && [ "$leg" = linux ]; then
    "$root/ci/check-man.sh" "$root/build/$leg/bin" || rc=1
  fi
  return "$rc"
}

# Release builds, warnings as errors: each preset that compiles differently
# (gcc shared, clang with sanitizers, MinGW-w64 gcc, clang for MinGW; the
# valgrind and release presets compile as linux does) is configured again
# with CMAKE_BUILD_TYPE=Release in build/release-<preset>. The gcc one runs
# every test: optimisation must not change an answer.
release_leg() {
  local log=$logdir/release.log preset
  : >"$log"
  "$root/ci/cmocka-mingw.sh" >>"$log" 2>&1 || return 1
  for preset in linux linux-asan mingw64 mingw64-clang; do
    echo "== leg release: $preset (Release)"
    cmake --preset "$preset" -B "$root/build/release-$preset" \
      -DCMAKE_BUILD_TYPE=Release >>"$log" 2>&1 &&
      cmake --build "$root/build/release-$preset" -j "$jobs" >>"$log" 2>&1 || {
        tail -n 60 "$log"
        echo "== leg release: $preset BUILD FAILED (full log: $log)"
        return 1
      }
  done
  echo "== leg release: test (linux, Release)"
  ctest --test-dir "$root/build/release-linux" -j "$jobs" --timeout 300 \
    --output-on-failure 2>&1 | tee "$log.ctest" |
    grep -vE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed'
  return "${PIPESTATUS[0]}"
}

failed=0
for leg in $legs; do
  if run_leg "$leg"; then
    result[$leg]=passed
  else
    result[$leg]=FAILED
    failed=1
  fi
done

echo
echo "== matrix summary"
for leg in $legs; do
  summary=$(grep -E 'tests passed|checks passed|FAILED' "$logdir/$leg.log.ctest" 2>/dev/null | tail -n 1)
  printf '%-15s %-7s %s\n' "$leg" "${result[$leg]}" "${summary:-no tests ran}"
done
exit $failed
