#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The C sources follow .clang-format: a dry run over every tracked C file
# fails on any difference. Fix with:  clang-format -i <file>
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.c' '*.h')
if [ "${#files[@]}" -eq 0 ]; then
  echo "check-format: no C files found (not a git checkout?)"
  exit 1
fi
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "check-format: FAILED (run clang-format -i on the files above)"
  exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"
