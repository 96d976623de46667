import { describe, expect, it } from 'vitest';
import { renderEsoTokenRevoke } from './eso-token.js';
import { renderer } from './renderer.js';
import { renderUserRenewBulk, renderUserRevokeBulk } from './user-bulk.js';

describe('renderer({ text, json })', () => {
  it('calls the half the format names, with the result', () => {
    const render = renderer<{ n: number }, { count: number }>({ text: (r) => `${r.n} users`, json: (r): { count: number } => ({ count: r.n }) });
    expect(render({ n: 3 }, 'text')).toBe('3 users');
    expect(render({ n: 3 }, 'json')).toEqual({ count: 3 });
  });
});

describe('bulk summaries', () => {
  it('user revoke --from: one line per user, the counts counted from the outcomes, the same counts in JSON', () => {
    const result = {
      total: 3,
      notStarted: 1,
      outcomes: [
        { username: 'alice', outcome: 'revoked' as const, serial: '01' },
        { username: 'nobody', outcome: 'failed' as const, reason: 'no certificate for user nobody in this store', code: 'CLIENT_NOT_FOUND' },
      ],
    };
    expect(renderUserRevokeBulk(result, 'text')).toBe(
      '  alice: revoked\n  nobody: failed (no certificate for user nobody in this store)\n1 revoked, 0 skipped (already revoked), 1 failed, 1 not started.',
    );
    expect(Object.keys(renderUserRevokeBulk(result, 'json'))).toEqual(['total', 'revoked', 'skipped', 'failed', 'notStarted', 'outcomes']);
    expect(renderUserRevokeBulk(result, 'json')).toMatchObject({ total: 3, revoked: 1, skipped: 0, failed: 1, notStarted: 1 });
  });

  it('user renew --all with no user on another CA says so', () => {
    const result = { selected: 0, outcomes: [], issuers: [], active: 'a03cd0836e2b14c9' };
    expect(renderUserRenewBulk(result, 'text')).toBe('0 renewed from a03cd0836e2b14c9, 0 failed, 0 not started (no other CA had 0 active user(s)).');
    expect(renderUserRenewBulk(result, 'json')).toEqual({ total: 0, renewed: 0, failed: 0, notStarted: 0, issuers: [], outcomes: [] });
  });
});

describe('vault eso-token revoke', () => {
  it('names the accessor only of a token it revoked', () => {
    expect(renderEsoTokenRevoke({ which: 'previous', outcome: 'revoked', accessor: 'acc' }, 'json')).toEqual({ revoked: true, which: 'previous', accessor: 'acc' });
    expect(renderEsoTokenRevoke({ which: 'current', outcome: 'already-gone' }, 'json')).toEqual({ revoked: false, which: 'current' });
    expect(renderEsoTokenRevoke({ which: 'current', outcome: 'already-gone' }, 'text')).toBe('The current ESO token was already gone.');
    expect(renderEsoTokenRevoke({ which: 'current', outcome: 'none-recorded', scope: 'secret/pki' }, 'text')).toBe('No current ESO token is recorded and alive for secret/pki: nothing to revoke.');
  });
});
