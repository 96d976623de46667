import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { filterBundle, type BundleFilter } from './filter-bundle.js';
import { parseBundle } from './parse-bundle.js';
import { makeTestCa } from './test-support/test-pki.js';

const at = (iso: string) => new Date(iso);
let liveCa: BundleEntry; // valid until 2030-01-01
let expiredCa: BundleEntry; // valid until 2020-01-01
let liveLeaf: BundleEntry; // not a CA
let expiredLeaf: BundleEntry; // not a CA, expired

beforeAll(async () => {
  const ca = await makeTestCa({ name: 'CN=Live CA', notBefore: at('2019-01-01T00:00:00Z'), notAfter: at('2030-01-01T00:00:00Z') });
  const old = await makeTestCa({ name: 'CN=Expired CA', notBefore: at('2015-01-01T00:00:00Z'), notAfter: at('2020-01-01T00:00:00Z') });
  const leaf = await ca.issue({ name: 'CN=leaf', notBefore: at('2019-06-01T00:00:00Z'), notAfter: at('2029-01-01T00:00:00Z') });
  const oldLeaf = await ca.issue({ name: 'CN=old leaf', notBefore: at('2019-06-01T00:00:00Z'), notAfter: at('2019-12-01T00:00:00Z') });
  [liveCa, expiredCa, liveLeaf, expiredLeaf] = parseBundle(ca.cert + old.cert + leaf.cert + oldLeaf.cert) as [BundleEntry, BundleEntry, BundleEntry, BundleEntry];
});

const names = (entries: readonly { subject: string }[]) => entries.map((entry) => entry.subject);

describe('filterBundle', () => {
  const now = at('2025-01-01T00:00:00Z');
  it.each<[string, BundleFilter, string[], [string, string[]][]]>([
    ['nothing asked: keeps everything', {}, ['CN=Live CA', 'CN=Expired CA', 'CN=leaf', 'CN=old leaf'], []],
    ['dropExpired', { dropExpired: now }, ['CN=Live CA', 'CN=leaf'], [['CN=Expired CA', ['expired']], ['CN=old leaf', ['expired']]]],
    ['dropNonCa', { dropNonCa: true }, ['CN=Live CA', 'CN=Expired CA'], [['CN=leaf', ['not-ca']], ['CN=old leaf', ['not-ca']]]],
    ['dropNonCa: false', { dropNonCa: false }, ['CN=Live CA', 'CN=Expired CA', 'CN=leaf', 'CN=old leaf'], []],
    [
      'both, with every reason that applies',
      { dropExpired: now, dropNonCa: true },
      ['CN=Live CA'],
      [['CN=Expired CA', ['expired']], ['CN=leaf', ['not-ca']], ['CN=old leaf', ['expired', 'not-ca']]],
    ],
  ])('%s', (_name, filter, kept, dropped) => {
    const result = filterBundle([liveCa, expiredCa, liveLeaf, expiredLeaf], filter);
    expect(names(result.kept)).toEqual(kept);
    expect(result.dropped.map((d) => [d.entry.subject, d.reasons])).toEqual(dropped);
  });

  it.each([
    ['one millisecond before notAfter', '2029-12-31T23:59:59.999Z', true],
    ['exactly at notAfter', '2030-01-01T00:00:00.000Z', true],
    ['one millisecond after notAfter', '2030-01-01T00:00:00.001Z', false],
  ])('decides by notAfter to the millisecond: %s (%s) keeps the CA: %s', (_name, iso, keeps) => {
    expect(names(filterBundle([liveCa], { dropExpired: at(iso) }).kept)).toEqual(keeps ? ['CN=Live CA'] : []);
  });
});
