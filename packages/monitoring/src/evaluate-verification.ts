import type { ClientStatus } from '@mtlsctl/vault-store';
import type { ClusterObservation, ProbeObservation, VaultObservation } from './observation.js';

/** A source read in one cycle: what it returned, or why it could not be read. */
export type SourceResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Inputs of {@link evaluateVerification}: each source is optional (not configured) or a result. */
export interface VerificationInput {
  now: Date;
  vault: SourceResult<VaultObservation>;
  cluster?: SourceResult<ClusterObservation>;
  probe?: SourceResult<ProbeObservation>;
}

/** Inventory counts by status; `expired` are active certificates past their notAfter. */
export type InventoryCounts = Record<ClientStatus | 'expired' | 'unlisted', number>;

/** What one verification cycle found. Parts that could not be computed (a source down) are undefined. */
export interface VerificationReport {
  at: Date;
  sources: { vault: boolean; cluster?: boolean; probe?: boolean };
  errors: { vault?: string; cluster?: string; probe?: string };
  inventory?: InventoryCounts;
  /** The cluster Secret's bundle against Vault's: CAs it lacks and CAs it should no longer hold. */
  bundle?: { inSync: boolean; missing: number; extra: number };
  denyRulesInSync?: boolean;
  externalSecretReady?: boolean;
  /** The cluster's disagreements, each with its fix. */
  problems: string[];
  probeAccepted?: boolean;
  /** True when every configured source was read and everything agrees. */
  healthy: boolean;
}

/**
 * Evaluates one cycle's observations: inventory counts (from notAfter at `now`), bundle drift (Vault vs Secret),
 * deny-rule drift (Vault CRL vs ConfigMap), ExternalSecret readiness, the probe. Pure: time is a parameter.
 *
 * @example
 * const report = evaluateVerification({ now: new Date(), vault: { ok: true, value: vaultObs }, cluster: { ok: true, value: clusterObs } });
 * if (!report.healthy) log.warn('drift', report);
 */
export function evaluateVerification(input: VerificationInput): VerificationReport {
  const report: VerificationReport = { at: input.now, sources: { vault: input.vault.ok }, errors: {}, problems: [], healthy: true };
  if (!input.vault.ok) report.errors.vault = input.vault.error;
  if (input.cluster) {
    report.sources.cluster = input.cluster.ok;
    if (!input.cluster.ok) report.errors.cluster = input.cluster.error;
  }
  if (input.probe) {
    report.sources.probe = input.probe.ok;
    if (input.probe.ok) report.probeAccepted = input.probe.value.accepted;
    else report.errors.probe = input.probe.error;
  }
  if (input.vault.ok) report.inventory = countInventory(input.vault.value, input.now);
  if (input.cluster?.ok) {
    const cluster = input.cluster.value;
    report.externalSecretReady = cluster.externalSecret.found && cluster.externalSecret.ready;
    const { found, missing, extra } = cluster.bundle;
    report.bundle = { inSync: found && missing.length === 0 && extra.length === 0, missing: missing.length, extra: extra.length };
    if (cluster.denyRulesInSync !== undefined) report.denyRulesInSync = cluster.denyRulesInSync;
    report.problems = [...cluster.problems];
  }
  const unlisted = input.vault.ok ? (input.vault.value.unlistedClients ?? []) : [];
  if (unlisted.length > 0) {
    const named = unlisted.slice(0, 5).join(', ') + (unlisted.length > 5 ? `, … (${unlisted.length - 5} more)` : '');
    report.problems.push(`${unlisted.length} client(s) hold a certificate but no inventory (${named}): list once with an admin token (\`mtlsctl user list\`) to repair`);
  }
  report.healthy =
    Object.keys(report.errors).length === 0 &&
    unlisted.length === 0 &&
    report.bundle?.inSync !== false &&
    report.denyRulesInSync !== false &&
    report.externalSecretReady !== false &&
    report.probeAccepted !== false;
  return report;
}

function countInventory(vault: VaultObservation, now: Date): InventoryCounts {
  const counts: InventoryCounts = { active: 0, revoked: 0, pending: 0, expired: 0, unlisted: vault.unlistedClients?.length ?? 0 };
  for (const client of vault.clients) {
    if (client.status === 'revoked') counts.revoked++;
    else if (client.status === 'pending') counts.pending++;
    else if (new Date(client.notAfter).getTime() <= now.getTime()) counts.expired++;
    else counts.active++;
  }
  return counts;
}
