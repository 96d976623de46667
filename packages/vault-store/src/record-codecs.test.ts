import { thrown } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { caKeyRecordCodec, caRecordCodec, clientInventoryCodec, clientRecordCodec, crlRecordCodec } from './record-codecs.js';
import { CorruptRecordError } from './errors/corrupt-record-error.js';
import type { CaRecord, ClientRecord } from './records.js';
import { trustBundlePem } from './trust-bundle.js';

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const CERT_A = pem('CERTIFICATE', 'QUFBQQ==');
const CERT_B = pem('CERTIFICATE', 'QkJCQg==');

const ca: CaRecord = {
  activeCertificatePem: CERT_A,
  activeFingerprint: 'aa',
  activeNotAfter: '2035-01-01T00:00:00.000Z',
  trusted: [
    { fingerprint: 'aa', subject: 'CN=A', notAfter: '2035-01-01T00:00:00.000Z', role: 'active', addedAt: '2030-01-01T00:00:00.000Z', certificatePem: CERT_A },
    { fingerprint: 'bb', subject: 'CN=B', notAfter: '2031-01-01T00:00:00.000Z', role: 'rotated', addedAt: '2029-01-01T00:00:00.000Z', certificatePem: CERT_B },
  ],
};

const client: ClientRecord = {
  username: 'alice',
  email: 'alice@example.org',
  serial: '0a1b',
  certificatePem: CERT_A,
  privateKeyPem: pem('PRIVATE KEY', 'c2VjcmV0'),
  caCertificatePem: CERT_A,
  p12Base64: 'MIIB',
  p12Password: 'pw',
  p12Profile: 'legacy',
  created: '2030-01-01T00:00:00.000Z',
  notAfter: '2031-01-01T00:00:00.000Z',
  issuerFingerprint: 'aa',
  status: 'revoked',
  revokedAt: '2030-06-01T00:00:00.000Z',
  revocationReason: 'keyCompromise',
  earlier: [],
  reserved: null,
};

function corruptField(run: () => unknown): string {
  const error = thrown(run);
  expect(CorruptRecordError.isInstance(error)).toBe(true);
  return (error as CorruptRecordError).field;
}

describe('caRecordCodec', () => {
  it('writes the bundle HAProxy reads as tls.crt and reads the record back', () => {
    const data = caRecordCodec.encode(ca);
    expect(data['tls.crt']).toBe(CERT_A + CERT_B);
    expect(data['ca.crt']).toBe(CERT_A);
    expect(JSON.parse(data['trust'] as string)[0]).not.toHaveProperty('certificatePem');
    expect(caRecordCodec.decode(data, 'ca')).toEqual(ca);
  });

  it('ends every PEM with one newline so the bundle stays well-formed', () => {
    const data = caRecordCodec.encode({ ...ca, trusted: ca.trusted.map((t) => ({ ...t, certificatePem: t.certificatePem.trimEnd() })) });
    expect(data['tls.crt']).toBe(CERT_A + CERT_B);
  });

  it('writes tls.crt with trustBundlePem, so the bundle of the record read back is what Vault holds, byte for byte', () => {
    const data = caRecordCodec.encode({ ...ca, trusted: ca.trusted.map((t) => ({ ...t, certificatePem: `${t.certificatePem.trimEnd()}\r\n\n` })) });
    expect(data['tls.crt']).toBe(trustBundlePem(ca.trusted));
    expect(trustBundlePem(caRecordCodec.decode(data, 'ca').trusted)).toBe(data['tls.crt']);
    expect(trustBundlePem([...ca.trusted].reverse())).toBe(CERT_B + CERT_A);
  });

  it.each(['ca.crt', 'tls.crt', 'fingerprint', 'not_after', 'trust'])('names the missing field %s', (field) => {
    const data = caRecordCodec.encode(ca);
    delete data[field];
    expect(corruptField(() => caRecordCodec.decode(data, 'ca'))).toBe(field);
  });

  it('refuses a bundle whose certificates do not match the trust list', () => {
    const data = { ...caRecordCodec.encode(ca), 'tls.crt': CERT_A };
    expect(corruptField(() => caRecordCodec.decode(data, 'ca'))).toBe('tls.crt');
  });

  it('refuses a tls.crt that is not well-formed PEM, naming the field', () => {
    const data = { ...caRecordCodec.encode(ca), 'tls.crt': `${CERT_A}not pem\n${CERT_B}` };
    expect(corruptField(() => caRecordCodec.decode(data, 'ca'))).toBe('tls.crt');
  });

  it('does not quote a malformed value in the error', () => {
    const data = { ...caRecordCodec.encode(ca), trust: '{not json: s3cr3t-value' };
    const { message } = thrown(() => caRecordCodec.decode(data, 'ca')) as Error;
    expect(message).not.toContain('s3cr3t');
    expect(message).toContain('"trust"');
  });
});

describe('clientRecordCodec', () => {
  it('keeps the seed field names (p12, password) and reads the record back with the username from the path', () => {
    const data = clientRecordCodec.encode(client);
    expect(data['p12']).toBe('MIIB');
    expect(data['password']).toBe('pw');
    expect(data['tls.key']).toBe(client.privateKeyPem);
    expect(clientRecordCodec.decode(data, 'clients/alice', 'alice')).toEqual(client);
  });

  it.each(['serial', 'tls.crt', 'created', 'not_after', 'issuer_fingerprint', 'status'])('names the missing field %s', (field) => {
    const data = clientRecordCodec.encode(client);
    delete data[field];
    expect(corruptField(() => clientRecordCodec.decode(data, 'clients/alice', 'alice'))).toBe(field);
  });

  it.each([
    ['status', 'expired'],
    ['p12_profile', 'rc2'],
  ])('refuses %s = %j', (field, value) => {
    const data = { ...clientRecordCodec.encode(client), [field]: value };
    expect(corruptField(() => clientRecordCodec.decode(data, 'clients/alice', 'alice'))).toBe(field);
  });

  it('keeps the earlier live certificates and the reserved serial, and reads a pending record without a certificate', () => {
    const earlier = [{ serial: '0a1a', notAfter: '2030-12-01T00:00:00.000Z', issuerFingerprint: 'aa', created: '2029-12-01T00:00:00.000Z' }];
    const renewed: ClientRecord = { ...client, status: 'active', earlier, reserved: { ...earlier[0]!, serial: '0a1c' } };
    const data = clientRecordCodec.encode(renewed);
    expect(JSON.parse(data['earlier_certificates'] as string)).toEqual(earlier);
    expect(clientRecordCodec.decode(data, 'clients/alice', 'alice')).toEqual(renewed);
    const pending: ClientRecord = { ...client, status: 'pending', certificatePem: '', reserved: { ...earlier[0]!, serial: '0a1b' } };
    expect(clientRecordCodec.decode(clientRecordCodec.encode(pending), 'clients/alice', 'alice')).toEqual(pending);
    expect(corruptField(() => clientRecordCodec.decode({ ...data, earlier_certificates: '[{"serial":1}]' }, 'clients/alice', 'alice'))).toBe('earlier_certificates');
  });

  it('reads optional fields as empty strings when absent', () => {
    const data = clientRecordCodec.encode(client);
    for (const f of ['tls.key', 'p12', 'password', 'p12_profile', 'email', 'revoked_at', 'revocation_reason', 'ca.crt']) delete data[f];
    expect(clientRecordCodec.decode(data, 'clients/alice', 'alice')).toMatchObject({ privateKeyPem: '', p12Base64: '', p12Profile: '', email: '' });
  });
});

describe('clientInventoryCodec', () => {
  it('keeps only non-secret fields, plus the data version it describes', () => {
    const custom = clientInventoryCodec.encode(clientInventoryCodec.fromRecord(client), 3);
    expect(custom).toEqual({
      serial: '0a1b',
      email: 'alice@example.org',
      not_after: '2031-01-01T00:00:00.000Z',
      issuer_fingerprint: 'aa',
      status: 'revoked',
      created: '2030-01-01T00:00:00.000Z',
      version: '3',
    });
    expect(clientInventoryCodec.decode(custom, 'clients/alice', 'alice')).toEqual({ inventory: clientInventoryCodec.fromRecord(client), version: 3 });
  });

  it('omits an empty email (Vault refuses empty custom metadata values)', () => {
    expect(clientInventoryCodec.encode({ ...clientInventoryCodec.fromRecord(client), email: '' }, 1)).not.toHaveProperty('email');
  });
});

describe('caKeyRecordCodec and crlRecordCodec', () => {
  it('round-trip', () => {
    const key = { privateKeyPem: pem('PRIVATE KEY', 'a2V5'), certificatePem: CERT_A, fingerprint: 'aa' };
    expect(caKeyRecordCodec.decode(caKeyRecordCodec.encode(key), 'ca-key')).toEqual(key);
    const crl = { crlPem: pem('X509 CRL', 'Y3Js'), crlNumber: 12, nextUpdate: 'n', revoked: [], haproxyDeny: '' };
    expect(crlRecordCodec.decode(crlRecordCodec.encode(crl), 'crl')).toEqual(crl);
  });

  it('names the field of a malformed CRL', () => {
    const data = { ...crlRecordCodec.encode({ crlPem: 'x', crlNumber: 1, nextUpdate: 'n', revoked: [], haproxyDeny: '' }), revoked: '[{"serial":1}]' };
    expect(corruptField(() => crlRecordCodec.decode(data, 'crl'))).toBe('revoked');
  });
});
