import { inspectCertificate, pemText } from '@mtlsctl/pki-core';
import type { CaRecord, TrustedCa, TrustRole } from '@mtlsctl/vault-store';

/**
 * Describes a CA certificate as an entry of the trust bundle.
 *
 * @param certificatePem - the CA certificate
 * @param role - active, rotated (kept after a rotation) or imported (another system's CA)
 * @param addedAt - when it entered the bundle
 */
export function trustedCaFrom(certificatePem: string, role: TrustRole, addedAt: Date): TrustedCa {
  const info = inspectCertificate(certificatePem);
  return {
    fingerprint: info.fingerprint,
    subject: info.subject,
    notAfter: info.notAfter.toISOString(),
    role,
    addedAt: addedAt.toISOString(),
    certificatePem: pemText(certificatePem),
  };
}

/**
 * Builds the public `pki/ca` record from the trusted CAs: the one whose role is `active` issues,
 * and the bundle lists the active CA first, then the others in the order they were added.
 */
export function caRecordFor(trusted: readonly TrustedCa[]): CaRecord {
  const active = trusted.filter((t) => t.role === 'active');
  if (active.length !== 1) throw new Error(`internal: a trust set needs exactly one active CA, got ${active.length}`);
  const [activeCa] = active as [TrustedCa];
  const others = trusted
    .filter((t) => t.role !== 'active')
    .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.fingerprint.localeCompare(b.fingerprint));
  return {
    activeCertificatePem: activeCa.certificatePem,
    activeFingerprint: activeCa.fingerprint,
    activeNotAfter: activeCa.notAfter,
    trusted: [activeCa, ...others],
  };
}
