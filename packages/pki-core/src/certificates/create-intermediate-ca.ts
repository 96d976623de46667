import { assertIntegerParameter } from '../errors/invalid-parameter-error.js';
import { IssuerPathLengthError } from '../errors/issuer-errors.js';
import { parseDistinguishedName } from '../internal/distinguished-name.js';
import { resolveIssuer } from '../internal/resolve-issuer.js';
import { randomSerialNumber } from '../internal/serial-number.js';
import { signCertificate } from '../internal/sign-certificate.js';
import { computeValidity } from '../internal/validity.js';
import { cryptoOrDefault } from '../internal/x509.js';
import { keyTypeOf } from '../keys/key-type.js';
import { caExtensions } from './ca-extensions.js';
import type { Issuer } from './issuer.js';
import { encodePem } from '../pem/encode-pem.js';

/** Parameters of {@link createIntermediateCa}. */
export interface CreateIntermediateCaParams {
  /** The intermediate's distinguished name, e.g. `CN=mtlsctl issuing CA 2026,O=Acme`. */
  subject: string;
  /** The intermediate's public key. */
  publicKey: CryptoKey;
  /** The CA that signs it. */
  issuer: Issuer;
  /** The issuance time. */
  now: Date;
  /** Lifetime in days from `now`; default 1825. */
  validityDays?: number;
  /** Explicit notAfter; overrides validityDays. */
  notAfter?: Date;
  /** basicConstraints pathLenConstraint; default 0 (it signs end-entity certificates only). */
  pathLength?: number;
  /** notBefore = now − this; default 300. */
  backdateSeconds?: number;
  /** WebCrypto provider; default `globalThis.crypto`. */
  crypto?: Crypto;
}

/**
 * Creates an intermediate CA certificate signed by `issuer`, with the same CA extensions as a root and an
 * AKI that matches the issuer's SKI.
 *
 * @param params - see {@link CreateIntermediateCaParams}
 * @returns the certificate, PEM
 * @throws NotAfterBeyondIssuerError when it would outlive its issuer; IssuerPathLengthError when the issuer's
 *   path length forbids it; IssuerNotCaError / IssuerKeyMismatchError for a bad issuer
 * @example
 * const intermediatePem = await createIntermediateCa({ subject: 'CN=Issuing CA', publicKey, issuer, now: new Date() });
 */
export async function createIntermediateCa(params: CreateIntermediateCaParams): Promise<string> {
  const crypto = cryptoOrDefault(params.crypto);
  const subject = parseDistinguishedName(params.subject);
  assertIntegerParameter('pathLength', params.pathLength, 0, 255);
  keyTypeOf(params.publicKey);
  const issuer = await resolveIssuer(params.issuer, crypto);
  const pathLength = params.pathLength ?? 0;
  if (issuer.pathLength !== undefined && pathLength >= issuer.pathLength) {
    throw new IssuerPathLengthError(issuer.certificate.subject, issuer.pathLength, pathLength);
  }
  const { notBefore, notAfter } = computeValidity(params, 1825, issuer.certificate.notAfter);
  const certificate = await signCertificate(
    {
      subject,
      publicKey: params.publicKey,
      serialNumber: randomSerialNumber(crypto),
      notBefore,
      notAfter,
      extensions: await caExtensions(params.publicKey, pathLength, crypto),
    },
    issuer,
    crypto,
  );
  return encodePem('CERTIFICATE', new Uint8Array(certificate.rawData));
}
