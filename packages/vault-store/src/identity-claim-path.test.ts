import { thrown } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { identityClaimPath } from './identity-claim-path.js';
import { identityClaimCodec } from './record-codecs.js';
import { CorruptRecordError } from './errors/corrupt-record-error.js';
import { assertPathSegment } from './path-segment.js';

describe('identityClaimPath', () => {
  it('is one path per value regardless of case, a valid segment, and never holds the value itself', () => {
    const path = identityClaimPath('email', 'Alice@Example.com');
    expect(path).toBe(identityClaimPath('email', 'alice@example.COM'));
    expect(path).toMatch(/^claims\/emails\/[0-9a-f]{64}$/);
    expect(path).not.toContain('alice');
    expect(assertPathSegment(path.split('/')[2] as string, 'claim')).toBeTruthy();
    expect(identityClaimPath('username', 'Alice')).toMatch(/^claims\/usernames\//);
    expect(identityClaimPath('username', 'alice')).not.toBe(identityClaimPath('username', 'alice2'));
  });
});

describe('identityClaimCodec', () => {
  it('round-trips a claim, a released one (no claimant) included', () => {
    for (const claimant of ['Alice', '']) {
      const claim = { kind: 'username' as const, key: 'alice', claimant, claimantVersion: 3, claimedAt: '2026-01-15T10:00:00.000Z' };
      expect(identityClaimCodec.decode(identityClaimCodec.encode(claim), 'claims/usernames/x')).toEqual(claim);
    }
  });

  it('names the malformed field', () => {
    const data = { ...identityClaimCodec.encode({ kind: 'email', key: 'a@b.c', claimant: 'a', claimantVersion: 0, claimedAt: 'now' }), claimant_version: '-1' };
    const error = thrown(() => identityClaimCodec.decode(data, 'claims/emails/x'));
    expect(CorruptRecordError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('claimant_version');
  });
});
