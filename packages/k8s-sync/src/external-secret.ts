import { ESO_API_VERSION, MANAGED_BY, type KubernetesObject } from './kubernetes-object.js';
import type { SyncLayout } from './sync-layout.js';

/**
 * The ExternalSecret that copies `tls.crt` of `<prefix>/ca` (the trust bundle: the active CA plus those kept
 * during a migration) into the Secret the ingress reads. It lives in the Secret's namespace, because ESO writes
 * a Secret into the ExternalSecret's own namespace (the seed's `vault` namespace was wrong). The Secret is kept
 * if the ExternalSecret or the Vault key goes away (`deletionPolicy: Retain`): losing the client CA would lock
 * every user out.
 */
export function renderExternalSecret(layout: SyncLayout): KubernetesObject {
  const key = [layout.prefix, 'ca'].filter((s) => s !== '').join('/');
  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ExternalSecret',
    metadata: { name: layout.externalSecret.name, namespace: layout.externalSecret.namespace, labels: { ...MANAGED_BY } },
    spec: {
      refreshInterval: layout.refreshInterval,
      secretStoreRef: { kind: 'ClusterSecretStore', name: layout.storeName },
      target: {
        name: layout.targetSecretName,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        template: { type: 'Opaque', metadata: { labels: { ...MANAGED_BY } } },
      },
      data: [{ secretKey: 'tls.crt', remoteRef: { key, property: 'tls.crt' } }],
    },
  };
}
