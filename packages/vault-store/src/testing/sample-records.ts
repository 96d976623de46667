import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, openssl, opensslRaw } from '@mtlsctl/peers';
import type { CaKeyRecord, CaRecord, ClientRecord, CrlRecord } from '../records.js';

/** A CA made by the real openssl CLI: its certificate, key and fingerprint. */
export interface SampleCa {
  certificatePem: string;
  privateKeyPem: string;
  fingerprint: string;
  subject: string;
  notAfter: string;
}

/** Makes a small EC CA with openssl (fast: no RSA key generation). */
export async function makeSampleCa(name: string): Promise<SampleCa> {
  const dir = await makeTempDir('mtlsctl-sample-ca-');
  let privateKeyPem: string;
  let certificatePem: string;
  try {
    const [key, cert] = [join(dir.path, 'key.pem'), join(dir.path, 'cert.pem')];
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', `/CN=${name}`, '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE']);
    [privateKeyPem, certificatePem] = await Promise.all([readFile(key, 'utf8'), readFile(cert, 'utf8')]);
  } finally {
    await dir.remove();
  }
  const der = (await opensslRaw(['x509', '-outform', 'DER'], { input: certificatePem })).stdout;
  const notAfter = (await openssl(['x509', '-noout', '-enddate'], { input: certificatePem })).trim().replace(/^notAfter=/, '');
  return { certificatePem, privateKeyPem, fingerprint: createHash('sha256').update(der).digest('hex'), subject: `CN=${name}`, notAfter: new Date(notAfter).toISOString() };
}

/** A CA record trusting `cas` (the first is active). */
export function caRecordOf(cas: SampleCa[], addedAt = '2030-01-01T00:00:00.000Z'): CaRecord {
  const active = cas[0] as SampleCa;
  return {
    activeCertificatePem: active.certificatePem,
    activeFingerprint: active.fingerprint,
    activeNotAfter: active.notAfter,
    trusted: cas.map((ca, i) => ({ fingerprint: ca.fingerprint, subject: ca.subject, notAfter: ca.notAfter, role: i === 0 ? 'active' : 'rotated', addedAt, certificatePem: ca.certificatePem })),
  };
}

/** The key record of a CA. */
export function caKeyRecordOf(ca: SampleCa): CaKeyRecord {
  return { privateKeyPem: ca.privateKeyPem, certificatePem: ca.certificatePem, fingerprint: ca.fingerprint };
}

/** A client record with plausible fields (the certificate and p12 are the caller's). */
export function clientRecordOf(username: string, ca: SampleCa, overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    username,
    email: `${username.replace(/[^a-z0-9]/gi, '')}@example.org`,
    serial: createHash('sha1').update(username).digest('hex').slice(0, 32),
    certificatePem: ca.certificatePem,
    privateKeyPem: ca.privateKeyPem,
    caCertificatePem: ca.certificatePem,
    p12Base64: Buffer.from(`p12 of ${username}`).toString('base64'),
    p12Password: 'correct horse battery staple',
    p12Profile: 'modern',
    created: '2030-01-01T00:00:00.000Z',
    notAfter: '2031-01-01T00:00:00.000Z',
    issuerFingerprint: ca.fingerprint,
    status: 'active',
    revokedAt: '',
    revocationReason: '',
    earlier: [],
    reserved: null,
    ...overrides,
  };
}

/** A CRL record. */
export function crlRecordOf(ca: SampleCa): CrlRecord {
  return {
    crlPem: '-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n',
    crlNumber: 7,
    nextUpdate: '2030-01-08T00:00:00.000Z',
    revoked: [{ serial: '0a', revokedAt: '2030-01-02T00:00:00.000Z', reason: 'keyCompromise', username: 'mallory', issuerFingerprint: ca.fingerprint }],
    haproxyDeny: 'http-request deny if { ssl_c_serial,hex -m str 0A }',
  };
}
