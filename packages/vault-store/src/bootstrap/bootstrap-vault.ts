import type { VaultClient } from '../vault/vault-client.js';
import { auditStatus, type AuditStatus } from './audit-status.js';
import { checkCapabilities, type CapabilityReport } from './check-capabilities.js';
import { createEsoToken, type CreatedToken, type EsoTokenOptions } from './create-eso-token.js';
import { ensureKvMount, type MountAction } from './ensure-kv-mount.js';
import { renderPolicies, renderUserPolicy, type PolicyLayout } from './render-policies.js';
import { vaultLayout } from '../vault-layout.js';
import { writePolicies, type PolicyWrite } from './write-policies.js';

/** Options of {@link bootstrapVault}. */
export interface BootstrapOptions extends PolicyLayout {
  /** Create the ESO token (default `{}`: one-year renewable orphan); `false` to skip. */
  esoToken?: EsoTokenOptions | false;
  /** Also write `mtlsctl-user-<name>` policies for these users. */
  users?: string[];
}

/** What bootstrap did and found. `esoToken.clientToken` is a secret: show it once, never log it. */
export interface BootstrapReport {
  mount: MountAction;
  policies: PolicyWrite[];
  esoToken?: CreatedToken;
  audit: AuditStatus;
  /** The bootstrap token's own capabilities as an admin. */
  capabilities: CapabilityReport;
}

/**
 * Prepares Vault for mtlsctl, idempotently: a KV v2 mount, the `eso-pki-reader`, `mtlsctl-admin` and
 * `mtlsctl-verifier` policies (and per-user ones), the ESO token, then reports the audit devices and the
 * current token's capabilities.
 *
 * @param client - a Vault client with a root or bootstrap token
 * @param options - mount, prefix, ESO token and users
 * @example
 * const report = await bootstrapVault(new VaultClient(await vaultConfigFromEnv()), { mount: 'secret', prefix: 'pki' });
 * if (!report.audit.known || !report.audit.enabled) console.warn('no Vault audit device');
 */
export async function bootstrapVault(client: VaultClient, options: BootstrapOptions = {}): Promise<BootstrapReport> {
  const layout = vaultLayout(options);
  const policies = { ...renderPolicies(layout) };
  for (const user of options.users ?? []) policies[layout.userPolicy(user)] = renderUserPolicy(user, layout);
  const mount = await ensureKvMount(client, layout.mount);
  const written = await writePolicies(client, policies);
  const esoToken = options.esoToken === false ? undefined : await createEsoToken(client, { policies: [layout.policies.esoReader], displayName: layout.policies.esoReader, ...(options.esoToken ?? {}) });
  const audit = await auditStatus(client);
  const capabilities = await checkCapabilities(client, { ...layout, role: 'admin' });
  return { mount, policies: written, ...(esoToken ? { esoToken } : {}), audit, capabilities };
}
