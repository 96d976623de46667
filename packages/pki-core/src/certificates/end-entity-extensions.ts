import { x509 } from '../internal/x509.js';
import type { KeyType } from '../keys/key-type.js';

/**
 * The extensions of an end-entity (client or server) certificate, besides the AKI: basicConstraints CA:FALSE
 * and keyUsage digitalSignature (+ keyEncipherment for RSA, for TLS 1.2 RSA key exchange), both critical;
 * the extended key usage; the subject alternative names when any; and the subject key identifier.
 *
 * @param p.keyType - the subject key's type
 * @param p.publicKey - the subject's public key
 * @param p.extendedKeyUsage - EKU OIDs, e.g. clientAuth
 * @param p.altNames - SAN entries (`email`, `dns`, `ip`)
 * @param p.crypto - the WebCrypto provider
 */
export async function endEntityExtensions(p: {
  keyType: KeyType;
  publicKey: CryptoKey | x509.PublicKey;
  extendedKeyUsage: string[];
  altNames: x509.JsonGeneralNames;
  crypto: Crypto;
}): Promise<x509.Extension[]> {
  const rsa = p.keyType.startsWith('rsa');
  const usages = x509.KeyUsageFlags.digitalSignature | (rsa ? x509.KeyUsageFlags.keyEncipherment : 0);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
    new x509.ExtendedKeyUsageExtension(p.extendedKeyUsage, false),
  ];
  if (p.altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(p.altNames, false));
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(p.publicKey, false, p.crypto));
  return extensions;
}
