import { describe, expect, it } from 'vitest';
import type { TrustedCa } from '@mtlsctl/vault-store';
import { InvalidFingerprintError, TrustedCaNotFoundError } from './errors/index.js';
import { resolveTrustedCa } from './resolve-trusted-ca.js';

const ca = (fingerprint: string): TrustedCa => ({ fingerprint, subject: 'CN=x', notAfter: '2030-01-01T00:00:00Z', role: 'rotated', addedAt: '2026-01-01T00:00:00Z', certificatePem: '' });
const trusted = [ca(`abcd1234${'0'.repeat(56)}`), ca(`abcd5678${'1'.repeat(56)}`)];

describe('resolveTrustedCa', () => {
  it('finds a CA by an unambiguous prefix, colons and case ignored', () => {
    expect(resolveTrustedCa(trusted, 'AB:CD:12:34').fingerprint).toBe(trusted[0]?.fingerprint);
  });

  it.each(['xyz', 'abcd12', 'abcd123g', ''])('a malformed fingerprint (%j) is bad input (exit 2), not "not found" (exit 3)', (bad) => {
    expect(() => resolveTrustedCa(trusted, bad)).toThrow(InvalidFingerprintError);
    expect(() => resolveTrustedCa(trusted, bad)).not.toThrow(TrustedCaNotFoundError);
  });

  it('a well-formed fingerprint that matches none is not found', () => {
    expect(() => resolveTrustedCa(trusted, 'ffffffff')).toThrow(TrustedCaNotFoundError);
  });
});
