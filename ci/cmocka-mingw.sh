#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds cmocka for Windows (MinGW-w64) from Debian's source package, since
# Debian ships no MinGW build of it. The source is fetched with
# `apt-get source` (ci/deps.sh adds the deb-src entry) into a cache under
# the build folder; nothing third-party is committed.
#   usage: ci/cmocka-mingw.sh [PREFIX]   (default build/_deps/cmocka-mingw64)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-$root/build/_deps/cmocka-mingw64}
work=$root/build/_deps/cmocka-src
toolchain=$root/cmake/toolchains/mingw-w64-x86_64.cmake

if [ -f "$prefix/lib/libcmocka-static.a" ] || [ -f "$prefix/lib/libcmocka.a" ]; then
  echo "cmocka-mingw: cached in $prefix"
  exit 0
fi

mkdir -p "$work"
cd "$work"
if ! ls -d cmocka-*/ >/dev/null 2>&1; then
  apt-get source --download-only cmocka >/dev/null 2>&1 || apt-get source --download-only cmocka
  dpkg-source -x --no-check cmocka_*.dsc >/dev/null
fi
src=$(ls -d "$work"/cmocka-*/ | head -n 1)

cmake -S "$src" -B "$work/build" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
  -DCMAKE_CROSSCOMPILING_EMULATOR= \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF \
  -DCMAKE_C_FLAGS="-Wno-error" >/dev/null
cmake --build "$work/build" >/dev/null
cmake --install "$work/build" >/dev/null
echo "cmocka-mingw: built into $prefix"
