import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrPolicyError, CsrSignatureError } from '../errors/csr-errors.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { encodePem } from '../pem/encode-pem.js';
import { decodeSingle } from '../pem/decode-single.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { writeFiles } from '../test-support/fixtures.js';
import { signCsr } from './sign-csr.js';

describe('signCsr', () => {
  let dir: TempDir;
  let ca: TestCa;
  const now = new Date();
  let keyPath: string;

  /** A CSR made by `openssl req -new` with the given subject and extra arguments. */
  async function opensslCsr(subject: string, ...extra: string[]): Promise<string> {
    return openssl(['req', '-new', '-key', keyPath, '-subj', subject, ...extra]);
  }

  beforeAll(async () => {
    dir = await makeTempDir();
    ca = await makeTestCa('p256', { now });
    keyPath = `${dir.path}/user.key`;
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
  });
  afterAll(async () => dir?.remove());

  it('signs an openssl CSR into a client certificate for the CSR key that openssl verifies and matches the key', async () => {
    const csrPem = await opensslCsr('/CN=alice');
    const pem = await signCsr({ csrPem, username: 'alice', email: 'alice@example.com', issuer: ca.issuer, now });
    expect(inspectCertificate(pem)).toMatchObject({ subject: 'CN=alice', emails: ['alice@example.com'], extendedKeyUsages: ['clientAuth'] });
    const path = await writeFiles(dir, { 'ca.pem': ca.pem, 'alice.pem': pem });
    expect((await openssl(['verify', '-purpose', 'sslclient', '-CAfile', path('ca.pem'), path('alice.pem')])).trim()).toMatch(/: OK$/);
    const certKey = await openssl(['x509', '-noout', '-pubkey'], { input: pem });
    expect(certKey).toBe(await openssl(['pkey', '-pubout', '-in', keyPath]));
  });

  it('accepts a CSR without a CN and one with the user\'s email in subject and SAN, taking names from the policy', async () => {
    const emailCsr = await opensslCsr('/CN=bob/emailAddress=Bob@Example.com', '-addext', 'subjectAltName=email:bob@example.com');
    expect(inspectCertificate(await signCsr({ csrPem: emailCsr, username: 'bob', email: 'bob@example.com', issuer: ca.issuer, now })).subject).toBe('CN=bob');
    const anonymous = await opensslCsr('/O=Acme');
    expect(inspectCertificate(await signCsr({ csrPem: anonymous, username: 'bob', issuer: ca.issuer, now })).subject).toBe('CN=bob');
  });

  it('ignores the key usages and CA flag a CSR asks for', async () => {
    const csrPem = await opensslCsr('/CN=carol', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=keyCertSign');
    const info = inspectCertificate(await signCsr({ csrPem, username: 'carol', issuer: ca.issuer, now }));
    expect(info).toMatchObject({ isCa: false, keyUsages: ['digitalSignature'] });
  });

  it.each([
    ['another CN', ['/CN=mallory'], { username: 'alice' }, /CSR is for CN "mallory" but the certificate is for user "alice"/],
    ['two CNs', ['/CN=alice/CN=bob'], { username: 'alice' }, /2 CNs/],
    ['another email', ['/CN=alice', '-addext', 'subjectAltName=email:boss@example.com'], { username: 'alice', email: 'alice@example.com' }, /asks for email "boss@example.com" but user "alice" has email "alice@example.com"/],
    ['an email when none is given', ['/CN=alice/emailAddress=alice@example.com'], { username: 'alice' }, /no email was given/],
    ['a DNS name', ['/CN=alice', '-addext', 'subjectAltName=DNS:bank.example.com'], { username: 'alice' }, /subject alternative names of type dns/],
  ])('refuses a CSR asking for %s with CsrPolicyError', async (_, args, policy, message) => {
    const csrPem = await opensslCsr(args[0]!, ...args.slice(1));
    const error = await signCsr({ csrPem, ...policy, issuer: ca.issuer, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsrPolicyError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a CSR whose signature does not verify with CsrSignatureError', async () => {
    const der = decodeSingle(await opensslCsr('/CN=alice'), 'CERTIFICATE REQUEST');
    const tampered = new Uint8Array(der);
    tampered[tampered.length - 10]! ^= 0x01; // a bit of the signature value
    await expect(signCsr({ csrPem: encodePem('CERTIFICATE REQUEST', tampered), username: 'alice', issuer: ca.issuer, now })).rejects.toBeInstanceOf(CsrSignatureError);
  });

  it('refuses a CSR for an unsupported key with UnsupportedKeyError', async () => {
    const p521 = `${dir.path}/p521.key`;
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', p521]);
    const csrPem = await openssl(['req', '-new', '-key', p521, '-subj', '/CN=alice']);
    await expect(signCsr({ csrPem, username: 'alice', issuer: ca.issuer, now })).rejects.toBeInstanceOf(UnsupportedKeyError);
  });

  it('refuses a certificate passed as a CSR with PemLabelError', async () => {
    await expect(signCsr({ csrPem: ca.pem, username: 'alice', issuer: ca.issuer, now })).rejects.toBeInstanceOf(PemLabelError);
  });
});
