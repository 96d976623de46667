/**
 * A CA that signs: its certificate and the private key that belongs to it.
 *
 * @example
 * const issuer: Issuer = { certificatePem: caPem, privateKey: caKeys.privateKey };
 */
export interface Issuer {
  /** The CA certificate, PEM (one CERTIFICATE block). */
  certificatePem: string;
  /** The CA's private key (any supported key type). */
  privateKey: CryptoKey;
}
