import type { KubeConnection } from './api/kube-connection.js';
import { FRONTEND_SNIPPET_KEY, mergeDenyRulesBlock } from './deny-rules-block.js';
import { KubernetesError } from './kubernetes-error.js';
import type { ObjectRef } from './sync-layout.js';

/** What happened (or, in a dry run, would happen) to one object. */
export interface AppliedObject {
  kind: string;
  namespace?: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged';
  /** The paths whose values changed, e.g. `data.client-ca` (never the values: a Secret's are secret). */
  changed: string[];
}

/**
 * Rewrites mtlsctl's block of a ConfigMap's `frontend-config-snippet` to hold `rules` (admin lines kept), with a
 * merge patch pinned to the resourceVersion it read; a lost race (409) is read and tried again, up to 3 times.
 *
 * @param kube - the cluster (`loadKubeConfig` or the daemon's `loadLeanKubeConfig`)
 * @param target - the ConfigMap and the rules (`renderHaproxyDenyRules`)
 * @throws KubernetesError (KUBE_FORBIDDEN, KUBE_UNREACHABLE, ...), or KUBE_SERVER_ERROR when the ConfigMap is missing
 * @example
 * await writeDenyRulesBlock(kube, { configMap: layout.controllerConfigMap, rules: crl.haproxyDeny });
 */
export async function writeDenyRulesBlock(
  kube: KubeConnection,
  target: { configMap: ObjectRef; rules: string },
  options: { dryRun?: boolean; fieldManager?: string } = {},
): Promise<AppliedObject> {
  const objects = kube.objects();
  const label = `ConfigMap ${target.configMap.namespace}/${target.configMap.name} ${FRONTEND_SNIPPET_KEY}`;
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: target.configMap.namespace, name: target.configMap.name, label };
  for (let attempt = 1; ; attempt++) {
    const current = await objects.read(ref);
    const snippet = (current?.['data'] as Record<string, string> | undefined)?.[FRONTEND_SNIPPET_KEY];
    const next = mergeDenyRulesBlock(snippet, target.rules);
    const result = { kind: 'ConfigMap', namespace: target.configMap.namespace, name: target.configMap.name, changed: [`data.${FRONTEND_SNIPPET_KEY}`] };
    if (next === (snippet ?? '')) return { ...result, action: 'unchanged', changed: [] };
    if (current === undefined) {
      if (options.dryRun) return { ...result, action: 'created' };
      throw new KubernetesError('KUBE_SERVER_ERROR', `${label}: the ConfigMap vanished while applying: rerun mtlsctl k8s apply`);
    }
    const patch = { metadata: { resourceVersion: current.metadata?.resourceVersion }, data: { [FRONTEND_SNIPPET_KEY]: next } };
    try {
      await objects.mergePatch(ref, patch, { fieldManager: options.fieldManager ?? 'mtlsctl', ...(options.dryRun ? { dryRun: true } : {}) });
      return { ...result, action: 'configured' };
    } catch (error) {
      // 409: the ConfigMap changed since it was read (resourceVersion precondition): read it again.
      if ((error as KubernetesError).status !== 409 || attempt >= 3) throw error;
    }
  }
}
