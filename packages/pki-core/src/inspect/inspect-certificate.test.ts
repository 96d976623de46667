import { makeTempDir, openssl, opensslRaw, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { PemFormatError } from '../errors/pem-format-error.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { writeFiles } from '../test-support/fixtures.js';
import { fingerprintSha256, inspectCertificate } from './inspect-certificate.js';

describe('inspectCertificate', () => {
  let dir: TempDir;
  let caPem: string;
  let leafPem: string;
  let keyPem: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    const path = (name: string) => `${dir.path}/${name}`;
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca.key'), '-out', path('ca.pem'), '-days', '30',
      '-subj', '/C=FR/O=Acme/CN=openssl CA', '-set_serial', '0x00ff01', '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:2']);
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', path('leaf.key'), '-out', path('leaf.csr'),
      '-subj', '/CN=bob/emailAddress=bob@example.com']);
    await writeFiles(dir, { 'leaf.ext': 'subjectAltName=email:bob@example.com,DNS:bob.example.com,IP:10.0.0.1\nextendedKeyUsage=clientAuth,1.3.6.1.4.1.99999.1\nkeyUsage=critical,digitalSignature\n' });
    await openssl(['x509', '-req', '-in', path('leaf.csr'), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-set_serial', '0x1234', '-days', '7',
      '-extfile', path('leaf.ext'), '-out', path('leaf.pem')]);
    caPem = await openssl(['x509', '-in', path('ca.pem')]);
    leafPem = await openssl(['x509', '-in', path('leaf.pem')]);
    keyPem = await openssl(['pkey', '-in', path('leaf.key')]);
  });
  afterAll(async () => dir?.remove());

  it('reads an openssl-made CA: names, serial without the leading 00, path length, key, self-signature', () => {
    expect(inspectCertificate(caPem)).toMatchObject({
      subject: 'C=FR, O=Acme, CN=openssl CA',
      commonName: 'openssl CA',
      serialNumber: 'ff01',
      isCa: true,
      pathLength: 2,
      keyAlgorithm: 'RSA 2048',
      signatureAlgorithm: 'RSA-SHA256',
      selfSigned: true,
    });
  });

  it('reads an openssl-made leaf: emails from SAN and subject once, DNS and IP names, EKUs by name or OID', () => {
    const info = inspectCertificate(leafPem);
    expect(info).toMatchObject({
      subject: 'CN=bob, E=bob@example.com',
      issuer: 'C=FR, O=Acme, CN=openssl CA',
      commonName: 'bob',
      emails: ['bob@example.com'],
      dnsNames: ['bob.example.com'],
      ipAddresses: ['10.0.0.1'],
      serialNumber: '1234',
      keyAlgorithm: 'ECDSA P-384',
      keyUsages: ['digitalSignature'],
      extendedKeyUsages: ['clientAuth', '1.3.6.1.4.1.99999.1'],
      isCa: false,
      selfSigned: false,
    });
    expect(info.authorityKeyIdentifier).toBe(inspectCertificate(caPem).subjectKeyIdentifier);
  });

  it('agrees with openssl on the serial, the dates and the SHA-256 fingerprint', async () => {
    const out = await openssl(['x509', '-noout', '-serial', '-startdate', '-enddate', '-fingerprint', '-sha256'], { input: leafPem });
    const info = inspectCertificate(leafPem);
    expect(out).toContain(`serial=${info.serialNumber.toUpperCase()}`);
    expect(new Date(/notBefore=(.*)/.exec(out)![1]!)).toEqual(info.notBefore);
    expect(new Date(/notAfter=(.*)/.exec(out)![1]!)).toEqual(info.notAfter);
    const fingerprint = /Fingerprint=(.*)/.exec(out)![1]!.replace(/:/g, '').toLowerCase();
    expect(info.fingerprint).toBe(fingerprint);
    expect(fingerprintSha256(leafPem)).toBe(fingerprint);
  });

  it('reads the same certificate from DER bytes', async () => {
    const der = new Uint8Array((await opensslRaw(['x509', '-outform', 'DER'], { input: leafPem })).stdout);
    expect(inspectCertificate(der)).toEqual(inspectCertificate(leafPem));
  });

  it.each([
    ['garbage', () => 'this is not a certificate', PemFormatError],
    ['a truncated PEM', () => leafPem.split('\n').slice(0, 5).join('\n'), PemFormatError],
    ['bad base64', () => leafPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), PemFormatError],
    ['a private key where a certificate is expected', () => keyPem, PemLabelError],
    ['DER that is not a certificate', () => Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]), DerDecodeError],
    ['a CERTIFICATE block whose DER is a private key', () => keyPem.replace(/PRIVATE KEY/g, 'CERTIFICATE'), DerDecodeError],
    ['an empty string', () => '', PemFormatError],
    ['two certificates where one is expected', () => leafPem + caPem, PemFormatError],
  ])('refuses %s with a typed error', (_, input, type) => {
    expect(() => inspectCertificate(input())).toThrow(type);
    expect(() => fingerprintSha256(input())).toThrow(type);
  });
});
