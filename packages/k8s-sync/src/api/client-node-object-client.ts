import { type KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject as ClientObject } from '@kubernetes/client-node';
import { isObjectNotFound, toKubernetesError } from '../to-kubernetes-error.js';
import { describeRef, type KubeObjectBody, type KubeObjectClient, type KubeObjectRef } from './kube-connection.js';

/**
 * {@link KubeObjectClient} over @kubernetes/client-node (the CLI's: kubeconfig exec plugins, auth providers and
 * API discovery), errors translated by `toKubernetesError`.
 *
 * @param config - the loaded kubeconfig
 * @param server - the apiserver URL, for messages
 */
export function clientNodeObjectClient(config: KubeConfig, server: string): KubeObjectClient {
  const client = KubernetesObjectApi.makeApiClient(config);
  const spec = (ref: KubeObjectRef) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  });
  return {
    async read(ref) {
      try {
        return (await client.read(spec(ref))) as ClientObject as KubeObjectBody;
      } catch (error) {
        if (isObjectNotFound(error)) return undefined;
        throw toKubernetesError(error, { server, object: describeRef(ref) });
      }
    },
    async mergePatch(ref, patch, options) {
      const base = spec(ref);
      const body = { ...patch, ...base, metadata: { ...(patch['metadata'] as object | undefined), ...base.metadata } };
      try {
        return (await client.patch(
          body as ClientObject,
          undefined,
          options.dryRun ? 'All' : undefined,
          options.fieldManager,
          undefined,
          PatchStrategy.MergePatch,
        )) as KubeObjectBody;
      } catch (error) {
        throw toKubernetesError(error, { server, object: describeRef(ref) });
      }
    },
  };
}
