import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCrl,
  buildPkcs12,
  createRootCa,
  exportPrivateKeyPem,
  generateKeyPair,
  inspectCertificate,
  issueClientCertificate,
  issueServerCertificate,
  type Issuer,
} from '@mtlsctl/pki-core';
import { makeTempDir, opensslResult, requestThroughHaproxy, startHaproxy, type HaproxyInstance, type HaproxyResponse, type TempDir } from '@mtlsctl/peers';
import { diagnoseCredential } from './diagnose-credential.js';
import { readCredential } from './read-credential.js';
import type { VerdictReason } from './verify-report.js';

/**
 * Every verdict of `verify`, cross-checked by the real peers: `openssl verify -crl_check -purpose sslclient` (or
 * `openssl pkcs12` / `openssl pkey` for the file itself) and a real haproxy (`verify required`, `ca-file` = the
 * bundle, `crl-file` = the CRLs) that the identity is presented to. Real clock: haproxy checks against it.
 */
const DAY = 86_400_000;
const now = new Date();
const days = (n: number) => new Date(now.getTime() + n * DAY);
const PASSWORD = 'correct horse battery staple';

interface Identity {
  /** What the user passes to `verify`. */
  file: Uint8Array;
  password?: string;
  /** The PEM certificate and key, for openssl. */
  certificatePem: string;
  keyPem: string;
}

interface Case {
  identity: () => Identity;
  crl: 'current' | 'expired';
  /** undefined: accepted. */
  reason?: VerdictReason;
  /** The TLS alert haproxy ends a refused handshake with (Node's error code), or what the client fails with. */
  refusal?: string;
}

let dir: TempDir;
let bundlePem: string;
let retiredPem: string;
const crls: Record<Case['crl'], string> = { current: '', expired: '' };
const haproxy: Partial<Record<Case['crl'], HaproxyInstance>> = {};
let serverCa: string;
const ids: Record<string, Identity> = {};

async function identity(issuer: Issuer, options: { start: Date; validityDays: number; server?: boolean; p12?: boolean; password?: string }): Promise<Identity> {
  const keys = await generateKeyPair('p256');
  const certificatePem = options.server
    ? await issueServerCertificate({ dnsNames: ['svc.example'], publicKey: keys.publicKey, issuer, now: options.start, validityDays: options.validityDays })
    : await issueClientCertificate({ username: 'alice', email: 'alice@example.com', publicKey: keys.publicKey, issuer, now: options.start, validityDays: options.validityDays });
  const keyPem = await exportPrivateKeyPem(keys.privateKey);
  if (options.p12 === false) return { file: new TextEncoder().encode(certificatePem + keyPem), certificatePem, keyPem };
  const file = await buildPkcs12({ privateKey: keyPem, certificatePem, chainPems: [issuer.certificatePem], password: PASSWORD });
  return { file, password: options.password ?? PASSWORD, certificatePem, keyPem };
}

async function newCa(subject: string): Promise<Issuer> {
  const keys = await generateKeyPair('p256');
  return { certificatePem: await createRootCa({ subject, keys, now: days(-400), validityDays: 3650 }), privateKey: keys.privateKey };
}

const table: Array<[string, Case]> = [
  ['a current client certificate in a p12', { identity: () => ids.good!, crl: 'current' }],
  ['a current client certificate as PEM (certificate + key)', { identity: () => ids.pem!, crl: 'current' }],
  ['an expired certificate', { identity: () => ids.expired!, crl: 'current', reason: 'expired', refusal: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED' }],
  ['a certificate not yet valid', { identity: () => ids.future!, crl: 'current', reason: 'not-yet-valid', refusal: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' }],
  ['a server certificate (no clientAuth EKU)', { identity: () => ids.server!, crl: 'current', reason: 'missing-client-auth', refusal: 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE' }],
  ['a certificate of a foreign CA', { identity: () => ids.foreign!, crl: 'current', reason: 'untrusted-issuer', refusal: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' }],
  ['a certificate of a retired CA', { identity: () => ids.retired!, crl: 'current', reason: 'retired-ca', refusal: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' }],
  ['a revoked certificate', { identity: () => ids.revoked!, crl: 'current', reason: 'revoked', refusal: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED' }],
  ['a current certificate under a CRL past its nextUpdate', { identity: () => ids.good!, crl: 'expired', reason: 'crl-expired', refusal: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED' }],
  ['a p12 opened with the wrong password', { identity: () => ids.wrongPassword!, crl: 'current', reason: 'wrong-password', refusal: 'mac verify failure' }],
  ['a PEM certificate with another key', { identity: () => ids.mismatch!, crl: 'current', reason: 'key-mismatch', refusal: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' }],
];

beforeAll(async () => {
  dir = await makeTempDir('mtlsctl-verify-');
  const active = await newCa('CN=Verify CA,O=mtlsctl tests');
  const foreign = await newCa('CN=Foreign CA');
  const retired = await newCa('CN=Retired CA,O=mtlsctl tests');
  bundlePem = active.certificatePem;
  retiredPem = retired.certificatePem;
  ids.good = await identity(active, { start: days(-1), validityDays: 30 });
  ids.pem = await identity(active, { start: days(-1), validityDays: 30, p12: false });
  ids.expired = await identity(active, { start: days(-60), validityDays: 30 });
  ids.future = await identity(active, { start: days(5), validityDays: 30 });
  ids.server = await identity(active, { start: days(-1), validityDays: 30, server: true });
  ids.foreign = await identity(foreign, { start: days(-1), validityDays: 30 });
  ids.retired = await identity(retired, { start: days(-1), validityDays: 30 });
  ids.revoked = await identity(active, { start: days(-1), validityDays: 30 });
  ids.wrongPassword = { ...ids.good, password: 'not the password' };
  const other = await identity(active, { start: days(-1), validityDays: 30, p12: false });
  ids.mismatch = { file: new TextEncoder().encode(ids.pem.certificatePem + other.keyPem), certificatePem: ids.pem.certificatePem, keyPem: other.keyPem };

  const serialNumber = inspectCertificate(ids.revoked.certificatePem).serialNumber;
  crls.current = await buildCrl({ issuer: active, revoked: [{ serialNumber, revokedAt: days(-0.5), reason: 'keyCompromise' }], crlNumber: 7, thisUpdate: days(-0.5), nextUpdate: days(7) });
  crls.expired = await buildCrl({ issuer: active, revoked: [], crlNumber: 3, thisUpdate: days(-40), nextUpdate: days(-10) });

  const serverKeys = await generateKeyPair('p256');
  const serverIssuer = await newCa('CN=ingress server CA');
  serverCa = serverIssuer.certificatePem;
  const serverCert = await issueServerCertificate({ dnsNames: ['localhost'], publicKey: serverKeys.publicKey, issuer: serverIssuer, now: days(-1) });
  for (const crl of ['current', 'expired'] as const) {
    haproxy[crl] = await startHaproxy({ certPem: serverCert, keyPem: await exportPrivateKeyPem(serverKeys.privateKey), caFilePem: bundlePem, crlFilePem: crls[crl] });
  }
});

afterAll(async () => {
  await Promise.all(Object.values(haproxy).map((h) => h?.close()));
  await dir?.remove();
});

describe('diagnoseCredential', () => {
  it.each(table)('judges %s as haproxy and openssl do', async (_name, testCase) => {
    const id = testCase.identity();
    const report = await diagnoseCredential({
      credential: await readCredential({ data: id.file, ...(id.password === undefined ? {} : { password: id.password }) }),
      trustBundlePem: bundlePem,
      crlPems: [crls[testCase.crl]],
      retiredCaPems: [retiredPem],
      at: new Date(),
    });
    expect(report.accepted, report.message).toBe(testCase.reason === undefined);
    expect(report.reason).toBe(testCase.reason);
    if (testCase.reason !== undefined) {
      expect(report.fix).toMatch(/mtlsctl|openssl/);
      expect(report.checks.filter((c) => c.status === 'fail')).toHaveLength(1);
      expect(report.checks.find((c) => c.status === 'fail')?.fix).toBe(report.fix);
    } else {
      expect(report.checks.map((c) => c.status)).not.toContain('fail');
    }

    expect(await opensslAccepts(id, testCase.crl), 'openssl').toBe(testCase.reason === undefined);
    const response = await present(id, haproxy[testCase.crl]!);
    if (testCase.reason === undefined) expect(response).toMatchObject({ status: 200 });
    else expect(response, JSON.stringify(response)).toMatchObject({ errorCode: testCase.refusal });
  });

  it('names the CRL a revocation was found in, and its reason', async () => {
    const report = await diagnoseCredential({ credential: await readCredential({ data: ids.revoked!.file, password: PASSWORD }), trustBundlePem: bundlePem, crlPems: [crls.current], at: new Date() });
    expect(report.crl).toMatchObject({ issuer: 'CN=Verify CA, O=mtlsctl tests', crlNumber: 7 });
    expect(report.message).toMatch(/revoked on .* \(keyCompromise\)/);
  });

  it('accepts without a CRL but warns that revocation was not checked', async () => {
    const report = await diagnoseCredential({ credential: await readCredential({ data: ids.revoked!.file, password: PASSWORD }), trustBundlePem: bundlePem, at: new Date() });
    expect(report.accepted).toBe(true);
    expect(report.checks.find((c) => c.id === 'revocation')).toMatchObject({ status: 'warn' });
  });

  it('calls a retired CA foreign when it is not known as retired', async () => {
    const report = await diagnoseCredential({ credential: await readCredential({ data: ids.retired!.file, password: PASSWORD }), trustBundlePem: bundlePem, at: new Date() });
    expect(report.reason).toBe('untrusted-issuer');
    expect(report.fix).toMatch(/mtlsctl ca trust add/);
  });

  it('reports unreadable files, a missing password and a lone certificate', async () => {
    expect((await diagnoseCredential({ credential: await readCredential({ data: new TextEncoder().encode('hello') }), trustBundlePem: bundlePem, at: new Date() })).reason).toBe('unreadable');
    expect((await diagnoseCredential({ credential: await readCredential({ data: ids.good!.file }), trustBundlePem: bundlePem, at: new Date() })).reason).toBe('wrong-password');
    const lone = await diagnoseCredential({ credential: await readCredential({ data: new TextEncoder().encode(ids.pem!.certificatePem) }), trustBundlePem: bundlePem, at: new Date() });
    expect(lone.accepted).toBe(true);
    expect(lone.checks.find((c) => c.id === 'key')).toMatchObject({ status: 'warn' });
  });
});

/** `openssl verify -crl_check -purpose sslclient` on the certificate; for the file itself, `openssl pkcs12` and a key comparison. */
async function opensslAccepts(id: Identity, crl: Case['crl']): Promise<boolean> {
  const path = (name: string) => join(dir.path, name);
  await Promise.all([
    writeFile(path('id.p12'), id.file),
    writeFile(path('leaf.pem'), id.certificatePem),
    writeFile(path('key.pem'), id.keyPem),
    writeFile(path('bundle.pem'), bundlePem),
    writeFile(path('crl.pem'), crls[crl]),
  ]);
  if (id.password !== undefined) {
    const opened = await opensslResult(['pkcs12', '-in', path('id.p12'), '-passin', `pass:${id.password}`, '-noout']);
    if (opened.code !== 0) return false;
  }
  const certKey = await opensslResult(['x509', '-in', path('leaf.pem'), '-noout', '-pubkey']);
  const keyKey = await opensslResult(['pkey', '-in', path('key.pem'), '-pubout']);
  if (certKey.stdout.toString() !== keyKey.stdout.toString()) return false;
  const verified = await opensslResult(['verify', '-CAfile', path('bundle.pem'), '-CRLfile', path('crl.pem'), '-crl_check', '-purpose', 'sslclient', path('leaf.pem')]);
  return verified.code === 0;
}

/** Presents the identity to haproxy as a TLS client loads it: the p12 with its password, or the PEM pair. */
async function present(id: Identity, server: HaproxyInstance): Promise<HaproxyResponse> {
  const base = { port: server.port, ca: serverCa };
  try {
    if (id.password !== undefined) return await requestThroughHaproxy({ ...base, pfx: id.file, passphrase: id.password });
    return await requestThroughHaproxy({ ...base, cert: id.certificatePem, key: id.keyPem });
  } catch (error) {
    // Node's TLS client refuses to load the identity at all (wrong p12 password, a key that is not the certificate's).
    return { errorCode: (error as NodeJS.ErrnoException).code ?? (error as Error).message, tlsError: (error as Error).message };
  }
}
