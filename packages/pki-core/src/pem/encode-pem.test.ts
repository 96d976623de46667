import { describe, expect, it } from 'vitest';
import { encodePem } from './encode-pem.js';

describe('encodePem', () => {
  it('writes base64 in 64-column lines, each ending with a newline, between the BEGIN and END lines', () => {
    for (const length of [0, 1, 47, 48, 49, 96, 97, 1000]) {
      const der = Uint8Array.from({ length }, (_, i) => (i * 37 + length) % 256);
      const base64 = Buffer.from(der).toString('base64');
      const lines = base64 === '' ? [] : (base64.match(/.{1,64}/g) as string[]);
      const pem = encodePem('CERTIFICATE', der);
      expect(pem).toBe(['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\n'));
      expect(pem.split('\n').every((line) => line.length <= 64 || line.startsWith('-----'))).toBe(true);
      expect(Buffer.from(pem.split('\n').slice(1, -2).join(''), 'base64')).toEqual(Buffer.from(der));
    }
  });

  it('takes an ArrayBuffer or a view into a larger buffer', () => {
    const backing = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    expect(encodePem('X509 CRL', backing.subarray(2, 5))).toBe('-----BEGIN X509 CRL-----\nAQID\n-----END X509 CRL-----\n');
    expect(encodePem('X509 CRL', Uint8Array.from([1, 2, 3]).buffer)).toBe('-----BEGIN X509 CRL-----\nAQID\n-----END X509 CRL-----\n');
  });
});
