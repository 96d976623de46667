import type { BundleEntry } from './bundle-entry.js';
import type { BundleDiff } from './diff-bundles.js';

/**
 * Renders a {@link BundleDiff} for humans: one block per added (`+`) or removed (`-`) certificate with its
 * subject, validity and full SHA-256 fingerprint, then a count of unchanged certificates. Deterministic
 * (dates in UTC), ends with a newline.
 *
 * @param diff - from {@link diffBundles}
 * @example
 * process.stdout.write(renderBundleDiff(diffBundles(before, after)));
 * // + CN=Acme Client CA 2026 (CA)
 * //     valid 2026-01-01T00:00:00Z .. 2036-01-01T00:00:00Z
 * //     sha256 3f2a...
 * //   1 certificate unchanged
 */
export function renderBundleDiff(diff: BundleDiff): string {
  if (diff.added.length === 0 && diff.removed.length === 0) {
    return `no change (${count(diff.unchanged.length)} unchanged)\n`;
  }
  const lines = [
    ...diff.added.flatMap((entry) => describe('+', entry)),
    ...diff.removed.flatMap((entry) => describe('-', entry)),
    `  ${count(diff.unchanged.length)} unchanged`,
  ];
  return `${lines.join('\n')}\n`;
}

function describe(sign: '+' | '-', entry: BundleEntry): string[] {
  return [
    `${sign} ${entry.subject}${entry.isCa ? ' (CA)' : ' (not a CA)'}`,
    `    valid ${utc(entry.notBefore)} .. ${utc(entry.notAfter)}`,
    `    sha256 ${entry.fingerprint}`,
  ];
}

function utc(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function count(n: number): string {
  return n === 1 ? '1 certificate' : `${n} certificates`;
}
