import { ESO_API_VERSION, MANAGED_BY, type KubernetesObject } from './kubernetes-object.js';
import type { SyncLayout } from './sync-layout.js';

/**
 * The ClusterSecretStore through which ESO reads Vault KV v2 with the `eso-pki-reader` token. Its token Secret
 * reference names its namespace, which a cluster-scoped store requires.
 */
export function renderClusterSecretStore(layout: SyncLayout): KubernetesObject {
  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ClusterSecretStore',
    metadata: { name: layout.storeName, labels: { ...MANAGED_BY } },
    spec: {
      provider: {
        vault: {
          server: layout.vaultServer,
          path: layout.mount,
          version: 'v2',
          ...(layout.vaultNamespace ? { namespace: layout.vaultNamespace } : {}),
          ...(layout.vaultCaPem ? { caBundle: Buffer.from(layout.vaultCaPem).toString('base64') } : {}),
          auth: {
            tokenSecretRef: { name: layout.tokenSecret.name, key: layout.tokenSecret.key, namespace: layout.tokenSecret.namespace },
          },
        },
      },
    },
  };
}
