import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGetJson, makeTempDir, openssl, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';
import { makeVaultTlsMaterial } from '@mtlsctl/vault-store/testing';
import { runCli } from './run-cli.js';

/**
 * docs/deployment-guide.md's steps 1, 2 and 4 against a real OpenBao over TLS (its certificate issued by pki-core, trusted
 * through VAULT_CACERT), with the tokens each actor really has: root for the admin's bootstrap, the ESO token,
 * a user's own token.
 */
let vault: BaoServer;
let home: TempDir;
const admin = () => ({ HOME: home.path, VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.token, VAULT_CACERT: vault.caCertPath as string, MTLSCTL_STORE: 'vault' });
const as = (token: string) => ({ ...admin(), VAULT_TOKEN: token });
const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, { env, cwd: home.path });
const tokenWith = async (policy: string) => (await vault.cli(['token', 'create', `-policy=${policy}`, '-field=token'])).trim();

/** A plain HTTP read, as `vault kv get` and ESO do it. */
async function kvGet(path: string, token: string): Promise<{ status: number; body: { data?: { data: Record<string, string> }; errors?: string[] } }> {
  const response = await httpGetJson(`${vault.addr}/v1/secret/data/${path}`, { token, caCert: vault.caCert });
  return { status: response.status, body: response.body as never };
}

beforeAll(async () => {
  // A distinctive root token, so "never in the output" checks cannot be fooled by the word root.
  const rootToken = `mtlsctl-test-root-${randomBytes(8).toString('hex')}`;
  [vault, home] = await Promise.all([makeVaultTlsMaterial().then((tls) => startBao({ tls, rootToken })), makeTempDir('mtlsctl-cli-vault-')]);
});
afterAll(async () => {
  await vault?.stop();
  await home?.remove();
});

describe('mtlsctl against OpenBao (bao server -dev, TLS)', () => {
  let esoToken: string;
  let aliceToken: string;

  it('step 1: vault init writes the policies and the ESO token, idempotently', async () => {
    const first = await cli(admin(), 'vault', 'init', '--eso-token-file', 'eso.token', '--json');
    expect(first.code, first.stderr).toBe(0);
    const report = first.json<{ mount: string; policies: { name: string; action: string }[]; esoToken: { clientToken?: string } }>();
    expect(report.policies.map((p) => [p.name, p.action])).toEqual(
      expect.arrayContaining([
        ['eso-pki-reader', 'created'],
        ['mtlsctl-admin', 'created'],
        ['mtlsctl-verifier', 'created'],
      ]),
    );
    expect(report.esoToken.clientToken).toBeUndefined();
    esoToken = (await readFile(join(home.path, 'eso.token'), 'utf8')).trim();
    expect(first.stdout).not.toContain(esoToken);
    expect(first.stderr).toMatch(/no Vault audit device/);
    expect(first.json<{ audit: { server: string; howToEnable: string } }>().audit).toMatchObject({ server: 'openbao', howToEnable: expect.stringContaining('OpenBao server config') });
    expect(report.esoToken).toMatchObject({ warnings: [expect.stringMatching(/exceeded the effective max_ttl of "768h"/)] });
    expect(first.stderr).toMatch(/capped the ESO token's TTL/);
    const again = await cli(admin(), 'vault', 'init', '--no-eso-token', '--json');
    expect(again.json<{ policies: { action: string }[] }>().policies.every((p) => p.action === 'unchanged')).toBe(true);
    const check = await cli(as(esoToken), 'vault', 'check', '--role', 'eso', '--json');
    expect(check.code, check.stdout).toBe(0);
    // OpenBao: the ESO token has no sudo, so the audit devices (declared in the server config) are not visible to it.
    expect(check.json<{ audit: unknown }>().audit).toEqual({ known: false, server: 'openbao', reason: expect.stringContaining('OpenBao declares audit devices in its server config') });
    const asRoot = await cli(admin(), 'vault', 'check');
    expect(asRoot.code, asRoot.stderr).toBe(0);
    expect(asRoot.stdout).toMatch(/Audit device: NONE: declare one in the OpenBao server config/);
  });

  it('step 2: ca init on Vault; ESO reads the public CA and CRL but never the CA key', async () => {
    const init = await cli(admin(), 'ca', 'init', '--subject', 'CN=NAS client CA');
    expect(init.code, init.stderr).toBe(0);
    const ca = await kvGet('pki/ca', esoToken);
    expect(ca.status).toBe(200);
    expect(ca.body.data!.data['tls.crt']).toContain('BEGIN CERTIFICATE');
    expect((await kvGet('pki/crl', esoToken)).status).toBe(200);
    // OpenBao words a policy denial as a multierror: ["1 error occurred:\n\t* permission denied\n\n"].
    expect(await kvGet('pki/ca-key', esoToken)).toMatchObject({ status: 403, body: { errors: [expect.stringContaining('permission denied')] } });
    const again = await cli(admin(), 'ca', 'init');
    expect(again.code).toBe(4);
  });

  it('issues users on Vault and lists them', async () => {
    for (const user of ['alice', 'bob']) expect((await cli(admin(), 'user', 'issue', user, '--email', `${user}@example.com`)).code).toBe(0);
    const list = await cli(admin(), 'user', 'list', '--json');
    expect(list.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['alice', 'bob']);
    expect((await kvGet('pki/clients/alice', esoToken)).status).toBe(403);
  });

  it("step 4: a user token reads only that user's record; the seed's `vault kv get -field=p12 | base64 -d` gives the same p12", async () => {
    const token = await cli(admin(), 'vault', 'user-token', 'alice', '--json');
    expect(token.code, token.stderr).toBe(0);
    aliceToken = token.json<{ token: string }>().token;

    const download = await cli(as(aliceToken), 'user', 'download', 'alice', '-o', 'alice.p12', '--json');
    expect(download.code, download.stderr).toBe(0);
    const { password } = download.json<{ password: string }>();
    const fromCli = await readFile(join(home.path, 'alice.p12'));

    const raw = await kvGet('pki/clients/alice', aliceToken);
    expect(raw.status).toBe(200);
    const seedBytes = Buffer.from(raw.body.data!.data['p12']!, 'base64');
    expect(seedBytes.equals(fromCli)).toBe(true);
    await writeFile(join(home.path, 'seed.p12'), seedBytes);
    expect(await openssl(['pkcs12', '-nokeys', '-passin', `pass:${raw.body.data!.data['password']}`, '-in', join(home.path, 'seed.p12')])).toContain('subject=CN = alice');
    expect(password).toBe(raw.body.data!.data['password']);

    const refused = await cli(as(aliceToken), 'user', 'download', 'bob', '-o', 'bob.p12');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/Vault denied GET secret\/data\/pki\/clients\/bob/);
    expect(refused.stderr).toMatch(/clients\/bob/);
    expect(refused.stderr + refused.stdout).not.toContain(aliceToken);
  });

  it('lets the verifier list the inventory (metadata) but not read a client record', async () => {
    const verifier = await tokenWith('mtlsctl-verifier');
    const list = await cli(as(verifier), 'user', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(list.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['alice', 'bob']);
    const show = await cli(as(verifier), 'user', 'show', 'alice');
    expect(show.code).toBe(5);
    expect((await cli(as(verifier), 'vault', 'check', '--role', 'verifier')).code).toBe(0);
    expect((await cli(as(verifier), 'vault', 'check', '--role', 'admin')).code).toBe(5);
  });

  it('reads the token from ~/.vault-token after `vault login`, as the vault CLI does', async () => {
    const userHome = join(home.path, 'alice-home');
    await mkdir(userHome);
    await writeFile(join(userHome, '.vault-token'), aliceToken + '\n', { mode: 0o600 });
    const env = { HOME: userHome, VAULT_ADDR: vault.addr, VAULT_CACERT: vault.caCertPath as string };
    const result = await runCli(['user', 'download', 'alice', '--store', 'vault', '-o', 'again.p12'], { env, cwd: userHome });
    expect(result.code, result.stderr).toBe(0);
  });

  it("takes OpenBao's own names: BAO_ADDR, BAO_TOKEN, BAO_CACERT (winning over stale VAULT_ ones) and ~/.bao-token", async () => {
    const stale = { VAULT_ADDR: 'https://127.0.0.1:9', VAULT_TOKEN: 'stale-token', VAULT_CACERT: '/nonexistent.pem' };
    const bao = { HOME: home.path, BAO_ADDR: vault.addr, BAO_TOKEN: vault.token, BAO_CACERT: vault.caCertPath as string };
    const list = await runCli(['user', 'list', '--store', 'vault', '--json'], { env: { ...stale, ...bao }, cwd: home.path });
    expect(list.code, list.stderr).toBe(0);
    expect(list.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['alice', 'bob']);

    const userHome = join(home.path, 'bao-home');
    await mkdir(userHome);
    await writeFile(join(userHome, '.bao-token'), aliceToken + '\n', { mode: 0o600 });
    const download = await runCli(['user', 'download', 'alice', '--store', 'vault', '-o', 'bao.p12'], { env: { HOME: userHome, BAO_ADDR: vault.addr, BAO_CACERT: vault.caCertPath as string }, cwd: userHome });
    expect(download.code, download.stderr).toBe(0);

    const withoutCa = await runCli(['user', 'list', '--store', 'vault'], { env: { HOME: home.path, BAO_ADDR: vault.addr, BAO_TOKEN: vault.token } });
    expect(withoutCa.code).toBe(6);
    expect(withoutCa.stderr).toMatch(/TLS verification failed .*set VAULT_CACERT \(or BAO_CACERT\)/);
  });

  it('says what is wrong with the Vault connection, with distinct exit codes and no token in the output', async () => {
    const noAddr = await runCli(['user', 'list', '--store', 'vault'], { env: { HOME: home.path, VAULT_TOKEN: 'x' } });
    expect(noAddr.code).toBe(2);
    expect(noAddr.stderr).toMatch(/VAULT_ADDR is not set: pass --vault-addr or export VAULT_ADDR/);

    const emptyBao = await runCli(['user', 'list', '--store', 'vault'], { env: { HOME: home.path, BAO_ADDR: '', VAULT_ADDR: vault.addr, VAULT_TOKEN: 'x' } });
    expect(emptyBao.code).toBe(2);
    expect(emptyBao.stderr).toMatch(/BAO_ADDR is set but empty, and it wins over VAULT_ADDR/);

    const badToken = await cli(as('hvs.not-a-real-token'), 'user', 'list');
    expect(badToken.code).toBe(5);
    expect(badToken.stderr).not.toContain('hvs.not-a-real-token');

    await vault.seal();
    try {
      const sealed = await cli(admin(), 'user', 'list');
      expect(sealed.code).toBe(6);
      expect(sealed.stderr).toMatch(/sealed/i);
      expect(sealed.stderr).not.toContain(vault.token);
    } finally {
      await vault.unseal();
    }
  });
});
