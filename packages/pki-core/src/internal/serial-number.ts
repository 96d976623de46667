import { InvalidParameterError } from '../errors/invalid-parameter-error.js';
import { toHex } from './bytes.js';

/**
 * A fresh random certificate serial number: 16 octets from the provider's CSPRNG with the top bit cleared
 * (positive) and the next bit set (always 16 octets long), i.e. 126 random bits — within RFC 5280's
 * 20-octet limit and above the CA/Browser Forum's 64 bits.
 *
 * @param crypto - the WebCrypto provider whose getRandomValues is used
 * @returns lowercase hex, 32 digits
 */
export function randomSerialNumber(crypto: Crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return toHex(bytes);
}

/**
 * Checks a caller-chosen serial number: hex (colons allowed), positive, at most 20 octets.
 *
 * @param serial - e.g. `01` or `7f:3a:...`
 * @returns lowercase hex without colons, with a leading `00` octet dropped
 * @throws InvalidParameterError when it is not a usable serial number
 */
export function checkSerialNumber(serial: string): string {
  const hex = serial.replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) throw new InvalidParameterError('serialNumber', `"${serial}" is not hexadecimal`);
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  const trimmed = even.replace(/^(00)+(?=..)/, '');
  if (/^0+$/.test(trimmed)) throw new InvalidParameterError('serialNumber', 'must be positive, not zero');
  const octets = trimmed.length / 2 + (Number.parseInt(trimmed.slice(0, 2), 16) >= 0x80 ? 1 : 0);
  if (octets > 20) throw new InvalidParameterError('serialNumber', `"${serial}" needs ${octets} octets: RFC 5280 allows at most 20`);
  return Number.parseInt(trimmed.slice(0, 2), 16) >= 0x80 ? `00${trimmed}` : trimmed;
}

/**
 * The serial number of a leaf certificate: the caller's (checked) when given, else a fresh random one.
 *
 * @param params.serialNumber - the caller's hex serial, or undefined
 * @param crypto - the provider for a random serial
 */
export function leafSerialNumber(params: { serialNumber?: string | undefined }, crypto: Crypto): string {
  return params.serialNumber === undefined ? randomSerialNumber(crypto) : checkSerialNumber(params.serialNumber);
}
