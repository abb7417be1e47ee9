#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs every Debian package the xsock build and test matrix needs.
# Idempotent: packages already present are left alone, and the deb-src
# entry (needed to build cmocka for MinGW from Debian's source package)
# is written only once. Run as root on Debian 12 or later.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  clang libclang-rt-14-dev
  libcmocka-dev
  valgrind
  mingw-w64
  wine wine64
  dpkg-dev
  doxygen
  clang-format
  python3
  mandoc
  netbase
  python3-yaml
)

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "ci/deps.sh: must run as root (it calls apt-get)" >&2
    exit 1
  fi
}

# Adds a deb-src entry for the suites the machine already uses, so
# `apt-get source cmocka` works. Debian 12 keeps its sources in deb822 form.
add_deb_src() {
  local src=/etc/apt/sources.list.d/debian.sources
  local dst=/etc/apt/sources.list.d/xsock-deb-src.sources
  [ -f "$dst" ] && return 0
  if [ -f "$src" ]; then
    sed -e 's/^Types:.*/Types: deb-src/' "$src" >"$dst"
  else
    . /etc/os-release
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\n' \
      "$VERSION_CODENAME" >"$dst"
  fi
  echo "ci/deps.sh: added $dst"
  rm -f /var/lib/apt/xsock-updated
}

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

main() {
  need_root
  add_deb_src
  local missing
  missing=$(missing_packages)
  if [ -n "$missing" ] || [ ! -e /var/lib/apt/xsock-updated ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    touch /var/lib/apt/xsock-updated
  fi
  if [ -n "$missing" ]; then
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
  fi
  echo "ci/deps.sh: all ${#packages[@]} packages present"
}

main "$@"
