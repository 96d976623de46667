import { KubernetesObjectApi, PatchStrategy, type KubernetesObject as ClientObject } from '@kubernetes/client-node';
import type { LoadedKubeConfig } from './kube-config.js';
import { KubernetesError } from './kubernetes-error.js';
import type { KubernetesObject } from './kubernetes-object.js';
import type { ObjectRef } from './sync-layout.js';
import { apiStatusOf, isObjectNotFound, toKubernetesError } from './to-kubernetes-error.js';
import { changedPaths, describeObject } from './changed-paths.js';
import { type AppliedObject, writeDenyRulesBlock } from './write-deny-rules-block.js';

export type { AppliedObject } from './write-deny-rules-block.js';

/** Options of {@link applySyncObjects}. */
export interface ApplySyncOptions {
  /** The cluster, from `loadKubeConfig`. */
  kube: LoadedKubeConfig;
  /** Only ask the apiserver what would change (`dryRun=All`): nothing is written. Default false. */
  dryRun?: boolean;
  /** Take over fields another field manager owns, instead of reporting the conflict. Default false. */
  forceConflicts?: boolean;
  /** Server-side apply field manager. Default `mtlsctl`. */
  fieldManager?: string;
  /** Deny rules to keep in mtlsctl's block of this ConfigMap's `frontend-config-snippet` (admin lines kept). */
  denyRules?: { configMap: ObjectRef; rules: string };
}

/** The outcome of {@link applySyncObjects}. */
export interface ApplySyncResult {
  dryRun: boolean;
  fieldManager: string;
  objects: AppliedObject[];
}

/**
 * Server-side applies the guide's objects (field manager `mtlsctl`) and keeps the deny rules in the ingress
 * ConfigMap's snippet. Every object is first applied with `dryRun=All`, so a missing namespace, a refused
 * permission, an unserved kind, an invalid object or a field-manager conflict stops the run before anything is
 * written; only then, unless `dryRun`, is each applied for real. Conflicts are reported with the fields and
 * their owners unless `forceConflicts`. The snippet is updated by a merge patch pinned to the ConfigMap's
 * resourceVersion, changing only mtlsctl's delimited block.
 *
 * @param objects - from `renderSyncManifests`, in apply order
 * @param options - see {@link ApplySyncOptions}
 * @throws KubernetesError naming the fix (`KUBE_APPLY_CONFLICT`, `KUBE_FORBIDDEN`, `KUBE_NAMESPACE_MISSING`, ...)
 * @example
 * const kube = loadKubeConfig({ context: 'prod' });
 * const { objects: applied } = await applySyncObjects(renderSyncManifests({ vaultServer }), { kube, dryRun: true });
 */
export async function applySyncObjects(objects: readonly KubernetesObject[], options: ApplySyncOptions): Promise<ApplySyncResult> {
  const fieldManager = options.fieldManager ?? 'mtlsctl';
  const client = KubernetesObjectApi.makeApiClient(options.kube.config);
  const server = options.kube.server;
  const call = async <T>(object: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toKubernetesError(error, { server, object });
    }
  };
  const before = new Map<KubernetesObject, ClientObject | undefined>();
  for (const object of objects) before.set(object, await call(describeObject(object), () => readOrUndefined(client, object)));

  const apply = (object: KubernetesObject, dryRun: boolean) =>
    client.patch(object as ClientObject, undefined, dryRun ? 'All' : undefined, fieldManager, options.forceConflicts ?? false, PatchStrategy.ServerSideApply);
  const conflicts: string[] = [];
  const planned = new Map<KubernetesObject, ClientObject>();
  for (const object of objects) {
    try {
      planned.set(object, await apply(object, true));
    } catch (error) {
      const conflict = conflictLine(error, object);
      if (conflict === undefined) throw toKubernetesError(error, { server, object: describeObject(object) });
      conflicts.push(conflict);
    }
  }
  if (conflicts.length > 0) {
    throw new KubernetesError(
      'KUBE_APPLY_CONFLICT',
      `nothing was applied: ${conflicts.join('; ')}: rerun with --force-conflicts to take these fields over for field manager "${fieldManager}"`,
      409,
    );
  }

  const results: AppliedObject[] = [];
  for (const object of objects) {
    const after = options.dryRun ? planned.get(object)! : await call(describeObject(object), () => apply(object, false));
    results.push(outcome(object, before.get(object), after));
  }
  if (options.denyRules !== undefined) results.push(await writeDenyRulesBlock(options.kube, options.denyRules, { dryRun: options.dryRun ?? false, fieldManager }));
  return { dryRun: options.dryRun ?? false, fieldManager, objects: results };
}

async function readOrUndefined(client: KubernetesObjectApi, object: Pick<KubernetesObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<ClientObject | undefined> {
  try {
    return await client.read({ apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata.name, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) } });
  } catch (error) {
    // A missing object is a 404 about that object; a missing namespace or kind is reported by the dry run.
    if (isObjectNotFound(error)) return undefined;
    throw error;
  }
}

/** One line per conflicting field manager of a 409 from a server-side apply, or undefined for other errors. */
function conflictLine(error: unknown, object: KubernetesObject): string | undefined {
  if ((error as { code?: unknown }).code !== 409) return undefined;
  const causes = apiStatusOf(error).details?.causes ?? [];
  const fields = causes.map((c) => `${c.field ?? '?'} (${(c.message ?? '').replace(/^conflict with /, 'owned by ')})`);
  return `${describeObject(object)}: ${fields.length ? fields.join(', ') : 'conflict'}`;
}

function outcome(object: KubernetesObject, before: ClientObject | undefined, after: ClientObject): AppliedObject {
  const changed = changedPaths(before, after);
  return {
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
    action: before === undefined ? 'created' : changed.length === 0 ? 'unchanged' : 'configured',
    changed,
  };
}
