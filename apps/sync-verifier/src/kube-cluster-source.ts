import { loadLeanKubeConfig, readSyncStatus, resolveSyncLayout, writeDenyRulesBlock } from '@mtlsctl/k8s-sync';
import type { ClusterSource } from './cluster-source.js';
import type { VerifierConfig } from './verifier-config.js';

/**
 * The cluster side over `@mtlsctl/k8s-sync`'s lean apiserver client (`loadLeanKubeConfig`; not
 * @kubernetes/client-node, which alone took ~25 MiB of the daemon's resident set): the kubeconfig as kubectl finds
 * it (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`, else the pod's service account, its rotated token re-read), `readSyncStatus` for the comparison with Vault (ExternalSecret
 * Ready, the Secret's `tls.crt` by SHA-256, the ConfigMap's deny-rule block), and its deny-rule block writer
 * (a resourceVersion-pinned merge patch of that one ConfigMap key, admin lines kept).
 *
 * @param cluster - the cluster part of the configuration
 * @throws KubernetesError when no kubeconfig or context is found
 */
export async function kubeClusterSource(cluster: NonNullable<VerifierConfig['cluster']>): Promise<ClusterSource> {
  const kube = loadLeanKubeConfig({ ...(cluster.kubeconfig ? { kubeconfig: cluster.kubeconfig } : {}), ...(cluster.context ? { context: cluster.context } : {}) });
  // vaultServer only shapes the ClusterSecretStore, which the verifier never renders
  const layout = resolveSyncLayout({
    vaultServer: 'https://vault.invalid',
    storeName: cluster.storeName,
    externalSecret: cluster.externalSecret,
    targetSecretName: cluster.targetSecretName,
    controllerConfigMap: cluster.controllerConfigMap,
  });
  return {
    async observe(truth) {
      const status = await readSyncStatus(layout, { kube, vaultBundle: truth.bundlePem, ...(truth.denyRules !== undefined ? { denyRules: truth.denyRules } : {}) });
      const tls = status.secret.tlsCrt;
      return {
        externalSecret: { found: status.externalSecret.found, ready: status.externalSecret.ready, ...(status.externalSecret.reason ? { reason: status.externalSecret.reason } : {}) },
        bundle: { found: tls !== undefined, missing: tls?.missing.map((c) => c.fingerprint) ?? [], extra: tls?.extra.map((c) => c.fingerprint) ?? [] },
        ...(status.configMap.denyRulesInSync !== undefined ? { denyRulesInSync: status.configMap.denyRulesInSync } : {}),
        problems: status.problems,
      };
    },
    async writeDenyRules(rules) {
      await writeDenyRulesBlock(kube, { configMap: layout.controllerConfigMap, rules });
    },
  };
}
