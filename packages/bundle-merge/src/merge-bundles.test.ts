import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { compareEntries } from './compare-entries.js';
import { mergeBundles } from './merge-bundles.js';
import { parseBundle } from './parse-bundle.js';
import { makeTestCa } from './test-support/test-pki.js';

const at = (iso: string) => new Date(iso);
let a: BundleEntry; // notBefore 2024
let b: BundleEntry; // notBefore 2025
let twinX: BundleEntry; // notBefore 2026, same instant as twinY
let twinY: BundleEntry;

beforeAll(async () => {
  const make = async (name: string, notBefore: string) =>
    parseBundle((await makeTestCa({ name, notBefore: at(notBefore), notAfter: at('2040-01-01T00:00:00Z') })).cert)[0] as BundleEntry;
  [a, b, twinX, twinY] = await Promise.all([
    make('CN=A', '2024-01-01T00:00:00Z'),
    make('CN=B', '2025-01-01T00:00:00Z'),
    make('CN=Twin X', '2026-01-01T00:00:00Z'),
    make('CN=Twin Y', '2026-01-01T00:00:00Z'),
  ]);
});

const names = (entries: readonly BundleEntry[]) => entries.map((entry) => entry.subject);

describe('mergeBundles', () => {
  it('orders by notBefore, then by fingerprint when two CAs start at the same instant', () => {
    const twins = [twinX, twinY].sort((p, q) => (p.fingerprint < q.fingerprint ? -1 : 1)).map((e) => e.subject);
    expect(names(mergeBundles([twinY, b, twinX, a]))).toEqual(['CN=A', 'CN=B', ...twins]);
  });

  it.each([
    ['one list, shuffled', () => [[twinY, a, twinX, b]]],
    ['one list, reversed', () => [[twinY, twinX, b, a]]],
    ['two lists', () => [[b, twinX], [a, twinY]]],
    ['two lists swapped', () => [[a, twinY], [b, twinX]]],
    ['four single lists', () => [[twinX], [a], [twinY], [b]]],
    ['with duplicates across and within lists', () => [[a, a, b], [b, twinX, twinY, a], [twinY]]],
  ])('gives the same result whatever the input order: %s', (_name, lists) => {
    expect(mergeBundles(...lists()).map((e) => e.fingerprint)).toEqual(mergeBundles([a, b, twinX, twinY]).map((e) => e.fingerprint));
  });

  it.each([
    ['the same list twice', () => [[a, b], [a, b]], 2],
    ['a certificate repeated inside one list', () => [[a, a, a]], 1],
    ['the same certificate parsed from two different PEM texts', () => [[a], parseBundle(`\r\n${a.pem.replace(/\n/g, '\r\n')}`)], 1],
    ['nothing', () => [], 0],
    ['empty lists', () => [[], []], 0],
  ])('dedupes by the SHA-256 of the DER: %s', (_name, lists, count) => {
    expect(mergeBundles(...lists())).toHaveLength(count);
  });

  it('does not modify its inputs', () => {
    const input = [b, a];
    mergeBundles(input);
    expect(input).toEqual([b, a]);
  });
});

describe('compareEntries', () => {
  it('is zero only for the same certificate', () => {
    expect(compareEntries(a, a)).toBe(0);
    expect(compareEntries(twinX, twinY)).not.toBe(0);
    expect(Math.sign(compareEntries(twinX, twinY))).toBe(-Math.sign(compareEntries(twinY, twinX)));
  });
});
