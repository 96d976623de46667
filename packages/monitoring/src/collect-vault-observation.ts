import { decodePemBlocks, inspectCertificate, parseCrl } from '@mtlsctl/pki-core';
import { trustBundlePem, type ClientInventory, type PkiStore } from '@mtlsctl/vault-store';
import type { ObservedCa, ObservedCrl, VaultObservation } from './observation.js';

/** Options of {@link collectVaultObservation}. */
export interface CollectVaultOptions {
  /** Usernames per listing page (default 1000). */
  pageSize?: number;
}

/**
 * Reads what monitoring needs from the store with the least privilege (`mtlsctl-verifier`): the `ca` and `crl`
 * records (public) and the client inventory from KV custom_metadata via {@link PkiStore.listInventory} without
 * repair — never a client record, so no private key, p12 or password is fetched. Soft-deleted clients are left out;
 * a client whose metadata holds no inventory (its inventory write failed) is named in `unlistedClients`, and the
 * rest are still read.
 *
 * @param store - the record store (Vault or the directory store)
 * @throws the store's errors (VaultError, PermissionDeniedError, VaultSealedError, CorruptRecordError)
 * @example
 * const observation = await collectVaultObservation(new PkiStore(new VaultKvBackend(...)));
 */
export async function collectVaultObservation(store: PkiStore, options: CollectVaultOptions = {}): Promise<VaultObservation> {
  const [ca, crl] = await Promise.all([store.getCa(), store.getCrl()]);
  const cas: ObservedCa[] = [];
  const keyIds = new Map<string, string>();
  for (const trusted of ca?.value.trusted ?? []) {
    cas.push({ fingerprint: trusted.fingerprint, subject: trusted.subject, notAfter: new Date(trusted.notAfter), role: trusted.role });
    const ski = inspectCertificate(trusted.certificatePem).subjectKeyIdentifier;
    if (ski) keyIds.set(ski, trusted.fingerprint);
  }
  const crls: ObservedCrl[] = [];
  for (const block of crl ? decodePemBlocks(crl.value.crlPem) : []) {
    const info = parseCrl(block.der);
    const fingerprint = info.authorityKeyIdentifier ? keyIds.get(info.authorityKeyIdentifier) : undefined;
    crls.push({ issuer: info.issuer, ...(fingerprint ? { issuerFingerprint: fingerprint } : {}), ...(info.nextUpdate ? { nextUpdate: info.nextUpdate } : {}) });
  }
  const clients: ClientInventory[] = [];
  const unlisted: string[] = [];
  for await (const entry of store.listInventory({ pageSize: options.pageSize ?? 1000, onUnlisted: (username) => unlisted.push(username) })) {
    if (entry.deleted) continue;
    clients.push({ username: entry.username, email: entry.email, serial: entry.serial, notAfter: entry.notAfter, issuerFingerprint: entry.issuerFingerprint, status: entry.status, created: entry.created });
  }
  return {
    bundlePem: ca ? trustBundlePem(ca.value.trusted) : '',
    cas,
    crls,
    ...(crl ? { denyRules: crl.value.haproxyDeny } : {}),
    clients,
    ...(unlisted.length > 0 ? { unlistedClients: unlisted } : {}),
  };
}
