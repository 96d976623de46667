import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionDeniedError, PkiStore, VaultClient, VaultKvBackend, vaultLayout } from '@mtlsctl/vault-store';
import { uniquePrefix } from '@mtlsctl/vault-store/testing';
import { freePort, startBao, type BaoServer } from '@mtlsctl/peers';
import { rejection } from '@mtlsctl/errors/testing';
import { InvalidUsernameError } from './errors/index.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { createUserToken } from './user-token.js';

/** The user-token workflow against a real OpenBao dev server; each test uses its own KV prefix. */
let bao: BaoServer;
beforeAll(async () => {
  bao = await startBao();
});
afterAll(async () => {
  await bao?.stop();
});

const root = () => new VaultClient({ addr: bao.addr, token: bao.token, retries: 0 });
const store = (prefix: string, token = bao.token) => new PkiStore(new VaultKvBackend({ addr: bao.addr, token, mount: 'secret', prefix, retries: 0 }));

/** A fresh prefix with a CA and the users alice and bob issued into it. */
async function seeded(): Promise<string> {
  const prefix = uniquePrefix();
  const ctx = { store: store(prefix) };
  await initCa(ctx);
  for (const user of ['alice', 'bob']) await issueClient(ctx, { username: user, email: `${user}@example.com` });
  return prefix;
}

/** What the token looks like to Vault (`bao token lookup`). */
async function lookup(token: string): Promise<{ policies: string[]; orphan: boolean; ttl: number; display_name: string }> {
  return (
    JSON.parse(await bao.cli(['token', 'lookup', '-format=json', token])) as {
      data: { policies: string[]; orphan: boolean; ttl: number; display_name: string };
    }
  ).data;
}

describe('createUserToken', () => {
  it("writes the user's policy and a token that reads that user's record and nothing else", async () => {
    const prefix = await seeded();
    const made = await createUserToken(root(), { username: 'alice', layout: vaultLayout({ mount: 'secret', prefix }), ttlSeconds: 3600, orphan: false });
    expect(made).toMatchObject({ username: 'alice', policyAction: 'created', ttlSeconds: 3600 });
    expect(made.policy).toMatch(/^mtlsctl-user-alice/);
    expect(made.accessor).not.toBe('');
    const seen = await lookup(made.token);
    expect(seen.policies.sort()).toEqual(['default', made.policy].sort());
    // Vault names it token-<display name>, with the characters it does not allow (@) replaced by -.
    expect(seen).toMatchObject({ orphan: false, display_name: expect.stringMatching(/^token-mtlsctl-user-alice-/) });
    expect(seen.ttl).toBeLessThanOrEqual(3600);

    const asAlice = store(prefix, made.token);
    expect((await asAlice.getClient('alice'))?.value.username).toBe('alice');
    const denied = await rejection(() => asAlice.getClient('bob'));
    expect(PermissionDeniedError.isInstance(denied)).toBe(true);
    expect(PermissionDeniedError.isInstance(await rejection(() => asAlice.getCa()))).toBe(true);
  });

  it('again for the same user: leaves the policy unchanged and makes another token; --orphan makes an orphan', async () => {
    const prefix = await seeded();
    const layout = vaultLayout({ mount: 'secret', prefix });
    const first = await createUserToken(root(), { username: 'bob', layout, ttlSeconds: 600, orphan: false });
    const second = await createUserToken(root(), { username: 'bob', layout, ttlSeconds: 600, orphan: true });
    expect(second).toMatchObject({ policy: first.policy, policyAction: 'unchanged' });
    expect(second.accessor).not.toBe(first.accessor);
    expect(await lookup(second.token)).toMatchObject({ orphan: true });
    expect((await store(prefix, second.token).getClient('bob'))?.value.username).toBe('bob');
  });

  it('refuses an invalid username before it asks Vault anything', async () => {
    const nowhere = new VaultClient({ addr: `http://127.0.0.1:${await freePort()}`, token: 'unused', retries: 0 });
    const error = await rejection(() => createUserToken(nowhere, { username: '../ca', layout: vaultLayout(), ttlSeconds: 600, orphan: false }));
    expect(InvalidUsernameError.isInstance(error)).toBe(true);
  });
});
