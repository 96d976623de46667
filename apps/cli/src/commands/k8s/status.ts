import { StoreCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { outputFlag } from '../../flags.js';
import { kubeFlags, kubeFromFlags, syncObjectFlags, syncLayoutFromFlags } from '../../k8s-flags.js';
import { renderK8sStatus } from '../../render/k8s.js';

export default class K8sStatus extends StoreCommand {
  static override summary = 'Read back the sync: ClusterSecretStore and ExternalSecret Ready, the Secret against Vault\'s bundle, the ingress ConfigMap.';
  static override description =
    "Compares the synced Secret's tls.crt with the store's trust bundle certificate by certificate (SHA-256): in sync, a CA missing (its clients are refused), or an extra CA still trusted. Also checks that the controller ConfigMap's client-ca names that Secret and that its frontend-config-snippet carries the deny rules of the store's CRL. Exits 0 only when everything is in sync (7 otherwise).";
  static override examples = ['<%= config.bin %> <%= command.id %> --store vault --context prod', '<%= config.bin %> <%= command.id %> --store vault --json | jq .problems', '<%= config.bin %> <%= command.id %> -o yaml'];
  static override flags = { ...syncObjectFlags, ...kubeFlags, output: outputFlag };

  async run() {
    const { flags } = await this.parse(K8sStatus);
    const { readSyncStatus, resolveSyncLayout } = await import('@mtlsctl/k8s-sync');
    // The Vault address is the ClusterSecretStore's business, not the read-back's: any valid URL resolves the names.
    const layout = resolveSyncLayout(await syncLayoutFromFlags({ ...flags, 'vault-server': 'https://vault.invalid' }));
    const kube = await kubeFromFlags(flags);
    const { showCa, showCrl } = await import('@mtlsctl/authority');
    const context = await this.context(flags);
    const [ca, crl] = [await showCa(context), await showCrl(context)];
    const status = await readSyncStatus(layout, { kube, vaultBundle: ca.bundlePem, denyRules: crl.haproxyDeny });
    const result = this.render({ context: kube.context, server: kube.server, ...status }, renderK8sStatus);
    if (!status.inSync) this.exitWithResult(result, EXIT.invalidState);
    return result;
  }
}
