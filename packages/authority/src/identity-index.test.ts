import { thrown } from '@mtlsctl/errors/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmailTakenError, UsernameTakenError, UsersCsvError, UsersTakenError } from './errors/index.js';
import { initCa } from './init-ca.js';
import { issueBulk } from './issue-bulk.js';
import { issueClient } from './issue-client.js';
import { listClients } from './list-clients.js';
import { renewClient } from './renew-client.js';
import { revokeClient } from './revoke-client.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';
import { parseUsersCsv } from './users-csv.js';

describe('one user per username (any case) and per email', () => {
  let t: TempAuthority;
  beforeEach(async () => {
    t = await tempAuthority();
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
  });
  afterEach(async () => {
    await t.remove();
  });

  it('refuses Alice when alice exists, writing nothing', async () => {
    const error = await issueClient(t, { username: 'Alice', email: 'alice2@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsernameTakenError);
    expect((error as UsernameTakenError).kind).toBe('conflict');
    expect((error as Error).message).toMatch(/user alice already exists and usernames are unique regardless of case/);
    expect((await listClients(t)).map((c) => c.username)).toEqual(['alice']);
  });

  it('refuses a second user with the same email (any case) unless the email is shared explicitly', async () => {
    const error = await issueClient(t, { username: 'bob', email: 'Alice@Example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailTakenError);
    expect((error as Error).message).toMatch(/already held by user alice.*--allow-shared-email/);
    expect(await t.store.getClient('bob')).toBeUndefined();
    await issueClient(t, { username: 'bob', email: 'alice@example.com', allowSharedEmail: true });
    expect((await listClients(t)).map((c) => [c.username, c.email])).toEqual([
      ['alice', 'alice@example.com'],
      ['bob', 'alice@example.com'],
    ]);
  });

  it('frees an email when its holder is revoked, and never refuses the user their own name and email', async () => {
    await issueClient(t, { username: 'alice', email: 'alice@example.com', replace: true });
    await revokeClient(t, { username: 'alice', reason: 'superseded' });
    await issueClient(t, { username: 'carol', email: 'alice@example.com' });
    await issueClient(t, { username: 'alice', email: 'alice-new@example.com' });
  });

  it('keeps users that already coexist (Alice and alice, from before the rule) readable and renewable', async () => {
    const record = (await t.store.getClient('alice'))!.value;
    await t.store.putClient({ ...record, username: 'Alice', email: 'big-alice@example.com' }, { cas: 0 });
    expect((await listClients(t)).map((c) => c.username).sort()).toEqual(['Alice', 'alice']);
    await renewClient(t, { username: 'alice' });
    await issueClient(t, { username: 'Alice', email: 'big-alice@example.com', replace: true });
    await expect(issueClient(t, { username: 'ALICE', email: 'x@example.com' })).rejects.toThrow(UsernameTakenError);
  });

  it('bulk: refuses the whole file when a line clashes with the store, naming each line; nothing is issued', async () => {
    const users = parseUsersCsv('username,email\nbob,bob@example.com\nALICE,a2@example.com\ncarol,alice@example.com\n');
    const error = (await issueBulk(t, users).catch((e: unknown) => e)) as UsersTakenError;
    expect(error).toBeInstanceOf(UsersTakenError);
    expect(error.kind).toBe('conflict');
    expect(error.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(error.message).toMatch(/line 3: user alice already exists.*line 4: the email alice@example.com is already held by user alice/);
    expect((await listClients(t)).map((c) => c.username)).toEqual(['alice']);
    const shared = await issueBulk(t, parseUsersCsv('username,email\nbob,bob@example.com\ncarol,alice@example.com\n'), { allowSharedEmail: true });
    expect(shared.map((o) => o.outcome)).toEqual(['issued', 'issued']);
  });

  it('bulk: reads the inventory once per run, not once per user', async () => {
    let listings = 0;
    const list = t.store.listInventory.bind(t.store);
    t.store.listInventory = (options) => {
      listings++;
      return list(options);
    };
    const lines = Array.from({ length: 12 }, (_, i) => `u${i},u${i}@example.com`);
    const outcomes = await issueBulk(t, parseUsersCsv(`username,email\n${lines.join('\n')}\n`), { concurrency: 3 });
    expect(outcomes.every((o) => o.outcome === 'issued')).toBe(true);
    expect(listings).toBe(1);
  });
});

describe('parseUsersCsv: duplicates inside the file', () => {
  it.each([
    ['username,email\nalice,a@example.com\nAlice,b@example.com\n', /line 3: user Alice is user alice of line 2 but for letter case/],
    ['username,email\nalice,a@example.com\nbob,A@example.com\n', /line 3: the email A@example.com is already user alice's on line 2 \(pass --allow-shared-email/],
  ])('refuses %j with both line numbers (exit 2: invalid input)', (text, message) => {
    const error = thrown(() => parseUsersCsv(text)) as UsersCsvError;
    expect(error).toBeInstanceOf(UsersCsvError);
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toMatch(message);
  });

  it('lets lines share an email with allowSharedEmail, never a username', () => {
    expect(parseUsersCsv('username,email\nalice,a@example.com\nbob,a@example.com\n', { allowSharedEmail: true })).toHaveLength(2);
    expect(() => parseUsersCsv('username,email\nalice,a@example.com\nALICE,b@example.com\n', { allowSharedEmail: true })).toThrow(/but for letter case/);
  });
});
