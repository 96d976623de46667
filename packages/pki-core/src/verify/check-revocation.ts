import { normalizeHex } from '../internal/bytes.js';
import { sameName } from '../internal/same-name.js';
import { x509 } from '../internal/x509.js';
import { crlReasonOf } from '../crl/crl-reason.js';
import { fail } from './build-path.js';
import type { VerifyResult } from './verify-types.js';

type Failure = Extract<VerifyResult, { ok: false }>;

/**
 * Checks one certificate against its issuer's CRLs at time `at`: a CRL named after the issuer and signed by
 * its key must exist (the latest issued one is used), be current, and not list the certificate's serial.
 *
 * @returns the failure (`crl-missing`, `crl-bad-signature`, `crl-not-yet-valid`, `crl-expired`, `revoked`), or undefined
 */
export async function checkRevocation(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  crls: x509.X509Crl[],
  at: Date,
  crypto: Crypto,
): Promise<Failure | undefined> {
  const named = crls.filter((crl) => sameName(crl.issuerName, issuer.subjectName));
  if (named.length === 0) {
    return fail('crl-missing', certificate, `no CRL from "${issuer.subject}" was given, so the revocation of "${certificate.subject}" cannot be checked: publish and pass that CA's CRL`);
  }
  const usage = issuer.getExtension(x509.KeyUsagesExtension);
  if (usage !== null && (usage.usages & x509.KeyUsageFlags.cRLSign) === 0) {
    return fail('crl-bad-signature', issuer, `the CA "${issuer.subject}" lacks the cRLSign key usage, so its CRLs cannot be trusted`);
  }
  const signed: x509.X509Crl[] = [];
  for (const crl of named) {
    if (await crl.verify({ publicKey: issuer.publicKey }, crypto).catch(() => false)) signed.push(crl);
  }
  if (signed.length === 0) {
    return fail('crl-bad-signature', certificate, `the CRL named "${issuer.subject}" is not signed by that CA's key: it is forged, damaged, or from an older CA with the same name`);
  }
  const time = at.getTime();
  const latest = signed.sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  const crl = latest.find((c) => c.thisUpdate.getTime() <= time);
  if (crl === undefined) {
    return fail('crl-not-yet-valid', certificate, `the CRL of "${issuer.subject}" is issued ${latest[0]?.thisUpdate.toISOString() ?? ''}, after ${at.toISOString()}: check the clocks`);
  }
  if (crl.nextUpdate !== undefined && time > crl.nextUpdate.getTime()) {
    return fail('crl-expired', certificate, `the CRL of "${issuer.subject}" expired on ${crl.nextUpdate.toISOString()} (checked at ${at.toISOString()}): publish a fresh CRL`);
  }
  const serial = normalizeHex(certificate.serialNumber);
  const entry = crl.findRevoked(certificate);
  if (entry !== null) {
    const reason = crlReasonOf(entry.reason);
    return fail('revoked', certificate, `"${certificate.subject}" (serial ${serial}) was revoked on ${entry.revocationDate.toISOString()}${reason === undefined ? '' : ` (${reason})`}`);
  }
  return undefined;
}
