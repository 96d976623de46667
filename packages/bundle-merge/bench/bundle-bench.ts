// Measures bundle-merge on large inputs: `npm run bench -w @mtlsctl/bundle-merge [-- <count>]`.
// The certificates are generated once (ECDSA P-256 CAs from one issuer) and cached in the OS temp dir.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  diffBundles,
  parseBundle,
  renderBundleDiff,
  renderHaproxyDenyRules,
  type BundleEntry,
} from '../src/index.js';
import { makeTestCa } from '../src/test-support/test-pki.js';

const count = Number(process.argv[2] ?? 10_000);
const cache = join(tmpdir(), `mtlsctl-bundle-bench-${count}.pem`);

async function bundleText(): Promise<string> {
  if (existsSync(cache)) return readFile(cache, 'utf8');
  const started = performance.now();
  const root = await makeTestCa({ name: 'CN=bench root' });
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = 86_400_000;
    const notBefore = new Date(Date.UTC(2024, 0, 1) + (i % 365) * day);
    parts.push((await root.issue({ name: `CN=bench CA ${i}`, isCa: true, notBefore, notAfter: new Date(notBefore.getTime() + 3650 * day) })).cert);
  }
  const text = parts.join('');
  await writeFile(cache, text);
  console.log(`generated ${count} certificates in ${((performance.now() - started) / 1000).toFixed(1)} s (cached in ${cache})`);
  return text;
}

function measure<T>(label: string, run: () => T, rounds = 5): T {
  let result = run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    result = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms  (min ${times[0]?.toFixed(1)}, max ${times[times.length - 1]?.toFixed(1)})`);
  return result;
}

const text = await bundleText();
console.log(`node ${process.version}, ${count} certificates, ${(text.length / 1e6).toFixed(1)} MB of PEM`);
const entries: BundleEntry[] = measure(`parseBundle(${count} certificates)`, () => parseBundle(text), 3);
const half = Math.floor(count / 2);
const older = entries.slice(0, Math.floor(count * 0.75));
const newer = entries.slice(half);
measure(`diffBundles(${older.length} -> ${newer.length})`, () => diffBundles(older, newer));
measure('renderBundleDiff(that diff)', () => renderBundleDiff(diffBundles(older, newer)));
measure(`renderHaproxyDenyRules(${count} serials)`, () => renderHaproxyDenyRules(entries.map((entry) => ({ serial: entry.serialNumber }))));
