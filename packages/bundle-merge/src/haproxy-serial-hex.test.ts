import { describe, expect, it } from 'vitest';
import { InvalidSerialError } from './errors/invalid-serial-error.js';
import { haproxySerialHex } from './haproxy-serial-hex.js';

describe('haproxySerialHex', () => {
  it.each([
    ['8F12AB', '8F12AB', 'as openssl x509 -serial prints a high-bit serial'],
    ['008f12ab', '8F12AB', 'DER content with its 00 sign byte, as @peculiar/x509 stores it'],
    ['00:8f:12:ab', '8F12AB', 'colon-separated bytes'],
    ['0x8f12ab', '8F12AB', 'with a 0x prefix'],
    ['0a1b', '0A1B', 'a first byte below 0x10 keeps its leading zero nibble'],
    ['a1b', '0A1B', 'an odd number of digits is padded to whole bytes'],
    ['0000a1b2', 'A1B2', 'non-minimal leading zero bytes are dropped'],
    ['01', '01', 'a one-byte serial'],
    ['00', '00', 'zero stays one byte'],
    ['0', '00', 'a single zero digit'],
    ['  7f \n', '7F', 'surrounding whitespace'],
    ['7fffffffffffffffffffffffffffffffffffffff', '7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', 'a 20-byte serial (RFC 5280 maximum)'],
  ])('%s → %s (%s)', (input, expected) => {
    expect(haproxySerialHex(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['0x', /empty/],
    [':', /empty/],
    ['-01', /negative/],
    ['12G4', /not hexadecimal/],
    ['12 34; deny', /not hexadecimal/],
  ])('refuses %j', (input, reason) => {
    expect(() => haproxySerialHex(input)).toThrow(InvalidSerialError);
    expect(() => haproxySerialHex(input)).toThrow(reason);
  });
});
