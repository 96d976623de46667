#!/usr/bin/env node
// The module-boundary rule (issue 10), over the package.json dependency graph and the import statements:
//
//   apps → authority, k8s-sync, monitoring → vault-store, bundle-merge → pki-core → errors
//
// A project's `dependencies` (and its production imports) point only to projects of a lower layer; nothing depends
// on an app; a tool (tools/*: test peers, benchmarks; always private) is only ever a devDependency, imported by
// tests. Tests may use a library of any layer to set up fixtures (a devDependency). Every @mtlsctl import must
// be declared in package.json (production code: `dependencies`; tests: either), and no relative import may
// leave its project. Biome cannot express layers, so this is ours; run by each project's `lint` target.
//
// Usage: node scripts/check-boundaries.mjs [project-dir ...]   (no argument: every workspace project)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The layer of every project: a project may depend only on lower layers. Apps and tools are on top. */
export const LAYERS = {
  '@mtlsctl/errors': 0,
  '@mtlsctl/pki-core': 1,
  '@mtlsctl/vault-store': 2,
  '@mtlsctl/bundle-merge': 2,
  '@mtlsctl/authority': 3,
  '@mtlsctl/k8s-sync': 3,
  '@mtlsctl/monitoring': 3,
};
const APP_LAYER = 4;
const TOOL_LAYER = 5;

function workspaceDirs() {
  const globs = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
  return globs.flatMap((glob) => {
    const base = join(root, glob.replace(/\/\*$/, ''));
    return readdirSync(base)
      .map((name) => join(base, name))
      .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile());
  });
}

function layerOf(name, dir) {
  const kind = relative(root, dir).split('/')[0];
  if (kind === 'apps') return APP_LAYER;
  if (kind === 'tools') return TOOL_LAYER;
  return LAYERS[name];
}

function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Test code (tests, test support, a `./testing` subpath, benchmarks): may use devDependencies. */
function isTestFile(rel) {
  return /(^|\/)(test|test-support|testing|bench)\//.test(rel) || /\.test\.ts$/.test(rel) || /^vitest\.config\.ts$/.test(rel);
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"]([^'"]+)['"]/gm;

/** The problems of one project, as sentences. */
export function checkProject(dir, names) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const me = pkg.name;
  const myLayer = layerOf(me, dir);
  const problems = [];
  const where = relative(root, dir);
  if (myLayer === undefined) return [`${where}: ${me} has no layer: add it to LAYERS in scripts/check-boundaries.mjs`];
  if (myLayer === TOOL_LAYER && pkg.private !== true) problems.push(`${where}/package.json: a tool is never published: "private": true`);
  const deps = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@mtlsctl/'));
  const devDeps = Object.keys(pkg.devDependencies ?? {}).filter((d) => d.startsWith('@mtlsctl/'));
  for (const [dep, dev] of [...deps.map((d) => [d, false]), ...devDeps.map((d) => [d, true])]) {
    const depDir = names.get(dep);
    if (depDir === undefined) {
      problems.push(`${where}/package.json: ${dep} is not a workspace project`);
      continue;
    }
    const layer = layerOf(dep, depDir);
    if (layer === APP_LAYER) problems.push(`${where}/package.json: depends on the app ${dep} (nothing depends on an app)`);
    else if (layer === TOOL_LAYER && !dev && myLayer !== TOOL_LAYER) problems.push(`${where}/package.json: ${dep} is a tool: only a devDependency, for tests`);
    // A test may set up its fixtures with a library of any layer (a devDependency); production code may not.
    else if (layer !== TOOL_LAYER && !dev && layer >= myLayer) problems.push(`${where}/package.json: ${me} (layer ${myLayer}) may not depend on ${dep} (layer ${layer})`);
  }
  for (const file of sourceFiles(dir)) {
    const rel = relative(dir, file);
    const test = isTestFile(rel);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
      const at = `${where}/${rel}:${line}`;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        // Shared config: vitest.shared.ts; a project's build script may use the workspace's build scripts (scripts/).
        const shared = relative(root, target).startsWith('vitest.shared') || (!rel.startsWith('src/') && relative(root, target).startsWith('scripts/'));
        if (relative(dir, target).startsWith('..') && !shared) problems.push(`${at}: ${spec} leaves ${where}`);
        continue;
      }
      if (!spec.startsWith('@mtlsctl/')) continue;
      const dep = spec.split('/').slice(0, 2).join('/');
      if (dep === me) continue;
      if (deps.includes(dep) || ((test || myLayer === TOOL_LAYER) && devDeps.includes(dep))) continue;
      problems.push(`${at}: imports ${dep}, which package.json does not declare${devDeps.includes(dep) ? ' in dependencies (only tests may use a devDependency)' : ''}`);
    }
  }
  return problems;
}

const all = workspaceDirs();
const names = new Map(all.map((dir) => [JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, dir]));
const targets = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : all;
const problems = targets.flatMap((dir) => checkProject(dir, names));
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`boundaries: ${p}\n`);
  process.exit(1);
}
