import type { KubeConnection } from './api/kube-connection.js';
import { KubernetesError } from './kubernetes-error.js';
import type { SyncLayout } from './sync-layout.js';

/**
 * Reads the trust bundle the ingress actually uses: `tls.crt` of the Secret ESO syncs (the layout's target
 * Secret, in the ExternalSecret's namespace), as PEM text.
 *
 * @param layout - the resolved layout (`resolveSyncLayout`)
 * @param options.kube - the cluster (`loadKubeConfig`)
 * @throws KubernetesError `KUBE_SECRET_MISSING` when the Secret or its `tls.crt` is absent, and the cluster errors
 *   of `toKubernetesError` (unreachable, forbidden, namespace missing)
 * @example
 * const pem = await readSyncedBundle(layout, { kube: loadKubeConfig() });
 */
export async function readSyncedBundle(layout: SyncLayout, options: { kube: KubeConnection }): Promise<string> {
  const namespace = layout.externalSecret.namespace;
  const label = `Secret ${namespace}/${layout.targetSecretName}`;
  const secret = await options.kube.objects().read({ apiVersion: 'v1', kind: 'Secret', name: layout.targetSecretName, namespace });
  if (secret === undefined) throw new KubernetesError('KUBE_SECRET_MISSING', `${label} does not exist in ${options.kube.server}: run mtlsctl k8s apply, then mtlsctl k8s status`, 404);
  const tlsCrt = (secret['data'] as Record<string, string> | undefined)?.['tls.crt'];
  if (tlsCrt === undefined) throw new KubernetesError('KUBE_SECRET_MISSING', `${label} has no tls.crt: check the ExternalSecret (mtlsctl k8s status)`);
  return Buffer.from(tlsCrt, 'base64').toString('utf8');
}
