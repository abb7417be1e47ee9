#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the manual pages man/*.1 (mdoc): mandoc lints them with no message
# at warning level or above and, given BIN_DIR (a Linux build's bin folder
# with the programs that have a page), every option
# that a program's --help names (--long or -x) is one its page shows with Fl.
# Needs mandoc. Usage: ci/check-man.sh [BIN_DIR]
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=${1:-}
failed=0

# The options among the words of stdin: --long and -x (one letter; a
# grouped "-xyz" or a negative number is no option name).
options() {
  tr -c 'A-Za-z0-9-' '\n' | grep -E '^(--[A-Za-z][A-Za-z0-9-]*|-[A-Za-z])$' |
    sort -u || true
}

# (a) Lint: any message at warning level or above fails.
lint=$(mandoc -T lint -W warning "$root"/man/*.1 2>&1) || failed=1
if [ -n "$lint" ]; then
  printf '%s\n' "$lint" >&2
  failed=1
fi

# (b) Every option of --help is in the page. mandoc's HTML output gives each
# Fl macro as an element of class "Fl" (<code class="Fl">-x</code> in
# mandoc 1.14.6), its escapes resolved.
if [ -n "$bin_dir" ]; then
  for prog in xsock-echo-server xsock-echo-client xsock-addr xsock-time \
    xsock-services; do
    page="$root/man/$prog.1"
    if [ ! -x "$bin_dir/$prog" ] || [ ! -f "$page" ]; then
      echo "check-man: $bin_dir/$prog or $page missing" >&2
      failed=1
      continue
    fi
    if ! help=$("$bin_dir/$prog" --help) || [ -z "$(options <<<"$help")" ]; then
      echo "check-man: $prog --help failed or names no option" >&2
      failed=1
      continue
    fi
    in_page=$(mandoc -T html "$page" |
      grep -oE '<[a-z]+ class="Fl">[^<]*<' | sed 's/<[^>]*>//; s/<$//' | options)
    while IFS= read -r opt; do
      echo "check-man: $prog --help has $opt, missing from man/$prog.1" >&2
      failed=1
    done < <(comm -23 <(options <<<"$help") <(printf '%s\n' "$in_page"))
  done
fi

if [ "$failed" -ne 0 ]; then
  echo "check-man: FAILED" >&2
  exit 1
fi
echo "check-man: ok"
