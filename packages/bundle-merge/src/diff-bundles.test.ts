import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { diffBundles, isEmptyDiff } from './diff-bundles.js';
import { parseBundle } from './parse-bundle.js';
import { renderBundleDiff } from './render-bundle-diff.js';
import { makeTestCa } from './test-support/test-pki.js';

const at = (iso: string) => new Date(iso);
let oldCa: BundleEntry;
let newCa: BundleEntry;
let thirdCa: BundleEntry;

beforeAll(async () => {
  const make = async (name: string, from: string, to: string) =>
    parseBundle((await makeTestCa({ name, notBefore: at(from), notAfter: at(to) })).cert)[0] as BundleEntry;
  [oldCa, newCa, thirdCa] = await Promise.all([
    make('C=FR, O=Acme, CN=Old CA', '2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    make('C=FR, O=Acme, CN=New CA', '2025-01-01T00:00:00Z', '2035-01-01T00:00:00Z'),
    make('C=FR, O=Acme, CN=Third CA', '2025-06-01T12:30:00Z', '2035-06-01T12:30:00Z'),
  ]);
});

const subjects = (entries: readonly BundleEntry[]) => entries.map((entry) => entry.subject);

describe('diffBundles', () => {
  it.each<[string, () => BundleEntry[], () => BundleEntry[], string[], string[], string[]]>([
    ['a CA added (migration starts)', () => [oldCa], () => [oldCa, newCa], ['C=FR, O=Acme, CN=New CA'], [], ['C=FR, O=Acme, CN=Old CA']],
    ['a CA removed (migration ends)', () => [oldCa, newCa], () => [newCa], [], ['C=FR, O=Acme, CN=Old CA'], ['C=FR, O=Acme, CN=New CA']],
    ['a CA replaced', () => [oldCa], () => [newCa], ['C=FR, O=Acme, CN=New CA'], ['C=FR, O=Acme, CN=Old CA'], []],
    ['only the order changed', () => [oldCa, newCa], () => [newCa, oldCa], [], [], ['C=FR, O=Acme, CN=Old CA', 'C=FR, O=Acme, CN=New CA']],
    ['only duplicates changed', () => [oldCa], () => [oldCa, oldCa], [], [], ['C=FR, O=Acme, CN=Old CA']],
    ['from nothing', () => [], () => [thirdCa, newCa], ['C=FR, O=Acme, CN=New CA', 'C=FR, O=Acme, CN=Third CA'], [], []],
    ['to nothing', () => [oldCa], () => [], [], ['C=FR, O=Acme, CN=Old CA'], []],
  ])('%s', (_name, before, after, added, removed, unchanged) => {
    const diff = diffBundles(before(), after());
    expect([subjects(diff.added), subjects(diff.removed), subjects(diff.unchanged)]).toEqual([added, removed, unchanged]);
    expect(isEmptyDiff(diff)).toBe(added.length === 0 && removed.length === 0);
  });
});

describe('renderBundleDiff', () => {
  it('lists added and removed CAs with subject, validity and full fingerprint, then the unchanged count', () => {
    const text = renderBundleDiff(diffBundles([oldCa, thirdCa], [thirdCa, newCa]));
    expect(text).toBe(
      [
        '+ C=FR, O=Acme, CN=New CA (CA)',
        '    valid 2025-01-01T00:00:00Z .. 2035-01-01T00:00:00Z',
        `    sha256 ${newCa.fingerprint}`,
        '- C=FR, O=Acme, CN=Old CA (CA)',
        '    valid 2020-01-01T00:00:00Z .. 2030-01-01T00:00:00Z',
        `    sha256 ${oldCa.fingerprint}`,
        '  1 certificate unchanged',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [() => [oldCa, newCa], 'no change (2 certificates unchanged)\n'],
    [() => [oldCa], 'no change (1 certificate unchanged)\n'],
    [() => [], 'no change (0 certificates unchanged)\n'],
  ])('says there is no change when the bundles hold the same CAs (%#)', (entries, expected) => {
    expect(renderBundleDiff(diffBundles(entries(), [...entries()].reverse()))).toBe(expected);
  });
});
