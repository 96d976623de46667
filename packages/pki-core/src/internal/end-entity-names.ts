import { isIP } from 'node:net';
import { InvalidNameError } from '../errors/invalid-name-error.js';

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DNS_LABEL = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)$/;

/**
 * Checks a username for use as a certificate's commonName: 1–64 characters (the X.509 upper bound),
 * no control characters, no leading or trailing spaces. Stricter naming rules belong to the caller.
 *
 * @param username - the value for CN
 * @throws InvalidNameError saying what is wrong
 */
export function assertCommonName(username: string): void {
  if (username.length === 0) throw new InvalidNameError('the username is empty: it becomes the certificate CN and must have 1 to 64 characters');
  if (username.length > 64) throw new InvalidNameError(`the username has ${username.length} characters: a certificate CN holds at most 64`);
  if (/[\x00-\x1f\x7f]/.test(username)) throw new InvalidNameError('the username contains a control character');
  if (username.trim() !== username) throw new InvalidNameError('the username starts or ends with whitespace');
}

/**
 * Checks an email address for an rfc822Name SAN: ASCII `local@domain.tld`, at most 254 characters.
 *
 * @param email - the address
 * @throws InvalidNameError saying what is wrong
 */
export function assertEmail(email: string): void {
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new InvalidNameError(`"${email}" is not a usable email address: expected an ASCII address like user@example.com`);
  }
}

/**
 * Checks a DNS name for a dNSName SAN (a leading `*.` wildcard label is allowed).
 *
 * @param name - e.g. `vault.example.com` or `localhost`
 * @throws InvalidNameError saying what is wrong
 */
export function assertDnsName(name: string): void {
  const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
  if (name.length > 253 || !labels.every((label) => DNS_LABEL.test(label))) {
    throw new InvalidNameError(`"${name}" is not a valid DNS name: use letters, digits and hyphens in dot-separated labels`);
  }
}

/**
 * Checks an IPv4 or IPv6 address for an iPAddress SAN.
 *
 * @param address - e.g. `127.0.0.1` or `::1`
 * @throws InvalidNameError saying what is wrong
 */
export function assertIpAddress(address: string): void {
  if (isIP(address) === 0) throw new InvalidNameError(`"${address}" is not an IPv4 or IPv6 address`);
}
