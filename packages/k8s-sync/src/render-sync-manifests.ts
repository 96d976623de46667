import { stringify } from 'yaml';
import { renderClusterSecretStore } from './cluster-secret-store.js';
import { renderControllerConfigMap } from './controller-config-map.js';
import { renderEsoTokenSecret } from './eso-token-secret.js';
import { renderExternalSecret } from './external-secret.js';
import type { KubernetesObject } from './kubernetes-object.js';
import { resolveSyncLayout, type SyncLayout } from './sync-layout.js';

/**
 * Every object that carries the trust to the ingress (docs/deployment-guide.md, step 3), in apply order: the ESO token Secret (only when `esoToken` is
 * given), the ClusterSecretStore, the ExternalSecret in the ingress namespace, and the controller ConfigMap key.
 *
 * @param options - the layout (`vaultServer` required; the rest defaults to the seed's names)
 * @param secrets.esoToken - ESO's Vault token, to render its Secret too
 * @throws InvalidSyncOptionError
 * @example
 * const objects = renderSyncManifests({ vaultServer: 'https://nas-vault:8200' });
 * process.stdout.write(toYamlDocuments(objects)); // kubectl apply --server-side -f -
 */
export function renderSyncManifests(options: Partial<SyncLayout> & { vaultServer: string }, secrets: { esoToken?: string } = {}): KubernetesObject[] {
  const layout = resolveSyncLayout(options);
  return [
    ...(secrets.esoToken ? [renderEsoTokenSecret(layout, secrets.esoToken)] : []),
    renderClusterSecretStore(layout),
    renderExternalSecret(layout),
    renderControllerConfigMap(layout),
  ];
}

/** Objects as one multi-document YAML stream, as `kubectl apply -f -` reads it. */
export function toYamlDocuments(objects: readonly KubernetesObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

/** Objects as one kubectl `List` (`kubectl apply -f -` reads it as JSON). */
export function toKubectlList(objects: readonly KubernetesObject[]): { apiVersion: 'v1'; kind: 'List'; items: KubernetesObject[] } {
  return { apiVersion: 'v1', kind: 'List', items: [...objects] };
}
