import { auditStatus, checkCapabilities, lookupSelfToken, vaultLayout, vaultServerInfo, type PolicyLayout, type StoreRole, type VaultClient } from '@mtlsctl/vault-store';
import type { Probed, VaultFacts } from './vault-facts.js';

/** Options of {@link probeVault}. */
export interface ProbeVaultOptions {
  /** Where the client points (VAULT_ADDR). */
  addr: string;
  skipVerify: boolean;
  caCertGiven: boolean;
  layout: PolicyLayout & { caKeyPath?: string };
  /** The role the token must fit (default `admin`). */
  role?: StoreRole;
  /** A client holding the ESO token, to check its TTL and capabilities. */
  esoClient?: VaultClient;
}

/**
 * Asks Vault what doctor needs, stopping where the rest is pointless: `sys/health` (reachable, TLS, sealed,
 * type/version), then `auth/token/lookup-self`, `sys/capabilities-self` for the role's paths and `sys/audit`.
 * Never throws for a Vault answer: each probe's error becomes its result.
 */
export async function probeVault(client: VaultClient, options: ProbeVaultOptions): Promise<VaultFacts> {
  const role = options.role ?? 'admin';
  const layout = vaultLayout(options.layout);
  const facts: VaultFacts = {
    addr: options.addr,
    skipVerify: options.skipVerify,
    caCertGiven: options.caCertGiven,
    policies: layout.policies,
    health: await probe(() => vaultServerInfo(client)),
  };
  if (!facts.health.ok || facts.health.value.sealed || !facts.health.value.initialized) return facts;
  facts.token = await probe(() => lookupSelfToken(client));
  if (facts.token.ok) {
    facts.role = typeof role === 'string' ? role : `user:${role.user}`;
    facts.rolePolicy = typeof role === 'string' ? { admin: layout.policies.admin, verifier: layout.policies.verifier, eso: layout.policies.esoReader }[role] : layout.userPolicy(role.user);
    facts.capabilities = await probe(() => checkCapabilities(client, { ...options.layout, role }));
    facts.audit = await probe(() => auditStatus(client));
  }
  if (options.esoClient !== undefined) {
    const eso = options.esoClient;
    const token = await probe(() => lookupSelfToken(eso));
    facts.eso = token.ok ? { token, capabilities: await probe(() => checkCapabilities(eso, { ...options.layout, role: 'eso' })) } : { token };
  }
  return facts;
}

async function probe<T>(run: () => Promise<T>): Promise<Probed<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /TLS verification failed/.test(message) ? { ok: false, error: message, tls: true } : { ok: false, error: message };
  }
}
