import { Counter, Gauge, Registry } from 'prom-client';
import type { VerificationReport } from './evaluate-verification.js';
import type { VaultObservation } from './observation.js';
import { unixSeconds } from './seconds.js';

/** A gauge registered on its first `set`, so it is absent (not 0) until the verifier knows its value. */
interface LazyGauge {
  set(value: number): void;
}

/** Options of {@link VerifierMetrics}. */
export interface VerifierMetricsOptions {
  /** Metric name prefix (default `mtlsctl_`). */
  prefix?: string;
  /** The version reported by `<prefix>build_info` (default `0.0.0`). */
  version?: string;
}

/**
 * The verifier's metrics, in a registry of its own (no global state: two instances never share a series).
 * Cardinality is bounded by what exists: one series per active client certificate, per trusted CA and per CRL,
 * replaced wholesale on every Vault read so that renewed, revoked or deleted certificates leave no series behind.
 * Timestamps are seconds since the epoch (`*_timestamp_seconds`); booleans are 0/1 gauges.
 *
 * @example
 * const metrics = new VerifierMetrics();
 * metrics.record(report, vaultObservation);
 * res.setHeader('content-type', metrics.contentType).end(await metrics.render());
 */
export class VerifierMetrics {
  /** The registry holding this instance's metrics. */
  readonly registry = new Registry();
  private readonly clientExpiry: Gauge<'username'>;
  private readonly caExpiry: Gauge<'fingerprint' | 'subject' | 'role'>;
  private readonly crlNextUpdate: Gauge<'issuer' | 'issuer_fingerprint'>;
  private readonly inventory: Gauge<'status'>;
  private readonly esoTokenExpiry: LazyGauge;
  private readonly bundleInSync: LazyGauge;
  private readonly bundleMissing: LazyGauge;
  private readonly bundleExtra: LazyGauge;
  private readonly denyInSync: LazyGauge;
  private readonly externalSecretReady: LazyGauge;
  private readonly probeSuccess: LazyGauge;
  private readonly sourceUp: Gauge<'source'>;
  private readonly lastSuccess: Gauge;
  private readonly lastCycle: Gauge;
  private readonly cycleDuration: Gauge;
  private readonly cycles: Counter<'result'>;
  private readonly denyWrites: Counter<'result'>;
  private readonly sourceErrors: Counter<'source' | 'code'>;

  /** @param options - see {@link VerifierMetricsOptions} */
  constructor(options: VerifierMetricsOptions = {}) {
    const p = options.prefix ?? 'mtlsctl_';
    const registers = [this.registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) => new Gauge<L>({ name: p + name, help, labelNames, registers });
    // Series of what may not be configured (no cluster, no probe, no ESO token lookup) appear once first set:
    // an unlabelled prom-client gauge reads 0 until then, which the alert rules would take for drift or expiry.
    const lazy = (name: string, help: string): LazyGauge => {
      let created: Gauge | undefined;
      return { set: (value) => (created ??= gauge(name, help)).set(value) };
    };
    this.clientExpiry = gauge('client_certificate_expiry_timestamp_seconds', 'notAfter of each active client certificate, from the inventory (KV custom_metadata).', ['username']);
    this.caExpiry = gauge('ca_certificate_expiry_timestamp_seconds', 'notAfter of each CA in the trust bundle (pki/ca tls.crt).', ['fingerprint', 'subject', 'role']);
    this.crlNextUpdate = gauge('crl_next_update_timestamp_seconds', "nextUpdate of each CA's CRL (pki/crl); HAProxy refuses all of the CA's clients once it is past.", ['issuer', 'issuer_fingerprint']);
    this.inventory = gauge('inventory_certificates', 'Client certificates in the inventory by status (expired: active but past notAfter).', ['status']);
    this.esoTokenExpiry = lazy('eso_token_expiry_timestamp_seconds', "When ESO's Vault token expires.");
    this.bundleInSync = lazy('bundle_in_sync', "1 when the cluster Secret's tls.crt holds exactly Vault's trust bundle.");
    this.bundleMissing = lazy('bundle_missing_cas', "CAs in Vault's bundle that the cluster Secret lacks.");
    this.bundleExtra = lazy('bundle_extra_cas', "CAs in the cluster Secret that Vault's bundle no longer holds.");
    this.denyInSync = lazy('deny_rules_in_sync', "1 when the ingress ConfigMap carries the deny rules of Vault's CRL.");
    this.externalSecretReady = lazy('externalsecret_ready', '1 when the ExternalSecret reports Ready=True.');
    this.probeSuccess = lazy('probe_success', '1 when the ingress accepted the probe client certificate.');
    this.sourceUp = gauge('verification_source_up', '1 when the last read of the source (vault, cluster, probe) succeeded.', ['source']);
    this.lastSuccess = gauge('last_successful_verification_timestamp_seconds', 'When a cycle last read every source and found them in agreement.');
    this.lastCycle = gauge('last_verification_timestamp_seconds', 'When the last cycle ended, whatever its result.');
    this.cycleDuration = gauge('last_verification_duration_seconds', 'How long the last cycle took.');
    this.cycles = new Counter({ name: `${p}verification_cycles_total`, help: 'Verification cycles by result (healthy, unhealthy).', labelNames: ['result'], registers });
    this.denyWrites = new Counter({ name: `${p}deny_rules_writes_total`, help: 'Writes of the deny rules to the ingress ConfigMap by result (success, failure).', labelNames: ['result'], registers });
    this.sourceErrors = new Counter({ name: `${p}verification_source_errors_total`, help: 'Failed reads or writes of a source (vault, cluster, probe) by error code, e.g. KUBE_FORBIDDEN for an RBAC 403.', labelNames: ['source', 'code'], registers });
    gauge('build_info', 'Always 1; the version of the verifier.', ['version']).set({ version: options.version ?? '0.0.0' }, 1);
    for (const result of ['healthy', 'unhealthy']) this.cycles.inc({ result }, 0);
    for (const result of ['success', 'failure']) this.denyWrites.inc({ result }, 0);
  }

  /** Content-Type of {@link render}'s output (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * Records one cycle. Series derived from a source that could not be read keep their last values (mark them
   * stale with `verification_source_up` and the last-success timestamp), so a Vault outage does not look like
   * every certificate vanished.
   *
   * @param report - the cycle's evaluation
   * @param vault - the Vault observation of the cycle, when Vault was read
   * @param durationSeconds - how long the cycle took
   */
  record(report: VerificationReport, vault: VaultObservation | undefined, durationSeconds: number): void {
    this.sourceUp.set({ source: 'vault' }, report.sources.vault ? 1 : 0);
    if (report.sources.cluster !== undefined) this.sourceUp.set({ source: 'cluster' }, report.sources.cluster ? 1 : 0);
    if (report.sources.probe !== undefined) this.sourceUp.set({ source: 'probe' }, report.sources.probe ? 1 : 0);
    if (vault) this.recordVault(vault);
    if (report.inventory) for (const [status, count] of Object.entries(report.inventory)) this.inventory.set({ status }, count);
    if (report.bundle) {
      this.bundleInSync.set(report.bundle.inSync ? 1 : 0);
      this.bundleMissing.set(report.bundle.missing);
      this.bundleExtra.set(report.bundle.extra);
    }
    if (report.denyRulesInSync !== undefined) this.denyInSync.set(report.denyRulesInSync ? 1 : 0);
    if (report.externalSecretReady !== undefined) this.externalSecretReady.set(report.externalSecretReady ? 1 : 0);
    if (report.probeAccepted !== undefined) this.probeSuccess.set(report.probeAccepted ? 1 : 0);
    const at = unixSeconds(report.at);
    this.lastCycle.set(at);
    this.cycleDuration.set(durationSeconds);
    if (report.healthy) this.lastSuccess.set(at);
    this.cycles.inc({ result: report.healthy ? 'healthy' : 'unhealthy' });
  }

  /** Counts one write of the deny rules to the ConfigMap. */
  recordDenyRulesWrite(ok: boolean): void {
    this.denyWrites.inc({ result: ok ? 'success' : 'failure' });
  }

  /**
   * Counts one failed read or write of a source. `code` must come from a closed set (an error class's stable
   * code such as `KUBE_FORBIDDEN` or `VAULT_SEALED`, else `ERROR`/`TIMEOUT`), so the series stay bounded.
   */
  recordSourceError(source: 'vault' | 'cluster' | 'probe', code: string): void {
    this.sourceErrors.inc({ source, code });
  }

  /** The metrics in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  private recordVault(vault: VaultObservation): void {
    this.clientExpiry.reset();
    for (const client of vault.clients) {
      if (client.status !== 'active') continue;
      const notAfter = Date.parse(client.notAfter);
      if (!Number.isNaN(notAfter)) this.clientExpiry.set({ username: client.username }, notAfter / 1000);
    }
    this.caExpiry.reset();
    for (const ca of vault.cas) this.caExpiry.set({ fingerprint: ca.fingerprint, subject: ca.subject, role: ca.role }, unixSeconds(ca.notAfter));
    this.crlNextUpdate.reset();
    for (const crl of vault.crls) {
      if (crl.nextUpdate) this.crlNextUpdate.set({ issuer: crl.issuer, issuer_fingerprint: crl.issuerFingerprint ?? '' }, unixSeconds(crl.nextUpdate));
    }
    if (vault.esoTokenExpiresAt) this.esoTokenExpiry.set(unixSeconds(vault.esoTokenExpiresAt));
  }
}
