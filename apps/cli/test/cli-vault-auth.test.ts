import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGetJson, makeTempDir, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * Auth beyond a token, for automation: AppRole (VAULT_ROLE_ID + a secret-ID file) and JWT auth, through the built
 * binary against a real OpenBao with those auth methods enabled, each role bound to an mtlsctl policy.
 */
let vault: BaoServer;
let home: TempDir;
let roleId: string;
let jwtKey: KeyObject;
const f = (name: string) => join(home.path, name);
const base = () => ({ HOME: home.path, VAULT_ADDR: vault.addr, MTLSCTL_STORE: 'vault' });
const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, { env: { ...base(), ...env }, cwd: home.path });

/** An ES256 JWT signed with `key` (node:crypto, JOSE's raw r||s signature). */
function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims)}`;
  const signature = createSign('SHA256').update(input).sign({ key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `${input}.${signature}`;
}
const claims = (sub: string) => ({ sub, aud: 'mtlsctl', iat: Math.floor(Date.now() / 1000) - 5, nbf: Math.floor(Date.now() / 1000) - 5, exp: Math.floor(Date.now() / 1000) + 600 });

beforeAll(async () => {
  [vault, home] = await Promise.all([startBao(), makeTempDir('mtlsctl-cli-vault-auth-')]);
  expect((await cli({ VAULT_TOKEN: vault.token }, 'vault', 'init', '--no-eso-token')).code).toBe(0);
  await vault.cli(['auth', 'enable', 'approle']);
  await vault.cli(['write', 'auth/approle/role/crl-cron', 'token_policies=mtlsctl-admin', 'token_ttl=10m', 'token_max_ttl=1h']);
  roleId = (await vault.cli(['read', '-field=role_id', 'auth/approle/role/crl-cron/role-id'])).trim();
  await writeFile(f('secret-id'), `${(await vault.cli(['write', '-f', '-field=secret_id', 'auth/approle/role/crl-cron/secret-id'])).trim()}\n`, { mode: 0o600 });
  await writeFile(f('wrong-secret-id'), 'not-the-secret-id-4a7c\n', { mode: 0o600 });

  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  jwtKey = pair.privateKey;
  await vault.cli(['auth', 'enable', 'jwt']);
  await vault.cli(['write', 'auth/jwt/config', `jwt_validation_pubkeys=${pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()}`]);
  await vault.cli(['write', 'auth/jwt/role/verifier', 'role_type=jwt', 'bound_audiences=mtlsctl', 'user_claim=sub', 'token_policies=mtlsctl-verifier', 'token_ttl=10m']);
  await writeFile(f('ci.jwt'), signJwt(claims('ci-runner'), jwtKey), { mode: 0o600 });
  await writeFile(f('forged.jwt'), signJwt(claims('ci-runner'), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey), { mode: 0o600 });
});
afterAll(async () => {
  await vault?.stop();
  await home?.remove();
});

describe('AppRole (VAULT_ROLE_ID, VAULT_SECRET_ID_FILE)', () => {
  it('logs in for an admin token and runs the CA with it: no VAULT_TOKEN, no ~/.vault-token', async () => {
    const env = { VAULT_ROLE_ID: roleId, VAULT_SECRET_ID_FILE: f('secret-id') };
    const init = await cli(env, 'ca', 'init', '--subject', 'CN=AppRole CA');
    expect(init.code, init.stderr).toBe(0);
    const issue = await cli(env, 'user', 'issue', 'cron-user', '--email', 'cron@example.com');
    expect(issue.code, issue.stderr).toBe(0);
    const check = await cli(env, 'vault', 'check', '--role', 'admin', '--json');
    expect(check.code, check.stdout).toBe(0);
    // The admin policy, not root: the login gave the role's token.
    expect(check.json<{ checks: { granted: string[] }[] }>().checks.every((c) => !c.granted.includes('root'))).toBe(true);
  });

  it('doctor logs in once: a secret ID good for a single use is enough for the whole run', async () => {
    const init = await cli({ VAULT_TOKEN: vault.token }, 'ca', 'init', '--subject', 'CN=AppRole CA');
    expect([0, 4], init.stderr).toContain(init.code); // 4: the first test made it already
    const once = (await vault.cli(['write', '-f', '-field=secret_id', 'auth/approle/role/crl-cron/secret-id', 'num_uses=1'])).trim();
    await writeFile(f('secret-id-once'), `${once}\n`, { mode: 0o600 });
    const doctor = await cli({ VAULT_ROLE_ID: roleId, VAULT_SECRET_ID_FILE: f('secret-id-once') }, 'doctor', '--json');
    expect(doctor.stderr).not.toMatch(/refused the approle login/);
    const checks = doctor.json<{ checks: { id: string; status: string }[] }>().checks;
    // The role's token lives 10 minutes: valid, with the warning a short TTL gets.
    expect(checks.find((c) => c.id === 'token.ttl')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^expires in \d+ minutes/) });
    expect(checks.find((c) => c.id === 'ca.present')?.status).toBe('ok');
  });

  it('refuses a wrong secret ID with exit 5, naming the login but never the secret', async () => {
    const result = await cli({ VAULT_ROLE_ID: roleId, VAULT_SECRET_ID_FILE: f('wrong-secret-id') }, 'user', 'list');
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^error: the Vault refused the approle login at auth\/approle\/ \(.*\): check the role and its credentials\n$/);
    expect(result.stderr + result.stdout).not.toContain('not-the-secret-id-4a7c');
    expect(result.stderr).toContain('invalid role or secret ID');
  });

  it('says which variable is missing (exit 2)', async () => {
    const noSecret = await cli({ VAULT_ROLE_ID: roleId }, 'user', 'list');
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/AppRole login needs a secret ID: set VAULT_SECRET_ID_FILE/);
    const unknown = await cli({ MTLSCTL_VAULT_AUTH: 'ldap', VAULT_TOKEN: vault.token }, 'user', 'list');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/MTLSCTL_VAULT_AUTH is "ldap": use token, approle, jwt or kubernetes/);
  });
});

describe('JWT auth (MTLSCTL_VAULT_AUTH=jwt)', () => {
  it('logs in with a signed JWT for the verifier role: it lists the inventory but cannot read a record', async () => {
    const env = { MTLSCTL_VAULT_AUTH: 'jwt', MTLSCTL_VAULT_AUTH_ROLE: 'verifier', MTLSCTL_VAULT_JWT_FILE: f('ci.jwt') };
    const list = await cli(env, 'user', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(list.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['cron-user']);
    expect((await cli(env, 'user', 'show', 'cron-user')).code).toBe(5);
  });

  it('refuses a JWT signed by another key (exit 5)', async () => {
    const result = await cli({ MTLSCTL_VAULT_AUTH: 'jwt', MTLSCTL_VAULT_AUTH_ROLE: 'verifier', MTLSCTL_VAULT_JWT_FILE: f('forged.jwt') }, 'user', 'list');
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/refused the jwt login at auth\/jwt\//);
  });
});

describe('one identity-templated policy for every user (vault init --users-auth)', () => {
  it("lets each userpass user read their own certificate and nobody else's, without a policy per user", async () => {
    const root = { VAULT_TOKEN: vault.token };
    await vault.cli(['auth', 'enable', 'userpass']);
    const init = await cli(root, 'vault', 'init', '--no-eso-token', '--users-auth', 'userpass', '--json');
    expect(init.code, init.stderr).toBe(0);
    expect(init.json<{ policies: { name: string; action: string }[] }>().policies).toContainEqual({ name: 'mtlsctl-users', action: 'created' });
    const policy = ((await httpGetJson(`${vault.addr}/v1/sys/policies/acl/mtlsctl-users`, { token: vault.token })).body as { data: { policy: string } }).data.policy;
    expect(policy).toMatch(/path "secret\/data\/pki\/clients\/\{\{identity\.entity\.aliases\.auth_userpass_[0-9a-f]{8}\.name\}\}" \{/);
    for (const user of ['alice', 'bob']) {
      await vault.cli(['write', `auth/userpass/users/${user}`, `password=pw-${user}`, 'token_policies=mtlsctl-users']);
      expect((await cli(root, 'user', 'issue', user, '--email', `${user}@example.com`)).code).toBe(0);
    }
    const login = await httpGetJson(`${vault.addr}/v1/auth/userpass/login/alice`, { method: 'POST', body: { password: 'pw-alice' } });
    const alice = (login.body as { auth: { client_token: string } }).auth.client_token;
    const own = await cli({ VAULT_TOKEN: alice }, 'user', 'download', 'alice', '-o', 'alice.p12');
    expect(own.code, own.stderr).toBe(0);
    const other = await cli({ VAULT_TOKEN: alice }, 'user', 'download', 'bob', '-o', 'bob.p12');
    expect(other.code).toBe(5);
    const names = ((await httpGetJson(`${vault.addr}/v1/sys/policies/acl?list=true`, { token: vault.token })).body as { data: { keys: string[] } }).data.keys;
    expect(names.filter((n) => n.startsWith('mtlsctl-user-'))).toEqual([]);
  });

  it('names the auth paths that exist when the one given is not enabled (exit 2)', async () => {
    const result = await cli({ VAULT_TOKEN: vault.token }, 'vault', 'init', '--no-eso-token', '--users-auth', 'ldap');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no auth method is enabled at auth\/ldap\/ \(enabled: .*userpass.*\)/);
  });
});
