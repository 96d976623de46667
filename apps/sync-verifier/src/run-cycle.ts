import { evaluateVerification, type ProbeObservation, type SourceResult, type VaultObservation, type VerifierMetrics } from '@mtlsctl/monitoring';
import type { ClusterSource, VaultTruth } from './cluster-source.js';
import { errorCode } from './error-code.js';
import type { Logger } from './json-logger.js';

/** What one cycle reads, writes and reports to. */
export interface CycleDeps {
  vault: { observe(): Promise<VaultObservation> };
  cluster?: ClusterSource;
  /** Rewrite the ConfigMap's deny-rule block when it differs from Vault's CRL. */
  writeDenyRules: boolean;
  probe?: (signal: AbortSignal) => Promise<ProbeObservation>;
  metrics: VerifierMetrics;
  log: Logger;
  now: () => Date;
  /** One cycle's deadline. */
  timeoutMs: number;
  /**
   * Kept between cycles: the last bundle and deny rules read from Vault, to compare the cluster with while Vault
   * is down (only these: keeping the whole observation would hold a second inventory in memory during each read).
   */
  state: { lastTruth?: VaultTruth };
}

/** The cycle was aborted (SIGTERM): nothing more is read, written or recorded. */
class CycleAborted extends Error {}

/** A source did not answer before the cycle's deadline. */
class CycleDeadline extends Error {}

/**
 * One verification cycle: read Vault (CA, CRL, inventory metadata), then the cluster (compared with Vault, or
 * with the last Vault read while Vault is down), rewrite the ingress deny rules if they drifted, probe the
 * ingress, then evaluate, record the metrics and log one line. A source that fails is recorded as down (the
 * others are still read); an abort stops the cycle between steps and records nothing.
 *
 * @returns true when every configured source was read (the loop backs off otherwise)
 * @throws nothing but the abort (as a rejection) when `signal` fires
 */
export async function runCycle(deps: CycleDeps, signal: AbortSignal): Promise<boolean> {
  const started = deps.now();
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(deps.timeoutMs)]);
  const step = async <T>(what: string, source: 'vault' | 'cluster' | 'probe', run: () => Promise<T>): Promise<SourceResult<T>> => {
    if (signal.aborted) throw new CycleAborted('aborted');
    try {
      const value = await untilAborted(run, deadline, what, deps.timeoutMs);
      if (signal.aborted) throw new CycleAborted('aborted');
      return { ok: true, value };
    } catch (error) {
      if (signal.aborted) throw new CycleAborted('aborted');
      // an RBAC 403 is KUBE_FORBIDDEN, a sealed Vault VAULT_SEALED...: a metric by code and one error line each
      const code = error instanceof CycleDeadline ? 'TIMEOUT' : errorCode(error);
      deps.metrics.recordSourceError(source, code);
      deps.log.error(`${what} failed`, { source, code, error: oneLine(error) });
      return { ok: false, error: oneLine(error) };
    }
  };

  const vault = await step('reading Vault', 'vault', () => deps.vault.observe());
  if (vault.ok) deps.state.lastTruth = { bundlePem: vault.value.bundlePem, ...(vault.value.denyRules !== undefined ? { denyRules: vault.value.denyRules } : {}) };
  const truth = deps.state.lastTruth;
  let cluster: SourceResult<Awaited<ReturnType<ClusterSource['observe']>>> | undefined;
  if (deps.cluster && truth) {
    const source = deps.cluster;
    cluster = await step('reading the cluster', 'cluster', () => source.observe(truth));
    if (cluster.ok && cluster.value.denyRulesInSync === false && deps.writeDenyRules && vault.ok && truth.denyRules !== undefined) {
      const rules = truth.denyRules;
      const write = await step('writing the deny rules', 'cluster', () => source.writeDenyRules(rules));
      deps.metrics.recordDenyRulesWrite(write.ok);
      if (write.ok) deps.log.info('deny rules rewritten in the controller ConfigMap', { revokedRules: rules.split('\n').filter((l) => l.startsWith('acl')).length });
    }
  } else if (deps.cluster) {
    cluster = { ok: false, error: 'not compared: Vault has not been read yet' };
  }
  const probe = deps.probe ? await step('probing the ingress', 'probe', () => deps.probe!(deadline)) : undefined;
  if (probe?.ok && !probe.value.accepted) deps.log.warn('the ingress refused the probe client certificate', { reason: probe.value.reason });

  const report = evaluateVerification({ now: deps.now(), vault, ...(cluster ? { cluster } : {}), ...(probe ? { probe } : {}) });
  const seconds = (deps.now().getTime() - started.getTime()) / 1000;
  deps.metrics.record(report, vault.ok ? vault.value : undefined, seconds);
  const fields = { healthy: report.healthy, sources: report.sources, errors: report.errors, problems: report.problems, inventory: report.inventory, bundle: report.bundle, denyRulesInSync: report.denyRulesInSync, externalSecretReady: report.externalSecretReady, probeAccepted: report.probeAccepted, durationSeconds: seconds };
  if (report.healthy) deps.log.info('verification cycle', fields);
  else deps.log.warn('verification cycle found problems', fields);
  return Object.keys(report.errors).length === 0;
}

/** Runs `run` unless the deadline has passed (then it is not started: a read nobody waits for would fail unheard). */
function untilAborted<T>(run: () => Promise<T>, signal: AbortSignal, what: string, timeoutMs: number): Promise<T> {
  if (signal.aborted) return Promise.reject(new CycleDeadline(`${what}: cycle deadline (${timeoutMs} ms) passed`));
  const promise = run();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CycleDeadline(`${what} did not answer within the cycle deadline (${timeoutMs} ms)`));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
}
