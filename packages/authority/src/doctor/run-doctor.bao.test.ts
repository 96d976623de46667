import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, exportPrivateKeyPem, generateKeyPair } from '@mtlsctl/pki-core';
import { bootstrapVault, PkiStore, VaultClient, VaultKvBackend, type StoreRole } from '@mtlsctl/vault-store';
import { freePort, startBao, type BaoServer } from '@mtlsctl/peers';
import type { Check } from '../checklist.js';
import { initCa } from '../init-ca.js';
import { trustCa } from '../trust-ca.js';
import { runDoctor } from './run-doctor.js';

/**
 * Every doctor check broken on purpose against a real OpenBao (`bao server -dev` with a TLS listener), and the
 * fix it reports. Each test uses its own KV prefix.
 */
let bao: BaoServer;
const DAY = 86_400_000;

/** A token made by the bao CLI with the given policies and TTL. */
async function token(policies: string[], ttl = '768h'): Promise<string> {
  const out = await bao.cli(['token', 'create', '-format=json', `-ttl=${ttl}`, ...policies.map((p) => `-policy=${p}`)]);
  return (JSON.parse(out) as { auth: { client_token: string } }).auth.client_token;
}

function client(options: { token?: string; caCert?: string | undefined; skipVerify?: boolean; addr?: string } = {}): VaultClient {
  return new VaultClient({
    addr: options.addr ?? bao.addr,
    token: options.token ?? bao.token,
    ...('caCert' in options ? (options.caCert === undefined ? {} : { caCert: options.caCert }) : { caCert: bao.caCert! }),
    ...(options.skipVerify ? { skipVerify: true } : {}),
    retries: 0,
  });
}

function store(prefix: string, tokenValue = bao.token): PkiStore {
  return new PkiStore(new VaultKvBackend({ addr: bao.addr, token: tokenValue, caCert: bao.caCert!, mount: 'secret', prefix, retries: 0 }));
}

async function doctor(prefix: string, options: { client?: VaultClient; addr?: string; skipVerify?: boolean; caCertGiven?: boolean; role?: StoreRole; eso?: VaultClient; at?: Date; storeToken?: string } = {}) {
  const report = await runDoctor({
    store: store(prefix, options.storeToken),
    kind: 'vault',
    location: bao.addr,
    vault: {
      client: options.client ?? client(),
      addr: options.addr ?? bao.addr,
      skipVerify: options.skipVerify ?? false,
      caCertGiven: options.caCertGiven ?? true,
      layout: { mount: 'secret', prefix },
      ...(options.role === undefined ? {} : { role: options.role }),
      ...(options.eso === undefined ? {} : { esoClient: options.eso }),
    },
    ...(options.at === undefined ? {} : { at: options.at }),
  });
  const byId = (id: string): Check => {
    const found = report.checks.find((c) => c.id === id);
    if (found === undefined) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
    return found;
  };
  return { report, byId };
}

beforeAll(async () => {
  bao = await startBao({ tls: true });
  await bootstrapVault(new VaultClient({ addr: bao.addr, token: bao.token, caCert: bao.caCert! }), { mount: 'secret', prefix: 'pki', esoToken: false });
  await initCa({ store: store('pki') }, { subject: 'CN=Doctor CA' });
});
afterAll(async () => {
  await bao?.stop();
});

describe('doctor against a real OpenBao', () => {
  it('passes a healthy Vault store: TLS verified, OpenBao and its version, capabilities, CA and CRL', async () => {
    const { report, byId } = await doctor('pki');
    expect(byId('vault.reachable').status).toBe('ok');
    expect(byId('vault.tls')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/VAULT_CACERT/) });
    expect(byId('vault.server')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^OpenBao 2\.\d+\.\d+/) });
    expect(byId('vault.unsealed').status).toBe('ok');
    expect(byId('token.ttl')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/root token/), fix: expect.stringMatching(/^bao token create -policy=mtlsctl-admin/) });
    expect(report.checks.filter((c) => c.id.startsWith('token.capability:')).every((c) => c.status === 'ok')).toBe(true);
    for (const id of ['ca.present', 'ca.key', 'ca.valid', 'ca.expiry', 'crl.present', 'crl.coverage', 'crl.current', 'crl.next-update']) expect(byId(id).status, id).toBe('ok');
    // The only failure of a fresh dev server: no audit device, and OpenBao's fix is its config file, not the API.
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['vault.audit']);
    expect(byId('vault.audit')).toMatchObject({ detail: expect.stringMatching(/OpenBao enables audit devices only from its server configuration/), fix: expect.stringMatching(/OpenBao server config, e\.g\. `audit "file"/) });
    expect(report.ok).toBe(false);
  });

  it('reports an audit device OpenBao declares in its server config', async () => {
    const audited = await startBao({ config: 'audit "file" "doctor-audit" {\n  options {\n    file_path = "/dev/null"\n  }\n}\n' });
    try {
      const report = await runDoctor({
        store: new PkiStore(new VaultKvBackend({ addr: audited.addr, token: audited.token, prefix: 'pki' })),
        kind: 'vault',
        location: audited.addr,
        vault: { client: new VaultClient({ addr: audited.addr, token: audited.token }), addr: audited.addr, skipVerify: false, caCertGiven: false, layout: {} },
      });
      expect(report.checks.find((c) => c.id === 'vault.audit')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/doctor-audit\/ \(file\)/) });
      expect(report.checks.find((c) => c.id === 'vault.tls')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/plain http on the loopback/) });
    } finally {
      await audited.stop();
    }
  });

  it('an unreachable Vault: ✗ reachable, the fix names VAULT_ADDR; the rest is not checked', async () => {
    const addr = `https://127.0.0.1:${await freePort()}`;
    const { byId } = await doctor('pki', { client: client({ addr }), addr });
    expect(byId('vault.reachable')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/VAULT_ADDR/) });
    expect(byId('vault.unsealed').status).toBe('skip');
    expect(byId('ca.present').status).toBe('skip');
  });

  it("Vault's certificate not verified: ✗ reachable and ✗ TLS, the fix is VAULT_CACERT", async () => {
    const { byId } = await doctor('pki', { client: client({ caCert: undefined }), caCertGiven: false });
    expect(byId('vault.reachable')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/export VAULT_CACERT=/) });
    expect(byId('vault.tls')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/export VAULT_CACERT=/) });
  });

  it('VAULT_SKIP_VERIFY: Vault answers, but ✗ TLS with the fix to unset it', async () => {
    const { byId } = await doctor('pki', { client: client({ caCert: undefined, skipVerify: true }), skipVerify: true, caCertGiven: false });
    expect(byId('vault.reachable').status).toBe('ok');
    expect(byId('vault.tls')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/unset VAULT_SKIP_VERIFY/) });
  });

  it('a sealed Vault: ✗ unsealed, the fix is `bao operator unseal`', async () => {
    await bao.seal();
    try {
      const { byId } = await doctor('pki');
      expect(byId('vault.unsealed')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^bao operator unseal/) });
      expect(byId('token.ttl').status).toBe('skip');
    } finally {
      await bao.unseal();
    }
  });

  it('an invalid token: ✗ token, the fix is to log in', async () => {
    const { byId } = await doctor('pki', { client: client({ token: 'hvs.not-a-token' }), storeToken: 'hvs.not-a-token' });
    expect(byId('token.ttl')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/bao login/) });
    expect(byId('ca.present').status).toBe('skip');
  });

  it('a token about to expire: ! TTL, the fix renews it', async () => {
    const short = await token(['mtlsctl-admin'], '2h');
    const { byId } = await doctor('pki', { client: client({ token: short }), storeToken: short });
    expect(byId('token.ttl')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/expires in 1[12]\d minutes/), fix: 'bao token renew' });
  });

  it('a token without the admin capabilities: ✗ on each path, the fix writes the policy and makes a token with it', async () => {
    const reader = await token(['eso-pki-reader']);
    const { report } = await doctor('pki', { client: client({ token: reader }), storeToken: reader });
    const failed = report.checks.filter((c) => c.id.startsWith('token.capability:') && c.status === 'fail');
    expect(failed.map((c) => c.id)).toContain('token.capability:secret/data/pki/ca-key');
    expect(failed[0]).toMatchObject({ detail: expect.stringMatching(/^missing /), fix: expect.stringMatching(/mtlsctl vault init .*bao token create -policy=mtlsctl-admin/) });
    // Without sudo on sys/audit doctor cannot tell, and says so instead of guessing.
    expect(report.checks.find((c) => c.id === 'vault.audit')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/cannot tell/) });
  });

  it('a layout other than the default: the fixes name that layout\'s policies, not the default ones', async () => {
    await bootstrapVault(client(), { mount: 'secret', prefix: 'team-a', esoToken: false });
    const reader = await token(['eso-pki-reader@secret@team-a']);
    const { report } = await doctor('team-a', { client: client({ token: reader }), storeToken: reader, eso: client({ token: await token(['mtlsctl-admin@secret@team-a']) }) });
    const failed = report.checks.filter((c) => c.id.startsWith('token.capability:') && c.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) expect(c.fix).toMatch(/-policy=mtlsctl-admin@secret@team-a$/);
    const esoFailed = report.checks.filter((c) => c.id.startsWith('eso.capability:') && c.status === 'fail');
    expect(esoFailed.map((c) => c.id)).toContain('eso.capability:secret/data/team-a/ca-key');
    for (const c of esoFailed) expect(c.fix).toMatch(/-policy=eso-pki-reader@secret@team-a$/);
  });

  it('the ESO token: ✓ when it reads only the public records, ✗ when it could read the CA key, ! when it expires soon', async () => {
    const eso = await token(['eso-pki-reader'], '768h');
    const good = await doctor('pki', { eso: client({ token: eso }) });
    expect(good.report.checks.filter((c) => c.id.startsWith('eso.')).every((c) => c.status === 'ok')).toBe(true);
    const tooMuch = await doctor('pki', { eso: client({ token: await token(['mtlsctl-admin']) }) });
    expect(tooMuch.byId('eso.capability:secret/data/pki/ca-key')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^has read/), fix: expect.stringMatching(/-policy=eso-pki-reader/) });
    const soon = await doctor('pki', { eso: client({ token: await token(['eso-pki-reader'], '72h') }) });
    expect(soon.byId('eso.ttl')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/bao token renew/) });
  });

  it('no CA in the store: ✗ CA present, the fix is `mtlsctl ca init`', async () => {
    const { byId } = await doctor('empty');
    expect(byId('ca.present')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^mtlsctl ca init/) });
  });

  it('a CA key that is not the active CA’s (interrupted rotation): ✗, the fix is `mtlsctl ca rotate`', async () => {
    const s = store('mismatch');
    await initCa({ store: s }, { subject: 'CN=Mismatch CA' });
    const keys = await generateKeyPair('p256');
    const other = await createRootCa({ subject: 'CN=Other', keys, now: new Date() });
    const current = (await s.getCaKey())!;
    await s.putCaKey({ privateKeyPem: await exportPrivateKeyPem(keys.privateKey), certificatePem: other, fingerprint: 'ff'.repeat(32) }, { cas: current.version });
    const { byId } = await doctor('mismatch');
    expect(byId('ca.key')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^mtlsctl ca rotate/) });
  });

  it('a CA near expiry (!) and expired (✗), and a CRL near (!) and past (✗) nextUpdate, by the clock', async () => {
    const ca = (await store('pki').getCa())!.value;
    const notAfter = new Date(ca.activeNotAfter).getTime();
    const near = await doctor('pki', { at: new Date(notAfter - 30 * DAY) });
    expect(near.byId('ca.expiry')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/^mtlsctl ca rotate/) });
    const expired = await doctor('pki', { at: new Date(notAfter + DAY) });
    expect(expired.byId('ca.valid')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^mtlsctl ca rotate/) });

    const nextUpdate = new Date((await store('pki').getCrl())!.value.nextUpdate).getTime();
    const soon = await doctor('pki', { at: new Date(nextUpdate - 2 * DAY) });
    expect(soon.byId('crl.next-update')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/^mtlsctl crl update/) });
    const past = await doctor('pki', { at: new Date(nextUpdate + 60_000) });
    expect(past.byId('crl.current')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^mtlsctl crl update/) });
  });

  it('no CRL published: ✗, the fix is `mtlsctl crl update`', async () => {
    await initCa({ store: store('nocrl') }, { subject: 'CN=No CRL CA' });
    await bao.cli(['kv', 'metadata', 'delete', 'secret/nocrl/crl']);
    const { byId } = await doctor('nocrl');
    expect(byId('crl.present')).toMatchObject({ status: 'fail', fix: 'mtlsctl crl update' });
  });

  it('an imported CA without a CRL: ! coverage, naming it', async () => {
    const s = store('imported');
    await initCa({ store: s }, { subject: 'CN=Imported test CA' });
    const keys = await generateKeyPair('p256');
    await trustCa({ store: s }, { pem: await createRootCa({ subject: 'CN=Old system CA', keys, now: new Date() }) });
    const { byId } = await doctor('imported');
    expect(byId('crl.coverage')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/"CN=Old system CA"/) });
  });
});
