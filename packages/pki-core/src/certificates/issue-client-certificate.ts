import { commonNameSubject } from '../internal/distinguished-name.js';
import { assertCommonName, assertEmail } from '../internal/end-entity-names.js';
import { resolveIssuer } from '../internal/resolve-issuer.js';
import { leafSerialNumber } from '../internal/serial-number.js';
import { signCertificate } from '../internal/sign-certificate.js';
import { computeValidity } from '../internal/validity.js';
import { cryptoOrDefault, x509 } from '../internal/x509.js';
import type { KeyType } from '../keys/key-type.js';
import { keyTypeOf } from '../keys/key-type.js';
import { endEntityExtensions } from './end-entity-extensions.js';
import type { LeafIssuance } from './leaf-issuance.js';
import { encodePem } from '../pem/encode-pem.js';
import { normalizeHex } from '../internal/bytes.js';

/** What a client certificate says and how long it lives (shared by issueClientCertificate and signCsr). */
export interface ClientCertificatePolicy extends LeafIssuance {
  /** The certificate's commonName (1–64 characters). */
  username: string;
  /** The user's email: an rfc822Name subject alternative name. */
  email?: string;
  /**
   * Also put the email in the subject as PKCS#9 emailAddress, as classic OpenSSL scripts did; default false.
   * RFC 5280 deprecates it (the SAN carries the email); turn it on only for a legacy consumer that reads
   * the email from the subject DN.
   */
  emailInSubject?: boolean;
}

/** Parameters of {@link issueClientCertificate}. */
export interface IssueClientCertificateParams extends ClientCertificatePolicy {
  /** The user's public key. */
  publicKey: CryptoKey;
}

/**
 * Issues a TLS client certificate: subject CN=<username> (+ emailAddress only with `emailInSubject`), SAN
 * rfc822Name=<email>, EKU clientAuth, keyUsage digitalSignature (+ keyEncipherment for RSA) and
 * basicConstraints CA:FALSE (both critical), SKI + AKI, a random 126-bit serial, signed per the issuer key.
 *
 * @param params - see {@link IssueClientCertificateParams}
 * @returns the certificate, PEM
 * @throws InvalidNameError for a bad username or email; NotAfterBeyondIssuerError when it would outlive the CA;
 *   InvalidValidityError; IssuerNotCaError / IssuerKeyMismatchError for a bad issuer; UnsupportedKeyError
 * @example
 * const certPem = await issueClientCertificate({
 *   username: 'alice', email: 'alice@example.com', publicKey: keys.publicKey, issuer, now: new Date(),
 * });
 */
export async function issueClientCertificate(params: IssueClientCertificateParams): Promise<string> {
  return issueForKey(params, params.publicKey, keyTypeOf(params.publicKey));
}

/**
 * Issues a client certificate for a public key given as CryptoKey or SPKI (used by signCsr).
 *
 * @param policy - the subject, email, issuer and validity
 * @param publicKey - the subject public key
 * @param keyType - its key type
 */
export async function issueForKey(policy: ClientCertificatePolicy, publicKey: CryptoKey | x509.PublicKey, keyType: KeyType): Promise<string> {
  return (await issueForKeyWithFacts(policy, publicKey, keyType)).certificatePem;
}

/** A certificate just signed, with the facts its caller records (read from the signed certificate, not re-parsed). */
export interface SignedCertificate {
  certificatePem: string;
  /** Lowercase hex without colons or a leading `00` octet, as {@link inspectCertificate} reports it. */
  serialNumber: string;
  notAfter: Date;
}

/**
 * {@link issueForKey}, also returning the serial and notAfter of the certificate it signed.
 *
 * @param policy - the subject, email, issuer and validity
 * @param publicKey - the subject public key
 * @param keyType - its key type
 */
export async function issueForKeyWithFacts(
  policy: ClientCertificatePolicy,
  publicKey: CryptoKey | x509.PublicKey,
  keyType: KeyType,
): Promise<SignedCertificate> {
  const crypto = cryptoOrDefault(policy.crypto);
  assertCommonName(policy.username);
  if (policy.email !== undefined) assertEmail(policy.email);
  const issuer = await resolveIssuer(policy.issuer, crypto);
  const { notBefore, notAfter } = computeValidity(policy, 365, issuer.certificate.notAfter);
  const certificate = await signCertificate(
    {
      subject: commonNameSubject(policy.username, policy.emailInSubject === true ? policy.email : undefined),
      publicKey,
      serialNumber: leafSerialNumber(policy, crypto),
      notBefore,
      notAfter,
      extensions: await endEntityExtensions({
        keyType,
        publicKey,
        extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
        altNames: policy.email === undefined ? [] : [{ type: 'email', value: policy.email }],
        crypto,
      }),
    },
    issuer,
    crypto,
  );
  return {
    certificatePem: encodePem('CERTIFICATE', new Uint8Array(certificate.rawData)),
    serialNumber: normalizeHex(certificate.serialNumber),
    notAfter: certificate.notAfter,
  };
}
