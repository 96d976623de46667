#!/usr/bin/env node
// mtlsctl-sync-verifier: see apps/sync-verifier/README.md. Flags and environment: --help.
import { main } from '../dist/main.js';

main(process.argv.slice(2), process.env).catch((error) => {
  process.stderr.write(`mtlsctl-sync-verifier: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
