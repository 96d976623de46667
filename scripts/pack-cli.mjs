#!/usr/bin/env node
// Packs the `mtlsctl` CLI into one tarball that installs without the monorepo:
//   npm install -g ./mtlsctl-cli-<version>.tgz
// The internal @mtlsctl/* packages it needs are bundled inside it (bundleDependencies), never looked up in the
// registry: they are not published there, and a registry lookup of an unpublished scope is a dependency-confusion
// hole. npm counts every dependency of a bundled package as part of the bundle (it never fetches them at install),
// so their third-party dependencies are installed from the registry into the staged package at pack time and
// travel in the tarball; the CLI's other dependencies (oclif) are resolved from the registry at install time.
// Run after `npm run build`.
//
// Usage: node scripts/pack-cli.mjs [out-dir]   (default: ./pack); prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = resolve(process.argv[2] ?? 'pack');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every workspace package by name: its directory and manifest. */
const workspaces = new Map();
for (const pattern of readJson(join(root, 'package.json')).workspaces) {
  const base = join(root, pattern.replace(/\/\*$/, ''));
  for (const entry of existsSync(base) ? readdirSync(base) : []) {
    const manifest = join(base, entry, 'package.json');
    if (existsSync(manifest)) workspaces.set(readJson(manifest).name, { dir: join(base, entry), pkg: readJson(manifest) });
  }
}

const cli = workspaces.get('@mtlsctl/cli');
const internal = (deps) => Object.keys(deps ?? {}).filter((name) => workspaces.has(name));

// The internal packages the CLI needs at run time, transitively.
const bundled = new Set();
const queue = internal(cli.pkg.dependencies);
while (queue.length) {
  const name = queue.shift();
  if (bundled.has(name)) continue;
  bundled.add(name);
  queue.push(...internal(workspaces.get(name).pkg.dependencies));
}

// Third-party dependencies of the CLI and of every bundled package, one range each.
const dependencies = {};
for (const name of ['@mtlsctl/cli', ...bundled]) {
  for (const [dep, range] of Object.entries(workspaces.get(name).pkg.dependencies ?? {})) {
    if (workspaces.has(dep)) continue;
    if (dependencies[dep] && dependencies[dep] !== range) throw new Error(`${dep} is wanted as ${dependencies[dep]} and ${range} (${name}): use one range`);
    dependencies[dep] = range;
  }
}

for (const name of ['@mtlsctl/cli', ...bundled]) {
  const { dir } = workspaces.get(name);
  if (!existsSync(join(dir, 'dist'))) throw new Error(`${name} is not built (no ${join(dir, 'dist')}): run \`npm run build\` first`);
}

const work = mkdtempSync(join(tmpdir(), 'mtlsctl-pack-'));
try {
  /** `npm pack` of one workspace package, unpacked into `into`. */
  const unpack = (name, into) => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', workspaces.get(name).dir, '--pack-destination', work, '--json', '--silent'], { encoding: 'utf8' }));
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['xzf', join(work, packed.filename), '-C', into, '--strip-components=1']);
  };
  const stage = join(work, 'cli');
  unpack('@mtlsctl/cli', stage);

  const pkg = readJson(join(stage, 'package.json'));
  // First the third-party dependencies alone, from the registry, then the bundled packages beside them.
  pkg.dependencies = sortKeys(dependencies);
  delete pkg.devDependencies;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', '--silent'], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const name of bundled) unpack(name, join(stage, 'node_modules', ...name.split('/')));
  pkg.dependencies = { ...Object.fromEntries([...bundled].sort().map((name) => [name, workspaces.get(name).pkg.version])), ...sortKeys(dependencies) };
  pkg.bundleDependencies = [...bundled].sort();
  delete pkg.devDependencies;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

  mkdirSync(outDir, { recursive: true });
  const [tarball] = JSON.parse(execFileSync('npm', ['pack', stage, '--pack-destination', outDir, '--json', '--silent'], { encoding: 'utf8' }));
  process.stdout.write(join(outDir, tarball.filename) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
