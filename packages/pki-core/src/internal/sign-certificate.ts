import { IssuerKeyMismatchError } from '../errors/issuer-errors.js';
import type { ResolvedIssuer } from './resolve-issuer.js';
import { x509 } from './x509.js';

/** Everything a certificate needs besides what the issuer contributes. */
export interface CertificateTemplate {
  subject: x509.Name;
  publicKey: CryptoKey | x509.PublicKey;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Extensions besides the AKI, which comes from the issuer and is appended. */
  extensions: x509.Extension[];
}

/**
 * Signs a certificate with an issuer, then checks the signature with the issuer certificate's public key,
 * so a CA key that does not belong to its certificate is caught before anything is handed out (once per
 * resolved issuer: the check is about the pair, which does not change).
 *
 * @param template - the subject, key, serial, validity and extensions
 * @param issuer - a resolved issuer
 * @param crypto - the WebCrypto provider
 * @returns the certificate
 * @throws IssuerKeyMismatchError when the signature does not verify with the issuer's certificate key
 */
export async function signCertificate(template: CertificateTemplate, issuer: ResolvedIssuer, crypto: Crypto): Promise<x509.X509Certificate> {
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: template.serialNumber,
      subject: template.subject,
      issuer: issuer.certificate.subjectName,
      notBefore: template.notBefore,
      notAfter: template.notAfter,
      publicKey: template.publicKey,
      signingKey: issuer.privateKey,
      signingAlgorithm: issuer.signingAlgorithm,
      extensions: [...template.extensions, issuer.authorityKeyIdentifier],
    },
    crypto,
  );
  if (issuer.keyMatchesCertificate) return certificate;
  const verified = await certificate
    .verify({ publicKey: issuer.certificate.publicKey, signatureOnly: true }, crypto)
    .catch(() => false);
  if (!verified) throw new IssuerKeyMismatchError(issuer.certificate.subject);
  issuer.keyMatchesCertificate = true;
  return certificate;
}
