import { Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { kubeFlags, kubeFromFlags, syncLayoutFlags, syncLayoutFromFlags } from '../../k8s-flags.js';
import { readTextInput } from '../../read-input-file.js';
import { renderK8sApply } from '../../render/k8s.js';

export default class K8sApply extends StoreCommand {
  static override summary = "Server-side apply the ESO sync objects to the cluster, and the CRL's deny rules to the ingress.";
  static override description =
    "Applies (field manager mtlsctl) the ESO token Secret (with --eso-token-file; the token is never printed), the ClusterSecretStore, the ExternalSecret and the controller ConfigMap key client-ca, then writes the deny rules of the store's CRL into mtlsctl's delimited block of the ConfigMap's frontend-config-snippet (lines outside the block are the admin's and are kept). Every object is dry-run on the server first: a missing namespace, a refused permission or a field owned by another manager stops the run before anything is written. Conflicts are reported, not forced, unless --force-conflicts.";
  static override examples = [
    '<%= config.bin %> <%= command.id %> --store vault --vault-server https://nas-vault.example.com:8200 --vault-cacert vault-ca.pem --eso-token-file eso.token',
    '<%= config.bin %> <%= command.id %> --store vault --dry-run=server   # what would change',
  ];
  static override flags = {
    ...syncLayoutFlags,
    ...kubeFlags,
    'eso-token-file': Flags.string({ description: "Also apply the Secret holding ESO's Vault token, read from this file (never printed)." }),
    'dry-run': Flags.string({ description: 'server: ask the apiserver what would change, write nothing.', options: ['server', 'none'], default: 'none' }),
    'force-conflicts': Flags.boolean({ description: 'Take over fields another field manager owns instead of stopping.', default: false }),
    'deny-rules': Flags.boolean({ description: "Write the CRL's deny rules to the ingress ConfigMap's frontend-config-snippet.", default: true, allowNo: true }),
  };

  async run() {
    const { flags } = await this.parse(K8sApply);
    const { applySyncObjects, renderSyncManifests, resolveSyncLayout } = await import('@mtlsctl/k8s-sync');
    const layout = resolveSyncLayout(await syncLayoutFromFlags(flags));
    const kube = await kubeFromFlags(flags);
    const esoToken = flags['eso-token-file'] ? (await readTextInput(flags['eso-token-file'])).trim() : undefined;
    let denyRules: { configMap: { namespace: string; name: string }; rules: string } | undefined;
    if (flags['deny-rules']) {
      const { showCrl } = await import('@mtlsctl/authority');
      denyRules = { configMap: layout.controllerConfigMap, rules: (await showCrl(await this.context(flags))).haproxyDeny };
    }
    const result = await applySyncObjects(renderSyncManifests(layout, esoToken ? { esoToken } : {}), {
      kube,
      dryRun: flags['dry-run'] === 'server',
      forceConflicts: flags['force-conflicts'],
      ...(denyRules ? { denyRules } : {}),
    });
    return this.render({ context: kube.context, server: kube.server, ...result }, renderK8sApply);
  }
}
