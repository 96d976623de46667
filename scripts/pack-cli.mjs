#!/usr/bin/env node
// Packs the `mtlsctl` CLI into one tarball that installs without the monorepo:
//   npm install -g ./mtlsctl-cli-<version>.tgz
// The internal @mtlsctl/* packages travel inside it, bundled by esbuild into dist/bundle (apps/cli/scripts/bundle.mjs):
// they are not published, so the packed package.json drops them from `dependencies` — a registry lookup of an
// unpublished scope would be a dependency-confusion hole. What the bundle loads from node_modules at run time (the
// oclif plugins with their @oclif/core, yaml) stays in `dependencies`, resolved from the registry at install time.
// Run after `npm run build`.
//
// Usage: node scripts/pack-cli.mjs [out-dir]   (default: ./pack); prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliDir = join(root, 'apps/cli');
const outDir = resolve(process.argv[2] ?? 'pack');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

for (const built of ['dist/bundle/run.js', 'oclif.manifest.json']) {
  if (!existsSync(join(cliDir, built))) throw new Error(`apps/cli/${built} is missing: run \`npm run build\` first`);
}
// The bundle must not import a workspace package from node_modules (only itself, through its exports).
for (const file of readdirSync(join(cliDir, 'dist/bundle'), { recursive: true }).filter((f) => f.endsWith('.js'))) {
  const foreign = /["'](@mtlsctl\/(?!cli\/)[\w-]+)/.exec(readFileSync(join(cliDir, 'dist/bundle', file), 'utf8'));
  if (foreign) throw new Error(`dist/bundle/${file} imports ${foreign[1]} at run time: it must be bundled`);
}

const work = mkdtempSync(join(tmpdir(), 'mtlsctl-pack-'));
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', cliDir, '--pack-destination', work, '--json', '--silent'], { encoding: 'utf8' }));
  const stage = join(work, 'cli');
  mkdirSync(stage);
  execFileSync('tar', ['xzf', join(work, packed.filename), '-C', stage, '--strip-components=1']);
  const pkg = readJson(join(stage, 'package.json'));
  pkg.dependencies = Object.fromEntries(Object.entries(pkg.dependencies ?? {}).filter(([name]) => !name.startsWith('@mtlsctl/')));
  delete pkg.devDependencies;
  delete pkg.scripts;
  delete pkg.nx;
  // The tsc output beside the bundle imports the workspace packages: only the bundle ships.
  pkg.files = ['bin', 'dist/bundle', 'dist/index.js', 'dist/index.d.ts', 'oclif.manifest.json', 'README.md'];
  writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  mkdirSync(outDir, { recursive: true });
  const [tarball] = JSON.parse(execFileSync('npm', ['pack', stage, '--pack-destination', outDir, '--json', '--silent'], { encoding: 'utf8' }));
  process.stdout.write(join(outDir, tarball.filename) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
