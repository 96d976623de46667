import { MtlsctlError } from '@mtlsctl/errors';

/** Why talking to the cluster failed, as a stable code (part of `--json` output). */
export type KubernetesErrorCode =
  | 'KUBECONFIG_MISSING'
  | 'KUBECONFIG_INVALID'
  | 'KUBE_CONTEXT_MISSING'
  | 'KUBE_UNREACHABLE'
  | 'KUBE_UNAUTHORIZED'
  | 'KUBE_FORBIDDEN'
  | 'KUBE_NAMESPACE_MISSING'
  | 'KUBE_KIND_NOT_SERVED'
  | 'KUBE_INVALID_OBJECT'
  | 'KUBE_APPLY_CONFLICT'
  | 'KUBE_SECRET_MISSING'
  | 'KUBE_SERVER_ERROR';

/**
 * The cluster (or the kubeconfig that names it) refused or failed an operation. The message is one line that
 * says what failed and how to fix it; `status` is the apiserver's HTTP status when there was one.
 */
export class KubernetesError extends MtlsctlError {
  constructor(
    override readonly code: KubernetesErrorCode,
    message: string,
    readonly status?: number,
    cause?: unknown,
  ) {
    super({ code, message, cause });
  }
}
