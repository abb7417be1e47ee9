#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The docs target builds the API reference with warnings as errors (every
# public function, type and macro documented) from a library-only
# configuration, and its front page is the real one: it names the version
# and says where to start.
#   usage: ci/check-docs.sh   (builds into build/check-docs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/check-docs
log=$root/build/check-docs.log
mkdir -p "$root/build"
version=$(sed -n 's/^project(xsock VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
if ! { cmake -S "$root" -B "$build" -G Ninja -DBUILD_TESTING=OFF -DXSOCK_BUILD_APPS=OFF &&
  cmake --build "$build" --target docs; } >"$log" 2>&1; then
  cat "$log"
  cat "$build/docs/warnings.log" 2>/dev/null || true
  echo "check-docs: FAILED (the docs target, log above)"
  exit 1
fi
if [ -s "$build/docs/warnings.log" ]; then
  cat "$build/docs/warnings.log"
  echo "check-docs: FAILED (Doxygen warnings above)"
  exit 1
fi
index=$build/docs/html/index.html
for want in "Where to start" "$version" "xs_strerror"; do
  grep -q "$want" "$index" || {
    echo "check-docs: FAILED: the front page $index lacks \"$want\""
    exit 1
  }
done
echo "check-docs: API reference for $version built, every public declaration documented"
