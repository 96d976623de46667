import { InvalidUsernameError } from './errors/index.js';

/** The longest username accepted: the X.520 upper bound of a common name. */
export const MAX_USERNAME_LENGTH = 64;

const allowed = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks that a username is safe to use as a certificate CN and as one KV path segment
 * (`pki/clients/<username>`): it must never reach another Vault path.
 *
 * @param username - as typed by the admin; not trimmed or normalised (a surprise is an error, not a fix)
 * @returns the same username
 * @throws InvalidUsernameError naming the problem
 */
export function validateUsername(username: string): string {
  if (username.length === 0) throw new InvalidUsernameError(username, 'it is empty');
  if (username.length > MAX_USERNAME_LENGTH) {
    throw new InvalidUsernameError(username.slice(0, 80), `it has ${username.length} characters, more than ${MAX_USERNAME_LENGTH}`);
  }
  for (const char of username) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) throw new InvalidUsernameError(username, 'it contains a control character');
    if (code > 0x7e) throw new InvalidUsernameError(username, `it contains the non-ASCII character U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    if (char === '/' || char === '\\') throw new InvalidUsernameError(username, `it contains the path separator '${char}'`);
  }
  if (username.includes('..')) throw new InvalidUsernameError(username, "it contains '..'");
  if (!allowed.test(username)) throw new InvalidUsernameError(username, 'it contains a character other than letters, digits, ".", "_" or "-", or does not start with a letter or digit');
  if (username.endsWith('.')) throw new InvalidUsernameError(username, "it ends with '.'");
  return username;
}
