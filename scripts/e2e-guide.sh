#!/usr/bin/env bash
# The deployment guide end to end (`npm run e2e:guide`): installs the peers (bao, kube-apiserver + etcd +
# kubectl, the ESO controller, haproxy) if missing, builds the CLI, then runs apps/cli/test/guide-e2e.test.ts:
# the guide's commands in order with `bao` as `vault`, the real kubectl and apiserver, ESO syncing, haproxy.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
bash scripts/ensure-deps.sh
npx nx run cli:build --outputStyle=static
npx vitest run --project cli test/guide-e2e.test.ts "$@"
