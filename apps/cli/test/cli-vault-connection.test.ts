import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';
import { makeVaultTlsMaterial } from '@mtlsctl/vault-store/testing';
import { runCli } from './run-cli.js';

/**
 * The `vault` CLI's connection conventions, through the built binary against a real OpenBao whose TLS listener
 * requires a client certificate (and its plain dev listener).
 */
let vault: BaoServer;
let home: TempDir;
const f = (name: string) => join(home.path, name);
const tlsEnv = () => ({ HOME: home.path, VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.token, VAULT_CACERT: f('ca.pem'), MTLSCTL_STORE: 'vault' });
const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, { env, cwd: home.path });

beforeAll(async () => {
  const material = await makeVaultTlsMaterial();
  [vault, home] = await Promise.all([startBao({ tls: material, tlsClientCaPem: material.caCertPem }), makeTempDir('mtlsctl-cli-vault-conn-')]);
  await Promise.all([writeFile(f('ca.pem'), material.caCertPem), writeFile(f('client.crt'), material.clientCertPem), writeFile(f('client.key'), material.clientKeyPem, { mode: 0o600 })]);
  await mkdir(f('cas'));
  await writeFile(f('cas/vault-ca.pem'), material.caCertPem);
  // a store to list (a prefix with no records is a not-found error, exit 3)
  const init = await cli({ ...tlsEnv(), VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') }, 'ca', 'init', '--subject', 'CN=connection test CA');
  if (init.code !== 0) throw new Error(`ca init failed: ${init.stderr}`);
});
afterAll(async () => {
  await vault?.stop();
  await home?.remove();
});

describe('mtlsctl reaching Vault as the vault CLI does', () => {
  it('authenticates with VAULT_CLIENT_CERT / VAULT_CLIENT_KEY to a listener that requires a client certificate', async () => {
    const ok = await cli({ ...tlsEnv(), VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') }, 'user', 'list', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    const refused = await cli(tlsEnv(), 'user', 'list');
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/^error: .*the server refused the TLS client certificate .*set VAULT_CLIENT_CERT and VAULT_CLIENT_KEY/);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('says in one line (exit 2) that an http:// address points at a TLS listener, without retrying', async () => {
    const wrong = vault.addr.replace('https:', 'http:');
    const result = await cli({ ...tlsEnv(), VAULT_ADDR: wrong }, 'user', 'list');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`error: VAULT_ADDR ${wrong} is plain http, but the server there speaks TLS: use ${vault.addr} (and VAULT_CACERT for its CA)\n`);
  });

  it('takes VAULT_CAPATH, VAULT_SKIP_VERIFY (warning loudly) and VAULT_CLIENT_TIMEOUT as the vault CLI does', async () => {
    const client = { VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') };
    const { VAULT_CACERT: _ca, ...noCa } = tlsEnv();
    const capath = await cli({ ...noCa, ...client, VAULT_CAPATH: f('cas'), VAULT_CLIENT_TIMEOUT: '30s' }, 'user', 'list');
    expect(capath.code, capath.stderr).toBe(0);
    const skip = await cli({ ...noCa, ...client, VAULT_SKIP_VERIFY: 'true' }, 'user', 'list');
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toMatch(/^warning: VAULT_SKIP_VERIFY is set: Vault's TLS certificate is NOT verified/m);
    const timeout = await cli({ ...tlsEnv(), ...client, VAULT_CLIENT_TIMEOUT: 'soon' }, 'user', 'list');
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toMatch(/VAULT_CLIENT_TIMEOUT is "soon", not a timeout/);
    const https = vault.devAddr.replace('http:', 'https:');
    const plain = await cli({ HOME: home.path, VAULT_ADDR: https, VAULT_TOKEN: vault.token, MTLSCTL_STORE: 'vault' }, 'user', 'list');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^error: VAULT_ADDR https:\/\/127\.0\.0\.1:\d+ is https, but the server there speaks plain HTTP/);
  });

  it('says "no KV v2 mount at <mount>: run `mtlsctl vault init`" (exit 7) instead of "No certificates match."', async () => {
    const env = { HOME: home.path, VAULT_ADDR: vault.devAddr, VAULT_TOKEN: vault.token, MTLSCTL_STORE: 'vault' };
    const list = await cli(env, 'user', 'list', '--vault-mount', 'mtls');
    expect(list.code).toBe(7);
    expect(list.stderr).toBe("error: no KV v2 mount at mtls/: run `mtlsctl vault init --vault-mount mtls` (or pass the --vault-mount that holds mtlsctl's records)\n");
    await vault.cli(['secrets', 'enable', '-path=old-kv', '-version=1', 'kv']);
    const v1 = await cli(env, 'ca', 'init', '--subject', 'CN=x', '--vault-mount', 'old-kv');
    expect(v1.code).toBe(7);
    expect(v1.stderr).toMatch(/old-kv\/ is KV version 1, not KV version 2/);
    expect(await vault.cli(['kv', 'list', 'old-kv/']).catch((e: Error) => e.message)).toMatch(/No value found/);
  });

  it('warns on stderr when the token cannot be renewed and expires soon', async () => {
    const token = (await vault.cli(['token', 'create', '-ttl=10m', '-renewable=false', '-field=token'])).trim();
    const result = await cli({ HOME: home.path, VAULT_ADDR: vault.devAddr, VAULT_TOKEN: token, MTLSCTL_STORE: 'vault' }, 'user', 'list');
    expect(result.stderr).toMatch(/^warning: the Vault token expires in (9|10)m and cannot be renewed/m);
    expect(result.stderr).not.toContain(token);
  });
});
