#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every public function, type and macro in include/xsock is documented:
# Doxygen over the headers with warnings as errors (docs/Doxyfile).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rm -rf build/docs
mkdir -p build
if ! doxygen docs/Doxyfile >build/doxygen.log 2>&1 || [ -s build/doxygen.log ]; then
  cat build/doxygen.log
  echo "check-docs: FAILED (Doxygen warnings above)"
  exit 1
fi
echo "check-docs: every public declaration is documented"
