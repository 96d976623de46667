#!/usr/bin/env bash
# Builds the Go peers the tests run, each from its wrapper module in tools/go-peers/<peer>/ (our go.mod,
# go.sum and a tiny main.go calling the upstream command's entry point; the modules come from the Go module
# proxy), into $MTLSCTL_CACHE/bin/<peer>-<hash>, outside the clone. <hash> is the first 16 hex digits of
# sha256(go.mod + go.sum + main.go), the same key tools/peers `goPeerBinary()` computes, so a rerun with an
# unchanged wrapper is instant and a changed wrapper is rebuilt. The peer `eso` also gets ESO's CRDs copied
# from its module into $MTLSCTL_CACHE/bin/eso-<hash>.crds/ (before the build, so the apiserver tests need
# only the module, not the controller).
# Usage: install-go-peers.sh [peer...]   (default: every directory of tools/go-peers)
# Environment: MTLSCTL_CACHE (default ~/.cache/mtlsctl); GOMODCACHE/GOCACHE as Go's defaults.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${MTLSCTL_CACHE:-$HOME/.cache/mtlsctl}"
bin="$cache/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "error: the Kubernetes/ESO test peers are built with Go (1.24 or later): install Go (https://go.dev/dl) and run again." >&2
  exit 1
fi

peers=("$@")
if [ ${#peers[@]} -eq 0 ]; then
  for dir in "$root"/tools/go-peers/*/; do peers+=("$(basename "$dir")"); done
fi

mkdir -p "$bin"
for peer in "${peers[@]}"; do
  src="$root/tools/go-peers/$peer"
  hash="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
  out="$bin/$peer-$hash"
  # -mod=readonly: the committed go.sum is the whole truth; never resolve anything new here.
  export GOFLAGS="-mod=readonly -buildvcs=false"
  if [ "$peer" = eso ] && [ ! -f "$out.crds/.complete" ]; then
    moddir="$(cd "$src" && go mod download -json github.com/external-secrets/external-secrets | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    rm -rf "$out.crds" && mkdir -p "$out.crds"
    cp "$moddir"/config/crds/bases/*external-secrets.io_*.yaml "$out.crds/"
    chmod -R u+w "$out.crds" && touch "$out.crds/.complete"
  fi
  [ -x "$out" ] && continue
  echo "==> go build tools/go-peers/$peer -> $out (first time only: tens of minutes on 2 cores)"
  start=$SECONDS
  (cd "$src" && go build -trimpath -o "$out.tmp" .)
  # The binary is moved into place last, so an interrupted build is redone on the next run.
  mv "$out.tmp" "$out"
  echo "    built in $((SECONDS - start)) s"
done
