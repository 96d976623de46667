import { diffBundles, parseBundle, type BundleEntry } from '@mtlsctl/bundle-merge';

/** Whether the cluster Secret's `tls.crt` holds exactly Vault's trust bundle. */
export interface BundleDrift {
  inSync: boolean;
  /** Fingerprints in Vault's bundle that the Secret lacks (clients of those CAs are refused). */
  missing: string[];
  /** Fingerprints in the Secret that Vault's bundle no longer holds (a retired CA still trusted). */
  extra: string[];
  /** Set when the Secret is missing or its `tls.crt` is not a bundle of certificates. */
  problem?: string;
}

/**
 * Compares Vault's bundle with the Secret's, by SHA-256 fingerprint (order and duplicates do not count).
 *
 * @param vaultBundlePem - `tls.crt` of `pki/ca`
 * @param secretTlsCrt - `tls.crt` of the cluster Secret; undefined when the Secret (or the key) is missing
 */
export function evaluateBundleDrift(vaultBundlePem: string, secretTlsCrt: string | undefined): BundleDrift {
  const vault = parseBundle(vaultBundlePem);
  if (secretTlsCrt === undefined) return { inSync: false, missing: fingerprints(vault), extra: [], problem: 'the Secret or its tls.crt key is missing' };
  let secret: BundleEntry[];
  try {
    secret = parseBundle(secretTlsCrt);
  } catch (error) {
    return { inSync: false, missing: fingerprints(vault), extra: [], problem: `its tls.crt is not a certificate bundle: ${(error as Error).message}` };
  }
  const diff = diffBundles(secret, vault);
  const missing = fingerprints(diff.added);
  const extra = fingerprints(diff.removed);
  return { inSync: missing.length === 0 && extra.length === 0, missing, extra };
}

function fingerprints(entries: readonly BundleEntry[]): string[] {
  return [...new Set(entries.map((e) => e.fingerprint))].sort();
}
