import { KubernetesError } from './kubernetes-error.js';

/** What the call was about, for the message. */
export interface KubernetesCallContext {
  /** The apiserver URL. */
  server: string;
  /** `ExternalSecret haproxy-controller/sync-ca-from-nas`, or what was being read. */
  object?: string;
}

/** A Kubernetes `Status` object (the body of every API error). */
export interface ApiStatus {
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; group?: string; causes?: { field?: string; message?: string; type?: string }[] };
}

/**
 * Turns what @kubernetes/client-node threw (an `ApiException` with the apiserver's `Status`, or a network or
 * TLS error) into a one-line {@link KubernetesError} that names the fix. Already-translated errors pass through.
 */
export function toKubernetesError(error: unknown, context: KubernetesCallContext): KubernetesError {
  if (KubernetesError.isInstance(error)) return error;
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number' && status >= 100 && status < 600) return fromStatus(status, parseStatus((error as { body?: unknown }).body), context, error);
  const network = networkCode(error);
  const what = context.object ? ` (${context.object})` : '';
  if (network !== undefined && /CERT|SSL|TLS|SELF_SIGNED|VERIFY/.test(network)) {
    return new KubernetesError(
      'KUBE_UNREACHABLE',
      `the apiserver at ${context.server} presented a certificate that does not verify (${network}): fix certificate-authority-data in the kubeconfig`,
      undefined,
      error,
    );
  }
  if (network !== undefined) {
    return new KubernetesError(
      'KUBE_UNREACHABLE',
      `cannot reach the Kubernetes apiserver at ${context.server}${what} (${network}): check the cluster is up and that --kubeconfig/--context point at it`,
      undefined,
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Unrecognized API version and kind/.test(message)) return notServed(message.replace(/^.*kind: /, ''), error);
  return new KubernetesError('KUBE_SERVER_ERROR', `Kubernetes request failed${what}: ${message.split('\n')[0]}`, undefined, error);
}

function fromStatus(code: number, body: ApiStatus, context: KubernetesCallContext, cause: unknown): KubernetesError {
  const said = (body.message ?? '').split('\n')[0] ?? '';
  const what = context.object ?? 'the object';
  switch (code) {
    case 401:
      return new KubernetesError(
        'KUBE_UNAUTHORIZED',
        `the apiserver at ${context.server} refused the kubeconfig's credentials (401 Unauthorized): renew them, or pass another --kubeconfig/--context`,
        code,
        cause,
      );
    case 403:
      return new KubernetesError(
        'KUBE_FORBIDDEN',
        `${said || `access to ${what} is forbidden`}: have a cluster admin grant it (RBAC; see README "k8s apply" for the rules) or use another --context`,
        code,
        cause,
      );
    case 404:
      if (body.details?.kind === 'namespaces' && body.details.name) {
        const ns = body.details.name;
        return new KubernetesError('KUBE_NAMESPACE_MISSING', `namespace "${ns}" does not exist: create it (kubectl create namespace ${ns}) or install its controller first`, code, cause);
      }
      if (!said || /the server could not find the requested resource/.test(said)) return notServed(what, cause, code);
      return new KubernetesError('KUBE_SERVER_ERROR', `${what}: ${said}`, code, cause);
    case 409:
      return new KubernetesError('KUBE_APPLY_CONFLICT', `${what}: ${said || 'conflict'}`, code, cause);
    case 400:
    case 422:
      return new KubernetesError('KUBE_INVALID_OBJECT', `the apiserver refused ${what}: ${said || body.reason || 'invalid'}`, code, cause);
    default:
      return new KubernetesError('KUBE_SERVER_ERROR', `the apiserver at ${context.server} answered ${code} for ${what}${said ? `: ${said}` : ''}: retry, or check the apiserver's health`, code, cause);
  }
}

function notServed(what: string, cause: unknown, status?: number): KubernetesError {
  return new KubernetesError(
    'KUBE_KIND_NOT_SERVED',
    `the cluster does not serve ${what}: install External Secrets Operator 0.16 or later (its CRDs serve external-secrets.io/v1)`,
    status,
    cause,
  );
}

/** The apiserver's `Status` of a failed client-node call (empty when it has none). */
export function apiStatusOf(error: unknown): ApiStatus {
  return parseStatus((error as { body?: unknown }).body);
}

/** True for a 404 about the object itself (not its namespace, not an unserved kind): the object does not exist. */
export function isObjectNotFound(error: unknown): boolean {
  if ((error as { code?: unknown }).code !== 404) return false;
  const status = apiStatusOf(error);
  return status.reason === 'NotFound' && status.details?.kind !== 'namespaces';
}

function parseStatus(body: unknown): ApiStatus {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as ApiStatus;
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'object' && body !== null ? (body as ApiStatus) : {};
}

/** ECONNREFUSED, ENOTFOUND, a TLS code... from the error or its causes. */
function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_0-9]+$/.test(code)) return code;
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === 'string') return errno;
  }
  return undefined;
}
