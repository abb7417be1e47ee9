#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Consumes xsock the ways a user does and runs the program each way builds
# (tests/consumer: a socketpair round trip). For the Linux build:
#   find_package from an install (shared and static), from the build tree,
#   and from a prefix holding both (BUILD_SHARED_LIBS picks);
#   add_subdirectory, whose parent's install holds none of xsock's files;
#   pkg-config with plain cc, shared and --static;
# and a library-only build with -DBUILD_TESTING=OFF that may find neither
# cmocka nor Python. For the Windows build (MinGW-w64, run under wine):
#   find_package (the DLL), add_subdirectory (static) and pkg-config
#   --static with the MinGW compiler.
# Also checks the installed documents and man pages.
#   usage: ci/check-install.sh BUILD_DIR   (a configured, built tree)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: ci/check-install.sh BUILD_DIR}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
consumer=$root/tests/consumer
toolchain=$root/cmake/toolchains/mingw-w64-x86_64.cmake

fail() {
  echo "check-install: FAILED: $*" >&2
  exit 1
}

step() { echo "check-install: $*"; }

quiet() {
  "$@" >"$tmp/last.log" 2>&1 || {
    cat "$tmp/last.log" >&2
    fail "$*"
  }
}

# A library-only build of the given type: no tests, no apps, and proof
# that BUILD_TESTING=OFF needs neither cmocka nor Python.
build_library() { # dir shared(ON|OFF) [cmake args...]
  local dir=$1 shared=$2
  shift 2
  quiet cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_TESTING=OFF -DXSOCK_BUILD_APPS=OFF -DBUILD_SHARED_LIBS="$shared" \
    -DCMAKE_DISABLE_FIND_PACKAGE_CMocka=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON "$@"
  quiet cmake --build "$dir"
  if grep -q '^add_test' "$dir/CTestTestfile.cmake" 2>/dev/null ||
    [ -d "$dir/tests" ]; then
    fail "BUILD_TESTING=OFF still made tests in $dir"
  fi
}

# Configures, builds and runs tests/consumer. EXPECT is the type
# xsock::xsock must have; RUN runs the program (a command prefix).
consume() { # name expect run-prefix [cmake args...]
  local name=$1 expect=$2 run=$3
  shift 3
  quiet cmake -S "$consumer" -B "$tmp/c-$name" -G Ninja \
    -DXSOCK_EXPECT_TYPE="$expect" "$@"
  quiet cmake --build "$tmp/c-$name"
  local exe=$tmp/c-$name/consumer
  [ -f "$exe.exe" ] && exe=$exe.exe
  $run "$exe" >"$tmp/run.log" 2>"$tmp/run.err" || {
    cat "$tmp/run.log" "$tmp/run.err" >&2
    fail "consumer $name did not run"
  }
  step "$name: $(tr -d '\r' <"$tmp/run.log") ($expect)"
}

check_documents() { # prefix
  local p=$1 f
  for f in LICENSE README.md CHANGELOG.md porting.md; do
    [ -f "$p/share/doc/xsock/$f" ] || fail "$f not installed"
  done
  for f in xsock-echo-server.1 xsock-echo-client.1 xsock-addr.1 xsock-time.1 \
    xsock-services.1; do
    [ -f "$p/share/man/man1/$f" ] || fail "man page $f not installed"
  done
  [ -f "$p/bin/xsock-echo-server" ] || [ -f "$p/bin/xsock-echo-server.exe" ] ||
    fail "xsock-echo-server not installed"
}

linux_checks() {
  local shared=$tmp/p-shared static=$tmp/p-static both=$tmp/p-both
  quiet cmake --install "$build" --prefix "$shared"
  check_documents "$shared"
  # The installed programs find the installed shared library by themselves.
  "$shared/bin/xsock-echo-server" --version >"$tmp/run.log" || fail "installed xsock-echo-server"
  step "installed program: $(cat "$tmp/run.log")"
  build_library "$tmp/b-static" OFF
  quiet cmake --install "$tmp/b-static" --prefix "$static"
  quiet cmake --install "$tmp/b-static" --prefix "$both"
  quiet cmake --install "$build" --prefix "$both"

  consume pkg-shared SHARED_LIBRARY "" -DCMAKE_PREFIX_PATH="$shared"
  consume pkg-static STATIC_LIBRARY "" -DCMAKE_PREFIX_PATH="$static"
  consume build-tree SHARED_LIBRARY "" -Dxsock_DIR="$build"
  consume both-shared SHARED_LIBRARY "" -DCMAKE_PREFIX_PATH="$both" -DBUILD_SHARED_LIBS=ON
  consume both-static STATIC_LIBRARY "" -DCMAKE_PREFIX_PATH="$both"
  consume subdir-shared SHARED_LIBRARY "" -DXSOCK_CONSUMER_MODE=subdirectory \
    -DXSOCK_SOURCE_DIR="$root" -DBUILD_SHARED_LIBS=ON
  consume subdir-static STATIC_LIBRARY "" -DXSOCK_CONSUMER_MODE=subdirectory \
    -DXSOCK_SOURCE_DIR="$root"
  # A parent's install holds its own program and none of xsock's files.
  quiet cmake --install "$tmp/c-subdir-static" --prefix "$tmp/p-parent"
  [ -f "$tmp/p-parent/bin/consumer" ] || fail "the parent's program was not installed"
  [ -z "$(find "$tmp/p-parent" -path '*xsock*' -print -quit)" ] ||
    fail "add_subdirectory installed xsock files into the parent's install"
  step "subdir: the parent's install holds no xsock file"

  # Minor releases only add: 0.0 is served by 0.1, 0.2 and 1.0 are not.
  consume version-older "" "" -DCMAKE_PREFIX_PATH="$shared" -DXSOCK_CONSUMER_VERSION=0.0
  local v
  for v in 0.2 1.0; do
    if cmake -S "$consumer" -B "$tmp/c-v$v" -G Ninja -DCMAKE_PREFIX_PATH="$shared" \
      -DXSOCK_CONSUMER_VERSION="$v" >/dev/null 2>&1; then
      fail "find_package(xsock $v) accepted version 0.1"
    fi
  done
  step "version: 0.0 accepted, 0.2 and 1.0 refused"

  # pkg-config with plain cc: the shared library, then --static.
  local flags
  flags=$(PKG_CONFIG_PATH=$shared/lib/pkgconfig pkg-config --cflags --libs xsock)
  quiet cc -std=c11 -o "$tmp/pc-shared" "$consumer/main.c" $flags
  LD_LIBRARY_PATH=$shared/lib "$tmp/pc-shared" >"$tmp/run.log" || fail "pkg-config shared consumer"
  step "pkg-config shared ($flags): $(cat "$tmp/run.log")"
  flags=$(PKG_CONFIG_PATH=$static/lib/pkgconfig pkg-config --static --cflags --libs xsock)
  quiet cc -std=c11 -o "$tmp/pc-static" "$consumer/main.c" $flags
  if ldd "$tmp/pc-static" | grep -q libxsock; then fail "pkg-config --static linked the shared library"; fi
  "$tmp/pc-static" >"$tmp/run.log" || fail "pkg-config static consumer"
  step "pkg-config --static ($flags): $(cat "$tmp/run.log")"
}

windows_checks() {
  local shared=$tmp/p-wshared static=$tmp/p-wstatic
  local wine_run="wine"
  quiet cmake --install "$build" --prefix "$shared"
  check_documents "$shared"
  wine "$shared/bin/xsock-echo-server.exe" --version >"$tmp/run.log" 2>"$tmp/run.err" ||
    fail "installed xsock-echo-server.exe: $(cat "$tmp/run.err")"
  step "installed program: $(tr -d '\r' <"$tmp/run.log")"
  build_library "$tmp/b-wstatic" OFF -DCMAKE_TOOLCHAIN_FILE="$toolchain"
  quiet cmake --install "$tmp/b-wstatic" --prefix "$static"

  # The DLL beside the program, where Windows looks first.
  mkdir -p "$tmp/c-wpkg"
  cp "$shared/bin/libxsock.dll" "$tmp/c-wpkg/"
  consume wpkg SHARED_LIBRARY "$wine_run" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -Dxsock_DIR="$shared/lib/cmake/xsock" -DCMAKE_CROSSCOMPILING_EMULATOR=
  consume wsubdir STATIC_LIBRARY "$wine_run" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DXSOCK_CONSUMER_MODE=subdirectory -DXSOCK_SOURCE_DIR="$root" \
    -DCMAKE_CROSSCOMPILING_EMULATOR=

  local flags
  flags=$(PKG_CONFIG_PATH=$static/lib/pkgconfig PKG_CONFIG_LIBDIR=$static/lib/pkgconfig \
    pkg-config --static --cflags --libs xsock)
  quiet x86_64-w64-mingw32-gcc -std=c11 -static -o "$tmp/pc-wstatic.exe" "$consumer/main.c" $flags
  wine "$tmp/pc-wstatic.exe" >"$tmp/run.log" 2>"$tmp/run.err" || {
    cat "$tmp/run.log" "$tmp/run.err" >&2
    fail "pkg-config --static MinGW consumer"
  }
  step "pkg-config --static, MinGW ($flags): $(tr -d '\r' <"$tmp/run.log")"
}

if grep -q '^CMAKE_SYSTEM_NAME:.*=Windows' "$build/CMakeCache.txt" ||
  grep -q 'CMAKE_TOOLCHAIN_FILE.*mingw' "$build/CMakeCache.txt"; then
  windows_checks
else
  linux_checks
fi
echo "check-install: ok"
