import { parseBundle } from '@mtlsctl/bundle-merge';

/** A certificate of a bundle, by identity. */
export interface BundleCertificate {
  /** SHA-256 of the DER, lowercase hex. */
  fingerprint: string;
  subject: string;
}

/** How the cluster Secret's `tls.crt` compares with Vault's trust bundle. */
export interface TrustBundleComparison {
  /** The same certificates (by SHA-256), in any order. */
  inSync: boolean;
  /** Byte for byte the same text. */
  identical: boolean;
  /** In Vault's bundle but not in the cluster: their clients are refused. */
  missing: BundleCertificate[];
  /** In the cluster but no longer in Vault's bundle (a retired CA still trusted). */
  extra: BundleCertificate[];
}

/**
 * Compares the certificates of two `tls.crt` texts by SHA-256. Pure.
 *
 * @param vault - Vault's bundle (`<prefix>/ca` field `tls.crt`)
 * @param cluster - the synced Secret's `tls.crt`
 * @throws BundleParseError (and the other bundle-merge parse errors) for text that is not a bundle
 */
export function compareTrustBundles(vault: string, cluster: string): TrustBundleComparison {
  const wanted = certificates(vault);
  const present = certificates(cluster);
  const missing = [...wanted.values()].filter((c) => !present.has(c.fingerprint));
  const extra = [...present.values()].filter((c) => !wanted.has(c.fingerprint));
  return { inSync: missing.length === 0 && extra.length === 0, identical: vault === cluster, missing, extra };
}

function certificates(text: string): Map<string, BundleCertificate> {
  return new Map(parseBundle(text).map((e) => [e.fingerprint, { fingerprint: e.fingerprint, subject: e.subject }]));
}
