import { x509 } from '../internal/x509.js';

export { CRL_REASONS, CLIENT_REVOCATION_REASONS, type CrlReason, type ClientRevocationReason } from './crl-reason-names.js';
import type { CrlReason } from './crl-reason-names.js';
import { CRL_REASONS } from './crl-reason-names.js';

/** One revoked certificate as a CRL lists it. */
export interface RevokedCertificate {
  /** The certificate's serial number, hex (normalised to lowercase, no colons, no leading `00` when read). */
  serialNumber: string;
  /** When it was revoked. */
  revokedAt: Date;
  /** Why; omitted means no reasonCode entry extension. */
  reason?: CrlReason;
}

const CODES: Record<CrlReason, x509.X509CrlReason> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
};

/** True when `value` is a {@link CrlReason} (for flags and stored records). */
export function isCrlReason(value: string): value is CrlReason {
  return (CRL_REASONS as readonly string[]).includes(value);
}

/** The RFC 5280 reason code of a reason. */
export function crlReasonCode(reason: CrlReason): x509.X509CrlReason {
  return CODES[reason];
}

/** The reason of an RFC 5280 reason code, or undefined for codes outside {@link CrlReason} (removeFromCRL, aACompromise). */
export function crlReasonOf(code: number | undefined): CrlReason | undefined {
  if (code === undefined) return undefined;
  return CRL_REASONS.find((reason) => CODES[reason] === code);
}
