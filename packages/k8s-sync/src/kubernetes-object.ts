/** The shape every rendered Kubernetes object has; the rest of its fields depend on its kind. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** Labels on everything mtlsctl renders, so `kubectl get -l app.kubernetes.io/managed-by=mtlsctl` finds it. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'mtlsctl' } as const;

/** ESO's only served API version (v1beta1 is no longer served since ESO 0.17). */
export const ESO_API_VERSION = 'external-secrets.io/v1';
