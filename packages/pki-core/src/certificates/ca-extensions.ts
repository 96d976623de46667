import { x509 } from '../internal/x509.js';

/**
 * The extensions of a CA certificate (besides the AKI): basicConstraints CA:TRUE (critical, with the path
 * length when given), keyUsage keyCertSign + cRLSign (critical), and the subject key identifier.
 *
 * @param publicKey - the CA's public key
 * @param pathLength - the pathLenConstraint, or undefined for none
 * @param crypto - the WebCrypto provider
 */
export async function caExtensions(publicKey: CryptoKey, pathLength: number | undefined, crypto: Crypto): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
  ];
}
