#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every source, build and script file of the project carries the SPDX line
# of its license (LICENSE: MIT). Fuzz corpus inputs are data, not source.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
missing=0
while IFS= read -r f; do
  case "$f" in
  tests/fuzz/corpus/*) continue ;;
  *.c | *.h | *.in | *.py | *.sh | *.cmake | *.1 | *.yml | CMakeLists.txt | */CMakeLists.txt) ;;
  *) continue ;;
  esac
  if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: MIT'; then
    echo "check-license: no SPDX line in $f" >&2
    missing=1
  fi
done < <(git ls-files)
[ -f LICENSE ] || { echo "check-license: LICENSE missing" >&2; missing=1; }
[ $missing -eq 0 ] && echo "check-license: every source file carries SPDX-License-Identifier: MIT"
exit $missing
