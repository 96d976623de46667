import type { KubernetesObject } from './kubernetes-object.js';
import type { SyncLayout } from './sync-layout.js';

/**
 * The haproxytech ingress controller's ConfigMap key `client-ca: <namespace>/<secret>`, which makes every
 * frontend require a client certificate signed by a CA in that Secret's `tls.crt`. Only this key is rendered:
 * apply it with server-side apply so the controller's other settings (and its Helm labels) stay as they are.
 */
export function renderControllerConfigMap(layout: SyncLayout): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: layout.controllerConfigMap.name, namespace: layout.controllerConfigMap.namespace },
    data: { 'client-ca': `${layout.externalSecret.namespace}/${layout.targetSecretName}` },
  };
}
