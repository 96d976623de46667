#!/usr/bin/env bash
# The README's first command: installs and builds what is needed, then runs `mtlsctl quickstart`
# on the embedded directory store in a fresh directory (./.quickstart unless MTLSCTL_HOME is set).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false MTLSCTL_SKIP_PEERS=1
bash scripts/ensure-deps.sh
npx nx run cli:build --outputStyle=static >/dev/null
export MTLSCTL_HOME="${MTLSCTL_HOME:-$PWD/.quickstart}"
exec node apps/cli/bin/run.js quickstart --dir "$MTLSCTL_HOME" "$@"
