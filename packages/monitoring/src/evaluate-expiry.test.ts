import { describe, expect, it } from 'vitest';
import type { ClientInventory } from '@mtlsctl/vault-store';
import { evaluateExpiry } from './evaluate-expiry.js';

const now = new Date('2026-06-01T00:00:00Z');
const client = (username: string, notAfter: string, status: ClientInventory['status'] = 'active', created = '2020-01-01T00:00:00Z'): ClientInventory => ({
  username,
  email: '',
  serial: `${username}-serial`,
  notAfter,
  issuerFingerprint: 'ff',
  status,
  created,
});

describe('evaluateExpiry', () => {
  it('lists active certificates past or within the window by notAfter, soonest first, ignoring when they were created', () => {
    const items = evaluateExpiry(
      {
        clients: [
          client('late', '2026-08-01T00:00:00Z', 'active', '2026-05-31T00:00:00Z'),
          client('soon', '2026-06-20T12:00:00Z', 'active', '2025-06-20T00:00:00Z'),
          client('gone', '2026-05-30T00:00:00Z'),
          client('edge', '2026-07-01T00:00:00Z'),
          client('revoked', '2026-06-02T00:00:00Z', 'revoked'),
        ],
      },
      { now, withinDays: 30 },
    );
    expect(items.map((i) => [i.name, i.daysLeft, i.expired])).toEqual([
      ['gone', -2, true],
      ['soon', 19, false],
      ['edge', 30, false],
    ]);
  });

  it('includes CAs and CRLs (a CRL past nextUpdate makes HAProxy refuse the whole CA)', () => {
    const items = evaluateExpiry(
      {
        clients: [],
        cas: [
          { fingerprint: 'aa', subject: 'CN=Old', notAfter: new Date('2026-06-10T00:00:00Z'), role: 'rotated' },
          { fingerprint: 'bb', subject: 'CN=New', notAfter: new Date('2036-01-01T00:00:00Z'), role: 'active' },
        ],
        crls: [{ issuer: 'CN=New', issuerFingerprint: 'bb', nextUpdate: new Date('2026-05-31T00:00:00Z') }, { issuer: 'CN=Undated' }],
      },
      { now, withinDays: 30 },
    );
    expect(items).toEqual([
      { kind: 'crl', name: 'CN=New', id: 'bb', expiresAt: '2026-05-31T00:00:00.000Z', daysLeft: -1, expired: true },
      { kind: 'ca', name: 'CN=Old', id: 'aa', expiresAt: '2026-06-10T00:00:00.000Z', daysLeft: 9, expired: false },
    ]);
  });

  it('gives CRLs their own window when asked', () => {
    const crls = [{ issuer: 'CN=A', nextUpdate: new Date('2026-06-20T00:00:00Z') }];
    expect(evaluateExpiry({ clients: [], crls }, { now, withinDays: 30 })).toHaveLength(1);
    expect(evaluateExpiry({ clients: [], crls }, { now, withinDays: 30, crlWithinDays: 7 })).toEqual([]);
  });

  it('is empty when nothing ends within the window', () => {
    expect(evaluateExpiry({ clients: [client('a', '2027-01-01T00:00:00Z')] }, { now, withinDays: 30 })).toEqual([]);
  });
});
