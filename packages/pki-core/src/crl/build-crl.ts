import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import type { Issuer } from '../certificates/issuer.js';
import { assertIntegerParameter, InvalidParameterError } from '../errors/invalid-parameter-error.js';
import { InvalidValidityError } from '../errors/invalid-validity-error.js';
import { IssuerKeyMismatchError, IssuerNotCaError } from '../errors/issuer-errors.js';
import { resolveIssuer } from '../internal/resolve-issuer.js';
import { checkSerialNumber } from '../internal/serial-number.js';
import { cryptoOrDefault, x509 } from '../internal/x509.js';
import { encodePem } from '../pem/encode-pem.js';
import { crlReasonCode, isCrlReason, type RevokedCertificate } from './crl-reason.js';

/** Parameters of {@link buildCrl}. */
export interface BuildCrlParams {
  /** The CA whose certificates the CRL covers; it signs the CRL. */
  issuer: Issuer;
  /** The revoked certificates (may be empty: an empty CRL still proves "nothing revoked"). */
  revoked: RevokedCertificate[];
  /** The cRLNumber: must grow with every CRL the CA publishes. */
  crlNumber: number;
  /** When this CRL is issued. */
  thisUpdate: Date;
  /** When the next CRL will be issued; verifiers reject the CRL after it. */
  nextUpdate: Date;
  /** WebCrypto provider; default `globalThis.crypto`. */
  crypto?: Crypto;
}

/**
 * Builds and signs a version 2 CRL with the authority key identifier and cRLNumber extensions and a
 * reasonCode per entry when given. PEM uses the `-----BEGIN X509 CRL-----` header that OpenSSL, Node and
 * HAProxy read (not @peculiar/x509's `BEGIN CRL`).
 *
 * @param params - see {@link BuildCrlParams}
 * @returns the CRL, PEM
 * @throws IssuerNotCaError when the issuer lacks cRLSign; InvalidValidityError when nextUpdate is not after
 *   thisUpdate; InvalidParameterError for a bad CRL number, serial or reason, or a serial listed twice
 * @example
 * const crlPem = await buildCrl({ issuer, revoked: [{ serialNumber, revokedAt: now, reason: 'keyCompromise' }],
 *   crlNumber: 7, thisUpdate: now, nextUpdate: new Date(now.getTime() + 7 * 86_400_000) });
 */
export async function buildCrl(params: BuildCrlParams): Promise<string> {
  const crypto = cryptoOrDefault(params.crypto);
  assertIntegerParameter('crlNumber', params.crlNumber, 0, Number.MAX_SAFE_INTEGER);
  const thisUpdate = wholeSeconds(params.thisUpdate, 'thisUpdate');
  const nextUpdate = wholeSeconds(params.nextUpdate, 'nextUpdate');
  if (nextUpdate.getTime() <= thisUpdate.getTime()) {
    throw new InvalidValidityError(`nextUpdate ${nextUpdate.toISOString()} must be after thisUpdate ${thisUpdate.toISOString()}`);
  }
  const issuer = await resolveIssuer(params.issuer, crypto);
  const usage = issuer.certificate.getExtension(x509.KeyUsagesExtension);
  if (usage !== null && (usage.usages & x509.KeyUsageFlags.cRLSign) === 0) {
    throw new IssuerNotCaError(issuer.certificate.subject, 'the cRLSign key usage');
  }
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: issuer.certificate.subjectName,
      thisUpdate,
      nextUpdate,
      signingKey: issuer.privateKey,
      signingAlgorithm: issuer.signingAlgorithm,
      entries: entriesOf(params.revoked),
      extensions: [
        issuer.authorityKeyIdentifier,
        new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(params.crlNumber))),
      ],
    },
    crypto,
  );
  const verified = await crl.verify({ publicKey: issuer.certificate.publicKey }, crypto).catch(() => false);
  if (!verified) throw new IssuerKeyMismatchError(issuer.certificate.subject);
  return encodePem('X509 CRL', new Uint8Array(crl.rawData));
}

function entriesOf(revoked: RevokedCertificate[]): x509.X509CrlEntryParams[] {
  const seen = new Set<string>();
  return revoked.map((entry) => {
    const serialNumber = checkSerialNumber(entry.serialNumber);
    if (seen.has(serialNumber)) throw new InvalidParameterError('revoked', `serial number ${entry.serialNumber} is listed twice`);
    seen.add(serialNumber);
    if (entry.reason !== undefined && !isCrlReason(entry.reason)) {
      throw new InvalidParameterError('reason', `"${String(entry.reason)}" is not a CRL reason`);
    }
    const params: x509.X509CrlEntryParams = { serialNumber, revocationDate: wholeSeconds(entry.revokedAt, 'revokedAt') };
    if (entry.reason !== undefined) params.reason = crlReasonCode(entry.reason);
    return params;
  });
}

function wholeSeconds(date: Date, name: string): Date {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidValidityError(`${name} must be a valid Date`);
  return new Date(Math.floor(time / 1000) * 1000);
}
