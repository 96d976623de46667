import { httpGetJson, startBao, type BaoServer } from '@mtlsctl/peers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapVault } from './bootstrap-vault.js';
import { auditStatus } from './audit-status.js';
import { checkCapabilities, type StoreRole } from './check-capabilities.js';
import { ensureKvMount } from './ensure-kv-mount.js';
import { writePolicies } from './write-policies.js';
import { ADMIN_POLICY, ESO_READER_POLICY, VERIFIER_POLICY, userPolicyName } from './render-policies.js';
import { VaultClient } from '../vault/vault-client.js';
import { VaultMountError } from '../errors/vault-mount-error.js';
import { InvalidPathSegmentError } from '../errors/invalid-path-segment-error.js';

let vault: BaoServer;
/** A second server with a file audit device declared in its config (OpenBao refuses enabling one through the API). */
let audited: BaoServer;
let root: VaultClient;
const clientWith = (token: string, server: BaoServer = vault) => new VaultClient({ addr: server.addr, token, retries: 0 });
const call = (token: string, method: string, path: string, body?: unknown) =>
  httpGetJson(`${vault.addr}/v1/${path}`, { token, method, ...(body === undefined ? {} : { body }) });
const policyNames = async () => ((await call(vault.token, 'GET', 'sys/policies/acl?list=true')).body as { data: { keys: string[] } }).data.keys;
const createToken = async (policies: string[]) => (await vault.cli(['token', 'create', ...policies.map((p) => `-policy=${p}`), '-field=token'])).trim();

beforeAll(async () => {
  [vault, audited] = await Promise.all([startBao(), startBao({ config: 'audit "file" "to-file" {\n  options {\n    file_path = "discard"\n  }\n}\n' })]);
  root = clientWith(vault.token);
});
afterAll(() => Promise.all([vault?.stop(), audited?.stop()]));
// One server for the file: each test starts from no mounts and no mtlsctl policies, as a fresh Vault.
beforeEach(async () => {
  for (const mount of ['secret', 'kv-mtls']) await call(vault.token, 'DELETE', `sys/mounts/${mount}`);
  for (const policy of await policyNames()) if (policy !== 'default' && policy !== 'root') await call(vault.token, 'DELETE', `sys/policies/acl/${policy}`);
});

describe('bootstrapVault', () => {
  it('mounts KV v2, writes the policies, creates the ESO token and reports audit and capabilities', async () => {
    const report = await bootstrapVault(root, { users: ['alice'] });
    expect(report.mount).toBe('created');
    const mounts = (await call(vault.token, 'GET', 'sys/mounts')).body as Record<string, { type: string; options: Record<string, string> }>;
    expect(mounts['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect(report.policies).toEqual([ESO_READER_POLICY, ADMIN_POLICY, VERIFIER_POLICY, userPolicyName('alice')].map((name) => ({ name, action: 'created' })));
    // The server caps the one-year TTL the seed asks for at the token backend's max_lease_ttl (768h by default),
    // and says so: the report carries its warning.
    expect(report.esoToken).toMatchObject({ policies: ['default', ESO_READER_POLICY], ttlSeconds: 768 * 3600, renewable: true, orphan: true });
    expect(report.esoToken?.warnings.join(' ')).toMatch(/TTL of "8760h" exceeded the effective max_ttl of "768h"/);
    expect(report.audit).toMatchObject({ known: true, server: 'openbao', enabled: false, devices: [], howToEnable: expect.stringContaining('OpenBao server config') });
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
    expect((await call(report.esoToken?.clientToken as string, 'GET', 'secret/data/pki/ca')).status).toBe(404);
    await expect(ensureKvMount(root, 'secret')).resolves.toBe('existing');
  });

  it('honours a custom mount, prefix and ESO token TTL', async () => {
    const report = await bootstrapVault(root, { mount: 'kv-mtls', prefix: 'prod/pki', esoToken: { ttl: '720h', orphan: false } });
    expect(report.esoToken).toMatchObject({ ttlSeconds: 720 * 3600, orphan: false, warnings: [] });
    const policy = (await call(vault.token, 'GET', 'sys/policies/acl/eso-pki-reader@kv-mtls@prod:pki')).body as { data: { policy: string } };
    expect(policy.data.policy).toContain('path "kv-mtls/data/prod/pki/ca"');
    expect(report.esoToken?.policies).toContain('eso-pki-reader@kv-mtls@prod:pki');
  });

  it('gives a second install on the same Vault its own policies, leaving the first one\'s alone', async () => {
    const first = await bootstrapVault(root);
    const second = await bootstrapVault(root, { prefix: 'pki-b' });
    expect(second.policies.map((p) => [p.name, p.action])).toEqual([
      ['eso-pki-reader@secret@pki-b', 'created'],
      ['mtlsctl-admin@secret@pki-b', 'created'],
      ['mtlsctl-verifier@secret@pki-b', 'created'],
    ]);
    expect((await bootstrapVault(root, { esoToken: false })).policies.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    await call(vault.token, 'POST', 'secret/data/pki/ca', { data: { a: '1' } });
    await call(vault.token, 'POST', 'secret/data/pki-b/ca', { data: { b: '1' } });
    expect((await call(first.esoToken?.clientToken as string, 'GET', 'secret/data/pki/ca')).status).toBe(200);
    expect((await call(first.esoToken?.clientToken as string, 'GET', 'secret/data/pki-b/ca')).status).toBe(403);
    expect((await call(second.esoToken?.clientToken as string, 'GET', 'secret/data/pki-b/ca')).status).toBe(200);
    expect((await call(second.esoToken?.clientToken as string, 'GET', 'secret/data/pki/ca')).status).toBe(403);
  });

  it.each([
    { prefix: 'x" {capabilities=["read"]} path "secret/data/*" {capabilities=["read"]} path "y' },
    { prefix: 'pki\npath "secret/data/*" {\n capabilities = ["read"]\n}' },
    { prefix: 'pki/*' },
    { prefix: '../../sys' },
    { mount: 'secret"}' },
  ])('refuses the hostile layout %j before writing anything', async (layout) => {
    const error = await bootstrapVault(root, layout).catch((e: unknown) => e);
    expect(InvalidPathSegmentError.isInstance(error)).toBe(true);
    expect(await policyNames()).toEqual(['default', 'root']);
    expect(Object.keys((await call(vault.token, 'GET', 'sys/mounts')).body as object)).not.toContain('secret/');
  });

  it('sees the server lowercase policy names (why userPolicyName escapes capitals)', async () => {
    expect((await call(vault.token, 'PUT', 'sys/policies/acl/MTLSCTL-User-Mixed', { policy: 'path "x" { capabilities = ["read"] }' })).status).toBe(204);
    expect((await call(vault.token, 'GET', 'sys/policies/acl?list=true')).body).toMatchObject({ data: { keys: expect.arrayContaining(['mtlsctl-user-mixed']) } });
    expect((await call(vault.token, 'GET', 'sys/policies/acl/MTLSCTL-User-Mixed')).body).toMatchObject({ data: { name: 'mtlsctl-user-mixed' } });
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
    expect((await call(vault.token, 'POST', 'sys/mounts/secret', body)).status).toBe(204);
    const error = await bootstrapVault(root).catch((e: unknown) => e);
    expect(VaultMountError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('auditStatus', () => {
  it('lists the audit devices declared in the server config', async () => {
    expect(await auditStatus(clientWith(audited.token, audited))).toEqual({ known: true, server: 'openbao', enabled: true, devices: [{ path: 'to-file/', type: 'file', description: '' }] });
  });

  it('knows OpenBao refuses to enable one through the API, and says how to declare one instead', async () => {
    const refused = await call(vault.token, 'PUT', 'sys/audit/file', { type: 'file', options: { file_path: 'discard' } });
    expect(refused).toMatchObject({ status: 400, body: { errors: [expect.stringContaining('cannot enable audit device via API')] } });
    expect(await auditStatus(root)).toMatchObject({ known: true, enabled: false, howToEnable: expect.stringMatching(/audit "file" "file" \{ options \{ file_path/) });
  });

  it('says it cannot know without sudo, instead of failing', async () => {
    await bootstrapVault(root, { esoToken: false });
    expect(await auditStatus(clientWith(await createToken([ADMIN_POLICY])))).toEqual({
      known: false,
      server: 'openbao',
      reason: expect.stringMatching(/needs read and sudo there.*OpenBao declares audit devices in its server config/),
    });
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
    const report = await checkCapabilities(clientWith(await createToken(policies)), { role });
    expect(report.ok).toBe(ok);
  });

  it('flags the root token as too powerful for ESO, naming the path', async () => {
    await bootstrapVault(root, { esoToken: false });
    const report = await checkCapabilities(root, { role: 'eso' });
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.path)).toContain('secret/data/pki/ca-key');
    expect(report.checks.find((c) => c.path === 'secret/data/pki/ca')).toMatchObject({ granted: ['root'], ok: true });
  });
});
