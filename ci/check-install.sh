#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs a configured build into a temporary prefix, then builds and runs
# tests/consumer against it with find_package(xsock CONFIG): proves the
# installed headers, libraries and CMake package work for a user.
#   usage: ci/check-install.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: ci/check-install.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$root/tests/consumer" -B "$tmp/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/build" >/dev/null
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64:${LD_LIBRARY_PATH:-}" "$tmp/build/consumer"
"$tmp/build/consumer_static"
test -f "$tmp/prefix/share/doc/xsock/LICENSE" ||
  { echo "check-install: LICENSE not installed" >&2; exit 1; }
echo "check-install: ok"
