import { DEFAULT_VAULT_MOUNT, DEFAULT_VAULT_PREFIX } from '@mtlsctl/vault-store/layout';
import { renderPrometheusRule } from './render-alert-rules.js';
import type { AlertRuleOptions } from './alert-rules.js';

/** A rendered Kubernetes object (the same shape as `@mtlsctl/k8s-sync`'s KubernetesObject). */
export interface VerifierObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** A namespaced object's place. */
interface Ref {
  namespace: string;
  name: string;
}

/** What {@link renderVerifierManifests} deploys. Every field but `vaultAddr` has a default. */
export interface VerifierManifestOptions {
  /** Vault's address as the pod reaches it. */
  vaultAddr: string;
  /** PEM of the CA of Vault's certificate: put in a ConfigMap mounted as VAULT_CACERT. */
  vaultCaPem?: string;
  /** KV v2 mount and prefix (default `secret`, `pki`). */
  mount?: string;
  prefix?: string;
  /** Where the verifier runs (default `mtlsctl`). */
  namespace?: string;
  /** Container image (default `mtlsctl/sync-verifier:0.1.0`, built from apps/sync-verifier/Dockerfile). */
  image?: string;
  /** The Secret (in `namespace`) whose `token` key holds a token with the `mtlsctl-verifier` policy (default `mtlsctl-verifier-vault-token`). */
  tokenSecretName?: string;
  /**
   * Log in by Vault's Kubernetes auth method instead of a token Secret: the pod gets a projected service-account
   * token for `audience` (default `vault`; the Vault role's `audience`), rotated by the kubelet, and logs in as
   * `role` at `auth/<mount>` (default `kubernetes`). No token Secret is mounted.
   */
  vaultAuth?: { kind: 'kubernetes'; role: string; mount?: string; audience?: string };
  /** ESO's Vault token's accessor (`accessor` of `vault token lookup -format=json` run with ESO's token): the verifier then reports its expiry. */
  esoTokenAccessor?: string;
  /** Cycle interval (default `60s`). */
  interval?: string;
  /** The ClusterSecretStore, ExternalSecret, synced Secret and controller ConfigMap (the seed's names by default). */
  storeName?: string;
  externalSecret?: Ref;
  targetSecretName?: string;
  controllerConfigMap?: Ref;
  /** Keep the ConfigMap's deny-rule block current (default true): grants `patch` on that one ConfigMap. */
  writeDenyRules?: boolean;
  /** Alert windows for the PrometheusRule. */
  rules?: Omit<AlertRuleOptions, 'verifierJob' | 'externalSecret'>;
  /** Labels the Prometheus Operator's serviceMonitorSelector / ruleSelector match (e.g. `release: kube-prometheus-stack`). */
  prometheusLabels?: Record<string, string>;
}

const NAME = 'mtlsctl-sync-verifier';
const PORT = 9464;
const UID = 65532;
/** Where the projected service-account token for Vault's Kubernetes auth is mounted. */
const VAULT_JWT_DIR = '/var/run/secrets/mtlsctl/vault-jwt';

/**
 * The objects that run `mtlsctl-sync-verifier` in the ingress cluster, least privilege throughout: its
 * ServiceAccount; a Role per namespace it reads granting `get` only on the synced Secret, the ExternalSecret and
 * the controller ConfigMap by `resourceNames` (plus `patch` on that ConfigMap alone when it writes the deny rules)
 * and a ClusterRole for the one ClusterSecretStore; a Deployment (non-root, read-only root file system, no
 * capabilities, resource limits, liveness `/healthz` and readiness `/readyz`); a Service and ServiceMonitor for
 * `/metrics` (job `mtlsctl-sync-verifier`); and the PrometheusRule. The Vault token Secret is not rendered: create
 * it from a token with the `mtlsctl-verifier` policy (`bao token create -policy=mtlsctl-verifier`), or use
 * `vaultAuth` (Kubernetes auth with a projected service-account token: no token Secret at all).
 *
 * @example
 * const objects = renderVerifierManifests({ vaultAddr: 'https://nas-vault.example.com:8200' });
 */
export function renderVerifierManifests(options: VerifierManifestOptions): VerifierObject[] {
  const ns = options.namespace ?? 'mtlsctl';
  const es = options.externalSecret ?? { namespace: 'haproxy-controller', name: 'sync-ca-from-nas' };
  const secretName = options.targetSecretName ?? 'client-ca-cert';
  const cm = options.controllerConfigMap ?? { namespace: 'haproxy-controller', name: 'haproxy-kubernetes-ingress' };
  const storeName = options.storeName ?? 'nas-vault';
  const write = options.writeDenyRules ?? true;
  const tokenSecret = options.tokenSecretName ?? `${NAME}-vault-token`;
  const labels = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'mtlsctl', 'app.kubernetes.io/managed-by': 'mtlsctl' };
  const meta = (name: string, namespace?: string, extra: Record<string, string> = {}) => ({ name, ...(namespace ? { namespace } : {}), labels: { ...labels, ...extra } });
  const subject = [{ kind: 'ServiceAccount', name: NAME, namespace: ns }];

  // one Role per namespace holding something it reads, each rule naming its objects
  const rulesByNamespace = new Map<string, Record<string, unknown>[]>();
  const grant = (namespace: string, rule: Record<string, unknown>) => rulesByNamespace.set(namespace, [...(rulesByNamespace.get(namespace) ?? []), rule]);
  grant(es.namespace, { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], resourceNames: [es.name], verbs: ['get'] });
  grant(es.namespace, { apiGroups: [''], resources: ['secrets'], resourceNames: [secretName], verbs: ['get'] });
  grant(cm.namespace, { apiGroups: [''], resources: ['configmaps'], resourceNames: [cm.name], verbs: write ? ['get', 'patch'] : ['get'] });
  const rbac = [...rulesByNamespace.entries()].flatMap(([namespace, rules]) => [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(NAME, namespace), rules },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(NAME, namespace), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME }, subjects: subject },
  ]);

  const args = [
    `--interval=${options.interval ?? '60s'}`,
    `--store-name=${storeName}`,
    `--external-secret=${es.namespace}/${es.name}`,
    `--secret-name=${secretName}`,
    `--controller-configmap=${cm.namespace}/${cm.name}`,
    ...(write ? [] : ['--no-write-deny-rules']),
  ];
  const kubeAuth = options.vaultAuth?.kind === 'kubernetes' ? options.vaultAuth : undefined;
  const vaultAuthEnv = kubeAuth
    ? [
        { name: 'MTLSCTL_VAULT_AUTH', value: 'kubernetes' },
        { name: 'MTLSCTL_VAULT_AUTH_ROLE', value: kubeAuth.role },
        { name: 'MTLSCTL_VAULT_AUTH_MOUNT', value: kubeAuth.mount ?? 'kubernetes' },
        { name: 'MTLSCTL_VAULT_JWT_FILE', value: `${VAULT_JWT_DIR}/token` },
      ]
    : [{ name: 'MTLSCTL_VERIFIER_VAULT_TOKEN_FILE', value: '/var/run/secrets/mtlsctl/vault-token/token' }];
  const env = [
    { name: 'VAULT_ADDR', value: options.vaultAddr },
    { name: 'MTLSCTL_VAULT_MOUNT', value: options.mount ?? DEFAULT_VAULT_MOUNT },
    { name: 'MTLSCTL_VAULT_PREFIX', value: options.prefix ?? DEFAULT_VAULT_PREFIX },
    ...vaultAuthEnv,
    { name: 'MTLSCTL_VERIFIER_LISTEN', value: `0.0.0.0:${PORT}` },
    ...(options.vaultCaPem ? [{ name: 'VAULT_CACERT', value: '/etc/mtlsctl/vault-ca/ca.crt' }] : []),
    ...(options.esoTokenAccessor ? [{ name: 'MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR', value: options.esoTokenAccessor }] : []),
  ];
  const volumes = [
    kubeAuth
      ? { name: 'vault-jwt', projected: { defaultMode: 0o400, sources: [{ serviceAccountToken: { audience: kubeAuth.audience ?? 'vault', expirationSeconds: 3600, path: 'token' } }] } }
      : { name: 'vault-token', secret: { secretName: tokenSecret, defaultMode: 0o400 } },
    ...(options.vaultCaPem ? [{ name: 'vault-ca', configMap: { name: `${NAME}-vault-ca` } }] : []),
  ];
  const mounts = [
    kubeAuth ? { name: 'vault-jwt', mountPath: VAULT_JWT_DIR, readOnly: true } : { name: 'vault-token', mountPath: '/var/run/secrets/mtlsctl/vault-token', readOnly: true },
    ...(options.vaultCaPem ? [{ name: 'vault-ca', mountPath: '/etc/mtlsctl/vault-ca', readOnly: true }] : []),
  ];
  const probe = (path: string) => ({ httpGet: { path, port: 'metrics' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
  const promLabels = options.prometheusLabels ?? {};

  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME, ns), automountServiceAccountToken: true },
    ...rbac,
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(NAME), rules: [{ apiGroups: ['external-secrets.io'], resources: ['clustersecretstores'], resourceNames: [storeName], verbs: ['get'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(NAME), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME }, subjects: subject },
    ...(options.vaultCaPem ? [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${NAME}-vault-ca`, ns), data: { 'ca.crt': options.vaultCaPem } }] : []),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(NAME, ns),
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': NAME } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            securityContext: { runAsNonRoot: true, runAsUser: UID, runAsGroup: UID, fsGroup: UID, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'verifier',
                image: options.image ?? 'mtlsctl/sync-verifier:0.1.0',
                args,
                env,
                ports: [{ name: 'metrics', containerPort: PORT, protocol: 'TCP' }],
                livenessProbe: probe('/healthz'),
                readinessProbe: probe('/readyz'),
                resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: mounts,
              },
            ],
            volumes,
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: meta(NAME, ns), spec: { selector: { 'app.kubernetes.io/name': NAME }, ports: [{ name: 'metrics', port: PORT, targetPort: 'metrics' }] } },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(NAME, ns, promLabels),
      spec: { jobLabel: 'app.kubernetes.io/name', selector: { matchLabels: { 'app.kubernetes.io/name': NAME } }, endpoints: [{ port: 'metrics', path: '/metrics', interval: '60s' }] },
    },
    renderPrometheusRule({ ...options.rules, verifierJob: NAME, externalSecret: es }, { name: 'mtlsctl', namespace: ns, labels: promLabels }),
  ];
}
