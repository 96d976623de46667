import { httpGetJson, startBao, type BaoServer } from '@mtlsctl/peers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapVault } from './bootstrap-vault.js';
import { auditStatus } from './audit-status.js';
import { checkCapabilities, type StoreRole } from './check-capabilities.js';
import { ensureKvMount } from './ensure-kv-mount.js';
import { writePolicies } from './write-policies.js';
import { planBootstrap } from './plan-bootstrap.js';
import { esoTokenStatus, revokeEsoToken, rotateEsoToken } from './manage-eso-token.js';
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
/** The accessors of every token but root's (sys: LIST auth/token/accessors). */
const tokenAccessors = async () => {
  const keys = ((await call(vault.token, 'LIST', 'auth/token/accessors')).body as { data: { keys: string[] } }).data.keys;
  const live = await Promise.all(keys.map(async (accessor) => ({ accessor, policies: ((await call(vault.token, 'POST', 'auth/token/lookup-accessor', { accessor })).body as { data: { policies: string[] } }).data.policies })));
  return live.filter((t) => !t.policies.includes('root')).map((t) => t.accessor);
};
const createToken = async (policies: string[]) => (await vault.cli(['token', 'create', ...policies.map((p) => `-policy=${p}`), '-field=token'])).trim();

beforeAll(async () => {
  [vault, audited] = await Promise.all([startBao(), startBao({ config: 'audit "file" "to-file" {\n  options {\n    file_path = "discard"\n  }\n}\n' })]);
  root = clientWith(vault.token);
});
afterAll(() => Promise.all([vault?.stop(), audited?.stop()]));
// One server for the file: each test starts from no mounts and no mtlsctl policies, as a fresh Vault.
beforeEach(async () => {
  for (const mount of ['secret', 'kv-mtls']) await call(vault.token, 'DELETE', `sys/mounts/${mount}`);
  for (const accessor of await tokenAccessors()) await call(vault.token, 'POST', 'auth/token/revoke-accessor', { accessor });
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

  it('changes nothing on a second run: the recorded ESO token is kept, not minted again', async () => {
    const first = await bootstrapVault(root);
    expect(first).toMatchObject({ changed: true, esoTokenAction: 'created' });
    const again = await bootstrapVault(root);
    expect(again.mount).toBe('existing');
    expect(again.policies.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.esoToken).toBeUndefined();
    expect(again).toMatchObject({ changed: false, esoTokenAction: 'kept', existingEsoToken: { accessor: first.esoToken?.accessor, ttlSeconds: expect.any(Number) } });
    expect(await tokenAccessors()).toEqual([first.esoToken?.accessor]);
    // The record holds the accessor only, beside the prefix (not in the store), and no mtlsctl policy reaches it.
    const record = await call(vault.token, 'GET', 'secret/data/mtlsctl-bootstrap/pki/eso-token');
    expect(JSON.stringify(record.body)).not.toContain(first.esoToken?.clientToken);
    expect((await call(await createToken([ADMIN_POLICY]), 'GET', 'secret/data/mtlsctl-bootstrap/pki/eso-token')).status).toBe(403);
    expect((await call(vault.token, 'LIST', 'secret/metadata/pki')).status).toBe(404);
  });

  it('mints a new ESO token when the recorded one is gone, or when asked to rotate (the old one stays valid until revoked)', async () => {
    const first = await bootstrapVault(root);
    await call(vault.token, 'POST', 'auth/token/revoke-accessor', { accessor: first.esoToken?.accessor });
    const replaced = await bootstrapVault(root);
    expect(replaced).toMatchObject({ esoTokenAction: 'created', esoTokenReason: expect.stringMatching(/is gone: expired or revoked/), changed: true });
    const rotated = await bootstrapVault(root, { rotateEsoToken: true });
    expect(rotated).toMatchObject({ esoTokenAction: 'rotated', existingEsoToken: { accessor: replaced.esoToken?.accessor } });
    expect((await call(replaced.esoToken?.clientToken as string, 'GET', 'auth/token/lookup-self')).status).toBe(200);
    expect(await esoTokenStatus(root)).toMatchObject({ current: { accessor: rotated.esoToken?.accessor }, previous: { accessor: replaced.esoToken?.accessor } });
    expect(await revokeEsoToken(root, { which: 'previous' })).toEqual({ accessor: replaced.esoToken?.accessor });
    expect((await call(replaced.esoToken?.clientToken as string, 'GET', 'auth/token/lookup-self')).status).toBe(403);
    expect((await call(rotated.esoToken?.clientToken as string, 'GET', 'auth/token/lookup-self')).status).toBe(200);
    expect(await revokeEsoToken(root, { which: 'previous' })).toEqual({});
  });

  it('rotates and revokes the ESO token on its own (vault eso-token rotate | revoke)', async () => {
    const first = await bootstrapVault(root);
    const { created, previous } = await rotateEsoToken(root, { token: { ttl: '1h' } });
    expect(previous?.accessor).toBe(first.esoToken?.accessor);
    expect(created).toMatchObject({ ttlSeconds: 3600, policies: expect.arrayContaining([ESO_READER_POLICY]) });
    expect(await revokeEsoToken(root)).toEqual({ accessor: created.accessor });
    expect((await call(created.clientToken, 'GET', 'auth/token/lookup-self')).status).toBe(403);
    // With the current one revoked, the next init mints one (and still knows the previous).
    expect(await bootstrapVault(root)).toMatchObject({ esoTokenAction: 'created', esoTokenReason: 'none recorded for this mount and prefix' });
    expect((await esoTokenStatus(root)).previous?.accessor).toBe(first.esoToken?.accessor);
  });

  it('plans without writing: the mount, each policy with its diff, and the ESO token step', async () => {
    const fresh = await planBootstrap(root, { users: ['alice'] });
    expect(fresh).toMatchObject({ mount: 'create', changes: true, esoToken: { action: 'create' } });
    expect(fresh.policies.map((p) => [p.name, p.action])).toEqual([[ESO_READER_POLICY, 'create'], [ADMIN_POLICY, 'create'], [VERIFIER_POLICY, 'create'], [userPolicyName('alice'), 'create']]);
    expect(fresh.policies[0]?.diff).toContain('+ path "secret/data/pki/ca" {');
    expect(Object.keys((await call(vault.token, 'GET', 'sys/mounts')).body as object)).not.toContain('secret/');
    expect(await policyNames()).toEqual(['default', 'root']);
    expect(await tokenAccessors()).toEqual([]);
    await bootstrapVault(root);
    await writePolicies(root, { [VERIFIER_POLICY]: 'path "secret/data/pki/ca" {\n  capabilities = ["read"]\n}\n' });
    const drifted = await planBootstrap(root);
    expect(drifted).toMatchObject({ mount: 'existing', changes: true, esoToken: { action: 'keep' } });
    expect(drifted.policies.find((p) => p.name === VERIFIER_POLICY)).toMatchObject({ action: 'update', diff: expect.arrayContaining(['+ path "secret/metadata/pki/clients/*" {', '  path "secret/data/pki/ca" {']) });
    await bootstrapVault(root);
    expect((await planBootstrap(root)).changes).toBe(false);
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
