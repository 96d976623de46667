/** One Prometheus alerting rule. */
export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: 'warning' | 'critical' } & Record<string, string>;
  annotations: { summary: string; description: string; runbook: string };
}

/** A rule group, as in a rules file and a PrometheusRule's `spec.groups`. */
export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

/** The windows and names the alert rules use. Every field has a default. */
export interface AlertRuleOptions {
  /** Warn this many days before a client certificate's notAfter (default 30). */
  clientWarningDays?: number;
  /** Critical this many days before it, and once expired (default 7). */
  clientCriticalDays?: number;
  /** Warn this many days before a trusted CA's notAfter (default 90). */
  caWarningDays?: number;
  /** Critical this many days before it (default 30). */
  caCriticalDays?: number;
  /** Warn this many days before a CRL's nextUpdate (default 7; mtlsctl publishes CRLs for 30 days). */
  crlWarningDays?: number;
  /** Warn this many days before ESO's Vault token expires (default 14). */
  esoTokenWarningDays?: number;
  /** The verifier is stale when its last successful cycle is older than this many seconds (default 900). */
  staleAfterSeconds?: number;
  /** Bundle drift must last this long before it alerts, to let ESO refresh (Prometheus duration, default `2h`). */
  bundleDriftFor?: string;
  /** Prometheus `job` label of the verifier's scrape (default `mtlsctl-sync-verifier`). */
  verifierJob?: string;
  /** The ExternalSecret ESO's metrics are filtered on (default `haproxy-controller/sync-ca-from-nas`). */
  externalSecret?: { namespace: string; name: string };
}

const DAY = 86_400;
const durationPattern = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
const labelValue = /^[-a-zA-Z0-9_.:/]{1,253}$/;

/**
 * The alert rules of mtlsctl: ESO sync failing (as an `increase`, so it clears), ExternalSecret not Ready, bundle
 * and deny-rule drift, client and CA certificates expiring, CRL near or past nextUpdate, ESO token expiring, the
 * verifier down or stale, the ingress refusing the probe certificate. Each has `summary`, `description` and a
 * `runbook` line naming the mtlsctl command that fixes it.
 *
 * @param options - see {@link AlertRuleOptions}
 * @throws RangeError when a window is not a positive number of days, or a critical window is not shorter than its warning
 * @example
 * const groups = buildAlertRules({ clientWarningDays: 21, clientCriticalDays: 3 });
 */
export function buildAlertRules(options: AlertRuleOptions = {}): RuleGroup[] {
  const o = resolve(options);
  const es = `namespace="${o.externalSecret.namespace}",name="${o.externalSecret.name}"`;
  const left = (metric: string) => `(${metric} - time())`;
  const client = left('mtlsctl_client_certificate_expiry_timestamp_seconds');
  const ca = left('mtlsctl_ca_certificate_expiry_timestamp_seconds');
  const crl = left('mtlsctl_crl_next_update_timestamp_seconds');
  const esoFix = 'mtlsctl vault init --eso-token-file eso.token, then mtlsctl k8s apply --eso-token-file eso.token';
  const rules: AlertRule[] = [
    {
      alert: 'MtlsctlEsoSyncFailing',
      expr: `increase(externalsecret_sync_calls_error{${es}}[15m]) > 0`,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'ESO fails to sync the CA bundle from Vault',
        description: `ExternalSecret ${o.externalSecret.namespace}/${o.externalSecret.name} failed to sync in the last 15 minutes: new CAs and CRLs do not reach the ingress.`,
        runbook: `mtlsctl k8s status and mtlsctl doctor name the cause; a lapsed or revoked token: ${esoFix}`,
      },
    },
    {
      alert: 'MtlsctlExternalSecretNotReady',
      expr: `externalsecret_status_condition{${es},condition="Ready",status="False"} == 1 or mtlsctl_externalsecret_ready == 0`,
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'The ExternalSecret carrying the CA bundle is not Ready',
        description: `ExternalSecret ${o.externalSecret.namespace}/${o.externalSecret.name} has not been Ready for 10 minutes: the ingress keeps an old trust bundle.`,
        runbook: `mtlsctl k8s status shows its reason; mtlsctl k8s apply restores the objects; a lapsed token: ${esoFix}`,
      },
    },
    {
      alert: 'MtlsctlBundleDrift',
      expr: 'mtlsctl_bundle_in_sync == 0',
      for: o.bundleDriftFor,
      labels: { severity: 'warning' },
      annotations: {
        summary: "The ingress's trust bundle differs from Vault's",
        description: `For ${o.bundleDriftFor} the cluster Secret's tls.crt has not held exactly the CAs of Vault's pki/ca (see mtlsctl_bundle_missing_cas and mtlsctl_bundle_extra_cas): clients of a missing CA are refused, a retired CA is still trusted.`,
        runbook: 'mtlsctl k8s status lists the missing and extra CAs; mtlsctl k8s apply restores the ExternalSecret (a hand-edited Secret is overwritten at the next refresh)',
      },
    },
    {
      alert: 'MtlsctlDenyRulesDrift',
      expr: 'mtlsctl_deny_rules_in_sync == 0',
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: "The ingress's deny rules differ from Vault's CRL",
        description: "For 10 minutes the controller ConfigMap's frontend-config-snippet has not carried the deny rules of Vault's pki/crl: a revoked client certificate may still get in.",
        runbook: 'mtlsctl k8s apply writes the current deny rules (mtlsctl crl show --haproxy-deny prints them); check the sync-verifier logs for failed writes',
      },
    },
    {
      alert: 'MtlsctlClientCertificateExpiringSoon',
      expr: `${client} < ${o.clientWarningDays * DAY} and ${client} >= ${o.clientCriticalDays * DAY}`,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Client certificate of {{ $labels.username }} expires within ' + `${o.clientWarningDays} days`,
        description: 'The client certificate of {{ $labels.username }} expires in {{ $value | humanizeDuration }}.',
        runbook: 'mtlsctl user renew {{ $labels.username }}',
      },
    },
    {
      alert: 'MtlsctlClientCertificateExpiring',
      expr: `${client} < ${o.clientCriticalDays * DAY}`,
      labels: { severity: 'critical' },
      annotations: {
        summary: `Client certificate of {{ $labels.username }} expires within ${o.clientCriticalDays} days or has expired`,
        description: 'The client certificate of {{ $labels.username }} has {{ $value | humanizeDuration }} left (negative: expired); HAProxy refuses it once expired.',
        runbook: 'mtlsctl user renew {{ $labels.username }}',
      },
    },
    {
      alert: 'MtlsctlCaExpiringSoon',
      expr: `${ca} < ${o.caWarningDays * DAY} and ${ca} >= ${o.caCriticalDays * DAY}`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `Trusted CA {{ $labels.subject }} expires within ${o.caWarningDays} days`,
        description: 'The CA {{ $labels.subject }} ({{ $labels.role }}, {{ $labels.fingerprint }}) expires in {{ $value | humanizeDuration }}; every client certificate it signed stops working then.',
        runbook: 'mtlsctl ca rotate, then mtlsctl migrate status and mtlsctl user renew each user still on the old CA',
      },
    },
    {
      alert: 'MtlsctlCaExpiring',
      expr: `${ca} < ${o.caCriticalDays * DAY}`,
      labels: { severity: 'critical' },
      annotations: {
        summary: `Trusted CA {{ $labels.subject }} expires within ${o.caCriticalDays} days or has expired`,
        description: 'The CA {{ $labels.subject }} ({{ $labels.role }}, {{ $labels.fingerprint }}) has {{ $value | humanizeDuration }} left.',
        runbook: 'mtlsctl ca rotate now (an expired rotated or imported CA: mtlsctl ca retire), then mtlsctl user renew its users',
      },
    },
    {
      alert: 'MtlsctlCrlNearNextUpdate',
      expr: `${crl} < ${o.crlWarningDays * DAY} and ${crl} > 0`,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The CRL of {{ $labels.issuer }} reaches its nextUpdate soon',
        description: "The CRL of {{ $labels.issuer }} is current for {{ $value | humanizeDuration }} more; once past, HAProxy refuses all of that CA's clients.",
        runbook: 'mtlsctl crl update',
      },
    },
    {
      alert: 'MtlsctlCrlStale',
      expr: `${crl} <= 0`,
      labels: { severity: 'critical' },
      annotations: {
        summary: 'The CRL of {{ $labels.issuer }} is past its nextUpdate',
        description: "The CRL of {{ $labels.issuer }} expired {{ $value | humanizeDuration }} ago (negative): HAProxy refuses all of that CA's clients.",
        runbook: 'mtlsctl crl update',
      },
    },
    {
      alert: 'MtlsctlEsoTokenExpiring',
      expr: `(mtlsctl_eso_token_expiry_timestamp_seconds - time()) < ${o.esoTokenWarningDays * DAY}`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `ESO's Vault token expires within ${o.esoTokenWarningDays} days`,
        description: "ESO's Vault token has {{ $value | humanizeDuration }} left; once expired, the CA bundle and CRL stop syncing.",
        runbook: esoFix,
      },
    },
    {
      alert: 'MtlsctlVerifierDown',
      expr: `up{job="${o.verifierJob}"} == 0 or absent(up{job="${o.verifierJob}"})`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'The mtlsctl sync-verifier is down',
        description: `Prometheus has not scraped job ${o.verifierJob} for 5 minutes: drift and expiry go unnoticed, and deny rules are not kept current.`,
        runbook: 'kubectl -n mtlsctl get pods,events; mtlsctl k8s manifests --verifier | kubectl apply --server-side -f - restores its objects',
      },
    },
    {
      alert: 'MtlsctlVerifierStale',
      expr: `(time() - mtlsctl_last_successful_verification_timestamp_seconds) > ${o.staleAfterSeconds}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The mtlsctl sync-verifier has not verified successfully for a while',
        description: 'The last cycle that read Vault and the cluster and found them in agreement was {{ $value | humanizeDuration }} ago (see mtlsctl_verification_source_up and the other mtlsctl alerts).',
        runbook: 'mtlsctl doctor names the failing check and its fix (Vault sealed or unreachable, apiserver down, drift)',
      },
    },
    {
      alert: 'MtlsctlVerifierSourceErrors',
      expr: `sum by (source, code) (increase(mtlsctl_verification_source_errors_total{job="${o.verifierJob}"}[15m])) > 0`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The mtlsctl sync-verifier keeps failing to read or write {{ $labels.source }} ({{ $labels.code }})',
        description: 'For 15 minutes every quarter hour has had failed {{ $labels.source }} reads or writes with code {{ $labels.code }} (KUBE_FORBIDDEN: its RBAC; KUBE_UNREACHABLE: the apiserver; TIMEOUT: a slow source): what it cannot read it cannot check, and deny rules it cannot write go stale.',
        runbook: 'the verifier logs one error line per failure (kubectl -n mtlsctl logs deploy/mtlsctl-sync-verifier); mtlsctl k8s manifests --verifier | kubectl apply --server-side -f - restores its RBAC',
      },
    },
    {
      alert: 'MtlsctlProbeRefused',
      expr: 'mtlsctl_probe_success == 0',
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'The ingress refuses the probe client certificate',
        description: 'For 10 minutes a TLS handshake with the probe client certificate has been refused: real users are likely refused too.',
        runbook: 'mtlsctl verify <probe.p12> --password-file <file> says why it is not accepted; mtlsctl doctor checks the whole chain',
      },
    },
  ];
  return [{ name: 'mtlsctl', rules }];
}

type Resolved = Required<AlertRuleOptions>;

function resolve(options: AlertRuleOptions): Resolved {
  const o: Resolved = {
    clientWarningDays: 30,
    clientCriticalDays: 7,
    caWarningDays: 90,
    caCriticalDays: 30,
    crlWarningDays: 7,
    esoTokenWarningDays: 14,
    staleAfterSeconds: 900,
    bundleDriftFor: '2h',
    verifierJob: 'mtlsctl-sync-verifier',
    externalSecret: { namespace: 'haproxy-controller', name: 'sync-ca-from-nas' },
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  for (const key of ['clientWarningDays', 'clientCriticalDays', 'caWarningDays', 'caCriticalDays', 'crlWarningDays', 'esoTokenWarningDays', 'staleAfterSeconds'] as const) {
    if (!Number.isInteger(o[key]) || o[key] <= 0) throw new RangeError(`${key} must be a positive whole number, not ${o[key]}`);
  }
  if (o.clientCriticalDays >= o.clientWarningDays) throw new RangeError(`the client critical window (${o.clientCriticalDays}d) must be shorter than the warning window (${o.clientWarningDays}d)`);
  if (o.caCriticalDays >= o.caWarningDays) throw new RangeError(`the CA critical window (${o.caCriticalDays}d) must be shorter than the warning window (${o.caWarningDays}d)`);
  if (!durationPattern.test(o.bundleDriftFor)) throw new RangeError(`bundleDriftFor must be a Prometheus duration such as 2h, not "${o.bundleDriftFor}"`);
  for (const value of [o.verifierJob, o.externalSecret.namespace, o.externalSecret.name]) {
    if (!labelValue.test(value)) throw new RangeError(`"${value}" cannot be used as a label value in a rule`);
  }
  return o;
}
