#!/usr/bin/env node
// mtlsctl-sync-verifier: see apps/sync-verifier/README.md. Flags and environment: --help.
await import('../dist/bundle/mtlsctl-sync-verifier.js');
