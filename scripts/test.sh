#!/usr/bin/env bash
# The one command that runs every test (README quick start, .ci/run): installs what is
# missing, builds every project (the CLI tests run the built binary), type-checks, lints, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
bash scripts/ensure-deps.sh
echo "==> build, typecheck and lint (Biome + module boundaries)"
npx nx run-many -t build typecheck lint --outputStyle=static
echo "==> tests"
npx vitest run "$@"
