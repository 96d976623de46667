import { startVaultEmulator, type VaultEmulator } from '@mtlsctl/vault-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapVault } from './bootstrap-vault.js';
import { auditStatus } from './audit-status.js';
import { checkCapabilities, type StoreRole } from './check-capabilities.js';
import { ensureKvMount } from './ensure-kv-mount.js';
import { writePolicies } from './write-policies.js';
import { ADMIN_POLICY, ESO_READER_POLICY, VERIFIER_POLICY, userPolicyName } from './render-policies.js';
import { VaultClient } from '../vault/vault-client.js';
import { VaultMountError } from '../errors/vault-mount-error.js';

let vault: VaultEmulator;
let root: VaultClient;
const clientWith = (token: string) => new VaultClient({ addr: vault.addr, token, retries: 0 });
const call = (token: string, method: string, path: string, body?: unknown) =>
  fetch(`${vault.addr}/v1/${path}`, { method, headers: { 'X-Vault-Token': token }, body: body === undefined ? null : JSON.stringify(body) });

beforeEach(async () => {
  vault = await startVaultEmulator({ devMounts: false });
  root = clientWith(vault.rootToken);
});
afterEach(() => vault.close());

describe('bootstrapVault', () => {
  it('mounts KV v2, writes the policies, creates the ESO token and reports audit and capabilities', async () => {
    const report = await bootstrapVault(root, { users: ['alice'] });
    expect(report.mount).toBe('created');
    const mounts = (await (await call(vault.rootToken, 'GET', 'sys/mounts')).json()) as Record<string, { type: string; options: Record<string, string> }>;
    expect(mounts['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect(report.policies).toEqual([ESO_READER_POLICY, ADMIN_POLICY, VERIFIER_POLICY, userPolicyName('alice')].map((name) => ({ name, action: 'created' })));
    expect(report.esoToken).toMatchObject({ policies: ['default', ESO_READER_POLICY], ttlSeconds: 8760 * 3600, renewable: true, orphan: true });
    expect(report.audit).toEqual({ known: true, enabled: false, devices: [] });
    expect(report.capabilities.ok).toBe(true);
  });

  it('changes nothing on a second run but mints a new ESO token only when asked', async () => {
    await bootstrapVault(root);
    const again = await bootstrapVault(root, { esoToken: false });
    expect(again.mount).toBe('existing');
    expect(again.policies.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.esoToken).toBeUndefined();
  });

  it("keeps the client's own token after creating the ESO token (unlike node-vault's tokenCreate)", async () => {
    const report = await bootstrapVault(root);
    expect((await call(report.esoToken?.clientToken as string, 'GET', 'sys/mounts')).status).toBe(403);
    await expect(ensureKvMount(root, 'secret')).resolves.toBe('existing');
  });

  it('honours a custom mount, prefix and ESO token TTL', async () => {
    const report = await bootstrapVault(root, { mount: 'kv-mtls', prefix: 'prod/pki', esoToken: { ttl: '720h', orphan: false } });
    expect(report.esoToken).toMatchObject({ ttlSeconds: 720 * 3600, orphan: false });
    const policy = (await (await call(vault.rootToken, 'GET', `sys/policies/acl/${ESO_READER_POLICY}`)).json()) as { data: { policy: string } };
    expect(policy.data.policy).toContain('path "kv-mtls/data/prod/pki/ca"');
  });

  it('reports an updated policy', async () => {
    await writePolicies(root, { [ESO_READER_POLICY]: 'path "secret/data/pki/ca" { capabilities = ["read", "list"] }' });
    const report = await bootstrapVault(root, { esoToken: false });
    expect(report.policies.find((p) => p.name === ESO_READER_POLICY)?.action).toBe('updated');
  });

  it.each([
    ['KV version 1', { type: 'kv' }, /KV version 1.*vault kv enable-versioning secret\//],
    ['another engine', { type: 'transit' }, /"transit" secrets engine/],
  ])('refuses a mount holding %s', async (_case, body, message) => {
    expect((await call(vault.rootToken, 'POST', 'sys/mounts/secret', body)).status).toBe(204);
    const error = await bootstrapVault(root).catch((e: unknown) => e);
    expect(VaultMountError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('auditStatus', () => {
  it('lists audit devices once one is enabled', async () => {
    await call(vault.rootToken, 'PUT', 'sys/audit/file', { type: 'file', options: { file_path: '/var/log/vault_audit.log' } });
    expect(await auditStatus(root)).toEqual({ known: true, enabled: true, devices: [{ path: 'file/', type: 'file', description: '' }] });
  });

  it('says it cannot know without sudo, instead of failing', async () => {
    await bootstrapVault(root, { esoToken: false });
    expect(await auditStatus(clientWith(vault.createToken([ADMIN_POLICY])))).toEqual({ known: false, reason: expect.stringContaining('sudo') });
  });
});

describe('checkCapabilities', () => {
  it.each<[string, string[], StoreRole, boolean]>([
    ['an admin token as admin', [ADMIN_POLICY], 'admin', true],
    ['a verifier token as verifier', [VERIFIER_POLICY], 'verifier', true],
    ['an ESO token as eso', [ESO_READER_POLICY], 'eso', true],
    ["alice's token as alice", [userPolicyName('alice')], { user: 'alice' }, true],
    ['a verifier token as admin', [VERIFIER_POLICY], 'admin', false],
    ['an admin token as eso (it could read the CA key)', [ADMIN_POLICY], 'eso', false],
    ['an admin token as verifier (it could read client records)', [ADMIN_POLICY], 'verifier', false],
  ])('judges %s: ok %s', async (_case, policies, role, ok) => {
    await bootstrapVault(root, { esoToken: false, users: ['alice'] });
    const report = await checkCapabilities(clientWith(vault.createToken(policies)), { role });
    expect(report.ok).toBe(ok);
  });

  it('flags the root token as too powerful for ESO, naming the path', async () => {
    const report = await checkCapabilities(root, { role: 'eso' });
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.path)).toContain('secret/data/pki/ca-key');
    expect(report.checks.find((c) => c.path === 'secret/data/pki/ca')).toMatchObject({ granted: ['root'], ok: true });
  });
});
