import type { ApplySyncResult, KubernetesObject, SyncStatus } from '@mtlsctl/k8s-sync';
import type { RenderFormat } from './renderer.js';

/** The cluster a `k8s` command talked to, as its JSON names it. */
export interface ClusterRef {
  context: string;
  server: string;
}

/** `k8s apply`: what the server-side apply did, in the cluster it did it. */
export type K8sApplyResult = ClusterRef & ApplySyncResult;

/** `k8s status`: the read-back of the sync, in the cluster it read. */
export type K8sStatusResult = ClusterRef & SyncStatus;

/** `k8s manifests`: the objects, and how its text prints them (`-o yaml|json`). */
export interface K8sManifestsResult {
  objects: KubernetesObject[];
  /** yaml: multi-document YAML; json: one kubectl List. */
  output: 'yaml' | 'json';
  /** Serializers from k8s-sync (loaded lazily by the command, so they come with the result). */
  toYamlDocuments(objects: readonly KubernetesObject[]): string;
  toKubectlList(objects: readonly KubernetesObject[]): unknown;
}

/** `k8s apply`: one line per object (`Kind ns/name created|configured|unchanged`, the changed paths); as JSON the result. */
export function renderK8sApply(result: K8sApplyResult, format: 'text'): string;
export function renderK8sApply(result: K8sApplyResult, format: 'json'): K8sApplyResult;
export function renderK8sApply(result: K8sApplyResult, format: RenderFormat): string | K8sApplyResult {
  if (format === 'json') return result;
  const suffix = result.dryRun ? ' (server dry run)' : '';
  return result.objects
    .map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} ${o.action}${suffix}${o.changed.length && o.action === 'configured' ? `: ${o.changed.join(', ')}` : ''}`)
    .join('\n');
}

/** `k8s status`: a ✓/✗ line per object of the sync, then each problem with its fix; as JSON the status. */
export function renderK8sStatus(result: K8sStatusResult, format: 'text'): string;
export function renderK8sStatus(result: K8sStatusResult, format: 'json'): K8sStatusResult;
export function renderK8sStatus(s: K8sStatusResult, format: RenderFormat): string | K8sStatusResult {
  if (format === 'json') return s;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const ready = (c: { found: boolean; ready: boolean; reason?: string }) => (c.found ? (c.ready ? 'Ready' : `not Ready (${c.reason ?? 'no condition yet'})`) : 'missing');
  const tls = s.secret.tlsCrt;
  const configMap = `ConfigMap ${s.configMap.namespace}/${s.configMap.name}`;
  return [
    `${mark(s.clusterSecretStore.ready)} ClusterSecretStore ${s.clusterSecretStore.name}: ${ready(s.clusterSecretStore)}`,
    `${mark(s.externalSecret.ready)} ExternalSecret ${s.externalSecret.namespace}/${s.externalSecret.name}: ${ready(s.externalSecret)}${s.externalSecret.refreshTime ? `, last refresh ${s.externalSecret.refreshTime}` : ''}`,
    `${mark(tls?.inSync ?? false)} Secret ${s.secret.namespace}/${s.secret.name} tls.crt: ${tls === undefined ? 'missing' : tls.inSync ? 'in sync with Vault' : `${tls.missing.length} CA missing, ${tls.extra.length} extra`}`,
    `${mark(s.configMap.pointsAtSecret)} ${configMap} client-ca: ${s.configMap.clientCa ?? 'not set'}`,
    `${mark(s.configMap.denyRulesInSync ?? false)} ${configMap} deny rules: ${s.configMap.denyRulesInSync ? "match Vault's CRL" : "do not match Vault's CRL"}`,
    ...s.problems.map((p) => `  - ${p}`),
  ].join('\n');
}

/** `k8s manifests`: the objects as multi-document YAML or one kubectl List (`-o`); as JSON (`--json`) `{ objects }`. */
export function renderK8sManifests(result: K8sManifestsResult, format: 'text'): string;
export function renderK8sManifests(result: K8sManifestsResult, format: 'json'): { objects: KubernetesObject[] };
export function renderK8sManifests(result: K8sManifestsResult, format: RenderFormat): string | { objects: KubernetesObject[] } {
  if (format === 'json') return { objects: result.objects };
  // The command logs the text with its own newline.
  return (result.output === 'json' ? JSON.stringify(result.toKubectlList(result.objects), null, 2) : result.toYamlDocuments(result.objects)).replace(/\n$/, '');
}
