import { inspectCertificate, type CertificateInfo, type KeyType } from '@mtlsctl/pki-core';
import { nowOf, type AuthorityContext } from './context.js';
import { CaExistsError } from './errors.js';
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
  /** Replace an existing CA (its key is lost and its certificates stop being trusted). Default false. */
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
}

/**
 * Creates the CA: a self-signed root whose key goes to `pki/ca-key` and whose certificate is published at
 * `pki/ca` as the only trusted CA, with an empty CRL at `pki/crl` (HAProxy's crl-file needs one per CA).
 * An existing CA is never overwritten unless `force` is set; an init interrupted between the writes is
 * finished on the next run (the stored key is kept).
 *
 * @example
 * const { certificate } = await initCa({ store }, { subject: 'CN=Acme client CA,O=Acme' });
 */
export async function initCa(ctx: AuthorityContext, options: InitCaOptions = {}): Promise<InitCaResult> {
  const now = nowOf(ctx);
  const [ca, key] = await Promise.all([ctx.store.getCa(), ctx.store.getCaKey()]);
  if (ca && !options.force) throw new CaExistsError(ca.value.activeFingerprint);

  if (!ca && key && !options.force) {
    const certificatePem = key.value.certificatePem;
    await ctx.store.putCa(caRecordFor([trustedCaFrom(certificatePem, 'active', now)]), { cas: 0 });
    await publishCrl(ctx, { revoked: [] });
    return { certificatePem, certificate: inspectCertificate(certificatePem), resumed: true, replaced: false };
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
  return { certificatePem, certificate: inspectCertificate(certificatePem), resumed: false, replaced: ca !== undefined };
}
