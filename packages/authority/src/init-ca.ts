import { inspectCertificate, type CertificateInfo, type KeyType } from '@mtlsctl/pki-core';
import { nowOf, type AuthorityContext } from './context.js';
import { crlCoversCa } from './crl-covers-ca.js';
import { CaExistsError } from './errors/index.js';
import { newCaKey } from './new-ca-key.js';
import { publishCrl } from './publish-crl.js';
import { caRecordFor, trustedCaFrom } from './trusted-ca.js';

/** Options of {@link initCa}. */
export interface InitCaOptions {
  /** Subject DN. Default `CN=mtlsctl client CA`. */
  subject?: string;
  /** Default `p256`. */
  keyType?: KeyType;
  /** Default 3650 (ten years). */
  validityDays?: number;
  /** basicConstraints pathLen. Default 0: this CA signs client certificates only. */
  pathLength?: number;
  /**
   * Replace an existing CA: its key is archived at `ca-keys/<fingerprint>` (as rotate does; it signs nothing
   * more) and the certificates it issued stop being trusted. Default false.
   */
  force?: boolean;
}

/** What {@link initCa} did. */
export interface InitCaResult {
  certificatePem: string;
  certificate: CertificateInfo;
  /** True when an earlier, interrupted init left a key whose certificate was published now instead. */
  resumed: boolean;
  /** True when an existing CA was replaced (`force`). */
  replaced: boolean;
  /** The fingerprint of the replaced CA's key, archived at `ca-keys/<fingerprint>` (`force`). */
  archivedFingerprint?: string;
}

/**
 * Creates the CA: a self-signed root whose key goes to `pki/ca-key` and whose certificate is published at
 * `pki/ca` as the only trusted CA, with an empty CRL at `pki/crl` (HAProxy's crl-file needs one per CA).
 * An existing CA is never overwritten unless `force` is set (which archives its key first); an init interrupted
 * between the writes is finished on the next run (the stored key is kept, a missing CRL is published).
 *
 * @example
 * const { certificate } = await initCa({ store }, { subject: 'CN=Acme client CA,O=Acme' });
 */
export async function initCa(ctx: AuthorityContext, options: InitCaOptions = {}): Promise<InitCaResult> {
  const now = nowOf(ctx);
  const [ca, key, crl] = await Promise.all([ctx.store.getCa(), ctx.store.getCaKey(), ctx.store.getCrl()]);
  const resumed = (certificatePem: string): InitCaResult => ({ certificatePem, certificate: inspectCertificate(certificatePem), resumed: true, replaced: false });

  if (ca && !options.force) {
    // Stopped after publishing the CA and before its CRL: publish the CRL (the last step) and nothing else.
    const matches = key?.value.fingerprint === ca.value.activeFingerprint;
    if (matches && !(await crlCoversCa(crl?.value, ca.value.activeCertificatePem, ctx.crypto))) {
      await publishCrl(ctx);
      return resumed(ca.value.activeCertificatePem);
    }
    throw new CaExistsError(ca.value.activeFingerprint);
  }

  if (!ca && key && !options.force) {
    const certificatePem = key.value.certificatePem;
    await ctx.store.putCa(caRecordFor([trustedCaFrom(certificatePem, 'active', now)]), { cas: 0 });
    await publishCrl(ctx, { revoked: [] });
    return resumed(certificatePem);
  }

  // Replacing: the old key is archived first (as rotate does), so no key that signed anything is ever lost.
  let archivedFingerprint: string | undefined;
  if (key) {
    archivedFingerprint = key.value.fingerprint;
    if (!(await ctx.store.getArchivedCaKey(archivedFingerprint))) await ctx.store.putArchivedCaKey(key.value, { cas: 0 });
  }
  const next = await newCaKey(ctx, now, {
    subject: options.subject ?? 'CN=mtlsctl client CA',
    keyType: options.keyType ?? 'p256',
    validityDays: options.validityDays ?? 3650,
    pathLength: options.pathLength ?? 0,
  });
  const { certificatePem } = next;
  await ctx.store.putCaKey(next, { cas: key?.version ?? 0 });
  await ctx.store.putCa(caRecordFor([trustedCaFrom(certificatePem, 'active', now)]), { cas: ca?.version ?? 0 });
  await publishCrl(ctx, { revoked: [] });
  return {
    certificatePem,
    certificate: inspectCertificate(certificatePem),
    resumed: false,
    replaced: ca !== undefined,
    ...(archivedFingerprint === undefined ? {} : { archivedFingerprint }),
  };
}
