import type { VaultClient } from '../vault/vault-client.js';
import { auditStatus, type AuditStatus } from './audit-status.js';
import { checkCapabilities, type CapabilityReport } from './check-capabilities.js';
import { createEsoToken, type CreatedToken, type EsoTokenOptions } from './create-eso-token.js';
import { ensureKvMount, type MountAction } from './ensure-kv-mount.js';
import { writeEsoTokenRecord, type LiveToken } from './eso-token-record.js';
import { planBootstrap, type BootstrapPlanOptions } from './plan-bootstrap.js';
import { writePolicies, type PolicyWrite } from './write-policies.js';

/** Options of {@link bootstrapVault}. */
export interface BootstrapOptions extends Omit<BootstrapPlanOptions, 'esoToken'> {
  /**
   * The ESO token (default `{}`: one-year renewable orphan), minted only when none is recorded for this layout, the
   * recorded one is gone, or `rotateEsoToken`; `false` to leave it alone.
   */
  esoToken?: EsoTokenOptions | false;
}

/** What bootstrap did and found. `esoToken.clientToken` is a secret: show it once, never log it. */
export interface BootstrapReport {
  mount: MountAction;
  policies: PolicyWrite[];
  /** The token minted by this run (created, or rotated). */
  esoToken?: CreatedToken;
  /** What happened to the ESO token, and why. */
  esoTokenAction: 'created' | 'rotated' | 'kept' | 'skipped';
  esoTokenReason: string;
  /** The recorded token that was kept, or (after a rotation) the previous one, still valid until revoked. */
  existingEsoToken?: LiveToken;
  /** False when the run changed nothing in Vault. */
  changed: boolean;
  audit: AuditStatus;
  /** The bootstrap token's own capabilities as an admin. */
  capabilities: CapabilityReport;
}

/**
 * Prepares Vault for mtlsctl, idempotently: a KV v2 mount, the layout's ESO, admin and verifier policies (and
 * per-user ones), the ESO token (recorded by accessor, so a rerun keeps it instead of minting another), then
 * reports the audit devices and the current token's capabilities. A second run changes nothing.
 *
 * @param client - a Vault client with a root or bootstrap token
 * @param options - mount, prefix, ESO token, rotation and users
 * @example
 * const report = await bootstrapVault(new VaultClient(await vaultConfigFromEnv()), { mount: 'secret', prefix: 'pki' });
 * if (!report.changed) console.log('Vault was already set up');
 */
export async function bootstrapVault(client: VaultClient, options: BootstrapOptions = {}): Promise<BootstrapReport> {
  const plan = await planBootstrap(client, { ...options, esoToken: options.esoToken !== false });
  const { layout } = plan;
  const mount = await ensureKvMount(client, layout.mount);
  const policies = await writePolicies(client, Object.fromEntries(plan.policies.map((p) => [p.name, p.text])));
  const step = plan.esoToken;
  let esoToken: CreatedToken | undefined;
  if (step.action === 'create' || step.action === 'rotate') {
    esoToken = await createEsoToken(client, { policies: [layout.policies.esoReader], displayName: layout.policies.esoReader, ...(options.esoToken || {}) });
    const previous = step.action === 'rotate' ? step.record?.accessor : step.record?.previousAccessor;
    await writeEsoTokenRecord(client, layout, { accessor: esoToken.accessor, createdAt: new Date().toISOString(), policies: esoToken.policies, ...(previous ? { previousAccessor: previous } : {}) });
  }
  const audit = await auditStatus(client);
  const capabilities = await checkCapabilities(client, { ...layout, role: 'admin' });
  return {
    mount,
    policies,
    ...(esoToken ? { esoToken } : {}),
    esoTokenAction: step.action === 'create' ? 'created' : step.action === 'rotate' ? 'rotated' : step.action === 'keep' ? 'kept' : 'skipped',
    esoTokenReason: step.reason,
    ...(step.current ? { existingEsoToken: step.current } : {}),
    changed: plan.changes,
    audit,
    capabilities,
  };
}
