/** One object the cluster is asked about: its kind and where it lives (no namespace: cluster-scoped). */
export interface KubeObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** How messages name it (default `Kind ns/name`). */
  label?: string;
}

/** A Kubernetes object as the apiserver returns it (JSON). */
export type KubeObjectBody = Record<string, unknown> & { metadata?: { resourceVersion?: string; [key: string]: unknown } };

/**
 * The few object calls the read-back and the deny-rule writer make. Every failure is already a
 * `KubernetesError` (the codes of `toKubernetesError`: KUBE_FORBIDDEN, KUBE_UNREACHABLE, ...).
 */
export interface KubeObjectClient {
  /** The object, or undefined when it does not exist (a 404 about the object itself). */
  read(ref: KubeObjectRef): Promise<KubeObjectBody | undefined>;
  /** A JSON merge patch (RFC 7386) of one object; `dryRun` asks the apiserver what would change (`dryRun=All`). */
  mergePatch(ref: KubeObjectRef, patch: Record<string, unknown>, options: { fieldManager: string; dryRun?: boolean }): Promise<KubeObjectBody>;
}

/** A cluster to talk to, and where its configuration came from (for messages: never the credentials). */
export interface KubeConnection {
  /** `kubeconfig <path>` or `in-cluster service account`. */
  source: string;
  context: string;
  /** The apiserver URL. */
  server: string;
  /** The object calls over this connection. */
  objects(): KubeObjectClient;
}

/** `Kind ns/name`, as messages name an object. */
export function describeRef(ref: KubeObjectRef): string {
  if (ref.label !== undefined) return ref.label;
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
