import type { Issuer } from '../certificates/issuer.js';
import { IssuerNotCaError } from '../errors/issuer-errors.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { signingParams } from '../keys/key-algorithms.js';
import { keyTypeOf, type KeyType } from '../keys/key-type.js';
import { parseCertificate } from './parse-certificate.js';
import { x509 } from './x509.js';

/** An issuer checked and ready to sign. */
export interface ResolvedIssuer {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
  keyType: KeyType;
  signingAlgorithm: Algorithm | EcdsaParams;
  /** The AKI for what it signs: its own SKI when it has one, else computed from its key. */
  authorityKeyIdentifier: x509.AuthorityKeyIdentifierExtension;
  /** Its basicConstraints pathLenConstraint, when set. */
  pathLength: number | undefined;
  /** Set once a signature by this key verified with this certificate: the pair belongs together. */
  keyMatchesCertificate: boolean;
}

/**
 * Issuers already checked, per private key object and certificate PEM. Resolving is deterministic, so a
 * CA that issues thousands of certificates in one process parses and checks itself once.
 */
const resolved = new WeakMap<CryptoKey, Map<string, Promise<ResolvedIssuer>>>();

/**
 * Parses and checks an issuer: a CA certificate (basicConstraints CA:TRUE, keyCertSign when keyUsage is
 * present) and a private signing key of a supported type. The result is remembered for the same key object
 * and certificate.
 *
 * @param issuer - the CA certificate PEM and private key
 * @param crypto - the WebCrypto provider
 * @throws IssuerNotCaError, UnsupportedKeyError, or a PEM/DER error for the certificate
 */
export function resolveIssuer(issuer: Issuer, crypto: Crypto): Promise<ResolvedIssuer> {
  let byCertificate = resolved.get(issuer.privateKey);
  if (!byCertificate) resolved.set(issuer.privateKey, (byCertificate = new Map()));
  let found = byCertificate.get(issuer.certificatePem);
  if (!found) {
    found = checkIssuer(issuer, crypto);
    found.catch(() => byCertificate.delete(issuer.certificatePem));
    byCertificate.set(issuer.certificatePem, found);
  }
  return found;
}

async function checkIssuer(issuer: Issuer, crypto: Crypto): Promise<ResolvedIssuer> {
  const certificate = parseCertificate(issuer.certificatePem);
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (constraints?.ca !== true) throw new IssuerNotCaError(certificate.subject, 'basicConstraints CA:TRUE');
  const usage = certificate.getExtension(x509.KeyUsagesExtension);
  if (usage !== null && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new IssuerNotCaError(certificate.subject, 'the keyCertSign key usage');
  }
  if (issuer.privateKey.type !== 'private') {
    throw new UnsupportedKeyError(`the issuer key must be a private key, got a ${issuer.privateKey.type} key`);
  }
  const keyType = keyTypeOf(issuer.privateKey);
  const subjectKeyId = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const authorityKeyIdentifier =
    subjectKeyId === null
      ? await x509.AuthorityKeyIdentifierExtension.create(certificate.publicKey, false, crypto)
      : new x509.AuthorityKeyIdentifierExtension(subjectKeyId.keyId, false);
  return {
    certificate,
    privateKey: issuer.privateKey,
    keyType,
    signingAlgorithm: signingParams(keyType),
    authorityKeyIdentifier,
    pathLength: constraints.pathLength,
    keyMatchesCertificate: false,
  };
}
