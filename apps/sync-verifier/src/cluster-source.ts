import type { ClusterObservation } from '@mtlsctl/monitoring';

/** What the cluster is compared with: Vault's trust bundle and the deny rules of its CRL. */
export interface VaultTruth {
  bundlePem: string;
  denyRules?: string;
}

/** The cluster side of a cycle (the apiserver). */
export interface ClusterSource {
  /** Reads the ExternalSecret, the synced Secret and the controller ConfigMap and compares them with Vault. */
  observe(truth: VaultTruth): Promise<ClusterObservation>;
  /** Writes `rules` into mtlsctl's block of the ConfigMap's frontend-config-snippet (admin lines kept). */
  writeDenyRules(rules: string): Promise<void>;
}
