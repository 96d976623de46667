// Bundles the CLI with esbuild for start-up speed (issue 13). Two builds into dist/bundle/:
//  - oclif.js: @oclif/core in one file (instead of ~190 CommonJS files), re-exporting every name it exports;
//  - run.js and one file per command (commands/<topic>/<name>.js), each with the libraries it uses, tree-shaken,
//    and importing oclif through the package's own `@mtlsctl/cli/oclif` export, so that the runtime and every
//    command share one copy of it (one Command class, one Errors module);
//  - lazy/<package>.js: a workspace package a command imports dynamically (`await import('@mtlsctl/vault-store')`
//    for Vault only), in its own file, so that a directory-store run never parses node-vault and axios. Its
//    classes are a second copy of those a command imports statically: our errors are recognised by their global
//    markers (`isInstance`), not by prototype, and the store port is an interface, so the copies mix.
// A command file is loaded only when that command runs: `--version` and `--help` read oclif.manifest.json
// (write-manifest.mjs). oclif plugins stay in node_modules and load through their own package.json and manifest.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from '../../../scripts/esbuild-node-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const out = join(root, 'dist', 'bundle');

const common = {
  ...nodeBundleOptions(root),
  // oclif requires typescript / ts-node only to run a plugin from its TypeScript sources in development.
  external: ['typescript', 'ts-node', 'tsx'],
};

/** Every command module under src/commands. */
function commandFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return commandFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

rmSync(out, { recursive: true, force: true });

const oclifNames = Object.keys(createRequire(join(root, 'package.json'))('@oclif/core')).filter((name) => name !== 'default' && name !== '__esModule');
await build({
  ...common,
  stdin: { contents: `export { ${oclifNames.join(', ')} } from '@oclif/core';`, resolveDir: root, sourcefile: 'oclif.js' },
  outfile: join(out, 'oclif.js'),
});

const lazyPackages = ['vault-store', 'k8s-sync'];
await build({
  ...common,
  entryPoints: Object.fromEntries(lazyPackages.map((name) => [name, `@mtlsctl/${name}`])),
  outdir: join(out, 'lazy'),
  conditions: ['@mtlsctl/source'],
});

// The help class and hooks package.json names (oclif.helpClass, oclif.hooks) load through the shared oclif too.
// workers/credentials-worker.js: the entry of `user issue --from`'s worker threads (commands/user/issue.js names it).
const entryPoints = {
  run: join(src, 'run.ts'),
  help: join(src, 'help.ts'),
  'hooks/command-not-found': join(src, 'hooks/command-not-found.ts'),
  'workers/credentials-worker': join(src, 'workers/credentials-worker.ts'),
};
for (const file of commandFiles(join(src, 'commands'))) entryPoints[relative(src, file).replace(/\.ts$/, '')] = file;
const result = await build({
  ...common,
  entryPoints,
  outdir: out,
  // The workspace packages are bundled from their TypeScript sources (the condition vitest uses too).
  conditions: ['@mtlsctl/source'],
  // Plugins (and their own @oclif/core) load from node_modules at run time.
  external: [...common.external, '@oclif/plugin-*'],
  plugins: [
    {
      name: 'shared-oclif',
      setup(b) {
        b.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: '@mtlsctl/cli/oclif', external: true }));
        b.onResolve({ filter: new RegExp(`^@mtlsctl/(${lazyPackages.join('|')})$`) }, (args) =>
          args.kind === 'dynamic-import' ? { path: `@mtlsctl/cli/lazy/${args.path.slice('@mtlsctl/'.length)}`, external: true } : undefined,
        );
      },
    },
  ],
  metafile: Boolean(process.env.MTLSCTL_BUNDLE_META),
});
if (result.metafile) (await import('node:fs')).writeFileSync(process.env.MTLSCTL_BUNDLE_META, JSON.stringify(result.metafile));
