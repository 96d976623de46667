import type { ClientStatus } from '@mtlsctl/vault-store';
import { evaluateBundleDrift, type BundleDrift } from './evaluate-bundle-drift.js';
import { evaluateDenyDrift, type DenyDrift } from './evaluate-deny-drift.js';
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
export type InventoryCounts = Record<ClientStatus | 'expired', number>;

/** What one verification cycle found. Parts that could not be computed (a source down) are undefined. */
export interface VerificationReport {
  at: Date;
  sources: { vault: boolean; cluster?: boolean; probe?: boolean };
  errors: { vault?: string; cluster?: string; probe?: string };
  inventory?: InventoryCounts;
  bundle?: BundleDrift;
  denyRules?: DenyDrift;
  externalSecretReady?: boolean;
  probeAccepted?: boolean;
  /** True when every configured source was read and everything agrees. */
  healthy: boolean;
}

/**
 * Evaluates one cycle's observations: inventory counts, bundle drift (Vault vs Secret), deny-rule drift (Vault
 * CRL vs ConfigMap), ExternalSecret readiness, the probe. Pure: time is a parameter.
 *
 * @example
 * const report = evaluateVerification({ now: new Date(), vault: { ok: true, value: vaultObs }, cluster: { ok: true, value: clusterObs } });
 * if (!report.healthy) log.warn('drift', report);
 */
export function evaluateVerification(input: VerificationInput): VerificationReport {
  const report: VerificationReport = { at: input.now, sources: { vault: input.vault.ok }, errors: {}, healthy: true };
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
    if (cluster.externalSecret) report.externalSecretReady = cluster.externalSecret.ready;
    else report.externalSecretReady = false;
    if (input.vault.ok) {
      report.bundle = evaluateBundleDrift(input.vault.value.bundlePem, cluster.secretTlsCrt);
      report.denyRules = evaluateDenyDrift(input.vault.value.denyRules, cluster.frontendSnippet);
    }
  }
  report.healthy =
    Object.keys(report.errors).length === 0 &&
    report.bundle?.inSync !== false &&
    report.denyRules?.inSync !== false &&
    report.externalSecretReady !== false &&
    report.probeAccepted !== false;
  return report;
}

function countInventory(vault: VaultObservation, now: Date): InventoryCounts {
  const counts: InventoryCounts = { active: 0, revoked: 0, expired: 0 };
  for (const client of vault.clients) {
    if (client.status === 'revoked') counts.revoked++;
    else if (new Date(client.notAfter).getTime() <= now.getTime()) counts.expired++;
    else counts.active++;
  }
  return counts;
}
