import type { TrustedCa } from '@mtlsctl/vault-store';
import { InvalidFingerprintError, TrustedCaNotFoundError } from './errors/index.js';

/**
 * Finds a trusted CA by its SHA-256 fingerprint or an unambiguous prefix of it (at least 8 hex digits;
 * colons and case are ignored, as people paste `AB:CD:...` from openssl).
 *
 * @throws InvalidFingerprintError (bad input, exit 2) for a malformed one; TrustedCaNotFoundError when none or several match
 */
export function resolveTrustedCa(trusted: readonly TrustedCa[], fingerprint: string): TrustedCa {
  const wanted = fingerprint.replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(wanted)) {
    throw new InvalidFingerprintError(fingerprint);
  }
  const matches = trusted.filter((t) => t.fingerprint.startsWith(wanted));
  if (matches.length === 0) throw new TrustedCaNotFoundError(fingerprint);
  if (matches.length > 1) throw new TrustedCaNotFoundError(fingerprint, `${matches.length} trusted CAs start with it: give more digits`);
  return matches[0] as TrustedCa;
}
