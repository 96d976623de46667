import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGetJson, makeTempDir, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';
import { runInPty } from './run-in-pty.js';

/**
 * `vault init` for real idempotency (a rerun changes nothing and mints no token), `--dry-run` (the diff, nothing
 * written), `--rotate-eso-token`, and `vault eso-token rotate | revoke`, against a real OpenBao.
 */
let vault: BaoServer;
let home: TempDir;
const env = () => ({ HOME: home.path, VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.token });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });
const api = (path: string, token = vault.token, method = 'GET', body?: unknown) => httpGetJson(`${vault.addr}/v1/${path}`, { token, method, ...(body === undefined ? {} : { body }) });
const policyNames = async () => ((await api('sys/policies/acl?list=true')).body as { data: { keys: string[] } }).data.keys;
const tokenCount = async () => ((await api('auth/token/accessors', vault.token, 'LIST')).body as { data: { keys: string[] } }).data.keys.length;
const alive = async (token: string) => (await api('auth/token/lookup-self', token)).status === 200;
const readToken = async (file: string) => (await readFile(join(home.path, file), 'utf8')).trim();

beforeAll(async () => {
  [vault, home] = await Promise.all([startBao(), makeTempDir('mtlsctl-cli-vault-init-')]);
});
afterAll(async () => {
  await vault?.stop();
  await home?.remove();
});

describe('vault init, run again and again', () => {
  it('--dry-run prints the policies it would create, as a diff, and changes nothing', async () => {
    const tokens = await tokenCount();
    const dry = await cli('vault', 'init', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: nothing was changed\./);
    expect(dry.stdout).toContain('  + create policy eso-pki-reader:\n      + # eso-pki-reader: External Secrets Operator');
    expect(dry.stdout).toContain('      + path "secret/data/pki/ca" {');
    expect(dry.stdout).toMatch(/\+ mint an ESO token with policy eso-pki-reader: none recorded/);
    expect(await policyNames()).toEqual(['default', 'root']);
    expect(await tokenCount()).toBe(tokens);
  });

  it('a second run changes nothing, says so, and mints no second ESO token', async () => {
    const first = await cli('vault', 'init', '--eso-token-file', 'eso.token');
    expect(first.code, first.stderr).toBe(0);
    const eso = await readToken('eso.token');
    const tokens = await tokenCount();
    const again = await cli('vault', 'init', '--eso-token-file', 'eso.token');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/ESO token: kept \(accessor \S+, expires \S+\): the recorded token is still valid \(--rotate-eso-token mints a new one\)\./);
    expect(again.stdout).toContain('Nothing changed: Vault already had this mount, these policies and a valid ESO token.');
    expect(await tokenCount()).toBe(tokens);
    expect(await readToken('eso.token')).toBe(eso);
    const json = await cli('vault', 'init', '--json');
    expect(json.json()).toMatchObject({ changed: false, esoTokenAction: 'kept', policies: [{ action: 'unchanged' }, { action: 'unchanged' }, { action: 'unchanged' }] });
    const dry = await cli('vault', 'init', '--dry-run', '--json');
    expect(dry.json()).toMatchObject({ dryRun: true, changes: false, esoToken: { action: 'keep' } });
  });

  it('--dry-run shows the diff of a policy changed behind its back; the next run restores it', async () => {
    await api('sys/policies/acl/eso-pki-reader', vault.token, 'PUT', { policy: 'path "secret/data/pki/*" {\n  capabilities = ["read"]\n}\n' });
    const dry = await cli('vault', 'init', '--dry-run');
    expect(dry.stdout).toContain('  ~ update policy eso-pki-reader:');
    expect(dry.stdout).toContain('      - path "secret/data/pki/*" {');
    expect(dry.stdout).toContain('      + path "secret/data/pki/crl" {');
    expect(dry.stdout).toContain('    keep policy mtlsctl-admin (unchanged)');
    expect(((await api('sys/policies/acl/eso-pki-reader')).body as { data: { policy: string } }).data.policy).toContain('pki/*');
    const fix = await cli('vault', 'init', '--json');
    expect(fix.json()).toMatchObject({ changed: true, esoTokenAction: 'kept' });
    expect(((await api('sys/policies/acl/eso-pki-reader')).body as { data: { policy: string } }).data.policy).not.toContain('pki/*');
  });

  it('--rotate-eso-token mints a new one and keeps the old one valid until `vault eso-token revoke --previous`', async () => {
    const old = await readToken('eso.token');
    const rotated = await cli('vault', 'init', '--rotate-eso-token', '--eso-token-file', 'eso2.token');
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = await readToken('eso2.token');
    expect(fresh).not.toBe(old);
    expect(rotated.stdout).toMatch(/The previous ESO token \(accessor \S+\) stays valid .*mtlsctl vault eso-token revoke --previous/);
    expect([await alive(old), await alive(fresh)]).toEqual([true, true]);

    const refused = await cli('vault', 'eso-token', 'revoke', '--previous');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/needs --yes when standard input is not a terminal: nothing was changed/);
    expect(await alive(old)).toBe(true);

    const revoked = await cli('vault', 'eso-token', 'revoke', '--previous', '--yes', '--json');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.json()).toMatchObject({ revoked: true, which: 'previous' });
    expect([await alive(old), await alive(fresh)]).toEqual([false, true]);
    expect((await cli('vault', 'eso-token', 'revoke', '--previous', '--yes')).stdout).toMatch(/No previous ESO token is recorded and alive/);
  });

  it('vault eso-token rotate -q prints only the new token; revoke asks for the accessor on a terminal', async () => {
    const before = await readToken('eso2.token');
    const rotate = await cli('vault', 'eso-token', 'rotate', '-q', '--eso-token-ttl', '2h');
    expect(rotate.code, rotate.stderr).toBe(0);
    const token = rotate.stdout.trim();
    expect(token).toMatch(/^\S+$/);
    expect((await api('auth/token/lookup-self', token)).body).toMatchObject({ data: { ttl: expect.any(Number), policies: expect.arrayContaining(['eso-pki-reader']) } });
    expect(await alive(before)).toBe(true);

    const accessor = ((await api('auth/token/lookup-self', token)).body as { data: { accessor: string } }).data.accessor;
    const wrong = await runInPty(['vault', 'eso-token', 'revoke'], [{ expect: 'to go ahead: ', send: 'nope\r' }], { env: env(), cwd: home.path });
    expect(wrong.code).toBe(2);
    expect(await alive(token)).toBe(true);
    const typed = await runInPty(['vault', 'eso-token', 'revoke'], [{ expect: `(${accessor}) to go ahead: `, send: `${accessor}\r` }], { env: env(), cwd: home.path });
    expect(typed.code, typed.screen).toBe(0);
    expect(typed.screen).toContain(`Revoked the current ESO token (accessor ${accessor}).`);
    expect(await alive(token)).toBe(false);
    // With the current one revoked, init mints a new one.
    expect((await cli('vault', 'init', '--json')).json()).toMatchObject({ esoTokenAction: 'created', changed: true });
  });

  it("prints the ESO token's accessor (human and --json) for the verifier's --eso-token-accessor, never the token", async () => {
    const minted = await cli('vault', 'init', '--rotate-eso-token', '--eso-token-file', 'eso3.token');
    expect(minted.code, minted.stderr).toBe(0);
    const token = await readToken('eso3.token');
    const accessor = ((await api('auth/token/lookup-self', token)).body as { data: { accessor: string } }).data.accessor;
    const line = `ESO token accessor (not a secret): ${accessor}; the sync-verifier reports that token's expiry with it: mtlsctl k8s manifests --verifier --eso-token-accessor ${accessor}`;
    expect(minted.stdout).toContain(line);
    const kept = await cli('vault', 'init');
    expect(kept.stdout).toContain(line);
    const json = await cli('vault', 'init', '--json');
    expect(json.json()).toMatchObject({ esoTokenAction: 'kept', esoTokenAccessor: accessor });
    for (const run of [minted, kept, json]) expect(run.stdout + run.stderr).not.toContain(token);
    const rotated = await cli('vault', 'init', '--rotate-eso-token', '--eso-token-file', 'eso4.token', '--json');
    const fresh = await readToken('eso4.token');
    const freshAccessor = ((await api('auth/token/lookup-self', fresh)).body as { data: { accessor: string } }).data.accessor;
    expect(rotated.json()).toMatchObject({ esoTokenAction: 'rotated', esoTokenAccessor: freshAccessor });
    expect(rotated.stdout).not.toContain(fresh);
    // what the verifier's manifests take
    const manifests = await cli('k8s', 'manifests', '--vault-server', vault.addr, '--verifier', '--eso-token-accessor', freshAccessor, '-o', 'json');
    expect(manifests.code, manifests.stderr).toBe(0);
    const deployment = (JSON.parse(manifests.stdout) as { items: { kind: string; spec: { template: { spec: { containers: { env: unknown[] }[] } } } }[] }).items.find((o) => o.kind === 'Deployment');
    expect(deployment?.spec.template.spec.containers[0]?.env).toContainEqual({ name: 'MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR', value: freshAccessor });
  });
});
