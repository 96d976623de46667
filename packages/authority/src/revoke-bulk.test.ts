import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initCa } from './init-ca.js';
import { issueBulk } from './issue-bulk.js';
import { renewBulk } from './renew-bulk.js';
import { revokeBulk } from './revoke-bulk.js';
import { rotateCa } from './rotate-ca.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';
import { parseUsersCsv } from './users-csv.js';

let t: TempAuthority;
const names = Array.from({ length: 6 }, (_, i) => `user${i}`);

beforeEach(async () => {
  t = await tempAuthority();
  await initCa(t);
  await issueBulk(t, parseUsersCsv(`username,email\n${names.map((n) => `${n},${n}@example.com`).join('\n')}\n`));
});
afterEach(async () => {
  await t.remove();
});

describe('revokeBulk', () => {
  it('revokes each user with its reason, and a stopped run resumes', async () => {
    let started = 0;
    const first = await revokeBulk(t, [...names, 'ghost', '../x'], { reason: 'affiliationChanged', shouldStop: () => started++ >= 2 });
    expect(first.outcomes.map((o) => o.outcome)).toEqual(['revoked', 'revoked']);
    const crl = (await t.store.getCrl())!.value.revoked;
    expect(crl.map((r) => r.username).sort()).toEqual(['user0', 'user1']);
    expect(crl.every((r) => r.reason === 'affiliationChanged')).toBe(true);
    expect((await t.store.getClient('user5'))!.value.status).toBe('active');

    const resumed = await revokeBulk(t, [...names, 'ghost', '../x', 'user0']);
    expect(resumed.outcomes.map((o) => [o.username, o.outcome])).toEqual([
      ['user0', 'skipped'],
      ['user1', 'skipped'],
      ['user2', 'revoked'],
      ['user3', 'revoked'],
      ['user4', 'revoked'],
      ['user5', 'revoked'],
      ['ghost', 'failed'],
      ['../x', 'failed'],
    ]);
    expect((await t.store.getCrl())!.value.revoked).toHaveLength(6);
    for (const name of names) expect((await t.store.getClient(name))!.value.status).toBe('revoked');
  });
});

describe('renewBulk', () => {
  it("renews the old CA's active users from the new one, and nothing on a second run", async () => {
    const old = (await t.store.getClient('user0'))!.value.issuerFingerprint;
    await rotateCa(t);
    await revokeBulk(t, ['user5']);
    const first = await renewBulk(t, { issuerFingerprints: [old] });
    expect(first.selected).toBe(5);
    expect(first.outcomes.every((o) => o.outcome === 'renewed')).toBe(true);
    const fresh = (await t.store.getCa())!.value.trusted.find((c) => c.role === 'active')!.fingerprint;
    expect((await t.store.getClient('user0'))!.value.issuerFingerprint).toBe(fresh);
    expect((await renewBulk(t, { issuerFingerprints: [old] })).selected).toBe(0);
  });

  it('reads the new CA and its key once for the whole run', async () => {
    const old = (await t.store.getClient('user0'))!.value.issuerFingerprint;
    await rotateCa(t);
    const getCa = vi.spyOn(t.store, 'getCa');
    const getCaKey = vi.spyOn(t.store, 'getCaKey');
    const renewed = await renewBulk(t, { issuerFingerprints: [old] });
    expect(renewed.outcomes.map((o) => o.outcome)).toEqual(names.map(() => 'renewed'));
    expect(getCaKey).toHaveBeenCalledTimes(1);
    expect(getCa).toHaveBeenCalledTimes(1);
  });
});
