import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidNameError } from '../errors/invalid-name-error.js';
import { InvalidValidityError } from '../errors/invalid-validity-error.js';
import { IssuerKeyMismatchError, IssuerNotCaError, IssuerPathLengthError } from '../errors/issuer-errors.js';
import { NotAfterBeyondIssuerError } from '../errors/not-after-beyond-issuer-error.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import { KEY_TYPES, type KeyType } from '../keys/key-type.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { DAY, writeFiles } from '../test-support/fixtures.js';
import { createIntermediateCa } from './create-intermediate-ca.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { randomSerialNumber } from '../internal/serial-number.js';

describe('issueClientCertificate', () => {
  let dir: TempDir;
  const now = new Date();
  const cas = new Map<KeyType, TestCa>();
  const clientKeys = new Map<KeyType, CryptoKeyPair>();
  let ca: TestCa;

  beforeAll(async () => {
    dir = await makeTempDir();
    for (const keyType of KEY_TYPES) {
      const keys = await generateKeyPair(keyType); // each slow RSA key once: CA key of its type, client key under the P-256 CA
      cas.set(keyType, await makeTestCa(keyType, { keys, now }));
      clientKeys.set(keyType, keyType === 'p256' ? await generateKeyPair('p256') : keys);
    }
    ca = cas.get('p256')!;
  });
  afterAll(async () => dir?.remove());

  async function opensslVerify(caPem: string, certPem: string, untrusted?: string): Promise<string> {
    const path = await writeFiles(dir, { 'ca.pem': caPem, 'leaf.pem': certPem, ...(untrusted ? { 'untrusted.pem': untrusted } : {}) });
    const args = ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', path('ca.pem'), ...(untrusted ? ['-untrusted', path('untrusted.pem')] : []), path('leaf.pem')];
    return (await openssl(args)).trim();
  }

  it.each(KEY_TYPES)('issues from a %s CA a client certificate openssl verifies for sslclient', async (caType) => {
    const issuing = cas.get(caType)!;
    const pem = await issueClientCertificate({ username: 'alice', email: 'alice@example.com', publicKey: clientKeys.get('p384')!.publicKey, issuer: issuing.issuer, now });
    expect(await opensslVerify(issuing.pem, pem)).toMatch(/leaf\.pem: OK$/);
    expect(inspectCertificate(pem).signatureAlgorithm).toBe(inspectCertificate(issuing.pem).signatureAlgorithm);
  });

  it.each(KEY_TYPES)('issues for a %s client key the extensions a TLS client certificate needs', async (clientType) => {
    const pem = await issueClientCertificate({ username: 'alice', email: 'alice@example.com', publicKey: clientKeys.get(clientType)!.publicKey, issuer: ca.issuer, now });
    const text = await openssl(['x509', '-noout', '-text'], { input: pem });
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE\n/);
    const usage = clientType.startsWith('rsa') ? 'Digital Signature, Key Encipherment' : 'Digital Signature';
    expect(text).toMatch(new RegExp(`X509v3 Key Usage: critical\\s+${usage}\\n`));
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
    expect(text).toMatch(/X509v3 Subject Alternative Name:\s+email:alice@example.com\n/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('Subject: CN = alice\n');
    expect(await opensslVerify(ca.pem, pem)).toMatch(/: OK$/);
    const info = inspectCertificate(pem);
    expect(info.authorityKeyIdentifier).toBe(inspectCertificate(ca.pem).subjectKeyIdentifier);
    expect(info.serialNumber).toMatch(/^[4-7][0-9a-f]{31}$/);
  });

  it('signs with a serial reserved beforehand, as openssl reads it', async () => {
    const serialNumber = randomSerialNumber(globalThis.crypto);
    const pem = await issueClientCertificate({ username: 'dave', publicKey: clientKeys.get('p256')!.publicKey, issuer: ca.issuer, now, serialNumber });
    expect(inspectCertificate(pem).serialNumber).toBe(serialNumber);
    expect(await openssl(['x509', '-noout', '-serial'], { input: pem })).toBe(`serial=${serialNumber.toUpperCase()}\n`);
  });

  it('puts the email in the subject only when asked, and omits the SAN without an email', async () => {
    const publicKey = clientKeys.get('p256')!.publicKey;
    const legacy = await issueClientCertificate({ username: 'bob', email: 'bob@example.com', emailInSubject: true, publicKey, issuer: ca.issuer, now });
    expect(await openssl(['x509', '-noout', '-subject'], { input: legacy })).toBe('subject=CN = bob, emailAddress = bob@example.com\n');
    const bare = await issueClientCertificate({ username: 'carol', publicKey, issuer: ca.issuer, now });
    expect(inspectCertificate(bare)).toMatchObject({ subject: 'CN=carol', emails: [] });
    expect(await openssl(['x509', '-noout', '-text'], { input: bare })).not.toContain('Subject Alternative Name');
  });

  it('writes a username with DN special characters verbatim into the CN', async () => {
    const username = 'o\'brien, "jr"+1 \\ #x';
    const pem = await issueClientCertificate({ username, publicKey: clientKeys.get('p256')!.publicKey, issuer: ca.issuer, now });
    expect(inspectCertificate(pem).commonName).toBe(username);
  });

  it('runs from now minus the backdate for validityDays, or up to an explicit notAfter', async () => {
    const publicKey = clientKeys.get('p256')!.publicKey;
    const at = new Date('2030-01-01T00:00:00.750Z');
    const caLong = await makeTestCa('p256', { now: new Date('2029-01-01T00:00:00Z'), validityDays: 3650 });
    const byDays = inspectCertificate(await issueClientCertificate({ username: 'a', publicKey, issuer: caLong.issuer, now: at, validityDays: 90 }));
    expect(byDays.notBefore).toEqual(new Date('2029-12-31T23:55:00Z'));
    expect(byDays.notAfter).toEqual(new Date('2030-04-01T00:00:00Z'));
    const defaults = inspectCertificate(await issueClientCertificate({ username: 'a', publicKey, issuer: caLong.issuer, now: at, backdateSeconds: 0 }));
    expect(defaults.notBefore).toEqual(new Date('2030-01-01T00:00:00Z'));
    expect(defaults.notAfter.getTime() - defaults.notBefore.getTime()).toBe(365 * DAY);
    const notAfter = new Date('2030-01-02T12:00:00Z');
    expect(inspectCertificate(await issueClientCertificate({ username: 'a', publicKey, issuer: caLong.issuer, now: at, validityDays: 5, notAfter })).notAfter).toEqual(notAfter);
  });

  it('refuses to outlive the CA with NotAfterBeyondIssuerError naming both dates', async () => {
    const shortCa = await makeTestCa('p256', { now, validityDays: 30 });
    const error = await issueClientCertificate({ username: 'a', publicKey: clientKeys.get('p256')!.publicKey, issuer: shortCa.issuer, now, validityDays: 31 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAfterBeyondIssuerError);
    const { notAfter, issuerNotAfter, message } = error as NotAfterBeyondIssuerError;
    expect(issuerNotAfter).toEqual(inspectCertificate(shortCa.pem).notAfter);
    expect(message).toContain(notAfter.toISOString());
    expect(message).toContain(issuerNotAfter.toISOString());
  });

  it('issues through an intermediate CA a certificate openssl verifies with the chain', async () => {
    const intermediateKeys = await generateKeyPair('p384');
    const intermediatePem = await createIntermediateCa({ subject: 'CN=Issuing CA,O=mtlsctl tests', publicKey: intermediateKeys.publicKey, issuer: ca.issuer, now, validityDays: 365 });
    const text = await openssl(['x509', '-noout', '-text'], { input: intermediatePem });
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
    const leaf = await issueClientCertificate({ username: 'dave', publicKey: clientKeys.get('ed25519')!.publicKey, issuer: { certificatePem: intermediatePem, privateKey: intermediateKeys.privateKey }, now, validityDays: 30 });
    expect(await opensslVerify(ca.pem, leaf, intermediatePem)).toMatch(/: OK$/);
    await expect(opensslVerify(ca.pem, leaf)).rejects.toThrow(/unable to get local issuer certificate/);
  });

  it('refuses an intermediate below a CA whose path length forbids it', async () => {
    const root = await makeTestCa('p256', { now, pathLength: 0 });
    await expect(createIntermediateCa({ subject: 'CN=x', publicKey: clientKeys.get('p256')!.publicKey, issuer: root.issuer, now, validityDays: 30 })).rejects.toBeInstanceOf(IssuerPathLengthError);
  });

  it.each([
    ['an empty username', { username: '' }, InvalidNameError],
    ['a 65-character username', { username: 'x'.repeat(65) }, InvalidNameError],
    ['a username with a newline', { username: 'a\nb' }, InvalidNameError],
    ['a username with surrounding spaces', { username: ' a' }, InvalidNameError],
    ['an email without a domain', { email: 'alice@' }, InvalidNameError],
    ['an email with a space', { email: 'al ice@example.com' }, InvalidNameError],
    ['a non-ASCII email', { email: 'élise@example.com' }, InvalidNameError],
    ['zero validity days', { validityDays: 0 }, InvalidValidityError],
    ['fractional validity days', { validityDays: 1.5 }, InvalidValidityError],
    ['a notAfter before notBefore', { notAfter: new Date(Date.now() - DAY) }, InvalidValidityError],
    ['a negative backdate', { backdateSeconds: -1 }, InvalidValidityError],
    ['an invalid now', { now: new Date('nope') }, InvalidValidityError],
  ])('refuses %s with a typed error', async (_, override, type) => {
    const params = { username: 'alice', email: 'alice@example.com', publicKey: clientKeys.get('p256')!.publicKey, issuer: ca.issuer, now, ...override };
    await expect(issueClientCertificate(params)).rejects.toBeInstanceOf(type);
  });

  it('refuses an issuer that is not a CA', async () => {
    const clientPem = await issueClientCertificate({ username: 'eve', publicKey: clientKeys.get('p256')!.publicKey, issuer: ca.issuer, now, validityDays: 30 });
    const notACa = { certificatePem: clientPem, privateKey: clientKeys.get('p256')!.privateKey };
    await expect(issueClientCertificate({ username: 'x', publicKey: clientKeys.get('p256')!.publicKey, issuer: notACa, now })).rejects.toThrow(IssuerNotCaError);
    await expect(issueClientCertificate({ username: 'x', publicKey: clientKeys.get('p256')!.publicKey, issuer: notACa, now })).rejects.toThrow(/basicConstraints CA:TRUE/);
  });

  it.each([
    ['a key of the same type from another CA', () => cas.get('p256')!.keys.privateKey, () => makeTestCa('p256', { now })],
    ['a key of another type', () => cas.get('rsa2048')!.keys.privateKey, () => Promise.resolve(ca)],
  ])('refuses a CA certificate paired with %s with IssuerKeyMismatchError', async (_, key, otherCa) => {
    const target = await otherCa();
    const issuer = { certificatePem: target === ca ? ca.pem : target.pem, privateKey: key() };
    await expect(issueClientCertificate({ username: 'x', publicKey: clientKeys.get('p256')!.publicKey, issuer, now })).rejects.toBeInstanceOf(IssuerKeyMismatchError);
  });
});
