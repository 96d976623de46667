import { createRootCa, fingerprintSha256, generateKeyPair } from '@mtlsctl/pki-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateBundleDrift } from './evaluate-bundle-drift.js';

const now = new Date('2026-06-01T00:00:00Z');
let a: string;
let b: string;
beforeAll(async () => {
  const ca = async (subject: string) => createRootCa({ subject, keys: await generateKeyPair('p256'), now });
  [a, b] = await Promise.all([ca('CN=A'), ca('CN=B')]);
});
const fp = (pem: string) => fingerprintSha256(pem);

describe('evaluateBundleDrift', () => {
  it('is in sync when the Secret holds the same CAs, whatever the order or duplicates', () => {
    expect(evaluateBundleDrift(a + b, b + a + b)).toEqual({ inSync: true, missing: [], extra: [] });
  });

  it('names a CA added in Vault that the Secret lacks, and one the Secret still has', () => {
    expect(evaluateBundleDrift(a + b, a)).toEqual({ inSync: false, missing: [fp(b)], extra: [] });
    expect(evaluateBundleDrift(a, a + b)).toEqual({ inSync: false, missing: [], extra: [fp(b)] });
  });

  it('treats a missing Secret or a tls.crt that is not a bundle as drift, with the reason', () => {
    expect(evaluateBundleDrift(a, undefined)).toMatchObject({ inSync: false, missing: [fp(a)], problem: 'the Secret or its tls.crt key is missing' });
    expect(evaluateBundleDrift(a, 'edited by hand')).toMatchObject({ inSync: false, missing: [fp(a)], problem: expect.stringMatching(/^its tls.crt is not a certificate bundle/) });
  });
});
