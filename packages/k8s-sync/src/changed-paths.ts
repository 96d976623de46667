import type { KubernetesObject } from './kubernetes-object.js';

/** `Kind namespace/name` (or `Kind name` when cluster-scoped), for messages. */
export function describeObject(object: Pick<KubernetesObject, 'kind' | 'metadata'>): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Metadata the apiserver maintains: never a change the user made. */
const VOLATILE = new Set(['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid']);

/**
 * The dotted paths of the leaves that differ between two versions of an object, ignoring server-maintained
 * metadata and `status`, sorted. Values are never returned, so a Secret's change can be shown safely. Pure.
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  const paths: string[] = [];
  walk(before, after, '', paths);
  return paths.sort();
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if ((path === '' && key === 'status') || (path === 'metadata' && VOLATILE.has(key))) continue;
      walk(a[key], b[key], path === '' ? key : `${path}.${key}`, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
