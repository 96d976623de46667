import { parseBundle, renderHaproxyDenyRules } from '@mtlsctl/bundle-merge';
import { buildCrl, type CrlReason, type Issuer } from '@mtlsctl/pki-core';
import { trustBundlePem, type CaKeyRecord, type CrlRecord, type RevokedEntry } from '@mtlsctl/vault-store';
import { caSigningKey } from './ca-key-at-rest.js';
import { addDays, nowOf, type AuthorityContext } from './context.js';
import { NoCaError } from './errors/index.js';

/** Default lifetime of a published CRL: HAProxy refuses every client once it passes, so refresh well before. */
export const DEFAULT_CRL_VALIDITY_DAYS = 30;

/** Options of {@link publishCrl}. */
export interface PublishCrlOptions {
  /** The revoked certificates the CRL set must list. Default: those already published. */
  revoked?: RevokedEntry[];
  /** Default {@link DEFAULT_CRL_VALIDITY_DAYS}. */
  validityDays?: number;
}

/** The CRL record written and the CAs it covers. */
export interface PublishedCrl {
  record: CrlRecord;
  /** Fingerprints of the trusted CAs a CRL was signed for. */
  coveredCas: string[];
  /** Trusted CAs whose key this store does not hold (imported ones): no CRL can be signed for them. */
  uncoveredCas: string[];
  version: number;
}

/**
 * Regenerates the CRL set at `pki/crl`: one CRL per trusted CA whose key the store holds (the active CA and CAs
 * kept after rotation), listing that CA's revoked serials, with the next CRL number; plus the HAProxy deny
 * rules for every revoked serial (the haproxytech ingress has no CRL option). Check-and-set on the CRL record.
 */
export async function publishCrl(ctx: AuthorityContext, options: PublishCrlOptions = {}): Promise<PublishedCrl> {
  const now = nowOf(ctx);
  const [ca, current] = await Promise.all([ctx.store.getCa(), ctx.store.getCrl()]);
  if (!ca) throw new NoCaError();
  const revoked = options.revoked ?? current?.value.revoked ?? [];
  // Every CRL gets its own number, above every number published before: numbers never repeat for one issuer
  // name, even when two CA generations share a DN (clients that keep one CRL per name take the highest).
  let crlNumber = current?.value.crlNumber ?? 0;
  const wanted = addDays(now, options.validityDays ?? DEFAULT_CRL_VALIDITY_DAYS);
  let nextUpdate = wanted;

  const pems: string[] = [];
  const coveredCas: string[] = [];
  const uncoveredCas: string[] = [];
  for (const trusted of ca.value.trusted) {
    const key = await caKeyFor(ctx, trusted.fingerprint, ca.value.activeFingerprint);
    if (!key) {
      uncoveredCas.push(trusted.fingerprint);
      continue;
    }
    const issuer: Issuer = {
      certificatePem: key.certificatePem,
      privateKey: await caSigningKey(ctx, key.privateKeyPem),
    };
    const caNotAfter = new Date(trusted.notAfter);
    if (caNotAfter.getTime() <= now.getTime()) continue; // an expired CA's certificates are all expired: no CRL
    // A CRL promising an update after its CA expires would outlive the CA: clamp it to the CA's notAfter.
    const crlNextUpdate = caNotAfter < wanted ? caNotAfter : wanted;
    if (crlNextUpdate < nextUpdate) nextUpdate = crlNextUpdate;
    crlNumber += 1;
    const entries = revoked
      .filter((r) => r.issuerFingerprint === trusted.fingerprint)
      .map((r) => ({ serialNumber: r.serial, revokedAt: new Date(r.revokedAt), reason: r.reason as CrlReason }));
    pems.push(
      await buildCrl({ issuer, revoked: entries, crlNumber, thisUpdate: now, nextUpdate: crlNextUpdate, ...(ctx.crypto ? { crypto: ctx.crypto } : {}) }),
    );
    coveredCas.push(trusted.fingerprint);
  }
  if (pems.length === 0) throw new NoCaError('no trusted CA has its private key in this store, so no CRL can be signed');

  const record: CrlRecord = {
    crlPem: pems.join(''),
    crlNumber,
    nextUpdate: nextUpdate.toISOString(),
    revoked,
    haproxyDeny: denyRules(trustBundlePem(ca.value.trusted), revoked),
  };
  const version = await ctx.store.putCrl(record, { cas: current?.version ?? 0 });
  return { record, coveredCas, uncoveredCas, version };
}

async function caKeyFor(ctx: AuthorityContext, fingerprint: string, activeFingerprint: string): Promise<CaKeyRecord | undefined> {
  if (fingerprint === activeFingerprint) {
    const active = await ctx.store.getCaKey();
    if (!active) throw new NoCaError('this store has a CA certificate but not its private key');
    return active.value;
  }
  return (await ctx.store.getArchivedCaKey(fingerprint))?.value;
}

/** HAProxy rules denying the revoked serials of the trusted CAs, each scoped to its issuer's DN. */
function denyRules(bundlePem: string, revoked: readonly RevokedEntry[]): string {
  const issuers = parseBundle(bundlePem);
  const trusted = new Set(issuers.map((i) => i.fingerprint));
  const listed = revoked.filter((r) => trusted.has(r.issuerFingerprint)).map((r) => ({ serial: r.serial, issuerFingerprint: r.issuerFingerprint }));
  return renderHaproxyDenyRules(listed, { issuers });
}
