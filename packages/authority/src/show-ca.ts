import { inspectCertificate, type CertificateInfo } from '@mtlsctl/pki-core';
import { trustBundlePem, type TrustRole } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { NoCaError } from './errors/index.js';

/** The CA as `ca show` reports it. */
export interface CaView {
  active: CertificateInfo;
  activeCertificatePem: string;
  /** The trust bundle, in the order HAProxy reads it. */
  trusted: (CertificateInfo & { role: TrustRole; addedAt: string })[];
  /** The exact `tls.crt` content ESO syncs to the ingress. */
  bundlePem: string;
  version: number;
}

/** Reads the public CA record. @throws NoCaError */
export async function showCa(ctx: AuthorityContext): Promise<CaView> {
  const ca = await ctx.store.getCa();
  if (!ca) throw new NoCaError();
  return {
    active: inspectCertificate(ca.value.activeCertificatePem),
    activeCertificatePem: ca.value.activeCertificatePem,
    trusted: ca.value.trusted.map((t) => ({ ...inspectCertificate(t.certificatePem), role: t.role, addedAt: t.addedAt })),
    bundlePem: trustBundlePem(ca.value.trusted),
    version: ca.version,
  };
}
