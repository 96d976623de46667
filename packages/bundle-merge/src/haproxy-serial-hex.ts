import { InvalidSerialError } from './errors/invalid-serial-error.js';

/**
 * The serial number exactly as HAProxy's `ssl_c_serial,hex` prints it: the positive integer's big-endian
 * magnitude (OpenSSL drops the DER `00` sign byte and stores no other leading zero), two uppercase hex
 * digits per byte (so a leading zero nibble stays: `0A1B`, never `A1B`).
 *
 * Accepts what `openssl x509 -serial` prints (`8F12AB`), what pki-core and @peculiar/x509 print (the DER
 * content, `008f12ab`), colon-separated bytes (`00:8f:12:ab`), an odd number of digits (`a1b`) and `0x`.
 *
 * @param serial - the serial in hexadecimal
 * @returns uppercase hex, an even number of digits, no leading `00` byte (zero is `00`)
 * @throws InvalidSerialError when it is empty, negative or not hexadecimal
 * @example
 * haproxySerialHex('008f12ab'); // '8F12AB'
 * haproxySerialHex('a1b');      // '0A1B'
 */
export function haproxySerialHex(serial: string): string {
  const trimmed = serial.trim();
  if (trimmed.startsWith('-')) throw new InvalidSerialError(serial, 'negative serial numbers are not valid (RFC 5280)');
  const digits = trimmed.replace(/^0x/i, '').replace(/[:\s]/g, '');
  if (digits === '') throw new InvalidSerialError(serial, 'it is empty');
  if (!/^[0-9a-fA-F]+$/.test(digits)) throw new InvalidSerialError(serial, 'it has characters that are not hexadecimal digits');
  let even = digits.length % 2 === 1 ? `0${digits}` : digits;
  while (even.length > 2 && even.startsWith('00')) even = even.slice(2);
  return even.toUpperCase();
}
