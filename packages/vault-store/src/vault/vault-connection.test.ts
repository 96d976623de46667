import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { httpGetJson, makeTempDir, startBao, startFaultProxy, type BaoServer, type FaultProxy, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVaultTlsMaterial, type VaultTlsMaterial } from '../testing/index.js';
import { VaultKvBackend } from './vault-kv-backend.js';
import { VaultClient } from './vault-client.js';
import { parseClientTimeout, vaultConfigFromEnv } from './vault-config-from-env.js';
import { StoreConfigError } from '../errors/store-config-error.js';
import { VaultError } from '../errors/vault-error.js';
import { VaultMountError } from '../errors/vault-mount-error.js';

/**
 * The connection conventions of the `vault` CLI, against real OpenBao servers: TLS client authentication,
 * VAULT_CAPATH, VAULT_CLIENT_TIMEOUT, VAULT_SKIP_VERIFY, a scheme that does not match the listener, a mount
 * that is not KV v2, and a token kept alive through a long run.
 */
let plain: BaoServer;
/** TLS, and a client certificate required. */
let mtls: BaoServer;
let material: VaultTlsMaterial;
let other: VaultTlsMaterial;
let files: TempDir;
let proxy: FaultProxy;
const f = (name: string) => join(files.path, name);

beforeAll(async () => {
  [material, other, files] = await Promise.all([makeVaultTlsMaterial(), makeVaultTlsMaterial(), makeTempDir('mtlsctl-vault-conn-')]);
  [plain, mtls] = await Promise.all([startBao(), startBao({ tls: material, tlsClientCaPem: material.caCertPem })]);
  proxy = await startFaultProxy(plain.addr);
  await Promise.all([
    writeFile(f('ca.pem'), material.caCertPem),
    writeFile(f('other-ca.pem'), other.caCertPem),
    writeFile(f('client.crt'), material.clientCertPem),
    writeFile(f('client.key'), material.clientKeyPem, { mode: 0o600 }),
    mkdir(f('capath')).then(() => Promise.all([writeFile(f('capath/a-other.pem'), other.caCertPem), writeFile(f('capath/b-vault.pem'), material.caCertPem)])),
  ]);
  await plain.cli(['secrets', 'enable', '-path=kv1', '-version=1', 'kv']);
});
afterAll(async () => {
  await proxy?.close();
  await Promise.all([plain?.stop(), mtls?.stop(), files?.remove()]);
});

const kv = (options: Partial<ConstructorParameters<typeof VaultKvBackend>[0]>) =>
  new VaultKvBackend({ addr: plain.addr, token: plain.token, prefix: 'conn', retries: 0, tokenRenewal: false, ...options });
const fromEnv = (env: Record<string, string>) => vaultConfigFromEnv({ ...env }, files.path);
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

describe('TLS client authentication (VAULT_CLIENT_CERT / VAULT_CLIENT_KEY)', () => {
  it('reaches a listener that requires a client certificate with the pair from the environment', async () => {
    const config = await fromEnv({ VAULT_ADDR: mtls.addr, VAULT_TOKEN: mtls.token, VAULT_CACERT: f('ca.pem'), VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') });
    expect(config.sources).toMatchObject({ clientCert: 'VAULT_CLIENT_CERT', clientKey: 'VAULT_CLIENT_KEY' });
    expect(await new VaultKvBackend({ ...config, prefix: 'conn', tokenRenewal: false }).read('nothing-here')).toBeUndefined();
    const bao = await fromEnv({ BAO_ADDR: mtls.addr, BAO_TOKEN: mtls.token, BAO_CACERT: f('ca.pem'), BAO_CLIENT_CERT: f('client.crt'), BAO_CLIENT_KEY: f('client.key'), VAULT_CLIENT_CERT: '/nonexistent' });
    expect(await new VaultKvBackend({ ...bao, prefix: 'conn', tokenRenewal: false }).read('nothing-here')).toBeUndefined();
  });

  it('is refused by that listener without one, saying so', async () => {
    const error = await failure(kv({ addr: mtls.addr, token: mtls.token, caCert: material.caCertPem }).read('x'));
    expect(VaultError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/client certificate.*VAULT_CLIENT_CERT and VAULT_CLIENT_KEY/);
  });

  it.each([
    [{ VAULT_CLIENT_CERT: 'client.crt' }, /VAULT_CLIENT_CERT is set but VAULT_CLIENT_KEY is not/],
    [{ BAO_CLIENT_KEY: 'client.key' }, /BAO_CLIENT_KEY is set but BAO_CLIENT_CERT is not/],
    [{ VAULT_CLIENT_CERT: 'client.key', VAULT_CLIENT_KEY: 'client.key' }, /VAULT_CLIENT_CERT names .*client.key, which holds no PEM certificate/],
    [{ VAULT_CLIENT_CERT: 'client.crt', VAULT_CLIENT_KEY: 'missing.key' }, /VAULT_CLIENT_KEY names .*missing.key, which cannot be read/],
  ])('refuses %j in one line naming the variable', async (vars, message) => {
    const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, f(v)]));
    const error = await failure(fromEnv({ VAULT_ADDR: mtls.addr, ...env }));
    expect(StoreConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('VAULT_CAPATH', () => {
  it('trusts every CA certificate in the directory', async () => {
    const config = await fromEnv({ VAULT_ADDR: mtls.addr, VAULT_TOKEN: mtls.token, VAULT_CAPATH: f('capath'), VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') });
    expect(config.sources.caCert).toBe('VAULT_CAPATH');
    expect(await new VaultKvBackend({ ...config, prefix: 'conn', tokenRenewal: false }).read('nothing-here')).toBeUndefined();
  });

  it('yields to VAULT_CACERT when both are set, as in Vault', async () => {
    const config = await fromEnv({ VAULT_ADDR: mtls.addr, VAULT_TOKEN: mtls.token, VAULT_CACERT: f('other-ca.pem'), VAULT_CAPATH: f('capath'), VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') });
    expect(config.sources.caCert).toBe('VAULT_CACERT');
    const error = await failure(new VaultKvBackend({ ...config, prefix: 'conn', retries: 0, tokenRenewal: false }).read('x'));
    expect((error as Error).message).toMatch(/TLS verification failed/);
  });

  it('names a file in it that holds no certificate', async () => {
    await mkdir(f('bad-capath'));
    await writeFile(f('bad-capath/notes.txt'), 'not a certificate\n');
    const error = await failure(fromEnv({ VAULT_ADDR: mtls.addr, BAO_CAPATH: f('bad-capath') }));
    expect((error as Error).message).toMatch(/^BAO_CAPATH: .*notes\.txt holds no PEM certificate/);
  });
});

describe('VAULT_CLIENT_TIMEOUT', () => {
  it.each([
    ['30', 30],
    ['1.5', 1.5],
    ['30s', 30],
    ['2m', 120],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['1h', 3600],
  ])('reads %j as %d s, as Vault does', (value, seconds) => {
    expect(parseClientTimeout(value)).toBe(seconds);
  });

  it.each(['', '0', '-1', 'soon', '30x', '5 s', '1d'])('refuses %j', (value) => {
    expect(parseClientTimeout(value)).toBeUndefined();
  });

  it('bounds each request: a server slower than the timeout fails with it named', async () => {
    const config = await fromEnv({ VAULT_ADDR: proxy.addr, VAULT_TOKEN: plain.token, VAULT_CLIENT_TIMEOUT: '1s' });
    expect(config.requestTimeoutMs).toBe(1000);
    proxy.delayNext(1, 2500, { path: 'secret/data/conn/slow' });
    const error = await failure(new VaultKvBackend({ ...config, prefix: 'conn', retries: 0, tokenRenewal: false }).read('slow'));
    expect((error as Error).message).toMatch(/no answer within 1000 ms/);
    await proxy.idle();
    const bad = await failure(fromEnv({ VAULT_ADDR: proxy.addr, VAULT_CLIENT_TIMEOUT: 'forever' }));
    expect((bad as Error).message).toBe('VAULT_CLIENT_TIMEOUT is "forever", not a timeout: use seconds (30) or a duration (30s, 2m, 1h)');
  });
});

describe('VAULT_SKIP_VERIFY', () => {
  const tlsOnly = () => ({ VAULT_ADDR: mtls.addr, VAULT_TOKEN: mtls.token, VAULT_CLIENT_CERT: f('client.crt'), VAULT_CLIENT_KEY: f('client.key') });

  it('true: connects without the CA, warning loudly', async () => {
    const config = await fromEnv({ ...tlsOnly(), VAULT_SKIP_VERIFY: 'true' });
    expect(config.warnings.join(' ')).toMatch(/VAULT_SKIP_VERIFY is set: Vault's TLS certificate is NOT verified/);
    expect(await new VaultKvBackend({ ...config, prefix: 'conn', tokenRenewal: false }).read('nothing-here')).toBeUndefined();
  });

  it('an empty BAO_SKIP_VERIFY wins over VAULT_SKIP_VERIFY=true, so the certificate is verified', async () => {
    const config = await fromEnv({ ...tlsOnly(), BAO_SKIP_VERIFY: '', VAULT_SKIP_VERIFY: 'true' });
    expect(config.skipVerify).toBeUndefined();
    expect(((await failure(new VaultKvBackend({ ...config, prefix: 'conn', retries: 0, tokenRenewal: false }).read('x'))) as Error).message).toMatch(/TLS verification failed/);
  });

  it.each(['false', '0', 'F'])('%j verifies', async (value) => {
    expect((await fromEnv({ ...tlsOnly(), VAULT_SKIP_VERIFY: value })).skipVerify).toBeUndefined();
  });

  it('refuses a value strconv.ParseBool would not take', async () => {
    expect(((await failure(fromEnv({ ...tlsOnly(), VAULT_SKIP_VERIFY: 'yes' }))) as Error).message).toMatch(/VAULT_SKIP_VERIFY is "yes", not a boolean/);
  });
});

describe('an address whose scheme does not match the listener', () => {
  it('http:// to a TLS listener fails at once with one line saying to use https', async () => {
    const addr = mtls.addr.replace('https:', 'http:');
    const started = Date.now();
    const error = await failure(new VaultKvBackend({ addr, token: mtls.token, prefix: 'conn', retries: 3, retryBaseDelayMs: 2000, tokenRenewal: false, sources: { addr: 'VAULT_ADDR' } }).read('x'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(StoreConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`VAULT_ADDR ${addr} is plain http, but the server there speaks TLS: use ${mtls.addr} (and VAULT_CACERT for its CA)`);
  });

  it('https:// to a plain HTTP listener fails at once with one line saying so', async () => {
    const addr = plain.addr.replace('http:', 'https:');
    const started = Date.now();
    const error = await failure(new VaultKvBackend({ addr, token: plain.token, prefix: 'conn', retries: 3, retryBaseDelayMs: 2000, tokenRenewal: false, sources: { addr: 'BAO_ADDR' } }).read('x'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(StoreConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^BAO_ADDR https:\/\/127\.0\.0\.1:\d+ is https, but the server there speaks plain HTTP: use http:\/\/127\.0\.0\.1:\d+ /);
  });
});

describe('a mount that is not KV v2', () => {
  it('nothing mounted: "no KV v2 mount at <mount>" for reads, lists and writes', async () => {
    const store = kv({ mount: 'nowhere' });
    for (const run of [() => store.read('ca'), () => store.list('clients/'), () => store.readMetadata('ca'), () => store.write('ca', { a: '1' }, { cas: 0 })]) {
      const error = await failure(run());
      expect(VaultMountError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe("no KV v2 mount at nowhere/: run `mtlsctl vault init --vault-mount nowhere` (or pass the --vault-mount that holds mtlsctl's records)");
    }
  });

  it('KV v1: refused on the first read that finds nothing, and before any write lands there', async () => {
    const error = await failure(kv({ mount: 'kv1' }).read('ca'));
    expect(VaultMountError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/kv1\/ is KV version 1, not KV version 2: upgrade it with `vault kv enable-versioning kv1\/`/);
    expect(VaultMountError.isInstance(await failure(kv({ mount: 'kv1' }).write('ca', { a: '1' }, { cas: 0 })))).toBe(true);
    expect((await httpGetJson(`${plain.addr}/v1/kv1/data/conn/ca`, { token: plain.token })).status).toBe(404);
  });
});

describe('the token over a long run', () => {
  const lookup = async (token: string) => ((await httpGetJson(`${plain.addr}/v1/auth/token/lookup-self`, { token })).body as { data: { ttl: number; last_renewal_time?: number } }).data;

  it('renews a renewable token that is close to expiry, and only then', async () => {
    const token = (await plain.cli(['token', 'create', '-ttl=90s', '-field=token'])).trim();
    const far = new VaultClient({ addr: plain.addr, token, tokenRenewal: { renewBelowSeconds: 10 } });
    await far.send({ method: 'GET', path: 'sys/mounts/secret/tune', idempotent: true, capability: 'read', policyHint: '', parse: (b) => b }).catch(() => undefined);
    expect((await lookup(token)).last_renewal_time).toBeUndefined();
    const warnings: string[] = [];
    const near = new VaultClient({ addr: plain.addr, token, tokenRenewal: { renewBelowSeconds: 600 }, onWarning: (m) => warnings.push(m) });
    await near.send({ method: 'GET', path: 'sys/mounts/secret/tune', idempotent: true, capability: 'read', policyHint: '', parse: (b) => b }).catch(() => undefined);
    expect((await lookup(token)).last_renewal_time).toBeGreaterThan(0);
    // Renewing a 90 s token gives 90 s again, still under the 600 s threshold: it says so once, not at every request.
    expect(warnings).toHaveLength(1);
    expect(near.tokenExpiry?.renewable).toBe(false);
  });

  it('warns once about a token that cannot be renewed and will expire soon', async () => {
    const token = (await plain.cli(['token', 'create', '-ttl=20m', '-renewable=false', '-field=token'])).trim();
    const warnings: string[] = [];
    const client = new VaultClient({ addr: plain.addr, token, onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 3; i++) await client.send({ method: 'GET', path: 'auth/token/lookup-self', idempotent: true, capability: 'read', policyHint: '', parse: (b) => b });
    expect(warnings).toEqual([expect.stringMatching(/^the Vault token expires in (19|20)m and cannot be renewed: a long run .* fails with exit 5/)]);
    expect(warnings[0]).not.toContain(token);
  });

  it('says nothing about a token with hours left, or one that never expires', async () => {
    const warnings: string[] = [];
    const hours = (await plain.cli(['token', 'create', '-ttl=5h', '-renewable=false', '-field=token'])).trim();
    for (const token of [hours, plain.token]) {
      await new VaultClient({ addr: plain.addr, token, onWarning: (m) => warnings.push(m) }).send({ method: 'GET', path: 'auth/token/lookup-self', idempotent: true, capability: 'read', policyHint: '', parse: (b) => b });
    }
    expect(warnings).toEqual([]);
  });
});
