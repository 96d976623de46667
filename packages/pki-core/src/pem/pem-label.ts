/** The PEM block types (RFC 7468 labels) mtlsctl reads or writes. */
export type PemLabel =
  | 'CERTIFICATE'
  | 'PRIVATE KEY'
  | 'PUBLIC KEY'
  | 'X509 CRL'
  | 'CERTIFICATE REQUEST'
  | 'EC PRIVATE KEY'
  | 'RSA PRIVATE KEY'
  | 'ENCRYPTED PRIVATE KEY'
  | 'PKCS7';

/** One decoded PEM block: its label (e.g. `CERTIFICATE`) and its DER bytes. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
}

/**
 * Labels also accepted when reading a block of a given type: `NEW CERTIFICATE REQUEST` (older OpenSSL
 * and Windows) and `CRL` (what @peculiar/x509 writes). mtlsctl always writes the canonical label.
 */
const ALIASES: Partial<Record<string, readonly string[]>> = {
  'CERTIFICATE REQUEST': ['NEW CERTIFICATE REQUEST'],
  'X509 CRL': ['CRL'],
};

/**
 * True when a block labelled `found` may be read where `expected` is asked for.
 *
 * @param expected - the wanted label
 * @param found - the label in the input
 */
export function labelMatches(expected: string, found: string): boolean {
  return found === expected || (ALIASES[expected]?.includes(found) ?? false);
}
