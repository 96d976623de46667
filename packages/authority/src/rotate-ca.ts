import { inspectCertificate, type CertificateInfo, type KeyType } from '@mtlsctl/pki-core';
import type { CaKeyRecord, TrustedCa } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { caSigningKey } from './ca-key-at-rest.js';
import { crlCoversCa } from './crl-covers-ca.js';
import { NoCaError, SameSubjectError } from './errors/index.js';
import { nextGenerationSubject, normalizeDn } from './next-generation-subject.js';
import { newCaKey } from './new-ca-key.js';
import { publishCrl } from './publish-crl.js';
import { caRecordFor, trustedCaFrom } from './trusted-ca.js';

/** Options of {@link rotateCa}. */
export interface RotateCaOptions {
  /**
   * Default: the current subject with the next generation suffix (`CN=Acme CA G2`), so clients that keep one
   * CRL per issuer name (Java, GnuTLS, NSS) tell the generations apart. A subject already in the trust
   * bundle is refused unless `sameSubject`.
   */
  subject?: string;
  /** Keep the current CA's subject DN (e.g. a consumer pins it). Java, GnuTLS and NSS then miss revocations. Default false. */
  sameSubject?: boolean;
  /** Default `p256`. */
  keyType?: KeyType;
  /** Default 3650. */
  validityDays?: number;
  /** Default 0. */
  pathLength?: number;
}

/** What {@link rotateCa} did. */
export interface RotatedCa {
  previous: CertificateInfo;
  current: CertificateInfo;
  /** True when this run only finished a rotation interrupted earlier. */
  resumed: boolean;
  /** Set when the new CA shares its subject DN with another trusted CA (`sameSubject`). */
  warning?: string;
}

/**
 * Rotates the issuing CA: a new root issues from now on, the old one stays in the trust bundle (role `rotated`)
 * so its certificates keep working until their users are renewed and it is retired. The old key is archived
 * at `pki/ca-keys/<fingerprint>` so CRLs can still be signed for it. Steps: archive old key, write the new key,
 * publish the bundle, refresh the CRLs. Each is check-and-set; a run interrupted between them is finished by
 * running it again (a new key not yet published is published; an active CA without a CRL gets its CRLs).
 */
export async function rotateCa(ctx: AuthorityContext, options: RotateCaOptions = {}): Promise<RotatedCa> {
  const now = nowOf(ctx);
  const [ca, key, crl] = await Promise.all([ctx.store.getCa(), ctx.store.getCaKey(), ctx.store.getCrl()]);
  if (!ca || !key) throw new NoCaError();
  const previousPem = ca.value.activeCertificatePem;
  // The CRLs of the old generation are signed with its key: an encrypted one without its passphrase stops here, before any write.
  await caSigningKey(ctx, key.value.privateKeyPem);

  if (key.value.fingerprint !== ca.value.activeFingerprint) {
    // A rotation stopped after writing the new key: publish it.
    await publish(ctx, ca.value.trusted, key.value, now, ca.version);
    return { previous: inspectCertificate(previousPem), current: inspectCertificate(key.value.certificatePem), resumed: true };
  }
  if (!(await crlCoversCa(crl?.value, previousPem, ctx.crypto))) {
    // Stopped after publishing the bundle and before the CRLs (or an init did): publish them, do not rotate again.
    await publishCrl(ctx);
    const rotated = ca.value.trusted.filter((t) => t.role === 'rotated').sort((a, b) => b.addedAt.localeCompare(a.addedAt))[0];
    if (rotated) return { previous: inspectCertificate(rotated.certificatePem), current: inspectCertificate(previousPem), resumed: true };
  }

  const archived = await ctx.store.getArchivedCaKey(key.value.fingerprint);
  if (!archived) await ctx.store.putArchivedCaKey(key.value, { cas: 0 });

  const currentSubject = inspectCertificate(previousPem).subject;
  const taken = ca.value.trusted.map((t) => t.subject);
  const subject = options.sameSubject ? (options.subject ?? currentSubject) : (options.subject ?? nextGenerationSubject(currentSubject, taken));
  const clash = taken.some((t) => normalizeDn(t) === normalizeDn(subject));
  if (clash && !options.sameSubject) throw new SameSubjectError(subject);
  const next = await newCaKey(ctx, now, {
    subject,
    keyType: options.keyType ?? 'p256',
    validityDays: options.validityDays ?? 3650,
    pathLength: options.pathLength ?? 0,
  });
  await ctx.store.putCaKey(next, { cas: key.version });
  await publish(ctx, ca.value.trusted, next, now, ca.version);
  const warning = clash
    ? `the new CA has the same subject DN as a trusted CA (${subject}): Java PKIX, GnuTLS and NSS keep one CRL per issuer name and may miss revocations of either; OpenSSL and HAProxy cope.`
    : undefined;
  return { previous: inspectCertificate(previousPem), current: inspectCertificate(next.certificatePem), resumed: false, ...(warning ? { warning } : {}) };
}

async function publish(ctx: AuthorityContext, trusted: TrustedCa[], next: CaKeyRecord, now: Date, cas: number): Promise<void> {
  const kept = trusted
    .filter((t) => t.fingerprint !== next.fingerprint)
    .map((t): TrustedCa => (t.role === 'active' ? { ...t, role: 'rotated' } : t));
  await ctx.store.putCa(caRecordFor([trustedCaFrom(next.certificatePem, 'active', now), ...kept]), { cas });
  await publishCrl(ctx);
}
