import { rejection } from '@mtlsctl/errors/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupStore, restoreStore } from './backup-store.js';
import { EmailTakenError, UsernameTakenError } from './errors/index.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { RESERVATION_TIMEOUT_SECONDS } from './reserve-and-sign.js';
import { revokeClient } from './revoke-client.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

describe('identity claims: one user per username (any case) and per email, exact across runs', () => {
  let t: TempAuthority;
  const claimant = async (kind: 'username' | 'email', value: string) => (await t.store.getIdentityClaim(kind, value)).current?.value.claimant;
  const later = (seconds: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000);
  };
  beforeEach(async () => {
    t = await tempAuthority();
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'Alice@Example.com' });
  });
  afterEach(async () => {
    await t.remove();
  });

  it('issuing claims the lower-cased username and email, naming the user', async () => {
    expect(await claimant('username', 'ALICE')).toBe('alice');
    expect(await claimant('email', 'alice@example.com')).toBe('alice');
    const claim = (await t.store.getIdentityClaim('email', 'ALICE@EXAMPLE.COM')).current;
    expect(claim?.value).toMatchObject({ kind: 'email', key: 'alice@example.com', claimantVersion: 0, claimedAt: t.clock.now.toISOString() });
  });

  it('runs racing for Dan, dan and DAN in one process: exactly one is issued', async () => {
    const results = await Promise.allSettled(['Dan', 'dan', 'DAN'].map((username) => issueClient(t, { username, email: `${username}@case.example.com` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(UsernameTakenError.isInstance(r.reason), String(r.reason)).toBe(true);
  });

  it('runs racing for one email in one process: exactly one user gets it', async () => {
    const results = await Promise.allSettled(['erin', 'fay', 'gus'].map((username) => issueClient(t, { username, email: 'team@example.com' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(EmailTakenError.isInstance(r.reason), String(r.reason)).toBe(true);
  });

  it('a claim whose claimant has no record yet is an issuance in progress until the reservation timeout, then taken over', async () => {
    const claim = { kind: 'username' as const, key: 'bob', claimant: 'Bob', claimantVersion: 0, claimedAt: t.clock.now.toISOString() };
    await t.store.putIdentityClaim(claim, { cas: 0 });
    const refused = await rejection(issueClient(t, { username: 'bob', email: 'bob@example.com' }));
    expect(UsernameTakenError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/^another run is issuing user Bob right now and usernames are unique regardless of case/);
    later(RESERVATION_TIMEOUT_SECONDS);
    await issueClient(t, { username: 'bob', email: 'bob@example.com' });
    expect(await claimant('username', 'bob')).toBe('bob');
  });

  it('frees a claim once its claimant stops holding it: email after revoke or a new email, username after delete', async () => {
    await revokeClient(t, { username: 'alice' });
    await issueClient(t, { username: 'carol', email: 'alice@example.com' });
    expect(await claimant('email', 'alice@example.com')).toBe('carol');
    await issueClient(t, { username: 'carol', email: 'carol@example.com', replace: true });
    await issueClient(t, { username: 'dave', email: 'ALICE@example.com' });
    expect(await claimant('email', 'alice@example.com')).toBe('dave');
    await t.store.deleteClient('alice');
    await issueClient(t, { username: 'Alice', email: 'big-alice@example.com' });
    expect(await claimant('username', 'alice')).toBe('Alice');
  });

  it('a claimant retaking its own held claim writes nothing; an unheld one of its own it refreshes', async () => {
    const version = async () => (await t.store.getIdentityClaim('email', 'alice@example.com')).cas;
    await issueClient(t, { username: 'alice', email: 'alice@example.com', replace: true });
    expect(await version()).toBe(1);
    await revokeClient(t, { username: 'alice' });
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    expect(await version()).toBe(2);
    expect(await claimant('email', 'alice@example.com')).toBe('alice');
  });

  it('a refused run gives back the claim it took: the username is free at once for the next run', async () => {
    await t.store.putIdentityClaim(
      { kind: 'email', key: 'team@example.com', claimant: 'zed', claimantVersion: 0, claimedAt: t.clock.now.toISOString() },
      { cas: 0 },
    );
    const refused = await rejection(issueClient(t, { username: 'bob', email: 'team@example.com' }));
    expect(EmailTakenError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/^another run is issuing user zed with the email team@example.com right now: this run issued nothing/);
    expect((await t.store.getIdentityClaim('username', 'bob')).current?.value.claimant).toBe('');
    await issueClient(t, { username: 'BOB', email: 'bob@example.com' });
  });

  it('--allow-shared-email shares a held email and leaves its claim to its holder', async () => {
    await issueClient(t, { username: 'bob', email: 'alice@example.com', allowSharedEmail: true });
    expect(await claimant('email', 'alice@example.com')).toBe('alice');
  });

  it('a backup carries the claims: the restored store refuses a newcomer racing nobody', async () => {
    await t.store.putIdentityClaim({ kind: 'username', key: 'zoe', claimant: 'Zoe', claimantVersion: 0, claimedAt: t.clock.now.toISOString() }, { cas: 0 });
    const { backup } = await backupStore(t, { passphrase: 'correct horse battery staple' });
    const target = await tempAuthority(t.clock.now);
    try {
      await restoreStore(target, { backup, passphrase: 'correct horse battery staple' });
      expect((await target.store.getIdentityClaim('email', 'alice@example.com')).current?.value.claimant).toBe('alice');
      expect(UsernameTakenError.isInstance(await rejection(issueClient(target, { username: 'zoe', email: 'zoe@example.com' })))).toBe(true);
    } finally {
      await target.remove();
    }
  });
});
