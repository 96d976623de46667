import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, opensslRaw } from '@mtlsctl/peers';
import { httpGetJson, startBao, type BaoServer } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapVault } from './bootstrap-vault.js';
import { ADMIN_POLICY, VERIFIER_POLICY, userPolicyName } from './render-policies.js';
import { VaultClient } from '../vault/vault-client.js';
import { VaultKvBackend } from '../vault/vault-kv-backend.js';
import { PkiStore } from '../pki-store.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { caKeyRecordOf, caRecordOf, clientRecordOf, crlRecordOf, makeSampleCa } from '../testing/index.js';

let vault: BaoServer;
const tokens: Record<string, string> = {};
let p12Bytes: Buffer;
const P12_PASSWORD = 'download-me';

const backendFor = (role: string) => new VaultKvBackend({ addr: vault.addr, token: tokens[role] as string, retries: 0 });

beforeAll(async () => {
  vault = await startBao();
  const report = await bootstrapVault(new VaultClient({ addr: vault.addr, token: vault.token }), { users: ['alice', 'bob'] });
  tokens['eso'] = report.esoToken?.clientToken as string;
  const tokenWith = async (policy: string) => (await vault.cli(['token', 'create', `-policy=${policy}`, '-field=token'])).trim();
  tokens['admin'] = await tokenWith(ADMIN_POLICY);
  tokens['verifier'] = await tokenWith(VERIFIER_POLICY);
  tokens['alice'] = await tokenWith(userPolicyName('alice'));

  const ca = await makeSampleCa('policy test CA');
  const dir = await makeTempDir('mtlsctl-p12-');
  try {
    const [key, cert, p12] = ['key.pem', 'cert.pem', 'alice.p12'].map((f) => join(dir.path, f)) as [string, string, string];
    await Promise.all([
      import('node:fs/promises').then((fs) => fs.writeFile(key, ca.privateKeyPem)),
      import('node:fs/promises').then((fs) => fs.writeFile(cert, ca.certificatePem)),
    ]);
    await opensslRaw(['pkcs12', '-export', '-in', cert, '-inkey', key, '-passout', `pass:${P12_PASSWORD}`, '-out', p12]);
    p12Bytes = await readFile(p12);
  } finally {
    await dir.remove();
  }
  const admin = new PkiStore(backendFor('admin'));
  await admin.putCa(caRecordOf([ca]), { cas: 0 });
  await admin.putCaKey(caKeyRecordOf(ca), { cas: 0 });
  await admin.putCrl(crlRecordOf(ca), { cas: 0 });
  await admin.putClient(clientRecordOf('alice', ca, { p12Base64: p12Bytes.toString('base64'), p12Password: P12_PASSWORD }), { cas: 0 });
  await admin.putClient(clientRecordOf('bob', ca), { cas: 0 });
});
afterAll(() => vault?.stop());

const actions: Record<string, (kv: VaultKvBackend) => Promise<unknown>> = {
  'read ca': (kv) => kv.read('ca'),
  'read crl': (kv) => kv.read('crl'),
  'read ca-key': (kv) => kv.read('ca-key'),
  'read clients/alice': (kv) => kv.read('clients/alice'),
  'read clients/bob': (kv) => kv.read('clients/bob'),
  'list clients': (kv) => kv.list('clients/'),
  'read metadata of clients/alice': (kv) => kv.readMetadata('clients/alice'),
  'read metadata of ca-key': (kv) => kv.readMetadata('ca-key'),
  'write scratch': (kv) => kv.write('scratch', { v: '1' }),
  'write ca': (kv) => kv.write('ca', { v: 'forged' }, { cas: 1 }),
  'soft-delete clients/bob': (kv) => kv.delete('clients/bob'),
  'claim a username': (kv) =>
    new PkiStore(kv).putIdentityClaim(
      { kind: 'username', key: 'carol', claimant: 'carol', claimantVersion: 0, claimedAt: new Date().toISOString() },
      { cas: 0 },
    ),
  'read the claim on alice@example.com': (kv) => new PkiStore(kv).getIdentityClaim('email', 'alice@example.com'),
  'list username claims': (kv) => kv.list('claims/usernames/'),
};

const allowed: Record<string, string[]> = {
  eso: ['read ca', 'read crl'],
  verifier: ['read ca', 'read crl', 'list clients', 'read metadata of clients/alice'],
  alice: ['read clients/alice'],
  admin: Object.keys(actions).filter((a) => a !== 'write ca'),
};

describe('the rendered policies, enforced by OpenBao', () => {
  const cases = Object.keys(allowed).flatMap((role) => Object.keys(actions).filter((a) => role !== 'admin' || a !== 'write ca').map((action) => [role, action, (allowed[role] as string[]).includes(action)] as const));

  it.each(cases)('%s: %s → allowed %s', async (role, action, expected) => {
    const outcome = await (actions[action] as (kv: VaultKvBackend) => Promise<unknown>)(backendFor(role)).then(
      () => 'allowed',
      (error: unknown) => (PermissionDeniedError.isInstance(error) ? 'denied' : `failed: ${String(error)}`),
    );
    expect(outcome).toBe(expected ? 'allowed' : 'denied');
  });

  it('lets the verifier walk the inventory from metadata while client records stay out of reach', async () => {
    const store = new PkiStore(backendFor('verifier'));
    const names: string[] = [];
    for await (const entry of store.listInventory()) names.push(`${entry.username}:${entry.status}`);
    expect(names).toEqual(['alice:active', 'bob:active']);
    await expect(store.getClient('alice')).rejects.toSatisfy(PermissionDeniedError.isInstance);
  });

  it("keeps the seed's user step working byte for byte: `bao kv get -field=p12` with the user's token, base64 -d", async () => {
    const field = await vault.cli(['kv', 'get', '-field=p12', 'secret/pki/clients/alice'], { token: tokens['alice'] as string });
    const downloaded = Buffer.from(field, 'base64');
    expect(downloaded.equals(p12Bytes)).toBe(true);
    const dir = await makeTempDir('mtlsctl-p12-');
    try {
      const file = join(dir.path, 'alice.p12');
      await import('node:fs/promises').then((fs) => fs.writeFile(file, downloaded));
      const info = await opensslRaw(['pkcs12', '-in', file, '-passin', `pass:${P12_PASSWORD}`, '-nokeys', '-noout']);
      expect(info.code).toBe(0);
    } finally {
      await dir.remove();
    }
    const other = await httpGetJson(`${vault.addr}/v1/secret/data/pki/clients/bob`, { token: tokens['alice'] as string });
    expect(other.status).toBe(403);
  });
});
