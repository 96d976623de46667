import { MANAGED_BY, type KubernetesObject } from './kubernetes-object.js';
import type { SyncLayout } from './sync-layout.js';

/** The Secret holding ESO's Vault token (from `mtlsctl vault init`). It is a secret: render it only on request. */
export function renderEsoTokenSecret(layout: SyncLayout, token: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: layout.tokenSecret.name, namespace: layout.tokenSecret.namespace, labels: { ...MANAGED_BY } },
    type: 'Opaque',
    stringData: { [layout.tokenSecret.key]: token },
  };
}
