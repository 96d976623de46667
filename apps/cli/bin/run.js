#!/usr/bin/env node
// The bundled CLI (dist/bundle, built by `npm run build -w @mtlsctl/cli`): one file for oclif and what
// `--version`/`--help` need, each command and the libraries it uses in chunks loaded on demand.
const { run } = await import('../dist/bundle/run.js');
await run(import.meta.url);
