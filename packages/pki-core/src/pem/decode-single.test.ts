import { describe, expect, it } from 'vitest';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { PemFormatError } from '../errors/pem-format-error.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { decodeSingle } from './decode-single.js';
import { encodePem } from './encode-pem.js';
import { splitCertificates } from './split-certificates.js';

const der = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]);

describe('decodeSingle', () => {
  it.each([
    ['PEM text', encodePem('CERTIFICATE', der)],
    ['PEM bytes', new TextEncoder().encode(`\n${encodePem('CERTIFICATE', der)}`)],
    ['DER bytes', der],
  ])('returns the DER of one certificate given as %s', (_, input) => {
    expect(decodeSingle(input, 'CERTIFICATE')).toEqual(der);
  });

  it.each([
    ['X509 CRL', 'CRL'],
    ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'],
  ] as const)('reads a %s written with the older label %s', (expected, label) => {
    expect(decodeSingle(encodePem(label, der), expected)).toEqual(der);
  });

  it.each([
    ['a private key where a certificate is expected', encodePem('PRIVATE KEY', der), 'CERTIFICATE', PemLabelError, /expected a CERTIFICATE but found a PRIVATE KEY: the certificate and key inputs may be swapped/],
    ['a certificate where a CRL is expected', encodePem('CERTIFICATE', der), 'X509 CRL', PemLabelError, /expected a X509 CRL but found a CERTIFICATE/],
    ['two certificates where one is expected', encodePem('CERTIFICATE', der).repeat(2), 'CERTIFICATE', PemFormatError, /expected one CERTIFICATE but found 2 PEM blocks/],
    ['an empty string', '', 'CERTIFICATE', PemFormatError, /empty/],
    ['empty bytes', new Uint8Array(), 'CERTIFICATE', DerDecodeError, /empty/],
    ['bytes that are neither PEM nor DER', new TextEncoder().encode('hello world'), 'CERTIFICATE', DerDecodeError, /neither PEM text nor DER/],
  ] as const)('refuses %s with a typed error', (_, input, expected, type, message) => {
    expect(() => decodeSingle(input, expected)).toThrow(type);
    expect(() => decodeSingle(input, expected)).toThrow(message);
  });
});

describe('splitCertificates', () => {
  it('returns each certificate of a bundle as its own normalised PEM', () => {
    const a = encodePem('CERTIFICATE', der);
    const b = encodePem('CERTIFICATE', Uint8Array.from([0x30, 0x00]));
    expect(splitCertificates(`${a}\n\n${b.replace(/\n/g, '\r\n')}`)).toEqual([a, b]);
  });

  it('refuses a bundle holding a private key, naming the block', () => {
    const bundle = encodePem('CERTIFICATE', der) + encodePem('PRIVATE KEY', der);
    expect(() => splitCertificates(bundle)).toThrow(PemLabelError);
    expect(() => splitCertificates(bundle)).toThrow(/found a PRIVATE KEY: block 2 of the bundle is not a certificate/);
  });
});
