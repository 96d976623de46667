import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openssl, opensslResult } from '@mtlsctl/peers';
import { fingerprintSha256, parseCrl, verifyClientCertificate, splitCertificates } from '@mtlsctl/pki-core';
import { CaExistsError, CaKeyMismatchError, ClientExistsError, NoCaError, RetireBlockedError } from './errors/index.js';
import { initCa } from './init-ca.js';
import { issueClient } from './issue-client.js';
import { migrationStatus } from './migration-status.js';
import { renewClient } from './renew-client.js';
import { retireCa } from './retire-ca.js';
import { revokeClient } from './revoke-client.js';
import { showClient } from './show-client.js';
import { rotateCa } from './rotate-ca.js';
import { showCa } from './show-ca.js';
import { epoch, tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority();
});
afterEach(async () => {
  await t.remove();
});

/** The test clock for openssl's -attime (the store's clock is not the machine's). */

async function file(name: string, contents: string | Uint8Array): Promise<string> {
  const path = join(t.dir, name);
  await writeFile(path, contents);
  return path;
}

describe('initCa', () => {
  it('creates a CA that openssl reads as a CA, publishes it as the only trusted CA, and an empty CRL', async () => {
    const result = await initCa(t, { subject: 'CN=Test CA,O=Acme' });
    const text = await openssl(['x509', '-noout', '-text'], { input: result.certificatePem });
    expect(text).toMatch(/CA:TRUE/);
    expect(text).toMatch(/Certificate Sign, CRL Sign/);
    const view = await showCa(t);
    expect(view.trusted.map((c) => c.role)).toEqual(['active']);
    expect(view.bundlePem).toBe(result.certificatePem.trim() + '\n');
    const crl = await t.store.getCrl();
    expect(crl?.value.crlNumber).toBe(1);
    await openssl(['crl', '-noout', '-CAfile', await file('ca.pem', result.certificatePem)], { input: crl!.value.crlPem });
  });

  it('never overwrites an existing CA without force, and replaces it with force', async () => {
    const first = await initCa(t);
    await expect(initCa(t)).rejects.toBeInstanceOf(CaExistsError);
    expect((await showCa(t)).active.fingerprint).toBe(first.certificate.fingerprint);
    const second = await initCa(t, { force: true });
    expect(second.replaced).toBe(true);
    expect((await showCa(t)).active.fingerprint).not.toBe(first.certificate.fingerprint);
  });

  it('finishes an init interrupted after the key was written, keeping that key', async () => {
    const first = await initCa(t);
    const key = (await t.store.getCaKey())!;
    await t.backend.purge('ca');
    const resumed = await initCa(t);
    expect(resumed.resumed).toBe(true);
    expect(resumed.certificate.fingerprint).toBe(first.certificate.fingerprint);
    expect((await t.store.getCaKey())!.version).toBe(key.version);
  });
});

describe('issueClient', () => {
  it('needs a CA first', async () => {
    await expect(issueClient(t, { username: 'alice', email: 'alice@example.com' })).rejects.toBeInstanceOf(NoCaError);
  });

  it('stores a p12 that openssl opens with the stored password, and a certificate openssl verifies against the CA', async () => {
    const ca = await initCa(t);
    const { record } = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const p12 = Buffer.from(record.p12Base64, 'base64');
    const out = await openssl(['pkcs12', '-nodes', '-passin', `pass:${record.p12Password}`], { input: p12 });
    expect(out).toContain('BEGIN PRIVATE KEY');
    expect(out).toContain('subject=CN = alice');
    const caFile = await file('ca.pem', ca.certificatePem);
    expect(await openssl(['verify', '-attime', epoch(t.clock.now), '-CAfile', caFile, '-purpose', 'sslclient'], { input: record.certificatePem })).toContain('OK');
    expect(record.p12Password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const wrong = await opensslResult(['pkcs12', '-nodes', '-passin', 'pass:wrong'], { input: p12 });
    expect(wrong.code).not.toBe(0);
  });

  it('refuses a second active certificate without replace, leaving the first untouched', async () => {
    await initCa(t);
    const first = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    await expect(issueClient(t, { username: 'alice', email: 'alice@example.com' })).rejects.toBeInstanceOf(ClientExistsError);
    expect((await t.store.getClient('alice'))!.value.serial).toBe(first.record.serial);
  });

  it('issues again for a user whose record was soft-deleted', async () => {
    await initCa(t);
    const first = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    await t.store.deleteClient('alice');
    const second = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    expect(second.version).toBe(first.version + 2); // the reservation of the serial, then the certificate
  });

  it.each(['../ca', 'a/b', '', 'x'.repeat(300), 'аlice'])('refuses username %j and writes nothing', async (username) => {
    await initCa(t);
    await expect(issueClient(t, { username, email: 'alice@example.com' })).rejects.toThrow(/invalid username/);
    expect((await t.store.listClients()).usernames).toEqual([]);
  });
});

describe('revokeClient', () => {
  it('returns the user as user show reports it, at the version it wrote (no made-up version 0)', async () => {
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const result = await revokeClient(t, { username: 'alice', reason: 'keyCompromise' });
    expect(result.view).toEqual(await showClient(t, 'alice'));
    expect(result.view?.version).toBeGreaterThan(0);
    const again = await revokeClient(t, { username: 'alice' });
    expect([again.changed, again.view?.version]).toEqual([false, result.version]);
  });

  it('puts the serial on a CRL that openssl verifies and that makes openssl refuse the certificate', async () => {
    const ca = await initCa(t);
    const alice = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const bob = await issueClient(t, { username: 'bob', email: 'bob@example.com' });
    t.clock.now = new Date(t.clock.now.getTime() + 3_600_000);
    const result = await revokeClient(t, { username: 'alice', reason: 'keyCompromise' });
    expect(result.changed).toBe(true);
    const crlPem = result.crl.record.crlPem;
    const caFile = await file('ca.pem', ca.certificatePem);
    const crlFile = await file('crl.pem', crlPem);
    await openssl(['crl', '-noout', '-CAfile', caFile], { input: crlPem });
    const refused = await opensslResult(['verify', '-attime', epoch(t.clock.now), '-crl_check', '-CAfile', caFile, '-CRLfile', crlFile], { input: alice.record.certificatePem });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout.toString() + refused.stderr).toMatch(/revoked/);
    expect(await openssl(['verify', '-attime', epoch(t.clock.now), '-crl_check', '-CAfile', caFile, '-CRLfile', crlFile], { input: bob.record.certificatePem })).toContain('OK');
    expect(parseCrl(crlPem).revoked.map((r) => r.serialNumber)).toEqual([alice.record.serial]);
    expect(result.crl.record.haproxyDeny.toUpperCase()).toContain(alice.record.serial.toUpperCase());
    expect((await t.store.getClient('alice'))!.value.status).toBe('revoked');
  });

  it('is idempotent: revoking again changes nothing but republishes', async () => {
    await initCa(t);
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    await revokeClient(t, { username: 'alice' });
    const again = await revokeClient(t, { username: 'alice' });
    expect(again.changed).toBe(false);
    expect(again.record.revocationReason).toBe('unspecified');
    expect(again.crl.record.revoked).toHaveLength(1);
  });
});

describe('rotateCa, migrationStatus and retireCa', () => {
  it('keeps the old CA trusted until its users are renewed, then retires it; old certificates are refused after', async () => {
    const oldCa = await initCa(t, { subject: 'CN=Old CA' });
    const alice = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const rotated = await rotateCa(t, { subject: 'CN=New CA' });
    expect(rotated.previous.fingerprint).toBe(oldCa.certificate.fingerprint);

    const view = await showCa(t);
    expect(view.trusted.map((c) => [c.subject, c.role])).toEqual([
      ['CN=New CA', 'active'],
      ['CN=Old CA', 'rotated'],
    ]);
    const anchors = () => showCa(t).then((v) => splitCertificates(v.bundlePem));
    expect((await verifyClientCertificate({ certificate: alice.record.certificatePem, trustAnchors: await anchors(), at: t.clock.now })).ok).toBe(true);
    expect(await t.store.getArchivedCaKey(oldCa.certificate.fingerprint)).toBeDefined();
    expect((await t.store.getCrl())!.value.crlPem.match(/BEGIN X509 CRL/g)).toHaveLength(2);

    const status = await migrationStatus(t);
    const old = status.find((s) => s.role === 'rotated')!;
    expect(old).toMatchObject({ activeCertificates: 1, users: ['alice'], canRetire: false });
    await expect(retireCa(t, { fingerprint: old.fingerprint.slice(0, 12) })).rejects.toBeInstanceOf(RetireBlockedError);
    await expect(retireCa(t, { fingerprint: old.fingerprint })).rejects.toThrow(/alice/);

    const renewed = await renewClient(t, { username: 'alice' });
    expect(renewed.record.issuerFingerprint).toBe(rotated.current.fingerprint);
    expect((await migrationStatus(t)).find((s) => s.role === 'rotated')).toMatchObject({ activeCertificates: 0, canRetire: true });

    await retireCa(t, { fingerprint: old.fingerprint });
    expect((await showCa(t)).trusted.map((c) => c.subject)).toEqual(['CN=New CA']);
    const before = await verifyClientCertificate({ certificate: alice.record.certificatePem, trustAnchors: await anchors(), at: t.clock.now });
    expect(before).toMatchObject({ ok: false, reason: 'untrusted-issuer' });
    expect((await verifyClientCertificate({ certificate: renewed.record.certificatePem, trustAnchors: await anchors(), at: t.clock.now })).ok).toBe(true);
  });

  it("renews a CSR user only from a new CSR, never by making a key for them", async () => {
    await initCa(t);
    const csr = async () => {
      const key = await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
      return openssl(['req', '-new', '-key', await file('carol.key', key), '-subj', '/CN=carol']);
    };
    await issueClient(t, { username: 'carol', email: 'carol@example.com', csrPem: await csr() });
    await expect(renewClient(t, { username: 'carol' })).rejects.toThrow(/--csr/);
    const renewed = await renewClient(t, { username: 'carol', csrPem: await csr() });
    expect(renewed.record).toMatchObject({ privateKeyPem: '', p12Base64: '' });
  });

  it("revokes a certificate of a rotated-out CA on that CA's own CRL, signed with its archived key", async () => {
    const oldCa = await initCa(t, { subject: 'CN=Old CA' });
    const alice = await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    await rotateCa(t, { subject: 'CN=New CA' });
    const { crl } = await revokeClient(t, { username: 'alice' });
    expect(crl.coveredCas).toHaveLength(2);
    const crls = crl.record.crlPem.split(/(?<=-----END X509 CRL-----\n)/).filter((p) => p.trim());
    const oldCrl = crls.map((pem) => ({ pem, info: parseCrl(pem) })).find((c) => c.info.issuer === 'CN=Old CA')!;
    expect(oldCrl.info.revoked.map((r) => r.serialNumber)).toEqual([alice.record.serial]);
    const caFile = await file('old-ca.pem', oldCa.certificatePem);
    await openssl(['crl', '-noout', '-CAfile', caFile], { input: oldCrl.pem });
    const refused = await opensslResult(['verify', '-attime', epoch(t.clock.now), '-crl_check', '-CAfile', caFile, '-CRLfile', await file('crls.pem', crl.record.crlPem)], { input: alice.record.certificatePem });
    expect(refused.stdout.toString() + refused.stderr).toMatch(/certificate revoked/);
  });

  it('refuses to retire the active CA even with force', async () => {
    const ca = await initCa(t);
    await expect(retireCa(t, { fingerprint: ca.certificate.fingerprint, force: true })).rejects.toThrow(/active issuing CA/);
  });

  it('finishes a rotation interrupted after the new key was written', async () => {
    await initCa(t, { subject: 'CN=Old CA' });
    await issueClient(t, { username: 'alice', email: 'alice@example.com' });
    const key = (await t.store.getCaKey())!;
    // Simulate the crash: the new key is stored but the bundle was never published.
    const other = await tempAuthority();
    const fresh = await initCa(other, { subject: 'CN=New CA' });
    const freshKey = (await other.store.getCaKey())!.value;
    await other.remove();
    await t.store.putArchivedCaKey(key.value, { cas: 0 });
    await t.store.putCaKey(freshKey, { cas: key.version });
    await expect(issueClient(t, { username: 'bob', email: 'bob@example.com' })).rejects.toBeInstanceOf(CaKeyMismatchError);

    const result = await rotateCa(t);
    expect(result.resumed).toBe(true);
    expect((await showCa(t)).active.fingerprint).toBe(fingerprintSha256(fresh.certificatePem));
    const bob = await issueClient(t, { username: 'bob', email: 'bob@example.com' });
    expect(bob.record.issuerFingerprint).toBe(fresh.certificate.fingerprint);
  });
});
