import { KubernetesObjectApi } from '@kubernetes/client-node';
import { KubernetesError } from './kubernetes-error.js';
import type { LoadedKubeConfig } from './kube-config.js';
import type { SyncLayout } from './sync-layout.js';
import { isObjectNotFound, toKubernetesError } from './to-kubernetes-error.js';

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
export async function readSyncedBundle(layout: SyncLayout, options: { kube: LoadedKubeConfig }): Promise<string> {
  const client = KubernetesObjectApi.makeApiClient(options.kube.config);
  const namespace = layout.externalSecret.namespace;
  const label = `Secret ${namespace}/${layout.targetSecretName}`;
  let secret: { data?: Record<string, string> };
  try {
    secret = (await client.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: layout.targetSecretName, namespace } })) as { data?: Record<string, string> };
  } catch (error) {
    if (isObjectNotFound(error)) throw new KubernetesError('KUBE_SECRET_MISSING', `${label} does not exist in ${options.kube.server}: run mtlsctl k8s apply, then mtlsctl k8s status`, 404, error);
    throw toKubernetesError(error, { server: options.kube.server, object: label });
  }
  const tlsCrt = secret.data?.['tls.crt'];
  if (tlsCrt === undefined) throw new KubernetesError('KUBE_SECRET_MISSING', `${label} has no tls.crt: check the ExternalSecret (mtlsctl k8s status)`);
  return Buffer.from(tlsCrt, 'base64').toString('utf8');
}
